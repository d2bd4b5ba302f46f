/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Automatic backups of the data file and what to do with a damaged one.
 * Every function here works on paths, never on a ChStore: the backup runs
 * on a worker thread with connections of its own, and a damaged file has
 * no ChStore.  Every access to a database file goes through SQLite.
 */

/* How far a backup or restore has come, from 0 to 1; called on the
 * thread doing it. */
typedef void (*ChStoreBackupProgress) (double   fraction,
                                       gpointer user_data);

/* How many daily backups of one data file are kept. */
#define CH_STORE_BACKUPS_KEPT 7

/* $XDG_DATA_HOME/chapterhouse/backups */
char     *ch_store_backup_dir       (void);

/* Once a day: a consistent copy of @db_path (the SQLite online backup,
 * while other programs may be writing) into @dir as NAME-YYYY-MM-DD.db
 * (NAME: the file's name without ".db"; the date of @now), readable by
 * its owner only; of those copies the last CH_STORE_BACKUPS_KEPT stay.
 * Nothing happens when today's copy exists.  A damaged file is never
 * copied over the good backups: CH_STORE_ERROR_DAMAGED.  Blocking.
 * Returns the new copy's path, or NULL (and no error) when there was
 * nothing to do. */
char     *ch_store_backup_daily     (const char  *db_path,
                                     const char  *dir,
                                     GDateTime   *now,
                                     GError     **error);

/* The weekly backup to a folder the user chose: as
 * ch_store_backup_daily(), named NAME-YYYY-MM-DD.db, when the newest
 * backup of @db_path in @dir is 7 days old or older (or there is none);
 * the last @keep stay.  Made as NAME.partial and renamed when complete,
 * so a failed copy never replaces a good one.  NULL (and no error) when
 * there was nothing to do.  Blocking. */
char     *ch_store_backup_weekly    (const char  *db_path,
                                     const char  *dir,
                                     GDateTime   *now,
                                     guint        keep,
                                     GError     **error);

/* "Back Up…": a checked, consistent copy of @db_path at @path (0600, in
 * rollback-journal mode), written while other connections may write,
 * through PATH.partial renamed when complete: an existing file at @path
 * stays whole until the copy is.  Cancellable; blocking. */
gboolean  ch_store_backup_to_file   (const char             *db_path,
                                     const char             *path,
                                     ChStoreBackupProgress   progress,
                                     gpointer                user_data,
                                     GCancellable           *cancellable,
                                     GError                **error);

/* "Restore…", step 1, on any thread: brings the backup @backup_path back
 * into @db_path in place, while the window's connections keep it open.
 * The backup is checked (damaged, too new, not a chapter: an error, the
 * data file untouched), copied beside the data file and opened once there
 * (so an older backup is brought up to this version), then copied into
 * the data file with SQLite's online backup, in one write transaction.
 * Cancellable until that last copy begins.  Blocking. */
gboolean  ch_store_restore_into     (const char             *backup_path,
                                     const char             *db_path,
                                     ChStoreBackupProgress   progress,
                                     gpointer                user_data,
                                     GCancellable           *cancellable,
                                     GError                **error);
/* Step 2, on the thread that owns @store (a connection to that data
 * file): a new device id, so no change number the server has seen is
 * used again, and ::changed for everything.  The next sync brings back
 * what the server has and the backup does not (the backup's cursor is
 * older) and sends the backup's waiting changes again under the new id. */
gboolean  ch_store_finish_restore   (ChStore                *store,
                                     GError                **error);

/* How many changes waiting in @store's outbox a restore of @backup_path
 * would lose: those numbered after the backup was made (all of them when
 * the backup cannot be read). */
guint     ch_store_backup_count_unsent (ChStore             *store,
                                        const char          *backup_path);

/* The newest backup of @db_path in @dir, or NULL. */
char     *ch_store_backup_find_last (const char  *db_path,
                                     const char  *dir);

/* The day a backup made by ch_store_backup_daily() is from, as
 * YYYY-MM-DD (from its name), or NULL. */
char     *ch_store_backup_get_date  (const char  *backup_path);

/* Moves a damaged @db_path, with its -wal and -shm if any, aside to
 * PATH.damaged-YYYY-MM-DD (-2, -3… when that is taken): never deleted,
 * never overwritten.  Returns the new path. */
char     *ch_store_set_aside        (const char  *db_path,
                                     GDateTime   *now,
                                     GError     **error);

/* Copies the backup @backup_path into @db_path, which must not exist yet
 * (it is made 0600).  Open it with ch_store_open() afterwards. */
gboolean  ch_store_restore_backup   (const char  *backup_path,
                                     const char  *db_path,
                                     GError     **error);

G_END_DECLS
