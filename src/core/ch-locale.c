/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-locale"

#include "config.h"

#include <string.h>

#include "ch-locale.h"

char *
ch_locale_from_posix (const char *posix)
{
  if (posix == NULL || *posix == '\0' || strcmp (posix, "POSIX") == 0 ||
      strcmp (posix, "C") == 0 || g_str_has_prefix (posix, "C.") ||
      g_str_has_prefix (posix, "C@"))
    return g_strdup ("");

  /* "language_TERRITORY.codeset@modifier": ICU wants the first part. */
  return g_strndup (posix, strcspn (posix, ".@"));
}

char *
ch_locale_get (int category)
{
  return ch_locale_from_posix (setlocale (category, NULL));
}

gpointer
ch_locale_thread_lookup (GPrivate   *cache,
                         const char *name)
{
  GHashTable *objects = g_private_get (cache);

  return objects != NULL ? g_hash_table_lookup (objects, name) : NULL;
}

void
ch_locale_thread_keep (GPrivate       *cache,
                       const char     *name,
                       gpointer        object,
                       GDestroyNotify  close_func)
{
  GHashTable *objects = g_private_get (cache);

  if (objects == NULL)
    {
      objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, close_func);
      g_private_set (cache, objects);
    }
  g_hash_table_insert (objects, g_strdup (name), object);
}
