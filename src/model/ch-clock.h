/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The wall clock in microseconds since 1970 (g_get_real_time()) plus an
 * offset that tests set to play a device whose clock is wrong.  Every
 * timestamp and UUIDv7 of the store comes from here. */
gint64    ch_clock_now_us           (void);

void      ch_clock_set_offset_us    (gint64      offset);

/* Current UTC time as an ISO 8601 string with seconds, e.g. 2026-11-23T09:18:00Z */
char     *ch_clock_now_utc_iso            (void);

G_END_DECLS
