/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What tests reach into the Leadership page with; not for the application. */

#include "ch-leadership-page.h"

G_BEGIN_DECLS

void   ch_leadership_page_refresh         (ChLeadershipPage *self);
/* The leadership's gender balance as shown ("4 women · 3 men · 1 not
 * shared — 57 % women, goal 50 %"), NULL when there is nobody to count. */
const char *ch_leadership_page_get_balance_text (ChLeadershipPage *self);

/* "empty" (no officers yet: a status page) or "officers" */
const char *ch_leadership_page_get_state (ChLeadershipPage *self);

G_END_DECLS
