/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Static descriptions of every synced entity: its table, its fields, their
 * types, limits and conflict groups.  Shared by the local store, the wire
 * protocol codec and the server, so all three agree on what a row is.
 * Column names used in SQL come only from these tables, never from input.
 */

typedef enum
{
  CH_FIELD_TEXT,
  CH_FIELD_INT,
  CH_FIELD_BOOL,
} ChFieldType;

typedef struct
{
  const char  *name;
  ChFieldType  type;
  /* Fields with the same non-NULL group are compared and set together. */
  const char  *group;
  guint        max_len;   /* for text, in bytes; 0 = default limit */
  gboolean     required;  /* must be non-empty on insert */
  /* Derived from other synced rows and only ever meant to rise (e.g. a
   * member's dues_paid_until, the latest covers_until of their payments):
   * when two devices change it from the same value, the server keeps the
   * later (greater) value instead of reporting a conflict. */
  gboolean     keep_latest;
} ChFieldInfo;

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
