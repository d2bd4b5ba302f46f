/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_MERGE_DIALOG (ch_merge_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ChMergeDialog, ch_merge_dialog, CH, MERGE_DIALOG, AdwWindow)

/* Picks another record of the same person and merges it into
 * @survivor_id, which stays. */
ChMergeDialog *ch_merge_dialog_new      (GtkWindow     *parent,
                                         ChStore       *store,
                                         ChChapter     *chapter,
                                         const char    *survivor_id);
/* Chooses the record to merge in, like a click in the list. */
void           ch_merge_dialog_select   (ChMergeDialog *self,
                                         const char    *other_id);
/* What will move, as shown under the list. */
const char    *ch_merge_dialog_get_summary (ChMergeDialog *self);
/* Merges without asking again (the confirmation's "Merge"). */
gboolean       ch_merge_dialog_merge    (ChMergeDialog *self);

G_END_DECLS
