/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* event.kind */
#define CH_EVENT_KIND_MEETING  "chapter-meeting"
#define CH_EVENT_KIND_WEBINAR  "webinar"
#define CH_EVENT_KIND_P2P      "p2p-networking"
#define CH_EVENT_KIND_WIT      "women-in-technology"
#define CH_EVENT_KIND_BOARD    "board-meeting"
#define CH_EVENT_KIND_OTHER    "other"
/* event.format */
#define CH_EVENT_FORMAT_IN_PERSON "in-person"
#define CH_EVENT_FORMAT_ONLINE    "online"
#define CH_EVENT_FORMAT_HYBRID    "hybrid"
/* event.status */
#define CH_EVENT_STATUS_DRAFT     "draft"
#define CH_EVENT_STATUS_PUBLISHED "published"
#define CH_EVENT_STATUS_CANCELLED "cancelled"

/* Translated labels; NULL for a value that is not known. */
const char         *ch_event_kind_label          (const char *kind);
const char * const *ch_event_kinds               (void);
const char         *ch_event_format_label        (const char *format);
const char         *ch_event_status_label        (const char *status);

/* The one rule for which sides an event has: an in-person event has a
 * room, an online one a link, a hybrid one both.  @mode is "in-person"
 * or "online" (CH_MODE_*). */
gboolean            ch_event_format_has_side     (const char *format,
                                                  const char *mode);
/* The mode somebody registers in when nobody says: online for an online
 * event, else in person. */
const char         *ch_event_format_default_mode (const char *format);

#define CH_TYPE_EVENT (ch_event_get_type ())

G_DECLARE_FINAL_TYPE (ChEvent, ch_event, CH, EVENT, GObject)

/* A read-only snapshot of one event row; a change makes a new object. */
ChEvent    *ch_event_new_from_row          (JsonObject *row);

const char *ch_event_get_id                (ChEvent    *self);
const char *ch_event_get_chapter_id        (ChEvent    *self);
const char *ch_event_get_title             (ChEvent    *self);
const char *ch_event_get_description       (ChEvent    *self);
const char *ch_event_get_kind              (ChEvent    *self);
const char *ch_event_get_format            (ChEvent    *self);
const char *ch_event_get_status            (ChEvent    *self);
/* IANA zone the event happens in. */
const char *ch_event_get_timezone          (ChEvent    *self);
/* UTC "YYYY-MM-DDTHH:MM:SSZ". */
const char *ch_event_get_starts_at         (ChEvent    *self);
const char *ch_event_get_ends_at           (ChEvent    *self);
const char *ch_event_get_venue_name        (ChEvent    *self);
const char *ch_event_get_venue_address     (ChEvent    *self);
const char *ch_event_get_join_url          (ChEvent    *self);
/* Seats in the room / places online; -1: no limit. */
gint64      ch_event_get_capacity_in_person (ChEvent   *self);
gint64      ch_event_get_capacity_online   (ChEvent    *self);
gint64      ch_event_get_capacity          (ChEvent    *self,
                                            const char *mode);
gint64      ch_event_get_sequence          (ChEvent    *self);

/* "YYYY-MM-DD HH:MM" in the event's zone; NULL without a valid time. */
char       *ch_event_dup_starts_local      (ChEvent    *self);
char       *ch_event_dup_ends_local        (ChEvent    *self);

gboolean    ch_event_is_cancelled          (ChEvent    *self);
gboolean    ch_event_is_published          (ChEvent    *self);
/* ch_event_format_has_side() for this event. */
gboolean    ch_event_has_side              (ChEvent    *self,
                                            const char *mode);
gboolean    ch_event_has_in_person_side    (ChEvent    *self);
gboolean    ch_event_has_online_side       (ChEvent    *self);
/* Both sides: people can switch between them. */
gboolean    ch_event_is_hybrid             (ChEvent    *self);
const char *ch_event_get_default_mode      (ChEvent    *self);

/* The event's fields by their entity names, for JSON output (a copy). */
JsonObject *ch_event_to_json               (ChEvent    *self);

G_END_DECLS
