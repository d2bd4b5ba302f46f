/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-help"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ch-help.h"

char *
ch_help_get_uri (const char *page)
{
  /* The guide is installed under the application's id, the same for the
   * development build (help/meson.build). */
  if (page == NULL || *page == '\0')
    return g_strdup ("help:" BASE_APP_ID);

  return g_strconcat ("help:" BASE_APP_ID "/", page, NULL);
}

static void
show_no_viewer (GtkWindow *parent)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, _("No Help Viewer Is Installed"),
                                   _("The user guide opens in GNOME Help. Install it "
                                     "(the package is usually called “yelp”), then press "
                                     "F1 again."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* GTK's own message ("No application is registered as handling this
   * file") says nothing a president can act on. */
  g_debug ("Opening the user guide failed: %s", error->message);
  show_no_viewer (parent);
}

void
ch_help_show (GtkWindow  *parent,
              const char *page)
{
  g_autofree char *uri = ch_help_get_uri (page);

  g_return_if_fail (GTK_IS_WINDOW (parent));

  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, show_uri_cb, g_object_ref (parent));
}
