/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "ch-date-text.h"

/* Runs the rest of the test in @name's LC_TIME; FALSE (and skips) when the
 * machine lacks the locale (Debian: locales-all). */
static gboolean
use_locale (const char *name)
{
  if (setlocale (LC_TIME, name) == NULL)
    {
      g_autofree char *why = g_strdup_printf ("locale %s is not installed", name);

      g_test_skip (why);
      return FALSE;
    }

  return TRUE;
}

static GDate
dmy (int d, int m, int y)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return date;
}

static void
check_parse (const char *text,
             const char *iso)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = ch_date_text_parse_iso (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, iso);
}

static void
check_bad (const char      *text,
           ChDateTextError  code,
           const char      *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = ch_date_text_parse_iso (text, &error);

  g_assert_null (got);
  g_assert_error (error, CH_DATE_TEXT_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_german (void)
{
  GDate date = dmy (3, 12, 2026);
  g_autofree char *shown = NULL;
  g_autofree char *example = NULL;
  g_autofree char *stored = NULL;

  if (!use_locale ("de_DE.UTF-8"))
    return;

  shown = ch_date_text_format (&date);
  g_assert_cmpstr (shown, ==, "03.12.2026");
  stored = ch_date_text_format_iso ("2026-12-03");
  g_assert_cmpstr (stored, ==, "03.12.2026");
  example = ch_date_text_example ();
  g_assert_cmpstr (example, ==, "31.12.2026");

  check_parse ("03.12.2026", "2026-12-03");
  check_parse ("3.12.2026", "2026-12-03");
  check_parse (" 3.12.26 ", "2026-12-03");
  check_parse ("2026-12-03", "2026-12-03");
  /* Slashes are day first here too. */
  check_parse ("03/12/2026", "2026-12-03");

  check_bad ("31.02.2026", CH_DATE_TEXT_ERROR_INVALID,
             "“31.02.2026” is not a date. Write it like 31.12.2026, "
             "or pick it from the calendar.");
  check_bad ("2026-13-01", CH_DATE_TEXT_ERROR_INVALID,
             "“2026-13-01” is not a date. Write it like 31.12.2026, "
             "or pick it from the calendar.");
  check_bad ("", CH_DATE_TEXT_ERROR_EMPTY, "Enter a date, for example 31.12.2026.");
  check_bad ("   ", CH_DATE_TEXT_ERROR_EMPTY, "Enter a date, for example 31.12.2026.");
  check_bad (NULL, CH_DATE_TEXT_ERROR_EMPTY, "Enter a date, for example 31.12.2026.");
  check_bad ("morgen", CH_DATE_TEXT_ERROR_INVALID,
             "“morgen” is not a date. Write it like 31.12.2026, "
             "or pick it from the calendar.");
}

static void
test_swedish (void)
{
  GDate date = dmy (3, 12, 2026);
  g_autofree char *shown = NULL;

  if (!use_locale ("sv_SE.UTF-8"))
    return;

  shown = ch_date_text_format (&date);
  g_assert_cmpstr (shown, ==, "2026-12-03");
  check_parse ("2026-12-03", "2026-12-03");
  check_parse ("2026-12-3", "2026-12-03");
  check_parse ("3.12.2026", "2026-12-03");
  check_bad ("31.02.2026", CH_DATE_TEXT_ERROR_INVALID,
             "“31.02.2026” is not a date. Write it like 2026-12-31, "
             "or pick it from the calendar.");
  check_bad ("2026-13-01", CH_DATE_TEXT_ERROR_INVALID,
             "“2026-13-01” is not a date. Write it like 2026-12-31, "
             "or pick it from the calendar.");
  /* Slashes without a known order could be two dates: not guessed. */
  check_bad ("03/04/2026", CH_DATE_TEXT_ERROR_INVALID,
             "“03/04/2026” is not a date. Write it like 2026-12-31, "
             "or pick it from the calendar.");
}

/* Norwegian writes the month's name ("%d. %b %Y"); typed and shown, its
 * numbers come in the same order with the same separator. */
static void
test_norwegian (void)
{
  GDate date = dmy (4, 12, 2026);
  g_autofree char *shown = NULL;

  if (!use_locale ("nb_NO.UTF-8"))
    return;

  shown = ch_date_text_format (&date);
  g_assert_cmpstr (shown, ==, "04.12.2026");
  check_parse ("04.12.2026", "2026-12-04");
  check_parse ("4.12.2026", "2026-12-04");
  check_parse ("2026-12-04", "2026-12-04");
}

static void
test_american (void)
{
  GDate date = dmy (3, 12, 2026);
  g_autofree char *shown = NULL;

  if (!use_locale ("en_US.UTF-8"))
    return;

  shown = ch_date_text_format (&date);
  g_assert_cmpstr (shown, ==, "12/03/2026");
  check_parse ("12/3/2026", "2026-12-03");
  check_parse ("12/03/2026", "2026-12-03");
  check_parse ("2026-12-03", "2026-12-03");
  check_parse ("Dec 3, 2026", "2026-12-03");
  check_bad ("2/31/2026", CH_DATE_TEXT_ERROR_INVALID,
             "“2/31/2026” is not a date. Write it like 12/31/2026, "
             "or pick it from the calendar.");
  check_bad ("2026-13-01", CH_DATE_TEXT_ERROR_INVALID,
             "“2026-13-01” is not a date. Write it like 12/31/2026, "
             "or pick it from the calendar.");
  check_bad ("", CH_DATE_TEXT_ERROR_EMPTY, "Enter a date, for example 12/31/2026.");
}

static void
test_two_digit_years_shown_in_full (void)
{
  GDate date = dmy (3, 12, 2026);
  g_autofree char *shown = NULL;

  /* en_GB's own form has a two-digit year; dates are shown with four. */
  if (!use_locale ("en_GB.UTF-8"))
    return;

  shown = ch_date_text_format (&date);
  g_assert_cmpstr (shown, ==, "03/12/2026");
  check_parse ("3/12/2026", "2026-12-03");
}

static void
test_c_locale_is_iso (void)
{
  GDate date = dmy (3, 12, 2026);
  g_autofree char *shown = NULL;
  g_autofree char *kept = NULL;

  setlocale (LC_TIME, "C");
  shown = ch_date_text_format (&date);
  g_assert_cmpstr (shown, ==, "2026-12-03");
  /* What is not a date is shown as it is, never hidden. */
  kept = ch_date_text_format_iso ("sometime");
  g_assert_cmpstr (kept, ==, "sometime");
  g_assert_null (ch_date_text_format_iso (NULL));
  g_assert_null (ch_date_text_format_iso (""));
  check_bad ("2026-02-30", CH_DATE_TEXT_ERROR_INVALID,
             "“2026-02-30” is not a date. Write it like 2026-12-31, "
             "or pick it from the calendar.");
}

static void
test_relative (void)
{
  GDate today = dmy (3, 12, 2026);
  struct { int d, m, y; const char *text; } cases[] = {
    { 3, 12, 2026, "today" },
    { 4, 12, 2026, "tomorrow" },
    { 2, 12, 2026, "yesterday" },
    { 6, 12, 2026, "in 3 days" },
    { 30, 11, 2026, "3 days ago" },
    { 16, 12, 2026, "in 13 days" },
    { 17, 12, 2026, "in 2 weeks" },
    { 12, 11, 2026, "3 weeks ago" },
    { 3, 1, 2027, "in 4 weeks" },
    { 3, 3, 2027, "in 3 months" },
    { 3, 6, 2026, "6 months ago" },
    { 3, 12, 2025, "12 months ago" },
    { 3, 12, 2029, "in 3 years" },
    { 1, 1, 2020, "6 years ago" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date = dmy (cases[i].d, cases[i].m, cases[i].y);
      g_autofree char *text = ch_date_text_relative (&date, &today);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_times (void)
{
  struct { const char *text; int minutes; } good[] = {
    { "18:00", 18 * 60 },
    { "18.30", 18 * 60 + 30 },
    { "6:30 PM", 18 * 60 + 30 },
    { "6 pm", 18 * 60 },
    { "6:30pm", 18 * 60 + 30 },
    { "12 a.m.", 0 },
    { "12:15 PM", 12 * 60 + 15 },
    { "0:05", 5 },
  };
  const char *bad[] = { "25:00", "18", "13 pm", "6:3", "6:61", "soon" };

  setlocale (LC_TIME, "C");
  ch_date_text_set_clock_24h (TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      int minutes;

      g_assert_true (ch_date_text_parse_time (good[i].text, &minutes, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minutes, ==, good[i].minutes);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *message = g_strdup_printf ("“%s” is not a time. Write it like 18:30.",
                                                  bad[i]);
      int minutes;

      g_assert_false (ch_date_text_parse_time (bad[i], &minutes, &error));
      g_assert_error (error, CH_DATE_TEXT_ERROR, CH_DATE_TEXT_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, message);
    }

  {
    g_autofree char *t24 = ch_date_text_format_time (18, 5);
    g_autofree char *t12 = NULL;
    g_autofree char *noon = NULL;
    g_autofree char *midnight = NULL;
    g_autoptr(GError) error = NULL;
    int minutes;

    g_assert_cmpstr (t24, ==, "18:05");
    ch_date_text_set_clock_24h (FALSE);
    t12 = ch_date_text_format_time (18, 5);
    noon = ch_date_text_format_time (12, 0);
    midnight = ch_date_text_format_time (0, 30);
    g_assert_cmpstr (t12, ==, "6:05 PM");
    g_assert_cmpstr (noon, ==, "12:00 PM");
    g_assert_cmpstr (midnight, ==, "12:30 AM");
    g_assert_false (ch_date_text_parse_time ("", &minutes, &error));
    g_assert_error (error, CH_DATE_TEXT_ERROR, CH_DATE_TEXT_ERROR_EMPTY);
    g_assert_cmpstr (error->message, ==, "Enter a time, for example 6:30 PM.");
  }
  {
    g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Stockholm");
    g_autoptr(GDateTime) moment = g_date_time_new (tz, 2026, 12, 3, 18, 5, 0);
    g_autofree char *twelve = ch_date_text_format_moment (moment);
    g_autofree char *german = NULL;

    g_assert_cmpstr (twelve, ==, "2026-12-03 6:05 PM");
    ch_date_text_set_clock_24h (TRUE);
    if (setlocale (LC_TIME, "de_DE.UTF-8") != NULL)
      {
        german = ch_date_text_format_moment (moment);
        g_assert_cmpstr (german, ==, "03.12.2026 18:05");
      }
    setlocale (LC_TIME, "C");
  }
  ch_date_text_set_clock_24h (-1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/date-text/german", test_german);
  g_test_add_func ("/date-text/swedish", test_swedish);
  g_test_add_func ("/date-text/norwegian", test_norwegian);
  g_test_add_func ("/date-text/american", test_american);
  g_test_add_func ("/date-text/two-digit-years", test_two_digit_years_shown_in_full);
  g_test_add_func ("/date-text/c-locale", test_c_locale_is_iso);
  g_test_add_func ("/date-text/relative", test_relative);
  g_test_add_func ("/date-text/times", test_times);

  return g_test_run ();
}
