/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <string.h>

#include "ch-json.h"
#include "ch-server-store-sqlite.h"

/* Level 1: the first schema (schema_sql). Level 2 (epoch): device_cursors,
 * see migration_2_device_cursors. */
#define SCHEMA_LEVEL 2

/* Devices whose cursor or last-seen time did not change need no write. */
#define SEEN_RESOLUTION_S 3600

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
    /* A merge's tombstone stays: rows naming the member merged away
     * that arrive later must still follow it (docs/sync-protocol.md). */
    "DELETE FROM records WHERE chapter_id = ?1 AND deleted = 1 AND version <= ?2 "
    "AND NOT (entity = 'member' AND json_extract(fields, '$.merged_into') IS NOT NULL)",
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

/* Added after level 1 without changing it: an index older servers ignore.
 * The data rules look up the rows of a member (payments, periods, …).  The
 * member id leads, so that no other query (which never names it) is
 * tempted by the (chapter_id, entity) prefix. */
static const char member_index_sql[] =
  "CREATE INDEX IF NOT EXISTS records_member_ref "
  "  ON records (json_extract(fields, '$.member_id'), chapter_id, entity);";

/* Added to level 1 in place ("idem" step, run at every open, idempotent):
 * the token a device id belongs to, and per stored result the fingerprint
 * of its mutation and, for an overridden one, the server's reason and
 * values.  Older servers ignore these columns. */
static const char idem_columns_sql[] =
  "ALTER TABLE devices ADD COLUMN token_id INTEGER;"
  "ALTER TABLE results ADD COLUMN fingerprint TEXT;"
  "ALTER TABLE results ADD COLUMN reason TEXT;"
  "ALTER TABLE results ADD COLUMN fields TEXT;";

/* Level 2 (epoch): where each device stands in each chapter's feed, so
 * that compaction keeps the tombstones a recent device has not pulled. */
static const char migration_2_device_cursors[] =
  "CREATE TABLE device_cursors ("
  "  chapter_id TEXT NOT NULL,"
  "  device_id  TEXT NOT NULL,"
  "  cursor     INTEGER NOT NULL,"
  "  seen_at    INTEGER NOT NULL,"
  "  PRIMARY KEY (chapter_id, device_id)"
  ") WITHOUT ROWID;";

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
  char          *high_water_path;  /* PATH.epoch, see ch_server_store_sqlite_check_epoch */
  GHashTable    *high_water;       /* chapter id → highest version committed */
  gint64         high_water_written;  /* monotonic time of the last write */
  gboolean       high_water_dirty;    /* newer than PATH.epoch */
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

/* Epoch and high-water mark
 *
 * The epoch lives in the database file, so a file copied back from a
 * backup brings its old epoch along. The high-water mark, PATH.epoch
 * (0600), lives beside it: the epoch and each chapter's highest committed
 * version, rewritten after committed batches. A database whose counters
 * are below it (or whose epoch differs) went back in time; the server then
 * gives it a new epoch, and every device resyncs.
 */

#define HIGH_WATER_MAGIC "chapterhouse-server high-water 1"

/* The mark is rewritten at most this often (and at the end): a rename
 * next to the database costs a few milliseconds of the next commit, and a
 * backup is hours older than the mark anyway. */
#define HIGH_WATER_INTERVAL_US G_USEC_PER_SEC

/* Every chapter's version, read from the database. */
static GHashTable *
read_versions (ChServerStoreSqlite  *self,
               GError              **error)
{
  g_autoptr(GHashTable) versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *s;
  int rc;

  if (!(s = stmt (self, STMT_CHAPTER_VERSIONS, error)))
    return NULL;

  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    g_hash_table_insert (versions, column_dup (s, 0),
                         GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (s, 1)));
  if (!step_finish (self, s, rc, error))
    return NULL;

  return g_steal_pointer (&versions);
}

static void
write_high_water (ChServerStoreSqlite *self)
{
  g_autoptr(GString) out = g_string_new (HIGH_WATER_MAGIC "\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) ids = NULL;
  g_autofree char *tmp = NULL;

  if (self->high_water == NULL)
    return;

  self->high_water_written = g_get_monotonic_time ();
  self->high_water_dirty = FALSE;

  g_string_append_printf (out, "epoch %s\n", self->epoch);
  ids = g_list_sort (g_hash_table_get_keys (self->high_water), (GCompareFunc) strcmp);
  for (GList *l = ids; l != NULL; l = l->next)
    g_string_append_printf (out, "%s %" G_GSIZE_FORMAT "\n", (const char *) l->data,
                            GPOINTER_TO_SIZE (g_hash_table_lookup (self->high_water, l->data)));

  /* Written after the commit: a crash in between leaves a mark that is
   * lower than the database, which is harmless. A new file renamed over
   * the old one, without fsync (one per batch would double the cost of a
   * small push): after a power cut the mark may be older, or empty and
   * then ignored, never higher than what was committed. */
  tmp = g_strconcat (self->high_water_path, ".tmp", NULL);
  if (!g_file_set_contents_full (tmp, out->str, out->len, G_FILE_SET_CONTENTS_NONE, 0600,
                                 &error) ||
      g_rename (tmp, self->high_water_path) != 0)
    {
      g_warning ("Could not write %s: %s", self->high_water_path,
                 error ? error->message : g_strerror (errno));
      g_unlink (tmp);
    }
}

/* Takes the database's versions as the mark and writes it. */
static gboolean
reset_high_water (ChServerStoreSqlite  *self,
                  GError              **error)
{
  GHashTable *versions = read_versions (self, error);

  if (versions == NULL)
    return FALSE;

  g_clear_pointer (&self->high_water, g_hash_table_unref);
  self->high_water = versions;
  write_high_water (self);
  return TRUE;
}

static void
note_high_water (ChServerStoreSqlite *self,
                 const char          *chapter_id,
                 gint64               version)
{
  gsize old;

  if (self->high_water == NULL)
    return;  /* not serving: admin commands leave the mark to the server */

  old = GPOINTER_TO_SIZE (g_hash_table_lookup (self->high_water, chapter_id));
  if (version > 0 && (gsize) version > old)
    {
      g_hash_table_insert (self->high_water, g_strdup (chapter_id),
                           GSIZE_TO_POINTER ((gsize) version));
      self->high_water_dirty = TRUE;
    }

  if (self->high_water_dirty &&
      g_get_monotonic_time () - self->high_water_written >= HIGH_WATER_INTERVAL_US)
    write_high_water (self);
}

/* Picks up an epoch that another process (restore) wrote; inside a
 * transaction. */
static gboolean
refresh_epoch (ChServerStoreSqlite  *self,
               GError              **error)
{
  g_autofree char *epoch = NULL;
  sqlite3_stmt *s;
  int rc;

  if (!(s = stmt (self, STMT_GET_EPOCH, error)))
    return FALSE;
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    epoch = column_dup (s, 0);
  if (!step_finish (self, s, rc, error))
    return FALSE;

  if (epoch == NULL || g_strcmp0 (epoch, self->epoch) == 0)
    return TRUE;

  g_message ("The database %s has a new epoch %s (it was restored)", self->path, epoch);
  g_free (self->epoch);
  self->epoch = g_steal_pointer (&epoch);

  if (self->high_water != NULL)
    return reset_high_water (self, error);

  return TRUE;
}

static gboolean
sqlite_rotate_epoch (ChServerStore  *store,
                     const char     *reason,
                     GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *epoch = g_uuid_string_random ();
  sqlite3_stmt *s;

  g_return_val_if_fail (!self->in_batch && !self->in_read, FALSE);

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!(s = stmt (self, STMT_SET_EPOCH, &local_error)))
    goto fail;
  bind_text (s, 1, epoch);
  if (!step_done (self, s, &local_error) ||
      !exec (self, "COMMIT", &local_error))
    goto fail;

  g_message ("%s: new epoch %s (was %s); every device syncs again from the start",
             reason, epoch, self->epoch);
  g_free (self->epoch);
  self->epoch = g_steal_pointer (&epoch);

  if (self->high_water != NULL)
    return reset_high_water (self, error);

  return TRUE;

fail:
  return rollback (self, error, g_steal_pointer (&local_error));
}

static gboolean
sqlite_note_pull (ChServerStore  *store,
                  const char     *chapter_id,
                  const char     *device_id,
                  gint64          cursor,
                  GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  g_return_val_if_fail (!self->in_batch && !self->in_read, FALSE);

  if (!(s = stmt (self, STMT_NOTE_PULL, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, device_id);
  sqlite3_bind_int64 (s, 3, cursor);
  sqlite3_bind_int64 (s, 4, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (s, 5, SEEN_RESOLUTION_S);

  return step_done (self, s, error);
}

/* Reads PATH.epoch; FALSE if there is none or it cannot be read. */
static gboolean
read_high_water (ChServerStoreSqlite  *self,
                 char                **epoch,
                 GHashTable          **versions)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (self->high_water_path, &text, NULL, NULL))
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  if (lines[0] == NULL || strcmp (lines[0], HIGH_WATER_MAGIC) != 0 ||
      lines[1] == NULL || !g_str_has_prefix (lines[1], "epoch "))
    {
      g_warning ("%s is not a high-water mark of chapterhouse-server; it is replaced",
                 self->high_water_path);
      return FALSE;
    }

  *epoch = g_strdup (lines[1] + strlen ("epoch "));
  *versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], " ", 2);
      guint64 v;

      if (parts[0] == NULL || parts[1] == NULL ||
          !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, &v, NULL))
        continue;
      g_hash_table_insert (*versions, g_strdup (parts[0]), GSIZE_TO_POINTER ((gsize) v));
    }

  return TRUE;
}

gboolean
ch_server_store_sqlite_check_epoch (ChServerStore  *store,
                                    gboolean       *rotated,
                                    GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GHashTable) marks = NULL;
  g_autoptr(GHashTable) versions = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *reason = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (CH_IS_SERVER_STORE_SQLITE (store), FALSE);

  if (rotated != NULL)
    *rotated = FALSE;

  if (!(versions = read_versions (self, error)))
    return FALSE;

  if (read_high_water (self, &epoch, &marks))
    {
      if (g_strcmp0 (epoch, self->epoch) != 0)
        reason = g_strdup_printf ("The database has epoch %s but %s says %s",
                                  self->epoch, self->high_water_path, epoch);

      g_hash_table_iter_init (&iter, marks);
      while (reason == NULL && g_hash_table_iter_next (&iter, &key, &value))
        {
          gsize have = GPOINTER_TO_SIZE (g_hash_table_lookup (versions, key));

          if (have < GPOINTER_TO_SIZE (value))
            reason = g_strdup_printf ("Chapter %s is at version %" G_GSIZE_FORMAT
                                      " in the database but was at %" G_GSIZE_FORMAT
                                      " (the file went back in time)",
                                      (const char *) key, have, GPOINTER_TO_SIZE (value));
        }
    }

  /* From now on this process keeps the mark. */
  self->high_water = g_steal_pointer (&versions);

  if (reason != NULL)
    {
      g_warning ("%s went back in time without “restore”", self->path);
      if (!sqlite_rotate_epoch (store, reason, error))
        return FALSE;
      if (rotated != NULL)
        *rotated = TRUE;
      return TRUE;
    }

  write_high_water (self);
  return TRUE;
}

gboolean
ch_server_store_sqlite_take_mark (ChServerStore  *store,
                                  GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE_SQLITE (store), FALSE);

  return reset_high_water (CH_SERVER_STORE_SQLITE (store), error);
}

const char *
ch_server_store_sqlite_get_path (ChServerStore *store)
{
  return CH_SERVER_STORE_SQLITE (store)->path;
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
                gint64          seen_since,
                gint64         *removed,
                gint64         *floor,
                GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *s;
  gint64 n_removed;
  gint64 horizon = 0;
  gint64 new_floor = 0;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Only tombstones every recent device has pulled go: a device that is
   * behind still learns of each deletion. */
  if (!(s = stmt (self, STMT_COMPACT_HORIZON, &local_error)))
    goto fail;
  bind_text (s, 1, chapter_id);
  sqlite3_bind_int64 (s, 2, seen_since);
  if (!step_chapter_int64 (self, s, chapter_id, &horizon, &local_error))
    goto fail;

  if (!(s = stmt (self, STMT_COMPACT_FLOOR, &local_error)))
    goto fail;
  bind_text (s, 1, chapter_id);
  sqlite3_bind_int64 (s, 2, horizon);
  if (!step_chapter_int64 (self, s, chapter_id, &new_floor, &local_error))
    goto fail;

  if (!(s = stmt (self, STMT_COMPACT_RECORDS, &local_error)))
    goto fail;
  bind_text (s, 1, chapter_id);
  sqlite3_bind_int64 (s, 2, new_floor);
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

static void sqlite_end_read (ChServerStore *store);

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

  if (!refresh_epoch (self, error))
    {
      sqlite_end_read (store);
      return FALSE;
    }

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

  if (!refresh_epoch (self, error))
    goto fail;

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

  note_high_water (self, chapter_id, version);

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
sqlite_count_by_key (ChServerStore  *store,
                     const char     *chapter_id,
                     const char     *entity,
                     const char     *key,
                     const char     *except_id,
                     gint64         *count,
                     GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *count = 0;
  if (!(s = stmt (self, STMT_COUNT_BY_KEY, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, key);
  bind_text (s, 3, entity);
  bind_text (s, 4, except_id ? except_id : "");
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (s, 0);

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

      const char *fields = (const char *) sqlite3_column_text (s, 4);

      ch_result_status_from_string ((const char *) sqlite3_column_text (s, 0), &status);
      *result = ch_mutation_result_new (mid, status,
                                        sqlite3_column_int64 (s, 1),
                                        (const char *) sqlite3_column_text (s, 2));
      (*result)->reason = column_dup (s, 3);
      if (fields != NULL)
        (*result)->fields = ch_json_parse_object (fields, strlen (fields), NULL);
    }

  return step_finish (self, s, rc, error);
}

static gboolean
sqlite_put_result (ChServerStore           *store,
                   const char              *chapter_id,
                   const char              *device_id,
                   const ChMutationResult  *result,
                   const char              *fingerprint,
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
  bind_text (s, 7, result->reason);
  if (result->fields != NULL)
    {
      g_autofree char *fields = ch_json_object_to_string (result->fields, NULL);

      sqlite3_bind_text (s, 8, fields, -1, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_null (s, 8);
  bind_text (s, 9, fingerprint);

  return step_done (self, s, error);
}

static gboolean
sqlite_find_refs (ChServerStore  *store,
                  const char     *chapter_id,
                  const char     *entity,
                  const char     *field,
                  const char     *value,
                  GPtrArray     **ids,
                  GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autofree char *path = g_strconcat ("$.", field, NULL);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *s;
  int rc;

  if (!(s = stmt (self, g_str_equal (field, "member_id") ? STMT_FIND_MEMBER_REFS : STMT_FIND_REFS,
                  error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, entity);
  bind_text (s, 3, path);
  bind_text (s, 4, value);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    g_ptr_array_add (out, column_dup (s, 0));

  if (!step_finish (self, s, rc, error))
    return FALSE;

  *ids = g_steal_pointer (&out);
  return TRUE;
}

static gboolean
sqlite_get_device_owner (ChServerStore  *store,
                         const char     *chapter_id,
                         const char     *device_id,
                         gint64         *token_id,
                         GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *token_id = 0;
  if (!(s = stmt (self, STMT_GET_DEVICE_OWNER, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, device_id);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    *token_id = sqlite3_column_int64 (s, 0);

  return step_finish (self, s, rc, error);
}

static gboolean
sqlite_set_device_owner (ChServerStore  *store,
                         const char     *chapter_id,
                         const char     *device_id,
                         gint64          token_id,
                         GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = stmt (self, STMT_SET_DEVICE_OWNER, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, device_id);
  sqlite3_bind_int64 (s, 3, token_id);

  return step_done (self, s, error);
}

static gboolean
sqlite_get_fingerprint (ChServerStore  *store,
                        const char     *chapter_id,
                        const char     *device_id,
                        gint64          mid,
                        char          **fingerprint,
                        GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *fingerprint = NULL;
  if (!(s = stmt (self, STMT_GET_FINGERPRINT, error)))
    return FALSE;

  bind_text (s, 1, chapter_id);
  bind_text (s, 2, device_id);
  sqlite3_bind_int64 (s, 3, mid);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    *fingerprint = column_dup (s, 0);

  return step_finish (self, s, rc, error);
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
  iface->find_refs = sqlite_find_refs;
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
  iface->get_device_owner = sqlite_get_device_owner;
  iface->set_device_owner = sqlite_set_device_owner;
  iface->get_fingerprint = sqlite_get_fingerprint;
  iface->note_pull = sqlite_note_pull;
  iface->rotate_epoch = sqlite_rotate_epoch;
  iface->count_by_key = sqlite_count_by_key;
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

  if (self->high_water_dirty)
    write_high_water (self);

  g_free (self->epoch);
  g_free (self->path);
  g_free (self->high_water_path);
  g_clear_pointer (&self->high_water, g_hash_table_unref);

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

  pragma = g_strdup_printf ("PRAGMA user_version = %d", 1);
  if (!exec (self, pragma, &local_error) ||
      !exec (self, "COMMIT", &local_error))
    goto fail;

  return TRUE;

fail:
  return rollback (self, error, g_steal_pointer (&local_error));
}

/* Brings a database of an older level up to SCHEMA_LEVEL, unless another
 * process just did. */
static gboolean
migrate (ChServerStoreSqlite  *self,
         GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *pragma = NULL;
  int level;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!read_level (self, &level, &local_error))
    goto fail;
  if (level >= SCHEMA_LEVEL)
    return exec (self, "COMMIT", error);

  if (level < 2 && !exec (self, migration_2_device_cursors, &local_error))
    goto fail;

  pragma = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_LEVEL);
  if (!exec (self, pragma, &local_error) ||
      !exec (self, "COMMIT", &local_error))
    goto fail;

  return TRUE;

fail:
  return rollback (self, error, g_steal_pointer (&local_error));
}

static gboolean
has_idem_columns (ChServerStoreSqlite *self)
{
  sqlite3_stmt *s = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM pragma_table_info('results') "
                          "WHERE name = 'fingerprint'", -1, &s, NULL) == SQLITE_OK)
    found = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_finalize (s);

  return found;
}

/* The "idem" schema step: see idem_columns_sql. */
static gboolean
add_idem_columns (ChServerStoreSqlite  *self,
                  GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  if (has_idem_columns (self))
    return TRUE;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another process may have added them while we waited for the lock. */
  if (!has_idem_columns (self) && !exec (self, idem_columns_sql, &local_error))
    return rollback (self, error, g_steal_pointer (&local_error));

  return exec (self, "COMMIT", error);
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
    {
      /* Members' personal data: a new file (and so its -wal and -shm,
       * which SQLite makes with the file's mode) is the owner's alone.
       * Nothing has the file open yet, so closing this descriptor drops
       * no SQLite lock; an existing file is left as it is. */
      int fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);

      if (fd < 0 && errno != EEXIST)
        {
          int saved = errno;

          g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_FAILED,
                       _("Could not create the server database %s: %s"), path, g_strerror (saved));
          return NULL;
        }
      if (fd >= 0)
        g_close (fd, NULL);

      flags |= SQLITE_OPEN_CREATE;
    }

  self = g_object_new (CH_TYPE_SERVER_STORE_SQLITE, NULL);
  self->path = g_strdup (path);
  self->high_water_path = g_strconcat (path, ".epoch", NULL);

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

  if (!exec (self, member_index_sql, error))
    return NULL;

  if (!add_idem_columns (self, error))
    return NULL;

  if (level < SCHEMA_LEVEL && !migrate (self, error))
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
