/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-apply"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-json.h"
#include "ch-server-apply.h"
#include "ch-server-apply-private.h"
#include "ch-server-registrations.h"
#include "ch-clock.h"
#include "ch-email.h"
#include "ch-uuid.h"

G_DEFINE_QUARK (ch-server-apply-error-quark, ch_server_apply_error)

static void
forget_written (Batch *b)
{
  b->written_entity = NULL;
  g_clear_pointer (&b->written_id, g_free);
  g_clear_pointer (&b->written_fields, json_object_unref);

}

/* A conflict found while comparing, written once the row itself is. */
typedef struct
{
  const char *group;
  char       *theirs;
  char       *mine;
} PendingConflict;

static void
pending_conflict_free (PendingConflict *pc)
{
  g_free (pc->theirs);
  g_free (pc->mine);
  g_free (pc);
}

/* Appends "name":value to the JSON object being built in @out (which
 * starts with '{'), with a comma before every member but the first. */
static void
append_json_member (GString    *out,
                    const char *name,
                    JsonNode   *value)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  ch_json_append_string (out, name);
  g_string_append_c (out, ':');
  ch_json_append_node (out, value);
}

/* The stored form of a row: every field of the entity, in descriptor
 * order, null when unset. */
char *
ch_server_apply_fields_to_json (const ChEntityInfo *entity,
                          JsonObject         *fields)
{
  GString *out = g_string_sized_new (48 * entity->n_fields);

  g_string_append_c (out, '{');
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const char *name = entity->fields[i].name;

      append_json_member (out, name, fields ? json_object_get_member (fields, name) : NULL);
    }
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

JsonObject *
ch_server_apply_load_fields (const ChServerRecord  *record,
                             GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *fields;

  fields = ch_json_parse_object (record->fields ? record->fields : "{}",
                                 record->fields ? strlen (record->fields) : 2,
                                 &local_error);
  if (fields == NULL)
    g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_FAILED,
                 _("Stored row %s/%s is damaged: %s"),
                 record->entity, record->id, local_error->message);

  return fields;
}

void
ch_server_apply_overlay (JsonObject *fields,
                         JsonObject *set)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (set == NULL)
    return;

  json_object_iter_init (&iter, set);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (fields, name, json_node_copy (value));
}

const char *
ch_server_apply_get_text (JsonObject *fields,
                          const char *name)
{
  JsonNode *node = fields ? json_object_get_member (fields, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Writes a row at the next version of the chapter. */
gboolean
ch_server_apply_write_record (Batch               *b,
                              const ChEntityInfo  *entity,
                              const char          *id,
                              gboolean             deleted,
                              JsonObject          *fields,
                              gint64              *version,
                              GError             **error)
{
  g_autofree char *json = NULL;
  g_autofree char *email_key = NULL;

  if (!deleted && strcmp (entity->name, "member") == 0)
    email_key = ch_email_normalize (ch_server_apply_get_text (fields, "email"));
  /* Every tombstone of a member, however it is written (a delete, a
   * merge, a conflict that writes it again), keeps no personal field. */
  if (deleted && fields != NULL)
    ch_server_apply_scrub_tombstone (entity->name, fields);
  if (strcmp (entity->name, "registration") == 0 &&
      !ch_server_registration_before_write (b->store, b->chapter_id, id, b->version + 1, fields,
                                            &deleted, &email_key, error))
    return FALSE;
  json = ch_server_apply_fields_to_json (entity, fields);

  return ch_server_apply_write_text (b, entity, id, deleted, json, email_key, fields, version,
                                     error);
}

gboolean
ch_server_apply_write_conflict (Batch       *b,
                                const char  *entity,
                                const char  *row_id,
                                const char  *group,
                                const char  *theirs,
                                const char  *mine,
                                const char  *kept_author,
                                const char  *kept_device_id,
                                GError     **error)
{
  const ChEntityInfo *conflict = ch_entity_lookup ("conflict");
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = ch_uuid_new_v7 ();

  json_object_set_string_member (fields, "entity", entity);
  json_object_set_string_member (fields, "row_id", row_id);
  json_object_set_string_member (fields, "field_group", group);
  json_object_set_string_member (fields, "theirs", theirs);
  json_object_set_string_member (fields, "mine", mine);
  json_object_set_string_member (fields, "author", b->author);
  json_object_set_string_member (fields, "device_id", b->device_id);
  /* Who made the value that was kept, when known: each device then
   * tells its own change from the other officer's. */
  if (kept_author != NULL)
    json_object_set_string_member (fields, "kept_author", kept_author);
  if (kept_device_id != NULL)
    json_object_set_string_member (fields, "kept_device_id", kept_device_id);
  json_object_set_string_member (fields, "created_at", b->now);
  json_object_set_boolean_member (fields, "resolved", FALSE);

  return ch_server_apply_write_record (b, conflict, id, FALSE, fields, NULL, error);
}

/* After a member is written live: another live member with the same
 * e-mail (trimmed, case-folded) makes a "duplicate" conflict. */
static gboolean
check_duplicate (Batch       *b,
                 const char  *id,
                 JsonObject  *fields,
                 gboolean    *found,
                 GError     **error)
{
  const char *email = ch_server_apply_get_text (fields, "email");
  g_autofree char *key = ch_email_normalize (email);
  g_autofree char *other_id = NULL;
  g_autoptr(ChServerRecord) other = NULL;
  g_autoptr(JsonObject) other_fields = NULL;
  g_autoptr(GString) theirs = NULL;
  g_autoptr(GString) mine = NULL;

  *found = FALSE;
  if (key == NULL)
    return TRUE;

  if (!ch_server_store_find_email (b->store, b->chapter_id, key, id, &other_id, error))
    return FALSE;
  if (other_id == NULL)
    return TRUE;

  if (!ch_server_store_get_record (b->store, b->chapter_id, "member", other_id, &other, error))
    return FALSE;
  if (other != NULL && !(other_fields = ch_server_apply_load_fields (other, error)))
    return FALSE;

  theirs = g_string_new ("{\"id\":");
  ch_json_append_string (theirs, other_id);
  g_string_append (theirs, ",\"email\":");
  ch_json_append_node (theirs,
                       other_fields ? json_object_get_member (other_fields, "email") : NULL);
  g_string_append_c (theirs, '}');

  mine = g_string_new ("{\"id\":");
  ch_json_append_string (mine, id);
  g_string_append (mine, ",\"email\":");
  ch_json_append_string (mine, email);
  g_string_append_c (mine, '}');

  *found = TRUE;
  return ch_server_apply_write_conflict (b, "member", id, "duplicate", theirs->str, mine->str,
                                         NULL, NULL, error);
}

static gboolean
field_in_group (const ChFieldInfo *field,
                const ChFieldInfo *leader)
{
  if (leader->group == NULL)
    return field == leader;

  return field->group != NULL && strcmp (field->group, leader->group) == 0;
}

/*
 * Per-group compare-and-set of @set onto @fields (changed in place). A
 * group is applied when the server's values of all its fields equal @base
 * (a field missing from @base counts as null) or already equal @set;
 * otherwise the server keeps its values and a conflict is queued.
 */
static void
compare_and_set (const ChEntityInfo *entity,
                 JsonObject         *fields,
                 JsonObject         *base,
                 JsonObject         *set,
                 gboolean           *changed,
                 GPtrArray          *applied,
                 GPtrArray          *conflicts)
{
  gboolean done[64] = { FALSE };

  g_assert (entity->n_fields <= G_N_ELEMENTS (done));

  *changed = FALSE;
  if (set == NULL)
    return;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const ChFieldInfo *leader = &entity->fields[i];
      gboolean base_ok = TRUE;
      gboolean set_ok = TRUE;

      if (done[i] || !json_object_has_member (set, leader->name))
        continue;

      for (guint j = i; j < entity->n_fields; j++)
        {
          const ChFieldInfo *f = &entity->fields[j];
          JsonNode *current;

          if (!field_in_group (f, leader))
            continue;

          done[j] = TRUE;
          current = json_object_get_member (fields, f->name);
          if (!ch_json_value_equal (current, base ? json_object_get_member (base, f->name) : NULL))
            base_ok = FALSE;
          if (json_object_has_member (set, f->name) &&
              !ch_json_value_equal (current, json_object_get_member (set, f->name)))
            set_ok = FALSE;
        }

      /* Group members before i were never in @set (else the group would
       * have been handled then), but they still take part in the base
       * comparison. */
      for (guint j = 0; j < i; j++)
        {
          const ChFieldInfo *f = &entity->fields[j];

          if (field_in_group (f, leader) &&
              !ch_json_value_equal (json_object_get_member (fields, f->name),
                                    base ? json_object_get_member (base, f->name) : NULL))
            base_ok = FALSE;
        }

      if (!base_ok && !set_ok && leader->group == NULL && leader->keep_latest)
        {
          /* A derived value that only rises (dues paid until): two devices
           * that both raised it from the same value are not in conflict;
           * the later value wins.  Text compares as ISO dates do. */
          JsonNode *current = json_object_get_member (fields, leader->name);
          JsonNode *mine = json_object_get_member (set, leader->name);
          const char *cur_text = current && JSON_NODE_HOLDS_VALUE (current) &&
                                 json_node_get_value_type (current) == G_TYPE_STRING
                                 ? json_node_get_string (current) : NULL;
          const char *my_text = mine && JSON_NODE_HOLDS_VALUE (mine) &&
                                json_node_get_value_type (mine) == G_TYPE_STRING
                                ? json_node_get_string (mine) : NULL;

          if (my_text != NULL && g_strcmp0 (my_text, cur_text) > 0)
            json_object_set_member (fields, leader->name, json_node_copy (mine));
          /* Written either way: when ours stays, the row's new version
           * makes the device that sent the lower value pull ours, even if
           * it already holds this version with its own value laid over
           * it (a change made while it was pulling). */
          *changed = TRUE;
          continue;
        }

      if (base_ok || set_ok)
        {
          if (!set_ok)
            g_ptr_array_add (applied, (gpointer) (leader->group ? leader->group : leader->name));
          for (guint j = 0; j < entity->n_fields; j++)
            {
              const ChFieldInfo *f = &entity->fields[j];
              JsonNode *value;

              if (!field_in_group (f, leader) || !json_object_has_member (set, f->name))
                continue;

              value = json_object_get_member (set, f->name);
              if (!ch_json_value_equal (json_object_get_member (fields, f->name), value))
                {
                  json_object_set_member (fields, f->name, json_node_copy (value));
                  *changed = TRUE;
                }
            }
        }
      else
        {
          PendingConflict *pc = g_new0 (PendingConflict, 1);
          GString *theirs = g_string_new ("{");
          GString *mine = g_string_new ("{");

          for (guint j = 0; j < entity->n_fields; j++)
            {
              const ChFieldInfo *f = &entity->fields[j];

              if (!field_in_group (f, leader))
                continue;

              append_json_member (theirs, f->name, json_object_get_member (fields, f->name));
              if (json_object_has_member (set, f->name))
                append_json_member (mine, f->name, json_object_get_member (set, f->name));
            }
          g_string_append_c (theirs, '}');
          g_string_append_c (mine, '}');

          pc->group = leader->group ? leader->group : leader->name;
          pc->theirs = g_string_free (theirs, FALSE);
          pc->mine = g_string_free (mine, FALSE);
          g_ptr_array_add (conflicts, pc);
        }
    }
}

/* Update (or insert onto a live row, with an empty base). */
ChMutationResult *
ch_server_apply_apply_update (Batch                *b,
                              const ChEntityInfo   *entity,
                              const ChMutation     *m,
                              const ChServerRecord *record,
                              JsonObject           *base,
                              GError              **error)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) applied = NULL;
  gint64 version = record->version;
  gboolean changed;

  /* The common case, on the stored text (ch-server-apply-text.c). */
  {
    ChMutationResult *result;

    if (ch_server_apply_update_text (b, entity, m, record, base, &result, error))
      return result;
  }

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_conflict_free);
  applied = g_ptr_array_new ();
  if (!(fields = ch_server_apply_load_fields (record, error)))
    return NULL;

  compare_and_set (entity, fields, base, m->set, &changed, applied, conflicts);

  if (changed && !ch_server_apply_write_record (b, entity, m->id, FALSE, fields, &version, error))
    return NULL;

  /* Remember who changed each group, to name them in a later conflict. */
  for (guint i = 0; i < applied->len; i++)
    if (!ch_server_store_put_author (b->store, b->chapter_id, entity->name, m->id,
                                     g_ptr_array_index (applied, i), b->author, b->device_id,
                                     error))
      return NULL;

  for (guint i = 0; i < conflicts->len; i++)
    {
      PendingConflict *pc = g_ptr_array_index (conflicts, i);
      g_autofree char *kept_author = NULL;
      g_autofree char *kept_device_id = NULL;

      if (!ch_server_store_get_author (b->store, b->chapter_id, entity->name, m->id, pc->group,
                                       &kept_author, &kept_device_id, error) ||
          !ch_server_apply_write_conflict (b, entity->name, m->id, pc->group, pc->theirs, pc->mine,
                                           kept_author, kept_device_id, error))
        return NULL;
    }

  return ch_mutation_result_new (m->mid,
                                 conflicts->len > 0 ? CH_RESULT_CONFLICT : CH_RESULT_APPLIED,
                                 version, NULL);
}

/* Writes @fields (with @set over them) as a live row: a new row, an
 * un-deleted tombstone. */
static ChMutationResult *
apply_live (Batch               *b,
            const ChEntityInfo  *entity,
            const ChMutation    *m,
            JsonObject          *fields,
            GError             **error)
{
  gboolean duplicate = FALSE;
  gint64 version;

  ch_server_apply_overlay (fields, m->set);
  /* A live member is merged into nobody (an undone merge). */
  if (strcmp (entity->name, "member") == 0 && json_object_has_member (fields, "merged_into"))
    json_object_set_null_member (fields, "merged_into");
  if (!ch_server_apply_write_record (b, entity, m->id, FALSE, fields, &version, error))
    return NULL;

  /* Undelete is adding the member again: like an insert, a possible
   * duplicate (see check_duplicate()). */
  if ((m->op == CH_OP_INSERT || m->op == CH_OP_RESTORE) && strcmp (entity->name, "member") == 0 &&
      !check_duplicate (b, m->id, fields, &duplicate, error))
    return NULL;

  return ch_mutation_result_new (m->mid,
                                 duplicate ? CH_RESULT_CONFLICT : CH_RESULT_APPLIED,
                                 version, NULL);
}


ChMutationResult *
ch_server_apply_rejected (const ChMutation *m,
                          const char       *message)
{
  return ch_mutation_result_new (m->mid, CH_RESULT_REJECTED, 0, message);
}

/* Whether devices make the ids of @entity from names (a registration from
 * event and person, a join period from the member, …), so that two
 * devices may insert the same row, also after it was deleted. */
static gboolean
ids_from_names (const ChEntityInfo *entity)
{
  static const char *const named[] = {
    "chapter", "registration", "membership_period", "member_specialty", "membership_tier",
  };

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    if (strcmp (entity->name, named[i]) == 0)
      return TRUE;

  return FALSE;
}

/* Whether a delete of this batch made the tombstone of @id. */
static gboolean
restores_own_delete (Batch              *b,
                     const ChEntityInfo *entity,
                     const char         *id)
{
  g_autofree char *key = g_strconcat (entity->name, " ", id, NULL);

  return g_hash_table_contains (b->deleted_here, key);
}

/* The personal fields a delete of this batch took from @id's row, or NULL
 * (no such delete, or none kept). */
static JsonObject *
kept_by_own_delete (Batch              *b,
                    const ChEntityInfo *entity,
                    const char         *id)
{
  g_autofree char *key = g_strconcat (entity->name, " ", id, NULL);
  JsonObject *kept = g_hash_table_lookup (b->deleted_here, key);

  return kept != NULL && json_object_get_size (kept) > 0 ? kept : NULL;
}

/* *@before: the row as it was, when it was read (the caller frees it). */
static ChMutationResult *
apply_one (Batch             *b,
           const ChMutation  *m,
           ChServerRecord   **before,
           GError           **error)
{
  g_autoptr(GError) check_error = NULL;
  ChServerRecord *record = NULL;
  g_autoptr(ChMutation) rewritten = NULL;
  g_autoptr(ChMutationResult) refused = NULL;
  const ChEntityInfo *entity;
  JsonObject *kept_here;

  if (!ch_protocol_check_mutation (m, &check_error))
    return ch_server_apply_rejected (m, check_error->message);

  entity = ch_entity_lookup (m->entity);

  if (strcmp (entity->name, "chapter") == 0)
    {
      if (strcmp (m->id, b->chapter_id) != 0)
        return ch_server_apply_rejected (m,
                                         _("A chapter row’s id must be the chapter’s own id"));
      if (m->op == CH_OP_DELETE || m->op == CH_OP_RESTORE)
        return ch_server_apply_rejected (m, _("A chapter cannot be deleted or restored "
                                              "from a device"));
    }

  if (!ch_server_store_get_record (b->store, b->chapter_id, entity->name, m->id, before, error))
    return NULL;
  record = *before;
  b->current_before = record;

  if (record == NULL && m->op != CH_OP_INSERT)
    {
      /* Translators: to a sync client: the first %s is the protocol's entity
       * name ("member", "event"…), left in English, the second a row's id */
      g_autofree char *message = g_strdup_printf (_("There is no %s with id %s"),
                                                  entity->name, m->id);

      return ch_server_apply_rejected (m, message);
    }

  /* An erased member takes no change any more: the erasure wins. */
  if (ch_server_apply_is_erased (record) && !ch_server_apply_is_erasure (m))
    return ch_server_apply_rejected (m, _("This member was erased, so the change was not "
                                          "kept."));
  if (record != NULL && ch_server_apply_is_erasure (m))
    return ch_server_apply_apply_erase (b, entity, m, record, error);

  if (!ch_server_apply_check_rules (b, entity, m, record, &rewritten, &refused, error))
    return NULL;
  if (refused != NULL)
    return ch_server_apply_refuse_and_resend (b, entity, m, record, g_steal_pointer (&refused),
                                              error);
  if (rewritten != NULL)
    m = rewritten;

  switch (m->op)
    {
    case CH_OP_INSERT:
      if (record == NULL)
        {
          g_autoptr(JsonObject) fields = json_object_new ();

          return apply_live (b, entity, m, fields, error);
        }
      else if (record->deleted && !ids_from_names (entity))
        {
          /* The row was made once, by one device, and deleted since: this
           * insert is that device's, sent again (its answer was lost and
           * it took a new device id, or its data file was restored from a
           * copy).  The deletion stands, as for an edit after a delete;
           * the tombstone is written again so that device drops its copy. */
          g_autoptr(JsonObject) fields = ch_server_apply_load_fields (record, error);
          g_autofree char *mine = ch_json_object_to_string (m->set, NULL);
          gint64 version;

          if (fields == NULL ||
              !ch_server_apply_write_conflict (b, entity->name, m->id, "deleted",
                                               "{\"deleted\":true}", mine, NULL, NULL, error) ||
              !ch_server_apply_write_record (b, entity, m->id, TRUE, fields, &version, error))
            return NULL;

          return ch_mutation_result_new (m->mid, CH_RESULT_CONFLICT, version, NULL);
        }
      else if (record->deleted)
        {
          g_autoptr(JsonObject) fields = ch_server_apply_load_fields (record, error);

          return fields ? apply_live (b, entity, m, fields, error) : NULL;
        }
      else if (strcmp (entity->name, "registration") == 0)
        {
          /* The same person registered on two devices: one registration. */
          g_autoptr(JsonObject) fields = ch_server_apply_load_fields (record, error);
          gint64 version;

          if (fields == NULL)
            return NULL;
          ch_server_registration_merge (fields, m->set);
          if (!ch_server_apply_write_record (b, entity, m->id, FALSE, fields, &version, error))
            return NULL;
          return ch_mutation_result_new (m->mid, CH_RESULT_APPLIED, version, NULL);
        }
      else
        {
          /* The same id made twice (deterministic ids): compare with an
           * empty base, so equal values merge and different ones conflict. */
          return ch_server_apply_apply_update (b, entity, m, record, NULL, error);
        }

    case CH_OP_UPDATE:
      if (m->set == NULL || json_object_get_size (m->set) == 0)
        return ch_mutation_result_new (m->mid, CH_RESULT_APPLIED, record->version, NULL);

      if (record->deleted)
        {
          /* Edit after delete: the row stays deleted; officers can restore. */
          g_autofree char *mine = ch_json_object_to_string (m->set, NULL);
          g_autoptr(GError) local_error = NULL;
          ChMutationResult *moved = ch_server_apply_apply_to_survivor (b, entity, m, record,
                                                                       &local_error);

          /* ... unless it was merged away: the edit goes to the survivor. */
          if (moved != NULL || local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return moved;
            }

          if (!ch_server_apply_write_conflict (b, entity->name, m->id, "deleted",
                                               "{\"deleted\":true}", mine, NULL, NULL, error))
            return NULL;

          return ch_mutation_result_new (m->mid, CH_RESULT_CONFLICT, record->version, NULL);
        }

      if (strcmp (entity->name, "conflict") == 0)
        {
          g_autoptr(ChMutationResult) result =
            ch_server_apply_apply_update (b, entity, m, record, m->base, error);

          if (result == NULL || !ch_server_apply_drop_declined_edit (b, entity, m, error))
            return NULL;
          return g_steal_pointer (&result);
        }

      return ch_server_apply_apply_member_update (b, entity, m, record, m->base, error);

    case CH_OP_DELETE:
      if (strcmp (entity->name, "member") == 0 && m->set != NULL &&
          json_object_has_member (m->set, "merged_into"))
        return ch_server_apply_apply_merge (b, entity, m, record, error);
      else
        {
          /* Also when the row is already deleted, the tombstone is written
           * again (new version): this deletion is the latest word, and a
           * restore made before it and sent again later (its base.version
           * now below the tombstone's) must not undo it — e.g. a tombstone
           * that came back with a server restore, deleted again by a device
           * that saw the row live before the restore. */
          g_autoptr(JsonObject) fields = ch_server_apply_load_fields (record, error);
          g_autoptr(JsonObject) kept = NULL;
          gint64 version;

          if (fields == NULL)
            return NULL;
          /* Writing the tombstone drops the personal fields: kept for a
           * restore of the same request. */
          if (!record->deleted)
            kept = ch_server_apply_keep_personal (entity->name, fields);
          if (!ch_server_apply_write_record (b, entity, m->id, TRUE, fields, &version, error))
            return NULL;
          /* Only a delete that made the tombstone lets a restore of the
           * same request undo it (an old insert, delete and restore sent
           * again from a copied data file must not undo a later delete). */
          if (!record->deleted)
            g_hash_table_replace (b->deleted_here, g_strconcat (entity->name, " ", m->id, NULL),
                                  g_steal_pointer (&kept));

          return ch_mutation_result_new (m->mid, CH_RESULT_APPLIED, version, NULL);
        }

    case CH_OP_RESTORE:
      if (record->deleted && m->base != NULL && json_object_has_member (m->base, "version") &&
          json_object_get_int_member (m->base, "version") < record->version &&
          !restores_own_delete (b, entity, m->id))
        {
          /* The device restored an older tombstone than this one: the row
           * was restored and deleted again since, and this restore is sent
           * again (from a copy of the data file put back).  The later
           * deletion stands, with a conflict that offers the restore; the
           * tombstone is written again so that device drops its copy.
           * Versions are the server's, never a device's clock. */
          g_autoptr(JsonObject) fields = ch_server_apply_load_fields (record, error);
          gint64 version;

          if (fields == NULL ||
              !ch_server_apply_write_conflict (b, entity->name, m->id, "deleted",
                                               "{\"deleted\":true}", "{\"deleted\":false}",
                                               NULL, NULL, error) ||
              !ch_server_apply_write_record (b, entity, m->id, TRUE, fields, &version, error))
            return NULL;

          return ch_mutation_result_new (m->mid, CH_RESULT_CONFLICT, version, NULL);
        }
      if (record->deleted && (kept_here = kept_by_own_delete (b, entity, m->id)) != NULL)
        {
          /* Deleted and restored in this request: the row comes back as
           * the server held it just before, not with the device's copy. */
          g_autoptr(JsonObject) fields = ch_server_apply_load_fields (record, error);
          g_autoptr(JsonObject) set = NULL;
          ChMutation restore;

          if (fields == NULL)
            return NULL;
          set = ch_server_apply_restore_set (m->set, kept_here);
          restore = *m;
          restore.set = set;
          return apply_live (b, entity, &restore, fields, error);
        }
      if (record->deleted)
        {
          g_autoptr(JsonObject) fields = ch_server_apply_load_fields (record, error);

          if (fields == NULL)
            return NULL;
          if (!ch_server_apply_restore_has_fields (entity->name, fields, m->set))
            return ch_mutation_result_new_rejected (m->mid, "restore_needs_fields",
                                                    _("This member’s details were removed when "
                                                      "they were deleted, and the restore did "
                                                      "not bring them back, so it was not "
                                                      "kept."));
          return apply_live (b, entity, m, fields, error);
        }

      /* Restored already (by another device): the row stands as it is.  A
       * member's restore carries the device's copy of the personal fields
       * for a scrubbed tombstone, not an edit; check_held() hands the
       * device the server's values. */
      if (m->set == NULL || json_object_get_size (m->set) == 0 ||
          strcmp (entity->name, "member") == 0)
        return ch_mutation_result_new (m->mid, CH_RESULT_APPLIED, record->version, NULL);

      return ch_server_apply_apply_member_update (b, entity, m, record, m->base, error);

    default:
      g_assert_not_reached ();
    }
}

/* "Applied" must mean the server holds the value: after an applied
 * insert, update or restore, any field of "set" whose value the server
 * did not take (a later "paid until" kept) makes the result overridden,
 * with the server's values of those fields. */
static gboolean
check_held (Batch             *b,
            const ChMutation  *m,
            ChMutationResult  *result,
            GError           **error)
{
  g_autoptr(ChServerRecord) record = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) kept = NULL;
  const ChEntityInfo *entity;
  gboolean all_latest = TRUE;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (result->status != CH_RESULT_APPLIED || m->op == CH_OP_DELETE ||
      m->set == NULL || json_object_get_size (m->set) == 0 ||
      (entity = ch_entity_lookup (m->entity)) == NULL)
    return TRUE;

  /* Every value of "set" was found held or written (the update on the
   * stored text), and this is still the row's version. */
  if (b->set_held_by == m && result->version == b->set_held_version &&
      (result->version == b->version || !b->current_written))
    return TRUE;

  /* The row this mutation just wrote, or else the stored one (a mutation
   * that changed nothing). */
  if (b->written_entity == entity && b->written_id != NULL &&
      strcmp (b->written_id, m->id) == 0 && b->written_fields != NULL &&
      result->version == b->version)
    fields = json_object_ref (b->written_fields);
  else
    {
      if (!ch_server_store_get_record (b->store, b->chapter_id, entity->name, m->id, &record,
                                       error))
        return FALSE;
      if (record == NULL)
        return TRUE;
      if (!(fields = ch_server_apply_load_fields (record, error)))
        return FALSE;
    }

  json_object_iter_init (&iter, m->set);
  while (json_object_iter_next (&iter, &name, &value))
    {
      const ChFieldInfo *field = ch_entity_field (entity, name);
      JsonNode *held = json_object_get_member (fields, name);

      if (ch_json_value_equal (held, value))
        continue;

      if (kept == NULL)
        kept = json_object_new ();
      json_object_set_member (kept, name,
                              held ? json_node_copy (held) : json_node_new (JSON_NODE_NULL));
      if (field == NULL || !field->keep_latest)
        all_latest = FALSE;
    }

  if (kept != NULL)
    ch_mutation_result_set_overridden (result, all_latest ? "kept_later" : "server_kept", kept);

  return TRUE;
}


gboolean
ch_server_apply_batch (ChServerStore  *store,
                       const char     *chapter_id,
                       const char     *device_id,
                       gint64          token_id,
                       const char     *author,
                       GPtrArray      *mutations,
                       GPtrArray     **results,
                       gint64         *error_mid,
                       GError        **error)
{
  return ch_server_apply_batch_after (store, chapter_id, device_id, token_id, author, -1,
                                      mutations, results, error_mid, error);
}

gboolean
ch_server_apply_batch_after (ChServerStore  *store,
                             const char     *chapter_id,
                             const char     *device_id,
                             gint64          token_id,
                             const char     *author,
                             gint64          after_mid,
                             GPtrArray      *mutations,
                             GPtrArray     **results,
                             gint64         *error_mid,
                             GError        **error)
{
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GPtrArray) replays = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = ch_clock_now_utc_iso ();
  g_autoptr(GHashTable) deleted_here = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                              g_free,
                                                              (GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) held_here = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                           g_free, g_free);
  Batch b = { store, chapter_id, device_id, author, 0, now };
  gint64 last_mid = 0;
  gint64 new_last_mid;

  b.deleted_here = deleted_here;
  b.held_here = held_here;
  g_return_val_if_fail (CH_IS_SERVER_STORE (store), FALSE);
  g_return_val_if_fail (chapter_id != NULL && device_id != NULL, FALSE);
  g_return_val_if_fail (mutations != NULL, FALSE);

  out = g_ptr_array_new_full (mutations->len, (GDestroyNotify) ch_mutation_result_free);
  replays = g_ptr_array_new_full (mutations->len, (GDestroyNotify) ch_mutation_result_free);

  if (!ch_server_store_begin_batch (store, chapter_id, &b.version, error))
    return FALSE;

  if (!ch_server_store_get_last_mid (store, chapter_id, device_id, &last_mid, &local_error))
    goto fail;

  /* A batch sent before the answer to the one it follows came: only
   * right after that one (not alone, when that one was lost or refused;
   * not again, after it was applied: a duplicate is sent again in order
   * and then gets its stored answers). */
  if (after_mid >= 0 && last_mid != after_mid)
    {
      if (error_mid != NULL)
        *error_mid = last_mid;
      g_set_error (&local_error, CH_SERVER_APPLY_ERROR, CH_SERVER_APPLY_ERROR_OUT_OF_ORDER,
                   _("The changes this batch follows have not been applied; send the "
                     "changes again from the first one not acknowledged"));
      goto fail;
    }

  if (!ch_server_apply_check_device (&b, token_id, last_mid, mutations, replays, error_mid,
                                     &local_error))
    goto fail;

  new_last_mid = last_mid;
  for (guint i = 0; i < mutations->len; i++)
    {
      const ChMutation *m = g_ptr_array_index (mutations, i);
      ChMutationResult *result = NULL;
      g_autofree char *fingerprint = NULL;
      g_autoptr(ChServerRecord) before = NULL;

      if (m->mid <= last_mid)
        {
          /* Seen before, the same change (a retry after a lost answer):
           * same answer. */
          ch_server_apply_held_replayed (&b, m, g_ptr_array_index (replays, i));
          g_ptr_array_add (out, g_steal_pointer (&g_ptr_array_index (replays, i)));
          continue;
        }

      forget_written (&b);
      b.current = m;
      b.current_before = NULL;
      b.held_written = FALSE;
      b.current_written = FALSE;
      b.set_held_by = NULL;
      result = apply_one (&b, m, &before, &local_error);
      if (result == NULL)
        goto fail;
      g_ptr_array_add (out, result);

      fingerprint = ch_mutation_fingerprint (m);
      if (!check_held (&b, m, result, &local_error) ||
          !ch_server_apply_held_decide (&b, m, before, result, &local_error) ||
          !ch_server_store_put_result (store, chapter_id, device_id, result, fingerprint,
                                       &local_error))
        goto fail;
      new_last_mid = m->mid;
    }

  if (new_last_mid != last_mid &&
      !ch_server_store_set_last_mid (store, chapter_id, device_id, new_last_mid, &local_error))
    goto fail;

  forget_written (&b);
  if (!ch_server_store_end_batch (store, chapter_id, b.version, TRUE, error))
    return FALSE;

  if (results != NULL)
    *results = g_steal_pointer (&out);

  return TRUE;

fail:
  forget_written (&b);
  ch_server_store_end_batch (store, chapter_id, b.version, FALSE, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
