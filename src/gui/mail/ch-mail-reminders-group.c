/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-reminders-group"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-mail-reminders-group.h"
#include "ch-mail-reminders.h"

static GtkWidget *
switch_row (GSettings  *settings,
            const char *key,
            const char *title,
            const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_settings_bind (settings, key, toggle, "active", G_SETTINGS_BIND_DEFAULT);

  return row;
}

GtkWidget *
ch_mail_reminders_group_new (GSettings *settings)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, CH_MAIL_REMINDERS_MAX_DAYS_BEFORE, 1);
  const char *days_title = _("Days before the dues run out");

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Renewal Reminders"));
  adw_preferences_group_set_description (
    ADW_PREFERENCES_GROUP (group),
    _("When the window opens it offers the reminders that are due, for you to review and "
      "send. Nothing is sent without you. These are your own settings on this computer."));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), days_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("0 offers no reminder before the end."));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  days_title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_settings_bind (settings, "reminder-days-before", spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (settings, "reminder-at-grace",
                                         _("When the _grace days start"),
                                         _("The grace period reminder.")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (settings, "reminder-at-lapse",
                                         _("When the membership _lapses"),
                                         _("The win-back message, within 30 days.")));

  return group;
}
