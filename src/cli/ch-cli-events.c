/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-cli.h"

/* events, registrations, attendance — being written. */
int
cli_cmd_events (Cli *cli)
{
  return cli_fail (EXIT_USAGE, _("unknown command “%s”; see --help"), "events");
}

int
cli_cmd_registrations (Cli *cli)
{
  return cli_fail (EXIT_USAGE, _("unknown command “%s”; see --help"), "registrations");
}

int
cli_cmd_attendance (Cli *cli)
{
  return cli_fail (EXIT_USAGE, _("unknown command “%s”; see --help"), "attendance");
}
