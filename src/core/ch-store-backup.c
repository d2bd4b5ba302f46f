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

/* Copies every page of the database @from into the new file @to (made
 * 0600 first), with SQLite's online backup: a consistent snapshot even
 * while another connection writes.  The copy is left in rollback-journal
 * mode, so reading it later makes no -wal or -shm next to it. */
static gboolean
copy_database (const char  *from,
               const char  *to,
               GError     **error)
{
  sqlite3 *src = NULL;
  sqlite3 *dst = NULL;
  sqlite3_backup *backup;
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

  backup = sqlite3_backup_init (dst, "main", src, "main");
  if (backup == NULL)
    {
      set_sqlite_error (error, dst, SQLITE_ERROR, to);
      goto out;
    }
  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, src, rc, from);
      goto out;
    }

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

char *
ch_store_backup_daily (const char  *db_path,
                       const char  *dir,
                       GDateTime   *now,
                       GError     **error)
{
  g_autofree char *prefix = NULL;
  g_autofree char *date = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *partial = NULL;
  g_autoptr(GPtrArray) names = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  prefix = backup_prefix (db_path);
  date = g_date_time_format (now, "%Y-%m-%d");
  name = g_strconcat (prefix, date, ".db", NULL);
  path = g_build_filename (dir, name, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS) || !g_file_test (db_path, G_FILE_TEST_EXISTS))
    return NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }

  /* Checked page by page first: a damaged file must not push a good
   * backup out. */
  if (!ch_store_check_file (db_path, error))
    return NULL;

  /* Made under another name and renamed when complete: a backup that is
   * there is a whole one. */
  partial = g_strconcat (path, ".partial", NULL);
  g_unlink (partial);
  if (!copy_database (db_path, partial, error))
    {
      g_unlink (partial);
      return NULL;
    }
  if (g_rename (partial, path) != 0)
    {
      int saved = errno;

      g_unlink (partial);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not save the backup “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  names = list_backups (db_path, dir);
  for (guint i = 0; i + CH_STORE_BACKUPS_KEPT < names->len; i++)
    {
      g_autofree char *old = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      g_debug ("Removing the old backup %s", old);
      g_unlink (old);
    }

  return g_steal_pointer (&path);
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
