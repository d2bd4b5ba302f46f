/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-date-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-date-popover.h"
#include "ch-date-row.h"
#include "ch-date-row-private.h"
#include "ch-date-text.h"

struct _ChDateRow
{
  AdwEntryRow    parent_instance;

  GtkMenuButton *button;
  ChDatePopover *popover;
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
  ch_date_popover_set_label (self->popover, label);
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

  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_DATE_ROW);

  G_OBJECT_CLASS (ch_date_row_parent_class)->dispose (object);
}

static void
ch_date_row_class_init (ChDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_date_row_dispose;

  g_type_ensure (CH_TYPE_DATE_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/chapterhouse/Chapterhouse/ui/"
                                               "ch-date-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChDateRow, button);
  gtk_widget_class_bind_template_child (widget_class, ChDateRow, popover);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_contains_focus_cb);
}

static void
ch_date_row_init (ChDateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ch_date_popover_set_editable (self->popover, GTK_EDITABLE (self));

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
  return GTK_POPOVER (self->popover);
}

GtkCalendar *
ch_date_row_get_calendar (ChDateRow *self)
{
  return ch_date_popover_get_calendar (self->popover);
}
