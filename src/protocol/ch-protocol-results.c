/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-protocol"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-json.h"
#include "ch-protocol.h"
#include "ch-protocol-private.h"

/* The server's answer to a push, read as it streams by: each result is
 * made without a JsonObject of its own (issue 17: the device waits for
 * this answer, and a tree per result was a tenth of its push).  The
 * answer is judged as on the whole tree: the last value of a member
 * named twice counts, unknown members are read and left, and the first
 * result that is not valid refuses the answer. */

typedef struct
{
  ChFieldValueKind mid_kind;
  gint64           mid;
  ChFieldValueKind version_kind;
  gint64           version;
  ChFieldValueKind previous_kind;
  gint64           previous;
  ChFieldValueKind status_kind;
  char            *status;
  ChFieldValueKind message_kind;
  char            *message;
  ChFieldValueKind reason_kind;
  char            *reason;
  ChFieldValueKind code_kind;
  char            *code;
  JsonNode        *fields;
} Item;

static void
item_clear (Item *item)
{
  g_free (item->status);
  g_free (item->message);
  g_free (item->reason);
  g_free (item->code);
  g_clear_pointer (&item->fields, json_node_unref);
  memset (item, 0, sizeof *item);
}

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
      else if (strcmp (name, "version") == 0)
        ok = ch_protocol_read_scalar (r, &item->version_kind, &item->version, NULL);
      else if (strcmp (name, "previous_version") == 0)
        ok = ch_protocol_read_scalar (r, &item->previous_kind, &item->previous, NULL);
      else if (strcmp (name, "status") == 0)
        ok = ch_protocol_read_scalar (r, &item->status_kind, NULL, &item->status);
      else if (strcmp (name, "message") == 0)
        ok = ch_protocol_read_scalar (r, &item->message_kind, NULL, &item->message);
      else if (strcmp (name, "reason") == 0)
        ok = ch_protocol_read_scalar (r, &item->reason_kind, NULL, &item->reason);
      else if (strcmp (name, "code") == 0)
        ok = ch_protocol_read_scalar (r, &item->code_kind, NULL, &item->code);
      else if (strcmp (name, "fields") == 0)
        ok = ch_protocol_read_node (r, &item->fields);
      else
        ok = ch_protocol_skip_node (r);
      if (!ok)
        return FALSE;
    }

  return r->error == NULL;
}

static gboolean
kind_is_null (ChFieldValueKind kind)
{
  return kind == CH_FIELD_VALUE_ABSENT || kind == CH_FIELD_VALUE_NULL;
}

/* The result of @item, or NULL if it is not valid. */
static ChMutationResult *
take_item (Item *item)
{
  ChMutationResult *r;
  ChResultStatus status;

  if (item->mid_kind != CH_FIELD_VALUE_INT || item->version_kind != CH_FIELD_VALUE_INT ||
      item->version < 0 ||
      !ch_result_status_from_string (item->status_kind == CH_FIELD_VALUE_STRING
                                     ? item->status : NULL, &status) ||
      !(kind_is_null (item->message_kind) || item->message_kind == CH_FIELD_VALUE_STRING))
    return NULL;

  if (!(kind_is_null (item->reason_kind) || item->reason_kind == CH_FIELD_VALUE_STRING) ||
      !(item->fields == NULL || JSON_NODE_HOLDS_NULL (item->fields) ||
        JSON_NODE_HOLDS_OBJECT (item->fields)))
    return NULL;

  r = ch_mutation_result_new (item->mid, status, item->version,
                              item->message_kind == CH_FIELD_VALUE_STRING ? item->message : NULL);
  if (item->reason_kind == CH_FIELD_VALUE_STRING)
    r->reason = g_steal_pointer (&item->reason);
  if (item->fields != NULL && JSON_NODE_HOLDS_OBJECT (item->fields))
    r->fields = json_object_ref (json_node_get_object (item->fields));
  /* Optional, since the data rules (issue 9): why a change was refused. */
  if (item->code_kind == CH_FIELD_VALUE_STRING)
    r->code = g_steal_pointer (&item->code);
  /* Optional (issue 17): only on an applied result that the server took
   * exactly as the device held the row. */
  if (status == CH_RESULT_APPLIED && item->previous_kind == CH_FIELD_VALUE_INT &&
      item->previous >= 0 && item->previous < item->version)
    r->previous_version = item->previous;

  return r;
}

typedef struct
{
  gboolean   is_array;
  GPtrArray *list;
  guint      bad;      /* the first result not valid, from 1; 0: none */
} Results;

static void
results_clear (Results *rs)
{
  g_clear_pointer (&rs->list, g_ptr_array_unref);
  memset (rs, 0, sizeof *rs);
}

static gboolean
read_results (ChJsonReader *r,
              Results      *rs)
{
  gboolean first = TRUE;
  guint n = 0;

  results_clear (rs);
  if (ch_json_reader_peek (r) != '[')
    return ch_protocol_skip_node (r);

  rs->is_array = TRUE;
  rs->list = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_mutation_result_free);
  if (!ch_json_reader_begin_array (r))
    return FALSE;

  while (ch_json_reader_next_element (r, &first))
    {
      Item item = { 0 };
      ChMutationResult *result;

      n++;
      if (rs->bad != 0 || ch_json_reader_peek (r) != '{')
        {
          JsonNode *other = NULL;

          if (!ch_protocol_read_node (r, &other))
            return FALSE;
          if (rs->bad == 0 && !JSON_NODE_HOLDS_OBJECT (other))
            rs->bad = n;
          json_node_unref (other);
          continue;
        }

      if (!read_item (r, &item))
        {
          item_clear (&item);
          return FALSE;
        }
      if ((result = take_item (&item)) != NULL)
        g_ptr_array_add (rs->list, result);
      else
        rs->bad = n;
      item_clear (&item);
    }

  return r->error == NULL;
}

gboolean
ch_protocol_parse_mutations_response (const char  *data,
                                      gsize        len,
                                      char       **epoch,
                                      GPtrArray  **results,
                                      GError     **error)
{
  ChJsonReader r;
  Results rs = { 0 };
  ChFieldValueKind epoch_kind = CH_FIELD_VALUE_ABSENT;
  g_autofree char *epoch_str = NULL;
  gboolean first = TRUE;
  gboolean ok = FALSE;
  const char *name;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ch_json_reader_init (&r, data, len);

  /* Not an object: the whole reader says why, as for any document. */
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

      if (strcmp (name, "epoch") == 0)
        read = ch_protocol_read_scalar (&r, &epoch_kind, NULL, &epoch_str);
      else if (strcmp (name, "results") == 0)
        read = read_results (&r, &rs);
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

  if (epoch_kind != CH_FIELD_VALUE_STRING || !rs.is_array)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("The server’s answer has no “epoch” or no “results”"));
      goto out;
    }
  if (rs.bad != 0)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                   _("Result %u in the server’s answer is not valid"), rs.bad);
      goto out;
    }

  if (epoch != NULL)
    *epoch = g_steal_pointer (&epoch_str);
  if (results != NULL)
    *results = g_steal_pointer (&rs.list);
  ok = TRUE;

out:
  results_clear (&rs);
  ch_json_reader_clear (&r);
  return ok;
}
