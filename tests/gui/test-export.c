/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ch-gui-test.h"
#include "ch-events.h"
#include "ch-export-dialog.h"
#include "ch-member-dialog.h"
#include "ch-registrations.h"
#include "ch-members-export.h"

/* Export… on the Members page writes the members the page shows, in its
 * order (search, filters and sort), off the main thread, then says so in
 * a toast. */

static char *
add (Fixture    *f,
     const char *given,
     const char *family,
     const char *company)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  json_object_set_string_member (fields, "company", company);
  return fixture_add_member (f, fields);
}

static void
test_export_shown_members (Fixture       *f,
                           gconstpointer  data)
{
  ChMembersPage *page;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *path = g_build_filename (f->dir, "Members.csv", NULL);
  g_autofree char *xlsx_path = g_build_filename (f->dir, "Members.xlsx", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) xlsx = g_file_new_for_path (xlsx_path);
  const char *oberg, *berg;
  GStatBuf st;

  create_chapter (f);
  page = ch_window_get_members_page (f->window);
  a = add (f, "Anna", "Müller", "Contoso");
  b = add (f, "Björn", "Öberg", "=cmd|' /C calc'!A0");
  c = add (f, "Carl", "Berg", "Fabrikam");
  WAIT_FOR (fixture_n_shown (f) == 3);

  /* What the officer sees: names starting with B, by last name. */
  gtk_editable_set_text (ch_members_page_get_search_entry (page), "b");
  WAIT_FOR (fixture_n_shown (f) == 2);

  ch_members_export_to_file (GTK_WIDGET (page), fixture_store (f), fixture_member_list (f),
                             file, CH_EXPORT_FORMAT_CSV);
  WAIT_FOR (g_object_get_data (G_OBJECT (page), "ch-export-done") != NULL);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (page), "ch-export-done"), ==,
                   "2 members exported");
  gui_test_save_shot (GTK_WIDGET (f->window), "export-members-toast");

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* A byte order mark, so that Excel reads UTF-8. */
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "id,given_name,family_name,"));
  g_assert_null (strstr (text, "Anna"));
  oberg = strstr (text, "Öberg");
  berg = strstr (text, ",Carl,Berg,");
  g_assert_nonnull (oberg);
  g_assert_nonnull (berg);
  g_assert_true (berg < oberg);
  g_assert_nonnull (strstr (text, "\"'=cmd|' /C calc'!A0\""));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  ch_members_export_to_file (GTK_WIDGET (page), fixture_store (f), fixture_member_list (f),
                             xlsx, CH_EXPORT_FORMAT_XLSX);
  WAIT_FOR (g_object_get_data (G_OBJECT (page), "ch-export-done") != NULL);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (xlsx_path, &text, NULL, NULL));
  g_assert_cmpmem (text, 2, "PK", 2);
}

/* Erase Member… on the member's page: a confirmation that says what
 * happens, then the member is gone from the list and their name from the
 * file; the page closes and the window says so. */
static void
test_erase_member (Fixture       *f,
                   gconstpointer  data)
{
  ChMembersPage *page;
  GtkWindow *dialog;
  GtkWindow *question;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *given = NULL;
  g_autoptr(JsonObject) row = NULL;

  create_chapter (f);
  page = ch_window_get_members_page (f->window);
  a = add (f, "Xaver", "Yzerman", "Contoso");
  b = add (f, "Carl", "Berg", "Fabrikam");
  WAIT_FOR (fixture_n_shown (f) == 2);

  ch_members_page_open_member (page, a);
  WAIT_FOR ((dialog = find_toplevel (CH_TYPE_MEMBER_DIALOG)) != NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "member.erase", NULL));
  WAIT_FOR ((question = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==,
                   "Erase Xaver Yzerman?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (question)),
                            "This cannot be undone."));
  gui_test_save_shot (GTK_WIDGET (question), "erase-member-question");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "erase");

  WAIT_FOR (find_toplevel (CH_TYPE_MEMBER_DIALOG) == NULL);
  WAIT_FOR (fixture_n_shown (f) == 1);
  row = ch_store_get_row (fixture_store (f), "member", a, NULL);
  g_assert_nonnull (row);
  g_assert_true (json_object_get_boolean_member (row, "deleted"));
  g_assert_true (json_object_get_null_member (row, "given_name"));
  g_assert_nonnull (json_object_get_string_member (row, "erased_on"));
  gui_test_save_shot (GTK_WIDGET (f->window), "erase-member-done");
}

/* Export Registrations… on the Events page: the event's registrations
 * with mode and state, written off the main thread; the directory too. */
static void
test_export_registrations (Fixture       *f,
                           gconstpointer  data)
{
  ChMembersPage *page;
  g_autofree char *a = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *path = g_build_filename (f->dir, "Registrations.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *pdf_path = g_build_filename (f->dir, "Directory.pdf", NULL);
  g_autoptr(GFile) pdf = g_file_new_for_path (pdf_path);
  g_autoptr(JsonObject) event = json_object_new ();
  g_autoptr(GError) error = NULL;
  gboolean waitlisted = FALSE;

  create_chapter (f);
  page = ch_window_get_members_page (f->window);
  a = add (f, "Anna", "Müller", "Contoso");
  json_object_set_string_member (event, "title", "Chapter meeting");
  json_object_set_string_member (event, "starts_local", "2036-12-09 18:00");
  json_object_set_string_member (event, "ends_local", "2036-12-09 20:00");
  json_object_set_string_member (event, "format", "hybrid");
  json_object_set_string_member (event, "join_url", "https://example.com/join");
  g_assert_true (ch_event_save (fixture_store (f), fixture_chapter_id (f), NULL, event,
                                &event_id, &error));
  g_assert_no_error (error);
  g_assert_true (ch_registration_add (fixture_store (f), event_id, a, NULL, NULL, "online", NULL,
                                      &waitlisted, &error));
  g_assert_true (ch_registration_add (fixture_store (f), event_id, NULL, "Guest Person",
                                      "guest@example.com", "in-person", NULL, &waitlisted,
                                      &error));
  g_assert_no_error (error);

  ch_export_dialog_to_file (GTK_WIDGET (page), fixture_store (f), CH_EXPORT_SUBJECT_REGISTRATIONS,
                            fixture_chapter_id (f), event_id, file, CH_EXPORT_FORMAT_CSV);
  WAIT_FOR (g_object_get_data (G_OBJECT (page), "ch-export-done") != NULL);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (page), "ch-export-done"), ==,
                   "Exported to “Registrations.csv”");
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "Anna Müller,,Contoso,"));
  g_assert_nonnull (strstr (text, ",no,online,registered,"));
  g_assert_nonnull (strstr (text, "Guest Person,guest@example.com,,,yes,in-person,registered,"));

  /* Export → Member Directory… on the Members page: a printable PDF. */
  ch_export_dialog_to_file (GTK_WIDGET (page), fixture_store (f), CH_EXPORT_SUBJECT_DIRECTORY,
                            fixture_chapter_id (f), NULL, pdf, CH_EXPORT_FORMAT_PDF);
  WAIT_FOR (g_object_get_data (G_OBJECT (page), "ch-export-done") != NULL);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (page), "ch-export-done"), ==,
                   "Exported to “Directory.pdf”");
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (pdf_path, &text, NULL, NULL));
  g_assert_cmpmem (text, 5, "%PDF-", 5);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/export/shown-members", Fixture, NULL, fixture_set_up,
              test_export_shown_members, fixture_tear_down);
  g_test_add ("/gui/export/registrations", Fixture, NULL, fixture_set_up,
              test_export_registrations, fixture_tear_down);
  g_test_add ("/gui/export/erase-member", Fixture, NULL, fixture_set_up,
              test_erase_member, fixture_tear_down);

  return g_test_run ();
}
