/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-roles.h"

G_BEGIN_DECLS

#define CH_TYPE_OFFICER_ROW (ch_officer_row_get_type ())
G_DECLARE_FINAL_TYPE (ChOfficerRow, ch_officer_row, CH, OFFICER_ROW, AdwActionRow)

/* A current officer on the Leadership page: the role, who holds it and
 * since or until when, a pill when the term ends soon, and a button that
 * opens the member ("leadership.open-member"). */
GtkWidget *ch_officer_row_new      (ChRole       *role);
ChRole    *ch_officer_row_get_role (ChOfficerRow *self);

G_END_DECLS
