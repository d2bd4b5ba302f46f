/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-member.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Membership periods: joining, moving to another tier, leaving and coming
 * back.  Every change goes through ChStore's generic insert / update /
 * delete, so it is one transaction with its outbox rows and syncs like any
 * other change.  Dates are ISO "YYYY-MM-DD" in the chapter's time zone.
 * Tiers are in ch-tiers.h, payments in ch-payments.h, the timeline in
 * ch-history.h.
 */

#define CH_MEMBERSHIP_ERROR (ch_membership_error_quark ())

typedef enum
{
  CH_MEMBERSHIP_ERROR_INVALID,   /* a translated message says what to fix */
} ChMembershipError;

GQuark     ch_membership_error_quark         (void);

/* Kinds of membership_period rows (column "kind"). */
#define CH_PERIOD_JOIN     "join"
#define CH_PERIOD_RENEW    "renew"
#define CH_PERIOD_UPGRADE  "upgrade"
#define CH_PERIOD_REJOIN   "rejoin"

/* Reasons for leaving (member.left_reason and membership_period.end_reason). */
#define CH_LEAVE_COST            "cost"
#define CH_LEAVE_NO_VALUE        "no-value"
#define CH_LEAVE_MOVED           "moved"
#define CH_LEAVE_COMPANY_CLOSED  "company-closed"
#define CH_LEAVE_OTHER           "other"

const char *ch_membership_leave_reason_label (const char   *reason);
/* NULL-terminated list of the reason keys above. */
const char * const *ch_membership_leave_reasons (void);

/* Upgrades a member to @tier (e.g. network → chapter) on @date: the open
 * period ends the day before, a CH_PERIOD_UPGRADE period starts, and the
 * member's tier changes — one transaction.  Counted as a conversion when
 * it goes from a free tier to a paid one. */
gboolean   ch_membership_change_tier         (ChStore      *store,
                                              const char   *member_id,
                                              const char   *tier,
                                              const char   *date,
                                              GError      **error);
/* The member leaves on @date for @reason (one of CH_LEAVE_*) with an
 * optional free-text note kept in the member's notes. */
gboolean   ch_membership_leave               (ChStore      *store,
                                              const char   *member_id,
                                              const char   *date,
                                              const char   *reason,
                                              GError      **error);
/* Whether @member may rejoin on @date (NULL: today in the chapter's zone):
 * they left (before @date) or lapsed.  FALSE with
 * CH_MEMBERSHIP_ERROR_INVALID and a translated reason otherwise. */
gboolean   ch_membership_can_rejoin          (ChStore      *store,
                                              ChMember     *member,
                                              const char   *date,
                                              GError      **error);
/* A member who left or lapsed comes back on @date: a CH_PERIOD_REJOIN
 * period starts and left_on is cleared; the gap stays in the history. */
gboolean   ch_membership_rejoin              (ChStore      *store,
                                              const char   *member_id,
                                              const char   *date,
                                              GError      **error);

/* Conversions (free tier → paid tier upgrades) whose date lies in
 * [@from, @until] (either may be NULL for open). */
guint      ch_membership_count_conversions   (ChStore      *store,
                                              const char   *chapter_id,
                                              const char   *from,
                                              const char   *until);

G_END_DECLS
