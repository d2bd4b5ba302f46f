/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-util"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ch-tsan.h"
#include "ch-util.h"

G_LOCK_DEFINE_STATIC (uuid7);

static gint64 clock_offset_us;

gint64
ch_clock_now_us (void)
{
  return g_get_real_time () + __atomic_load_n (&clock_offset_us, __ATOMIC_RELAXED);
}

void
ch_clock_set_offset_us (gint64 offset)
{
  __atomic_store_n (&clock_offset_us, offset, __ATOMIC_RELAXED);
}

char *
ch_uuid7_new (void)
{
  static guint64 last_ms;
  static guint32 counter;
  guint8 b[16];
  guint64 ms;
  guint32 seq;

  ms = (guint64) (ch_clock_now_us () / 1000);

  G_LOCK (uuid7);
  CH_TSAN_ACQUIRE (&G_LOCK_NAME (uuid7));
  if (ms <= last_ms)
    {
      /* Same millisecond or a clock that went back: keep ids rising. */
      ms = last_ms;
      counter++;
      if (counter > 0xfff)
        {
          ms = ++last_ms;
          counter = (guint32) g_random_int_range (0, 0x400);
        }
    }
  else
    {
      last_ms = ms;
      counter = (guint32) g_random_int_range (0, 0x400);
    }
  /* Read under the lock: another thread may move it on at once. */
  seq = counter;
  CH_TSAN_RELEASE (&G_LOCK_NAME (uuid7));
  G_UNLOCK (uuid7);

  b[0] = (ms >> 40) & 0xff;
  b[1] = (ms >> 32) & 0xff;
  b[2] = (ms >> 24) & 0xff;
  b[3] = (ms >> 16) & 0xff;
  b[4] = (ms >> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  for (guint i = 8; i < 16; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (&b[i], &r, 4);
    }
  b[8] = (b[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

char *
ch_uuid_for_name (const char *namespace_str,
                  const char *name)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 b[20];
  gsize len = sizeof b;

  g_return_val_if_fail (namespace_str != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_checksum_update (sum, (const guchar *) namespace_str, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) name, -1);
  g_checksum_get_digest (sum, b, &len);

  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

char *
ch_uuid_for_registration (const char *event_id,
                          const char *member_id,
                          const char *guest_email)
{
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (event_id != NULL, NULL);

  if (member_id != NULL && *member_id != '\0')
    name = g_strconcat ("registration:member:", member_id, NULL);
  else if ((email = ch_email_normalize (guest_email)) != NULL)
    name = g_strconcat ("registration:guest:", email, NULL);
  else
    return NULL;

  return ch_uuid_for_name (event_id, name);
}

gboolean
ch_uuid_is_valid (const char *str)
{
  if (str == NULL || strlen (str) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (str[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (str[i]))
        return FALSE;
    }

  return TRUE;
}

char *
ch_fold (const char *str)
{
  g_autofree char *nfd = NULL;
  GString *out;

  if (str == NULL)
    return g_strdup ("");

  nfd = g_utf8_normalize (str, -1, G_NORMALIZE_NFD);
  if (nfd == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (nfd));
  for (const char *p = nfd; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType t = g_unichar_type (c);

      if (t == G_UNICODE_NON_SPACING_MARK ||
          t == G_UNICODE_SPACING_MARK ||
          t == G_UNICODE_ENCLOSING_MARK)
        continue;

      /* Letters that do not decompose but read as ASCII letters. */
      switch (c)
        {
        case 0x00DF: g_string_append (out, "ss"); continue;  /* ß */
        case 0x00F8: case 0x00D8: g_string_append_c (out, 'o'); continue;  /* ø */
        case 0x0142: case 0x0141: g_string_append_c (out, 'l'); continue;  /* ł */
        case 0x0111: case 0x0110: g_string_append_c (out, 'd'); continue;  /* đ */
        case 0x00E6: case 0x00C6: g_string_append (out, "ae"); continue;  /* æ */
        case 0x0131: g_string_append_c (out, 'i'); continue;  /* ı */
        default: break;
        }

      g_string_append_unichar (out, g_unichar_tolower (c));
    }

  return g_string_free (out, FALSE);
}

char *
ch_email_normalize (const char *email)
{
  g_autofree char *copy = NULL;

  if (email == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (email));
  if (*copy == '\0')
    return NULL;

  return g_utf8_strdown (copy, -1);
}

gboolean
ch_email_is_valid (const char *email)
{
  const char *at;
  const char *dot;

  if (email == NULL || !g_utf8_validate (email, -1, NULL))
    return FALSE;

  for (const char *p = email; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
      return FALSE;

  at = strchr (email, '@');
  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;

  dot = strrchr (at + 1, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0')
    return FALSE;

  return TRUE;
}

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

char *
ch_now_utc_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (ch_clock_now_us () / G_USEC_PER_SEC);

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
ch_json_nesting_ok (const char *text,
                    guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (const char *p = text; p != NULL && *p; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '[' || *p == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((*p == ']' || *p == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}
