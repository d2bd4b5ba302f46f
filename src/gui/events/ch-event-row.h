/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ch-events.h"

G_BEGIN_DECLS

#define CH_TYPE_EVENT_ROW (ch_event_row_get_type ())
G_DECLARE_FINAL_TYPE (ChEventRow, ch_event_row, CH, EVENT_ROW, GtkListBoxRow)

/* An event in the list of the Events page: title, status unless
 * published, when and how, and the places taken on each of its sides
 * (@counts: as ch_event_counts() gives them, or NULL). */
GtkWidget  *ch_event_row_new          (ChEvent             *event,
                                       const ChEventCounts *counts,
                                       gboolean             upcoming);
ChEvent    *ch_event_row_get_event    (ChEventRow          *self);
/* In the Upcoming section (else Past). */
gboolean    ch_event_row_get_upcoming (ChEventRow          *self);
/* "YYYY-MM" of the event's start in its zone: the month heading. */
const char *ch_event_row_get_month    (ChEventRow          *self);
/* What the row says (also its accessible label):
 * "Chapter Meeting, Tue 8 Dec, 18:00–20:00 · Hybrid, 2/40 in person". */
const char *ch_event_row_get_text     (ChEventRow          *self);

G_END_DECLS
