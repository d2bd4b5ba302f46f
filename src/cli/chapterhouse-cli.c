/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ch-chapters.h"
#include "ch-country.h"
#include "ch-entity.h"
#include "ch-gettext.h"
#include "ch-events.h"
#include "ch-member-list.h"
#include "ch-membership.h"
#include "ch-merge.h"
#include "ch-secret.h"
#include "ch-specialties.h"
#include "ch-store-sync.h"
#include "ch-sync.h"
#include "ch-date.h"

#include "ch-cli.h"
#include "ch-cli-mail.h"
#include "ch-cli-pad.h"

int
ch_cli_fail (int         code,
             const char *format,
             ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: prefix of every error message of the command line tool */
  g_printerr (_("chapterhouse-cli: %s\n"), msg);
  return code;
}

void
ch_cli_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

void
ch_cli_print_json_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  ch_cli_print_json (node);
}

void
ch_cli_print_json_array (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, array);
  ch_cli_print_json (node);
}

const char *
ch_cli_flag (Cli        *cli,
             const char *name)
{
  return g_hash_table_lookup (cli->flags, name);
}

const char *
ch_cli_arg (Cli   *cli,
            guint  i)
{
  return i < cli->args->len ? g_ptr_array_index (cli->args, i) : NULL;
}

int
ch_cli_check_date (const char *flag,
                   const char *value)
{
  GDate date;

  if (value != NULL && !ch_date_parse (value, &date))
    return ch_cli_fail (EXIT_INPUT, _("--%s: “%s” is not a date; write it as 2026-11-23"), flag,
                        value);

  return EXIT_OK;
}

int
ch_cli_check_date_flags (Cli *cli,
                         ...)
{
  const char *flag;
  va_list args;
  int rc = EXIT_OK;

  va_start (args, cli);
  while (rc == EXIT_OK && (flag = va_arg (args, const char *)) != NULL)
    rc = ch_cli_check_date (flag, ch_cli_flag (cli, flag));
  va_end (args);

  return rc;
}

int
ch_cli_check_flags (Cli                *cli,
                    const char * const *allowed)
{
  GHashTableIter iter;
  const char *name;

  g_hash_table_iter_init (&iter, cli->flags);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    {
      if (!g_strv_contains (allowed, name))
        return ch_cli_fail (EXIT_USAGE, _("unknown option --%s for this command"), name);
    }

  return EXIT_OK;
}

int
ch_cli_open_store (Cli *cli)
{
  g_autoptr(GError) error = NULL;

  if (cli->read_only)
    cli->store = ch_store_open_existing (cli->db_path, &error);
  else
    cli->store = ch_store_open (cli->db_path, &error);
  if (cli->store == NULL)
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  /* A command lists names in the user's order, as it always did: after a
   * change of language it makes the keys again before it answers. */
  if (ch_store_has_pending_collation (cli->store) &&
      !ch_store_update_collation (cli->store, &error))
    g_debug ("Could not sort the members in the language's order: %s", error->message);

  return EXIT_OK;
}

/* The chapter the command is about: --chapter, or the only one there is. */
int
ch_cli_pick_chapter (Cli *cli)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GError) error = NULL;

  if (cli->chapter_id != NULL)
    {
      g_autoptr(ChChapter) chapter = ch_store_get_chapter (cli->store, cli->chapter_id, &error);

      if (chapter == NULL)
        return ch_cli_fail (EXIT_USAGE, _("no chapter %s in %s"), cli->chapter_id, cli->db_path);
      return EXIT_OK;
    }

  chapters = ch_store_list_chapters (cli->store, &error);
  if (chapters == NULL)
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);
  if (chapters->len == 0)
    return ch_cli_fail (EXIT_USAGE,
                        _("there is no chapter yet; make one with “chapter create” "
                          "or “connect”"));
  if (chapters->len > 1)
    return ch_cli_fail (EXIT_USAGE,
                        ngettext ("there is %u chapter; say which with --chapter ID",
                                  "there are %u chapters; say which with --chapter ID",
                                  chapters->len),
                        chapters->len);

  cli->chapter_id = g_strdup (ch_chapter_get_id (g_ptr_array_index (chapters, 0)));
  return EXIT_OK;
}

int
ch_cli_open_chapter (Cli                *cli,
                     const char * const *allowed)
{
  int rc;

  if ((rc = ch_cli_check_flags (cli, allowed)) || (rc = ch_cli_open_store (cli)) ||
      (rc = ch_cli_pick_chapter (cli)))
    return rc;

  return EXIT_OK;
}

/* The exit code for a store error: refused data or a failure. */
int
ch_cli_store_error_code (const GError *error)
{
  if (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID) ||
      g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED) ||
      g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL) ||
      g_error_matches (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID) ||
      g_error_matches (error, CH_MERGE_ERROR, CH_MERGE_ERROR_INVALID) ||
      g_error_matches (error, CH_SPECIALTIES_ERROR, CH_SPECIALTIES_ERROR_INVALID))
    return EXIT_INPUT;

  return EXIT_FAILED;
}


/* ----------------------------------------------------------------------- */
/* The command table                                                       */

/* Every option of a command is kept in cli->flags under its long name:
 * its value, or "1" for a switch; the commands read them with
 * ch_cli_flag(). */
static gboolean
on_command_option_cb (const char  *option_name,
                      const char  *value,
                      gpointer     data,
                      GError     **error)
{
  Cli *cli = data;
  const char *name = g_str_equal (option_name, "-o") ? "output" : option_name + 2;

  g_hash_table_replace (cli->flags, g_strdup (name), g_strdup (value != NULL ? value : "1"));
  return TRUE;
}

static gboolean
on_global_option_cb (const char  *option_name,
                     const char  *value,
                     gpointer     data,
                     GError     **error)
{
  Cli *cli = data;
  char **target = g_str_equal (option_name, "--db") ? &cli->db_path : &cli->chapter_id;

  g_free (*target);
  *target = g_strdup (value);
  return TRUE;
}

#define VALUE(name, arg, help) \
  { name, 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_command_option_cb, help, arg }
#define SWITCH(name, help) \
  { name, 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer) on_command_option_cb, \
    help, NULL }
#define END { NULL, 0, 0, 0, NULL, NULL, NULL }

static const GOptionEntry no_options[] = { END };

#define CHAPTER_OPTIONS \
  VALUE ("name", N_("NAME"), N_("The chapter’s name")), \
  VALUE ("country", N_("CODE|NAME"), N_("Its country")), \
  VALUE ("city", N_("CITY"), N_("Its city")), \
  VALUE ("timezone", N_("TZ"), N_("Its time zone, such as Europe/Vienna")), \
  VALUE ("currency", N_("CUR"), N_("The currency of its dues, such as EUR")), \
  VALUE ("dues", N_("MINOR_UNITS"), N_("The dues in minor units (cents), such as 15000")), \
  VALUE ("period", N_("yearly|quarterly|monthly"), N_("How often dues are paid")), \
  VALUE ("grace-days", N_("N"), N_("Days a member stays in good standing after the dues are due"))

static const GOptionEntry chapter_options[] = { CHAPTER_OPTIONS, END };

static const GOptionEntry members_list_options[] = {
  VALUE ("search", N_("TEXT"), N_("Only members whose name, company or e-mail has TEXT")),
  VALUE ("sort", N_("name|company|tier|status|city|email"), N_("The order of the list")),
  SWITCH ("descending", N_("Sort from last to first")),
  VALUE ("tier", N_("T"), N_("Only members of this tier")),
  VALUE ("status", N_("prospect|active|grace|lapsed|left"), N_("Only members in this state")),
  VALUE ("specialty", N_("S"), N_("Only members with this specialty")),
  VALUE ("role", N_("R"), N_("Only members holding this role")),
  VALUE ("partner-kind", N_("K"), N_("Only members of this kind of partner")),
  END
};

static const GOptionEntry member_options[] = {
  VALUE ("given", N_("G"), N_("Given name")),
  VALUE ("family", N_("F"), N_("Family name")),
  VALUE ("email", N_("E"), N_("E-mail address")),
  VALUE ("phone", N_("P"), N_("Phone number")),
  VALUE ("company", N_("C"), N_("Company")),
  VALUE ("job-title", N_("T"), N_("Job title")),
  VALUE ("city", N_("C"), N_("City")),
  VALUE ("country", N_("C"), N_("Country")),
  VALUE ("tier", N_("network|chapter|honorary"), N_("Membership tier")),
  VALUE ("partner-kind", N_("K"), N_("Kind of partner")),
  VALUE ("joined", N_("DATE"), N_("The day they joined")),
  VALUE ("left", N_("DATE"), N_("The day they left")),
  VALUE ("paid-until", N_("DATE"), N_("The day their dues are paid until")),
  VALUE ("notes", N_("TEXT"), N_("Notes")),
  VALUE ("specialties", N_("\"azure,security\""), N_("Specialties, separated by commas")),
  VALUE ("gender", N_("G"), N_("Gender")),
  VALUE ("birth-year", N_("YYYY"), N_("Year of birth")),
  VALUE ("consent-directory", N_("yes|no"), N_("Whether they may be listed in the directory")),
  VALUE ("consent-email", N_("yes|no"), N_("Whether they may get e-mail")),
  END
};

static const GOptionEntry members_upgrade_options[] = {
  VALUE ("tier", N_("T"), N_("The new tier")),
  VALUE ("date", N_("DATE"), N_("The day of the change (default: today)")),
  END
};

static const GOptionEntry members_leave_options[] = {
  VALUE ("reason", N_("cost|no-value|moved|company-closed|other"), N_("Why they leave")),
  VALUE ("date", N_("DATE"), N_("The day they leave (default: today)")),
  END
};

static const GOptionEntry members_rejoin_options[] = {
  VALUE ("date", N_("DATE"), N_("The day they come back (default: today)")),
  END
};

static const GOptionEntry token_options[] = {
  VALUE ("token-file", N_("FILE"), N_("A file holding the device token")),
  END
};

static const GOptionEntry rejections_options[] = {
  SWITCH ("all", N_("Dismiss them all")),
  END
};

static const GOptionEntry payments_add_options[] = {
  VALUE ("amount", N_("MINOR_UNITS"), N_("The amount in minor units (cents)")),
  VALUE ("paid-on", N_("DATE"), N_("The day it was paid (default: today)")),
  VALUE ("currency", N_("CUR"), N_("Its currency (default: the chapter’s)")),
  VALUE ("covers-from", N_("DATE"), N_("The first day it pays for")),
  VALUE ("covers-until", N_("DATE"), N_("The last day it pays for")),
  VALUE ("method", N_("M"), N_("How it was paid")),
  VALUE ("reference", N_("R"), N_("A reference, such as an invoice number")),
  END
};

static const GOptionEntry roles_add_options[] = {
  VALUE ("role", N_("R"), N_("The role")),
  VALUE ("from", N_("DATE"), N_("The first day in the role")),
  VALUE ("to", N_("DATE"), N_("The last day in the role")),
  SWITCH ("hand-over", N_("End the term of whoever holds the role now")),
  END
};

static const GOptionEntry roles_end_options[] = {
  VALUE ("to", N_("DATE"), N_("The last day in the role")),
  END
};

static const GOptionEntry events_list_options[] = {
  SWITCH ("past", N_("List past events too")),
  END
};

static const GOptionEntry event_options[] = {
  VALUE ("title", N_("T"), N_("Title")),
  VALUE ("start", N_("\"YYYY-MM-DD HH:MM\""), N_("When it starts")),
  VALUE ("end", N_("\"YYYY-MM-DD HH:MM\""), N_("When it ends")),
  VALUE ("timezone", N_("Z"), N_("Its time zone (default: the chapter’s)")),
  VALUE ("kind", N_("K"), N_("Kind of event")),
  VALUE ("format", N_("in-person|online|hybrid"), N_("Where people take part")),
  VALUE ("venue", N_("V"), N_("Venue")),
  VALUE ("address", N_("A"), N_("Address of the venue")),
  VALUE ("capacity-in-person", N_("N"), N_("Seats in the room")),
  VALUE ("join-url", N_("U"), N_("The link to join online")),
  VALUE ("capacity-online", N_("N"), N_("Places online")),
  VALUE ("status", N_("draft|published"), N_("Whether members see it")),
  VALUE ("description", N_("D"), N_("Description")),
  END
};

static const GOptionEntry events_export_options[] = {
  { "output", 'o', 0, G_OPTION_ARG_CALLBACK, (gpointer) on_command_option_cb,
    N_("The calendar file to write"), N_("FILE") },
  END
};

#define REGISTRANT_OPTIONS \
  VALUE ("member", N_("ID"), N_("The member who comes")), \
  VALUE ("guest-name", N_("N"), N_("The name of a guest who comes")), \
  VALUE ("guest-email", N_("E"), N_("The guest’s e-mail address"))

static const GOptionEntry registrations_add_options[] = {
  REGISTRANT_OPTIONS,
  VALUE ("mode", N_("in-person|online"), N_("How they take part")),
  END
};

static const GOptionEntry registrations_walk_in_options[] = { REGISTRANT_OPTIONS, END };

static const GOptionEntry registrations_check_in_options[] = {
  SWITCH ("undo", N_("Take the check-in back")),
  VALUE ("method", N_("M"), N_("How they were checked in")),
  VALUE ("minutes", N_("N"), N_("Minutes they attended online")),
  END
};

/* ch-cli-import.c */
static const GOptionEntry import_options[] = {
  VALUE ("sheet", N_("N"), N_("The sheet of a workbook to read (1 is the first)")),
  VALUE ("mapping", N_("FILE.json"), N_("Which column is which field, as the window saves it")),
  SWITCH ("dry-run", N_("Only tell what the import would do")),
  VALUE ("date-order", N_("day-first|month-first"), N_("How to read dates such as 03/04/2024")),
  VALUE ("matches", N_("update|skip|keep-both"), N_("What to do with members already there")),
  SWITCH ("notes", N_("Put the columns that are not imported into the notes")),
  VALUE ("undo", N_("BATCH|last"), N_("Take an import back")),
  END
};

static const GOptionEntry members_export_data_options[] = {
  { "output", 'o', 0, G_OPTION_ARG_CALLBACK, (gpointer) on_command_option_cb,
    N_("The JSON file to write (default: the standard output)"), N_("FILE") },
  END
};

static const GOptionEntry members_erase_options[] = {
  SWITCH ("yes", N_("Erase without asking: it cannot be undone")),
  END
};

static const GOptionEntry report_options[] = {
  VALUE ("format", N_("pdf|csv|json"), N_("The kind of file (default: pdf)")),
  VALUE ("from", N_("DATE"), N_("The first day of the period (default: a year before --to)")),
  VALUE ("to", N_("DATE"), N_("The last day of the period (default: today)")),
  VALUE ("paper", N_("a4|letter"), N_("The paper of the PDF (default: the locale’s)")),
  { "output", 'o', 0, G_OPTION_ARG_CALLBACK, (gpointer) on_command_option_cb,
    N_("The file to write (default for CSV and JSON: the standard output)"), N_("FILE") },
  END
};

static const GOptionEntry export_members_options[] = {
  VALUE ("format", N_("csv|xlsx|json|vcard|pdf"), N_("The kind of file (default: csv)")),
  { "output", 'o', 0, G_OPTION_ARG_CALLBACK, (gpointer) on_command_option_cb,
    N_("The file to write (default: the standard output)"), N_("FILE") },
  SWITCH ("bom", N_("Start the CSV file with a byte order mark, for Excel")),
  VALUE ("from", N_("DATE"), N_("Payments: only those paid on this day or later")),
  VALUE ("to", N_("DATE"), N_("Payments: only those paid on this day or earlier")),
  VALUE ("search", N_("TEXT"), N_("Only members whose name, company or e-mail has TEXT")),
  VALUE ("sort", N_("name|company|tier|status|city|email"), N_("The order of the list")),
  SWITCH ("descending", N_("Sort from last to first")),
  VALUE ("tier", N_("T"), N_("Only members of this tier")),
  VALUE ("status", N_("prospect|active|grace|lapsed|left"), N_("Only members in this state")),
  VALUE ("specialty", N_("S"), N_("Only members with this specialty")),
  VALUE ("role", N_("R"), N_("Only members holding this role")),
  VALUE ("partner-kind", N_("K"), N_("Only members of this kind of partner")),
  END
};

typedef struct
{
  const char         *noun;      /* "members", or a command of one word ("sync") */
  const char         *verb;      /* "list", or NULL for a command of one word */
  const char         *params;    /* the positional arguments, for the help */
  const char         *summary;
  const GOptionEntry *options;
  gboolean            writes;    /* FALSE: only reads, never creates the store */
  gboolean            is_default;  /* the verb when none is given */
  int               (*run) (Cli *cli);
} CliCommand;

static const CliCommand commands[] = {
  { "chapter", "create", "", N_("Make the chapter this database keeps"),
    chapter_options, TRUE, FALSE, ch_cli_chapter_create },
  { "chapter", "show", "", N_("Show the chapter"),
    no_options, FALSE, FALSE, ch_cli_chapter_show },
  { "chapter", "update", "", N_("Change the chapter’s settings"),
    chapter_options, TRUE, FALSE, ch_cli_chapter_update },
  { "connect", NULL, N_("URL"), N_("Link this database to a chapter on a server (needs --chapter)"),
    token_options, TRUE, FALSE, ch_cli_cmd_connect },
  { "sync", NULL, "", N_("Send the changes to the server and take in everyone else’s"),
    token_options, TRUE, FALSE, ch_cli_cmd_sync },
  { "status", NULL, "", N_("Show the state of the last sync and what the server refused"),
    no_options, FALSE, FALSE, ch_cli_cmd_status },
  { "rejections", "dismiss", N_("[ID]"), N_("Dismiss a refused change (“status” lists them)"),
    rejections_options, TRUE, FALSE, ch_cli_cmd_rejections },
  { "members", "list", "", N_("List the members"),
    members_list_options, FALSE, FALSE, ch_cli_members_list },
  { "members", "show", N_("ID"), N_("Show a member"),
    no_options, FALSE, FALSE, ch_cli_members_show },
  { "members", "add", "", N_("Add a member (needs --given and --family)"),
    member_options, TRUE, FALSE, ch_cli_members_add },
  { "members", "update", N_("ID"), N_("Change a member"),
    member_options, TRUE, FALSE, ch_cli_members_update },
  { "members", "delete", N_("ID"), N_("Delete a member"),
    no_options, TRUE, FALSE, ch_cli_members_delete },
  { "members", "upgrade", N_("ID"), N_("Move a member to another tier (needs --tier)"),
    members_upgrade_options, TRUE, FALSE, ch_cli_members_upgrade },
  { "members", "leave", N_("ID"), N_("Record that a member leaves (needs --reason)"),
    members_leave_options, TRUE, FALSE, ch_cli_members_leave },
  { "members", "rejoin", N_("ID"), N_("Record that a member who left comes back"),
    members_rejoin_options, TRUE, FALSE, ch_cli_members_rejoin },
  { "members", "merge", N_("SURVIVOR_ID OTHER_ID"), N_("Merge two records of one person into one"),
    no_options, TRUE, FALSE, ch_cli_members_merge },
  { "members", "export-data", N_("ID"),
    N_("Write everything stored about a member to one JSON file"),
    members_export_data_options, FALSE, FALSE, ch_cli_members_export_data },
  { "members", "erase", N_("ID"),
    N_("Erase a member’s personal data here, on the server and on every laptop"),
    members_erase_options, TRUE, FALSE, ch_cli_members_erase },
  { "payments", "add", N_("MEMBER_ID"), N_("Record a payment of dues (needs --amount)"),
    payments_add_options, TRUE, FALSE, ch_cli_payments_add },
  { "payments", "list", N_("[MEMBER_ID]"), N_("List the payments"),
    no_options, FALSE, FALSE, ch_cli_payments_list },
  { "roles", "add", N_("MEMBER_ID"), N_("Give a member a role (needs --role and --from)"),
    roles_add_options, TRUE, FALSE, ch_cli_roles_add },
  { "roles", "end", N_("ROLE_ID"), N_("End a term in a role (needs --to)"),
    roles_end_options, TRUE, FALSE, ch_cli_roles_end },
  { "roles", "list", "", N_("List who holds which role"),
    no_options, FALSE, FALSE, ch_cli_roles_list },
  { "events", "list", "", N_("List the coming events"),
    events_list_options, FALSE, TRUE, ch_cli_events_list },
  { "events", "add", "", N_("Add an event (needs --title, --start and --end)"),
    event_options, TRUE, FALSE, ch_cli_events_add },
  { "events", "update", N_("ID"), N_("Change an event"),
    event_options, TRUE, FALSE, ch_cli_events_update },
  { "events", "show", N_("ID"), N_("Show an event"),
    no_options, FALSE, FALSE, ch_cli_events_show },
  { "events", "cancel", N_("ID"), N_("Cancel an event"),
    no_options, TRUE, FALSE, ch_cli_events_cancel },
  { "events", "duplicate", N_("ID"), N_("Copy an event as a new draft"),
    no_options, TRUE, FALSE, ch_cli_events_duplicate },
  { "events", "export-ics", N_("[EVENT]"), N_("Write events to a calendar file (needs -o FILE)"),
    events_export_options, FALSE, FALSE, ch_cli_events_export_ics },
  { "registrations", "add", N_("EVENT"),
    N_("Register a member or a guest for an event"),
    registrations_add_options, TRUE, FALSE, ch_cli_registrations_add },
  { "registrations", "walk-in", N_("EVENT"),
    N_("Register and check in someone who came without registering"),
    registrations_walk_in_options, TRUE, FALSE, ch_cli_registrations_walk_in },
  { "registrations", "list", N_("EVENT"), N_("List who registered for an event"),
    no_options, FALSE, FALSE, ch_cli_registrations_list },
  { "registrations", "cancel", N_("REGISTRATION"), N_("Cancel a registration"),
    no_options, TRUE, FALSE, ch_cli_registrations_cancel },
  { "registrations", "check-in", N_("REGISTRATION"), N_("Check someone in at the door"),
    registrations_check_in_options, TRUE, FALSE, ch_cli_registrations_check_in },
  { "attendance", "import", N_("EVENT FILE"),
    N_("Import who attended online from a Teams or Zoom attendance report"),
    no_options, TRUE, FALSE, ch_cli_cmd_attendance },
  { "import", NULL, N_("FILE"), N_("Import members from a CSV, TSV, XLSX or ODS file"),
    import_options, TRUE, FALSE, ch_cli_cmd_import },
  { "export", "members", "", N_("Write the members to a CSV, XLSX, JSON or vCard file"),
    export_members_options, FALSE, FALSE, ch_cli_cmd_export },
  { "export", "registrations", N_("EVENT"), N_("Write an event’s registrations to a file"),
    export_members_options, FALSE, FALSE, ch_cli_cmd_export },
  { "export", "payments", "", N_("Write the payments of a period to a file (--from, --to)"),
    export_members_options, FALSE, FALSE, ch_cli_cmd_export },
  { "export", "roles", "", N_("Write who holds which role to a file"),
    export_members_options, FALSE, FALSE, ch_cli_cmd_export },
  { "export", "directory", "", N_("Write the member directory (PDF, CSV, XLSX, JSON, vCard)"),
    export_members_options, FALSE, FALSE, ch_cli_cmd_export },
  { "backup", NULL, N_("FILE"), N_("Write a consistent copy of the data file, even while in use"),
    no_options, FALSE, FALSE, ch_cli_cmd_backup },
  { "restore", NULL, N_("FILE"),
    N_("Bring a backup back into the data file (the next sync adds what the server has)"),
    no_options, TRUE, FALSE, ch_cli_cmd_restore },
  { "mail", "account", N_("set|show"), N_("Set or show the chapter’s e-mail account"),
    ch_cli_mail_account_options, TRUE, FALSE, ch_cli_mail_account },
  { "mail", "templates", N_("[KEY]"), N_("List the mail templates, show or change one"),
    ch_cli_mail_templates_options, TRUE, FALSE, ch_cli_mail_templates },
  { "mail", "send", "", N_("E-mail members a template, each their own message"),
    ch_cli_mail_send_options, TRUE, FALSE, ch_cli_mail_send },
  { "mail", "outbox", "", N_("List the messages sent, waiting or failed"),
    no_options, FALSE, TRUE, ch_cli_mail_outbox },
  { "mail", "retry", "", N_("Send the waiting and failed messages again"),
    ch_cli_mail_retry_options, TRUE, FALSE, ch_cli_mail_retry },
  { "mail", "log", N_("MEMBER_ID"), N_("Show what was e-mailed to a member"),
    no_options, FALSE, FALSE, ch_cli_mail_log },
  { "opportunities", "add", "",
    N_("Log an opportunity one member gives (needs --from and --title)"),
    ch_cli_opportunities_add_options, TRUE, FALSE, ch_cli_opportunities_add },
  { "opportunities", "list", "", N_("List the opportunities given and received"),
    ch_cli_opportunities_list_options, FALSE, TRUE, ch_cli_opportunities_list },
  { "opportunities", "update", N_("ID"), N_("Change an opportunity or move it on (--status)"),
    ch_cli_opportunities_update_options, TRUE, FALSE, ch_cli_opportunities_update },
  { "opportunities", "board", "", N_("Rank the members by the opportunities they gave"),
    ch_cli_opportunities_board_options, FALSE, FALSE, ch_cli_opportunities_board },
  { "report", NULL, "", N_("Write the chapter report for headquarters (PDF, CSV or JSON)"),
    report_options, FALSE, FALSE, ch_cli_cmd_report },
};

/* "members list ID" */
static char *
command_synopsis (const CliCommand *command)
{
  GString *text = g_string_new (command->noun);

  if (command->verb != NULL)
    g_string_append_printf (text, " %s", command->verb);
  if (command->params[0] != '\0')
    g_string_append_printf (text, " %s", _(command->params));

  return g_string_free (text, FALSE);
}

/* The overview: every command with its summary and its options, by noun;
 * with @only, the commands of that noun alone. */
static void
print_overview (const char *only)
{
  const char *noun = NULL;

  if (only != NULL)
    {
      /* Translators: %s is a noun of the command line, such as "members" */
      g_print (_("Usage: chapterhouse-cli [--db PATH] [--chapter ID] [--json] %s COMMAND …\n"),
               only);
      g_print ("\n%s", _("Commands:\n"));
    }
  else
    g_print ("%s", _("Usage: chapterhouse-cli [--db PATH] [--chapter ID] [--json] COMMAND …\n"
                     "\n"
                     "Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const CliCommand *command = &commands[i];
      g_autofree char *synopsis = NULL;
      GString *options = NULL;
      guint column = 6;

      if (only != NULL && !g_str_equal (only, command->noun))
        continue;
      synopsis = command_synopsis (command);
      options = g_string_new (NULL);
      if (noun != NULL && !g_str_equal (noun, command->noun))
        g_print ("\n");
      noun = command->noun;

      {
        g_autofree char *padded = ch_cli_pad (synopsis, 36);

        g_print ("  %s %s\n", padded, _(command->summary));
      }
      for (const GOptionEntry *e = command->options; e->long_name != NULL; e++)
        {
          g_autofree char *item = NULL;

          if (e->flags & G_OPTION_FLAG_NO_ARG)
            item = g_strdup_printf ("[--%s]", e->long_name);
          else if (e->short_name != 0)
            item = g_strdup_printf ("[-%c %s]", e->short_name, _(e->arg_description));
          else
            item = g_strdup_printf ("[--%s %s]", e->long_name, _(e->arg_description));
          if (column + 1 + strlen (item) > 99)
            {
              g_string_append (options, "\n    ");
              column = 6;
            }
          g_string_append_printf (options, " %s", item);
          column += 1 + strlen (item);
        }
      if (options->len > 0)
        g_print ("    %s\n", options->str);
      g_string_free (options, TRUE);
    }

  if (only != NULL)
    {
      /* Translators: %s is a noun of the command line, such as "members" */
      g_print (_("\n“chapterhouse-cli %s COMMAND --help” prints the options of one command;\n"
                 "“chapterhouse-cli --help” lists every command and the options they share.\n"),
               only);
      return;
    }

  g_print ("\n%s", _("Options before or after the command:\n"
                     "  --db PATH      the database file\n"
                     "  --chapter ID   the chapter, when the database keeps more than one\n"
                     "  --json         answer in JSON\n"
                     "\n"
                     "  --version      print the version and stop\n"
                     "  -h, --help     print this help; “chapterhouse-cli COMMAND --help” "
                     "prints\n"
                     "                 the options of one command\n"
                     "\n"
                     "Exit codes: 0 done, 1 failed, 2 wrong command line, 3 data refused.\n"));
}

typedef enum
{
  OPTION_UNKNOWN,
  OPTION_SWITCH,
  OPTION_VALUE,         /* the value is the next argument */
  OPTION_VALUE_JOINED,  /* --name=value, -oFILE */
} OptionKind;

/* What @arg, an argument starting with "-", is to @command (NULL: before
 * the command, where only the global options and --version are known). */
static OptionKind
option_kind (const CliCommand *command,
             const char       *arg)
{
  const GOptionEntry *e;

  if (g_str_has_prefix (arg, "--"))
    {
      const char *eq = strchr (arg, '=');
      g_autofree char *name = eq ? g_strndup (arg + 2, eq - arg - 2) : g_strdup (arg + 2);
      OptionKind value = eq ? OPTION_VALUE_JOINED : OPTION_VALUE;

      if (g_str_equal (name, "db") || g_str_equal (name, "chapter"))
        return value;
      if (g_str_equal (name, "json") || g_str_equal (name, "help"))
        return OPTION_SWITCH;
      if (command == NULL)
        return g_str_equal (name, "version") ? OPTION_SWITCH : OPTION_UNKNOWN;
      for (e = command->options; e->long_name != NULL; e++)
        if (g_str_equal (e->long_name, name))
          return (e->flags & G_OPTION_FLAG_NO_ARG) ? OPTION_SWITCH : value;
      return OPTION_UNKNOWN;
    }

  if (g_str_equal (arg, "-h"))
    return OPTION_SWITCH;
  for (e = command ? command->options : no_options; e->long_name != NULL; e++)
    if (e->short_name != 0 && arg[1] == e->short_name)
      return arg[2] != '\0' ? OPTION_VALUE_JOINED : OPTION_VALUE;

  return OPTION_UNKNOWN;
}

static const CliCommand *
find_command (const char *noun,
              const char *verb)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].noun, noun) &&
        (verb != NULL ? g_strcmp0 (commands[i].verb, verb) == 0
                        : commands[i].verb == NULL || commands[i].is_default))
      return &commands[i];

  return NULL;
}

static gboolean
noun_has_verbs (const char *noun)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].noun, noun))
      return commands[i].verb != NULL;

  return FALSE;
}

/* Parses the command line of @command (@args: the program, then every
 * argument but the command's words) into @cli. */
static int
parse_command (Cli               *cli,
               const CliCommand  *command,
               GStrv             *args)
{
  g_autofree char *synopsis = command_synopsis (command);
  g_autoptr(GOptionContext) context = g_option_context_new (synopsis);
  g_autoptr(GError) error = NULL;
  GOptionGroup *group;
  const GOptionEntry global_options[] = {
    { "db", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_global_option_cb,
      N_("The database file"), N_("PATH") },
    { "chapter", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_global_option_cb,
      N_("The chapter, when the database keeps more than one"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json, N_("Answer in JSON"), NULL },
    END
  };

  /* An option the command does not know: say so as before, with a hint. */
  for (guint i = 1; (*args)[i] != NULL; i++)
    {
      const char *arg = (*args)[i];

      if (g_str_equal (arg, "--"))
        break;
      if (arg[0] != '-' || arg[1] == '\0')
        continue;

      switch (option_kind (command, arg))
        {
        case OPTION_UNKNOWN:
          {
            g_autofree char *name = g_strndup (arg, strcspn (arg, "="));

            /* Translators: the first %s is an option such as --colour, the
             * second a command such as "members list" */
            return ch_cli_fail (EXIT_USAGE, _("unknown option %s for this command; "
                                              "see “chapterhouse-cli %s --help”"),
                                name, synopsis);
          }
        case OPTION_VALUE:
          if ((*args)[i + 1] != NULL)
            i++;
          break;
        case OPTION_SWITCH:
        case OPTION_VALUE_JOINED:
        default:
          break;
        }
    }

  group = g_option_group_new (NULL, NULL, NULL, cli, NULL);
  g_option_group_add_entries (group, command->options);
  g_option_group_add_entries (group, global_options);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(command->summary));
  g_option_context_set_description (context, _("Exit codes: 0 done, 1 failed, "
                                               "2 wrong command line, 3 data refused."));

  if (!g_option_context_parse_strv (context, args, &error))
    {
      /* Translators: %s is what is wrong, such as "Missing argument for
       * --name"; then a command such as "members list" */
      return ch_cli_fail (EXIT_USAGE, _("%s; see “chapterhouse-cli %s --help”"),
                          error->message, synopsis);
    }

  return EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  Cli cli = { 0 };
  const CliCommand *command;
  g_autoptr(GPtrArray) rest = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) args = NULL;
  int noun_at = -1, verb_at = -1;
  gboolean help = FALSE, version = FALSE;
  int rc;

  ch_gettext_init ();

  /* The command's words: the noun ("members"), and its verb ("list"). */
  for (int i = 1; i < argc && verb_at < 0; i++)
    {
      const char *a = argv[i];

      if (a[0] == '-' && a[1] != '\0')
        {
          OptionKind kind = option_kind (NULL, a);

          if (g_str_equal (a, "--help") || g_str_equal (a, "-h"))
            help = TRUE;
          else if (noun_at < 0 && g_str_equal (a, "--version"))
            version = TRUE;
          /* Unknown before the command: taken as an option with a value,
           * as most are; the command's own parser has the last word. */
          if ((kind == OPTION_VALUE || (kind == OPTION_UNKNOWN && !strchr (a, '='))) &&
              i + 1 < argc)
            i++;
        }
      else if (noun_at < 0)
        {
          noun_at = i;
          if (!noun_has_verbs (a))
            break;
        }
      else
        verb_at = i;
    }

  if (version)
    {
      g_print ("chapterhouse-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  /* "chapterhouse-cli", "--help": the overview. */
  if (noun_at < 0)
    {
      print_overview (NULL);
      return help ? EXIT_OK : EXIT_USAGE;
    }
  /* "members --help": the commands of that noun. */
  if (help && verb_at < 0 && noun_has_verbs (argv[noun_at]))
    {
      print_overview (argv[noun_at]);
      return EXIT_OK;
    }
  command = find_command (argv[noun_at], verb_at > 0 ? argv[verb_at] : NULL);

  if (command == NULL && verb_at > 0)
    return ch_cli_fail (EXIT_USAGE, _("unknown command “%s %s”; see --help"),
                        argv[noun_at], argv[verb_at]);
  if (command == NULL && noun_has_verbs (argv[noun_at]))
    return ch_cli_fail (EXIT_USAGE, _("“%s” needs a command after it, such as “%s list”; "
                                      "see --help"), argv[noun_at], argv[noun_at]);
  if (command == NULL)
    return ch_cli_fail (EXIT_USAGE, _("unknown command “%s”; see --help"), argv[noun_at]);

  g_ptr_array_add (rest, g_strdup (argv[0]));
  for (int i = 1; i < argc; i++)
    if (i != noun_at && i != verb_at)
      g_ptr_array_add (rest, g_strdup (argv[i]));
  g_ptr_array_add (rest, NULL);
  args = (GStrv) g_ptr_array_steal (rest, NULL);

  cli.flags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cli.args = g_ptr_array_new_with_free_func (g_free);
  cli.read_only = !command->writes;

  rc = parse_command (&cli, command, &args);
  if (rc == EXIT_OK)
    {
      if (command->verb != NULL)
        g_ptr_array_add (cli.args, g_strdup (command->verb));
      for (guint i = 1; args[i] != NULL; i++)
        g_ptr_array_add (cli.args, g_strdup (args[i]));

      if (cli.db_path == NULL)
        cli.db_path = ch_store_default_path ();

      rc = command->run (&cli);
    }

  g_clear_object (&cli.store);
  g_hash_table_unref (cli.flags);
  g_ptr_array_unref (cli.args);
  g_free (cli.db_path);
  g_free (cli.chapter_id);

  return rc;
}
