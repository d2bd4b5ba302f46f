/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_PAYMENT_DIALOG (ch_payment_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ChPaymentDialog, ch_payment_dialog, CH, PAYMENT_DIALOG, AdwWindow)

/* Records one dues payment of @member_id. */
ChPaymentDialog *ch_payment_dialog_new        (GtkWindow       *parent,
                                               ChStore         *store,
                                               ChChapter       *chapter,
                                               const char      *member_id);

G_END_DECLS
