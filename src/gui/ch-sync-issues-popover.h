/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-session.h"
#include "ch-sync-manager.h"

G_BEGIN_DECLS

#define CH_TYPE_SYNC_ISSUES_POPOVER (ch_sync_issues_popover_get_type ())

G_DECLARE_FINAL_TYPE (ChSyncIssuesPopover, ch_sync_issues_popover, CH, SYNC_ISSUES_POPOVER,
                      GtkPopover)

/*
 * The changes the server refused or overrode (ch_store_list_sync_issues()),
 * each with its reason and a Dismiss button, and Dismiss All, for the
 * session's chapter.  Read again after every sync, whenever it opens and
 * when the session opens another chapter.
 */
ChSyncIssuesPopover *ch_sync_issues_popover_new         (ChSession           *session,
                                                         ChSyncManager       *sync);
/* Reads the list again; returns how many issues it shows. */
guint                ch_sync_issues_popover_reload      (ChSyncIssuesPopover *self);
guint                ch_sync_issues_popover_get_n_issues (ChSyncIssuesPopover *self);

G_END_DECLS
