/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "ch-tier.h"

G_BEGIN_DECLS

typedef enum
{
  CH_MEMBER_STATUS_PROSPECT,
  CH_MEMBER_STATUS_ACTIVE,
  CH_MEMBER_STATUS_GRACE,
  CH_MEMBER_STATUS_LAPSED,
  CH_MEMBER_STATUS_LEFT,
} ChMemberStatus;

#define CH_MEMBER_STATUS_LAST CH_MEMBER_STATUS_LEFT

/*
 * The one rule that turns dates into a status; never typed by hand.
 * @today_days: ch_iso_date_to_days() of today in the chapter's time zone.
 *
 *  - left_on set and on or before today        → left
 *  - not joined yet (no joined_on, or future)  → prospect
 *  - free tiers (network) and honorary         → active
 *  - paid until today or later                 → active
 *  - paid until within the last @grace_days    → grace
 *  - otherwise                                 → lapsed
 * A paid member who has never paid counts as paid until the day they joined.
 * See ch_member_status_compute_kind() below.
 */

/* The rule above for a tier of @kind: ch_tier_kind() knows a
 * chapter's own tiers, so callers never decide a tier's kind by its key
 * (a chapter's own free tier is active while a member, like "network"). */
ChMemberStatus  ch_member_status_compute_kind (ChTierKind   kind,
                                            const char     *joined_on,
                                            const char     *left_on,
                                            const char     *dues_paid_until,
                                            gint            grace_days,
                                            gint32          today_days);

/* The same rule as the days on which it says active or grace: from
 * *@first_day to *@last_day (day counts of ch_iso_date_to_days();
 * *@last_day is G_MAXINT32 while nothing ends it — a free or honorary
 * tier, not left).  FALSE when there is no such day (never joined, or
 * left before joining).  For a day D <= today, the status is active or
 * grace exactly when *@first_day <= D <= *@last_day; the insights count
 * members at past days with it (tests/core/test-status.c checks the two
 * against each other day by day). */
gboolean        ch_member_status_member_days (ChTierKind    kind,
                                            const char     *joined_on,
                                            const char     *left_on,
                                            const char     *dues_paid_until,
                                            gint            grace_days,
                                            gint32         *first_day,
                                            gint32         *last_day);

/* The first day after @today_days on which the rule may give another
 * status for the same dates (ch_iso_date_to_days() day counts), or
 * G_MAXINT32 when no day ever will (left, never joined and never
 * leaving, or a free or honorary member with no leaving day).  The status
 * is the same on every day from @today_days up to the day before.  The
 * member list keeps each member's status with this day (level 19), so
 * that only the members whose day has come are computed again each day. */
gint32          ch_member_status_next_change (ChTierKind   kind,
                                            const char     *joined_on,
                                            const char     *left_on,
                                            const char     *dues_paid_until,
                                            gint            grace_days,
                                            gint32          today_days);

const char     *ch_member_status_to_string (ChMemberStatus  status);

gboolean        ch_member_status_from_string (const char   *str,
                                            ChMemberStatus *status);

const char     *ch_member_status_label     (ChMemberStatus  status);

G_END_DECLS
