/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-event.h"
#include "ch-registrations.h"

G_BEGIN_DECLS

/* Inside core only: ch-events.c and ch-attendance.c write registrations
 * through these. */

/* While @mode has free seats, the first person waiting gets one; the ids
 * of who got a seat are added to @promoted (if not NULL), in order.
 * Inside the caller's transaction. */
gboolean   ch_registrations_promote_waiting  (ChStore     *store,
                                              ChEvent     *event,
                                              const char  *mode,
                                              GPtrArray   *promoted,
                                              GError     **error);
/* Inserts a checked-in registration for a member or a guest, already
 * validated. */
gboolean   ch_registrations_insert_checked_in (ChStore     *store,
                                               ChEvent     *event,
                                               const char  *member_id,
                                               const char  *guest_name,
                                               const char  *guest_email,
                                               const char  *mode,
                                               const char  *method,
                                               gint         minutes,
                                               char       **out_id,
                                               GError     **error);

G_END_DECLS
