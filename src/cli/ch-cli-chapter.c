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
#include "ch-events.h"
#include "ch-member-list.h"
#include "ch-money.h"
#include "ch-secret.h"
#include "ch-store-sync.h"
#include "ch-sync.h"

#include "ch-cli.h"

/* ----------------------------------------------------------------------- */
/* chapter                                                                   */

static void
chapter_to_json (ChStore    *store,
                 const char *chapter_id,
                 JsonObject *out)
{
  g_autoptr(JsonObject) row = ch_store_get_row (store, "chapter", chapter_id, NULL);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (row == NULL)
    return;

  json_object_iter_init (&iter, row);
  while (json_object_iter_next (&iter, &name, &node))
    if (g_strcmp0 (name, "deleted") != 0 && g_strcmp0 (name, "chapter_id") != 0)
      json_object_set_member (out, name, json_node_copy (node));

  json_object_set_int_member (out, "members", ch_store_count_members (store, chapter_id));
}


/* The chapter settings given as flags, into @fields (only those given). */

/* The dues line of "chapter show": one whole sentence per period, with
 * the days of grace as its plural. */
static void
print_dues (const char *period,
            const char *amount,
            int         grace_days)
{
  if (g_strcmp0 (period, "monthly") == 0)
    /* Translators: %1$s is an amount of money, %2$d a number of days */
    g_print (g_dngettext (GETTEXT_PACKAGE, "Dues:      %1$s a month, %2$d day of grace\n",
                          "Dues:      %1$s a month, %2$d days of grace\n", grace_days),
             amount, grace_days);
  else if (g_strcmp0 (period, "quarterly") == 0)
    /* Translators: %1$s is an amount of money, %2$d a number of days */
    g_print (g_dngettext (GETTEXT_PACKAGE, "Dues:      %1$s a quarter, %2$d day of grace\n",
                          "Dues:      %1$s a quarter, %2$d days of grace\n", grace_days),
             amount, grace_days);
  else
    /* Translators: %1$s is an amount of money, %2$d a number of days */
    g_print (g_dngettext (GETTEXT_PACKAGE, "Dues:      %1$s a year, %2$d day of grace\n",
                          "Dues:      %1$s a year, %2$d days of grace\n", grace_days),
             amount, grace_days);
}

static int
chapter_fields_from_flags (Cli        *cli,
                           JsonObject *fields)
{
  static const struct { const char *flag; const char *field; } text_flags[] = {
    { "name", "name" }, { "country", "country" }, { "city", "city" },
    { "timezone", "timezone" }, { "currency", "currency" }, { "period", "dues_period" },
  };
  const char *dues = ch_cli_flag (cli, "dues");

  for (guint i = 0; i < G_N_ELEMENTS (text_flags); i++)
    if (ch_cli_flag (cli, text_flags[i].flag) != NULL)
      json_object_set_string_member (fields, text_flags[i].field,
                                     ch_cli_flag (cli, text_flags[i].flag));

  if (dues != NULL)
    {
      gint64 minor;

      if (!g_ascii_string_to_signed (dues, 10, 0, G_MAXINT64 / 2, &minor, NULL))
        return ch_cli_fail (EXIT_INPUT,
                            _("--dues takes the amount in minor units (cents), e.g. 15000, "
                              "not “%s”"),
                            dues);
      json_object_set_int_member (fields, "dues_amount", minor);
    }
  if (ch_cli_flag (cli, "period"))
    {
      const char *p = ch_cli_flag (cli, "period");

      if (g_strcmp0 (p, "yearly") != 0 && g_strcmp0 (p, "quarterly") != 0 &&
          g_strcmp0 (p, "monthly") != 0)
        return ch_cli_fail (EXIT_INPUT, _("--period is yearly, quarterly or monthly, not “%s”"),
                            p);
    }
  if (ch_cli_flag (cli, "grace-days"))
    {
      guint64 days;

      if (!g_ascii_string_to_unsigned (ch_cli_flag (cli, "grace-days"), 10, 0, 365, &days, NULL))
        return ch_cli_fail (EXIT_INPUT, _("--grace-days is a whole number from 0 to 365"));
      json_object_set_int_member (fields, "grace_days", (gint64) days);
    }

  return EXIT_OK;
}

int
ch_cli_chapter_create (Cli *cli)
{
  int rc;

  static const char *allowed[] = { "name", "country", "city", "timezone", "currency", "dues",
                                   "period", "grace-days", NULL };
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ChChapter) chapter = NULL;

  if ((rc = ch_cli_check_flags (cli, allowed)) || (rc = ch_cli_open_store (cli)))
    return rc;

  if ((rc = chapter_fields_from_flags (cli, fields)))
    return rc;
  /* Required, so said missing rather than left out. */
  if (!json_object_has_member (fields, "name"))
    json_object_set_string_member (fields, "name", "");
  if (!json_object_has_member (fields, "timezone"))
    json_object_set_string_member (fields, "timezone", "");
  if (!json_object_has_member (fields, "currency"))
    json_object_set_string_member (fields, "currency", "");
  if (!ch_chapter_check_fields (fields, &error))
    return ch_cli_fail (EXIT_INPUT, "%s", error->message);

  chapter = ch_store_create_chapter (cli->store, fields, &error);
  if (chapter == NULL)
    return ch_cli_fail (EXIT_INPUT, "%s", error->message);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();
      chapter_to_json (cli->store, ch_chapter_get_id (chapter), out);
      ch_cli_print_json_object (out);
    }
  else
    g_print ("%s\n", ch_chapter_get_id (chapter));
  return EXIT_OK;
}

int
ch_cli_chapter_show (Cli *cli)
{
  int rc;

  static const char *allowed[] = { NULL };
  g_autoptr(JsonObject) out = json_object_new ();

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;

  chapter_to_json (cli->store, cli->chapter_id, out);
  if (cli->json)
    ch_cli_print_json_object (out);
  else
    {
      g_autoptr(ChChapter) c = ch_store_get_chapter (cli->store, cli->chapter_id, NULL);
      g_autofree char *dues = ch_money_format (ch_chapter_get_dues_amount (c),
                                               ch_chapter_get_currency (c));
      const char *country = ch_country_display_name (ch_chapter_get_country (c));

      g_print (_("Chapter:   %s\n"), ch_chapter_get_name (c));
      g_print (_("Id:        %s\n"), ch_chapter_get_id (c));
      g_print (_("Place:     %s%s%s\n"), ch_chapter_get_city (c) ? ch_chapter_get_city (c) : "",
               ch_chapter_get_city (c) && country ? ", " : "", country ? country : "");
      g_print (_("Time zone: %s\n"), ch_chapter_get_timezone (c));
      print_dues (ch_chapter_get_dues_period (c), dues, ch_chapter_get_grace_days (c));
      g_print (_("Members:   %u\n"), ch_store_count_members (cli->store, cli->chapter_id));
    }
  return EXIT_OK;
}

int
ch_cli_chapter_update (Cli *cli)
{
  int rc;

  static const char *allowed[] = { "name", "country", "city", "timezone", "currency", "dues",
                                   "period", "grace-days", NULL };
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;

  if ((rc = ch_cli_open_chapter (cli, allowed)) || (rc = chapter_fields_from_flags (cli, fields)))
    return rc;
  if (json_object_get_size (fields) == 0)
    return ch_cli_fail (EXIT_USAGE,
                     _("chapter update takes at least one of --name, --city, --country, "
                       "--timezone, --currency, --dues, --period, --grace-days"));

  /* A normal synced edit: sent to the server at the next sync. */
  if (!ch_chapter_update (cli->store, cli->chapter_id, fields, &error))
    return ch_cli_fail (ch_cli_store_error_code (error), "%s", error->message);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();
      chapter_to_json (cli->store, cli->chapter_id, out);
      ch_cli_print_json_object (out);
    }
  else
    g_print (_("Chapter updated; the change is sent at the next sync.\n"));
  return EXIT_OK;
}
