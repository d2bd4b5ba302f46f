/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-insights-table.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * The chapter's figures for a period: growth, retention, conversion, who
 * is at risk, events and the leadership's make-up (docs/insights.md
 * defines each one).  Every figure is counted in SQL here, with the one
 * status rule (ch_member_status_member_days()) and the one tier rule
 * (ch_tier_kind()); the Insights page, the report and the CLI only show
 * a ChInsights, which is immutable.
 */

#define CH_INSIGHTS_ERROR (ch_insights_error_quark ())

typedef enum
{
  CH_INSIGHTS_ERROR_INVALID,   /* a bad period; a translated message says what to fix */
  CH_INSIGHTS_ERROR_FAILED,    /* the store could not be read */
} ChInsightsError;

GQuark       ch_insights_error_quark       (void);

typedef enum
{
  CH_INSIGHTS_PERIOD_LAST_12_MONTHS,
  CH_INSIGHTS_PERIOD_THIS_YEAR,
  CH_INSIGHTS_PERIOD_CUSTOM,
} ChInsightsPeriod;

/* The first and last day of @period for @today ("YYYY-MM-DD"): the last
 * 12 months end today and start the day after the same day a year ago;
 * this year starts on 1 January.  Not for CH_INSIGHTS_PERIOD_CUSTOM. */
void         ch_insights_period_dates      (ChInsightsPeriod   period,
                                            const char        *today,
                                            char             **from,
                                            char             **to);

/* Checks a custom period: two dates, from on or before to, to not after
 * @today (the figures count what happened).  A translated message
 * otherwise (CH_INSIGHTS_ERROR_INVALID). */
gboolean     ch_insights_check_period      (const char        *from,
                                            const char        *to,
                                            const char        *today,
                                            GError           **error);

#define CH_TYPE_INSIGHTS (ch_insights_get_type ())

G_DECLARE_FINAL_TYPE (ChInsights, ch_insights, CH, INSIGHTS, GObject)

/* Every figure of @chapter_id from @from to @to (NULL: the last 12
 * months), today in the chapter's time zone.  Blocking: the window calls
 * ch_insights_compute_async(). */
ChInsights  *ch_insights_compute           (ChStore           *store,
                                            const char        *chapter_id,
                                            const char        *from,
                                            const char        *to,
                                            GError           **error);
/* The same on a worker thread with a connection of its own to @store's
 * file; the result is applied on the caller's main context. */
void         ch_insights_compute_async     (ChStore           *store,
                                            const char        *chapter_id,
                                            const char        *from,
                                            const char        *to,
                                            GCancellable      *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer           user_data);
ChInsights  *ch_insights_compute_finish    (GAsyncResult      *result,
                                            GError           **error);

const char  *ch_insights_get_chapter_name  (ChInsights        *self);
const char  *ch_insights_get_from          (ChInsights        *self);
const char  *ch_insights_get_to            (ChInsights        *self);
const char  *ch_insights_get_today         (ChInsights        *self);
/* "1 Dec 2025 – 30 Nov 2026" */
char        *ch_insights_dup_period_label  (ChInsights        *self);
/* Every table (ChInsightsTable), in the order the page and the report
 * show them; the first is "key-figures". */
GPtrArray   *ch_insights_get_tables        (ChInsights        *self);
/* The table @key ("growth-tiers", …; docs/insights.md lists them), or NULL. */
ChInsightsTable *ch_insights_get_table     (ChInsights        *self,
                                            const char        *key);
/* The text of the key figure @key ("members", "retention", …), or NULL. */
const char  *ch_insights_get_figure        (ChInsights        *self,
                                            const char        *key);
/* The keys of the key figures, in the rows' order of "key-figures". */
GPtrArray   *ch_insights_get_figure_keys   (ChInsights        *self);
/* The first CH_INSIGHTS_AT_RISK_SHOWN members at risk (ChMember),
 * soonest renewal first; the table "at-risk" lists them all. */
#define CH_INSIGHTS_AT_RISK_SHOWN 50
GPtrArray   *ch_insights_get_at_risk       (ChInsights        *self);
/* How many members are at risk. */
guint        ch_insights_get_n_at_risk     (ChInsights        *self);
/* Every member at risk (ChMember), read on a worker thread with a
 * connection of its own to @store's file: to write to them all. */
void         ch_insights_load_at_risk_async  (ChInsights          *self,
                                              ChStore             *store,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray   *ch_insights_load_at_risk_finish (GAsyncResult        *result,
                                              GError             **error);
/* How long the figures took to count, in microseconds (for the bench). */
gint64       ch_insights_get_elapsed_us    (ChInsights        *self);

G_END_DECLS
