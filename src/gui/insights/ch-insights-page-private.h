/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For tests only. */

#include "ch-insights.h"
#include "ch-insights-page.h"

G_BEGIN_DECLS

/* The figures shown, NULL while they are being counted. */
ChInsights *ch_insights_page_get_insights   (ChInsightsPage *self);
/* The cards shown (ChInsightsCard), in order. */
GPtrArray  *ch_insights_page_get_cards      (ChInsightsPage *self);
GtkSwitch  *ch_insights_page_get_table_switch (ChInsightsPage *self);
/* Counts again now (as when the page is shown). */
void        ch_insights_page_reload         (ChInsightsPage *self);

G_END_DECLS
