/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-store-private.h"
#include "ch-store-sync.h"
#include "ch-store-sync-private.h"
#include "ch-clock.h"
#include "ch-json-depth.h"
#include "ch-uuid.h"

gboolean
ch_store_sync_run (ChStore     *self,
                   GError     **error,
                   const char  *sql,
                   ...)
{
  sqlite3 *db = ch_store_get_db (self);
  sqlite3_stmt *st = NULL;
  va_list args;
  int idx = 1;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    goto fail;

  /* Arguments are text values (NULL allowed) ended by the sentinel below,
   * or an int64 after the marker "#i". */
  va_start (args, sql);
  for (;;)
    {
      const char *arg = va_arg (args, const char *);

      if (arg == (const char *) ch_store_sql_end)
        break;
      if (arg != NULL && g_str_equal (arg, "#i"))
        sqlite3_bind_int64 (st, idx++, va_arg (args, gint64));
      else if (arg == NULL)
        sqlite3_bind_null (st, idx++);
      else
        sqlite3_bind_text (st, idx++, arg, -1, SQLITE_TRANSIENT);
    }
  va_end (args);

  rc = sqlite3_step (st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    goto fail;

  sqlite3_finalize (st);
  return TRUE;

fail:
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
               _("Could not save the sync state: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (st);
  return FALSE;
}

#define END ch_store_sql_end

void
ch_store_outbox_entry_free (ChStoreOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->chapter_id);
  g_free (entry->entity);
  g_free (entry->row_id);
  g_free (entry->op);
  g_clear_pointer (&entry->base, json_object_unref);
  g_clear_pointer (&entry->set, json_object_unref);
  g_free (entry);
}

gboolean
ch_store_get_sync_state (ChStore     *self,
                         const char  *chapter_id,
                         char       **server_url,
                         char       **epoch,
                         gint64      *cursor)
{
  sqlite3 *db = ch_store_get_db (self);
  sqlite3_stmt *st = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (sqlite3_prepare_v2 (db,
                          "SELECT server_url, epoch, cursor FROM sync_state WHERE chapter_id = ?",
                          -1, &st, NULL) != SQLITE_OK)
    return FALSE;

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      found = TRUE;
      if (server_url)
        *server_url = g_strdup ((const char *) sqlite3_column_text (st, 0));
      if (epoch)
        *epoch = g_strdup ((const char *) sqlite3_column_text (st, 1));
      if (cursor)
        *cursor = sqlite3_column_int64 (st, 2);
    }
  sqlite3_finalize (st);

  return found;
}

gboolean
ch_store_set_sync_state (ChStore     *self,
                         const char  *chapter_id,
                         const char  *server_url,
                         const char  *epoch,
                         gint64       cursor,
                         GError     **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  return ch_store_sync_run (self, error,
                            "INSERT INTO sync_state (chapter_id, server_url, epoch, cursor) "
                            "VALUES (?, ?, ?, ?) "
                            "ON CONFLICT (chapter_id) DO UPDATE SET "
                            "server_url = excluded.server_url, "
                            "epoch = excluded.epoch, cursor = excluded.cursor",
                            chapter_id, server_url, epoch, "#i", cursor, END);
}

gboolean
ch_store_set_sync_result (ChStore     *self,
                          const char  *chapter_id,
                          const char  *error_message,
                          GError     **error)
{
  g_autofree char *now = ch_clock_now_utc_iso ();

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (error_message == NULL)
    return ch_store_sync_run (self, error,
                              "UPDATE sync_state SET last_sync_at = ?, last_error = NULL "
                              "WHERE chapter_id = ?",
                              now, chapter_id, END);

  return ch_store_sync_run (self, error,
                            "UPDATE sync_state SET last_error = ? WHERE chapter_id = ?",
                            error_message, chapter_id, END);
}

gboolean
ch_store_get_sync_result (ChStore     *self,
                          const char  *chapter_id,
                          char       **last_sync_at,
                          char       **last_error)
{
  sqlite3 *db = ch_store_get_db (self);
  sqlite3_stmt *st = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db,
                          "SELECT last_sync_at, last_error FROM sync_state WHERE chapter_id = ?",
                          -1, &st, NULL) != SQLITE_OK)
    return FALSE;

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      found = TRUE;
      if (last_sync_at)
        *last_sync_at = g_strdup ((const char *) sqlite3_column_text (st, 0));
      if (last_error)
        *last_error = g_strdup ((const char *) sqlite3_column_text (st, 1));
    }
  sqlite3_finalize (st);

  return found;
}

gboolean
ch_store_unlink_chapter (ChStore     *self,
                         const char  *chapter_id,
                         GError     **error)
{
  if (!ch_store_sync_run (self, error,
                          "DELETE FROM sync_state WHERE chapter_id = ?", chapter_id, END))
    return FALSE;

  /* The window stops showing the chapter as synced. */
  ch_store_emit_changed (self, NULL, NULL);
  return TRUE;
}

gboolean
ch_store_relink_chapter (ChStore     *self,
                         const char  *old_id,
                         const char  *new_id,
                         GError     **error)
{
  const ChEntityInfo *const *entities;
  guint n;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (!ch_uuid_is_valid (new_id))
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                   _("“%s” is not a chapter id. Copy it from the server administrator’s "
                     "message."), new_id);
      return FALSE;
    }

  if (!ch_store_begin (self, error))
    return FALSE;

  entities = ch_entity_all (&n);
  for (guint i = 0; i < n; i++)
    {
      /* Table names come from the static descriptors, never from input. */
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET chapter_id = ? WHERE chapter_id = ?",
                                              entities[i]->table);

      if (!ch_store_sync_run (self, error, sql, new_id, old_id, END))
        goto fail;
    }

  if (!ch_store_sync_run (self, error,
                          "UPDATE chapter SET id = ? WHERE id = ?", new_id, old_id, END) ||
      !ch_store_sync_run (self, error,
                          "UPDATE outbox SET chapter_id = ? WHERE chapter_id = ?",
                          new_id, old_id, END) ||
      !ch_store_sync_run (self, error,
                          "UPDATE outbox SET row_id = ? WHERE entity = 'chapter' AND row_id = ?",
                          new_id, old_id, END) ||
      !ch_store_sync_run (self, error, "UPDATE sync_issue SET chapter_id = ? WHERE chapter_id = ?",
                          new_id, old_id, END) ||
      !ch_store_sync_run (self, error, "DELETE FROM sync_state WHERE chapter_id = ?", old_id, END))
    goto fail;

  return ch_store_commit (self, error);

fail:
  ch_store_rollback (self);
  return FALSE;
}

gboolean
ch_store_refetch_row (ChStore     *self,
                      const char  *chapter_id,
                      const char  *entity,
                      const char  *id,
                      gint64       version,
                      GError     **error)
{
  const ChEntityInfo *info = ch_entity_lookup (entity);
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (info == NULL || version <= 0)
    return TRUE;

  /* Table names come from the static descriptors, never from input. */
  sql = g_strdup_printf ("UPDATE %s SET version = ? WHERE id = ? AND version >= ?", info->table);
  if (!ch_store_sync_run (self, error, sql, "#i", version - 1, id, "#i", version, END))
    return FALSE;

  if (sqlite3_changes (ch_store_get_db (self)) == 0)
    return TRUE;

  return ch_store_sync_run (self, error,
                            "UPDATE sync_state SET cursor = ? WHERE chapter_id = ? AND cursor >= ?",
                            "#i", version - 1, chapter_id, "#i", version, END);
}

/* The row as officers know it: a member's name, an event's title, the
 * member a payment or role belongs to.  NULL when there is nothing better
 * than an id. */
static char *
row_label (ChStore    *self,
           const char *entity,
           const char *id)
{
  g_autoptr(JsonObject) row = NULL;
  const char *given, *family, *member_id;

  if (ch_entity_lookup (entity) == NULL || id == NULL ||
      !(row = ch_store_get_row (self, entity, id, NULL)))
    return NULL;

  given = json_object_get_string_member_with_default (row, "given_name", NULL);
  family = json_object_get_string_member_with_default (row, "family_name", NULL);
  if (given != NULL || family != NULL)
    return g_strstrip (g_strdup_printf ("%s %s", given ? given : "", family ? family : ""));

  if (json_object_has_member (row, "title") && !json_object_get_null_member (row, "title"))
    return g_strdup (json_object_get_string_member (row, "title"));
  if (json_object_has_member (row, "name") && !json_object_get_null_member (row, "name"))
    return g_strdup (json_object_get_string_member (row, "name"));

  member_id = json_object_get_string_member_with_default (row, "member_id", NULL);
  if (member_id != NULL && g_strcmp0 (entity, "member") != 0)
    return row_label (self, "member", member_id);

  return NULL;
}

gboolean
ch_store_record_rejection (ChStore             *self,
                           ChStoreOutboxEntry  *entry,
                           const char          *message,
                           GError             **error)
{
  g_autofree char *now = ch_clock_now_utc_iso ();
  g_autofree char *set = NULL;
  g_autofree char *label = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, entry->set);
  set = json_to_string (node, FALSE);
  label = row_label (self, entry->entity, entry->row_id);

  return ch_store_sync_run (self, error,
                            "INSERT INTO sync_issue (chapter_id, kind, mid, entity, row_id, op, "
                            "                        label, mine, reason, message, created_at) "
                            "VALUES (?, 'rejected', ?, ?, ?, ?, ?, ?, 'rejected', ?, ?)",
                            entry->chapter_id, "#i", entry->mid, entry->entity, entry->row_id,
                            entry->op, label, set,
                            message ? message : _("The server refused this change."), now, END);
}

gboolean
ch_store_undo_rejected (ChStore             *self,
                        ChStoreOutboxEntry  *entry,
                        GError             **error)
{
  const ChEntityInfo *info = ch_entity_lookup (entry->entity);
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (info == NULL)
    return TRUE;

  /* Table names come from the static descriptors, never from input. */
  if (g_str_equal (entry->op, "insert"))
    sql = g_strdup_printf ("UPDATE %s SET deleted = 1 WHERE id = ? AND version = 0", info->table);
  else if (g_str_equal (entry->op, "restore"))
    sql = g_strdup_printf ("UPDATE %s SET deleted = 1 WHERE id = ?", info->table);
  else
    return TRUE;

  if (!ch_store_sync_run (self, error, sql, entry->row_id, END))
    return FALSE;
  if (sqlite3_changes (ch_store_get_db (self)) == 0)
    return TRUE;

  /* Later changes to a row the server does not hold would be refused too. */
  return ch_store_sync_run (self, error,
                            "DELETE FROM outbox WHERE entity = ? AND row_id = ? AND mid > ?",
                            entry->entity, entry->row_id, "#i", entry->mid, END);
}

static guint
count (ChStore    *self,
       const char *sql,
       const char *chapter_id)
{
  sqlite3_stmt *st = NULL;
  guint n = 0;

  if (sqlite3_prepare_v2 (ch_store_get_db (self), sql, -1, &st, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_STATIC);
      if (sqlite3_step (st) == SQLITE_ROW)
        n = sqlite3_column_int (st, 0);
    }
  sqlite3_finalize (st);

  return n;
}

guint
ch_store_count_rejections (ChStore    *self,
                           const char *chapter_id)
{
  return count (self, "SELECT count(*) FROM sync_issue WHERE chapter_id = ? AND dismissed = 0 "
                      "AND kind = 'rejected'", chapter_id);
}

guint
ch_store_count_sync_issues (ChStore    *self,
                            const char *chapter_id)
{
  return count (self, "SELECT count(*) FROM sync_issue WHERE chapter_id = ? AND dismissed = 0",
                chapter_id);
}

guint
ch_store_count_open_conflicts (ChStore    *self,
                               const char *chapter_id)
{
  return count (self, "SELECT count(*) FROM conflict WHERE chapter_id = ? AND deleted = 0 "
                      "AND coalesce (resolved, 0) = 0", chapter_id);
}

GPtrArray *
ch_store_list_open_conflicts (ChStore     *self,
                              const char  *chapter_id,
                              GError     **error)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (ch_store_get_db (self),
                          "SELECT id FROM conflict WHERE chapter_id = ? AND deleted = 0 "
                          "AND coalesce (resolved, 0) = 0 ORDER BY created_at, id",
                          -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the conflicts: %s"), sqlite3_errmsg (ch_store_get_db (self)));
      g_ptr_array_unref (ids);
      return NULL;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_finalize (st);

  return ids;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  /* The text came from the server: no nesting json-glib would recurse on. */
  if (text == NULL || !ch_json_depth_ok (text, 64) ||
      !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

gboolean
ch_store_resolve_conflict (ChStore     *self,
                           const char  *conflict_id,
                           gboolean     use_mine,
                           GError     **error)
{
  g_autoptr(JsonObject) conflict = NULL;
  g_autoptr(JsonObject) mine = NULL;
  g_autoptr(JsonObject) done = json_object_new ();
  const char *entity, *row_id, *group;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (!(conflict = ch_store_get_row (self, "conflict", conflict_id, error)))
    return FALSE;

  entity = json_object_get_string_member_with_default (conflict, "entity", NULL);
  row_id = json_object_get_string_member_with_default (conflict, "row_id", NULL);
  group = json_object_get_string_member_with_default (conflict, "field_group", "");
  mine = parse_object (json_object_get_string_member_with_default (conflict, "mine", NULL));

  if (!ch_store_begin (self, error))
    return FALSE;

  if (use_mine && g_strcmp0 (group, "duplicate") != 0)
    {
      if (entity == NULL || row_id == NULL || ch_entity_lookup (entity) == NULL || mine == NULL)
        {
          g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                       _("This conflict cannot be resolved with your value; keep theirs instead."));
          goto fail;
        }

      if (g_strcmp0 (group, "deleted") == 0 && !ch_store_restore (self, entity, row_id, error))
        goto fail;

      json_object_remove_member (mine, "deleted");
      if (json_object_get_size (mine) > 0 && !ch_store_update (self, entity, row_id, mine, error))
        goto fail;
    }

  json_object_set_boolean_member (done, "resolved", TRUE);
  json_object_set_string_member (done, "resolution", use_mine ? "mine" : "theirs");
  json_object_set_string_member (done, "resolved_by", ch_store_get_device_id (self));
  if (!ch_store_update (self, "conflict", conflict_id, done, error))
    goto fail;

  return ch_store_commit (self, error);

fail:
  ch_store_rollback (self);
  return FALSE;
}

gboolean
ch_store_follow_merges (ChStore     *self,
                        const char  *chapter_id,
                        GError     **error)
{
  /* Static table and column names: never from input.  Only merges the
   * server has taken are followed: a merge still in the outbox may be
   * refused (the survivor was deleted) or undone (the same pair merged the
   * other way round first), and a row moved here, with nothing queued,
   * would then name another member than on the server for good.  Rows
   * that name the member when the server takes the merge move there.  A
   * tombstone the server does not have in this epoch (version 0: lost in
   * a restore) is not followed either. */
  static const char *const refs[][2] = {
    { "payment", "member_id" },
    { "membership_period", "member_id" },
    { "role", "member_id" },
    { "member_specialty", "member_id" },
    { "registration", "member_id" },
    { "opportunity", "from_member_id" },
    { "opportunity", "to_member_id" },
    { "mail_record", "member_id" },
  };
  sqlite3 *db = ch_store_get_db (self);

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "UPDATE %1$s SET %2$s = (SELECT m.merged_into FROM member m WHERE m.id = %1$s.%2$s) "
        "WHERE chapter_id = ? AND deleted = 0 AND %2$s IN "
        "(SELECT id FROM member WHERE deleted = 1 AND merged_into IS NOT NULL AND version > 0 "
        " AND id NOT IN (SELECT row_id FROM outbox WHERE entity = 'member' AND op = 'delete'))",
        refs[i][0], refs[i][1]);

      /* A chain of merges is followed one step a round. */
      for (guint round = 0; round < 8; round++)
        {
          if (!ch_store_sync_run (self, error, sql, chapter_id, END))
            return FALSE;
          if (sqlite3_changes (db) == 0)
            break;
        }
    }

  return TRUE;
}

/* ----------------------------------------------------------------------- */
/* Sync issues                                                               */

gboolean
ch_store_record_override (ChStore             *self,
                          ChStoreOutboxEntry  *entry,
                          const char          *field,
                          JsonNode            *theirs,
                          const char          *reason,
                          GError             **error)
{
  g_autofree char *now = ch_clock_now_utc_iso ();
  g_autofree char *mine_text = NULL;
  g_autofree char *theirs_text = NULL;
  g_autofree char *label = NULL;
  JsonNode *mine;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  mine = entry->set ? json_object_get_member (entry->set, field) : NULL;
  mine_text = mine ? json_to_string (mine, FALSE) : g_strdup ("null");
  theirs_text = theirs ? json_to_string (theirs, FALSE) : g_strdup ("null");
  label = row_label (self, entry->entity, entry->row_id);

  return ch_store_sync_run (self, error,
                            "INSERT INTO sync_issue (chapter_id, kind, mid, entity, row_id, op, "
                            "  label, field, mine, theirs, reason, created_at) "
                            "VALUES (?, 'overridden', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            entry->chapter_id, "#i", entry->mid, entry->entity, entry->row_id,
                            entry->op, label, field, mine_text, theirs_text,
                            reason ? reason : "server_kept", now, END);
}

/* A JSON value as an officer reads it: text without quotes, "nothing"
 * for null. */
static char *
value_text (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || JSON_NODE_HOLDS_NULL (root))
    /* Translators: a value the server kept or refused was empty */
    return g_strdup (_("nothing"));

  if (JSON_NODE_HOLDS_VALUE (root) && json_node_get_value_type (root) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (root));

  return g_strdup (json);
}

/* The sentence shown for an issue, made here (translated) from the
 * server's reason code. */
static char *
issue_text (const ChSyncIssue *issue,
            const char        *message)
{
  const char *what = issue->label ? issue->label : issue->entity;

  if (g_strcmp0 (issue->kind, "overridden") == 0)
    {
      g_autofree char *theirs = value_text (issue->theirs);
      g_autofree char *mine = value_text (issue->mine);

      if (g_strcmp0 (issue->reason, "kept_later") == 0 &&
          g_strcmp0 (issue->field, "dues_paid_until") == 0)
        /* Translators: 1: a date, 2: a member's name, 3: a date */
        return g_strdup_printf (_("The server kept %1$s as the date %2$s has paid until, "
                                  "because the later date wins; your %3$s was not used."),
                                theirs, what, mine);
      if (g_strcmp0 (issue->reason, "kept_later") == 0)
        /* Translators: 1: a value, 2: a field name, 3: a member's name or a title, 4: a value */
        return g_strdup_printf (_("The server kept %1$s for “%2$s” of %3$s, because the later "
                                  "value wins; your %4$s was not used."),
                                theirs, issue->field, what, mine);
      /* Translators: 1: a value, 2: a field name, 3: a member's name or a title, 4: a value */
      return g_strdup_printf (_("The server kept %1$s for “%2$s” of %3$s; your %4$s was not "
                                "used."), theirs, issue->field, what, mine);
    }

  /* Translators: 1: a member's name or a title, 2: the server's reason */
  return g_strdup_printf (_("The server refused a change to %1$s: %2$s"), what,
                          message ? message : _("no reason given"));
}

GPtrArray *
ch_store_list_sync_issues (ChStore     *self,
                           const char  *chapter_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_sync_issue_free);
  sqlite3 *db;
  sqlite3_stmt *st = NULL;
  int rc;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  db = ch_store_get_db (self);
  if (sqlite3_prepare_v2 (db,
                          "SELECT id, chapter_id, kind, entity, row_id, label, field, mine, "
                          "       theirs, reason, message, created_at FROM sync_issue "
                          "WHERE chapter_id = ? AND dismissed = 0 ORDER BY id DESC",
                          -1, &st, NULL) != SQLITE_OK)
    goto fail;

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      ChSyncIssue *issue = g_new0 (ChSyncIssue, 1);

#define COL(i) g_strdup ((const char *) sqlite3_column_text (st, i))
      issue->id = sqlite3_column_int64 (st, 0);
      issue->chapter_id = COL (1);
      issue->kind = COL (2);
      issue->entity = COL (3);
      issue->row_id = COL (4);
      issue->label = COL (5);
      issue->field = COL (6);
      issue->mine = COL (7);
      issue->theirs = COL (8);
      issue->reason = COL (9);
      issue->created_at = COL (11);
#undef COL
      issue->text = issue_text (issue, (const char *) sqlite3_column_text (st, 10));
      g_ptr_array_add (list, issue);
    }
  if (rc != SQLITE_DONE)
    goto fail;

  sqlite3_finalize (st);
  return g_steal_pointer (&list);

fail:
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
               _("Could not read the changes the server refused: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (st);
  return NULL;
}

gboolean
ch_store_dismiss_sync_issue (ChStore  *self,
                             gint64    id,
                             GError  **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (!ch_store_begin (self, error))
    return FALSE;
  if (!ch_store_sync_run (self, error,
                          "UPDATE sync_issue SET dismissed = 1 WHERE id = ?", "#i", id, END))
    {
      ch_store_rollback (self);
      return FALSE;
    }
  if (sqlite3_changes (ch_store_get_db (self)) == 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      ch_store_rollback (self);
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND,
                   _("There is no refused change with number %s."), number);
      return FALSE;
    }

  return ch_store_commit (self, error);
}

gboolean
ch_store_dismiss_sync_issues (ChStore     *self,
                              const char  *chapter_id,
                              GError     **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (!ch_store_begin (self, error))
    return FALSE;
  if (!ch_store_sync_run (self, error,
                          "UPDATE sync_issue SET dismissed = 1 "
                          "WHERE chapter_id = ? AND dismissed = 0",
                          chapter_id, END))
    {
      ch_store_rollback (self);
      return FALSE;
    }

  return ch_store_commit (self, error);
}

gboolean
ch_store_begin_pull_page (ChStore  *self,
                          GError  **error)
{
  sqlite3_stmt *st;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  /* A page writes thousands of rows into a dozen indexes of member:
   * with SQLite's default cache of 2 MB, pages were spilled to the WAL
   * and read back within one page's transaction.  The sync's connection
   * is its own (ch_sync_run()), and closes at the end. */
  if (!self->pull_cache && !ch_store_exec (self, "PRAGMA cache_size = -65536", error))
    return FALSE;
  self->pull_cache = TRUE;

  if (!ch_store_begin (self, error))
    return FALSE;
  /* The search index is updated once for the page, at the commit. */
  ch_store_defer_search (self);
  /* (Any other chapter's pending change too: the look-up is by row.) */
  st = ch_store_stmt (self, "SELECT NOT EXISTS (SELECT 1 FROM outbox)", NULL);
  self->pull_no_pending = st != NULL && sqlite3_step (st) == SQLITE_ROW &&
                          sqlite3_column_int (st, 0) == 1;
  if (st != NULL)
    sqlite3_reset (st);

  return TRUE;
}

gboolean
ch_store_outbox_remove_mids (ChStore       *self,
                             const gint64  *mids,
                             guint          n,
                             GError       **error)
{
  g_autoptr(GString) list = NULL;
  sqlite3_stmt *st;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (n == 0)
    return TRUE;

  /* One statement for an acknowledged batch: its mids as a JSON array. */
  list = g_string_sized_new (n * 8 + 2);
  g_string_append_c (list, '[');
  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", mids[i]);
  g_string_append_c (list, ']');

  if (!(st = ch_store_stmt (self,
                            "DELETE FROM outbox WHERE mid IN (SELECT value FROM json_each (?))",
                            error)))
    return FALSE;

  ch_store_bind_text (st, 1, list->str);
  /* Translators: %s is the database's own message */
  return ch_store_step_done (self, st, _("Could not remove a synced change: %s"), error);
}
