/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-window.h"

G_BEGIN_DECLS

/*
 * Back Up… and Restore… of the primary menu.  The copy runs on a worker
 * thread (ch-store-backup, SQLite's online backup) while the window stays
 * usable; a dialog shows the progress and can cancel.  Restore asks first,
 * saying what goes back and what is lost, then brings the backup back in
 * place with a new device id, so the next sync adds what the server has.
 */

/* The file chooser, then the copy. */
void ch_backup_start_back_up      (ChWindow *window);
void ch_backup_start_restore      (ChWindow *window);

/* The steps after the file chooser (and for tests). */
void ch_backup_back_up_to         (ChWindow *window,
                                   GFile    *file);
/* Opens the confirmation (an AdwMessageDialog, response "restore"). */
void ch_backup_confirm_restore    (ChWindow *window,
                                   GFile    *file);

/* "chapterhouse-2026-12-02.db": the name offered for a backup. */
char *ch_backup_suggest_name      (ChWindow *window);

G_END_DECLS
