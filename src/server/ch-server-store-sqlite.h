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

G_END_DECLS
