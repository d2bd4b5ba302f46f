/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-chapter.h"
#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_OPPORTUNITY_DIALOG (ch_opportunity_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ChOpportunityDialog, ch_opportunity_dialog, CH, OPPORTUNITY_DIALOG,
                      AdwWindow)

/* Gives a new opportunity (@opportunity_id NULL), with @giver_id and
 * @receiver_id already chosen when not NULL; or edits @opportunity_id and
 * moves it on (its Progress group).  ::saved (id) after a save. */
ChOpportunityDialog *ch_opportunity_dialog_new (GtkWindow  *parent,
                                                ChStore    *store,
                                                ChChapter  *chapter,
                                                const char *opportunity_id,
                                                const char *giver_id,
                                                const char *receiver_id);

G_END_DECLS
