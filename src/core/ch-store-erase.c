/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "ch-erase.h"
#include "ch-membership-private.h"
#include "ch-store-erase.h"
#include "ch-store-private.h"
#include "ch-clock.h"

/* The rows about a member, by entity: which column names the member. */
static const struct
{
  const char *entity;
  const char *column;
} related[] = {
  { "payment", "member_id" },
  { "mail_record", "member_id" },
  { "registration", "member_id" },
  { "conflict", "row_id" },
};

static gboolean
exec_with_id (ChStore     *self,
              const char  *sql,
              const char  *id,
              GError     **error)
{
  sqlite3_stmt *st = ch_store_stmt (self, sql, error);

  if (st == NULL)
    return FALSE;
  ch_store_bind_text (st, 1, id);
  /* Translators: %s is the database's own message */
  return ch_store_step_done (self, st, _("Could not erase the member: %s"), error);
}

/* Nulls the fields of @fields (a JSON object's text) that ch-erase names
 * for @entity; NULL when nothing changes. */
static char *
scrub_json (const char *entity,
            const char *text)
{
  g_autoptr(JsonObject) object = ch_store_object_from_json (text);
  const char * const *names = ch_erase_related_fields (entity);
  gboolean changed = FALSE;

  if (object == NULL)
    return NULL;
  for (guint i = 0; names[i]; i++)
    {
      if (json_object_has_member (object, names[i]))
        {
          json_object_set_null_member (object, names[i]);
          changed = TRUE;
        }
    }

  return changed ? ch_store_object_to_json (object) : NULL;
}

/* The pending changes of the rows about @member_id keep no personal text. */
static gboolean
scrub_outbox (ChStore     *self,
              const char  *member_id,
              GError     **error)
{
  for (guint r = 0; r < G_N_ELEMENTS (related); r++)
    {
      g_autofree char *select = NULL;
      g_autoptr(GPtrArray) mids = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) bases = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *st;
      int rc;

      select = g_strdup_printf ("SELECT mid, base, \"set\" FROM outbox WHERE entity = '%s' "
                                "AND row_id IN (SELECT id FROM %s WHERE %s = ?)",
                                related[r].entity, related[r].entity, related[r].column);
      if (!(st = ch_store_stmt (self, select, error)))
        return FALSE;
      ch_store_bind_text (st, 1, member_id);
      while ((rc = sqlite3_step (st)) == SQLITE_ROW)
        {
          const char *old_base = (const char *) sqlite3_column_text (st, 1);
          const char *old_set = (const char *) sqlite3_column_text (st, 2);
          char *base = scrub_json (related[r].entity, old_base);
          char *set = scrub_json (related[r].entity, old_set);

          if (base == NULL && set == NULL)
            continue;
          g_ptr_array_add (mids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
          g_ptr_array_add (bases, base ? base : g_strdup (old_base));
          g_ptr_array_add (sets, set ? set : g_strdup (old_set));
        }
      sqlite3_reset (st);
      if (rc != SQLITE_DONE)
        return ch_store_set_sql_error (error, ch_store_get_db (self),
                                       _("Could not erase the member: %s"));

      for (guint i = 0; i < mids->len; i++)
        {
          if (!(st = ch_store_stmt (self, "UPDATE outbox SET base = ?, \"set\" = ? WHERE mid = ?",
                                    error)))
            return FALSE;
          ch_store_bind_text (st, 1, g_ptr_array_index (bases, i));
          ch_store_bind_text (st, 2, g_ptr_array_index (sets, i));
          ch_store_bind_text (st, 3, g_ptr_array_index (mids, i));
          if (!ch_store_step_done (self, st, _("Could not erase the member: %s"), error))
            return FALSE;
        }
    }

  return TRUE;
}

/* Wipes every trace of @member_id's personal data from the file except
 * the member row itself, inside the caller's savepoint. */
static gboolean
erase_traces (ChStore     *self,
              const char  *member_id,
              GError     **error)
{
  static const char * const deletes[] = {
    /* pending changes of the member: the erasure wins */
    "DELETE FROM outbox WHERE entity = 'member' AND row_id = ?1",
    "DELETE FROM sync_issue WHERE row_id = ?1 OR row_id IN "
    "(SELECT id FROM payment WHERE member_id = ?1 UNION SELECT id FROM mail_record "
    " WHERE member_id = ?1 UNION SELECT id FROM registration WHERE member_id = ?1 "
    " UNION SELECT id FROM conflict WHERE row_id = ?1)",
    "DELETE FROM sync_rejection WHERE row_id = ?1",
    "DELETE FROM mail_outbox WHERE member_id = ?1",
    "DELETE FROM import_batch_row WHERE row_id = ?1",
  };

  sqlite3_exec (ch_store_get_db (self), "PRAGMA secure_delete = ON", NULL, NULL, NULL);

  if (!scrub_outbox (self, member_id, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    if (!exec_with_id (self, deletes[i], member_id, error))
      return FALSE;

  for (guint r = 0; r < G_N_ELEMENTS (related); r++)
    {
      const char * const *names = ch_erase_related_fields (related[r].entity);
      GString *sql = g_string_new (NULL);
      g_autofree char *text = NULL;

      g_string_append_printf (sql, "UPDATE %s SET ", related[r].entity);
      for (guint i = 0; names[i]; i++)
        g_string_append_printf (sql, "%s%s = NULL", i ? ", " : "", names[i]);
      g_string_append_printf (sql, " WHERE %s = ?", related[r].column);
      text = g_string_free (sql, FALSE);
      if (!exec_with_id (self, text, member_id, error))
        return FALSE;
    }

  return TRUE;
}

/* The member row: personal fields null, a tombstone saying when and by
 * whom.  The search index's triggers (or its deferred flush) drop it from
 * member_fts; ch_store_erase_checkpoint() then rewrites the index. */
static gboolean
erase_row (ChStore     *self,
           const char  *member_id,
           const char  *erased_on,
           const char  *erased_by,
           GError     **error)
{
  const char * const *names = ch_erase_member_fields ();
  const char * const *flags = ch_erase_member_flags ();
  g_autofree char *text = NULL;
  GString *sql = g_string_new ("UPDATE member SET deleted = 1, name_key = NULL, "
                               "email_key = NULL, erased_on = ?, erased_by = ?");
  sqlite3_stmt *st;

  for (guint i = 0; names[i]; i++)
    g_string_append_printf (sql, ", %s = NULL", names[i]);
  for (guint i = 0; flags[i]; i++)
    g_string_append_printf (sql, ", %s = 0", flags[i]);
  g_string_append (sql, " WHERE id = ?");
  text = g_string_free (sql, FALSE);

  if (!(st = ch_store_stmt (self, text, error)))
    return FALSE;
  ch_store_bind_text (st, 1, erased_on);
  ch_store_bind_text (st, 2, erased_by);
  ch_store_bind_text (st, 3, member_id);
  if (!ch_store_step_done (self, st, _("Could not erase the member: %s"), error))
    return FALSE;

  g_object_set_data (G_OBJECT (self), "ch-store-erased", GINT_TO_POINTER (TRUE));
  return TRUE;
}

gboolean
ch_store_erase_remote (ChStore     *self,
                       const char  *member_id,
                       GError     **error)
{
  return erase_traces (self, member_id, error);
}

gboolean
ch_store_erase_remote_row (ChStore     *self,
                           const char  *member_id,
                           GError     **error)
{
  g_autofree char *on = ch_store_query_text (self, "SELECT erased_on FROM member WHERE id = ?",
                                             member_id, ch_store_sql_end);
  g_autofree char *by = ch_store_query_text (self, "SELECT erased_by FROM member WHERE id = ?",
                                             member_id, ch_store_sql_end);

  return erase_row (self, member_id, on, by, error);
}

gboolean
ch_store_erase_member (ChStore     *self,
                       const char  *member_id,
                       const char  *officer,
                       GError     **error)
{
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *today = NULL;
  g_autofree char *set_json = NULL;
  g_autofree char *now = ch_clock_now_utc_iso ();
  gboolean never_synced;
  sqlite3_stmt *st;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (member_id != NULL, FALSE);

  if (!ch_store_savepoint (self, error))
    return FALSE;

  if (!(current = ch_store_get_row (self, "member", member_id, error)))
    {
      ch_store_undo_savepoint (self);
      return FALSE;
    }
  if (json_object_get_string_member_with_default (current, CH_ERASE_FIELD_ON, NULL) != NULL)
    {
      ch_store_undo_savepoint (self);
      return TRUE;
    }

  today = ch_membership_today_iso (self, json_object_get_string_member (current, "chapter_id"));
  json_object_set_string_member (set, CH_ERASE_FIELD_ON, today);
  json_object_set_string_member (set, CH_ERASE_FIELD_BY, officer);
  set_json = ch_store_object_to_json (set);

  /* The server never had the member when its insert is still waiting:
   * dropping the insert is enough, nothing is sent. */
  never_synced = json_object_get_int_member (current, "version") == 0 &&
                 ch_store_query_int_arg (self,
                                         "SELECT count(*) FROM outbox WHERE entity = 'member' "
                                         "AND op = 'insert' AND row_id = ?", member_id) > 0;

  if (!erase_traces (self, member_id, error) ||
      !erase_row (self, member_id, today, officer, error))
    {
      ch_store_undo_savepoint (self);
      return FALSE;
    }

  if (!never_synced)
    {
      if (!(st = ch_store_stmt (self,
                                "INSERT INTO outbox (chapter_id, entity, row_id, op, base, "
                                "\"set\", created_at) "
                                "VALUES (?, 'member', ?, 'delete', '{}', ?, ?)",
                                error)))
        {
          ch_store_undo_savepoint (self);
          return FALSE;
        }
      ch_store_bind_text (st, 1, json_object_get_string_member (current, "chapter_id"));
      ch_store_bind_text (st, 2, member_id);
      ch_store_bind_text (st, 3, set_json);
      ch_store_bind_text (st, 4, now);
      if (!ch_store_step_done (self, st, _("Could not record the change for syncing: %s"), error))
        {
          ch_store_undo_savepoint (self);
          return FALSE;
        }
    }

  if (!ch_store_release (self, error))
    return FALSE;

  ch_store_emit_changed (self, "member", member_id);
  ch_store_erase_checkpoint (self);
  return TRUE;
}

void
ch_store_erase_checkpoint (ChStore *self)
{
  g_return_if_fail (CH_IS_STORE (self));

  if (!g_object_get_data (G_OBJECT (self), "ch-store-erased") || self->savepoints > 0)
    return;

  g_object_set_data (G_OBJECT (self), "ch-store-erased", NULL);
  /* A deletion from FTS5 adds a delete marker that carries the words
   * until its segments merge: "optimize" merges them all now. */
  if (!ch_store_exec (self, "INSERT INTO member_fts (member_fts) VALUES ('optimize')", NULL))
    g_warning ("The search index could not be rewritten after an erasure.");
  /* Older frames of the WAL still hold the member's data: copy the pages
   * into the file and cut the WAL to nothing. */
  sqlite3_wal_checkpoint_v2 (ch_store_get_db (self), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}
