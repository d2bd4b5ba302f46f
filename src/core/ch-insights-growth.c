/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-insights-private.h"
#include "ch-tiers.h"
#include "ch-date.h"
#include "ch-iso-date.h"

#include <stdlib.h>
#include <string.h>

/* Growth: members by tier at the end of each of 24 months, and joins
 * against leaves per month of the period. */

/*
 * A span is a stretch of membership on one tier: a join, upgrade or
 * rejoin period (any kind but "renew"; a member without such periods:
 * joined_on onwards, on their tier), cut to the days the status rule
 * says active or grace for that tier (ch_insights_member_last_day(), the
 * rule's closed form).  A member counts at the end of month M (today for
 * this month) when a span has begun by then and had not ended the day
 * before: so the count of month M is the spans begun in M or earlier
 * minus the spans whose day after the end is in M or earlier.  Ends today
 * or later never count as ended.  Each span of the members' pass
 * (ch-insights-members.c) is read once; count_span() adds it to its
 * month.
 */
typedef struct
{
  char *tier;
  gint  first;        /* the first of the 24 months where the tier has a change */
  gint  change[24];   /* spans begun minus spans ended, in that month (0: or earlier) */
} TierMonths;

static void
tier_months_free (TierMonths *t)
{
  g_free (t->tier);
  g_free (t);
}

/* @month counted from the first of the 24 when @first_month is 0: a
 * month before them counts in the first, one after them in none. */
static void
add_change (TierMonths *t,
            gint        month,
            gint        first_month,
            gint        n)
{
  month = MAX (month - first_month, 0);
  if (month >= 24)
    return;
  t->change[month] += n;
  t->first = MIN (t->first, month);
}

/* Which of the 24 months @day is in: @starts holds the first days of the
 * 24 months and of the one after; -1 before them, 24 after. */
static gint
month_of (const gint32 *starts,
          gint32        day)
{
  gint k = 0;

  while (k < 25 && day >= starts[k])
    k++;
  return k - 1;
}

/* One span from day @a to day @b on @tier (NULL: no tier); -1 for none. */
static void
count_span (GHashTable   *tiers,
            const char   *tier,
            gint32        a,
            gint32        b,
            gint32        today,
            const gint32 *starts)
{
  TierMonths *t;

  if (a < 0 || b < 0 || a > b || a > today)
    return;
  if (tier == NULL)
    tier = "";
  if (!(t = g_hash_table_lookup (tiers, tier)))
    {
      t = g_new0 (TierMonths, 1);
      t->tier = g_strdup (tier);
      t->first = G_MAXINT;
      g_hash_table_insert (tiers, t->tier, t);
    }
  add_change (t, month_of (starts, a), 0, 1);
  if (b < today)
    add_change (t, month_of (starts, b + 1), 0, -1);
}

/* The spans of @m (see above). */
static void
count_member (ChInsightsContext      *ctx,
              const ChInsightsMember *m,
              GHashTable             *tiers,
              gint32                  today,
              const gint32           *starts)
{
  gint32 joined;
  gboolean any = FALSE;

  if (m->joined_on == NULL)
    return;
  joined = ch_iso_date_to_days (m->joined_on, -1);
  for (guint i = 0; i < m->n_periods; i++)
    {
      const ChInsightsMemberPeriod *p = ch_insights_member_period (ctx, m, i);
      gint32 a, b;

      if (p->kind == NULL || strcmp (p->kind, "renew") == 0)
        continue;
      any = TRUE;
      if ((a = ch_iso_date_to_days (p->starts_on, -1)) < 0)
        continue;
      a = MAX (a, joined);
      b = ch_insights_member_last_day (ctx, m, p->tier);
      if (p->ends_on != NULL)
        b = MIN (b, ch_iso_date_to_days (p->ends_on, -1));
      count_span (tiers, p->tier, a, b, today, starts);
    }
  if (!any)
    count_span (tiers, m->tier, m->first_day, m->last_day, today, starts);
}

/* Tiers the chapter does not list, in the order they first count. */
static gint
tier_months_compare (gconstpointer a,
                     gconstpointer b)
{
  const TierMonths *x = *(TierMonths **) a;
  const TierMonths *y = *(TierMonths **) b;

  if (x->first != y->first)
    return x->first < y->first ? -1 : 1;
  return strcmp (x->tier, y->tier);
}

/* Joins (first joins and rejoins) and leaves (left_on) per month of the
 * period, from the members' pass: joined_on, the start of a rejoin period
 * and left_on between the period's first and last day. */

/* The month of an ISO day from year 0 ("YYYY-MM…"). */
static gint
month_number (const char *iso)
{
  return atoi (iso) * 12 + atoi (iso + 5) - 1;
}

static void
count_flow (ChInsightsContext *ctx,
            GArray            *joins,
            GArray            *leaves)
{
  gint first = month_number (ctx->from);

  for (guint i = 0; i < ctx->members->len; i++)
    {
      const ChInsightsMember *m = &g_array_index (ctx->members, ChInsightsMember, i);

      if (m->joined_on != NULL && strcmp (m->joined_on, ctx->from) >= 0
          && strcmp (m->joined_on, ctx->to) <= 0)
        g_array_index (joins, gint, month_number (m->joined_on) - first)++;
      if (m->left_on != NULL && strcmp (m->left_on, ctx->from) >= 0
          && strcmp (m->left_on, ctx->to) <= 0)
        g_array_index (leaves, gint, month_number (m->left_on) - first)++;
      for (guint k = 0; k < m->n_periods; k++)
        {
          const ChInsightsMemberPeriod *p = ch_insights_member_period (ctx, m, k);

          if (g_strcmp0 (p->kind, "rejoin") == 0 && p->starts_on != NULL
              && strcmp (p->starts_on, ctx->from) >= 0 && strcmp (p->starts_on, ctx->to) <= 0)
            g_array_index (joins, gint, month_number (p->starts_on) - first)++;
        }
    }
}

gboolean
ch_insights_growth_compute (ChInsightsContext  *ctx,
                            GError            **error)
{
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (double));
  g_autoptr(GHashTable) spans = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) tier_months_free);
  g_autoptr(ChInsightsTable) table = NULL;
  g_autoptr(ChInsightsTable) flow = NULL;
  g_autofree char *members_text = NULL;
  g_autofree char *description = NULL;
  /* Translators: the legend of a chart of members who joined and who left */
  const char *flow_columns[] = { C_("chart legend", "Joined"), C_("chart legend", "Left"), NULL };
  double joined = 0, left = 0, first_total = 0, last_total = 0;

  /* Columns: the chapter's tiers in its order, then any other key found. */
  tiers = ch_tiers_list (ctx->store, ctx->chapter_id, NULL);
  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    {
      g_ptr_array_add (keys, g_strdup (ch_tier_get_key (tiers->pdata[i])));
      g_ptr_array_add (names, (gpointer) ch_tier_get_name (tiers->pdata[i]));
    }

  {
    gint32 today = ch_iso_date_to_days (ctx->today, -1);
    gint32 starts[25];
    GDate d;

    for (guint k = 0; k < 25; k++)
      {
        ch_date_parse (ctx->start24, &d);
        g_date_add_months (&d, k);
        starts[k] = (gint32) g_date_get_julian (&d) - 1;
      }
    for (guint i = 0; i < ctx->members->len; i++)
      count_member (ctx, &g_array_index (ctx->members, ChInsightsMember, i), spans, today,
                    starts);
  }

  {
    g_autoptr(GPtrArray) others = g_ptr_array_new ();
    GHashTableIter iter;
    TierMonths *t;

    g_hash_table_iter_init (&iter, spans);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
      if (!g_ptr_array_find_with_equal_func (keys, t->tier, g_str_equal, NULL))
        g_ptr_array_add (others, t);
    g_ptr_array_sort (others, tier_months_compare);
    for (guint i = 0; i < others->len && keys->len < 16; i++)
      {
        const char *tier = ((TierMonths *) others->pdata[i])->tier;

        g_ptr_array_add (keys, g_strdup (tier));
        g_ptr_array_add (names, (gpointer) (*tier ? tier : _("No tier")));
      }
  }

  g_array_set_size (counts, 24 * 16);
  for (guint c = 0; c < keys->len && c < 16; c++)
    {
      TierMonths *t = g_hash_table_lookup (spans, keys->pdata[c]);
      gint sum = 0;

      for (guint k = 0; t != NULL && k < 24; k++)
        {
          sum += t->change[k];
          g_array_index (counts, double, k * 16 + c) = sum;
        }
    }

  g_ptr_array_add (names, NULL);
  table = ch_insights_table_new ("growth-tiers", _("Members by Tier"),
                                 CH_INSIGHTS_TABLE_CHART_STACKED, FALSE, _("Month"),
                                 (const char * const *) names->pdata);
  for (guint k = 0; k < 24; k++)
    {
      g_autofree char *month = NULL;
      g_autofree char *label = NULL;
      GDate d;
      double total = 0;
      guint row;

      ch_date_parse (ctx->start24, &d);
      g_date_add_months (&d, k);
      month = ch_date_format (&d);
      label = ch_insights_month_label (month);
      row = ch_insights_table_add_row (table, label);
      for (guint c = 0; c < keys->len; c++)
        {
          double n = MAX (g_array_index (counts, double, k * 16 + c), 0);

          ch_insights_table_set (table, row, c, n);
          total += n;
        }
      if (k == 0)
        first_total = total;
      last_total = total;
    }
  description = g_strdup_printf (_("Members by tier at the end of each month over 24 months: "
                                   "%.0f then, %.0f now."), first_total, last_total);
  ch_insights_table_set_description (table, description);
  g_ptr_array_add (ctx->tables, g_object_ref (table));

  members_text = ch_number_format (llround (last_total));
  ch_insights_add_figure (ctx, "members", _("Members at the end of the period"), last_total,
                          members_text);

  /* Joins against leaves. */
  {
    gint months = month_number (ctx->to) - month_number (ctx->from) + 1;
    g_autoptr(GArray) joins = g_array_new (FALSE, TRUE, sizeof (gint));
    g_autoptr(GArray) leaves = g_array_new (FALSE, TRUE, sizeof (gint));
    GDate d;

    g_array_set_size (joins, months);
    g_array_set_size (leaves, months);
    count_flow (ctx, joins, leaves);
    flow = ch_insights_table_new ("growth-flow", _("Joins and Leaves"),
                                  CH_INSIGHTS_TABLE_CHART_BAR, FALSE, _("Month"), flow_columns);
    for (gint k = 0; k < months; k++)
      {
        g_autofree char *first = g_strdup_printf ("%.7s-01", ctx->from);
        g_autofree char *month = NULL;
        g_autofree char *label = NULL;
        guint row;

        ch_date_parse (first, &d);
        g_date_add_months (&d, k);
        month = ch_date_format (&d);
        label = ch_insights_month_label (month);
        row = ch_insights_table_add_row (flow, label);
        ch_insights_table_set (flow, row, 0, g_array_index (joins, gint, k));
        ch_insights_table_set (flow, row, 1, g_array_index (leaves, gint, k));
        joined += g_array_index (joins, gint, k);
        left += g_array_index (leaves, gint, k);
      }
  }

  {
    g_autofree char *d = g_strdup_printf (_("Joins and leaves per month: %.0f joined and %.0f "
                                            "left in the period."), joined, left);
    g_autofree char *jt = ch_number_format (llround (joined));
    g_autofree char *lt = ch_number_format (llround (left));

    ch_insights_table_set_description (flow, d);
    ch_insights_add_figure (ctx, "joined", _("Joined in the period"), joined, jt);
    ch_insights_add_figure (ctx, "left", _("Left in the period"), left, lt);
  }
  g_ptr_array_add (ctx->tables, g_object_ref (flow));

  return TRUE;
}
