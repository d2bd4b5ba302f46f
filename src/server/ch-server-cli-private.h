/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ch-server-store.h"

G_BEGIN_DECLS

/* What the files of chapterhouse-server's sub-commands share
 * (ch-server-cli.c: options, the store, the admin commands;
 * ch-server-cli-serve.c: "serve" and its configuration file).  Only those
 * files include this header. */

int
ch_server_cli_usage_error (GOptionContext *context,
                           const char     *message);

int
ch_server_cli_fail (const char *message);

gboolean
ch_server_cli_parse_options (GOptionContext  *context,
                             const char      *summary,
                             GOptionEntry    *entries,
                             char           **db,
                             int             *argc,
                             char          ***argv,
                             int             *status);

ChServerStore *
ch_server_cli_open_store (const char  *db,
                          gboolean     create,
                          int         *status);

int
ch_server_cli_serve (int    argc,
                     char **argv);

/* A new random token, "chs_" and 43 characters. */
char *
ch_server_cli_new_token (GError **error);

/* ch-server-cli-admin.c */
int
ch_server_cli_admin_devices_list (int    argc,
                                  char **argv);
int
ch_server_cli_admin_devices_forget (int    argc,
                                    char **argv);
int
ch_server_cli_admin_token_rotate (int    argc,
                                  char **argv);
int
ch_server_cli_admin_chapter_update (int    argc,
                                    char **argv);
int
ch_server_cli_admin_chapter_remove (int    argc,
                                    char **argv);

G_END_DECLS
