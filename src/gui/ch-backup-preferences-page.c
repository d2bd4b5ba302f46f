/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-backup"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "ch-application.h"
#include "ch-backup-preferences-page.h"
#include "ch-store-backup.h"

struct _ChBackupPreferencesPage
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;
  char               *db_path;
  GtkSwitch          *weekly_switch;
  AdwActionRow       *folder_row;
  AdwActionRow       *last_row;
  GtkSpinButton      *kept_spin;
};

G_DEFINE_FINAL_TYPE (ChBackupPreferencesPage, ch_backup_preferences_page,
                     ADW_TYPE_PREFERENCES_PAGE)

static void
update_rows (ChBackupPreferencesPage *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "weekly-backup-folder");
  g_autofree char *last = NULL;
  g_autofree char *date = NULL;

  adw_action_row_set_subtitle (self->folder_row,
                               *folder != '\0' ? folder : _("No folder chosen yet"));

  if (*folder != '\0')
    last = ch_store_backup_find_last (self->db_path, folder);
  if (last != NULL && (date = ch_store_backup_get_date (last)) != NULL)
    {
      g_autofree char *text = NULL;
      g_autoptr(GDateTime) when = NULL;
      int y, m, d;

      if (sscanf (date, "%d-%d-%d", &y, &m, &d) == 3 &&
          (when = g_date_time_new_local (y, m, d, 12, 0, 0)) != NULL)
        /* Translators: the day of the last weekly backup, e.g. "2 December 2026" */
        text = g_date_time_format (when, _("%-d %B %Y"));
      adw_action_row_set_subtitle (self->last_row, text ? text : date);
    }
  else
    adw_action_row_set_subtitle (self->last_row, _("None yet"));
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ChBackupPreferencesPage) self = user_data;

  if (self->settings != NULL)
    update_rows (self);
}

static void
run_now (ChBackupPreferencesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GApplication *app = NULL;

  /* The window's application; the preferences window may have none of
   * its own (it is transient for the main window). */
  if (GTK_IS_WINDOW (root))
    app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (root)));
  if (app == NULL && GTK_IS_WINDOW (root) && gtk_window_get_transient_for (GTK_WINDOW (root)))
    app = G_APPLICATION (gtk_window_get_application (
                           gtk_window_get_transient_for (GTK_WINDOW (root))));
  if (app == NULL)
    app = g_application_get_default ();

  if (CH_IS_APPLICATION (app))
    ch_application_run_weekly_backup (CH_APPLICATION (app), run_done_cb, g_object_ref (self));
}

static void
settings_changed_cb (ChBackupPreferencesPage *self,
                     const char              *key)
{
  update_rows (self);
  if (g_strcmp0 (key, "weekly-backup") == 0 || g_strcmp0 (key, "weekly-backup-folder") == 0)
    run_now (self);
}

void
ch_backup_preferences_page_set_folder (ChBackupPreferencesPage *self,
                                       GFile                   *folder)
{
  g_autofree char *path = NULL;

  g_return_if_fail (CH_IS_BACKUP_PREFERENCES_PAGE (self));

  if (folder == NULL || (path = g_file_get_path (folder)) == NULL)
    return;

  g_settings_set_string (self->settings, "weekly-backup-folder", path);
  /* Choosing a folder means wanting the backup. */
  g_settings_set_boolean (self->settings, "weekly-backup", TRUE);
}

const char *
ch_backup_preferences_page_get_last (ChBackupPreferencesPage *self)
{
  g_return_val_if_fail (CH_IS_BACKUP_PREFERENCES_PAGE (self), NULL);

  return adw_action_row_get_subtitle (self->last_row);
}

static void
folder_response_cb (GtkNativeDialog         *chooser,
                    int                      response,
                    ChBackupPreferencesPage *self)
{
  g_autoptr(GFile) folder = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  ch_backup_preferences_page_set_folder (self, folder);
  g_object_unref (self);
}

static void
choose_folder_cb (ChBackupPreferencesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autofree char *current = g_settings_get_string (self->settings, "weekly-backup-folder");

  chooser = gtk_file_chooser_native_new (_("Folder for the Weekly Backup"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Choose"),
                                         _("_Cancel"));
  if (*current != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_path (current);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), file, NULL);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
ch_backup_preferences_page_dispose (GObject *object)
{
  ChBackupPreferencesPage *self = CH_BACKUP_PREFERENCES_PAGE (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ch_backup_preferences_page_parent_class)->dispose (object);
}

static void
ch_backup_preferences_page_finalize (GObject *object)
{
  g_free (CH_BACKUP_PREFERENCES_PAGE (object)->db_path);

  G_OBJECT_CLASS (ch_backup_preferences_page_parent_class)->finalize (object);
}

static void
ch_backup_preferences_page_class_init (ChBackupPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ch_backup_preferences_page_dispose;
  object_class->finalize = ch_backup_preferences_page_finalize;
}

static void
ch_backup_preferences_page_init (ChBackupPreferencesPage *self)
{
}

ChBackupPreferencesPage *
ch_backup_preferences_page_new (GSettings  *settings,
                                const char *db_path)
{
  ChBackupPreferencesPage *self;
  AdwPreferencesGroup *group;
  GtkWidget *button;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CH_TYPE_BACKUP_PREFERENCES_PAGE,
                       "title", _("Backups"),
                       "icon-name", "document-save-symbolic",
                       "name", "backups",
                       NULL);
  self->settings = g_object_ref (settings);
  self->db_path = g_strdup (db_path);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Weekly Backup"));
  adw_preferences_group_set_description (group,
                                         _("Once a week, while Chapterhouse is open, a copy of "
                                           "the chapter’s data goes to a folder you choose — "
                                           "for example one your backup program or cloud drive "
                                           "keeps. Back Up… and Restore… in the main menu work "
                                           "at any time."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);

  self->weekly_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->weekly_switch), GTK_ALIGN_CENTER);
  {
    AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Back up every week"));
    adw_action_row_add_suffix (row, GTK_WIDGET (self->weekly_switch));
    adw_action_row_set_activatable_widget (row, GTK_WIDGET (self->weekly_switch));
    adw_preferences_group_add (group, GTK_WIDGET (row));
  }
  g_settings_bind (settings, "weekly-backup", self->weekly_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  self->folder_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->folder_row), _("Folder"));
  button = gtk_button_new_with_mnemonic (_("_Choose…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose the folder for the weekly backup"), -1);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (choose_folder_cb), self);
  adw_action_row_add_suffix (self->folder_row, button);
  adw_action_row_set_activatable_widget (self->folder_row, button);
  adw_preferences_group_add (group, GTK_WIDGET (self->folder_row));

  self->kept_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 52, 1));
  gtk_widget_set_valign (GTK_WIDGET (self->kept_spin), GTK_ALIGN_CENTER);
  {
    AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Backups kept"));
    adw_action_row_set_subtitle (row, _("Older ones are removed once a new one is complete"));
    adw_action_row_add_suffix (row, GTK_WIDGET (self->kept_spin));
    adw_action_row_set_activatable_widget (row, GTK_WIDGET (self->kept_spin));
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->kept_spin),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Backups kept"), -1);
    adw_preferences_group_add (group, GTK_WIDGET (row));
  }
  g_settings_bind (settings, "weekly-backups-kept", self->kept_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  self->last_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->last_row), _("Last backup"));
  adw_preferences_group_add (group, GTK_WIDGET (self->last_row));

  g_signal_connect_swapped (settings, "changed", G_CALLBACK (settings_changed_cb), self);
  update_rows (self);

  return self;
}
