/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-store"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-server-sql.h"
#include "ch-server-store-sqlite-private.h"

/* All SQL of the server store is here, with bound parameters only; the
 * schema and its migrations are in ch-server-store-sqlite.c. */
static const char *const stmt_sql[CH_SERVER_SQL_N_STMTS] = {
  [STMT_GET_CHAPTER] =
    "SELECT c.id, COALESCE(json_extract(r.fields, '$.name'), c.name), c.version, c.floor, "
    "       c.created_at "
    "FROM chapters c LEFT JOIN records r "
    "  ON r.chapter_id = c.id AND r.entity = 'chapter' AND r.id = c.id "
    "WHERE c.id = ?1",
  [STMT_LIST_CHAPTERS] =
    "SELECT c.id, COALESCE(json_extract(r.fields, '$.name'), c.name), c.version, c.floor, "
    "       c.created_at "
    "FROM chapters c LEFT JOIN records r "
    "  ON r.chapter_id = c.id AND r.entity = 'chapter' AND r.id = c.id "
    "ORDER BY 2, 1",
  [STMT_INSERT_CHAPTER] =
    "INSERT INTO chapters (id, name, version, floor, created_at) "
    "VALUES (?1, json_extract(?2, '$.name'), 1, 0, ?3)",
  [STMT_COMPACT_RECORDS] =
    "DELETE FROM records WHERE chapter_id = ?1 AND deleted = 1 AND version <= ?2",
  [STMT_COMPACT_FLOOR] =
    "UPDATE chapters SET floor = MAX(floor, ?2) WHERE id = ?1 RETURNING floor",
  [STMT_ADD_TOKEN] =
    "INSERT INTO tokens (name, hash, chapter_id, admin, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_LOOKUP_TOKEN] =
    "SELECT id, name, chapter_id, admin, created_at, revoked_at FROM tokens WHERE hash = ?1",
  [STMT_LIST_TOKENS] =
    "SELECT id, name, chapter_id, admin, created_at, revoked_at FROM tokens ORDER BY id",
  [STMT_REVOKE_TOKEN] =
    "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
  [STMT_CHANGES] =
    "SELECT entity, id, version, deleted, fields FROM records "
    "WHERE chapter_id = ?1 AND version > ?2 ORDER BY version LIMIT ?3",
  [STMT_CHANGES_LIVE] =
    "SELECT entity, id, version, deleted, fields FROM records "
    "WHERE chapter_id = ?1 AND version > ?2 AND deleted = 0 ORDER BY version LIMIT ?3",
  [STMT_CHAPTER_VERSION] =
    "SELECT version FROM chapters WHERE id = ?1",
  [STMT_SET_CHAPTER_VERSION] =
    "UPDATE chapters SET version = ?2 WHERE id = ?1",
  [STMT_GET_RECORD] =
    "SELECT version, deleted, fields FROM records "
    "WHERE chapter_id = ?1 AND entity = ?2 AND id = ?3",
  [STMT_PUT_RECORD] =
    "INSERT INTO records (chapter_id, entity, id, version, deleted, fields, email_key) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (chapter_id, entity, id) DO UPDATE SET "
    "  version = excluded.version, deleted = excluded.deleted, "
    "  fields = excluded.fields, email_key = excluded.email_key",
  [STMT_FIND_EMAIL] =
    "SELECT id FROM records "
    "WHERE chapter_id = ?1 AND email_key = ?2 AND entity = 'member' AND deleted = 0 "
    "  AND id <> ?3 "
    "ORDER BY +version LIMIT 1",  /* + keeps the planner on records_by_email */
  [STMT_GET_LAST_MID] =
    "SELECT last_mid FROM devices WHERE chapter_id = ?1 AND device_id = ?2",
  [STMT_SET_LAST_MID] =
    "INSERT INTO devices (chapter_id, device_id, last_mid) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (chapter_id, device_id) DO UPDATE SET last_mid = excluded.last_mid",
  [STMT_GET_RESULT] =
    "SELECT status, version, message, reason, fields FROM results "
    "WHERE chapter_id = ?1 AND device_id = ?2 AND mid = ?3",
  [STMT_PUT_RESULT] =
    "INSERT OR REPLACE INTO results (chapter_id, device_id, mid, status, version, message, "
    "                                reason, fields, fingerprint) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
  [STMT_GET_AUTHOR] =
    "SELECT author, device_id FROM field_authors "
    "WHERE chapter_id = ?1 AND entity = ?2 AND id = ?3 AND field_group = ?4",
  [STMT_PUT_AUTHOR] =
    "INSERT OR REPLACE INTO field_authors (chapter_id, entity, id, field_group, author, device_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_BEGIN_READ] = "BEGIN DEFERRED",
  [STMT_END_READ] = "COMMIT",
  [STMT_FIND_REFS] =
    "SELECT id FROM records "
    "WHERE chapter_id = ?1 AND entity = ?2 AND deleted = 0 AND json_extract(fields, ?3) = ?4 "
    "ORDER BY version",
  /* The same for member_id, on records_by_member (the expression must be
   * the index's, path included). */
  [STMT_FIND_MEMBER_REFS] =
    "SELECT id FROM records "
    "WHERE chapter_id = ?1 AND entity = ?2 AND json_extract(fields, '$.member_id') = ?4 "
    "  AND deleted = 0 "
    "ORDER BY +version",  /* + keeps the planner on records_member_ref; ?3 is unused */
  [STMT_GET_DEVICE_OWNER] =
    "SELECT token_id FROM devices WHERE chapter_id = ?1 AND device_id = ?2",
  [STMT_SET_DEVICE_OWNER] =
    "INSERT INTO devices (chapter_id, device_id, last_mid, token_id) VALUES (?1, ?2, 0, ?3) "
    "ON CONFLICT (chapter_id, device_id) DO UPDATE SET token_id = excluded.token_id",
  [STMT_GET_FINGERPRINT] =
    "SELECT fingerprint FROM results WHERE chapter_id = ?1 AND device_id = ?2 AND mid = ?3",
  [STMT_GET_EPOCH] =
    "SELECT value FROM meta WHERE key = 'epoch'",
  [STMT_SET_EPOCH] =
    "UPDATE meta SET value = ?1 WHERE key = 'epoch'",
  [STMT_NOTE_PULL] =
    "INSERT INTO device_cursors (chapter_id, device_id, cursor, seen_at) "
    "VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (chapter_id, device_id) DO UPDATE SET "
    "  cursor = excluded.cursor, seen_at = excluded.seen_at "
    "WHERE cursor <> excluded.cursor OR seen_at < excluded.seen_at - ?5",
  /* The lowest cursor of the devices seen since ?2, but never above the
   * chapter's version (a cursor from another epoch may be). */
  [STMT_COMPACT_HORIZON] =
    "SELECT MIN(c.version, COALESCE((SELECT MIN(d.cursor) FROM device_cursors d "
    "                                WHERE d.chapter_id = ?1 AND d.seen_at >= ?2), "
    "                               c.version)) "
    "FROM chapters c WHERE c.id = ?1",
  [STMT_CHAPTER_VERSIONS] =
    "SELECT id, version FROM chapters",
  [STMT_COUNT_BY_KEY] =
    "SELECT count(*) FROM records "
    "WHERE chapter_id = ?1 AND email_key = ?2 AND entity = ?3 AND deleted = 0 AND id <> ?4",
};

gboolean
ch_server_sql_db_error (ChServerStoreSqlite  *self,
                        GError              **error)
{
  g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_FAILED,
               _("Database error in %s: %s"), self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
ch_server_sql_exec (ChServerStoreSqlite  *self,
                    const char           *sql,
                    GError              **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return ch_server_sql_db_error (self, error);

  return TRUE;
}

/* The cached statement @which, reset and ready for binding, or NULL. */
sqlite3_stmt *
ch_server_sql_stmt (ChServerStoreSqlite  *self,
                    ChServerSqlStmt       which,
                    GError              **error)
{
  sqlite3_stmt *s = self->stmts[which];

  if (s == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                              &s, NULL) != SQLITE_OK)
        {
          ch_server_sql_db_error (self, error);
          return NULL;
        }
      self->stmts[which] = s;
    }

  return s;
}

void
ch_server_sql_done (sqlite3_stmt *s)
{
  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
}

void
ch_server_sql_bind_text (sqlite3_stmt *s,
                         int           i,
                         const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (s, i);
  else
    sqlite3_bind_text (s, i, text, -1, SQLITE_STATIC);
}

char *
ch_server_sql_column_dup (sqlite3_stmt *s,
                          int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (s, i));
}

/* Resets @s after a step that returned @rc; FALSE with @error set
 * if that step failed. */
gboolean
ch_server_sql_step_finish (ChServerStoreSqlite  *self,
                           sqlite3_stmt         *s,
                           int                   rc,
                           GError              **error)
{
  ch_server_sql_done (s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return ch_server_sql_db_error (self, error);

  return TRUE;
}

/* Runs a statement that returns no rows. */
gboolean
ch_server_sql_step_done (ChServerStoreSqlite  *self,
                         sqlite3_stmt         *s,
                         GError              **error)
{
  return ch_server_sql_step_finish (self, s, sqlite3_step (s), error);
}

/* Rolls back the open transaction, moves @local_error to @error and
 * returns FALSE. */
gboolean
ch_server_sql_rollback (ChServerStoreSqlite  *self,
                        GError              **error,
                        GError               *local_error)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, local_error);
  return FALSE;
}

void
ch_server_sql_no_chapter_error (GError     **error,
                                const char  *chapter_id)
{
  g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND,
               _("There is no chapter with id “%s”"), chapter_id);
}

/* Steps @s, which reads one integer from the row of chapter @chapter_id,
 * into @value; a NOT_FOUND error if there is no such chapter. */
gboolean
ch_server_sql_step_chapter_int64 (ChServerStoreSqlite  *self,
                                  sqlite3_stmt         *s,
                                  const char           *chapter_id,
                                  gint64               *value,
                                  GError              **error)
{
  int rc = sqlite3_step (s);

  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (s, 0);
  ch_server_sql_done (s);

  if (rc == SQLITE_DONE)
    {
      ch_server_sql_no_chapter_error (error, chapter_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return ch_server_sql_db_error (self, error);

  return TRUE;
}

/* Steps @s once: the row made by @from_row, or NULL with @error set on
 * failure or with @error unset if there is no row. */
gpointer
ch_server_sql_step_one_row (ChServerStoreSqlite  *self,
                            sqlite3_stmt         *s,
                            ChServerSqlRowFunc    from_row,
                            GError              **error)
{
  gpointer row = NULL;
  int rc = sqlite3_step (s);

  if (rc == SQLITE_ROW)
    row = from_row (s);
  else if (rc != SQLITE_DONE)
    ch_server_sql_db_error (self, error);
  ch_server_sql_done (s);

  return row;
}

/* Steps @s to the end: all rows made by @from_row, or NULL on failure. */
GPtrArray *
ch_server_sql_step_all_rows (ChServerStoreSqlite  *self,
                             sqlite3_stmt         *s,
                             ChServerSqlRowFunc    from_row,
                             GDestroyNotify        free_func,
                             GError              **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    g_ptr_array_add (list, from_row (s));
  ch_server_sql_done (s);

  if (rc != SQLITE_DONE)
    {
      ch_server_sql_db_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&list);
}


char *
ch_server_sql_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
