/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-store"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <sqlite3.h>

#include "ch-server-store-sqlite.h"

#define SCHEMA_LEVEL 1

/* All SQL is here, with bound parameters only. */
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
  STMT_GET_AUTHOR,
  STMT_PUT_AUTHOR,
  N_STMTS
} Stmt;

static const char *const stmt_sql[N_STMTS] = {
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
    "DELETE FROM records WHERE chapter_id = ?1 AND deleted = 1",
  [STMT_COMPACT_FLOOR] =
    "UPDATE chapters SET floor = version WHERE id = ?1 RETURNING floor",
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
    "SELECT status, version, message FROM results "
    "WHERE chapter_id = ?1 AND device_id = ?2 AND mid = ?3",
  [STMT_PUT_RESULT] =
    "INSERT OR REPLACE INTO results (chapter_id, device_id, mid, status, version, message) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_GET_AUTHOR] =
    "SELECT author, device_id FROM field_authors "
    "WHERE chapter_id = ?1 AND entity = ?2 AND id = ?3 AND field_group = ?4",
  [STMT_PUT_AUTHOR] =
    "INSERT OR REPLACE INTO field_authors (chapter_id, entity, id, field_group, author, device_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_BEGIN_READ] = "BEGIN DEFERRED",
  [STMT_END_READ] = "COMMIT",
};

static const char schema_sql[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE chapters ("
  "  id         TEXT PRIMARY KEY,"
  "  name       TEXT NOT NULL,"
  "  version    INTEGER NOT NULL DEFAULT 0,"
  "  floor      INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL"
  ") WITHOUT ROWID;"
  /* A rowid table: the feed walks records_by_version, then one rowid
   * lookup per row. */
  "CREATE TABLE records ("
  "  chapter_id TEXT NOT NULL REFERENCES chapters (id),"
  "  entity     TEXT NOT NULL,"
  "  id         TEXT NOT NULL,"
  "  version    INTEGER NOT NULL,"
  "  deleted    INTEGER NOT NULL DEFAULT 0,"
  "  fields     TEXT NOT NULL,"
  "  email_key  TEXT,"
  "  UNIQUE (chapter_id, entity, id)"
  ");"
  "CREATE UNIQUE INDEX records_by_version ON records (chapter_id, version);"
  "CREATE INDEX records_by_email ON records (chapter_id, email_key) "
  "  WHERE email_key IS NOT NULL;"
  "CREATE TABLE tokens ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL,"
  "  hash       TEXT NOT NULL UNIQUE,"
  "  chapter_id TEXT REFERENCES chapters (id),"
  "  admin      INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  revoked_at TEXT"
  ");"
  "CREATE TABLE devices ("
  "  chapter_id TEXT NOT NULL,"
  "  device_id  TEXT NOT NULL,"
  "  last_mid   INTEGER NOT NULL,"
  "  PRIMARY KEY (chapter_id, device_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE results ("
  "  chapter_id TEXT NOT NULL,"
  "  device_id  TEXT NOT NULL,"
  "  mid        INTEGER NOT NULL,"
  "  status     TEXT NOT NULL,"
  "  version    INTEGER NOT NULL,"
  "  message    TEXT,"
  "  PRIMARY KEY (chapter_id, device_id, mid)"
  ") WITHOUT ROWID;";

struct _ChServerStoreSqlite
{
  GObject        parent_instance;

  sqlite3       *db;
  sqlite3_stmt  *stmts[N_STMTS];
  char          *epoch;
  char          *path;
  guint          in_batch : 1;
  guint          in_read : 1;
};

static void ch_server_store_iface_init (ChServerStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChServerStoreSqlite, ch_server_store_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CH_TYPE_SERVER_STORE,
                                                      ch_server_store_iface_init))

/* Helpers */

static gboolean
set_db_error (ChServerStoreSqlite  *self,
              GError              **error)
{
  g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_FAILED,
               _("Database error in %s: %s"), self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (ChServerStoreSqlite  *self,
      const char           *sql,
      GError              **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (self, error);

  return TRUE;
}

/* The cached statement @which, reset and ready for binding, or NULL. */
static sqlite3_stmt *
stmt (ChServerStoreSqlite  *self,
      Stmt                  which,
      GError              **error)
{
  sqlite3_stmt *s = self->stmts[which];

  if (s == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                              &s, NULL) != SQLITE_OK)
        {
          set_db_error (self, error);
          return NULL;
        }
      self->stmts[which] = s;
    }

  return s;
}

static void
done (sqlite3_stmt *s)
{
  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
}

static inline void
bind_text (sqlite3_stmt *s,
           int           i,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (s, i);
  else
    sqlite3_bind_text (s, i, text, -1, SQLITE_STATIC);
}

static char *
column_dup (sqlite3_stmt *s,
            int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (s, i));
}

/* Resets @s after a step that returned @rc; FALSE with @error set
 * if that step failed. */
static gboolean
step_finish (ChServerStoreSqlite  *self,
             sqlite3_stmt         *s,
             int                   rc,
             GError              **error)
{
  done (s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_db_error (self, error);

  return TRUE;
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (ChServerStoreSqlite  *self,
           sqlite3_stmt         *s,
           GError              **error)
{
  return step_finish (self, s, sqlite3_step (s), error);
}

/* Rolls back the open transaction, moves @local_error to @error and
 * returns FALSE. */
static gboolean
rollback (ChServerStoreSqlite  *self,
          GError              **error,
          GError               *local_error)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, local_error);
  return FALSE;
}

static void
set_no_chapter_error (GError     **error,
                      const char  *chapter_id)
{
  g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND,
               _("There is no chapter with id “%s”"), chapter_id);
}

/* Steps @s, which reads one integer from the row of chapter @chapter_id,
 * into @value; a NOT_FOUND error if there is no such chapter. */
static gboolean
step_chapter_int64 (ChServerStoreSqlite  *self,
                    sqlite3_stmt         *s,
                    const char           *chapter_id,
                    gint64               *value,
                    GError              **error)
{
  int rc = sqlite3_step (s);

  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (s, 0);
  done (s);

  if (rc == SQLITE_DONE)
    {
      set_no_chapter_error (error, chapter_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return set_db_error (self, error);

  return TRUE;
}

typedef gpointer (*FromRowFunc) (sqlite3_stmt *s);

/* Steps @s once: the row made by @from_row, or NULL with @error set on
 * failure or with @error unset if there is no row. */
static gpointer
step_one_row (ChServerStoreSqlite  *self,
              sqlite3_stmt         *s,
              FromRowFunc           from_row,
              GError              **error)
{
  gpointer row = NULL;
  int rc = sqlite3_step (s);

  if (rc == SQLITE_ROW)
    row = from_row (s);
  else if (rc != SQLITE_DONE)
    set_db_error (self, error);
  done (s);

  return row;
}

/* Steps @s to the end: all rows made by @from_row, or NULL on failure. */
static GPtrArray *
step_all_rows (ChServerStoreSqlite  *self,
               sqlite3_stmt         *s,
               FromRowFunc           from_row,
               GDestroyNotify        free_func,
               GError              **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    g_ptr_array_add (list, from_row (s));
  done (s);

  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&list);
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static ChServerChapter *
chapter_from_row (sqlite3_stmt *s)
{
  ChServerChapter *c = g_new0 (ChServerChapter, 1);

  c->id = column_dup (s, 0);
  c->name = column_dup (s, 1);
  c->version = sqlite3_column_int64 (s, 2);
  c->floor = sqlite3_column_int64 (s, 3);
  c->created_at = column_dup (s, 4);

  return c;
}

static ChServerToken *
token_from_row (sqlite3_stmt *s)
{
  ChServerToken *t = g_new0 (ChServerToken, 1);

  t->id = sqlite3_column_int64 (s, 0);
  t->name = column_dup (s, 1);
  t->chapter_id = column_dup (s, 2);
  t->admin = sqlite3_column_int (s, 3) != 0;
  t->created_at = column_dup (s, 4);
  t->revoked_at = column_dup (s, 5);

  return t;
}

/* Interface */

static const char *
sqlite_get_epoch (ChServerStore *store)
{
  return CH_SERVER_STORE_SQLITE (store)->epoch;
}

static gboolean
sqlite_add_chapter (ChServerStore  *store,
                    const char     *id,
                    const char     *fields,
                    GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autofree char *now = now_iso ();
  g_autoptr(GError) local_error = NULL;
  ChServerRecord record = { (char *) "chapter", (char *) id, 1, FALSE, (char *) fields };
  sqlite3_stmt *s;
  int rc;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!(s = stmt (self, STMT_INSERT_CHAPTER, &local_error)))
    goto fail;
  bind_text (s, 1, id);
  bind_text (s, 2, fields);
  bind_text (s, 3, now);
  rc = sqlite3_step (s);
  done (s);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error (&local_error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_EXISTS,
                   _("A chapter with id %s already exists"), id);
      goto fail;
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, &local_error);
      goto fail;
    }

  /* The chapter's own settings row starts the feed at version 1. */
  if (!ch_server_store_put_record (store, id, &record, NULL, &local_error))
    goto fail;

  if (!exec (self, "COMMIT", &local_error))
    goto fail;

  return TRUE;

fail:
  return rollback (self, error, g_steal_pointer (&local_error));
}

static ChServerChapter *
sqlite_get_chapter (ChServerStore  *store,
                    const char     *id,
                    GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;
  ChServerChapter *chapter;
  sqlite3_stmt *s;

  if (!(s = stmt (self, STMT_GET_CHAPTER, error)))
    return NULL;

  bind_text (s, 1, id);
  chapter = step_one_row (self, s, (FromRowFunc) chapter_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (chapter == NULL)
    set_no_chapter_error (error, id);

  return chapter;
}

static GPtrArray *
sqlite_list_chapters (ChServerStore  *store,
                      GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = stmt (self, STMT_LIST_CHAPTERS, error)))
    return NULL;

  return step_all_rows (self, s, (FromRowFunc) chapter_from_row,
                        (GDestroyNotify) ch_server_chapter_free, error);
}

static gboolean
sqlite_compact (ChServerStore  *store,
                const char     *chapter_id,
                gint64         *removed,
                gint64         *floor,
                GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *s;
  gint64 n_removed;
  gint64 new_floor = 0;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!(s = stmt (self, STMT_COMPACT_FLOOR, &local_error)))
    goto fail;
  bind_text (s, 1, chapter_id);
  if (!step_chapter_int64 (self, s, chapter_id, &new_floor, &local_error))
    goto fail;

  if (!(s = stmt (self, STMT_COMPACT_RECORDS, &local_error)))
    goto fail;
  bind_text (s, 1, chapter_id);
  if (!step_done (self, s, &local_error))
    goto fail;
  n_removed = sqlite3_changes64 (self->db);

  if (!exec (self, "COMMIT", &local_error))
    goto fail;

  if (removed != NULL)
    *removed = n_removed;
  if (floor != NULL)
    *floor = new_floor;

  return TRUE;

fail:
  return rollback (self, error, g_steal_pointer (&local_error));
}

static gint64
sqlite_add_token (ChServerStore  *store,
                  const char     *name,
                  const char     *hash,
                  const char     *chapter_id,
                  gboolean        admin,
                  GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autofree char *now = now_iso ();
  sqlite3_stmt *s;

  if (!(s = stmt (self, STMT_ADD_TOKEN, error)))
    return 0;

  bind_text (s, 1, name);
  bind_text (s, 2, hash);
  bind_text (s, 3, chapter_id);
  sqlite3_bind_int (s, 4, admin ? 1 : 0);
  bind_text (s, 5, now);
  if (!step_done (self, s, error))
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

static ChServerToken *
sqlite_lookup_token (ChServerStore  *store,
                     const char     *hash,
                     GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;
  ChServerToken *token;
  sqlite3_stmt *s;

  if (!(s = stmt (self, STMT_LOOKUP_TOKEN, error)))
    return NULL;

  bind_text (s, 1, hash);
  token = step_one_row (self, s, (FromRowFunc) token_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (token == NULL)
    g_set_error_literal (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND,
                         _("Unknown token"));

  return token;
}

static GPtrArray *
sqlite_list_tokens (ChServerStore  *store,
                    GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = stmt (self, STMT_LIST_TOKENS, error)))
    return NULL;

  return step_all_rows (self, s, (FromRowFunc) token_from_row,
                        (GDestroyNotify) ch_server_token_free, error);
}

static gboolean
sqlite_revoke_token (ChServerStore  *store,
                     gint64          id,
                     GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autofree char *now = now_iso ();
  sqlite3_stmt *s;

  if (!(s = stmt (self, STMT_REVOKE_TOKEN, error)))
    return FALSE;

  sqlite3_bind_int64 (s, 1, id);
  bind_text (s, 2, now);
  if (!step_done (self, s, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND,
                   _("There is no token with id %" PRId64), id);
      return FALSE;
    }

  return TRUE;
}

static gboolean
sqlite_read_changes (ChServerStore      *store,
                     const char         *chapter_id,
                     gint64              since,
                     guint               limit,
                     gboolean            with_tombstones,
                     ChServerRecordFunc  func,
                     gpointer            user_data,
                     GError            **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  if (!(s = stmt (self, with_tombstones ? STMT_CHANGES : STMT_CHANGES_LIVE, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  sqlite3_bind_int64 (s, 2, since);
  sqlite3_bind_int64 (s, 3, limit);

  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (s, 0),
          (const char *) sqlite3_column_text (s, 1),
          sqlite3_column_int64 (s, 2),
          sqlite3_column_int (s, 3) != 0,
          (const char *) sqlite3_column_text (s, 4),
          (gsize) sqlite3_column_bytes (s, 4),
          user_data);

  return step_finish (self, s, rc, error);
}

static gboolean
sqlite_begin_read (ChServerStore  *store,
                   GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  g_return_val_if_fail (!self->in_batch && !self->in_read, FALSE);

  if (!(s = stmt (self, STMT_BEGIN_READ, error)) || !step_done (self, s, error))
    return FALSE;

  self->in_read = TRUE;
  return TRUE;
}

static void
sqlite_end_read (ChServerStore *store)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!self->in_read)
    return;

  self->in_read = FALSE;
  if (!(s = stmt (self, STMT_END_READ, NULL)) || !step_done (self, s, NULL))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
sqlite_begin_batch (ChServerStore  *store,
                    const char     *chapter_id,
                    gint64         *version,
                    GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  g_return_val_if_fail (!self->in_batch && !self->in_read, FALSE);

  /* IMMEDIATE takes the write lock now, so the version read below cannot
   * change under us (an admin command may run in another process). */
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  self->in_batch = TRUE;

  if (!(s = stmt (self, STMT_CHAPTER_VERSION, error)))
    goto fail;
  bind_text (s, 1, chapter_id);
  if (!step_chapter_int64 (self, s, chapter_id, version, error))
    goto fail;

  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_batch = FALSE;
  return FALSE;
}

static gboolean
sqlite_end_batch (ChServerStore  *store,
                  const char     *chapter_id,
                  gint64          version,
                  gboolean        commit,
                  GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  g_return_val_if_fail (self->in_batch, FALSE);

  self->in_batch = FALSE;

  if (!commit)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return TRUE;
    }

  if (!(s = stmt (self, STMT_SET_CHAPTER_VERSION, error)))
    goto fail;
  bind_text (s, 1, chapter_id);
  sqlite3_bind_int64 (s, 2, version);
  if (!step_done (self, s, error))
    goto fail;

  if (!exec (self, "COMMIT", error))
    goto fail;

  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
sqlite_get_record (ChServerStore   *store,
                   const char      *chapter_id,
                   const char      *entity,
                   const char      *id,
                   ChServerRecord **record,
                   GError         **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *record = NULL;
  if (!(s = stmt (self, STMT_GET_RECORD, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, entity);
  bind_text (s, 3, id);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    {
      ChServerRecord *r = g_new0 (ChServerRecord, 1);

      r->entity = g_strdup (entity);
      r->id = g_strdup (id);
      r->version = sqlite3_column_int64 (s, 0);
      r->deleted = sqlite3_column_int (s, 1) != 0;
      r->fields = column_dup (s, 2);
      *record = r;
    }

  return step_finish (self, s, rc, error);
}

static gboolean
sqlite_put_record (ChServerStore         *store,
                   const char            *chapter_id,
                   const ChServerRecord  *record,
                   const char            *email_key,
                   GError               **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = stmt (self, STMT_PUT_RECORD, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, record->entity);
  bind_text (s, 3, record->id);
  sqlite3_bind_int64 (s, 4, record->version);
  sqlite3_bind_int (s, 5, record->deleted ? 1 : 0);
  bind_text (s, 6, record->fields ? record->fields : "{}");
  bind_text (s, 7, email_key);

  return step_done (self, s, error);
}

static gboolean
sqlite_find_email (ChServerStore  *store,
                   const char     *chapter_id,
                   const char     *email_key,
                   const char     *except_id,
                   char          **member_id,
                   GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *member_id = NULL;
  if (!(s = stmt (self, STMT_FIND_EMAIL, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, email_key);
  bind_text (s, 3, except_id ? except_id : "");
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    *member_id = column_dup (s, 0);

  return step_finish (self, s, rc, error);
}

static gboolean
sqlite_get_last_mid (ChServerStore  *store,
                     const char     *chapter_id,
                     const char     *device_id,
                     gint64         *last_mid,
                     GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *last_mid = 0;
  if (!(s = stmt (self, STMT_GET_LAST_MID, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, device_id);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    *last_mid = sqlite3_column_int64 (s, 0);

  return step_finish (self, s, rc, error);
}

static gboolean
sqlite_set_last_mid (ChServerStore  *store,
                     const char     *chapter_id,
                     const char     *device_id,
                     gint64          last_mid,
                     GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = stmt (self, STMT_SET_LAST_MID, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, device_id);
  sqlite3_bind_int64 (s, 3, last_mid);

  return step_done (self, s, error);
}

static gboolean
sqlite_get_result (ChServerStore      *store,
                   const char         *chapter_id,
                   const char         *device_id,
                   gint64              mid,
                   ChMutationResult  **result,
                   GError            **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *result = NULL;
  if (!(s = stmt (self, STMT_GET_RESULT, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, device_id);
  sqlite3_bind_int64 (s, 3, mid);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    {
      ChResultStatus status = CH_RESULT_REJECTED;

      ch_result_status_from_string ((const char *) sqlite3_column_text (s, 0), &status);
      *result = ch_mutation_result_new (mid, status,
                                        sqlite3_column_int64 (s, 1),
                                        (const char *) sqlite3_column_text (s, 2));
    }

  return step_finish (self, s, rc, error);
}

static gboolean
sqlite_put_result (ChServerStore           *store,
                   const char              *chapter_id,
                   const char              *device_id,
                   const ChMutationResult  *result,
                   GError                 **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = stmt (self, STMT_PUT_RESULT, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, device_id);
  sqlite3_bind_int64 (s, 3, result->mid);
  bind_text (s, 4, ch_result_status_to_string (result->status));
  sqlite3_bind_int64 (s, 5, result->version);
  bind_text (s, 6, result->message);

  return step_done (self, s, error);
}

static gboolean
sqlite_get_author (ChServerStore  *store,
                   const char     *chapter_id,
                   const char     *entity,
                   const char     *id,
                   const char     *field_group,
                   char          **author,
                   char          **device_id,
                   GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *author = NULL;
  *device_id = NULL;
  if (!(s = stmt (self, STMT_GET_AUTHOR, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, entity);
  bind_text (s, 3, id);
  bind_text (s, 4, field_group);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    {
      *author = column_dup (s, 0);
      *device_id = column_dup (s, 1);
    }

  return step_finish (self, s, rc, error);
}

static gboolean
sqlite_put_author (ChServerStore  *store,
                   const char     *chapter_id,
                   const char     *entity,
                   const char     *id,
                   const char     *field_group,
                   const char     *author,
                   const char     *device_id,
                   GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = stmt (self, STMT_PUT_AUTHOR, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, entity);
  bind_text (s, 3, id);
  bind_text (s, 4, field_group);
  bind_text (s, 5, author);
  bind_text (s, 6, device_id);

  return step_done (self, s, error);
}

static void
ch_server_store_iface_init (ChServerStoreInterface *iface)
{
  iface->get_epoch = sqlite_get_epoch;
  iface->add_chapter = sqlite_add_chapter;
  iface->get_chapter = sqlite_get_chapter;
  iface->list_chapters = sqlite_list_chapters;
  iface->compact = sqlite_compact;
  iface->add_token = sqlite_add_token;
  iface->lookup_token = sqlite_lookup_token;
  iface->list_tokens = sqlite_list_tokens;
  iface->revoke_token = sqlite_revoke_token;
  iface->read_changes = sqlite_read_changes;
  iface->begin_read = sqlite_begin_read;
  iface->end_read = sqlite_end_read;
  iface->begin_batch = sqlite_begin_batch;
  iface->end_batch = sqlite_end_batch;
  iface->get_record = sqlite_get_record;
  iface->put_record = sqlite_put_record;
  iface->find_email = sqlite_find_email;
  iface->get_last_mid = sqlite_get_last_mid;
  iface->set_last_mid = sqlite_set_last_mid;
  iface->get_result = sqlite_get_result;
  iface->put_result = sqlite_put_result;
  iface->get_author = sqlite_get_author;
  iface->put_author = sqlite_put_author;
}

/* Object */

static void
ch_server_store_sqlite_finalize (GObject *object)
{
  ChServerStoreSqlite *self = (ChServerStoreSqlite *) object;

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);

  if (self->db != NULL)
    {
      if (self->in_batch || self->in_read)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      if (sqlite3_close (self->db) != SQLITE_OK)
        g_warning ("Could not close %s cleanly: %s", self->path, sqlite3_errmsg (self->db));
      self->db = NULL;
    }

  g_free (self->epoch);
  g_free (self->path);

  G_OBJECT_CLASS (ch_server_store_sqlite_parent_class)->finalize (object);
}

static void
ch_server_store_sqlite_class_init (ChServerStoreSqliteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ch_server_store_sqlite_finalize;
}

static void
ch_server_store_sqlite_init (ChServerStoreSqlite *self)
{
}

static gboolean
read_level (ChServerStoreSqlite  *self,
            int                  *level,
            GError              **error)
{
  sqlite3_stmt *s = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
    return set_db_error (self, error);

  rc = sqlite3_step (s);
  *level = rc == SQLITE_ROW ? sqlite3_column_int (s, 0) : 0;
  sqlite3_finalize (s);

  if (rc != SQLITE_ROW)
    return set_db_error (self, error);

  return TRUE;
}

static gboolean
read_epoch (ChServerStoreSqlite  *self,
            GError              **error)
{
  sqlite3_stmt *s = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = 'epoch'", -1,
                          &s, NULL) != SQLITE_OK)
    return set_db_error (self, error);

  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    self->epoch = column_dup (s, 0);
  sqlite3_finalize (s);

  if (self->epoch == NULL)
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_FAILED,
                   _("%s is not a Chapterhouse server database (it has no epoch)"),
                   self->path);
      return FALSE;
    }

  return TRUE;
}

/* Creates the schema and the epoch, unless another process just did. */
static gboolean
create_schema (ChServerStoreSqlite  *self,
               GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *epoch = g_uuid_string_random ();
  g_autofree char *pragma = NULL;
  sqlite3_stmt *s = NULL;
  int level;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!read_level (self, &level, &local_error))
    goto fail;
  if (level != 0)
    return exec (self, "COMMIT", error);

  if (!exec (self, schema_sql, &local_error))
    goto fail;

  if (sqlite3_prepare_v2 (self->db, "INSERT INTO meta (key, value) VALUES ('epoch', ?1)",
                          -1, &s, NULL) != SQLITE_OK)
    {
      set_db_error (self, &local_error);
      goto fail;
    }
  bind_text (s, 1, epoch);
  if (sqlite3_step (s) != SQLITE_DONE)
    {
      set_db_error (self, &local_error);
      sqlite3_finalize (s);
      goto fail;
    }
  sqlite3_finalize (s);

  pragma = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_LEVEL);
  if (!exec (self, pragma, &local_error) ||
      !exec (self, "COMMIT", &local_error))
    goto fail;

  return TRUE;

fail:
  return rollback (self, error, g_steal_pointer (&local_error));
}

ChServerStore *
ch_server_store_sqlite_new (const char  *path,
                            gboolean     create,
                            GError     **error)
{
  g_autoptr(ChServerStoreSqlite) self = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  int level;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND,
                   _("There is no server database at %s (start the server or add a "
                     "chapter to create one)"), path);
      return NULL;
    }

  if (create)
    flags |= SQLITE_OPEN_CREATE;

  self = g_object_new (CH_TYPE_SERVER_STORE_SQLITE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_FAILED,
                   _("Could not open the server database %s: %s"),
                   path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 0);
  sqlite3_busy_timeout (self->db, 10000);

  /* Durable commits: an acknowledged mutation must survive a power cut. */
  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !exec (self, "PRAGMA cache_size = -32000", error) ||
      !exec (self, "PRAGMA temp_store = MEMORY", error))
    return NULL;

  if (!read_level (self, &level, error))
    return NULL;

  if (level > SCHEMA_LEVEL)
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_TOO_NEW,
                   _("The server database %s was made by a newer chapterhouse-server "
                     "(level %d; this one knows %d). It was not changed."),
                   path, level, SCHEMA_LEVEL);
      return NULL;
    }

  if (level == 0 && !create_schema (self, error))
    return NULL;

  /* Who last changed each field group of a row, so a conflict can name
   * both officers.  Added beside level 1; older databases get it here. */
  if (!exec (self,
             "CREATE TABLE IF NOT EXISTS field_authors ("
             "  chapter_id  TEXT NOT NULL,"
             "  entity      TEXT NOT NULL,"
             "  id          TEXT NOT NULL,"
             "  field_group TEXT NOT NULL,"
             "  author      TEXT,"
             "  device_id   TEXT,"
             "  PRIMARY KEY (chapter_id, entity, id, field_group)"
             ") WITHOUT ROWID", error))
    return NULL;

  if (!read_epoch (self, error))
    return NULL;

  return CH_SERVER_STORE (g_steal_pointer (&self));
}
