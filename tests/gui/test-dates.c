/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "ch-date.h"
#include "ch-date-row-private.h"
#include "ch-date-text.h"
#include "ch-event-dialog.h"
#include "ch-event-dialog-private.h"
#include "ch-events.h"
#include "ch-event.h"
#include "ch-event-time.h"
#include "ch-gui-test.h"
#include "ch-member-dialog.h"
#include "ch-member-dialog-private.h"
#include "ch-member.h"
#include "ch-member-list.h"
#include "ch-members-page.h"
#include "ch-payment-dialog.h"
#include "ch-payment-dialog-private.h"
#include "ch-payments.h"
#include "ch-date-entry.h"
#include "ch-insights.h"
#include "ch-insights-page.h"
#include "ch-insights-page-private.h"
#include "ch-renewals-page.h"
#include "ch-tier.h"

/*
 * Date fields as a German officer uses them (LC_TIME de_DE): dates shown
 * and typed as 03.12.2026, ISO still understood, a bad date kept and
 * marked with a clear message, a day picked from the calendar popover
 * with the keyboard (arrows, Enter) and with a click; times on the
 * desktop's 12-hour clock.
 */

static gboolean
german_dates (void)
{
  if (setlocale (LC_TIME, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("locale de_DE.UTF-8 is not installed (Debian: locales-all)");
      return FALSE;
    }

  return TRUE;
}

/* Sends @keyval to the calendar's key controllers, as a key press would
 * reach them (ours in the capture phase first). */
static void
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  const GtkPropagationPhase phases[] = { GTK_PHASE_CAPTURE, GTK_PHASE_BUBBLE };

  for (guint p = 0; p < G_N_ELEMENTS (phases) && !handled; p++)
    for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
      {
        g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (c) &&
            gtk_event_controller_get_propagation_phase (c) == phases[p])
          g_signal_emit_by_name (c, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
      }
}

/* The label of day @day of the shown month in @calendar. */
static GtkWidget *
find_day (GtkWidget  *widget,
          const char *day)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "day-number") &&
          !gtk_widget_has_css_class (child, "other-month") &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), day) == 0)
        return child;
      if ((found = find_day (child, day)) != NULL)
        return found;
    }

  return NULL;
}

/* A click on day @day: the press goes to the calendar's click gestures,
 * capture phase (ours) first, then the calendar's own. */
static void
click_day (GtkCalendar *calendar,
           const char  *day)
{
  GtkWidget *label = find_day (GTK_WIDGET (calendar), day);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (calendar));
  const GtkPropagationPhase phases[] = { GTK_PHASE_CAPTURE, GTK_PHASE_BUBBLE };
  graphene_point_t in_label, in_calendar;

  g_assert_nonnull (label);
  in_label = GRAPHENE_POINT_INIT (gtk_widget_get_width (label) / 2.f,
                                  gtk_widget_get_height (label) / 2.f);
  g_assert_true (gtk_widget_compute_point (label, GTK_WIDGET (calendar), &in_label,
                                           &in_calendar));

  for (guint p = 0; p < G_N_ELEMENTS (phases); p++)
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_GESTURE_CLICK (c) &&
            gtk_event_controller_get_propagation_phase (c) == phases[p])
          g_signal_emit_by_name (c, "pressed", 1, (double) in_calendar.x,
                                 (double) in_calendar.y);
      }
}

static gboolean
button_on_screen (ChDateRow *row)
{
  GtkWidget *button = GTK_WIDGET (ch_date_row_get_button (row));
  GtkWidget *native = GTK_WIDGET (gtk_widget_get_native (button));
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (button, native, &bounds) && bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (native);
}

static void
open_calendar (ChDateRow *row)
{
  GtkPopover *popover = ch_date_row_get_popover (row);

  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (ch_date_row_get_button (row))));
  /* The dialog's X window has its size (no window manager under Xvfb to
   * hurry it), so the popover can be placed against it. */
  WAIT_FOR (gdk_surface_get_width (gtk_native_get_surface (
              gtk_widget_get_native (GTK_WIDGET (row)))) > 1);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  /* Tab to the button, as a keyboard user would: the form scrolls it
   * into view (a click needs it on screen too). */
  gtk_widget_grab_focus (GTK_WIDGET (ch_date_row_get_button (row)));
  WAIT_FOR (button_on_screen (row));
  gtk_menu_button_popup (ch_date_row_get_button (row));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  /* Laid out, so a click lands on the day it aims at. */
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (ch_date_row_get_calendar (row))) > 0);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_member_dialog (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *today = NULL;
  g_autofree char *id = NULL;
  g_autoptr(ChMember) member = NULL;
  g_autoptr(GDateTime) picked = NULL;
  ChMemberDialog *dialog;
  GtkEditable *joined;
  ChDateRow *row;
  GtkAccessible *button;
  GDate date;

  if (!german_dates ())
    return;

  create_chapter (f);
  dialog = CH_MEMBER_DIALOG (open_toplevel (f->window, "win.add-member",
                                            CH_TYPE_MEMBER_DIALOG));
  joined = ch_member_dialog_get_entry (dialog, "joined_on");
  g_assert_true (CH_IS_DATE_ROW (joined));
  row = CH_DATE_ROW (joined);

  /* A new member joins today, shown the German way. */
  ch_date_today ("Europe/Stockholm", &date);
  today = ch_date_text_format (&date);
  g_assert_cmpstr (gtk_editable_get_text (joined), ==, today);
  g_assert_nonnull (strchr (today, '.'));

  /* The calendar button is reachable and says what it is for. */
  button = GTK_ACCESSIBLE (ch_date_row_get_button (row));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (button)) ||
                 gtk_widget_get_focusable (gtk_widget_get_first_child (GTK_WIDGET (button))));

  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "given_name"), "Greta");
  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "family_name"), "Lindqvist");
  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "email"), "greta@fabrikam.se");

  /* A day February does not have: refused, kept as typed, marked. */
  gtk_editable_set_text (joined, "31.02.2026");
  g_assert_false (ch_member_dialog_save (dialog));
  g_assert_cmpstr (ch_member_dialog_get_error (dialog), ==,
                   "“31.02.2026” is not a date. Write it like 31.12.2026, "
                   "or pick it from the calendar.");
  g_assert_cmpstr (gtk_editable_get_text (joined), ==, "31.02.2026");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));

  /* Typed the German way, then one day on with the keyboard in the
   * calendar: Right, Enter. */
  gtk_editable_set_text (joined, "3.12.2026");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  open_calendar (row);
  picked = gtk_calendar_get_date (ch_date_row_get_calendar (row));
  g_assert_cmpint (g_date_time_get_day_of_month (picked), ==, 3);
  g_assert_cmpint (g_date_time_get_month (picked), ==, 12);
  gui_test_save_shot (GTK_WIDGET (dialog), "dates-member-dialog");
  gui_test_save_shot (GTK_WIDGET (ch_date_row_get_popover (row)), "dates-member-calendar");
  press_key (GTK_WIDGET (ch_date_row_get_calendar (row)), GDK_KEY_Right);
  g_assert_cmpstr (gtk_editable_get_text (joined), ==, "3.12.2026");
  press_key (GTK_WIDGET (ch_date_row_get_calendar (row)), GDK_KEY_Return);
  WAIT_FOR (!gtk_widget_get_visible (GTK_WIDGET (ch_date_row_get_popover (row))));
  g_assert_cmpstr (gtk_editable_get_text (joined), ==, "04.12.2026");

  g_assert_true (ch_member_dialog_save (dialog));
  id = ch_store_find_member_by_email (fixture_store (f), fixture_chapter_id (f),
                                      "greta@fabrikam.se", NULL);
  g_assert_nonnull (id);
  member = ch_store_get_member (fixture_store (f), id, NULL);
  g_assert_cmpstr (ch_member_get_joined_on (member), ==, "2026-12-04");
}

static void
test_event_dialog (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  ChEventDialog *dialog;
  GtkEditable *date;
  ChDateRow *row;
  ChEvent *event;
  g_autofree char *local = NULL;

  if (!german_dates ())
    return;

  /* The desktop shows a 12-hour clock. */
  ch_date_text_set_clock_24h (FALSE);

  create_chapter (f);
  dialog = CH_EVENT_DIALOG (open_toplevel (f->window, "win.new-event", CH_TYPE_EVENT_DIALOG));
  g_assert_cmpstr (gtk_editable_get_text (ch_event_dialog_get_entry (dialog, "start")), ==,
                   "6:00 PM");
  g_assert_cmpstr (gtk_editable_get_text (ch_event_dialog_get_entry (dialog, "end")), ==,
                   "8:00 PM");

  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "title"), "Julmöte");
  date = ch_event_dialog_get_entry (dialog, "date");
  row = CH_DATE_ROW (date);

  /* A month that does not exist: refused with the field's message. */
  gtk_editable_set_text (date, "2026-13-01");
  g_assert_false (ch_event_dialog_save (dialog));
  g_assert_cmpstr (ch_event_dialog_get_error (dialog), ==,
                   "“2026-13-01” is not a date. Write it like 31.12.2026, "
                   "or pick it from the calendar.");
  g_assert_cmpstr (gtk_editable_get_text (date), ==, "2026-13-01");

  /* Empty: asked for, with an example in the German form. */
  gtk_editable_set_text (date, "");
  g_assert_false (ch_event_dialog_save (dialog));
  g_assert_cmpstr (ch_event_dialog_get_error (dialog), ==,
                   "Enter a date, for example 31.12.2026.");

  /* ISO is understood too; then the 17th picked with a click. */
  gtk_editable_set_text (date, "2026-12-24");
  open_calendar (row);
  click_day (ch_date_row_get_calendar (row), "17");
  WAIT_FOR (!gtk_widget_get_visible (GTK_WIDGET (ch_date_row_get_popover (row))));
  g_assert_cmpstr (gtk_editable_get_text (date), ==, "17.12.2026");

  /* Escape closes the calendar and keeps the date. */
  open_calendar (row);
  gui_test_save_shot (GTK_WIDGET (dialog), "dates-event-dialog");
  gui_test_save_shot (GTK_WIDGET (ch_date_row_get_popover (row)), "dates-event-calendar");
  gtk_popover_popdown (ch_date_row_get_popover (row));
  WAIT_FOR (!gtk_widget_get_visible (GTK_WIDGET (ch_date_row_get_popover (row))));
  g_assert_cmpstr (gtk_editable_get_text (date), ==, "17.12.2026");

  gtk_editable_set_text (ch_event_dialog_get_entry (dialog, "end"), "9:30 pm");
  g_assert_true (ch_event_dialog_select (dialog, "timezone", "Europe/Stockholm"));
  g_assert_true (ch_event_dialog_save (dialog));
  WAIT_FOR (find_toplevel (CH_TYPE_EVENT_DIALOG) == NULL);

  events = ch_event_list (fixture_store (f), fixture_chapter_id (f), TRUE, NULL);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  local = ch_event_time_utc_to_local ("Europe/Stockholm", ch_event_get_starts_at (event));
  g_assert_cmpstr (local, ==, "2026-12-17 18:00");
  g_clear_pointer (&local, g_free);
  local = ch_event_time_utc_to_local ("Europe/Stockholm", ch_event_get_ends_at (event));
  g_assert_cmpstr (local, ==, "2026-12-17 21:30");

  ch_date_text_set_clock_24h (-1);
}

/* The payment form: the period covered is filled in the German way from
 * the day typed, and stored as ISO. */
static void
test_payment_dialog (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GPtrArray) payments = NULL;
  g_autofree char *id = NULL;
  ChMemberDialog *member;
  ChPaymentDialog *payment;

  if (!german_dates ())
    return;

  create_chapter (f);
  json_object_set_string_member (fields, "given_name", "Greta");
  json_object_set_string_member (fields, "family_name", "Lund");
  json_object_set_string_member (fields, "tier", CH_TIER_CHAPTER);
  json_object_set_string_member (fields, "joined_on", "2024-11-17");
  json_object_set_string_member (fields, "dues_paid_until", "2026-11-16");
  id = fixture_add_member (f, fields);
  WAIT_FOR (fixture_n_shown (f) == 1 && !ch_member_list_get_loading (fixture_member_list (f)));

  /* The Renewals page says how long ago the dues ran out. */
  {
    GtkWidget *renewals = GTK_WIDGET (ch_window_get_renewals_page (f->window));
    GtkWidget *stack = gtk_widget_get_ancestor (renewals, ADW_TYPE_VIEW_STACK);

    adw_view_stack_set_visible_child (ADW_VIEW_STACK (stack), renewals);
    gui_test_save_shot (GTK_WIDGET (f->window), "dates-renewals");
  }

  ch_members_page_open_member (ch_window_get_members_page (f->window), id);
  member = CH_MEMBER_DIALOG (find_toplevel (CH_TYPE_MEMBER_DIALOG));
  g_assert_nonnull (member);
  ch_member_dialog_show_page (member, "membership");
  gui_test_save_shot (GTK_WIDGET (member), "dates-membership-page");

  payment = CH_PAYMENT_DIALOG (open_toplevel (member, "member.record-payment",
                                              CH_TYPE_PAYMENT_DIALOG));
  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "paid_on"), "2.12.2026");
  g_assert_cmpstr (gtk_editable_get_text (ch_payment_dialog_get_entry (payment, "covers_from")),
                   ==, "17.11.2026");
  g_assert_cmpstr (gtk_editable_get_text (ch_payment_dialog_get_entry (payment, "covers_until")),
                   ==, "16.11.2027");
  gui_test_save_shot (GTK_WIDGET (payment), "dates-payment-dialog");

  /* A day that does not exist: the until field says so. */
  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "covers_until"), "30.02.2027");
  g_assert_false (ch_payment_dialog_save (payment));
  g_assert_cmpstr (ch_payment_dialog_get_error (payment), ==,
                   "“30.02.2027” is not a date. Write it like 31.12.2026, "
                   "or pick it from the calendar.");
  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "covers_until"), "16.11.2027");
  g_assert_true (ch_payment_dialog_save (payment));

  payments = ch_payments_list (fixture_store (f), fixture_chapter_id (f), id, NULL);
  g_assert_cmpuint (payments->len, ==, 1);
  g_assert_cmpstr (ch_payment_get_paid_on (g_ptr_array_index (payments, 0)), ==, "2026-12-02");
  g_assert_cmpstr (ch_payment_get_covers_until (g_ptr_array_index (payments, 0)), ==,
                   "2027-11-16");
}

/* The first descendant of @widget of @type after skipping @skip. */
static GtkWidget *
find_child (GtkWidget *widget,
            GType      type,
            guint     *skip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && (*skip)-- == 0)
        return child;
      if ((found = find_child (child, type, skip)) != NULL)
        return found;
    }

  return NULL;
}

/* Insights → Custom Period: the two days typed the German way. */
static void
test_insights_period (Fixture       *f,
                      gconstpointer  data)
{
  ChInsightsPage *page;
  GtkWidget *stack;
  GtkDropDown *period;
  ChDateEntry *from, *to;
  guint skip;
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = NULL;

  if (!german_dates ())
    return;

  create_chapter (f);
  skip = 0;
  page = CH_INSIGHTS_PAGE (find_child (GTK_WIDGET (f->window), CH_TYPE_INSIGHTS_PAGE, &skip));
  g_assert_nonnull (page);
  stack = gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "insights");
  WAIT_FOR (ch_insights_page_get_insights (page) != NULL);

  skip = 0;
  period = GTK_DROP_DOWN (find_child (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, &skip));
  gtk_drop_down_set_selected (period, CH_INSIGHTS_PERIOD_CUSTOM);
  skip = 0;
  from = CH_DATE_ENTRY (find_child (GTK_WIDGET (page), CH_TYPE_DATE_ENTRY, &skip));
  skip = 1;
  to = CH_DATE_ENTRY (find_child (GTK_WIDGET (page), CH_TYPE_DATE_ENTRY, &skip));
  g_assert_nonnull (from);
  g_assert_nonnull (to);
  /* The period shown so far, the German way. */
  g_assert_nonnull (strchr (gtk_editable_get_text (GTK_EDITABLE (from)), '.'));

  gtk_editable_set_text (GTK_EDITABLE (from), "1.1.2026");
  gtk_editable_set_text (GTK_EDITABLE (to), "31.06.2026");
  bad = ch_date_entry_dup_iso (to, &error);
  g_assert_null (bad);
  g_assert_cmpstr (error->message, ==, "“31.06.2026” is not a date. Write it like 31.12.2026, "
                                       "or pick it from the calendar.");
  gtk_editable_set_text (GTK_EDITABLE (to), "30.06.2026");
  g_signal_emit_by_name (to, "activate");
  WAIT_FOR (g_strcmp0 (ch_insights_get_from (ch_insights_page_get_insights (page)),
                       "2026-01-01") == 0);
  g_assert_cmpstr (ch_insights_get_to (ch_insights_page_get_insights (page)), ==, "2026-06-30");
  gui_test_save_shot (GTK_WIDGET (f->window), "dates-insights-period");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/dates/member-dialog", Fixture, NULL, fixture_set_up,
              test_member_dialog, fixture_tear_down);
  g_test_add ("/gui/dates/event-dialog", Fixture, NULL, fixture_set_up,
              test_event_dialog, fixture_tear_down);

  g_test_add ("/gui/dates/payment-dialog", Fixture, NULL, fixture_set_up,
              test_payment_dialog, fixture_tear_down);

  g_test_add ("/gui/dates/insights-period", Fixture, NULL, fixture_set_up,
              test_insights_period, fixture_tear_down);

  return g_test_run ();
}
