/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ch-json.h"

/* The compact writer of the wire protocol and value equality (ch-json.h);
 * the reader is in ch-json.c. */

/* Writer */

void
ch_json_append_string (GString    *out,
                       const char *str)
{
  static const char hex[] = "0123456789abcdef";
  const char *run;
  const char *p;

  g_string_append_c (out, '"');
  run = p = str;
  for (; *p; p++)
    {
      unsigned char c = (unsigned char) *p;

      if (G_LIKELY (c >= 0x20 && c != '"' && c != '\\'))
        continue;

      g_string_append_len (out, run, p - run);
      switch (c)
        {
        case '"': g_string_append_len (out, "\\\"", 2); break;
        case '\\': g_string_append_len (out, "\\\\", 2); break;
        case '\n': g_string_append_len (out, "\\n", 2); break;
        case '\r': g_string_append_len (out, "\\r", 2); break;
        case '\t': g_string_append_len (out, "\\t", 2); break;
        case '\b': g_string_append_len (out, "\\b", 2); break;
        case '\f': g_string_append_len (out, "\\f", 2); break;
        default:
          {
            char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

            g_string_append_len (out, esc, 6);
          }
          break;
        }
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

void
ch_json_append_int (GString *out,
                    gint64   value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 v = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  do
    {
      *--p = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);

  if (value < 0)
    *--p = '-';

  g_string_append_len (out, p, buf + sizeof buf - p);
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    ch_json_append_string (out, json_node_get_string (node));
  else if (type == G_TYPE_INT64)
    ch_json_append_int (out, json_node_get_int (node));
  else if (type == G_TYPE_BOOLEAN)
    {
      if (json_node_get_boolean (node))
        g_string_append_len (out, "true", 4);
      else
        g_string_append_len (out, "false", 5);
    }
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (!isfinite (d))
        g_string_append_len (out, "null", 4);
      else
        g_string_append (out, g_ascii_dtostr (buf, sizeof buf, d));
    }
  else
    g_string_append_len (out, "null", 4);
}

void
ch_json_append_object (GString    *out,
                       JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      ch_json_append_string (out, name);
      g_string_append_c (out, ':');
      ch_json_append_node (out, member);
    }
  g_string_append_c (out, '}');
}

void
ch_json_append_node (GString  *out,
                     JsonNode *node)
{
  if (node == NULL)
    {
      g_string_append_len (out, "null", 4);
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      ch_json_append_object (out, json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            ch_json_append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      append_value (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append_len (out, "null", 4);
      break;
    }
}

char *
ch_json_object_to_string (JsonObject *object,
                          gsize      *len)
{
  GString *out = g_string_sized_new (128);

  ch_json_append_object (out, object);
  if (len != NULL)
    *len = out->len;

  return g_string_free (out, FALSE);
}

gboolean
ch_json_value_equal (JsonNode *a,
                     JsonNode *b)
{
  gboolean a_null = (a == NULL || JSON_NODE_HOLDS_NULL (a));
  gboolean b_null = (b == NULL || JSON_NODE_HOLDS_NULL (b));
  GType ta, tb;

  if (a_null || b_null)
    return a_null && b_null;

  if (json_node_get_node_type (a) != JSON_NODE_VALUE ||
      json_node_get_node_type (b) != JSON_NODE_VALUE)
    return json_node_equal (a, b);

  ta = json_node_get_value_type (a);
  tb = json_node_get_value_type (b);
  if (ta != tb)
    return FALSE;

  if (ta == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
  if (ta == G_TYPE_INT64)
    return json_node_get_int (a) == json_node_get_int (b);
  if (ta == G_TYPE_BOOLEAN)
    return json_node_get_boolean (a) == json_node_get_boolean (b);
  if (ta == G_TYPE_DOUBLE)
    return json_node_get_double (a) == json_node_get_double (b);

  return FALSE;
}
