/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-event-detail"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ch-attendance-dialog.h"
#include "ch-event-detail.h"
#include "ch-event-detail-private.h"
#include "ch-event-time.h"
#include "ch-gui.h"
#include "ch-ics.h"
#include "ch-person-dialog.h"
#include "ch-registration-row.h"
#include "ch-registrations.h"
#include "ch-wrap-box.h"

struct _ChEventDetail
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkFlowBox *cards_box;
  GtkWidget  *clamp;
  GtkLabel   *description_label;
  GtkLabel   *join_label;
  GtkLabel   *kind_label;
  GtkListBox *registration_list;
  GtkLabel   *status_label;
  GtkLabel   *time_label;
  GtkLabel   *title_label;
  GtkLabel   *venue_label;

  ChSession  *session;
  ChStore    *store;        /* the session's */
  char       *chapter_id;   /* the session's when shown */
  ChEvent    *event;
  char       *mode_summary[2];
  GPtrArray  *registration_texts;
  GPtrArray  *registration_ids;
  char       *asked_id;     /* the event a file chooser is about */
};

enum {
  TOAST,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChEventDetail, ch_event_detail, GTK_TYPE_WIDGET)

static const char *modes[] = { CH_MODE_IN_PERSON, CH_MODE_ONLINE };

static void
toast (ChEventDetail *self,
       const char    *text)
{
  g_signal_emit (self, signals[TOAST], 0, text);
}

/* ----------------------------------------------------------------------- */
/* What it shows                                                           */

static void
stat_line (GtkGrid    *grid,
           int         top,
           const char *what,
           guint       value)
{
  GtkWidget *name = gtk_label_new (what);
  g_autofree char *text = g_strdup_printf ("%u", value);
  GtkWidget *number = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (number), 1);
  gtk_widget_add_css_class (number, "numeric");
  gtk_grid_attach (grid, name, 0, top, 1, 1);
  gtk_grid_attach (grid, number, 1, top, 1, 1);
}

static char *
card_summary (guint                m,
              const ChEventCounts *counts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (counts->capacity == G_MAXUINT)
    g_string_printf (text, ngettext ("%u registered, no limit", "%u registered, no limit",
                                     counts->registered),
                     counts->registered);
  else if (counts->registered > counts->capacity)
    /* Translators: more people seated than the capacity (it was lowered,
     * or walk-ins came), e.g. "26 registered for 25 seats" */
    g_string_printf (text,
                     m == 0 ? ngettext ("%u registered for %u seat",
                                        "%u registered for %u seats", counts->capacity)
                            : ngettext ("%u registered for %u place",
                                        "%u registered for %u places", counts->capacity),
                     counts->registered, counts->capacity);
  else if (m == 0)
    /* Translators: e.g. "2 of 40 seats taken" */
    g_string_printf (text, ngettext ("%u of %u seat taken", "%u of %u seats taken",
                                     counts->capacity),
                     counts->registered, counts->capacity);
  else
    g_string_printf (text, ngettext ("%u of %u place taken", "%u of %u places taken",
                                     counts->capacity),
                     counts->registered, counts->capacity);
  if (counts->waitlisted > 0)
    {
      /* Translators: how many are on the waiting list, after "2 of 40 seats taken" */
      g_autofree char *waiting = g_strdup_printf (ngettext ("%u waiting", "%u waiting",
                                                            counts->waitlisted),
                                                  counts->waitlisted);

      /* Translators: %1$s is how many places are taken ("2 of 40 seats taken"),
       * %2$s how many wait ("3 waiting") */
      return g_strdup_printf (C_("places taken and waiting", "%1$s, %2$s"), text->str, waiting);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_card (ChEventDetail       *self,
          guint                m,
          const ChEventCounts *counts)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (m == 0 ? _("In Person") : _("Online"));
  GtkWidget *summary;
  GtkWidget *grid = gtk_grid_new ();

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "event-card");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (card), title);

  g_free (self->mode_summary[m]);
  self->mode_summary[m] = card_summary (m, counts);
  summary = gtk_label_new (self->mode_summary[m]);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_widget_add_css_class (summary, "title-4");
  gtk_box_append (GTK_BOX (card), summary);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 3);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  stat_line (GTK_GRID (grid), 0, _("Registered"), counts->registered);
  stat_line (GTK_GRID (grid), 1, _("Waitlisted"), counts->waitlisted);
  stat_line (GTK_GRID (grid), 2, C_("event count", "Attended"), counts->attended);
  stat_line (GTK_GRID (grid), 3, _("No-show"), counts->no_show);
  gtk_box_append (GTK_BOX (card), grid);

  gtk_flow_box_append (self->cards_box, card);
}

static void
clear (ChEventDetail *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box))) != NULL)
    gtk_flow_box_remove (self->cards_box, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->registration_list))) != NULL)
    gtk_list_box_remove (self->registration_list, child);
  g_ptr_array_set_size (self->registration_texts, 0);
  g_ptr_array_set_size (self->registration_ids, 0);
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    g_clear_pointer (&self->mode_summary[m], g_free);
}

static void
show_header (ChEventDetail *self,
             ChEvent       *event)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GString) venue = g_string_new (NULL);
  g_autofree char *kind = NULL;
  g_autofree char *when = NULL;
  const char *description;
  const char *url;

  gtk_label_set_text (self->title_label, ch_event_get_title (event));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), !ch_event_is_published (event));
  gtk_label_set_text (self->status_label, ch_event_status_label (ch_event_get_status (event)));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "lapsed");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "prospect");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label),
                            ch_event_is_cancelled (event) ? "lapsed" : "prospect");

  /* Translators: kind and format of an event, e.g. "Chapter meeting · Hybrid" */
  kind = g_strdup_printf (_("%s · %s"), ch_event_kind_label (ch_event_get_kind (event)),
                          ch_event_format_label (ch_event_get_format (event)));
  gtk_label_set_text (self->kind_label, kind);

  when = ch_event_time_describe (ch_event_get_timezone (event), ch_event_get_starts_at (event),
                                 ch_event_get_ends_at (event),
                                 g_time_zone_get_identifier (local));
  {
    /* "(Europe/Stockholm)" stays on one line: no break after the slash
     * (U+2060 WORD JOINER). */
    g_auto(GStrv) parts = g_strsplit (when ? when : "", "/", -1);
    g_autofree char *unbroken = g_strjoinv ("/\u2060", parts);

    gtk_label_set_text (self->time_label, unbroken);
  }

  if (ch_event_has_in_person_side (event))
    {
      if (ch_event_get_venue_name (event) != NULL)
        g_string_append (venue, ch_event_get_venue_name (event));
      if (ch_event_get_venue_address (event) != NULL)
        {
          if (venue->len > 0)
            g_string_append (venue, "\n");
          g_string_append (venue, ch_event_get_venue_address (event));
        }
    }
  gtk_label_set_text (self->venue_label, venue->str);
  gtk_widget_set_visible (GTK_WIDGET (self->venue_label), venue->len > 0);

  url = ch_event_has_online_side (event) ? ch_event_get_join_url (event) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->join_label), url != NULL);
  if (url != NULL)
    {
      /* Translators: the link to an online meeting; %s is its address */
      g_autofree char *markup = g_markup_printf_escaped (_("Join online: <a href=\"%s\">%s</a>"),
                                                         url, url);

      gtk_label_set_markup (self->join_label, markup);
    }

  description = ch_event_get_description (event);
  gtk_label_set_text (self->description_label, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL);
}

void
ch_event_detail_show (ChEventDetail *self,
                      ChSession     *session,
                      ChEvent       *event)
{
  g_autoptr(GPtrArray) regs = NULL;
  ChEventCounts counts[2];
  ChStore *store;

  g_return_if_fail (CH_IS_EVENT_DETAIL (self));
  g_return_if_fail (session == NULL || CH_IS_SESSION (session));

  store = session != NULL ? ch_session_get_store (session) : NULL;
  g_set_object (&self->session, session);
  g_set_object (&self->store, store);
  g_free (self->chapter_id);
  self->chapter_id = g_strdup (session != NULL ? ch_session_get_chapter_id (session) : NULL);
  g_set_object (&self->event, event);

  clear (self);
  if (event == NULL || store == NULL)
    return;

  show_header (self, event);

  if (ch_event_counts (store, ch_event_get_id (event), counts, NULL))
    for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
      if (ch_event_has_side (event, modes[m]))
        add_card (self, m, &counts[m]);

  regs = ch_registration_list (store, ch_event_get_id (event), NULL);
  for (guint i = 0; regs != NULL && i < regs->len; i++)
    {
      ChRegistration *reg = g_ptr_array_index (regs, i);
      GtkWidget *row = ch_registration_row_new (reg, ch_event_is_hybrid (event));

      gtk_list_box_append (self->registration_list, row);
      g_ptr_array_add (self->registration_texts,
                       ch_registration_row_dup_text (CH_REGISTRATION_ROW (row)));
      g_ptr_array_add (self->registration_ids, g_strdup (ch_registration_get_id (reg)));
    }

  if (regs == NULL || regs->len == 0)
    {
      GtkWidget *empty = gtk_label_new (_("Nobody has registered yet."));

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_widget_set_margin_top (empty, 18);
      gtk_widget_set_margin_bottom (empty, 18);
      gtk_list_box_append (self->registration_list, empty);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (empty)), FALSE);
    }
}

/* ----------------------------------------------------------------------- */
/* Registrations                                                           */

static char *
registration_name (ChEventDetail *self,
                   const char    *registration_id)
{
  g_autoptr(ChRegistration) reg = ch_registration_get (self->store, registration_id, NULL);

  return reg != NULL ? g_strdup (ch_registration_get_display_name (reg)) : NULL;
}

static void
toast_promoted (ChEventDetail *self,
                const char    *promoted_id)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (promoted_id == NULL)
    return;

  name = registration_name (self, promoted_id);
  /* Translators: %s is a person's name */
  text = g_strdup_printf (_("%s moved up from the waitlist"), name ? name : _("Somebody"));
  toast (self, text);
}

static void
toast_waitlisted (ChEventDetail *self,
                  const char    *name,
                  const char    *mode)
{
  g_autofree char *text = NULL;

  if (g_str_equal (mode, CH_MODE_ONLINE))
    /* Translators: %s is a person's name */
    text = g_strdup_printf (_("%s is on the waitlist: all places online are taken"), name);
  else
    /* Translators: %s is a person's name */
    text = g_strdup_printf (_("%s is on the waitlist: all places in person are taken"), name);
  toast (self, text);
}

static void
on_person_chosen_cb (ChPersonDialog *dialog,
                     const char     *member_id,
                     const char     *guest_name,
                     const char     *guest_email,
                     const char     *mode,
                     ChEventDetail  *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reg_id = NULL;
  g_autofree char *name = NULL;
  gboolean waitlisted = FALSE;

  if (self->event == NULL)
    return;
  if (mode == NULL)
    mode = ch_event_get_default_mode (self->event);

  if (!ch_registration_add (self->store, ch_event_get_id (self->event), member_id, guest_name,
                            guest_email, mode, &reg_id, &waitlisted, &error))
    {
      ch_person_dialog_show_error (dialog, error->message);
      return;
    }

  gtk_window_close (GTK_WINDOW (dialog));

  name = registration_name (self, reg_id);
  if (waitlisted)
    toast_waitlisted (self, name ? name : guest_name, mode);
  else
    {
      g_autofree char *text = g_strdup_printf (_("%s is registered"), name ? name : guest_name);

      toast (self, text);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

void
ch_event_detail_add_person (ChEventDetail *self,
                            gboolean       guest)
{
  g_autoptr(GPtrArray) regs = NULL;
  g_autoptr(GPtrArray) taken = g_ptr_array_new ();
  ChPersonDialogKind kind = guest ? CH_PERSON_GUEST : CH_PERSON_MEMBER;
  ChPersonDialog *dialog;

  g_return_if_fail (CH_IS_EVENT_DETAIL (self));

  if (self->event == NULL || self->store == NULL)
    return;

  dialog = ch_person_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)), self->session,
                                 kind, TRUE,
                                 guest ? _("Add a Guest") : _("Register a Member"),
                                 _("_Register"), ch_event_is_hybrid (self->event),
                                 ch_event_get_default_mode (self->event));
  g_signal_connect_object (dialog, "chosen", G_CALLBACK (on_person_chosen_cb), self, 0);

  regs = ch_registration_list (self->store, ch_event_get_id (self->event), NULL);
  for (guint i = 0; regs != NULL && i < regs->len; i++)
    {
      ChRegistration *reg = g_ptr_array_index (regs, i);

      if (!ch_registration_is_guest (reg) && !ch_registration_is_cancelled (reg))
        g_ptr_array_add (taken, (gpointer) ch_registration_get_member_id (reg));
    }
  g_ptr_array_add (taken, NULL);
  ch_person_dialog_set_taken (dialog, (const char * const *) taken->pdata,
                              _("Already registered"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ch_event_detail_cancel_registration (ChEventDetail *self,
                                     const char    *registration_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *promoted = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (CH_IS_EVENT_DETAIL (self));

  if (self->store == NULL)
    return;

  name = registration_name (self, registration_id);
  if (!ch_registration_cancel (self->store, registration_id, &promoted, &error))
    {
      toast (self, error->message);
      return;
    }

  if (promoted != NULL)
    toast_promoted (self, promoted);
  else
    {
      /* Translators: %s is a person's name */
      g_autofree char *text = g_strdup_printf (_("Registration of %s cancelled"),
                                               name ? name : "");
      toast (self, text);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

void
ch_event_detail_switch_mode (ChEventDetail *self,
                             const char    *registration_id)
{
  g_autoptr(ChRegistration) reg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *promoted = NULL;
  const char *to;
  gboolean waitlisted = FALSE;

  g_return_if_fail (CH_IS_EVENT_DETAIL (self));

  if (self->store == NULL ||
      !(reg = ch_registration_get (self->store, registration_id, NULL)))
    return;

  to = ch_registration_is_online (reg) ? CH_MODE_IN_PERSON : CH_MODE_ONLINE;
  if (!ch_registration_set_mode (self->store, registration_id, to, &waitlisted, &promoted,
                                 &error))
    {
      toast (self, error->message);
      return;
    }

  if (waitlisted)
    toast_waitlisted (self, ch_registration_get_display_name (reg), to);
  else if (promoted != NULL)
    toast_promoted (self, promoted);

  g_signal_emit (self, signals[CHANGED], 0);
}

void
ch_event_detail_set_attended (ChEventDetail *self,
                              const char    *registration_id,
                              gboolean       attended)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CH_IS_EVENT_DETAIL (self));

  if (self->store == NULL)
    return;

  if (!ch_registration_check_in (self->store, registration_id, attended, CH_CHECK_IN_MANUAL, -1,
                                 &error))
    toast (self, error->message);
}

/* ----------------------------------------------------------------------- */
/* Attendance reports                                                      */

typedef struct
{
  ChEventDetail *self;
  char          *event_id;
} ReportLoad;

static void
report_load_free (ReportLoad *load)
{
  g_object_unref (load->self);
  g_free (load->event_id);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReportLoad, report_load_free)

static void
on_attendance_applied_cb (ChEventDetail      *self,
                          guint               n,
                          ChAttendanceDialog *dialog)
{
  g_autofree char *text = g_strdup_printf (ngettext ("%u person marked as attended online",
                                                     "%u people marked as attended online", n),
                                           n);
  toast (self, text);
}

static void
report_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ReportLoad) load = user_data;
  ChEventDetail *self = load->self;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChAttendanceReport) report = NULL;
  GtkWindow *parent = ch_gui_get_parent_window (GTK_WIDGET (self));
  ChAttendanceDialog *dialog;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not read the report: %s"),
                                                   error->message);
          toast (self, text);
        }
      return;
    }

  if (self->store == NULL)
    return;

  if (!(report = ch_attendance_parse (bytes, &error)) ||
      !ch_attendance_match (self->store, load->event_id, report, &error))
    {
      GtkWidget *alert = adw_message_dialog_new (parent, _("This Report Cannot Be Read"),
                                                 error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
      return;
    }

  dialog = ch_attendance_dialog_new (parent, self->session, load->event_id,
                                     g_steal_pointer (&report));
  g_signal_connect_object (dialog, "applied", G_CALLBACK (on_attendance_applied_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ch_event_detail_import_report (ChEventDetail *self,
                               const char    *event_id,
                               GFile         *file)
{
  ReportLoad *load;

  g_return_if_fail (CH_IS_EVENT_DETAIL (self));
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  load = g_new0 (ReportLoad, 1);
  load->self = g_object_ref (self);
  load->event_id = g_strdup (event_id);
  /* Reports can be large: read them off the main thread. */
  g_file_load_bytes_async (file, NULL, report_loaded_cb, load);
}

static void
on_import_response_cb (GtkNativeDialog *native,
                       int              response,
                       ChEventDetail   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      ch_event_detail_import_report (self, self->asked_id, file);
    }

  g_object_unref (native);
}

void
ch_event_detail_choose_report (ChEventDetail *self)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->event == NULL)
    return;

  native = gtk_file_chooser_native_new (_("Import Attendance Report"),
                                        ch_gui_get_parent_window (GTK_WIDGET (self)),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Teams or Zoom reports (.csv, .tsv, .txt)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_free (self->asked_id);
  self->asked_id = g_strdup (ch_event_get_id (self->event));
  g_signal_connect_object (native, "response", G_CALLBACK (on_import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ----------------------------------------------------------------------- */
/* Calendar files                                                          */

static char *
ics_file_name (ChEvent *event)
{
  g_autofree char *title = g_strdup (ch_event_get_title (event));
  g_autofree char *starts = ch_event_dup_starts_local (event);

  g_strdelimit (title, "/\\:*?\"<>|", '-');
  return g_strdup_printf ("%s %.10s.ics", title ? title : "event", starts ? starts : "");
}

static gboolean
write_ics (ChEventDetail  *self,
           GFile          *file,
           GError        **error)
{
  g_autofree char *ics = ch_ics_export (self->store, self->chapter_id,
                                        ch_event_get_id (self->event), error);

  if (ics == NULL)
    return FALSE;

  return g_file_replace_contents (file, ics, strlen (ics), NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                  NULL, error);
}

static void
on_export_response_cb (GtkNativeDialog *native,
                       int              response,
                       ChEventDetail   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      ch_event_detail_export_to_file (self, file, NULL);
    }

  g_object_unref (native);
}

void
ch_event_detail_choose_export_file (ChEventDetail *self)
{
  
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->event == NULL || self->store == NULL)
    return;

  native = gtk_file_chooser_native_new (_("Export to Calendar File"),
                                        ch_gui_get_parent_window (GTK_WIDGET (self)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = ics_file_name (self->event);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_file_filter_set_name (filter, _("Calendar files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_suffix (filter, "ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
launch_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ChEventDetail) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("No calendar program opened the event: %s"),
                                               error->message);
      toast (self, text);
    }
}

void
ch_event_detail_add_to_calendar (ChEventDetail *self)
{
  
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "chapterhouse", NULL);
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (self->event == NULL || self->store == NULL)
    return;

  base = g_strdup_printf ("event-%s.ics", ch_event_get_id (self->event));
  path = g_build_filename (dir, base, NULL);
  file = g_file_new_for_path (path);

  if (g_mkdir_with_parents (dir, 0700) != 0 || !write_ics (self, file, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not write the calendar file: %s"),
                                               error ? error->message : g_strerror (errno));
      toast (self, text);
      return;
    }

  uri = g_file_get_uri (file);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_done_cb, g_object_ref (self));
}

gboolean
ch_event_detail_export_to_file (ChEventDetail  *self,
                                GFile          *file,
                                GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CH_IS_EVENT_DETAIL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->event == NULL || self->store == NULL)
    g_set_error_literal (&local_error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                         _("Choose an event first."));
  else if (write_ics (self, file, &local_error))
    {
      toast (self, _("Calendar file saved. Send it to members or import it in a calendar."));
      return TRUE;
    }

  {
    /* Translators: %s says why, e.g. "Permission denied" */
    g_autofree char *text = g_strdup_printf (_("Could not save the calendar file: %s"),
                                             local_error->message);
    toast (self, text);
  }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* ----------------------------------------------------------------------- */

static void
ch_event_detail_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_EVENT_DETAIL);

  G_OBJECT_CLASS (ch_event_detail_parent_class)->dispose (object);
}

static void
ch_event_detail_finalize (GObject *object)
{
  ChEventDetail *self = CH_EVENT_DETAIL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->event);
  g_free (self->chapter_id);
  g_free (self->asked_id);
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    g_free (self->mode_summary[m]);
  g_ptr_array_unref (self->registration_texts);
  g_ptr_array_unref (self->registration_ids);

  G_OBJECT_CLASS (ch_event_detail_parent_class)->finalize (object);
}

static void
ch_event_detail_class_init (ChEventDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_event_detail_dispose;
  object_class->finalize = ch_event_detail_finalize;

  /* Says what happened, in a sentence for a toast. */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Registrations changed: the page reads the event and its list again. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (CH_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-event-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, ChEventDetail, cards_box);
  gtk_widget_class_bind_template_child (widget_class, ChEventDetail, clamp);
  gtk_widget_class_bind_template_child (widget_class, ChEventDetail, description_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventDetail, join_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventDetail, kind_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventDetail, registration_list);
  gtk_widget_class_bind_template_child (widget_class, ChEventDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventDetail, time_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventDetail, venue_label);
}

static void
ch_event_detail_init (ChEventDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->registration_texts = g_ptr_array_new_with_free_func (g_free);
  self->registration_ids = g_ptr_array_new_with_free_func (g_free);
}

/* ----------------------------------------------------------------------- */
/* For tests                                                               */

const char *
ch_event_detail_get_mode_summary (ChEventDetail *self,
                                  const char    *mode)
{
  g_return_val_if_fail (CH_IS_EVENT_DETAIL (self), NULL);

  return self->mode_summary[g_strcmp0 (mode, CH_MODE_ONLINE) == 0 ? 1 : 0];
}

guint
ch_event_detail_get_n_registrations (ChEventDetail *self)
{
  g_return_val_if_fail (CH_IS_EVENT_DETAIL (self), 0);

  return self->registration_texts->len;
}

const char *
ch_event_detail_get_registration_text (ChEventDetail *self,
                                       guint          index)
{
  g_return_val_if_fail (CH_IS_EVENT_DETAIL (self), NULL);

  return index < self->registration_texts->len
         ? g_ptr_array_index (self->registration_texts, index) : NULL;
}

const char *
ch_event_detail_get_registration_id (ChEventDetail *self,
                                     guint          index)
{
  g_return_val_if_fail (CH_IS_EVENT_DETAIL (self), NULL);

  return index < self->registration_ids->len
         ? g_ptr_array_index (self->registration_ids, index) : NULL;
}
