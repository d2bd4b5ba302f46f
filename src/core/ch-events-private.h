/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-events.h"
#include "ch-store-private.h"

G_BEGIN_DECLS

/* Shared by ch-events.c, ch-attendance.c and ch-ics.c. */

/* The event or registration @id, unless missing or deleted: NULL with
 * CH_EVENTS_ERROR_INVALID ("There is no event …") then. */
JsonObject *ch_events_get_live_row  (ChStore     *store,
                                     const char  *entity,
                                     const char  *id,
                                     GError     **error);

/* UTC now with milliseconds, "YYYY-MM-DDTHH:MM:SS.mmmZ": registration
 * times, so that ties between devices are rare (the id breaks the rest). */
char      *ch_events_now_precise    (void);

/* Inserts a registration row for a member or a guest, already validated. */
gboolean   ch_registration_insert_checked_in (ChStore     *store,
                                              JsonObject  *event,
                                              const char  *member_id,
                                              const char  *guest_name,
                                              const char  *guest_email,
                                              const char  *mode,
                                              const char  *method,
                                              gint         minutes,
                                              char       **out_id,
                                              GError     **error);

G_END_DECLS
