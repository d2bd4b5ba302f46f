/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-event-detail.h"

G_BEGIN_DECLS

/* What the detail shows, for tests (through ch-events-page-private.h). */

/* The card text for "in-person" / "online", e.g. "2 of 2 seats taken, 1 waiting". */
const char *ch_event_detail_get_mode_summary     (ChEventDetail *self,
                                                  const char    *mode);
guint       ch_event_detail_get_n_registrations  (ChEventDetail *self);
/* "Ana Müller — In person · Waitlisted (1)" */
const char *ch_event_detail_get_registration_text (ChEventDetail *self,
                                                   guint          index);
const char *ch_event_detail_get_registration_id  (ChEventDetail *self,
                                                  guint          index);

G_END_DECLS
