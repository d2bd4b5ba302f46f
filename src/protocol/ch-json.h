/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ch-field-value.h"

G_BEGIN_DECLS

/*
 * A strict, bounded JSON reader and a compact writer for the wire protocol.
 *
 * json-glib's own parser recurses without a limit (deep nesting from the
 * network overflows the stack) and is slow for large change pages, so the
 * protocol reads with this one instead.  It still produces json-glib trees,
 * so callers work with JsonNode/JsonObject as usual.
 *
 * The reader accepts RFC 8259 JSON only: UTF-8, no trailing data, nesting at
 * most CH_JSON_MAX_DEPTH, no "\u0000" in strings.  Integers that do not fit
 * in 64 bits become doubles (so a schema check can reject them per item).
 * Errors are in the CH_PROTOCOL_ERROR domain (code MALFORMED).
 */

#define CH_JSON_MAX_DEPTH 64

JsonNode   *ch_json_parse              (const char   *data,
                                        gsize         len,
                                        GError      **error);
JsonObject *ch_json_parse_object       (const char   *data,
                                        gsize         len,
                                        GError      **error);

/* A pull reader for callers that walk a document themselves (the change
 * page parser builds ChChange items directly, without a JsonObject per
 * item). After any function fails, r->error is set and stays set. */
typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  guint       depth;
  GString    *scratch;
  GError     *error;
} ChJsonReader;

void        ch_json_reader_init         (ChJsonReader *r,
                                         const char   *data,
                                         gsize         len);
void        ch_json_reader_clear        (ChJsonReader *r);
void        ch_json_reader_fail         (ChJsonReader *r,
                                         const char   *what);
/* '{' or '[' next; enters it. */
gboolean    ch_json_reader_begin_object (ChJsonReader *r);
gboolean    ch_json_reader_begin_array  (ChJsonReader *r);
/* The next member name of the current object, or NULL at its end (or on
 * error).  The name is valid until the next read. Leaves the reader at the
 * member's value. */
const char *ch_json_reader_next_member  (ChJsonReader *r,
                                         gboolean     *first);
/* TRUE if the current array has another element to read. */
gboolean    ch_json_reader_next_element (ChJsonReader *r,
                                         gboolean     *first);
/* The next non-blank character without consuming it, or 0 at the end. */
char        ch_json_reader_peek         (ChJsonReader *r);
JsonNode   *ch_json_reader_read_value   (ChJsonReader *r);
/* Reads a value into @out without a JsonNode; a string is copied into
 * @strings, or with @strings NULL stays in the reader's buffer until the
 * next read.  An object or an array is checked and read as
 * CH_FIELD_VALUE_OTHER. */
gboolean    ch_json_reader_read_field_value (ChJsonReader *r,
                                             ChFieldValue *out,
                                             GStringChunk *strings);
/* TRUE if nothing but blanks is left. */
gboolean    ch_json_reader_at_end       (ChJsonReader *r);

/* Appends @node (NULL is written as null) as compact JSON. */
void        ch_json_append_node        (GString      *out,
                                        JsonNode     *node);
void        ch_json_append_object      (GString      *out,
                                        JsonObject   *object);
void        ch_json_append_string      (GString      *out,
                                        const char   *str);
void        ch_json_append_int         (GString      *out,
                                        gint64        value);
char       *ch_json_object_to_string   (JsonObject   *object,
                                        gsize        *len);

/* Equality of two JSON values where NULL (missing) equals null. Numbers
 * compare by value (an integer and a double are different types). */
gboolean    ch_json_value_equal        (JsonNode     *a,
                                        JsonNode     *b);

G_END_DECLS
