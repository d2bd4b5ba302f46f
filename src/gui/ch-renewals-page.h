/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-renewals.h"
#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_RENEWALS_PAGE (ch_renewals_page_get_type ())

G_DECLARE_FINAL_TYPE (ChRenewalsPage, ch_renewals_page, CH, RENEWALS_PAGE, GtkWidget)

void      ch_renewals_page_set_chapter   (ChRenewalsPage *self,
                                          ChStore        *store,
                                          ChChapter      *chapter);
/* Reloads the three groups now (it also does on store changes). */
void      ch_renewals_page_refresh       (ChRenewalsPage *self);

G_END_DECLS
