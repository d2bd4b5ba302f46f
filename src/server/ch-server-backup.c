/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "ch-server-backup.h"
#include "ch-server-store-sqlite.h"

static gboolean
db_error (GError     **error,
          sqlite3     *db,
          const char  *path,
          int          rc)
{
  g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_FAILED,
               _("Database error in %s: %s"), path,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static void
remove_db_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (journal);
}

/* An empty file, 0600, for SQLite to fill (it keeps the mode). */
static gboolean
create_private (const char  *path,
                GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create %s: %s"), path, g_strerror (saved));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

static gboolean
open_db (const char  *path,
         int          flags,
         sqlite3    **db,
         GError     **error)
{
  int rc = sqlite3_open_v2 (path, db, flags | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    {
      db_error (error, *db, path, rc);
      g_clear_pointer (db, sqlite3_close);
      return FALSE;
    }

  sqlite3_busy_timeout (*db, 10000);
  return TRUE;
}

/* Copies the whole of @src into @dest in one step: one read transaction
 * on @src, so one consistent snapshot; in WAL mode the server goes on
 * writing meanwhile. */
static gboolean
copy_db (sqlite3     *src,
         const char  *src_path,
         sqlite3     *dest,
         const char  *dest_path,
         GError     **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (dest, "main", src, "main");
  int rc;

  if (backup == NULL)
    return db_error (error, dest, dest_path, 0);

  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        g_usleep (50 * 1000);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  sqlite3_backup_finish (backup);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_FAILED,
                   _("Could not copy %s to %s: %s"), src_path, dest_path, sqlite3_errstr (rc));
      return FALSE;
    }

  return TRUE;
}

static char *
read_epoch (sqlite3     *db,
            const char  *path,
            GError     **error)
{
  sqlite3_stmt *s = NULL;
  char *epoch = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'epoch'", -1, &s,
                          NULL) == SQLITE_OK &&
      sqlite3_step (s) == SQLITE_ROW)
    epoch = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);

  if (epoch == NULL)
    g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_FAILED,
                 _("%s is not a Chapterhouse server database (it has no epoch)"), path);

  return epoch;
}

/* A backup of a server database: made by chapterhouse-server (a level
 * and an epoch). An empty file is an empty SQLite database, which the
 * store would take for a new one: refused too. */
static gboolean
is_server_db (sqlite3     *db,
              const char  *path,
              GError     **error)
{
  g_autofree char *epoch = NULL;
  sqlite3_stmt *s = NULL;
  int level = 0;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
      sqlite3_step (s) == SQLITE_ROW)
    level = sqlite3_column_int (s, 0);
  sqlite3_finalize (s);

  if (level < 1 || !(epoch = read_epoch (db, path, NULL)))
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_FAILED,
                   _("%s is not a backup of a Chapterhouse server database; nothing was "
                     "replaced"), path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
quick_check (sqlite3     *db,
             const char  *path,
             GError     **error)
{
  sqlite3_stmt *s = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &s, NULL) == SQLITE_OK &&
      sqlite3_step (s) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (s, 0), "ok") == 0;
  sqlite3_finalize (s);

  if (!ok)
    g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_FAILED,
                 _("The copy %s failed its integrity check; nothing was replaced"), path);

  return ok;
}

/* DB.last-backup: when the last backup of @db succeeded (Unix time), for
 * /metrics. Not having it is no reason to fail the backup. */
static void
write_stamp (const char *db)
{
  g_autofree char *path = g_strconcat (db, ".last-backup", NULL);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n",
                                           g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_warning ("Could not note the time of the backup: %s", error->message);
}

gboolean
ch_server_backup (const char  *db,
                  const char  *to,
                  char       **epoch,
                  GError     **error)
{
  g_autofree char *part = g_strconcat (to, ".part", NULL);
  sqlite3 *src = NULL;
  sqlite3 *dest = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (db != NULL && to != NULL, FALSE);

  if (!g_file_test (db, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND,
                   _("There is no server database at %s"), db);
      return FALSE;
    }

  remove_db_files (part);
  if (!open_db (db, SQLITE_OPEN_READONLY, &src, error))
    return FALSE;
  if (!create_private (part, error))
    goto out;
  if (!open_db (part, SQLITE_OPEN_READWRITE, &dest, error))
    goto out;

  if (!copy_db (src, db, dest, part, error))
    goto out;

  /* A backup is one self-contained file. */
  if (sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    {
      db_error (error, dest, part, 0);
      goto out;
    }

  if (!quick_check (dest, part, error))
    goto out;
  if (epoch != NULL && !(*epoch = read_epoch (dest, db, error)))
    goto out;

  g_clear_pointer (&dest, sqlite3_close);
  if (g_rename (part, to) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write %s: %s"), to, g_strerror (saved));
      goto out;
    }

  ok = TRUE;
  write_stamp (db);

out:
  g_clear_pointer (&dest, sqlite3_close);
  g_clear_pointer (&src, sqlite3_close);
  if (!ok)
    remove_db_files (part);
  return ok;
}

gint64
ch_server_backup_read_stamp (const char *db)
{
  g_autofree char *path = g_strconcat (db, ".last-backup", NULL);
  g_autofree char *text = NULL;
  guint64 seconds;

  if (!g_file_get_contents (path, &text, NULL, NULL) ||
      !g_ascii_string_to_unsigned (g_strstrip (text), 10, 0, G_MAXINT64, &seconds, NULL))
    return 0;
  return (gint64) seconds;
}

gboolean
ch_server_backup_restore (const char  *db,
                   const char  *from,
                   char       **epoch,
                   GError     **error)
{
  g_autofree char *part = g_strconcat (db, ".restore-part", NULL);
  g_autofree char *reason = NULL;
  g_autoptr(ChServerStore) store = NULL;
  sqlite3 *src = NULL;
  sqlite3 *dest = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (db != NULL && from != NULL, FALSE);

  if (!g_file_test (from, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND,
                   _("There is no backup at %s"), from);
      return FALSE;
    }

  /* First a private copy of the backup (which is never changed): checked,
   * brought up to this server's level and given its new epoch there, so
   * the live database only ever holds a complete, new-epoch state. */
  remove_db_files (part);
  if (!open_db (from, SQLITE_OPEN_READONLY, &src, error) ||
      !create_private (part, error) ||
      !open_db (part, SQLITE_OPEN_READWRITE, &dest, error) ||
      !copy_db (src, from, dest, part, error) ||
      !quick_check (dest, from, error) ||
      !is_server_db (dest, from, error))
    goto out;
  g_clear_pointer (&dest, sqlite3_close);
  g_clear_pointer (&src, sqlite3_close);

  if (!(store = ch_server_store_sqlite_new (part, FALSE, error)))
    goto out;
  reason = g_strdup_printf ("Restored from %s", from);
  if (!ch_server_store_rotate_epoch (store, reason, error))
    goto out;
  g_clear_object (&store);

  /* Then into place, through SQLite (the server may hold the file open). */
  if (!g_file_test (db, G_FILE_TEST_EXISTS) && !create_private (db, error))
    goto out;
  if (!open_db (part, SQLITE_OPEN_READONLY, &src, error) ||
      !open_db (db, SQLITE_OPEN_READWRITE, &dest, error) ||
      !copy_db (src, part, dest, db, error))
    goto out;
  g_clear_pointer (&dest, sqlite3_close);
  g_clear_pointer (&src, sqlite3_close);

  /* The high-water mark now describes the restored database. */
  if (!(store = ch_server_store_sqlite_new (db, FALSE, error)) ||
      !ch_server_store_sqlite_take_mark (store, error))
    goto out;

  if (epoch != NULL)
    *epoch = g_strdup (ch_server_store_get_epoch (store));
  ok = TRUE;

out:
  g_clear_pointer (&dest, sqlite3_close);
  g_clear_pointer (&src, sqlite3_close);
  g_clear_object (&store);
  remove_db_files (part);
  return ok;
}
