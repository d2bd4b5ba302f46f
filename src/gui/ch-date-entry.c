/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-date-entry"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-date-entry.h"
#include "ch-date-popover.h"
#include "ch-date-text.h"

struct _ChDateEntry
{
  GtkWidget      parent_instance;

  GtkEntry      *entry;
  GtkMenuButton *button;
  ChDatePopover *popover;
};

static void ch_date_entry_editable_init (GtkEditableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChDateEntry, ch_date_entry, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_EDITABLE,
                                                      ch_date_entry_editable_init))

enum {
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkEditable *
ch_date_entry_get_delegate (GtkEditable *editable)
{
  return GTK_EDITABLE (CH_DATE_ENTRY (editable)->entry);
}

static void
ch_date_entry_editable_init (GtkEditableInterface *iface)
{
  iface->get_delegate = ch_date_entry_get_delegate;
}

static void
on_activate_cb (ChDateEntry *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
on_changed_cb (ChDateEntry *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
}

static void
ch_date_entry_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  if (!gtk_editable_delegate_set_property (object, prop_id, value, pspec))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ch_date_entry_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  if (!gtk_editable_delegate_get_property (object, prop_id, value, pspec))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ch_date_entry_dispose (GObject *object)
{
  ChDateEntry *self = CH_DATE_ENTRY (object);
  GtkWidget *child;

  if (self->entry != NULL)
    gtk_editable_finish_delegate (GTK_EDITABLE (self));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->entry = NULL;
  self->button = NULL;

  G_OBJECT_CLASS (ch_date_entry_parent_class)->dispose (object);
}

static void
ch_date_entry_class_init (ChDateEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_date_entry_dispose;
  object_class->set_property = ch_date_entry_set_property;
  object_class->get_property = ch_date_entry_get_property;
  gtk_editable_install_properties (object_class, 1);

  signals[ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "box");
}

static void
ch_date_entry_init (ChDateEntry *self)
{
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->entry), 11);
  gtk_entry_set_input_hints (self->entry, GTK_INPUT_HINT_NO_SPELLCHECK);
  gtk_widget_set_parent (GTK_WIDGET (self->entry), GTK_WIDGET (self));
  gtk_editable_init_delegate (GTK_EDITABLE (self));
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_activate_cb), self);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (on_changed_cb), self);

  {
    /* An example in the user's form, as a hint while empty. */
    g_autofree char *example = ch_date_text_example ();

    gtk_entry_set_placeholder_text (self->entry, example);
  }

  self->popover = CH_DATE_POPOVER (ch_date_popover_new ());
  ch_date_popover_set_editable (self->popover, GTK_EDITABLE (self->entry));
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->button, "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Pick From Calendar"));
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));

  gtk_widget_add_css_class (GTK_WIDGET (self), "linked");
}

GtkWidget *
ch_date_entry_new (void)
{
  return g_object_new (CH_TYPE_DATE_ENTRY, NULL);
}

void
ch_date_entry_set_label (ChDateEntry *self,
                         const char  *label)
{
  /* Translators: the accessible name of the calendar button beside a date
   * field; %s is the field's name, e.g. First day */
  g_autofree char *pick = g_strdup_printf (_("Pick “%s” From a Calendar"), label);

  g_return_if_fail (CH_IS_DATE_ENTRY (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, pick, -1);
  ch_date_popover_set_label (self->popover, pick);
}

void
ch_date_entry_set_iso (ChDateEntry *self,
                       const char  *iso)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CH_IS_DATE_ENTRY (self));

  text = ch_date_text_format_iso (iso);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
}

char *
ch_date_entry_dup_iso (ChDateEntry  *self,
                       GError      **error)
{
  g_autoptr(GError) local = NULL;
  char *iso;

  g_return_val_if_fail (CH_IS_DATE_ENTRY (self), NULL);

  iso = ch_date_text_parse_iso (gtk_editable_get_text (GTK_EDITABLE (self->entry)), &local);
  if (iso == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, local->message, -1);
      g_propagate_error (error, g_steal_pointer (&local));
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->entry),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  return iso;
}
