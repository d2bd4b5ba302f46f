/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-events-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ch-export-dialog.h"
#include "ch-event-detail.h"
#include "ch-event-detail-private.h"
#include "ch-event-row.h"
#include "ch-events.h"
#include "ch-events-page.h"
#include "ch-events-page-private.h"
#include "ch-events-page-class-private.h"
#include "ch-gui.h"
#include "ch-ics.h"
#include "ch-mail-compose-dialog.h"
#include "ch-registration.h"
#include "ch-seat-moves.h"

/* ----------------------------------------------------------------------- */
/* Event actions                                                           */

void
ch_events_page_on_event_saved_cb (ChEventsPage  *self,
                                  const char    *event_id,
                                  ChEventDialog *dialog)
{
  g_free (self->selected_id);
  self->selected_id = g_strdup (event_id);
  ch_events_page_reload (self);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  ch_events_page_new_event (CH_EVENTS_PAGE (widget));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ChEventsPage *self = ch_events_page_loaded (widget);

  if (self->selected_id != NULL)
    ch_events_page_edit_event (self, self->selected_id);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ChEventsPage *self = ch_events_page_loaded (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;

  if (self->selected_id == NULL)
    return;

  if (!ch_event_duplicate (self->store, self->selected_id, &copy, &error))
    {
      ch_events_page_show_toast (self, error->message);
      return;
    }

  /* Next month's meeting in two clicks: the copy opens for a look. */
  g_free (self->selected_id);
  self->selected_id = g_strdup (copy);
  ch_events_page_reload (self);
  ch_events_page_edit_event (self, copy);
}

static void
on_cancel_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       ChEventsPage     *self)
{
  if (g_strcmp0 (response, "cancel-event") == 0 && self->asked_id != NULL)
    ch_events_page_cancel_event (self, self->asked_id);
}

static void
cancel_event_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  ChEventsPage *self = ch_events_page_loaded (widget);
  GtkWidget *dialog;

  if (self->selected == NULL)
    return;

  /* Translators: %s is the event's title */
  dialog = adw_message_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Cancel “%s”?"),
                                     ch_event_get_title (self->selected));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The event stays in the list as cancelled, with its "
                                 "registrations. Calendars that import it again will show it "
                                 "as cancelled."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Event"),
                                    "cancel-event", _("_Cancel Event"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-event",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  /* The event asked about, even if another is selected meanwhile. */
  g_free (self->asked_id);
  self->asked_id = g_strdup (self->selected_id);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ch_event_detail_choose_export_file (ch_events_page_loaded (widget)->event_detail);
}

/* The selected event's registrations (mode, state, attendance, minutes). */
static void
export_registrations_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  ChEventsPage *self = ch_events_page_loaded (widget);
  g_autofree char *name = NULL;

  if (self->selected == NULL || self->store == NULL)
    return;

  /* Translators: the suggested file name; %s is the event's title */
  name = g_strdup_printf (_("%s – registrations"), ch_event_get_title (self->selected));
  ch_export_dialog_choose (widget, self->store, CH_EXPORT_SUBJECT_REGISTRATIONS,
                           ch_chapter_get_id (self->chapter), ch_event_get_id (self->selected),
                           _("Export Registrations"), name);
}

static void
add_to_calendar_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  ch_event_detail_add_to_calendar (ch_events_page_loaded (widget)->event_detail);
}

static void
import_attendance_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  ch_event_detail_choose_report (ch_events_page_loaded (widget)->event_detail);
}

static void
check_in_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ch_events_page_open_check_in (CH_EVENTS_PAGE (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ChEventsPage *self = ch_events_page_loaded (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

/* ----------------------------------------------------------------------- */
/* Registrations: what the detail does                                     */

static void
register_member_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  ch_event_detail_add_person (ch_events_page_loaded (widget)->event_detail, FALSE);
}

static void
add_guest_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ch_event_detail_add_person (ch_events_page_loaded (widget)->event_detail, TRUE);
}

static void
cancel_registration_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  ch_event_detail_cancel_registration (ch_events_page_loaded (widget)->event_detail,
                                       g_variant_get_string (param, NULL));
}

static void
switch_mode_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ch_event_detail_switch_mode (ch_events_page_loaded (widget)->event_detail,
                               g_variant_get_string (param, NULL));
}

static void
set_attended_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  ChEventsPage *self = ch_events_page_loaded (widget);
  const char *id = NULL;
  gboolean attended = FALSE;

  if (self->reloading)
    return;

  g_variant_get (param, "(&sb)", &id, &attended);
  ch_event_detail_set_attended (self->event_detail, id, attended);
}

/* "Write To": the event's people, "registered", "waitlisted", "attended"
 * or "no-show", and "@mode" for one mode only ("registered@online"). */
static void
write_to_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ChEventsPage *self = ch_events_page_loaded (widget);
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (param, NULL), "@", 2);
  g_autoptr(ChEvent) event = NULL;
  g_autoptr(ChMailSource) source = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->selected_id == NULL ||
      (event = ch_event_get (self->store, self->selected_id, NULL)) == NULL)
    return;

  source = ch_mail_source_new_event (ch_event_get_chapter_id (event), self->selected_id,
                                     parts[0], parts[1]);
  gtk_window_present (GTK_WINDOW (ch_mail_compose_dialog_new_for_source (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store, source)));
}

/* The page's actions ("events.new", …), installed on its class. */
void
ch_events_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "events.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "events.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "events.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "events.cancel-event", NULL,
                                   cancel_event_action);
  gtk_widget_class_install_action (widget_class, "events.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "events.export-registrations", NULL,
                                   export_registrations_action);
  gtk_widget_class_install_action (widget_class, "events.add-to-calendar", NULL,
                                   add_to_calendar_action);
  gtk_widget_class_install_action (widget_class, "events.import-attendance", NULL,
                                   import_attendance_action);
  gtk_widget_class_install_action (widget_class, "events.check-in", NULL, check_in_action);
  gtk_widget_class_install_action (widget_class, "events.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "events.write-to", "s", write_to_action);
  gtk_widget_class_install_action (widget_class, "events.register-member", NULL,
                                   register_member_action);
  gtk_widget_class_install_action (widget_class, "events.add-guest", NULL, add_guest_action);
  gtk_widget_class_install_action (widget_class, "events.cancel-registration", "s",
                                   cancel_registration_action);
  gtk_widget_class_install_action (widget_class, "events.switch-mode", "s", switch_mode_action);
  gtk_widget_class_install_action (widget_class, "events.set-attended", "(sb)",
                                   set_attended_action);
}
