/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-cli"

#include "config.h"

#include <string.h>

#include "ch-sync-test.h"

/*
 * chapterhouse-cli as a script or an officer at a terminal uses it: exit
 * codes (0 done, 1 failed, 2 wrong command line, 3 data refused), clear
 * messages, and --json output, against the real server.
 */

static char *
db_path (SyncFixture *f,
         const char  *name)
{
  g_autofree char *file = g_strconcat (name, ".db", NULL);

  return g_build_filename (f->dir, file, NULL);
}

/* ----------------------------------------------------------------------- */

typedef struct
{
  const char *option;
  const char *value;
  const char *message;
} BadChapter;

static const BadChapter bad_timezone = { "--timezone", "Mars/Olympus_Mons",
                                         "is not a known time zone" };
static const BadChapter no_timezone = { "--timezone", "", "time zone" };
static const BadChapter bad_currency = { "--currency", "euro", "three-letter code" };
static const BadChapter bad_dues = { "--dues", "150.00", "--dues takes the amount in minor units" };
static const BadChapter negative_dues = { "--dues", "-500",
                                          "--dues takes the amount in minor units" };

static void
test_chapter_create_refused (SyncFixture   *f,
                             gconstpointer  data)
{
  const BadChapter *bad = data;
  g_autofree char *db = db_path (f, "officer");
  g_auto(SyncCliRun) run = { 0 };
  const char *timezone = g_str_equal (bad->option, "--timezone") ? bad->value : "Europe/Stockholm";
  const char *currency = g_str_equal (bad->option, "--currency") ? bad->value : "SEK";
  const char *dues = g_str_equal (bad->option, "--dues") ? bad->value : "150000";

  sync_cli (&run, db, "chapter", "create", "--name", "IAMCP Sweden", "--country", "SE",
            "--timezone", timezone, "--currency", currency, "--dues", dues, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, bad->message));
  g_assert_true (g_str_has_prefix (run.err, "chapterhouse-cli: "));
  g_assert_cmpstr (run.out, ==, "");

  /* Nothing was made. */
  sync_cli (&run, db, "chapter", "show", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "no chapter"));
}

static void
test_chapter_create (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autofree char *db = db_path (f, "officer");
  g_autoptr(JsonObject) chapter = NULL;
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "--json", "chapter", "create", "--name", "IAMCP Sweden", "--country", "SE",
            "--timezone", "Europe/Stockholm", "--currency", "SEK", "--dues", "150000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  chapter = sync_cli_json_object (&run);
  g_assert_cmpstr (json_object_get_string_member (chapter, "name"), ==, "IAMCP Sweden");
  g_assert_cmpstr (json_object_get_string_member (chapter, "timezone"), ==, "Europe/Stockholm");
  g_assert_cmpstr (json_object_get_string_member (chapter, "currency"), ==, "SEK");
  g_assert_cmpint (json_object_get_int_member (chapter, "dues_amount"), ==, 150000);
  g_assert_cmpint (json_object_get_int_member (chapter, "members"), ==, 0);
}

static void
test_duplicate_email (SyncFixture   *f,
                      gconstpointer  data)
{
  g_autofree char *db = db_path (f, "officer");
  g_autoptr(JsonNode) list = NULL;
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "chapter", "create", "--name", "IAMCP Sweden",
            "--timezone", "Europe/Stockholm", "--currency", "SEK", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, db, "members", "add", "--given", "Karin", "--family", "Berg",
            "--email", "karin@contoso.se", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* The same address, written differently. */
  sync_cli (&run, db, "members", "add", "--given", "Karin", "--family", "Bergström",
            "--email", " Karin@Contoso.SE ", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "Karin Berg"));
  g_assert_nonnull (strstr (run.err, "already uses the e-mail address"));

  sync_cli (&run, db, "--json", "members", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  list = sync_test_parse_json (run.out, -1);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
}

static void
test_connect_refused (SyncFixture   *f,
                      gconstpointer  data)
{
  gboolean other_chapter = GPOINTER_TO_INT (data);
  g_autofree char *db = db_path (f, "officer");
  g_autofree char *file = NULL;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SyncCliRun) run = { 0 };

  if (other_chapter)
    file = sync_test_write_token_file (f->dir, "token", f->token_b);
  else
    file = sync_test_write_token_file (f->dir, "token",
                                       "chs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

  sync_cli (&run, db, "--chapter", f->chapter_a, "connect", f->server->url, "--token-file", file,
            NULL);
  g_assert_cmpint (run.status, ==, 1);
  if (other_chapter)
    g_assert_nonnull (strstr (run.err, "does not give access to chapter"));
  else
    g_assert_nonnull (strstr (run.err, "did not accept the access token"));

  /* Not linked: a sync says what to do. */
  store = ch_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_false (ch_store_get_sync_state (store, f->chapter_a, NULL, NULL, NULL));
  g_clear_object (&store);

  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "connect"));
}

/* Plain http:// to another computer would send the token in clear: refused
 * before any request (192.0.2.1 is TEST-NET-1, never reached). */
static void
test_connect_plain_http (SyncFixture   *f,
                         gconstpointer  data)
{
  const char *url = data;
  g_autofree char *db = db_path (f, "officer");
  g_autofree char *file = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_autoptr(ChStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "--chapter", f->chapter_a, "connect", url, "--token-file", file, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "will not send your access token over plain http://"));
  g_assert_nonnull (strstr (run.err, "Use the server’s https:// address"));
  g_assert_null (strstr (run.err, f->token_a));

  store = ch_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_false (ch_store_get_sync_state (store, f->chapter_a, NULL, NULL, NULL));
}

static SyncProxyAction
drop_changes (const char  *method,
              char       **path,
              guint        n,
              gpointer     user_data)
{
  return strstr (*path, "/changes") != NULL ? SYNC_PROXY_DROP_REQUEST : SYNC_PROXY_FORWARD;
}

/* The first sync fails: connect says so, and what to run; the link stays. */
static void
test_connect_first_sync_fails (SyncFixture   *f,
                               gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autofree char *db = db_path (f, "officer");
  g_autofree char *file = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_auto(SyncCliRun) run = { 0 };

  sync_proxy_set_rule (proxy, drop_changes, NULL);
  sync_cli (&run, db, "--chapter", f->chapter_a, "connect", sync_proxy_get_url (proxy),
            "--token-file", file, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "Connected chapter"));
  g_assert_nonnull (strstr (run.err, "the first sync failed: The server at "));
  g_assert_nonnull (strstr (run.err, "Run “chapterhouse-cli sync” to try again."));

  /* Once the way is clear, that is all it takes. */
  sync_proxy_set_rule (proxy, NULL, NULL);
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "status", NULL);
  g_assert_nonnull (strstr (run.out, "Chapter:     IAMCP Sweden\n"));
}

static void
test_connect_sync_status (SyncFixture   *f,
                          gconstpointer  data)
{
  g_autofree char *db = db_path (f, "officer");
  g_autofree char *file = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *given = NULL;
  g_autofree char *id = NULL;
  g_auto(SyncCliRun) run = { 0 };

  g_autofree char *erik = NULL;

  /* Another officer already keeps a member there. */
  erik = sync_client_add_member (bo, "Erik", "Lind", "erik@lind.se");
  sync_client_sync_ok (bo, NULL);

  sync_cli (&run, db, "--json", "--chapter", f->chapter_a, "connect", f->server->url,
            "--token-file", file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = sync_cli_json_object (&run);
  g_assert_cmpstr (json_object_get_string_member (out, "chapter_id"), ==, f->chapter_a);
  g_assert_cmpstr (json_object_get_string_member (out, "server"), ==, f->server->url);
  g_assert_false (json_object_get_boolean_member (out, "linked_local_chapter"));
  /* Connect ends with the first sync: the chapter and its member are here. */
  g_assert_true (json_object_get_boolean_member (out, "synced"));
  g_assert_cmpint (json_object_get_int_member (out, "pulled"), ==, 2);  /* the chapter, Erik */
  g_assert_cmpstr (json_object_get_string_member (out, "name"), ==, "IAMCP Sweden");
  g_assert_cmpint (json_object_get_int_member (out, "members"), ==, 1);
  /* The token is never printed. */
  g_assert_null (strstr (run.out, f->token_a));
  g_assert_null (strstr (run.err, f->token_a));

  /* status, without a sync, shows the chapter. */
  sync_cli (&run, db, "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Chapter:     IAMCP Sweden\n"));
  g_assert_nonnull (strstr (run.out, "Members:     1\n"));
  sync_cli (&run, db, "members", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Lind"));

  sync_cli (&run, db, "--json", "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&out, json_object_unref);
  out = sync_cli_json_object (&run);
  g_assert_cmpint (json_object_get_int_member (out, "pushed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (out, "pulled"), ==, 0);  /* all there already */
  g_assert_false (json_object_get_boolean_member (out, "full_resync"));

  sync_cli (&run, db, "--json", "members", "add", "--given", "Maja", "--family", "Ek",
            "--email", "maja@ek.se", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&out, json_object_unref);
  out = sync_cli_json_object (&run);
  id = g_strdup (json_object_get_string_member (out, "id"));

  sync_cli (&run, db, "--json", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&out, json_object_unref);
  out = sync_cli_json_object (&run);
  g_assert_cmpint (json_object_get_int_member (out, "pending"), ==, 1);

  sync_cli (&run, db, "--json", "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&out, json_object_unref);
  out = sync_cli_json_object (&run);
  g_assert_cmpint (json_object_get_int_member (out, "pushed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (out, "conflicts"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (out, "rejected"), ==, 0);

  sync_cli (&run, db, "--json", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&out, json_object_unref);
  out = sync_cli_json_object (&run);
  g_assert_cmpstr (json_object_get_string_member (out, "chapter_id"), ==, f->chapter_a);
  g_assert_cmpstr (json_object_get_string_member (out, "server"), ==, f->server->url);
  g_assert_cmpint (json_object_get_int_member (out, "pending"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (out, "cursor"), ==, 3);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (out, "last_sync"), "Z"));
  g_assert_true (json_object_get_null_member (out, "last_error"));
  g_assert_cmpint (json_object_get_int_member (out, "conflicts"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (out, "rejected"), ==, 0);

  /* Another officer's device gets the member. */
  sync_client_sync_ok (bo, NULL);
  given = sync_client_get_text (bo, "member", id, "given_name");
  g_assert_cmpstr (given, ==, "Maja");

  /* The server goes away: the sync fails (1), status tells why. */
  g_assert_cmpint (sync_server_stop (f->server), ==, 0);
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "could not be reached"));

  sync_cli (&run, db, "--json", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&out, json_object_unref);
  out = sync_cli_json_object (&run);
  g_assert_nonnull (strstr (json_object_get_string_member (out, "last_error"),
                            "could not be reached"));
  g_assert_nonnull (json_object_get_string_member (out, "last_sync"));
}

/* A chapter made offline, with members, then connected to the server's. */
static void
test_connect_offline_chapter (SyncFixture   *f,
                              gconstpointer  data)
{
  g_autofree char *db = db_path (f, "officer");
  g_autofree char *file = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "chapter", "create", "--name", "IAMCP Sweden", "--country", "SE",
            "--timezone", "Europe/Stockholm", "--currency", "SEK", "--dues", "150000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "members", "add", "--given", "Nils", "--family", "Holm", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "members", "add", "--given", "Greta", "--family", "Lund",
            "--email", "greta@lund.se", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, db, "--json", "--chapter", f->chapter_a, "connect", f->server->url,
            "--token-file", file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = sync_cli_json_object (&run);
  g_assert_true (json_object_get_boolean_member (out, "linked_local_chapter"));

  sync_cli (&run, db, "--json", "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&out, json_object_unref);
  out = sync_cli_json_object (&run);
  g_assert_cmpint (json_object_get_int_member (out, "rejected"), ==, 0);

  members = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  g_assert_cmpuint (g_hash_table_size (members), ==, 2);

  sync_cli (&run, db, "--json", "status", NULL);
  g_clear_pointer (&out, json_object_unref);
  out = sync_cli_json_object (&run);
  g_assert_cmpstr (json_object_get_string_member (out, "chapter_id"), ==, f->chapter_a);
  g_assert_cmpint (json_object_get_int_member (out, "pending"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (out, "rejected"), ==, 0);
  /* The same settings on both sides: nothing to argue about. */
  conflicts = sync_server_rows (f->server, f->chapter_a, f->token_a, "conflict");
  g_assert_cmpint (json_object_get_int_member (out, "conflicts"), ==,
                   g_hash_table_size (conflicts));
  g_assert_cmpint (json_object_get_int_member (out, "conflicts"), ==, 0);

  sync_cli (&run, db, "--json", "chapter", "show", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&out, json_object_unref);
  out = sync_cli_json_object (&run);
  g_assert_cmpstr (json_object_get_string_member (out, "id"), ==, f->chapter_a);
  g_assert_cmpint (json_object_get_int_member (out, "members"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/cli/chapter-create/ok", SyncFixture, NULL,
              sync_fixture_setup, test_chapter_create, sync_fixture_teardown);
  g_test_add ("/sync/cli/chapter-create/bad-timezone", SyncFixture, &bad_timezone,
              sync_fixture_setup, test_chapter_create_refused, sync_fixture_teardown);
  g_test_add ("/sync/cli/chapter-create/no-timezone", SyncFixture, &no_timezone,
              sync_fixture_setup, test_chapter_create_refused, sync_fixture_teardown);
  g_test_add ("/sync/cli/chapter-create/bad-currency", SyncFixture, &bad_currency,
              sync_fixture_setup, test_chapter_create_refused, sync_fixture_teardown);
  g_test_add ("/sync/cli/chapter-create/bad-dues", SyncFixture, &bad_dues,
              sync_fixture_setup, test_chapter_create_refused, sync_fixture_teardown);
  g_test_add ("/sync/cli/chapter-create/negative-dues", SyncFixture, &negative_dues,
              sync_fixture_setup, test_chapter_create_refused, sync_fixture_teardown);
  g_test_add ("/sync/cli/members/duplicate-email", SyncFixture, NULL,
              sync_fixture_setup, test_duplicate_email, sync_fixture_teardown);
  g_test_add ("/sync/cli/connect/wrong-token", SyncFixture, GINT_TO_POINTER (FALSE),
              sync_fixture_setup, test_connect_refused, sync_fixture_teardown);
  g_test_add ("/sync/cli/connect/other-chapter", SyncFixture, GINT_TO_POINTER (TRUE),
              sync_fixture_setup, test_connect_refused, sync_fixture_teardown);
  g_test_add ("/sync/cli/connect/plain-http", SyncFixture, "http://192.0.2.1:8080",
              sync_fixture_setup, test_connect_plain_http, sync_fixture_teardown);
  g_test_add ("/sync/cli/connect/plain-http-name", SyncFixture, "http://sync.example.org",
              sync_fixture_setup, test_connect_plain_http, sync_fixture_teardown);
  g_test_add ("/sync/cli/connect/first-sync-fails", SyncFixture, NULL,
              sync_fixture_setup, test_connect_first_sync_fails, sync_fixture_teardown);
  g_test_add ("/sync/cli/connect-sync-status", SyncFixture, NULL,
              sync_fixture_setup, test_connect_sync_status, sync_fixture_teardown);
  g_test_add ("/sync/cli/connect-offline-chapter", SyncFixture, NULL,
              sync_fixture_setup, test_connect_offline_chapter, sync_fixture_teardown);

  return g_test_run ();
}
