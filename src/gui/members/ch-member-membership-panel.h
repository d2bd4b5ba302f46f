/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-member-panel.h"

G_BEGIN_DECLS

#define CH_TYPE_MEMBER_MEMBERSHIP_PANEL (ch_member_membership_panel_get_type ())

G_DECLARE_FINAL_TYPE (ChMemberMembershipPanel, ch_member_membership_panel, CH,
                      MEMBER_MEMBERSHIP_PANEL, AdwBin)

/* For tests, through ch-member-dialog-private.h. */
const char *ch_member_membership_panel_get_status_text   (ChMemberMembershipPanel *self);
guint       ch_member_membership_panel_get_n_history     (ChMemberMembershipPanel *self);
const char *ch_member_membership_panel_get_history_title (ChMemberMembershipPanel *self,
                                                          guint                    i);

G_END_DECLS
