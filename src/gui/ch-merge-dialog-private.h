/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What tests reach into the merge dialog with; not for the application. */

#include "ch-merge-dialog.h"

G_BEGIN_DECLS

/* Chooses the record to merge in, like a click in the list. */
void           ch_merge_dialog_select   (ChMergeDialog *self,
                                         const char    *other_id);
/* What will move, as shown under the list. */
const char    *ch_merge_dialog_get_summary (ChMergeDialog *self);
/* Merges without asking again (the confirmation's "Merge"). */
gboolean       ch_merge_dialog_merge    (ChMergeDialog *self);

G_END_DECLS
