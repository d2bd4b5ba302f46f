/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Dates and times as people read and type them: in the user's locale
 * (LC_TIME: 03.12.2026 in Germany, 2026-12-03 in Sweden, 12/03/2026 in the
 * United States; ISO in the C locale), relative where that reads better
 * ("in 3 days", "yesterday"), and times on the desktop's 12- or 24-hour
 * clock.  Typed dates are read by the import's date reader
 * (ch-import-dates) with the locale's day/month order, so ISO and the
 * locale's own form are both understood.  Stored and exported dates stay
 * ISO; this is only for the screen.
 */

#define CH_DATE_TEXT_ERROR (ch_date_text_error_quark ())
typedef enum
{
  CH_DATE_TEXT_ERROR_EMPTY,     /* nothing was typed */
  CH_DATE_TEXT_ERROR_INVALID,   /* not a date (31.02.2026, 2026-13-01) */
} ChDateTextError;
GQuark ch_date_text_error_quark (void);

/* The locale's short form of @date (4-digit year), or NULL if invalid. */
char     *ch_date_text_format          (const GDate  *date);
/* The same for a stored ISO date; NULL when @iso is NULL or empty, and a
 * copy of @iso as it is when it is not a date (nothing hidden). */
char     *ch_date_text_format_iso      (const char   *iso);
/* An example in the locale's form, for hints and messages: 31.12.2026. */
char     *ch_date_text_example         (void);

/* Reads what a person typed: ISO or the locale's form.  On failure a
 * translated message that names the text and shows the expected form. */
gboolean  ch_date_text_parse           (const char   *text,
                                        GDate        *out,
                                        GError      **error);
/* The same, giving the ISO date "YYYY-MM-DD". */
char     *ch_date_text_parse_iso       (const char   *text,
                                        GError      **error);

/* "today", "tomorrow", "yesterday", "in 3 days", "2 weeks ago",
 * "in 5 months", "2 years ago", counted from @today. */
char     *ch_date_text_relative        (const GDate  *date,
                                        const GDate  *today);
/* The same for a stored ISO date, from today in @tz_id (NULL: local);
 * NULL when @iso is not a date. */
char     *ch_date_text_relative_iso    (const char   *iso,
                                        const char   *tz_id);

/* The same for a moment (UTC ISO 8601, as stored), by its day in @tz_id. */
char     *ch_date_text_relative_moment (const char  *utc,
                                        const char   *tz_id);

/* Whether times are shown on a 24-hour clock: the desktop's
 * org.gnome.desktop.interface clock-format when that schema is installed,
 * else the locale's habit.  ch_date_text_set_clock_24h() overrides it
 * (-1 goes back to the desktop's setting). */
gboolean  ch_date_text_clock_is_24h    (void);
void      ch_date_text_set_clock_24h   (int           use_24h);
/* "18:00" or "6:00 PM" for @hour and @minute. */
char     *ch_date_text_format_time     (int           hour,
                                        int           minute);
/* A moment in its own zone as "03.12.2026 18:05" or "12/03/2026 6:05 PM":
 * the locale's date and the desktop's clock. */
char     *ch_date_text_format_moment   (GDateTime    *local);
/* g_date_time_format() of @local with @format, a translated strftime()
 * format, whose 24-hour time of day ("%H:%M", "%H.%M", "%R") is written on
 * the desktop's clock: "2 December 2026 at 10:44 AM" from
 * "%-d %B %Y at %H:%M" on a 12-hour clock, the format as it is on a
 * 24-hour one. */
char     *ch_date_text_format_clock    (GDateTime    *local,
                                        const char   *format);
/* Reads "18:00", "18.00", "6:00 PM", "6 pm", "6:30pm" into minutes after
 * midnight; a translated error otherwise. */
gboolean  ch_date_text_parse_time      (const char   *text,
                                        int          *out_minutes,
                                        GError      **error);

G_END_DECLS
