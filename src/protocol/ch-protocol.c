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
#include "ch-util.h"

G_DEFINE_QUARK (ch-protocol-error-quark, ch_protocol_error)

struct _ChChangesWriter
{
  GString *out;
  guint    n_items;
};

static const char *const op_names[] = {
  [CH_OP_INSERT] = "insert",
  [CH_OP_UPDATE] = "update",
  [CH_OP_DELETE] = "delete",
  [CH_OP_RESTORE] = "restore",
};

static const char *const status_names[] = {
  [CH_RESULT_APPLIED] = "applied",
  [CH_RESULT_CONFLICT] = "conflict",
  [CH_RESULT_REJECTED] = "rejected",
  [CH_RESULT_OVERRIDDEN] = "overridden",
};

/* Helpers */

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  return json_object_get_member (object, name);
}

static gboolean
node_is_type (JsonNode *node,
              GType     type)
{
  return node != NULL &&
         JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == type;
}

static gboolean
node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = get_member (object, name);

  return node_is_type (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;
}

static gboolean
get_int (JsonObject *object,
         const char *name,
         gint64     *out)
{
  JsonNode *node = get_member (object, name);

  if (!node_is_type (node, G_TYPE_INT64))
    return FALSE;

  *out = json_node_get_int (node);
  return TRUE;
}

static void
append_member_name (GString    *out,
                    const char *name)
{
  /* Names are our own literals: no escaping needed. */
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append_len (out, "\":", 2);
}

static gboolean
text_is_blank (const char *s)
{
  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;

  return TRUE;
}

static void
append_object_or_empty (GString    *out,
                        JsonObject *object)
{
  if (object != NULL)
    ch_json_append_object (out, object);
  else
    g_string_append_len (out, "{}", 2);
}

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

const char *
ch_op_to_string (ChOp op)
{
  if ((guint) op >= G_N_ELEMENTS (op_names))
    return NULL;

  return op_names[op];
}

gboolean
ch_op_from_string (const char *s,
                   ChOp       *op)
{
  if (s == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (op_names); i++)
    if (strcmp (s, op_names[i]) == 0)
      {
        if (op != NULL)
          *op = (ChOp) i;
        return TRUE;
      }

  return FALSE;
}

const char *
ch_result_status_to_string (ChResultStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (status_names))
    return NULL;

  return status_names[status];
}

gboolean
ch_result_status_from_string (const char     *s,
                              ChResultStatus *status)
{
  if (s == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (strcmp (s, status_names[i]) == 0)
      {
        if (status != NULL)
          *status = (ChResultStatus) i;
        return TRUE;
      }

  return FALSE;
}

/* Boxes */

ChMutation *
ch_mutation_new (gint64      mid,
                 const char *entity,
                 const char *id,
                 ChOp        op,
                 JsonObject *base,
                 JsonObject *set)
{
  ChMutation *m = g_new0 (ChMutation, 1);

  m->mid = mid;
  m->entity = g_strdup (entity);
  m->id = g_strdup (id);
  m->op = op;
  m->base = base != NULL ? json_object_ref (base) : NULL;
  m->set = set != NULL ? json_object_ref (set) : NULL;

  return m;
}

void
ch_mutation_free (ChMutation *mutation)
{
  if (mutation == NULL)
    return;

  g_free (mutation->entity);
  g_free (mutation->id);
  g_clear_pointer (&mutation->base, json_object_unref);
  g_clear_pointer (&mutation->set, json_object_unref);
  g_free (mutation->invalid);
  g_free (mutation);
}

ChMutationResult *
ch_mutation_result_new (gint64          mid,
                        ChResultStatus  status,
                        gint64          version,
                        const char     *message)
{
  ChMutationResult *r = g_new0 (ChMutationResult, 1);

  r->mid = mid;
  r->status = status;
  r->version = version;
  r->message = g_strdup (message);

  return r;
}

void
ch_mutation_result_free (ChMutationResult *result)
{
  if (result == NULL)
    return;

  g_free (result->message);
  g_free (result->code);
  g_free (result->reason);
  g_clear_pointer (&result->fields, json_object_unref);
  g_free (result);
}

ChMutationResult *
ch_mutation_result_new_rejected (gint64      mid,
                                 const char *code,
                                 const char *message)
{
  ChMutationResult *r = ch_mutation_result_new (mid, CH_RESULT_REJECTED, 0, message);

  r->code = g_strdup (code);
  return r;
}

void
ch_mutation_result_set_overridden (ChMutationResult *result,
                                   const char       *reason,
                                   JsonObject       *fields)
{
  g_return_if_fail (result != NULL);

  result->status = CH_RESULT_OVERRIDDEN;
  g_free (result->reason);
  result->reason = g_strdup (reason);
  g_clear_pointer (&result->fields, json_object_unref);
  result->fields = fields ? json_object_ref (fields) : NULL;
}

/* @object with its members sorted by name, so that equal objects give
 * equal text whatever order they came in. */
static void
append_sorted_object (GString    *out,
                      JsonObject *object)
{
  g_autoptr(GList) names = object ? json_object_get_members (object) : NULL;

  names = g_list_sort (names, (GCompareFunc) strcmp);
  g_string_append_c (out, '{');
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);

      if (l != names)
        g_string_append_c (out, ',');
      ch_json_append_string (out, l->data);
      g_string_append_c (out, ':');
      if (value != NULL && JSON_NODE_HOLDS_OBJECT (value))
        append_sorted_object (out, json_node_get_object (value));
      else
        ch_json_append_node (out, value);
    }
  g_string_append_c (out, '}');
}

char *
ch_mutation_fingerprint (const ChMutation *m)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *op = ch_op_to_string (m->op);

  g_return_val_if_fail (m != NULL, NULL);

  /* An item the server could not read counts with its complaint, so that
   * the same broken item sent again is the same change. */
  g_string_append_c (text, '[');
  ch_json_append_string (text, m->entity ? m->entity : "");
  g_string_append_c (text, ',');
  ch_json_append_string (text, m->id ? m->id : "");
  g_string_append_c (text, ',');
  ch_json_append_string (text, op ? op : "");
  g_string_append_c (text, ',');
  append_sorted_object (text, m->base);
  g_string_append_c (text, ',');
  append_sorted_object (text, m->set);
  g_string_append_c (text, ',');
  ch_json_append_string (text, m->invalid ? m->invalid : "");
  g_string_append_c (text, ']');

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, text->len);
}

ChChange *
ch_change_new (const char *entity,
               const char *id,
               gint64      version,
               gboolean    deleted,
               JsonObject *fields)
{
  ChChange *c = g_new0 (ChChange, 1);

  c->entity = g_strdup (entity);
  c->id = g_strdup (id);
  c->version = version;
  c->deleted = !!deleted;
  c->fields = fields != NULL ? json_object_ref (fields) : NULL;

  return c;
}

void
ch_change_free (ChChange *change)
{
  if (change == NULL)
    return;

  g_free (change->entity);
  g_free (change->id);
  g_clear_pointer (&change->fields, json_object_unref);
  g_free (change);
}

ChChangesPage *
ch_changes_page_new (const char *epoch)
{
  ChChangesPage *page = g_new0 (ChChangesPage, 1);

  page->epoch = g_strdup (epoch);
  page->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_change_free);

  return page;
}

void
ch_changes_page_free (ChChangesPage *page)
{
  if (page == NULL)
    return;

  g_free (page->epoch);
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

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
  append_member_name (out, "device_id");
  ch_json_append_string (out, device_id);
  g_string_append_c (out, ',');
  append_member_name (out, "schema_version");
  ch_json_append_int (out, CH_PROTOCOL_SCHEMA_VERSION);
  g_string_append_c (out, ',');
  append_member_name (out, "mutations");
  g_string_append_c (out, '[');

  for (guint i = 0; mutations != NULL && i < mutations->len; i++)
    {
      const ChMutation *m = g_ptr_array_index (mutations, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      append_member_name (out, "mid");
      ch_json_append_int (out, m->mid);
      g_string_append_c (out, ',');
      append_member_name (out, "entity");
      ch_json_append_string (out, m->entity ? m->entity : "");
      g_string_append_c (out, ',');
      append_member_name (out, "id");
      ch_json_append_string (out, m->id ? m->id : "");
      g_string_append_c (out, ',');
      append_member_name (out, "op");
      ch_json_append_string (out, ch_op_to_string (m->op) ? ch_op_to_string (m->op) : "");
      g_string_append_c (out, ',');
      append_member_name (out, "base");
      append_object_or_empty (out, m->base);
      g_string_append_c (out, ',');
      append_member_name (out, "set");
      append_object_or_empty (out, m->set);
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
  JsonNode *node = get_member (root, "schema_version");
  gint64 v;

  if (node == NULL)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("The request has no “schema_version”"));
      return FALSE;
    }

  if (!node_is_type (node, G_TYPE_INT64))
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

  node = get_member (item, "entity");
  if (node_is_type (node, G_TYPE_STRING))
    m->entity = g_strdup (json_node_get_string (node));
  else
    {
      m->invalid = g_strdup (_("“entity” must be a string"));
      return;
    }

  node = get_member (item, "id");
  if (node_is_type (node, G_TYPE_STRING))
    m->id = g_strdup (json_node_get_string (node));
  else
    {
      m->invalid = g_strdup (_("“id” must be a string"));
      return;
    }

  op = get_string (item, "op");
  if (!ch_op_from_string (op, &m->op))
    {
      m->op = CH_OP_UPDATE;
      m->invalid = g_strdup (_("“op” must be one of insert, update, delete, restore"));
      return;
    }

  node = get_member (item, "base");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    m->base = json_object_ref (json_node_get_object (node));
  else if (!node_is_null (node))
    {
      m->invalid = g_strdup (_("“base” must be an object"));
      return;
    }

  node = get_member (item, "set");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    m->set = json_object_ref (json_node_get_object (node));
  else if (!node_is_null (node))
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

  node = get_member (root, "device_id");
  if (node == NULL)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("The request has no “device_id”"));
      return FALSE;
    }
  if (!node_is_type (node, G_TYPE_STRING))
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

  node = get_member (root, "mutations");
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
                   _("The request has %u mutations; send at most %d at once"),
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
      if (!get_int (item, "mid", &mid) || mid <= 0)
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
  append_member_name (out, "epoch");
  ch_json_append_string (out, epoch);
  g_string_append_c (out, ',');
  append_member_name (out, "results");
  g_string_append_c (out, '[');

  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      const ChMutationResult *r = g_ptr_array_index (results, i);
      const char *status = ch_result_status_to_string (r->status);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      append_member_name (out, "mid");
      ch_json_append_int (out, r->mid);
      g_string_append_c (out, ',');
      append_member_name (out, "status");
      ch_json_append_string (out, status ? status : "rejected");
      g_string_append_c (out, ',');
      append_member_name (out, "version");
      ch_json_append_int (out, r->version);
      if (r->message != NULL)
        {
          g_string_append_c (out, ',');
          append_member_name (out, "message");
          ch_json_append_string (out, r->message);
        }
      if (r->code != NULL)
        {
          g_string_append_c (out, ',');
          append_member_name (out, "code");
          ch_json_append_string (out, r->code);
        }
      if (r->reason != NULL)
        {
          g_string_append_c (out, ',');
          append_member_name (out, "reason");
          ch_json_append_string (out, r->reason);
        }
      if (r->fields != NULL)
        {
          g_string_append_c (out, ',');
          append_member_name (out, "fields");
          append_object_or_empty (out, r->fields);
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

  epoch_str = get_string (root, "epoch");
  node = get_member (root, "results");
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
      message = get_member (item, "message");
      if (!get_int (item, "mid", &mid) ||
          !get_int (item, "version", &version) || version < 0 ||
          !ch_result_status_from_string (get_string (item, "status"), &status) ||
          !(node_is_null (message) || node_is_type (message, G_TYPE_STRING)))
        goto bad_item;

      {
        ChMutationResult *r = ch_mutation_result_new (mid, status, version,
                                                      node_is_null (message)
                                                      ? NULL : json_node_get_string (message));
        JsonNode *reason = get_member (item, "reason");
        JsonNode *fields = get_member (item, "fields");

        g_ptr_array_add (list, r);
        if (!(node_is_null (reason) || node_is_type (reason, G_TYPE_STRING)) ||
            !(node_is_null (fields) || JSON_NODE_HOLDS_OBJECT (fields)))
          goto bad_item;
        if (!node_is_null (reason))
          r->reason = g_strdup (json_node_get_string (reason));
        if (!node_is_null (fields))
          r->fields = json_object_ref (json_node_get_object (fields));
        /* Optional, since the data rules (issue 9): why a change was refused. */
        if (get_string (item, "code") != NULL)
          r->code = g_strdup (get_string (item, "code"));
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

/* Change pages */

ChChangesWriter *
ch_changes_writer_new (const char *epoch,
                       gsize       size_hint)
{
  ChChangesWriter *w;

  g_return_val_if_fail (epoch != NULL, NULL);

  w = g_new0 (ChChangesWriter, 1);
  w->out = g_string_sized_new (MAX (size_hint, 128));
  g_string_append_c (w->out, '{');
  append_member_name (w->out, "epoch");
  ch_json_append_string (w->out, epoch);
  g_string_append_c (w->out, ',');
  append_member_name (w->out, "items");
  g_string_append_c (w->out, '[');

  return w;
}

static void
writer_begin_item (ChChangesWriter *w,
                   const char      *entity,
                   const char      *id,
                   gint64           version,
                   gboolean         deleted)
{
  GString *out = w->out;

  if (w->n_items++ > 0)
    g_string_append_c (out, ',');

  g_string_append (out, "{\"entity\":");
  ch_json_append_string (out, entity);
  g_string_append (out, ",\"id\":");
  ch_json_append_string (out, id);
  g_string_append (out, ",\"version\":");
  ch_json_append_int (out, version);
  if (deleted)
    g_string_append (out, ",\"deleted\":true,\"fields\":");
  else
    g_string_append (out, ",\"deleted\":false,\"fields\":");
}

void
ch_changes_writer_add_raw (ChChangesWriter *writer,
                           const char      *entity,
                           const char      *id,
                           gint64           version,
                           gboolean         deleted,
                           const char      *fields_json,
                           gsize            fields_len)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (entity != NULL && id != NULL);

  writer_begin_item (writer, entity, id, version, deleted);
  if (fields_json != NULL && fields_len > 0)
    g_string_append_len (writer->out, fields_json, fields_len);
  else
    g_string_append_len (writer->out, "{}", 2);
  g_string_append_c (writer->out, '}');
}

void
ch_changes_writer_add (ChChangesWriter *writer,
                       const ChChange  *change)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (change != NULL);

  writer_begin_item (writer,
                     change->entity ? change->entity : "",
                     change->id ? change->id : "",
                     change->version, change->deleted);
  append_object_or_empty (writer->out, change->fields);
  g_string_append_c (writer->out, '}');
}

guint
ch_changes_writer_get_n_items (ChChangesWriter *writer)
{
  g_return_val_if_fail (writer != NULL, 0);

  return writer->n_items;
}

char *
ch_changes_writer_finish (ChChangesWriter *writer,
                          gint64           next,
                          gboolean         has_more,
                          gsize           *len)
{
  GString *out;

  g_return_val_if_fail (writer != NULL, NULL);

  out = g_steal_pointer (&writer->out);
  g_free (writer);

  g_string_append (out, "],\"next\":");
  ch_json_append_int (out, next);
  if (has_more)
    g_string_append (out, ",\"has_more\":true}");
  else
    g_string_append (out, ",\"has_more\":false}");

  if (len != NULL)
    *len = out->len;

  return g_string_free (out, FALSE);
}

void
ch_changes_writer_free (ChChangesWriter *writer)
{
  if (writer == NULL)
    return;

  if (writer->out != NULL)
    g_string_free (writer->out, TRUE);
  g_free (writer);
}

char *
ch_protocol_build_changes_page (const ChChangesPage *page,
                                gsize               *len)
{
  ChChangesWriter *w;

  g_return_val_if_fail (page != NULL, NULL);

  w = ch_changes_writer_new (page->epoch ? page->epoch : "",
                             page->items ? 128 + page->items->len * 512 : 128);
  for (guint i = 0; page->items != NULL && i < page->items->len; i++)
    ch_changes_writer_add (w, g_ptr_array_index (page->items, i));

  return ch_changes_writer_finish (w, page->next, page->has_more, len);
}

/* Reads a string value into a new string, or fails. */
static char *
reader_take_string (ChJsonReader *r,
                    const char   *what)
{
  g_autoptr(JsonNode) node = ch_json_reader_read_value (r);

  if (node == NULL)
    return NULL;

  if (!node_is_type (node, G_TYPE_STRING))
    {
      ch_json_reader_fail (r, what);
      return NULL;
    }

  return g_strdup (json_node_get_string (node));
}

static gboolean
reader_take_int (ChJsonReader *r,
                 gint64       *out,
                 const char   *what)
{
  g_autoptr(JsonNode) node = ch_json_reader_read_value (r);

  if (node == NULL)
    return FALSE;

  if (!node_is_type (node, G_TYPE_INT64) || json_node_get_int (node) < 0)
    {
      ch_json_reader_fail (r, what);
      return FALSE;
    }

  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
reader_take_bool (ChJsonReader *r,
                  gboolean     *out,
                  const char   *what)
{
  g_autoptr(JsonNode) node = ch_json_reader_read_value (r);

  if (node == NULL)
    return FALSE;

  if (!node_is_type (node, G_TYPE_BOOLEAN))
    {
      ch_json_reader_fail (r, what);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* One item of "items", read straight into a ChChange. */
static ChChange *
read_change (ChJsonReader *r)
{
  g_autoptr(ChChange) change = g_new0 (ChChange, 1);
  gboolean have_version = FALSE;
  gboolean first = TRUE;
  const char *name;

  change->version = -1;
  if (!ch_json_reader_begin_object (r))
    return NULL;

  while ((name = ch_json_reader_next_member (r, &first)) != NULL)
    {
      if (strcmp (name, "entity") == 0)
        {
          g_free (change->entity);
          if (!(change->entity = reader_take_string (r, _("“entity” must be a string"))))
            return NULL;
        }
      else if (strcmp (name, "id") == 0)
        {
          g_free (change->id);
          if (!(change->id = reader_take_string (r, _("“id” must be a string"))))
            return NULL;
        }
      else if (strcmp (name, "version") == 0)
        {
          if (!reader_take_int (r, &change->version, _("“version” must be a whole number")))
            return NULL;
          have_version = TRUE;
        }
      else if (strcmp (name, "deleted") == 0)
        {
          if (!reader_take_bool (r, &change->deleted, _("“deleted” must be true or false")))
            return NULL;
        }
      else if (strcmp (name, "fields") == 0)
        {
          g_autoptr(JsonNode) node = ch_json_reader_read_value (r);

          if (node == NULL)
            return NULL;
          g_clear_pointer (&change->fields, json_object_unref);
          if (JSON_NODE_HOLDS_OBJECT (node))
            change->fields = json_object_ref (json_node_get_object (node));
          else if (!JSON_NODE_HOLDS_NULL (node))
            {
              ch_json_reader_fail (r, _("“fields” must be an object"));
              return NULL;
            }
        }
      else
        {
          /* Unknown members are left for newer clients. */
          g_autoptr(JsonNode) node = ch_json_reader_read_value (r);

          if (node == NULL)
            return NULL;
        }
    }

  if (r->error != NULL)
    return NULL;

  if (change->entity == NULL || change->id == NULL || !have_version)
    {
      ch_json_reader_fail (r, _("an item needs “entity”, “id” and “version”"));
      return NULL;
    }

  if (change->fields == NULL)
    change->fields = json_object_new ();

  return g_steal_pointer (&change);
}

ChChangesPage *
ch_protocol_parse_changes_page (const char  *data,
                                gsize        len,
                                GError     **error)
{
  g_autoptr(ChChangesPage) page = NULL;
  ChJsonReader r;
  gboolean have_next = FALSE;
  gboolean have_more = FALSE;
  gboolean have_items = FALSE;
  gboolean first = TRUE;
  const char *name;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  page = g_new0 (ChChangesPage, 1);
  page->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_change_free);

  ch_json_reader_init (&r, data, len);
  if (!ch_json_reader_begin_object (&r))
    goto out;

  while ((name = ch_json_reader_next_member (&r, &first)) != NULL)
    {
      if (strcmp (name, "epoch") == 0)
        {
          g_free (page->epoch);
          if (!(page->epoch = reader_take_string (&r, _("“epoch” must be a string"))))
            goto out;
        }
      else if (strcmp (name, "next") == 0)
        {
          if (!reader_take_int (&r, &page->next, _("“next” must be a whole number")))
            goto out;
          have_next = TRUE;
        }
      else if (strcmp (name, "has_more") == 0)
        {
          if (!reader_take_bool (&r, &page->has_more, _("“has_more” must be true or false")))
            goto out;
          have_more = TRUE;
        }
      else if (strcmp (name, "items") == 0 && !have_items)
        {
          gboolean first_item = TRUE;

          if (!ch_json_reader_begin_array (&r))
            goto out;
          while (ch_json_reader_next_element (&r, &first_item))
            {
              ChChange *change = read_change (&r);

              if (change == NULL)
                goto out;
              g_ptr_array_add (page->items, change);
            }
          if (r.error != NULL)
            goto out;
          have_items = TRUE;
        }
      else
        {
          g_autoptr(JsonNode) node = ch_json_reader_read_value (&r);

          if (node == NULL)
            goto out;
        }
    }

  if (r.error == NULL && ch_json_reader_at_end (&r) &&
      (page->epoch == NULL || !have_next || !have_more || !have_items))
    g_set_error_literal (&r.error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                         _("The change page needs “epoch”, “next”, “has_more” and “items”"));

out:
  if (r.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r.error));
      ch_json_reader_clear (&r);
      return NULL;
    }

  ch_json_reader_clear (&r);
  return g_steal_pointer (&page);
}

/* Per-mutation checks */

static gboolean
check_value (const ChEntityInfo *entity,
             const char         *name,
             JsonNode           *value,
             gboolean            is_set,
             ChOp                op,
             GError            **error)
{
  const ChFieldInfo *field = ch_entity_field (entity, name);
  GType type;

  if (field == NULL)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                   _("Unknown field “%s” for %s"), name, entity->name);
      return FALSE;
    }

  if (node_is_null (value))
    {
      if (is_set && field->required && op != CH_OP_INSERT)
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                       _("Field “%s” of %s cannot be emptied"), name, entity->name);
          return FALSE;
        }
      return TRUE;
    }

  type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;

  switch (field->type)
    {
    case CH_FIELD_TEXT:
      if (type != G_TYPE_STRING)
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                       _("Field “%s” of %s must be text or null"), name, entity->name);
          return FALSE;
        }
      if (is_set)
        {
          const char *s = json_node_get_string (value);
          gsize n = strlen (s);

          if (n > ch_field_max_len (field))
            {
              g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                           _("Field “%s” of %s is %" PRIu64 " bytes long; "
                             "at most %u are allowed"),
                           name, entity->name, (guint64) n, ch_field_max_len (field));
              return FALSE;
            }
          if (field->required && op != CH_OP_INSERT && text_is_blank (s))
            {
              g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                           _("Field “%s” of %s cannot be emptied"), name, entity->name);
              return FALSE;
            }
        }
      break;

    case CH_FIELD_INT:
      if (type != G_TYPE_INT64)
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                       _("Field “%s” of %s must be a whole number (64-bit) or null"),
                       name, entity->name);
          return FALSE;
        }
      break;

    case CH_FIELD_BOOL:
      if (type != G_TYPE_BOOLEAN)
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                       _("Field “%s” of %s must be true, false or null"),
                       name, entity->name);
          return FALSE;
        }
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static gboolean
check_fields (const ChEntityInfo *entity,
              JsonObject         *object,
              gboolean            is_set,
              ChOp                op,
              GError            **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (object == NULL)
    return TRUE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      /* The base of a restore may say which version of the tombstone the
       * device saw (see the server's apply_one()). */
      if (!is_set && op == CH_OP_RESTORE && strcmp (name, "version") == 0)
        {
          if (!JSON_NODE_HOLDS_VALUE (value) ||
              json_node_get_value_type (value) != G_TYPE_INT64 ||
              json_node_get_int (value) < 0)
            {
              g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                                   _("The “version” of a restore’s base must be a "
                                     "number of 0 or more"));
              return FALSE;
            }
          continue;
        }

      if (!check_value (entity, name, value, is_set, op, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
ch_protocol_check_mutation (const ChMutation  *m,
                            GError           **error)
{
  const ChEntityInfo *entity;

  g_return_val_if_fail (m != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (m->invalid != NULL)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID, m->invalid);
      return FALSE;
    }

  entity = ch_entity_lookup (m->entity);
  if (entity == NULL)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                   _("Unknown entity “%s”"), m->entity ? m->entity : "");
      return FALSE;
    }

  if (!ch_uuid_is_valid (m->id))
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                   _("“%s” is not a valid row id (a UUID is expected)"),
                   m->id ? m->id : "");
      return FALSE;
    }

  if ((guint) m->op >= G_N_ELEMENTS (op_names))
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                           _("Unknown operation"));
      return FALSE;
    }

  /* A delete carries nothing to check: base and set are ignored. */
  if (m->op == CH_OP_DELETE && strcmp (entity->name, "conflict") != 0)
    return TRUE;

  if (strcmp (entity->name, "conflict") == 0)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (m->op != CH_OP_UPDATE)
        {
          g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                               _("Conflicts are made by the server; they can only be "
                                 "resolved, not created, deleted or restored"));
          return FALSE;
        }

      if (m->set != NULL)
        {
          json_object_iter_init (&iter, m->set);
          while (json_object_iter_next (&iter, &name, &value))
            if (strcmp (name, "resolved") != 0 &&
                strcmp (name, "resolution") != 0 &&
                strcmp (name, "resolved_by") != 0)
              {
                g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                             _("Only “resolved”, “resolution” and “resolved_by” of a "
                               "conflict can be changed, not “%s”"), name);
                return FALSE;
              }
        }
    }

  if (!check_fields (entity, m->set, TRUE, m->op, error) ||
      !check_fields (entity, m->base, FALSE, m->op, error))
    return FALSE;

  if (m->op == CH_OP_INSERT)
    {
      for (guint i = 0; i < entity->n_fields; i++)
        {
          const ChFieldInfo *field = &entity->fields[i];
          JsonNode *value;

          if (!field->required)
            continue;

          value = m->set ? get_member (m->set, field->name) : NULL;
          if (node_is_null (value) ||
              (node_is_type (value, G_TYPE_STRING) &&
               text_is_blank (json_node_get_string (value))))
            {
              g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                           _("Field “%s” is required for a new %s"),
                           field->name, entity->name);
              return FALSE;
            }
        }
    }

  return TRUE;
}

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

  node = get_member (root, "error");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  err = json_node_get_object (node);
  code_str = get_string (err, "code");
  message_str = get_string (err, "message");
  if (code_str == NULL)
    return FALSE;

  if (code != NULL)
    *code = g_strdup (code_str);
  if (message != NULL)
    *message = g_strdup (message_str ? message_str : "");

  return TRUE;
}
