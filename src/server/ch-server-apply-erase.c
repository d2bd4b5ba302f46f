/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-erase.h"
#include "ch-server-apply-private.h"
#include "ch-date.h"

/*
 * Erasing a member (docs/sync-protocol.md, "Erasure"): a "delete" of a
 * member whose "set" holds "erased_on".  The server keeps one stored
 * version per row, so nulling the fields of that version (also on a
 * tombstone) and writing it at a new version of the chapter leaves no
 * personal field in the records, and the change feed hands every device
 * the wiped row.  Rows about the member lose their personal text the same
 * way.  Afterwards every change to the erased member is refused.
 */

/* The rows about a member: entity and the field that names the member. */
static const struct
{
  const char *entity;
  const char *field;
} related[] = {
  { "payment", "member_id" },
  { "mail_record", "member_id" },
  { "registration", "member_id" },
  { "conflict", "row_id" },
};

/* Nulls the fields ch-erase names for @entity; whether any was set. */
static gboolean
scrub (const char *entity,
       JsonObject *fields)
{
  const char * const *names = ch_erase_related_fields (entity);
  gboolean changed = FALSE;

  for (guint i = 0; names[i]; i++)
    {
      JsonNode *node = json_object_get_member (fields, names[i]);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        {
          json_object_set_null_member (fields, names[i]);
          changed = TRUE;
        }
    }

  if (strcmp (entity, "member") == 0)
    {
      const char * const *flags = ch_erase_member_flags ();

      for (guint i = 0; flags[i]; i++)
        json_object_set_boolean_member (fields, flags[i], FALSE);
    }

  return changed;
}

/* A deleted member's tombstone keeps no personal field (issue 16): the
 * fields ch-erase names are nulled when the member is deleted; id,
 * version, "deleted", "merged_into", the consents and what statistics
 * need stay.  A restore brings the fields back from the device's own copy
 * (ch_store_restore() sends them in "set").  Whether any was set. */
gboolean
ch_server_apply_scrub_tombstone (const char *entity,
                                 JsonObject *fields)
{
  const char * const *names;
  gboolean changed = FALSE;

  if (strcmp (entity, "member") != 0)
    return FALSE;

  names = ch_erase_member_fields ();
  for (guint i = 0; names[i]; i++)
    {
      JsonNode *node = json_object_get_member (fields, names[i]);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        {
          json_object_set_null_member (fields, names[i]);
          changed = TRUE;
        }
    }

  return changed;
}

/* A member's personal fields of @fields (a live row about to become a
 * tombstone), copied: a restore later in the same request brings these
 * back, not the device's copy (see ch_server_apply_restore_set()).  An
 * empty object for other entities. */
JsonObject *
ch_server_apply_keep_personal (const char *entity,
                               JsonObject *fields)
{
  JsonObject *kept = json_object_new ();
  const char * const *names;

  if (strcmp (entity, "member") != 0)
    return kept;

  names = ch_erase_member_fields ();
  for (guint i = 0; names[i]; i++)
    {
      JsonNode *node = json_object_get_member (fields, names[i]);

      if (node != NULL)
        json_object_set_member (kept, names[i], json_node_copy (node));
    }

  return kept;
}

/* The "set" a member's restore is applied with when a delete of the same
 * request made the tombstone (@kept: the fields as they were just before
 * it, from ch_server_apply_keep_personal()).  The restore carries the
 * device's copy of the personal fields, which may be older than the
 * server's: an old delete and restore sent again from a data file put
 * back from a copy (chaos seed 50001) brought back a phone the officer
 * had changed and synced since.  The row keeps the server's values; the
 * device is told them (check_held() answers "overridden"). */
JsonObject *
ch_server_apply_restore_set (JsonObject *set,
                             JsonObject *kept)
{
  JsonObject *out = json_object_new ();

  ch_server_apply_overlay (out, set);
  ch_server_apply_overlay (out, kept);
  return out;
}

/* An edit of a member made after its deletion is kept in its "deleted"
 * conflict's "mine", for the officer who decides.  Once an officer keeps
 * the member deleted (resolution "theirs", the update @m of conflict row
 * just written), the edit's values go too: "mine" becomes "{}", at a new
 * version, so no personal data of the deleted member stays on the server. */
gboolean
ch_server_apply_drop_declined_edit (Batch               *b,
                                    const ChEntityInfo  *entity,
                                    const ChMutation    *m,
                                    GError             **error)
{
  g_autoptr(JsonObject) fields = NULL;

  if (b->written_entity != entity || g_strcmp0 (b->written_id, m->id) != 0 ||
      b->written_fields == NULL)
    return TRUE;  /* nothing written: nothing changed */

  fields = json_object_ref (b->written_fields);
  if (g_strcmp0 (ch_server_apply_get_text (fields, "entity"), "member") != 0 ||
      g_strcmp0 (ch_server_apply_get_text (fields, "field_group"), "deleted") != 0 ||
      g_strcmp0 (ch_server_apply_get_text (fields, "resolution"), "theirs") != 0 ||
      !json_object_get_boolean_member_with_default (fields, "resolved", FALSE) ||
      g_strcmp0 (ch_server_apply_get_text (fields, "mine"), "{}") == 0)
    return TRUE;

  json_object_set_string_member (fields, "mine", "{}");
  return ch_server_apply_write_record (b, entity, m->id, FALSE, fields, NULL, error);
}

/* Whether a restore of a member's tombstone @fields with @set brings a
 * whole member back: every required field (the names) held by the
 * tombstone or brought by the restore.  A tombstone written before the
 * fields were dropped still holds them; one written since needs the
 * restoring device's copy. */
gboolean
ch_server_apply_restore_has_fields (const char *entity,
                                    JsonObject *fields,
                                    JsonObject *set)
{
  const ChEntityInfo *info = ch_entity_lookup (entity);

  if (info == NULL || strcmp (entity, "member") != 0)
    return TRUE;

  for (guint i = 0; i < info->n_fields; i++)
    {
      const char *name = info->fields[i].name;
      JsonObject *from = set != NULL && json_object_has_member (set, name) ? set : fields;
      JsonNode *node;

      if (!info->fields[i].required)
        continue;
      node = json_object_get_member (from, name);
      if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
          json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
    }

  return TRUE;
}

gboolean
ch_server_apply_is_erased (const ChServerRecord *record)
{
  g_autoptr(JsonObject) fields = NULL;

  /* The stored form writes every field, a string as "name":"…": rows never
   * erased (nearly all) are told apart without parsing them. */
  if (record == NULL || strcmp (record->entity, "member") != 0 ||
      strstr (record->fields, "\"" CH_ERASE_FIELD_ON "\":\"") == NULL ||
      !(fields = ch_server_apply_load_fields (record, NULL)))
    return FALSE;

  return ch_server_apply_get_text (fields, CH_ERASE_FIELD_ON) != NULL;
}

gboolean
ch_server_apply_is_erasure (const ChMutation *m)
{
  return m->op == CH_OP_DELETE && strcmp (m->entity, "member") == 0 && m->set != NULL &&
         json_object_has_member (m->set, CH_ERASE_FIELD_ON);
}

static gboolean
scrub_related (Batch       *b,
               const char  *member_id,
               GError     **error)
{
  for (guint r = 0; r < G_N_ELEMENTS (related); r++)
    {
      const ChEntityInfo *entity = ch_entity_lookup (related[r].entity);
      g_autoptr(GPtrArray) ids = NULL;

      if (!ch_server_store_find_refs (b->store, b->chapter_id, related[r].entity,
                                      related[r].field, member_id, &ids, error))
        return FALSE;

      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(ChServerRecord) record = NULL;
          g_autoptr(JsonObject) fields = NULL;

          if (!ch_server_store_get_record (b->store, b->chapter_id, related[r].entity,
                                           g_ptr_array_index (ids, i), &record, error))
            return FALSE;
          if (record == NULL)
            continue;
          if (!(fields = ch_server_apply_load_fields (record, error)))
            return FALSE;
          if (scrub (related[r].entity, fields) &&
              !ch_server_apply_write_record (b, entity, record->id, record->deleted, fields,
                                             NULL, error))
            return FALSE;
        }
    }

  return TRUE;
}

ChMutationResult *
ch_server_apply_apply_erase (Batch                *b,
                             const ChEntityInfo   *entity,
                             const ChMutation     *m,
                             const ChServerRecord *record,
                             GError              **error)
{
  const char *erased_on = ch_server_apply_get_text (m->set, CH_ERASE_FIELD_ON);
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *today = NULL;
  GDate date;
  gint64 version;

  if (!(fields = ch_server_apply_load_fields (record, error)))
    return NULL;

  /* Erased already (sent again, or by two officers): the first stands. */
  if (ch_server_apply_get_text (fields, CH_ERASE_FIELD_ON) != NULL)
    return ch_mutation_result_new (m->mid, CH_RESULT_APPLIED, record->version, NULL);

  if (erased_on == NULL || !ch_date_parse (erased_on, &date))
    erased_on = today = g_strndup (b->now, 10);

  scrub ("member", fields);
  json_object_set_string_member (fields, CH_ERASE_FIELD_ON, erased_on);
  /* Who erased is the token's name, as for every other author here. */
  json_object_set_string_member (fields, CH_ERASE_FIELD_BY,
                                 b->author ? b->author
                                           : ch_server_apply_get_text (m->set, CH_ERASE_FIELD_BY));

  if (!ch_server_apply_write_record (b, entity, m->id, TRUE, fields, &version, error) ||
      !scrub_related (b, m->id, error))
    return NULL;

  /* The last row written was a related one: the result is the member's. */
  return ch_mutation_result_new (m->mid, CH_RESULT_APPLIED, version, NULL);
}
