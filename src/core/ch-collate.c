/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-collate"

#include "config.h"

#include <string.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "ch-collate.h"
#include "ch-locale.h"

static GPrivate thread_collators = G_PRIVATE_INIT ((GDestroyNotify) g_hash_table_unref);

/* This thread's collator of @locale (a collator may not be shared between
 * threads); opening one takes a while, so each thread keeps them. */
static UCollator *
collator (const char *locale)
{
  UErrorCode status = U_ZERO_ERROR;
  UCollator *coll;

  if (locale == NULL)
    locale = "";

  if ((coll = ch_locale_thread_lookup (&thread_collators, locale)) != NULL)
    return coll;

  coll = ucol_open (locale, &status);
  if (U_FAILURE (status))
    {
      /* An unknown name gets ICU's root order rather than nothing. */
      g_debug ("No collation for “%s”: %s", locale, u_errorName (status));
      status = U_ZERO_ERROR;
      coll = ucol_open ("", &status);
      if (U_FAILURE (status))
        g_error ("ICU has no collation data: %s", u_errorName (status));
    }

  ch_locale_thread_keep (&thread_collators, locale, coll, (GDestroyNotify) ucol_close);
  return coll;
}

char *
ch_collate_describe (const char *locale)
{
  UCollator *coll = collator (locale);
  UVersionInfo version;
  char text[U_MAX_VERSION_STRING_LENGTH];

  ucol_getVersion (coll, version);
  u_versionToString (version, text);

  return g_strdup_printf ("%s %s", locale != NULL && *locale ? locale : "root", text);
}

/* @text as UTF-16 in @stack or, when longer, in a new buffer. */
static UChar *
to_utf16 (const char *text,
          UChar      *stack,
          int32_t     capacity,
          int32_t    *len)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar *heap;

  *len = 0;
  if (text == NULL)
    return stack;

  u_strFromUTF8 (stack, capacity, len, text, -1, &status);
  if (U_SUCCESS (status))
    return stack;
  if (status != U_BUFFER_OVERFLOW_ERROR)
    {
      *len = 0;
      return stack;
    }

  heap = g_new (UChar, *len + 1);
  status = U_ZERO_ERROR;
  u_strFromUTF8 (heap, *len + 1, len, text, -1, &status);

  return heap;
}

guint8 *
ch_collate_key (const char *locale,
                const char *text,
                gsize      *len)
{
  UCollator *coll = collator (locale);
  UChar stack[128];
  UChar *buf;
  int32_t n;
  uint8_t key_stack[256];
  int32_t key_len;
  guint8 *key;

  g_return_val_if_fail (len != NULL, NULL);

  buf = to_utf16 (text, stack, G_N_ELEMENTS (stack), &n);
  key_len = ucol_getSortKey (coll, buf, n, key_stack, sizeof key_stack);
  if (key_len <= (int32_t) sizeof key_stack)
    key = g_memdup2 (key_stack, key_len);
  else
    {
      key = g_malloc (key_len);
      ucol_getSortKey (coll, buf, n, key, key_len);
    }
  if (buf != stack)
    g_free (buf);

  *len = key_len;
  return key;
}

guint8 *
ch_collate_name_key (const char *locale,
                     const char *family_name,
                     const char *given_name,
                     gsize      *len)
{
  g_autofree char *full = g_strdup_printf ("%s %s",
                                           family_name ? family_name : "",
                                           given_name ? given_name : "");

  return ch_collate_key (locale, g_strstrip (full), len);
}

void
ch_collate_prefix_bounds (const char  *locale,
                          const char  *prefix,
                          GBytes     **lower,
                          GBytes     **upper)
{
  gsize len;
  g_autofree guint8 *key = ch_collate_key (locale, prefix, &len);
  /* A bound is at most the key and a few bytes longer. */
  int32_t capacity = (int32_t) len + 16;
  g_autofree guint8 *low = g_malloc (capacity);
  g_autofree guint8 *high = g_malloc (capacity);
  UErrorCode status = U_ZERO_ERROR;
  int32_t n_low, n_high;

  n_low = ucol_getBound (key, (int32_t) len, UCOL_BOUND_LOWER, 1, low, capacity, &status);
  n_high = ucol_getBound (key, (int32_t) len, UCOL_BOUND_UPPER_LONG, 1, high, capacity,
                          &status);
  if (U_FAILURE (status))
    {
      /* Everything: the caller checks each row anyway. */
      *lower = g_bytes_new ("", 0);
      *upper = g_bytes_new ("\xff\xff\xff\xff", 4);
      return;
    }

  *lower = g_bytes_new (low, n_low);
  *upper = g_bytes_new (high, n_high);
}
