/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ch-server-store-sqlite-private.h"

/* The server store over SQLite: opening the file, its schema and the
 * migrations, and the object. The statements are in ch-server-sql.c. */

/* Level 1: the first schema (schema_sql). Level 2 (epoch): device_cursors,
 * see migration_2_device_cursors. */
#define SCHEMA_LEVEL 2

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

  pragma = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_LEVEL);
  if (!ch_server_sql_exec (self, pragma, &local_error) ||
      !ch_server_sql_exec (self, "COMMIT", &local_error))
    goto fail;

  return TRUE;

fail:
  return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
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

  if (!ch_server_sql_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another process may have added them while we waited for the lock. */
  if (!has_idem_columns (self) && !ch_server_sql_exec (self, idem_columns_sql, &local_error))
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
      !ch_server_sql_exec (self, "PRAGMA temp_store = MEMORY", error))
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

  if (!add_idem_columns (self, error))
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
