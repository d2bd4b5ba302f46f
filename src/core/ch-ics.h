/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/* A VCALENDAR (libical) with one VEVENT per event: UID "<id>@chapterhouse",
 * DTSTART/DTEND with TZID and a VTIMEZONE, SUMMARY, DESCRIPTION (with the
 * join link), LOCATION (venue and address), URL, STATUS (CANCELLED when
 * cancelled), SEQUENCE.  @event_id NULL: every upcoming event.  No such
 * event: CH_EVENTS_ERROR. */
char      *ch_ics_export              (ChStore     *store,
                                       const char  *chapter_id,
                                       const char  *event_id,
                                       GError     **error);

G_END_DECLS
