/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Automatic backups of the data file and what to do with a damaged one.
 * Every function here works on paths, never on a ChStore: the backup runs
 * on a worker thread with connections of its own, and a damaged file has
 * no ChStore.  Every access to a database file goes through SQLite.
 */

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
