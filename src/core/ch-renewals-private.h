/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For core only: the Renewals groups' rule for one member row, shared by
 * ch_renewals_list() and the reminders count (which reads the same rows
 * without making a ChMember of each). */

#include "ch-renewals.h"

G_BEGIN_DECLS

/* Whether the member with these columns is in @group today; @out_key: the
 * day the group sorts by (paid until, else joined).  @tier_kind is
 * ch_membership_tier_kind() of the member's tier. */
gboolean ch_renewals_row_in_group (ChRenewalGroup  group,
                                   gint            tier_kind,
                                   const char     *joined,
                                   const char     *left,
                                   const char     *paid_until,
                                   gint            grace,
                                   gint32          today,
                                   gint32         *out_key);

G_END_DECLS
