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
guint     ch_renewals_page_get_n_members (ChRenewalsPage *self,
                                          ChRenewalGroup  group);
/* People of @group left out of the page (it shows 200 at most). */
guint     ch_renewals_page_get_n_not_shown (ChRenewalsPage *self,
                                            ChRenewalGroup  group);
gboolean  ch_renewals_page_lists         (ChRenewalsPage *self,
                                          ChRenewalGroup  group,
                                          const char     *member_id);
/* Ticks a member's row like a click would; FALSE if not listed. */
gboolean  ch_renewals_page_set_selected  (ChRenewalsPage *self,
                                          const char     *member_id,
                                          gboolean        selected);
/* The addresses "Copy Addresses" would copy, or NULL. */
char     *ch_renewals_page_dup_addresses (ChRenewalsPage *self);

G_END_DECLS
