/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-row"

#include "config.h"

#include "ch-row-private.h"

const char *
ch_row_get_text (JsonObject *row,
                 const char *field)
{
  JsonNode *node;
  const char *value;

  g_return_val_if_fail (row != NULL, NULL);

  node = json_object_get_member (row, field);
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  value = json_node_get_string (node);
  return value != NULL && *value != '\0' ? value : NULL;
}

gint64
ch_row_get_int (JsonObject *row,
                const char *field,
                gint64      fallback)
{
  JsonNode *node;

  g_return_val_if_fail (row != NULL, fallback);

  node = json_object_get_member (row, field);
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (node);
}
