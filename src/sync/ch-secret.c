/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "ch-secret.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.chapterhouse.Chapterhouse.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "chapter", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };

  return &schema;
}

gboolean
ch_secret_store_token (const char    *server_url,
                       const char    *chapter_id,
                       const char    *token,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *label = g_strdup_printf (_("Chapterhouse access token for %s"), server_url);

  return secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                                     cancellable, error,
                                     "server", server_url, "chapter", chapter_id, NULL);
}

char *
ch_secret_lookup_token (const char    *server_url,
                        const char    *chapter_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  char *secret = secret_password_lookup_sync (token_schema (), cancellable, error,
                                              "server", server_url, "chapter", chapter_id, NULL);
  char *copy = g_strdup (secret);

  secret_password_free (secret);
  return copy;
}

gboolean
ch_secret_clear_token (const char    *server_url,
                       const char    *chapter_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (token_schema (), cancellable, &local_error,
                              "server", server_url, "chapter", chapter_id, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

char *
ch_secret_read_token_file (const char  *path,
                           GError     **error)
{
  g_autofree char *contents = NULL;
  char *nl;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  nl = strchr (contents, '\n');
  if (nl != NULL)
    *nl = '\0';
  g_strstrip (contents);

  if (*contents == '\0' || strlen (contents) > 512 || !g_utf8_validate (contents, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” does not hold an access token on its first line."), path);
      return NULL;
    }

  for (const char *p = contents; *p; p++)
    if (g_ascii_isspace (*p) || !g_ascii_isprint (*p))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("“%s” does not hold an access token on its first line."), path);
        return NULL;
      }

  return g_steal_pointer (&contents);
}
