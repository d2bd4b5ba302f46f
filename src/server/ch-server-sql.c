/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-store"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-server-sql.h"
#include "ch-server-store-sqlite-private.h"

gboolean
ch_server_sql_db_error (ChServerStoreSqlite  *self,
                        GError              **error)
{
  int rc = sqlite3_errcode (self->db);

  /* Another process (compact, a backup, an admin command) holds the lock
   * for longer than the busy timeout: worth trying again later. */
  g_set_error (error, CH_SERVER_STORE_ERROR,
               rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? CH_SERVER_STORE_ERROR_BUSY
                                                        : CH_SERVER_STORE_ERROR_FAILED,
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
      if (sqlite3_prepare_v3 (self->db, ch_server_store_sqlite_stmt_sql[which], -1,
                              SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
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
