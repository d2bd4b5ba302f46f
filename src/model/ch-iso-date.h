/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Days since 0001-01-01 for an ISO date "YYYY-MM-DD", or -1 when invalid.
 * No allocation: used per row inside SQL. */
gint32          ch_iso_date_to_days        (const char     *iso,
                                            gssize          len);

/* The other way: "YYYY-MM-DD" of a day count (>= 0) of ch_iso_date_to_days(). */
char           *ch_iso_date_from_days        (gint32          days);

G_END_DECLS
