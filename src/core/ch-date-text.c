/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-date-text"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "ch-date.h"
#include "ch-date-text.h"
#include "ch-import-dates.h"

G_DEFINE_QUARK (ch-date-text-error-quark, ch_date_text_error)

/* ----------------------------------------------------------------------- */
/* The locale's form                                                       */

typedef struct
{
  char order[4];   /* "dmy", "mdy" or "ymd" */
  char sep;        /* '.', '/', '-' */
} Pattern;

static gboolean
locale_is_c (void)
{
  const char *name = setlocale (LC_TIME, NULL);

  return name == NULL || strcmp (name, "C") == 0 || strcmp (name, "POSIX") == 0 ||
         g_str_has_prefix (name, "C.");
}

/* The order and separator of the locale's D_FMT ("%d.%m.%Y", "%m/%d/%y",
 * "%Y-%m-%d", "%F"); ISO when the locale is C or its form is unusual. */
static void
locale_pattern (Pattern *p)
{
  const char *fmt;
  guint n = 0;

  strcpy (p->order, "ymd");
  p->sep = '-';
  if (locale_is_c ())
    return;

  fmt = nl_langinfo (D_FMT);
  if (fmt == NULL || strcmp (fmt, "%F") == 0)
    return;

  {
    char order[4] = { 0 };
    char sep = 0;

    for (const char *c = fmt; *c != '\0'; c++)
      {
        if (*c != '%')
          {
            if (sep == 0 && n > 0 && strchr ("./-", *c))
              sep = *c;
            continue;
          }
        c++;
        while (*c == '-' || *c == '_' || *c == '0' || *c == 'E' || *c == 'O')
          c++;
        if (n >= 3)
          return;
        switch (*c)
          {
          case 'd': case 'e': order[n++] = 'd'; break;
          case 'm': order[n++] = 'm'; break;
          /* A month's name ("%d. %b %Y", Norwegian): its numbers are
           * typed in the same order and with the same separator
           * (04.12.2026). */
          case 'b': case 'B': case 'h': order[n++] = 'm'; break;
          case 'Y': case 'y': order[n++] = 'y'; break;
          default: return;   /* %a, %j: a form we do not type */
          }
      }
    if (n != 3 || sep == 0 || strchr (order, 'd') == NULL || strchr (order, 'm') == NULL ||
        strchr (order, 'y') == NULL)
      return;
    memcpy (p->order, order, sizeof order);
    p->sep = sep;
  }
}

char *
ch_date_text_format (const GDate *date)
{
  GString *out;
  Pattern p;

  if (date == NULL || !g_date_valid (date))
    return NULL;

  locale_pattern (&p);
  out = g_string_new (NULL);
  for (guint i = 0; i < 3; i++)
    {
      if (i > 0)
        g_string_append_c (out, p.sep);
      switch (p.order[i])
        {
        case 'd': g_string_append_printf (out, "%02u", g_date_get_day (date)); break;
        case 'm': g_string_append_printf (out, "%02u", g_date_get_month (date)); break;
        default:  g_string_append_printf (out, "%04u", g_date_get_year (date)); break;
        }
    }

  return g_string_free (out, FALSE);
}

char *
ch_date_text_format_iso (const char *iso)
{
  GDate date;

  if (iso == NULL || *iso == '\0')
    return NULL;
  if (!ch_date_parse (iso, &date))
    return g_strdup (iso);

  return ch_date_text_format (&date);
}

char *
ch_date_text_example (void)
{
  GDate date;

  /* The 31st cannot be a month, so the example shows the order. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 31, G_DATE_DECEMBER, 2026);
  return ch_date_text_format (&date);
}

/* ----------------------------------------------------------------------- */
/* Reading                                                                 */

gboolean
ch_date_text_parse (const char  *text,
                    GDate       *out,
                    GError     **error)
{
  g_autofree char *iso = ch_date_text_parse_iso (text, error);

  g_return_val_if_fail (out != NULL, FALSE);

  g_date_clear (out, 1);
  return iso != NULL && ch_date_parse (iso, out);
}

char *
ch_date_text_parse_iso (const char  *text,
                        GError     **error)
{
  g_autofree char *example = ch_date_text_example ();
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  ChImportDateOrder order = CH_IMPORT_DATE_ORDER_UNKNOWN;
  char *iso = NULL;
  Pattern p;

  locale_pattern (&p);
  if (p.order[0] == 'd')
    order = CH_IMPORT_DATE_ORDER_DAY_FIRST;
  else if (p.order[0] == 'm')
    order = CH_IMPORT_DATE_ORDER_MONTH_FIRST;

  switch (ch_import_dates_parse (stripped, order, &iso, NULL))
    {
    case CH_IMPORT_DATE_OK:
      return iso;

    case CH_IMPORT_DATE_EMPTY:
      g_set_error (error, CH_DATE_TEXT_ERROR, CH_DATE_TEXT_ERROR_EMPTY,
                   /* Translators: %s is an example date in the user's form, 31.12.2026 */
                   _("Enter a date, for example %s."), example);
      return NULL;

    case CH_IMPORT_DATE_AMBIGUOUS:
    case CH_IMPORT_DATE_INVALID:
    default:
      g_set_error (error, CH_DATE_TEXT_ERROR, CH_DATE_TEXT_ERROR_INVALID,
                   /* Translators: the first %s is what the person typed, the second an
                    * example date in the user's form (31.12.2026) */
                   _("“%s” is not a date. Write it like %s, or pick it from the calendar."),
                   stripped, example);
      return NULL;
    }
}

/* ----------------------------------------------------------------------- */
/* Relative                                                                */

char *
ch_date_text_relative (const GDate *date,
                       const GDate *today)
{
  int days;
  guint n;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  days = g_date_days_between (today, date);
  if (days == 0)
    return g_strdup (C_("relative date", "today"));
  if (days == 1)
    return g_strdup (C_("relative date", "tomorrow"));
  if (days == -1)
    return g_strdup (C_("relative date", "yesterday"));

  n = (guint) ABS (days);
  if (n < 14)
    return days > 0
      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u day", "in %u days", n), n)
      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day ago", "%u days ago", n), n);
  if (n < 60)
    {
      n /= 7;
      return days > 0
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u week", "in %u weeks", n), n)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u week ago", "%u weeks ago", n), n);
    }
  if (n < 730)
    {
      n = (guint) (n / 30.44 + 0.5);   /* months differ in length */
      return days > 0
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u month", "in %u months", n), n)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month ago", "%u months ago", n),
                           n);
    }

  n = (guint) (n / 365.25);
  return days > 0
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u year", "in %u years", n), n)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year ago", "%u years ago", n), n);
}

char *
ch_date_text_relative_iso (const char *iso,
                           const char *tz_id)
{
  GDate date, today;

  if (iso == NULL || !ch_date_parse (iso, &date))
    return NULL;

  ch_date_today (tz_id, &today);
  return ch_date_text_relative (&date, &today);
}

char *
ch_date_text_relative_moment (const char *utc,
                              const char *tz_id)
{
  g_autoptr(GTimeZone) utc_zone = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) moment = NULL;
  g_autoptr(GDateTime) local = NULL;
  GDate date, today;

  if (utc == NULL || (moment = g_date_time_new_from_iso8601 (utc, utc_zone)) == NULL)
    return NULL;

  if (tz_id != NULL && *tz_id != '\0')
    tz = g_time_zone_new_identifier (tz_id);
  if (tz == NULL)
    tz = g_time_zone_new_local ();
  local = g_date_time_to_timezone (moment, tz);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
  ch_date_today (tz_id, &today);
  return ch_date_text_relative (&date, &today);
}

/* ----------------------------------------------------------------------- */
/* Times of day                                                            */

static int clock_override = -1;

void
ch_date_text_set_clock_24h (int use_24h)
{
  g_atomic_int_set (&clock_override, use_24h < 0 ? -1 : use_24h != 0);
}

/* The desktop's setting, or -1 when the schema is not installed (tests,
 * some sandboxes).  Read once; GSettings follows later changes. */
static GSettings *
interface_settings (void)
{
  static GSettings *settings;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
      if (schema != NULL && g_settings_schema_has_key (schema, "clock-format"))
        settings = g_settings_new_full (schema, NULL, NULL);
      g_once_init_leave (&once, 1);
    }

  return settings;
}

gboolean
ch_date_text_clock_is_24h (void)
{
  int forced = g_atomic_int_get (&clock_override);
  GSettings *settings;
  const char *fmt;

  if (forced >= 0)
    return forced;

  settings = interface_settings ();
  if (settings != NULL)
    {
      g_autofree char *value = g_settings_get_string (settings, "clock-format");

      return g_strcmp0 (value, "12h") != 0;
    }

  /* The locale's habit: en_US writes %r / %I … %p. */
  fmt = nl_langinfo (T_FMT);
  return locale_is_c () || fmt == NULL || (strstr (fmt, "%p") == NULL &&
                                           strstr (fmt, "%r") == NULL &&
                                           strstr (fmt, "%I") == NULL);
}

char *
ch_date_text_format_time (int hour,
                          int minute)
{
  g_autoptr(GDateTime) t = NULL;

  g_return_val_if_fail (hour >= 0 && hour < 24 && minute >= 0 && minute < 60, NULL);

  if (ch_date_text_clock_is_24h ())
    return g_strdup_printf ("%02d:%02d", hour, minute);

  /* Translators: a time on the 12-hour clock, %u the hour (1–12), %02u the
   * minutes; AM is before noon */
  return hour < 12
    ? g_strdup_printf (C_("12-hour clock", "%u:%02u AM"), (guint) (hour % 12 ? hour % 12 : 12),
                       (guint) minute)
    /* Translators: a time on the 12-hour clock; PM is after noon */
    : g_strdup_printf (C_("12-hour clock", "%u:%02u PM"), (guint) (hour % 12 ? hour % 12 : 12),
                       (guint) minute);
}

char *
ch_date_text_format_moment (GDateTime *local)
{
  g_autofree char *day = NULL;
  g_autofree char *clock = NULL;
  GDate date;

  g_return_val_if_fail (local != NULL, NULL);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
  day = ch_date_text_format (&date);
  clock = ch_date_text_format_time (g_date_time_get_hour (local),
                                    g_date_time_get_minute (local));
  /* Translators: a date and a time of day, e.g. 03.12.2026 18:05 */
  return g_strdup_printf (C_("date and time", "%s %s"), day, clock);
}

char *
ch_date_text_format_clock (GDateTime  *local,
                           const char *format)
{
  static const char * const clocks[] = { "%H:%M", "%H.%M", "%R" };
  g_autoptr(GString) with_clock = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (local != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  if (ch_date_text_clock_is_24h ())
    return g_date_time_format (local, format);

  /* The time as text, its "%" doubled so that the format keeps it. */
  clock = ch_date_text_format_time (g_date_time_get_hour (local),
                                    g_date_time_get_minute (local));
  with_clock = g_string_new (clock);
  g_string_replace (with_clock, "%", "%%", 0);
  escaped = g_string_free (g_steal_pointer (&with_clock), FALSE);
  with_clock = g_string_new (format);
  for (guint i = 0; i < G_N_ELEMENTS (clocks); i++)
    g_string_replace (with_clock, clocks[i], escaped, 0);

  return g_date_time_format (local, with_clock->str);
}

/* "am"/"pm" (any case, dots allowed: "p.m.") at the end of @s: 0 none,
 * 1 am, 2 pm.  Cuts it off. */
static int
take_meridiem (char *s)
{
  gssize i = (gssize) strlen (s) - 1;
  int which;

  while (i >= 0 && (s[i] == '.' || s[i] == ' '))
    i--;
  if (i < 0 || g_ascii_tolower (s[i]) != 'm')
    return 0;
  i--;
  while (i >= 0 && (s[i] == '.' || s[i] == ' '))
    i--;
  if (i < 0)
    return 0;
  if (g_ascii_tolower (s[i]) == 'a')
    which = 1;
  else if (g_ascii_tolower (s[i]) == 'p')
    which = 2;
  else
    return 0;

  s[i] = '\0';
  return which;
}

gboolean
ch_date_text_parse_time (const char  *text,
                         int         *out_minutes,
                         GError     **error)
{
  g_autofree char *s = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *example = ch_date_text_format_time (18, 30);
  const char *p;
  int hour = 0, minute = 0, meridiem;
  guint digits = 0;

  g_return_val_if_fail (out_minutes != NULL, FALSE);
  *out_minutes = -1;

  if (*s == '\0')
    {
      g_set_error (error, CH_DATE_TEXT_ERROR, CH_DATE_TEXT_ERROR_EMPTY,
                   /* Translators: %s is an example time, 18:30 or 6:30 PM */
                   _("Enter a time, for example %s."), example);
      return FALSE;
    }

  meridiem = take_meridiem (s);
  g_strstrip (s);

  p = s;
  while (g_ascii_isdigit (*p) && digits < 3)
    hour = hour * 10 + (*p++ - '0'), digits++;
  if (digits == 0 || digits > 2)
    goto bad;
  if (*p == ':' || *p == '.')
    {
      p++;
      if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
        goto bad;
      minute = (p[0] - '0') * 10 + (p[1] - '0');
      p += 2;
    }
  else if (meridiem == 0)
    goto bad;   /* "18" alone could be anything */
  if (*p != '\0' || minute > 59)
    goto bad;

  if (meridiem != 0)
    {
      if (hour < 1 || hour > 12)
        goto bad;
      hour = hour % 12 + (meridiem == 2 ? 12 : 0);
    }
  else if (hour > 23)
    goto bad;

  *out_minutes = hour * 60 + minute;
  return TRUE;

bad:
  g_set_error (error, CH_DATE_TEXT_ERROR, CH_DATE_TEXT_ERROR_INVALID,
               /* Translators: the first %s is what the person typed, the second an
                * example time (18:30 or 6:30 PM) */
               _("“%s” is not a time. Write it like %s."), text, example);
  return FALSE;
}
