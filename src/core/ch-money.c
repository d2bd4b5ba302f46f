/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-money"

#include "config.h"

#include <string.h>

#include "ch-money.h"

guint
ch_money_currency_digits (const char *currency)
{
  static const char *zero[] = {
    "JPY", "KRW", "ISK", "CLP", "VND", "HUF", "TWD", "UGX", "XOF", "XAF"
  };
  static const char *three[] = { "BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD" };

  for (guint i = 0; i < G_N_ELEMENTS (zero); i++)
    if (g_strcmp0 (currency, zero[i]) == 0)
      return 0;
  for (guint i = 0; i < G_N_ELEMENTS (three); i++)
    if (g_strcmp0 (currency, three[i]) == 0)
      return 3;

  return 2;
}

char *
ch_money_format (gint64      minor,
                 const char *currency)
{
  guint digits = ch_money_currency_digits (currency);
  gint64 scale = 1;
  gint64 whole, frac;
  const char *sign = minor < 0 ? "-" : "";

  for (guint i = 0; i < digits; i++)
    scale *= 10;

  whole = ABS (minor) / scale;
  frac = ABS (minor) % scale;

  if (digits == 0)
    return g_strdup_printf ("%s %s%" G_GINT64_FORMAT, currency ? currency : "", sign, whole);

  return g_strdup_printf ("%s %s%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT,
                          currency ? currency : "", sign, whole, (int) digits, frac);
}

gboolean
ch_money_parse (const char *str,
                const char *currency,
                gint64     *minor)
{
  guint digits = ch_money_currency_digits (currency);
  g_autofree char *copy = NULL;
  gint64 whole = 0, frac = 0;
  guint frac_len = 0;
  gboolean seen_sep = FALSE;
  gboolean any = FALSE;

  g_return_val_if_fail (minor != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (str));
  for (const char *p = copy; *p; p++)
    {
      if (*p == '.' || *p == ',')
        {
          if (seen_sep || digits == 0)
            return FALSE;
          seen_sep = TRUE;
        }
      else if (g_ascii_isdigit (*p))
        {
          any = TRUE;
          if (seen_sep)
            {
              if (++frac_len > digits)
                return FALSE;
              frac = frac * 10 + (*p - '0');
            }
          else
            {
              if (whole > G_MAXINT64 / 1000)
                return FALSE;
              whole = whole * 10 + (*p - '0');
            }
        }
      else
        return FALSE;
    }

  if (!any)
    return FALSE;

  for (; frac_len < digits; frac_len++)
    frac *= 10;

  /* Too large to keep: refuse rather than wrap around. */
  for (guint i = 0; i < digits; i++)
    {
      if (whole > G_MAXINT64 / 10)
        return FALSE;
      whole *= 10;
    }
  if (whole > G_MAXINT64 - frac)
    return FALSE;

  *minor = whole + frac;
  return TRUE;
}

/* Removes @marker from the start or the end of @text (ASCII case ignored). */
static gboolean
strip_marker (GString    *text,
              const char *marker)
{
  gsize n = strlen (marker);

  if (n == 0 || text->len < n)
    return FALSE;

  if (g_ascii_strncasecmp (text->str, marker, n) == 0)
    g_string_erase (text, 0, (gssize) n);
  else if (g_ascii_strncasecmp (text->str + text->len - n, marker, n) == 0)
    g_string_truncate (text, text->len - n);
  else
    return FALSE;

  g_strstrip (text->str);
  g_string_set_size (text, strlen (text->str));
  return TRUE;
}

static gboolean
is_group_space (gunichar c)
{
  return c == ' ' || c == 0x00A0 || c == 0x202F || c == 0x2009 || c == '\'' || c == 0x2019;
}

gboolean
ch_money_parse_amount (const char *text,
                 const char *currency,
                 const char *decimal_point,
                 gint64     *minor)
{
  static const char *symbols[] = {
    "kr.", "kr", ":-", "€", "$", "£", "¥", "zł", "Kč", "Ft", "Fr.", NULL,
  };
  g_autoptr(GString) in = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);   /* digits and '.', ',', 'g' (group) */
  g_autoptr(GString) plain = g_string_new (NULL);
  char decimal = 0;
  guint n_dot = 0, n_comma = 0;
  const char *p;
  int group_len = -1;   /* digits since the last group mark; -1 before any */
  gboolean first_group = TRUE;
  char local = decimal_point != NULL && (*decimal_point == ',' || *decimal_point == '.')
               ? *decimal_point : '.';

  g_return_val_if_fail (minor != NULL, FALSE);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  in = g_string_new (text);
  g_strstrip (in->str);
  g_string_set_size (in, strlen (in->str));

  /* One currency mark, before or after. */
  if (currency == NULL || !strip_marker (in, currency))
    for (guint i = 0; symbols[i] != NULL; i++)
      if (strip_marker (in, symbols[i]))
        break;

  /* Digits and separators; spaces and apostrophes between digits group. */
  for (p = in->str; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 128 && g_ascii_isdigit (c))
        g_string_append_c (digits, (char) c);
      else if (c == '.' || c == ',')
        {
          g_string_append_c (digits, (char) c);
          if (c == '.')
            n_dot++;
          else
            n_comma++;
        }
      else if (is_group_space (c))
        {
          const char *next = g_utf8_next_char (p);

          if (digits->len == 0 || !g_ascii_isdigit (digits->str[digits->len - 1]) ||
              !g_ascii_isdigit (*next))
            return FALSE;
          g_string_append_c (digits, 'g');
        }
      else
        return FALSE;
    }

  /* Which of "." and "," is the decimal separator, if any. */
  if (n_dot > 0 && n_comma > 0)
    decimal = strrchr (digits->str, '.') > strrchr (digits->str, ',') ? '.' : ',';
  else if (n_dot + n_comma == 1)
    {
      char sep = n_dot ? '.' : ',';
      const char *after = strchr (digits->str, sep) + 1;
      gsize n_after = strspn (after, "0123456789");

      /* "1,500" is fifteen hundred, unless the currency has three decimals
       * and "," is the user's decimal separator. */
      if (n_after != 3 || after[n_after] != '\0' ||
          (sep == local && ch_money_currency_digits (currency) >= 3))
        decimal = sep;
    }
  if (decimal != 0 && (decimal == '.' ? n_dot : n_comma) != 1)
    return FALSE;

  /* Thousands in groups of three, up to the decimal separator. */
  for (p = digits->str; *p; p++)
    {
      if (*p == decimal)
        {
          if (!first_group && group_len != 3)
            return FALSE;
          g_string_append_c (plain, '.');
          g_string_append (plain, p + 1);
          break;
        }
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (plain, *p);
          group_len = group_len < 0 ? 1 : group_len + 1;
          continue;
        }
      /* A group mark: what came before is a whole group. */
      if (group_len < 1 || (first_group ? group_len > 3 : group_len != 3))
        return FALSE;
      first_group = FALSE;
      group_len = 0;
    }
  if (*p == '\0' && !first_group && group_len != 3)
    return FALSE;

  return ch_money_parse (plain->str, currency, minor);
}
