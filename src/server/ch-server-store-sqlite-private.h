/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-server-sql.h"
#include "ch-server-store-sqlite.h"

G_BEGIN_DECLS

/* The instance of ChServerStoreSqlite, shared by its files: the object and
 * the schema (ch-server-store-sqlite.c), the epoch and high-water mark
 * (-epoch.c), chapters and their feed (-feed.c), tokens, devices and stored
 * results (-devices.c). Each of the last three fills its part of the
 * ChServerStore interface. */

struct _ChServerStoreSqlite
{
  GObject        parent_instance;

  sqlite3       *db;
  sqlite3_stmt  *stmts[CH_SERVER_SQL_N_STMTS];
  char          *epoch;
  char          *path;
  char          *high_water_path;  /* PATH.epoch, see ch_server_store_sqlite_check_epoch */
  GHashTable    *high_water;       /* chapter id → highest version committed */
  gint64         high_water_written;  /* monotonic time of the last write */
  gboolean       high_water_dirty;    /* newer than PATH.epoch */
  guint          in_batch : 1;
  guint          in_read : 1;
};

/* The SQL of each ChServerSqlStmt (ch-server-store-sqlite.c). */
extern const char *const ch_server_store_sqlite_stmt_sql[CH_SERVER_SQL_N_STMTS];

void     ch_server_store_sqlite_epoch_iface_init   (ChServerStoreInterface  *iface);
void     ch_server_store_sqlite_feed_iface_init    (ChServerStoreInterface  *iface);
void     ch_server_store_sqlite_devices_iface_init (ChServerStoreInterface  *iface);

/* Picks up an epoch that another process (restore) wrote; inside a
 * transaction. */
gboolean ch_server_store_sqlite_refresh_epoch      (ChServerStoreSqlite     *self,
                                                    GError                 **error);
/* After a committed batch: @chapter_id is at @version. */
void     ch_server_store_sqlite_note_high_water    (ChServerStoreSqlite     *self,
                                                    const char              *chapter_id,
                                                    gint64                   version);
/* Writes PATH.epoch now. */
void     ch_server_store_sqlite_write_high_water   (ChServerStoreSqlite     *self);

G_END_DECLS
