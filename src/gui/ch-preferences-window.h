/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_PREFERENCES_WINDOW (ch_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (ChPreferencesWindow, ch_preferences_window, CH, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @chapter_id: the local chapter to connect, or NULL to download one. */
ChPreferencesWindow *ch_preferences_window_new (GtkWindow  *parent,
                                                ChStore    *store,
                                                const char *chapter_id);

/* Rows of the Membership page: "dues_amount", "grace_days", "new_tier". */
GtkEditable         *ch_preferences_window_get_entry (ChPreferencesWindow *self,
                                                      const char          *field);
/* The message under the dues rules (saved, or what is wrong), or NULL. */
const char          *ch_preferences_window_get_rules_message (ChPreferencesWindow *self);
/* What the Central Server page says (the result of Connect), or NULL. */
const char          *ch_preferences_window_get_server_message (ChPreferencesWindow *self);
/* The switch "Late renewals start on the payment day". */
GtkSwitch           *ch_preferences_window_get_renewal_switch (ChPreferencesWindow *self);

G_END_DECLS
