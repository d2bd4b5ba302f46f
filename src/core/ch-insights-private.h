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
#include "ch-tier.h"
#include "ch-number.h"   /* figures as the user's locale groups them */

G_BEGIN_DECLS

/* One membership period of a member, as read by the members' pass
 * (ch-insights-members.c): the columns of membership_period_insights,
 * NULL where the column is.  Strings live in the pass's string chunk. */
typedef struct
{
  const char *kind;             /* "join", "upgrade", "rejoin", "renew", … */
  const char *tier;
  const char *starts_on;
  const char *ends_on;
} ChInsightsMemberPeriod;

/* One member of the chapter (not deleted), as read by the members' pass:
 * the columns of member_insights, and the member's days on their own tier
 * by the status rule (ch_member_status_member_days()).  The name and its
 * sort key only for a member of a paid tier whose dues run out by
 * ChInsightsContext.due_by (those who may be at risk); NULL otherwise. */
typedef struct
{
  const char *id;
  const char *tier;
  const char *joined_on;
  const char *left_on;
  const char *dues_paid_until;
  const char *left_reason;
  const char *name;             /* "given family", as the member list shows it */
  const char *name_key;         /* the collation key (NUL-free ICU bytes) */
  ChTierKind  kind;             /* of tier */
  gint32      first_day;        /* day counts (ch_iso_date_to_days()); -1 when */
  gint32      last_day;         /* none; last_day is G_MAXINT32 while open */
  guint       first_period;     /* into ChInsightsContext.periods */
  guint       n_periods;        /* not deleted, of any kind */
} ChInsightsMember;

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
  /* The members' pass, read once per count before the subjects. */
  GHashTable      *own_free;    /* the chapter's own free tiers (ch_tier_kind()) */
  const char      *kind_tier[8]; /* the tiers whose kind was asked last, by address */
  ChTierKind       kind_of[8];
  guint            n_kinds;
  GStringChunk    *strings;     /* the pass's strings */
  GArray          *members;     /* ChInsightsMember, in the order of their ids */
  GArray          *periods;     /* ChInsightsMemberPeriod, by member */
  GHashTable      *attended;    /* member id → their attendance, for at risk */
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

/* The members' pass: every member of the chapter that is not deleted,
 * with their periods, into ctx->members and ctx->periods (two index
 * scans, merged in C).  FALSE with CH_INSIGHTS_ERROR_FAILED. */
gboolean      ch_insights_members_read     (ChInsightsContext *ctx,
                                            GError           **error);
/* The tier rule for @tier in the count's chapter (ch_tier_kind()). */
ChTierKind    ch_insights_tier_kind        (ChInsightsContext *ctx,
                                            const char        *tier);
/* The last day on which the status rule says active or grace for @member
 * on @tier (ch_member_status_member_days()): G_MAXINT32 while nothing ends
 * it, -1 when there is none. */
gint32        ch_insights_member_last_day  (ChInsightsContext      *ctx,
                                            const ChInsightsMember *member,
                                            const char             *tier);
/* The periods of @member. */
#define ch_insights_member_period(ctx, member, i) \
  (&g_array_index ((ctx)->periods, ChInsightsMemberPeriod, (member)->first_period + (i)))

/* Who attended what, for at risk: every check-in read once into
 * ctx->attended (it reads no member, so it may run beside the pass). */
gboolean      ch_insights_at_risk_read     (ChInsightsContext *ctx,
                                            GError           **error);

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
