/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ch-check-in-window.h"
#include "ch-events.h"
#include "ch-events-page.h"
#include "ch-member-dialog.h"
#include "ch-util.h"
#include "ch-window.h"

#include "ch-gui-test.h"

/*
 * Trust in daily use (issue 10): what a chapter president noticed while
 * using the window for real.
 */

static char *
add_person (Fixture    *f,
            const char *given,
            const char *family,
            const char *company)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  if (company != NULL)
    json_object_set_string_member (fields, "company", company);
  json_object_set_string_member (fields, "tier", CH_TIER_NETWORK);

  return fixture_add_member (f, fields);
}

static ChMemberDialog *
open_member (Fixture    *f,
             const char *id)
{
  ChMemberDialog *dialog;

  ch_members_page_open_member (ch_window_get_members_page (f->window), id);
  dialog = CH_MEMBER_DIALOG (find_toplevel (CH_TYPE_MEMBER_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (ch_member_dialog_get_member_id (dialog), ==, id);

  return dialog;
}

/* As a click on a response button: the answer, then the question closes. */
static void
respond (AdwMessageDialog *ask,
         const char       *response)
{
  g_object_ref (ask);
  adw_message_dialog_response (ask, response);
  gtk_window_close (GTK_WINDOW (ask));
  g_object_unref (ask);
}

static char *
member_text (Fixture    *f,
             const char *id,
             const char *field)
{
  g_autoptr(ChMember) member = ch_store_get_member (fixture_store (f), id, NULL);

  g_assert_nonnull (member);
  return g_strdup (ch_member_get_text (member, field));
}

/* The member form opens without the cursor in Given name with the text
 * selected: one key press would replace the name. */
static void
test_member_opens_without_selection (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *id = NULL;
  ChMemberDialog *dialog;
  GtkEditable *given;
  GtkWidget *focus;
  int start = 0, end = 0;

  create_chapter (f);
  id = add_person (f, "Ingrid", "Åkesson", "Contoso");
  dialog = open_member (f, id);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  given = ch_member_dialog_get_entry (dialog, "given_name");
  g_assert_cmpstr (gtk_editable_get_text (given), ==, "Ingrid");
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_true (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (given)));
  g_assert_false (gtk_editable_get_selection_bounds (given, &start, &end));
}

/* An edit on Profile, then Membership, then Close: the form asks. */
static void
test_member_asks_before_discarding (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *phone = NULL;
  ChMemberDialog *dialog;
  AdwMessageDialog *ask;

  create_chapter (f);
  id = add_person (f, "Ingrid", "Åkesson", "Contoso");

  /* Nothing changed: Close closes without asking. */
  dialog = open_member (f, id);
  ch_member_dialog_show_page (dialog, "membership");
  activate_and_wait_closed (dialog, "window.close", CH_TYPE_MEMBER_DIALOG);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  /* Changed, then Close on another tab: asked, and Cancel keeps the form. */
  dialog = open_member (f, id);
  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "phone"), "+46 70 123 45 67");
  ch_member_dialog_show_page (dialog, "membership");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  ask = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  g_assert_cmpstr (adw_message_dialog_get_heading (ask), ==, "Save changes to Ingrid Åkesson?");
  g_assert_true (adw_message_dialog_has_response (ask, "discard"));
  g_assert_true (adw_message_dialog_has_response (ask, "cancel"));
  g_assert_true (adw_message_dialog_has_response (ask, "save"));
  respond (ask, "cancel");
  WAIT_FOR (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  g_assert_true (find_toplevel (CH_TYPE_MEMBER_DIALOG) == GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_editable_get_text (ch_member_dialog_get_entry (dialog, "phone")), ==,
                   "+46 70 123 45 67");

  /* Save is there on the Membership tab too. */
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (gtk_window_get_default_widget (GTK_WINDOW (dialog)))));

  /* Save from the question saves and closes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  ask = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  respond (ask, "save");
  WAIT_FOR (find_toplevel (CH_TYPE_MEMBER_DIALOG) == NULL);
  phone = member_text (f, id, "phone");
  g_assert_cmpstr (phone, ==, "+46 70 123 45 67");

  /* Discard closes and keeps what was stored. */
  dialog = open_member (f, id);
  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "phone"), "000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  ask = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  respond (ask, "discard");
  WAIT_FOR (find_toplevel (CH_TYPE_MEMBER_DIALOG) == NULL);
  g_clear_pointer (&phone, g_free);
  phone = member_text (f, id, "phone");
  g_assert_cmpstr (phone, ==, "+46 70 123 45 67");
}


/* At the door: three "Johan Dahl" tell apart by company, and Enter with
 * several matches checks nobody in. */
static void
test_check_in_same_names (Fixture       *f,
                          gconstpointer  data)
{
  const char *companies[] = { "Contoso", "Fabrikam", "Northwind" };
  g_autoptr(JsonObject) event = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 10);
  g_autofree char *starts = g_date_time_format (later, "%Y-%m-%d 18:00");
  g_autofree char *ends = g_date_time_format (later, "%Y-%m-%d 20:00");
  g_autofree char *event_id = NULL;
  g_autofree char *anna = NULL;
  ChEventsPage *page;
  ChCheckInWindow *door;

  create_chapter (f);
  json_object_set_string_member (event, "title", "December Chapter Meeting");
  json_object_set_string_member (event, "starts_local", starts);
  json_object_set_string_member (event, "ends_local", ends);
  json_object_set_string_member (event, "timezone", "Europe/Stockholm");
  json_object_set_string_member (event, "format", CH_EVENT_FORMAT_IN_PERSON);
  json_object_set_string_member (event, "status", CH_EVENT_STATUS_PUBLISHED);
  g_assert_true (ch_event_save (fixture_store (f), fixture_chapter_id (f), NULL, event, &event_id, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (companies); i++)
    {
      g_autofree char *id = add_person (f, "Johan", "Dahl", companies[i]);

      g_assert_true (ch_registration_add (fixture_store (f), event_id, id, NULL, NULL, CH_MODE_IN_PERSON,
                                          NULL, NULL, &error));
      g_assert_no_error (error);
    }
  anna = add_person (f, "Anna", "Berg", "Contoso");
  g_assert_true (ch_registration_add (fixture_store (f), event_id, anna, NULL, NULL, CH_MODE_IN_PERSON,
                                      NULL, NULL, &error));
  g_assert_no_error (error);

  page = ch_window_get_events_page (f->window);
  WAIT_FOR (ch_events_page_get_n_events (page) == 1);
  g_assert_true (ch_events_page_select_event (page, event_id));
  door = ch_events_page_open_check_in (page);
  g_assert_cmpstr (ch_check_in_window_get_count_text (door), ==, "0 of 4 checked in");

  gtk_editable_set_text (ch_check_in_window_get_search_entry (door), "johan dahl");
  WAIT_FOR (ch_check_in_window_get_n_matches (door) == 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *detail = ch_check_in_window_get_match_detail (door, i);

      g_assert_cmpstr (ch_check_in_window_get_match_name (door, i), ==, "Johan Dahl");
      g_assert_true (strstr (detail, "Contoso") || strstr (detail, "Fabrikam") ||
                     strstr (detail, "Northwind"));
    }

  /* Enter with three matches: nobody is checked in, the window says why. */
  g_signal_emit_by_name (ch_check_in_window_get_search_entry (door), "activate");
  g_assert_cmpstr (ch_check_in_window_get_count_text (door), ==, "0 of 4 checked in");
  g_assert_cmpstr (ch_check_in_window_get_feedback (door), ==, "3 people match — choose one");
  g_assert_cmpuint (ch_check_in_window_get_n_matches (door), ==, 3);

  /* Narrowed to one: Enter checks that one in. */
  gtk_editable_set_text (ch_check_in_window_get_search_entry (door), "johan northwind");
  WAIT_FOR (ch_check_in_window_get_n_matches (door) == 1);
  g_signal_emit_by_name (ch_check_in_window_get_search_entry (door), "activate");
  g_assert_cmpstr (ch_check_in_window_get_count_text (door), ==, "1 of 4 checked in");
  g_assert_cmpstr (ch_check_in_window_get_feedback (door), ==, "✓ Johan Dahl is checked in — welcome!");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/daily-use/member-opens-without-selection", Fixture, NULL, fixture_set_up,
              test_member_opens_without_selection, fixture_tear_down);
  g_test_add ("/gui/daily-use/member-asks-before-discarding", Fixture, NULL, fixture_set_up,
              test_member_asks_before_discarding, fixture_tear_down);

  g_test_add ("/gui/daily-use/check-in-same-names", Fixture, NULL, fixture_set_up,
              test_check_in_same_names, fixture_tear_down);

  return g_test_run ();
}
