/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits.
 * Monotonic within one process even when the clock steps back. */
char     *ch_uuid7_new              (void);
/* A name-based UUID (v5 layout, SHA-1) of @namespace_str and @name, so two
 * devices that create "the same" thing make the same id. */
char     *ch_uuid_for_name          (const char *namespace_str,
                                     const char *name);
gboolean  ch_uuid_is_valid          (const char *str);
/* The name-based id of a registration for @event_id: of @member_id, or
 * (no member) of the guest's e-mail, trimmed and lower-cased, so that two
 * devices registering the same person make the same row.  NULL for a
 * guest without an e-mail. */
char     *ch_uuid_for_registration  (const char *event_id,
                                     const char *member_id,
                                     const char *guest_email);

/* Lower-case, diacritics removed, for search and sorting ("Müller" → "muller"). */
char     *ch_fold                   (const char *str);

/* Trimmed and lower-cased e-mail address, or NULL for empty input. */
char     *ch_email_normalize        (const char *email);
/* A plausible e-mail address: one @, something before it, a dot in the
 * domain, no spaces. Not RFC 5322, on purpose. */
gboolean  ch_email_is_valid         (const char *email);

/* ISO 8601 calendar dates (YYYY-MM-DD). */
gboolean  ch_date_parse             (const char *iso,
                                     GDate      *out);
char     *ch_date_format            (const GDate *date);
/* Today in @tz_id (IANA), or the local zone when NULL or unknown. */
void      ch_date_today             (const char *tz_id,
                                     GDate      *out);

/* The wall clock in microseconds since 1970 (g_get_real_time()) plus an
 * offset that tests set to play a device whose clock is wrong.  Every
 * timestamp and UUIDv7 of the store comes from here. */
gint64    ch_clock_now_us           (void);
void      ch_clock_set_offset_us    (gint64      offset);

/* Current UTC time as an ISO 8601 string with seconds, e.g. 2026-11-23T09:18:00Z */
char     *ch_now_utc_iso            (void);

/* FALSE when JSON @text nests arrays and objects deeper than @max_depth
 * (strings are skipped).  json-glib's parser recurses without a limit, so
 * text that came from the network is checked before it is parsed. */
gboolean  ch_json_nesting_ok        (const char *text,
                                     guint       max_depth);

G_END_DECLS
