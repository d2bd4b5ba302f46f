/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-cli.h"

/* payments add|list — being written. */
int
cli_cmd_payments (Cli *cli)
{
  return cli_fail (EXIT_USAGE, _("unknown command “%s”; see --help"), "payments");
}
