/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-insights-private.h"
#include "ch-tiers.h"
#include "ch-date.h"
#include "ch-iso-date.h"

#include <string.h>

/* Growth: members by tier at the end of each of 24 months, and joins
 * against leaves per month of the period. */

/*
 * A span is a stretch of membership on one tier: a join, upgrade or
 * rejoin period (a member without periods: joined_on to today, on their
 * tier), cut to the days the status rule says active or grace for that
 * tier (ch_member_last_day(), the rule's closed form; a member without
 * periods reads it from the members' pass, temp.insights_member).  A
 * member counts at the end of month M (today for this month) when a span
 * has begun by then and had not ended the day before: so the count of
 * month M is the spans begun in M or earlier minus the spans whose day
 * after the end is in M or earlier.  Ends today or later never count as
 * ended.  The statement reads each span once, in one pass and unsorted;
 * count_span() adds it to its month.  The member and period columns come
 * from the covering indexes of migration 017, never the wide member rows.
 */
static const char growth_sql[] =
  "SELECT p.tier, max (p.starts_on, m.joined_on), "
  "       min (coalesce (p.ends_on, '9999-12-31'), "
  "            coalesce (ch_member_last_day (:chapter, p.tier, m.joined_on, m.left_on, "
  "                                          m.dues_paid_until, :grace), '0000-00-00')) "
  "FROM member m INDEXED BY member_insights "
  "CROSS JOIN membership_period p INDEXED BY membership_period_insights "
  "  ON p.member_id = m.id AND p.deleted = 0 AND p.kind != 'renew' "
  "WHERE m.chapter_id = :chapter AND m.deleted = 0 AND m.joined_on IS NOT NULL "
  "UNION ALL "
  "SELECT m.tier, m.joined_on, m.b FROM temp.insights_member m "
  "WHERE NOT EXISTS (SELECT 1 FROM membership_period p INDEXED BY membership_period_insights "
  "  WHERE p.member_id = m.id AND p.deleted = 0 AND p.kind != 'renew')";

/* The month of @iso counted from year 0 (its first 7 characters,
 * "YYYY-MM"); -1 when @iso is no date. */
static gint
month_index (const char *iso)
{
  if (iso == NULL || strlen (iso) < 7 || !g_ascii_isdigit (iso[0]) || iso[4] != '-')
    return -1;
  return (gint) (g_ascii_strtoll (iso, NULL, 10) * 12 + g_ascii_strtoll (iso + 5, NULL, 10) - 1);
}

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

/* @month from year 0; the 24 counted start at @first_month. */
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

/* One span from @a to @b (ISO days) on its tier. */
static void
count_span (GHashTable  *tiers,
            const char  *tier,
            const char  *a,
            const char  *b,
            const char  *today,
            gint         first_month)
{
  TierMonths *t;
  gint begun;

  if (a == NULL || b == NULL || strcmp (a, b) > 0 || strcmp (a, today) > 0)
    return;
  if ((begun = month_index (a)) < 0)
    return;
  if (!(t = g_hash_table_lookup (tiers, tier)))
    {
      t = g_new0 (TierMonths, 1);
      t->tier = g_strdup (tier);
      t->first = G_MAXINT;
      g_hash_table_insert (tiers, t->tier, t);
    }
  add_change (t, begun, first_month, 1);
  if (strcmp (b, today) < 0)
    {
      gint32 day = ch_iso_date_to_days (b, -1);
      g_autofree char *after = day >= 0 ? ch_iso_date_from_days (day + 1) : NULL;
      gint ended = month_index (after);

      if (ended >= 0)
        add_change (t, ended, first_month, -1);
    }
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
  g_autoptr(GHashTable) spans = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) tier_months_free);
  g_autoptr(ChInsightsTable) table = NULL;
  g_autoptr(ChInsightsTable) flow = NULL;
  g_autofree char *members_text = NULL;
  g_autofree char *description = NULL;
  const char *flow_columns[] = { _("Joined"), _("Left"), NULL };
  sqlite3_stmt *st;
  double joined = 0, left = 0, first_total = 0, last_total = 0;
  gint first_month;
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
  first_month = month_index (ctx->start24);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *tier = (const char *) sqlite3_column_text (st, 0);

      count_span (spans, tier ? tier : "", (const char *) sqlite3_column_text (st, 1),
                  (const char *) sqlite3_column_text (st, 2), ctx->today, first_month);
    }
  if (!ch_insights_finish_stmt (ctx, st, rc, error))
    return FALSE;

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
    g_autofree char *jt = ch_number_format (llround (joined));
    g_autofree char *lt = ch_number_format (llround (left));

    ch_insights_table_set_description (flow, d);
    ch_insights_add_figure (ctx, "joined", _("Joined in the period"), joined, jt);
    ch_insights_add_figure (ctx, "left", _("Left in the period"), left, lt);
  }
  g_ptr_array_add (ctx->tables, g_object_ref (flow));

  return TRUE;
}
