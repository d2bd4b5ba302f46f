/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-date-popover"

#include "config.h"

#include "ch-date.h"
#include "ch-date-popover.h"
#include "ch-date-text.h"

struct _ChDatePopover
{
  GtkPopover   parent_instance;

  GtkCalendar *calendar;
  GtkEditable *editable;   /* weak: the field owns this popover */

  guint        pick_idle;
  gboolean     clicked_day;
};

G_DEFINE_FINAL_TYPE (ChDatePopover, ch_date_popover, GTK_TYPE_POPOVER)

static void
pick (ChDatePopover *self)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date,
                  (GDateDay) g_date_time_get_day_of_month (picked),
                  (GDateMonth) g_date_time_get_month (picked),
                  (GDateYear) g_date_time_get_year (picked));
  text = ch_date_text_format (&date);
  gtk_popover_popdown (GTK_POPOVER (self));
  if (self->editable != NULL)
    {
      gtk_editable_set_text (self->editable, text);
      gtk_widget_grab_focus (GTK_WIDGET (self->editable));
      gtk_editable_set_position (self->editable, -1);
    }
}

static gboolean
pick_idle_cb (gpointer data)
{
  ChDatePopover *self = data;

  self->pick_idle = 0;
  pick (self);
  return G_SOURCE_REMOVE;
}

static void
on_show_cb (ChDatePopover *self)
{
  g_autoptr(GDateTime) day = NULL;
  GDate date;

  /* The typed date, else today. */
  if (self->editable == NULL ||
      !ch_date_text_parse (gtk_editable_get_text (self->editable), &date, NULL))
    ch_date_today (NULL, &date);
  day = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                               g_date_get_day (&date), 12, 0, 0);
  self->clicked_day = FALSE;
  gtk_calendar_select_day (self->calendar, day);
  gtk_widget_grab_focus (GTK_WIDGET (self->calendar));
}

static void
on_day_selected_cb (ChDatePopover *self)
{
  /* A click on a day picks it.  A click on a day of the month before or
   * after first turns the month (which selects too), so the pick waits
   * for the calendar to settle. */
  if (self->clicked_day && self->pick_idle == 0)
    self->pick_idle = g_idle_add (pick_idle_cb, self);
}

static void
on_pressed_cb (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               ChDatePopover   *self)
{
  GtkWidget *target = gtk_widget_pick (GTK_WIDGET (self->calendar), x, y, GTK_PICK_DEFAULT);

  /* Only the day numbers pick; the month and year arrows turn pages. */
  self->clicked_day = target != NULL && gtk_widget_has_css_class (target, "day-number");
}

/* Arrows move the selected day, Page Up/Down the month, Enter or Space
 * picks; Escape is the popover's.  Ctrl+arrows stay the calendar's. */
static gboolean
on_key_cb (GtkEventControllerKey *controller,
           guint                  keyval,
           guint                  keycode,
           GdkModifierType        state,
           ChDatePopover         *self)
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
ch_date_popover_dispose (GObject *object)
{
  ChDatePopover *self = CH_DATE_POPOVER (object);

  g_clear_handle_id (&self->pick_idle, g_source_remove);
  if (self->editable != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->editable), (gpointer *) &self->editable);
  self->editable = NULL;

  G_OBJECT_CLASS (ch_date_popover_parent_class)->dispose (object);
}

static void
ch_date_popover_class_init (ChDatePopoverClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ch_date_popover_dispose;
}

static void
ch_date_popover_init (ChDatePopover *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_popover_set_child (GTK_POPOVER (self), GTK_WIDGET (self->calendar));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->calendar), keys);

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->calendar), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (on_day_selected_cb),
                            self);
  g_signal_connect (self, "show", G_CALLBACK (on_show_cb), NULL);
}

GtkWidget *
ch_date_popover_new (void)
{
  return g_object_new (CH_TYPE_DATE_POPOVER, NULL);
}

void
ch_date_popover_set_editable (ChDatePopover *self,
                              GtkEditable   *editable)
{
  g_return_if_fail (CH_IS_DATE_POPOVER (self));

  if (self->editable != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->editable), (gpointer *) &self->editable);
  self->editable = editable;
  if (editable != NULL)
    g_object_add_weak_pointer (G_OBJECT (editable), (gpointer *) &self->editable);
}

GtkCalendar *
ch_date_popover_get_calendar (ChDatePopover *self)
{
  g_return_val_if_fail (CH_IS_DATE_POPOVER (self), NULL);

  return self->calendar;
}

void
ch_date_popover_set_label (ChDatePopover *self,
                           const char    *label)
{
  g_return_if_fail (CH_IS_DATE_POPOVER (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}
