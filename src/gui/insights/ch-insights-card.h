/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ch-insights-table.h"

G_BEGIN_DECLS

#define CH_TYPE_INSIGHTS_CARD (ch_insights_card_get_type ())

G_DECLARE_FINAL_TYPE (ChInsightsCard, ch_insights_card, CH, INSIGHTS_CARD, GtkWidget)

/* One table of the Insights page: its title, then its chart
 * (ChChartView) or, with :show-table, the same figures as a grid. */
GtkWidget       *ch_insights_card_new             (ChInsightsTable *table);
ChInsightsTable *ch_insights_card_get_table       (ChInsightsCard  *self);
gboolean         ch_insights_card_get_show_table  (ChInsightsCard  *self);
void             ch_insights_card_set_show_table  (ChInsightsCard  *self,
                                                   gboolean         show_table);
/* The grid's text at @row (0: the headings) and @column (0: the row
 * labels), NULL outside it; for tests. */
const char      *ch_insights_card_get_cell_text   (ChInsightsCard  *self,
                                                   guint            row,
                                                   guint            column);

G_END_DECLS
