/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-store.h"
#include "ch-sync.h"

G_BEGIN_DECLS

/*
 * One sync as every client runs it (the window's sync manager and
 * "chapterhouse-cli sync"): push and pull (ch_sync_run()), then the work
 * that follows a pull (ch_events_reconcile(): who the server moved to the
 * waitlist because another device gave the seat away first, and free seats
 * for the people waiting), then, when that changed anything, a second sync
 * that sends it at once.  The result says what was sent and received and
 * who moved.
 *
 * (Not "ch_sync_run_*": the engine's ch_sync_run() and ch_sync_run_async()
 * are the push and pull alone.)
 */

#define CH_TYPE_SYNC_ROUND_MOVE (ch_sync_round_move_get_type ())

G_DECLARE_FINAL_TYPE (ChSyncRoundMove, ch_sync_round_move, CH, SYNC_ROUND_MOVE, GObject)

/* A registration a round moved, as it is after the round. */
const char *ch_sync_round_move_get_registration_id (ChSyncRoundMove *self);
const char *ch_sync_round_move_get_event_id        (ChSyncRoundMove *self);
/* The member's or guest's name. */
const char *ch_sync_round_move_get_name            (ChSyncRoundMove *self);
/* TRUE: moved to the waitlist (the server gave the seat to another
 * device's registration first); FALSE: moved up from the waitlist. */
gboolean    ch_sync_round_move_get_waitlisted      (ChSyncRoundMove *self);

#define CH_TYPE_SYNC_ROUND (ch_sync_round_get_type ())

G_DECLARE_FINAL_TYPE (ChSyncRound, ch_sync_round, CH, SYNC_ROUND, GObject)

/* Runs a round of @chapter_id on the database at @db_path.  Blocking, with
 * connections of its own: call it from a worker thread or the CLI.  NULL
 * with @error when the sync or the reconcile failed (nothing moved then).
 * When only the second sync failed, the round is returned and
 * ch_sync_round_get_resend_error() says why: the moves happened and are
 * kept here, to be sent by the next sync. */
ChSyncRound        *ch_sync_round_run              (const char    *db_path,
                                                    const char    *chapter_id,
                                                    const char    *token,
                                                    GCancellable  *cancellable,
                                                    GError       **error);
/* Same, telling @progress (on this thread) how the first pull goes. */
ChSyncRound        *ch_sync_round_run_with_progress (const char         *db_path,
                                                     const char         *chapter_id,
                                                     const char         *token,
                                                     ChSyncProgressFunc  progress,
                                                     gpointer            progress_data,
                                                     GCancellable       *cancellable,
                                                     GError            **error);

/* Only the reconcile, on @store: what a round does after its pull.
 * Returns the moves (ChSyncRoundMove, waitlisted first), NULL with @error. */
GPtrArray          *ch_sync_round_reconcile        (ChStore       *store,
                                                    const char    *chapter_id,
                                                    GError       **error);

/* Both syncs of the round, summed. */
const ChSyncReport *ch_sync_round_get_report       (ChSyncRound   *self);
/* (element-type ChSyncRoundMove) (transfer none) */
GPtrArray          *ch_sync_round_get_moves        (ChSyncRound   *self);
/* Why the second sync failed, or NULL. */
const GError       *ch_sync_round_get_resend_error (ChSyncRound   *self);

G_END_DECLS
