/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-member.h"
#include "ch-renewals.h"

G_BEGIN_DECLS

#define CH_TYPE_RENEWAL_ROW (ch_renewal_row_get_type ())
G_DECLARE_FINAL_TYPE (ChRenewalRow, ch_renewal_row, CH, RENEWAL_ROW, AdwActionRow)

/* A member on the Renewals page: a tick to choose them for the reminder,
 * when their dues run (or ran) out and whether they can be e-mailed, and
 * a button that opens them ("renewals.open-member"). */
GtkWidget *ch_renewal_row_new          (ChMember       *member,
                                        ChRenewalGroup  group);
ChMember  *ch_renewal_row_get_member   (ChRenewalRow   *self);
/* The tick ("selected" notifies when it changes). */
gboolean   ch_renewal_row_get_selected (ChRenewalRow   *self);
void       ch_renewal_row_set_selected (ChRenewalRow   *self,
                                        gboolean        selected);
/* The "last reminded" column: "Renewal reminder, 2026-11-30", or NULL
 * when never reminded. */
void        ch_renewal_row_set_last_reminded (ChRenewalRow *self,
                                              const char   *text);
const char *ch_renewal_row_get_last_reminded (ChRenewalRow *self);

G_END_DECLS
