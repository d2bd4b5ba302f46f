/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-money"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include <unicode/ucurr.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "ch-locale.h"
#include "ch-money.h"

G_DEFINE_QUARK (ch-money-error-quark, ch_money_error)

/* Amounts are stored and synced as integers in minor units.  ICU (ISO 4217
 * as CLDR has it) says how many a currency has, except for the currencies
 * whose amounts Chapterhouse stored with another count before it asked ICU:
 * those keep it, or every stored and synced amount of theirs would change
 * its value (forints and New Taiwan dollars are whole, as they are paid;
 * Iraqi dinars have fils). */
static const struct { const char code[4]; guint digits; } stored_digits[] = {
  { "HUF", 0 }, { "TWD", 0 }, { "IQD", 3 },
};

static gboolean
currency_code (const char *currency,
               UChar       code[4])
{
  if (currency == NULL || strlen (currency) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isalpha (currency[i]))
      return FALSE;

  u_charsToUChars (currency, code, 3);
  code[3] = 0;
  return TRUE;
}

guint
ch_money_currency_digits (const char *currency)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar code[4];
  int32_t digits;

  for (guint i = 0; i < G_N_ELEMENTS (stored_digits); i++)
    if (g_strcmp0 (currency, stored_digits[i].code) == 0)
      return stored_digits[i].digits;

  if (!currency_code (currency, code))
    return 2;

  digits = ucurr_getDefaultFractionDigits (code, &status);
  if (U_FAILURE (status) || digits < 0 || digits > 4)
    return 2;

  return (guint) digits;
}

/* "-1500.50": @minor as a decimal number with the currency's digits. */
static char *
decimal_text (gint64  minor,
              guint   digits)
{
  guint64 magnitude = minor < 0 ? - (guint64) minor : (guint64) minor;
  guint64 scale = 1;

  for (guint i = 0; i < digits; i++)
    scale *= 10;

  if (digits == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, minor < 0 ? "-" : "", magnitude);

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT, minor < 0 ? "-" : "",
                          magnitude / scale, (int) digits, magnitude % scale);
}

static GPrivate thread_formats = G_PRIVATE_INIT ((GDestroyNotify) g_hash_table_unref);

/* This thread's format of amounts of @currency in @locale, with the
 * currency (@style UNUM_CURRENCY) or without (UNUM_DECIMAL); a format may
 * not be shared between threads.  NULL for an unknown currency. */
static UNumberFormat *
money_format (const char        *locale,
              const char        *currency,
              UNumberFormatStyle style)
{
  g_autofree char *name = NULL;
  UErrorCode status = U_ZERO_ERROR;
  UNumberFormat *fmt;
  UChar code[4];
  guint digits;

  if (!currency_code (currency, code))
    return NULL;

  name = g_strdup_printf ("%s/%s/%d", locale, currency, (int) style);
  if ((fmt = ch_locale_thread_lookup (&thread_formats, name)) != NULL)
    return fmt;

  fmt = unum_open (style, NULL, 0, locale, NULL, &status);
  if (U_FAILURE (status))
    return NULL;
  unum_setTextAttribute (fmt, UNUM_CURRENCY_CODE, code, 3, &status);
  /* Exactly the digits an amount is stored with: none hidden, none made up. */
  digits = ch_money_currency_digits (currency);
  unum_setAttribute (fmt, UNUM_MIN_FRACTION_DIGITS, (int32_t) digits);
  unum_setAttribute (fmt, UNUM_MAX_FRACTION_DIGITS, (int32_t) digits);
  if (U_FAILURE (status))
    {
      unum_close (fmt);
      return NULL;
    }

  ch_locale_thread_keep (&thread_formats, name, fmt, (GDestroyNotify) unum_close);
  return fmt;
}

static char *
format_with (gint64              minor,
             const char         *currency,
             const char         *locale,
             UNumberFormatStyle  style)
{
  UNumberFormat *fmt = NULL;
  g_autofree char *decimal = decimal_text (minor, ch_money_currency_digits (currency));
  UErrorCode status = U_ZERO_ERROR;
  UChar text[128];
  char out[512];
  int32_t n;

  /* The C locale (scripts, logs) keeps the neutral "EUR 1500.00". */
  if (locale != NULL && *locale != '\0')
    fmt = money_format (locale, currency, style);
  if (fmt != NULL)
    {
      n = unum_formatDecimal (fmt, decimal, -1, text, G_N_ELEMENTS (text), NULL, &status);
      if (U_SUCCESS (status))
        u_strToUTF8 (out, sizeof out, NULL, text, n, &status);
      if (U_SUCCESS (status))
        return g_strdup (out);
    }

  /* The C locale, or a currency ICU does not know: the code and the plain
   * number. */
  if (style == UNUM_DECIMAL || currency == NULL || *currency == '\0')
    return g_steal_pointer (&decimal);
  return g_strdup_printf ("%s %s", currency, decimal);
}

char *
ch_money_format_for_locale (gint64      minor,
                            const char *currency,
                            const char *locale)
{
  return format_with (minor, currency, locale, UNUM_CURRENCY);
}

char *
ch_money_format (gint64      minor,
                 const char *currency)
{
  g_autofree char *locale = ch_locale_get (LC_MONETARY);

  return ch_money_format_for_locale (minor, currency, locale);
}

char *
ch_money_format_number_for_locale (gint64      minor,
                                   const char *currency,
                                   const char *locale)
{
  return format_with (minor, currency, locale, UNUM_DECIMAL);
}

char *
ch_money_format_number (gint64      minor,
                        const char *currency)
{
  g_autofree char *locale = ch_locale_get (LC_MONETARY);

  return ch_money_format_number_for_locale (minor, currency, locale);
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

/* The decimal separator of @locale's numbers ("," or "."). */
static char
decimal_separator (const char *locale,
                   const char *currency)
{
  UNumberFormat *fmt = money_format (locale, currency, UNUM_DECIMAL);
  UErrorCode status = U_ZERO_ERROR;
  UChar symbol[8];
  int32_t n;

  if (fmt == NULL)
    return '.';
  n = unum_getSymbol (fmt, UNUM_MONETARY_SEPARATOR_SYMBOL, symbol, G_N_ELEMENTS (symbol),
                      &status);
  if (U_FAILURE (status) || n != 1 || (symbol[0] != ',' && symbol[0] != '.'))
    return '.';

  return (char) symbol[0];
}

/* "6.053041E+5" (ICU's decimal numbers) as "605304.1"; NULL if absurd. */
static char *
plain_decimal (const char *number)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *p = number;
  gboolean negative = FALSE;
  gint64 exponent = 0;
  int point = -1;   /* digits before the decimal point */
  GString *out;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (; g_ascii_isdigit (*p) || *p == '.'; p++)
    {
      if (*p == '.')
        point = (int) digits->len;
      else
        g_string_append_c (digits, *p);
    }
  if (digits->len == 0)
    return NULL;
  if (point < 0)
    point = (int) digits->len;
  if (*p == 'E' || *p == 'e')
    {
      char *end = NULL;

      exponent = g_ascii_strtoll (p + 1, &end, 10);
      if (end == p + 1 || *end != '\0' || exponent > 40 || exponent < -40)
        return NULL;
    }
  else if (*p != '\0')
    return NULL;

  point += (int) exponent;
  out = g_string_new (negative ? "-" : "");
  if (point <= 0)
    {
      g_string_append (out, "0.");
      for (int i = point; i < 0; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits->str);
    }
  else
    {
      for (int i = 0; i < point; i++)
        g_string_append_c (out, i < (int) digits->len ? digits->str[i] : '0');
      if (point < (int) digits->len)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits->str + point);
        }
    }

  return g_string_free (out, FALSE);
}

/* ICU's reading of @text as written in @locale, with or without the
 * currency, as "1500.5"; NULL unless all of it is one amount. */
static char *
icu_parse (const char        *text,
           const char        *currency,
           const char        *locale,
           UNumberFormatStyle style)
{
  UNumberFormat *fmt = money_format (locale, currency, style);
  UErrorCode status = U_ZERO_ERROR;
  UChar stack[128];
  int32_t len = 0;
  int32_t pos = 0;
  char decimal[64];
  int32_t n;

  if (fmt == NULL)
    return NULL;
  u_strFromUTF8 (stack, G_N_ELEMENTS (stack), &len, text, -1, &status);
  if (U_FAILURE (status))
    return NULL;

  n = unum_parseDecimal (fmt, stack, len, &pos, decimal, sizeof decimal, &status);
  if (U_FAILURE (status) || pos != len || n <= 0 || n >= (int32_t) sizeof decimal)
    return NULL;

  return plain_decimal (decimal);
}

static gboolean
fail (GError     **error,
      ChMoneyError code,
      const char  *text,
      const char  *currency,
      const char  *locale)
{
  guint digits = ch_money_currency_digits (currency);
  /* An example in the user's own way of writing amounts. */
  g_autofree char *example = ch_money_format_number_for_locale (digits == 0 ? 1500 : 150050,
                                                                currency, locale);

  if (code == CH_MONEY_ERROR_TOO_LARGE)
    g_set_error (error, CH_MONEY_ERROR, code,
                 /* Translators: %s is what was typed */
                 _("“%s” is too large an amount."), text);
  else if (digits == 0)
    g_set_error (error, CH_MONEY_ERROR, code,
                 /* Translators: %s is what was typed, then a currency code (HUF),
                  * then an example amount such as 1 500 */
                 _("“%s” is not an amount of %s. Amounts of %s are whole: write it like %s."),
                 text, currency, currency, example);
  else
    g_set_error (error, CH_MONEY_ERROR, code,
                 /* Translators: %s is what was typed, then a currency code (SEK), then an
                  * example amount written in the user's language, such as 1 500,50 */
                 g_dngettext (GETTEXT_PACKAGE,
                              "“%s” is not an amount of %s. Write it with at most %u decimal, "
                              "like %s.",
                              "“%s” is not an amount of %s. Write it with at most %u decimals, "
                              "like %s.",
                              digits),
                 text, currency, digits, example);
  return FALSE;
}

gboolean
ch_money_read_for_locale (const char  *text,
                          const char  *currency,
                          const char  *locale,
                          gint64      *minor,
                          GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *decimal = NULL;
  char separator[2] = { 0, 0 };

  g_return_val_if_fail (minor != NULL, FALSE);

  if (locale == NULL)
    locale = "";
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return fail (error, CH_MONEY_ERROR_INVALID, "", currency, locale);

  trimmed = g_strstrip (g_strdup (text));

  /* As the locale writes amounts ("1 500,00 kr", "1.500,00 €", "$1,500.00",
   * "1 500,00"), then as people also type them ("1500:-", "SEK 1500"). */
  decimal = icu_parse (trimmed, currency, locale, UNUM_CURRENCY);
  if (decimal == NULL)
    decimal = icu_parse (trimmed, currency, locale, UNUM_DECIMAL);
  if (decimal != NULL)
    {
      const char *point = strchr (decimal, '.');

      if (ch_money_parse (decimal, currency, minor))
        return TRUE;
      /* A number as the locale writes it, but not an amount of @currency
       * ("1,505" in Swedish has three decimals). */
      if (*decimal == '-' ||
          (point != NULL && strlen (point + 1) > ch_money_currency_digits (currency)))
        return fail (error, CH_MONEY_ERROR_INVALID, trimmed, currency, locale);
      return fail (error, CH_MONEY_ERROR_TOO_LARGE, trimmed, currency, locale);
    }

  separator[0] = decimal_separator (locale, currency);
  if (ch_money_parse_amount (trimmed, currency, separator, minor))
    return TRUE;

  /* Digits alone, too many of them: say so rather than "not an amount". */
  if (strspn (trimmed, "0123456789") == strlen (trimmed) && *trimmed != '\0')
    return fail (error, CH_MONEY_ERROR_TOO_LARGE, trimmed, currency, locale);

  return fail (error, CH_MONEY_ERROR_INVALID, trimmed, currency, locale);
}

gboolean
ch_money_read (const char  *text,
               const char  *currency,
               gint64      *minor,
               GError     **error)
{
  g_autofree char *locale = ch_locale_get (LC_MONETARY);

  return ch_money_read_for_locale (text, currency, locale, minor, error);
}
