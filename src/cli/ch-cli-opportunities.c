/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "ch-chapter.h"
#include "ch-givers-board.h"
#include "ch-opportunities.h"
#include "ch-opportunity-rule.h"
#include "ch-specialties.h"

#include "ch-cli.h"
#include "ch-iso-date.h"

/* opportunities add, list, update, board: one handler each, for the
 * command table of chapterhouse-cli.c. */

static gboolean
on_opportunity_option_cb (const char  *option_name,
                          const char  *value,
                          gpointer     data,
                          GError     **error)
{
  Cli *cli = data;

  g_hash_table_replace (cli->flags, g_strdup (option_name + 2),
                        g_strdup (value != NULL ? value : "1"));
  return TRUE;
}

#define VALUE(name, arg, help) \
  { name, 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_opportunity_option_cb, help, arg }
#define END { NULL, 0, 0, 0, NULL, NULL, NULL }

#define OPPORTUNITY_OPTIONS \
  VALUE ("from", N_("MEMBER_ID"), N_("The member who gives it")), \
  VALUE ("to", N_("MEMBER_ID|chapter"), N_("The member who gets it, or “chapter”")), \
  VALUE ("title", N_("TEXT"), N_("What the opportunity is")), \
  VALUE ("specialty", N_("S"), N_("The specialty it needs, such as azure")), \
  VALUE ("value", N_("lt10k|10k-50k|50k-250k|gt250k"), \
         N_("Its value band, in the chapter’s currency")), \
  VALUE ("notes", N_("TEXT"), N_("Notes")), \
  VALUE ("given", N_("DATE"), N_("The day it was given (default: today)"))

const GOptionEntry ch_cli_opportunities_add_options[] = {
  OPPORTUNITY_OPTIONS,
  END
};

const GOptionEntry ch_cli_opportunities_update_options[] = {
  OPPORTUNITY_OPTIONS,
  VALUE ("status", N_("accepted|won|lost"), N_("Move it on to this step")),
  VALUE ("on", N_("DATE"), N_("The day of that step (default: today)")),
  VALUE ("accepted", N_("DATE"), N_("From given straight to won: the day it was accepted")),
  END
};

const GOptionEntry ch_cli_opportunities_list_options[] = {
  VALUE ("member", N_("MEMBER_ID"), N_("Only those given or received by this member")),
  VALUE ("specialty", N_("S"), N_("Only those of this specialty")),
  VALUE ("status", N_("given|accepted|won|lost"), N_("Only those at this step")),
  VALUE ("period", N_("YYYY|YYYY-QN"), N_("Only those given in this year or quarter")),
  END
};

const GOptionEntry ch_cli_opportunities_board_options[] = {
  VALUE ("period", N_("YYYY|YYYY-QN"), N_("The year or quarter (default: this quarter)")),
  END
};

static int
error_code (const GError *error)
{
  if (g_error_matches (error, CH_OPPORTUNITIES_ERROR, CH_OPPORTUNITIES_ERROR_INVALID))
    return EXIT_INPUT;

  return ch_cli_store_error_code (error);
}

/* The write-format fields of the options given. */
static JsonObject *
fields_from_flags (Cli *cli)
{
  static const struct { const char *flag, *field; } map[] = {
    { "from", "from_member_id" }, { "to", "to_member_id" }, { "title", "title" },
    { "specialty", "specialty" }, { "value", "value_band" }, { "notes", "notes" },
    { "given", "given_on" },
  };
  JsonObject *fields = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      const char *value = ch_cli_flag (cli, map[i].flag);

      if (value == NULL)
        continue;
      /* "--to chapter": given to the chapter, no member. */
      if (strcmp (map[i].flag, "to") == 0 && g_ascii_strcasecmp (value, "chapter") == 0)
        json_object_set_null_member (fields, map[i].field);
      else
        json_object_set_string_member (fields, map[i].field, value);
    }

  return fields;
}

static void
print_opportunity (Cli           *cli,
                   ChOpportunity *o)
{
  if (cli->json)
    {
      g_autoptr(JsonObject) out = ch_opportunity_to_json (o);

      ch_cli_print_json_object (out);
    }
  else
    g_print ("%s\n", ch_opportunity_get_id (o));
}

int
ch_cli_opportunities_add (Cli *cli)
{
  static const char *allowed[] = { "from", "to", "title", "specialty", "value", "notes",
                                   "given", NULL };
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChOpportunity) o = NULL;
  g_autofree char *id = NULL;
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;
  if (ch_cli_flag (cli, "from") == NULL || ch_cli_flag (cli, "title") == NULL)
    return ch_cli_fail (EXIT_USAGE, _("opportunities add needs --from MEMBER_ID and --title"));
  if ((rc = ch_cli_check_date_flags (cli, "given", NULL)))
    return rc;

  fields = fields_from_flags (cli);
  if (!ch_opportunities_add (cli->store, cli->chapter_id, fields, &id, &error) ||
      !(o = ch_opportunities_get (cli->store, id, &error)))
    return ch_cli_fail (error_code (error), "%s", error->message);

  print_opportunity (cli, o);
  return EXIT_OK;
}

int
ch_cli_opportunities_update (Cli *cli)
{
  static const char *allowed[] = { "from", "to", "title", "specialty", "value", "notes",
                                   "given", "status", "on", "accepted", NULL };
  const char *id = ch_cli_arg (cli, 1);
  const char *status = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChOpportunity) o = NULL;
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;
  if (id == NULL)
    return ch_cli_fail (EXIT_USAGE, _("opportunities update needs the opportunity’s id"));
  if ((rc = ch_cli_check_date_flags (cli, "given", "on", "accepted", NULL)))
    return rc;
  status = ch_cli_flag (cli, "status");
  if (status == NULL && (ch_cli_flag (cli, "on") != NULL || ch_cli_flag (cli, "accepted")))
    return ch_cli_fail (EXIT_USAGE, _("--on and --accepted go with --status"));

  fields = fields_from_flags (cli);
  if (!ch_store_begin (cli->store, &error))
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);
  if ((json_object_get_size (fields) > 0 &&
       !ch_opportunities_update (cli->store, id, fields, &error)) ||
      (status != NULL &&
       !ch_opportunities_advance (cli->store, id, status, ch_cli_flag (cli, "on"),
                                  ch_cli_flag (cli, "accepted"), &error)))
    {
      ch_store_rollback (cli->store);
      return ch_cli_fail (error_code (error), "%s", error->message);
    }
  if (!ch_store_commit (cli->store, &error) ||
      !(o = ch_opportunities_get (cli->store, id, &error)))
    return ch_cli_fail (error_code (error), "%s", error->message);

  print_opportunity (cli, o);
  return EXIT_OK;
}

/* "2026-Q4" of today in the chapter's zone. */
static char *
this_quarter (Cli *cli)
{
  g_autofree char *today = ch_iso_date_from_days (ch_store_today_days (cli->store,
                                                                      cli->chapter_id));
  int month = atoi (today + 5);

  return g_strdup_printf ("%.4s-Q%d", today, (month + 2) / 3);
}

int
ch_cli_opportunities_list (Cli *cli)
{
  static const char *allowed[] = { "member", "specialty", "status", "period", NULL };
  ChOpportunityFilter filter = { 0 };
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  const char *period;
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;

  period = ch_cli_flag (cli, "period");
  if (period != NULL && !ch_opportunities_period_range (period, &from, &to))
    return ch_cli_fail (EXIT_USAGE, _("--period takes a year or a quarter, such as 2026 or "
                                      "2026-Q3, not “%s”"), period);
  filter.member_id = ch_cli_flag (cli, "member");
  filter.specialty = ch_cli_flag (cli, "specialty");
  filter.status = ch_cli_flag (cli, "status");
  filter.from = from;
  filter.to = to;
  if (filter.status != NULL && !ch_opportunity_rule_is_status (filter.status))
    return ch_cli_fail (EXIT_USAGE, _("--status takes given, accepted, won or lost"));

  if (!(list = ch_opportunities_list (cli->store, cli->chapter_id, &filter, &error)))
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();
      JsonArray *items = json_array_new ();

      for (guint i = 0; i < list->len; i++)
        json_array_add_object_element (items, ch_opportunity_to_json (list->pdata[i]));
      json_object_set_array_member (out, "opportunities", items);
      ch_cli_print_json_object (out);
      return EXIT_OK;
    }

  chapter = ch_store_get_chapter (cli->store, cli->chapter_id, NULL);
  for (guint i = 0; i < list->len; i++)
    {
      ChOpportunity *o = list->pdata[i];
      g_autofree char *band = ch_opportunity_get_value_band (o)
        ? ch_opportunity_band_label (ch_opportunity_get_value_band (o),
                                     chapter ? ch_chapter_get_currency (chapter) : NULL)
        : g_strdup ("");
      const char *giver = ch_opportunity_get_giver_name (o);
      const char *receiver = ch_opportunity_get_receiver_name (o);

      g_print ("%s\t%s\t%s\t%s → %s\t%s\t%s\t%s\n",
               ch_opportunity_get_id (o),
               ch_opportunity_get_given_on (o),
               ch_opportunity_status_label (ch_opportunity_get_status (o)),
               giver ? giver : _("A former member"),
               ch_opportunity_get_receiver_id (o) == NULL ? _("the chapter")
               : receiver ? receiver : _("A former member"),
               ch_opportunity_get_title (o),
               ch_opportunity_get_specialty (o)
               ? ch_specialties_label (ch_opportunity_get_specialty (o)) : "",
               band);
    }

  return EXIT_OK;
}

int
ch_cli_opportunities_board (Cli *cli)
{
  static const char *allowed[] = { "period", NULL };
  g_autofree char *period = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GPtrArray) board = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;

  period = g_strdup (ch_cli_flag (cli, "period"));
  if (period == NULL)
    period = this_quarter (cli);
  if (!ch_opportunities_period_range (period, &from, &to))
    return ch_cli_fail (EXIT_USAGE, _("--period takes a year or a quarter, such as 2026 or "
                                      "2026-Q3, not “%s”"), period);

  if (!(board = ch_givers_board_compute (cli->store, cli->chapter_id, from, to, &error)))
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();
      JsonArray *items = json_array_new ();

      json_object_set_string_member (out, "period", period);
      json_object_set_string_member (out, "from", from);
      json_object_set_string_member (out, "to", to);
      for (guint i = 0; i < board->len; i++)
        json_array_add_object_element (items, ch_givers_board_entry_to_json (board->pdata[i]));
      json_object_set_array_member (out, "board", items);
      ch_cli_print_json_object (out);
      return EXIT_OK;
    }

  if (board->len == 0)
    {
      g_print (_("No opportunities were given in %s.\n"), period);
      return EXIT_OK;
    }

  for (guint i = 0; i < board->len; i++)
    {
      ChGiversBoardEntry *e = board->pdata[i];
      guint given = ch_givers_board_entry_get_given (e);
      guint won = ch_givers_board_entry_get_won (e);
      g_autofree char *counts = NULL;
      g_autofree char *given_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                  "%u given", "%u given",
                                                                  given), given);
      g_autofree char *won_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%u won", "%u won", won), won);

      /* A tie is shown with "=" after the rank, as on a results board. */
      g_print ("%u%s\t%s\t%s\t%s\t%s\n",
               ch_givers_board_entry_get_rank (e),
               ch_givers_board_entry_get_tied (e) ? "=" : "",
               ch_givers_board_entry_get_member_name (e),
               ch_givers_board_entry_get_company (e) ? ch_givers_board_entry_get_company (e)
                                                     : "",
               given_text, won_text);
    }

  return EXIT_OK;
}
