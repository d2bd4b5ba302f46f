/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ch-import-window-private.h"
#include "ch-member-private.h"
#include "ch-window.h"

#include "ch-gui-test.h"

/*
 * Import Members… in the real window: a file that cannot be read says
 * why; a Wild Apricot export is mapped by itself, one mapping is changed,
 * the preview shows the row with a bad e-mail, the import adds the
 * members to the Members page and Undo takes them away again.
 */

static GFile *
fixture_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "fixtures", "import",
                                                 name, NULL);

  return g_file_new_for_path (path);
}

/* Opens @file: it is read on a worker, the window saying so meanwhile. */
static void
open_file (ChImportWindow *window,
           GFile          *file)
{
  ch_import_window_open_file (window, file);
  g_assert_cmpstr (ch_import_window_get_page (window), ==, "reading");
  g_assert_true (ch_import_window_get_busy (window));
  WAIT_FOR (!ch_import_window_get_busy (window));
}

static void
test_import_change_undo (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GFile) bad = fixture_file ("invalid-utf8.csv");
  g_autoptr(GFile) file = fixture_file ("wild-apricot.csv");
  ChImportWindow *window;
  ChImportPreviewRow *carla;
  ChImportPreviewRow *astrid;
  ChImportTierRow *tier_row;
  g_autofree char *astrid_id = NULL;
  g_autoptr(ChMember) member = NULL;

  create_chapter (f);
  window = CH_IMPORT_WINDOW (open_toplevel (f->window, "win.import-members",
                                            CH_TYPE_IMPORT_WINDOW));
  g_assert_cmpstr (ch_import_window_get_page (window), ==, "choose");

  open_file (window, bad);
  g_assert_cmpstr (ch_import_window_get_page (window), ==, "choose");
  g_assert_cmpstr (ch_import_window_get_error (window), ==,
                   "Line 3 is not valid UTF-8 text. Save the file as “CSV UTF-8” and import "
                   "it again.");

  open_file (window, file);
  g_assert_cmpstr (ch_import_window_get_page (window), ==, "map");
  g_assert_null (ch_import_window_get_error (window));
  g_assert_cmpint (ch_import_column_row_get_field (ch_import_window_get_column_row (window, 0)),
                   ==, CH_IMPORT_FIELD_IGNORE);
  g_assert_cmpint (ch_import_column_row_get_field (ch_import_window_get_column_row (window, 10)),
                   ==, CH_IMPORT_FIELD_NOTES);

  /* The preview says what is wrong with line 4. */
  carla = ch_import_window_get_preview_row (window, 4);
  g_assert_nonnull (carla);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (carla)), ==,
                   "Member since “15/13/2020” is not a date. Write it as 2024-03-31.\n"
                   "“not-an-email” is not an e-mail address.");
  astrid = ch_import_window_get_preview_row (window, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (astrid)), ==,
                   "Astrid Lindqvist");
  gui_test_save_shot (GTK_WIDGET (window), "import-map");

  /* The notes column is not wanted after all. */
  ch_import_column_row_set_field (ch_import_window_get_column_row (window, 10),
                                  CH_IMPORT_FIELD_IGNORE);
  WAIT_FOR (!ch_import_window_get_busy (window));

  /* The file's tier names, guessed; "Chapter Member" made honorary. */
  g_assert_cmpstr (ch_import_tier_row_get_tier_key (ch_import_window_get_tier_row (window,
                                                                                  "Network")),
                   ==, "network");
  tier_row = ch_import_window_get_tier_row (window, "Chapter Member");
  g_assert_cmpstr (ch_import_tier_row_get_tier_key (tier_row), ==, "chapter");
  ch_import_tier_row_set_tier_key (tier_row, "honorary");
  WAIT_FOR (!ch_import_window_get_busy (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "import.run", NULL);
  WAIT_FOR (g_strcmp0 (ch_import_window_get_page (window), "done") == 0);
  g_assert_cmpstr (ch_import_window_get_summary_title (window), ==, "Members Imported");
  g_assert_cmpstr (ch_import_window_get_summary (window), ==,
                   "2 members created.\n0 members updated.\n0 rows skipped.\n1 row failed.");

  WAIT_FOR (fixture_n_shown (f) == 2);
  gui_test_save_shot (GTK_WIDGET (window), "import-done");
  astrid_id = ch_store_find_member_by_email (fixture_store (f), fixture_chapter_id (f),
                                             "astrid@contoso.example", NULL);
  member = ch_store_get_member (fixture_store (f), astrid_id, NULL);
  g_assert_cmpstr (ch_member_get_company (member), ==, "Contoso AB");
  g_assert_null (ch_member_get_text (member, "notes"));
  g_assert_cmpstr (ch_member_get_tier (member), ==, "honorary");

  gtk_widget_activate_action (GTK_WIDGET (window), "import.undo", NULL);
  g_assert_cmpstr (ch_import_window_get_summary_title (window), ==, "Undoing the Import");
  WAIT_FOR (g_strcmp0 (ch_import_window_get_summary_title (window), "Import Undone") == 0);
  WAIT_FOR (fixture_n_shown (f) == 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_date_order_question (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("civicrm.csv");
  ChImportWindow *window;
  GtkWidget *button;

  create_chapter (f);
  window = CH_IMPORT_WINDOW (open_toplevel (f->window, "win.import-members",
                                            CH_TYPE_IMPORT_WINDOW));
  open_file (window, file);
  g_assert_cmpstr (ch_import_window_get_page (window), ==, "map");

  /* Nothing to import until the question is answered. */
  button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                      CH_TYPE_IMPORT_WINDOW, "import_button"));
  g_assert_false (gtk_widget_get_sensitive (button));
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (
                                GTK_WIDGET (window), CH_TYPE_IMPORT_WINDOW, "date_order_row")),
                              1);
  WAIT_FOR (!ch_import_window_get_busy (window));
  g_assert_true (gtk_widget_get_sensitive (button));

  gtk_widget_activate_action (GTK_WIDGET (window), "import.run", NULL);
  WAIT_FOR (g_strcmp0 (ch_import_window_get_page (window), "done") == 0);
  WAIT_FOR (fixture_n_shown (f) == 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A workbook whose first sheet is a note: the window takes the second,
 * offers both, and keeps the members' sheet when the note is chosen. */
static void
test_sheet_chooser (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("members.xlsx");
  ChImportWindow *window;
  AdwComboRow *sheet_row;
  GtkStringObject *name;

  create_chapter (f);
  window = CH_IMPORT_WINDOW (open_toplevel (f->window, "win.import-members",
                                            CH_TYPE_IMPORT_WINDOW));
  open_file (window, file);
  g_assert_cmpstr (ch_import_window_get_page (window), ==, "map");
  g_assert_null (ch_import_window_get_error (window));

  sheet_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                            CH_TYPE_IMPORT_WINDOW,
                                                            "sheet_row"));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (sheet_row)));
  g_assert_cmpuint (adw_combo_row_get_selected (sheet_row), ==, 1);
  name = adw_combo_row_get_selected_item (sheet_row);
  g_assert_cmpstr (gtk_string_object_get_string (name), ==, "Membership Master Sheet");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     ch_import_window_get_column_row (window, 0))), ==, "First Name");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     ch_import_window_get_preview_row (window, 2))), ==, "Astrid Lindqvist");
  gui_test_save_shot (GTK_WIDGET (window), "import-sheet");

  /* The note has no members: said, and the members' sheet stays. */
  adw_combo_row_set_selected (sheet_row, 0);
  WAIT_FOR (!ch_import_window_get_busy (window));
  g_assert_cmpstr (ch_import_window_get_error (window), ==,
                   "The file has a header but no members below it.");
  g_assert_cmpuint (adw_combo_row_get_selected (sheet_row), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     ch_import_window_get_column_row (window, 0))), ==, "First Name");

  gtk_widget_activate_action (GTK_WIDGET (window), "import.run", NULL);
  WAIT_FOR (g_strcmp0 (ch_import_window_get_page (window), "done") == 0);
  /* Björn has no family name. */
  g_assert_cmpstr (ch_import_window_get_summary (window), ==,
                   "1 member created.\n0 members updated.\n0 rows skipped.\n1 row failed.");
  WAIT_FOR (fixture_n_shown (f) == 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
set_company (Fixture    *f,
             const char *email,
             const char *company)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ch_store_find_member_by_email (fixture_store (f),
                                                      fixture_chapter_id (f), email, NULL);
  g_autoptr(JsonObject) changes = json_object_new ();

  json_object_set_string_member (changes, "company", company);
  ch_store_update_member (fixture_store (f), id, changes, &error);
  g_assert_no_error (error);
}

/* The company of the member with @email (valid until the next call). */
static const char *
get_company (Fixture    *f,
             const char *email)
{
  static char *company;
  g_autofree char *id = ch_store_find_member_by_email (fixture_store (f),
                                                      fixture_chapter_id (f), email, NULL);
  g_autoptr(ChMember) member = ch_store_get_member (fixture_store (f), id, NULL);

  g_free (company);
  company = g_strdup (ch_member_get_company (member));
  return company;
}

/* Importing a file again: each row that is an existing member offers
 * update, skip or keep both, and the import does what each row says. */
static void
test_match_choices (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("wild-apricot.csv");
  ChImportWindow *window;
  ChImportPreviewRow *astrid;
  GtkWidget *dropdown;

  create_chapter (f);
  window = CH_IMPORT_WINDOW (open_toplevel (f->window, "win.import-members",
                                            CH_TYPE_IMPORT_WINDOW));
  open_file (window, file);
  astrid = ch_import_window_get_preview_row (window, 2);
  dropdown = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (astrid),
                                                        CH_TYPE_IMPORT_PREVIEW_ROW,
                                                        "match_dropdown"));
  g_assert_false (gtk_widget_get_visible (dropdown));
  gtk_widget_activate_action (GTK_WIDGET (window), "import.run", NULL);
  WAIT_FOR (g_strcmp0 (ch_import_window_get_page (window), "done") == 0);
  WAIT_FOR (fixture_n_shown (f) == 2);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Both change company since. */
  set_company (f, "astrid@contoso.example", "Contoso Sverige AB");
  set_company (f, "bjorn@fabrikam.example", "Fabrikam Nordic");

  window = CH_IMPORT_WINDOW (open_toplevel (f->window, "win.import-members",
                                            CH_TYPE_IMPORT_WINDOW));
  open_file (window, file);
  astrid = ch_import_window_get_preview_row (window, 2);
  dropdown = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (astrid),
                                                        CH_TYPE_IMPORT_PREVIEW_ROW,
                                                        "match_dropdown"));
  g_assert_true (gtk_widget_get_visible (dropdown));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (astrid)), ==,
                   "Already a member: Astrid Lindqvist");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==,
                    CH_IMPORT_MATCH_UPDATE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), CH_IMPORT_MATCH_SKIP);
  gui_test_save_shot (gtk_widget_get_parent (GTK_WIDGET (astrid)), "import-matches");

  gtk_widget_activate_action (GTK_WIDGET (window), "import.run", NULL);
  WAIT_FOR (g_strcmp0 (ch_import_window_get_page (window), "done") == 0);
  g_assert_cmpstr (ch_import_window_get_summary (window), ==,
                   "0 members created.\n1 member updated.\n1 row skipped.\n1 row failed.");
  g_assert_cmpstr (get_company (f, "astrid@contoso.example"), ==, "Contoso Sverige AB");
  g_assert_cmpstr (get_company (f, "bjorn@fabrikam.example"), ==, "Fabrikam");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A file of @n generated members. */
static GFile *
write_big_file (guint n)
{
  g_autoptr(GString) text = g_string_new ("Given name,Family name,E-mail\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ch-import-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "Given%u,Family%u,member%u@example.org\n", i, i, i);
  path = g_build_filename (dir, "members.csv", NULL);
  g_file_set_contents (path, text->str, -1, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static void
remove_big_file (GFile *file)
{
  g_autoptr(GFile) dir = g_file_get_parent (file);

  g_file_delete (file, NULL, NULL);
  g_file_delete (dir, NULL, NULL);
}

/* A big import runs in a worker: the progress bar moves while the main
 * loop runs, and Cancel leaves the chapter as it was. */
static void
test_progress_cancel (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GFile) file = write_big_file (4000);
  ChImportWindow *window;
  GtkProgressBar *bar;
  guint before;

  create_chapter (f);
  before = ch_store_count_members (fixture_store (f), fixture_chapter_id (f));
  window = CH_IMPORT_WINDOW (open_toplevel (f->window, "win.import-members",
                                            CH_TYPE_IMPORT_WINDOW));
  open_file (window, file);
  g_assert_cmpstr (ch_import_window_get_page (window), ==, "map");
  bar = GTK_PROGRESS_BAR (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                         CH_TYPE_IMPORT_WINDOW,
                                                         "progress_bar"));

  gtk_widget_activate_action (GTK_WIDGET (window), "import.run", NULL);
  g_assert_cmpstr (ch_import_window_get_page (window), ==, "running");
  WAIT_FOR (gtk_progress_bar_get_fraction (bar) > 0.0);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), <, 1.0);
  g_assert_true (g_str_has_suffix (gtk_progress_bar_get_text (bar), " of 4000 rows"));
  gui_test_save_shot (GTK_WIDGET (window), "import-running");

  gtk_widget_activate_action (GTK_WIDGET (window), "import.cancel", NULL);
  WAIT_FOR (g_strcmp0 (ch_import_window_get_page (window), "map") == 0);
  g_assert_cmpstr (ch_import_window_get_error (window), ==,
                   "The import was cancelled. The chapter is as it was before.");
  g_assert_cmpuint (ch_store_count_members (fixture_store (f), fixture_chapter_id (f)), ==,
                    before);

  /* Importing again goes through to the end. */
  gtk_widget_activate_action (GTK_WIDGET (window), "import.run", NULL);
  WAIT_FOR (g_strcmp0 (ch_import_window_get_page (window), "done") == 0);
  g_assert_cmpuint (ch_store_count_members (fixture_store (f), fixture_chapter_id (f)), ==,
                    before + 4000);
  g_assert_cmpstr (gtk_progress_bar_get_text (bar), ==, "4000 of 4000 rows");

  /* Undo runs in a worker too. */
  gtk_widget_activate_action (GTK_WIDGET (window), "import.undo", NULL);
  g_assert_cmpstr (ch_import_window_get_summary_title (window), ==, "Undoing the Import");
  WAIT_FOR (g_strcmp0 (ch_import_window_get_summary_title (window), "Import Undone") == 0);
  g_assert_cmpuint (ch_store_count_members (fixture_store (f), fixture_chapter_id (f)), ==,
                    before);
  gtk_window_destroy (GTK_WINDOW (window));
  remove_big_file (file);
}

/* A file is read and checked on workers: the window shows that it reads
 * (with Cancel, which goes back to choosing a file), then the preview;
 * a changed column is checked again on a worker while the window stays
 * usable, and the preview follows. */
static void
test_read_async (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GFile) file = write_big_file (4000);
  ChImportWindow *window;
  GtkSpinner *spinner;
  GtkWidget *preview_list;
  ChImportPreviewRow *row;

  create_chapter (f);
  window = CH_IMPORT_WINDOW (open_toplevel (f->window, "win.import-members",
                                            CH_TYPE_IMPORT_WINDOW));
  spinner = GTK_SPINNER (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                        CH_TYPE_IMPORT_WINDOW,
                                                        "reading_spinner"));
  preview_list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                            CH_TYPE_IMPORT_WINDOW,
                                                            "preview_list"));

  /* Reading, then cancelled: back to choosing, nothing said. */
  ch_import_window_open_file (window, file);
  g_assert_cmpstr (ch_import_window_get_page (window), ==, "reading");
  g_assert_true (gtk_spinner_get_spinning (spinner));
  gtk_widget_activate_action (GTK_WIDGET (window), "import.cancel-read", NULL);
  g_assert_cmpstr (ch_import_window_get_page (window), ==, "choose");
  g_assert_false (ch_import_window_get_busy (window));
  g_assert_false (gtk_spinner_get_spinning (spinner));
  g_assert_null (ch_import_window_get_error (window));

  /* Read to the end: the preview of the first rows. */
  ch_import_window_open_file (window, file);
  gui_test_save_shot (GTK_WIDGET (window), "import-reading");
  WAIT_FOR (!ch_import_window_get_busy (window));
  g_assert_cmpstr (ch_import_window_get_page (window), ==, "map");
  g_assert_false (gtk_spinner_get_spinning (spinner));
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (
                     gtk_widget_get_template_child (GTK_WIDGET (window), CH_TYPE_IMPORT_WINDOW,
                                                    "preview_group"))),
                   ==, "The first 50 rows of 4000, as they will be imported.");
  row = ch_import_window_get_preview_row (window, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Given0 Family0");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "member0@example.org");

  /* The family name column left out: checked again on a worker. */
  ch_import_column_row_set_field (ch_import_window_get_column_row (window, 1),
                                  CH_IMPORT_FIELD_IGNORE);
  g_assert_true (ch_import_window_get_busy (window));
  g_assert_false (gtk_widget_get_sensitive (preview_list));
  WAIT_FOR (!ch_import_window_get_busy (window));
  g_assert_true (gtk_widget_get_sensitive (preview_list));
  row = ch_import_window_get_preview_row (window, 2);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "family name"));

  gtk_window_destroy (GTK_WINDOW (window));
  remove_big_file (file);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/import/change-mapping-import-undo", Fixture, NULL, fixture_set_up,
              test_import_change_undo, fixture_tear_down);
  g_test_add ("/gui/import/date-order-question", Fixture, NULL, fixture_set_up,
              test_date_order_question, fixture_tear_down);
  g_test_add ("/gui/import/sheet-chooser", Fixture, NULL, fixture_set_up,
              test_sheet_chooser, fixture_tear_down);
  g_test_add ("/gui/import/match-choices", Fixture, NULL, fixture_set_up,
              test_match_choices, fixture_tear_down);
  g_test_add ("/gui/import/progress-cancel", Fixture, NULL, fixture_set_up,
              test_progress_cancel, fixture_tear_down);
  g_test_add ("/gui/import/read-async", Fixture, NULL, fixture_set_up,
              test_read_async, fixture_tear_down);

  return g_test_run ();
}
