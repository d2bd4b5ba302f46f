/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who a token is (GET /v1/me), read into a ChSyncAccount: what the
 * preferences window and "chapterhouse-cli connect" show and check. */

#include "config.h"

#include "ch-sync-test.h"
#include "ch-sync.h"
#include "ch-sync-account-private.h"

static void
test_account_of_chapter_token (void)
{
  g_autoptr(SyncServer) server = sync_server_new ();
  g_autofree char *sweden = sync_server_admin_ok (server, "chapter", "add", "--name",
                                                  "IAMCP Sweden", NULL);
  g_autofree char *finland = sync_server_admin_ok (server, "chapter", "add", "--name",
                                                   "IAMCP Finland", NULL);
  g_autofree char *token = sync_server_admin_ok (server, "token", "create", "--name",
                                                 "Astrid (SE)", "--chapter", sweden, NULL);
  g_autoptr(ChSyncAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  sync_server_start (server);
  account = ch_sync_verify (server->url, token, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);

  /* The token reaches Sweden, by its name, and not Finland. */
  g_assert_cmpstr (ch_sync_account_get_token_name (account), ==, "Astrid (SE)");
  g_assert_false (ch_sync_account_get_admin (account));
  g_assert_cmpuint (ch_sync_account_get_n_chapters (account), ==, 1);
  g_assert_cmpstr (ch_sync_account_get_chapter_id (account, 0), ==, sweden);
  g_assert_cmpstr (ch_sync_account_get_chapter_name (account, 0), ==, "IAMCP Sweden");
  g_assert_true (ch_sync_account_has_chapter (account, sweden));
  g_assert_false (ch_sync_account_has_chapter (account, finland));

  sync_server_stop (server);
}

static ChSyncAccount *
account_of (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return ch_sync_account_new_from_me (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_account_of_odd_answers (void)
{
  g_autoptr(ChSyncAccount) nameless = account_of ("{\"chapters\": [{\"id\": \"c1\"}]}");

  /* A chapter without a name is shown by its id. */
  g_assert_nonnull (nameless);
  g_assert_cmpstr (ch_sync_account_get_chapter_name (nameless, 0), ==, "c1");
  g_assert_null (ch_sync_account_get_token_name (nameless));

  /* Anything else is not an account: the engine reports a protocol error. */
  g_assert_null (account_of ("{}"));
  g_assert_null (account_of ("{\"chapters\": {}}"));
  g_assert_null (account_of ("{\"chapters\": [{\"name\": \"no id\"}]}"));
  g_assert_null (account_of ("{\"chapters\": [{\"id\": 5}]}"));
  g_assert_null (account_of ("{\"chapters\": [{\"id\": \"c1\", \"name\": 5}]}"));
  g_assert_null (account_of ("{\"chapters\": [\"c1\"]}"));
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add_func ("/sync/account/chapter-token", test_account_of_chapter_token);
  g_test_add_func ("/sync/account/odd-answers", test_account_of_odd_answers);

  return g_test_run ();
}
