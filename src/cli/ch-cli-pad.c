/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ch-cli-pad.h"

guint
ch_cli_pad_width (const char *text)
{
  guint width = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return text ? (guint) strlen (text) : 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

char *
ch_cli_pad (const char *text,
            guint       columns)
{
  guint width = ch_cli_pad_width (text);
  GString *out = g_string_new (text);

  for (; width < columns; width++)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}
