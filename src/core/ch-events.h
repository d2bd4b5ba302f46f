/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Hybrid events: an event has an in-person side and an online side, each
 * with its own capacity, waitlist and attendance.  Registrations are rows
 * of their own ("registration").  Every change goes through ChStore's
 * generic insert / update / delete: one transaction with its outbox rows.
 *
 * Times: event.starts_at / ends_at are UTC "YYYY-MM-DDTHH:MM:SSZ";
 * event.timezone is the IANA zone the event happens in.  Local times given
 * to and shown by this API are "YYYY-MM-DD HH:MM" in that zone.
 */

#define CH_EVENTS_ERROR (ch_events_error_quark ())
typedef enum
{
  CH_EVENTS_ERROR_INVALID,       /* a field is wrong; message says which */
  CH_EVENTS_ERROR_NO_SUCH_TIME,  /* a local time that does not exist (DST gap) */
  CH_EVENTS_ERROR_DUPLICATE,     /* already registered */
  CH_EVENTS_ERROR_REPORT,        /* an attendance report that cannot be read */
} ChEventsError;
GQuark ch_events_error_quark (void);

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

const char *ch_event_kind_label      (const char *kind);
const char * const *ch_event_kinds   (void);
const char *ch_event_format_label    (const char *format);
const char *ch_event_status_label    (const char *status);
const char *ch_mode_label            (const char *mode);

/* ----------------------------------------------------------------------- */
/* Time                                                                    */

/* "YYYY-MM-DD HH:MM" in @tz_id → UTC ISO.  A time that does not exist in
 * the zone (the spring DST gap) fails with CH_EVENTS_ERROR_NO_SUCH_TIME and
 * a translated message naming the zone and the first valid time; an
 * ambiguous one (autumn) takes the first occurrence. */
char      *ch_event_local_to_utc      (const char  *tz_id,
                                       const char  *local,
                                       GError     **error);
/* UTC ISO → "YYYY-MM-DD HH:MM" in @tz_id; NULL if @utc is not valid. */
char      *ch_event_utc_to_local      (const char  *tz_id,
                                       const char  *utc);
/* Human text of an event's time, translated: "Tuesday 8 December 2026,
 * 18:00–20:00 (Europe/Stockholm)"; when @viewer_tz_id differs in offset,
 * a second line "08:00–10:00 in Australia/Sydney".  @event: a row. */
char      *ch_event_describe_time     (JsonObject  *event,
                                       const char  *viewer_tz_id);

/* ----------------------------------------------------------------------- */
/* Events                                                                  */

/* Creates (@id NULL) or edits an event.  @fields use the entity's names;
 * starts_at / ends_at may instead be given as "starts_local" /
 * "ends_local" ("YYYY-MM-DD HH:MM" in "timezone", default the chapter's).
 * Checks: title required, end after start, known zone, kind / format /
 * status known, capacities ≥ 0 (NULL = unlimited), join URL http(s).
 * An edit increases "sequence" (for calendar programs).  Lowering a
 * capacity never drops anybody; raising one promotes from the waitlist. */
gboolean   ch_event_save              (ChStore     *store,
                                       const char  *chapter_id,
                                       const char  *id,
                                       JsonObject  *fields,
                                       char       **out_id,
                                       GError     **error);
/* A copy for next month (same weekday of the same week of the month, e.g.
 * the second Tuesday; same local time), as a draft without registrations. */
gboolean   ch_event_duplicate         (ChStore     *store,
                                       const char  *id,
                                       char       **out_id,
                                       GError     **error);
/* Status becomes cancelled (sequence increases); registrations stay. */
gboolean   ch_event_cancel            (ChStore     *store,
                                       const char  *id,
                                       GError     **error);
/* Event rows (as ch_store_get_row()) that end after now (@upcoming, soonest
 * first) or before (latest first). */
GPtrArray *ch_event_list              (ChStore     *store,
                                       const char  *chapter_id,
                                       gboolean     upcoming,
                                       GError     **error);

/* ----------------------------------------------------------------------- */
/* Registrations                                                           */

typedef struct
{
  guint capacity;      /* G_MAXUINT: unlimited */
  guint registered;
  guint waitlisted;
  guint attended;
  guint no_show;       /* registered, not attended, event over */
} ChModeCounts;

/* counts[0]: in person, counts[1]: online. */
gboolean   ch_event_counts            (ChStore      *store,
                                       const char   *event_id,
                                       ChModeCounts  counts[2],
                                       GError      **error);

/* Registers a member (@member_id) or a guest (@guest_name, optional
 * @guest_email) for @mode.  When the mode is full the registration goes to
 * the end of that mode's waitlist; *@waitlisted says which.  Registering
 * someone twice (same member, or same guest e-mail) fails with
 * CH_EVENTS_ERROR_DUPLICATE. */
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
/* Registration rows plus "display_name" (member's or guest's name) and
 * "email": registered first (by registered_at), then waitlisted (by
 * position), then cancelled. */
GPtrArray *ch_registration_list       (ChStore     *store,
                                       const char  *event_id,
                                       GError     **error);

/* Whose seat a waitlisted registration would take back (a reconcile
 * moved it there): the seated person in its mode the server accepted
 * last, never anybody checked in; "" when a seat is free.  NULL with
 * CH_EVENTS_ERROR_INVALID when nobody can give up a seat or the
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

/* After a sync.  Two officers may give away the last seat offline; the
 * server keeps the seat for the registration it accepted first and puts
 * the other at the head of the waitlist.  This reports who this device
 * had seated and the server moved to the waitlist (the pulled rows say
 * so), and gives seats that became free to the first people waiting (in
 * events that have not started).  It never moves anybody to the
 * waitlist: a lowered capacity or a walk-in over capacity leaves every
 * seat where it is.  Returns the number of registrations reported (their
 * ids in *@moved, may be NULL: first the ones moved to the waitlist, then
 * the promoted ones) so the window can name them. */
guint      ch_events_reconcile        (ChStore     *store,
                                       const char  *chapter_id,
                                       GPtrArray  **moved,
                                       GError     **error);

/* ----------------------------------------------------------------------- */
/* Online attendance reports                                               */

typedef enum
{
  CH_MATCH_NONE,
  CH_MATCH_EMAIL,
  CH_MATCH_NAME,
  CH_MATCH_MANUAL,
} ChMatchKind;

typedef struct
{
  char        *name;
  char        *email;         /* may be NULL */
  guint        minutes;       /* summed over the person's joins */
  ChMatchKind  match;
  char        *member_id;     /* set by matching (or by hand) */
  char        *registration_id;
  char        *refused;       /* why the row is left out (an impossible duration), or NULL */
} ChAttendanceRow;

typedef struct
{
  char      *source;          /* "teams" or "zoom" */
  char      *meeting_title;   /* may be NULL */
  GPtrArray *rows;            /* ChAttendanceRow, one per person */
  guint      max_minutes;     /* nobody attends longer: the meeting's length, or 24 h */
} ChAttendanceReport;

void       ch_attendance_report_free  (ChAttendanceReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChAttendanceReport, ch_attendance_report_free)

/* Reads a Microsoft Teams attendance report (UTF-16 with BOM or UTF-8,
 * tab-separated, "Summary" and "Participants" sections) or a Zoom
 * participants report (CSV with its header row).  The same person on
 * several rows is one row with the minutes added; a person with more time
 * than the meeting lasted (or, when the report does not say, than 24 h) is
 * kept with row->refused saying why, and is neither matched nor marked.
 * Anything else fails with
 * CH_EVENTS_ERROR_REPORT and a translated message saying what is wrong. */
ChAttendanceReport *ch_attendance_parse (GBytes     *data,
                                         GError    **error);
/* Matches rows to the event's registrations and the chapter's members: by
 * e-mail (case-insensitive), then by folded full name. */
gboolean   ch_attendance_match        (ChStore            *store,
                                       const char         *event_id,
                                       ChAttendanceReport *report,
                                       GError            **error);
/* Marks online attendance with minutes for every matched row (a matched
 * member without a registration gets an online one), in one transaction.
 * Returns the number of people marked. */
guint      ch_attendance_apply        (ChStore            *store,
                                       const char         *event_id,
                                       ChAttendanceReport *report,
                                       GError            **error);

/* ----------------------------------------------------------------------- */
/* iCalendar                                                               */

/* A VCALENDAR (libical) with one VEVENT per event: UID "<id>@chapterhouse",
 * DTSTART/DTEND with TZID and a VTIMEZONE, SUMMARY, DESCRIPTION (with the
 * join link), LOCATION (venue and address), URL, STATUS (CANCELLED when
 * cancelled), SEQUENCE.  @event_id NULL: every upcoming event. */
char      *ch_ics_export              (ChStore     *store,
                                       const char  *chapter_id,
                                       const char  *event_id,
                                       GError     **error);

G_END_DECLS
