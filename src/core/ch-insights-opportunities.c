/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "ch-insights-private.h"
#include "ch-opportunity-summary.h"
#include "ch-specialties.h"

/* Opportunities given in the period (by given_on, both ends included) and
 * how many of those are won by now: per quarter (every quarter the period
 * touches, a quiet one at 0; bars) and per specialty (the most given
 * first; a table, as specialties' names do not fit under bars).
 * Both tables and the two key figures come from the one summary of the
 * opportunities core, ch_opportunity_summary_by_quarter(), read in the
 * count's transaction. */

typedef struct
{
  char  *specialty;
  guint  given;
  guint  won;
} SpecialtyCount;

static void
specialty_count_free (SpecialtyCount *count)
{
  g_free (count->specialty);
  g_free (count);
}

static int
compare_specialty_counts (gconstpointer a,
                          gconstpointer b)
{
  const SpecialtyCount *sa = *(SpecialtyCount * const *) a;
  const SpecialtyCount *sb = *(SpecialtyCount * const *) b;

  if (sa->given != sb->given)
    return sa->given > sb->given ? -1 : 1;
  if (sa->won != sb->won)
    return sa->won > sb->won ? -1 : 1;
  /* No specialty comes last among equals. */
  if ((sa->specialty == NULL) != (sb->specialty == NULL))
    return sa->specialty == NULL ? 1 : -1;

  return g_utf8_collate (ch_specialties_label (sa->specialty),
                         ch_specialties_label (sb->specialty));
}

static char *
quarter_label (guint year,
               guint quarter)
{
  /* Translators: a quarter of a year on a chart axis, "Q3 2026":
   * the quarter (1–4), then the year */
  return g_strdup_printf (_("Q%u %u"), quarter, year);
}

gboolean
ch_insights_opportunities_compute (ChInsightsContext  *ctx,
                                   GError            **error)
{
  const char *columns[] = { _("Given"), _("Won"), NULL };
  g_autoptr(ChInsightsTable) quarters = NULL;
  g_autoptr(ChInsightsTable) specialties = NULL;
  g_autoptr(GPtrArray) summary = NULL;
  g_autoptr(GPtrArray) by_specialty = NULL;
  g_autoptr(GHashTable) quarter_rows = NULL;
  guint given = 0, won = 0;
  guint year = atoi (ctx->from);
  guint quarter = (atoi (ctx->from + 5) + 2) / 3;
  guint last_year = atoi (ctx->to);
  guint last_quarter = (atoi (ctx->to + 5) + 2) / 3;

  summary = ch_opportunity_summary_by_quarter (ctx->store, ctx->chapter_id, ctx->from, ctx->to,
                                               error);
  if (summary == NULL)
    return FALSE;

  quarters = ch_insights_table_new ("opportunities-quarters", _("Opportunities per Quarter"),
                                    CH_INSIGHTS_TABLE_CHART_BAR, FALSE, _("Quarter"), columns);
  quarter_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while (year < last_year || (year == last_year && quarter <= last_quarter))
    {
      g_autofree char *label = quarter_label (year, quarter);
      guint row = ch_insights_table_add_row (quarters, label);

      ch_insights_table_set (quarters, row, 0, 0);
      ch_insights_table_set (quarters, row, 1, 0);
      g_hash_table_insert (quarter_rows, g_strdup_printf ("%04u-Q%u", year, quarter),
                           GUINT_TO_POINTER (row + 1));
      if (++quarter > 4)
        {
          quarter = 1;
          year++;
        }
    }

  by_specialty = g_ptr_array_new_with_free_func ((GDestroyNotify) specialty_count_free);
  for (guint i = 0; i < summary->len; i++)
    {
      const ChOpportunitySummary *s = summary->pdata[i];
      guint row = GPOINTER_TO_UINT (g_hash_table_lookup (quarter_rows, s->quarter));
      SpecialtyCount *count = NULL;

      if (row > 0)
        {
          ch_insights_table_set (quarters, row - 1, 0,
                                 ch_insights_table_get_value (quarters, row - 1, 0) + s->given);
          ch_insights_table_set (quarters, row - 1, 1,
                                 ch_insights_table_get_value (quarters, row - 1, 1) + s->won);
        }
      else
        g_warning ("Quarter %s is outside the period %s – %s", s->quarter, ctx->from, ctx->to);

      for (guint j = 0; j < by_specialty->len && count == NULL; j++)
        if (g_strcmp0 (((SpecialtyCount *) by_specialty->pdata[j])->specialty,
                       s->specialty) == 0)
          count = by_specialty->pdata[j];
      if (count == NULL)
        {
          count = g_new0 (SpecialtyCount, 1);
          count->specialty = g_strdup (s->specialty);
          g_ptr_array_add (by_specialty, count);
        }
      count->given += s->given;
      count->won += s->won;
      given += s->given;
      won += s->won;
    }

  {
    g_autofree char *d = NULL;

    d = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u opportunity given in the period and %u of them won, "
                                      "per quarter in which they were given.",
                                      "%u opportunities given in the period and %u of them won, "
                                      "per quarter in which they were given.", given),
                         given, won);
    ch_insights_table_set_description (quarters, d);
  }
  g_ptr_array_add (ctx->tables, g_object_ref (quarters));

  g_ptr_array_sort (by_specialty, compare_specialty_counts);
  specialties = ch_insights_table_new ("opportunities-specialties",
                                       _("Opportunities by Specialty"),
                                       CH_INSIGHTS_TABLE_CHART_NONE, FALSE, _("Specialty"),
                                       columns);
  for (guint i = 0; i < by_specialty->len; i++)
    {
      const SpecialtyCount *count = by_specialty->pdata[i];
      guint row = ch_insights_table_add_row (specialties,
                                             count->specialty != NULL
                                             ? ch_specialties_label (count->specialty)
                                             : _("No specialty"));

      ch_insights_table_set (specialties, row, 0, count->given);
      ch_insights_table_set (specialties, row, 1, count->won);
    }
  if (by_specialty->len > 0)
    {
      const SpecialtyCount *top = by_specialty->pdata[0];
      g_autofree char *d = NULL;

      d = g_strdup_printf (_("Opportunities given and won in the period, by specialty; "
                             "the most given first: %s."),
                           top->specialty != NULL ? ch_specialties_label (top->specialty)
                                                  : _("No specialty"));
      ch_insights_table_set_description (specialties, d);
    }
  else
    ch_insights_table_set_description (specialties,
                                       _("No opportunity was given in the period."));
  g_ptr_array_add (ctx->tables, g_object_ref (specialties));

  {
    g_autofree char *g = ch_number_format (given);
    g_autofree char *w = ch_number_format (won);

    ch_insights_add_figure (ctx, "opportunities-given", _("Opportunities given"), given, g);
    ch_insights_add_figure (ctx, "opportunities-won", _("Opportunities won"), won, w);
  }

  return TRUE;
}
