/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ch-sync-test.h"

/* chapterhouse-cli import and export members as an officer runs them: the
 * summary, a dry run, the question about dates, a mapping file, Undo;
 * an export that a spreadsheet cannot run code from; and an import and
 * its undo reaching another officer's laptop through the real server. */

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "core", "fixtures", "import", name, NULL);
}

static char *
new_db (const char *dir)
{
  g_autofree char *db = g_build_filename (dir, "officer.db", NULL);
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "chapter", "create", "--name", "IAMCP Sweden", "--timezone",
            "Europe/Stockholm", "--currency", "SEK", NULL);
  g_assert_cmpint (run.status, ==, 0);
  return g_steal_pointer (&db);
}

static void
test_import_dry_run_import_undo (void)
{
  g_autofree char *dir = sync_test_make_tmp_dir ();
  g_autofree char *db = new_db (dir);
  g_autofree char *file = fixture ("wild-apricot.csv");
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "import", file, "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "2 members would be created.\n"
                   "0 members would be updated.\n"
                   "0 rows would be skipped.\n"
                   "1 row would fail.\n"
                   "Line 4: Member since “15/13/2020” is not a date. Write it as 2024-03-31. "
                   "“not-an-email” is not an e-mail address.\n");
  sync_cli (&run, db, "members", "list", NULL);
  g_assert_cmpstr (run.out, ==, "");

  sync_cli (&run, db, "import", file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "2 members created.\n0 members updated.\n"));
  g_assert_nonnull (strstr (run.out, "To undo this import: chapterhouse-cli import --undo "));
  sync_cli (&run, db, "members", "list", "--sort", "name", NULL);
  g_assert_nonnull (strstr (run.out, "Astrid Lindqvist\tastrid@contoso.example\tContoso AB"));
  g_assert_nonnull (strstr (run.out, "Björn Nyberg"));

  sync_cli (&run, db, "import", "--undo", "last", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "The import was undone.\n");
  sync_cli (&run, db, "members", "list", NULL);
  g_assert_cmpstr (run.out, ==, "");

  sync_cli (&run, db, "import", "--undo", "last", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "There is no import to undo."));

  sync_test_remove_tree (dir);
}

static void
test_import_date_order (void)
{
  g_autofree char *dir = sync_test_make_tmp_dir ();
  g_autofree char *db = new_db (dir);
  g_autofree char *file = fixture ("civicrm.csv");
  g_autoptr(JsonObject) out = NULL;
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "import", file, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "Dates such as “03/04/2022” can be read two ways."));
  g_assert_nonnull (strstr (run.err, "--date-order"));

  sync_cli (&run, db, "--json", "import", file, "--date-order", "day-first", NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = sync_cli_json_object (&run);
  g_assert_cmpint (json_object_get_int_member (out, "created"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (out, "failed"), ==, 0);
  g_assert_false (json_object_get_boolean_member (out, "dry_run"));

  sync_cli (&run, db, "--json", "members", "list", NULL);
  g_assert_nonnull (strstr (run.out, "\"2022-04-03\""));

  sync_test_remove_tree (dir);
}

static void
test_import_mapping_file (void)
{
  g_autofree char *dir = sync_test_make_tmp_dir ();
  g_autofree char *db = new_db (dir);
  g_autofree char *file = fixture ("wild-apricot.csv");
  g_autofree char *mapping = g_build_filename (dir, "mapping.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_auto(SyncCliRun) run = { 0 };

  g_assert_true (g_file_set_contents (mapping,
                                      "{\"columns\": {\"Notes\": \"ignore\", "
                                      "\"Membership status\": \"job_title\"},"
                                      " \"tiers\": {\"Chapter Member\": \"honorary\"}}", -1, NULL));
  sync_cli (&run, db, "import", file, "--mapping", mapping, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "members", "list", "--tier", "honorary", NULL);
  g_assert_nonnull (strstr (run.out, "Astrid Lindqvist"));
  g_assert_null (strstr (run.out, "Björn"));
  sync_cli (&run, db, "--json", "members", "list", "--search", "Astrid", NULL);
  g_assert_nonnull (strstr (run.out, "\"job_title\" : \"Active\""));
  g_assert_null (strstr (run.out, "Founding member"));

  g_assert_true (g_file_set_contents (bad, "{\"columns\": {\"Email\": \"shoe_size\"}}", -1,
                                      NULL));
  sync_cli (&run, db, "import", file, "--mapping", bad, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err,
                            "The mapping file is not valid: “shoe_size” is not a "
                            "member field."));

  sync_test_remove_tree (dir);
}

static void
test_import_bad_file (void)
{
  g_autofree char *dir = sync_test_make_tmp_dir ();
  g_autofree char *db = new_db (dir);
  g_autofree char *file = fixture ("invalid-utf8.csv");
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "import", file, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "Line 3 is not valid UTF-8 text."));

  sync_cli (&run, db, "import", missing, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "missing.csv"));

  sync_test_remove_tree (dir);
}

static void
test_export_members (void)
{
  g_autofree char *dir = sync_test_make_tmp_dir ();
  g_autofree char *db = new_db (dir);
  g_autofree char *csv = g_build_filename (dir, "members.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_auto(SyncCliRun) run = { 0 };
  GStatBuf st;

  sync_cli (&run, db, "members", "add", "--given", "Eve", "--family", "Hacker", "--company",
            "=HYPERLINK(\"http://evil.example\")", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "members", "add", "--given", "Karin", "--family", "Berg", "--tier",
            "chapter", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, db, "export", "members", "--format", "csv", "--tier", "network", "-o", csv,
            NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "id,given_name,family_name,email,"));
  g_assert_nonnull (strstr (text, ",\"'=HYPERLINK(\"\"http://evil.example\"\")\","));
  g_assert_null (strstr (text, "Karin"));
  g_assert_cmpint (g_stat (csv, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  sync_cli (&run, db, "export", "members", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json = sync_cli_json (&run);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json)), ==, 2);

  sync_cli (&run, db, "export", "members", "--format", "pdf", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Members can be exported as CSV, XLSX, JSON or vCard."));

  sync_cli (&run, db, "export", "members", "--format", "ods", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "“ods” is not an export format."));

  sync_test_remove_tree (dir);
}

/* The other subjects: an event's registrations (mode, state, minutes),
 * payments of a period as a workbook, roles, the directory as a PDF; a
 * member's data as one JSON file, and erasing them. */
static void
test_export_subjects (void)
{
  g_autofree char *dir = sync_test_make_tmp_dir ();
  g_autofree char *db = new_db (dir);
  g_autofree char *xlsx = g_build_filename (dir, "payments.xlsx", NULL);
  g_autofree char *pdf = g_build_filename (dir, "directory.pdf", NULL);
  g_autofree char *data = g_build_filename (dir, "data.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *member = NULL;
  g_autofree char *event = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(SyncCliRun) run = { 0 };
  gsize length = 0;

  sync_cli (&run, db, "--json", "members", "add", "--given", "Ines", "--family", "Quarterly",
            "--email", "ines@quarterly.example", "--phone", "+351 21 000 1111", "--tier",
            "chapter", "--joined", "2024-01-01", "--consent-directory", "yes", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  member = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
  g_clear_pointer (&node, json_node_unref);

  sync_cli (&run, db, "payments", "add", member, "--amount", "15000", "--paid-on", "2026-02-03",
            NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "roles", "add", member, "--role", "treasurer", "--from", "2026-01-01",
            NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "--json", "events", "add", "--title", "Chapter meeting", "--start",
            "2036-12-09 18:00", "--end", "2036-12-09 20:00", "--format", "hybrid",
            "--capacity-in-person", "30", "--join-url", "https://example.com/j", "--status",
            "published", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  event = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
  sync_cli (&run, db, "registrations", "add", event, "--member", member, "--mode", "online",
            NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, db, "export", "registrations", event, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "name,email,company,member_id,guest,mode,state,"));
  g_assert_nonnull (strstr (run.out, "Ines Quarterly,ines@quarterly.example,,"));
  g_assert_nonnull (strstr (run.out, ",no,online,registered,"));
  sync_cli (&run, db, "export", "registrations", NULL);
  g_assert_cmpint (run.status, ==, 2);
  sync_cli (&run, db, "export", "registrations", "no-such-event", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "There is no event “no-such-event”."));

  sync_cli (&run, db, "export", "payments", "--from", "2026-01-01", "--to", "2026-12-31",
            "--format", "xlsx", "-o", xlsx, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (xlsx, &text, &length, NULL));
  g_assert_cmpmem (text, 2, "PK", 2);
  g_clear_pointer (&text, g_free);
  sync_cli (&run, db, "export", "payments", "--from", "2027-01-01", NULL);
  g_assert_cmpstr (run.out, ==,
                   "paid_on,member,member_id,amount,currency,covers_from,covers_until,method,"
                   "reference\r\n");
  sync_cli (&run, db, "export", "payments", "--from", "soon", NULL);
  g_assert_cmpint (run.status, ==, 3);

  sync_cli (&run, db, "export", "roles", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "treasurer,Treasurer,Ines Quarterly,"));

  sync_cli (&run, db, "export", "directory", "--format", "pdf", "-o", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (pdf, &text, &length, NULL));
  g_assert_cmpmem (text, 5, "%PDF-", 5);
  g_clear_pointer (&text, g_free);
  sync_cli (&run, db, "export", "roles", "--format", "vcard", NULL);
  g_assert_cmpint (run.status, ==, 2);

  sync_cli (&run, db, "members", "export-data", member, "-o", data, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (data, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"ines@quarterly.example\""));
  g_assert_nonnull (strstr (text, "\"payments\""));
  g_assert_nonnull (strstr (text, "\"roles\""));
  g_assert_nonnull (strstr (text, "\"registrations\""));
  g_assert_nonnull (strstr (text, "\"event_title\" : \"Chapter meeting\""));

  sync_cli (&run, db, "members", "erase", member, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Add --yes to erase."));
  sync_cli (&run, db, "members", "erase", member, "--yes", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Erased on "));
  sync_cli (&run, db, "members", "list", NULL);
  g_assert_cmpstr (run.out, ==, "");
  sync_cli (&run, db, "members", "export-data", member, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "This member was erased"));

  sync_test_remove_tree (dir);
}

/* An import and its undo are ordinary synced changes: another officer's
 * laptop gets the members, and then loses them again. */
static void
test_import_and_undo_sync (SyncFixture   *f,
                           gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "officer.db", NULL);
  g_autofree char *token = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_autofree char *file = fixture ("wild-apricot.csv");
  g_autoptr(SyncClient) other = sync_fixture_client (f, "other", NULL);
  g_autoptr(JsonObject) out = NULL;
  g_auto(SyncCliRun) run = { 0 };
  g_autofree char *batch = NULL;
  g_autofree char *astrid = NULL;

  sync_cli (&run, db, "--chapter", f->chapter_a, "connect", f->server->url, "--token-file",
            token, NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, db, "--json", "import", file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = sync_cli_json_object (&run);
  batch = g_strdup (json_object_get_string_member (out, "batch"));
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_client_sync_ok (other, NULL);
  g_assert_cmpuint (sync_client_count_rows (other, "member", TRUE), ==, 2);
  astrid = ch_store_find_member_by_email (other->store, f->chapter_a, "astrid@contoso.example",
                                          NULL);
  g_assert_nonnull (astrid);
  g_assert_cmpuint (sync_client_count_rows (other, "membership_period", TRUE), ==, 2);

  sync_cli (&run, db, "import", "--undo", batch, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_client_sync_ok (other, NULL);
  g_assert_cmpuint (sync_client_count_rows (other, "member", TRUE), ==, 0);
  g_assert_true (sync_client_is_deleted (other, "member", astrid));
  g_assert_cmpuint (sync_client_count_rows (other, "membership_period", TRUE), ==, 0);
}

/* A file large enough for the bulk path (indexes made at the end, the
 * outbox written many entries a statement): the other laptop gets every
 * member and period as from a small file, and Undo takes them away there. */
static void
test_large_import_and_undo_sync (SyncFixture   *f,
                                 gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "officer.db", NULL);
  g_autofree char *token = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_autofree char *file = g_build_filename (f->dir, "large.csv", NULL);
  g_autoptr(GString) text = g_string_new ("First name,Last name,Email,Member since\n");
  g_autoptr(SyncClient) other = sync_fixture_client (f, "other", NULL);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(ChMember) member = NULL;
  g_auto(SyncCliRun) run = { 0 };
  g_autofree char *batch = NULL;
  g_autofree char *id = NULL;
  const guint rows = 5010;

  for (guint i = 0; i < rows; i++)
    g_string_append_printf (text, "Anna,Berg-%u,anna%u@example.se,2020-01-%02u\n", i, i,
                            1 + i % 28);
  g_assert_true (g_file_set_contents (file, text->str, -1, NULL));

  sync_cli (&run, db, "--chapter", f->chapter_a, "connect", f->server->url, "--token-file",
            token, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "--json", "import", file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = sync_cli_json_object (&run);
  batch = g_strdup (json_object_get_string_member (out, "batch"));
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_client_sync_ok (other, NULL);
  g_assert_cmpuint (sync_client_count_rows (other, "member", TRUE), ==, rows);
  g_assert_cmpuint (sync_client_count_rows (other, "membership_period", TRUE), ==, rows);
  id = ch_store_find_member_by_email (other->store, f->chapter_a, "anna4999@example.se", NULL);
  g_assert_nonnull (id);
  member = ch_store_get_member (other->store, id, NULL);
  g_assert_cmpstr (ch_member_get_family_name (member), ==, "Berg-4999");
  g_assert_cmpstr (ch_member_get_joined_on (member), ==, "2020-01-16");

  sync_cli (&run, db, "import", "--undo", batch, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_client_sync_ok (other, NULL);
  g_assert_cmpuint (sync_client_count_rows (other, "member", TRUE), ==, 0);
  g_assert_true (sync_client_is_deleted (other, "member", id));
  g_assert_cmpuint (sync_client_count_rows (other, "membership_period", TRUE), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

  g_test_add_func ("/cli/import/dry-run-import-undo", test_import_dry_run_import_undo);
  g_test_add_func ("/cli/import/date-order", test_import_date_order);
  g_test_add_func ("/cli/import/mapping-file", test_import_mapping_file);
  g_test_add_func ("/cli/import/bad-file", test_import_bad_file);
  g_test_add_func ("/cli/export/members", test_export_members);
  g_test_add_func ("/cli/export/subjects", test_export_subjects);
  g_test_add ("/cli/import/undo-syncs", SyncFixture, NULL,
              sync_fixture_setup, test_import_and_undo_sync, sync_fixture_teardown);
  g_test_add ("/cli/import/large-undo-syncs", SyncFixture, NULL,
              sync_fixture_setup, test_large_import_and_undo_sync, sync_fixture_teardown);

  return g_test_run ();
}
