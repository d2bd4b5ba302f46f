/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ch-json.h"
#include "ch-protocol.h"

G_BEGIN_DECLS

/* What the files of the protocol codec share (ch-protocol.c: the mutations
 * request and response; ch-op.c, ch-result-status.c: names; ch-mutation.c,
 * ch-changes.c: the boxes and the change-page writer;
 * ch-protocol-changes.c: change pages; ch-protocol-results.c: the
 * mutations response read;
 * ch-protocol-check.c: the checks of one mutation; ch-protocol-error.c:
 * error bodies). Only those files include this header. */

static const char *const ch_protocol_op_names[] = {
  [CH_OP_INSERT] = "insert",
  [CH_OP_UPDATE] = "update",
  [CH_OP_DELETE] = "delete",
  [CH_OP_RESTORE] = "restore",
};

static inline JsonNode *
ch_protocol_get_member (JsonObject *object,
                        const char *name)
{
  return json_object_get_member (object, name);
}

static inline gboolean
ch_protocol_node_is_type (JsonNode *node,
                          GType     type)
{
  return node != NULL &&
         JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == type;
}

static inline gboolean
ch_protocol_node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static inline const char *
ch_protocol_get_string (JsonObject *object,
                        const char *name)
{
  JsonNode *node = ch_protocol_get_member (object, name);

  return ch_protocol_node_is_type (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;
}

static inline gboolean
ch_protocol_get_int (JsonObject *object,
                     const char *name,
                     gint64     *out)
{
  JsonNode *node = ch_protocol_get_member (object, name);

  if (!ch_protocol_node_is_type (node, G_TYPE_INT64))
    return FALSE;

  *out = json_node_get_int (node);
  return TRUE;
}

static inline void
ch_protocol_append_member_name (GString    *out,
                                const char *name)
{
  /* Names are our own literals: no escaping needed. */
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append_len (out, "\":", 2);
}

static inline gboolean
ch_protocol_text_is_blank (const char *s)
{
  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;

  return TRUE;
}

static inline void
ch_protocol_append_object_or_empty (GString    *out,
                                    JsonObject *object)
{
  if (object != NULL)
    ch_json_append_object (out, object);
  else
    g_string_append_len (out, "{}", 2);
}

/* Streaming readers of a request or an answer (ch-protocol.c): a scalar
 * member into @kind and @i or @s (a string is copied, the old one freed);
 * an object or an array is read and counts as CH_FIELD_VALUE_OTHER.  A
 * value as a node, replacing *@node. */
gboolean ch_protocol_read_scalar (ChJsonReader     *r,
                                  ChFieldValueKind *kind,
                                  gint64           *i,
                                  char            **s);
gboolean ch_protocol_read_node   (ChJsonReader     *r,
                                  JsonNode        **node);
/* Reads a value nobody needs (it must still be well-formed JSON). */
gboolean ch_protocol_skip_node   (ChJsonReader     *r);

G_END_DECLS
