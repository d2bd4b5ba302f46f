/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-server"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ch-server-cli.h"
#include "ch-gettext.h"

int
main (int    argc,
      char **argv)
{
  ch_gettext_init ();

  return ch_server_cli_run (argc, argv);
}
