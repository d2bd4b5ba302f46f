/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-insights-private.h"
#include "ch-tiers.h"
#include "ch-date.h"

/* Growth: members by tier at the end of each of 24 months, and joins
 * against leaves per month of the period. */

/*
 * A span is a stretch of membership on one tier: a join, upgrade or
 * rejoin period (a member without periods: joined_on to today, on their
 * tier), cut to the days the status rule says active or grace for that
 * tier (ch_member_last_day(), the rule's closed form).  A member counts
 * at the end of month M (today for this month) when a span has begun by
 * then and had not ended the day before: so the count of month M is the
 * spans begun in M or earlier minus the spans whose day after the end is
 * in M or earlier.  Ends today or later never count as ended.  Grouped by
 * month first, the join of 24 months with the groups is small whatever
 * the chapter's size.  The member and period columns come from the
 * covering indexes of migration 015, never the wide member rows.
 */
static const char growth_sql[] =
  "WITH RECURSIVE "
  "spans (tier, a, b) AS MATERIALIZED ("
  "  SELECT p.tier, max (p.starts_on, m.joined_on), "
  "         min (coalesce (p.ends_on, '9999-12-31'), "
  "              coalesce (ch_member_last_day (:chapter, p.tier, m.joined_on, m.left_on, "
  "                                            m.dues_paid_until, :grace), '0000-00-00')) "
  "  FROM member m INDEXED BY member_insights "
  "  CROSS JOIN membership_period p INDEXED BY membership_period_insights "
  "    ON p.member_id = m.id AND p.deleted = 0 AND p.kind != 'renew' "
  "  WHERE m.chapter_id = :chapter AND m.deleted = 0 AND m.joined_on IS NOT NULL "
  "  UNION ALL "
  "  SELECT m.tier, m.joined_on, "
  "         coalesce (ch_member_last_day (:chapter, m.tier, m.joined_on, m.left_on, "
  "                                       m.dues_paid_until, :grace), '0000-00-00') "
  "  FROM member m INDEXED BY member_insights WHERE m.chapter_id = :chapter "
  "  AND m.deleted = 0 AND m.joined_on IS NOT NULL "
  "  AND NOT EXISTS (SELECT 1 FROM membership_period p INDEXED BY membership_period_insights "
  "    WHERE p.member_id = m.id AND p.deleted = 0 AND p.kind != 'renew')), "
  "live (tier, a, b) AS MATERIALIZED ("
  "  SELECT tier, a, CASE WHEN b >= :today THEN '9999-12-31' ELSE b END FROM spans "
  "  WHERE a <= b AND a <= :today), "
  "ev (tier, m, n) AS ("
  "  SELECT tier, substr (a, 1, 7), count(*) FROM live GROUP BY 1, 2 "
  "  UNION ALL "
  "  SELECT tier, substr (date (b, '+1 day'), 1, 7), -count(*) FROM live "
  "  WHERE b < '9999' GROUP BY 1, 2), "
  "mo (k, m) AS ("
  "  SELECT 0, substr (:start24, 1, 7) UNION ALL "
  "  SELECT k + 1, substr (date (m || '-01', '+1 month'), 1, 7) FROM mo WHERE k < 23) "
  "SELECT mo.k, mo.m, ev.tier, sum (ev.n) FROM mo JOIN ev ON ev.m <= mo.m "
  "GROUP BY mo.k, ev.tier ORDER BY mo.k";

/* Joins (first joins and rejoins) and leaves (left_on) per month of the
 * period. */
static const char flow_sql[] =
  "WITH RECURSIVE "
  "mo (m) AS (SELECT substr (:from, 1, 7) UNION ALL "
  "  SELECT substr (date (m || '-01', '+1 month'), 1, 7) FROM mo "
  "  WHERE m < substr (:to, 1, 7)), "
  "joins (m, n) AS ("
  "  SELECT substr (d, 1, 7), count(*) FROM ("
  "    SELECT joined_on d FROM member INDEXED BY member_by_joined_on "
  "    WHERE chapter_id = :chapter AND deleted = 0 "
  "    AND joined_on BETWEEN :from AND :to "
  "    UNION ALL "
  "    SELECT p.starts_on FROM membership_period p JOIN member m ON m.id = p.member_id "
  "    WHERE p.chapter_id = :chapter AND p.deleted = 0 AND m.deleted = 0 "
  "    AND p.kind = 'rejoin' AND p.starts_on BETWEEN :from AND :to) GROUP BY 1), "
  "leaves (m, n) AS ("
  "  SELECT substr (left_on, 1, 7), count(*) FROM member INDEXED BY member_by_left_on "
  "  WHERE chapter_id = :chapter "
  "  AND deleted = 0 AND left_on BETWEEN :from AND :to GROUP BY 1) "
  "SELECT mo.m, coalesce (joins.n, 0), coalesce (leaves.n, 0) FROM mo "
  "LEFT JOIN joins ON joins.m = mo.m LEFT JOIN leaves ON leaves.m = mo.m ORDER BY mo.m";

gboolean
ch_insights_growth_compute (ChInsightsContext  *ctx,
                            GError            **error)
{
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (double));
  g_autoptr(ChInsightsTable) table = NULL;
  g_autoptr(ChInsightsTable) flow = NULL;
  g_autofree char *members_text = NULL;
  g_autofree char *description = NULL;
  const char *flow_columns[] = { _("Joined"), _("Left"), NULL };
  sqlite3_stmt *st;
  double joined = 0, left = 0, first_total = 0, last_total = 0;
  int rc;

  /* Columns: the chapter's tiers in its order, then any other key found. */
  tiers = ch_tiers_list (ctx->store, ctx->chapter_id, NULL);
  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    {
      g_ptr_array_add (keys, g_strdup (ch_tier_get_key (tiers->pdata[i])));
      g_ptr_array_add (names, (gpointer) ch_tier_get_name (tiers->pdata[i]));
    }

  if (!(st = ch_insights_prepare (ctx, growth_sql, error)))
    return FALSE;
  g_array_set_size (counts, 24 * 16);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      guint k = sqlite3_column_int (st, 0);
      const char *tier = (const char *) sqlite3_column_text (st, 2);
      guint col;

      if (tier == NULL)
        tier = "";
      if (!g_ptr_array_find_with_equal_func (keys, tier, g_str_equal, &col))
        {
          if (keys->len >= 16)
            continue;
          col = keys->len;
          g_ptr_array_add (keys, g_strdup (tier));
          g_ptr_array_add (names, (gpointer) (*tier ? tier : _("No tier")));
        }
      if (k < 24 && col < 16)
        g_array_index (counts, double, k * 16 + col) += sqlite3_column_int64 (st, 3);
    }
  if (!ch_insights_finish_stmt (ctx, st, rc, error))
    return FALSE;

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

  members_text = g_strdup_printf ("%.0f", last_total);
  ch_insights_add_figure (ctx, "members", _("Members at the end of the period"), last_total,
                          members_text);

  /* Joins against leaves. */
  if (!(st = ch_insights_prepare (ctx, flow_sql, error)))
    return FALSE;
  flow = ch_insights_table_new ("growth-flow", _("Joins and Leaves"), CH_INSIGHTS_TABLE_CHART_BAR,
                                FALSE, _("Month"), flow_columns);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autofree char *label = ch_insights_month_label ((const char *) sqlite3_column_text (st, 0));
      guint row = ch_insights_table_add_row (flow, label);

      ch_insights_table_set (flow, row, 0, sqlite3_column_int64 (st, 1));
      ch_insights_table_set (flow, row, 1, sqlite3_column_int64 (st, 2));
      joined += sqlite3_column_int64 (st, 1);
      left += sqlite3_column_int64 (st, 2);
    }
  if (!ch_insights_finish_stmt (ctx, st, rc, error))
    return FALSE;

  {
    g_autofree char *d = g_strdup_printf (_("Joins and leaves per month: %.0f joined and %.0f "
                                            "left in the period."), joined, left);
    g_autofree char *jt = g_strdup_printf ("%.0f", joined);
    g_autofree char *lt = g_strdup_printf ("%.0f", left);

    ch_insights_table_set_description (flow, d);
    ch_insights_add_figure (ctx, "joined", _("Joined in the period"), joined, jt);
    ch_insights_add_figure (ctx, "left", _("Left in the period"), left, lt);
  }
  g_ptr_array_add (ctx->tables, g_object_ref (flow));

  return TRUE;
}
