/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync-issues-button"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-sync-issues-button.h"
#include "ch-sync-issues-popover.h"

static void
on_n_issues_cb (ChSyncIssuesPopover *popover,
                GParamSpec          *pspec,
                GtkMenuButton       *button)
{
  guint n = ch_sync_issues_popover_get_n_issues (popover);
  AdwButtonContent *content = ADW_BUTTON_CONTENT (gtk_menu_button_get_child (button));
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change not taken",
                                                         "%u changes not taken", n), n);
  g_autofree char *tooltip =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                  "The server refused or overrode %u of your changes. "
                                  "Click to see which, and why.",
                                  "The server refused or overrode %u of your changes. "
                                  "Click to see which, and why.", n), n);

  adw_button_content_set_label (content, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (button), n > 0);
}

GtkWidget *
ch_sync_issues_button_new (ChSession     *session,
                           ChSyncManager *sync)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *content = adw_button_content_new ();
  ChSyncIssuesPopover *popover = ch_sync_issues_popover_new (session, sync);

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "dialog-warning-symbolic");
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), content);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), GTK_WIDGET (popover));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Changes the server did not take"), -1);
  g_signal_connect_object (popover, "notify::n-issues", G_CALLBACK (on_n_issues_cb), button, 0);
  on_n_issues_cb (popover, NULL, GTK_MENU_BUTTON (button));

  return button;
}
