/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

/* What tests reach into the conflicts dialog with; not for the application. */

#include "ch-conflicts-dialog.h"

G_BEGIN_DECLS

/* Number of conflicts listed. */
guint              ch_conflicts_dialog_get_n    (ChConflictsDialog *self);

/* The row's lines as shown:
 * "Your change: …\nBjorn’s change, kept for now: …\nFound today 10:44" */
const char        *ch_conflicts_dialog_get_text (ChConflictsDialog *self,
                                                 guint              index);

/* The toast shown when the last conflict was resolved, or NULL. */
const char        *ch_conflicts_dialog_get_toast (ChConflictsDialog *self);

G_END_DECLS
