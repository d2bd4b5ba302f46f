/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-session.h"

G_BEGIN_DECLS

#define CH_TYPE_OPPORTUNITIES_PAGE (ch_opportunities_page_get_type ())

G_DECLARE_FINAL_TYPE (ChOpportunitiesPage, ch_opportunities_page, CH, OPPORTUNITIES_PAGE,
                      GtkWidget)

/* The Opportunities page: the ledger with its filters, "Who can help
 * with…" and the Givers' Board, each read on a worker thread.  Shows the
 * chapter of @session, and the one it opens next. */
void      ch_opportunities_page_set_session (ChOpportunitiesPage *self,
                                             ChSession           *session);

G_END_DECLS
