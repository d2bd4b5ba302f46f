/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Event times.  Stored times are UTC "YYYY-MM-DDTHH:MM:SSZ"; an event
 * happens in an IANA zone, and the local times given to and shown by this
 * API are "YYYY-MM-DD HH:MM" in that zone.  GLib only.
 */

#define CH_EVENT_TIME_ERROR (ch_event_time_error_quark ())
typedef enum
{
  CH_EVENT_TIME_ERROR_INVALID,       /* not a zone, not a time; message says which */
  CH_EVENT_TIME_ERROR_NO_SUCH_TIME,  /* a local time that does not exist (DST gap) */
} ChEventTimeError;
GQuark ch_event_time_error_quark (void);

/* TRUE when @tz_id names a known zone; else a translated error. */
gboolean   ch_event_time_check_zone   (const char  *tz_id,
                                       GError     **error);
/* "YYYY-MM-DD HH:MM" in @tz_id → UTC ISO.  A time that does not exist in
 * the zone (the spring DST gap) fails with CH_EVENT_TIME_ERROR_NO_SUCH_TIME
 * and a translated message naming the zone and the first valid time; an
 * ambiguous one (autumn) takes the first occurrence. */
char      *ch_event_time_local_to_utc (const char  *tz_id,
                                       const char  *local,
                                       GError     **error);
/* UTC ISO → "YYYY-MM-DD HH:MM" in @tz_id; NULL if @utc is not valid. */
char      *ch_event_time_utc_to_local (const char  *tz_id,
                                       const char  *utc);
/* A stored UTC time, or NULL when @utc is empty or not a time. */
GDateTime *ch_event_time_parse_utc    (const char  *utc);
/* Human text of an event's time, translated: "Tuesday 8 December 2026,
 * 18:00–20:00 (Europe/Stockholm)"; when @viewer_tz_id differs in offset,
 * a second line "08:00–10:00 in Australia/Sydney". */
char      *ch_event_time_describe     (const char  *tz_id,
                                       const char  *starts_at,
                                       const char  *ends_at,
                                       const char  *viewer_tz_id);
/* The same local times a month later, on the same weekday of the same
 * week of the month (the second Tuesday; the fifth becomes the last).
 * FALSE when @start_local is not a local time. */
gboolean   ch_event_time_next_month   (const char  *start_local,
                                       const char  *end_local,
                                       char       **next_start,
                                       char       **next_end);

G_END_DECLS
