/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-mail-account.h"

G_BEGIN_DECLS

/*
 * The password of a chapter's e-mail account lives in the user's keyring
 * (libsecret; the Secret portal inside Flatpak), keyed by server and user.
 * Never in the database nor in a log.  Where there is no keyring (a
 * server, a script), the account names a file holding it, read at every
 * send.
 */

#define CH_MAIL_SECRET_ERROR (ch_mail_secret_error_quark ())

typedef enum
{
  CH_MAIL_SECRET_ERROR_FILE,       /* the password file is missing or empty */
  CH_MAIL_SECRET_ERROR_MISSING,    /* the account wants a password, none is stored */
} ChMailSecretError;

GQuark    ch_mail_secret_error_quark     (void);

gboolean  ch_mail_secret_store_password  (const char     *server,
                                          const char     *user,
                                          const char     *password,
                                          GCancellable   *cancellable,
                                          GError        **error);
/* NULL (and no error) when there is none. */
char     *ch_mail_secret_lookup_password (const char     *server,
                                          const char     *user,
                                          GCancellable   *cancellable,
                                          GError        **error);
gboolean  ch_mail_secret_clear_password  (const char     *server,
                                          const char     *user,
                                          GCancellable   *cancellable,
                                          GError        **error);

/* The first line of @path (its line end removed); clear error when the file
 * is missing or the line empty. */
char     *ch_mail_secret_read_file       (const char     *path,
                                          GError        **error);

/* The password to log in to @account with: the account's password file
 * when it names one, else the keyring; NULL (no error) when the account
 * has no user.  CH_MAIL_SECRET_ERROR_MISSING when there is a user but no
 * password anywhere. */
char     *ch_mail_secret_for_account     (const ChMailAccount *account,
                                          GCancellable        *cancellable,
                                          GError             **error);

G_END_DECLS
