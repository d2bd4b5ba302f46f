/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-date-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-date.h"
#include "ch-date-row.h"
#include "ch-date-row-private.h"
#include "ch-date-text.h"

struct _ChDateRow
{
  AdwEntryRow    parent_instance;

  GtkMenuButton *button;
  GtkPopover    *popover;
  GtkCalendar   *calendar;

  guint          pick_idle;
  gboolean       clicked_day;
};

G_DEFINE_FINAL_TYPE (ChDateRow, ch_date_row, ADW_TYPE_ENTRY_ROW)

static void
set_error (ChDateRow  *self,
           const char *message)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (message != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_widget_set_tooltip_text (widget, message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else if (gtk_widget_has_css_class (widget, "error"))
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_widget_set_tooltip_text (widget, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

/* Checks the text when the person leaves the row: a date is written again
 * in the locale's form ("3.12.26" becomes 03.12.2026); anything else stays
 * as typed and is marked. */
static void
check_text (ChDateRow *self)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  if (ch_date_row_is_empty (self))
    {
      set_error (self, NULL);
      return;
    }

  if (!ch_date_text_parse (gtk_editable_get_text (GTK_EDITABLE (self)), &date, &error))
    {
      set_error (self, error->message);
      return;
    }

  set_error (self, NULL);
  ch_date_row_set_date (self, &date);
}

static void
update_button_label (ChDateRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));
  g_autofree char *label = NULL;

  if (title != NULL && *title != '\0')
    /* Translators: the accessible name of the calendar button beside a date
     * field; %s is the field's title, e.g. Joined on */
    label = g_strdup_printf (_("Pick “%s” From a Calendar"), title);
  else
    label = g_strdup (_("Pick From Calendar"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
pick (ChDateRow *self)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (self->calendar);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date,
                  (GDateDay) g_date_time_get_day_of_month (picked),
                  (GDateMonth) g_date_time_get_month (picked),
                  (GDateYear) g_date_time_get_year (picked));
  ch_date_row_set_date (self, &date);
  set_error (self, NULL);
  gtk_popover_popdown (self->popover);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static gboolean
pick_idle_cb (gpointer data)
{
  ChDateRow *self = data;

  self->pick_idle = 0;
  pick (self);
  return G_SOURCE_REMOVE;
}

static void
on_changed_cb (ChDateRow *row,
               ChDateRow *self)
{
  GDate date;

  /* Typing a date clears the mark at once; a wrong one is only marked on
   * leaving, not while it is being written. */
  if (gtk_widget_has_css_class (GTK_WIDGET (self), "error") &&
      (ch_date_row_is_empty (self) ||
       ch_date_text_parse (gtk_editable_get_text (GTK_EDITABLE (self)), &date, NULL)))
    set_error (self, NULL);
}

static void
on_contains_focus_cb (GtkEventControllerFocus *focus,
                      GParamSpec              *pspec,
                      ChDateRow               *self)
{
  if (!gtk_event_controller_focus_contains_focus (focus) &&
      !gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    check_text (self);
}

static void
on_popover_show_cb (GtkPopover *popover,
                    ChDateRow  *self)
{
  g_autoptr(GDateTime) day = NULL;
  GDate date;

  /* The typed date, else today. */
  if (!ch_date_text_parse (gtk_editable_get_text (GTK_EDITABLE (self)), &date, NULL))
    ch_date_today (NULL, &date);
  day = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                               g_date_get_day (&date), 12, 0, 0);
  self->clicked_day = FALSE;
  gtk_calendar_select_day (self->calendar, day);
  gtk_widget_grab_focus (GTK_WIDGET (self->calendar));
}

static void
on_day_selected_cb (GtkCalendar *calendar,
                    ChDateRow   *self)
{
  /* A click on a day picks it.  A click on a day of the month before or
   * after first turns the month (which selects too), so the pick waits
   * for the calendar to settle. */
  if (self->clicked_day && self->pick_idle == 0)
    self->pick_idle = g_idle_add (pick_idle_cb, self);
}

static void
on_calendar_pressed_cb (GtkGestureClick *gesture,
                        int              n_press,
                        double           x,
                        double           y,
                        ChDateRow       *self)
{
  GtkWidget *target = gtk_widget_pick (GTK_WIDGET (self->calendar), x, y, GTK_PICK_DEFAULT);

  /* Only the day numbers pick; the month and year arrows turn pages. */
  self->clicked_day = target != NULL && gtk_widget_has_css_class (target, "day-number");
}

/* Arrows move the selected day, Page Up/Down the month, Enter or Space
 * picks; Escape is the popover's.  Ctrl+arrows stay the calendar's (month,
 * year). */
static gboolean
on_calendar_key_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    ChDateRow             *self)
{
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(GDateTime) moved = NULL;
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self->calendar)) == GTK_TEXT_DIR_RTL;
  int days = 0, months = 0;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      pick (self);
      return GDK_EVENT_STOP;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      days = rtl ? 1 : -1;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      days = rtl ? -1 : 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      days = -7;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      days = 7;
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      months = -1;
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      months = 1;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  self->clicked_day = FALSE;
  current = gtk_calendar_get_date (self->calendar);
  moved = days != 0 ? g_date_time_add_days (current, days)
                    : g_date_time_add_months (current, months);
  if (moved != NULL)
    gtk_calendar_select_day (self->calendar, moved);
  return GDK_EVENT_STOP;
}

static void
on_title_notify_cb (ChDateRow  *self,
                    GParamSpec *pspec,
                    gpointer    data)
{
  update_button_label (self);
}

static void
ch_date_row_dispose (GObject *object)
{
  ChDateRow *self = CH_DATE_ROW (object);

  g_clear_handle_id (&self->pick_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_DATE_ROW);

  G_OBJECT_CLASS (ch_date_row_parent_class)->dispose (object);
}

static void
ch_date_row_class_init (ChDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_date_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/chapterhouse/Chapterhouse/ui/"
                                               "ch-date-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChDateRow, button);
  gtk_widget_class_bind_template_child (widget_class, ChDateRow, popover);
  gtk_widget_class_bind_template_child (widget_class, ChDateRow, calendar);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_contains_focus_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_key_cb);
}

static void
ch_date_row_init (ChDateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_notify_cb), NULL);
  update_button_label (self);

  /* Dates are digits and separators; no spelling, no completion. */
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self), GTK_INPUT_PURPOSE_FREE_FORM);
  adw_entry_row_set_input_hints (ADW_ENTRY_ROW (self), GTK_INPUT_HINT_NO_SPELLCHECK);
}

GtkWidget *
ch_date_row_new (void)
{
  return g_object_new (CH_TYPE_DATE_ROW, NULL);
}

void
ch_date_row_set_iso (ChDateRow  *self,
                     const char *iso)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CH_IS_DATE_ROW (self));

  text = ch_date_text_format_iso (iso);
  gtk_editable_set_text (GTK_EDITABLE (self), text ? text : "");
  set_error (self, NULL);
}

void
ch_date_row_set_date (ChDateRow   *self,
                      const GDate *date)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CH_IS_DATE_ROW (self));

  text = date != NULL ? ch_date_text_format (date) : NULL;
  if (g_strcmp0 (text ? text : "", gtk_editable_get_text (GTK_EDITABLE (self))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self), text ? text : "");
}

char *
ch_date_row_dup_iso (ChDateRow  *self,
                     GError    **error)
{
  g_return_val_if_fail (CH_IS_DATE_ROW (self), NULL);

  return ch_date_text_parse_iso (gtk_editable_get_text (GTK_EDITABLE (self)), error);
}

gboolean
ch_date_row_get_date (ChDateRow  *self,
                      GDate      *out,
                      GError    **error)
{
  g_return_val_if_fail (CH_IS_DATE_ROW (self), FALSE);

  return ch_date_text_parse (gtk_editable_get_text (GTK_EDITABLE (self)), out, error);
}

gboolean
ch_date_row_is_empty (ChDateRow *self)
{
  const char *text;

  g_return_val_if_fail (CH_IS_DATE_ROW (self), TRUE);

  text = gtk_editable_get_text (GTK_EDITABLE (self));
  while (*text == ' ' || *text == '\t')
    text++;
  return *text == '\0';
}

GtkMenuButton *
ch_date_row_get_button (ChDateRow *self)
{
  return self->button;
}

GtkPopover *
ch_date_row_get_popover (ChDateRow *self)
{
  return self->popover;
}

GtkCalendar *
ch_date_row_get_calendar (ChDateRow *self)
{
  return self->calendar;
}
