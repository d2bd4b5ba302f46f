/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* registration.mode */
#define CH_MODE_IN_PERSON "in-person"
#define CH_MODE_ONLINE    "online"
/* registration.state */
#define CH_REG_REGISTERED "registered"
#define CH_REG_WAITLISTED "waitlisted"
#define CH_REG_CANCELLED  "cancelled"
/* registration.check_in_method */
#define CH_CHECK_IN_DOOR   "door"
#define CH_CHECK_IN_TEAMS  "teams"
#define CH_CHECK_IN_ZOOM   "zoom"
#define CH_CHECK_IN_MANUAL "manual"

/* "In person" / "Online", translated; NULL for a mode that is not known. */
const char *ch_registration_mode_label (const char *mode);

#define CH_TYPE_REGISTRATION (ch_registration_get_type ())

G_DECLARE_FINAL_TYPE (ChRegistration, ch_registration, CH, REGISTRATION, GObject)

/* A read-only snapshot of one registration row, with the name and
 * address of the person (the member's, or the guest's) when the list
 * that made it knows them; a change makes a new object. */
ChRegistration *ch_registration_new_from_row          (JsonObject     *row,
                                                       const char     *display_name,
                                                       const char     *email,
                                                       const char     *company,
                                                       gint64          waitlist_rank);

const char *ch_registration_get_id                    (ChRegistration *self);
const char *ch_registration_get_event_id              (ChRegistration *self);
const char *ch_registration_get_chapter_id            (ChRegistration *self);
/* NULL for a guest. */
const char *ch_registration_get_member_id             (ChRegistration *self);
const char *ch_registration_get_guest_name            (ChRegistration *self);
const char *ch_registration_get_guest_email           (ChRegistration *self);
/* The member's or the guest's name ("" when unknown), e-mail, company. */
const char *ch_registration_get_display_name          (ChRegistration *self);
const char *ch_registration_get_email                 (ChRegistration *self);
const char *ch_registration_get_company               (ChRegistration *self);
/* CH_MODE_*, CH_REG_*. */
const char *ch_registration_get_mode                  (ChRegistration *self);
const char *ch_registration_get_state                 (ChRegistration *self);
const char *ch_registration_get_registered_at         (ChRegistration *self);
/* The place in its mode's queue (1 = next), 0 when not waiting. */
gint64      ch_registration_get_waitlist_position     (ChRegistration *self);
/* UTC; NULL when not checked in. */
const char *ch_registration_get_checked_in_at         (ChRegistration *self);
const char *ch_registration_get_check_in_method       (ChRegistration *self);
/* -1 when not known. */
gint64      ch_registration_get_minutes_attended      (ChRegistration *self);

gboolean    ch_registration_is_guest                  (ChRegistration *self);
gboolean    ch_registration_is_registered             (ChRegistration *self);
gboolean    ch_registration_is_waitlisted             (ChRegistration *self);
gboolean    ch_registration_is_cancelled              (ChRegistration *self);
gboolean    ch_registration_is_attended               (ChRegistration *self);
gboolean    ch_registration_is_online                 (ChRegistration *self);

/* The row's fields by their entity names plus "display_name", "email",
 * "company" and the place in the queue as "waitlist_position", for JSON
 * output (a copy). */
JsonObject *ch_registration_to_json                   (ChRegistration *self);

G_END_DECLS
