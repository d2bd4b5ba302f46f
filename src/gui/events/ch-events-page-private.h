/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-events-page.h"

G_BEGIN_DECLS

/* What the page shows, for tests. */
const char    *ch_events_page_get_state         (ChEventsPage *self);   /* "empty", "events" */
guint          ch_events_page_get_n_events      (ChEventsPage *self);
/* What a row of the list says (its accessible label), in list order:
 * "Chapter Meeting, Tue 8 Dec, 18:00–20:00 · Hybrid, 2/40 in person". */
const char    *ch_events_page_get_event_text    (ChEventsPage *self,
                                                 guint         index);
/* The selected event's card text for "in-person" / "online", e.g.
 * "2 of 2 seats taken, 1 waiting". */
const char    *ch_events_page_get_mode_summary  (ChEventsPage *self,
                                                 const char   *mode);
guint          ch_events_page_get_n_registrations (ChEventsPage *self);
/* "Ana Müller — In person · Waitlisted (1)" */
const char    *ch_events_page_get_registration_text (ChEventsPage *self,
                                                     guint         index);
const char    *ch_events_page_get_registration_id   (ChEventsPage *self,
                                                     guint         index);
/* The text of the last toast the page showed, or NULL. */
const char    *ch_events_page_get_last_toast    (ChEventsPage *self);

G_END_DECLS
