/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-apply"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-json.h"
#include "ch-opportunity-rule.h"
#include "ch-server-apply-private.h"
#include "ch-server-registrations.h"
#include "ch-email.h"
#include "ch-uuid.h"
#include "ch-date.h"

/* ----------------------------------------------------------------------- */
/* Data rules: members deleted or merged away, e-mail taken, join periods   */

/* Fields of @entity that hold a member id. */
static const char *const *
member_ref_fields (const ChEntityInfo *entity)
{
  static const char *const member_id[] = { "member_id", NULL };
  static const char *const from_to[] = { "from_member_id", "to_member_id", NULL };
  static const char *const none[] = { NULL };

  if (strcmp (entity->name, "payment") == 0 ||
      strcmp (entity->name, "membership_period") == 0 ||
      strcmp (entity->name, "role") == 0 ||
      strcmp (entity->name, "member_specialty") == 0 ||
      strcmp (entity->name, "registration") == 0 ||
      strcmp (entity->name, "mail_record") == 0)
    return member_id;
  if (strcmp (entity->name, "opportunity") == 0)
    return from_to;

  return none;
}

typedef enum
{
  MEMBER_UNKNOWN,   /* the server has no such member */
  MEMBER_LIVE,
  MEMBER_MERGED,    /* merged away; *survivor is the live member it leads to */
  MEMBER_DELETED,   /* deleted (or merged into a member deleted since) */
} MemberState;

#define MAX_MERGE_HOPS 64

/* Follows merged_into from @id.  A chain that comes back to @stop_at (or
 * loops) ends there: *survivor is @stop_at and the state is MEMBER_MERGED
 * if @stop_at is live. */
static gboolean
resolve_member (Batch        *b,
                const char   *id,
                const char   *stop_at,
                MemberState  *state,
                char        **survivor,
                GError      **error)
{
  g_autofree char *current = g_strdup (id);

  *state = MEMBER_UNKNOWN;
  *survivor = NULL;

  for (guint hop = 0; hop < MAX_MERGE_HOPS; hop++)
    {
      g_autoptr(ChServerRecord) record = NULL;
      g_autoptr(JsonObject) fields = NULL;
      const char *next;

      if (stop_at != NULL && hop > 0 && strcmp (current, stop_at) == 0)
        {
          *state = MEMBER_MERGED;
          *survivor = g_steal_pointer (&current);
          return TRUE;
        }

      if (!ch_server_store_get_record (b->store, b->chapter_id, "member", current, &record,
                                       error))
        return FALSE;
      if (record == NULL)
        {
          *state = hop == 0 ? MEMBER_UNKNOWN : MEMBER_DELETED;
          return TRUE;
        }
      if (!record->deleted)
        {
          *state = hop == 0 ? MEMBER_LIVE : MEMBER_MERGED;
          *survivor = g_steal_pointer (&current);
          return TRUE;
        }

      if (!(fields = ch_server_apply_load_fields (record, error)))
        return FALSE;
      next = ch_server_apply_get_text (fields, "merged_into");
      if (next == NULL || !ch_uuid_is_valid (next))
        {
          *state = MEMBER_DELETED;
          return TRUE;
        }

      g_free (current);
      current = g_strdup (next);
    }

  /* A loop of merges (never made by this server): nothing to follow. */
  *state = MEMBER_DELETED;
  return TRUE;
}

static ChMutationResult *
rejected_member_deleted (const ChMutation *m)
{
  return ch_mutation_result_new_rejected (m->mid, "member_deleted",
                                          _("The member was deleted on another device, so "
                                            "this change was not saved."));
}

/*
 * A new row (insert, restore, or an update that changes a member
 * reference) must not name a deleted member: it is ch_server_apply_rejected with code
 * "member_deleted".  A member merged away is followed to the survivor:
 * *rewritten is then a copy of @m with the survivor's id in @set.
 */
static gboolean
check_member_refs (Batch                 *b,
                   const ChEntityInfo    *entity,
                   const ChMutation      *m,
                   const ChServerRecord  *record,
                   ChMutation           **rewritten,
                   ChMutationResult     **refused,
                   GError               **error)
{
  const char *const *refs = member_ref_fields (entity);
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) set = NULL;

  *rewritten = NULL;
  *refused = NULL;

  if (refs[0] == NULL || m->op == CH_OP_DELETE)
    return TRUE;
  /* An update that does not touch a reference, or of a deleted row
   * (which stays deleted), makes no new reference. */
  if (m->op == CH_OP_UPDATE && (record == NULL || record->deleted))
    return TRUE;

  if (record != NULL && record->deleted && !(stored = ch_server_apply_load_fields (record, error)))
    return FALSE;

  for (guint i = 0; refs[i] != NULL; i++)
    {
      g_autofree char *survivor = NULL;
      const char *value = NULL;
      MemberState state;

      if (m->set != NULL && json_object_has_member (m->set, refs[i]))
        value = ch_server_apply_get_text (m->set, refs[i]);
      else if (m->op == CH_OP_UPDATE)
        continue;
      else if (stored != NULL && record->deleted)
        value = ch_server_apply_get_text (stored, refs[i]);   /* undelete: the row's own */

      if (value == NULL)
        continue;

      if (!resolve_member (b, value, NULL, &state, &survivor, error))
        return FALSE;

      if (state == MEMBER_DELETED)
        {
          *refused = rejected_member_deleted (m);
          return TRUE;
        }
      if (state == MEMBER_MERGED)
        {
          if (set == NULL)
            {
              /* A copy: the caller's mutation stays as sent. */
              set = json_object_new ();
              ch_server_apply_overlay (set, m->set);
            }
          json_object_set_string_member (set, refs[i], survivor);
        }
    }

  if (set != NULL)
    *rewritten = ch_mutation_new (m->mid, m->entity, m->id, m->op, m->base, set);

  return TRUE;
}

/* The join period: a member has at most one live period of kind "join".
 * Devices make it with an id derived from the member, so the same period
 * made on two devices is one row; a second one under another id is
 * refused with code "join_period_exists". */
static gboolean
check_join_period (Batch                 *b,
                   const ChEntityInfo    *entity,
                   const ChMutation      *m,
                   const ChServerRecord  *record,
                   ChMutationResult     **refused,
                   GError               **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  const char *member_id;

  *refused = NULL;
  if (strcmp (entity->name, "membership_period") != 0 || m->op != CH_OP_INSERT ||
      (record != NULL && !record->deleted) ||
      g_strcmp0 (ch_server_apply_get_text (m->set, "kind"), "join") != 0 ||
      !(member_id = ch_server_apply_get_text (m->set, "member_id")))
    return TRUE;

  if (!ch_server_store_find_refs (b->store, b->chapter_id, "membership_period", "member_id",
                                  member_id, &ids, error))
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(ChServerRecord) other = NULL;
      g_autoptr(JsonObject) fields = NULL;

      if (strcmp (ids->pdata[i], m->id) == 0)
        continue;
      if (!ch_server_store_get_record (b->store, b->chapter_id, "membership_period",
                                       ids->pdata[i], &other, error))
        return FALSE;
      if (other == NULL)
        continue;
      if (!(fields = ch_server_apply_load_fields (other, error)))
        return FALSE;
      if (g_strcmp0 (ch_server_apply_get_text (fields, "kind"), "join") == 0)
        {
          *refused = ch_mutation_result_new_rejected (m->mid, "join_period_exists",
                                                      _("The member already has a join period; "
                                                        "this second one was not saved."));
          return TRUE;
        }
    }

  return TRUE;
}

/* An opportunity must follow ch_opportunity_rule_check() as the row will
 * be once the change is applied (the stored fields with @set laid over
 * them), or it is refused with code "bad_opportunity".  Dates may be up to
 * tomorrow in UTC: a chapter's day can be ahead of the server's.  Which
 * step follows which is the devices' business; two officers moving the
 * same opportunity on offline meet as a conflict of the "status" group. */
static gboolean
check_opportunity (Batch                 *b,
                   const ChEntityInfo    *entity,
                   const ChMutation      *m,
                   const ChServerRecord  *record,
                   ChMutationResult     **refused,
                   GError               **error)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) rule_error = NULL;
  g_autofree char *latest = NULL;
  GDate day;

  *refused = NULL;
  if (strcmp (entity->name, "opportunity") != 0 || m->op == CH_OP_DELETE)
    return TRUE;
  /* An update of a deleted row leaves it deleted (a conflict). */
  if (m->op == CH_OP_UPDATE && (record == NULL || record->deleted))
    return TRUE;

  if (record != NULL && !(fields = ch_server_apply_load_fields (record, error)))
    return FALSE;
  if (fields == NULL)
    fields = json_object_new ();
  if (m->set != NULL)
    ch_server_apply_overlay (fields, m->set);

  g_date_clear (&day, 1);
  if (b->now == NULL || strlen (b->now) < 10)
    return TRUE;
  latest = g_strndup (b->now, 10);
  if (!ch_date_parse (latest, &day))
    return TRUE;
  g_date_add_days (&day, 1);
  g_free (latest);
  latest = ch_date_format (&day);

  if (!ch_opportunity_rule_check (ch_server_apply_get_text (fields, "status"),
                                  ch_server_apply_get_text (fields, "value_band"),
                                  ch_server_apply_get_text (fields, "given_on"),
                                  ch_server_apply_get_text (fields, "accepted_on"),
                                  ch_server_apply_get_text (fields, "closed_on"),
                                  latest, &rule_error))
    *refused = ch_mutation_result_new_rejected (m->mid, "bad_opportunity", rule_error->message);

  return TRUE;
}

/* Moves the live rows that still name @from (rows the merging device did
 * not know) to @to.  A specialty the survivor already has, or a
 * registration for an event the survivor is registered for, is deleted
 * instead (as the device's merge does). */
static gboolean
move_member_refs (Batch       *b,
                  const char  *from,
                  const char  *to,
                  GError     **error)
{
  guint n_entities;
  const ChEntityInfo *const *all = ch_entity_all (&n_entities);

  for (guint e = 0; e < n_entities; e++)
    {
      const ChEntityInfo *entity = all[e];
      const char *const *refs = member_ref_fields (entity);

      for (guint r = 0; refs[r] != NULL; r++)
        {
          g_autoptr(GPtrArray) ids = NULL;
          g_autoptr(GPtrArray) theirs = NULL;
          const char *key = strcmp (entity->name, "member_specialty") == 0 ? "specialty"
                            : strcmp (entity->name, "registration") == 0 ? "event_id" : NULL;

          if (!ch_server_store_find_refs (b->store, b->chapter_id, entity->name, refs[r], from,
                                          &ids, error))
            return FALSE;
          if (ids->len == 0)
            continue;
          if (key != NULL &&
              !ch_server_store_find_refs (b->store, b->chapter_id, entity->name, refs[r], to,
                                          &theirs, error))
            return FALSE;

          for (guint i = 0; i < ids->len; i++)
            {
              g_autoptr(ChServerRecord) record = NULL;
              g_autoptr(JsonObject) fields = NULL;
              gboolean drop = FALSE;

              if (!ch_server_store_get_record (b->store, b->chapter_id, entity->name,
                                               ids->pdata[i], &record, error))
                return FALSE;
              if (record == NULL || !(fields = ch_server_apply_load_fields (record, error)))
                {
                  if (record == NULL)
                    continue;
                  return FALSE;
                }

              for (guint j = 0; theirs != NULL && j < theirs->len && !drop; j++)
                {
                  g_autoptr(ChServerRecord) other = NULL;
                  g_autoptr(JsonObject) other_fields = NULL;

                  if (!ch_server_store_get_record (b->store, b->chapter_id, entity->name,
                                                   theirs->pdata[j], &other, error))
                    return FALSE;
                  if (other != NULL &&
                      (other_fields = ch_server_apply_load_fields (other, NULL)) != NULL &&
                      g_strcmp0 (ch_server_apply_get_text (other_fields, key),
                                 ch_server_apply_get_text (fields, key)) == 0)
                    drop = TRUE;
                }

              if (!drop)
                json_object_set_string_member (fields, refs[r], to);
              if (!ch_server_apply_write_record (b, entity, ids->pdata[i], drop, fields, NULL,
                                                 error))
                return FALSE;
            }
        }
    }

  return TRUE;
}

/* The survivor of a merge takes the later value of every keep_latest
 * field (dues paid until) of the member merged into it: the merging
 * device may not have known a payment the server already had. */
static gboolean
raise_survivor (Batch               *b,
                const ChEntityInfo  *entity,
                const char          *survivor,
                JsonObject          *other,
                GError             **error)
{
  g_autoptr(ChServerRecord) record = NULL;
  g_autoptr(JsonObject) fields = NULL;
  gboolean changed = FALSE;

  if (!ch_server_store_get_record (b->store, b->chapter_id, entity->name, survivor, &record,
                                   error))
    return FALSE;
  if (record == NULL || record->deleted)
    return TRUE;
  if (!(fields = ch_server_apply_load_fields (record, error)))
    return FALSE;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const char *name = entity->fields[i].name;
      const char *theirs = ch_server_apply_get_text (other, name);

      if (entity->fields[i].keep_latest && theirs != NULL &&
          g_strcmp0 (theirs, ch_server_apply_get_text (fields, name)) > 0)
        {
          json_object_set_string_member (fields, name, theirs);
          changed = TRUE;
        }
    }

  return !changed || ch_server_apply_write_record (b, entity, survivor, FALSE, fields, NULL, error);
}

/*
 * A data rule refused a change to a row the server holds live.  The
 * device that sent it already shows the change (a member merged away, a
 * row moved to a deleted member), and nothing in the feed would tell it
 * otherwise: the row is written again, unchanged, at a new version, so
 * that device's next pull puts the server's values back.  Returns
 * @refused, or NULL on a storage error.
 */
ChMutationResult *
ch_server_apply_refuse_and_resend (Batch                *b,
                                   const ChEntityInfo   *entity,
                                   const ChMutation     *m,
                                   const ChServerRecord *record,
                                   ChMutationResult     *refused,
                                   GError              **error)
{
  g_autoptr(ChMutationResult) result = refused;
  g_autoptr(JsonObject) fields = NULL;

  if (record == NULL || record->deleted)
    return g_steal_pointer (&result);

  if (!(fields = ch_server_apply_load_fields (record, error)) ||
      !ch_server_apply_write_record (b, entity, m->id, FALSE, fields, NULL, error))
    return NULL;

  return g_steal_pointer (&result);
}

/*
 * A member "delete" whose set carries merged_into is a merge.  The
 * survivor is followed along earlier merges; when that leads back to
 * this member (the same pair was merged the other way round first), the
 * first merge stands: this member stays, written again so the device
 * that deleted it gets it back.  Otherwise the tombstone names the
 * survivor and the rows still naming this member move there.
 */
ChMutationResult *
ch_server_apply_apply_merge (Batch                *b,
                             const ChEntityInfo   *entity,
                             const ChMutation     *m,
                             const ChServerRecord *record,
                             GError              **error)
{
  const char *into = ch_server_apply_get_text (m->set, "merged_into");
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *survivor = NULL;
  MemberState state;
  gint64 version;

  if (into == NULL || !ch_uuid_is_valid (into) || strcmp (into, m->id) == 0)
    return ch_server_apply_refuse_and_resend (b, entity, m, record,
                                              ch_mutation_result_new_rejected (m->mid, "bad_merge",
                                                               _("A member can only be merged "
                                                                 "into another member.")),
                                              error);

  if (!(fields = ch_server_apply_load_fields (record, error)))
    return NULL;

  if (record->deleted)
    {
      /* Deleted or merged already: the first merge stands; a plain
       * delete learns where the member went. */
      if (ch_server_apply_get_text (fields, "merged_into") != NULL)
        return ch_mutation_result_new (m->mid, CH_RESULT_APPLIED, record->version, NULL);
    }

  if (!resolve_member (b, into, m->id, &state, &survivor, error))
    return NULL;

  if (state == MEMBER_DELETED || state == MEMBER_UNKNOWN)
    {
      ChMutationResult *refused =
        ch_mutation_result_new_rejected (m->mid, "member_deleted",
                                         _("The member this one was merged into was deleted on "
                                           "another device, so the merge was not saved."));

      return ch_server_apply_refuse_and_resend (b, entity, m, record, refused, error);
    }

  if (strcmp (survivor, m->id) == 0)
    {
      /* Merged the other way round first: this member is the survivor. */
      if (!ch_server_apply_write_record (b, entity, m->id, record->deleted, fields, &version,
                                         error))
        return NULL;
      return ch_mutation_result_new (m->mid, CH_RESULT_APPLIED, version, NULL);
    }

  json_object_set_string_member (fields, "merged_into", survivor);
  if (!ch_server_apply_write_record (b, entity, m->id, TRUE, fields, &version, error) ||
      !move_member_refs (b, m->id, survivor, error) ||
      !raise_survivor (b, entity, survivor, fields, error))
    return NULL;

  return ch_mutation_result_new (m->mid, CH_RESULT_APPLIED, version, NULL);
}

/*
 * An update of a member whose e-mail (trimmed, case-folded) would equal
 * another live member's: the server keeps its e-mail (the rest of the
 * update applies) and writes a "duplicate" conflict, as for the same
 * e-mail added twice, so the officers merge or correct the two.  Never
 * two live members reach the same address through an update.
 */
ChMutationResult *
ch_server_apply_apply_member_update (Batch                *b,
                                     const ChEntityInfo   *entity,
                                     const ChMutation     *m,
                                     const ChServerRecord *record,
                                     JsonObject           *base,
                                     GError              **error)
{
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) set = NULL;
  g_autoptr(ChMutation) without_email = NULL;
  g_autoptr(ChServerRecord) other = NULL;
  g_autoptr(JsonObject) other_fields = NULL;
  g_autofree char *key = NULL;
  g_autofree char *current_key = NULL;
  g_autofree char *other_id = NULL;
  g_autoptr(GString) theirs = NULL;
  g_autoptr(GString) mine = NULL;
  ChMutationResult *result;

  if (strcmp (entity->name, "member") != 0 || m->set == NULL ||
      !json_object_has_member (m->set, "email"))
    return ch_server_apply_apply_update (b, entity, m, record, base, error);

  if (!(current = ch_server_apply_load_fields (record, error)))
    return NULL;
  key = ch_email_normalize (ch_server_apply_get_text (m->set, "email"));
  current_key = ch_email_normalize (ch_server_apply_get_text (current, "email"));
  if (key == NULL || g_strcmp0 (key, current_key) == 0)
    return ch_server_apply_apply_update (b, entity, m, record, base, error);

  if (!ch_server_store_find_email (b->store, b->chapter_id, key, m->id, &other_id, error))
    return NULL;
  if (other_id == NULL)
    return ch_server_apply_apply_update (b, entity, m, record, base, error);

  set = json_object_new ();
  ch_server_apply_overlay (set, m->set);
  json_object_remove_member (set, "email");
  without_email = ch_mutation_new (m->mid, m->entity, m->id, m->op, m->base, set);
  if (!(result = ch_server_apply_apply_update (b, entity, without_email, record, base, error)))
    return NULL;

  if (!ch_server_store_get_record (b->store, b->chapter_id, "member", other_id, &other, error) ||
      (other != NULL && !(other_fields = ch_server_apply_load_fields (other, error))))
    {
      ch_mutation_result_free (result);
      return NULL;
    }

  theirs = g_string_new ("{\"id\":");
  ch_json_append_string (theirs, other_id);
  g_string_append (theirs, ",\"email\":");
  ch_json_append_node (theirs,
                       other_fields ? json_object_get_member (other_fields, "email") : NULL);
  g_string_append_c (theirs, '}');
  mine = g_string_new ("{\"id\":");
  ch_json_append_string (mine, m->id);
  g_string_append (mine, ",\"email\":");
  ch_json_append_node (mine, json_object_get_member (m->set, "email"));
  g_string_append_c (mine, '}');

  if (!ch_server_apply_write_conflict (b, "member", m->id, "duplicate", theirs->str, mine->str,
                                       NULL, NULL, error))
    {
      ch_mutation_result_free (result);
      return NULL;
    }

  result->status = CH_RESULT_CONFLICT;
  return result;
}

/* The rules every new or changed row must follow, before it is applied:
 * *refused when it breaks one, *rewritten when it was made to follow one. */
gboolean
ch_server_apply_check_rules (Batch                 *b,
                             const ChEntityInfo    *entity,
                             const ChMutation      *m,
                             const ChServerRecord  *record,
                             ChMutation           **rewritten,
                             ChMutationResult     **refused,
                             GError               **error)
{
  if (!check_member_refs (b, entity, m, record, rewritten, refused, error))
    return FALSE;
  if (*refused != NULL)
    return TRUE;

  if (!check_join_period (b, entity, *rewritten ? *rewritten : m, record, refused, error))
    return FALSE;
  if (*refused != NULL)
    return TRUE;

  return check_opportunity (b, entity, *rewritten ? *rewritten : m, record, refused, error);
}

/* An update of a member merged away goes to the member it was merged
 * into; NULL with no error when @record is not a merged tombstone. */
ChMutationResult *
ch_server_apply_apply_to_survivor (Batch                *b,
                                   const ChEntityInfo   *entity,
                                   const ChMutation     *m,
                                   const ChServerRecord *record,
                                   GError              **error)
{
  g_autoptr(ChServerRecord) target = NULL;
  g_autoptr(ChMutation) moved = NULL;
  g_autofree char *survivor = NULL;
  MemberState state;

  if (strcmp (entity->name, "member") != 0 || !record->deleted)
    return NULL;
  if (!resolve_member (b, m->id, NULL, &state, &survivor, error) || state != MEMBER_MERGED)
    return NULL;
  if (!ch_server_store_get_record (b->store, b->chapter_id, "member", survivor, &target, error) ||
      target == NULL)
    return NULL;

  moved = ch_mutation_new (m->mid, m->entity, survivor, m->op, m->base, m->set);
  return ch_server_apply_apply_member_update (b, entity, moved, target, moved->base, error);
}
