/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-store-backup.h"

#include "ch-cli.h"

/* backup FILE: a consistent copy of the data file, while other programs
 * (the window) may be writing it.  restore FILE: the copy brought back in
 * place, with a new device id; the next sync brings back what the server
 * has and the backup does not. */

static int
check_data_file (Cli *cli)
{
  static const char *allowed[] = { NULL };
  int rc;

  if ((rc = ch_cli_check_flags (cli, allowed)))
    return rc;
  if (ch_cli_arg (cli, 0) == NULL || ch_cli_arg (cli, 1) != NULL)
    return ch_cli_fail (EXIT_USAGE, _("give one file, e.g. “%s”"), "chapter-backup.db");
  if (!g_file_test (cli->db_path, G_FILE_TEST_IS_REGULAR))
    return ch_cli_fail (EXIT_FAILED, _("The data file “%s” does not exist."), cli->db_path);

  return EXIT_OK;
}

int
ch_cli_cmd_backup (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  const char *file;
  int rc;

  if ((rc = check_data_file (cli)))
    return rc;
  file = ch_cli_arg (cli, 0);

  if (!ch_store_backup_to_file (cli->db_path, file, NULL, NULL, NULL, &error))
    return ch_cli_fail (ch_cli_store_error_code (error), "%s", error->message);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "backup", file);
      ch_cli_print_json_object (out);
    }
  else
    g_print (_("Backed up “%s” to “%s”.\n"), cli->db_path, file);

  return EXIT_OK;
}

int
ch_cli_cmd_restore (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  const char *file;
  guint lost;
  int rc;

  if ((rc = check_data_file (cli)) || (rc = ch_cli_open_store (cli)))
    return rc;
  file = ch_cli_arg (cli, 0);

  /* Changes made here and never sent: the backup does not have them, and
   * neither does the server. */
  lost = ch_store_backup_count_unsent (cli->store, file);

  if (!ch_store_restore_into (file, cli->db_path, NULL, NULL, NULL, &error) ||
      !ch_store_finish_restore (cli->store, &error))
    return ch_cli_fail (ch_cli_store_error_code (error), "%s", error->message);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "restored", file);
      json_object_set_int_member (out, "unsent_changes_lost", lost);
      json_object_set_string_member (out, "device_id", ch_store_get_device_id (cli->store));
      ch_cli_print_json_object (out);
      return EXIT_OK;
    }

  g_print (_("Restored “%s” into “%s”.\n"), file, cli->db_path);
  if (lost > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%u change made here since the last sync was not in the backup and "
                          "is gone.\n",
                          "%u changes made here since the last sync were not in the backup "
                          "and are gone.\n", lost), lost);
  g_print ("%s\n", _("Run “chapterhouse-cli sync” to bring back what the server has and the "
                     "backup does not."));

  return EXIT_OK;
}
