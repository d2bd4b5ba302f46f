/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"
#include "ch-sync-manager.h"

G_BEGIN_DECLS

#define CH_TYPE_SYNC_ISSUES_POPOVER (ch_sync_issues_popover_get_type ())

G_DECLARE_FINAL_TYPE (ChSyncIssuesPopover, ch_sync_issues_popover, CH, SYNC_ISSUES_POPOVER,
                      GtkPopover)

/*
 * The changes the server refused or overrode (ch_store_list_sync_issues()),
 * each with its reason and a Dismiss button, and Dismiss All.  Read again
 * after every sync and whenever it opens.
 */
ChSyncIssuesPopover *ch_sync_issues_popover_new         (ChStore             *store,
                                                         ChSyncManager       *sync);
void                 ch_sync_issues_popover_set_chapter (ChSyncIssuesPopover *self,
                                                         const char          *chapter_id);
/* Reads the list again; returns how many issues it shows. */
guint                ch_sync_issues_popover_reload      (ChSyncIssuesPopover *self);
guint                ch_sync_issues_popover_get_n_issues (ChSyncIssuesPopover *self);

/* The header button that opens the popover: shown only while there are
 * issues, with their number.  The popover is its "popover". */
GtkWidget           *ch_sync_issues_button_new          (ChStore             *store,
                                                         ChSyncManager       *sync);
void                 ch_sync_issues_button_set_chapter  (GtkWidget           *button,
                                                         const char          *chapter_id);

G_END_DECLS
