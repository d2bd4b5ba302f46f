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
#include "ch-gender.h"
#include "ch-history.h"
#include "ch-member-list.h"
#include "ch-membership.h"
#include "ch-merge.h"
#include "ch-roles.h"
#include "ch-secret.h"
#include "ch-specialties.h"
#include "ch-store-sync.h"
#include "ch-sync.h"
#include "ch-date.h"

#include "ch-cli.h"
#include "ch-cli-pad.h"

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

static int
member_fields_from_flags (Cli         *cli,
                          JsonObject  *fields)
{
  static const char *date_fields[] = { "joined_on", "left_on", "dues_paid_until", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (member_flags); i++)
    {
      const char *value = ch_cli_flag (cli, member_flags[i].flag);
      int rc;

      if (value == NULL)
        continue;

      if (*value != '\0' && g_strv_contains (date_fields, member_flags[i].field) &&
          (rc = ch_cli_check_date (member_flags[i].flag, value)))
        return rc;

      if (*value == '\0')
        json_object_set_null_member (fields, member_flags[i].field);
      else
        json_object_set_string_member (fields, member_flags[i].field, value);
    }

  for (guint i = 0; i < G_N_ELEMENTS (member_bool_flags); i++)
    {
      const char *value = ch_cli_flag (cli, member_bool_flags[i].flag);

      if (value == NULL)
        continue;
      if (g_strcmp0 (value, "yes") == 0)
        json_object_set_boolean_member (fields, member_bool_flags[i].field, TRUE);
      else if (g_strcmp0 (value, "no") == 0)
        json_object_set_boolean_member (fields, member_bool_flags[i].field, FALSE);
      else if (*value == '\0')
        json_object_set_null_member (fields, member_bool_flags[i].field);
      else
        return ch_cli_fail (EXIT_INPUT, _("--%s is yes or no, not “%s”"),
                            member_bool_flags[i].flag, value);
    }

  if (ch_cli_flag (cli, "birth-year") != NULL)
    {
      const char *value = ch_cli_flag (cli, "birth-year");
      gint64 year;

      if (*value == '\0')
        json_object_set_null_member (fields, "birth_year");
      else if (!g_ascii_string_to_signed (value, 10, 1900, 2100, &year, NULL))
        return ch_cli_fail (EXIT_INPUT, _("--birth-year is a year such as 1984, not “%s”"),
                            value);
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
  const char *value = ch_cli_flag (cli, "specialties");
  g_auto(GStrv) parts = NULL;

  if (value == NULL)
    return TRUE;

  parts = g_strsplit (value, ",", -1);
  return ch_specialties_set (cli->store, member_id, (const char * const *) parts, error);
}

static JsonArray *
specialties_json (ChStore    *store,
                  const char *member_id)
{
  g_auto(GStrv) specialties = ch_specialties_get (store, member_id);
  JsonArray *array = json_array_new ();

  for (guint i = 0; specialties[i]; i++)
    json_array_add_string_element (array, specialties[i]);

  return array;
}

/* The member's gender as the window shows it: the translated label of a
 * code, the member's own words when self-described, NULL when not
 * answered. */
static const char *
gender_text (const char *stored)
{
  ChGender gender = ch_gender_classify (stored);

  if (gender == CH_GENDER_NOT_ANSWERED)
    return NULL;
  if (gender == CH_GENDER_SELF_DESCRIBED)
    return stored;
  return ch_gender_label (gender);
}

static char *
specialties_text (ChStore    *store,
                  const char *member_id)
{
  g_auto(GStrv) specialties = ch_specialties_get (store, member_id);
  GString *out = g_string_new (NULL);

  for (guint i = 0; specialties[i]; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, ch_specialties_label (specialties[i]));
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
  json_object_set_string_member (out, "status",
                                 ch_member_status_to_string (ch_member_get_status (member)));

  return out;
}

static JsonObject *
member_json_full (ChStore  *store,
                  ChMember *member)
{
  JsonObject *out = member_json (member);

  json_object_set_array_member (out, "specialties",
                                specialties_json (store, ch_member_get_id (member)));
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

  if (member == NULL || ch_member_get_deleted (member))
    return ch_cli_fail (EXIT_FAILED, _("no member %s"), id);

  roles = ch_roles_list_for_member (cli->store, id, NULL);
  history = ch_history_list (cli->store, id, NULL);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = member_json_full (cli->store, member);
      JsonArray *roles_json = json_array_new ();
      JsonArray *history_json = json_array_new ();

      for (guint i = 0; roles && i < roles->len; i++)
        {
          ChRole *o = roles->pdata[i];
          JsonObject *r = json_object_new ();

          json_object_set_string_member (r, "id", ch_role_get_id (o));
          json_object_set_string_member (r, "role", ch_role_get_role (o));
          json_object_set_string_member (r, "starts_on", ch_role_get_starts_on (o));
          json_object_set_string_member (r, "ends_on", ch_role_get_ends_on (o));
          json_array_add_object_element (roles_json, r);
        }
      for (guint i = 0; history && i < history->len; i++)
        {
          ChHistoryEntry *e = history->pdata[i];
          JsonObject *h = json_object_new ();

          json_object_set_string_member (h, "date", ch_history_entry_get_date (e));
          json_object_set_string_member (h, "title", ch_history_entry_get_title (e));
          json_object_set_string_member (h, "detail", ch_history_entry_get_detail (e));
          json_array_add_object_element (history_json, h);
        }
      json_object_set_array_member (out, "roles", roles_json);
      json_object_set_array_member (out, "history", history_json);
      ch_cli_print_json_object (out);
      return EXIT_OK;
    }

  {
    g_autofree char *specialties = specialties_text (cli->store, id);
    g_autofree char *year = NULL;

#define LINE(label, value) G_STMT_START { \
      if ((value) != NULL && *(value) != '\0') \
        { \
          g_autofree char *padded_ = ch_cli_pad (label, 18); \
          g_print ("%s %s\n", padded_, value); \
        } \
    } G_STMT_END
    LINE (_("Name:"), ch_member_get_display_name (member));
    LINE (_("Id:"), id);
    LINE (_("E-mail:"), ch_member_get_email (member));
    LINE (_("Phone:"), ch_member_get_phone (member));
    LINE (_("Company:"), ch_member_get_company (member));
    LINE (_("Job title:"), ch_member_get_job_title (member));
    LINE (_("Place:"), ch_member_get_location (member));
    LINE (_("Partner kind:"), ch_partner_kind_label (ch_member_get_partner_kind (member)));
    LINE (_("Tier:"), ch_tier_label (ch_member_get_tier (member)));
    LINE (_("Status:"), ch_member_status_label (ch_member_get_status (member)));
    LINE (_("Joined:"), ch_member_get_joined_on (member));
    LINE (_("Left:"), ch_member_get_left_on (member));
    LINE (_("Paid until:"), ch_member_get_dues_paid_until (member));
    LINE (_("Specialties:"), specialties);
    LINE (_("Gender:"), gender_text (ch_member_get_gender (member)));
    if (ch_member_get_birth_year (member) > 0)
      year = g_strdup_printf ("%d", ch_member_get_birth_year (member));
    LINE (_("Birth year:"), year);
    LINE (_("In directory:"), ch_member_get_consent_directory (member) ? _("yes") : _("no"));
    LINE (_("E-mail allowed:"), ch_member_get_consent_email (member) ? _("yes") : _("no"));
    LINE (_("Notes:"), ch_member_get_notes (member));
#undef LINE

    if (roles != NULL && roles->len > 0)
      {
        g_print ("%s\n", _("Roles:"));
        for (guint i = 0; i < roles->len; i++)
          {
            ChRole *o = roles->pdata[i];
            const char *starts = ch_role_get_starts_on (o);
            const char *ends = ch_role_get_ends_on (o);

            g_print ("  %s\t%s – %s\n", ch_role_get_label (o), starts ? starts : "",
                     ends ? ends : "");
          }
      }
    if (history != NULL && history->len > 0)
      {
        g_print ("%s\n", _("History:"));
        for (guint i = 0; i < history->len; i++)
          {
            ChHistoryEntry *e = history->pdata[i];
            const char *detail = ch_history_entry_get_detail (e);

            g_print ("  %s\t%s%s%s\n", ch_history_entry_get_date (e),
                     ch_history_entry_get_title (e), detail ? " — " : "", detail ? detail : "");
          }
      }
  }

  return EXIT_OK;
}

int
ch_cli_members_list (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  int rc;
  static const char *allowed[] = { "search", "sort", "descending", "tier", "status", "specialty",
                                   "role", "partner-kind", NULL };
  g_autoptr(ChMemberList) list = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  guint n;

  if ((rc = ch_cli_open_store (cli)) || (rc = ch_cli_pick_chapter (cli)))
    return rc;

  if ((rc = ch_cli_check_flags (cli, allowed)))
    return rc;

  list = ch_member_list_new (cli->store, cli->chapter_id);
  ch_member_list_set_search (list, ch_cli_flag (cli, "search"));
  ch_member_list_set_sort (list, ch_cli_flag (cli, "sort"),
                           ch_cli_flag (cli, "descending") != NULL);
  if (ch_cli_flag (cli, "status") != NULL)
    {
      ChMemberStatus status;

      if (!ch_member_status_from_string (ch_cli_flag (cli, "status"), &status))
        return ch_cli_fail (EXIT_USAGE,
                            _("--status is prospect, active, grace, lapsed or left, not “%s”"),
                            ch_cli_flag (cli, "status"));
    }
  ch_member_list_set_filter (list, "tier", ch_cli_flag (cli, "tier"));
  ch_member_list_set_filter (list, "status", ch_cli_flag (cli, "status"));
  ch_member_list_set_filter (list, "specialty", ch_cli_flag (cli, "specialty"));
  ch_member_list_set_filter (list, "role", ch_cli_flag (cli, "role"));
  ch_member_list_set_filter (list, "partner_kind", ch_cli_flag (cli, "partner-kind"));
  if (!ch_member_list_refresh_sync (list, &error))
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChMember) m = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (cli->json)
        json_array_add_object_element (array, member_json_full (cli->store, m));
      else
        {
          g_autofree char *specialties = specialties_text (cli->store, ch_member_get_id (m));

          g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", ch_member_get_id (m),
                   ch_member_get_display_name (m),
                   ch_member_get_email (m) ? ch_member_get_email (m) : "",
                   ch_member_get_company (m) ? ch_member_get_company (m) : "",
                   ch_tier_label (ch_member_get_tier (m)),
                   ch_member_status_label (ch_member_get_status (m)), specialties);
        }
    }

  if (cli->json)
    {
      ch_cli_print_json_array (array);
    }
  return EXIT_OK;
}

/* "members add" and "members update ID" (the verb is ch_cli_arg (cli, 0)). */
static int
members_save (Cli *cli)
{
  const char *sub = ch_cli_arg (cli, 0);
  const char *id = ch_cli_arg (cli, 1);
  g_autoptr(GError) error = NULL;
  int rc;
  static const char *allowed[] = { "given", "family", "email", "phone", "company", "job-title",
                                   "city", "country", "tier", "partner-kind", "joined", "left",
                                   "paid-until", "notes", "gender", "birth-year",
                                   "consent-directory", "consent-email", "specialties", NULL };
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *new_id = NULL;
  g_autoptr(ChMember) member = NULL;
  gboolean adding = g_str_equal (sub, "add");

  if ((rc = ch_cli_open_store (cli)) || (rc = ch_cli_pick_chapter (cli)))
    return rc;

  if ((rc = ch_cli_check_flags (cli, allowed)) || (rc = member_fields_from_flags (cli, fields)))
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
        return ch_cli_fail (EXIT_FAILED, "%s", error->message);
      if (!ch_store_add_member (cli->store, cli->chapter_id, fields, &new_id, &error) ||
          !set_specialties_from_flag (cli, new_id, &error))
        {
          ch_store_rollback (cli->store);
          return ch_cli_fail (ch_cli_store_error_code (error), "%s", error->message);
        }
      if (!ch_store_commit (cli->store, &error))
        return ch_cli_fail (EXIT_FAILED, "%s", error->message);
      id = new_id;
    }
  else
    {
      if (id == NULL)
        return ch_cli_fail (EXIT_USAGE, _("members update needs the member’s id"));
      if (json_object_get_size (fields) == 0 && ch_cli_flag (cli, "specialties") == NULL)
        return ch_cli_fail (EXIT_USAGE,
                            _("members update needs at least one field to change, e.g. --email"));
      if (!ch_store_begin (cli->store, &error))
        return ch_cli_fail (EXIT_FAILED, "%s", error->message);
      if ((json_object_get_size (fields) > 0 &&
           !ch_store_update_member (cli->store, id, fields, &error)) ||
          !set_specialties_from_flag (cli, id, &error))
        {
          ch_store_rollback (cli->store);
          return ch_cli_fail (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND)
                              ? EXIT_FAILED : EXIT_INPUT, "%s", error->message);
        }
      if (!ch_store_commit (cli->store, &error))
        return ch_cli_fail (EXIT_FAILED, "%s", error->message);
    }

  member = ch_store_get_member (cli->store, id, &error);
  if (member == NULL)
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = member_json_full (cli->store, member);
      ch_cli_print_json_object (out);
    }
  else
    g_print ("%s\n", id);
  return EXIT_OK;
}

int
ch_cli_members_add (Cli *cli)
{
  return members_save (cli);
}

int
ch_cli_members_update (Cli *cli)
{
  return members_save (cli);
}

int
ch_cli_members_show (Cli *cli)
{
  const char *id = ch_cli_arg (cli, 1);
  int rc;
  static const char *allowed[] = { NULL };

  if ((rc = ch_cli_open_store (cli)) || (rc = ch_cli_pick_chapter (cli)))
    return rc;

  if ((rc = ch_cli_check_flags (cli, allowed)))
    return rc;
  if (id == NULL)
    return ch_cli_fail (EXIT_USAGE, _("members show needs the member’s id"));
  return member_show (cli, id);
}

/* "members upgrade|leave|rejoin ID" (the verb is ch_cli_arg (cli, 0)). */
static int
members_change (Cli *cli)
{
  const char *sub = ch_cli_arg (cli, 0);
  const char *id = ch_cli_arg (cli, 1);
  g_autoptr(GError) error = NULL;
  int rc;
  static const char *upgrade_allowed[] = { "tier", "date", NULL };
  static const char *leave_allowed[] = { "reason", "date", NULL };
  static const char *rejoin_allowed[] = { "date", NULL };
  g_autoptr(ChMember) member = NULL;
  gboolean ok;

  if ((rc = ch_cli_open_store (cli)) || (rc = ch_cli_pick_chapter (cli)))
    return rc;

  if (g_str_equal (sub, "upgrade"))
    rc = ch_cli_check_flags (cli, upgrade_allowed);
  else if (g_str_equal (sub, "leave"))
    rc = ch_cli_check_flags (cli, leave_allowed);
  else
    rc = ch_cli_check_flags (cli, rejoin_allowed);
  if (rc)
    return rc;
  if (id == NULL)
    return ch_cli_fail (EXIT_USAGE, _("members %s needs the member’s id"), sub);

  if (g_str_equal (sub, "upgrade"))
    {
      if (ch_cli_flag (cli, "tier") == NULL)
        return ch_cli_fail (EXIT_USAGE, _("members upgrade needs --tier, e.g. --tier chapter"));
      ok = ch_membership_change_tier (cli->store, id, ch_cli_flag (cli, "tier"),
                                      ch_cli_flag (cli, "date"), &error);
    }
  else if (g_str_equal (sub, "leave"))
    {
      if (ch_cli_flag (cli, "reason") == NULL)
        return ch_cli_fail (EXIT_USAGE, _("members leave needs --reason: cost, no-value, moved, "
                                          "company-closed or other"));
      ok = ch_membership_leave (cli->store, id, ch_cli_flag (cli, "date"),
                                ch_cli_flag (cli, "reason"), &error);
    }
  else
    ok = ch_membership_rejoin (cli->store, id, ch_cli_flag (cli, "date"), &error);

  if (!ok)
    return ch_cli_fail (ch_cli_store_error_code (error), "%s", error->message);

  member = ch_store_get_member (cli->store, id, &error);
  if (cli->json && member != NULL)
    {
      g_autoptr(JsonObject) out = member_json_full (cli->store, member);
      ch_cli_print_json_object (out);
    }
  else if (member != NULL)
    g_print ("%s\t%s\t%s\n", id, ch_tier_label (ch_member_get_tier (member)),
             ch_member_status_label (ch_member_get_status (member)));
  return EXIT_OK;
}

int
ch_cli_members_upgrade (Cli *cli)
{
  return members_change (cli);
}

int
ch_cli_members_leave (Cli *cli)
{
  return members_change (cli);
}

int
ch_cli_members_rejoin (Cli *cli)
{
  return members_change (cli);
}

int
ch_cli_members_merge (Cli *cli)
{
  const char *id = ch_cli_arg (cli, 1);
  g_autoptr(GError) error = NULL;
  int rc;
  static const char *allowed[] = { NULL };
  const char *other = ch_cli_arg (cli, 2);
  g_autoptr(ChMember) member = NULL;

  if ((rc = ch_cli_open_store (cli)) || (rc = ch_cli_pick_chapter (cli)))
    return rc;

  if ((rc = ch_cli_check_flags (cli, allowed)))
    return rc;
  if (id == NULL || other == NULL)
    return ch_cli_fail (EXIT_USAGE, _("usage: members merge SURVIVOR_ID OTHER_ID"));
      if (!ch_merge_members (cli->store, id, other, &error))
    return ch_cli_fail (ch_cli_store_error_code (error), "%s", error->message);

  member = ch_store_get_member (cli->store, id, &error);
  if (cli->json && member != NULL)
    {
      g_autoptr(JsonObject) out = member_json_full (cli->store, member);
      ch_cli_print_json_object (out);
    }
  else
    g_print ("%s\n", id);
  return EXIT_OK;
}

int
ch_cli_members_delete (Cli *cli)
{
  const char *id = ch_cli_arg (cli, 1);
  g_autoptr(GError) error = NULL;
  int rc;
  static const char *allowed[] = { NULL };
  g_autoptr(JsonObject) row = NULL;

  if ((rc = ch_cli_open_store (cli)) || (rc = ch_cli_pick_chapter (cli)))
    return rc;

  if ((rc = ch_cli_check_flags (cli, allowed)))
    return rc;
  if (id == NULL)
    return ch_cli_fail (EXIT_USAGE, _("members delete needs the member’s id"));

  row = ch_store_get_live_row (cli->store, "member", id);
  if (row == NULL)
    return ch_cli_fail (EXIT_FAILED, _("no member %s"), id);

  if (!ch_store_delete (cli->store, "member", id, &error))
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);
  return EXIT_OK;
}
