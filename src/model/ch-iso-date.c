/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-iso-date"

#include "config.h"

#include "ch-date.h"
#include "ch-iso-date.h"

static inline gboolean
is_leap (gint32 y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

gint32
ch_iso_date_to_days (const char *iso,
                     gssize      len)
{
  static const gint16 cumulative[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
  static const gint8 month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gint32 y, m, d, yy, days;

  if (iso == NULL)
    return -1;
  if (len < 0)
    len = strlen (iso);
  if (len != 10 || iso[4] != '-' || iso[7] != '-')
    return -1;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (iso[i]))
      return -1;

  y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
  m = (iso[5] - '0') * 10 + (iso[6] - '0');
  d = (iso[8] - '0') * 10 + (iso[9] - '0');

  if (y < 1 || m < 1 || m > 12 || d < 1)
    return -1;
  if (d > month_days[m - 1] + (m == 2 && is_leap (y) ? 1 : 0))
    return -1;

  yy = y - 1;
  days = yy * 365 + yy / 4 - yy / 100 + yy / 400;
  days += cumulative[m - 1] + (m > 2 && is_leap (y) ? 1 : 0);
  days += d - 1;

  return days;
}

char *
ch_iso_date_from_days (gint32 days)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) days + 1);
  return ch_date_format (&date);
}
