/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-server-store.h"

G_BEGIN_DECLS

#define CH_TYPE_SERVER_STORE_SQLITE (ch_server_store_sqlite_get_type ())

G_DECLARE_FINAL_TYPE (ChServerStoreSqlite, ch_server_store_sqlite, CH, SERVER_STORE_SQLITE, GObject)

/* Opens the server database at @path. With @create, a missing database is
 * made (with a new epoch); without it, a missing file is an error. The
 * connection is closed when the object is finalized. */
ChServerStore *ch_server_store_sqlite_new (const char  *path,
                                           gboolean     create,
                                           GError     **error);

/* For the serving process, at start: compares the database with its
 * high-water mark (PATH.epoch). A database that went back in time (its
 * counters below the mark, or another epoch) gets a new epoch, *@rotated
 * is set, and a warning is logged. From then on the store keeps the mark
 * up to date after committed batches (at most once a second, and when
 * the store is finalized). */
gboolean       ch_server_store_sqlite_check_epoch (ChServerStore  *store,
                                                   gboolean       *rotated,
                                                   GError        **error);
/* Writes PATH.epoch from the database as it is now (after a restore). */
gboolean       ch_server_store_sqlite_take_mark   (ChServerStore  *store,
                                                   GError        **error);
const char    *ch_server_store_sqlite_get_path    (ChServerStore  *store);
/* How long a statement waits for a lock another connection holds before
 * it fails with CH_SERVER_STORE_ERROR_BUSY (10 s when opened). */
void           ch_server_store_sqlite_set_busy_timeout (ChServerStore *store,
                                                        guint          msec);

/* Rows kept per chapter, for "stats". */
typedef struct
{
  char   *chapter_id;
  gint64  live;        /* records */
  gint64  deleted;     /* tombstones */
  gint64  devices;
  gint64  answers;     /* stored mutation answers */
} ChServerStoreSqliteStats;

void           ch_server_store_sqlite_stats_free  (ChServerStoreSqliteStats *stats);
/* One ChServerStoreSqliteStats per chapter, by chapter id. */
GPtrArray     *ch_server_store_sqlite_stats       (ChServerStore  *store,
                                                   GError        **error);

/* Checks the database file at @path without changing it: a file that is
 * there but empty (0 bytes), is not an SQLite database, or fails SQLite's
 * quick_check (integrity_check with @full) is a CH_SERVER_STORE_ERROR_DAMAGED.
 * A missing file passes (the caller decides whether to create one). */
gboolean       ch_server_store_sqlite_check_file  (const char     *path,
                                                   gboolean        full,
                                                   GError        **error);

G_END_DECLS
