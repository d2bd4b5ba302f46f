/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What tests reach into the profile panel with, through
 * ch-member-dialog-private.h; not for the application. */

#include "ch-gender.h"
#include "ch-member-profile-panel.h"

G_BEGIN_DECLS

GtkEditable *ch_member_profile_panel_get_entry         (ChMemberProfilePanel *self,
                                                        const char           *field);
const char  *ch_member_profile_panel_get_about_you_text (ChMemberProfilePanel *self);
ChGender     ch_member_profile_panel_get_gender        (ChMemberProfilePanel *self);
void         ch_member_profile_panel_set_gender        (ChMemberProfilePanel *self,
                                                        ChGender              gender);

G_END_DECLS
