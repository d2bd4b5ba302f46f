/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-session.h"
#include "ch-sync-manager.h"

G_BEGIN_DECLS

/* The header button that opens the popover: shown only while there are
 * issues, with their number.  Its popover is a ChSyncIssuesPopover. */
GtkWidget *ch_sync_issues_button_new (ChSession     *session,
                                      ChSyncManager *sync);

G_END_DECLS
