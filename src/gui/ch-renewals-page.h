/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-renewals.h"
#include "ch-session.h"
#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_RENEWALS_PAGE (ch_renewals_page_get_type ())

G_DECLARE_FINAL_TYPE (ChRenewalsPage, ch_renewals_page, CH, RENEWALS_PAGE, GtkWidget)

/* Shows the chapter of @session, and the one it opens next. */
void      ch_renewals_page_set_session   (ChRenewalsPage *self,
                                          ChSession      *session);
/* Reloads the three groups now (it also does on store changes). */
void      ch_renewals_page_refresh       (ChRenewalsPage *self);

G_END_DECLS
