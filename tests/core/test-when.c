/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "ch-date-text.h"
#include "ch-when.h"

/* The officer's computer is in Stockholm; now is 2026-12-02 12:00 there. */
static GDateTime *
stockholm_noon (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Stockholm");

  return g_date_time_new (tz, 2026, 12, 2, 12, 0, 0);
}

static void
test_short_is_local_and_relative (void)
{
  g_autoptr(GDateTime) now = stockholm_noon ();
  g_autofree char *today = NULL;
  g_autofree char *yesterday = NULL;
  g_autofree char *older = NULL;
  g_autofree char *late = NULL;

  ch_date_text_set_clock_24h (1);
  today = ch_when_format_short ("2026-12-02T09:44:00Z", now);
  yesterday = ch_when_format_short ("2026-12-01T17:02:00Z", now);
  older = ch_when_format_short ("2026-11-23T09:44:00Z", now);
  late = ch_when_format_short ("2026-12-01T23:30:00Z", now);

  /* UTC on the server, Stockholm (UTC+1) on the screen. */
  g_assert_cmpstr (today, ==, "today 10:44");
  g_assert_cmpstr (yesterday, ==, "yesterday 18:02");
  g_assert_cmpstr (older, ==, "23 Nov 2026, 10:44");
  /* 23:30 UTC is already the next day in Stockholm. */
  g_assert_cmpstr (late, ==, "today 00:30");
  g_assert_null (ch_when_format_short (NULL, now));
  g_assert_null (ch_when_format_short ("not a time", now));
}

static void
test_last_synced (void)
{
  g_autoptr(GDateTime) now = stockholm_noon ();

  struct { const char *when; const char *text; } cases[] = {
    { NULL, "Not synced yet" },
    { "2026-12-02T10:59:40Z", "Last synced just now" },
    { "2026-12-02T10:59:00Z", "Last synced 1 minute ago" },
    { "2026-12-02T10:57:00Z", "Last synced 3 minutes ago" },
    { "2026-12-02T07:15:00Z", "Last synced today at 08:15" },
    { "2026-12-01T17:02:00Z", "Last synced yesterday at 18:02" },
    { "2026-11-23T09:44:00Z", "Last synced on 23 Nov 2026" },
  };

  ch_date_text_set_clock_24h (1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ch_when_last_synced (cases[i].when, now);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* On a desktop set to the 12-hour clock, every time of day follows it. */
static void
test_twelve_hour_clock (void)
{
  g_autoptr(GDateTime) now = stockholm_noon ();
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *today = NULL;
  g_autofree char *older = NULL;
  g_autofree char *midnight = NULL;
  g_autofree char *synced = NULL;
  g_autofree char *yesterday = NULL;
  g_autofree char *saved = NULL;

  ch_date_text_set_clock_24h (0);
  today = ch_when_format_short ("2026-12-02T09:44:00Z", now);
  older = ch_when_format_short ("2026-11-23T17:44:00Z", now);
  midnight = ch_when_format_short ("2026-12-01T23:30:00Z", now);
  synced = ch_when_last_synced ("2026-12-02T07:15:00Z", now);
  yesterday = ch_when_last_synced ("2026-12-01T17:02:00Z", now);
  local = g_date_time_to_local (now);
  saved = ch_date_text_format_clock (local, "%-d %B %Y at %H:%M");
  ch_date_text_set_clock_24h (-1);

  g_assert_cmpstr (today, ==, "today 10:44 AM");
  g_assert_cmpstr (older, ==, "23 Nov 2026, 6:44 PM");
  g_assert_cmpstr (midnight, ==, "today 12:30 AM");
  g_assert_cmpstr (synced, ==, "Last synced today at 8:15 AM");
  g_assert_cmpstr (yesterday, ==, "Last synced yesterday at 6:02 PM");
  g_assert_cmpstr (saved, ==, "2 December 2026 at 12:00 PM");
}

/* The 24-hour clock keeps the format as the translation writes it. */
static void
test_twenty_four_hour_clock (void)
{
  g_autoptr(GDateTime) now = stockholm_noon ();
  g_autoptr(GDateTime) evening = g_date_time_add_hours (now, 6);
  g_autofree char *saved = NULL;
  g_autofree char *dotted = NULL;
  g_autofree char *synced = NULL;

  ch_date_text_set_clock_24h (1);
  saved = ch_date_text_format_clock (evening, "%-d %B %Y at %H:%M");
  dotted = ch_date_text_format_clock (evening, "%-d.%-m.%Y klo %H.%M");
  synced = ch_when_last_synced ("2026-12-01T17:02:00Z", now);
  ch_date_text_set_clock_24h (-1);

  g_assert_cmpstr (saved, ==, "2 December 2026 at 18:00");
  g_assert_cmpstr (dotted, ==, "2.12.2026 klo 18.00");
  g_assert_cmpstr (synced, ==, "Last synced yesterday at 18:02");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Stockholm", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/when/short", test_short_is_local_and_relative);
  g_test_add_func ("/when/last-synced", test_last_synced);
  g_test_add_func ("/when/12-hour", test_twelve_hour_clock);
  g_test_add_func ("/when/24-hour", test_twenty_four_hour_clock);

  return g_test_run ();
}
