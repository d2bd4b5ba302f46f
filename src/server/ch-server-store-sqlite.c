/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ch-erase.h"
#include "ch-server-store-sqlite-private.h"

/* The server store over SQLite: all its SQL (the statements, the schema
 * and the migrations), opening the file, and the object.  The helpers that
 * step the statements are in ch-server-sql.c. */

/* Level 1: the first schema (schema_sql). Level 2 (epoch): device_cursors,
 * see migration_2_device_cursors.  Level 3: members' tombstones hold no
 * personal field, see scrub_tombstones(). */
#define SCHEMA_LEVEL 3

/* The statements, with bound parameters only (ch_server_sql_stmt() prepares
 * and caches them). */
const char *const ch_server_store_sqlite_stmt_sql[CH_SERVER_SQL_N_STMTS] = {
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
    "SELECT entity, id, version, deleted, fields, held_device, held_version, held_mid "
    "FROM records "
    "WHERE chapter_id = ?1 AND version > ?2 ORDER BY version LIMIT ?3",
  [STMT_CHANGES_LIVE] =
    "SELECT entity, id, version, deleted, fields, held_device, held_version, held_mid "
    "FROM records "
    "WHERE chapter_id = ?1 AND version > ?2 AND deleted = 0 ORDER BY version LIMIT ?3",
  [STMT_COUNT_CHANGES] =
    "SELECT count(*) FROM records WHERE chapter_id = ?1 AND version > ?2",
  [STMT_COUNT_CHANGES_LIVE] =
    "SELECT count(*) FROM records WHERE chapter_id = ?1 AND version > ?2 AND deleted = 0",
  /* With tombstones, less the rows left out for device ?3 (held_mid ?4). */
  [STMT_COUNT_CHANGES_HELD] =
    "SELECT count(*) FROM records WHERE chapter_id = ?1 AND version > ?2 "
    "AND NOT (held_device IS NOT NULL AND held_device = ?3 AND held_version = version "
    "         AND held_mid <= ?4)",
  [STMT_CHAPTER_VERSION] =
    "SELECT version FROM chapters WHERE id = ?1",
  [STMT_SET_CHAPTER_VERSION] =
    "UPDATE chapters SET version = ?2 WHERE id = ?1",
  [STMT_GET_RECORD] =
    "SELECT version, deleted, fields, rowid FROM records "
    "WHERE chapter_id = ?1 AND entity = ?2 AND id = ?3",
  /* ?8 (or NULL): the device whose exact write this is, of its mid ?9. */
  [STMT_PUT_RECORD] =
    "INSERT INTO records (chapter_id, entity, id, version, deleted, fields, email_key, "
    "                     held_device, held_version, held_mid) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, CASE WHEN ?8 IS NULL THEN NULL ELSE ?4 END, "
    "        CASE WHEN ?8 IS NULL THEN NULL ELSE ?9 END) "
    "ON CONFLICT (chapter_id, entity, id) DO UPDATE SET "
    "  version = excluded.version, deleted = excluded.deleted, "
    "  fields = excluded.fields, email_key = excluded.email_key, "
    "  held_device = excluded.held_device, held_version = excluded.held_version, "
    "  held_mid = excluded.held_mid",
  /* The same write onto a row read before (rowid ?10) whose e-mail key
   * stays ?7: no look-up by the row's names, and records_by_email is left
   * alone (issue 17).  No row changed: the caller writes with
   * STMT_PUT_RECORD. */
  [STMT_UPDATE_RECORD] =
    "UPDATE records SET version = ?4, deleted = ?5, fields = ?6, held_device = ?8, "
    "  held_version = CASE WHEN ?8 IS NULL THEN NULL ELSE ?4 END, "
    "  held_mid = CASE WHEN ?8 IS NULL THEN NULL ELSE ?9 END "
    "WHERE rowid = ?10 AND chapter_id = ?1 AND entity = ?2 AND id = ?3 AND email_key IS ?7",
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
    "SELECT status, version, message, reason, fields, previous_version FROM results "
    "WHERE chapter_id = ?1 AND device_id = ?2 AND mid = ?3",
  [STMT_PUT_RESULT] =
    "INSERT OR REPLACE INTO results (chapter_id, device_id, mid, status, version, message, "
    "                                reason, fields, fingerprint, previous_version) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
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
    "  AND deleted = 0 AND entity <> 'member' "  /* the index's own condition, as written */
    "ORDER BY +version",  /* + keeps the planner on records_member_live; ?3 is unused */
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
  /* Answers a device can no longer ask again: it has sent mids far past
   * them (a device only repeats its last batches). */
  [STMT_COMPACT_RESULTS] =
    "DELETE FROM results WHERE chapter_id = ?1 AND mid <= "
    "  (SELECT d.last_mid FROM devices d WHERE d.chapter_id = results.chapter_id "
    "   AND d.device_id = results.device_id) - ?2",
  /* The row's latest write is no longer exactly what a device holds
   * (docs/sync-protocol.md, "Not pulling back one's own changes"). */
  [STMT_CLEAR_HELD] =
    "UPDATE records SET held_device = NULL, held_version = NULL, held_mid = NULL "
    "WHERE chapter_id = ?1 AND entity = ?2 AND id = ?3 AND held_device IS NOT NULL",
  [STMT_STATS] =
    "SELECT c.id, "
    "  (SELECT count(*) FROM records r WHERE r.chapter_id = c.id AND r.deleted = 0), "
    "  (SELECT count(*) FROM records r WHERE r.chapter_id = c.id AND r.deleted = 1), "
    "  (SELECT count(*) FROM devices d WHERE d.chapter_id = c.id), "
    "  (SELECT count(*) FROM results x WHERE x.chapter_id = c.id) "
    "FROM chapters c ORDER BY c.id",
  [STMT_COUNT_TOKEN_DEVICES] =
    "SELECT count(*) FROM devices WHERE token_id = ?1",
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
 * tempted by the (chapter_id, entity) prefix.  Members themselves have no
 * member_id and are left out (issue 17): an edit of a member no longer
 * extracts the field from the old and the new row to keep the index.  It
 * replaces records_member_ref, which held every row; an older server
 * makes that one again when it opens the file, and this one drops it. */
static const char member_index_sql[] =
  "CREATE INDEX IF NOT EXISTS records_member_live "
  "  ON records (json_extract(fields, '$.member_id'), chapter_id, entity) "
  "  WHERE entity <> 'member';"
  "DROP INDEX IF EXISTS records_member_ref;";

/* Added to level 1 in place ("idem" step, run at every open, idempotent):
 * the token a device id belongs to, and per stored result the fingerprint
 * of its mutation and, for an overridden one, the server's reason and
 * values.  Older servers ignore these columns. */
static const char idem_columns_sql[] =
  "ALTER TABLE devices ADD COLUMN token_id INTEGER;"
  "ALTER TABLE results ADD COLUMN fingerprint TEXT;"
  "ALTER TABLE results ADD COLUMN reason TEXT;"
  "ALTER TABLE results ADD COLUMN fields TEXT;";

/* Added in place like the idem columns ("held" step, issue 17): per
 * record, the device whose exact write (an applied insert or update of
 * the row it held, every value taken) is the row's latest, at which
 * version and mid; per stored result, that row's previous version.  A
 * pull of that device leaves the row out while held_version is still
 * the row's version.  Older servers ignore the columns; a write of
 * theirs gives the row a new version, which ends the mark. */
static const char held_columns_sql[] =
  "ALTER TABLE records ADD COLUMN held_device TEXT;"
  "ALTER TABLE records ADD COLUMN held_version INTEGER;"
  "ALTER TABLE records ADD COLUMN held_mid INTEGER;"
  "ALTER TABLE results ADD COLUMN previous_version INTEGER;";

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

static void ch_server_store_iface_init (ChServerStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChServerStoreSqlite, ch_server_store_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CH_TYPE_SERVER_STORE,
                                                      ch_server_store_iface_init))

static void
ch_server_store_iface_init (ChServerStoreInterface *iface)
{
  ch_server_store_sqlite_feed_iface_init (iface);
  ch_server_store_sqlite_devices_iface_init (iface);
  ch_server_store_sqlite_epoch_iface_init (iface);
}

/* Object */

static void
ch_server_store_sqlite_finalize (GObject *object)
{
  ChServerStoreSqlite *self = (ChServerStoreSqlite *) object;

  for (guint i = 0; i < CH_SERVER_SQL_N_STMTS; i++)
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
    ch_server_store_sqlite_write_high_water (self);

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
    return ch_server_sql_db_error (self, error);

  rc = sqlite3_step (s);
  *level = rc == SQLITE_ROW ? sqlite3_column_int (s, 0) : 0;
  sqlite3_finalize (s);

  if (rc != SQLITE_ROW)
    return ch_server_sql_db_error (self, error);

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
    return ch_server_sql_db_error (self, error);

  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    self->epoch = ch_server_sql_column_dup (s, 0);
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

  if (!ch_server_sql_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!read_level (self, &level, &local_error))
    goto fail;
  if (level != 0)
    return ch_server_sql_exec (self, "COMMIT", error);

  if (!ch_server_sql_exec (self, schema_sql, &local_error))
    goto fail;

  if (sqlite3_prepare_v2 (self->db, "INSERT INTO meta (key, value) VALUES ('epoch', ?1)",
                          -1, &s, NULL) != SQLITE_OK)
    {
      ch_server_sql_db_error (self, &local_error);
      goto fail;
    }
  ch_server_sql_bind_text (s, 1, epoch);
  if (sqlite3_step (s) != SQLITE_DONE)
    {
      ch_server_sql_db_error (self, &local_error);
      sqlite3_finalize (s);
      goto fail;
    }
  sqlite3_finalize (s);

  pragma = g_strdup_printf ("PRAGMA user_version = %d", 1);
  if (!ch_server_sql_exec (self, pragma, &local_error) ||
      !ch_server_sql_exec (self, "COMMIT", &local_error))
    goto fail;

  return TRUE;

fail:
  return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
}

/* Level 3: a deleted member's tombstone keeps no personal field (the
 * fields ch_erase_member_fields() names become null, as a delete now
 * writes them; docs/sync-protocol.md, "Deleted members").  The versions
 * stay: devices keep their own copy of a tombstone's fields anyway.
 * secure_delete zeroes the old values' pages. */
static gboolean
scrub_tombstones (ChServerStoreSqlite  *self,
                  GError              **error)
{
  const char * const *names = ch_erase_member_fields ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("$.%s", names[i]);
      sqlite3_stmt *s = NULL;
      int rc;

      if (sqlite3_prepare_v2 (self->db,
                              "UPDATE records SET fields = json_set(fields, ?1, NULL) "
                              "WHERE entity = 'member' AND deleted = 1 AND json_valid(fields) "
                              "  AND json_type(fields, ?1) IS NOT 'null'",
                              -1, &s, NULL) != SQLITE_OK)
        return ch_server_sql_db_error (self, error);
      sqlite3_bind_text (s, 1, path, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (s);
      sqlite3_finalize (s);
      if (rc != SQLITE_DONE)
        return ch_server_sql_db_error (self, error);
    }

  return TRUE;
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

  if (!ch_server_sql_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!read_level (self, &level, &local_error))
    goto fail;
  if (level >= SCHEMA_LEVEL)
    return ch_server_sql_exec (self, "COMMIT", error);

  if (level < 2 && !ch_server_sql_exec (self, migration_2_device_cursors, &local_error))
    goto fail;
  if (level < 3 && !scrub_tombstones (self, &local_error))
    goto fail;

  pragma = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_LEVEL);
  if (!ch_server_sql_exec (self, pragma, &local_error) ||
      !ch_server_sql_exec (self, "COMMIT", &local_error))
    goto fail;

  return TRUE;

fail:
  return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
}

static gboolean
has_column (ChServerStoreSqlite *self,
            const char          *table,
            const char          *column)
{
  sqlite3_stmt *s = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1,
                          &s, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (s, 1, table, -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 2, column, -1, SQLITE_STATIC);
      found = sqlite3_step (s) == SQLITE_ROW;
    }
  sqlite3_finalize (s);

  return found;
}

/* A schema step that adds columns in place (@sql), unless @table has
 * @column already: see idem_columns_sql and held_columns_sql. */
static gboolean
add_columns (ChServerStoreSqlite  *self,
             const char           *table,
             const char           *column,
             const char           *sql,
             GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  if (has_column (self, table, column))
    return TRUE;

  if (!ch_server_sql_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another process may have added them while we waited for the lock. */
  if (!has_column (self, table, column) && !ch_server_sql_exec (self, sql, &local_error))
    return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));

  return ch_server_sql_exec (self, "COMMIT", error);
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
  if (!ch_server_sql_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !ch_server_sql_exec (self, "PRAGMA synchronous = FULL", error) ||
      !ch_server_sql_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !ch_server_sql_exec (self, "PRAGMA cache_size = -32000", error) ||
      !ch_server_sql_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      /* An erased member's old values are zeroed, not left in free space. */
      !ch_server_sql_exec (self, "PRAGMA secure_delete = ON", error))
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

  if (!ch_server_sql_exec (self, member_index_sql, error))
    return NULL;

  if (!add_columns (self, "results", "fingerprint", idem_columns_sql, error) ||
      !add_columns (self, "records", "held_device", held_columns_sql, error))
    return NULL;

  if (level < SCHEMA_LEVEL && !migrate (self, error))
    return NULL;

  /* Who last changed each field group of a row, so a conflict can name
   * both officers.  Added beside level 1; older databases get it here. */
  if (!ch_server_sql_exec (self,
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

const char *
ch_server_store_sqlite_get_path (ChServerStore *store)
{
  return CH_SERVER_STORE_SQLITE (store)->path;
}

void
ch_server_store_sqlite_set_busy_timeout (ChServerStore *store,
                                         guint          msec)
{
  sqlite3_busy_timeout (CH_SERVER_STORE_SQLITE (store)->db, (int) MIN (msec, G_MAXINT));
}

gboolean
ch_server_store_sqlite_check_file (const char  *path,
                                   gboolean     full,
                                   GError     **error)
{
  GStatBuf st;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_stat (path, &st) != 0)
    return TRUE;

  if (st.st_size == 0)
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_DAMAGED,
                   _("The server database %s is empty (0 bytes). Restore it from a backup, "
                     "or remove the file to start with an empty database."), path);
      return FALSE;
    }

  /* Read-only: a damaged file is not written to. (A -wal left by a
   * killed server is still read.) */
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 10000);
      rc = sqlite3_prepare_v2 (db, full ? "PRAGMA integrity_check(20)"
                                        : "PRAGMA quick_check(20)", -1, &stmt, NULL);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (problems, "\n%s", line ? line : "?");
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE && problems->len == 0)
    g_string_append_printf (problems, "\n%s", db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  if (problems->len > 0)
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_DAMAGED,
                   _("The server database %s is damaged; restore it from a backup "
                     "(see “chapterhouse-server restore --help”).%s"), path, problems->str);
      return FALSE;
    }

  return TRUE;
}

void
ch_server_store_sqlite_stats_free (ChServerStoreSqliteStats *stats)
{
  g_free (stats->chapter_id);
  g_free (stats);
}

static gpointer
stats_from_row (sqlite3_stmt *s)
{
  ChServerStoreSqliteStats *stats = g_new0 (ChServerStoreSqliteStats, 1);

  stats->chapter_id = g_strdup ((const char *) sqlite3_column_text (s, 0));
  stats->live = sqlite3_column_int64 (s, 1);
  stats->deleted = sqlite3_column_int64 (s, 2);
  stats->devices = sqlite3_column_int64 (s, 3);
  stats->answers = sqlite3_column_int64 (s, 4);
  return stats;
}

GPtrArray *
ch_server_store_sqlite_stats (ChServerStore  *store,
                              GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = ch_server_sql_stmt (self, STMT_STATS, error)))
    return NULL;

  return ch_server_sql_step_all_rows (self, s, stats_from_row,
                                      (GDestroyNotify) ch_server_store_sqlite_stats_free, error);
}
