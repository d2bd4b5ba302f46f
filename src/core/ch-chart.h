/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "ch-insights-table.h"

G_BEGIN_DECLS

/*
 * Charts of a ChInsightsTable drawn with cairo: line, bar, stacked bar
 * and the 50/50 gauge (ch_insights_table_get_chart()).  The one drawing
 * code: the Insights page's chart widget draws with it into its snapshot,
 * the report into its PDF page.  Colours come from the caller (the
 * widget takes them from the style: light, dark, high contrast).
 */

typedef struct
{
  double red, green, blue, alpha;
} ChChartColor;

#define CH_CHART_N_SERIES 6

typedef struct
{
  ChChartColor text;                        /* labels, values */
  ChChartColor grid;                        /* axis and faint lines */
  ChChartColor series[CH_CHART_N_SERIES];   /* one per column */
  ChChartColor goal;                        /* the gauge's 50 % mark */
} ChChartPalette;

/* Dark text on white paper, for the report. */
void     ch_chart_palette_init_paper  (ChChartPalette        *palette);

/* Draws @table into @width × @height at the origin of @cr, with @font
 * (a Pango font description, NULL: "Sans 9"). */
void     ch_chart_draw                (cairo_t               *cr,
                                       ChInsightsTable       *table,
                                       const ChChartPalette  *palette,
                                       const char            *font,
                                       double                 width,
                                       double                 height);

/* The row drawn under (@x, @y) in a chart of that size, or -1. */
gint     ch_chart_hit_row             (ChInsightsTable       *table,
                                       double                 width,
                                       double                 height,
                                       double                 x,
                                       double                 y);

G_END_DECLS
