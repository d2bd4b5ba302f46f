/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Back Up…, Restore… and the weekly backup to a chosen folder
 * (ch-store-backup), on real files while a connection has the data file
 * open, as the window has.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "ch-store.h"
#include "ch-store-backup.h"
#include "ch-store-private.h"
#include "ch-test-util.h"

static guint
count_members (ChStore    *store,
               const char *chapter_id)
{
  return ch_store_count_members (store, chapter_id);
}

static void
add_members (ChStore    *store,
             const char *chapter_id,
             const char *prefix,
             guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *family = g_strdup_printf ("%s%03u", prefix, i);
      g_autofree char *email = g_strdup_printf ("%s%03u@example.com", prefix, i);
      g_autofree char *id = test_add_member (store, chapter_id, "Some", family, email);
    }
}

static void
count_progress (double   fraction,
                gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

/* Back Up… while the window has the file open (and a change is still only
 * in its -wal): the copy holds every member, readable by its owner only,
 * and a second backup to the same name replaces the first only once it
 * is whole. */
static void
test_backup_to_file (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "Chapter backup.db", NULL);
  g_autofree char *partial = g_strconcat (copy, ".partial", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  double last = 0;
  GStatBuf st;

  add_members (f->store, f->chapter_id, "Early", 400);

  g_assert_true (ch_store_backup_to_file (f->path, copy, count_progress, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpint (test_query_int (copy, "SELECT count(*) FROM member"), ==, 400);
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  /* Cancelled: the earlier backup is still there, whole. */
  add_members (f->store, f->chapter_id, "Late", 10);
  g_cancellable_cancel (cancellable);
  g_assert_false (ch_store_backup_to_file (f->path, copy, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (test_query_int (copy, "SELECT count(*) FROM member"), ==, 400);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  /* Never over the data file itself. */
  g_assert_false (ch_store_backup_to_file (f->path, f->path, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_assert_cmpuint (count_members (f->store, f->chapter_id), ==, 410);
}

static GDateTime *
day (int month,
     int d)
{
  return g_date_time_new_local (2026, month, d, 9, 30, 0);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* The weekly backup: made when the newest one is a week old, not before;
 * the last N stay; a damaged file never pushes a good copy out. */
static void
test_backup_weekly (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->dir, "Weekly", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *none = NULL;
  g_autofree char *last = NULL;
  g_autoptr(GDateTime) nov2 = day (11, 2);
  g_autoptr(GDateTime) nov8 = day (11, 8);
  g_autoptr(GDateTime) nov9 = day (11, 9);
  g_autofree char *base = g_path_get_basename (f->path);
  g_autofree char *prefix = g_strndup (base, strlen (base) - 3);

  first = ch_store_backup_weekly (f->path, dir, nov2, 3, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (g_str_has_suffix (first, "-2026-11-02.db"));

  /* Six days later: not yet. */
  none = ch_store_backup_weekly (f->path, dir, nov8, 3, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  last = ch_store_backup_weekly (f->path, dir, nov9, 3, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (last, "-2026-11-09.db"));

  for (int week = 3; week <= 6; week++)
    {
      g_autoptr(GDateTime) when = g_date_time_add_days (nov2, 7 * (week - 1));
      g_autofree char *made = ch_store_backup_weekly (f->path, dir, when, 3, &error);

      g_assert_no_error (error);
      g_assert_nonnull (made);
    }
  g_assert_cmpuint (count_files (dir), ==, 3);
  g_clear_pointer (&last, g_free);
  last = ch_store_backup_find_last (f->path, dir);
  g_assert_true (g_str_has_suffix (last, "-2026-12-07.db"));
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
}

/* Restore…: the backup comes back into the open data file in place, the
 * window's connection sees it at once, and the device takes a new id so
 * that the backup's change numbers are not sent again under the old one. */
static void
test_restore_into (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *old_device = NULL;
  g_autofree char *checksum = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) other = NULL;
  gint64 max_mid;
  double last = 0;

  add_members (f->store, f->chapter_id, "Early", 20);
  g_assert_true (ch_store_backup_to_file (f->path, copy, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  checksum = test_file_checksum (copy);
  max_mid = test_query_int (copy, "SELECT max(mid) FROM outbox");

  add_members (f->store, f->chapter_id, "Late", 5);
  g_assert_cmpuint (count_members (f->store, f->chapter_id), ==, 25);
  old_device = g_strdup (ch_store_get_device_id (f->store));

  /* A second program has the file open too. */
  other = ch_store_open (f->path, &error);
  g_assert_no_error (error);

  g_assert_true (ch_store_restore_into (copy, f->path, count_progress, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ch_store_finish_restore (f->store, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_members (f->store, f->chapter_id), ==, 20);
  g_assert_cmpuint (count_members (other, f->chapter_id), ==, 20);
  g_assert_cmpstr (ch_store_get_device_id (f->store), !=, old_device);
  /* The backup itself is untouched. */
  {
    g_autofree char *now = test_file_checksum (copy);

    g_assert_cmpstr (now, ==, checksum);
  }

  /* The next change is numbered as the first of the new device id. */
  add_members (f->store, f->chapter_id, "After", 1);
  g_assert_cmpint (test_query_int (f->path, "SELECT max(mid) FROM outbox"), ==, max_mid + 1);

  /* Opened again, the file keeps its id: it knows it is at home. */
  {
    g_autofree char *device = g_strdup (ch_store_get_device_id (f->store));
    g_autoptr(ChStore) again = NULL;

    g_clear_object (&other);
    again = ch_store_open (f->path, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ch_store_get_device_id (again), ==, device);
  }
}

/* What is not a chapter's backup is refused, and the data file is kept. */
static void
test_restore_refused (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.sqlite", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  g_autoptr(GError) error = NULL;

  add_members (f->store, f->chapter_id, "Kept", 3);
  g_assert_true (g_file_set_contents (text, "Not a database, just words.\n", -1, NULL));

  g_assert_false (ch_store_restore_into (text, f->path, NULL, NULL, NULL, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_A_DATABASE);
  g_clear_error (&error);

  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_false (ch_store_restore_into (other, f->path, NULL, NULL, NULL, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_A_DATABASE);
  {
    g_autofree char *expected = g_strdup_printf ("“%s” is not a backup of a chapter.", other);

    g_assert_cmpstr (error->message, ==, expected);
  }
  g_clear_error (&error);

  g_assert_false (ch_store_restore_into (missing, f->path, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_assert_cmpuint (count_members (f->store, f->chapter_id), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  test_init_c_locale (&argc, &argv);

  g_test_add ("/backup/to-file", StoreFixture, NULL, store_fixture_setup,
              test_backup_to_file, store_fixture_teardown);
  g_test_add ("/backup/weekly", StoreFixture, NULL, store_fixture_setup,
              test_backup_weekly, store_fixture_teardown);
  g_test_add ("/backup/restore-into", StoreFixture, NULL, store_fixture_setup,
              test_restore_into, store_fixture_teardown);
  g_test_add ("/backup/restore-refused", StoreFixture, NULL, store_fixture_setup,
              test_restore_refused, store_fixture_teardown);

  return g_test_run ();
}
