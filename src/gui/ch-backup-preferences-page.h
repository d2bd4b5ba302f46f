/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CH_TYPE_BACKUP_PREFERENCES_PAGE (ch_backup_preferences_page_get_type ())

G_DECLARE_FINAL_TYPE (ChBackupPreferencesPage,
                      ch_backup_preferences_page,
                      CH,
                      BACKUP_PREFERENCES_PAGE,
                      AdwPreferencesPage)

/* Preferences → Backups: the weekly backup to a chosen folder (the
 * GSettings keys weekly-backup, weekly-backup-folder and
 * weekly-backups-kept of @settings), and when the last one was made.
 * Turning it on, or choosing the folder, makes one at once if the newest
 * there is a week old. */
ChBackupPreferencesPage *ch_backup_preferences_page_new        (GSettings               *settings,
                                                                const char              *db_path);

/* For tests: what choosing @folder in the file chooser does. */
void                     ch_backup_preferences_page_set_folder (ChBackupPreferencesPage *self,
                                                                GFile                   *folder);
/* For tests: the subtitle of the "Last backup" row. */
const char              *ch_backup_preferences_page_get_last   (ChBackupPreferencesPage *self);

G_END_DECLS
