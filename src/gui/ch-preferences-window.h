/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-session.h"

G_BEGIN_DECLS

#define CH_TYPE_PREFERENCES_WINDOW (ch_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (ChPreferencesWindow, ch_preferences_window, CH, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* For @session's chapter: to connect it, or when none is open (or it is
 * not here yet), to download one. */
ChPreferencesWindow *ch_preferences_window_new (GtkWindow *parent,
                                                ChSession *session);

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
