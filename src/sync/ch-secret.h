/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Access tokens live in the user's keyring (libsecret; the Secret portal
 * inside Flatpak), keyed by server and chapter.  Never in a plain file. */
gboolean  ch_secret_store_token  (const char    *server_url,
                                  const char    *chapter_id,
                                  const char    *token,
                                  GCancellable  *cancellable,
                                  GError       **error);
/* NULL (and no error) when there is none. */
char     *ch_secret_lookup_token (const char    *server_url,
                                  const char    *chapter_id,
                                  GCancellable  *cancellable,
                                  GError       **error);
gboolean  ch_secret_clear_token  (const char    *server_url,
                                  const char    *chapter_id,
                                  GCancellable  *cancellable,
                                  GError       **error);

/* Reads a token from the first line of @path (trimmed); clear error when the
 * file is missing, empty or not a token. */
char     *ch_secret_read_token_file (const char  *path,
                                     GError     **error);

G_END_DECLS
