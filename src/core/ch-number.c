/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-number"

#include "config.h"

#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "ch-locale.h"
#include "ch-number.h"

static GPrivate thread_formats = G_PRIVATE_INIT ((GDestroyNotify) g_hash_table_unref);

/* This thread's decimal format of @locale (a format may not be shared
 * between threads). */
static UNumberFormat *
decimal_format (const char *locale)
{
  UErrorCode status = U_ZERO_ERROR;
  UNumberFormat *fmt;

  if ((fmt = ch_locale_thread_lookup (&thread_formats, locale)) != NULL)
    return fmt;

  fmt = unum_open (UNUM_DECIMAL, NULL, 0, locale, NULL, &status);
  if (U_FAILURE (status))
    return NULL;
  ch_locale_thread_keep (&thread_formats, locale, fmt, (GDestroyNotify) unum_close);
  return fmt;
}

char *
ch_number_format_for_locale (gint64      value,
                             const char *locale)
{
  /* The C locale groups no digits. */
  UNumberFormat *fmt = locale != NULL && *locale != '\0' ? decimal_format (locale) : NULL;
  UErrorCode status = U_ZERO_ERROR;
  UChar text[64];
  char out[256];
  int32_t n;

  if (fmt == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, value);

  n = unum_formatInt64 (fmt, value, text, G_N_ELEMENTS (text), NULL, &status);
  if (U_SUCCESS (status))
    u_strToUTF8 (out, sizeof out, NULL, text, n, &status);
  if (U_FAILURE (status))
    return g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return g_strdup (out);
}

char *
ch_number_format (gint64 value)
{
  g_autofree char *locale = ch_locale_get (LC_NUMERIC);

  return ch_number_format_for_locale (value, locale);
}
