/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>

#include "ch-core-resources.h"
#include "ch-chapters-private.h"
#include "ch-gender.h"
#include "ch-status-sql.h"
#include "ch-fold.h"
#include "ch-member-rank.h"
#include "ch-search-row.h"

#include "ch-store.h"
#include "ch-store-private.h"

#define MIGRATIONS_PATH RESOURCE_BASE "/migrations"

/* ----------------------------------------------------------------------- */
/* SQL functions                                                             */

static void
sql_fold (sqlite3_context *ctx,
          int              argc,
          sqlite3_value  **argv)
{
  char *folded;

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL)
    {
      sqlite3_result_null (ctx);
      return;
    }

  folded = ch_fold ((const char *) sqlite3_value_text (argv[0]));
  sqlite3_result_text (ctx, folded, -1, g_free);
}

static void
sql_gender_normalize (sqlite3_context *ctx,
                      int              argc,
                      sqlite3_value  **argv)
{
  char *stored = ch_gender_normalize ((const char *) sqlite3_value_text (argv[0]));

  if (stored == NULL)
    sqlite3_result_null (ctx);
  else
    sqlite3_result_text (ctx, stored, -1, g_free);
}

/* ch_fts_deferred(): whether the search index's own triggers stand aside
 * (a flush or a bulk load's end makes the entries). */
static void
sql_fts_deferred (sqlite3_context  *ctx,
                  int               argc,
                  sqlite3_value   **argv)
{
  const ChStore *writer = sqlite3_user_data (ctx);

  sqlite3_result_int (ctx, writer != NULL && (writer->fts_deferred || writer->bulk_search));
}

/* ch_fts_queued(): whether the writer's temporary triggers note changed
 * members for the flush; not during a bulk load, which indexes every
 * member at its end (ch-store-bulk.c). */
static void
sql_fts_queued (sqlite3_context  *ctx,
                int               argc,
                sqlite3_value   **argv)
{
  const ChStore *writer = sqlite3_user_data (ctx);

  sqlite3_result_int (ctx, writer != NULL && writer->fts_deferred && !writer->bulk_search);
}

/* @writer: the store whose connection @db is, NULL on read-only connections. */
void
ch_store_register_functions (sqlite3 *db,
                             ChStore *writer)
{
  /* ch_fts_deferred(): whether the search index waits for a flush. */
  sqlite3_create_function_v2 (db, "ch_fts_deferred", 0, SQLITE_UTF8,
                              writer, sql_fts_deferred, NULL, NULL, NULL);
  sqlite3_create_function_v2 (db, "ch_fts_queued", 0, SQLITE_UTF8,
                              writer, sql_fts_queued, NULL, NULL, NULL);

  /* ch_fold(text): lower case, no diacritics; feeds the search index. */
  sqlite3_create_function_v2 (db, "ch_fold", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, sql_fold, NULL, NULL, NULL);

  /* ch_gender_normalize(text): the stored form of a gender answer (level 11). */
  sqlite3_create_function_v2 (db, "ch_gender_normalize", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, sql_gender_normalize, NULL, NULL, NULL);

  /* ch_member_status(chapter_id, tier, joined_on, left_on, dues_paid_until, grace,
   * today_days): the status rule, see ch-status-sql.h */
  ch_status_sql_register (db);

  /* ch_country_code(text): the ISO code a country name stands for, or NULL. */
  ch_chapter_register_sql_functions (db);

  /* ch_search_row(match, text, …): a row of member_fts tested as MATCH would. */
  ch_search_row_register (db);

  /* ch_member_rank_mark(marks, rowid): a search's matches put in the list's
   * name order in memory (ch-member-rank.c). */
  ch_member_rank_register (db);
}

/* ----------------------------------------------------------------------- */
/* Opening and migrations                                                    */

/* The search queue: temporary, on the writer connection only. */
static const char search_queue_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS search_queue (member_rowid INTEGER PRIMARY KEY);"
    "CREATE TEMP TRIGGER IF NOT EXISTS search_queue_member_ai AFTER INSERT ON main.member "
    "WHEN ch_fts_queued () BEGIN "
    "  INSERT INTO search_queue SELECT new.rowid "
    "  WHERE NOT EXISTS (SELECT 1 FROM search_queue WHERE member_rowid = new.rowid); "
    "END;"
    "CREATE TEMP TRIGGER IF NOT EXISTS search_queue_member_au "
    "AFTER UPDATE OF given_name, family_name, company, email, city, deleted ON main.member "
    "WHEN ch_fts_queued () BEGIN "
    "  INSERT INTO search_queue SELECT new.rowid "
    "  WHERE NOT EXISTS (SELECT 1 FROM search_queue WHERE member_rowid = new.rowid); "
    "END;"
    "CREATE TEMP TRIGGER IF NOT EXISTS search_queue_specialty_ai "
  "AFTER INSERT ON main.member_specialty "
    "WHEN ch_fts_queued () BEGIN "
    "  INSERT INTO search_queue SELECT m.rowid FROM main.member m WHERE m.id = new.member_id "
    "  AND NOT EXISTS (SELECT 1 FROM search_queue WHERE member_rowid = m.rowid); "
    "END;"
    "CREATE TEMP TRIGGER IF NOT EXISTS search_queue_specialty_au "
  "AFTER UPDATE ON main.member_specialty "
    "WHEN ch_fts_queued () BEGIN "
    "  INSERT INTO search_queue SELECT m.rowid FROM main.member m WHERE m.id = new.member_id "
    "  AND NOT EXISTS (SELECT 1 FROM search_queue WHERE member_rowid = m.rowid); "
    "END;";

/* While the search index is deferred, these temporary triggers of the
 * writer's connection note the members whose index entry is out of date.
 * (Not INSERT OR IGNORE: the conflict clause of the statement that fires
 * a trigger overrides the trigger's own.) */
gboolean
ch_store_create_search_queue (ChStore  *self,
                              GError  **error)
{
  return ch_store_exec (self, search_queue_sql, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char **
list_migrations (void)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  ch_core_get_resource ();
  names = g_resources_enumerate_children (MIGRATIONS_PATH "/", 0, NULL);
  if (names == NULL)
    return g_new0 (char *, 1);

  for (guint i = 0; names[i]; i++)
    if (g_str_has_suffix (names[i], ".sql"))
      g_ptr_array_add (sorted, g_strdup (names[i]));

  g_ptr_array_sort (sorted, compare_names);
  g_ptr_array_add (sorted, NULL);

  return (char **) g_ptr_array_steal (sorted, NULL);
}

guint
ch_store_schema_level (void)
{
  g_auto(GStrv) names = list_migrations ();

  return g_strv_length (names);
}

int
ch_store_user_version (sqlite3 *db)
{
  sqlite3_stmt *st = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step (st) == SQLITE_ROW)
    version = sqlite3_column_int (st, 0);

  sqlite3_finalize (st);
  return version;
}

gboolean
ch_store_migrate (ChStore *self,
                  GError **error)
{
  g_auto(GStrv) names = list_migrations ();
  guint latest = g_strv_length (names);
  int current = ch_store_user_version (self->db);

  for (guint level = (guint) current + 1; level <= latest; level++)
    {
      g_autofree char *path = g_strconcat (MIGRATIONS_PATH "/", names[level - 1], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *pragma = NULL;
      g_autoptr(GError) local_error = NULL;

      bytes = g_resources_lookup_data (path, 0, &local_error);
      if (bytes == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      pragma = g_strdup_printf ("PRAGMA user_version = %u", level);

      if (!ch_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* Another program starting on the same new file may have taken
       * this step while this one waited for the lock. */
      current = ch_store_user_version (self->db);
      if (current >= (int) level)
        {
          if (!ch_store_exec (self, "COMMIT", error))
            return FALSE;
          continue;
        }

      if (!ch_store_exec (self, sql, &local_error) || !ch_store_exec (self, pragma, &local_error))
        {
          ch_store_exec (self, "ROLLBACK", NULL);
          g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                       _("Could not upgrade the database to level %u: %s"),
                       level, local_error->message);
          return FALSE;
        }
      if (!ch_store_exec (self, "COMMIT", error))
        return FALSE;

      g_debug ("Migrated %s to level %u", self->path, level);
    }

  return TRUE;
}

void
ch_store_set_not_a_database (GError     **error,
                             const char  *path)
{
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_A_DATABASE,
               _("“%s” is not a Chapterhouse database, or it is damaged. "
                 "It was left untouched."), path);
}

void
ch_store_set_too_new (GError **error,
                      gint32   version)
{
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_TOO_NEW,
               _("This database was written by a newer version of Chapterhouse "
                 "(level %d; this version knows up to %u). Update Chapterhouse to "
                 "open it. The file was left untouched."),
               version, ch_store_schema_level ());
}

void
ch_store_set_damaged_error (GError     **error,
                            const char  *path)
{
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_DAMAGED,
               _("The chapter file “%s” is damaged: Chapterhouse cannot read it. "
                 "It was left untouched. Restore a backup or start a new file."), path);
}

/* Whether @rc (or the connection's last error) says the file is damaged. */
gboolean
ch_store_is_damage (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

/* Paths of the stores open in this process (path → how many), guarded by
 * open_stores_lock: a second connection to a file this process already
 * has open (the demo thread, every sync) skips the quick check, which the
 * first open made. */
static GMutex open_stores_lock;
static GHashTable *open_stores;

static gboolean
is_open_here (const char *path)
{
  gboolean open;

  g_mutex_lock (&open_stores_lock);
  open = open_stores != NULL && g_hash_table_contains (open_stores, path);
  g_mutex_unlock (&open_stores_lock);

  return open;
}

void
ch_store_count_open (const char *path,
                     int         delta)
{
  guint n;

  g_mutex_lock (&open_stores_lock);
  if (open_stores == NULL)
    open_stores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (open_stores, path)) + delta;
  if (n == 0)
    g_hash_table_remove (open_stores, path);
  else
    g_hash_table_insert (open_stores, g_strdup (path), GUINT_TO_POINTER (n));
  g_mutex_unlock (&open_stores_lock);
}

/* Files larger than this are not checked page by page when opened: the
 * daily backup checks them, off the main thread (ch-store-backup.c). */
#define QUICK_CHECK_MAX_BYTES (16 * 1024 * 1024)

/* Runs SQLite's quick check on @db; FALSE with @error when the file is
 * damaged or could not be read. */
static gboolean
quick_check (sqlite3     *db,
             const char  *path,
             GError     **error)
{
  sqlite3_stmt *st = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check (1)", -1, &st, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (st);

  if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (st, 0), "ok") == 0)
    {
      sqlite3_finalize (st);
      return TRUE;
    }

  if (rc == SQLITE_ROW || ch_store_is_damage (rc) || ch_store_is_damage (sqlite3_errcode (db)))
    {
      g_debug ("%s: quick check: %s", path,
               rc == SQLITE_ROW ? (const char *) sqlite3_column_text (st, 0) : sqlite3_errmsg (db));
      ch_store_set_damaged_error (error, path);
    }
  else
    g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                 _("Could not open the database “%s”: %s"), path, sqlite3_errmsg (db));

  sqlite3_finalize (st);
  return FALSE;
}

void
ch_store_configure_sqlite (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* SQLite counts the memory it takes under a global mutex at every
       * allocation unless told otherwise before it starts (nothing here
       * reads the count): a tenth of a download's rows went to it. */
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&done, 1);
    }
}

/* Decides, before anything is written, whether this version may open
 * @path: a missing or empty file is a new database; a file that is not a
 * database, comes from a newer Chapterhouse or is damaged is refused and
 * left as it is.
 *
 * Only through SQLite.  POSIX locks belong to the process, and closing any
 * descriptor of the file drops all of them, including those of the
 * connections this process already has (the window's, while the demo
 * thread or a sync opens a second store).  Another program then believes
 * it is the last user, checkpoints and deletes the -wal file, and the
 * window goes on writing into a file that no longer has a name: lost at
 * the next crash.  SQLite knows its own connections and keeps such a
 * descriptor open until they are done.
 *
 * The header is read through the read-only connection's own file handle,
 * which reads no page: a database in WAL mode gets no -wal or -shm next to
 * it, not even for a moment, unless it is one this version may open. */
gboolean
ch_store_check_file_full (const char  *path,
                          gboolean     thorough,
                          GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[100];
  sqlite3 *db = NULL;
  sqlite3_file *file = NULL;
  sqlite3_int64 size = 0;
  gboolean ok = FALSE;
  gint32 version;
  int rc;

  ch_store_configure_sqlite ();

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      /* Missing (a new database), or the read-write open says why not. */
      sqlite3_close (db);
      return TRUE;
    }

  sqlite3_busy_timeout (db, CH_STORE_BUSY_TIMEOUT_MS);
  /* Reading the pages must not write them back into the file on close. */
  sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  if (sqlite3_file_control (db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
      file == NULL || file->pMethods == NULL ||
      file->pMethods->xFileSize (file, &size) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not open the database “%s”: %s"), path, sqlite3_errmsg (db));
      goto out;
    }

  if (size == 0)
    {
      ok = TRUE;
      goto out;
    }

  if (size < (sqlite3_int64) sizeof header ||
      file->pMethods->xRead (file, header, sizeof header, 0) != SQLITE_OK ||
      memcmp (header, magic, sizeof magic) != 0)
    {
      ch_store_set_not_a_database (error, path);
      goto out;
    }

  /* PRAGMA user_version: a big-endian 32-bit integer at offset 60. */
  version = (gint32) (((guint32) header[60] << 24) | ((guint32) header[61] << 16) |
                      ((guint32) header[62] << 8) | (guint32) header[63]);
  if (version < 0)
    {
      ch_store_set_not_a_database (error, path);
      goto out;
    }
  if ((guint) version > ch_store_schema_level ())
    {
      ch_store_set_too_new (error, version);
      goto out;
    }

  /* The level again, now through the -wal file, where a newer Chapterhouse
   * that is running may have it so far. */
  version = ch_store_user_version (db);
  if (version < 0 && sqlite3_errcode (db) == SQLITE_READONLY)
    {
      /* A hot rollback journal (a file in rollback-journal mode after a
       * crash): only a read-write connection may roll it back. */
      ok = TRUE;
      goto out;
    }
  if (version < 0)
    {
      if (ch_store_is_damage (sqlite3_errcode (db)))
        ch_store_set_damaged_error (error, path);
      else
        g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                     _("Could not open the database “%s”: %s"), path, sqlite3_errmsg (db));
      goto out;
    }
  if ((guint) version > ch_store_schema_level ())
    {
      ch_store_set_too_new (error, version);
      goto out;
    }

  if (thorough || (size <= QUICK_CHECK_MAX_BYTES && !is_open_here (path)))
    ok = quick_check (db, path, error);
  else
    ok = TRUE;

out:
  sqlite3_close (db);
  return ok;
}

/* A new database file is made 0600 before SQLite opens it: it holds
 * members' personal data, and SQLite gives its -wal and -shm files the
 * database file's mode.  Nothing in this process has the file open yet, so
 * closing this descriptor drops no lock.  An existing file stays as it is. */
gboolean
ch_store_create_private_file (const char  *path,
                              GError     **error)
{
  int fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      if (saved == EEXIST)
        return TRUE;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the database “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  return g_close (fd, error);
}

gboolean
ch_store_check_file (const char  *path,
                     GError     **error)
{
  return ch_store_check_file_full (path, TRUE, error);
}

/* PRAGMA journal_mode = WAL.  Turning a new file to WAL needs the file to
 * itself for a moment and does not wait for the busy timeout, so while
 * another program starting on the same new file has it, this one tries
 * again, up to the busy timeout.  (On a file in WAL mode it is a read.) */
gboolean
ch_store_set_wal_mode (ChStore  *self,
                       GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + CH_STORE_BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      int rc = sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);

      if (rc == SQLITE_OK)
        return TRUE;
      if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () > deadline)
        return ch_store_exec (self, "PRAGMA journal_mode = WAL", error);

      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }
}

/* Sets @error for a failure of @db while opening @path: damaged or not. */
void
ch_store_set_open_error (GError     **error,
                         sqlite3     *db,
                         const char  *path)
{
  if (ch_store_is_damage (sqlite3_extended_errcode (db)))
    ch_store_set_damaged_error (error, path);
  else
    g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                 _("Could not open the database “%s”: %s"), path, sqlite3_errmsg (db));
}
