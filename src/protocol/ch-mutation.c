/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mutation"

#include "config.h"

#include <string.h>

#include "ch-json.h"
#include "ch-mutation.h"
#include "ch-protocol-private.h"

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
  m->held_version = -1;

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
  r->previous_version = -1;

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
