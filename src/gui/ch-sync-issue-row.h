/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ch-store-sync.h"

G_BEGIN_DECLS

#define CH_TYPE_SYNC_ISSUE_ROW (ch_sync_issue_row_get_type ())

G_DECLARE_FINAL_TYPE (ChSyncIssueRow, ch_sync_issue_row, CH, SYNC_ISSUE_ROW, GtkListBoxRow)

/* One change the server refused or overrode, with its Dismiss button
 * (which emits ::dismiss). */
GtkWidget *ch_sync_issue_row_new    (const ChSyncIssue *issue);
gint64     ch_sync_issue_row_get_id (ChSyncIssueRow    *self);

G_END_DECLS
