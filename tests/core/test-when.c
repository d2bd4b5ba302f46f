/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

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
  g_autofree char *today = ch_when_format_short ("2026-12-02T09:44:00Z", now);
  g_autofree char *yesterday = ch_when_format_short ("2026-12-01T17:02:00Z", now);
  g_autofree char *older = ch_when_format_short ("2026-11-23T09:44:00Z", now);
  g_autofree char *late = ch_when_format_short ("2026-12-01T23:30:00Z", now);

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

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ch_when_last_synced (cases[i].when, now);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
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

  return g_test_run ();
}
