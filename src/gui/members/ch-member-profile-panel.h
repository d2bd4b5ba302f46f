/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-member-panel.h"

G_BEGIN_DECLS

#define CH_TYPE_MEMBER_PROFILE_PANEL (ch_member_profile_panel_get_type ())

G_DECLARE_FINAL_TYPE (ChMemberProfilePanel, ch_member_profile_panel, CH, MEMBER_PROFILE_PANEL,
                      AdwBin)

G_END_DECLS
