/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-event-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ch-event-dialog.h"
#include "ch-event-dialog-private.h"
#include "ch-event-time.h"
#include "ch-events.h"
#include "ch-registration.h"
#include "ch-gui.h"
#include "ch-time-zones.h"
#include "ch-date-row.h"
#include "ch-date-text.h"

struct _ChEventDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwEntryRow         *capacity_in_person_row;
  AdwEntryRow         *capacity_online_row;
  ChDateRow           *date_row;
  GtkTextView         *description_view;
  AdwEntryRow         *end_row;
  GtkLabel            *error_label;
  GtkRevealer         *error_revealer;
  AdwComboRow         *format_row;
  AdwPreferencesGroup *in_person_group;
  AdwEntryRow         *join_url_row;
  AdwComboRow         *kind_row;
  AdwPreferencesGroup *online_group;
  GtkButton           *save_button;
  AdwEntryRow         *start_row;
  AdwComboRow         *status_row;
  AdwComboRow         *timezone_row;
  AdwEntryRow         *title_row;
  AdwEntryRow         *venue_address_row;
  AdwEntryRow         *venue_name_row;
  AdwWindowTitle      *window_title;

  ChStore             *store;
  ChChapter           *chapter;
  char                *event_id;
  char                *kept_status;   /* a cancelled event stays cancelled */
  gboolean             has_error;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChEventDialog, ch_event_dialog, ADW_TYPE_WINDOW)

static const char *formats[] = {
  CH_EVENT_FORMAT_IN_PERSON, CH_EVENT_FORMAT_ONLINE, CH_EVENT_FORMAT_HYBRID
};
static const char *statuses[] = { CH_EVENT_STATUS_DRAFT, CH_EVENT_STATUS_PUBLISHED };

static AdwEntryRow *
entry_row (ChEventDialog *self,
           const char    *field)
{
  struct { const char *name; AdwEntryRow *row; } rows[] = {
    { "title", self->title_row },
    { "date", ADW_ENTRY_ROW (self->date_row) },
    { "start", self->start_row },
    { "end", self->end_row },
    { "venue_name", self->venue_name_row },
    { "venue_address", self->venue_address_row },
    { "capacity_in_person", self->capacity_in_person_row },
    { "join_url", self->join_url_row },
    { "capacity_online", self->capacity_online_row },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_strcmp0 (field, rows[i].name) == 0)
      return rows[i].row;

  return NULL;
}

static const char *
selected_format (ChEventDialog *self)
{
  guint i = adw_combo_row_get_selected (self->format_row);

  return i < G_N_ELEMENTS (formats) ? formats[i] : CH_EVENT_FORMAT_IN_PERSON;
}

static gboolean
select_value (AdwComboRow        *row,
              const char * const *values,
              guint               n,
              const char         *value)
{
  for (guint i = 0; i < n && values[i] != NULL; i++)
    if (g_strcmp0 (values[i], value) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return TRUE;
      }

  return FALSE;
}

static gboolean
select_kind (ChEventDialog *self,
             const char    *kind)
{
  return select_value (self->kind_row, ch_event_kinds (), G_MAXUINT, kind);
}

static gboolean
select_format (ChEventDialog *self,
               const char    *format)
{
  return select_value (self->format_row, formats, G_N_ELEMENTS (formats), format);
}

static gboolean
select_status (ChEventDialog *self,
               const char    *status)
{
  return select_value (self->status_row, statuses, G_N_ELEMENTS (statuses), status);
}

static void
clear_error (ChEventDialog *self)
{
  AdwEntryRow *rows[] = { self->title_row, ADW_ENTRY_ROW (self->date_row), self->start_row,
                          self->end_row,
                          self->venue_name_row, self->venue_address_row,
                          self->capacity_in_person_row, self->join_url_row,
                          self->capacity_online_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");

  self->has_error = FALSE;
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
show_error (ChEventDialog *self,
            AdwEntryRow   *row,
            const char    *message)
{
  self->has_error = TRUE;
  ch_gui_form_show_error (self->error_revealer, self->error_label, GTK_WIDGET (row), message);
}

static void
on_row_changed_cb (ChEventDialog *self,
                   GtkEditable   *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
update_format (ChEventDialog *self)
{
  const char *format = selected_format (self);

  gtk_widget_set_visible (GTK_WIDGET (self->in_person_group),
                          ch_event_format_has_side (format, CH_MODE_IN_PERSON));
  gtk_widget_set_visible (GTK_WIDGET (self->online_group),
                          ch_event_format_has_side (format, CH_MODE_ONLINE));
}

/* "18:30" or "6:30 PM" (core reads both, whatever the clock shown). */
static gboolean
check_time (ChEventDialog *self,
            AdwEntryRow   *row,
            int           *minutes)
{
  g_autoptr(GError) error = NULL;

  if (ch_date_text_parse_time (gtk_editable_get_text (GTK_EDITABLE (row)), minutes, &error))
    return TRUE;

  show_error (self, row, error->message);
  return FALSE;
}

/* "HH:MM" of a stored local time into @row on the desktop's clock. */
static void
set_time (AdwEntryRow *row,
          const char  *hh_mm)
{
  int h, m;
  g_autofree char *text = NULL;

  if (hh_mm != NULL && sscanf (hh_mm, "%d:%d", &h, &m) == 2 && h >= 0 && h < 24 &&
      m >= 0 && m < 60)
    text = ch_date_text_format_time (h, m);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : (hh_mm ? hh_mm : ""));
}

/* Empty is no limit (JSON null); otherwise a whole number. */
static gboolean
check_capacity (ChEventDialog *self,
                AdwEntryRow   *row,
                JsonObject    *fields,
                const char    *field)
{
  g_autofree char *text = ch_gui_editable_dup_stripped (GTK_EDITABLE (row));
  guint64 value;

  if (*text == '\0')
    {
      json_object_set_null_member (fields, field);
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, 0, 100000, &value, NULL))
    {
      show_error (self, row, _("Places must be a whole number, or empty for no limit."));
      return FALSE;
    }

  json_object_set_int_member (fields, field, (gint64) value);
  return TRUE;
}

static void
set_text_or_null (JsonObject  *fields,
                  const char  *field,
                  AdwEntryRow *row)
{
  g_autofree char *text = ch_gui_editable_dup_stripped (GTK_EDITABLE (row));

  if (*text == '\0')
    json_object_set_null_member (fields, field);
  else
    json_object_set_string_member (fields, field, text);
}

gboolean
ch_event_dialog_save (ChEventDialog *self)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *start_local = NULL;
  g_autofree char *end_local = NULL;
  g_autofree char *utc = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *description = NULL;
  const char *zone = ch_gui_combo_row_get_selected_string (self->timezone_row);
  const char *format = selected_format (self);
  const char * const *kinds = ch_event_kinds ();
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint status = adw_combo_row_get_selected (self->status_row);
  GtkTextIter start, end;
  int start_min, end_min;

  g_return_val_if_fail (CH_IS_EVENT_DIALOG (self), FALSE);

  clear_error (self);

  title = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->title_row));
  if (*title == '\0')
    {
      show_error (self, self->title_row, _("Give the event a title."));
      return FALSE;
    }

  date_text = ch_date_row_dup_iso (self->date_row, &error);
  if (date_text == NULL)
    {
      show_error (self, ADW_ENTRY_ROW (self->date_row), error->message);
      return FALSE;
    }

  if (!check_time (self, self->start_row, &start_min) ||
      !check_time (self, self->end_row, &end_min))
    return FALSE;

  if (end_min <= start_min)
    {
      show_error (self, self->end_row, _("The event must end after it starts. "
                                         "Change the end time or the start time."));
      return FALSE;
    }

  start_local = g_strdup_printf ("%s %02d:%02d", date_text, start_min / 60, start_min % 60);
  end_local = g_strdup_printf ("%s %02d:%02d", date_text, end_min / 60, end_min % 60);

  /* A time the clocks skip (spring DST gap): the core says which. */
  if (!(utc = ch_event_time_local_to_utc (zone, start_local, &error)))
    {
      show_error (self, self->start_row, error->message);
      return FALSE;
    }
  g_clear_pointer (&utc, g_free);
  if (!(utc = ch_event_time_local_to_utc (zone, end_local, &error)))
    {
      show_error (self, self->end_row, error->message);
      return FALSE;
    }

  json_object_set_string_member (fields, "title", title);
  json_object_set_string_member (fields, "kind", kinds[kind] ? kinds[kind] : CH_EVENT_KIND_OTHER);
  json_object_set_string_member (fields, "timezone", zone);
  json_object_set_string_member (fields, "starts_local", start_local);
  json_object_set_string_member (fields, "ends_local", end_local);
  json_object_set_string_member (fields, "format", format);
  if (self->kept_status == NULL)
    json_object_set_string_member (fields, "status",
                                   status < G_N_ELEMENTS (statuses) ? statuses[status]
                                                                    : CH_EVENT_STATUS_DRAFT);

  if (ch_event_format_has_side (format, CH_MODE_IN_PERSON))
    {
      set_text_or_null (fields, "venue_name", self->venue_name_row);
      set_text_or_null (fields, "venue_address", self->venue_address_row);
      if (!check_capacity (self, self->capacity_in_person_row, fields, "capacity_in_person"))
        return FALSE;
    }
  else
    {
      json_object_set_null_member (fields, "venue_name");
      json_object_set_null_member (fields, "venue_address");
      json_object_set_null_member (fields, "capacity_in_person");
    }

  if (ch_event_format_has_side (format, CH_MODE_ONLINE))
    {
      set_text_or_null (fields, "join_url", self->join_url_row);
      if (!check_capacity (self, self->capacity_online_row, fields, "capacity_online"))
        return FALSE;
    }
  else
    {
      json_object_set_null_member (fields, "join_url");
      json_object_set_null_member (fields, "capacity_online");
    }

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (self->description_view), &start, &end);
  description = gtk_text_buffer_get_text (gtk_text_view_get_buffer (self->description_view),
                                          &start, &end, FALSE);
  if (*g_strstrip (description) != '\0')
    json_object_set_string_member (fields, "description", description);
  else
    json_object_set_null_member (fields, "description");

  if (!ch_event_save (self->store, ch_chapter_get_id (self->chapter), self->event_id, fields,
                      &new_id, &error))
    {
      AdwEntryRow *row = NULL;

      if (strstr (error->message, "URL") != NULL || strstr (error->message, "link") != NULL)
        row = self->join_url_row;
      else if (g_error_matches (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_NO_SUCH_TIME))
        row = self->start_row;
      show_error (self, row, error->message);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, self->event_id ? self->event_id : new_id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ch_event_dialog_save (CH_EVENT_DIALOG (widget));
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
set_number (AdwEntryRow *row,
            gint64       number)
{
  g_autofree char *text = number >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, number) : NULL;

  set_text (row, text);
}

static void
fill (ChEventDialog *self)
{
  g_autoptr(ChEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;
  const char *zone, *status, *format;

  if (self->event_id == NULL)
    {
      adw_window_title_set_title (self->window_title, _("New Event"));
      gtk_window_set_title (GTK_WINDOW (self), _("New Event"));
      gtk_button_set_label (self->save_button, _("_Create"));
      ch_gui_combo_row_select_string (self->timezone_row, ch_chapter_get_timezone (self->chapter));
      adw_combo_row_set_selected (self->format_row, 2);
      {
        /* A week from today is a likely first guess; easy to change. */
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        g_autoptr(GDateTime) next = g_date_time_add_weeks (now, 1);
        g_autofree char *date = g_date_time_format (next, "%Y-%m-%d");

        ch_date_row_set_iso (self->date_row, date);
      }
      set_time (self->start_row, "18:00");
      set_time (self->end_row, "20:00");
      return;
    }

  adw_window_title_set_title (self->window_title, _("Edit Event"));
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Event"));
  gtk_button_set_label (self->save_button, _("_Save"));

  event = ch_event_get (self->store, self->event_id, &error);
  if (event == NULL)
    {
      show_error (self, NULL, error->message);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "event.save", FALSE);
      return;
    }

  adw_window_title_set_subtitle (self->window_title, ch_event_get_title (event));
  set_text (self->title_row, ch_event_get_title (event));
  set_text (self->venue_name_row, ch_event_get_venue_name (event));
  set_text (self->venue_address_row, ch_event_get_venue_address (event));
  set_number (self->capacity_in_person_row, ch_event_get_capacity_in_person (event));
  set_text (self->join_url_row, ch_event_get_join_url (event));
  set_number (self->capacity_online_row, ch_event_get_capacity_online (event));

  zone = ch_event_get_timezone (event);
  if (zone == NULL)
    zone = ch_chapter_get_timezone (self->chapter);
  if (!ch_gui_combo_row_select_string (self->timezone_row, zone))
    ch_gui_combo_row_select_string (self->timezone_row, ch_chapter_get_timezone (self->chapter));

  starts = ch_event_time_utc_to_local (zone, ch_event_get_starts_at (event));
  ends = ch_event_time_utc_to_local (zone, ch_event_get_ends_at (event));
  if (starts != NULL && strlen (starts) >= 16)
    {
      starts[10] = '\0';
      ch_date_row_set_iso (self->date_row, starts);
      set_time (self->start_row, starts + 11);
    }
  if (ends != NULL && strlen (ends) >= 16)
    set_time (self->end_row, ends + 11);

  select_kind (self, ch_event_get_kind (event));
  format = ch_event_get_format (event);
  select_format (self, format ? format : CH_EVENT_FORMAT_IN_PERSON);
  status = ch_event_get_status (event);
  if (status == NULL)
    status = CH_EVENT_STATUS_DRAFT;
  if (ch_event_is_cancelled (event))
    {
      self->kept_status = g_strdup (status);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->status_row), _("Cancelled"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->status_row), FALSE);
    }
  else
    select_status (self, status);

  {
    const char *description = ch_event_get_description (event);

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                              description ? description : "", -1);
  }
}

static void
ch_event_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_EVENT_DIALOG);

  G_OBJECT_CLASS (ch_event_dialog_parent_class)->dispose (object);
}

static void
ch_event_dialog_finalize (GObject *object)
{
  ChEventDialog *self = CH_EVENT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->chapter);
  g_free (self->event_id);
  g_free (self->kept_status);

  G_OBJECT_CLASS (ch_event_dialog_parent_class)->finalize (object);
}

static void
ch_event_dialog_class_init (ChEventDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_event_dialog_dispose;
  object_class->finalize = ch_event_dialog_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CH_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-event-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, capacity_in_person_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, capacity_online_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, end_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, in_person_group);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, join_url_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, online_group);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, timezone_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, venue_address_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, venue_name_row);
  gtk_widget_class_bind_template_child (widget_class, ChEventDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed_cb);

  gtk_widget_class_install_action (widget_class, "event.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "event.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "event.save",
                                       NULL);
}

static void
ch_event_dialog_init (ChEventDialog *self)
{
  g_autoptr(GtkStringList) kind_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) format_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) status_list = gtk_string_list_new (NULL);
  const char * const *kinds = ch_event_kinds ();

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; kinds[i] != NULL; i++)
    gtk_string_list_append (kind_list, ch_event_kind_label (kinds[i]));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    gtk_string_list_append (format_list, ch_event_format_label (formats[i]));
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    gtk_string_list_append (status_list, ch_event_status_label (statuses[i]));

  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_list));
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (format_list));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (status_list));
  adw_combo_row_set_model (self->timezone_row, G_LIST_MODEL (ch_time_zones_get_list ()));

  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (update_format), self,
                           G_CONNECT_SWAPPED);
  update_format (self);

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
}

ChEventDialog *
ch_event_dialog_new (GtkWindow  *parent,
                     ChStore    *store,
                     ChChapter  *chapter,
                     const char *event_id)
{
  ChEventDialog *self;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (CH_IS_CHAPTER (chapter), NULL);

  self = g_object_new (CH_TYPE_EVENT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->chapter = g_object_ref (chapter);
  self->event_id = g_strdup (event_id);
  fill (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));

  return self;
}

GtkEditable *
ch_event_dialog_get_entry (ChEventDialog *self,
                           const char    *field)
{
  AdwEntryRow *row;

  g_return_val_if_fail (CH_IS_EVENT_DIALOG (self), NULL);

  row = entry_row (self, field);
  return row ? GTK_EDITABLE (row) : NULL;
}

gboolean
ch_event_dialog_select (ChEventDialog *self,
                        const char    *what,
                        const char    *value)
{
  g_return_val_if_fail (CH_IS_EVENT_DIALOG (self), FALSE);

  if (g_strcmp0 (what, "timezone") == 0)
    return ch_gui_combo_row_select_string (self->timezone_row, value);
  if (g_strcmp0 (what, "format") == 0)
    return select_format (self, value);
  if (g_strcmp0 (what, "status") == 0)
    return select_status (self, value);
  if (g_strcmp0 (what, "kind") == 0)
    return select_kind (self, value);

  return FALSE;
}

gboolean
ch_event_dialog_shows_mode (ChEventDialog *self,
                            const char    *mode)
{
  g_return_val_if_fail (CH_IS_EVENT_DIALOG (self), FALSE);

  if (g_strcmp0 (mode, CH_MODE_ONLINE) == 0)
    return gtk_widget_get_visible (GTK_WIDGET (self->online_group));

  return gtk_widget_get_visible (GTK_WIDGET (self->in_person_group));
}

const char *
ch_event_dialog_get_error (ChEventDialog *self)
{
  g_return_val_if_fail (CH_IS_EVENT_DIALOG (self), NULL);

  return self->has_error ? gtk_label_get_text (self->error_label) : NULL;
}
