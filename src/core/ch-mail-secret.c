/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "ch-mail-secret.h"

G_DEFINE_QUARK (ch-mail-secret-error-quark, ch_mail_secret_error)

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "io.github.chapterhouse.Chapterhouse.MailPassword", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };

  return &schema;
}

gboolean
ch_mail_secret_store_password (const char    *server,
                               const char    *user,
                               const char    *password,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autofree char *label = g_strdup_printf (_("Chapterhouse e-mail password for %s on %s"),
                                            user, server);

  return secret_password_store_sync (password_schema (), SECRET_COLLECTION_DEFAULT, label,
                                     password, cancellable, error,
                                     "server", server, "user", user, NULL);
}

char *
ch_mail_secret_lookup_password (const char    *server,
                                const char    *user,
                                GCancellable  *cancellable,
                                GError       **error)
{
  char *secret = secret_password_lookup_sync (password_schema (), cancellable, error,
                                              "server", server, "user", user, NULL);
  char *copy = g_strdup (secret);

  secret_password_free (secret);
  return copy;
}

gboolean
ch_mail_secret_clear_password (const char    *server,
                               const char    *user,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (password_schema (), cancellable, &local_error,
                              "server", server, "user", user, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

char *
ch_mail_secret_read_file (const char  *path,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  char *end;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    {
      g_set_error (error, CH_MAIL_SECRET_ERROR, CH_MAIL_SECRET_ERROR_FILE,
                   _("The password file “%s” cannot be read."), path);
      return NULL;
    }

  end = strpbrk (contents, "\r\n");
  if (end != NULL)
    *end = '\0';
  if (*contents == '\0' || !g_utf8_validate (contents, -1, NULL))
    {
      g_set_error (error, CH_MAIL_SECRET_ERROR, CH_MAIL_SECRET_ERROR_FILE,
                   _("“%s” does not hold a password on its first line."), path);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

char *
ch_mail_secret_for_account (const ChMailAccount  *account,
                            GCancellable         *cancellable,
                            GError              **error)
{
  g_autoptr(GError) keyring_error = NULL;
  char *password;

  if (account->user == NULL)
    return NULL;
  if (account->password_file != NULL)
    return ch_mail_secret_read_file (account->password_file, error);

  password = ch_mail_secret_lookup_password (account->server, account->user, cancellable,
                                             &keyring_error);
  if (password != NULL)
    return password;

  if (keyring_error != NULL)
    g_debug ("No keyring: %s", keyring_error->message);
  g_set_error (error, CH_MAIL_SECRET_ERROR, CH_MAIL_SECRET_ERROR_MISSING,
               _("No password is stored for %s on %s. Set the e-mail account’s password again."),
               account->user, account->server);
  return NULL;
}
