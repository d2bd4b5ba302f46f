/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ch-member-status.h"
#include "ch-tier.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * What the membership modules (ch-tiers, ch-membership, ch-history,
 * ch-payments, ch-renewals, ch-roles, ch-specialties, ch-merge) share
 * inside core: dates, reading rows, and the member's open period.  Not for
 * the GUI or the CLI.
 */

char          *ch_membership_today_iso          (ChStore     *store,
                                                 const char  *chapter_id);
/* Days since the epoch of an ISO date, or -1. */
gint32         ch_membership_date_days          (const char  *iso);
gboolean       ch_membership_valid_date         (const char  *iso);
char          *ch_membership_add_days           (const char  *iso,
                                                 gint32       n);
/* @date, or today in the chapter's zone when NULL or empty; FALSE (with
 * @domain's @code) when it is not a date. */
gboolean       ch_membership_date_or_today      (ChStore     *store,
                                                 const char  *chapter_id,
                                                 const char  *date,
                                                 char       **out,
                                                 GQuark       domain,
                                                 gint         code,
                                                 GError     **error);
/* A live row of @entity; CH_STORE_ERROR_NOT_FOUND for a missing or
 * deleted one. */
JsonObject    *ch_membership_live_row           (ChStore     *store,
                                                 const char  *entity,
                                                 const char  *id,
                                                 GError     **error);
/* One text column of a query with text parameters, ended by
 * ch_store_sql_end; an empty array (and a warning) when it fails. */
GPtrArray     *ch_membership_query_strings      (ChStore     *store,
                                                 const char  *sql,
                                                 ...);
/* "Data & AI" → "data-ai": folded, letters and digits, dashes between. */
char          *ch_membership_key_from_name      (const char  *name);

/* The one tier rule, as the store keeps it (ch_status_sql_tier_kind()). */
ChTierKind     ch_membership_tier_kind          (ChStore     *store,
                                                 const char  *chapter_id,
                                                 const char  *key);
ChMemberStatus ch_membership_member_status      (ChStore     *store,
                                                 JsonObject  *member);
/* The day a paid member lapsed: the day after dues + grace, or -1. */
gint32         ch_membership_lapse_day          (ChStore     *store,
                                                 JsonObject  *member);

/* The member's open period (join, upgrade or rejoin without an end). */
char          *ch_membership_open_period        (ChStore     *store,
                                                 const char  *member_id);
/* A member added without a history gets the join period their joined_on
 * implies, the first time the history is written to. */
gboolean       ch_membership_ensure_join_period (ChStore     *store,
                                                 JsonObject  *member,
                                                 GError     **error);
/* Ends the open period on @ends_on (never before it started). */
gboolean       ch_membership_close_open_period  (ChStore     *store,
                                                 const char  *member_id,
                                                 const char  *ends_on,
                                                 const char  *reason,
                                                 GError     **error);
gboolean       ch_membership_insert_period      (ChStore     *store,
                                                 const char  *chapter_id,
                                                 const char  *member_id,
                                                 const char  *kind,
                                                 const char  *tier,
                                                 const char  *starts_on,
                                                 const char  *ends_on,
                                                 GError     **error);

G_END_DECLS
