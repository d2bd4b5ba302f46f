/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_CONFLICTS_DIALOG (ch_conflicts_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ChConflictsDialog, ch_conflicts_dialog, CH, CONFLICTS_DIALOG, AdwWindow)

ChConflictsDialog *ch_conflicts_dialog_new      (GtkWindow         *parent,
                                                 ChStore           *store,
                                                 const char        *chapter_id);
/* Number of conflicts listed. */
guint              ch_conflicts_dialog_get_n    (ChConflictsDialog *self);
/* Like the buttons of the row at @index. */
gboolean           ch_conflicts_dialog_resolve  (ChConflictsDialog *self,
                                                 guint              index,
                                                 gboolean           use_mine);

G_END_DECLS
