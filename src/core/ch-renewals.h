/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-member.h"
#include "ch-store.h"

G_BEGIN_DECLS

/* Who to remind about dues: members of a tier that pays dues, grouped by
 * how close they are to lapsing. */

typedef enum
{
  CH_RENEWAL_DUE_SOON,         /* active, paid until within the next 30 days */
  CH_RENEWAL_IN_GRACE,         /* in grace now */
  CH_RENEWAL_RECENTLY_LAPSED,  /* lapsed, grace ended within the last 90 days */
} ChRenewalGroup;

/* Members (ChMember) of @group, soonest first. */
GPtrArray  *ch_renewals_list          (ChStore        *store,
                                       const char     *chapter_id,
                                       ChRenewalGroup  group,
                                       GError        **error);
/* Whether @member can be written to: has an e-mail address and did not
 * refuse e-mail (consent_email = 0). */
gboolean    ch_renewals_can_email     (ChMember       *member);
/* "mailto:?bcc=a%40x.org,b%40y.com" for the members ch_renewals_can_email()
 * allows; NULL if none. */
char       *ch_renewals_mailto_bcc    (GPtrArray      *members);
/* Their addresses, one per line, for the clipboard. */
char       *ch_renewals_addresses     (GPtrArray      *members);

G_END_DECLS
