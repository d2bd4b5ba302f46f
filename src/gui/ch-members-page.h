/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-member-list.h"
#include "ch-session.h"
#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_MEMBERS_PAGE (ch_members_page_get_type ())

G_DECLARE_FINAL_TYPE (ChMembersPage, ch_members_page, CH, MEMBERS_PAGE, GtkWidget)

/* Shows the chapter of @session, and the one it opens next. */
void           ch_members_page_set_session  (ChMembersPage *self,
                                             ChSession     *session);
ChMemberList  *ch_members_page_get_list     (ChMembersPage *self);
void           ch_members_page_add_member   (ChMembersPage *self);
void           ch_members_page_open_member  (ChMembersPage *self,
                                             const char    *member_id);
void           ch_members_page_delete_member (ChMembersPage *self,
                                             const char    *member_id);
void           ch_members_page_focus_search (ChMembersPage *self);
GtkEditable   *ch_members_page_get_search_entry (ChMembersPage *self);
/* Selects the first row (or keeps the selected one) and moves the keyboard
 * focus to it, as Down in the search does; FALSE when no row is shown. */
gboolean       ch_members_page_focus_results (ChMembersPage *self);

G_END_DECLS
