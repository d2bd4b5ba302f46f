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
ch_iso_date_days_of (gint year,
                     gint month,
                     gint day)
{
  static const gint16 cumulative[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
  static const gint8 month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gint32 yy, days;

  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
    return -1;
  if (day > month_days[month - 1] + (month == 2 && is_leap (year) ? 1 : 0))
    return -1;

  yy = year - 1;
  days = yy * 365 + yy / 4 - yy / 100 + yy / 400;
  days += cumulative[month - 1] + (month > 2 && is_leap (year) ? 1 : 0);
  days += day - 1;

  return days;
}

static inline gint
digit (char c)
{
  return (guint) ((guchar) c - (guint) '0') <= 9 ? c - '0' : -1000;
}

gint32
ch_iso_date_to_days (const char *iso,
                     gssize      len)
{
  gint y, m, d;

  if (iso == NULL)
    return -1;
  if (len < 0)
    {
      /* Exactly ten characters, without reading past the end. */
      for (guint i = 0; i < 10; i++)
        if (iso[i] == '\0')
          return -1;
      if (iso[10] != '\0')
        return -1;
    }
  else if (len != 10)
    return -1;
  if (iso[4] != '-' || iso[7] != '-')
    return -1;

  /* A character that is not a digit makes its number negative. */
  y = digit (iso[0]) * 1000 + digit (iso[1]) * 100 + digit (iso[2]) * 10 + digit (iso[3]);
  m = digit (iso[5]) * 10 + digit (iso[6]);
  d = digit (iso[8]) * 10 + digit (iso[9]);
  if (y < 0 || m < 0 || d < 0)
    return -1;

  return ch_iso_date_days_of (y, m, d);
}

char *
ch_iso_date_from_days (gint32 days)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) days + 1);
  return ch_date_format (&date);
}
