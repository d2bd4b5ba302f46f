/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-member-panel.h"

G_BEGIN_DECLS

#define CH_TYPE_MEMBER_OPPORTUNITIES_PANEL (ch_member_opportunities_panel_get_type ())

G_DECLARE_FINAL_TYPE (ChMemberOpportunitiesPanel, ch_member_opportunities_panel, CH,
                      MEMBER_OPPORTUNITIES_PANEL, AdwBin)

/* The member dialog's Opportunities tab: what the member gave and
 * received, and "Give an Opportunity" with the member as the giver.
 * Nothing here waits for Save: the opportunity dialog saves its own. */

/* For tests, through ch-member-dialog-private.h: the titles listed as
 * given (@given) or received, one per line; whether they are loading. */
char      *ch_member_opportunities_panel_dup_titles  (ChMemberOpportunitiesPanel *self,
                                                      gboolean                    given);
gboolean   ch_member_opportunities_panel_get_loading (ChMemberOpportunitiesPanel *self);

G_END_DECLS
