/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * One field of a row as it came over the wire, without a JsonNode: a
 * pulled page's rows are read into an array of these, one per field of
 * the entity in ChEntityInfo order (src/protocol: ch_protocol_read_
 * changes_page()), and written from it (src/core: ch_store_apply_remote_
 * values()).  The strings belong to the page.
 *
 * The getters read a value as json-glib reads a JsonNode holding it
 * (json_node_get_string() and friends), so a row gives the same stored
 * values whichever way it was read.
 */

typedef enum
{
  CH_FIELD_VALUE_ABSENT = 0,  /* the row does not name the field */
  CH_FIELD_VALUE_NULL,
  CH_FIELD_VALUE_STRING,
  CH_FIELD_VALUE_INT,
  CH_FIELD_VALUE_DOUBLE,
  CH_FIELD_VALUE_BOOL,
  CH_FIELD_VALUE_OTHER,       /* an object or an array: no value */
} ChFieldValueKind;

typedef struct
{
  ChFieldValueKind kind;
  union
  {
    const char *s;
    gint64      i;
    double      d;
    gboolean    b;
  } v;
} ChFieldValue;

/* A string, an integer, a double or a boolean (what JSON_NODE_HOLDS_VALUE()
 * says of its node). */
gboolean    ch_field_value_is_scalar     (const ChFieldValue *value);
/* The string, or NULL for any other kind (json_node_get_string()). */
const char *ch_field_value_get_string    (const ChFieldValue *value);
/* json_node_get_int(): a double truncated, a boolean 0 or 1, else 0. */
gint64      ch_field_value_get_int       (const ChFieldValue *value);
/* json_node_get_boolean(): a number is TRUE when not 0, a string FALSE. */
gboolean    ch_field_value_get_boolean   (const ChFieldValue *value);
/* json_object_get_string_member_with_default(): @default_value when the
 * field is absent, null, an object or an array; NULL for another scalar. */
const char *ch_field_value_string_or     (const ChFieldValue *value,
                                          const char         *default_value);

G_END_DECLS
