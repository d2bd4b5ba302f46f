/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-chapter"

#include "config.h"

#include <string.h>

#include "ch-chapters.h"
#include "ch-store-private.h"
#include "ch-sync-test.h"

/*
 * A chapter's own settings between devices and the real server: the
 * country is one ISO code everywhere, so linking a chapter made on this
 * computer, or upgrading a data file of an older version, never makes a
 * conflict out of "Sweden" against "SE".
 */

/* A device whose chapter was made offline, before it was linked. */
static SyncClient *
offline_client (SyncFixture *f,
                const char  *name,
                const char  *country,
                char       **local_id)
{
  SyncClient *client = g_new0 (SyncClient, 1);
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;

  client->name = g_strdup (name);
  client->path = g_build_filename (f->dir, file, NULL);
  client->chapter_id = g_strdup (f->chapter_a);
  client->token = g_strdup (f->token_a);
  client->store = ch_store_open (client->path, &error);
  g_assert_no_error (error);

  /* What the old Create Your Chapter form stored: the text typed. */
  json_object_set_string_member (fields, "name", "IAMCP Sweden");
  json_object_set_string_member (fields, "country", country);
  json_object_set_string_member (fields, "city", "Stockholm");
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_string_member (fields, "currency", "SEK");
  json_object_set_int_member (fields, "dues_amount", 150000);
  chapter = ch_store_create_chapter (client->store, fields, &error);
  g_assert_no_error (error);

  *local_id = g_strdup (ch_chapter_get_id (chapter));
  return client;
}

static void
link_client (SyncFixture *f,
             SyncClient  *client,
             const char  *local_id)
{
  g_autoptr(GError) error = NULL;

  ch_sync_link (client->store, local_id, f->server->url, f->chapter_a, &error);
  g_assert_no_error (error);
}

/* The file of an older Chapterhouse (level 8), which kept the country as
 * typed, in the row and in the change waiting to be sent.  The levels
 * after the country's (009) run again, so what they add is undone. */
static void
make_old_file (SyncClient *client,
               const char *entity,
               const char *id,
               const char *country)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("UPDATE %s SET country = '%s' WHERE id = '%s';"
                         "UPDATE outbox SET \"set\" = json_set (\"set\", '$.country', '%s') "
                         "WHERE row_id = '%s' AND json_type (\"set\", '$.country') IS NOT NULL;"
                         "ALTER TABLE chapter DROP COLUMN renewal_start;"
                         "ALTER TABLE conflict DROP COLUMN kept_author;"
                         "ALTER TABLE conflict DROP COLUMN kept_device_id;"
                         "ALTER TABLE opportunity DROP COLUMN accepted_on;"
                         "ALTER TABLE member DROP COLUMN erased_on;"
                         "ALTER TABLE member DROP COLUMN erased_by;"
                         "DROP TRIGGER member_status_au; DROP TRIGGER member_status_tier_ai;"
                         "DROP TRIGGER member_status_tier_au; DROP TRIGGER member_status_tier_ad;"
                         "DROP TRIGGER member_status_chapter_au; DROP TABLE member_status_day;"
                         "DROP INDEX member_by_status; DROP INDEX member_status_due;"
                         "ALTER TABLE member DROP COLUMN status_rank;"
                         "ALTER TABLE member DROP COLUMN status_until;"
                         "PRAGMA user_version = 8;",
                         entity, country, id, country, id);
  ch_store_exec_for_test (client->store, sql, &error);
  g_assert_no_error (error);

  /* Open it again: the upgrade runs. */
  g_clear_object (&client->store);
  client->store = ch_store_open (client->path, &error);
  g_assert_no_error (error);
}

static void
assert_no_conflicts (SyncFixture *f)
{
  g_autoptr(GHashTable) conflicts =
    sync_server_rows (f->server, f->chapter_a, f->token_a, "conflict");

  g_assert_cmpuint (g_hash_table_size (conflicts), ==, 0);
}

/* The tester's first connect: "Sweden" typed offline, "SE" on the server. */
static void
test_link_offline_country (SyncFixture   *f,
                           gconstpointer  data)
{
  g_autofree char *local_id = NULL;
  g_autoptr(SyncClient) client = offline_client (f, "officer", "Sweden", &local_id);
  g_autofree char *on_server = NULL;
  g_autofree char *here = NULL;
  ChSyncReport report = { 0 };

  link_client (f, client, local_id);
  sync_client_sync_ok (client, &report);

  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.rejected, ==, 0);
  assert_no_conflicts (f);
  on_server =
    sync_server_get_text (f->server, f->chapter_a, f->token_a, "chapter", f->chapter_a, "country");
  g_assert_cmpstr (on_server, ==, "SE");
  here = sync_client_get_text (client, "chapter", f->chapter_a, "country");
  g_assert_cmpstr (here, ==, "SE");
}

/* A data file of the older version, upgraded, then linked. */
static void
test_upgrade_then_link (SyncFixture   *f,
                        gconstpointer  data)
{
  g_autofree char *local_id = NULL;
  g_autoptr(SyncClient) client = offline_client (f, "officer", "SE", &local_id);
  g_autofree char *here = NULL;
  g_autofree char *on_server = NULL;
  ChSyncReport report = { 0 };

  make_old_file (client, "chapter", local_id, "Sverige");
  here = sync_client_get_text (client, "chapter", local_id, "country");
  g_assert_cmpstr (here, ==, "SE");

  link_client (f, client, local_id);
  sync_client_sync_ok (client, &report);

  g_assert_cmpuint (report.conflicts, ==, 0);
  assert_no_conflicts (f);
  on_server =
    sync_server_get_text (f->server, f->chapter_a, f->token_a, "chapter", f->chapter_a, "country");
  g_assert_cmpstr (on_server, ==, "SE");
}

/* Two devices that synced "Deutschland" before the upgrade: both upgrade,
 * the server and both end with "DE", and no one sees a conflict.  Text
 * that is no country stays as it is and is not sent again. */
static void
test_upgrade_synced_rows (SyncFixture   *f,
                          gconstpointer  data)
{
  g_autoptr(SyncClient) a = sync_fixture_client (f, "a", NULL);
  g_autoptr(SyncClient) b = sync_fixture_client (f, "b", NULL);
  g_autofree char *anna = NULL;
  g_autofree char *bo = NULL;
  g_autofree char *outbox = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (a, NULL);
  anna = sync_client_add_member (a, "Anna", "Berg", "anna@example.org");
  bo = sync_client_add_member (a, "Bo", "Ek", "bo@example.org");
  sync_client_set_field (a, anna, "country", "DE");
  sync_client_set_field (a, bo, "country", "DE");
  /* As the older version sent them. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *sql =
      g_strdup_printf ("UPDATE outbox SET \"set\" = json_set (\"set\", '$.country', "
                       "'Atlantis') WHERE row_id = '%s' AND "
                       "json_type (\"set\", '$.country') IS NOT NULL;"
                       "UPDATE member SET country = 'Atlantis' WHERE id = '%s';",
                       bo, bo);

    ch_store_exec_for_test (
      a->store,
      "UPDATE outbox SET \"set\" = json_set (\"set\", '$.country', 'Deutschland') "
      "WHERE json_type (\"set\", '$.country') IS NOT NULL;"
      "UPDATE member SET country = 'Deutschland';",
      &error);
    g_assert_no_error (error);
    ch_store_exec_for_test (a->store, sql, &error);
    g_assert_no_error (error);
  }
  sync_client_sync_ok (a, NULL);
  sync_client_sync_ok (b, NULL);
  sync_fixture_assert_everywhere (f, a, b, "member", anna, "country", "Deutschland");

  /* Both devices get the new version. */
  make_old_file (a, "member", anna, "Deutschland");
  make_old_file (b, "member", anna, "Deutschland");
  outbox = sync_client_outbox_mids (a);
  g_assert_cmpstr (outbox, !=, "");

  sync_client_sync_ok (a, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  sync_client_sync_ok (b, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  sync_client_sync_ok (a, NULL);

  assert_no_conflicts (f);
  sync_fixture_assert_everywhere (f, a, b, "member", anna, "country", "DE");
  sync_fixture_assert_everywhere (f, a, b, "member", bo, "country", "Atlantis");
  g_clear_pointer (&outbox, g_free);
  outbox = sync_client_outbox_mids (b);
  g_assert_cmpstr (outbox, ==, "");
}

/* chapterhouse-cli chapter update: a synced edit the server gets; refused
 * data (exit code 3) change nothing. */
static void
test_cli_update (SyncFixture   *f,
                 gconstpointer  data)
{
  g_autofree char *file = g_strconcat ("officer", ".db", NULL);
  g_autofree char *db = g_build_filename (f->dir, file, NULL);
  g_autofree char *token_file = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_autofree char *country = NULL;
  g_autofree char *zone = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_auto(SyncCliRun) run = { 0 };
  struct { const char *flag; const char *value; const char *message; } bad[] = {
    { "--country", "Atlantis", "“Atlantis” is not a country" },
    { "--timezone", "Mars/Olympus_Mons", "“Mars/Olympus_Mons” is not a known time zone" },
    { "--currency", "euro", "“euro” is not a currency" },
    { "--grace-days", "400", "--grace-days is a whole number from 0 to 365" },
    { "--name", " ", "Give the chapter a name" },
  };

  /* As the README shows it: a country by name. */
  sync_cli (&run, db, "chapter", "create", "--name", "IAMCP Sweden", "--country", "Sweden",
            "--timezone", "Europe/Stockholm", "--currency", "SEK", "--dues", "150000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "--chapter", f->chapter_a, "connect", f->server->url, "--token-file",
            token_file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "sync", "--token-file", token_file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_no_conflicts (f);

  sync_cli (&run, db, "--json", "chapter", "update", "--name", "IAMCP Norway", "--country", "Norge",
            "--timezone", "Europe/Oslo", "--currency", "nok", "--city", "Oslo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  out = sync_cli_json_object (&run);
  g_assert_cmpstr (json_object_get_string_member (out, "country"), ==, "NO");
  g_assert_cmpstr (json_object_get_string_member (out, "currency"), ==, "NOK");

  sync_cli (&run, db, "sync", "--token-file", token_file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  country =
    sync_server_get_text (f->server, f->chapter_a, f->token_a, "chapter", f->chapter_a, "country");
  zone =
    sync_server_get_text (f->server, f->chapter_a, f->token_a, "chapter", f->chapter_a, "timezone");
  g_assert_cmpstr (country, ==, "NO");
  g_assert_cmpstr (zone, ==, "Europe/Oslo");
  assert_no_conflicts (f);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      sync_cli (&run, db, "chapter", "update", bad[i].flag, bad[i].value, NULL);
      g_assert_cmpint (run.status, ==, 3);
      g_assert_true (g_str_has_prefix (run.err, "chapterhouse-cli: "));
      g_assert_nonnull (strstr (run.err, bad[i].message));
    }

  sync_cli (&run, db, "chapter", "update", NULL);
  g_assert_cmpint (run.status, ==, 2);
  sync_cli (&run, db, "chapter", "create", "--name", "Atlantis Chapter", "--country", "Atlantis",
            "--timezone", "Europe/Oslo", "--currency", "NOK", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "is not a country"));

  /* Nothing of that was kept or queued. */
  sync_cli (&run, db, "--json", "status", NULL);
  g_clear_pointer (&out, json_object_unref);
  out = sync_cli_json_object (&run);
  g_assert_cmpint (json_object_get_int_member (out, "pending"), ==, 0);
  sync_cli (&run, db, "chapter", "show", NULL);
  g_assert_nonnull (strstr (run.out, "Chapter:   IAMCP Norway"));
  g_assert_nonnull (strstr (run.out, "Place:     Oslo, Norway"));
  g_assert_nonnull (strstr (run.out, "Time zone: Europe/Oslo"));
}

/* Removing a linked chapter from one computer leaves the server's copy
 * whole: another device (or this one, connecting again) gets it all. */
static void
test_remove_local_keeps_server (SyncFixture   *f,
                                gconstpointer  data)
{
  g_autoptr(SyncClient) a = sync_fixture_client (f, "a", NULL);
  g_autoptr(SyncClient) b = NULL;
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *anna = NULL;
  g_autofree char *bo = NULL;

  sync_client_sync_ok (a, NULL);
  anna = sync_client_add_member (a, "Anna", "Berg", "anna@example.org");
  sync_client_sync_ok (a, NULL);
  /* One change not sent yet: it goes with the chapter. */
  bo = sync_client_add_member (a, "Bo", "Ek", "bo@example.org");

  g_assert_true (ch_chapter_remove_local (a->store, f->chapter_a, &error));
  g_assert_no_error (error);
  chapters = ch_store_list_chapters (a->store, NULL);
  g_assert_cmpuint (chapters->len, ==, 0);
  g_assert_cmpuint (sync_client_count_rows (a, "member", FALSE), ==, 0);

  members = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  g_assert_cmpuint (g_hash_table_size (members), ==, 1);
  g_assert_true (g_hash_table_contains (members, anna));

  b = sync_fixture_client (f, "b", NULL);
  sync_client_sync_ok (b, NULL);
  g_assert_false (sync_client_is_deleted (b, "member", anna));
  g_assert_cmpuint (sync_client_count_rows (b, "member", TRUE), ==, 1);
}

/* The server's "chapter add" takes the countries the app takes, and
 * keeps the code the app keeps. */
static void
test_server_chapter_add_country (SyncFixture   *f,
                                 gconstpointer  data)
{
  g_autofree char *id =
    sync_server_admin_ok (f->server, "chapter", "add", "--name", "IAMCP Finland", "--country",
                          "Suomi", "--timezone", "Europe/Helsinki", NULL);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *token = sync_server_admin_ok (f->server, "token", "create", "--name", "Fi",
                                                 "--chapter", id, NULL);
  g_autofree char *country = NULL;
  g_autoptr(SyncClient) device = sync_client_new (f->dir, "fi", f->server->url, id, token);

  /* What a device linking to it gets. */
  sync_client_sync_ok (device, NULL);
  country = sync_client_get_text (device, "chapter", id, "country");
  g_assert_cmpstr (country, ==, "FI");

  g_assert_cmpint (sync_server_admin (f->server, &out, &err, "chapter", "add", "--name", "Nowhere",
                                      "--country", "XX", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "--country must be a two-letter ISO 3166 code"));
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/chapter/link-offline-country", SyncFixture, NULL,
              sync_fixture_setup, test_link_offline_country, sync_fixture_teardown);
  g_test_add ("/sync/chapter/upgrade-then-link", SyncFixture, NULL,
              sync_fixture_setup, test_upgrade_then_link, sync_fixture_teardown);
  g_test_add ("/sync/chapter/upgrade-synced-rows", SyncFixture, NULL,
              sync_fixture_setup, test_upgrade_synced_rows, sync_fixture_teardown);

  g_test_add ("/sync/chapter/cli-update", SyncFixture, NULL,
              sync_fixture_setup, test_cli_update, sync_fixture_teardown);

  g_test_add ("/sync/chapter/remove-local-keeps-server", SyncFixture, NULL,
              sync_fixture_setup, test_remove_local_keeps_server, sync_fixture_teardown);

  g_test_add ("/sync/chapter/server-chapter-add-country", SyncFixture, NULL,
              sync_fixture_setup, test_server_chapter_add_country, sync_fixture_teardown);

  return g_test_run ();
}
