/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-entity.h"
#include "ch-field-value.h"
#include "ch-store.h"
#include "ch-sync-issue.h"

G_BEGIN_DECLS

/* One pending local change, as it goes to the server (ch_store_outbox_list()). */
typedef struct
{
  gint64      mid;
  char       *chapter_id;
  char       *entity;
  char       *row_id;
  char       *op;
  JsonObject *base;
  JsonObject *set;
} ChStoreOutboxEntry;

void ch_store_outbox_entry_free (ChStoreOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChStoreOutboxEntry, ch_store_outbox_entry_free)

/* Reads a change's stored "base" or "set" into an object, or returns NULL
 * (then json-glib's parser reads it, as ch_store_outbox_list() does). */
typedef JsonObject *(*ChStoreJsonReader) (const char  *text,
                                          gsize        len,
                                          GError     **error);

/* ch_store_outbox_list() with a quicker reader for "base" and "set": the
 * sync's push passes the protocol's (issue 17; core does not link it). */
GPtrArray *ch_store_outbox_list_with (ChStore           *self,
                                      const char        *chapter_id,
                                      guint              max,
                                      ChStoreJsonReader  reader,
                                      GError           **error);
/* The same, of the entries after outbox mid @after_mid. */
GPtrArray *ch_store_outbox_list_after (ChStore           *self,
                                       const char        *chapter_id,
                                       gint64             after_mid,
                                       guint              max,
                                       ChStoreJsonReader  reader,
                                       GError           **error);

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
gboolean  ch_store_record_rejection    (ChStore             *self,
                                        ChStoreOutboxEntry  *entry,
                                        const char          *message,
                                        GError             **error);
/* The server refused @entry: a row it never held (a refused insert) or
 * kept deleted (a refused restore) is deleted here too, locally, with the
 * changes still waiting for it, so this device holds what the server holds;
 * what was sent stays in the rejection entry.  Refused updates leave the
 * row as it is. */
gboolean  ch_store_undo_rejected       (ChStore             *self,
                                        ChStoreOutboxEntry  *entry,
                                        GError             **error);
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

/* After a pull: live rows of the chapter that still name a member merged
 * away (tombstone with merged_into) name the survivor instead, as the
 * server does when those rows reach it.  Local only: nothing is queued.
 * Only merges the server holds are followed: not this device's merge still
 * in the outbox (the server may refuse or undo it), nor a tombstone the
 * server lost (version 0 after a resync). */
gboolean  ch_store_follow_merges       (ChStore       *self,
                                        const char    *chapter_id,
                                        GError       **error);

/* ----------------------------------------------------------------------- */
/* Device identity.  The server remembers every (device id, mid) it got.
 * A data file that was copied or restored must not send mids the server
 * has seen under the original's id: it takes a new device id, and its
 * pending changes go out under it from mid 1 (outbox mid − offset). */

/* A new device id (the store's own, and ch_store_get_device_id() from
 * now on); not inside a transaction. */
gboolean    ch_store_renew_device_id       (ChStore        *self,
                                            GError        **error);
/* What to subtract from an outbox mid to get the mid the server sees. */
gint64      ch_store_get_device_mid_offset (ChStore        *self);

/* ----------------------------------------------------------------------- */
/* Sync issues: changes the server refused or overrode, kept until an
 * officer dismisses them (the sync popover, "chapterhouse-cli status");
 * each a ChSyncIssue (ch-sync-issue.h). */

/* The server applied @entry but kept its own value @theirs of @field
 * (@reason: its code, e.g. "kept_later"). */
gboolean    ch_store_record_override       (ChStore             *self,
                                            ChStoreOutboxEntry  *entry,
                                            const char          *field,
                                            JsonNode            *theirs,
                                            const char          *reason,
                                            GError             **error);
/* Issues not dismissed yet, refused and overridden (ch_store_count_rejections()
 * counts the refused ones only). */
guint       ch_store_count_sync_issues     (ChStore        *self,
                                            const char     *chapter_id);
/* Issues not dismissed yet, newest first (ChSyncIssue*). */
GPtrArray  *ch_store_list_sync_issues      (ChStore        *self,
                                            const char     *chapter_id,
                                            GError        **error);
gboolean    ch_store_dismiss_sync_issue    (ChStore        *self,
                                            gint64          id,
                                            GError        **error);
/* Dismisses every issue of @chapter_id. */
gboolean    ch_store_dismiss_sync_issues   (ChStore        *self,
                                            const char     *chapter_id,
                                            GError        **error);

/* A full resync reads the server's whole feed (with tombstones) as one
 * snapshot: _begin() starts an empty set of the rows seen, each row
 * applied (ch_store_apply_snapshot_row()) is noted with _seen(), and
 * _finish(), inside the transaction that stores the new cursor, deals
 * with the rows the device had from the server (version > 0) that the
 * snapshot did not bring:
 * - @epoch_changed (the server was restored from a backup): it lost them;
 *   live ones are queued as inserts again (*@resent), pending changes of
 *   the chapter move after them; deleted ones are forgotten;
 * - else (the cursor was too old): the server deleted them and compacted
 *   the tombstones, so they are deleted here too (*@removed).
 * Either way such rows get version 0. _end() drops the set. */
gboolean  ch_store_resync_begin        (ChStore        *self,
                                        GError        **error);
gboolean  ch_store_resync_seen         (ChStore        *self,
                                        const char     *entity,
                                        const char     *id,
                                        GError        **error);
gboolean  ch_store_resync_finish       (ChStore        *self,
                                        const char     *chapter_id,
                                        gboolean        epoch_changed,
                                        guint          *resent,
                                        guint          *removed,
                                        GError        **error);
void      ch_store_resync_end          (ChStore        *self);
/* Removes the outbox entries @mids (@n of them) in one statement. */
gboolean  ch_store_outbox_remove_mids  (ChStore        *self,
                                        const gint64   *mids,
                                        guint           n,
                                        GError        **error);

/* Opens the transaction of one pulled page (ch_store_begin(), ended by
 * ch_store_commit() or ch_store_rollback()): the search index is brought
 * up to date once, at the commit, and when this device has no pending
 * change the page's rows are written without looking for any. */
gboolean  ch_store_begin_pull_page     (ChStore        *self,
                                        GError        **error);

/* ch_store_apply_remote(), but the row replaces the local one whatever
 * its version (laid under pending local changes as usual). */
gboolean  ch_store_apply_snapshot_row  (ChStore        *self,
                                        const char     *chapter_id,
                                        const char     *entity,
                                        const char     *id,
                                        gint64          version,
                                        gboolean        deleted,
                                        JsonObject     *fields,
                                        GError        **error);

/* ch_store_apply_remote() and ch_store_apply_snapshot_row() of a row read
 * as values (ch-store-pull.c): @values has one entry per field of @info,
 * in its order.  The same rows are stored as from the JsonObject of the
 * same values; inside ch_store_begin_pull_page() with nothing pending,
 * without making one. */
gboolean  ch_store_apply_remote_values   (ChStore            *self,
                                          const char         *chapter_id,
                                          const ChEntityInfo *info,
                                          const char         *id,
                                          gint64              version,
                                          gboolean            deleted,
                                          const ChFieldValue *values,
                                          GError            **error);
gboolean  ch_store_apply_snapshot_values (ChStore            *self,
                                          const char         *chapter_id,
                                          const ChEntityInfo *info,
                                          const char         *id,
                                          gint64              version,
                                          gboolean            deleted,
                                          const ChFieldValue *values,
                                          GError            **error);

G_END_DECLS
