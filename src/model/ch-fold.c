/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-fold"

#include "config.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

#include "ch-fold.h"

/* The Latin letters that do not decompose, as ASCII (after lower case). */
static const char *
ascii_letter (gunichar c)
{
  switch (c)
    {
    case 0x00DF: return "ss";  /* ß */
    case 0x00E6: return "ae";  /* æ */
    case 0x00F0: return "d";   /* ð */
    case 0x00F8: return "o";   /* ø */
    case 0x00FE: return "th";  /* þ */
    case 0x0111: return "d";   /* đ */
    case 0x0127: return "h";   /* ħ */
    case 0x0131: return "i";   /* ı */
    case 0x0138: return "q";   /* ĸ */
    case 0x0142: return "l";   /* ł */
    case 0x014B: return "n";   /* ŋ */
    case 0x0153: return "oe";  /* œ */
    case 0x0167: return "t";   /* ŧ */
    case 0x0192: return "f";   /* ƒ */
    case 0x03C2: return "\xcf\x83";  /* final ς as σ */
    default: return NULL;
    }
}

static void
append_folded (GString  *out,
               gunichar  c)
{
  const char *ascii;

  switch (u_charType ((UChar32) c))
    {
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
      return;
    default:
      break;
    }

  c = (gunichar) u_tolower ((UChar32) c);
  if ((ascii = ascii_letter (c)) != NULL)
    g_string_append (out, ascii);
  else
    g_string_append_unichar (out, c);
}

static gboolean
is_ascii (const char *str,
          gsize      *len)
{
  const char *p;

  for (p = str; *p; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;

  *len = (gsize) (p - str);
  return TRUE;
}

char *
ch_fold (const char *str)
{
  const UNormalizer2 *nfkd;
  UErrorCode status = U_ZERO_ERROR;
  GString *out;
  gsize len;

  if (str == NULL)
    return g_strdup ("");

  /* Most names are ASCII: lower case is all folding does to them. */
  if (is_ascii (str, &len))
    return g_ascii_strdown (str, (gssize) len);

  if (!g_utf8_validate (str, -1, NULL))
    return g_strdup ("");

  /* ICU's own instance, shared by every thread and never freed. */
  nfkd = unorm2_getNFKDInstance (&status);
  if (U_FAILURE (status))
    return g_utf8_strdown (str, -1);

  out = g_string_sized_new (strlen (str));
  for (const char *p = str; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      UChar parts[32];
      int32_t n;

      if (c < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower ((char) c));
          continue;
        }

      /* Hangul syllables stay whole: they carry no marks. */
      status = U_ZERO_ERROR;
      n = c >= 0xAC00 && c <= 0xD7A3 ? -1
          : unorm2_getDecomposition (nfkd, (UChar32) c, parts, G_N_ELEMENTS (parts), &status);
      if (n < 0 || U_FAILURE (status))
        {
          append_folded (out, c);
          continue;
        }

      for (int32_t i = 0; i < n;)
        {
          UChar32 part;

          U16_NEXT (parts, i, n, part);
          append_folded (out, (gunichar) part);
        }
    }

  return g_string_free (out, FALSE);
}
