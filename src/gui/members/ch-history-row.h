/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-history.h"

G_BEGIN_DECLS

#define CH_TYPE_HISTORY_ROW (ch_history_row_get_type ())
G_DECLARE_FINAL_TYPE (ChHistoryRow, ch_history_row, CH, HISTORY_ROW, AdwActionRow)

/* One entry of a member's history on the Membership tab, with the icon of
 * its kind; gaps (lapse, leave, rejoin) stand out. */
GtkWidget    *ch_history_row_new      (ChHistoryEntry *entry);
ChHistoryKind ch_history_row_get_kind (ChHistoryRow         *self);

G_END_DECLS
