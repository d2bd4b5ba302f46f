/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ch-insights-private.h"
#include "ch-iso-date.h"

/* Conversion: of everyone who joined on a free tier (Network) by the end
 * of the period, the share who moved to a paid tier by then; and for the
 * upgrades by then, the median days from joining to upgrading.
 * The first tier is the join period's (one per member: its id is made
 * from the member's), or the member's tier when there is no history; an
 * upgrade is an "upgrade" period whose tier is paid (ch_tier_kind(), the
 * one tier rule).  Counted from the members' pass (ch-insights-members.c). */

static gint
compare_days (gconstpointer a,
              gconstpointer b)
{
  gint32 x = *(const gint32 *) a;
  gint32 y = *(const gint32 *) b;

  return x < y ? -1 : x > y;
}

/* The first paid upgrade of @m on or before the period's end, or NULL. */
static const char *
first_upgrade (ChInsightsContext      *ctx,
               const ChInsightsMember *m)
{
  const char *up = NULL;

  for (guint i = 0; i < m->n_periods; i++)
    {
      const ChInsightsMemberPeriod *p = ch_insights_member_period (ctx, m, i);

      if (g_strcmp0 (p->kind, "upgrade") == 0 && p->starts_on != NULL
          && strcmp (p->starts_on, ctx->to) <= 0 && (up == NULL || strcmp (p->starts_on, up) < 0)
          && ch_insights_tier_kind (ctx, p->tier) == CH_TIER_KIND_PAID)
        up = p->starts_on;
    }

  return up;
}

/* A member who joined on @tier: counted when it is free. */
static void
count_join (ChInsightsContext      *ctx,
            const ChInsightsMember *m,
            const char             *tier,
            const char             *up,
            gint64                 *free_total,
            gint64                 *upgraded,
            gint64                 *in_period,
            GArray                 *days)
{
  gint32 joined, upgrade, x;

  if (ch_insights_tier_kind (ctx, tier) != CH_TIER_KIND_FREE)
    return;
  ++*free_total;
  if (up == NULL)
    return;
  ++*upgraded;
  if (strcmp (up, ctx->from) >= 0)
    ++*in_period;
  /* No day count (not a date): first in the order, left out of the
   * median's mean, as SQL's NULL would be. */
  joined = ch_iso_date_to_days (m->joined_on, -1);
  upgrade = ch_iso_date_to_days (up, -1);
  x = joined >= 0 && upgrade >= 0 ? upgrade - joined : G_MININT32;
  g_array_append_val (days, x);
}

gboolean
ch_insights_conversion_compute (ChInsightsContext  *ctx,
                                GError            **error)
{
  const char *columns[] = { _("Value"), NULL };
  g_autoptr(ChInsightsTable) table = NULL;
  g_autoptr(GArray) waits = g_array_new (FALSE, FALSE, sizeof (gint32));
  gint64 free_total = 0, upgraded = 0, in_period = 0;
  double median = NAN;

  for (guint i = 0; i < ctx->members->len; i++)
    {
      const ChInsightsMember *m = &g_array_index (ctx->members, ChInsightsMember, i);
      const char *up;
      gboolean history = FALSE;

      if (m->joined_on == NULL || strcmp (m->joined_on, ctx->to) > 0)
        continue;
      up = first_upgrade (ctx, m);
      for (guint k = 0; k < m->n_periods; k++)
        {
          const ChInsightsMemberPeriod *p = ch_insights_member_period (ctx, m, k);

          if (g_strcmp0 (p->kind, "join") == 0)
            {
              history = TRUE;
              count_join (ctx, m, p->tier ? p->tier : m->tier, up, &free_total, &upgraded,
                          &in_period, waits);
            }
        }
      if (!history)
        count_join (ctx, m, m->tier, up, &free_total, &upgraded, &in_period, waits);
    }

  /* The median: the middle one, or the mean of the two middle ones. */
  g_array_sort (waits, compare_days);
  if (waits->len > 0)
    {
      guint lo = (waits->len - 1) / 2, hi = waits->len / 2;
      double sum = 0;
      guint n = 0;

      for (guint k = lo; k <= hi; k++)
        if (g_array_index (waits, gint32, k) != G_MININT32)
          {
            sum += g_array_index (waits, gint32, k);
            n++;
          }
      if (n > 0)
        median = sum / n;
    }

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
