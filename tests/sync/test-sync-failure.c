/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-failure"

#include "config.h"

#include <string.h>

#include "ch-sync-test.h"
#include "ch-uuid.h"

/*
 * Things go wrong between the desk and the server: a batch arrives twice,
 * an answer is lost, the server dies in the middle of a sync, a pull is
 * cut off.  Afterwards nothing is missing and nothing is there twice.
 */

/* ----------------------------------------------------------------------- */
/* The same batch twice                                                    */

static char *
post (SyncFixture *f,
      const char  *body)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter_a);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  reply = sync_server_request (f->server, "POST", path, f->token_a, body, &status);
  g_assert_cmpuint (status, ==, 200);
  node = sync_test_parse_json (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));

  return json_to_string (json_object_get_member (json_node_get_object (node), "results"), FALSE);
}

static void
test_batch_twice (SyncFixture   *f,
                  gconstpointer  data)
{
  g_autofree char *id = ch_uuid_new_v7 ();
  g_autofree char *batch = NULL;
  g_autofree char *overlap = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autoptr(GHashTable) rows = NULL;
  g_autoptr(JsonNode) results = NULL;
  g_autoptr(SyncClient) anna = NULL;
  JsonArray *list;
  JsonObject *row;
  gint64 version;

  batch = g_strdup_printf ("{\"device_id\":\"replay-laptop\",\"schema_version\":1,\"mutations\":["
                           "{\"mid\":1,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"insert\","
                           "\"base\":{},\"set\":{\"given_name\":\"Karin\",\"family_name\":\"Berg\","
                           "\"email\":\"karin.berg@example.se\"}},"
                           "{\"mid\":2,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\","
                           "\"base\":{\"phone\":null},\"set\":{\"phone\":\"+46 8 555 00 00\"}}]}",
                           id, id);

  first = post (f, batch);
  version = sync_server_max_version (f->server, f->chapter_a, f->token_a);

  /* The answer was lost: the device sends the very same batch again. */
  second = post (f, batch);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==, version);

  results = sync_test_parse_json (first, -1);
  list = json_node_get_array (results);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                  "status"),
                   ==, "applied");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1),
                                                  "status"),
                   ==, "applied");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 1), "version"),
                   ==, version);

  rows = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  g_assert_cmpuint (g_hash_table_size (rows), ==, 1);
  row = g_hash_table_lookup (rows, id);
  g_assert_nonnull (row);
  g_assert_cmpint (json_object_get_int_member (row, "version"), ==, version);
  g_assert_cmpstr (json_object_get_string_member (row, "phone"), ==, "+46 8 555 00 00");

  /* A batch that overlaps the last one: the old mid gets its stored
   * result, the new one is applied once. */
  overlap = g_strdup_printf ("{\"device_id\":\"replay-laptop\",\"schema_version\":1,\"mutations\":["
                             "{\"mid\":2,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\","
                             "\"base\":{\"phone\":null},\"set\":{\"phone\":\"+46 8 555 00 00\"}},"
                             "{\"mid\":3,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\","
                             "\"base\":{\"city\":null},\"set\":{\"city\":\"Lund\"}}]}", id, id);
  third = post (f, overlap);
  g_clear_pointer (&results, json_node_unref);
  results = sync_test_parse_json (third, -1);
  list = json_node_get_array (results);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 0), "version"),
                   ==, version);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 1), "version"),
                   ==, version + 1);
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==, version + 1);

  /* An officer's device sees one Karin Berg. */
  anna = sync_fixture_client (f, "anna", NULL);
  sync_client_sync_ok (anna, NULL);
  g_assert_cmpuint (ch_store_count_members (anna->store, f->chapter_a), ==, 1);
  g_assert_cmpuint (sync_client_count_rows (anna, "member", FALSE), ==, 1);
  {
    g_autofree char *city = sync_client_get_text (anna, "member", id, "city");
    g_autofree char *phone = sync_client_get_text (anna, "member", id, "phone");

    g_assert_cmpstr (city, ==, "Lund");
    g_assert_cmpstr (phone, ==, "+46 8 555 00 00");
  }
}

/* ----------------------------------------------------------------------- */
/* A lost answer, a lost request                                           */

static SyncProxyAction
lose_first_push (const char  *method,
                 char       **path,
                 guint        n,
                 gpointer     user_data)
{
  SyncProxyAction how = GPOINTER_TO_INT (user_data);

  if (g_str_equal (method, "POST") && g_str_has_suffix (*path, "/mutations") && n == 1)
    return how;

  return SYNC_PROXY_FORWARD;
}

static void
test_lost (SyncFixture   *f,
           gconstpointer  data)
{
  SyncProxyAction how = GPOINTER_TO_INT (data);
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", sync_proxy_get_url (proxy));
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *mids = NULL;
  ChSyncReport report = { 0 };

  sync_client_add_members (anna, "Elin", 3);

  /* The first push reaches the server and is committed, but the answer
   * never comes back (or the request itself is lost); the engine tries
   * again. */
  sync_proxy_set_rule (proxy, lose_first_push, GINT_TO_POINTER (how));
  sync_client_sync_ok (anna, &report);

  g_assert_cmpuint (sync_proxy_count (proxy, "POST", "/mutations"), ==, 2);
  g_assert_cmpuint (report.pushed, ==, 3);
  g_assert_cmpuint (report.rejected, ==, 0);
  mids = sync_client_outbox_mids (anna);
  g_assert_cmpstr (mids, ==, "");

  /* Once each: three versions after the chapter's own. */
  sync_server_assert_members_once (f->server, f->chapter_a, f->token_a, 3);
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==, 4);

  sync_client_sync_ok (bo, NULL);
  g_assert_cmpuint (sync_client_count_rows (bo, "member", FALSE), ==, 3);
  g_assert_cmpuint (sync_client_count_rows (anna, "member", FALSE), ==, 3);
}

/* ----------------------------------------------------------------------- */
/* The server dies in the middle of a sync                                 */

static SyncProxyAction
kill_on_second_push (const char  *method,
                     char       **path,
                     guint        n,
                     gpointer     user_data)
{
  if (g_str_equal (method, "POST") && g_str_has_suffix (*path, "/mutations") && n == 2)
    return SYNC_PROXY_KILL_SERVER;

  return SYNC_PROXY_FORWARD;
}

static void
kill_server (gpointer data,
             gpointer unused)
{
  sync_server_kill (data);
}

static void
test_server_killed (SyncFixture   *f,
                    gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", sync_proxy_get_url (proxy));
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *epoch = NULL;
  gint64 cursor = 0;
  ChSyncReport report = { 0 };

  /* Bo is up to date with a few members of his own. */
  sync_client_add_members (bo, "Bo", 5);
  sync_client_sync_ok (bo, NULL);

  /* Anna pushes 1200 new members: two batches (1000 and 200).  The server
   * is killed as the second arrives. */
  sync_client_add_members (anna, "Anna", 1200);
  sync_proxy_set_kill_hook (proxy, kill_server, f->server);
  sync_proxy_set_rule (proxy, kill_on_second_push, NULL);

  g_assert_false (sync_client_sync (anna, &report, &error));
  g_assert_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK);
  g_clear_error (&error);
  sync_server_reap (f->server);

  /* The first batch was acknowledged; the rest waits. */
  g_assert_cmpuint (ch_store_outbox_count (anna->store, f->chapter_a), ==, 200);
  {
    g_autofree char *last_error = NULL;

    ch_store_get_sync_result (anna->store, f->chapter_a, NULL, &last_error);
    g_assert_nonnull (last_error);
  }

  /* Back up on the same database (at a new port: the proxy follows it,
   * Bo's device is pointed at it). */
  sync_server_start (f->server);
  sync_proxy_set_upstream (proxy, f->server->url);
  sync_proxy_set_rule (proxy, NULL, NULL);
  g_assert_true (ch_store_get_sync_state (bo->store, f->chapter_a, &url, &epoch, &cursor));
  ch_store_set_sync_state (bo->store, f->chapter_a, f->server->url, epoch, cursor, &error);
  g_assert_no_error (error);

  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.pushed, ==, 200);
  g_assert_cmpuint (report.rejected, ==, 0);
  g_assert_false (report.full_resync);
  g_assert_cmpuint (ch_store_outbox_count (anna->store, f->chapter_a), ==, 0);

  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);

  /* Every member once, on the server and on both devices; each insert
   * took exactly one version. */
  sync_server_assert_members_once (f->server, f->chapter_a, f->token_a, 1205);
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==, 1 + 1205);
  g_assert_cmpuint (sync_client_count_rows (anna, "member", FALSE), ==, 1205);
  g_assert_cmpuint (sync_client_count_rows (bo, "member", FALSE), ==, 1205);
  g_assert_cmpuint (ch_store_count_members (bo->store, f->chapter_a), ==, 1205);
  g_assert_cmpuint (ch_store_outbox_count (bo->store, f->chapter_a), ==, 0);
}

/* ----------------------------------------------------------------------- */
/* A pull cut off after some pages                                         */

typedef struct
{
  gboolean      cut;        /* drop changes requests after the first @pages */
  guint         pages;
  guint         base;       /* changes requests before this sync */
} PullCut;

static SyncProxyAction
small_pages (const char  *method,
             char       **path,
             guint        n,
             gpointer     user_data)
{
  PullCut *cut = user_data;
  char *limit;

  if (!g_str_equal (method, "GET") || strstr (*path, "/changes") == NULL)
    return SYNC_PROXY_FORWARD;

  /* Pages of three rows, so twenty members take several. */
  limit = strstr (*path, "limit=");
  if (limit != NULL)
    {
      g_autofree char *head = g_strndup (*path, limit - *path);
      const char *tail = limit + strcspn (limit, "&");
      char *rewritten = g_strdup_printf ("%slimit=3%s", head, tail);

      g_free (*path);
      *path = rewritten;
    }

  if (cut->cut && n > cut->base + cut->pages)
    return SYNC_PROXY_DROP_REQUEST;

  return SYNC_PROXY_FORWARD;
}

/* Bo cancels once two pages (the chapter and five members) are written.
 * (Not when the third is asked for: pages are asked for ahead of the
 * writing, two of them.) */
static void
cancel_after_two_pages (gboolean  first_download,
                        guint64   received,
                        guint64   total,
                        gpointer  user_data)
{
  if (received >= 6)
    g_cancellable_cancel (user_data);
}

static void
test_pull_interrupted (SyncFixture   *f,
                       gconstpointer  data)
{
  gboolean cancel = GPOINTER_TO_INT (data);
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", sync_proxy_get_url (proxy));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  PullCut cut = { !cancel, 2, 0 };
  ChSyncReport report = { 0 };
  gint64 cursor = 0;
  guint seen;

  sync_client_add_members (anna, "Sara", 20);
  sync_client_sync_ok (anna, NULL);

  /* Bo's first pull gets two pages (the chapter and five members), then
   * the connection is cut (or Bo cancels). */
  sync_proxy_set_rule (proxy, small_pages, &cut);
  if (cancel)
    g_assert_false (ch_sync_run_with_progress (bo->path, bo->chapter_id, bo->token,
                                               cancel_after_two_pages, cancellable, cancellable,
                                               &report, &error));
  else
    g_assert_false (sync_client_sync (bo, &report, &error));
  if (cancel)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  else
    g_assert_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK);
  g_clear_error (&error);

  /* What came is kept, and where it stopped. */
  g_assert_cmpuint (sync_client_count_rows (bo, "member", FALSE), ==, 5);
  g_assert_true (ch_store_get_sync_state (bo->store, f->chapter_a, NULL, NULL, &cursor));
  g_assert_cmpint (cursor, ==, 6);

  /* The next sync goes on from there. */
  requests = sync_proxy_get_requests (proxy);
  seen = requests->len;
  cut.cut = FALSE;
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.pulled, ==, 15);

  g_clear_pointer (&requests, g_ptr_array_unref);
  requests = sync_proxy_get_requests (proxy);
  g_assert_cmpuint (requests->len, >, seen);
  expected = g_strdup_printf ("GET /v1/chapters/%s/changes?since=6&", f->chapter_a);
  g_assert_true (g_str_has_prefix (requests->pdata[seen], expected));

  /* Nothing missing, nothing twice. */
  g_assert_cmpuint (sync_client_count_rows (bo, "member", FALSE), ==, 20);
  g_assert_cmpuint (ch_store_count_members (bo->store, f->chapter_a), ==, 20);
  g_assert_true (ch_store_get_sync_state (bo->store, f->chapter_a, NULL, NULL, &cursor));
  g_assert_cmpint (cursor, ==, sync_server_max_version (f->server, f->chapter_a, f->token_a));
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/replay/same-batch-twice", SyncFixture, NULL,
              sync_fixture_setup, test_batch_twice, sync_fixture_teardown);
  g_test_add ("/sync/failure/lost-reply", SyncFixture, GINT_TO_POINTER (SYNC_PROXY_DROP_REPLY),
              sync_fixture_setup, test_lost, sync_fixture_teardown);
  g_test_add ("/sync/failure/lost-request", SyncFixture, GINT_TO_POINTER (SYNC_PROXY_DROP_REQUEST),
              sync_fixture_setup, test_lost, sync_fixture_teardown);
  g_test_add ("/sync/failure/server-killed", SyncFixture, NULL,
              sync_fixture_setup, test_server_killed, sync_fixture_teardown);
  g_test_add ("/sync/failure/pull-cut-off", SyncFixture, GINT_TO_POINTER (FALSE),
              sync_fixture_setup, test_pull_interrupted, sync_fixture_teardown);
  g_test_add ("/sync/failure/pull-cancelled", SyncFixture, GINT_TO_POINTER (TRUE),
              sync_fixture_setup, test_pull_interrupted, sync_fixture_teardown);

  return g_test_run ();
}
