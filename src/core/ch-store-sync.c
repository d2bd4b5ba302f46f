/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-entity.h"
#include "ch-store-private.h"
#include "ch-store-sync.h"
#include "ch-util.h"

static gboolean
run (ChStore     *self,
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

  if (sqlite3_prepare_v2 (db, "SELECT server_url, epoch, cursor FROM sync_state WHERE chapter_id = ?",
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

  return run (self, error,
              "INSERT INTO sync_state (chapter_id, server_url, epoch, cursor) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (chapter_id) DO UPDATE SET server_url = excluded.server_url, "
              "epoch = excluded.epoch, cursor = excluded.cursor",
              chapter_id, server_url, epoch, "#i", cursor, END);
}

gboolean
ch_store_set_sync_result (ChStore     *self,
                          const char  *chapter_id,
                          const char  *error_message,
                          GError     **error)
{
  g_autofree char *now = ch_now_utc_iso ();

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (error_message == NULL)
    return run (self, error, "UPDATE sync_state SET last_sync_at = ?, last_error = NULL WHERE chapter_id = ?",
                now, chapter_id, END);

  return run (self, error, "UPDATE sync_state SET last_error = ? WHERE chapter_id = ?",
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

  if (sqlite3_prepare_v2 (db, "SELECT last_sync_at, last_error FROM sync_state WHERE chapter_id = ?",
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
  return run (self, error, "DELETE FROM sync_state WHERE chapter_id = ?", chapter_id, END);
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
                   _("“%s” is not a chapter id. Copy it from the server administrator’s message."), new_id);
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

      if (!run (self, error, sql, new_id, old_id, END))
        goto fail;
    }

  if (!run (self, error, "UPDATE chapter SET id = ? WHERE id = ?", new_id, old_id, END) ||
      !run (self, error, "UPDATE outbox SET chapter_id = ? WHERE chapter_id = ?", new_id, old_id, END) ||
      !run (self, error, "UPDATE outbox SET row_id = ? WHERE entity = 'chapter' AND row_id = ?",
            new_id, old_id, END) ||
      !run (self, error, "UPDATE sync_rejection SET chapter_id = ? WHERE chapter_id = ?", new_id, old_id, END) ||
      !run (self, error, "DELETE FROM sync_state WHERE chapter_id = ?", old_id, END))
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
  if (!run (self, error, sql, "#i", version - 1, id, "#i", version, END))
    return FALSE;

  if (sqlite3_changes (ch_store_get_db (self)) == 0)
    return TRUE;

  return run (self, error, "UPDATE sync_state SET cursor = ? WHERE chapter_id = ? AND cursor >= ?",
              "#i", version - 1, chapter_id, "#i", version, END);
}

gboolean
ch_store_record_rejection (ChStore        *self,
                           ChOutboxEntry  *entry,
                           const char     *message,
                           GError        **error)
{
  g_autofree char *now = ch_now_utc_iso ();
  g_autofree char *set = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, entry->set);
  set = json_to_string (node, FALSE);

  return run (self, error,
              "INSERT OR REPLACE INTO sync_rejection (mid, chapter_id, entity, row_id, op, \"set\", message, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              "#i", entry->mid, entry->chapter_id, entry->entity, entry->row_id, entry->op, set,
              message ? message : _("The server refused this change."), now, END);
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
  return count (self, "SELECT count(*) FROM sync_rejection WHERE chapter_id = ? AND dismissed = 0", chapter_id);
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
  if (text == NULL || !ch_json_nesting_ok (text, 64) ||
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
