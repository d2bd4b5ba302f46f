/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-member-data.h"

#include "ch-cli.h"

/* members export-data ID -o FILE */
int
ch_cli_members_export_data (Cli *cli)
{
  static const char *allowed[] = { "output", NULL };
  const char *id = ch_cli_arg (cli, 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  if (id == NULL)
    return ch_cli_fail (EXIT_USAGE, _("members export-data needs the member’s id"));
  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;

  if (!(bytes = ch_member_data_export (cli->store, id, &error)))
    return ch_cli_fail (error->domain == CH_MEMBER_DATA_ERROR ? EXIT_INPUT : EXIT_FAILED,
                        "%s", error->message);

  return ch_cli_write_output (ch_cli_flag (cli, "output"), bytes);
}

/* members erase ID --yes */
int
ch_cli_members_erase (Cli *cli)
{
  static const char *allowed[] = { "yes", NULL };
  const char *id = ch_cli_arg (cli, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  int rc;

  if (id == NULL)
    return ch_cli_fail (EXIT_USAGE, _("members erase needs the member’s id"));
  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;

  if (ch_cli_flag (cli, "yes") == NULL)
    return ch_cli_fail (EXIT_USAGE,
                        _("erasing wipes the member’s name, contact details and notes here, "
                          "on the server and on every officer’s laptop at their next sync; "
                          "only a count remains. It cannot be undone. Add --yes to erase."));

  if (!ch_member_data_erase (cli->store, id, NULL, &error))
    return ch_cli_fail (error->domain == CH_MEMBER_DATA_ERROR ? EXIT_INPUT : EXIT_FAILED,
                        "%s", error->message);

  done = ch_member_data_describe_erasure (cli->store, id);
  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "erased", id);
      json_object_set_string_member (object, "description", done);
      ch_cli_print_json_object (object);
    }
  else
    g_print ("%s\n", done);

  return EXIT_OK;
}
