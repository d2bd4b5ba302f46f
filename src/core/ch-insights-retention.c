/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ch-insights-private.h"
#include "ch-membership.h"
#include "ch-iso-date.h"

/* Retention: who stayed 12 months, the join-year cohorts, and why people
 * left.  A member's days are joined_on to their last day on their tier
 * (ChInsightsMember.last_day, from the status rule's closed form), counted
 * from the members' pass (ch-insights-members.c). */

/* The day @years years after @iso as SQLite's date (@iso, '+N years')
 * has it: the same month and day of that year, 29 February overflowing
 * into 1 March; -1 when @iso is no date. */
static gint32
anniversary (const char *iso,
             guint       years)
{
  gint year, month;
  gint32 first;

  if (ch_iso_date_to_days (iso, -1) < 0)
    return -1;
  year = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0')
         + (gint) years;
  month = (iso[5] - '0') * 10 + (iso[6] - '0');
  /* The first of that month, then the day of the month added. */
  if ((first = ch_iso_date_days_of (year, month, 1)) < 0)
    return -1;
  return first + (iso[8] - '0') * 10 + (iso[9] - '0') - 1;
}

/* Per join year (the five years up to the period's end): how many joined,
 * and for 1, 2 and 3 years after joining, how many have reached that
 * anniversary by the period's end and how many were still members on it. */
typedef struct
{
  guint joined;
  guint due[3];
  guint still[3];
} Cohort;

/* Why members left: those whose left_on is in the period, by reason
 * ("other" when none), the most first, then by reason. */
typedef struct
{
  const char *reason;
  guint       n;
} Reason;

static gint
reason_compare (gconstpointer pa,
                gconstpointer pb)
{
  const Reason *a = pa;
  const Reason *b = pb;

  if (a->n != b->n)
    return a->n > b->n ? -1 : 1;
  return strcmp (a->reason, b->reason);
}

static GArray *
count_reasons (ChInsightsContext *ctx)
{
  GArray *reasons = g_array_new (FALSE, FALSE, sizeof (Reason));

  for (guint i = 0; i < ctx->members->len; i++)
    {
      const ChInsightsMember *m = &g_array_index (ctx->members, ChInsightsMember, i);
      const char *reason = m->left_reason ? m->left_reason : "other";
      guint k;

      if (m->left_on == NULL || strcmp (m->left_on, ctx->from) < 0
          || strcmp (m->left_on, ctx->to) > 0)
        continue;
      for (k = 0; k < reasons->len; k++)
        if (strcmp (g_array_index (reasons, Reason, k).reason, reason) == 0)
          break;
      if (k == reasons->len)
        {
          Reason r = { reason, 0 };

          g_array_append_val (reasons, r);
        }
      g_array_index (reasons, Reason, k).n++;
    }
  g_array_sort (reasons, reason_compare);

  return reasons;
}

gboolean
ch_insights_retention_compute (ChInsightsContext  *ctx,
                               GError            **error)
{
  const char *cohort_columns[] = { _("After 1 year"), _("After 2 years"), _("After 3 years"),
                                   NULL };
  const char *reason_columns[] = { _("Members"), NULL };
  g_autoptr(ChInsightsTable) cohorts = NULL;
  g_autoptr(ChInsightsTable) reasons = NULL;
  Cohort cohort[5] = { 0 };
  gint64 total = 0, stayed = 0, left = 0;
  gint32 year_ago, to;
  gint first_year;

  /* Members on the day a year before the period's end, and how many of
   * them still are on its last day. */
  year_ago = ch_iso_date_to_days (ctx->year_ago, -1);
  to = ch_iso_date_to_days (ctx->to, -1);
  first_year = atoi (ctx->to) - 4;
  for (guint i = 0; i < ctx->members->len; i++)
    {
      const ChInsightsMember *m = &g_array_index (ctx->members, ChInsightsMember, i);
      Cohort *c;

      if (m->joined_on == NULL)
        continue;
      if (strcmp (m->joined_on, ctx->year_ago) <= 0 && m->last_day >= year_ago)
        {
          total++;
          stayed += m->last_day >= to;
        }
      if (strcmp (m->joined_on, ctx->to) > 0 || strcmp (m->joined_on, ctx->cohort_start) < 0)
        continue;
      c = &cohort[CLAMP (atoi (m->joined_on) - first_year, 0, 4)];
      c->joined++;
      for (guint n = 0; n < 3; n++)
        {
          gint32 day = anniversary (m->joined_on, n + 1);

          if (day >= 0 && day <= to)
            {
              c->due[n]++;
              c->still[n] += m->last_day >= day;
            }
        }
    }

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
  for (guint y = 0; y < G_N_ELEMENTS (cohort); y++)
    {
      g_autofree char *year = g_strdup_printf ("%04d", first_year + (gint) y);
      g_autofree char *label = NULL;
      guint row;

      if (cohort[y].joined == 0)
        continue;
      /* Translators: a join year and how many joined then, "2023 (41 joined)" */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u joined)", "%s (%u joined)",
                                            cohort[y].joined), year, cohort[y].joined);
      row = ch_insights_table_add_row (cohorts, label);
      for (guint n = 0; n < 3; n++)
        if (cohort[y].due[n] > 0)
          ch_insights_table_set (cohorts, row, n, 100.0 * cohort[y].still[n] / cohort[y].due[n]);
    }
  ch_insights_table_set_description (cohorts,
                                     _("For each join year, the share of members still members "
                                       "one, two and three years after joining; “—” where "
                                       "nobody has reached that anniversary yet."));
  g_ptr_array_add (ctx->tables, g_object_ref (cohorts));

  reasons = ch_insights_table_new ("retention-reasons", _("Why Members Left"),
                                   CH_INSIGHTS_TABLE_CHART_BAR, FALSE, _("Reason"), reason_columns);
  {
    g_autoptr(GArray) counted = count_reasons (ctx);

    for (guint k = 0; k < counted->len; k++)
      {
        const Reason *r = &g_array_index (counted, Reason, k);
        const char *label = ch_membership_leave_reason_label (r->reason);
        guint row = ch_insights_table_add_row (reasons, label && *label ? label : r->reason);

        ch_insights_table_set (reasons, row, 0, r->n);
        left += r->n;
      }
  }
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
