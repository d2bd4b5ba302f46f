/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_APPLICATION (ch_application_get_type ())

G_DECLARE_FINAL_TYPE (ChApplication, ch_application, CH, APPLICATION, AdwApplication)

ChApplication *ch_application_new          (void);
/* NULL when the database could not be opened; see get_store_error(). */
ChStore       *ch_application_get_store    (ChApplication *self);
const GError  *ch_application_get_store_error (ChApplication *self);
/* The data file's path (CHAPTERHOUSE_DB or the default). */
const char    *ch_application_get_db_path  (ChApplication *self);
/* After the data file was found damaged: moves it aside (PATH.damaged-DATE,
 * never deleted) and opens a new store at its name, empty or, when
 * @backup_path is not NULL, a copy of that backup.  Open a new window on
 * it afterwards. */
gboolean       ch_application_replace_damaged_store (ChApplication  *self,
                                                     const char     *backup_path,
                                                     GError        **error);
/* The weekly backup to the folder chosen in Preferences, on a worker
 * thread, when it is turned on and the newest copy there is a week old
 * (ch_store_backup_weekly()).  Also runs at start-up and every hour.
 * @callback (may be NULL) is called on the main thread when it is done,
 * with no source object. */
void           ch_application_run_weekly_backup (ChApplication       *self,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* The day's backup of the file opened at start-up, off the main thread;
 * once, and only for that file, a few seconds after this is called.
 * Called when the first window has drawn its members, so that the copy
 * does not delay it nor the user's first searches; at the latest some
 * seconds after the start. */
void           ch_application_start_backups (ChApplication *self);
/* NULL when the GSettings schema is not installed (uninstalled tests). */
GSettings     *ch_application_get_settings (ChApplication *self);

G_END_DECLS
