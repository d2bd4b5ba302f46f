/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "ch-server-store-sqlite.h"

G_BEGIN_DECLS

/* The SQL helpers of the server store (ch-server-store-sqlite*.c): its
 * cached statements, stepping them, and the error of a failed step. */

typedef enum
{
  STMT_GET_CHAPTER,
  STMT_LIST_CHAPTERS,
  STMT_INSERT_CHAPTER,
  STMT_COMPACT_RECORDS,
  STMT_COMPACT_FLOOR,
  STMT_ADD_TOKEN,
  STMT_LOOKUP_TOKEN,
  STMT_LIST_TOKENS,
  STMT_REVOKE_TOKEN,
  STMT_CHANGES,
  STMT_CHANGES_LIVE,
  STMT_CHAPTER_VERSION,
  STMT_SET_CHAPTER_VERSION,
  STMT_GET_RECORD,
  STMT_PUT_RECORD,
  STMT_FIND_EMAIL,
  STMT_GET_LAST_MID,
  STMT_SET_LAST_MID,
  STMT_GET_RESULT,
  STMT_PUT_RESULT,
  STMT_BEGIN_READ,
  STMT_END_READ,
  STMT_FIND_REFS,
  STMT_FIND_MEMBER_REFS,
  STMT_GET_DEVICE_OWNER,
  STMT_SET_DEVICE_OWNER,
  STMT_GET_FINGERPRINT,
  STMT_GET_EPOCH,
  STMT_SET_EPOCH,
  STMT_NOTE_PULL,
  STMT_COMPACT_HORIZON,
  STMT_CHAPTER_VERSIONS,
  STMT_COUNT_BY_KEY,
  STMT_GET_AUTHOR,
  STMT_PUT_AUTHOR,
  STMT_COMPACT_RESULTS,
  STMT_CLEAR_HELD,
  STMT_COUNT_TOKEN_DEVICES,
  STMT_STATS,
  STMT_COUNT_CHANGES,
  STMT_COUNT_CHANGES_LIVE,
  STMT_COUNT_CHANGES_HELD,
  STMT_UPDATE_RECORD,
  CH_SERVER_SQL_N_STMTS
} ChServerSqlStmt;

typedef gpointer (*ChServerSqlRowFunc) (sqlite3_stmt *s);

/* Sets a FAILED error with SQLite's message; returns FALSE. */
gboolean       ch_server_sql_db_error           (ChServerStoreSqlite  *self,
                                                 GError              **error);
gboolean       ch_server_sql_exec               (ChServerStoreSqlite  *self,
                                                 const char           *sql,
                                                 GError              **error);
/* The cached statement @which, reset and ready for binding, or NULL. */
sqlite3_stmt  *ch_server_sql_stmt               (ChServerStoreSqlite  *self,
                                                 ChServerSqlStmt       which,
                                                 GError              **error);
/* Resets @s and clears its bindings. */
void           ch_server_sql_done               (sqlite3_stmt         *s);
/* Binds @text (NULL: SQL NULL) without copying it. */
void           ch_server_sql_bind_text          (sqlite3_stmt         *s,
                                                 int                   i,
                                                 const char           *text);
char          *ch_server_sql_column_dup         (sqlite3_stmt         *s,
                                                 int                   i);
/* Resets @s after a step that returned @rc; FALSE with @error set if that
 * step failed. */
gboolean       ch_server_sql_step_finish        (ChServerStoreSqlite  *self,
                                                 sqlite3_stmt         *s,
                                                 int                   rc,
                                                 GError              **error);
/* Runs a statement that returns no rows. */
gboolean       ch_server_sql_step_done          (ChServerStoreSqlite  *self,
                                                 sqlite3_stmt         *s,
                                                 GError              **error);
/* Rolls back the open transaction, moves @local_error to @error and
 * returns FALSE. */
gboolean       ch_server_sql_rollback           (ChServerStoreSqlite  *self,
                                                 GError              **error,
                                                 GError               *local_error);
void           ch_server_sql_no_chapter_error   (GError              **error,
                                                 const char           *chapter_id);
/* Steps @s, which reads one integer from the row of chapter @chapter_id,
 * into @value; a NOT_FOUND error if there is no such chapter. */
gboolean       ch_server_sql_step_chapter_int64 (ChServerStoreSqlite  *self,
                                                 sqlite3_stmt         *s,
                                                 const char           *chapter_id,
                                                 gint64               *value,
                                                 GError              **error);
/* Steps @s once: the row made by @from_row, or NULL with @error set on
 * failure or with @error unset if there is no row. */
gpointer       ch_server_sql_step_one_row       (ChServerStoreSqlite  *self,
                                                 sqlite3_stmt         *s,
                                                 ChServerSqlRowFunc    from_row,
                                                 GError              **error);
/* Steps @s to the end: all rows made by @from_row, or NULL on failure. */
GPtrArray     *ch_server_sql_step_all_rows      (ChServerStoreSqlite  *self,
                                                 sqlite3_stmt         *s,
                                                 ChServerSqlRowFunc    from_row,
                                                 GDestroyNotify        free_func,
                                                 GError              **error);
/* Now, as 2026-11-23T10:00:00Z. */
char          *ch_server_sql_now_iso            (void);

G_END_DECLS
