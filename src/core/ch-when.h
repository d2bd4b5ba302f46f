/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Moments as an officer reads them: in the computer's local time, and
 * relative to now.  Both take @now (local or not) so tests can pin it.
 */

/* "today 10:44", "yesterday 18:02", else "23 Nov 2026, 10:44".  @when is
 * an ISO 8601 time with its zone (as the server writes them); NULL or
 * unreadable gives NULL. */
char *ch_when_format_short  (const char *when,
                             GDateTime  *now);

/* A whole sentence: "Last synced just now", "Last synced 3 minutes ago",
 * "Last synced today at 10:44", "Last synced yesterday at 18:02",
 * "Last synced on 23 Nov 2026", or "Not synced yet" when @when is NULL. */
char *ch_when_last_synced   (const char *when,
                             GDateTime  *now);

G_END_DECLS
