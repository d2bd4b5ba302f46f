/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ch-server-store.h"

G_BEGIN_DECLS

/*
 * What the server itself enforces for event registrations, whatever a
 * device sent (devices decide offline and may disagree):
 *
 * - One registration per person and event.  Devices make name-based ids
 *   (ch_uuid_for_registration(): event + member, or event + guest
 *   e-mail), so the same person registered on two devices is the same
 *   row; a new row of another id for a person whose name-based row is
 *   live is written deleted.
 * - Seats go in the order the server accepts registrations, never by a
 *   device's clock: "accepted_seq" is the chapter version at which the
 *   server accepted the registration (set by the server only), and a
 *   registration that takes a seat when the server already has the mode
 *   full goes to the head of the waitlist.  A row that holds a seat keeps
 *   it: lowering a capacity demotes nobody, and people checked in (walk-ins
 *   at the door) are seated even over capacity without moving anybody.
 */

/* Called for every registration row the server writes, before it is
 * stored at @version.  Adjusts @fields and *@deleted as above and returns
 * the row's lookup key in *@lookup_key: "seat:EVENT:MODE" while it holds
 * a seat (the seats of a mode are counted by it), else NULL. */
gboolean ch_server_registration_before_write (ChServerStore  *store,
                                              const char     *chapter_id,
                                              const char     *id,
                                              gint64          version,
                                              JsonObject     *fields,
                                              gboolean       *deleted,
                                              char          **lookup_key,
                                              GError        **error);

/* An insert of a registration that the server already has live (the same
 * person registered on another device): lays @set over @fields without
 * taking anything back.  A cancelled registration is registered again; a
 * check-in is added; otherwise only empty fields are filled. */
void     ch_server_registration_merge        (JsonObject     *fields,
                                              JsonObject     *set);

G_END_DECLS
