/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-opportunity.h"

G_BEGIN_DECLS

#define CH_TYPE_OPPORTUNITY_ROW (ch_opportunity_row_get_type ())
G_DECLARE_FINAL_TYPE (ChOpportunityRow, ch_opportunity_row, CH, OPPORTUNITY_ROW, AdwActionRow)

/* One opportunity of the ledger: its title; who gave it to whom, the
 * specialty, the value in @currency and the day of its last step; its
 * status as a pill.  Activating the row runs @action_name with the
 * opportunity's id (the dialog that edits it and moves it on). */
GtkWidget     *ch_opportunity_row_new             (ChOpportunity    *opportunity,
                                                   const char       *currency,
                                                   const char       *action_name);
ChOpportunity *ch_opportunity_row_get_opportunity (ChOpportunityRow *self);

G_END_DECLS
