/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "ch-attendance-dialog.h"
#include "ch-chapter-dialog.h"
#include "ch-check-in-window.h"
#include "ch-conflicts-dialog.h"
#include "ch-event-dialog.h"
#include "ch-events-page-private.h"
#include "ch-import-window.h"
#include "ch-mail-compose-dialog.h"
#include "ch-member-dialog-private.h"
#include "ch-member-dialog.h"
#include "ch-merge-dialog.h"
#include "ch-opportunities-page-private.h"
#include "ch-opportunity-dialog.h"
#include "ch-payment-dialog.h"
#include "ch-person-dialog.h"
#include "ch-preferences-window.h"
#include "ch-registration.h"
#include "ch-store-sync.h"
#include "ch-sync.h"
#include "ch-window.h"

#include "ch-gui-test.h"

/* What a screen reader hears (issue 15): every widget a user can operate,
 * on every page and in every dialog of the window, has an accessible name
 * and a role that says what it is.  gui_test_assert_accessible() lists
 * the widgets that have not. */

/* Opens the demo chapter: members, events, payments, officers and
 * opportunities, so every page shows its lists. */
static void
open_demo (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-demo", NULL));
  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "chapter") == 0);
  WAIT_FOR (fixture_member_list (f) != NULL && fixture_n_shown (f) >= 200);
}

/* A member of the demo chapter, shown first on the Members page. */
static char *
first_member_id (Fixture *f)
{
  g_autoptr(ChMember) member = g_list_model_get_item (G_LIST_MODEL (fixture_member_list (f)), 0);

  return g_strdup (ch_member_get_id (member));
}

/* Checks @window once it is mapped, then closes it. */
static void
check_and_close (GtkWindow  *window,
                 const char *where)
{
  g_assert_nonnull (window);
  gtk_window_present (window);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  gui_test_assert_accessible (GTK_WIDGET (window), where);
  gtk_window_destroy (window);
}

static void
test_welcome (Fixture       *f,
              gconstpointer  data)
{
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  g_assert_cmpstr (ch_window_get_page (f->window), ==, "welcome");
  gui_test_assert_accessible (GTK_WIDGET (f->window), "welcome");
  check_and_close (open_toplevel (f->window, "win.create-chapter", CH_TYPE_CHAPTER_DIALOG),
                   "chapter dialog");
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  open_demo (f);

  for (guint i = 0; i < CH_WINDOW_N_VIEWS; i++)
    {
      const char *name = ch_window_page_names[i];

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                                 name));
      g_assert_cmpstr (ch_window_get_view (f->window), ==, name);
      if (g_strcmp0 (name, "events") == 0)
        WAIT_FOR (ch_events_page_get_n_registrations (ch_window_get_events_page (f->window)) > 0);
      if (g_strcmp0 (name, "opportunities") == 0)
        {
          ChOpportunitiesPage *page = ch_window_get_opportunities_page (f->window);
          static const char * const views[] = { "ledger", "board", "helpers" };

          WAIT_FOR (!ch_opportunities_page_get_loading (page));
          ch_opportunities_page_search_helpers (page, "Azure");
          WAIT_FOR (!ch_opportunities_page_get_loading (page));
          for (guint j = 0; j < G_N_ELEMENTS (views); j++)
            {
              g_autofree char *where = g_strdup_printf ("opportunities page, %s", views[j]);

              ch_opportunities_page_show (page, views[j]);
              gui_test_assert_accessible (GTK_WIDGET (f->window), where);
            }
          continue;
        }
      {
        g_autofree char *where = g_strdup_printf ("%s page", name);

        gui_test_assert_accessible (GTK_WIDGET (f->window), where);
      }
    }
}

static void
test_member_window (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const panels[] = {
    "profile", "membership", "roles", "opportunities", "mail",
  };
  g_autofree char *member_id = NULL;
  ChMemberDialog *dialog;

  open_demo (f);
  member_id = first_member_id (f);

  dialog = ch_member_dialog_new (GTK_WINDOW (f->window), fixture_store (f),
                                 ch_window_get_chapter (f->window), member_id);
  gtk_window_present (GTK_WINDOW (dialog));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
    {
      g_autofree char *where = g_strdup_printf ("member window, %s", panels[i]);

      ch_member_dialog_show_page (dialog, panels[i]);
      gui_test_assert_accessible (GTK_WIDGET (dialog), where);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));

  check_and_close (open_toplevel (f->window, "win.add-member", CH_TYPE_MEMBER_DIALOG),
                   "new member");
  check_and_close (GTK_WINDOW (ch_payment_dialog_new (GTK_WINDOW (f->window), fixture_store (f),
                                                   ch_window_get_chapter (f->window),
                                                   member_id)),
                   "payment dialog");
  check_and_close (GTK_WINDOW (ch_merge_dialog_new (GTK_WINDOW (f->window), fixture_store (f),
                                                   ch_window_get_chapter (f->window),
                                                   member_id)),
                   "merge dialog");
  check_and_close (GTK_WINDOW (ch_opportunity_dialog_new (GTK_WINDOW (f->window), fixture_store (f),
                                                              ch_window_get_chapter (f->window),
                                                              NULL, member_id, NULL)),
                   "opportunity dialog");
  {
    g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < 3; i++)
      g_ptr_array_add (members, g_list_model_get_item (G_LIST_MODEL (fixture_member_list (f)),
                                                       i));
    check_and_close (GTK_WINDOW (ch_mail_compose_dialog_new (GTK_WINDOW (f->window),
                                                             fixture_store (f),
                                                             fixture_chapter_id (f),
                                                             members)),
                     "mail compose dialog");
  }
}

static void
test_dialogs (Fixture       *f,
              gconstpointer  data)
{
  ChEventsPage *events;
  GtkWindow *window;

  open_demo (f);
  events = ch_window_get_events_page (f->window);

  check_and_close (open_toplevel (f->window, "win.new-event", CH_TYPE_EVENT_DIALOG),
                   "new event");
  WAIT_FOR (ch_events_page_get_n_registrations (events) > 0);
  check_and_close (GTK_WINDOW (ch_events_page_edit_event (events,
                                                          ch_events_page_get_selected_id (events))),
                   "edit event");
  check_and_close (GTK_WINDOW (ch_events_page_open_check_in (events)), "check-in window");
  check_and_close (GTK_WINDOW (ch_person_dialog_new (GTK_WINDOW (f->window),
                                                     ch_window_get_session (f->window),
                                                     CH_PERSON_MEMBER, TRUE,
                                                     "Register a Member", "_Register", TRUE,
                                                     CH_MODE_IN_PERSON)),
                   "register a member");
  check_and_close (GTK_WINDOW (ch_person_dialog_new (GTK_WINDOW (f->window),
                                                     ch_window_get_session (f->window),
                                                     CH_PERSON_GUEST, TRUE,
                                                     "Add a Guest", "_Register", TRUE,
                                                     CH_MODE_IN_PERSON)),
                   "add a guest");
  check_and_close (open_toplevel (f->window, "win.import-members", CH_TYPE_IMPORT_WINDOW),
                   "import window");

  /* Every page of the preferences. */
  window = open_toplevel (f->window, "win.preferences", CH_TYPE_PREFERENCES_WINDOW);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  {
    g_autoptr(GPtrArray) pages = g_ptr_array_new ();

    gui_test_collect (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_PAGE, pages);
    g_assert_cmpuint (pages->len, >, 1);
    for (guint i = 0; i < pages->len; i++)
      {
        AdwPreferencesPage *page = g_ptr_array_index (pages, i);
        g_autofree char *where = g_strdup_printf ("preferences, %s",
                                                  adw_preferences_page_get_title (page));

        /* A page inside a page (a subpage) is shown with it. */
        if (!ADW_IS_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))) ||
            gtk_widget_get_ancestor (gtk_widget_get_parent (GTK_WIDGET (page)),
                                     ADW_TYPE_PREFERENCES_PAGE) != NULL)
          continue;

        adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window), page);
        gui_test_assert_accessible (GTK_WIDGET (window), where);
      }
  }
  gtk_window_destroy (window);

  /* The keyboard shortcuts.  GTK 4.8's shortcuts window warns while it
   * measures its own labels (a GTK bug, not the app's). */
  {
    GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window),
                                               "win.show-help-overlay", NULL));
    check_and_close (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW), "shortcuts window");
    g_log_set_always_fatal (fatal);
  }
}

/* The conflicts of a sync, and the attendance of a meeting from a Zoom
 * report: the two dialogs that need data from outside. */
static void
test_conflicts_and_attendance (Fixture       *f,
                               gconstpointer  data)
{
  ChStore *store = fixture_store (f);
  ChEventsPage *events;
  g_autoptr(JsonObject) conflict = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *member_id = NULL;
  g_autofree char *chapter_id = NULL;
  g_autofree char *report = g_build_filename (f->dir, "zoom.csv", NULL);
  g_autoptr(GFile) report_file = g_file_new_for_path (report);

  open_demo (f);
  events = ch_window_get_events_page (f->window);
  member_id = first_member_id (f);
  chapter_id = g_strdup (fixture_chapter_id (f));

  /* A conflict the server found: someone else renamed the member. */
  g_assert_true (ch_sync_link (store, NULL, "http://127.0.0.1:9", chapter_id, &error));
  g_assert_no_error (error);
  json_object_set_string_member (conflict, "entity", "member");
  json_object_set_string_member (conflict, "row_id", member_id);
  json_object_set_string_member (conflict, "field_group", "name");
  json_object_set_string_member (conflict, "theirs",
                                 "{\"given_name\":\"Anna\",\"family_name\":\"Berg\"}");
  json_object_set_string_member (conflict, "mine",
                                 "{\"given_name\":\"Anna\",\"family_name\":\"Berg-Lund\"}");
  json_object_set_string_member (conflict, "author", "Astrid (president)");
  json_object_set_string_member (conflict, "device_id", ch_store_get_device_id (store));
  json_object_set_string_member (conflict, "kept_author", "Björn (treasurer)");
  json_object_set_string_member (conflict, "kept_device_id", "another-device");
  json_object_set_string_member (conflict, "created_at", "2026-12-01T10:00:00Z");
  json_object_set_boolean_member (conflict, "resolved", FALSE);
  g_assert_true (ch_store_apply_remote (store, chapter_id, "conflict",
                                        "01a20000-0000-7000-8000-000000000001", 7, FALSE,
                                        conflict, &error));
  g_assert_no_error (error);
  ch_window_set_chapter (f->window, chapter_id);
  WAIT_FOR (ch_store_count_open_conflicts (store, chapter_id) == 1);
  check_and_close (GTK_WINDOW (ch_conflicts_dialog_new (GTK_WINDOW (f->window),
                                                        ch_window_get_session (f->window))),
                   "conflicts dialog");

  /* The attendance of the selected meeting, from a Zoom report. */
  g_assert_true (g_file_set_contents (report,
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,"
    "Recording Consent\n"
    "Andy B (iPhone),,12/08/2026 06:02:00 PM,12/08/2026 06:30:00 PM,28,Yes,\n", -1, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                             "events"));
  WAIT_FOR (ch_events_page_get_selected_id (events) != NULL);
  ch_events_page_import_report (events, ch_events_page_get_selected_id (events), report_file);
  WAIT_FOR (find_toplevel (CH_TYPE_ATTENDANCE_DIALOG) != NULL);
  check_and_close (find_toplevel (CH_TYPE_ATTENDANCE_DIALOG), "attendance dialog");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/a11y/welcome", Fixture, NULL, fixture_set_up,
              test_welcome, fixture_tear_down);
  g_test_add ("/gui/a11y/pages", Fixture, NULL, fixture_set_up,
              test_pages, fixture_tear_down);
  g_test_add ("/gui/a11y/member-window", Fixture, NULL, fixture_set_up,
              test_member_window, fixture_tear_down);
  g_test_add ("/gui/a11y/dialogs", Fixture, NULL, fixture_set_up,
              test_dialogs, fixture_tear_down);
  g_test_add ("/gui/a11y/conflicts-attendance", Fixture, NULL, fixture_set_up,
              test_conflicts_and_attendance, fixture_tear_down);

  return g_test_run ();
}
