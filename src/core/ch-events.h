/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ch-event.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Hybrid events: an event has an in-person side and an online side, each
 * with its own capacity, waitlist and attendance (ch-registrations.h).
 * Every change goes through ChStore's generic insert / update / delete:
 * one transaction with its outbox rows.  Times: ch-event-time.h.
 */

#define CH_EVENTS_ERROR (ch_events_error_quark ())
typedef enum
{
  CH_EVENTS_ERROR_INVALID,       /* a field is wrong, or no such event; message says which */
  CH_EVENTS_ERROR_NO_SUCH_TIME,  /* a local time that does not exist (DST gap) */
} ChEventsError;
GQuark ch_events_error_quark (void);

/* Creates (@id NULL) or edits an event.  @fields use the entity's names;
 * starts_at / ends_at may instead be given as "starts_local" /
 * "ends_local" ("YYYY-MM-DD HH:MM" in "timezone", default the chapter's).
 * Checks: title required, end after start, known zone, kind / format /
 * status known, capacities ≥ 0 (NULL = unlimited), join URL http(s).
 * A start or end inside the clocks' spring gap fails with
 * CH_EVENTS_ERROR_NO_SUCH_TIME (ch_event_time_local_to_utc() says why).
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
/* The event @id, unless missing or deleted (CH_EVENTS_ERROR_INVALID). */
ChEvent   *ch_event_get               (ChStore     *store,
                                       const char  *id,
                                       GError     **error);
/* ChEvents that end after now (@upcoming, soonest first) or before
 * (latest first). */
GPtrArray *ch_event_list              (ChStore     *store,
                                       const char  *chapter_id,
                                       gboolean     upcoming,
                                       GError     **error);

typedef struct
{
  guint capacity;      /* G_MAXUINT: unlimited */
  guint registered;
  guint waitlisted;
  guint attended;
  guint no_show;       /* registered, not attended, event over */
} ChEventCounts;

/* counts[0]: in person, counts[1]: online. */
gboolean   ch_event_counts            (ChStore       *store,
                                       const char    *event_id,
                                       ChEventCounts  counts[2],
                                       GError       **error);

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

G_END_DECLS
