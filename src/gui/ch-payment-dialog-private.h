/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What tests reach into the payment dialog with; not for the application. */

#include "ch-payment-dialog.h"

G_BEGIN_DECLS

/* Records like the Record button; FALSE when the form shows an error. */
gboolean         ch_payment_dialog_save       (ChPaymentDialog *self);
/* "amount", "paid_on", "covers_from", "covers_until", "reference" */
GtkEditable     *ch_payment_dialog_get_entry  (ChPaymentDialog *self,
                                               const char      *field);
/* The error shown at the top of the form, or NULL. */
const char      *ch_payment_dialog_get_error  (ChPaymentDialog *self);
/* The warning about days the payment leaves uncovered, or NULL. */
const char      *ch_payment_dialog_get_gap_warning   (ChPaymentDialog *self);
/* What the Period Covered group says about how the dates are filled in. */
const char      *ch_payment_dialog_get_coverage_note (ChPaymentDialog *self);

G_END_DECLS
