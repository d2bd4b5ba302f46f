/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "ch-application.h"
#include "ch-backup.h"
#include "ch-backup-preferences-page.h"
#include "ch-store-backup.h"
#include "ch-store-sync.h"
#include "ch-window.h"

#include "ch-gui-test.h"

/*
 * Back Up… and Restore… in the real window, and Preferences → Backups:
 * the copy is made while the window has the file open, the window stays
 * usable, Restore says what will be lost before it does anything and the
 * Members page shows the backup's members afterwards.
 */

static gint64
count_in_file (const char *path,
               const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  if (sqlite3_step (st) == SQLITE_ROW)
    n = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);
  return n;
}

static char *
add_member (Fixture    *f,
            const char *given,
            const char *family)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  json_object_set_string_member (fields, "joined_on", "2024-01-15");
  return fixture_add_member (f, fields);
}

/* Whether the Members page shows @name. */
static gboolean
shows (Fixture    *f,
       const char *name)
{
  GListModel *list = G_LIST_MODEL (fixture_member_list (f));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ChMember) member = g_list_model_get_item (list, i);

      /* (A row deleted since the list was loaded has no member.) */
      if (member != NULL && g_strcmp0 (ch_member_get_display_name (member), name) == 0)
        return TRUE;
    }

  return FALSE;
}

static AdwMessageDialog *
message_dialog (void)
{
  GtkWindow *window = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return window ? ADW_MESSAGE_DIALOG (window) : NULL;
}

static void
test_back_up_and_restore (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "Chapter Stockholm backup.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *anna = NULL, *bo = NULL, *cecilia = NULL;
  g_autofree char *old_device = NULL;
  g_autofree char *suggested = NULL;
  AdwMessageDialog *dialog;
  const char *body;

  create_chapter (f);
  anna = add_member (f, "Anna", "Berg");
  bo = add_member (f, "Bo", "Ek");
  WAIT_FOR (fixture_n_shown (f) == 2);

  suggested = ch_backup_suggest_name (f->window);
  g_assert_true (g_str_has_prefix (suggested, "Chapter Stockholm 20"));
  g_assert_true (g_str_has_suffix (suggested, ".db"));

  ch_backup_back_up_to (f->window, file);
  WAIT_FOR (g_file_query_exists (file, NULL) && message_dialog () == NULL);
  g_assert_cmpint (count_in_file (path, "SELECT count(*) FROM member WHERE deleted = 0"), ==, 2);

  /* Later: Cecilia joins, and Bo's entry is deleted. */
  cecilia = add_member (f, "Cecilia", "Holm");
  g_assert_true (ch_store_delete (fixture_store (f), "member", bo, NULL));
  WAIT_FOR (shows (f, "Cecilia Holm") && !shows (f, "Bo Ek"));
  old_device = g_strdup (ch_store_get_device_id (fixture_store (f)));

  /* Restore asks first and says what is lost; Cancel changes nothing. */
  ch_backup_confirm_restore (f->window, file);
  WAIT_FOR ((dialog = message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Restore This Backup?");
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, "goes back to “Chapter Stockholm backup.db”, saved "));
  /* A chapter kept on this computer only: nothing comes back from a
   * server. */
  g_assert_null (strstr (body, "server"));
  g_assert_nonnull (strstr (body, "2 changes made since the backup will be lost."));
  gui_test_save_shot (GTK_WIDGET (dialog), "backup-restore-confirm");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (message_dialog () == NULL);
  g_assert_cmpuint (ch_store_count_members (fixture_store (f), fixture_chapter_id (f)), ==, 2);

  ch_backup_confirm_restore (f->window, file);
  WAIT_FOR ((dialog = message_dialog ()) != NULL);
  adw_message_dialog_response (dialog, "restore");
  gtk_window_close (GTK_WINDOW (dialog));

  /* The Members page shows the backup's members: Bo is back, Cecilia is
   * not; the device took a new id. */
  WAIT_FOR (message_dialog () == NULL &&
            g_strcmp0 (ch_store_get_device_id (fixture_store (f)), old_device) != 0);
  WAIT_FOR (shows (f, "Bo Ek") && !shows (f, "Cecilia Holm"));
  g_assert_cmpuint (fixture_n_shown (f), ==, 2);
  g_assert_false (ch_store_get_live_row (fixture_store (f), "member", cecilia) != NULL);
  {
    g_autoptr(JsonObject) row = ch_store_get_live_row (fixture_store (f), "member", bo);

    g_assert_nonnull (row);
  }
  gui_test_save_shot (GTK_WIDGET (f->window), "backup-restored");
}

/* Preferences → Backups: choosing a folder turns the weekly backup on and
 * makes the first one at once; the page says when. */
static void
test_weekly_preferences (Fixture       *f,
                         gconstpointer  data)
{
  GSettings *settings = ch_application_get_settings (f->app);
  g_autofree char *folder = g_build_filename (f->dir, "Weekly", NULL);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%-d %B %Y");
  ChBackupPreferencesPage *page;
  GtkWidget *window;

  create_chapter (f);
  g_assert_nonnull (settings);
  g_assert_false (g_settings_get_boolean (settings, "weekly-backup"));

  page = ch_backup_preferences_page_new (settings, ch_store_get_path (fixture_store (f)));
  window = gtk_window_new ();
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (f->app));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 560);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (ch_backup_preferences_page_get_last (page), ==, "None yet");

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  ch_backup_preferences_page_set_folder (page, folder_file);
  g_assert_true (g_settings_get_boolean (settings, "weekly-backup"));
  WAIT_FOR (g_strcmp0 (ch_backup_preferences_page_get_last (page), today) == 0);
  gui_test_save_shot (window, "backup-preferences");

  {
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name = g_dir_read_name (dir);

    g_assert_nonnull (name);
    g_assert_true (g_str_has_suffix (name, ".db"));
    g_assert_null (g_dir_read_name (dir));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "weekly-backup");
  g_settings_reset (settings, "weekly-backup-folder");
}

/* Today's daily backup of the fixtures' "test.db". */
static char *
todays_backup (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strconcat ("test-", date, ".db", NULL);
  g_autofree char *dir = ch_store_backup_dir ();

  return g_build_filename (dir, name, NULL);
}

/* Every test's file is "test.db": today's backup of it goes first, so
 * that the application's start makes it again. */
static void
daily_set_up (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = todays_backup ();

  g_unlink (path);
  fixture_set_up (f, data);
}

static gboolean
keep_iterating_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The application makes the day's backup when it starts, on a thread of
 * its own (at the lowest priority: it must not take the CPU the window's
 * first frame needs), while the window is used. */
static void
test_daily_at_start (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = todays_backup ();
  guint tick = g_timeout_add (20, keep_iterating_cb, NULL);

  create_chapter (f);
  WAIT_FOR (g_file_test (path, G_FILE_TEST_EXISTS));
  g_source_remove (tick);

  /* A whole database: the file as it was when the window started. */
  g_assert_cmpint (count_in_file (path, "SELECT count(*) FROM sqlite_master "
                                  "WHERE name = 'member'"), ==, 1);
}

/* A chapter with members, as a file an officer opens in the morning. */
static void
make_chapter_file (const char *path)
{
  gui_test_make_chapter_file (path, 3);
}

static void
daily_chapter_set_up (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = todays_backup ();

  g_unlink (path);
  fixture_set_up_with (f, make_chapter_file);
}

static void
frame_drawn_cb (GdkFrameClock *clock,
                gboolean      *drawn)
{
  *drawn = TRUE;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The day's backup waits for the window to draw the chapter's members,
 * and a few seconds more: reading the whole file, it made a large
 * chapter's first frame late, then the frames of the user's first
 * searches (bench/BENCHMARKS.md).  The window is up but not drawn yet:
 * no copy; drawn, two seconds later: no copy yet; when the copy is
 * there, the members are in the window. */
static void
test_daily_after_members_drawn (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *path = todays_backup ();
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  gboolean drawn = FALSE, later = FALSE;
  gulong id;
  guint tick;

  /* The application's start and the window's making took far longer
   * than copying this small file on a thread started with them. */
  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpstr (ch_window_get_page (f->window), ==, "chapter");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  tick = g_timeout_add (20, keep_iterating_cb, NULL);
  WAIT_FOR (ch_window_shows_content (f->window));
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_drawn_cb), &drawn);
  gtk_widget_queue_draw (GTK_WIDGET (f->window));
  WAIT_FOR (drawn);
  g_signal_handler_disconnect (clock, id);
  g_timeout_add_seconds (2, set_flag_cb, &later);
  WAIT_FOR (later);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  WAIT_FOR (g_file_test (path, G_FILE_TEST_EXISTS));
  g_source_remove (tick);
  g_assert_false (ch_member_list_get_loading (fixture_member_list (f)));
  g_assert_cmpuint (fixture_n_shown (f), ==, 3);
  g_assert_cmpint (count_in_file (path, "SELECT count(*) FROM member"), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/backup/back-up-and-restore", Fixture, NULL, fixture_set_up,
              test_back_up_and_restore, fixture_tear_down);
  g_test_add ("/gui/backup/weekly-preferences", Fixture, NULL, fixture_set_up,
              test_weekly_preferences, fixture_tear_down);
  g_test_add ("/gui/backup/daily-at-start", Fixture, NULL, daily_set_up,
              test_daily_at_start, fixture_tear_down);
  g_test_add ("/gui/backup/daily-after-members-drawn", Fixture, NULL, daily_chapter_set_up,
              test_daily_after_members_drawn, fixture_tear_down);

  return g_test_run ();
}
