/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Backup and restore of the server database with SQLite's online backup
 * API: a backup is one consistent snapshot, taken while the server
 * serves; a restore gives the restored database a new epoch, so every
 * device syncs again from the start and sends back what the server lost.
 */

/* Copies the database at @db to @to (made 0600, replaced if it exists).
 * Sets *@epoch to the copy's epoch. */
gboolean ch_server_backup  (const char  *db,
                            const char  *to,
                            char       **epoch,
                            GError     **error);

/* When the last backup of @db was taken (Unix time, from DB.last-backup,
 * which ch_server_backup() writes), or 0. */
gint64   ch_server_backup_read_stamp (const char *db);

/* Replaces the database at @db (made if missing) with the backup @from,
 * which is not changed, and gives it a new epoch (*@epoch). */
gboolean ch_server_backup_restore (const char  *db,
                            const char  *from,
                            char       **epoch,
                            GError     **error);

G_END_DECLS
