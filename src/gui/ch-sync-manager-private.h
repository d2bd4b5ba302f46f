/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-sync-manager.h"

G_BEGIN_DECLS

/* Tests only: sync with @token instead of asking the keyring, which a
 * test session does not have. */
void ch_sync_manager_set_token_for_testing (ChSyncManager *self,
                                            const char    *token);

G_END_DECLS
