/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-member-panel.h"

G_BEGIN_DECLS

#define CH_TYPE_MEMBER_MAIL_PANEL (ch_member_mail_panel_get_type ())

G_DECLARE_FINAL_TYPE (ChMemberMailPanel, ch_member_mail_panel, CH, MEMBER_MAIL_PANEL, AdwBin)

/* The E-mail tab of the member dialog: what was sent to the member and
 * when, newest first, from the synced record (every officer's messages). */
ChMemberMailPanel *ch_member_mail_panel_new (void);

/* For tests: how many messages are listed, and the title of the @i-th
 * ("Renewal reminder, 2026-12-02"). */
guint       ch_member_mail_panel_get_n_records (ChMemberMailPanel *self);
const char *ch_member_mail_panel_get_title     (ChMemberMailPanel *self,
                                                guint              i);

G_END_DECLS
