/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ch-chapter-settings.h"
#include "ch-country.h"
#include "ch-entity.h"
#include "ch-events.h"
#include "ch-member-list.h"
#include "ch-membership.h"
#include "ch-secret.h"
#include "ch-store-sync.h"
#include "ch-sync-engine.h"
#include "ch-util.h"

#include "ch-cli.h"

int
cli_fail (int         code,
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
cli_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

void
cli_print_json_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  cli_print_json (node);
}

void
cli_print_json_array (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, array);
  cli_print_json (node);
}

const char *
cli_flag (Cli        *cli,
      const char *name)
{
  return g_hash_table_lookup (cli->flags, name);
}

const char *
cli_arg (Cli   *cli,
         guint  i)
{
  return i < cli->args->len ? g_ptr_array_index (cli->args, i) : NULL;
}

int
cli_check_date (const char *flag,
                const char *value)
{
  GDate date;

  if (value != NULL && !ch_date_parse (value, &date))
    return cli_fail (EXIT_INPUT, _("--%s: “%s” is not a date; write it as 2026-11-23"), flag, value);

  return EXIT_OK;
}

int
cli_check_date_flags (Cli *cli,
                      ...)
{
  const char *flag;
  va_list args;
  int rc = EXIT_OK;

  va_start (args, cli);
  while (rc == EXIT_OK && (flag = va_arg (args, const char *)) != NULL)
    rc = cli_check_date (flag, cli_flag (cli, flag));
  va_end (args);

  return rc;
}

int
cli_check_flags (Cli                *cli,
             const char * const *allowed)
{
  GHashTableIter iter;
  const char *name;

  g_hash_table_iter_init (&iter, cli->flags);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    {
      if (!g_strv_contains (allowed, name))
        return cli_fail (EXIT_USAGE, _("unknown option --%s for this command"), name);
    }

  return EXIT_OK;
}

int
cli_open_store (Cli *cli)
{
  g_autoptr(GError) error = NULL;

  cli->store = ch_store_open (cli->db_path, &error);
  if (cli->store == NULL)
    return cli_fail (EXIT_FAILED, "%s", error->message);

  return EXIT_OK;
}

/* The chapter the command is about: --chapter, or the only one there is. */
int
cli_pick_chapter (Cli *cli)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GError) error = NULL;

  if (cli->chapter_id != NULL)
    {
      g_autoptr(ChChapter) chapter = ch_store_get_chapter (cli->store, cli->chapter_id, &error);

      if (chapter == NULL)
        return cli_fail (EXIT_USAGE, _("no chapter %s in %s"), cli->chapter_id, cli->db_path);
      return EXIT_OK;
    }

  chapters = ch_store_list_chapters (cli->store, &error);
  if (chapters == NULL)
    return cli_fail (EXIT_FAILED, "%s", error->message);
  if (chapters->len == 0)
    return cli_fail (EXIT_USAGE, _("there is no chapter yet; make one with “chapter create” or “connect”"));
  if (chapters->len > 1)
    return cli_fail (EXIT_USAGE, _("there are %u chapters; say which with --chapter ID"), chapters->len);

  cli->chapter_id = g_strdup (ch_chapter_get_id (g_ptr_array_index (chapters, 0)));
  return EXIT_OK;
}

int
cli_open_chapter (Cli                *cli,
                  const char * const *allowed)
{
  int rc;

  if ((rc = cli_check_flags (cli, allowed)) || (rc = cli_open_store (cli)) || (rc = cli_pick_chapter (cli)))
    return rc;

  return EXIT_OK;
}

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

static int store_error_code (const GError *error);

/* The chapter settings given as flags, into @fields (only those given). */
static int
chapter_fields_from_flags (Cli        *cli,
                           JsonObject *fields)
{
  static const struct { const char *flag; const char *field; } text_flags[] = {
    { "name", "name" }, { "country", "country" }, { "city", "city" },
    { "timezone", "timezone" }, { "currency", "currency" }, { "period", "dues_period" },
  };
  const char *dues = cli_flag (cli, "dues");

  for (guint i = 0; i < G_N_ELEMENTS (text_flags); i++)
    if (cli_flag (cli, text_flags[i].flag) != NULL)
      json_object_set_string_member (fields, text_flags[i].field,
                                     cli_flag (cli, text_flags[i].flag));

  if (dues != NULL)
    {
      gint64 minor;

      if (!g_ascii_string_to_signed (dues, 10, 0, G_MAXINT64 / 2, &minor, NULL))
        return cli_fail (EXIT_INPUT,
                         _("--dues takes the amount in minor units (cents), e.g. 15000, not “%s”"),
                         dues);
      json_object_set_int_member (fields, "dues_amount", minor);
    }
  if (cli_flag (cli, "period"))
    {
      const char *p = cli_flag (cli, "period");

      if (g_strcmp0 (p, "yearly") != 0 && g_strcmp0 (p, "quarterly") != 0 &&
          g_strcmp0 (p, "monthly") != 0)
        return cli_fail (EXIT_INPUT, _("--period is yearly, quarterly or monthly, not “%s”"), p);
    }
  if (cli_flag (cli, "grace-days"))
    {
      guint64 days;

      if (!g_ascii_string_to_unsigned (cli_flag (cli, "grace-days"), 10, 0, 365, &days, NULL))
        return cli_fail (EXIT_INPUT, _("--grace-days is a whole number from 0 to 365"));
      json_object_set_int_member (fields, "grace_days", (gint64) days);
    }

  return EXIT_OK;
}

static int
cmd_chapter (Cli *cli)
{
  const char *sub = cli_arg (cli, 0);
  int rc;

  if (g_strcmp0 (sub, "create") == 0)
    {
      static const char *allowed[] = { "name", "country", "city", "timezone", "currency", "dues",
                                       "period", "grace-days", NULL };
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(ChChapter) chapter = NULL;

      if ((rc = cli_check_flags (cli, allowed)) || (rc = cli_open_store (cli)))
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
        return cli_fail (EXIT_INPUT, "%s", error->message);

      chapter = ch_store_create_chapter (cli->store, fields, &error);
      if (chapter == NULL)
        return cli_fail (EXIT_INPUT, "%s", error->message);

      if (cli->json)
        {
          g_autoptr(JsonObject) out = json_object_new ();
          chapter_to_json (cli->store, ch_chapter_get_id (chapter), out);
          cli_print_json_object (out);
        }
      else
        g_print ("%s\n", ch_chapter_get_id (chapter));
      return EXIT_OK;
    }

  if (g_strcmp0 (sub, "show") == 0)
    {
      static const char *allowed[] = { NULL };
      g_autoptr(JsonObject) out = json_object_new ();

      if ((rc = cli_open_chapter (cli, allowed)))
        return rc;

      chapter_to_json (cli->store, cli->chapter_id, out);
      if (cli->json)
        cli_print_json_object (out);
      else
        {
          g_autoptr(ChChapter) c = ch_store_get_chapter (cli->store, cli->chapter_id, NULL);
          g_autofree char *dues = ch_format_money (ch_chapter_get_dues_amount (c), ch_chapter_get_currency (c));
          const char *country = ch_country_display_name (ch_chapter_get_country (c));

          g_print (_("Chapter:   %s\n"), ch_chapter_get_name (c));
          g_print (_("Id:        %s\n"), ch_chapter_get_id (c));
          g_print (_("Place:     %s%s%s\n"), ch_chapter_get_city (c) ? ch_chapter_get_city (c) : "",
                   ch_chapter_get_city (c) && country ? ", " : "", country ? country : "");
          g_print (_("Time zone: %s\n"), ch_chapter_get_timezone (c));
          g_print (_("Dues:      %s %s, %d days of grace\n"), dues, ch_chapter_get_dues_period (c),
                   ch_chapter_get_grace_days (c));
          g_print (_("Members:   %u\n"), ch_store_count_members (cli->store, cli->chapter_id));
        }
      return EXIT_OK;
    }

  if (g_strcmp0 (sub, "update") == 0)
    {
      static const char *allowed[] = { "name", "country", "city", "timezone", "currency", "dues",
                                       "period", "grace-days", NULL };
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(GError) error = NULL;

      if ((rc = cli_open_chapter (cli, allowed)) || (rc = chapter_fields_from_flags (cli, fields)))
        return rc;
      if (json_object_get_size (fields) == 0)
        return cli_fail (EXIT_USAGE,
                         _("chapter update takes at least one of --name, --city, --country, "
                           "--timezone, --currency, --dues, --period, --grace-days"));

      /* A normal synced edit: sent to the server at the next sync. */
      if (!ch_chapter_update (cli->store, cli->chapter_id, fields, &error))
        return cli_fail (store_error_code (error), "%s", error->message);

      if (cli->json)
        {
          g_autoptr(JsonObject) out = json_object_new ();
          chapter_to_json (cli->store, cli->chapter_id, out);
          cli_print_json_object (out);
        }
      else
        g_print (_("Chapter updated; the change is sent at the next sync.\n"));
      return EXIT_OK;
    }

  return cli_fail (EXIT_USAGE, _("chapter takes “create”, “show” or “update”"));
}

/* ----------------------------------------------------------------------- */
/* members                                                                   */

typedef struct
{
  const char *flag;
  const char *field;
} FlagField;

static const FlagField member_flags[] = {
  { "given", "given_name" },
  { "family", "family_name" },
  { "email", "email" },
  { "phone", "phone" },
  { "company", "company" },
  { "job-title", "job_title" },
  { "city", "city" },
  { "country", "country" },
  { "tier", "tier" },
  { "partner-kind", "partner_kind" },
  { "joined", "joined_on" },
  { "left", "left_on" },
  { "paid-until", "dues_paid_until" },
  { "notes", "notes" },
  { "gender", "gender" },
};

/* yes/no flags: consent to be listed in the directory, to get e-mail. */
static const FlagField member_bool_flags[] = {
  { "consent-directory", "consent_directory" },
  { "consent-email", "consent_email" },
};

/* The exit code for a store error: refused data or a failure. */
static int
store_error_code (const GError *error)
{
  if (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID) ||
      g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED) ||
      g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL))
    return EXIT_INPUT;

  return EXIT_FAILED;
}

static int
member_fields_from_flags (Cli         *cli,
                          JsonObject  *fields)
{
  static const char *date_fields[] = { "joined_on", "left_on", "dues_paid_until", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (member_flags); i++)
    {
      const char *value = cli_flag (cli, member_flags[i].flag);
      int rc;

      if (value == NULL)
        continue;

      if (*value != '\0' && g_strv_contains (date_fields, member_flags[i].field) &&
          (rc = cli_check_date (member_flags[i].flag, value)))
        return rc;

      if (*value == '\0')
        json_object_set_null_member (fields, member_flags[i].field);
      else
        json_object_set_string_member (fields, member_flags[i].field, value);
    }

  for (guint i = 0; i < G_N_ELEMENTS (member_bool_flags); i++)
    {
      const char *value = cli_flag (cli, member_bool_flags[i].flag);

      if (value == NULL)
        continue;
      if (g_strcmp0 (value, "yes") == 0)
        json_object_set_boolean_member (fields, member_bool_flags[i].field, TRUE);
      else if (g_strcmp0 (value, "no") == 0)
        json_object_set_boolean_member (fields, member_bool_flags[i].field, FALSE);
      else if (*value == '\0')
        json_object_set_null_member (fields, member_bool_flags[i].field);
      else
        return cli_fail (EXIT_INPUT, _("--%s is yes or no, not “%s”"), member_bool_flags[i].flag, value);
    }

  if (cli_flag (cli, "birth-year") != NULL)
    {
      const char *value = cli_flag (cli, "birth-year");
      gint64 year;

      if (*value == '\0')
        json_object_set_null_member (fields, "birth_year");
      else if (!g_ascii_string_to_signed (value, 10, 1900, 2100, &year, NULL))
        return cli_fail (EXIT_INPUT, _("--birth-year is a year such as 1984, not “%s”"), value);
      else
        json_object_set_int_member (fields, "birth_year", year);
    }

  return EXIT_OK;
}

/* "azure,security" → the member's specialties (one transaction with the
 * rest of the change, which the caller opened). */
static gboolean
set_specialties_from_flag (Cli         *cli,
                           const char  *member_id,
                           GError     **error)
{
  const char *value = cli_flag (cli, "specialties");
  g_auto(GStrv) parts = NULL;

  if (value == NULL)
    return TRUE;

  parts = g_strsplit (value, ",", -1);
  return ch_membership_set_specialties (cli->store, member_id, (const char * const *) parts, error);
}

static JsonArray *
specialties_json (ChStore    *store,
                  const char *member_id)
{
  g_auto(GStrv) specialties = ch_membership_get_specialties (store, member_id);
  JsonArray *array = json_array_new ();

  for (guint i = 0; specialties[i]; i++)
    json_array_add_string_element (array, specialties[i]);

  return array;
}

static char *
specialties_text (ChStore    *store,
                  const char *member_id)
{
  g_auto(GStrv) specialties = ch_membership_get_specialties (store, member_id);
  GString *out = g_string_new (NULL);

  for (guint i = 0; specialties[i]; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, ch_specialty_label (specialties[i]));
    }

  return g_string_free (out, FALSE);
}

static JsonObject *
member_json (ChMember *member)
{
  JsonObject *out = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, ch_member_get_fields (member));
  while (json_object_iter_next (&iter, &name, &node))
    if (g_strcmp0 (name, "deleted") != 0)
      json_object_set_member (out, name, json_node_copy (node));
  json_object_set_string_member (out, "status", ch_member_status_to_string (ch_member_get_status (member)));

  return out;
}

static JsonObject *
member_json_full (ChStore  *store,
                  ChMember *member)
{
  JsonObject *out = member_json (member);

  json_object_set_array_member (out, "specialties", specialties_json (store, ch_member_get_id (member)));
  return out;
}

static int
member_show (Cli        *cli,
             const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMember) member = ch_store_get_member (cli->store, id, &error);
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GPtrArray) history = NULL;
  JsonObject *fields;

  if (member == NULL || json_object_get_boolean_member (ch_member_get_fields (member), "deleted"))
    return cli_fail (EXIT_FAILED, _("no member %s"), id);

  roles = ch_membership_member_roles (cli->store, id, NULL);
  history = ch_membership_history (cli->store, id, NULL);
  fields = ch_member_get_fields (member);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = member_json_full (cli->store, member);
      JsonArray *roles_json = json_array_new ();
      JsonArray *history_json = json_array_new ();

      for (guint i = 0; roles && i < roles->len; i++)
        {
          ChOfficer *o = roles->pdata[i];
          JsonObject *r = json_object_new ();

          json_object_set_string_member (r, "id", o->role_id);
          json_object_set_string_member (r, "role", o->role);
          json_object_set_string_member (r, "starts_on", o->starts_on);
          json_object_set_string_member (r, "ends_on", o->ends_on);
          json_array_add_object_element (roles_json, r);
        }
      for (guint i = 0; history && i < history->len; i++)
        {
          ChHistoryEntry *e = history->pdata[i];
          JsonObject *h = json_object_new ();

          json_object_set_string_member (h, "date", e->date);
          json_object_set_string_member (h, "title", e->title);
          json_object_set_string_member (h, "detail", e->detail);
          json_array_add_object_element (history_json, h);
        }
      json_object_set_array_member (out, "roles", roles_json);
      json_object_set_array_member (out, "history", history_json);
      cli_print_json_object (out);
      return EXIT_OK;
    }

  {
    g_autofree char *specialties = specialties_text (cli->store, id);
    const char *text;

#define LINE(label, value) G_STMT_START { if ((value) != NULL && *(value) != '\0') g_print ("%-18s %s\n", label, value); } G_STMT_END
    LINE (_("Name:"), ch_member_get_display_name (member));
    LINE (_("Id:"), id);
    LINE (_("E-mail:"), ch_member_get_email (member));
    LINE (_("Phone:"), ch_member_get_text (member, "phone"));
    LINE (_("Company:"), ch_member_get_company (member));
    LINE (_("Job title:"), ch_member_get_text (member, "job_title"));
    LINE (_("Place:"), ch_member_get_location (member));
    LINE (_("Partner kind:"), ch_partner_kind_label (ch_member_get_text (member, "partner_kind")));
    LINE (_("Tier:"), ch_tier_label (ch_member_get_tier (member)));
    LINE (_("Status:"), ch_member_status_label (ch_member_get_status (member)));
    LINE (_("Joined:"), ch_member_get_text (member, "joined_on"));
    LINE (_("Left:"), ch_member_get_text (member, "left_on"));
    LINE (_("Paid until:"), ch_member_get_text (member, "dues_paid_until"));
    LINE (_("Specialties:"), specialties);
    LINE (_("Gender:"), ch_member_get_text (member, "gender"));
    if (json_object_has_member (fields, "birth_year") && !json_object_get_null_member (fields, "birth_year"))
      {
        g_autofree char *year = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (fields, "birth_year"));
        LINE (_("Birth year:"), year);
      }
    if (json_object_has_member (fields, "consent_directory") && !json_object_get_null_member (fields, "consent_directory"))
      LINE (_("In directory:"), json_object_get_boolean_member (fields, "consent_directory") ? _("yes") : _("no"));
    if (json_object_has_member (fields, "consent_email") && !json_object_get_null_member (fields, "consent_email"))
      LINE (_("E-mail allowed:"), json_object_get_boolean_member (fields, "consent_email") ? _("yes") : _("no"));
    text = ch_member_get_text (member, "notes");
    LINE (_("Notes:"), text);
#undef LINE

    if (roles != NULL && roles->len > 0)
      {
        g_print ("%s\n", _("Roles:"));
        for (guint i = 0; i < roles->len; i++)
          {
            ChOfficer *o = roles->pdata[i];
            g_print ("  %s\t%s – %s\n", ch_role_label (o->role), o->starts_on ? o->starts_on : "",
                     o->ends_on ? o->ends_on : "");
          }
      }
    if (history != NULL && history->len > 0)
      {
        g_print ("%s\n", _("History:"));
        for (guint i = 0; i < history->len; i++)
          {
            ChHistoryEntry *e = history->pdata[i];
            g_print ("  %s\t%s%s%s\n", e->date, e->title, e->detail ? " — " : "",
                     e->detail ? e->detail : "");
          }
      }
  }

  return EXIT_OK;
}

static int
cmd_members (Cli *cli)
{
  const char *sub = cli_arg (cli, 0);
  const char *id = cli_arg (cli, 1);
  g_autoptr(GError) error = NULL;
  int rc;

  if ((rc = cli_open_store (cli)) || (rc = cli_pick_chapter (cli)))
    return rc;

  if (g_strcmp0 (sub, "list") == 0)
    {
      static const char *allowed[] = { "search", "sort", "descending", "tier", "status", "specialty",
                                       "role", "partner-kind", NULL };
      g_autoptr(ChMemberList) list = NULL;
      g_autoptr(JsonArray) array = json_array_new ();
      guint n;

      if ((rc = cli_check_flags (cli, allowed)))
        return rc;

      list = ch_member_list_new (cli->store, cli->chapter_id);
      ch_member_list_set_search (list, cli_flag (cli, "search"));
      ch_member_list_set_sort (list, cli_flag (cli, "sort"), cli_flag (cli, "descending") != NULL);
      if (cli_flag (cli, "status") != NULL)
        {
          ChMemberStatus status;

          if (!ch_member_status_from_string (cli_flag (cli, "status"), &status))
            return cli_fail (EXIT_USAGE, _("--status is prospect, active, grace, lapsed or left, not “%s”"),
                             cli_flag (cli, "status"));
        }
      ch_member_list_set_filter (list, "tier", cli_flag (cli, "tier"));
      ch_member_list_set_filter (list, "status", cli_flag (cli, "status"));
      ch_member_list_set_filter (list, "specialty", cli_flag (cli, "specialty"));
      ch_member_list_set_filter (list, "role", cli_flag (cli, "role"));
      ch_member_list_set_filter (list, "partner_kind", cli_flag (cli, "partner-kind"));
      if (!ch_member_list_refresh_sync (list, &error))
        return cli_fail (EXIT_FAILED, "%s", error->message);

      n = g_list_model_get_n_items (G_LIST_MODEL (list));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ChMember) m = g_list_model_get_item (G_LIST_MODEL (list), i);

          if (cli->json)
            json_array_add_object_element (array, member_json_full (cli->store, m));
          else
            {
              g_autofree char *specialties = specialties_text (cli->store, ch_member_get_id (m));

              g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", ch_member_get_id (m), ch_member_get_display_name (m),
                       ch_member_get_email (m) ? ch_member_get_email (m) : "",
                       ch_member_get_company (m) ? ch_member_get_company (m) : "",
                       ch_tier_label (ch_member_get_tier (m)),
                       ch_member_status_label (ch_member_get_status (m)), specialties);
            }
        }

      if (cli->json)
        {
          cli_print_json_array (array);
        }
      return EXIT_OK;
    }

  if (g_strcmp0 (sub, "add") == 0 || g_strcmp0 (sub, "update") == 0)
    {
      static const char *allowed[] = { "given", "family", "email", "phone", "company", "job-title", "city",
                                       "country", "tier", "partner-kind", "joined", "left", "paid-until",
                                       "notes", "gender", "birth-year", "consent-directory", "consent-email",
                                       "specialties", NULL };
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *new_id = NULL;
      g_autoptr(ChMember) member = NULL;
      gboolean adding = g_str_equal (sub, "add");

      if ((rc = cli_check_flags (cli, allowed)) || (rc = member_fields_from_flags (cli, fields)))
        return rc;

      if (adding)
        {
          if (!json_object_has_member (fields, "tier"))
            json_object_set_string_member (fields, "tier", "network");
          if (!json_object_has_member (fields, "joined_on"))
            {
              GDate today;
              g_autofree char *iso = NULL;

              ch_date_today (NULL, &today);
              iso = ch_date_format (&today);
              json_object_set_string_member (fields, "joined_on", iso);
            }
          if (!ch_store_begin (cli->store, &error))
            return cli_fail (EXIT_FAILED, "%s", error->message);
          if (!ch_store_add_member (cli->store, cli->chapter_id, fields, &new_id, &error) ||
              !set_specialties_from_flag (cli, new_id, &error))
            {
              ch_store_rollback (cli->store);
              return cli_fail (store_error_code (error), "%s", error->message);
            }
          if (!ch_store_commit (cli->store, &error))
            return cli_fail (EXIT_FAILED, "%s", error->message);
          id = new_id;
        }
      else
        {
          if (id == NULL)
            return cli_fail (EXIT_USAGE, _("members update needs the member’s id"));
          if (json_object_get_size (fields) == 0 && cli_flag (cli, "specialties") == NULL)
            return cli_fail (EXIT_USAGE, _("members update needs at least one field to change, e.g. --email"));
          if (!ch_store_begin (cli->store, &error))
            return cli_fail (EXIT_FAILED, "%s", error->message);
          if ((json_object_get_size (fields) > 0 && !ch_store_update_member (cli->store, id, fields, &error)) ||
              !set_specialties_from_flag (cli, id, &error))
            {
              ch_store_rollback (cli->store);
              return cli_fail (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND) ? EXIT_FAILED : EXIT_INPUT,
                               "%s", error->message);
            }
          if (!ch_store_commit (cli->store, &error))
            return cli_fail (EXIT_FAILED, "%s", error->message);
        }

      member = ch_store_get_member (cli->store, id, &error);
      if (member == NULL)
        return cli_fail (EXIT_FAILED, "%s", error->message);

      if (cli->json)
        {
          g_autoptr(JsonObject) out = member_json_full (cli->store, member);
          cli_print_json_object (out);
        }
      else
        g_print ("%s\n", id);
      return EXIT_OK;
    }

  if (g_strcmp0 (sub, "show") == 0)
    {
      static const char *allowed[] = { NULL };

      if ((rc = cli_check_flags (cli, allowed)))
        return rc;
      if (id == NULL)
        return cli_fail (EXIT_USAGE, _("members show needs the member’s id"));
      return member_show (cli, id);
    }

  if (g_strcmp0 (sub, "upgrade") == 0 || g_strcmp0 (sub, "leave") == 0 || g_strcmp0 (sub, "rejoin") == 0)
    {
      static const char *upgrade_allowed[] = { "tier", "date", NULL };
      static const char *leave_allowed[] = { "reason", "date", NULL };
      static const char *rejoin_allowed[] = { "date", NULL };
      g_autoptr(ChMember) member = NULL;
      gboolean ok;

      if (g_str_equal (sub, "upgrade"))
        rc = cli_check_flags (cli, upgrade_allowed);
      else if (g_str_equal (sub, "leave"))
        rc = cli_check_flags (cli, leave_allowed);
      else
        rc = cli_check_flags (cli, rejoin_allowed);
      if (rc)
        return rc;
      if (id == NULL)
        return cli_fail (EXIT_USAGE, _("members %s needs the member’s id"), sub);

      if (g_str_equal (sub, "upgrade"))
        {
          if (cli_flag (cli, "tier") == NULL)
            return cli_fail (EXIT_USAGE, _("members upgrade needs --tier, e.g. --tier chapter"));
          ok = ch_membership_change_tier (cli->store, id, cli_flag (cli, "tier"), cli_flag (cli, "date"), &error);
        }
      else if (g_str_equal (sub, "leave"))
        {
          if (cli_flag (cli, "reason") == NULL)
            return cli_fail (EXIT_USAGE, _("members leave needs --reason: cost, no-value, moved, company-closed or other"));
          ok = ch_membership_leave (cli->store, id, cli_flag (cli, "date"), cli_flag (cli, "reason"), &error);
        }
      else
        ok = ch_membership_rejoin (cli->store, id, cli_flag (cli, "date"), &error);

      if (!ok)
        return cli_fail (store_error_code (error), "%s", error->message);

      member = ch_store_get_member (cli->store, id, &error);
      if (cli->json && member != NULL)
        {
          g_autoptr(JsonObject) out = member_json_full (cli->store, member);
          cli_print_json_object (out);
        }
      else if (member != NULL)
        g_print ("%s\t%s\t%s\n", id, ch_tier_label (ch_member_get_tier (member)),
                 ch_member_status_label (ch_member_get_status (member)));
      return EXIT_OK;
    }

  if (g_strcmp0 (sub, "merge") == 0)
    {
      static const char *allowed[] = { NULL };
      const char *other = cli_arg (cli, 2);
      g_autoptr(ChMember) member = NULL;

      if ((rc = cli_check_flags (cli, allowed)))
        return rc;
      if (id == NULL || other == NULL)
        return cli_fail (EXIT_USAGE, _("usage: members merge SURVIVOR_ID OTHER_ID"));
      if (!ch_membership_merge (cli->store, id, other, &error))
        return cli_fail (store_error_code (error), "%s", error->message);

      member = ch_store_get_member (cli->store, id, &error);
      if (cli->json && member != NULL)
        {
          g_autoptr(JsonObject) out = member_json_full (cli->store, member);
          cli_print_json_object (out);
        }
      else
        g_print ("%s\n", id);
      return EXIT_OK;
    }

  if (g_strcmp0 (sub, "delete") == 0)
    {
      static const char *allowed[] = { NULL };
      g_autoptr(JsonObject) row = NULL;

      if ((rc = cli_check_flags (cli, allowed)))
        return rc;
      if (id == NULL)
        return cli_fail (EXIT_USAGE, _("members delete needs the member’s id"));

      row = ch_store_get_live_row (cli->store, "member", id);
      if (row == NULL)
        return cli_fail (EXIT_FAILED, _("no member %s"), id);

      if (!ch_store_delete (cli->store, "member", id, &error))
        return cli_fail (EXIT_FAILED, "%s", error->message);
      return EXIT_OK;
    }

  return cli_fail (EXIT_USAGE, _("members takes “list”, “show ID”, “add”, “update ID”, “delete ID”, "
                                 "“upgrade ID”, “leave ID”, “rejoin ID” or “merge SURVIVOR OTHER”"));
}

/* ----------------------------------------------------------------------- */
/* connect, sync, status                                                     */

static char *
token_for (Cli        *cli,
           const char *server_url,
           GError    **error)
{
  g_autofree char *meta_key = NULL;
  g_autofree char *path = NULL;
  char *token;

  if (cli_flag (cli, "token-file") != NULL)
    return ch_secret_read_token_file (cli_flag (cli, "token-file"), error);

  token = ch_secret_lookup_token (server_url, cli->chapter_id, NULL, NULL);
  if (token != NULL)
    return token;

  /* No keyring (a server, a script): the file named at connect time is read
   * again; its path is kept, never the token. */
  meta_key = g_strconcat ("token_file:", cli->chapter_id, NULL);
  path = ch_store_get_meta (cli->store, meta_key);
  if (path != NULL)
    return ch_secret_read_token_file (path, error);

  g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_AUTH,
               _("no access token is stored for this chapter; run “connect” again or pass --token-file"));
  return NULL;
}

static int
cmd_connect (Cli *cli)
{
  static const char *allowed[] = { "token-file", NULL };
  const char *url = cli_arg (cli, 0);
  const char *server_chapter = cli->chapter_id;
  g_autofree char *token = NULL;
  g_autofree char *local_chapter = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) secret_error = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  gboolean allowed_chapter = FALSE;
  g_autoptr(GError) sync_error = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  ChSyncReport report = { 0 };
  gboolean synced;
  guint members;
  JsonArray *list;
  int rc;

  if ((rc = cli_check_flags (cli, allowed)))
    return rc;
  if (url == NULL || server_chapter == NULL || cli_flag (cli, "token-file") == NULL)
    return cli_fail (EXIT_USAGE, _("usage: connect URL --token-file FILE --chapter ID"));
  /* Refused before anything is sent: no token over plain http:// to another computer. */
  if (!ch_sync_check_url (url, &error))
    return cli_fail (EXIT_USAGE, "%s", error->message);
  if (!ch_uuid_is_valid (server_chapter))
    return cli_fail (EXIT_USAGE, _("“%s” is not a chapter id"), server_chapter);

  if ((rc = cli_open_store (cli)))
    return rc;

  if (!(token = ch_secret_read_token_file (cli_flag (cli, "token-file"), &error)))
    return cli_fail (EXIT_USAGE, "%s", error->message);

  me = ch_sync_verify (url, token, NULL, &error);
  if (me == NULL)
    return cli_fail (EXIT_FAILED, "%s", error->message);

  list = json_object_get_array_member (me, "chapters");
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *c = json_array_get_object_element (list, i);

      if (c && g_strcmp0 (json_object_get_string_member_with_default (c, "id", NULL), server_chapter) == 0)
        allowed_chapter = TRUE;
    }
  if (!allowed_chapter)
    return cli_fail (EXIT_FAILED, _("this token does not give access to chapter %s"), server_chapter);

  /* A single local chapter that is not linked yet is the one to link, with
   * everything made in it offline. */
  chapters = ch_store_list_chapters (cli->store, NULL);
  for (guint i = 0; chapters && i < chapters->len; i++)
    {
      const char *cid = ch_chapter_get_id (g_ptr_array_index (chapters, i));

      if (g_strcmp0 (cid, server_chapter) == 0)
        {
          g_clear_pointer (&local_chapter, g_free);
          break;
        }
      if (!ch_store_get_sync_state (cli->store, cid, NULL, NULL, NULL) && local_chapter == NULL && chapters->len == 1)
        local_chapter = g_strdup (cid);
    }

  if (!ch_sync_link (cli->store, local_chapter, url, server_chapter, &error))
    return cli_fail (EXIT_FAILED, "%s", error->message);

  ch_store_set_meta (cli->store, "last_linked_chapter", server_chapter, NULL);

  if (!ch_secret_store_token (url, server_chapter, token, NULL, &secret_error))
    {
      g_autofree char *meta_key = g_strconcat ("token_file:", server_chapter, NULL);
      g_autofree char *abs = g_canonicalize_filename (cli_flag (cli, "token-file"), NULL);

      g_debug ("No keyring: %s", secret_error->message);
      ch_store_set_meta (cli->store, meta_key, abs, NULL);
      g_printerr (_("No keyring is available: the token will be read from %s at every sync.\n"), abs);
    }

  /* The first sync, so that the chapter is here when connect ends. */
  g_clear_object (&cli->store);
  synced = ch_sync_run (cli->db_path, server_chapter, token, NULL, &report, &sync_error);
  if ((rc = cli_open_store (cli)))
    return rc;
  chapter = ch_store_get_chapter (cli->store, server_chapter, NULL);
  members = chapter ? ch_store_count_members (cli->store, server_chapter) : 0;

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "chapter_id", server_chapter);
      json_object_set_string_member (out, "server", url);
      json_object_set_boolean_member (out, "linked_local_chapter", local_chapter != NULL);
      json_object_set_boolean_member (out, "synced", synced);
      json_object_set_int_member (out, "pushed", report.pushed);
      json_object_set_int_member (out, "pulled", report.pulled);
      json_object_set_string_member (out, "name", chapter ? ch_chapter_get_name (chapter) : NULL);
      json_object_set_int_member (out, "members", members);
      cli_print_json_object (out);
    }
  else
    {
      g_print (_("Connected chapter %s to %s.\n"), server_chapter, url);
      if (synced && chapter != NULL)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "Downloaded “%s”: %u member, %u changes received, %u sent.\n",
                              "Downloaded “%s”: %u members, %u changes received, %u sent.\n",
                              members),
                 ch_chapter_get_name (chapter), members, report.pulled, report.pushed);
    }

  if (!synced)
    return cli_fail (EXIT_FAILED,
                     _("connected, but the first sync failed: %s\n"
                       "Nothing is lost. Run “chapterhouse-cli sync” to try again."),
                     sync_error->message);

  return EXIT_OK;
}

static int
cmd_sync (Cli *cli)
{
  static const char *allowed[] = { "token-file", NULL };
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(JsonArray) moved_rows = NULL;
  guint n_moved;
  ChSyncReport report = { 0 };
  int rc;

  if ((rc = cli_check_flags (cli, allowed)) || (rc = cli_open_store (cli)))
    return rc;

  if (cli->chapter_id == NULL)
    {
      g_autoptr(GPtrArray) chapters = ch_store_list_chapters (cli->store, NULL);

      /* A chapter only known on the server has no row yet: take the link. */
      for (guint i = 0; chapters && i < chapters->len && cli->chapter_id == NULL; i++)
        if (ch_store_get_sync_state (cli->store, ch_chapter_get_id (g_ptr_array_index (chapters, i)), NULL, NULL, NULL))
          cli->chapter_id = g_strdup (ch_chapter_get_id (g_ptr_array_index (chapters, i)));
    }
  if (cli->chapter_id == NULL)
    {
      g_autofree char *linked = ch_store_get_meta (cli->store, "last_linked_chapter");
      cli->chapter_id = g_steal_pointer (&linked);
    }
  if (cli->chapter_id == NULL || !ch_store_get_sync_state (cli->store, cli->chapter_id, &url, NULL, NULL))
    return cli_fail (EXIT_USAGE, _("this chapter is not connected to a server; run “connect” first"));

  if (!(token = token_for (cli, url, &error)))
    return cli_fail (EXIT_USAGE, "%s", error->message);

  /* The engine opens its own connection; close ours so nothing waits. */
  g_clear_object (&cli->store);

  if (!ch_sync_run (cli->db_path, cli->chapter_id, token, NULL, &report, &error))
    return cli_fail (EXIT_FAILED, "%s", error->message);

  /* Who the server put on the waitlist (another device took the seat
   * first), and free seats for the people waiting; send those at once. */
  if ((rc = cli_open_store (cli)))
    return rc;
  n_moved = ch_events_reconcile (cli->store, cli->chapter_id, &moved, &error);
  if (error != NULL)
    return cli_fail (EXIT_FAILED, "%s", error->message);
  moved_rows = json_array_new ();
  for (guint i = 0; moved && i < moved->len; i++)
    {
      g_autoptr(JsonObject) reg = ch_store_get_row (cli->store, "registration", g_ptr_array_index (moved, i), NULL);
      g_autoptr(GPtrArray) list = NULL;

      if (reg == NULL)
        continue;
      /* The row as "registrations list" shows it: with the person's name. */
      list = ch_registration_list (cli->store, json_object_get_string_member (reg, "event_id"), NULL);
      for (guint j = 0; list != NULL && j < list->len; j++)
        if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (list, j), "id"),
                       g_ptr_array_index (moved, i)) == 0)
          {
            g_clear_pointer (&reg, json_object_unref);
            reg = json_object_ref (g_ptr_array_index (list, j));
          }
      json_array_add_object_element (moved_rows, g_steal_pointer (&reg));
    }
  g_clear_object (&cli->store);
  if (n_moved > 0)
    {
      ChSyncReport again = { 0 };

      if (!ch_sync_run (cli->db_path, cli->chapter_id, token, NULL, &again, &error))
        return cli_fail (EXIT_FAILED, "%s", error->message);
      report.pushed += again.pushed;
      report.conflicts += again.conflicts;
      report.rejected += again.rejected;
      report.pulled += again.pulled;
      report.overridden += again.overridden;
    }

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_array_member (out, "reconciled", json_array_ref (moved_rows));

      json_object_set_int_member (out, "pushed", report.pushed);
      json_object_set_int_member (out, "conflicts", report.conflicts);
      json_object_set_int_member (out, "rejected", report.rejected);
      json_object_set_int_member (out, "overridden", report.overridden);
      json_object_set_int_member (out, "pulled", report.pulled);
      json_object_set_boolean_member (out, "full_resync", report.full_resync);
      json_object_set_int_member (out, "resent", report.resent);
      json_object_set_int_member (out, "removed", report.removed);
      cli_print_json_object (out);
    }
  else
    {
      g_print (_("Sent %u changes (%u conflicts, %u refused), received %u.\n"),
               report.pushed, report.conflicts, report.rejected, report.pulled);
      if (report.overridden > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "The server kept its own value in %u of them; “status” says which.\n",
                              "The server kept its own value in %u of them; “status” says which.\n",
                              report.overridden), report.overridden);
      if (report.resent > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "The server had lost %u record (it was restored from a backup); "
                              "this computer sent it back.\n",
                              "The server had lost %u records (it was restored from a backup); "
                              "this computer sent them back.\n", report.resent),
                 report.resent);
      if (report.removed > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "%u record deleted on the server was removed from this computer.\n",
                              "%u records deleted on the server were removed from this "
                              "computer.\n", report.removed),
                 report.removed);
      for (guint i = 0; i < json_array_get_length (moved_rows); i++)
        {
          JsonObject *reg = json_array_get_object_element (moved_rows, i);

          const char *name = json_object_get_string_member_with_default (reg, "display_name", "");

          g_print (g_strcmp0 (json_object_get_string_member (reg, "state"), CH_REG_WAITLISTED) == 0
                   /* Translators: after a sync, when two officers gave away the same seat; %s
                    * is a person's name, then the registration's id */
                   ? _("%s (registration %s) was moved to the waiting list: the last seat was taken "
                       "on another device first.\n")
                   : _("%s (registration %s) moved up from the waiting list.\n"),
                   name, json_object_get_string_member (reg, "id"));
        }
    }

  return EXIT_OK;
}

static int
cmd_status (Cli *cli)
{
  static const char *allowed[] = { NULL };
  g_autofree char *url = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *last_error = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(ChChapter) chapter = NULL;
  gint64 cursor = 0;
  gboolean linked;
  int rc;

  if ((rc = cli_open_chapter (cli, allowed)))
    return rc;

  linked = ch_store_get_sync_state (cli->store, cli->chapter_id, &url, &epoch, &cursor);
  ch_store_get_sync_result (cli->store, cli->chapter_id, &last_sync, &last_error);

  chapter = ch_store_get_chapter (cli->store, cli->chapter_id, NULL);
  json_object_set_string_member (out, "chapter_id", cli->chapter_id);
  json_object_set_string_member (out, "name", chapter ? ch_chapter_get_name (chapter) : NULL);
  json_object_set_int_member (out, "members", ch_store_count_members (cli->store, cli->chapter_id));
  json_object_set_string_member (out, "server", url);
  json_object_set_int_member (out, "pending", ch_store_outbox_count (cli->store, cli->chapter_id));
  json_object_set_int_member (out, "cursor", cursor);
  json_object_set_string_member (out, "last_sync", last_sync);
  json_object_set_string_member (out, "last_error", last_error);
  json_object_set_int_member (out, "conflicts", ch_store_count_open_conflicts (cli->store, cli->chapter_id));
  json_object_set_int_member (out, "rejected", ch_store_count_rejections (cli->store, cli->chapter_id));
  if ((rc = cli_add_sync_issues (cli, out)))
    return rc;

  if (cli->json)
    cli_print_json_object (out);
  else
    {
      if (chapter != NULL)
        g_print (_("Chapter:     %s\n"), ch_chapter_get_name (chapter));
      g_print (_("Members:     %u\n"), ch_store_count_members (cli->store, cli->chapter_id));
      g_print (_("Server:      %s\n"), linked ? url : _("not connected"));
      g_print (_("Pending:     %u changes\n"), ch_store_outbox_count (cli->store, cli->chapter_id));
      g_print (_("Last sync:   %s\n"), last_sync ? last_sync : _("never"));
      {
        g_autofree char *cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);
        g_print (_("Cursor:      %s\n"), cursor_text);
      }
      g_print (_("Conflicts:   %u\n"), ch_store_count_open_conflicts (cli->store, cli->chapter_id));
      g_print (_("Refused:     %u\n"), ch_store_count_rejections (cli->store, cli->chapter_id));
      if (last_error)
        g_print (_("Last error:  %s\n"), last_error);
      cli_print_sync_issues (out);
    }

  return EXIT_OK;
}

/* ----------------------------------------------------------------------- */

static void
usage (void)
{
  g_print ("%s", _("Usage: chapterhouse-cli [--db PATH] [--chapter ID] [--json] COMMAND …\n"
                   "\n"
                   "Commands:\n"
                   "  chapter create --name N --country C --timezone TZ --currency CUR --dues MINOR_UNITS\n"
                   "                 [--city C] [--period yearly|quarterly|monthly] [--grace-days N]\n"
                   "  chapter show\n"
                   "  chapter update [--name N] [--city C] [--country CODE|NAME]\n"
                   "                 [--timezone TZ] [--currency CUR] [--dues MINOR_UNITS]\n"
                   "                 [--period P] [--grace-days N]\n"
                   "  connect URL --token-file FILE --chapter ID\n"
                   "  sync [--token-file FILE]\n"
                   "  status\n"
                   "  rejections dismiss ID|--all\n"
                   "  members list [--search TEXT] [--sort name|company|tier|status|city|email] [--descending]\n"
                   "               [--tier T] [--status prospect|active|grace|lapsed|left] [--specialty S]\n"
                   "               [--role R] [--partner-kind K]\n"
                   "  members show ID\n"
                   "  members add --given G --family F [--email E] [--phone P] [--company C] [--job-title T]\n"
                   "              [--city C] [--country C] [--tier network|chapter|honorary]\n"
                   "              [--partner-kind K] [--joined DATE] [--paid-until DATE] [--notes TEXT]\n"
                   "              [--specialties \"azure,security\"] [--gender G] [--birth-year YYYY]\n"
                   "              [--consent-directory yes|no] [--consent-email yes|no]\n"
                   "  members update ID [the same options]\n"
                   "  members delete ID\n"
                   "  members upgrade ID --tier T [--date DATE]\n"
                   "  members leave ID --reason cost|no-value|moved|company-closed|other [--date DATE]\n"
                   "  members rejoin ID [--date DATE]\n"
                   "  members merge SURVIVOR_ID OTHER_ID\n"
                   "  payments add MEMBER_ID --amount MINOR_UNITS [--paid-on DATE] [--currency CUR]\n"
                   "               [--covers-from DATE --covers-until DATE] [--method M] [--reference R]\n"
                   "  payments list [MEMBER_ID]\n"
                   "  roles add MEMBER_ID --role R --from DATE [--to DATE] [--hand-over]\n"
                   "  roles end ROLE_ID --to DATE\n"
                   "  roles list\n"
                   "  events list [--past]\n"
                   "  events add --title T --start \"YYYY-MM-DD HH:MM\" --end \"YYYY-MM-DD HH:MM\"\n"
                   "             [--timezone Z] [--kind K] [--format in-person|online|hybrid]\n"
                   "             [--venue V] [--address A] [--capacity-in-person N] [--join-url U]\n"
                   "             [--capacity-online N] [--status draft|published] [--description D]\n"
                   "  events update ID [the same options]\n"
                   "  events show|cancel|duplicate ID\n"
                   "  events export-ics [EVENT] -o FILE\n"
                   "  registrations add EVENT (--member ID | --guest-name N [--guest-email E])\n"
                   "                    [--mode in-person|online]\n"
                   "  registrations walk-in EVENT (--member ID | --guest-name N [--guest-email E])\n"
                   "  registrations list EVENT\n"
                   "  registrations cancel REGISTRATION\n"
                   "  registrations check-in REGISTRATION [--undo]\n"
                   "  attendance import EVENT FILE   (Teams or Zoom attendance report)\n"
                   "\n"
                   "Exit codes: 0 done, 1 failed, 2 wrong command line, 3 data refused.\n"));
}

int
main (int   argc,
      char *argv[])
{
  Cli cli = { 0 };
  const char *command = NULL;
  int rc;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  cli.flags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cli.args = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];

      if (g_str_equal (a, "--help") || g_str_equal (a, "-h"))
        {
          usage ();
          return EXIT_OK;
        }
      else if (g_str_equal (a, "--json"))
        cli.json = TRUE;
      else if (g_str_equal (a, "--descending"))
        g_hash_table_replace (cli.flags, g_strdup ("descending"), g_strdup ("1"));
      else if (g_str_equal (a, "--past") || g_str_equal (a, "--undo") || g_str_equal (a, "--all") ||
               g_str_equal (a, "--hand-over"))
        g_hash_table_replace (cli.flags, g_strdup (a + 2), g_strdup ("1"));
      else if (g_str_equal (a, "-o"))
        {
          if (i + 1 >= argc)
            return cli_fail (EXIT_USAGE, _("-o needs a file name"));
          g_hash_table_replace (cli.flags, g_strdup ("output"), g_strdup (argv[++i]));
        }
      else if (g_str_has_prefix (a, "--"))
        {
          const char *name = a + 2;
          const char *eq = strchr (name, '=');
          g_autofree char *key = eq ? g_strndup (name, eq - name) : g_strdup (name);
          const char *value = eq ? eq + 1 : NULL;

          if (value == NULL)
            {
              if (i + 1 >= argc)
                return cli_fail (EXIT_USAGE, _("--%s needs a value"), key);
              value = argv[++i];
            }

          if (g_str_equal (key, "db"))
            { g_free (cli.db_path); cli.db_path = g_strdup (value); }
          else if (g_str_equal (key, "chapter"))
            { g_free (cli.chapter_id); cli.chapter_id = g_strdup (value); }
          else
            g_hash_table_replace (cli.flags, g_steal_pointer (&key), g_strdup (value));
        }
      else if (command == NULL)
        command = a;
      else
        g_ptr_array_add (cli.args, g_strdup (a));
    }

  if (cli.db_path == NULL)
    cli.db_path = ch_store_default_path ();

  if (command == NULL)
    {
      usage ();
      return EXIT_USAGE;
    }
  else if (g_str_equal (command, "chapter"))
    rc = cmd_chapter (&cli);
  else if (g_str_equal (command, "members"))
    rc = cmd_members (&cli);
  else if (g_str_equal (command, "connect"))
    rc = cmd_connect (&cli);
  else if (g_str_equal (command, "sync"))
    rc = cmd_sync (&cli);
  else if (g_str_equal (command, "status"))
    rc = cmd_status (&cli);
  else if (g_str_equal (command, "payments"))
    rc = cli_cmd_payments (&cli);
  else if (g_str_equal (command, "roles"))
    rc = cli_cmd_roles (&cli);
  else if (g_str_equal (command, "events"))
    rc = cli_cmd_events (&cli);
  else if (g_str_equal (command, "registrations"))
    rc = cli_cmd_registrations (&cli);
  else if (g_str_equal (command, "attendance"))
    rc = cli_cmd_attendance (&cli);
  else if (g_str_equal (command, "rejections"))
    rc = cli_cmd_rejections (&cli);
  else
    rc = cli_fail (EXIT_USAGE, _("unknown command “%s”; see --help"), command);

  g_clear_object (&cli.store);
  g_hash_table_unref (cli.flags);
  g_ptr_array_unref (cli.args);
  g_free (cli.db_path);
  g_free (cli.chapter_id);

  return rc;
}
