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

G_END_DECLS
