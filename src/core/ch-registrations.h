/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-registration.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Registrations for an event (rows of their own, "registration"): one
 * per person, in person or online, with a waitlist per mode and
 * check-in.  Every change goes through ChStore: one transaction with its
 * outbox rows.
 */

#define CH_REGISTRATIONS_ERROR (ch_registrations_error_quark ())
typedef enum
{
  CH_REGISTRATIONS_ERROR_INVALID,    /* a field is wrong; message says which */
  CH_REGISTRATIONS_ERROR_DUPLICATE,  /* already registered */
} ChRegistrationsError;
GQuark ch_registrations_error_quark (void);

/* Registers a member (@member_id) or a guest (@guest_name, optional
 * @guest_email) for @mode.  When the mode is full the registration goes to
 * the end of that mode's waitlist; *@waitlisted says which.  Registering
 * someone twice (same member, or same guest e-mail) fails with
 * CH_REGISTRATIONS_ERROR_DUPLICATE.  No such event: CH_EVENTS_ERROR. */
gboolean   ch_registration_add        (ChStore     *store,
                                       const char  *event_id,
                                       const char  *member_id,
                                       const char  *guest_name,
                                       const char  *guest_email,
                                       const char  *mode,
                                       char       **out_id,
                                       gboolean    *waitlisted,
                                       GError     **error);
/* Cancels a registration; if that frees a seat, the first person waiting
 * in that mode is registered and their registration id is returned in
 * *@promoted_id (NULL when nobody moved up). */
gboolean   ch_registration_cancel     (ChStore     *store,
                                       const char  *registration_id,
                                       char       **promoted_id,
                                       GError     **error);
/* Moves a registration to the other mode, respecting its capacity (goes
 * to that waitlist when full); the seat left behind promotes the next. */
gboolean   ch_registration_set_mode   (ChStore     *store,
                                       const char  *registration_id,
                                       const char  *mode,
                                       gboolean    *waitlisted,
                                       char       **promoted_id,
                                       GError     **error);
/* Marks attended (@attended TRUE; method CH_CHECK_IN_*; @minutes < 0 for
 * unknown) or takes it back. */
gboolean   ch_registration_check_in   (ChStore     *store,
                                       const char  *registration_id,
                                       gboolean     attended,
                                       const char  *method,
                                       gint         minutes,
                                       GError     **error);
/* Somebody at the door who had not registered: an in-person registration,
 * checked in at once, even over capacity (they are in the room). */
gboolean   ch_registration_walk_in    (ChStore     *store,
                                       const char  *event_id,
                                       const char  *member_id,
                                       const char  *guest_name,
                                       const char  *guest_email,
                                       char       **out_id,
                                       GError     **error);
/* The registration @id with the person's name, unless missing or deleted. */
ChRegistration *ch_registration_get   (ChStore     *store,
                                       const char  *id,
                                       GError     **error);
/* The event's ChRegistrations, with the member's or guest's name and
 * e-mail: registered first (in the order the server accepted them), then
 * waitlisted (by place in the queue), then cancelled. */
GPtrArray *ch_registration_list       (ChStore     *store,
                                       const char  *event_id,
                                       GError     **error);

/* Whose seat a waitlisted registration would take back (a reconcile
 * moved it there): the seated person in its mode the server accepted
 * last, never anybody checked in; "" when a seat is free.  NULL with
 * CH_REGISTRATIONS_ERROR_INVALID when nobody can give up a seat or the
 * registration is not waiting any more. */
char      *ch_registration_seat_holder (ChStore     *store,
                                        const char  *registration_id,
                                        GError     **error);
/* Gives @registration_id a seat again, in one transaction: the seat
 * holder above goes to the head of the waitlist (*@bumped_id, NULL when
 * a seat was free). */
gboolean   ch_registration_take_seat_back (ChStore     *store,
                                           const char  *registration_id,
                                           char       **bumped_id,
                                           GError     **error);

G_END_DECLS
