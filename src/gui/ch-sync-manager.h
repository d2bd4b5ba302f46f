/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-session.h"

G_BEGIN_DECLS

typedef enum
{
  CH_SYNC_STATE_LOCAL,      /* not connected to a server */
  CH_SYNC_STATE_SYNCED,
  CH_SYNC_STATE_PENDING,    /* local changes waiting */
  CH_SYNC_STATE_SYNCING,
  CH_SYNC_STATE_OFFLINE,
  CH_SYNC_STATE_CONFLICTS,
  CH_SYNC_STATE_ERROR,
} ChSyncManagerState;

#define CH_TYPE_SYNC_MANAGER (ch_sync_manager_get_type ())

G_DECLARE_FINAL_TYPE (ChSyncManager, ch_sync_manager, CH, SYNC_MANAGER, GObject)

/*
 * Keeps one chapter in sync: when asked, a few seconds after an edit, and
 * every few minutes while the network is up; the chapter is the
 * session's.  The work runs on a worker thread (ch_sync_round_run(): the
 * sync, then who moved); the token comes from the keyring there too.
 */
ChSyncManager *ch_sync_manager_new          (ChSession     *session);
void           ch_sync_manager_sync_now     (ChSyncManager *self);
/* Stops the running sync, if any, at once (its window closes): what it
 * did not send waits in the outbox for the next one.  Later syncs run as
 * usual. */
void           ch_sync_manager_cancel       (ChSyncManager *self);
/* Re-reads the local counts (pending, conflicts) and the state. */
void           ch_sync_manager_update       (ChSyncManager *self);
ChSyncManagerState    ch_sync_manager_get_state    (ChSyncManager *self);
/* Short text for the header ("Synced", "3 pending", …). */
const char    *ch_sync_manager_get_label    (ChSyncManager *self);
/* Longer text: the reason of an error, the time of the last sync. */
const char    *ch_sync_manager_get_detail   (ChSyncManager *self);

G_END_DECLS
