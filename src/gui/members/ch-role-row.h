/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-roles.h"

G_BEGIN_DECLS

#define CH_TYPE_ROLE_ROW (ch_role_row_get_type ())
G_DECLARE_FINAL_TYPE (ChRoleRow, ch_role_row, CH, ROLE_ROW, AdwActionRow)

/* A term of office on the Roles tab.  A current one can be ended today
 * ("member.end-role") and says when it ends soon; a past one is dimmed. */
GtkWidget  *ch_role_row_new         (ChRole    *role);
const char *ch_role_row_get_role_id (ChRoleRow *self);
gboolean    ch_role_row_get_current (ChRoleRow *self);

G_END_DECLS
