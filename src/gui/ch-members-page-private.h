/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

/* What tests reach into the members page with; not for the application. */

#include "ch-members-page.h"

G_BEGIN_DECLS

/* "list", "no-results" or "empty" */
const char    *ch_members_page_get_state    (ChMembersPage *self);

const char    *ch_members_page_get_count_text (ChMembersPage *self);

/* Chooses @value in the filter drop-down @key ("tier", "status",
 * "specialty", "partner_kind", "role") like a click would; NULL: any.
 * FALSE when the drop-down has no such choice. */
gboolean       ch_members_page_select_filter (ChMembersPage *self,
                                             const char    *key,
                                             const char    *value);

/* Whether the page shows its narrow layout (two-line rows, filters in a
 * popover), the view that shows the rows in the current layout, and the
 * text of the narrow layout's filter button (NULL when it is hidden). */
gboolean       ch_members_page_get_narrow       (ChMembersPage *self);
GtkWidget     *ch_members_page_get_results_view (ChMembersPage *self);
const char    *ch_members_page_get_filter_button_text (ChMembersPage *self);

G_END_DECLS
