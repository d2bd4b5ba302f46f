/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What tests reach into the Opportunities page with; not for the application. */

#include "ch-opportunities-page.h"

G_BEGIN_DECLS

/* Whether a read of the page is still on its worker thread (or owed). */
gboolean  ch_opportunities_page_get_loading     (ChOpportunitiesPage *self);
/* The titles of the ledger's rows, one per line. */
char     *ch_opportunities_page_dup_ledger      (ChOpportunitiesPage *self);
/* The board as "RANK[=] NAME GIVEN/WON" lines. */
char     *ch_opportunities_page_dup_board       (ChOpportunitiesPage *self);
/* 0 this quarter, 1 last quarter, 2 this year, 3 last year. */
void      ch_opportunities_page_set_board_period (ChOpportunitiesPage *self,
                                                  guint                period);
/* Searches who can help with @specialty, as typing it and pressing Enter. */
void      ch_opportunities_page_search_helpers  (ChOpportunitiesPage *self,
                                                 const char          *specialty);
/* The names found, one per line. */
char     *ch_opportunities_page_dup_helpers     (ChOpportunitiesPage *self);

/* Shows "ledger", "helpers" or "board", as its switcher button does. */
void      ch_opportunities_page_show            (ChOpportunitiesPage *self,
                                                 const char          *name);

G_END_DECLS
