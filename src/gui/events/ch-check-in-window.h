/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_CHECK_IN_WINDOW (ch_check_in_window_get_type ())

G_DECLARE_FINAL_TYPE (ChCheckInWindow, ch_check_in_window, CH, CHECK_IN_WINDOW, AdwWindow)

/*
 * The door: a full-window list of the event's people with a big search.
 * Type a name, Enter checks in the match when there is only one.  Only the
 * local store is touched, so it works without a network.
 */
ChCheckInWindow *ch_check_in_window_new            (GtkWindow       *parent,
                                                    ChStore         *store,
                                                    ChChapter       *chapter,
                                                    const char      *event_id);
GtkEditable     *ch_check_in_window_get_search_entry (ChCheckInWindow *self);
/* People matching the search, in the order shown. */
guint            ch_check_in_window_get_n_matches  (ChCheckInWindow *self);
const char      *ch_check_in_window_get_match_name (ChCheckInWindow *self,
                                                    guint            index);
/* The row's second line: "Contoso · In person"; free with g_free(). */
char            *ch_check_in_window_get_match_detail (ChCheckInWindow *self,
                                                      guint            index);
gboolean         ch_check_in_window_get_match_attended (ChCheckInWindow *self,
                                                        guint            index);
/* As Enter in the search: checks in the only match; with several it
 * says how many and checks in nobody.  FALSE when nobody was checked in. */
gboolean         ch_check_in_window_check_in_match (ChCheckInWindow *self);
gboolean         ch_check_in_window_undo           (ChCheckInWindow *self);
/* "23 of 40 checked in" */
const char      *ch_check_in_window_get_count_text (ChCheckInWindow *self);
/* The header's second line: "December Chapter Meeting · Tue 8 Dec, 18:00–20:00" */
const char      *ch_check_in_window_get_subtitle   (ChCheckInWindow *self);
/* "Ana Müller is checked in" or the like, NULL before any. */
const char      *ch_check_in_window_get_feedback   (ChCheckInWindow *self);

G_END_DECLS
