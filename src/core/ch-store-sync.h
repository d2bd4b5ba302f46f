/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/* The link of a chapter to its server and where its change feed stands. */
gboolean  ch_store_get_sync_state      (ChStore        *self,
                                        const char     *chapter_id,
                                        char          **server_url,
                                        char          **epoch,
                                        gint64         *cursor);
gboolean  ch_store_set_sync_state      (ChStore        *self,
                                        const char     *chapter_id,
                                        const char     *server_url,
                                        const char     *epoch,
                                        gint64          cursor,
                                        GError        **error);
/* After a sync: @error_message NULL means it went well (last sync = now). */
gboolean  ch_store_set_sync_result     (ChStore        *self,
                                        const char     *chapter_id,
                                        const char     *error_message,
                                        GError        **error);
/* Last successful sync (ISO UTC) and last error; either may be NULL. */
gboolean  ch_store_get_sync_result     (ChStore        *self,
                                        const char     *chapter_id,
                                        char          **last_sync_at,
                                        char          **last_error);
gboolean  ch_store_unlink_chapter      (ChStore        *self,
                                        const char     *chapter_id,
                                        GError        **error);

/* Gives a local chapter the server chapter's id, everywhere. */
gboolean  ch_store_relink_chapter      (ChStore        *self,
                                        const char     *old_id,
                                        const char     *new_id,
                                        GError        **error);

/* The server kept its own value of a row at @version (a conflict).  If
 * this device already holds the row at @version or later — a pull laid a
 * change that was still pending over it — the row's version and the
 * chapter's cursor go back below @version, so the next pull brings the
 * server's row again. */
gboolean  ch_store_refetch_row         (ChStore        *self,
                                        const char     *chapter_id,
                                        const char     *entity,
                                        const char     *id,
                                        gint64          version,
                                        GError        **error);

/* A change the server refused, kept so it can be shown. */
gboolean  ch_store_record_rejection    (ChStore        *self,
                                        ChOutboxEntry  *entry,
                                        const char     *message,
                                        GError        **error);
guint     ch_store_count_rejections    (ChStore        *self,
                                        const char     *chapter_id);

/* Conflicts made by the server that nobody has resolved yet. */
guint     ch_store_count_open_conflicts (ChStore       *self,
                                        const char     *chapter_id);
/* Ids of the open conflicts, oldest first. */
GPtrArray *ch_store_list_open_conflicts (ChStore       *self,
                                        const char     *chapter_id,
                                        GError        **error);
/* Keep "theirs" (the value the server kept) or use "mine" (write the
 * change the server did not apply over it, restoring a deleted row if
 * needed).  These are the server's names: "mine" is the change of the
 * device that synced second, not necessarily this device's; choose by
 * side with ch_conflict_choose().  Syncs like any other change. */
gboolean  ch_store_resolve_conflict    (ChStore        *self,
                                        const char     *conflict_id,
                                        gboolean        use_mine,
                                        GError        **error);

G_END_DECLS
