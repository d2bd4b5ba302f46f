/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Core only: runs one read of the opportunities ledger (a list, the
 * givers' board, who can help, the quarterly summary) on a worker thread
 * with a read-only connection of its own.  The job sees only its
 * immutable @data and that connection; the GPtrArray it returns reaches
 * the caller's main context through the GTask. */

#include <gio/gio.h>
#include <sqlite3.h>

#include "ch-store.h"

G_BEGIN_DECLS

typedef GPtrArray *(*ChOpportunityQueryFunc) (sqlite3   *db,
                                              gpointer   data,
                                              GError   **error);

void       ch_opportunity_query_run_async  (ChStore                *store,
                                            ChOpportunityQueryFunc  func,
                                            gpointer                data,
                                            GDestroyNotify          data_free,
                                            gpointer                source_tag,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data);
GPtrArray *ch_opportunity_query_run_finish (GAsyncResult           *result,
                                            gpointer                source_tag,
                                            GError                **error);

/* Runs @func on @store's connection on this thread, then frees @data. */
GPtrArray *ch_opportunity_query_run        (ChStore                *store,
                                            ChOpportunityQueryFunc  func,
                                            gpointer                data,
                                            GDestroyNotify          data_free,
                                            GError                **error);
/* Ends a read: finalizes @st and returns @out when @rc is SQLITE_DONE;
 * else frees @out, sets @error (CH_STORE_ERROR_FAILED) and returns NULL. */
GPtrArray *ch_opportunity_query_finish     (sqlite3                *db,
                                            sqlite3_stmt           *st,
                                            int                     rc,
                                            GPtrArray              *out,
                                            GError                **error);

/* Prepares @sql on @db or sets @error (CH_STORE_ERROR_FAILED). */
sqlite3_stmt *ch_opportunity_query_prepare (sqlite3                *db,
                                            const char             *sql,
                                            GError                **error);
/* Column @col as a string, or NULL. */
const char *ch_opportunity_query_text      (sqlite3_stmt           *st,
                                            int                     col);

G_END_DECLS
