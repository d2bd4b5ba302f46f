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

G_END_DECLS
