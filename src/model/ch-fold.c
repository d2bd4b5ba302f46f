/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-fold"

#include "config.h"

#include <string.h>

#include "ch-fold.h"

char *
ch_fold (const char *str)
{
  g_autofree char *nfd = NULL;
  GString *out;

  if (str == NULL)
    return g_strdup ("");

  /* Plain ASCII (most names, every e-mail address) has nothing to
   * decompose and no marks: lower case is all there is to do. */
  for (const char *p = str; ; p++)
    {
      if (*p == '\0')
        return g_ascii_strdown (str, -1);
      if ((guchar) *p >= 0x80)
        break;
    }

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
