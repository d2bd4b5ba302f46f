/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The window on a damaged data file: a page that names the file and offers
 * the last backup or a new file, instead of a crash; the damaged bytes stay
 * on disk either way.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ch-gui-test.h"
#include "ch-store-backup.h"

static char *xdg_data_home;

static char *
file_checksum (const char *path)
{
  g_autofree char *bytes = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &bytes, &size, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, size);
}

/* Overwrites the page in the middle of @path with garbage. */
static void
damage_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autofree char *bytes = NULL;
  gsize size = 0;
  gsize page;

  g_file_get_contents (path, &bytes, &size, &error);
  g_assert_no_error (error);
  page = size / 4096 / 2;
  for (gsize i = page * 4096; i < (page + 1) * 4096; i++)
    bytes[i] = (char) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (path, bytes, size, &error);
  g_assert_no_error (error);
}

/* The window as Chapterhouse starts on @f->dir/test.db. */
static void
start_window (Fixture *f)
{
  g_autofree char *db = g_build_filename (f->dir, "test.db", NULL);
  g_autoptr(GError) error = NULL;
  static guint serial;
  g_autofree char *app_id = g_strdup_printf ("io.github.chapterhouse.Chapterhouse.Damaged%u_%u",
                                             (guint) getpid (), ++serial);

  g_setenv ("CHAPTERHOUSE_DB", db, TRUE);
  f->app = ch_application_new ();
  g_application_set_application_id (G_APPLICATION (f->app), app_id);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);

  f->window = ch_window_new (f->app);
  gtk_window_present (GTK_WINDOW (f->window));
}

static char *
find_aside (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "test.db.damaged-") && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm"))
      return g_build_filename (f->dir, name, NULL);

  return NULL;
}

/* Activates @action on the damaged page; returns the window that took its
 * place. */
static ChWindow *
replace_window (Fixture    *f,
                const char *action)
{
  ChWindow *old = f->window;
  GtkWindow *window = NULL;

  g_object_add_weak_pointer (G_OBJECT (old), (gpointer *) &old);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
  WAIT_FOR (old == NULL);
  window = find_toplevel (CH_TYPE_WINDOW);
  g_assert_nonnull (window);
  return CH_WINDOW (window);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("chapterhouse-damaged-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *backups = ch_store_backup_dir ();
  g_autoptr(GDir) d = g_dir_open (backups, 0, NULL);
  const char *name;

  /* fixture_tear_down() closes the windows and empties f->dir. */
  fixture_tear_down (f, data);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (backups, name, NULL);
      g_unlink (path);
    }
}

/* No backup: the page names the file, offers no restore, and "Start a New
 * File" gives a working empty window while the damaged bytes stay on disk. */
static void
test_start_new_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "test.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *aside = NULL;
  AdwStatusPage *page;
  GtkWidget *restore;

  gui_test_make_chapter_file (db, 300);
  damage_file (db);
  before = file_checksum (db);

  start_window (f);
  g_assert_null (ch_application_get_store (f->app));
  g_assert_cmpstr (ch_window_get_page (f->window), ==, "damaged");
  page = g_object_get_data (G_OBJECT (f->window), "ch-damaged-page");
  restore = g_object_get_data (G_OBJECT (f->window), "ch-restore-button");
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "This Chapter File Is Damaged");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), db));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "There is no backup"));
  g_assert_false (gtk_widget_get_visible (restore));

  /* Showing the page changed nothing. */
  after = file_checksum (db);
  g_assert_cmpstr (after, ==, before);

  f->window = replace_window (f, "win.start-new-file");
  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "welcome") == 0);
  g_assert_nonnull (ch_application_get_store (f->app));

  /* The damaged file is beside the new one, byte for byte. */
  aside = find_aside (f);
  g_assert_nonnull (aside);
  g_free (after);
  after = file_checksum (aside);
  g_assert_cmpstr (after, ==, before);

  /* And the new file works: a chapter, a member. */
  create_chapter (f);
  {
    g_autoptr(JsonObject) fields = json_object_new ();
    g_autofree char *id = NULL;

    json_object_set_string_member (fields, "given_name", "Annie");
    json_object_set_string_member (fields, "family_name", "Andersson");
    id = fixture_add_member (f, fields);
  }
  WAIT_FOR (fixture_member_list (f) != NULL && fixture_n_shown (f) == 1);
}

/* With a backup: "Restore Last Backup" brings its members back. */
static void
test_restore_backup (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "test.db", NULL);
  g_autofree char *backups = ch_store_backup_dir ();
  g_autoptr(GDateTime) yesterday = g_date_time_new_local (2026, 12, 1, 18, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *aside = NULL;
  AdwStatusPage *page;

  gui_test_make_chapter_file (db, 300);
  backup = ch_store_backup_daily (db, backups, yesterday, &error);
  g_assert_no_error (error);
  g_assert_nonnull (backup);
  damage_file (db);
  before = file_checksum (db);

  start_window (f);
  g_assert_cmpstr (ch_window_get_page (f->window), ==, "damaged");
  page = g_object_get_data (G_OBJECT (f->window), "ch-damaged-page");
  g_assert_nonnull (strstr (adw_status_page_get_description (page),
                            "The last backup is from 1 December 2026."));
  g_assert_true (gtk_widget_get_visible (g_object_get_data (G_OBJECT (f->window),
                                                            "ch-restore-button")));

  f->window = replace_window (f, "win.restore-backup");
  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "chapter") == 0);
  WAIT_FOR (fixture_member_list (f) != NULL && fixture_n_shown (f) == 300);

  aside = find_aside (f);
  g_assert_nonnull (aside);
  after = file_checksum (aside);
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int rc;

  /* Backups go to $XDG_DATA_HOME: a folder of this test's own, set before
   * anything asks GLib for it. */
  xdg_data_home = g_dir_make_tmp ("chapterhouse-damaged-xdg-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", xdg_data_home, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/damaged/start-new-file", Fixture, NULL, set_up, test_start_new_file, tear_down);
  g_test_add ("/gui/damaged/restore-backup", Fixture, NULL, set_up, test_restore_backup, tear_down);

  rc = g_test_run ();

  {
    g_autofree char *backups = g_build_filename (xdg_data_home, "chapterhouse", "backups", NULL);
    g_autofree char *app_dir = g_build_filename (xdg_data_home, "chapterhouse", NULL);

    g_rmdir (backups);
    g_rmdir (app_dir);
    g_rmdir (xdg_data_home);
  }
  g_free (xdg_data_home);
  return rc;
}
