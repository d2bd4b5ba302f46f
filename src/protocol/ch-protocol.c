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

/* One mutation as read from the request: the last value of each member
 * it names (as a JsonObject would keep it), checked once it is read. */
typedef struct
{
  ChFieldValueKind mid_kind;
  gint64           mid;
  ChFieldValueKind held_kind;
  gint64           held;
  ChFieldValueKind entity_kind;
  char            *entity;
  ChFieldValueKind id_kind;
  char            *id;
  ChFieldValueKind op_kind;
  char            *op;
  JsonNode        *base;
  JsonNode        *set;
} Item;

static void
item_clear (Item *item)
{
  g_free (item->entity);
  g_free (item->id);
  g_free (item->op);
  g_clear_pointer (&item->base, json_node_unref);
  g_clear_pointer (&item->set, json_node_unref);
  memset (item, 0, sizeof *item);
}

gboolean
ch_protocol_read_scalar (ChJsonReader     *r,
                         ChFieldValueKind *kind,
                         gint64           *i,
                         char            **s)
{
  ChFieldValue v = { 0 };

  if (!ch_json_reader_read_field_value (r, &v, NULL))
    return FALSE;

  *kind = v.kind;
  if (v.kind == CH_FIELD_VALUE_INT && i != NULL)
    *i = v.v.i;
  if (s != NULL)
    {
      g_free (*s);
      *s = v.kind == CH_FIELD_VALUE_STRING ? g_strndup (v.v.s, r->scratch->len) : NULL;
    }

  return TRUE;
}

gboolean
ch_protocol_read_node (ChJsonReader  *r,
                       JsonNode     **node)
{
  JsonNode *value = ch_json_reader_read_value (r);

  if (value == NULL)
    return FALSE;
  if (*node != NULL)
    json_node_unref (*node);
  *node = value;

  return TRUE;
}

gboolean
ch_protocol_skip_node (ChJsonReader *r)
{
  JsonNode *ignored = NULL;
  gboolean ok = ch_protocol_read_node (r, &ignored);

  g_clear_pointer (&ignored, json_node_unref);
  return ok;
}

/* Reads the members of one item (the reader is at its '{'). */
static gboolean
read_item (ChJsonReader *r,
           Item         *item)
{
  gboolean first = TRUE;
  const char *name;

  if (!ch_json_reader_begin_object (r))
    return FALSE;

  while ((name = ch_json_reader_next_member (r, &first)) != NULL)
    {
      gboolean ok;

      if (strcmp (name, "mid") == 0)
        ok = ch_protocol_read_scalar (r, &item->mid_kind, &item->mid, NULL);
      else if (strcmp (name, "held_version") == 0)
        ok = ch_protocol_read_scalar (r, &item->held_kind, &item->held, NULL);
      else if (strcmp (name, "entity") == 0)
        ok = ch_protocol_read_scalar (r, &item->entity_kind, NULL, &item->entity);
      else if (strcmp (name, "id") == 0)
        ok = ch_protocol_read_scalar (r, &item->id_kind, NULL, &item->id);
      else if (strcmp (name, "op") == 0)
        ok = ch_protocol_read_scalar (r, &item->op_kind, NULL, &item->op);
      else if (strcmp (name, "base") == 0)
        ok = ch_protocol_read_node (r, &item->base);
      else if (strcmp (name, "set") == 0)
        ok = ch_protocol_read_node (r, &item->set);
      else
        ok = ch_protocol_skip_node (r);
      if (!ok)
        return FALSE;
    }

  return r->error == NULL;
}

/* Takes the item fields that are not needed to identify the item. Any
 * problem is noted in m->invalid and the item is rejected on its own. */
static void
take_mutation_item (Item       *item,
                    ChMutation *m)
{
  JsonNode *node;

  /* Optional; anything but an integer of 0 or more counts as not said
   * (it only lets the server leave the row out of this device's pulls). */
  if (item->held_kind == CH_FIELD_VALUE_INT && item->held >= 0)
    m->held_version = item->held;

  if (item->entity_kind != CH_FIELD_VALUE_STRING)
    {
      m->invalid = g_strdup (_("“entity” must be a string"));
      return;
    }
  m->entity = g_steal_pointer (&item->entity);

  if (item->id_kind != CH_FIELD_VALUE_STRING)
    {
      m->invalid = g_strdup (_("“id” must be a string"));
      return;
    }
  m->id = g_steal_pointer (&item->id);

  if (!ch_op_from_string (item->op_kind == CH_FIELD_VALUE_STRING ? item->op : NULL, &m->op))
    {
      m->op = CH_OP_UPDATE;
      m->invalid = g_strdup (_("“op” must be one of insert, update, delete, restore"));
      return;
    }

  node = item->base;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    m->base = json_object_ref (json_node_get_object (node));
  else if (!ch_protocol_node_is_null (node))
    {
      m->invalid = g_strdup (_("“base” must be an object"));
      return;
    }

  node = item->set;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    m->set = json_object_ref (json_node_get_object (node));
  else if (!ch_protocol_node_is_null (node))
    {
      m->invalid = g_strdup (_("“set” must be an object"));
      return;
    }
}

/* The "mutations" member, read as it streams by: each item becomes a
 * ChMutation without a JsonObject of its own (issue 17: the tree of a
 * 1,000-mutation request cost more than a third of the parse).  The first
 * problem of an item that refuses the whole request is kept in
 * @item_error, reported only once the rest of the request is known good,
 * in the order the checks had on the whole tree. */
typedef struct
{
  gboolean    present;
  gboolean    is_array;
  guint       n;
  GPtrArray  *list;
  GError     *item_error;
} Mutations;

static void
mutations_clear (Mutations *ms)
{
  g_clear_pointer (&ms->list, g_ptr_array_unref);
  g_clear_error (&ms->item_error);
  memset (ms, 0, sizeof *ms);
}

static gboolean
read_mutations (ChJsonReader *r,
                Mutations    *ms)
{
  gboolean first = TRUE;
  gint64 last_mid = 0;

  mutations_clear (ms);
  ms->present = TRUE;
  if (ch_json_reader_peek (r) != '[')
    return ch_protocol_skip_node (r);

  ms->is_array = TRUE;
  ms->list = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_mutation_free);
  if (!ch_json_reader_begin_array (r))
    return FALSE;

  while (ch_json_reader_next_element (r, &first))
    {
      Item item = { 0 };
      ChMutation *m;
      guint i = ms->n++;

      if (ms->item_error != NULL || ms->n > CH_PROTOCOL_MAX_MUTATIONS ||
          ch_json_reader_peek (r) != '{')
        {
          JsonNode *other = NULL;

          if (!ch_protocol_read_node (r, &other))
            return FALSE;
          if (ms->item_error == NULL && !JSON_NODE_HOLDS_OBJECT (other))
            ms->item_error = g_error_new (CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                                          _("Mutation %u is not an object"), i + 1);
          json_node_unref (other);
          continue;
        }

      if (!read_item (r, &item))
        {
          item_clear (&item);
          return FALSE;
        }

      if (item.mid_kind != CH_FIELD_VALUE_INT || item.mid <= 0)
        ms->item_error = g_error_new (CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                                      _("Mutation %u has no “mid” that is a positive integer"),
                                      i + 1);
      else if (item.mid <= last_mid)
        ms->item_error = g_error_new (CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                                      _("Mutation ids must rise within a request: %" PRId64
                                        " follows %" PRId64),
                                      item.mid, last_mid);
      else
        {
          last_mid = item.mid;
          m = g_new0 (ChMutation, 1);
          m->mid = item.mid;
          m->op = CH_OP_UPDATE;
          m->held_version = -1;
          take_mutation_item (&item, m);
          g_ptr_array_add (ms->list, m);
        }
      item_clear (&item);
    }

  return r->error == NULL;
}

gboolean
ch_protocol_parse_mutations_request (const char  *data,
                                     gsize        len,
                                     char       **device_id,
                                     gint        *schema_version,
                                     GPtrArray  **mutations,
                                     GError     **error)
{
  ChJsonReader r;
  Mutations ms = { 0 };
  ChFieldValueKind schema_kind = CH_FIELD_VALUE_ABSENT;
  ChFieldValueKind device_kind = CH_FIELD_VALUE_ABSENT;
  g_autofree char *device = NULL;
  gint64 schema = 0;
  gboolean first = TRUE;
  gboolean ok = FALSE;
  const char *name;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (len > CH_PROTOCOL_MAX_BODY)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_TOO_LARGE,
                   _("The request is larger than %d bytes; send fewer mutations at once"),
                   CH_PROTOCOL_MAX_BODY);
      return FALSE;
    }

  ch_json_reader_init (&r, data, len);

  /* Not an object: the whole reader says why (bad JSON, or not an
   * object), as for any document. */
  if (ch_json_reader_peek (&r) != '{')
    {
      g_autoptr(JsonObject) root = ch_json_parse_object (data, len, error);

      ch_json_reader_clear (&r);
      g_return_val_if_fail (root == NULL, FALSE);
      return FALSE;
    }

  ch_json_reader_begin_object (&r);
  while ((name = ch_json_reader_next_member (&r, &first)) != NULL)
    {
      gboolean read;

      if (strcmp (name, "schema_version") == 0)
        read = ch_protocol_read_scalar (&r, &schema_kind, &schema, NULL);
      else if (strcmp (name, "device_id") == 0)
        read = ch_protocol_read_scalar (&r, &device_kind, NULL, &device);
      else if (strcmp (name, "mutations") == 0)
        read = read_mutations (&r, &ms);
      else
        read = ch_protocol_skip_node (&r);
      if (!read)
        break;
    }

  if (!ch_json_reader_at_end (&r))
    {
      g_propagate_error (error, g_steal_pointer (&r.error));
      goto out;
    }

  /* The schema comes first, so that a newer client hears "update"
   * rather than a complaint about a shape this server does not know. */
  if (schema_kind == CH_FIELD_VALUE_ABSENT)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("The request has no “schema_version”"));
      goto out;
    }
  if (schema_kind != CH_FIELD_VALUE_INT)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("“schema_version” must be an integer"));
      goto out;
    }
  if (schema < CH_PROTOCOL_SCHEMA_MIN || schema > CH_PROTOCOL_SCHEMA_MAX)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_UNSUPPORTED_SCHEMA,
                   _("Schema version %" PRId64 " is not supported; this server "
                     "speaks versions %d to %d. Update Chapterhouse."),
                   schema, CH_PROTOCOL_SCHEMA_MIN, CH_PROTOCOL_SCHEMA_MAX);
      goto out;
    }

  if (device_kind == CH_FIELD_VALUE_ABSENT)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("The request has no “device_id”"));
      goto out;
    }
  if (device_kind != CH_FIELD_VALUE_STRING)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("“device_id” must be a string"));
      goto out;
    }
  if (!device_id_is_valid (device))
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                   _("“device_id” must be 1 to %d characters without control characters"),
                   CH_PROTOCOL_MAX_DEVICE_ID);
      goto out;
    }

  if (!ms.is_array)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("“mutations” must be an array"));
      goto out;
    }
  if (ms.n > CH_PROTOCOL_MAX_MUTATIONS)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_TOO_MANY_MUTATIONS,
                   ngettext ("The request has %u mutation; send at most %d at once",
                             "The request has %u mutations; send at most %d at once", ms.n),
                   ms.n, CH_PROTOCOL_MAX_MUTATIONS);
      goto out;
    }
  if (ms.item_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&ms.item_error));
      goto out;
    }

  if (device_id != NULL)
    *device_id = g_steal_pointer (&device);
  if (schema_version != NULL)
    *schema_version = (gint) schema;
  if (mutations != NULL)
    *mutations = g_steal_pointer (&ms.list);
  ok = TRUE;

out:
  mutations_clear (&ms);
  ch_json_reader_clear (&r);
  return ok;
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
