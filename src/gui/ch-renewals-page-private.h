/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What tests reach into the Renewals page with; not for the application. */

#include "ch-renewals-page.h"

G_BEGIN_DECLS

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
/* The member's "last reminded" ("Renewal reminder, 3 days ago"), or NULL. */
const char *ch_renewals_page_get_last_reminded (ChRenewalsPage *self,
                                                const char     *member_id);

G_END_DECLS
