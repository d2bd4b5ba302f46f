/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ch-member.h"

G_BEGIN_DECLS

#define CH_TYPE_MEMBER_COMPACT_ROW (ch_member_compact_row_get_type ())
G_DECLARE_FINAL_TYPE (ChMemberCompactRow, ch_member_compact_row, CH, MEMBER_COMPACT_ROW, GtkWidget)

/* A member on two lines, for the Members page in a narrow window: the name,
 * then the company and the status pill.  The list recycles rows, so the
 * member is a property that changes. */
GtkWidget *ch_member_compact_row_new        (void);
ChMember  *ch_member_compact_row_get_member (ChMemberCompactRow *self);
void       ch_member_compact_row_set_member (ChMemberCompactRow *self,
                                             ChMember           *member);

G_END_DECLS
