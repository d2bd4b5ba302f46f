/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-sync-manager.h"

G_BEGIN_DECLS

/* Tests only: sync with @token instead of asking the keyring, which a
 * test session does not have. */
void  ch_sync_manager_set_token_for_testing (ChSyncManager *self,
                                             const char    *token);
/* Tests only: what a sync round does after its pull, alone, on the
 * window's store (ch_sync_round_reconcile()); emits ::events-reconciled
 * when registrations moved.  Returns how many. */
guint ch_sync_manager_reconcile_events      (ChSyncManager *self);

G_END_DECLS
