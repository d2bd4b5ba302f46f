/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The chapterhouse-server command line: serve, chapter, token, compact.
 * Returns the process exit status. */
int ch_server_cli_run (int    argc,
                       char **argv);

G_END_DECLS
