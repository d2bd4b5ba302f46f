/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What tests reach into the opportunity dialog with; not for the application. */

#include "ch-opportunity-dialog.h"

G_BEGIN_DECLS

/* "title", "giver", "receiver", "to-chapter", "specialty", "value",
 * "given", "notes", "status", "accepted", "closed", "save". */
GtkWidget  *ch_opportunity_dialog_get_widget  (ChOpportunityDialog *self,
                                               const char          *name);
/* Whether the member pickers are still loading. */
gboolean    ch_opportunity_dialog_get_loading (ChOpportunityDialog *self);
/* Picks the member @member_id as giver (@giver) or receiver. */
gboolean    ch_opportunity_dialog_pick_member (ChOpportunityDialog *self,
                                               gboolean             giver,
                                               const char          *member_id);
/* The message shown, or NULL. */
const char *ch_opportunity_dialog_get_error   (ChOpportunityDialog *self);

G_END_DECLS
