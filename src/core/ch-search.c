/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-search"

#include "config.h"

#include "ch-search.h"
#include "ch-fold.h"

#define MAX_TERMS 8

char *
ch_search_match_expression (const char *text)
{
  g_autoptr(GString) expr = NULL;
  g_autoptr(GString) word = NULL;
  guint terms = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  expr = g_string_new (NULL);
  word = g_string_new (NULL);

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0 && terms < MAX_TERMS)
        {
          /* Folded like the index ("Ø" → "o"); words hold only letters,
           * marks and digits, so quoting is safe. */
          g_autofree char *folded = ch_fold (word->str);

          if (*folded != '\0')
            {
              if (expr->len > 0)
                g_string_append_c (expr, ' ');
              g_string_append_printf (expr, "\"%s\"*", folded);
            }
          terms++;
        }
      g_string_truncate (word, 0);

      if (c == 0)
        break;
    }

  if (expr->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&expr), FALSE);
}
