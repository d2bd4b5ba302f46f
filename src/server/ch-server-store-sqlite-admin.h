/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-server-store.h"

G_BEGIN_DECLS

/* The operator's commands on the SQLite store that the sync API never
 * needs: devices, token rotation, removing a chapter. Each change is one
 * IMMEDIATE transaction. */

typedef struct
{
  char   *chapter_id;
  char   *device_id;
  char   *token_name;  /* NULL: a device that only pulled */
  gint64  last_mid;    /* 0 if it never pushed */
  gint64  cursor;      /* -1 if it never said where it stands */
  gint64  seen_at;     /* Unix time of its last pull (0: unknown) */
} ChServerStoreSqliteAdminDevice;

void       ch_server_store_sqlite_admin_device_free (ChServerStoreSqliteAdminDevice *device);

/* The devices known to the server (of @chapter_id, or all with NULL),
 * by chapter, most recently seen first. */
GPtrArray *ch_server_store_sqlite_admin_list_devices (ChServerStore  *store,
                                                      const char     *chapter_id,
                                                      GError        **error);
/* Forgets a device: its row, its stored answers and its cursor (so that
 * compaction stops waiting for it, and its token has one device less). A
 * NOT_FOUND error if the server does not know it. */
gboolean   ch_server_store_sqlite_admin_forget_device (ChServerStore  *store,
                                                       const char     *chapter_id,
                                                       const char     *device_id,
                                                       GError        **error);
/* Revokes token @id and adds one with the same name, chapter and rights
 * whose SHA-256 is @new_hash; the old token's devices move to it. Returns
 * the new token's id, or 0. */
gint64     ch_server_store_sqlite_admin_rotate_token (ChServerStore  *store,
                                                      gint64          id,
                                                      const char     *new_hash,
                                                      GError        **error);
/* Deletes chapter @chapter_id and everything of it: rows, devices,
 * stored answers, cursors and its tokens. */
gboolean   ch_server_store_sqlite_admin_remove_chapter (ChServerStore  *store,
                                                        const char     *chapter_id,
                                                        GError        **error);

/* Devices known to the server, and those that pulled since @since (Unix
 * time). */
gboolean   ch_server_store_sqlite_admin_count_devices (ChServerStore  *store,
                                                       gint64          since,
                                                       gint64         *total,
                                                       gint64         *active,
                                                       GError        **error);

G_END_DECLS
