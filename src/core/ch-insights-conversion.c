/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ch-insights-private.h"

/* Conversion: of everyone who joined on a free tier (Network) by the end
 * of the period, the share who moved to a paid tier by then; and for the
 * upgrades by then, the median days from joining to upgrading.
 * The first tier is the join period's (one per member: its id is made
 * from the member's), or the member's tier when there is no history; an
 * upgrade is an "upgrade" period whose tier is paid (ch_tier_kind(), the
 * one tier rule). */
static const char conversion_sql[] =
  "WITH ups AS MATERIALIZED ("
  "  SELECT member_id, min (starts_on) up FROM membership_period "
  "  WHERE chapter_id = :chapter AND kind = 'upgrade' AND deleted = 0 AND starts_on <= :to "
  "  AND ch_tier_kind (:chapter, tier) = :paid GROUP BY member_id), "
  "free AS MATERIALIZED ("
  "  SELECT m.joined_on j, ups.up up "
  "  FROM member m INDEXED BY member_insights "
  "  LEFT JOIN membership_period p INDEXED BY membership_period_insights "
  "    ON p.member_id = m.id AND p.deleted = 0 AND p.kind = 'join' "
  "  LEFT JOIN ups ON ups.member_id = m.id "
  "  WHERE m.chapter_id = :chapter AND m.deleted = 0 AND m.joined_on <= :to "
  "  AND ch_tier_kind (:chapter, coalesce (p.tier, m.tier)) = :free), "
  "d AS MATERIALIZED (SELECT julianday (up) - julianday (j) x FROM free "
  "  WHERE up IS NOT NULL), "
  "n AS (SELECT count(*) c FROM d) "
  "SELECT (SELECT count(*) FROM free), (SELECT count(up) FROM free), "
  "  (SELECT count(*) FROM free WHERE up BETWEEN :from AND :to), "
  "  (SELECT avg (x) FROM (SELECT x FROM d ORDER BY x "
  "   LIMIT 2 - (SELECT c FROM n) % 2 OFFSET ((SELECT c FROM n) - 1) / 2))";

gboolean
ch_insights_conversion_compute (ChInsightsContext  *ctx,
                                GError            **error)
{
  const char *columns[] = { _("Value"), NULL };
  g_autoptr(ChInsightsTable) table = NULL;
  sqlite3_stmt *st;
  gint64 free_total = 0, upgraded = 0, in_period = 0;
  double median = NAN;
  int rc;

  if (!(st = ch_insights_prepare (ctx, conversion_sql, error)))
    return FALSE;
  if ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      free_total = sqlite3_column_int64 (st, 0);
      upgraded = sqlite3_column_int64 (st, 1);
      in_period = sqlite3_column_int64 (st, 2);
      if (sqlite3_column_type (st, 3) != SQLITE_NULL)
        median = sqlite3_column_double (st, 3);
      rc = sqlite3_step (st);
    }
  if (!ch_insights_finish_stmt (ctx, st, rc, error))
    return FALSE;

  table = ch_insights_table_new ("conversion", _("Network Members Who Upgraded"),
                                 CH_INSIGHTS_TABLE_CHART_NONE, FALSE, _("Figure"), columns);
  {
    guint row;
    g_autofree char *share = NULL;
    g_autofree char *count = ch_number_format ((gint64) free_total);
    g_autofree char *ups = ch_number_format ((gint64) in_period);
    g_autofree char *days = NULL;

    row = ch_insights_table_add_row (table, _("Joined on a free tier"));
    ch_insights_table_set_full (table, row, 0, free_total, count);

    row = ch_insights_table_add_row (table, _("Share who upgraded to a paid tier"));
    if (free_total > 0)
      {
        double percent = 100.0 * upgraded / free_total;

        share = ch_insights_percent_text (percent);
        ch_insights_table_set_full (table, row, 0, percent, share);
        ch_insights_add_figure (ctx, "conversion", _("Network members who upgraded"), percent,
                                share);
      }
    else
      ch_insights_add_figure (ctx, "conversion", _("Network members who upgraded"), NAN,
                              _("no Network members"));

    row = ch_insights_table_add_row (table, _("Upgrades in the period"));
    ch_insights_table_set_full (table, row, 0, in_period, ups);

    row = ch_insights_table_add_row (table, _("Median time to upgrade"));
    if (!isnan (median))
      {
        guint n = (guint) floor (median + 0.5);

        days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n), n);
        ch_insights_table_set_full (table, row, 0, n, days);
        ch_insights_add_figure (ctx, "median-upgrade", _("Median time to upgrade"), n, days);
      }
    else
      ch_insights_add_figure (ctx, "median-upgrade", _("Median time to upgrade"), NAN,
                              _("no upgrades yet"));
  }
  ch_insights_table_set_description (table,
                                     _("Of the members who joined on a free tier, the share who "
                                       "moved to a paid tier, and how long it took."));
  g_ptr_array_add (ctx->tables, g_object_ref (table));

  return TRUE;
}
