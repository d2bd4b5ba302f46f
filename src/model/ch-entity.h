/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ch-field.h"

G_BEGIN_DECLS

/*
 * Static descriptions of every synced entity: its table, its fields, their
 * types, limits and conflict groups.  Shared by the local store, the wire
 * protocol codec and the server, so all three agree on what a row is.
 * Column names used in SQL come only from these tables, never from input.
 */

typedef struct
{
  const char        *name;
  const char        *table;
  const ChFieldInfo *fields;
  guint              n_fields;
} ChEntityInfo;

#define CH_FIELD_DEFAULT_MAX_LEN 1024
#define CH_FIELD_LONG_MAX_LEN    (64 * 1024)

const ChEntityInfo  *ch_entity_lookup        (const char         *name);
const ChEntityInfo *const *ch_entity_all     (guint              *n_entities);
const ChFieldInfo   *ch_entity_field         (const ChEntityInfo *entity,
                                              const char         *field);
guint                ch_entity_field_max_len        (const ChFieldInfo  *field);

G_END_DECLS
