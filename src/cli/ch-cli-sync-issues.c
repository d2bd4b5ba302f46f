/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-cli.h"
#include "ch-store-sync.h"

/* What the server refused or overrode: listed by "status" with the
 * reason, until "rejections dismiss ID|--all". */

static JsonObject *
issue_to_json (const ChSyncIssue *issue)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "id", issue->id);
  json_object_set_string_member (o, "kind", issue->kind);
  json_object_set_string_member (o, "entity", issue->entity);
  json_object_set_string_member (o, "row_id", issue->row_id);
  json_object_set_string_member (o, "label", issue->label);
  json_object_set_string_member (o, "field", issue->field);
  json_object_set_string_member (o, "reason", issue->reason);
  json_object_set_string_member (o, "text", issue->text);
  json_object_set_string_member (o, "created_at", issue->created_at);

  return o;
}

GPtrArray *
ch_cli_list_sync_issues (Cli  *cli,
                         int  *rc)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *issues = ch_store_list_sync_issues (cli->store, cli->chapter_id, &error);

  *rc = issues != NULL ? EXIT_OK : ch_cli_fail (EXIT_FAILED, "%s", error->message);

  return issues;
}

void
ch_cli_add_sync_issues (JsonObject *status,
                        GPtrArray  *issues)
{
  JsonArray *array = json_array_sized_new (issues->len);

  for (guint i = 0; i < issues->len; i++)
    json_array_add_object_element (array, issue_to_json (g_ptr_array_index (issues, i)));
  json_object_set_array_member (status, "issues", array);
}

void
ch_cli_print_sync_issues (GPtrArray *issues)
{
  guint n = issues->len;

  if (n == 0)
    return;

  g_print ("\n");
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "%u change the server refused or overrode (dismiss with "
                        "“rejections dismiss ID” or “--all”):\n",
                        "%u changes the server refused or overrode (dismiss with "
                        "“rejections dismiss ID” or “--all”):\n", n), n);
  for (guint i = 0; i < n; i++)
    {
      const ChSyncIssue *issue = g_ptr_array_index (issues, i);

      g_print ("  %" G_GINT64_FORMAT "  %s  %s\n", issue->id,
               issue->created_at ? issue->created_at : "", issue->text ? issue->text : "");
    }
}

int
ch_cli_cmd_rejections (Cli *cli)
{
  static const char *allowed[] = { "all", NULL };
  const char *sub = ch_cli_arg (cli, 0);
  const char *id_text = ch_cli_arg (cli, 1);
  gboolean all = ch_cli_flag (cli, "all") != NULL;
  g_autoptr(GError) error = NULL;
  guint64 id = 0;
  int rc;

  if (g_strcmp0 (sub, "dismiss") != 0 || (id_text == NULL) == !all ||
      (id_text != NULL && !g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL)))
    return ch_cli_fail (EXIT_USAGE, _("usage: rejections dismiss ID, or rejections dismiss --all "
                                   "(the numbers are in “status”)"));

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;

  if (all ? !ch_store_dismiss_sync_issues (cli->store, cli->chapter_id, &error)
          : !ch_store_dismiss_sync_issue (cli->store, (gint64) id, &error))
    return ch_cli_fail (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND)
                     ? EXIT_INPUT : EXIT_FAILED, "%s", error->message);

  return EXIT_OK;
}
