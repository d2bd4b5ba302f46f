/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-member-panel.h"

G_BEGIN_DECLS

#define CH_TYPE_MEMBER_ROLES_PANEL (ch_member_roles_panel_get_type ())

G_DECLARE_FINAL_TYPE (ChMemberRolesPanel, ch_member_roles_panel, CH, MEMBER_ROLES_PANEL, AdwBin)

/* For tests, through ch-member-dialog-private.h. */
GtkWidget  *ch_member_roles_panel_get_widget (ChMemberRolesPanel *self,
                                              const char         *name);
const char *ch_member_roles_panel_get_toast  (ChMemberRolesPanel *self);

G_END_DECLS
