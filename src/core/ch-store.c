/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "ch-core-resources.h"
#include "ch-chapter-settings.h"
#include "ch-country.h"
#include "ch-entity.h"
#include "ch-gender.h"
#include "ch-status.h"
#include "ch-status-sql.h"
#include "ch-store.h"
#include "ch-store-private.h"
#include "ch-store-sync.h"
#include "ch-util.h"

#define MIGRATIONS_PATH RESOURCE_BASE "/migrations"

/* How long a change waits for another program that is writing the file. */
#define BUSY_TIMEOUT_MS 5000

struct _ChStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  char       *device_id;
  GHashTable *statements;  /* SQL text → sqlite3_stmt* */
  gboolean    fts_deferred; /* ch_store_defer_search() until the flush */
  guint       depth;       /* explicit ch_store_begin() nesting */
  guint       savepoints;  /* open savepoints, ch_store_begin()'s and each change's */
  gboolean    own_transaction; /* BEGIN IMMEDIATE taken by the outermost savepoint */
  gboolean    outer_is_begin;  /* …which then is that BEGIN, with no SAVEPOINT of its own */
  gboolean    counted_open;    /* in open_stores */
  gboolean    batch_changed;

  /* chapter id → TodayCache, so status needs no GTimeZone per row */
  GHashTable *today_cache;
};

typedef struct
{
  gint32  today_days;
  gint    grace_days;
  gint64  expires_at;
} TodayCache;

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (ChStore, ch_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (ch-store-error-quark, ch_store_error)

void
ch_outbox_entry_free (ChOutboxEntry *entry)
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

/* ----------------------------------------------------------------------- */
/* SQL helpers                                                               */

static gboolean
set_sql_error (GError    **error,
               sqlite3    *db,
               const char *what)
{
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
               /* Translators: %s is what failed, then the database's message */
               _("Could not %s: %s"), what, sqlite3_errmsg (db));
  return FALSE;
}

static sqlite3_stmt *
stmt (ChStore    *self,
      const char *sql,
      GError    **error)
{
  sqlite3_stmt *st = g_hash_table_lookup (self->statements, sql);

  if (st != NULL)
    {
      sqlite3_reset (st);
      sqlite3_clear_bindings (st);
      return st;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
    {
      set_sql_error (error, self->db, _("prepare a query"));
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), st);
  return st;
}

static gboolean
exec (ChStore    *self,
      const char *sql,
      GError    **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not save the change: %s"), msg ? msg : "");
      sqlite3_free (msg);
      return FALSE;
    }

  return TRUE;
}

static void
bind_text (sqlite3_stmt *st,
           int           idx,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (st, idx);
  else
    sqlite3_bind_text (st, idx, text, -1, SQLITE_TRANSIENT);
}

/* Runs @st, a statement that returns no rows, and resets it; on failure
 * sets @error to say that @what could not be done. */
static gboolean
step_done (ChStore      *self,
           sqlite3_stmt *st,
           const char   *what,
           GError      **error)
{
  if (sqlite3_step (st) != SQLITE_DONE)
    {
      set_sql_error (error, self->db, what);
      sqlite3_reset (st);
      return FALSE;
    }

  sqlite3_reset (st);
  return TRUE;
}

/* Runs the cached statement @sql with @arg (NULL binds NULL) as its only
 * parameter: the first column of the first row as an integer, or 0 if
 * there is no row or the query fails. */
static gint64
query_int_1 (ChStore    *self,
             const char *sql,
             const char *arg)
{
  sqlite3_stmt *st;
  gint64 result = 0;

  if (!(st = stmt (self, sql, NULL)))
    return 0;

  bind_text (st, 1, arg);
  if (sqlite3_step (st) == SQLITE_ROW)
    result = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);

  return result;
}

static void
bind_field (sqlite3_stmt      *st,
            int                idx,
            const ChFieldInfo *field,
            JsonNode          *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (st, idx);
      return;
    }

  switch (field->type)
    {
    case CH_FIELD_TEXT:
      sqlite3_bind_text (st, idx, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      break;
    case CH_FIELD_INT:
      sqlite3_bind_int64 (st, idx, json_node_get_int (node));
      break;
    case CH_FIELD_BOOL:
      sqlite3_bind_int (st, idx, json_node_get_boolean (node) ? 1 : 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

static JsonNode *
column_node (sqlite3_stmt      *st,
             int                col,
             const ChFieldInfo *field)
{
  if (sqlite3_column_type (st, col) == SQLITE_NULL)
    return json_node_new (JSON_NODE_NULL);

  switch (field->type)
    {
    case CH_FIELD_TEXT:
      return json_node_init_string (json_node_alloc (), (const char *) sqlite3_column_text (st, col));
    case CH_FIELD_INT:
      return json_node_init_int (json_node_alloc (), sqlite3_column_int64 (st, col));
    case CH_FIELD_BOOL:
      return json_node_init_boolean (json_node_alloc (), sqlite3_column_int (st, col) != 0);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  gboolean a_null = a == NULL || JSON_NODE_HOLDS_NULL (a);
  gboolean b_null = b == NULL || JSON_NODE_HOLDS_NULL (b);

  if (a_null || b_null)
    return a_null == b_null;

  return json_node_equal (a, b);
}

static char *
object_to_json (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

static JsonObject *
object_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return json_object_new ();

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();

  return json_object_ref (json_node_get_object (root));
}

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

static void
sql_fts_deferred (sqlite3_context  *ctx,
                  int               argc,
                  sqlite3_value   **argv)
{
  const gboolean *deferred = sqlite3_user_data (ctx);

  sqlite3_result_int (ctx, deferred != NULL && *deferred);
}

/* @fts_deferred: the writer's flag, NULL on read-only connections. */
static void
register_functions (sqlite3  *db,
                    gboolean *fts_deferred)
{
  /* ch_fts_deferred(): whether the search index waits for a flush. */
  sqlite3_create_function_v2 (db, "ch_fts_deferred", 0, SQLITE_UTF8,
                              fts_deferred, sql_fts_deferred, NULL, NULL, NULL);

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
  ch_status_register_sql (db);

  /* ch_country_code(text): the ISO code a country name stands for, or NULL. */
  ch_chapter_register_sql_functions (db);
}

/* ----------------------------------------------------------------------- */
/* Opening and migrations                                                    */

/* While the search index is deferred, these temporary triggers of the
 * writer's connection note the members whose index entry is out of date.
 * (Not INSERT OR IGNORE: the conflict clause of the statement that fires
 * a trigger overrides the trigger's own.) */
static gboolean
create_search_queue (ChStore  *self,
                     GError  **error)
{
  return exec (self,
               "CREATE TEMP TABLE IF NOT EXISTS search_queue (member_rowid INTEGER PRIMARY KEY);"
               "CREATE TEMP TRIGGER IF NOT EXISTS search_queue_member_ai AFTER INSERT ON main.member "
               "WHEN ch_fts_deferred () BEGIN "
               "  INSERT INTO search_queue SELECT new.rowid "
               "  WHERE NOT EXISTS (SELECT 1 FROM search_queue WHERE member_rowid = new.rowid); "
               "END;"
               "CREATE TEMP TRIGGER IF NOT EXISTS search_queue_member_au "
               "AFTER UPDATE OF given_name, family_name, company, email, city, deleted ON main.member "
               "WHEN ch_fts_deferred () BEGIN "
               "  INSERT INTO search_queue SELECT new.rowid "
               "  WHERE NOT EXISTS (SELECT 1 FROM search_queue WHERE member_rowid = new.rowid); "
               "END;"
               "CREATE TEMP TRIGGER IF NOT EXISTS search_queue_specialty_ai AFTER INSERT ON main.member_specialty "
               "WHEN ch_fts_deferred () BEGIN "
               "  INSERT INTO search_queue SELECT m.rowid FROM main.member m WHERE m.id = new.member_id "
               "  AND NOT EXISTS (SELECT 1 FROM search_queue WHERE member_rowid = m.rowid); "
               "END;"
               "CREATE TEMP TRIGGER IF NOT EXISTS search_queue_specialty_au AFTER UPDATE ON main.member_specialty "
               "WHEN ch_fts_deferred () BEGIN "
               "  INSERT INTO search_queue SELECT m.rowid FROM main.member m WHERE m.id = new.member_id "
               "  AND NOT EXISTS (SELECT 1 FROM search_queue WHERE member_rowid = m.rowid); "
               "END;",
               error);
}

void
ch_store_defer_search (ChStore *self)
{
  g_return_if_fail (CH_IS_STORE (self));

  self->fts_deferred = TRUE;
}

gboolean
ch_store_flush_search (ChStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (!self->fts_deferred)
    return TRUE;

  self->fts_deferred = FALSE;
  return exec (self,
               "DELETE FROM member_fts WHERE rowid IN (SELECT member_rowid FROM temp.search_queue);"
               "INSERT INTO member_fts (rowid, given_name, family_name, company, email, city, specialties) "
               "SELECT m.rowid, ch_fold (m.given_name), ch_fold (m.family_name), ch_fold (m.company), "
               "       ch_fold (m.email), ch_fold (m.city), "
               "       (SELECT ch_fold (group_concat (s.specialty, ' ')) FROM member_specialty s "
               "         WHERE s.member_id = m.id AND s.deleted = 0) "
               "FROM member m WHERE m.rowid IN (SELECT member_rowid FROM temp.search_queue) AND m.deleted = 0;"
               "DELETE FROM temp.search_queue;",
               error);
}

char *
ch_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "chapterhouse", "chapterhouse.db", NULL);
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

static int
user_version (sqlite3 *db)
{
  sqlite3_stmt *st = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step (st) == SQLITE_ROW)
    version = sqlite3_column_int (st, 0);

  sqlite3_finalize (st);
  return version;
}

static gboolean
migrate (ChStore *self,
         GError **error)
{
  g_auto(GStrv) names = list_migrations ();
  guint latest = g_strv_length (names);
  int current = user_version (self->db);

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

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* Another program starting on the same new file may have taken
       * this step while this one waited for the lock. */
      current = user_version (self->db);
      if (current >= (int) level)
        {
          if (!exec (self, "COMMIT", error))
            return FALSE;
          continue;
        }

      if (!exec (self, sql, &local_error) || !exec (self, pragma, &local_error))
        {
          exec (self, "ROLLBACK", NULL);
          g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                       _("Could not upgrade the database to level %u: %s"),
                       level, local_error->message);
          return FALSE;
        }
      if (!exec (self, "COMMIT", error))
        return FALSE;

      g_debug ("Migrated %s to level %u", self->path, level);
    }

  return TRUE;
}

static void
set_not_a_database (GError     **error,
                    const char  *path)
{
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_A_DATABASE,
               _("“%s” is not a Chapterhouse database, or it is damaged. "
                 "It was left untouched."), path);
}

static void
set_too_new (GError **error,
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
static gboolean
is_damage (int rc)
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

static void
count_open (const char *path,
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

  if (rc == SQLITE_ROW || is_damage (rc) || is_damage (sqlite3_errcode (db)))
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
static gboolean
check_file (const char  *path,
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

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      /* Missing (a new database), or the read-write open says why not. */
      sqlite3_close (db);
      return TRUE;
    }

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
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
      set_not_a_database (error, path);
      goto out;
    }

  /* PRAGMA user_version: a big-endian 32-bit integer at offset 60. */
  version = (gint32) (((guint32) header[60] << 24) | ((guint32) header[61] << 16) |
                      ((guint32) header[62] << 8) | (guint32) header[63]);
  if (version < 0)
    {
      set_not_a_database (error, path);
      goto out;
    }
  if ((guint) version > ch_store_schema_level ())
    {
      set_too_new (error, version);
      goto out;
    }

  /* The level again, now through the -wal file, where a newer Chapterhouse
   * that is running may have it so far. */
  version = user_version (db);
  if (version < 0 && sqlite3_errcode (db) == SQLITE_READONLY)
    {
      /* A hot rollback journal (a file in rollback-journal mode after a
       * crash): only a read-write connection may roll it back. */
      ok = TRUE;
      goto out;
    }
  if (version < 0)
    {
      if (is_damage (sqlite3_errcode (db)))
        ch_store_set_damaged_error (error, path);
      else
        g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                     _("Could not open the database “%s”: %s"), path, sqlite3_errmsg (db));
      goto out;
    }
  if ((guint) version > ch_store_schema_level ())
    {
      set_too_new (error, version);
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
  return check_file (path, TRUE, error);
}

/* PRAGMA journal_mode = WAL.  Turning a new file to WAL needs the file to
 * itself for a moment and does not wait for the busy timeout, so while
 * another program starting on the same new file has it, this one tries
 * again, up to the busy timeout.  (On a file in WAL mode it is a read.) */
static gboolean
set_wal_mode (ChStore  *self,
              GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      int rc = sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);

      if (rc == SQLITE_OK)
        return TRUE;
      if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () > deadline)
        return exec (self, "PRAGMA journal_mode = WAL", error);

      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }
}

/* Sets @error for a failure of @db while opening @path: damaged or not. */
static void
set_open_error (GError     **error,
                sqlite3     *db,
                const char  *path)
{
  if (is_damage (sqlite3_extended_errcode (db)))
    ch_store_set_damaged_error (error, path);
  else
    g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                 _("Could not open the database “%s”: %s"), path, sqlite3_errmsg (db));
}

/* ----------------------------------------------------------------------- */
/* Device identity                                                           */

/* The data file's identity on disk: its inode number. */
static char *
device_file_id (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return NULL;

  return g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) st.st_ino);
}

/* A new device id, with the mids of the outbox counted from 1 again for
 * it (see ch_store_get_device_mid_offset()).  When @file_id is given, only
 * if the data file's stored identity still differs from it (another
 * connection may have just done it), and the identity is stored. */
static gboolean
renew_device (ChStore     *self,
              const char  *file_id,
              GError     **error)
{
  g_autofree char *device_id = NULL;
  g_autofree char *offset_text = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 offset;

  g_return_val_if_fail (self->depth == 0, FALSE);

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (file_id != NULL)
    {
      g_autofree char *stored = ch_store_get_meta (self, "device_file");

      if (g_strcmp0 (stored, file_id) == 0)
        {
          g_free (self->device_id);
          self->device_id = ch_store_get_meta (self, "device_id");
          return exec (self, "COMMIT", error);
        }
    }

  /* The first pending change goes out as mid 1 of the new device id;
   * with nothing pending, the next change will. */
  offset = ch_store_query_int (self, -1, "SELECT min(mid) - 1 FROM outbox", ch_store_sql_end);
  if (offset < 0)
    offset = ch_store_query_int (self, 0, "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'",
                                 ch_store_sql_end);
  offset_text = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (offset, 0));
  device_id = ch_uuid7_new ();

  if (!ch_store_set_meta (self, "device_id", device_id, &local_error) ||
      !ch_store_set_meta (self, "device_mid_offset", offset_text, &local_error) ||
      (file_id != NULL && !ch_store_set_meta (self, "device_file", file_id, &local_error)) ||
      !exec (self, "COMMIT", &local_error))
    {
      exec (self, "ROLLBACK", NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_debug ("%s now syncs as device %s (mids from %s on)", self->path, device_id, offset_text);
  g_free (self->device_id);
  self->device_id = g_steal_pointer (&device_id);

  return TRUE;
}

/* A data file that was copied (to a second laptop) or restored as a new
 * file has another inode than the one it was last opened as: it must not
 * go on with the original's device id and mids.  A file restored in place
 * keeps its inode; the server's "mid_reused" answer catches that one. */
static gboolean
check_device_file (ChStore  *self,
                   GError  **error)
{
  g_autofree char *here = device_file_id (self->path);
  g_autofree char *stored = NULL;

  if (here == NULL)
    return TRUE;

  stored = ch_store_get_meta (self, "device_file");
  if (g_strcmp0 (stored, here) == 0)
    return TRUE;
  if (stored == NULL)
    return ch_store_set_meta (self, "device_file", here, error);

  return renew_device (self, here, error);
}

gboolean
ch_store_renew_device_id (ChStore  *self,
                          GError  **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  return renew_device (self, NULL, error);
}

gint64
ch_store_get_device_mid_offset (ChStore *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), 0);

  text = ch_store_get_meta (self, "device_mid_offset");
  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

ChStore *
ch_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(ChStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) device_error = NULL;
  g_autofree char *dir = NULL;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }

  if (!check_file (path, FALSE, error) || !ch_store_create_private_file (path, error))
    return NULL;

  self = g_object_new (CH_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not open the database “%s”: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* Look again before writing anything: another program may have changed
   * the file since. */
  version = user_version (self->db);
  if (version < 0)
    {
      if (is_damage (sqlite3_errcode (self->db)))
        ch_store_set_damaged_error (error, path);
      else
        set_not_a_database (error, path);
      return NULL;
    }
  if ((guint) version > ch_store_schema_level ())
    {
      set_too_new (error, version);
      return NULL;
    }

  if (!set_wal_mode (self, &local_error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", &local_error) ||
      !exec (self, "PRAGMA foreign_keys = ON", &local_error) ||
      !exec (self, "PRAGMA temp_store = MEMORY", &local_error))
    {
      if (is_damage (sqlite3_extended_errcode (self->db)))
        set_open_error (error, self->db, path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  register_functions (self->db, &self->fts_deferred);

  if (!migrate (self, &local_error) || !create_search_queue (self, &local_error))
    {
      if (is_damage (sqlite3_extended_errcode (self->db)))
        set_open_error (error, self->db, path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self->device_id = ch_store_get_meta (self, "device_id");
  if (self->device_id == NULL)
    {
      g_autofree char *candidate = ch_uuid7_new ();
      sqlite3_stmt *st;

      /* The first program to get here names the device; another one
       * starting on the same new file at the same moment keeps that name. */
      if (!(st = stmt (self, "INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?)",
                       error)))
        return NULL;
      bind_text (st, 1, candidate);
      if (!step_done (self, st, _("save a setting"), error))
        return NULL;

      self->device_id = ch_store_get_meta (self, "device_id");
      if (self->device_id == NULL)
        {
          g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                       _("Could not open the database “%s”: %s"), path,
                       _("the device id could not be saved"));
          return NULL;
        }
    }

  self->counted_open = TRUE;
  count_open (path, 1);

  /* Best effort (a read-only file cannot take a new id): the server's
   * "mid_reused" answer is the safety net. */
  if (!check_device_file (self, &device_error))
    g_debug ("Could not check the device identity of %s: %s", path, device_error->message);

  return g_steal_pointer (&self);
}

sqlite3 *
ch_store_open_reader (ChStore  *self,
                      GError  **error)
{
  sqlite3 *db = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  if (sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not open the database “%s”: %s"), self->path,
                   db ? sqlite3_errmsg (db) : "");
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  register_functions (db, NULL);

  return db;
}

const char *
ch_store_get_path (ChStore *self)
{
  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  return self->path;
}

const char *
ch_store_get_device_id (ChStore *self)
{
  g_autofree char *stored = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  /* Another connection (a sync) may have given the device a new id; the
   * string returned stays valid however often that happens. */
  stored = ch_store_get_meta (self, "device_id");
  if (stored != NULL && g_strcmp0 (stored, self->device_id) != 0)
    {
      g_free (self->device_id);
      self->device_id = g_steal_pointer (&stored);
    }

  return g_intern_string (self->device_id);
}

/* ----------------------------------------------------------------------- */
/* Transactions                                                              */

/* Ends the transaction that open_savepoint() began, once its outermost
 * savepoint is gone: commits it, or rolls it back. */
static gboolean
end_own_transaction (ChStore   *self,
                     gboolean   commit,
                     GError   **error)
{
  if (self->savepoints > 0 || !self->own_transaction)
    return TRUE;

  self->own_transaction = FALSE;

  /* SQLite may have rolled it back already (a full disk, say). */
  if (sqlite3_get_autocommit (self->db))
    return !commit || set_sql_error (error, self->db, _("save the change"));

  if (commit && exec (self, "COMMIT", error))
    return TRUE;

  exec (self, "ROLLBACK", NULL);
  return !commit;
}

/* Opens the savepoint @name.  Outside a transaction it first takes the
 * write lock with BEGIN IMMEDIATE, which waits (up to the busy timeout)
 * while another program writes.  A SAVEPOINT alone begins a deferred
 * transaction: it reads first, and when it then comes to write while
 * another program holds the lock it fails at once with "database is
 * locked" whatever the timeout, since a reader's snapshot may be stale. */
static gboolean
open_savepoint (ChStore     *self,
                const char  *name,
                GError     **error)
{
  g_autofree char *sql = g_strconcat ("SAVEPOINT ", name, NULL);

  /* The outermost level is the transaction itself: a SAVEPOINT inside it
   * would make SQLite copy every page it then changes into a statement
   * journal, which made pulling a chapter twice as slow. */
  if (self->savepoints == 0 && sqlite3_get_autocommit (self->db))
    {
      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->own_transaction = TRUE;
      self->outer_is_begin = TRUE;
      self->savepoints++;
      return TRUE;
    }

  if (!exec (self, sql, error))
    {
      end_own_transaction (self, FALSE, NULL);
      return FALSE;
    }

  self->savepoints++;
  return TRUE;
}

/* Undoes everything since the savepoint @name and closes it. */
static void
rollback_savepoint (ChStore    *self,
                    const char *name)
{
  g_autofree char *rollback = g_strconcat ("ROLLBACK TO ", name, NULL);
  g_autofree char *release = g_strconcat ("RELEASE ", name, NULL);

  g_assert (self->savepoints > 0);

  if (self->savepoints == 1 && self->outer_is_begin)
    {
      self->outer_is_begin = FALSE;
      self->savepoints--;
      end_own_transaction (self, FALSE, NULL);
      return;
    }

  exec (self, rollback, NULL);
  exec (self, release, NULL);
  self->savepoints--;
  end_own_transaction (self, FALSE, NULL);
}

/* Keeps what was done since the savepoint @name (committing it if this
 * was the outermost one); on failure, undoes it. */
static gboolean
release_savepoint (ChStore     *self,
                   const char  *name,
                   GError     **error)
{
  g_autofree char *release = g_strconcat ("RELEASE ", name, NULL);

  g_assert (self->savepoints > 0);

  if (self->savepoints == 1 && self->outer_is_begin)
    {
      self->outer_is_begin = FALSE;
      self->savepoints--;
      return end_own_transaction (self, TRUE, error);
    }

  if (!exec (self, release, error))
    {
      rollback_savepoint (self, name);
      return FALSE;
    }

  self->savepoints--;
  return end_own_transaction (self, TRUE, error);
}

static gboolean
savepoint (ChStore  *self,
           GError  **error)
{
  return open_savepoint (self, "ch_change", error);
}

static void
emit_changed (ChStore    *self,
              const char *entity,
              const char *id)
{
  if (self->depth > 0)
    {
      self->batch_changed = TRUE;
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0, entity, id);
}

static gboolean
release (ChStore  *self,
         GError  **error)
{
  return release_savepoint (self, "ch_change", error);
}

static void
undo_savepoint (ChStore *self)
{
  rollback_savepoint (self, "ch_change");
}

gboolean
ch_store_begin (ChStore  *self,
                GError  **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (!open_savepoint (self, "ch_batch", error))
    return FALSE;

  if (self->depth++ == 0)
    self->batch_changed = FALSE;

  return TRUE;
}

gboolean
ch_store_commit (ChStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  /* A deferred search index is brought up to date before the outermost
   * batch ends, so no committed row is missing from it. */
  if (self->depth == 1 && !ch_store_flush_search (self, error))
    {
      ch_store_rollback (self);
      return FALSE;
    }

  if (!release_savepoint (self, "ch_batch", error))
    {
      /* Undone already: what remains is the bookkeeping of a rollback. */
      if (--self->depth == 0)
        {
          self->batch_changed = FALSE;
          self->fts_deferred = FALSE;
        }
      return FALSE;
    }

  if (--self->depth == 0 && self->batch_changed)
    {
      self->batch_changed = FALSE;
      g_signal_emit (self, signals[CHANGED], 0, NULL, NULL);
    }

  return TRUE;
}

void
ch_store_rollback (ChStore *self)
{
  g_return_if_fail (CH_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  rollback_savepoint (self, "ch_batch");

  if (--self->depth == 0)
    {
      self->batch_changed = FALSE;
      /* The queue of members to index went with the rollback. */
      self->fts_deferred = FALSE;
    }
}

/* ----------------------------------------------------------------------- */
/* Validation and normalisation                                              */

static JsonObject *
normalize_set (const ChEntityInfo *info,
               JsonObject         *set,
               GError            **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, set);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const ChFieldInfo *field = ch_entity_field (info, name);

      if (field == NULL)
        {
          g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                       _("“%s” is not a field of %s."), name, info->name);
          return NULL;
        }

      if (JSON_NODE_HOLDS_NULL (node))
        {
          json_object_set_null_member (out, name);
          continue;
        }

      if (!JSON_NODE_HOLDS_VALUE (node))
        goto bad_type;

      switch (field->type)
        {
        case CH_FIELD_TEXT:
          {
            g_autofree char *text = NULL;

            if (json_node_get_value_type (node) != G_TYPE_STRING)
              goto bad_type;

            text = g_strdup (json_node_get_string (node));
            if (!g_utf8_validate (text, -1, NULL))
              goto bad_type;
            if (field->max_len != CH_FIELD_LONG_MAX_LEN)
              g_strstrip (text);
            if (strlen (text) > ch_field_max_len (field))
              {
                g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                             _("“%s” is too long (at most %u characters)."),
                             name, ch_field_max_len (field));
                return NULL;
              }
            /* A country is kept as its ISO code, whatever name was typed. */
            if (strcmp (name, "country") == 0 && ch_country_code_from_text (text) != NULL)
              {
                char *code = g_strdup (ch_country_code_from_text (text));

                g_free (text);
                text = code;
              }
            if (*text == '\0')
              json_object_set_null_member (out, name);
            else
              json_object_set_string_member (out, name, text);
          }
          break;

        case CH_FIELD_INT:
          if (json_node_get_value_type (node) != G_TYPE_INT64)
            goto bad_type;
          json_object_set_int_member (out, name, json_node_get_int (node));
          break;

        case CH_FIELD_BOOL:
          if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
            json_object_set_boolean_member (out, name, json_node_get_boolean (node));
          else if (json_node_get_value_type (node) == G_TYPE_INT64)
            json_object_set_boolean_member (out, name, json_node_get_int (node) != 0);
          else
            goto bad_type;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return g_steal_pointer (&out);

bad_type:
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
               _("“%s” has a value of the wrong kind."), name);
  return NULL;
}

static gboolean
check_required (const ChEntityInfo *info,
                JsonObject         *row,
                GError            **error)
{
  for (guint i = 0; i < info->n_fields; i++)
    {
      const ChFieldInfo *field = &info->fields[i];
      JsonNode *node;

      if (!field->required)
        continue;

      node = json_object_get_member (row, field->name);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED,
                       _("“%s” is required."), field->name);
          return FALSE;
        }
    }

  return TRUE;
}

/* Local-only derived columns (sort and uniqueness keys). */
static void
derive_member_keys (JsonObject  *row,
                    char       **name_key,
                    char       **email_key)
{
  g_autofree char *full = NULL;

  full = g_strdup_printf ("%s %s",
                          json_object_get_string_member_with_default (row, "family_name", ""),
                          json_object_get_string_member_with_default (row, "given_name", ""));
  *name_key = ch_fold (g_strstrip (full));
  *email_key = ch_email_normalize (json_object_get_string_member_with_default (row, "email", NULL));
}

/* ----------------------------------------------------------------------- */
/* Rows                                                                      */

static char *
select_sql (const ChEntityInfo *info)
{
  GString *sql = g_string_new ("SELECT id, chapter_id, version, deleted");

  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", %s", info->fields[i].name);
  g_string_append_printf (sql, " FROM %s WHERE id = ?", info->table);

  return g_string_free (sql, FALSE);
}

static JsonObject *
row_from_stmt (const ChEntityInfo *info,
               sqlite3_stmt       *st)
{
  JsonObject *row = json_object_new ();

  json_object_set_string_member (row, "id", (const char *) sqlite3_column_text (st, 0));
  json_object_set_string_member (row, "chapter_id", (const char *) sqlite3_column_text (st, 1));
  json_object_set_int_member (row, "version", sqlite3_column_int64 (st, 2));
  json_object_set_boolean_member (row, "deleted", sqlite3_column_int (st, 3) != 0);

  for (guint i = 0; i < info->n_fields; i++)
    json_object_set_member (row, info->fields[i].name, column_node (st, 4 + i, &info->fields[i]));

  return row;
}

static const ChEntityInfo *
lookup_entity (const char  *entity,
               GError     **error)
{
  const ChEntityInfo *info = ch_entity_lookup (entity);

  if (info == NULL)
    g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                 _("Unknown kind of record “%s”."), entity);

  return info;
}

JsonObject *
ch_store_get_row (ChStore     *self,
                  const char  *entity,
                  const char  *id,
                  GError     **error)
{
  const ChEntityInfo *info;
  g_autofree char *sql = NULL;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!(info = lookup_entity (entity, error)))
    return NULL;

  sql = select_sql (info);
  if (!(st = stmt (self, sql, error)))
    return NULL;

  bind_text (st, 1, id);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      JsonObject *row = row_from_stmt (info, st);
      sqlite3_reset (st);
      return row;
    }

  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    set_sql_error (error, self->db, _("read a record"));
  else
    g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND,
                 _("The record no longer exists."));

  return NULL;
}

static gboolean
append_outbox (ChStore    *self,
               const char *chapter_id,
               const char *entity,
               const char *row_id,
               const char *op,
               JsonObject *base,
               JsonObject *set,
               GError    **error)
{
  sqlite3_stmt *st;
  g_autofree char *base_json = object_to_json (base);
  g_autofree char *set_json = object_to_json (set);
  g_autofree char *now = ch_now_utc_iso ();

  st = stmt (self,
             "INSERT INTO outbox (chapter_id, entity, row_id, op, base, \"set\", created_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (st == NULL)
    return FALSE;

  bind_text (st, 1, chapter_id);
  bind_text (st, 2, entity);
  bind_text (st, 3, row_id);
  bind_text (st, 4, op);
  bind_text (st, 5, base_json);
  bind_text (st, 6, set_json);
  bind_text (st, 7, now);

  return step_done (self, st, _("record the change for syncing"), error);
}

/* Writes every field of @row (an upsert), plus the local derived keys. */
static gboolean
write_row (ChStore            *self,
           const ChEntityInfo *info,
           const char         *id,
           const char         *chapter_id,
           gint64              version,
           gboolean            deleted,
           JsonObject         *row,
           GError            **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *now = ch_now_utc_iso ();
  gboolean is_member = strcmp (info->name, "member") == 0;
  sqlite3_stmt *st;
  GString *s;
  guint col;

  s = g_string_new (NULL);
  g_string_append_printf (s, "INSERT INTO %s (id, chapter_id, version, deleted, updated_at", info->table);
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (s, ", %s", info->fields[i].name);
  if (is_member)
    g_string_append (s, ", name_key, email_key");
  g_string_append (s, ") VALUES (?, ?, ?, ?, ?");
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append (s, ", ?");
  if (is_member)
    g_string_append (s, ", ?, ?");
  g_string_append (s, ") ON CONFLICT (id) DO UPDATE SET version = excluded.version, "
                      "deleted = excluded.deleted, updated_at = excluded.updated_at");
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (s, ", %s = excluded.%s", info->fields[i].name, info->fields[i].name);
  if (is_member)
    g_string_append (s, ", name_key = excluded.name_key, email_key = excluded.email_key");
  sql = g_string_free (s, FALSE);

  if (!(st = stmt (self, sql, error)))
    return FALSE;

  bind_text (st, 1, id);
  bind_text (st, 2, chapter_id);
  sqlite3_bind_int64 (st, 3, version);
  sqlite3_bind_int (st, 4, deleted ? 1 : 0);
  bind_text (st, 5, now);
  col = 6;
  for (guint i = 0; i < info->n_fields; i++)
    bind_field (st, col++, &info->fields[i], json_object_get_member (row, info->fields[i].name));
  if (is_member)
    {
      g_autofree char *name_key = NULL;
      g_autofree char *email_key = NULL;

      derive_member_keys (row, &name_key, &email_key);
      bind_text (st, col++, name_key);
      bind_text (st, col++, email_key);
    }

  if (!step_done (self, st, _("save the record"), error))
    return FALSE;

  /* The chapter's time zone and grace days decide every status. */
  if (strcmp (info->name, "chapter") == 0)
    g_hash_table_remove (self->today_cache, id);

  return TRUE;
}

/* Takes a savepoint and reads the row @id of @entity: NULL, with the
 * savepoint undone, if either fails. */
static JsonObject *
begin_change (ChStore     *self,
              const char  *entity,
              const char  *id,
              GError     **error)
{
  JsonObject *current;

  if (!savepoint (self, error))
    return NULL;

  if (!(current = ch_store_get_row (self, entity, id, error)))
    {
      undo_savepoint (self);
      return NULL;
    }

  return current;
}

/* Ends a local change inside the savepoint taken by the caller: writes
 * @row, records @op with @base and @set for syncing, releases the
 * savepoint and emits ::changed.  The savepoint is undone on failure. */
static gboolean
save_change (ChStore            *self,
             const ChEntityInfo *info,
             const char         *chapter_id,
             const char         *id,
             gint64              version,
             gboolean            deleted,
             JsonObject         *row,
             const char         *op,
             JsonObject         *base,
             JsonObject         *set,
             GError            **error)
{
  if (!write_row (self, info, id, chapter_id, version, deleted, row, error) ||
      !append_outbox (self, chapter_id, info->name, id, op, base, set, error))
    {
      undo_savepoint (self);
      return FALSE;
    }

  if (!release (self, error))
    return FALSE;

  emit_changed (self, info->name, id);
  return TRUE;
}

/* Adds the other fields of every touched field group, so the server can
 * compare and set the group as a whole. */
static void
complete_groups (const ChEntityInfo *info,
                 JsonObject         *current,
                 JsonObject         *base,
                 JsonObject         *set)
{
  for (guint i = 0; i < info->n_fields; i++)
    {
      const ChFieldInfo *field = &info->fields[i];
      gboolean touched = FALSE;

      if (field->group == NULL || json_object_has_member (set, field->name))
        continue;

      for (guint j = 0; j < info->n_fields; j++)
        if (info->fields[j].group != NULL &&
            strcmp (info->fields[j].group, field->group) == 0 &&
            json_object_has_member (set, info->fields[j].name))
          touched = TRUE;

      if (touched)
        {
          JsonNode *cur = json_object_get_member (current, field->name);

          json_object_set_member (base, field->name, json_node_copy (cur));
          json_object_set_member (set, field->name, json_node_copy (cur));
        }
    }
}

gboolean
ch_store_insert (ChStore     *self,
                 const char  *entity,
                 const char  *chapter_id,
                 const char  *id,
                 JsonObject  *set,
                 char       **out_id,
                 GError     **error)
{
  const ChEntityInfo *info;
  g_autoptr(JsonObject) clean = NULL;
  g_autoptr(JsonObject) base = NULL;
  g_autofree char *new_id = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (chapter_id != NULL, FALSE);
  g_return_val_if_fail (set != NULL, FALSE);

  if (!(info = lookup_entity (entity, error)))
    return FALSE;
  if (!(clean = normalize_set (info, set, error)))
    return FALSE;
  if (!check_required (info, clean, error))
    return FALSE;

  new_id = id ? g_strdup (id) : ch_uuid7_new ();
  base = json_object_new ();

  if (!savepoint (self, error))
    return FALSE;

  if (!save_change (self, info, chapter_id, new_id, 0, FALSE, clean,
                    "insert", base, clean, error))
    return FALSE;

  if (out_id != NULL)
    *out_id = g_steal_pointer (&new_id);

  return TRUE;
}

gboolean
ch_store_update (ChStore     *self,
                 const char  *entity,
                 const char  *id,
                 JsonObject  *set,
                 GError     **error)
{
  const ChEntityInfo *info;
  g_autoptr(JsonObject) clean = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) base = NULL;
  g_autoptr(JsonObject) patch = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (set != NULL, FALSE);

  if (!(info = lookup_entity (entity, error)))
    return FALSE;
  if (!(clean = normalize_set (info, set, error)))
    return FALSE;

  if (!(current = begin_change (self, entity, id, error)))
    return FALSE;

  if (json_object_get_boolean_member (current, "deleted"))
    {
      undo_savepoint (self);
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND,
                   _("The record was deleted."));
      return FALSE;
    }

  base = json_object_new ();
  patch = json_object_new ();

  json_object_iter_init (&iter, clean);
  while (json_object_iter_next (&iter, &name, &node))
    {
      JsonNode *cur = json_object_get_member (current, name);

      if (nodes_equal (cur, node))
        continue;

      json_object_set_member (base, name, json_node_copy (cur));
      json_object_set_member (patch, name, json_node_copy (node));
      json_object_set_member (current, name, json_node_copy (node));
    }

  if (json_object_get_size (patch) == 0)
    {
      /* Nothing changed: no row write, no outbox entry. */
      undo_savepoint (self);
      return TRUE;
    }

  if (!check_required (info, current, error))
    {
      undo_savepoint (self);
      return FALSE;
    }

  complete_groups (info, current, base, patch);

  return save_change (self, info,
                      json_object_get_string_member (current, "chapter_id"), id,
                      json_object_get_int_member (current, "version"),
                      FALSE, current, "update", base, patch, error);
}

static gboolean check_member (ChStore     *self,
                              const char  *chapter_id,
                              const char  *id,
                              JsonObject  *row,
                              GError     **error);

static gboolean
set_deleted (ChStore     *self,
             const char  *entity,
             const char  *id,
             gboolean     deleted,
             GError     **error)
{
  const ChEntityInfo *info;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) empty_base = json_object_new ();
  g_autoptr(JsonObject) empty_set = json_object_new ();

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!(info = lookup_entity (entity, error)))
    return FALSE;

  if (!(current = begin_change (self, entity, id, error)))
    return FALSE;

  if (json_object_get_boolean_member (current, "deleted") == deleted)
    {
      undo_savepoint (self);
      return TRUE;
    }

  /* Someone else may have taken the e-mail address in the meantime. */
  if (!deleted && strcmp (info->name, "member") == 0 &&
      !check_member (self, json_object_get_string_member (current, "chapter_id"), id, current, error))
    {
      undo_savepoint (self);
      return FALSE;
    }

  /* A restore says which version of the row it knew (the server's), so
   * that the server does not let it undo a later deletion if it is sent
   * again from a copy of this file. */
  if (!deleted)
    json_object_set_int_member (empty_base, "version",
                                json_object_get_int_member (current, "version"));

  return save_change (self, info,
                      json_object_get_string_member (current, "chapter_id"), id,
                      json_object_get_int_member (current, "version"),
                      deleted, current, deleted ? "delete" : "restore",
                      empty_base, empty_set, error);
}

gboolean
ch_store_delete (ChStore     *self,
                 const char  *entity,
                 const char  *id,
                 GError     **error)
{
  return set_deleted (self, entity, id, TRUE, error);
}

gboolean
ch_store_restore (ChStore     *self,
                  const char  *entity,
                  const char  *id,
                  GError     **error)
{
  return set_deleted (self, entity, id, FALSE, error);
}

gboolean
ch_store_delete_merged (ChStore     *self,
                        const char  *id,
                        const char  *survivor_id,
                        GError     **error)
{
  const ChEntityInfo *info = ch_entity_lookup ("member");
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) empty_base = json_object_new ();
  g_autoptr(JsonObject) set = json_object_new ();

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && survivor_id != NULL, FALSE);

  if (!(current = begin_change (self, "member", id, error)))
    return FALSE;

  if (json_object_get_boolean_member (current, "deleted"))
    {
      undo_savepoint (self);
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND,
                   _("The record was deleted."));
      return FALSE;
    }

  json_object_set_string_member (set, "merged_into", survivor_id);
  json_object_set_string_member (current, "merged_into", survivor_id);

  return save_change (self, info,
                      json_object_get_string_member (current, "chapter_id"), id,
                      json_object_get_int_member (current, "version"),
                      TRUE, current, "delete", empty_base, set, error);
}

/* ----------------------------------------------------------------------- */
/* Remote rows and the outbox                                                */

static gboolean
overlay_pending (ChStore    *self,
                 const char *entity,
                 const char *id,
                 JsonObject *fields,
                 gboolean   *deleted,
                 GError    **error)
{
  sqlite3_stmt *st;
  int rc;

  st = stmt (self, "SELECT op, \"set\" FROM outbox WHERE entity = ? AND row_id = ? ORDER BY mid", error);
  if (st == NULL)
    return FALSE;

  bind_text (st, 1, entity);
  bind_text (st, 2, id);

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *op = (const char *) sqlite3_column_text (st, 0);
      g_autoptr(JsonObject) set = object_from_json ((const char *) sqlite3_column_text (st, 1));
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      if (strcmp (op, "delete") == 0)
        *deleted = TRUE;
      else if (strcmp (op, "restore") == 0)
        *deleted = FALSE;

      json_object_iter_init (&iter, set);
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_member (fields, name, json_node_copy (node));
    }

  sqlite3_reset (st);

  if (rc != SQLITE_DONE)
    return set_sql_error (error, self->db, _("read pending changes"));

  return TRUE;
}

/* With @any_version (a resync snapshot), the server's row replaces ours
 * whatever our version: versions of another epoch mean nothing. */
static gboolean
apply_remote (ChStore     *self,
              const char  *chapter_id,
              const char  *entity,
              const char  *id,
              gint64       version,
              gboolean     deleted,
              JsonObject  *fields,
              gboolean     any_version,
              GError     **error)
{
  const ChEntityInfo *info;
  g_autoptr(JsonObject) row = NULL;
  sqlite3_stmt *st;
  g_autofree char *sql = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (!(info = lookup_entity (entity, error)))
    return FALSE;

  /* A page may be replayed: older versions change nothing. */
  sql = g_strdup_printf ("SELECT version FROM %s WHERE id = ?", info->table);
  if (!(st = stmt (self, sql, error)))
    return FALSE;
  bind_text (st, 1, id);
  if (!any_version && sqlite3_step (st) == SQLITE_ROW && sqlite3_column_int64 (st, 0) >= version)
    {
      sqlite3_reset (st);
      return TRUE;
    }
  sqlite3_reset (st);

  /* Keep only known fields of the right kind; the server is trusted but
   * may be newer than us. */
  row = json_object_new ();
  if (fields != NULL)
    {
      json_object_iter_init (&iter, fields);
      while (json_object_iter_next (&iter, &name, &node))
        {
          const ChFieldInfo *field = ch_entity_field (info, name);

          if (field == NULL || !JSON_NODE_HOLDS_VALUE (node))
            continue;
          json_object_set_member (row, name, json_node_copy (node));
        }
    }

  if (!overlay_pending (self, entity, id, row, &deleted, error))
    return FALSE;

  if (!write_row (self, info, id, chapter_id, version, deleted, row, error))
    return FALSE;

  emit_changed (self, entity, id);
  return TRUE;
}

gboolean
ch_store_apply_remote (ChStore     *self,
                       const char  *chapter_id,
                       const char  *entity,
                       const char  *id,
                       gint64       version,
                       gboolean     deleted,
                       JsonObject  *fields,
                       GError     **error)
{
  return apply_remote (self, chapter_id, entity, id, version, deleted, fields, FALSE, error);
}

gboolean
ch_store_apply_snapshot_row (ChStore     *self,
                             const char  *chapter_id,
                             const char  *entity,
                             const char  *id,
                             gint64       version,
                             gboolean     deleted,
                             JsonObject  *fields,
                             GError     **error)
{
  return apply_remote (self, chapter_id, entity, id, version, deleted, fields, TRUE, error);
}

gboolean
ch_store_set_row_version (ChStore     *self,
                          const char  *entity,
                          const char  *id,
                          gint64       version,
                          GError     **error)
{
  const ChEntityInfo *info;
  g_autofree char *sql = NULL;
  sqlite3_stmt *st;

  if (!(info = lookup_entity (entity, error)))
    return FALSE;

  sql = g_strdup_printf ("UPDATE %s SET version = MAX(version, ?) WHERE id = ?", info->table);
  if (!(st = stmt (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (st, 1, version);
  bind_text (st, 2, id);
  return step_done (self, st, _("save the record"), error);
}

GPtrArray *
ch_store_outbox_list (ChStore     *self,
                      const char  *chapter_id,
                      guint        max,
                      GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_outbox_entry_free);
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  st = stmt (self,
             "SELECT mid, chapter_id, entity, row_id, op, base, \"set\" FROM outbox "
             "WHERE (?1 IS NULL OR chapter_id = ?1) ORDER BY mid LIMIT ?2", error);
  if (st == NULL)
    return NULL;

  bind_text (st, 1, chapter_id);
  sqlite3_bind_int64 (st, 2, max ? max : G_MAXINT);

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      ChOutboxEntry *e = g_new0 (ChOutboxEntry, 1);

      e->mid = sqlite3_column_int64 (st, 0);
      e->chapter_id = g_strdup ((const char *) sqlite3_column_text (st, 1));
      e->entity = g_strdup ((const char *) sqlite3_column_text (st, 2));
      e->row_id = g_strdup ((const char *) sqlite3_column_text (st, 3));
      e->op = g_strdup ((const char *) sqlite3_column_text (st, 4));
      e->base = object_from_json ((const char *) sqlite3_column_text (st, 5));
      e->set = object_from_json ((const char *) sqlite3_column_text (st, 6));
      g_ptr_array_add (entries, e);
    }

  sqlite3_reset (st);

  if (rc != SQLITE_DONE)
    {
      set_sql_error (error, self->db, _("read pending changes"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

gboolean
ch_store_outbox_remove (ChStore     *self,
                        gint64       mid,
                        GError     **error)
{
  sqlite3_stmt *st;

  if (!(st = stmt (self, "DELETE FROM outbox WHERE mid = ?", error)))
    return FALSE;

  sqlite3_bind_int64 (st, 1, mid);
  return step_done (self, st, _("remove a synced change"), error);
}

guint
ch_store_outbox_count (ChStore    *self,
                       const char *chapter_id)
{
  return (guint) query_int_1 (self,
                              "SELECT count(*) FROM outbox WHERE (?1 IS NULL OR chapter_id = ?1)",
                              chapter_id);
}

/* ----------------------------------------------------------------------- */
/* Meta                                                                      */

char *
ch_store_get_meta (ChStore    *self,
                   const char *key)
{
  sqlite3_stmt *st;
  char *value = NULL;

  if (!(st = stmt (self, "SELECT value FROM meta WHERE key = ?", NULL)))
    return NULL;

  bind_text (st, 1, key);
  if (sqlite3_step (st) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_reset (st);

  return value;
}

gboolean
ch_store_set_meta (ChStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  sqlite3_stmt *st;

  if (!(st = stmt (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error)))
    return FALSE;

  bind_text (st, 1, key);
  bind_text (st, 2, value);
  return step_done (self, st, _("save a setting"), error);
}

/* ----------------------------------------------------------------------- */
/* Chapters                                                                  */

GPtrArray *
ch_store_list_chapters (ChStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) chapters = g_ptr_array_new_with_free_func (g_object_unref);
  const ChEntityInfo *info = ch_entity_lookup ("chapter");
  sqlite3_stmt *st;
  GString *sql;
  int rc;

  sql = g_string_new ("SELECT id, chapter_id, version, deleted");
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", %s", info->fields[i].name);
  g_string_append (sql, " FROM chapter WHERE deleted = 0 ORDER BY name COLLATE NOCASE");

  st = stmt (self, sql->str, error);
  g_string_free (sql, TRUE);
  if (st == NULL)
    return NULL;

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) row = row_from_stmt (info, st);
      g_ptr_array_add (chapters, ch_chapter_new_from_row (row));
    }
  sqlite3_reset (st);

  if (rc != SQLITE_DONE)
    {
      set_sql_error (error, self->db, _("read the chapters"));
      return NULL;
    }

  return g_steal_pointer (&chapters);
}

ChChapter *
ch_store_get_chapter (ChStore     *self,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(JsonObject) row = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  if (id == NULL || !(row = ch_store_get_row (self, "chapter", id, error)))
    {
      if (id == NULL)
        g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND, _("No chapter was chosen."));
      return NULL;
    }

  if (json_object_get_boolean_member (row, "deleted"))
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND, _("The chapter was deleted."));
      return NULL;
    }

  return ch_chapter_new_from_row (row);
}

ChChapter *
ch_store_create_chapter (ChStore     *self,
                         JsonObject  *fields,
                         GError     **error)
{
  g_autofree char *id = ch_uuid7_new ();
  g_autoptr(JsonObject) set = NULL;
  const char *tz;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  /* Kinds and lengths first: the checks below read the values as text. */
  if (!(set = normalize_set (ch_entity_lookup ("chapter"), fields, error)))
    return NULL;

  {
    const char *chapter_name = json_object_get_string_member_with_default (set, "name", NULL);
    g_autofree char *trimmed = g_strstrip (g_strdup (chapter_name ? chapter_name : ""));

    if (*trimmed == '\0')
      {
        g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED,
                     _("Give the chapter a name."));
        return NULL;
      }
  }

  tz = json_object_get_string_member_with_default (set, "timezone", NULL);
  if (tz == NULL || *tz == '\0')
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED,
                   _("Choose the chapter’s time zone."));
      return NULL;
    }
  else
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (tz);

      if (zone == NULL)
        {
          g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                       _("“%s” is not a known time zone. Use a name such as Europe/Stockholm."), tz);
          return NULL;
        }
    }

  {
    const char *currency = json_object_get_string_member_with_default (set, "currency", "");
    gboolean ok = strlen (currency) == 3;

    for (guint i = 0; ok && i < 3; i++)
      ok = g_ascii_isupper (currency[i]);

    if (!ok)
      {
        g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                     _("The currency must be a three-letter code such as EUR or USD."));
        return NULL;
      }
  }

  if (json_object_has_member (set, "dues_amount") &&
      json_object_get_int_member (set, "dues_amount") < 0)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                   _("Dues cannot be negative."));
      return NULL;
    }

  if (!json_object_has_member (set, "dues_period"))
    json_object_set_string_member (set, "dues_period", "yearly");
  if (!json_object_has_member (set, "grace_days"))
    json_object_set_int_member (set, "grace_days", 30);

  if (!ch_store_insert (self, "chapter", id, id, set, NULL, error))
    return NULL;

  return ch_store_get_chapter (self, id, error);
}

static TodayCache *
today_for (ChStore    *self,
           const char *chapter_id)
{
  TodayCache *cache = g_hash_table_lookup (self->today_cache, chapter_id ? chapter_id : "");
  gint64 now = g_get_monotonic_time ();

  if (cache == NULL || cache->expires_at < now)
    {
      g_autoptr(JsonObject) row = NULL;
      g_autofree char *iso = NULL;
      GDate today;

      if (chapter_id != NULL)
        row = ch_store_get_row (self, "chapter", chapter_id, NULL);

      if (cache == NULL)
        {
          cache = g_new0 (TodayCache, 1);
          g_hash_table_insert (self->today_cache, g_strdup (chapter_id ? chapter_id : ""), cache);
        }

      ch_date_today (row ? json_object_get_string_member_with_default (row, "timezone", NULL) : NULL,
                     &today);
      iso = ch_date_format (&today);
      cache->today_days = ch_iso_date_to_days (iso, -1);
      cache->grace_days = row && !json_object_get_null_member (row, "grace_days")
                          ? (gint) json_object_get_int_member (row, "grace_days") : 30;
      cache->expires_at = now + 30 * G_USEC_PER_SEC;
    }

  return cache;
}

gint32
ch_store_today_days (ChStore    *self,
                     const char *chapter_id)
{
  g_return_val_if_fail (CH_IS_STORE (self), 0);

  return today_for (self, chapter_id)->today_days;
}

gint
ch_store_grace_days (ChStore    *self,
                     const char *chapter_id)
{
  g_return_val_if_fail (CH_IS_STORE (self), 0);

  return today_for (self, chapter_id)->grace_days;
}

/* ----------------------------------------------------------------------- */
/* Members                                                                   */

static ChMember *
member_from_row (ChStore    *self,
                 JsonObject *row)
{
  const char *chapter_id = json_object_get_string_member (row, "chapter_id");
  TodayCache *today = today_for (self, chapter_id);
  sqlite3_stmt *st;
  ChMemberStatus status = CH_MEMBER_STATUS_PROSPECT;

  /* The status rule's one SQL function, as the list's filter and sort. */
  st = stmt (self, "SELECT ch_member_status (?, ?, ?, ?, ?, ?, ?)", NULL);
  if (st != NULL)
    {
      bind_text (st, 1, chapter_id);
      bind_text (st, 2, json_object_get_string_member_with_default (row, "tier", NULL));
      bind_text (st, 3, json_object_get_string_member_with_default (row, "joined_on", NULL));
      bind_text (st, 4, json_object_get_string_member_with_default (row, "left_on", NULL));
      bind_text (st, 5, json_object_get_string_member_with_default (row, "dues_paid_until", NULL));
      sqlite3_bind_int (st, 6, today->grace_days);
      sqlite3_bind_int (st, 7, today->today_days);
      if (sqlite3_step (st) == SQLITE_ROW)
        status = sqlite3_column_int (st, 0);
      else
        g_warning ("Could not compute a member's status: %s", sqlite3_errmsg (self->db));
      sqlite3_reset (st);
    }

  return ch_member_new_from_row (row, status);
}

ChMember *
ch_store_get_member (ChStore     *self,
                     const char  *id,
                     GError     **error)
{
  g_autoptr(JsonObject) row = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  if (!(row = ch_store_get_row (self, "member", id, error)))
    return NULL;

  return member_from_row (self, row);
}

ChMember *
ch_store_get_member_by_rowid (ChStore *self,
                              gint64   rowid)
{
  const ChEntityInfo *info = ch_entity_lookup ("member");
  g_autoptr(JsonObject) row = NULL;
  sqlite3_stmt *st;
  GString *sql;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  sql = g_string_new ("SELECT id, chapter_id, version, deleted");
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", %s", info->fields[i].name);
  g_string_append (sql, " FROM member WHERE rowid = ?");
  st = stmt (self, sql->str, NULL);
  g_string_free (sql, TRUE);
  if (st == NULL)
    return NULL;

  sqlite3_bind_int64 (st, 1, rowid);
  if (sqlite3_step (st) == SQLITE_ROW)
    row = row_from_stmt (info, st);
  sqlite3_reset (st);

  return row ? member_from_row (self, row) : NULL;
}

char *
ch_store_find_member_by_email (ChStore    *self,
                               const char *chapter_id,
                               const char *email,
                               const char *exclude_id)
{
  g_autofree char *key = ch_email_normalize (email);
  sqlite3_stmt *st;
  char *id = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  if (key == NULL)
    return NULL;

  st = stmt (self,
             "SELECT id FROM member WHERE chapter_id = ? AND deleted = 0 AND email_key = ? "
             "AND (?3 IS NULL OR id != ?3) LIMIT 1", NULL);
  if (st == NULL)
    return NULL;

  bind_text (st, 1, chapter_id);
  bind_text (st, 2, key);
  bind_text (st, 3, exclude_id);
  if (sqlite3_step (st) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_reset (st);

  return id;
}

static gboolean
check_member (ChStore     *self,
              const char  *chapter_id,
              const char  *id,
              JsonObject  *row,
              GError     **error)
{
  const char *given = json_object_get_string_member_with_default (row, "given_name", NULL);
  const char *family = json_object_get_string_member_with_default (row, "family_name", NULL);
  const char *email = json_object_get_string_member_with_default (row, "email", NULL);
  g_autofree char *given_trim = g_strstrip (g_strdup (given ? given : ""));
  g_autofree char *family_trim = g_strstrip (g_strdup (family ? family : ""));
  g_autofree char *email_trim = g_strstrip (g_strdup (email ? email : ""));
  g_autofree char *other = NULL;

  if (*given_trim == '\0')
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED, _("Enter a given name."));
      return FALSE;
    }
  if (*family_trim == '\0')
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED, _("Enter a family name."));
      return FALSE;
    }
  if (*email_trim != '\0' && !ch_email_is_valid (email_trim))
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                   _("“%s” does not look like an e-mail address."), email_trim);
      return FALSE;
    }

  other = ch_store_find_member_by_email (self, chapter_id, email_trim, id);
  if (other != NULL)
    {
      g_autoptr(ChMember) existing = ch_store_get_member (self, other, NULL);

      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL,
                   _("%s already uses the e-mail address %s."),
                   existing ? ch_member_get_display_name (existing) : _("Another member"),
                   email_trim);
      return FALSE;
    }

  return TRUE;
}

/* Gender is stored as its code (ch-gender), whoever writes it: the form,
 * the CLI, an import. */
static void
normalize_member_gender (JsonObject *fields)
{
  JsonNode *node = json_object_get_member (fields, "gender");
  g_autofree char *stored = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return;

  stored = ch_gender_normalize (json_node_get_string (node));
  if (stored != NULL)
    json_object_set_string_member (fields, "gender", stored);
  else
    json_object_set_null_member (fields, "gender");
}

gboolean
ch_store_add_member (ChStore     *self,
                     const char  *chapter_id,
                     JsonObject  *fields,
                     char       **out_id,
                     GError     **error)
{
  g_autoptr(JsonObject) clean = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (chapter_id != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  /* Kinds and lengths first: the checks below read the values as text. */
  if (!(clean = normalize_set (ch_entity_lookup ("member"), fields, error)))
    return FALSE;
  normalize_member_gender (clean);

  if (!check_member (self, chapter_id, NULL, clean, error))
    return FALSE;

  return ch_store_insert (self, "member", chapter_id, NULL, clean, out_id, error);
}

gboolean
ch_store_update_member (ChStore     *self,
                        const char  *id,
                        JsonObject  *changes,
                        GError     **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) clean = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  if (!(clean = normalize_set (ch_entity_lookup ("member"), changes, error)))
    return FALSE;
  normalize_member_gender (clean);

  if (!(row = ch_store_get_row (self, "member", id, error)))
    return FALSE;

  json_object_iter_init (&iter, clean);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (row, name, json_node_copy (node));

  if (!check_member (self, json_object_get_string_member (row, "chapter_id"), id, row, error))
    return FALSE;

  return ch_store_update (self, "member", id, clean, error);
}

gint64
ch_store_member_rowid (ChStore    *self,
                       const char *id)
{
  if (id == NULL)
    return 0;

  return query_int_1 (self, "SELECT rowid FROM member WHERE id = ?", id);
}

guint
ch_store_count_members (ChStore    *self,
                        const char *chapter_id)
{
  return (guint) query_int_1 (self,
                              "SELECT count(*) FROM member WHERE chapter_id = ? AND deleted = 0",
                              chapter_id);
}

gboolean
ch_store_exec_for_test (ChStore     *self,
                        const char  *sql,
                        GError     **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  return exec (self, sql, error);
}

/* ----------------------------------------------------------------------- */

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

static void
ch_store_finalize (GObject *object)
{
  ChStore *self = (ChStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->today_cache, g_hash_table_unref);
  if (self->counted_open)
    count_open (self->path, -1);
  g_free (self->path);
  g_free (self->device_id);

  G_OBJECT_CLASS (ch_store_parent_class)->finalize (object);
}

static void
ch_store_class_init (ChStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ch_store_finalize;

  /**
   * ChStore::changed:
   * @entity: (nullable): the entity, or %NULL after a batch of changes
   * @id: (nullable): the row, or %NULL after a batch of changes
   *
   * Emitted on the thread that owns the store after a change is committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
ch_store_init (ChStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  self->today_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

sqlite3 *
ch_store_get_db (ChStore *self)
{
  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  return self->db;
}

const char ch_store_sql_end[] = "";

/* Prepares @sql on the writer connection and binds the text arguments of
 * @args (NULL binds NULL) up to ch_store_sql_end. */
static sqlite3_stmt *
prepare_texts (ChStore     *self,
               GError     **error,
               const char  *sql,
               va_list      args)
{
  sqlite3_stmt *st = NULL;
  int idx = 1;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &st, NULL) != SQLITE_OK)
    {
      set_sql_error (error, self->db, _("read the records"));
      sqlite3_finalize (st);
      return NULL;
    }

  for (;;)
    {
      const char *arg = va_arg (args, const char *);

      if (arg == (const char *) ch_store_sql_end)
        break;
      bind_text (st, idx++, arg);
    }

  return st;
}

GPtrArray *
ch_store_query_texts_va (ChStore     *self,
                         GError     **error,
                         const char  *sql,
                         va_list      args)
{
  g_autoptr(GPtrArray) out = NULL;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  if (!(st = prepare_texts (self, error, sql, args)))
    return NULL;

  out = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup ((const char *) sqlite3_column_text (st, 0)));

  if (rc != SQLITE_DONE)
    {
      set_sql_error (error, self->db, _("read the records"));
      sqlite3_finalize (st);
      return NULL;
    }

  sqlite3_finalize (st);
  return g_steal_pointer (&out);
}

GPtrArray *
ch_store_query_texts (ChStore     *self,
                      GError     **error,
                      const char  *sql,
                      ...)
{
  GPtrArray *out;
  va_list args;

  va_start (args, sql);
  out = ch_store_query_texts_va (self, error, sql, args);
  va_end (args);

  return out;
}

/* Runs @sql (see prepare_texts()) to its first row: NULL when there is
 * none or the query fails. */
static sqlite3_stmt *
first_row (ChStore     *self,
           const char  *sql,
           va_list      args)
{
  sqlite3_stmt *st = prepare_texts (self, NULL, sql, args);

  if (st != NULL && sqlite3_step (st) != SQLITE_ROW)
    g_clear_pointer (&st, sqlite3_finalize);

  return st;
}

char *
ch_store_query_text (ChStore    *self,
                     const char *sql,
                     ...)
{
  char *result;
  sqlite3_stmt *st;
  va_list args;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  va_start (args, sql);
  st = first_row (self, sql, args);
  va_end (args);
  if (st == NULL)
    return NULL;

  result = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  return result;
}

gint64
ch_store_query_int (ChStore    *self,
                    gint64      fallback,
                    const char *sql,
                    ...)
{
  gint64 result = fallback;
  sqlite3_stmt *st;
  va_list args;

  g_return_val_if_fail (CH_IS_STORE (self), fallback);

  va_start (args, sql);
  st = first_row (self, sql, args);
  va_end (args);
  if (st == NULL)
    return fallback;

  if (sqlite3_column_type (st, 0) != SQLITE_NULL)
    result = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  return result;
}

JsonObject *
ch_store_get_live_row (ChStore    *self,
                       const char *entity,
                       const char *id)
{
  g_autoptr(JsonObject) row = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  if (id == NULL || !(row = ch_store_get_row (self, entity, id, NULL)) ||
      json_object_get_boolean_member_with_default (row, "deleted", FALSE))
    return NULL;

  return g_steal_pointer (&row);
}

const char *
ch_store_row_text (JsonObject *row,
                   const char *name)
{
  JsonNode *node = row != NULL ? json_object_get_member (row, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

ChStore *
ch_store_open_existing (const char  *path,
                        GError     **error)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0 && errno == ENOENT)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND,
                   _("The database “%s” does not exist"), path);
      return NULL;
    }

  return ch_store_open (path, error);
}
