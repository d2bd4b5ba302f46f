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

G_DEFINE_QUARK (ch-protocol-error-quark, ch_protocol_error)

/* Names and codes */

const char *
ch_protocol_error_to_code (const GError *error)
{
  if (error == NULL || error->domain != CH_PROTOCOL_ERROR)
    return CH_PROTOCOL_CODE_INTERNAL;

  switch ((ChProtocolError) error->code)
    {
    case CH_PROTOCOL_ERROR_MALFORMED:
    case CH_PROTOCOL_ERROR_INVALID:
      return CH_PROTOCOL_CODE_BAD_REQUEST;
    case CH_PROTOCOL_ERROR_TOO_LARGE:
      return CH_PROTOCOL_CODE_BODY_TOO_LARGE;
    case CH_PROTOCOL_ERROR_TOO_MANY_MUTATIONS:
      return CH_PROTOCOL_CODE_TOO_MANY_MUTATIONS;
    case CH_PROTOCOL_ERROR_UNSUPPORTED_SCHEMA:
      return CH_PROTOCOL_CODE_UNSUPPORTED_SCHEMA;
    default:
      return CH_PROTOCOL_CODE_INTERNAL;
    }
}

/* Boxes */

/* Mutations request */

char *
ch_protocol_build_mutations_request (const char *device_id,
                                     GPtrArray  *mutations,
                                     gsize      *len)
{
  GString *out;

  g_return_val_if_fail (device_id != NULL, NULL);

  out = g_string_sized_new (256 + (mutations ? mutations->len * 256 : 0));
  g_string_append_c (out, '{');
  ch_protocol_append_member_name (out, "device_id");
  ch_json_append_string (out, device_id);
  g_string_append_c (out, ',');
  ch_protocol_append_member_name (out, "schema_version");
  ch_json_append_int (out, CH_PROTOCOL_SCHEMA_VERSION);
  g_string_append_c (out, ',');
  ch_protocol_append_member_name (out, "mutations");
  g_string_append_c (out, '[');

  for (guint i = 0; mutations != NULL && i < mutations->len; i++)
    {
      const ChMutation *m = g_ptr_array_index (mutations, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      ch_protocol_append_member_name (out, "mid");
      ch_json_append_int (out, m->mid);
      g_string_append_c (out, ',');
      ch_protocol_append_member_name (out, "entity");
      ch_json_append_string (out, m->entity ? m->entity : "");
      g_string_append_c (out, ',');
      ch_protocol_append_member_name (out, "id");
      ch_json_append_string (out, m->id ? m->id : "");
      g_string_append_c (out, ',');
      ch_protocol_append_member_name (out, "op");
      ch_json_append_string (out, ch_op_to_string (m->op) ? ch_op_to_string (m->op) : "");
      g_string_append_c (out, ',');
      ch_protocol_append_member_name (out, "base");
      ch_protocol_append_object_or_empty (out, m->base);
      g_string_append_c (out, ',');
      ch_protocol_append_member_name (out, "set");
      ch_protocol_append_object_or_empty (out, m->set);
      if (m->held_version >= 0)
        {
          g_string_append_c (out, ',');
          ch_protocol_append_member_name (out, "held_version");
          ch_json_append_int (out, m->held_version);
        }
      g_string_append_c (out, '}');
    }

  g_string_append (out, "]}");

  if (len != NULL)
    *len = out->len;

  return g_string_free (out, FALSE);
}

static gboolean
check_schema_version (JsonObject  *root,
                      gint        *schema_version,
                      GError     **error)
{
  JsonNode *node = ch_protocol_get_member (root, "schema_version");
  gint64 v;

  if (node == NULL)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("The request has no “schema_version”"));
      return FALSE;
    }

  if (!ch_protocol_node_is_type (node, G_TYPE_INT64))
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("“schema_version” must be an integer"));
      return FALSE;
    }

  v = json_node_get_int (node);
  if (v < CH_PROTOCOL_SCHEMA_MIN || v > CH_PROTOCOL_SCHEMA_MAX)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_UNSUPPORTED_SCHEMA,
                   _("Schema version %" PRId64 " is not supported; this server "
                     "speaks versions %d to %d. Update Chapterhouse."),
                   v, CH_PROTOCOL_SCHEMA_MIN, CH_PROTOCOL_SCHEMA_MAX);
      return FALSE;
    }

  if (schema_version != NULL)
    *schema_version = (gint) v;

  return TRUE;
}

static gboolean
device_id_is_valid (const char *device_id)
{
  gsize n = strlen (device_id);

  if (n == 0 || n > CH_PROTOCOL_MAX_DEVICE_ID)
    return FALSE;

  for (const char *p = device_id; *p; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      return FALSE;

  return TRUE;
}

/* Reads the item fields that are not needed to identify the item. Any
 * problem is noted in m->invalid and the item is rejected on its own. */
static void
read_mutation_item (JsonObject *item,
                    ChMutation *m)
{
  JsonNode *node;
  const char *op;
  gint64 held;

  /* Optional; anything but an integer of 0 or more counts as not said
   * (it only lets the server leave the row out of this device's pulls). */
  if (ch_protocol_get_int (item, "held_version", &held) && held >= 0)
    m->held_version = held;

  node = ch_protocol_get_member (item, "entity");
  if (ch_protocol_node_is_type (node, G_TYPE_STRING))
    m->entity = g_strdup (json_node_get_string (node));
  else
    {
      m->invalid = g_strdup (_("“entity” must be a string"));
      return;
    }

  node = ch_protocol_get_member (item, "id");
  if (ch_protocol_node_is_type (node, G_TYPE_STRING))
    m->id = g_strdup (json_node_get_string (node));
  else
    {
      m->invalid = g_strdup (_("“id” must be a string"));
      return;
    }

  op = ch_protocol_get_string (item, "op");
  if (!ch_op_from_string (op, &m->op))
    {
      m->op = CH_OP_UPDATE;
      m->invalid = g_strdup (_("“op” must be one of insert, update, delete, restore"));
      return;
    }

  node = ch_protocol_get_member (item, "base");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    m->base = json_object_ref (json_node_get_object (node));
  else if (!ch_protocol_node_is_null (node))
    {
      m->invalid = g_strdup (_("“base” must be an object"));
      return;
    }

  node = ch_protocol_get_member (item, "set");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    m->set = json_object_ref (json_node_get_object (node));
  else if (!ch_protocol_node_is_null (node))
    {
      m->invalid = g_strdup (_("“set” must be an object"));
      return;
    }
}

gboolean
ch_protocol_parse_mutations_request (const char  *data,
                                     gsize        len,
                                     char       **device_id,
                                     gint        *schema_version,
                                     GPtrArray  **mutations,
                                     GError     **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GPtrArray) list = NULL;
  JsonNode *node;
  JsonArray *array;
  const char *device;
  gint64 last_mid = 0;
  guint n;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (len > CH_PROTOCOL_MAX_BODY)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_TOO_LARGE,
                   _("The request is larger than %d bytes; send fewer mutations at once"),
                   CH_PROTOCOL_MAX_BODY);
      return FALSE;
    }

  root = ch_json_parse_object (data, len, error);
  if (root == NULL)
    return FALSE;

  /* The schema comes first, so that a newer client hears "update"
   * rather than a complaint about a shape this server does not know. */
  if (!check_schema_version (root, schema_version, error))
    return FALSE;

  node = ch_protocol_get_member (root, "device_id");
  if (node == NULL)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("The request has no “device_id”"));
      return FALSE;
    }
  if (!ch_protocol_node_is_type (node, G_TYPE_STRING))
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("“device_id” must be a string"));
      return FALSE;
    }
  device = json_node_get_string (node);
  if (!device_id_is_valid (device))
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                   _("“device_id” must be 1 to %d characters without control characters"),
                   CH_PROTOCOL_MAX_DEVICE_ID);
      return FALSE;
    }

  node = ch_protocol_get_member (root, "mutations");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("“mutations” must be an array"));
      return FALSE;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > CH_PROTOCOL_MAX_MUTATIONS)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_TOO_MANY_MUTATIONS,
                   ngettext ("The request has %u mutation; send at most %d at once",
                             "The request has %u mutations; send at most %d at once", n),
                   n, CH_PROTOCOL_MAX_MUTATIONS);
      return FALSE;
    }

  list = g_ptr_array_new_full (n, (GDestroyNotify) ch_mutation_free);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *item;
      ChMutation *m;
      gint64 mid;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                       _("Mutation %u is not an object"), i + 1);
          return FALSE;
        }

      item = json_node_get_object (element);
      if (!ch_protocol_get_int (item, "mid", &mid) || mid <= 0)
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                       _("Mutation %u has no “mid” that is a positive integer"), i + 1);
          return FALSE;
        }
      if (mid <= last_mid)
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                       _("Mutation ids must rise within a request: %" PRId64
                         " follows %" PRId64),
                       mid, last_mid);
          return FALSE;
        }
      last_mid = mid;

      m = g_new0 (ChMutation, 1);
      m->mid = mid;
      m->op = CH_OP_UPDATE;
      m->held_version = -1;
      read_mutation_item (item, m);
      g_ptr_array_add (list, m);
    }

  if (device_id != NULL)
    *device_id = g_strdup (device);
  if (mutations != NULL)
    *mutations = g_steal_pointer (&list);

  return TRUE;
}

/* Mutations response */

char *
ch_protocol_build_mutations_response (const char *epoch,
                                      GPtrArray  *results,
                                      gsize      *len)
{
  GString *out;

  g_return_val_if_fail (epoch != NULL, NULL);

  out = g_string_sized_new (64 + (results ? results->len * 64 : 0));
  g_string_append_c (out, '{');
  ch_protocol_append_member_name (out, "epoch");
  ch_json_append_string (out, epoch);
  g_string_append_c (out, ',');
  ch_protocol_append_member_name (out, "results");
  g_string_append_c (out, '[');

  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      const ChMutationResult *r = g_ptr_array_index (results, i);
      const char *status = ch_result_status_to_string (r->status);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      ch_protocol_append_member_name (out, "mid");
      ch_json_append_int (out, r->mid);
      g_string_append_c (out, ',');
      ch_protocol_append_member_name (out, "status");
      ch_json_append_string (out, status ? status : "rejected");
      g_string_append_c (out, ',');
      ch_protocol_append_member_name (out, "version");
      ch_json_append_int (out, r->version);
      if (r->previous_version >= 0)
        {
          g_string_append_c (out, ',');
          ch_protocol_append_member_name (out, "previous_version");
          ch_json_append_int (out, r->previous_version);
        }
      if (r->message != NULL)
        {
          g_string_append_c (out, ',');
          ch_protocol_append_member_name (out, "message");
          ch_json_append_string (out, r->message);
        }
      if (r->code != NULL)
        {
          g_string_append_c (out, ',');
          ch_protocol_append_member_name (out, "code");
          ch_json_append_string (out, r->code);
        }
      if (r->reason != NULL)
        {
          g_string_append_c (out, ',');
          ch_protocol_append_member_name (out, "reason");
          ch_json_append_string (out, r->reason);
        }
      if (r->fields != NULL)
        {
          g_string_append_c (out, ',');
          ch_protocol_append_member_name (out, "fields");
          ch_protocol_append_object_or_empty (out, r->fields);
        }
      g_string_append_c (out, '}');
    }

  g_string_append (out, "]}");

  if (len != NULL)
    *len = out->len;

  return g_string_free (out, FALSE);
}

gboolean
ch_protocol_parse_mutations_response (const char  *data,
                                      gsize        len,
                                      char       **epoch,
                                      GPtrArray  **results,
                                      GError     **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GPtrArray) list = NULL;
  JsonNode *node;
  JsonArray *array;
  const char *epoch_str;
  guint n;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  root = ch_json_parse_object (data, len, error);
  if (root == NULL)
    return FALSE;

  epoch_str = ch_protocol_get_string (root, "epoch");
  node = ch_protocol_get_member (root, "results");
  if (epoch_str == NULL || node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("The server’s answer has no “epoch” or no “results”"));
      return FALSE;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  list = g_ptr_array_new_full (n, (GDestroyNotify) ch_mutation_result_free);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *item;
      ChResultStatus status;
      gint64 mid, version;
      JsonNode *message;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        goto bad_item;

      item = json_node_get_object (element);
      message = ch_protocol_get_member (item, "message");
      if (!ch_protocol_get_int (item, "mid", &mid) ||
          !ch_protocol_get_int (item, "version", &version) || version < 0 ||
          !ch_result_status_from_string (ch_protocol_get_string (item, "status"), &status) ||
          !(ch_protocol_node_is_null (message) ||
            ch_protocol_node_is_type (message, G_TYPE_STRING)))
        goto bad_item;

      {
        ChMutationResult *r = ch_mutation_result_new (mid, status, version,
                                                      ch_protocol_node_is_null (message)
                                                      ? NULL : json_node_get_string (message));
        JsonNode *reason = ch_protocol_get_member (item, "reason");
        JsonNode *fields = ch_protocol_get_member (item, "fields");

        g_ptr_array_add (list, r);
        if (!(ch_protocol_node_is_null (reason) ||
              ch_protocol_node_is_type (reason, G_TYPE_STRING)) ||
            !(ch_protocol_node_is_null (fields) || JSON_NODE_HOLDS_OBJECT (fields)))
          goto bad_item;
        if (!ch_protocol_node_is_null (reason))
          r->reason = g_strdup (json_node_get_string (reason));
        if (!ch_protocol_node_is_null (fields))
          r->fields = json_object_ref (json_node_get_object (fields));
        /* Optional, since the data rules (issue 9): why a change was refused. */
        if (ch_protocol_get_string (item, "code") != NULL)
          r->code = g_strdup (ch_protocol_get_string (item, "code"));
        /* Optional (issue 17): only on an applied result that the server
         * took exactly as the device held the row. */
        {
          gint64 previous;

          if (status == CH_RESULT_APPLIED &&
              ch_protocol_get_int (item, "previous_version", &previous) && previous >= 0 &&
              previous < version)
            r->previous_version = previous;
        }
      }
      continue;

    bad_item:
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                   _("Result %u in the server’s answer is not valid"), i + 1);
      return FALSE;
    }

  if (epoch != NULL)
    *epoch = g_strdup (epoch_str);
  if (results != NULL)
    *results = g_steal_pointer (&list);

  return TRUE;
}
