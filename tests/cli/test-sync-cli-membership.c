/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-cli-membership"

#include "config.h"

#include <string.h>

#include "ch-roles.h"
#include "ch-sync-test.h"

/*
 * chapterhouse-cli for the membership lifecycle: the new member fields,
 * payments, roles, upgrades, leaving and merging, with exit codes (0 done,
 * 1 failed, 2 wrong command line, 3 data refused) and --json output.
 */

static char *
new_db (SyncFixture *f)
{
  char *db = g_build_filename (f->dir, "officer.db", NULL);
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "chapter", "create", "--name", "IAMCP Sweden",
            "--timezone", "Europe/Stockholm", "--currency", "SEK", "--dues", "150000", NULL);
  g_assert_cmpint (run.status, ==, 0);

  return db;
}

static char *
add (const char *db,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(SyncCliRun) run = { 0 };
  const char *arg;
  va_list args;

  /* cli() takes varargs; pass the common ones explicitly. */
  va_start (args, db);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_assert_cmpuint (argv->len, ==, 4);

  sync_cli (&run, db, "members", "add", "--given", argv->pdata[0], "--family", argv->pdata[1],
            "--tier", argv->pdata[2], "--joined", argv->pdata[3], NULL);
  g_assert_cmpint (run.status, ==, 0);

  return g_strstrip (g_strdup (run.out));
}

/* ----------------------------------------------------------------------- */

static void
test_member_fields (SyncFixture   *f,
                    gconstpointer  data)
{
  g_autofree char *db = new_db (f);
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(SyncCliRun) run = { 0 };
  JsonObject *m;
  JsonArray *specialties;

  sync_cli (&run, db, "--json", "members", "add", "--given", "Linnéa", "--family", "Öberg",
            "--email", "linnea@contoso.se", "--tier", "chapter", "--joined", "2023-04-01",
            "--specialties", "Azure, security,Data & AI", "--partner-kind", "isv",
            "--gender", "woman", "--birth-year", "1986", "--consent-directory", "yes",
            "--consent-email", "no", "--notes", "Met at the spring meetup", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  m = json_node_get_object (node);
  id = g_strdup (json_object_get_string_member (m, "id"));
  g_assert_cmpstr (json_object_get_string_member (m, "partner_kind"), ==, "isv");
  g_assert_cmpstr (json_object_get_string_member (m, "gender"), ==, "woman");
  g_assert_cmpint (json_object_get_int_member (m, "birth_year"), ==, 1986);
  g_assert_true (json_object_get_boolean_member (m, "consent_directory"));
  g_assert_false (json_object_get_boolean_member (m, "consent_email"));
  g_assert_cmpstr (json_object_get_string_member (m, "notes"), ==, "Met at the spring meetup");
  specialties = json_object_get_array_member (m, "specialties");
  g_assert_cmpuint (json_array_get_length (specialties), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (specialties, 0), ==, "azure");

  /* Text: show prints the labels. */
  sync_cli (&run, db, "members", "show", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Azure, Data & AI, Security"));
  g_assert_nonnull (strstr (run.out, "ISV"));
  g_assert_nonnull (strstr (run.out, "1986"));
  /* The label the window shows, not the stored code ("woman") */
  g_assert_true (g_regex_match_simple ("^Gender: +Woman$", run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^In directory: +yes$", run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^E-mail allowed: +no$", run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Notes: +Met at the spring meetup$", run.out,
                                       G_REGEX_MULTILINE, 0));

  /* Update: specialties become exactly the new list. */
  sync_cli (&run, db, "--json", "members", "update", id, "--specialties", "power platform",
            "--consent-email", "yes", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = sync_cli_json (&run);
  m = json_node_get_object (node);
  specialties = json_object_get_array_member (m, "specialties");
  g_assert_cmpuint (json_array_get_length (specialties), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (specialties, 0), ==, "power-platform");
  g_assert_true (json_object_get_boolean_member (m, "consent_email"));

  /* Bad values: exit 3 with a message, nothing changed. */
  sync_cli (&run, db, "members", "update", id, "--consent-email", "maybe", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "--consent-email is yes or no"));
  sync_cli (&run, db, "members", "update", id, "--birth-year", "nineteen", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "--birth-year"));

  /* Filters of the list. */
  {
    g_autofree char *other = add (db, "Bo", "Ek", "network", "2024-01-01", NULL);
    JsonArray *list;

    sync_cli (&run, db, "--json", "members", "list", "--specialty", "Power Platform", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_clear_pointer (&node, json_node_unref);
    node = sync_cli_json (&run);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);

    sync_cli (&run, db, "--json", "members", "list", "--tier", "network", NULL);
    g_clear_pointer (&node, json_node_unref);
    node = sync_cli_json (&run);
    list = json_node_get_array (node);
    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "id"),
                     ==, other);

    sync_cli (&run, db, "members", "list", "--status", "expired", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--status is"));
  }
}

static void
test_payments (SyncFixture   *f,
               gconstpointer  data)
{
  g_autofree char *db = new_db (f);
  g_autofree char *id = add (db, "Erik", "Dahl", "chapter", "2023-03-01", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_auto(SyncCliRun) run = { 0 };
  JsonObject *o;

  sync_cli (&run, db, "--json", "payments", "add", id, "--amount", "150000",
            "--paid-on", "2024-02-20", "--method", "card", "--reference", "INV-17", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  o = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (o, "amount"), ==, 150000);
  g_assert_cmpstr (json_object_get_string_member (o, "currency"), ==, "SEK");
  g_assert_cmpstr (json_object_get_string_member (o, "covers_from"), ==, "2024-02-20");
  g_assert_cmpstr (json_object_get_string_member (o, "covers_until"), ==, "2025-02-19");
  g_assert_cmpstr (json_object_get_string_member (o, "dues_paid_until"), ==, "2025-02-19");

  sync_cli (&run, db, "payments", "add", id, "--amount", "150000", "--paid-on", "2025-02-01", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* Bad amounts and dates: exit 3, a message, nothing written. */
  sync_cli (&run, db, "payments", "add", id, "--amount", "0", "--paid-on", "2025-02-01", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "more than zero"));
  sync_cli (&run, db, "payments", "add", id, "--amount", "150.00", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "minor units"));
  sync_cli (&run, db, "payments", "add", id, "--amount", "-5", NULL);
  g_assert_cmpint (run.status, ==, 3);
  sync_cli (&run, db, "payments", "add", id, "--amount", "100", "--paid-on", "2025-02-30", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "is not a date"));
  sync_cli (&run, db, "payments", "add", id, "--amount", "100", "--covers-from", "2025-05-01",
            "--covers-until", "2025-04-01", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "ends before it starts"));
  sync_cli (&run, db, "payments", "add", id, NULL);
  g_assert_cmpint (run.status, ==, 2);
  sync_cli (&run, db, "payments", "refund", id, NULL);
  g_assert_cmpint (run.status, ==, 2);

  sync_cli (&run, db, "--json", "payments", "list", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = sync_cli_json (&run);
  o = json_node_get_object (node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "payments")), ==, 2);
  {
    JsonArray *totals = json_object_get_array_member (o, "totals");
    JsonObject *newest = json_array_get_object_element (totals, 0);

    g_assert_cmpuint (json_array_get_length (totals), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (newest, "period"), ==, "2025");
    g_assert_cmpint (json_object_get_int_member (newest, "total"), ==, 150000);
  }

  /* The whole chapter, as text, with totals per year. */
  sync_cli (&run, db, "payments", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Erik Dahl"));
  g_assert_nonnull (strstr (run.out, "Total 2024:"));
  g_assert_nonnull (strstr (run.out, "Total 2025:"));

  sync_cli (&run, db, "--json", "members", "show", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = sync_cli_json (&run);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "dues_paid_until"),
                   ==, "2026-02-19");
}

/* One President at a time: "roles add" refuses a second one, and with
 * --hand-over ends the first term the day before. */
static void
test_roles_hand_over (SyncFixture   *f,
                      gconstpointer  data)
{
  g_autofree char *db = new_db (f);
  g_autofree char *ana = add (db, "Ana", "Ruiz", "chapter", "2023-01-10", NULL);
  g_autofree char *bo = add (db, "Bo", "Ek", "chapter", "2023-01-10", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_auto(SyncCliRun) run = { 0 };
  g_autoptr(ChStore) store = NULL;
  g_autoptr(GPtrArray) ana_roles = NULL;
  g_autoptr(GError) error = NULL;
  guint presidents = 0;
  JsonArray *roles;

  sync_cli (&run, db, "roles", "add", ana, "--role", "president", "--from", "2024-01-01", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "roles", "add", bo, "--role", "president", "--from", "2024-06-01", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "Ana Ruiz is President on 2024-06-01; add --hand-over to end "
                                     "that term on 2024-05-31"));
  /* A board member is not a single seat. */
  sync_cli (&run, db, "roles", "add", bo, "--role", "board-member", "--from", "2024-06-01", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, db, "roles", "add", bo, "--role", "president", "--from", "2024-06-01",
            "--hand-over", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "--json", "roles", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  roles = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (roles); i++)
    {
      JsonObject *o = json_array_get_object_element (roles, i);

      if (g_strcmp0 (json_object_get_string_member (o, "role"), "president") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (o, "member_id"), ==, bo);
          presidents++;
        }
    }
  g_assert_cmpuint (presidents, ==, 1);

  /* Ana's term ended the day before. */
  store = ch_store_open (db, &error);
  g_assert_no_error (error);
  ana_roles = ch_roles_list_for_member (store, ana, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ana_roles->len, ==, 1);
  g_assert_cmpstr (ch_role_get_ends_on (ana_roles->pdata[0]), ==, "2024-05-31");
}

static void
test_lifecycle (SyncFixture   *f,
                gconstpointer  data)
{
  g_autofree char *db = new_db (f);
  g_autofree char *ana = add (db, "Ana", "Ruiz", "network", "2023-01-10", NULL);
  g_autofree char *ana2 = add (db, "Ana", "Ruiz", "network", "2024-05-01", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "members", "upgrade", ana, "--tier", "chapter", "--date", "2024-06-01", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "members", "upgrade", ana, "--tier", "platinum", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "no tier"));

  sync_cli (&run, db, "roles", "add", ana, "--role", "president", "--from", "2024-01-01", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "roles", "add", ana, "--role", "treasurer", "--from", "2024-01-01",
            "--to", "2023-01-01", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "ends before it starts"));
  sync_cli (&run, db, "--json", "roles", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  sync_cli (&run, db, "roles", "list", NULL);
  g_assert_nonnull (strstr (run.out, "President\tAna Ruiz"));

  sync_cli (&run, db, "--json", "members", "list", "--role", "president", NULL);
  g_clear_pointer (&node, json_node_unref);
  node = sync_cli_json (&run);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);

  /* Merge the duplicate into the first. */
  sync_cli (&run, db, "members", "merge", ana, ana2, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "members", "merge", ana, ana2, NULL);
  g_assert_cmpint (run.status, ==, 1);
  sync_cli (&run, db, "members", "merge", ana, NULL);
  g_assert_cmpint (run.status, ==, 2);

  sync_cli (&run, db, "members", "leave", ana, "--reason", "bored", NULL);
  g_assert_cmpint (run.status, ==, 3);
  sync_cli (&run, db, "members", "leave", ana, "--reason", "moved", "--date", "2024-09-30", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Left"));
  sync_cli (&run, db, "members", "rejoin", ana, "--date", "2025-03-01", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "payments", "add", ana, "--amount", "150000", "--paid-on", "2025-03-01",
            NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, db, "--json", "members", "show", ana, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = sync_cli_json (&run);
  {
    JsonArray *history = json_object_get_array_member (json_node_get_object (node), "history");
    g_autoptr(GString) titles = g_string_new (NULL);

    for (guint i = 0; i < json_array_get_length (history); i++)
      {
        JsonObject *h = json_array_get_object_element (history, i);
        g_string_append_printf (titles, "%s %s|", json_object_get_string_member (h, "date"),
                                json_object_get_string_member (h, "title"));
      }
    g_assert_true (g_str_has_prefix (titles->str,
                                     "2023-01-10 Joined as Network|2024-01-01 Became President|"
                                     "2024-06-01 Moved to Chapter|2024-09-30 Left|"
                                     "2025-03-01 Rejoined as Chapter|2025-03-01 Paid "));
    /* One year paid, and the year is over: lapsed after the grace. */
    g_assert_true (g_str_has_suffix (titles->str, "|2025-03-01 Renewed|2026-03-31 Lapsed|"));
  }

  sync_cli (&run, db, "--json", "members", "list", NULL);
  g_clear_pointer (&node, json_node_unref);
  node = sync_cli_json (&run);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/cli/membership/member-fields", SyncFixture, NULL,
              sync_fixture_setup, test_member_fields, sync_fixture_teardown);
  g_test_add ("/sync/cli/membership/payments", SyncFixture, NULL,
              sync_fixture_setup, test_payments, sync_fixture_teardown);
  g_test_add ("/sync/cli/membership/roles-hand-over", SyncFixture, NULL,
              sync_fixture_setup, test_roles_hand_over, sync_fixture_teardown);
  g_test_add ("/sync/cli/membership/lifecycle", SyncFixture, NULL,
              sync_fixture_setup, test_lifecycle, sync_fixture_teardown);

  return g_test_run ();
}
