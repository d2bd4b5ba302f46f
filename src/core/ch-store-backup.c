/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <sqlite3.h>
#include <string.h>

#include "ch-store.h"
#include "ch-store-backup.h"
#include "ch-store-private.h"
#include "ch-store-sync.h"

#define DATE_LENGTH 10  /* YYYY-MM-DD */

char *
ch_store_backup_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "chapterhouse", "backups", NULL);
}

/* "chapterhouse" for ".../chapterhouse.db" */
static char *
backup_prefix (const char *db_path)
{
  g_autofree char *base = g_path_get_basename (db_path);

  if (g_str_has_suffix (base, ".db") && strlen (base) > 3)
    base[strlen (base) - 3] = '\0';

  return g_strconcat (base, "-", NULL);
}

/* Whether @name is PREFIXYYYY-MM-DD.db */
static gboolean
is_backup_name (const char *name,
                const char *prefix)
{
  gsize prefix_len = strlen (prefix);
  static const char pattern[] = "0000-00-00";

  if (!g_str_has_prefix (name, prefix) || strlen (name) != prefix_len + DATE_LENGTH + 3 ||
      !g_str_has_suffix (name, ".db"))
    return FALSE;

  for (guint i = 0; i < DATE_LENGTH; i++)
    if (pattern[i] == '-' ? name[prefix_len + i] != '-' : !g_ascii_isdigit (name[prefix_len + i]))
      return FALSE;

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names of @db_path's backups in @dir, oldest first (the date is in
 * the name). */
static GPtrArray *
list_backups (const char *db_path,
              const char *dir)
{
  g_autofree char *prefix = backup_prefix (db_path);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (is_backup_name (name, prefix))
      g_ptr_array_add (names, g_strdup (name));

  g_ptr_array_sort (names, compare_names);
  return names;
}

static gboolean
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  int          rc,
                  const char  *path)
{
  int code = db != NULL ? sqlite3_errcode (db) : rc;

  if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB ||
      (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    ch_store_set_damaged_error (error, path);
  else
    g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                 _("Could not copy “%s”: %s"), path,
                 db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

/* Pages copied per step: between steps the source is unlocked (other
 * programs may write), progress is told and a cancel is seen. */
#define PAGES_PER_STEP 256

/* Copies every page of @src into @dst with SQLite's online backup.  A
 * source that changes between steps makes the backup start again, so what
 * arrives is one consistent state of it. */
static gboolean
backup_pages (sqlite3                *src,
              sqlite3                *dst,
              const char             *src_path,
              const char             *dst_path,
              ChStoreBackupProgress   progress,
              gpointer                user_data,
              GCancellable           *cancellable,
              GError                **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (dst, "main", src, "main");
  int rc;

  if (backup == NULL)
    return set_sqlite_error (error, dst, SQLITE_ERROR, dst_path);

  do
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_backup_finish (backup);
          return FALSE;
        }
      rc = sqlite3_backup_step (backup, progress != NULL ? PAGES_PER_STEP : -1);
      if (progress != NULL && sqlite3_backup_pagecount (backup) > 0)
        progress ((double) (sqlite3_backup_pagecount (backup) -
                            sqlite3_backup_remaining (backup)) /
                  sqlite3_backup_pagecount (backup), user_data);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, sqlite3_errcode (dst) != SQLITE_OK ? dst : src, rc,
                             sqlite3_errcode (dst) != SQLITE_OK ? dst_path : src_path);

  return TRUE;
}

/* Copies every page of the database @from into the new file @to (made
 * 0600 first), with SQLite's online backup: a consistent snapshot even
 * while another connection writes.  The copy is left in rollback-journal
 * mode, so reading it later makes no -wal or -shm next to it. */
static gboolean
copy_database_full (const char             *from,
                    const char             *to,
                    ChStoreBackupProgress   progress,
                    gpointer                user_data,
                    GCancellable           *cancellable,
                    GError                **error)
{
  sqlite3 *src = NULL;
  sqlite3 *dst = NULL;
  gboolean ok = FALSE;
  int rc;

  if (!ch_store_create_private_file (to, error))
    return FALSE;

  rc = sqlite3_open_v2 (from, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, src, rc, from);
      goto out;
    }
  sqlite3_busy_timeout (src, 5000);
  sqlite3_db_config (src, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  rc = sqlite3_open_v2 (to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, dst, rc, to);
      goto out;
    }
  sqlite3_busy_timeout (dst, 5000);

  if (!backup_pages (src, dst, from, to, progress, user_data, cancellable, error))
    goto out;

  if (sqlite3_exec (dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, dst, SQLITE_ERROR, to);
      goto out;
    }

  ok = TRUE;

out:
  sqlite3_close (src);
  sqlite3_close (dst);
  return ok;
}

static gboolean
copy_database (const char  *from,
               const char  *to,
               GError     **error)
{
  return copy_database_full (from, to, NULL, NULL, NULL, error);
}


/* Writes a checked, consistent copy of @db_path to @path through
 * PATH.partial, renamed when complete: a file at @path is always whole,
 * and a failed copy never replaces a good one. */
static gboolean
write_copy (const char             *db_path,
            const char             *path,
            ChStoreBackupProgress   progress,
            gpointer                user_data,
            GCancellable           *cancellable,
            GError                **error)
{
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);

  /* Checked page by page first: a damaged file must not push a good
   * backup out. */
  if (!ch_store_check_file (db_path, error))
    return FALSE;

  g_unlink (partial);
  if (!copy_database_full (db_path, partial, progress, user_data, cancellable, error))
    {
      g_unlink (partial);
      return FALSE;
    }
  if (g_rename (partial, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not save the backup “%s”: %s"), path, g_strerror (saved));
      g_unlink (partial);
      return FALSE;
    }

  return TRUE;
}

/* A dated backup of @db_path in @dir (see ch_store_backup_daily()), when
 * the newest one there is at least @min_days old; of the dated backups
 * the last @keep stay. */
static char *
backup_dated (const char  *db_path,
              const char  *dir,
              GDateTime   *now,
              guint        min_days,
              guint        keep,
              GError     **error)
{
  g_autofree char *prefix = backup_prefix (db_path);
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strconcat (prefix, date, ".db", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GPtrArray) names = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS) || !g_file_test (db_path, G_FILE_TEST_EXISTS))
    return NULL;

  names = list_backups (db_path, dir);
  if (names->len > 0 && min_days > 1)
    {
      g_autofree char *last = ch_store_backup_get_date (g_ptr_array_index (names,
                                                                           names->len - 1));
      g_autoptr(GDateTime) since = g_date_time_add_days (now, 1 - (int) min_days);
      g_autofree char *since_date = g_date_time_format (since, "%Y-%m-%d");

      /* Made less than @min_days days ago (or dated in the future). */
      if (last != NULL && strcmp (last, since_date) >= 0)
        return NULL;
    }
  g_clear_pointer (&names, g_ptr_array_unref);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }

  if (!write_copy (db_path, path, NULL, NULL, NULL, error))
    return NULL;

  names = list_backups (db_path, dir);
  for (guint i = 0; i + keep < names->len; i++)
    {
      g_autofree char *old = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      g_debug ("Removing the old backup %s", old);
      g_unlink (old);
    }

  return g_steal_pointer (&path);
}

char *
ch_store_backup_daily (const char  *db_path,
                       const char  *dir,
                       GDateTime   *now,
                       GError     **error)
{
  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  return backup_dated (db_path, dir, now, 1, CH_STORE_BACKUPS_KEPT, error);
}

char *
ch_store_backup_weekly (const char  *db_path,
                        const char  *dir,
                        GDateTime   *now,
                        guint        keep,
                        GError     **error)
{
  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  return backup_dated (db_path, dir, now, 7, MAX (keep, 1), error);
}

gboolean
ch_store_backup_to_file (const char             *db_path,
                         const char             *path,
                         ChStoreBackupProgress   progress,
                         gpointer                user_data,
                         GCancellable           *cancellable,
                         GError                **error)
{
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  from = g_file_new_for_path (db_path);
  to = g_file_new_for_path (path);
  if (g_file_equal (from, to))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("A backup cannot replace the chapter’s own data file. Choose another "
                     "name or folder."));
      return FALSE;
    }

  return write_copy (db_path, path, progress, user_data, cancellable, error);
}

char *
ch_store_backup_find_last (const char *db_path,
                           const char *dir)
{
  g_autoptr(GPtrArray) names = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  names = list_backups (db_path, dir);
  if (names->len == 0)
    return NULL;

  return g_build_filename (dir, g_ptr_array_index (names, names->len - 1), NULL);
}

char *
ch_store_backup_get_date (const char *backup_path)
{
  g_autofree char *base = g_path_get_basename (backup_path);
  gsize len = strlen (base);

  if (len < DATE_LENGTH + 3 || !g_str_has_suffix (base, ".db"))
    return NULL;

  return g_strndup (base + len - 3 - DATE_LENGTH, DATE_LENGTH);
}

char *
ch_store_set_aside (const char  *db_path,
                    GDateTime   *now,
                    GError     **error)
{
  static const char *suffixes[] = { "-wal", "-shm" };
  g_autofree char *date = NULL;
  g_autofree char *aside = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  date = g_date_time_format (now, "%Y-%m-%d");
  for (guint n = 1; aside == NULL; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup_printf ("%s.damaged-%s", db_path, date)
                                          : g_strdup_printf ("%s.damaged-%s-%u", db_path, date, n);
      gboolean taken = g_file_test (candidate, G_FILE_TEST_EXISTS);

      for (guint i = 0; !taken && i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *side = g_strconcat (candidate, suffixes[i], NULL);

          taken = g_file_test (side, G_FILE_TEST_EXISTS);
        }

      if (!taken)
        aside = g_steal_pointer (&candidate);
    }

  /* The -wal and -shm go along under the matching names, so the file can
   * still be looked at with its last changes; and a new file made at the
   * old name must not pick them up. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (db_path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not move “%s” aside: %s"), from, g_strerror (saved));
          return NULL;
        }
    }

  if (g_rename (db_path, aside) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not move “%s” aside: %s"), db_path, g_strerror (saved));
      return NULL;
    }

  return g_steal_pointer (&aside);
}

gboolean
ch_store_restore_backup (const char  *backup_path,
                         const char  *db_path,
                         GError     **error)
{
  g_return_val_if_fail (backup_path != NULL, FALSE);
  g_return_val_if_fail (db_path != NULL, FALSE);

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("Could not restore the backup: “%s” is still there."), db_path);
      return FALSE;
    }

  if (!copy_database (backup_path, db_path, error))
    {
      g_unlink (db_path);
      return FALSE;
    }

  return TRUE;
}

/* The data file's identity as ch-store.c keeps it (its inode number). */
static char *
file_identity (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return NULL;

  return g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) st.st_ino);
}

/* Whether @path (a plain copy, no connection of this process on it) holds
 * a chapter's data: it has the store's meta table. */
static gboolean
is_chapter_file (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gboolean found = FALSE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' "
                              "AND name IN ('meta', 'member')", -1, &st, NULL) == SQLITE_OK)
    found = sqlite3_step (st) == SQLITE_ROW && sqlite3_step (st) == SQLITE_ROW;
  sqlite3_finalize (st);
  sqlite3_close (db);

  return found;
}

gboolean
ch_store_restore_into (const char             *backup_path,
                       const char             *db_path,
                       ChStoreBackupProgress   progress,
                       gpointer                user_data,
                       GCancellable           *cancellable,
                       GError                **error)
{
  g_autofree char *staged = NULL;
  g_autofree char *identity = NULL;
  sqlite3 *src = NULL;
  sqlite3 *dst = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (backup_path != NULL, FALSE);
  g_return_val_if_fail (db_path != NULL, FALSE);

  if (!g_file_test (backup_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no backup “%s”."), backup_path);
      return FALSE;
    }
  /* Damaged, made by a newer version, or no database at all: the data
   * file is not touched. */
  if (!ch_store_check_file (backup_path, error))
    return FALSE;

  /* Staged beside the data file: a copy brought up to this version's
   * schema by opening it once, and told it belongs at @db_path. */
  staged = g_strconcat (db_path, ".restoring", NULL);
  g_unlink (staged);
  if (!copy_database (backup_path, staged, error))
    goto out;
  if (!is_chapter_file (staged))
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a backup of a chapter."), backup_path);
      goto out;
    }
  {
    g_autoptr(ChStore) store = ch_store_open_full (staged, CH_STORE_OPEN_COLLATION_LATER, error);

    identity = file_identity (db_path);
    if (store == NULL ||
        (identity != NULL && !ch_store_set_meta (store, "device_file", identity, error)))
      goto out;
  }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  rc = sqlite3_open_v2 (staged, &src, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, src, rc, backup_path);
      goto out;
    }
  /* Into the data file as it is, under the connections that have it open
   * (never a file replaced under them): in one write transaction, so
   * every other connection sees the old state or the restored one. */
  rc = sqlite3_open_v2 (db_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, dst, rc, db_path);
      goto out;
    }
  sqlite3_busy_timeout (dst, CH_STORE_BUSY_TIMEOUT_MS);

  ok = backup_pages (src, dst, backup_path, db_path, progress, user_data, cancellable, error);

out:
  sqlite3_close (src);
  sqlite3_close (dst);
  if (staged != NULL)
    {
      g_autofree char *wal = g_strconcat (staged, "-wal", NULL);
      g_autofree char *shm = g_strconcat (staged, "-shm", NULL);

      g_unlink (staged);
      g_unlink (wal);
      g_unlink (shm);
    }
  return ok;
}

gboolean
ch_store_finish_restore (ChStore  *store,
                         GError  **error)
{
  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  /* The restored file's outbox counts its changes from where they were
   * when the backup was made: under the old device id the server has seen
   * those numbers already.  A new device id starts them again. */
  if (!ch_store_renew_device_id (store, error))
    return FALSE;

  g_hash_table_remove_all (store->today_cache);
  ch_store_emit_changed (store, NULL, NULL);
  return TRUE;
}

guint
ch_store_backup_count_unsent (ChStore    *store,
                              const char *backup_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gint64 last_mid = 0;
  g_autofree char *last_text = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), 0);
  g_return_val_if_fail (backup_path != NULL, 0);

  /* The outbox numbers its changes without reuse (AUTOINCREMENT): what
   * this file numbered after the backup's last one is not in the backup. */
  if (sqlite3_open_v2 (backup_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'",
                          -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step (st) == SQLITE_ROW)
    last_mid = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);

  last_text = g_strdup_printf ("%" G_GINT64_FORMAT, last_mid);
  return (guint) ch_store_query_int (store, 0, "SELECT count(*) FROM outbox WHERE mid > ?",
                                     last_text, ch_store_sql_end);
}
