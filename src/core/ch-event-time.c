/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-event-time"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ch-date-text.h"
#include "ch-event-time.h"

G_DEFINE_QUARK (ch-event-time-error-quark, ch_event_time_error)

/* ----------------------------------------------------------------------- */
/* Time                                                                    */

static GTimeZone *
zone_new (const char  *tz_id,
          GError     **error)
{
  GTimeZone *tz = NULL;

  if (tz_id != NULL && *tz_id != '\0')
    tz = g_time_zone_new_identifier (tz_id);

  if (tz == NULL)
    g_set_error (error, CH_EVENT_TIME_ERROR, CH_EVENT_TIME_ERROR_INVALID,
                 _("“%s” is not a known time zone; use a name such as Europe/Stockholm."),
                 tz_id ? tz_id : "");
  return tz;
}

gboolean
ch_event_time_check_zone (const char  *tz_id,
                          GError     **error)
{
  g_autoptr(GTimeZone) tz = zone_new (tz_id, error);

  return tz != NULL;
}

static gboolean
parse_local (const char *local,
             int        *y,
             int        *mo,
             int        *d,
             int        *h,
             int        *mi)
{
  char sep = 0;
  int n = 0;

  if (local == NULL)
    return FALSE;

  if (sscanf (local, "%4d-%2d-%2d%c%2d:%2d%n", y, mo, d, &sep, h, mi, &n) != 6 ||
      (sep != ' ' && sep != 'T') || local[n] != '\0' || strlen (local) != 16)
    return FALSE;

  return *y >= 1900 && *y <= 9999 && g_date_valid_dmy (*d, *mo, *y) &&
         *h >= 0 && *h <= 23 && *mi >= 0 && *mi <= 59;
}

static gboolean
same_wall_clock (GDateTime *dt,
                 int y, int mo, int d, int h, int mi)
{
  return g_date_time_get_year (dt) == y && g_date_time_get_month (dt) == mo &&
         g_date_time_get_day_of_month (dt) == d && g_date_time_get_hour (dt) == h &&
         g_date_time_get_minute (dt) == mi;
}

static char *
format_utc (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (dt);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static GDateTime *
local_to_datetime (GTimeZone   *tz,
                   const char  *tz_id,
                   const char  *local,
                   GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi;

  if (!parse_local (local, &y, &mo, &d, &h, &mi))
    {
      g_set_error (error, CH_EVENT_TIME_ERROR, CH_EVENT_TIME_ERROR_INVALID,
                   _("“%s” is not a date and time; write it as 2026-12-08 18:00."),
                   local ? local : "");
      return NULL;
    }

  dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
  if (dt != NULL && same_wall_clock (dt, y, mo, d, h, mi))
    {
      /* Autumn: the same wall clock may happen twice; take the first.
       * Try the offsets in force a few hours around it. */
      g_autoptr(GDateTime) naive = g_date_time_new_utc (y, mo, d, h, mi, 0);
      gint64 wall = g_date_time_to_unix (naive);
      gint64 best = g_date_time_to_unix (dt);

      for (int hours = -3; hours <= 3; hours += 6)
        {
          g_autoptr(GDateTime) near = g_date_time_add_hours (dt, hours);
          gint64 offset = g_date_time_get_utc_offset (near) / G_USEC_PER_SEC;
          g_autoptr(GDateTime) cand = g_date_time_new_from_unix_utc (wall - offset);
          g_autoptr(GDateTime) there = cand ? g_date_time_to_timezone (cand, tz) : NULL;

          if (there != NULL && same_wall_clock (there, y, mo, d, h, mi) && wall - offset < best)
            best = wall - offset;
        }

      if (best != g_date_time_to_unix (dt))
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (best);

          g_clear_pointer (&dt, g_date_time_unref);
          dt = g_date_time_to_timezone (utc, tz);
        }

      return g_steal_pointer (&dt);
    }

  /* The clocks jump over this time (spring forward): find the first
   * minute after it that exists, so the message can offer it. */
  {
    g_autoptr(GDateTime) naive = g_date_time_new_utc (y, mo, d, h, mi, 0);

    for (int m = 1; m <= 48 * 60 && naive != NULL; m++)
      {
        g_autoptr(GDateTime) next = g_date_time_add_minutes (naive, m);
        g_autoptr(GDateTime) try = NULL;
        int ny = g_date_time_get_year (next), nmo = g_date_time_get_month (next);
        int nd = g_date_time_get_day_of_month (next), nh = g_date_time_get_hour (next);
        int nmi = g_date_time_get_minute (next);

        try = g_date_time_new (tz, ny, nmo, nd, nh, nmi, 0);
        if (try != NULL && same_wall_clock (try, ny, nmo, nd, nh, nmi))
          {
            g_autofree char *first = g_date_time_format (try, "%Y-%m-%d %H:%M");

            g_set_error (error, CH_EVENT_TIME_ERROR, CH_EVENT_TIME_ERROR_NO_SUCH_TIME,
                         /* Translators: a time inside the hour skipped when the
                          * clocks go forward; the last %s is the first valid time */
                         _("%s does not exist in %s: the clocks go forward then. "
                           "The first valid time is %s."),
                         local, tz_id, first);
            return NULL;
          }
      }
  }

  g_set_error (error, CH_EVENT_TIME_ERROR, CH_EVENT_TIME_ERROR_NO_SUCH_TIME,
               _("%s does not exist in %s."), local, tz_id);
  return NULL;
}

char *
ch_event_time_local_to_utc (const char  *tz_id,
                       const char  *local,
                       GError     **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (!(tz = zone_new (tz_id, error)))
    return NULL;
  if (!(dt = local_to_datetime (tz, tz_id, local, error)))
    return NULL;

  return format_utc (dt);
}

GDateTime *
ch_event_time_parse_utc (const char *utc)
{
  if (utc == NULL || *utc == '\0')
    return NULL;

  return g_date_time_new_from_iso8601 (utc, NULL);
}

char *
ch_event_time_utc_to_local (const char *tz_id,
                       const char *utc)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) dt = ch_event_time_parse_utc (utc);
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL || !(tz = zone_new (tz_id, NULL)))
    return NULL;

  local = g_date_time_to_timezone (dt, tz);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
format_day (GDateTime *dt)
{
  /* Translators: an event's day, see g_date_time_format(); e.g.
   * "Tuesday 8 December 2026" */
  return g_date_time_format (dt, _("%A %-d %B %Y"));
}

static char *
format_span (GDateTime *start,
             GDateTime *end,
             gboolean   with_day)
{
  g_autofree char *day = format_day (start);
  /* On the desktop's clock: 18:00 or 6:00 PM. */
  g_autofree char *from = ch_date_text_format_time (g_date_time_get_hour (start),
                                                    g_date_time_get_minute (start));
  g_autofree char *to = ch_date_text_format_time (g_date_time_get_hour (end),
                                                  g_date_time_get_minute (end));

  if (g_date_time_get_year (start) != g_date_time_get_year (end) ||
      g_date_time_get_day_of_year (start) != g_date_time_get_day_of_year (end))
    {
      g_autofree char *end_day = format_day (end);

      /* Translators: an event over two days: day, time – day, time */
      return g_strdup_printf (_("%s, %s – %s, %s"), day, from, end_day, to);
    }

  if (!with_day)
    /* Translators: start and end time, e.g. "18:00–20:00" */
    return g_strdup_printf (_("%s–%s"), from, to);

  /* Translators: day, then start and end time: "Tuesday 8 December 2026, 18:00–20:00" */
  return g_strdup_printf (_("%s, %s–%s"), day, from, to);
}

char *
ch_event_time_describe (const char *tz_id,
                        const char *starts_at,
                        const char *ends_at,
                        const char *viewer_tz_id)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) start_utc = ch_event_time_parse_utc (starts_at);
  g_autoptr(GDateTime) end_utc = ch_event_time_parse_utc (ends_at);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *span = NULL;
  GString *out;

  if (start_utc == NULL || end_utc == NULL || !(tz = zone_new (tz_id, NULL)))
    return g_strdup (_("No time set"));

  start = g_date_time_to_timezone (start_utc, tz);
  end = g_date_time_to_timezone (end_utc, tz);
  span = format_span (start, end, TRUE);
  out = g_string_new (NULL);
  /* Translators: the event's time, then its time zone */
  g_string_append_printf (out, _("%s (%s)"), span, tz_id);

  if (viewer_tz_id != NULL && g_strcmp0 (viewer_tz_id, tz_id) != 0)
    {
      g_autoptr(GTimeZone) vtz = zone_new (viewer_tz_id, NULL);

      if (vtz != NULL)
        {
          g_autoptr(GDateTime) vstart = g_date_time_to_timezone (start_utc, vtz);
          g_autoptr(GDateTime) vend = g_date_time_to_timezone (end_utc, vtz);

          if (g_date_time_get_utc_offset (vstart) != g_date_time_get_utc_offset (start) ||
              g_date_time_get_utc_offset (vend) != g_date_time_get_utc_offset (end))
            {
              gboolean other_day = g_date_time_get_day_of_year (vstart) !=
                                   g_date_time_get_day_of_year (start);
              g_autofree char *vspan = format_span (vstart, vend, other_day);

              g_string_append_c (out, '\n');
              /* Translators: the same time where the viewer is:
               * "08:00–10:00 in Australia/Sydney" */
              g_string_append_printf (out, _("%s in %s"), vspan, viewer_tz_id);
            }
        }
    }

  return g_string_free (out, FALSE);
}

/* ----------------------------------------------------------------------- */
/* Next month                                                              */

/* The @n-th (1-based; 5 = last) @weekday of @year/@month. */
static int
nth_weekday (int          year,
             int          month,
             GDateWeekday weekday,
             int          n)
{
  GDate first;
  int day, days;

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, month, year);
  day = 1 + ((int) weekday - (int) g_date_get_weekday (&first) + 7) % 7;
  days = g_date_get_days_in_month (month, year);
  day += 7 * (n - 1);
  while (day > days)
    day -= 7;

  return day;
}

static char *
shift_local (const char *local,
             int         days)
{
  int y, mo, d, h, mi;
  g_autoptr(GDateTime) naive = NULL;
  g_autoptr(GDateTime) moved = NULL;

  if (!parse_local (local, &y, &mo, &d, &h, &mi))
    return NULL;

  naive = g_date_time_new_utc (y, mo, d, h, mi, 0);
  moved = g_date_time_add_days (naive, days);
  return g_date_time_format (moved, "%Y-%m-%d %H:%M");
}

gboolean
ch_event_time_next_month (const char  *start_local,
                          const char  *end_local,
                          char       **next_start,
                          char       **next_end)
{
  GDate from, to;
  int y, mo, d, h, mi, n, ny, nmo, days;

  g_return_val_if_fail (next_start != NULL && next_end != NULL, FALSE);

  *next_start = *next_end = NULL;
  if (end_local == NULL || !parse_local (start_local, &y, &mo, &d, &h, &mi))
    return FALSE;

  g_date_clear (&from, 1);
  g_date_set_dmy (&from, d, mo, y);
  n = (d - 1) / 7 + 1;
  ny = mo == 12 ? y + 1 : y;
  nmo = mo == 12 ? 1 : mo + 1;
  g_date_clear (&to, 1);
  g_date_set_dmy (&to, nth_weekday (ny, nmo, g_date_get_weekday (&from), n), nmo, ny);
  days = g_date_days_between (&from, &to);

  *next_start = shift_local (start_local, days);
  *next_end = shift_local (end_local, days);
  if (*next_start == NULL || *next_end == NULL)
    {
      g_clear_pointer (next_start, g_free);
      g_clear_pointer (next_end, g_free);
      return FALSE;
    }

  return TRUE;
}
