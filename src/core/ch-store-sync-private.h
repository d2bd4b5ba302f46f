/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/* What the files of the store's sync half share (ch-store-sync.c: the
 * link, rejections, conflicts, merges, issues; ch-store-resync.c: a
 * snapshot of the server).  Only those files include this header. */

/* Runs @sql with text arguments (NULL allowed), "#i" then a gint64 for an
 * integer, ended by ch_store_sql_end; the error says the sync state could
 * not be saved. */
gboolean ch_store_sync_run (ChStore     *self,
                            GError     **error,
                            const char  *sql,
                            ...);

G_END_DECLS
