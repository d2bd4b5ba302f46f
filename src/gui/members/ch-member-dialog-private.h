/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What tests reach into the member dialog with; not for the application. */

#include "ch-gender.h"
#include "ch-member-dialog.h"
#include "ch-member-opportunities-panel.h"

G_BEGIN_DECLS

/* The field rows by entity field name ("given_name", "email", …). */
GtkEditable    *ch_member_dialog_get_entry      (ChMemberDialog *self,
                                                 const char     *field);
/* "Answered — used only in totals" when the member's gender and birth
 * year are answered and kept out of sight; NULL when the form asks. */
const char     *ch_member_dialog_get_about_you_text (ChMemberDialog *self);
/* The gender chosen in the form, and choosing one (as the drop-down). */
ChGender        ch_member_dialog_get_gender     (ChMemberDialog *self);
void            ch_member_dialog_set_gender     (ChMemberDialog *self,
                                                 ChGender        gender);
/* The error shown at the top of the form, or NULL. */
const char     *ch_member_dialog_get_error      (ChMemberDialog *self);
/* The member the duplicate e-mail error offers to open, or NULL. */
const char     *ch_member_dialog_get_other_id   (ChMemberDialog *self);
/* The similar member (same name and company) the form warns about, or NULL. */
const char     *ch_member_dialog_get_similar_id (ChMemberDialog *self);
/* "profile", "membership" or "roles" */
void            ch_member_dialog_show_page      (ChMemberDialog *self,
                                                 const char     *page);
/* The status badge on the Membership tab, e.g. "Active". */
const char     *ch_member_dialog_get_status_text (ChMemberDialog *self);
/* The history timeline as shown, newest first. */
guint           ch_member_dialog_get_n_history  (ChMemberDialog *self);
const char     *ch_member_dialog_get_history_title (ChMemberDialog *self,
                                                 guint           i);

/* The Roles tab: "picker" (AdwComboRow), "starts", "ends" (AdwEntryRow),
 * "add" (GtkButton). */
GtkWidget      *ch_member_dialog_get_role_widget (ChMemberDialog *self,
                                                  const char     *name);
/* The last toast of the Roles tab, or NULL. */
const char     *ch_member_dialog_get_role_toast  (ChMemberDialog *self);

/* The Opportunities tab (given and received). */
ChMemberOpportunitiesPanel *
            ch_member_dialog_get_opportunities_panel (ChMemberDialog *self);

G_END_DECLS
