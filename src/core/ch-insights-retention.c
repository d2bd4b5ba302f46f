/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ch-insights-private.h"
#include "ch-membership.h"

/* Retention: who stayed 12 months, the join-year cohorts, and why people
 * left.  A member's days are joined_on to ch_member_last_day() on their
 * tier (the status rule's closed form), read from the members' pass
 * (temp.insights_member, ch-insights.c). */

/* Members on the day a year before the period's end, and how many of
 * them still are on its last day. */
static const char retention_sql[] =
  "SELECT count(*), coalesce (sum (b >= :to), 0) FROM temp.insights_member "
  "WHERE joined_on <= :year_ago AND b >= :year_ago";

/* Per join year (the five years up to the period's end): how many joined,
 * and for 1, 2 and 3 years after joining, how many have reached that
 * anniversary by the period's end and how many were still members on it. */
static const char cohort_sql[] =
  "WITH c AS MATERIALIZED (SELECT substr (joined_on, 1, 4) y, "
  "        date (joined_on, '+1 year') d1, date (joined_on, '+2 years') d2, "
  "        date (joined_on, '+3 years') d3, b "
  "      FROM temp.insights_member WHERE joined_on <= :to AND joined_on >= :cohort_start) "
  "SELECT y, count(*), "
  "  sum (d1 <= :to), sum (d1 <= :to AND b >= d1), "
  "  sum (d2 <= :to), sum (d2 <= :to AND b >= d2), "
  "  sum (d3 <= :to), sum (d3 <= :to AND b >= d3) "
  "FROM c GROUP BY y ORDER BY y";

static const char reasons_sql[] =
  "SELECT coalesce (left_reason, 'other'), count(*) FROM member INDEXED BY member_by_left_on "
  "WHERE chapter_id = :chapter AND deleted = 0 AND left_on BETWEEN :from AND :to "
  "GROUP BY 1 ORDER BY 2 DESC, 1";

gboolean
ch_insights_retention_compute (ChInsightsContext  *ctx,
                               GError            **error)
{
  const char *cohort_columns[] = { _("After 1 year"), _("After 2 years"), _("After 3 years"),
                                   NULL };
  const char *reason_columns[] = { _("Members"), NULL };
  g_autoptr(ChInsightsTable) cohorts = NULL;
  g_autoptr(ChInsightsTable) reasons = NULL;
  sqlite3_stmt *st;
  gint64 total = 0, stayed = 0, left = 0;
  int rc;

  if (!(st = ch_insights_prepare (ctx, retention_sql, error)))
    return FALSE;
  if ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      total = sqlite3_column_int64 (st, 0);
      stayed = sqlite3_column_int64 (st, 1);
      rc = sqlite3_step (st);
    }
  if (!ch_insights_finish_stmt (ctx, st, rc, error))
    return FALSE;

  if (total > 0)
    {
      double percent = 100.0 * stayed / total;
      g_autofree char *text = ch_insights_percent_text (percent);

      ch_insights_add_figure (ctx, "retention", _("Members still here after 12 months"), percent,
                              text);
    }
  else
    ch_insights_add_figure (ctx, "retention", _("Members still here after 12 months"), NAN,
                            _("no members then"));

  cohorts = ch_insights_table_new ("retention-cohorts", _("Still Members, by Join Year"),
                                   CH_INSIGHTS_TABLE_CHART_BAR, TRUE, _("Joined"), cohort_columns);
  if (!(st = ch_insights_prepare (ctx, cohort_sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 joined = sqlite3_column_int64 (st, 1);
      /* Translators: a join year and how many joined then, "2023 (41 joined)" */
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u joined)",
                                                             "%s (%u joined)", joined),
                                                (const char *) sqlite3_column_text (st, 0),
                                                (guint) joined);
      guint row = ch_insights_table_add_row (cohorts, label);

      for (guint c = 0; c < 3; c++)
        {
          gint64 due = sqlite3_column_int64 (st, 2 + 2 * c);
          gint64 still = sqlite3_column_int64 (st, 3 + 2 * c);

          if (due > 0)
            ch_insights_table_set (cohorts, row, c, 100.0 * still / due);
        }
    }
  if (!ch_insights_finish_stmt (ctx, st, rc, error))
    return FALSE;
  ch_insights_table_set_description (cohorts,
                                     _("For each join year, the share of members still members "
                                       "one, two and three years after joining; “—” where "
                                       "nobody has reached that anniversary yet."));
  g_ptr_array_add (ctx->tables, g_object_ref (cohorts));

  reasons = ch_insights_table_new ("retention-reasons", _("Why Members Left"),
                                   CH_INSIGHTS_TABLE_CHART_BAR, FALSE, _("Reason"), reason_columns);
  if (!(st = ch_insights_prepare (ctx, reasons_sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *reason = (const char *) sqlite3_column_text (st, 0);
      const char *label = ch_membership_leave_reason_label (reason);
      guint row = ch_insights_table_add_row (reasons, label && *label ? label : reason);

      ch_insights_table_set (reasons, row, 0, sqlite3_column_int64 (st, 1));
      left += sqlite3_column_int64 (st, 1);
    }
  if (!ch_insights_finish_stmt (ctx, st, rc, error))
    return FALSE;
  {
    g_autofree char *d = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Why members left: %u member left in "
                                                       "the period, by reason.",
                                                       "Why members left: %u members left in "
                                                       "the period, by reason.",
                                                       left), (guint) left);
    ch_insights_table_set_description (reasons, d);
  }
  g_ptr_array_add (ctx->tables, g_object_ref (reasons));

  return TRUE;
}
