/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ch-member.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * The membership lifecycle: tiers, dues payments, membership periods
 * (history), leadership roles, specialties, renewals, duplicates and
 * merging.  Every change goes through ChStore's generic insert / update /
 * delete, so it is one transaction with its outbox rows and syncs like any
 * other change.  Dates are ISO "YYYY-MM-DD" in the chapter's time zone;
 * money is in minor units (gint64), never floating point.
 */

/* ----------------------------------------------------------------------- */
/* Tiers                                                                   */

/* A chapter's tiers: the three shipped ones ("network" free, "chapter"
 * paid, "honorary" never lapses) under the names the chapter gave them,
 * plus tiers the chapter added.  Stored in the synced entity
 * "membership_tier" (key, name, paid, position). */
typedef struct
{
  char     *key;      /* "network", "chapter", "honorary" or a chapter's own */
  char     *name;     /* display name (translated for the shipped ones unless renamed) */
  gboolean  paid;
  gboolean  honorary;
} ChTier;

void       ch_tier_free                      (ChTier       *tier);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChTier, ch_tier_free)

/* Element type ChTier, in the chapter's order. */
GPtrArray *ch_membership_list_tiers          (ChStore      *store,
                                              const char   *chapter_id,
                                              GError      **error);
/* Adds a tier (@key NULL: made from @name) or renames one. */
gboolean   ch_membership_save_tier           (ChStore      *store,
                                              const char   *chapter_id,
                                              const char   *key,
                                              const char   *name,
                                              gboolean      paid,
                                              GError      **error);

/* ----------------------------------------------------------------------- */
/* Membership periods and history                                         */

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

const char *ch_leave_reason_label            (const char   *reason);
/* NULL-terminated list of the reason keys above. */
const char * const *ch_leave_reasons         (void);

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

typedef enum
{
  CH_HISTORY_JOIN,
  CH_HISTORY_RENEW,
  CH_HISTORY_UPGRADE,
  CH_HISTORY_PAYMENT,
  CH_HISTORY_LAPSE,      /* derived: dues paid until + grace passed */
  CH_HISTORY_REJOIN,     /* with the gap since the lapse or leave */
  CH_HISTORY_LEAVE,
  CH_HISTORY_ROLE_START,
  CH_HISTORY_ROLE_END,
} ChHistoryKind;

typedef struct
{
  ChHistoryKind  kind;
  char          *date;      /* ISO date */
  char          *title;     /* translated, e.g. "Upgraded to Chapter" */
  char          *detail;    /* translated, may be NULL, e.g. "Gap of 4 months" */
  char          *row_id;    /* the period, payment or role row, if any */
} ChHistoryEntry;

void       ch_history_entry_free             (ChHistoryEntry *entry);

/* The member's timeline, oldest first (element type ChHistoryEntry). */
GPtrArray *ch_membership_history             (ChStore      *store,
                                              const char   *member_id,
                                              GError      **error);

/* ----------------------------------------------------------------------- */
/* Dues payments                                                          */

#define CH_PAYMENT_METHOD_BANK_TRANSFER "bank-transfer"
#define CH_PAYMENT_METHOD_CARD          "card"
#define CH_PAYMENT_METHOD_CASH          "cash"
#define CH_PAYMENT_METHOD_INVOICE       "invoice"
#define CH_PAYMENT_METHOD_OTHER         "other"

const char *ch_payment_method_label          (const char   *method);
const char * const *ch_payment_methods       (void);

/* Values of the chapter's "renewal_start" rule (NULL: continue). */
#define CH_RENEWAL_START_CONTINUE    "continue"
#define CH_RENEWAL_START_PAYMENT_DAY "payment-day"

/* The period a payment made on @paid_on covers when nothing else is said:
 * from the day after the member's current "dues paid until"; when that day
 * is before @paid_on, the payment is late: within the grace days the
 * renewal still continues from the old end (chapter rule "continue", the
 * default) or starts on @paid_on (rule "payment-day"); after a lapse, or
 * without dues paid, it starts on @paid_on.  For one dues period of the chapter
 * (yearly / quarterly / monthly; month ends clamp: Jan 31 + 1 month =
 * Feb 28/29).  Writes ISO dates into @covers_from and @covers_until. */
gboolean   ch_membership_default_coverage    (ChStore      *store,
                                              const char   *member_id,
                                              const char   *paid_on,
                                              char        **covers_from,
                                              char        **covers_until,
                                              GError      **error);

/* Records a payment.  @fields: "amount" (int, minor units, > 0, required),
 * "currency" (default: the chapter's), "paid_on" (required), "covers_from"
 * and "covers_until" (default: ch_membership_default_coverage()),
 * "method", "reference".  In the same transaction the member's
 * dues_paid_until becomes the latest covers_until of their payments, and a
 * renew period (or rejoin period, after a lapse) is written.  Bad amounts
 * or dates: CH_STORE_ERROR_INVALID with a translated message, nothing
 * written. */
gboolean   ch_membership_record_payment      (ChStore      *store,
                                              const char   *member_id,
                                              JsonObject   *fields,
                                              char        **out_id,
                                              GError      **error);
/* Deletes a payment and recomputes dues_paid_until. */
gboolean   ch_membership_delete_payment      (ChStore      *store,
                                              const char   *payment_id,
                                              GError      **error);

/* Payment rows (JsonObject as ch_store_get_row(), plus "member_name"),
 * newest first.  @member_id NULL: the whole chapter. */
GPtrArray *ch_membership_list_payments       (ChStore      *store,
                                              const char   *chapter_id,
                                              const char   *member_id,
                                              GError      **error);

typedef struct
{
  char   *period;     /* "2026", "2026-Q3" or "2026-11", after the chapter's dues period */
  char   *currency;
  gint64  total;      /* minor units */
  guint   n_payments;
} ChPaymentTotal;

void       ch_payment_total_free             (ChPaymentTotal *total);

/* Totals per period (by paid_on), newest first; element type ChPaymentTotal. */
GPtrArray *ch_membership_payment_totals      (ChStore      *store,
                                              const char   *chapter_id,
                                              GError      **error);

/* ----------------------------------------------------------------------- */
/* Renewals                                                               */

typedef enum
{
  CH_RENEWAL_DUE_SOON,         /* active, paid until within the next 30 days */
  CH_RENEWAL_IN_GRACE,         /* in grace now */
  CH_RENEWAL_RECENTLY_LAPSED,  /* lapsed, grace ended within the last 90 days */
} ChRenewalGroup;

/* Members (ChMember) of @group, soonest first. */
GPtrArray *ch_membership_renewals            (ChStore        *store,
                                              const char     *chapter_id,
                                              ChRenewalGroup  group,
                                              GError        **error);
/* "mailto:?bcc=a%40x.org,b%40y.com" for the members that have an e-mail
 * address and did not refuse e-mail (consent_email = 0); NULL if none. */
char      *ch_membership_mailto_bcc          (GPtrArray      *members);
/* Their addresses, one per line, for the clipboard. */
char      *ch_membership_addresses           (GPtrArray      *members);

/* ----------------------------------------------------------------------- */
/* Leadership                                                             */

#define CH_ROLE_PRESIDENT      "president"
#define CH_ROLE_VICE_PRESIDENT "vice-president"
#define CH_ROLE_TREASURER      "treasurer"
#define CH_ROLE_SECRETARY      "secretary"
#define CH_ROLE_BOARD_MEMBER   "board-member"
#define CH_ROLE_WIT_LEAD       "wit-lead"

/* Translated label of a standard role; a chapter-defined role is its text. */
const char *ch_role_label                    (const char   *role);
const char * const *ch_standard_roles        (void);

gboolean   ch_membership_add_role            (ChStore      *store,
                                              const char   *member_id,
                                              const char   *role,
                                              const char   *starts_on,
                                              const char   *ends_on,    /* may be NULL */
                                              char        **out_id,
                                              GError      **error);
/* Ends a role on @ends_on (e.g. today) or deletes it when @ends_on is NULL. */
gboolean   ch_membership_end_role            (ChStore      *store,
                                              const char   *role_id,
                                              const char   *ends_on,
                                              GError      **error);

typedef struct
{
  char     *role_id;
  char     *member_id;
  char     *member_name;
  char     *role;
  char     *starts_on;
  char     *ends_on;        /* NULL: open-ended */
  gboolean  ending_soon;    /* ends within 6 months of today */
} ChOfficer;

void       ch_officer_free                   (ChOfficer    *officer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChOfficer, ch_officer_free)

/* TRUE for the roles a chapter has one of at a time: president,
 * vice-president, treasurer, secretary. */
gboolean   ch_role_is_single_seat            (const char   *role);
/* Who holds @role in the chapter on @date (a term that started on or
 * before it and has not ended), other than @except_member_id; NULL when
 * nobody does (or on error). */
ChOfficer *ch_membership_seat_holder         (ChStore      *store,
                                              const char   *chapter_id,
                                              const char   *role,
                                              const char   *date,
                                              const char   *except_member_id,
                                              GError      **error);
/* The hand-over of a seat, in one transaction: the term @old_role_id ends
 * the day before @starts_on and @member_id's term of @role starts on it. */
gboolean   ch_membership_hand_over_role      (ChStore      *store,
                                              const char   *member_id,
                                              const char   *role,
                                              const char   *starts_on,
                                              const char   *ends_on,
                                              const char   *old_role_id,
                                              char        **out_id,
                                              GError      **error);
/* Undoes ch_membership_add_role() or a hand-over, in one transaction: the
 * role @new_role_id is deleted and, when @old_role_id is given, that term
 * ends on @old_ends_on again (NULL: open-ended). */
gboolean   ch_membership_undo_role           (ChStore      *store,
                                              const char   *new_role_id,
                                              const char   *old_role_id,
                                              const char   *old_ends_on,
                                              GError      **error);

/* Roles held today in the chapter's time zone (element type ChOfficer),
 * standard roles first in the order of ch_standard_roles(). */
GPtrArray *ch_membership_current_officers    (ChStore      *store,
                                              const char   *chapter_id,
                                              GError      **error);
/* All roles of one member, current and past (element type ChOfficer). */
GPtrArray *ch_membership_member_roles        (ChStore      *store,
                                              const char   *member_id,
                                              GError      **error);

/* ----------------------------------------------------------------------- */
/* Profile: specialties                                                   */

/* Standard specialty keys: "azure", "modern-work", "security",
 * "dynamics-365", "power-platform", "data-ai", "business-applications". */
const char * const *ch_standard_specialties  (void);
/* Translated label of a standard specialty; a custom one is its text. */
const char *ch_specialty_label               (const char   *specialty);
/* The stored form of what was typed: a standard key for "Azure", "azure"
 * or "Data & AI", else the trimmed text; NULL when empty. */
char       *ch_specialty_normalize           (const char   *text);
/* The name-based id of the member_specialty row of @member_id and
 * @specialty (folded), the same on every device. */
char       *ch_membership_specialty_id       (const char   *member_id,
                                              const char   *specialty);

/* The member's specialties become exactly @specialties (NULL-terminated):
 * rows that are missing are added with the name-based id of member +
 * specialty (restored if a tombstone exists), others are deleted.  Two
 * officers adding the same specialty offline converge to one row. */
gboolean   ch_membership_set_specialties     (ChStore             *store,
                                              const char          *member_id,
                                              const char * const  *specialties,
                                              GError             **error);
/* NULL-terminated, sorted; never NULL. */
char     **ch_membership_get_specialties     (ChStore      *store,
                                              const char   *member_id);
/* Every specialty used in the chapter plus the standard ones, sorted by label. */
char     **ch_membership_all_specialties     (ChStore      *store,
                                              const char   *chapter_id);

/* ----------------------------------------------------------------------- */
/* Duplicates and merging                                                 */

/* The id of a live member of the chapter with a similar name (folded given
 * + family name equal, or family equal and given names sharing a prefix of
 * 3+ letters) at the same company (folded; either company empty counts as
 * the same), other than @exclude_id; NULL if none. */
char      *ch_membership_find_similar        (ChStore      *store,
                                              const char   *chapter_id,
                                              const char   *given_name,
                                              const char   *family_name,
                                              const char   *company,
                                              const char   *exclude_id);

/* Merges @other_id into @survivor_id in one transaction: payments,
 * periods, roles, specialties (deduplicated) and event registrations move
 * to the survivor (ordinary updates, so they sync); empty fields of the
 * survivor are filled from the other; dues_paid_until becomes the later of
 * the two; the other becomes a tombstone.  Both must be live members of
 * the same chapter. */
gboolean   ch_membership_merge               (ChStore      *store,
                                              const char   *survivor_id,
                                              const char   *other_id,
                                              GError      **error);

G_END_DECLS
