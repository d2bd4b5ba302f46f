/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-gender.h"
#include "ch-member-panel.h"

G_BEGIN_DECLS

#define CH_TYPE_MEMBER_PROFILE_PANEL (ch_member_profile_panel_get_type ())

G_DECLARE_FINAL_TYPE (ChMemberProfilePanel, ch_member_profile_panel, CH, MEMBER_PROFILE_PANEL,
                      AdwBin)

/* For tests, through ch-member-dialog-private.h. */
GtkEditable *ch_member_profile_panel_get_entry         (ChMemberProfilePanel *self,
                                                        const char           *field);
const char  *ch_member_profile_panel_get_about_you_text (ChMemberProfilePanel *self);
ChGender     ch_member_profile_panel_get_gender        (ChMemberProfilePanel *self);
void         ch_member_profile_panel_set_gender        (ChMemberProfilePanel *self,
                                                        ChGender              gender);

G_END_DECLS
