/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-date"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ch-clock.h"
#include "ch-date.h"

gboolean
ch_date_parse (const char *iso,
               GDate      *out)
{
  int y, m, d;
  char tail;

  g_return_val_if_fail (out != NULL, FALSE);

  g_date_clear (out, 1);
  if (iso == NULL || strlen (iso) != 10 || iso[4] != '-' || iso[7] != '-')
    return FALSE;
  /* Only digits: sscanf() would also take "2024-+1- 5", which the status
   * rule (ch_iso_date_to_days()) does not read as a date. */
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (iso[i]))
      return FALSE;
  if (sscanf (iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

char *
ch_date_format (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date),
                          g_date_get_month (date),
                          g_date_get_day (date));
}

void
ch_date_today (const char *tz_id,
               GDate      *out)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (tz_id != NULL && *tz_id != '\0')
    tz = g_time_zone_new_identifier (tz_id);
  if (tz == NULL)
    tz = g_time_zone_new_local ();

  utc = g_date_time_new_from_unix_utc (ch_clock_now_us () / G_USEC_PER_SEC);
  now = g_date_time_to_timezone (utc, tz);
  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
}
