/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-session.h"

G_BEGIN_DECLS

#define CH_TYPE_INSIGHTS_PAGE (ch_insights_page_get_type ())

G_DECLARE_FINAL_TYPE (ChInsightsPage, ch_insights_page, CH, INSIGHTS_PAGE, GtkWidget)

/* The chapter's figures for a period (ch-insights in core, counted on a
 * worker thread), as charts or tables, the members at risk with a way to
 * write to them, and Export Chapter Report. */
void      ch_insights_page_set_session (ChInsightsPage *self,
                                        ChSession      *session);

G_END_DECLS
