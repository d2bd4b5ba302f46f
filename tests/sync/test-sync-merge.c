/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-merge"

#include "config.h"

#include <string.h>

#include "ch-sync-test.h"

/*
 * Two officers work offline on the same member and sync with the real
 * server: edits of different fields merge, edits of the same field end as
 * one conflict that every officer sees and anyone can resolve.
 */

static gboolean
server_deleted (SyncFixture *f,
                const char  *id)
{
  g_autoptr(GHashTable) rows = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  JsonObject *row = g_hash_table_lookup (rows, id);

  g_assert_nonnull (row);
  return json_object_get_boolean_member (row, "deleted");
}

static void
assert_settled (SyncClient *client)
{
  g_autofree char *mids = sync_client_outbox_mids (client);

  g_assert_cmpstr (mids, ==, "");
  g_assert_cmpuint (ch_store_count_rejections (client->store, client->chapter_id), ==, 0);
}

/* Anna adds a member and both devices sync, so both start from it. */
static char *
shared_member (SyncClient *anna,
               SyncClient *bo)
{
  char *id = sync_client_add_member (anna, "Jonas", "Weber", "jonas.weber@contoso.se");

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_false (sync_client_is_deleted (bo, "member", id));

  return id;
}

static void
test_different_fields (SyncFixture   *f,
                       gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *id = shared_member (anna, bo);
  ChSyncReport report = { 0 };

  /* Offline: Anna fixes the given name and the phone, Bo the city and
   * the company. */
  sync_client_set_field (anna, id, "given_name", "Jonah");
  sync_client_set_field (anna, id, "phone", "+46 8 123 45 67");
  sync_client_set_field (bo, id, "city", "Uppsala");
  sync_client_set_field (bo, id, "company", "Contoso AB");

  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.pushed, ==, 2);
  g_assert_cmpuint (report.conflicts, ==, 0);

  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.pushed, ==, 2);
  g_assert_cmpuint (report.conflicts, ==, 0);

  sync_client_sync_ok (anna, NULL);

  sync_fixture_assert_everywhere (f, anna, bo, "member", id, "given_name", "Jonah");
  sync_fixture_assert_everywhere (f, anna, bo, "member", id, "family_name", "Weber");
  sync_fixture_assert_everywhere (f, anna, bo, "member", id, "phone", "+46 8 123 45 67");
  sync_fixture_assert_everywhere (f, anna, bo, "member", id, "city", "Uppsala");
  sync_fixture_assert_everywhere (f, anna, bo, "member", id, "company", "Contoso AB");

  g_assert_cmpuint (ch_store_count_open_conflicts (anna->store, f->chapter_a), ==, 0);
  g_assert_cmpuint (ch_store_count_open_conflicts (bo->store, f->chapter_a), ==, 0);
  assert_settled (anna);
  assert_settled (bo);
  g_assert_cmpuint (sync_client_count_rows (anna, "member", FALSE), ==, 1);
  g_assert_cmpuint (sync_client_count_rows (bo, "member", FALSE), ==, 1);
}

/* The one conflict of the chapter, as the device sees it. */
static JsonObject *
the_conflict (SyncClient *client)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *row;

  ids = ch_store_list_open_conflicts (client->store, client->chapter_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);

  row = ch_store_get_row (client->store, "conflict", ids->pdata[0], &error);
  g_assert_no_error (error);

  return row;
}

typedef struct
{
  gboolean resolve_on_loser;  /* Bo, whose change lost; else Anna */
  gboolean use_mine;
} Resolution;

static const Resolution winner_use_mine = { FALSE, TRUE };
static const Resolution winner_keep_theirs = { FALSE, FALSE };
static const Resolution loser_use_mine = { TRUE, TRUE };
static const Resolution loser_keep_theirs = { TRUE, FALSE };

static void
test_same_field (SyncFixture   *f,
                 gconstpointer  data)
{
  const Resolution *how = data;
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *id = shared_member (anna, bo);
  g_autoptr(JsonObject) on_anna = NULL;
  g_autoptr(JsonObject) on_bo = NULL;
  g_autoptr(GHashTable) server_conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conflict_id = NULL;
  ChSyncReport report = { 0 };
  SyncClient *resolver;
  SyncClient *other;
  const char *expected;
  JsonObject *server_conflict;

  /* Both change the city offline; Anna syncs first, so hers is kept. */
  sync_client_set_field (anna, id, "city", "Stockholm");
  sync_client_set_field (bo, id, "city", "Uppsala");

  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.conflicts, ==, 1);
  sync_client_sync_ok (anna, NULL);

  /* Exactly one conflict, on the server and on both devices, and every
   * device shows the value the server kept. */
  server_conflicts = sync_server_rows (f->server, f->chapter_a, f->token_a, "conflict");
  g_assert_cmpuint (g_hash_table_size (server_conflicts), ==, 1);
  g_assert_cmpuint (ch_store_count_open_conflicts (anna->store, f->chapter_a), ==, 1);
  g_assert_cmpuint (ch_store_count_open_conflicts (bo->store, f->chapter_a), ==, 1);
  g_assert_cmpuint (sync_client_count_rows (anna, "conflict", FALSE), ==, 1);
  g_assert_cmpuint (sync_client_count_rows (bo, "conflict", FALSE), ==, 1);

  on_anna = the_conflict (anna);
  on_bo = the_conflict (bo);
  g_assert_cmpstr (json_object_get_string_member (on_anna, "id"), ==,
                   json_object_get_string_member (on_bo, "id"));
  g_assert_cmpstr (json_object_get_string_member (on_bo, "row_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (on_bo, "field_group"), ==, "city");
  g_assert_true (g_hash_table_contains (server_conflicts,
                                        json_object_get_string_member (on_bo, "id")));

  sync_fixture_assert_everywhere (f, anna, bo, "member", id, "city", "Stockholm");

  /* One officer resolves it; everybody follows. */
  resolver = how->resolve_on_loser ? bo : anna;
  other = how->resolve_on_loser ? anna : bo;
  conflict_id = g_strdup (json_object_get_string_member (on_bo, "id"));
  ch_store_resolve_conflict (resolver->store, conflict_id, how->use_mine, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ch_store_count_open_conflicts (resolver->store, f->chapter_a), ==, 0);

  sync_client_sync_ok (resolver, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.rejected, ==, 0);
  sync_client_sync_ok (other, NULL);
  sync_client_sync_ok (resolver, NULL);

  expected = how->use_mine ? "Uppsala" : "Stockholm";
  sync_fixture_assert_everywhere (f, anna, bo, "member", id, "city", expected);
  g_assert_cmpuint (ch_store_count_open_conflicts (anna->store, f->chapter_a), ==, 0);
  g_assert_cmpuint (ch_store_count_open_conflicts (bo->store, f->chapter_a), ==, 0);

  g_clear_pointer (&server_conflicts, g_hash_table_unref);
  server_conflicts = sync_server_rows (f->server, f->chapter_a, f->token_a, "conflict");
  g_assert_cmpuint (g_hash_table_size (server_conflicts), ==, 1);
  server_conflict = g_hash_table_lookup (server_conflicts, conflict_id);
  g_assert_true (json_object_get_boolean_member (server_conflict, "resolved"));
  g_assert_cmpstr (json_object_get_string_member (server_conflict, "resolution"), ==,
                   how->use_mine ? "mine" : "theirs");

  assert_settled (anna);
  assert_settled (bo);
}

static void
test_edit_after_delete (SyncFixture   *f,
                        gconstpointer  data)
{
  gboolean use_mine = GPOINTER_TO_INT (data);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *id = shared_member (anna, bo);
  g_autoptr(JsonObject) conflict = NULL;
  g_autoptr(GError) error = NULL;
  ChSyncReport report = { 0 };

  /* Anna deletes the member while Bo, offline, adds a phone number. */
  ch_store_delete (anna->store, "member", id, &error);
  g_assert_no_error (error);
  sync_client_set_field (bo, id, "phone", "+46 70 555 01 23");

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.conflicts, ==, 1);
  sync_client_sync_ok (anna, NULL);

  /* The member stays deleted everywhere, and both see why. */
  g_assert_true (sync_client_is_deleted (anna, "member", id));
  g_assert_true (sync_client_is_deleted (bo, "member", id));
  g_assert_true (server_deleted (f, id));
  g_assert_cmpuint (ch_store_count_members (bo->store, f->chapter_a), ==, 0);

  g_assert_cmpuint (ch_store_count_open_conflicts (anna->store, f->chapter_a), ==, 1);
  g_assert_cmpuint (ch_store_count_open_conflicts (bo->store, f->chapter_a), ==, 1);
  conflict = the_conflict (anna);
  g_assert_cmpstr (json_object_get_string_member (conflict, "field_group"), ==, "deleted");
  g_assert_cmpstr (json_object_get_string_member (conflict, "row_id"), ==, id);

  /* Anna looks at it and takes Bo's side ("use mine": the edit that
   * lost), or keeps the deletion. */
  ch_store_resolve_conflict (anna->store, json_object_get_string_member (conflict, "id"), use_mine,
                             &error);
  g_assert_no_error (error);

  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.rejected, ==, 0);
  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);

  g_assert_cmpint (sync_client_is_deleted (anna, "member", id), ==, !use_mine);
  g_assert_cmpint (sync_client_is_deleted (bo, "member", id), ==, !use_mine);
  g_assert_cmpint (server_deleted (f, id), ==, !use_mine);
  if (use_mine)
    {
      sync_fixture_assert_everywhere (f, anna, bo, "member", id, "phone", "+46 70 555 01 23");
      sync_fixture_assert_everywhere (f, anna, bo, "member", id, "given_name", "Jonas");
      g_assert_cmpuint (ch_store_count_members (anna->store, f->chapter_a), ==, 1);
      g_assert_cmpuint (ch_store_count_members (bo->store, f->chapter_a), ==, 1);
    }

  g_assert_cmpuint (ch_store_count_open_conflicts (anna->store, f->chapter_a), ==, 0);
  g_assert_cmpuint (ch_store_count_open_conflicts (bo->store, f->chapter_a), ==, 0);
  assert_settled (anna);
  assert_settled (bo);
}

/* The officer edits while a sync runs: the edit lands after the push and
 * before the pull, so the pull lays it over the server's newer row. */
typedef struct
{
  const char *db_path;
  const char *member_id;
  gboolean    done;
} EditDuringPull;

static SyncProxyAction
edit_before_first_pull (const char  *method,
                        char       **path,
                        guint        n,
                        gpointer     user_data)
{
  EditDuringPull *edit = user_data;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(GError) error = NULL;

  if (edit->done || !g_str_equal (method, "GET") || strstr (*path, "/changes") == NULL)
    return SYNC_PROXY_FORWARD;

  /* The window's own connection, on another thread. */
  store = ch_store_open (edit->db_path, &error);
  g_assert_no_error (error);
  changes = json_object_new ();
  json_object_set_string_member (changes, "city", "Uppsala");
  ch_store_update_member (store, edit->member_id, changes, &error);
  g_assert_no_error (error);
  edit->done = TRUE;

  return SYNC_PROXY_FORWARD;
}

static void
test_edit_during_sync (SyncFixture   *f,
                       gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", sync_proxy_get_url (proxy));
  g_autofree char *id = shared_member (anna, bo);
  g_autoptr(JsonObject) conflict = NULL;
  g_autoptr(GError) error = NULL;
  EditDuringPull edit = { bo->path, id, FALSE };
  ChSyncReport report = { 0 };

  /* Anna moves the member to Stockholm; Bo, at the same time, to
   * Uppsala — while his device syncs. */
  sync_client_set_field (anna, id, "city", "Stockholm");
  sync_client_sync_ok (anna, NULL);

  sync_proxy_set_rule (proxy, edit_before_first_pull, &edit);
  sync_client_sync_ok (bo, NULL);
  g_assert_true (edit.done);
  sync_proxy_set_rule (proxy, NULL, NULL);

  /* Bo's change reaches the server after Anna's: a conflict, and the
   * server's value is what everybody sees. */
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.conflicts, ==, 1);
  sync_client_sync_ok (anna, NULL);

  g_assert_cmpuint (ch_store_count_open_conflicts (anna->store, f->chapter_a), ==, 1);
  g_assert_cmpuint (ch_store_count_open_conflicts (bo->store, f->chapter_a), ==, 1);
  sync_fixture_assert_everywhere (f, anna, bo, "member", id, "city", "Stockholm");

  /* Keeping theirs settles it. */
  conflict = the_conflict (bo);
  ch_store_resolve_conflict (bo->store, json_object_get_string_member (conflict, "id"), FALSE,
                             &error);
  g_assert_no_error (error);
  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);

  sync_fixture_assert_everywhere (f, anna, bo, "member", id, "city", "Stockholm");
  g_assert_cmpuint (ch_store_count_open_conflicts (anna->store, f->chapter_a), ==, 0);
  g_assert_cmpuint (ch_store_count_open_conflicts (bo->store, f->chapter_a), ==, 0);
  assert_settled (anna);
  assert_settled (bo);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/merge/different-fields", SyncFixture, NULL,
              sync_fixture_setup, test_different_fields, sync_fixture_teardown);
  g_test_add ("/sync/conflict/same-field/winner-uses-mine", SyncFixture, &winner_use_mine,
              sync_fixture_setup, test_same_field, sync_fixture_teardown);
  g_test_add ("/sync/conflict/same-field/winner-keeps-theirs", SyncFixture, &winner_keep_theirs,
              sync_fixture_setup, test_same_field, sync_fixture_teardown);
  g_test_add ("/sync/conflict/same-field/loser-uses-mine", SyncFixture, &loser_use_mine,
              sync_fixture_setup, test_same_field, sync_fixture_teardown);
  g_test_add ("/sync/conflict/same-field/loser-keeps-theirs", SyncFixture, &loser_keep_theirs,
              sync_fixture_setup, test_same_field, sync_fixture_teardown);
  g_test_add ("/sync/conflict/edit-during-sync", SyncFixture, NULL,
              sync_fixture_setup, test_edit_during_sync, sync_fixture_teardown);
  g_test_add ("/sync/conflict/edit-after-delete/use-mine", SyncFixture, GINT_TO_POINTER (TRUE),
              sync_fixture_setup, test_edit_after_delete, sync_fixture_teardown);
  g_test_add ("/sync/conflict/edit-after-delete/keep-theirs", SyncFixture, GINT_TO_POINTER (FALSE),
              sync_fixture_setup, test_edit_after_delete, sync_fixture_teardown);

  return g_test_run ();
}
