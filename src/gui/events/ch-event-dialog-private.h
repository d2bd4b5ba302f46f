/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-event-dialog.h"

G_BEGIN_DECLS

/* What the form shows, and filling it in, for tests. */

/* Entry rows: "title", "date", "start", "end", "venue_name",
 * "venue_address", "capacity_in_person", "join_url", "capacity_online". */
GtkEditable   *ch_event_dialog_get_entry  (ChEventDialog *self,
                                           const char    *field);
/* Selects in a combo: "timezone" (IANA id), "format", "kind", "status"
 * (the core's values). */
gboolean       ch_event_dialog_select     (ChEventDialog *self,
                                           const char    *what,
                                           const char    *value);
/* Whether the in-person / online fields are shown ("in-person"/"online"). */
gboolean       ch_event_dialog_shows_mode (ChEventDialog *self,
                                           const char    *mode);
const char    *ch_event_dialog_get_error  (ChEventDialog *self);

G_END_DECLS
