/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <libical/ical.h>

#include "ch-attendance-dialog.h"
#include "ch-attendance-dialog-private.h"
#include "ch-check-in-window.h"
#include "ch-check-in-window-private.h"
#include "ch-event-dialog.h"
#include "ch-event-dialog-private.h"
#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-attendance.h"
#include "ch-events-page.h"
#include "ch-events-page-private.h"
#include "ch-event-detail.h"
#include "ch-person-dialog-private.h"
#include "ch-seat-moves.h"
#include "ch-window-private.h"
#include "ch-store-private.h"
#include "ch-window.h"

#include "ch-gui-test.h"

static ChEventsPage *
events_page (Fixture *f)
{
  return ch_window_get_events_page (f->window);
}

static guint
count_events (Fixture *f)
{
  g_autoptr(GPtrArray) upcoming = NULL;
  g_autoptr(GPtrArray) past = NULL;
  const char *chapter_id = fixture_chapter_id (f);

  upcoming = ch_event_list (fixture_store (f), chapter_id, TRUE, NULL);
  past = ch_event_list (fixture_store (f), chapter_id, FALSE, NULL);

  return (upcoming ? upcoming->len : 0) + (past ? past->len : 0);
}

static char *
date_in_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static ChEventDialog *
open_event_dialog (Fixture *f)
{
  return CH_EVENT_DIALOG (open_toplevel (f->window, "win.new-event", CH_TYPE_EVENT_DIALOG));
}

static char *
add_member (Fixture    *f,
            const char *given,
            const char *family,
            const char *email)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  json_object_set_string_member (fields, "email", email);
  json_object_set_string_member (fields, "tier", "chapter");

  return fixture_add_member (f, fields);
}

static void
register_member (Fixture    *f,
                 const char *search)
{
  ChPersonDialog *dialog;

  dialog = CH_PERSON_DIALOG (open_toplevel (events_page (f), "events.register-member",
                                            CH_TYPE_PERSON_DIALOG));

  gtk_editable_set_text (ch_person_dialog_get_search_entry (dialog), search);
  WAIT_FOR (!ch_person_dialog_get_loading (dialog) && ch_person_dialog_get_n_members (dialog) == 1);
  ch_person_dialog_set_mode (dialog, CH_MODE_IN_PERSON);
  /* The dialog closes itself when the registration is made. */
  ch_person_dialog_pick_member (dialog, 0);
  WAIT_FOR (find_toplevel (CH_TYPE_PERSON_DIALOG) == NULL);
}

static int
find_registration (ChEventsPage *page,
                   const char   *prefix)
{
  for (guint i = 0; i < ch_events_page_get_n_registrations (page); i++)
    if (g_str_has_prefix (ch_events_page_get_registration_text (page, i), prefix))
      return (int) i;

  return -1;
}

static void
test_hybrid_waitlist_and_check_in (Fixture       *f,
                                   gconstpointer  data)
{
  ChEventsPage *page;
  ChEventDialog *dialog;
  ChPersonDialog *guest;
  ChCheckInWindow *door;
  g_autofree char *date = date_in_days (20);
  g_autofree char *bjorn = NULL;
  g_autofree char *ana = NULL;
  int i;

  create_chapter (f);
  page = events_page (f);
  WAIT_FOR (g_strcmp0 (ch_events_page_get_state (page), "empty") == 0);

  bjorn = add_member (f, "Björn", "Öberg", "bjorn@fabrikam.se");
  ana = add_member (f, "Ana", "Müller", "ana@contoso.com");

  /* A hybrid meeting with two seats in the room, through the form */
  dialog = open_event_dialog (f);
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "title"), "December Chapter Meeting");
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "date"), date);
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "start"), "18:00");
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "end"), "20:00");
  g_assert_true (ch_event_dialog_select (dialog, "timezone", "Europe/Stockholm"));
  g_assert_true (ch_event_dialog_select (dialog, "format", CH_EVENT_FORMAT_HYBRID));
  g_assert_true (ch_event_dialog_select (dialog, "status", CH_EVENT_STATUS_PUBLISHED));
  g_assert_true (ch_event_dialog_shows_mode (dialog, CH_MODE_IN_PERSON));
  g_assert_true (ch_event_dialog_shows_mode (dialog, CH_MODE_ONLINE));
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "venue_name"), "Microsoft House");
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "capacity_in_person"), "2");
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "join_url"),
                         "https://teams.microsoft.com/l/meetup-join/x");
  g_assert_true (ch_event_dialog_save (dialog));
  WAIT_FOR (find_toplevel (CH_TYPE_EVENT_DIALOG) == NULL);

  WAIT_FOR (ch_events_page_get_n_events (page) == 1);
  g_assert_cmpstr (ch_events_page_get_state (page), ==, "events");
  g_assert_nonnull (ch_events_page_get_selected_id (page));
  g_assert_cmpstr (ch_events_page_get_mode_summary (page, CH_MODE_IN_PERSON), ==,
                   "0 of 2 seats taken");

  /* Three people in person: a member, a guest, a member who must wait */
  register_member (f, "oberg");
  guest = CH_PERSON_DIALOG (open_toplevel (page, "events.add-guest", CH_TYPE_PERSON_DIALOG));
  gtk_editable_set_text (ch_person_dialog_get_entry (guest, "name"), "Carla Díaz");
  gtk_editable_set_text (ch_person_dialog_get_entry (guest, "email"), "carla@example.com");
  ch_person_dialog_set_mode (guest, CH_MODE_IN_PERSON);
  activate_and_wait_closed (guest, "person.add-guest", CH_TYPE_PERSON_DIALOG);
  g_assert_cmpstr (ch_events_page_get_last_toast (page), ==, "Carla Díaz is registered");

  register_member (f, "müller");
  g_assert_nonnull (strstr (ch_events_page_get_last_toast (page),
                            "Ana Müller is on the waitlist"));

  WAIT_FOR (ch_events_page_get_n_registrations (page) == 3);
  g_assert_cmpstr (ch_events_page_get_mode_summary (page, CH_MODE_IN_PERSON), ==,
                   "2 of 2 seats taken, 1 waiting");
  g_assert_cmpint (find_registration (page, "Ana Müller — In person · Waitlisted (1)"), >=, 0);
  g_assert_cmpint (find_registration (page, "Björn Öberg — In person · Registered"), >=, 0);

  /* Björn cancels: Ana moves up, and the page says so */
  i = find_registration (page, "Björn Öberg");
  g_assert_cmpint (i, >=, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "events.cancel-registration", "s",
                                             ch_events_page_get_registration_id (page, i)));
  g_assert_cmpstr (ch_events_page_get_last_toast (page), ==,
                   "Ana Müller moved up from the waitlist");
  WAIT_FOR (g_strcmp0 (ch_events_page_get_mode_summary (page, CH_MODE_IN_PERSON),
                       "2 of 2 seats taken") == 0);
  g_assert_cmpint (find_registration (page, "Ana Müller — In person · Registered"), >=, 0);
  g_assert_cmpint (find_registration (page, "Björn Öberg — In person · Cancelled"), >=, 0);

  /* At the door: type her name, Enter */
  door = ch_events_page_open_check_in (page);
  g_assert_nonnull (door);
  g_assert_cmpstr (ch_check_in_window_get_count_text (door), ==, "0 of 2 checked in");
  gtk_editable_set_text (ch_check_in_window_get_search_entry (door), "ana");
  WAIT_FOR (ch_check_in_window_get_n_matches (door) == 1);
  g_assert_cmpstr (ch_check_in_window_get_match_name (door, 0), ==, "Ana Müller");
  g_signal_emit_by_name (ch_check_in_window_get_search_entry (door), "activate");
  g_assert_cmpstr (ch_check_in_window_get_count_text (door), ==, "1 of 2 checked in");
  g_assert_nonnull (strstr (ch_check_in_window_get_feedback (door), "Ana Müller"));
  /* Ready for the next person, and the list shows her as checked in */
  g_assert_cmpstr (gtk_editable_get_text (ch_check_in_window_get_search_entry (door)), ==, "");
  gtk_editable_set_text (ch_check_in_window_get_search_entry (door), "müller");
  WAIT_FOR (ch_check_in_window_get_n_matches (door) == 1);
  g_assert_true (ch_check_in_window_get_match_attended (door, 0));

  /* The event page counts her too */
  WAIT_FOR (find_registration (page, "Ana Müller — In person · Attended") >= 0);

  /* Undo takes it back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (door), "check-in.undo", NULL));
  g_assert_cmpstr (ch_check_in_window_get_count_text (door), ==, "0 of 2 checked in");

  gtk_window_close (GTK_WINDOW (door));
}

static void
test_dialog_refuses_bad_times (Fixture       *f,
                               gconstpointer  data)
{
  ChEventDialog *dialog;

  create_chapter (f);
  dialog = open_event_dialog (f);
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "title"), "Board Meeting");
  g_assert_true (ch_event_dialog_select (dialog, "timezone", "Europe/Stockholm"));

  /* Online only: the venue fields go away */
  g_assert_true (ch_event_dialog_select (dialog, "format", CH_EVENT_FORMAT_ONLINE));
  g_assert_false (ch_event_dialog_shows_mode (dialog, CH_MODE_IN_PERSON));
  g_assert_true (ch_event_dialog_shows_mode (dialog, CH_MODE_ONLINE));

  /* Ends before it starts */
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "date"), "2027-03-10");
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "start"), "20:00");
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "end"), "18:00");
  g_assert_false (ch_event_dialog_save (dialog));
  g_assert_nonnull (ch_event_dialog_get_error (dialog));
  g_assert_nonnull (strstr (ch_event_dialog_get_error (dialog), "end after it starts"));

  /* Not a time */
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "end"), "25:00");
  g_assert_false (ch_event_dialog_save (dialog));
  g_assert_nonnull (strstr (ch_event_dialog_get_error (dialog), "25:00"));

  /* 02:30 on the night clocks go forward in Stockholm does not exist */
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "date"), "2027-03-28");
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "start"), "02:30");
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "end"), "04:00");
  g_assert_false (ch_event_dialog_save (dialog));
  g_assert_nonnull (ch_event_dialog_get_error (dialog));
  g_assert_nonnull (strstr (ch_event_dialog_get_error (dialog), "Europe/Stockholm"));

  /* Nothing was saved and the form is still open with what was typed */
  g_assert_cmpuint (count_events (f), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (gtk_editable_get_text (ch_event_dialog_get_entry (dialog, "title")), ==,
                   "Board Meeting");
  g_assert_cmpstr (ch_events_page_get_state (events_page (f)), ==, "empty");

  /* A valid time saves */
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "start"), "18:00");
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "end"), "19:30");
  g_assert_true (ch_event_dialog_save (dialog));
  g_assert_cmpuint (count_events (f), ==, 1);
}

static void
test_duplicate_and_cancel (Fixture       *f,
                           gconstpointer  data)
{
  ChEventsPage *page;
  ChEventDialog *dialog;
  g_autofree char *date = date_in_days (10);
  g_autofree char *first = NULL;

  create_chapter (f);
  page = events_page (f);

  dialog = open_event_dialog (f);
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "title"), "Chapter Meeting");
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "date"), date);
  g_assert_true (ch_event_dialog_save (dialog));
  WAIT_FOR (ch_events_page_get_n_events (page) == 1);
  first = g_strdup (ch_events_page_get_selected_id (page));

  /* Duplicate: the copy exists and its form is open */
  dialog = CH_EVENT_DIALOG (open_toplevel (page, "events.duplicate", CH_TYPE_EVENT_DIALOG));
  g_assert_cmpstr (gtk_editable_get_text (ch_event_dialog_get_entry (dialog, "title")), ==,
                   "Chapter Meeting");
  g_assert_true (ch_event_dialog_save (dialog));
  WAIT_FOR (ch_events_page_get_n_events (page) == 2);
  g_assert_cmpstr (ch_events_page_get_selected_id (page), !=, first);

  /* Cancel the first one */
  g_assert_true (ch_events_page_select_event (page, first));
  g_assert_true (ch_events_page_cancel_event (page, first));
  {
    g_autoptr(JsonObject) row = ch_store_get_row (fixture_store (f), "event", first, NULL);
    g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, CH_EVENT_STATUS_CANCELLED);
  }
}


static char *
online_event (Fixture *f)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *date = date_in_days (-3);
  g_autofree char *starts = g_strdup_printf ("%s 17:00", date);
  g_autofree char *ends = g_strdup_printf ("%s 19:00", date);
  char *id = NULL;

  json_object_set_string_member (fields, "title", "Partner Webinar");
  json_object_set_string_member (fields, "starts_local", starts);
  json_object_set_string_member (fields, "ends_local", ends);
  json_object_set_string_member (fields, "format", CH_EVENT_FORMAT_ONLINE);
  json_object_set_string_member (fields, "status", CH_EVENT_STATUS_PUBLISHED);
  g_assert_true (ch_event_save (fixture_store (f), fixture_chapter_id (f), NULL, fields, &id,
                                &error));
  g_assert_no_error (error);

  return id;
}

static void
test_attendance_import (Fixture       *f,
                        gconstpointer  data)
{
  ChEventsPage *page;
  ChAttendanceDialog *dialog;
  ChEventCounts counts[2];
  g_autofree char *karin = NULL;
  g_autofree char *anders = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *good = g_build_filename (f->dir, "zoom.csv", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.csv", NULL);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  const char *zoom =
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,"
    "Recording Consent\n"
    "Karin Lund,karin.lund@contoso.com,12/08/2026 05:58:01 PM,12/08/2026 07:29:51 PM,92,No,Y\n"
    "Andy B (iPhone),,12/08/2026 06:02:00 PM,12/08/2026 06:30:00 PM,28,Yes,\n";

  create_chapter (f);
  page = events_page (f);
  karin = add_member (f, "Karin", "Lund", "karin.lund@contoso.com");
  anders = add_member (f, "Anders", "Berg", "anders@fabrikam.se");
  event_id = online_event (f);
  WAIT_FOR (ch_events_page_get_n_events (page) == 1);

  /* A file that is not a report: a message, and nothing changes */
  g_assert_true (g_file_set_contents (bad, "hello,world\n1,2\n", -1, NULL));
  ch_events_page_import_report (page, event_id, bad_file);
  WAIT_FOR (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
  g_assert_null (find_toplevel (CH_TYPE_ATTENDANCE_DIALOG));
  gtk_window_destroy (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  /* A Zoom report: Karin matches by e-mail, "Andy B" is chosen by hand */
  g_assert_true (g_file_set_contents (good, zoom, -1, NULL));
  ch_events_page_import_report (page, event_id, good_file);
  WAIT_FOR (find_toplevel (CH_TYPE_ATTENDANCE_DIALOG) != NULL);
  dialog = CH_ATTENDANCE_DIALOG (find_toplevel (CH_TYPE_ATTENDANCE_DIALOG));
  g_assert_cmpuint (ch_attendance_dialog_get_n_matched (dialog), ==, 1);
  g_assert_cmpuint (ch_attendance_dialog_get_n_unmatched (dialog), ==, 1);
  ch_attendance_dialog_set_member (dialog, 1, anders);
  g_assert_cmpuint (ch_attendance_dialog_get_n_matched (dialog), ==, 2);
  activate_and_wait_closed (dialog, "attendance.apply", CH_TYPE_ATTENDANCE_DIALOG);
  g_assert_cmpstr (ch_events_page_get_last_toast (page), ==, "2 people marked as attended online");

  g_assert_true (ch_event_counts (fixture_store (f), event_id, counts, NULL));
  g_assert_cmpuint (counts[1].attended, ==, 2);
  /* Both now have an online registration, shown on the page */
  WAIT_FOR (ch_events_page_get_n_registrations (page) == 2);
}

/* An event straight through the core, @days from today at 18:00–20:00 in
 * Stockholm, published; @capacity < 0: no limit. */
static char *
quick_event (Fixture    *f,
             const char *title,
             const char *date,
             const char *format,
             int         capacity)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *starts = g_strdup_printf ("%s 18:00", date);
  g_autofree char *ends = g_strdup_printf ("%s 20:00", date);
  char *id = NULL;

  json_object_set_string_member (fields, "title", title);
  json_object_set_string_member (fields, "starts_local", starts);
  json_object_set_string_member (fields, "ends_local", ends);
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_string_member (fields, "format", format);
  json_object_set_string_member (fields, "status", CH_EVENT_STATUS_PUBLISHED);
  if (capacity >= 0 && g_strcmp0 (format, CH_EVENT_FORMAT_ONLINE) != 0)
    json_object_set_int_member (fields, "capacity_in_person", capacity);
  if (capacity >= 0 && g_strcmp0 (format, CH_EVENT_FORMAT_IN_PERSON) != 0)
    json_object_set_int_member (fields, "capacity_online", capacity);
  g_assert_true (ch_event_save (fixture_store (f), fixture_chapter_id (f), NULL, fields, &id,
                                &error));
  g_assert_no_error (error);

  return id;
}

static char *
quick_registration (Fixture    *f,
                    const char *event_id,
                    const char *member_id,
                    const char *mode,
                    gboolean    expect_waitlisted)
{
  g_autoptr(GError) error = NULL;
  gboolean waitlisted = !expect_waitlisted;
  char *id = NULL;

  g_assert_true (ch_registration_add (fixture_store (f), event_id, member_id, NULL, NULL, mode,
                                      &id, &waitlisted, &error));
  g_assert_no_error (error);
  g_assert_cmpint (waitlisted, ==, expect_waitlisted);

  return id;
}

static char *
registration_state (Fixture    *f,
                    const char *id)
{
  g_autoptr(JsonObject) row = ch_store_get_row (fixture_store (f), "registration", id, NULL);

  g_assert_nonnull (row);
  return g_strdup (json_object_get_string_member (row, "state"));
}

/* The button labelled @label (with mnemonic) inside @widget, or NULL. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A registration row as a pull brings it from the server. */
static void
pull_registration (Fixture    *f,
                   const char *id,
                   gint64      version,
                   const char *event_id,
                   const char *member_id,
                   const char *state,
                   gint64      accepted_seq)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (row, "event_id", event_id);
  json_object_set_string_member (row, "member_id", member_id);
  json_object_set_string_member (row, "mode", CH_MODE_IN_PERSON);
  json_object_set_string_member (row, "state", state);
  json_object_set_string_member (row, "registered_at", "2026-12-01T10:00:00.000Z");
  if (g_strcmp0 (state, CH_REG_WAITLISTED) == 0)
    json_object_set_int_member (row, "waitlist_position", 0);
  json_object_set_int_member (row, "accepted_seq", accepted_seq);
  g_assert_true (ch_store_apply_remote (fixture_store (f), fixture_chapter_id (f), "registration",
                                        id, version, FALSE, row, &error));
  g_assert_no_error (error);
}

static void
test_sync_reconcile_toast (Fixture       *f,
                           gconstpointer  data)
{
  ChEventsPage *page;
  ChStore *store;
  AdwMessageDialog *dialog;
  g_autofree char *date = date_in_days (15);
  g_autofree char *event_id = NULL;
  g_autofree char *ana = NULL;
  g_autofree char *bjorn = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *state = NULL;
  g_autofree char *mailto = NULL;
  const char *theirs = "01a20840-1c2b-7d3e-8f40-5a6b7c8d9e0b";

  create_chapter (f);
  page = events_page (f);
  store = fixture_store (f);
  ana = add_member (f, "Ana", "Müller", "ana@contoso.com");
  bjorn = add_member (f, "Björn", "Öberg", "bjorn@fabrikam.se");
  event_id = quick_event (f, "Chapter Meeting", date, CH_EVENT_FORMAT_IN_PERSON, 1);
  /* The last seat, given to Ana on this laptop, offline */
  mine = quick_registration (f, event_id, ana, CH_MODE_IN_PERSON, FALSE);
  g_assert_true (ch_events_page_select_event (page, event_id));
  WAIT_FOR (g_strcmp0 (ch_events_page_get_mode_summary (page, CH_MODE_IN_PERSON),
                       "1 of 1 seat taken") == 0);

  /* The sync: the push went through (nothing pending), and the pull says
   * that another officer's laptop gave the seat to Björn, which the
   * server received first, so it put Ana on the waitlist. */
  g_assert_true (ch_store_exec_for_test (store, "DELETE FROM outbox", NULL));
  pull_registration (f, theirs, 5, event_id, bjorn, CH_REG_REGISTERED, 5);
  pull_registration (f, mine, 6, event_id, ana, CH_REG_WAITLISTED, 6);

  /* The window names her, and offers what to do */
  g_assert_cmpuint (ch_window_reconcile_events (f->window), ==, 1);
  g_assert_cmpstr (ch_events_page_get_last_toast (page), ==,
                   "Ana Müller was moved to the waitlist: the last seat was taken on another "
                   "device first.");
  WAIT_FOR (g_strcmp0 (ch_events_page_get_mode_summary (page, CH_MODE_IN_PERSON),
                       "1 of 1 seat taken, 1 waiting") == 0);
  g_assert_cmpint (find_registration (page, "Ana Müller — In person · Waitlisted"), >=, 0);

  /* The toast's Details button opens the dialog */
  {
    GtkWidget *details = NULL;

    WAIT_FOR ((details = find_button (GTK_WIDGET (f->window), "_Details")) != NULL);
    g_assert_true (gtk_widget_is_sensitive (details));
    gtk_widget_activate (details);
    WAIT_FOR (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
    dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  }
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Moved to the Waitlist");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "Undo gives the seat back to Ana Müller and puts Björn Öberg at "
                            "the head of the waitlist instead."));
  g_assert_true (adw_message_dialog_has_response (dialog, "email"));
  g_assert_true (adw_message_dialog_has_response (dialog, "undo"));
  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new ();

    g_ptr_array_add (ids, mine);
    mailto = ch_seat_moves_mailto (store, ids);
  }
  g_assert_cmpstr (mailto, ==, "mailto:ana@contoso.com?subject=Chapter%20Meeting");

  /* Nothing more to settle: the same sync reports nobody again */
  g_assert_cmpuint (ch_window_reconcile_events (f->window), ==, 0);

  /* Undo: Ana has the seat again, Björn waits first in line */
  adw_message_dialog_response (dialog, "undo");
  gtk_window_destroy (GTK_WINDOW (dialog));
  state = registration_state (f, mine);
  g_assert_cmpstr (state, ==, CH_REG_REGISTERED);
  g_clear_pointer (&state, g_free);
  state = registration_state (f, theirs);
  g_assert_cmpstr (state, ==, CH_REG_WAITLISTED);
  WAIT_FOR (find_registration (page, "Björn Öberg — In person · Waitlisted") >= 0);
  g_assert_cmpstr (ch_events_page_get_mode_summary (page, CH_MODE_IN_PERSON), ==,
                   "1 of 1 seat taken, 1 waiting");
  g_assert_cmpint (find_registration (page, "Ana Müller — In person · Registered"), >=, 0);
}

/* Lowering the capacity below the people registered moves nobody; the
 * card says how many are registered for how many seats. */
static void
test_lower_capacity (Fixture       *f,
                     gconstpointer  data)
{
  ChEventsPage *page;
  g_autofree char *date = date_in_days (15);
  g_autofree char *event_id = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;

  create_chapter (f);
  page = events_page (f);
  event_id = quick_event (f, "Chapter Meeting", date, CH_EVENT_FORMAT_IN_PERSON, 25);
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *name = g_strdup_printf ("Guest %02u", i + 1);
      g_autofree char *email = g_strdup_printf ("guest%02u@example.com", i + 1);

      g_assert_true (ch_registration_add (fixture_store (f), event_id, NULL, name, email, NULL,
                                          NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (ch_events_page_select_event (page, event_id));
  WAIT_FOR (g_strcmp0 (ch_events_page_get_mode_summary (page, CH_MODE_IN_PERSON),
                       "25 of 25 seats taken") == 0);

  json_object_set_int_member (fields, "capacity_in_person", 24);
  g_assert_true (ch_event_save (fixture_store (f), NULL, event_id, fields, NULL, &error));
  g_assert_no_error (error);
  WAIT_FOR (g_strcmp0 (ch_events_page_get_mode_summary (page, CH_MODE_IN_PERSON),
                       "25 registered for 24 seats") == 0);

  /* After a sync: still nobody moved, no toast */
  g_assert_cmpuint (ch_window_reconcile_events (f->window), ==, 0);
  g_assert_null (ch_events_page_get_last_toast (page));
  g_assert_cmpstr (ch_events_page_get_mode_summary (page, CH_MODE_IN_PERSON), ==,
                   "25 registered for 24 seats");
}

static void
test_walk_in (Fixture       *f,
              gconstpointer  data)
{
  ChEventsPage *page;
  ChCheckInWindow *door;
  ChPersonDialog *dialog;
  ChEventCounts counts[2];
  g_autofree char *date = date_in_days (5);
  g_autofree char *event_id = NULL;
  g_autofree char *ana = NULL;
  g_autoptr(GPtrArray) regs = NULL;
  ChRegistration *walk_in = NULL;

  create_chapter (f);
  page = events_page (f);
  ana = add_member (f, "Ana", "Müller", "ana@contoso.com");
  event_id = quick_event (f, "Chapter Meeting", date, CH_EVENT_FORMAT_IN_PERSON, 1);
  g_free (quick_registration (f, event_id, ana, CH_MODE_IN_PERSON, FALSE));
  WAIT_FOR (ch_events_page_get_n_registrations (page) == 1);
  g_assert_true (ch_events_page_select_event (page, event_id));

  door = ch_events_page_open_check_in (page);
  g_assert_nonnull (door);
  g_assert_cmpstr (ch_check_in_window_get_count_text (door), ==, "0 of 1 checked in");

  /* Somebody nobody expected: type the name, nothing matches, walk-in */
  gtk_editable_set_text (ch_check_in_window_get_search_entry (door), "Dana Guest");
  WAIT_FOR (ch_check_in_window_get_n_matches (door) == 0);
  dialog = CH_PERSON_DIALOG (open_toplevel (door, "check-in.walk-in", CH_TYPE_PERSON_DIALOG));
  /* Not a member either: Enter goes on to the guest form… */
  WAIT_FOR (!ch_person_dialog_get_loading (dialog) && ch_person_dialog_get_n_members (dialog) == 0);
  g_signal_emit_by_name (ch_person_dialog_get_search_entry (dialog), "activate");
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (ch_person_dialog_get_entry (dialog, "name"))));
  /* …where what was typed at the door is the guest's name already */
  g_assert_cmpstr (gtk_editable_get_text (ch_person_dialog_get_entry (dialog, "name")), ==,
                   "Dana Guest");
  gtk_editable_set_text (ch_person_dialog_get_entry (dialog, "email"), "dana@example.com");
  activate_and_wait_closed (dialog, "person.add-guest", CH_TYPE_PERSON_DIALOG);

  /* One step: registered in person and checked in, even over capacity */
  g_assert_nonnull (strstr (ch_check_in_window_get_feedback (door), "Dana Guest"));
  g_assert_nonnull (strstr (ch_check_in_window_get_feedback (door), "walk-in"));
  g_assert_cmpstr (ch_check_in_window_get_count_text (door), ==, "1 of 2 checked in");
  g_assert_true (ch_event_counts (fixture_store (f), event_id, counts, NULL));
  g_assert_cmpuint (counts[0].registered, ==, 2);
  g_assert_cmpuint (counts[0].attended, ==, 1);
  g_assert_cmpuint (counts[0].waitlisted, ==, 0);

  regs = ch_registration_list (fixture_store (f), event_id, NULL);
  for (guint i = 0; regs != NULL && i < regs->len; i++)
    if (g_strcmp0 (ch_registration_get_display_name (g_ptr_array_index (regs, i)),
                   "Dana Guest") == 0)
      walk_in = g_ptr_array_index (regs, i);
  g_assert_nonnull (walk_in);
  g_assert_cmpstr (ch_registration_get_mode (walk_in), ==, CH_MODE_IN_PERSON);
  g_assert_cmpstr (ch_registration_get_state (walk_in), ==, CH_REG_REGISTERED);

  /* The page counts her too; the door is ready for the next person */
  WAIT_FOR (find_registration (page, "Dana Guest — In person · Attended") >= 0);
  g_assert_cmpstr (gtk_editable_get_text (ch_check_in_window_get_search_entry (door)), ==, "");

  gtk_window_close (GTK_WINDOW (door));
}

static void
test_switch_mode (Fixture       *f,
                  gconstpointer  data)
{
  ChEventsPage *page;
  g_autofree char *date = date_in_days (12);
  g_autofree char *event_id = NULL;
  g_autofree char *ana = NULL;
  g_autofree char *bjorn = NULL;
  g_autofree char *carla = NULL;
  g_autofree char *ana_reg = NULL;
  g_autofree char *bjorn_reg = NULL;
  g_autofree char *carla_reg = NULL;
  g_autofree char *state = NULL;

  create_chapter (f);
  page = events_page (f);
  ana = add_member (f, "Ana", "Müller", "ana@contoso.com");
  bjorn = add_member (f, "Björn", "Öberg", "bjorn@fabrikam.se");
  carla = add_member (f, "Carla", "Díaz", "carla@adatum.com");
  /* One seat in the room, one place online */
  event_id = quick_event (f, "Hybrid Meeting", date, CH_EVENT_FORMAT_HYBRID, 1);
  ana_reg = quick_registration (f, event_id, ana, CH_MODE_IN_PERSON, FALSE);
  carla_reg = quick_registration (f, event_id, carla, CH_MODE_IN_PERSON, TRUE);
  bjorn_reg = quick_registration (f, event_id, bjorn, CH_MODE_ONLINE, FALSE);
  WAIT_FOR (ch_events_page_get_n_registrations (page) == 3);
  g_assert_true (ch_events_page_select_event (page, event_id));

  /* Ana would rather attend online, but online is full: she waits there,
   * and her seat in the room goes to Carla, the first waiting */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "events.switch-mode", "s",
                                             ana_reg));
  g_assert_nonnull (strstr (ch_events_page_get_last_toast (page),
                            "Ana Müller is on the waitlist"));
  g_assert_nonnull (strstr (ch_events_page_get_last_toast (page), "online"));
  state = registration_state (f, ana_reg);
  g_assert_cmpstr (state, ==, CH_REG_WAITLISTED);
  g_clear_pointer (&state, g_free);
  state = registration_state (f, carla_reg);
  g_assert_cmpstr (state, ==, CH_REG_REGISTERED);
  g_clear_pointer (&state, g_free);
  WAIT_FOR (find_registration (page, "Ana Müller — Online · Waitlisted (1)") >= 0);
  g_assert_cmpint (find_registration (page, "Carla Díaz — In person · Registered"), >=, 0);
  g_assert_cmpstr (ch_events_page_get_mode_summary (page, CH_MODE_IN_PERSON), ==,
                   "1 of 1 seat taken");

  /* Björn comes to the room instead: the room is full, so he waits there,
   * and his online place goes to Ana, with a toast */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "events.switch-mode", "s",
                                             bjorn_reg));
  state = registration_state (f, bjorn_reg);
  g_assert_cmpstr (state, ==, CH_REG_WAITLISTED);
  g_clear_pointer (&state, g_free);
  state = registration_state (f, ana_reg);
  g_assert_cmpstr (state, ==, CH_REG_REGISTERED);
  g_assert_nonnull (strstr (ch_events_page_get_last_toast (page), "Björn Öberg"));
  WAIT_FOR (find_registration (page, "Ana Müller — Online · Registered") >= 0);

  /* Carla cancels her seat: Björn moves up from the room's waitlist */
  {
    int i = find_registration (page, "Carla Díaz");

    g_assert_cmpint (i, >=, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "events.cancel-registration", "s",
                                               ch_events_page_get_registration_id (page, i)));
  }
  g_assert_cmpstr (ch_events_page_get_last_toast (page), ==,
                   "Björn Öberg moved up from the waitlist");
  WAIT_FOR (find_registration (page, "Björn Öberg — In person · Registered") >= 0);
}

static void
test_export_ics (Fixture       *f,
                 gconstpointer  data)
{
  ChEventsPage *page;
  g_autofree char *date = date_in_days (9);
  g_autofree char *event_id = NULL;
  g_autofree char *path = g_build_filename (f->dir, "meeting.ics", NULL);
  g_autofree char *bad_path = g_build_filename (f->dir, "no-such-folder", "meeting.ics", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *uid = NULL;
  icalcomponent *calendar;
  icalcomponent *event;

  create_chapter (f);
  page = events_page (f);
  event_id = quick_event (f, "Partner Breakfast", date, CH_EVENT_FORMAT_IN_PERSON, 20);
  WAIT_FOR (ch_events_page_get_n_events (page) == 1);
  g_assert_true (ch_events_page_select_event (page, event_id));

  g_assert_true (ch_events_page_export_to_file (page, file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ch_events_page_get_last_toast (page), ==,
                   "Calendar file saved. Send it to members or import it in a calendar.");

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  calendar = icalparser_parse_string (contents);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_nonnull (event);
  uid = g_strdup_printf ("%s@chapterhouse", event_id);
  g_assert_cmpstr (icalcomponent_get_uid (event), ==, uid);
  g_assert_cmpstr (icalcomponent_get_summary (event), ==, "Partner Breakfast");
  g_assert_null (icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT));
  icalcomponent_free (calendar);

  /* A place that cannot be written: a toast that says so */
  g_assert_false (ch_events_page_export_to_file (page, bad_file, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (ch_events_page_get_last_toast (page),
                                   "Could not save the calendar file: "));
}

static void
test_new_event_shortcut (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(GStrv) accels = NULL;
  ChEventDialog *dialog;

  create_chapter (f);

  /* Ctrl+E is what the shortcuts window promises */
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app), "win.new-event");
  g_assert_nonnull (accels);
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>e") ||
                 g_strv_contains ((const char * const *) accels, "<Primary>e"));
  {
    g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (f->app),
                                                                    "<Control>e");

    g_assert_cmpuint (g_strv_length (actions), ==, 1);
    g_assert_cmpstr (actions[0], ==, "win.new-event");
  }

  /* …and the action it names opens the form on the Events page */
  dialog = open_event_dialog (f);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (ch_window_get_page (f->window), ==, "chapter");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
test_dialog_dst_gap (Fixture       *f,
                     gconstpointer  data)
{
  ChEventDialog *dialog;
  GtkWidget *start, *end;

  create_chapter (f);
  dialog = open_event_dialog (f);
  start = GTK_WIDGET (ch_event_dialog_get_entry (dialog, "start"));
  end = GTK_WIDGET (ch_event_dialog_get_entry (dialog, "end"));
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "title"), "Board Meeting");
  g_assert_true (ch_event_dialog_select (dialog, "timezone", "Europe/Stockholm"));

  /* 02:30 on the night clocks go forward in Stockholm does not exist */
  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "date"), "2027-03-28");
  gtk_editable_set_text (GTK_EDITABLE (start), "02:30");
  gtk_editable_set_text (GTK_EDITABLE (end), "04:00");
  g_assert_false (ch_event_dialog_save (dialog));
  g_assert_nonnull (ch_event_dialog_get_error (dialog));
  g_assert_nonnull (strstr (ch_event_dialog_get_error (dialog), "Europe/Stockholm"));
  /* The message names the first valid time, and the Starts row is marked */
  g_assert_nonnull (strstr (ch_event_dialog_get_error (dialog), "03:00"));
  g_assert_true (gtk_widget_has_css_class (start, "error"));
  g_assert_false (gtk_widget_has_css_class (end, "error"));
  g_assert_true (gtk_widget_has_focus (start) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), start));

  /* Typing the time it suggests clears the mark and saves */
  gtk_editable_set_text (GTK_EDITABLE (start), "03:00");
  g_assert_false (gtk_widget_has_css_class (start, "error"));
  g_assert_true (ch_event_dialog_save (dialog));
  g_assert_cmpuint (count_events (f), ==, 1);
}

static void
test_dates_without_padding (Fixture       *f,
                            gconstpointer  data)
{
  ChEventsPage *page;
  ChCheckInWindow *door;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *day = NULL;
  const char *line;
  const char *subtitle;

  /* The 5th of a month at least a month away: a one-digit day */
  {
    g_autoptr(GDateTime) later = g_date_time_add_months (now, 2);
    g_autoptr(GDateTime) fifth = g_date_time_new_utc (g_date_time_get_year (later),
                                                       g_date_time_get_month (later), 5, 12, 0, 0);

    date = g_date_time_format (fifth, "%Y-%m-%d");
    day = g_date_time_format (fifth, "%a 5 %b");
  }

  create_chapter (f);
  page = events_page (f);
  event_id = quick_event (f, "Chapter Meeting", date, CH_EVENT_FORMAT_IN_PERSON, 10);
  WAIT_FOR (ch_events_page_get_n_events (page) == 1);

  line = ch_events_page_get_event_text (page, 0);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, day));
  g_assert_null (strstr (line, "  "));

  g_assert_true (ch_events_page_select_event (page, event_id));
  door = ch_events_page_open_check_in (page);
  subtitle = ch_check_in_window_get_subtitle (door);
  g_assert_nonnull (strstr (subtitle, "Chapter Meeting"));
  g_assert_nonnull (strstr (subtitle, day));
  g_assert_null (strstr (subtitle, "  "));
  gtk_window_close (GTK_WINDOW (door));
}

/* The demo chapter's next meeting, as a chapter president first sees
 * it: the hybrid meeting with its room full and people waiting, its
 * form, and the door. */
static void
test_demo_event_detail (Fixture       *f,
                        gconstpointer  data)
{
  ChEventsPage *page = events_page (f);
  ChEventDialog *dialog;
  ChCheckInWindow *door;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-demo", NULL));
  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "chapter") == 0);
  /* New Event shows the Events page; close the form again. */
  dialog = open_event_dialog (f);
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (find_toplevel (CH_TYPE_EVENT_DIALOG) == NULL);

  /* The four of issue 6, and the twelve past ones the Insights need. */
  WAIT_FOR (ch_events_page_get_n_events (page) == 4 + 12);
  g_assert_true (g_str_has_prefix (ch_events_page_get_event_text (page, 0),
                                   "Chapter Meeting: Copilot for Partners, "));
  g_assert_nonnull (strstr (ch_events_page_get_event_text (page, 0),
                            "Hybrid, 25/25 in person, 2 waiting · 9/60 online"));
  g_assert_true (g_str_has_prefix (ch_events_page_get_event_text (page, 2),
                                   "Webinar: Selling Security to Small Businesses, "));
  g_assert_null (strstr (ch_events_page_get_event_text (page, 2), "in person"));
  g_assert_cmpstr (ch_events_page_get_mode_summary (page, CH_MODE_IN_PERSON), ==,
                   "25 of 25 seats taken, 2 waiting");
  g_assert_cmpstr (ch_events_page_get_mode_summary (page, CH_MODE_ONLINE), ==,
                   "9 of 60 places taken");
  g_assert_cmpuint (ch_events_page_get_n_registrations (page), ==, 36);
  g_assert_cmpint (find_registration (page, "Sara Lind — Online · Registered · Guest, "
                                      "sara.lind@example.se"), >=, 0);
  gui_test_save_shot (GTK_WIDGET (page), "events-page");
  {
    GObject *detail = gtk_widget_get_template_child (GTK_WIDGET (page), CH_TYPE_EVENTS_PAGE,
                                                     "event_detail");

    gui_test_save_shot (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (detail),
                                                                   CH_TYPE_EVENT_DETAIL,
                                                                   "registration_list")),
                        "registrations");
  }

  dialog = ch_events_page_edit_event (page, ch_events_page_get_selected_id (page));
  g_assert_true (ch_event_dialog_shows_mode (dialog, CH_MODE_IN_PERSON));
  g_assert_true (ch_event_dialog_shows_mode (dialog, CH_MODE_ONLINE));
  g_assert_cmpstr (gtk_editable_get_text (ch_event_dialog_get_entry (dialog, "capacity_in_person")),
                   ==, "25");
  gui_test_save_shot (GTK_WIDGET (dialog), "event-dialog");
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (find_toplevel (CH_TYPE_EVENT_DIALOG) == NULL);

  door = ch_events_page_open_check_in (page);
  g_assert_nonnull (door);
  g_assert_cmpstr (ch_check_in_window_get_count_text (door), ==, "0 of 25 checked in");
  gui_test_save_shot (GTK_WIDGET (door), "check-in");
  gtk_window_close (GTK_WINDOW (door));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/events/demo-event-detail", Fixture, NULL, fixture_set_up,
              test_demo_event_detail, fixture_tear_down);
  g_test_add ("/gui/events/hybrid-waitlist-check-in", Fixture, NULL, fixture_set_up,
              test_hybrid_waitlist_and_check_in, fixture_tear_down);
  g_test_add ("/gui/events/dialog-refuses-bad-times", Fixture, NULL, fixture_set_up,
              test_dialog_refuses_bad_times, fixture_tear_down);
  g_test_add ("/gui/events/duplicate-cancel", Fixture, NULL, fixture_set_up,
              test_duplicate_and_cancel, fixture_tear_down);

  g_test_add ("/gui/events/attendance-import", Fixture, NULL, fixture_set_up,
              test_attendance_import, fixture_tear_down);

  g_test_add ("/gui/events/sync-reconcile-toast", Fixture, NULL, fixture_set_up,
              test_sync_reconcile_toast, fixture_tear_down);
  g_test_add ("/gui/events/lower-capacity", Fixture, NULL, fixture_set_up,
              test_lower_capacity, fixture_tear_down);
  g_test_add ("/gui/events/walk-in", Fixture, NULL, fixture_set_up,
              test_walk_in, fixture_tear_down);
  g_test_add ("/gui/events/switch-mode", Fixture, NULL, fixture_set_up,
              test_switch_mode, fixture_tear_down);
  g_test_add ("/gui/events/export-ics", Fixture, NULL, fixture_set_up,
              test_export_ics, fixture_tear_down);
  g_test_add ("/gui/events/new-event-shortcut", Fixture, NULL, fixture_set_up,
              test_new_event_shortcut, fixture_tear_down);
  g_test_add ("/gui/events/dialog-dst-gap", Fixture, NULL, fixture_set_up,
              test_dialog_dst_gap, fixture_tear_down);
  g_test_add ("/gui/events/dates-without-padding", Fixture, NULL, fixture_set_up,
              test_dates_without_padding, fixture_tear_down);

  return g_test_run ();
}
