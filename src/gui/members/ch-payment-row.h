/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-payments.h"

G_BEGIN_DECLS

#define CH_TYPE_PAYMENT_ROW (ch_payment_row_get_type ())
G_DECLARE_FINAL_TYPE (ChPaymentRow, ch_payment_row, CH, PAYMENT_ROW, AdwActionRow)

/* A payment on the Membership tab, with a button that asks to delete it
 * ("member.delete-payment").  @currency: the chapter's, for a payment
 * whose row names none. */
GtkWidget  *ch_payment_row_new            (ChPayment    *payment,
                                           const char   *currency);
const char *ch_payment_row_get_payment_id (ChPaymentRow *self);

G_END_DECLS
