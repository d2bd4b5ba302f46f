/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Days since 0001-01-01 for an ISO date "YYYY-MM-DD", or -1 when invalid.
 * No allocation: used per row inside SQL. */
gint32          ch_iso_date_to_days        (const char     *iso,
                                            gssize          len);

/* The same day count of a year (1…9999), month (1…12) and day of the month;
 * -1 when that day does not exist. */
gint32          ch_iso_date_days_of          (gint            year,
                                              gint            month,
                                              gint            day);

/* The other way: "YYYY-MM-DD" of a day count (>= 0) of ch_iso_date_to_days(). */
char           *ch_iso_date_from_days        (gint32          days);

G_END_DECLS
