/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-check-in-window.h"

G_BEGIN_DECLS

/* What the door shows, for tests. */

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
/* "23 of 40 checked in" */
const char      *ch_check_in_window_get_count_text (ChCheckInWindow *self);
/* The header's second line: "December Chapter Meeting · Tue 8 Dec, 18:00–20:00" */
const char      *ch_check_in_window_get_subtitle   (ChCheckInWindow *self);
/* "Ana Müller is checked in" or the like, NULL before any. */
const char      *ch_check_in_window_get_feedback   (ChCheckInWindow *self);

G_END_DECLS
