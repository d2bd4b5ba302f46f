/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-session.h"

G_BEGIN_DECLS

#define CH_TYPE_CHECK_IN_WINDOW (ch_check_in_window_get_type ())

G_DECLARE_FINAL_TYPE (ChCheckInWindow, ch_check_in_window, CH, CHECK_IN_WINDOW, AdwWindow)

/*
 * The door: a full-window list of the event's people with a big search.
 * Type a name, Enter checks in the match when there is only one.  Only the
 * local store is touched, so it works without a network.  For @event_id
 * of the chapter open in @session.
 */
ChCheckInWindow *ch_check_in_window_new            (GtkWindow       *parent,
                                                    ChSession       *session,
                                                    const char      *event_id);
/* As Enter in the search: checks in the only match; with several it
 * says how many and checks in nobody.  FALSE when nobody was checked in. */
gboolean         ch_check_in_window_check_in_match (ChCheckInWindow *self);
gboolean         ch_check_in_window_undo           (ChCheckInWindow *self);

G_END_DECLS
