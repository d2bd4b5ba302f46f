/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-when"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-date-text.h"
#include "ch-when.h"

static GDateTime *
parse_local (const char *when)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (when == NULL || *when == '\0')
    return NULL;

  /* Stored times carry their zone ("…Z"); one without counts as UTC. */
  parsed = g_date_time_new_from_iso8601 (when, utc);
  return parsed != NULL ? g_date_time_to_local (parsed) : NULL;
}

/* 0 when @when is on @now's local day, 1 the day before, else another. */
static int
days_before (GDateTime *when,
             GDateTime *now)
{
  g_autoptr(GDateTime) local_now = g_date_time_to_local (now);
  GDate a, b;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_dmy (&a, g_date_time_get_day_of_month (when), g_date_time_get_month (when),
                  g_date_time_get_year (when));
  g_date_set_dmy (&b, g_date_time_get_day_of_month (local_now), g_date_time_get_month (local_now),
                  g_date_time_get_year (local_now));

  return g_date_days_between (&a, &b);
}

char *
ch_when_format_short (const char *when,
                      GDateTime  *now)
{
  g_autoptr(GDateTime) local = parse_local (when);
  g_autofree char *clock = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  if (local == NULL)
    return NULL;

  /* Translators: a time of day as strftime() writes it, e.g. 10:44 */
  clock = ch_date_text_format_clock (local, C_("time of day", "%H:%M"));
  switch (days_before (local, now))
    {
    case 0:
      /* Translators: when something happened, %s is a time of day (10:44) */
      return g_strdup_printf (C_("when", "today %s"), clock);
    case 1:
      /* Translators: when something happened, %s is a time of day (18:02) */
      return g_strdup_printf (C_("when", "yesterday %s"), clock);
    default:
      /* Translators: a date and time as strftime() writes it, e.g. 23 Nov 2026, 10:44 */
      return ch_date_text_format_clock (local, C_("when", "%-d %b %Y, %H:%M"));
    }
}

char *
ch_when_last_synced (const char *when,
                     GDateTime  *now)
{
  g_autoptr(GDateTime) local = parse_local (when);
  g_autofree char *clock = NULL;
  g_autofree char *date = NULL;
  GTimeSpan ago;
  int days;

  g_return_val_if_fail (now != NULL, NULL);

  if (local == NULL)
    return g_strdup (_("Not synced yet"));

  ago = g_date_time_difference (now, local);
  if (ago < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Last synced just now"));
  if (ago < G_TIME_SPAN_HOUR)
    {
      guint minutes = (guint) (ago / G_TIME_SPAN_MINUTE);

      return g_strdup_printf (ngettext ("Last synced %u minute ago",
                                        "Last synced %u minutes ago", minutes), minutes);
    }

  /* Translators: a time of day as strftime() writes it, e.g. 10:44 */
  clock = ch_date_text_format_clock (local, C_("time of day", "%H:%M"));
  days = days_before (local, now);
  if (days == 0)
    /* Translators: %s is a time of day, e.g. 10:44 */
    return g_strdup_printf (_("Last synced today at %s"), clock);
  if (days == 1)
    /* Translators: %s is a time of day, e.g. 18:02 */
    return g_strdup_printf (_("Last synced yesterday at %s"), clock);

  /* Translators: a date as strftime() writes it, e.g. 23 Nov 2026 */
  date = g_date_time_format (local, C_("date", "%-d %b %Y"));
  /* Translators: %s is a date, e.g. 23 Nov 2026 */
  return g_strdup_printf (_("Last synced on %s"), date);
}
