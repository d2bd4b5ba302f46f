/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the insights' subject files share inside core: one count (ctx) of
 * one chapter and period, the statements with their named parameters,
 * and the key figures.  Each subject adds its tables to ctx->tables:
 * ch-insights-growth.c, -retention.c, -conversion.c, -at-risk.c,
 * -events.c, -leadership.c, -opportunities.c.
 */

#include <math.h>
#include <sqlite3.h>

#include "ch-insights.h"
#include "ch-insights-table-private.h"
#include "ch-number.h"   /* figures as the user's locale groups them */

G_BEGIN_DECLS

typedef struct
{
  ChStore         *store;
  sqlite3         *db;
  const char      *chapter_id;
  char            *from;        /* the period, ISO dates */
  char            *to;
  char            *today;       /* in the chapter's time zone */
  char            *year_ago;    /* @to minus 12 months */
  char            *start24;     /* the first of the month 23 months before @to's */
  char            *now_utc;     /* for events that are over */
  char            *due_by;      /* today + 60 days */
  char            *six_months_ago;
  char            *cohort_start; /* 1 January, four years before @to's year */
  gint             grace;
  gint64           prepared_at; /* of the last statement, for the debug log */
  GPtrArray       *tables;      /* ChInsightsTable */
  ChInsightsTable *figures;     /* "key-figures" */
  GPtrArray       *figure_keys; /* char *, one per row of figures */
  GPtrArray       *at_risk;     /* ChMember, the first CH_INSIGHTS_AT_RISK_SHOWN */
  GPtrArray       *at_risk_ids; /* char *, all of them */
} ChInsightsContext;

/* A statement with the context's values bound to the names it uses:
 * :chapter, :from, :to, :today, :today_days, :year_ago, :start24, :now,
 * :due_by, :six_months_ago, :cohort_start,
 * :grace, :paid, :free (ChTierKind), :active, :in_grace (ChMemberStatus).
 * NULL with CH_INSIGHTS_ERROR_FAILED. */
sqlite3_stmt *ch_insights_prepare          (ChInsightsContext *ctx,
                                            const char        *sql,
                                            GError           **error);
/* Ends a statement: FALSE with CH_INSIGHTS_ERROR_FAILED when @rc is not
 * SQLITE_DONE. */
gboolean      ch_insights_finish_stmt      (ChInsightsContext *ctx,
                                            sqlite3_stmt      *st,
                                            int                rc,
                                            GError           **error);
/* Adds a key figure: @value shown as @text. */
void          ch_insights_add_figure       (ChInsightsContext *ctx,
                                            const char        *key,
                                            const char        *label,
                                            double             value,
                                            const char        *text);
/* "Jan 2026" for "2026-01". */
char         *ch_insights_month_label      (const char        *month);
/* "12 Mar 2026" for "2026-03-12". */
char         *ch_insights_date_label       (const char        *iso);
/* "fewer than 3" for a group of 1 or 2 people (CH_GENDER_MIN_GROUP, the
 * rule ch-board-balance keeps), else NULL. */
const char   *ch_insights_small_group_text (guint              people);
/* A percentage rounded as the tables show it: "57 %". */
char         *ch_insights_percent_text     (double             percent);

/* The subjects. */
gboolean      ch_insights_growth_compute      (ChInsightsContext *ctx,
                                               GError           **error);
gboolean      ch_insights_retention_compute   (ChInsightsContext *ctx,
                                               GError           **error);
gboolean      ch_insights_conversion_compute  (ChInsightsContext *ctx,
                                               GError           **error);
gboolean      ch_insights_at_risk_compute     (ChInsightsContext *ctx,
                                               GError           **error);
gboolean      ch_insights_events_compute      (ChInsightsContext *ctx,
                                               GError           **error);
gboolean      ch_insights_leadership_compute  (ChInsightsContext *ctx,
                                               GError           **error);
gboolean      ch_insights_opportunities_compute (ChInsightsContext *ctx,
                                                 GError           **error);

/* For tests: as ch_insights_compute() with @today instead of the clock. */
ChInsights   *ch_insights_compute_for_day     (ChStore           *store,
                                               const char        *chapter_id,
                                               const char        *from,
                                               const char        *to,
                                               const char        *today,
                                               GError           **error);

G_END_DECLS
