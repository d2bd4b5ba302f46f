/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-protocol"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-json.h"
#include "ch-protocol.h"
#include "ch-protocol-private.h"

/* Errors */

static char *
build_error_va (const char *code,
                const char *message,
                gsize      *len,
                const char *first_member,
                va_list     args)
{
  GString *out = g_string_sized_new (128);

  g_string_append (out, "{\"error\":{\"code\":");
  ch_json_append_string (out, code ? code : CH_PROTOCOL_CODE_INTERNAL);
  g_string_append (out, ",\"message\":");
  ch_json_append_string (out, message ? message : "");

  for (const char *name = first_member; name != NULL; name = va_arg (args, const char *))
    {
      int value = va_arg (args, int);

      g_string_append_c (out, ',');
      ch_json_append_string (out, name);
      g_string_append_c (out, ':');
      ch_json_append_int (out, value);
    }

  g_string_append (out, "}}");

  if (len != NULL)
    *len = out->len;

  return g_string_free (out, FALSE);
}

char *
ch_protocol_build_error (const char *code,
                         const char *message,
                         gsize      *len)
{
  return ch_protocol_build_error_extra (code, message, len, NULL, NULL);
}

char *
ch_protocol_build_error_extra (const char *code,
                               const char *message,
                               gsize      *len,
                               const char *first_member,
                               ...)
{
  va_list args;
  char *ret;

  va_start (args, first_member);
  ret = build_error_va (code, message, len, first_member, args);
  va_end (args);

  return ret;
}

char *
ch_protocol_build_mid_error (const char *code,
                             const char *message,
                             gint64      mid,
                             gsize      *len)
{
  GString *out = g_string_sized_new (160);

  g_string_append (out, "{\"error\":{\"code\":");
  ch_json_append_string (out, code ? code : CH_PROTOCOL_CODE_INTERNAL);
  g_string_append (out, ",\"message\":");
  ch_json_append_string (out, message ? message : "");
  g_string_append (out, ",\"mid\":");
  ch_json_append_int (out, mid);
  g_string_append (out, "}}");

  if (len != NULL)
    *len = out->len;

  return g_string_free (out, FALSE);
}

gboolean
ch_protocol_parse_error (const char  *data,
                         gsize        len,
                         char       **code,
                         char       **message)
{
  g_autoptr(JsonObject) root = NULL;
  JsonNode *node;
  JsonObject *err;
  const char *code_str;
  const char *message_str;

  if (data == NULL)
    return FALSE;

  root = ch_json_parse_object (data, len, NULL);
  if (root == NULL)
    return FALSE;

  node = ch_protocol_get_member (root, "error");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  err = json_node_get_object (node);
  code_str = ch_protocol_get_string (err, "code");
  message_str = ch_protocol_get_string (err, "message");
  if (code_str == NULL)
    return FALSE;

  if (code != NULL)
    *code = g_strdup (code_str);
  if (message != NULL)
    *message = g_strdup (message_str ? message_str : "");

  return TRUE;
}
