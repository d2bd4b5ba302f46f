/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-email"

#include "config.h"

#include <string.h>

#include "ch-email.h"

char *
ch_email_normalize (const char *email)
{
  g_autofree char *copy = NULL;

  if (email == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (email));
  if (*copy == '\0')
    return NULL;

  /* Nearly every address is ASCII: its lower case is ASCII's (an import
   * normalises each address several times). */
  for (const char *p = copy; *p; p++)
    if ((guchar) *p >= 0x80)
      return g_utf8_strdown (copy, -1);
  for (char *p = copy; *p; p++)
    *p = g_ascii_tolower (*p);

  return g_steal_pointer (&copy);
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
