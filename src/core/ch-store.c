/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ch-core-resources.h"
#include "ch-chapters.h"
#include "ch-country.h"
#include "ch-entity.h"
#include "ch-gender.h"
#include "ch-status-sql.h"
#include "ch-store.h"
#include "ch-store-private.h"
#include "ch-store-status.h"
#include "ch-store-sync.h"
#include "ch-store-bulk.h"
#include "ch-locale.h"
#include "ch-fold.h"
#include "ch-uuid.h"

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (ChStore, ch_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (ch-store-error-quark, ch_store_error)

void
ch_store_defer_search (ChStore *self)
{
  g_return_if_fail (CH_IS_STORE (self));

  self->fts_deferred = TRUE;
}

/* Brings the queued members' search entries up to date. */
static const char flush_search_sql[] =
  "DELETE FROM member_fts WHERE rowid IN (SELECT member_rowid FROM temp.search_queue);"
  "INSERT INTO member_fts (rowid, given_name, family_name, company, email, city, specialties) "
  "SELECT m.rowid, ch_fold (m.given_name), ch_fold (m.family_name), ch_fold (m.company), "
  "       ch_fold (m.email), ch_fold (m.city), "
  "       (SELECT ch_fold (group_concat (s.specialty, ' ')) FROM member_specialty s "
  "         WHERE s.member_id = m.id AND s.deleted = 0) "
  "FROM member m WHERE m.rowid IN (SELECT member_rowid FROM temp.search_queue) AND m.deleted = 0;"
  "DELETE FROM temp.search_queue;";

gboolean
ch_store_flush_search (ChStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (!self->fts_deferred)
    return TRUE;

  self->fts_deferred = FALSE;
  return ch_store_exec (self, flush_search_sql, error);
}

/* Every member's search entry, made again in member order: one INSERT
 * that FTS5 writes out in large segments. */
static const char rebuild_search_sql[] =
  "DELETE FROM member_fts;"
  "INSERT INTO member_fts (rowid, given_name, family_name, company, email, city, specialties) "
  "SELECT m.rowid, ch_fold (m.given_name), ch_fold (m.family_name), ch_fold (m.company), "
  "       ch_fold (m.email), ch_fold (m.city), "
  "       (SELECT ch_fold (group_concat (s.specialty, ' ')) FROM member_specialty s "
  "         WHERE s.member_id = m.id AND s.deleted = 0) "
  "FROM member m WHERE m.deleted = 0 ORDER BY m.rowid;";

gboolean
ch_store_rebuild_search (ChStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  return ch_store_exec (self, rebuild_search_sql, error);
}

char *
ch_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "chapterhouse", "chapterhouse.db", NULL);
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

  if (!ch_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (file_id != NULL)
    {
      g_autofree char *stored = ch_store_get_meta (self, "device_file");

      if (g_strcmp0 (stored, file_id) == 0)
        {
          g_free (self->device_id);
          self->device_id = ch_store_get_meta (self, "device_id");
          return ch_store_exec (self, "COMMIT", error);
        }
    }

  /* The first pending change goes out as mid 1 of the new device id;
   * with nothing pending, the next change will. */
  offset = ch_store_query_int (self, -1, "SELECT min(mid) - 1 FROM outbox", ch_store_sql_end);
  if (offset < 0)
    offset = ch_store_query_int (self, 0, "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'",
                                 ch_store_sql_end);
  offset_text = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (offset, 0));
  device_id = ch_uuid_new_v7 ();

  if (!ch_store_set_meta (self, "device_id", device_id, &local_error) ||
      !ch_store_set_meta (self, "device_mid_offset", offset_text, &local_error) ||
      (file_id != NULL && !ch_store_set_meta (self, "device_file", file_id, &local_error)) ||
      !ch_store_exec (self, "COMMIT", &local_error))
    {
      ch_store_exec (self, "ROLLBACK", NULL);
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

/* SQLite's count of commits by other connections to the file. */
static gint64
data_version (ChStore *self)
{
  return ch_store_query_int (self, -1, "PRAGMA data_version", ch_store_sql_end);
}

gboolean
ch_store_check_outside_changes (ChStore *self)
{
  gint64 now;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  now = data_version (self);
  if (now == self->data_version)
    return FALSE;

  self->data_version = now;
  /* The chapter's rules (grace days, time zone) may be among what the
   * other connection wrote: every status is read with them. */
  g_hash_table_remove_all (self->today_cache);
  ch_store_emit_changed (self, NULL, NULL);
  return TRUE;
}

ChStore *
ch_store_open (const char  *path,
               GError     **error)
{
  return ch_store_open_full (path, CH_STORE_OPEN_DEFAULT, error);
}

ChStore *
ch_store_open_full (const char        *path,
                    ChStoreOpenFlags   flags,
                    GError           **error)
{
  g_autoptr(ChStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) device_error = NULL;
  g_autoptr(GError) status_error = NULL;
  g_autofree char *dir = NULL;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  ch_store_configure_sqlite ();

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }

  if (!ch_store_check_file_full (path, FALSE, error) || !ch_store_create_private_file (path, error))
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

  sqlite3_busy_timeout (self->db, CH_STORE_BUSY_TIMEOUT_MS);

  /* Look again before writing anything: another program may have changed
   * the file since. */
  version = ch_store_user_version (self->db);
  if (version < 0)
    {
      if (ch_store_is_damage (sqlite3_errcode (self->db)))
        ch_store_set_damaged_error (error, path);
      else
        ch_store_set_not_a_database (error, path);
      return NULL;
    }
  if ((guint) version > ch_store_schema_level ())
    {
      ch_store_set_too_new (error, version);
      return NULL;
    }

  if (!ch_store_set_wal_mode (self, &local_error) ||
      !ch_store_exec (self, "PRAGMA synchronous = NORMAL", &local_error) ||
      !ch_store_exec (self, "PRAGMA foreign_keys = ON", &local_error) ||
      !ch_store_exec (self, "PRAGMA temp_store = MEMORY", &local_error))
    {
      if (ch_store_is_damage (sqlite3_extended_errcode (self->db)))
        ch_store_set_open_error (error, self->db, path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  ch_store_register_functions (self->db, self);

  if (!ch_store_bulk_recover (self, &local_error) || !ch_store_migrate (self, &local_error) ||
      !ch_store_create_search_queue (self, &local_error))
    {
      if (ch_store_is_damage (sqlite3_extended_errcode (self->db)))
        ch_store_set_open_error (error, self->db, path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self->device_id = ch_store_get_meta (self, "device_id");
  if (self->device_id == NULL)
    {
      g_autofree char *candidate = ch_uuid_new_v7 ();
      sqlite3_stmt *st;

      /* The first program to get here names the device; another one
       * starting on the same new file at the same moment keeps that name. */
      if (!(st = ch_store_stmt (self,
                                "INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?)",
                                error)))
        return NULL;
      ch_store_bind_text (st, 1, candidate);
      /* Translators: %s is the database's own message */
      if (!ch_store_step_done (self, st, _("Could not save a setting: %s"), error))
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

  /* The members whose status changed with the day (best effort: a
   * read-only file keeps the status it has). */
  if (!ch_store_status_refresh (self, NULL, &status_error))
    g_debug ("Could not bring the members' status of %s up to date: %s", path,
             status_error->message);

  /* Names sort in the user's collation; after a change of locale (or of
   * ICU's collation data) the keys are made again, here. */
  {
    g_autofree char *locale = ch_locale_get (LC_COLLATE);
    g_autoptr(GError) collation_error = NULL;

    if (!((flags & CH_STORE_OPEN_COLLATION_LATER) != 0
            ? ch_store_defer_collation (self, locale, &collation_error)
            : ch_store_set_collation (self, locale, &collation_error)))
      {
        if (ch_store_is_damage (sqlite3_extended_errcode (self->db)))
          {
            ch_store_set_open_error (error, self->db, path);
            return NULL;
          }
        g_warning ("Could not sort %s in the collation of “%s”: %s", path, locale,
                   collation_error->message);
      }
  }

  self->counted_open = TRUE;
  self->data_version = data_version (self);
  ch_store_count_open (path, 1);

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

  if (sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not open the database “%s”: %s"), self->path,
                   db ? sqlite3_errmsg (db) : "");
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, CH_STORE_BUSY_TIMEOUT_MS);
  ch_store_register_functions (db, NULL);

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
  gboolean done;

  if (self->savepoints > 0 || !self->own_transaction)
    return TRUE;

  self->own_transaction = FALSE;

  /* SQLite may have rolled it back already (a full disk, say). */
  if (sqlite3_get_autocommit (self->db))
    return !commit || ch_store_set_sql_error (error, self->db, _("Could not save the change: %s"));

  /* The status of the members this transaction changed, computed before
   * anyone can read them (level 19). */
  if (commit && ch_store_status_flush (self, error) && ch_store_exec (self, "COMMIT", error))
    done = TRUE;
  else
    {
      ch_store_exec (self, "ROLLBACK", NULL);
      done = !commit;
    }

  /* Another program made the name keys again: lists read them again. */
  if (self->collation_moved)
    {
      self->collation_moved = FALSE;
      ch_store_emit_changed (self, NULL, NULL);
    }
  return done;
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
      if (!ch_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->own_transaction = TRUE;
      self->outer_is_begin = TRUE;
      self->savepoints++;
      /* New name keys go in the collation the file's keys are in now. */
      if (!ch_store_follow_file_collation (self, error))
        {
          self->outer_is_begin = FALSE;
          self->savepoints--;
          end_own_transaction (self, FALSE, NULL);
          return FALSE;
        }
      return TRUE;
    }

  if (!ch_store_exec (self, sql, error))
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

  ch_store_exec (self, rollback, NULL);
  ch_store_exec (self, release, NULL);
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

  if (!ch_store_exec (self, release, error))
    {
      rollback_savepoint (self, name);
      return FALSE;
    }

  self->savepoints--;
  return end_own_transaction (self, TRUE, error);
}

gboolean
ch_store_savepoint (ChStore  *self,
                    GError  **error)
{
  return open_savepoint (self, "ch_change", error);
}

void
ch_store_emit_changed (ChStore    *self,
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

gboolean
ch_store_release (ChStore  *self,
                  GError  **error)
{
  return release_savepoint (self, "ch_change", error);
}

void
ch_store_undo_savepoint (ChStore *self)
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
          self->pull_no_pending = FALSE;
        }
      return FALSE;
    }

  if (self->depth == 1)
    self->pull_no_pending = FALSE;
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
      self->pull_no_pending = FALSE;
    }
}

/* ----------------------------------------------------------------------- */
/* Meta                                                                      */

char *
ch_store_get_meta (ChStore    *self,
                   const char *key)
{
  sqlite3_stmt *st;
  char *value = NULL;

  if (!(st = ch_store_stmt (self, "SELECT value FROM meta WHERE key = ?", NULL)))
    return NULL;

  ch_store_bind_text (st, 1, key);
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

  if (!(st = ch_store_stmt (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error)))
    return FALSE;

  ch_store_bind_text (st, 1, key);
  ch_store_bind_text (st, 2, value);
  return ch_store_step_done (self, st, _("Could not save a setting: %s"), error);
}

gboolean
ch_store_exec_for_test (ChStore     *self,
                        const char  *sql,
                        GError     **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  return ch_store_exec (self, sql, error);
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

  ch_store_bulk_stop_checkpoints (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->today_cache, g_hash_table_unref);
  g_clear_pointer (&self->row_sql, g_hash_table_unref);
  g_clear_pointer (&self->row_stmt, g_hash_table_unref);
  g_free (self->row_now);
  /* A load not finished: the next ch_store_open() makes its indexes again. */
  if (self->bulk_lock_fd >= 0)
    close (self->bulk_lock_fd);
  if (self->counted_open)
    ch_store_count_open (self->path, -1);
  g_free (self->path);
  g_free (self->device_id);
  g_free (self->collation);
  g_free (self->collation_described);
  g_free (self->pending_collation);
  g_free (self->pending_described);

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
  self->row_sql = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_strfreev);
  self->row_stmt = g_hash_table_new (NULL, NULL);
  self->bulk_lock_fd = -1;
}

sqlite3 *
ch_store_get_db (ChStore *self)
{
  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  return self->db;
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

  /* A command or a worker's connection: the one that opened the file for
   * the user makes the keys again, if at all. */
  return ch_store_open_full (path, CH_STORE_OPEN_COLLATION_LATER, error);
}
