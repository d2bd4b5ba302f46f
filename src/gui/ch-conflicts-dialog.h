/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-session.h"

G_BEGIN_DECLS

#define CH_TYPE_CONFLICTS_DIALOG (ch_conflicts_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ChConflictsDialog, ch_conflicts_dialog, CH, CONFLICTS_DIALOG, AdwWindow)

/* The open conflicts of @session's chapter. */
ChConflictsDialog *ch_conflicts_dialog_new      (GtkWindow         *parent,
                                                 ChSession         *session);
/* Like the buttons of the row at @index: keeps side 0 (your change when
 * this device made one, else the kept value) or side 1 (the other).
 * After the last one the dialog closes with a toast in the window. */
gboolean           ch_conflicts_dialog_choose   (ChConflictsDialog *self,
                                                 guint              index,
                                                 guint              side);

G_END_DECLS
