/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ISO 8601 calendar dates (YYYY-MM-DD). */
gboolean  ch_date_parse             (const char *iso,
                                     GDate      *out);

char     *ch_date_format            (const GDate *date);

/* Today in @tz_id (IANA), or the local zone when NULL or unknown. */
void      ch_date_today             (const char *tz_id,
                                     GDate      *out);

G_END_DECLS
