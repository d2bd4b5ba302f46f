/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ch-export.h"
#include "ch-import.h"
#include "ch-import-batch.h"
#include "ch-member-list.h"

#include "ch-cli.h"

/* import FILE [--sheet N] [--mapping FILE.json] [--dry-run] [--date-order …]
 * [--matches …]; import --undo BATCH|last */

static int
undo_import (Cli        *cli,
             const char *batch)
{
  g_autofree char *latest = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (batch, "last") == 0)
    {
      if (!(latest = ch_import_batch_latest (cli->store, cli->chapter_id)))
        return ch_cli_fail (EXIT_INPUT, _("There is no import to undo."));
      batch = latest;
    }

  if (!ch_import_batch_undo (cli->store, batch, &error))
    return ch_cli_fail (error->domain == CH_IMPORT_BATCH_ERROR ? EXIT_INPUT : EXIT_FAILED,
                        "%s", error->message);

  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "undone", batch);
      ch_cli_print_json_object (object);
    }
  else
    g_print ("%s\n", _("The import was undone."));

  return EXIT_OK;
}

static int
apply_mapping_file (ChImport   *import,
                    const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, &error))
    return ch_cli_fail (EXIT_INPUT, _("--mapping: %s"), error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return ch_cli_fail (EXIT_INPUT, _("--mapping: the file must hold a JSON object"));
  if (!ch_import_apply_mapping (import, json_node_get_object (root), &error))
    return ch_cli_fail (EXIT_INPUT, "%s", error->message);

  return EXIT_OK;
}

static void
print_summary (ChImportResult *result)
{
  GPtrArray *notes = ch_import_result_get_notes (result);

  for (guint i = 0; i < CH_IMPORT_N_OUTCOMES; i++)
    {
      g_autofree char *line = ch_import_result_format_count (result, i);

      g_print ("%s\n", line);
    }

  for (guint i = 0; i < notes->len; i++)
    {
      ChImportResultNote *note = g_ptr_array_index (notes, i);

      /* Translators: a row of the imported file that was not simply
       * created: its line number and why. */
      g_print (_("Line %u: %s\n"), note->line, note->message);
    }

  if (ch_import_result_get_batch_id (result))
    /* Translators: %s is an id to pass to "import --undo" */
    g_print (_("To undo this import: chapterhouse-cli import --undo %s\n"),
             ch_import_result_get_batch_id (result));
}

int
ch_cli_cmd_import (Cli *cli)
{
  static const char *allowed[] = { "sheet", "mapping", "dry-run", "date-order", "matches",
                                   "notes", "undo", NULL };
  const char *path = ch_cli_arg (cli, 0);
  const char *sheet_text = ch_cli_flag (cli, "sheet");
  const char *order = ch_cli_flag (cli, "date-order");
  g_autoptr(ChSheet) sheet = NULL;
  g_autoptr(ChImport) import = NULL;
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint64 sheet_number = 1;
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;

  if (ch_cli_flag (cli, "undo"))
    return undo_import (cli, ch_cli_flag (cli, "undo"));

  if (path == NULL)
    return ch_cli_fail (EXIT_USAGE, _("import needs the file to read"));
  if (sheet_text != NULL &&
      !g_ascii_string_to_unsigned (sheet_text, 10, 1, 1000, &sheet_number, NULL))
    return ch_cli_fail (EXIT_USAGE, _("--sheet is the number of the sheet, 1 for the first"));
  if (order != NULL && g_strcmp0 (order, "day-first") != 0 &&
      g_strcmp0 (order, "month-first") != 0)
    return ch_cli_fail (EXIT_USAGE, _("--date-order is day-first or month-first"));

  if (!(sheet = ch_sheet_new_from_file (path, (guint) sheet_number - 1, &error)) ||
      !(import = ch_import_new (cli->store, cli->chapter_id, sheet, &error)))
    return ch_cli_fail (error->domain == G_FILE_ERROR ? EXIT_FAILED : EXIT_INPUT,
                        "%s", error->message);

  if (ch_cli_flag (cli, "mapping") && (rc = apply_mapping_file (import,
                                                                ch_cli_flag (cli, "mapping"))))
    return rc;
  if (order != NULL)
    ch_import_set_date_order (import, g_str_equal (order, "day-first") ?
                              CH_IMPORT_DATE_ORDER_DAY_FIRST : CH_IMPORT_DATE_ORDER_MONTH_FIRST);
  if (ch_cli_flag (cli, "notes"))
    ch_import_set_unmapped_to_notes (import, TRUE);
  if (ch_cli_flag (cli, "matches"))
    {
      g_autoptr(JsonObject) mapping = json_object_new ();

      json_object_set_string_member (mapping, "matches", ch_cli_flag (cli, "matches"));
      if (!ch_import_apply_mapping (import, mapping, &error))
        return ch_cli_fail (EXIT_USAGE, _("--matches is update, skip or keep-both"));
    }

  if (!(result = ch_import_run (import, ch_cli_flag (cli, "dry-run") != NULL, NULL, NULL, NULL,
                                &error)) &&
      g_error_matches (error, CH_IMPORT_ERROR, CH_IMPORT_ERROR_DATE_ORDER))
    return ch_cli_fail (EXIT_INPUT, _("%s Pass --date-order day-first or month-first."),
                        error->message);
  if (result == NULL)
    return ch_cli_fail (error->domain == CH_IMPORT_ERROR ? EXIT_INPUT : EXIT_FAILED,
                        "%s", error->message);

  if (cli->json)
    {
      g_autoptr(JsonObject) object = ch_import_result_to_json (result);

      ch_cli_print_json_object (object);
    }
  else
    print_summary (result);

  return EXIT_OK;
}

/* export members|registrations EVENT|payments|roles|directory
 * --format csv|xlsx|json|vcard|pdf [-o FILE] [--bom] [--from DATE --to DATE]
 * and, for members, the filters of "members list". */
static GBytes *
export_members (Cli             *cli,
                ChExportFormat   format,
                GError         **error)
{
  g_autoptr(ChMemberList) list = ch_member_list_new (cli->store, cli->chapter_id);

  ch_member_list_set_search (list, ch_cli_flag (cli, "search"));
  ch_member_list_set_sort (list, ch_cli_flag (cli, "sort"),
                           ch_cli_flag (cli, "descending") != NULL);
  ch_member_list_set_filter (list, "tier", ch_cli_flag (cli, "tier"));
  ch_member_list_set_filter (list, "status", ch_cli_flag (cli, "status"));
  ch_member_list_set_filter (list, "specialty", ch_cli_flag (cli, "specialty"));
  ch_member_list_set_filter (list, "role", ch_cli_flag (cli, "role"));
  ch_member_list_set_filter (list, "partner_kind", ch_cli_flag (cli, "partner-kind"));
  if (!ch_member_list_refresh_sync (list, error))
    return NULL;

  return ch_export_members (cli->store, G_LIST_MODEL (list), format,
                            ch_cli_flag (cli, "bom") != NULL, error);
}

int
ch_cli_cmd_export (Cli *cli)
{
  static const char *allowed[] = { "format", "output", "bom", "search", "sort", "descending",
                                   "tier", "status", "specialty", "role", "partner-kind",
                                   "from", "to", NULL };
  /* In the order of ChExportSubject. */
  static const char *subjects[] = { "members", "registrations", "payments", "roles",
                                    "directory", NULL };
  const char *what = ch_cli_arg (cli, 0);
  const char *output = ch_cli_flag (cli, "output");
  gboolean bom = ch_cli_flag (cli, "bom") != NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  ChExportSubject subject;
  ChExportFormat format;
  ChMemberStatus status;
  int rc;

  if (what == NULL || !g_strv_contains (subjects, what))
    return ch_cli_fail (EXIT_USAGE, _("export members, registrations EVENT, payments, roles "
                                      "or directory"));
  for (subject = 0; strcmp (subjects[subject], what) != 0; subject++)
    ;
  if (subject == CH_EXPORT_SUBJECT_REGISTRATIONS && ch_cli_arg (cli, 1) == NULL)
    return ch_cli_fail (EXIT_USAGE, _("export registrations needs the event’s id"));

  if ((rc = ch_cli_open_chapter (cli, allowed)) ||
      (rc = ch_cli_check_date_flags (cli, "from", "to", NULL)))
    return rc;

  if (!ch_export_format_from_string (ch_cli_flag (cli, "format") ?
                                     ch_cli_flag (cli, "format") : "csv", &format, &error) ||
      !ch_export_check_format (subject, format, &error))
    return ch_cli_fail (EXIT_USAGE, "%s", error->message);
  if (ch_cli_flag (cli, "status") != NULL &&
      !ch_member_status_from_string (ch_cli_flag (cli, "status"), &status))
    return ch_cli_fail (EXIT_USAGE,
                        _("--status is prospect, active, grace, lapsed or left, not “%s”"),
                        ch_cli_flag (cli, "status"));

  switch (subject)
    {
    case CH_EXPORT_SUBJECT_MEMBERS:
      bytes = export_members (cli, format, &error);
      break;
    case CH_EXPORT_SUBJECT_REGISTRATIONS:
      bytes = ch_export_registrations (cli->store, ch_cli_arg (cli, 1), format, bom, &error);
      break;
    case CH_EXPORT_SUBJECT_PAYMENTS:
      bytes = ch_export_payments (cli->store, cli->chapter_id, ch_cli_flag (cli, "from"),
                                  ch_cli_flag (cli, "to"), format, bom, &error);
      break;
    case CH_EXPORT_SUBJECT_ROLES:
      bytes = ch_export_roles (cli->store, cli->chapter_id, format, bom, &error);
      break;
    case CH_EXPORT_SUBJECT_DIRECTORY:
    default:
      bytes = ch_export_directory (cli->store, cli->chapter_id, format, bom, &error);
      break;
    }
  if (bytes == NULL)
    return ch_cli_fail (g_error_matches (error, CH_EXPORT_ERROR, CH_EXPORT_ERROR_NOT_FOUND) ?
                        EXIT_INPUT : EXIT_FAILED, "%s", error->message);

  return ch_cli_write_output (output, bytes);
}

/* Writes @bytes to @output ("-" or NULL: the standard output); a file is
 * personal data, readable by its owner only. */
int
ch_cli_write_output (const char *output,
                     GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  if (output == NULL || g_str_equal (output, "-"))
    {
      fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
      return EXIT_OK;
    }

  if (!g_file_set_contents_full (output, g_bytes_get_data (bytes, NULL),
                                 (gssize) g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  return EXIT_OK;
}
