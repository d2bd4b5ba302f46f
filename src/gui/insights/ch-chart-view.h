/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ch-insights-table.h"

G_BEGIN_DECLS

#define CH_TYPE_CHART_VIEW (ch_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (ChChartView, ch_chart_view, CH, CHART_VIEW, GtkWidget)

/*
 * A chart of one ChInsightsTable, drawn natively by ch_chart_draw() (the
 * report's drawing code) in the style's colours: line, bar, stacked bar
 * or the 50/50 gauge, as the table asks.  Hovering shows a row's figures
 * in a tooltip; the accessible description is the table's sentence.
 */
GtkWidget       *ch_chart_view_new          (ChInsightsTable *table);
ChInsightsTable *ch_chart_view_get_table    (ChChartView     *self);
void             ch_chart_view_set_table    (ChChartView     *self,
                                             ChInsightsTable *table);
/* The tooltip text for (@x, @y), NULL over no row; for tests. */
char            *ch_chart_view_dup_tooltip  (ChChartView     *self,
                                             double           x,
                                             double           y);

G_END_DECLS
