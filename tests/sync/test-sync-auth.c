/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-auth"

#include "config.h"

#include "ch-sync-test.h"

/*
 * Tokens: one of another chapter gets nowhere, a revoked one neither, and
 * in both cases the officer's pending changes stay where they are.
 */

static guint
server_member_count (SyncFixture *f,
                     const char  *chapter_id,
                     const char  *token)
{
  g_autoptr(GHashTable) rows = sync_server_rows (f->server, chapter_id, token, "member");

  return g_hash_table_size (rows);
}

static void
add_two (SyncClient *client)
{
  g_autofree char *a = sync_client_add_member (client, "Liv", "Hansen", "liv@example.se");
  g_autofree char *b = sync_client_add_member (client, "Per", "Holm", "per@example.se");
}

static void
test_other_chapter (SyncFixture   *f,
                    gconstpointer  data)
{
  gboolean with_changes = GPOINTER_TO_INT (data);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *last_error = NULL;
  ChSyncReport report = { 0 };

  if (with_changes)
    {
      /* A device that has the chapter, with changes waiting. */
      sync_client_sync_ok (anna, NULL);
      add_two (anna);
    }
  before = sync_client_outbox_mids (anna);
  g_free (anna->token);
  anna->token = g_strdup (f->token_b);

  /* Chapter B's token on chapter A. */
  g_assert_false (sync_client_sync (anna, &report, &error));
  g_assert_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_FORBIDDEN);
  g_assert_cmpuint (report.pushed, ==, 0);
  g_assert_cmpuint (report.pulled, ==, 0);

  /* Nothing written on the server, in either chapter. */
  g_assert_cmpuint (server_member_count (f, f->chapter_a, f->token_a), ==, 0);
  g_assert_cmpuint (server_member_count (f, f->chapter_b, f->token_b), ==, 0);
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==, 1);
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_b, f->token_b), ==, 1);

  /* Nothing lost or read on the device; the officer is told why. */
  after = sync_client_outbox_mids (anna);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (ch_store_count_rejections (anna->store, f->chapter_a), ==, 0);
  g_assert_cmpuint (sync_client_count_rows (anna, "member", TRUE), ==, with_changes ? 2 : 0);
  g_assert_cmpuint (sync_client_count_rows (anna, "chapter", FALSE), ==, with_changes ? 1 : 0);
  ch_store_get_sync_result (anna->store, f->chapter_a, NULL, &last_error);
  g_assert_nonnull (last_error);
  g_assert_cmpstr (last_error, ==, error->message);
}

static void
test_revoked (SyncFixture   *f,
              gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *token_id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  add_two (anna);
  before = sync_client_outbox_mids (anna);
  g_assert_cmpstr (before, !=, "");

  /* The association revokes Anna's token while the server runs. */
  token_id = sync_server_token_id (f->server, "Astrid (SE)");
  out = sync_server_admin_ok (f->server, "token", "revoke", token_id, NULL);

  g_assert_false (sync_client_sync (anna, &report, &error));
  g_assert_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_cmpuint (report.pushed, ==, 0);

  after = sync_client_outbox_mids (anna);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (server_member_count (f, f->chapter_a, f->token_admin), ==, 0);

  /* With a new token the same changes go through. */
  g_free (anna->token);
  anna->token = sync_server_admin_ok (f->server, "token", "create", "--name", "Astrid again",
                                      "--chapter", f->chapter_a, NULL);
  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.pushed, ==, 2);
  g_assert_cmpuint (server_member_count (f, f->chapter_a, f->token_admin), ==, 2);
  g_clear_pointer (&after, g_free);
  after = sync_client_outbox_mids (anna);
  g_assert_cmpstr (after, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/auth/other-chapter/pull", SyncFixture, GINT_TO_POINTER (FALSE),
              sync_fixture_setup, test_other_chapter, sync_fixture_teardown);
  g_test_add ("/sync/auth/other-chapter/push", SyncFixture, GINT_TO_POINTER (TRUE),
              sync_fixture_setup, test_other_chapter, sync_fixture_teardown);
  g_test_add ("/sync/auth/revoked", SyncFixture, NULL,
              sync_fixture_setup, test_revoked, sync_fixture_teardown);

  return g_test_run ();
}
