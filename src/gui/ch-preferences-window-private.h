/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the tests look at in a ChPreferencesWindow; only tests include this. */

#include "ch-preferences-window.h"

G_BEGIN_DECLS

/* Rows of the Membership page: "dues_amount", "grace_days", "new_tier". */
GtkEditable         *ch_preferences_window_get_entry (ChPreferencesWindow *self,
                                                      const char          *field);
/* The message under the dues rules (saved, or what is wrong), or NULL. */
const char          *ch_preferences_window_get_rules_message (ChPreferencesWindow *self);
/* What the Central Server page says (the result of Connect), or NULL. */
const char          *ch_preferences_window_get_server_message (ChPreferencesWindow *self);
/* The switch "Late renewals start on the payment day". */
GtkSwitch           *ch_preferences_window_get_renewal_switch (ChPreferencesWindow *self);

/* The row that renames the chapter's @index-th tier (in ch_tiers_list()
 * order), or NULL. */
AdwEntryRow         *ch_preferences_window_get_tier_row (ChPreferencesWindow *self,
                                                         guint                index);

G_END_DECLS
