/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * One table of the Insights page and of the report: rows (a month, an
 * event, a join year, a group of officers) by columns (a tier, a mode, a
 * year after joining), each cell a number and the text shown for it.
 * Built by core, immutable: the charts, the *Show as Table* view, the
 * CSV and the JSON all read the same object, so they cannot disagree.
 */

/* How the table is best drawn (ch-chart.h draws every kind). */
typedef enum
{
  CH_INSIGHTS_TABLE_CHART_NONE,      /* a table only */
  CH_INSIGHTS_TABLE_CHART_LINE,      /* one line per column over the rows */
  CH_INSIGHTS_TABLE_CHART_BAR,       /* bars side by side per row */
  CH_INSIGHTS_TABLE_CHART_STACKED,   /* the columns stacked per row */
  CH_INSIGHTS_TABLE_CHART_GAUGE,     /* row 0, column 0: a share against a goal */
} ChInsightsTableChart;

#define CH_TYPE_INSIGHTS_TABLE (ch_insights_table_get_type ())

G_DECLARE_FINAL_TYPE (ChInsightsTable, ch_insights_table, CH, INSIGHTS_TABLE, GObject)

/* A stable key ("growth-tiers"), for the CSV, the JSON and tests. */
const char      *ch_insights_table_get_key          (ChInsightsTable *self);
/* Translated, e.g. "Members by Tier". */
const char      *ch_insights_table_get_title        (ChInsightsTable *self);
/* One sentence that says what the chart shows, for screen readers and
 * tooltips of the whole chart. */
const char      *ch_insights_table_get_description  (ChInsightsTable *self);
ChInsightsTableChart  ch_insights_table_get_chart        (ChInsightsTable *self);
/* What the values are: a count ("%"-free), or a percentage (0–100). */
gboolean         ch_insights_table_get_percent      (ChInsightsTable *self);
/* The heading of the row labels ("Month"). */
const char      *ch_insights_table_get_row_heading  (ChInsightsTable *self);
guint            ch_insights_table_get_n_columns    (ChInsightsTable *self);
const char      *ch_insights_table_get_column       (ChInsightsTable *self,
                                                     guint            column);
guint            ch_insights_table_get_n_rows       (ChInsightsTable *self);
const char      *ch_insights_table_get_row          (ChInsightsTable *self,
                                                     guint            row);
/* The number, or NAN when it is withheld ("fewer than 3") or unknown
 * (a cohort not three years old yet). */
double           ch_insights_table_get_value        (ChInsightsTable *self,
                                                     guint            row,
                                                     guint            column);
/* The text shown: "42", "57 %", "fewer than 3", "—". */
const char      *ch_insights_table_get_text         (ChInsightsTable *self,
                                                     guint            row,
                                                     guint            column);
/* The row whose label is @label, or -1. */
gint             ch_insights_table_find_row         (ChInsightsTable *self,
                                                     const char      *label);
/* The largest value (0 when none), for scaling a chart. */
double           ch_insights_table_get_max          (ChInsightsTable *self,
                                                     gboolean         stacked);

G_END_DECLS
