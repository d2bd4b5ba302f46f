/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-bootstrap"

#include "config.h"

#include <string.h>

#include "ch-demo.h"
#include "ch-entity.h"
#include "ch-protocol.h"
#include "ch-store-private.h"
#include "ch-sync-test.h"

/*
 * A new laptop downloads a whole chapter (the bootstrap: pages written
 * without looking for pending changes, the search index brought up to
 * date once a page): it ends with every row the server has, field for
 * field, the same search index as the officer's device that made the
 * rows one by one, and the progress it reported reaches the total the
 * server announced.
 */

typedef struct
{
  guint    calls;
  gboolean always_download;
  guint64  received;
  guint64  total;
  gboolean went_back;
} Progress;

static void
on_progress (gboolean  first_download,
             guint64   received,
             guint64   total,
             gpointer  user_data)
{
  Progress *p = user_data;

  p->calls++;
  p->always_download = p->always_download && first_download;
  if (received < p->received)
    p->went_back = TRUE;
  p->received = received;
  p->total = total;
}

/* Every live row of @entity on @client, as the server's feed gives it:
 * id → {version, deleted, fields…}. */
static void
assert_same_rows (SyncFixture *f,
                  SyncClient  *client,
                  const char  *entity,
                  guint       *n_rows)
{
  const ChEntityInfo *info = ch_entity_lookup (entity);
  g_autoptr(GHashTable) server = sync_server_rows (f->server, f->chapter_a, f->token_a, entity);
  GHashTableIter iter;
  gpointer key, value;
  guint live = 0;

  g_hash_table_iter_init (&iter, server);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *want = value;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) have = NULL;
      g_autoptr(JsonObject) a = json_object_new ();
      g_autoptr(JsonObject) b = json_object_new ();
      g_autofree char *want_json = NULL;
      g_autofree char *have_json = NULL;

      if (json_object_get_boolean_member (want, "deleted"))
        continue;  /* a new device is never told of rows it cannot have */
      live++;

      have = ch_store_get_row (client->store, entity, key, &error);
      g_assert_no_error (error);

      json_object_set_int_member (a, "version", json_object_get_int_member (want, "version"));
      json_object_set_int_member (b, "version", json_object_get_int_member (have, "version"));
      json_object_set_boolean_member (b, "deleted",
                                      json_object_get_boolean_member (have, "deleted"));
      json_object_set_boolean_member (a, "deleted", FALSE);
      for (guint i = 0; i < info->n_fields; i++)
        {
          const char *name = info->fields[i].name;
          JsonNode *w = json_object_get_member (want, name);
          JsonNode *h = json_object_get_member (have, name);

          json_object_set_member (a, name, w ? json_node_copy (w) : json_node_new (JSON_NODE_NULL));
          json_object_set_member (b, name, h ? json_node_copy (h) : json_node_new (JSON_NODE_NULL));
        }

      want_json = sync_test_canonical_json (a);
      have_json = sync_test_canonical_json (b);
      g_assert_cmpstr (have_json, ==, want_json);
    }

  g_assert_cmpuint (sync_client_count_rows (client, entity, TRUE), ==, live);
  *n_rows = live;
}

/* The search index as text: one line per member, in id order. */
static char *
search_index (SyncClient *client)
{
  sqlite3 *db = ch_store_get_db (client->store);
  GString *out = g_string_new (NULL);
  sqlite3_stmt *st = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT m.id, f.given_name, f.family_name, f.company, "
                                       "       f.email, f.city, f.specialties "
                                       "FROM member_fts f JOIN member m ON m.rowid = f.rowid "
                                       "ORDER BY m.id", -1, &st, NULL), ==, SQLITE_OK);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      for (int c = 0; c < 7; c++)
        g_string_append_printf (out, "%s|", (const char *) sqlite3_column_text (st, c));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (st);

  return g_string_free (out, FALSE);
}

/* The ids of the members a search finds, in id order. */
static char *
search_ids (SyncClient *client,
            const char *match)
{
  sqlite3 *db = ch_store_get_db (client->store);
  GString *out = g_string_new (NULL);
  sqlite3_stmt *st = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT m.id FROM member_fts JOIN member m "
                                       "ON m.rowid = member_fts.rowid "
                                       "WHERE member_fts MATCH ? AND m.deleted = 0 ORDER BY m.id",
                                       -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, match, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_string_append_printf (out, "%s ", (const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);

  return g_string_free (out, FALSE);
}

static void
test_bootstrap_same_rows (SyncFixture   *f,
                          gconstpointer  data)
{
  g_autoptr(SyncClient) anna = NULL;
  g_autoptr(SyncClient) fresh = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *index_anna = NULL;
  g_autofree char *index_fresh = NULL;
  const ChEntityInfo *const *entities;
  ChSyncReport report = { 0 };
  Progress progress = { 0, TRUE, 0, 0, FALSE };
  guint n_entities, n_types = 0, n_rows = 0;
  const char *searches[] = { "a*", "st*", "anna*", "stockholm*", "microsoft*", "cloud*" };

  /* Anna's device: the demo chapter (members, specialties, periods,
   * payments, officers, events, registrations, opportunities) and more
   * members, made offline, so that the download takes several pages. */
  anna = sync_fixture_client (f, "anna", NULL);
  chapter = ch_demo_create_chapter (anna->store, &error);
  g_assert_no_error (error);
  g_assert_true (ch_demo_populate (anna->store, ch_chapter_get_id (chapter), 700, 17,
                                   CH_DEMO_LOCAL, &error));
  g_assert_no_error (error);
  g_assert_true (ch_sync_link (anna->store, ch_chapter_get_id (chapter), f->server->url,
                               f->chapter_a, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);
  /* A member deleted since: not among a new device's live members. */
  gone = sync_client_add_member (anna, "Gone", "Member", "gone@example.org");
  sync_client_sync_ok (anna, NULL);
  g_assert_true (ch_store_delete (anna->store, "member", gone, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);
  g_assert_cmpuint (ch_store_outbox_count (anna->store, NULL), ==, 0);

  /* A new laptop. */
  fresh = sync_fixture_client (f, "fresh", NULL);
  g_assert_true (ch_sync_run_with_progress (fresh->path, f->chapter_a, f->token_a, on_progress,
                                            &progress, NULL, &report, &error));
  g_assert_no_error (error);

  /* The progress it showed reached the total the server announced. */
  g_assert_cmpuint (report.pulled, >, CH_PROTOCOL_MAX_PAGE);
  g_assert_cmpuint (progress.calls, >=, 2);
  g_assert_true (progress.always_download);
  g_assert_false (progress.went_back);
  g_assert_cmpuint (progress.received, ==, report.pulled);
  g_assert_cmpuint (progress.total, ==, report.pulled);

  /* Every row the server has, field for field. */
  ch_store_check_outside_changes (fresh->store);
  entities = ch_entity_all (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      guint n = 0;

      assert_same_rows (f, fresh, entities[i]->name, &n);
      if (n > 0)
        n_types++;
      n_rows += n;
    }
  g_assert_cmpuint (n_types, >=, 8);
  g_assert_cmpuint (n_rows, >, CH_PROTOCOL_MAX_PAGE);
  g_assert_cmpuint (sync_client_count_rows (fresh, "member", TRUE), ==,
                    sync_client_count_rows (anna, "member", TRUE));

  /* The same search index as the device that wrote the rows one by one,
   * and the same answers. */
  index_anna = search_index (anna);
  index_fresh = search_index (fresh);
  g_assert_cmpstr (index_fresh, ==, index_anna);
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autofree char *want = search_ids (anna, searches[i]);
      g_autofree char *have = search_ids (fresh, searches[i]);

      g_assert_cmpstr (have, ==, want);
    }

  /* Nothing to send, and the next sync brings nothing again. */
  g_assert_cmpuint (ch_store_outbox_count (fresh->store, NULL), ==, 0);
  memset (&progress, 0, sizeof progress);
  g_assert_true (ch_sync_run_with_progress (fresh->path, f->chapter_a, f->token_a, on_progress,
                                            &progress, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pulled, ==, 0);
  g_assert_cmpuint (progress.received, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/bootstrap/same-rows", SyncFixture, NULL, sync_fixture_setup,
              test_bootstrap_same_rows, sync_fixture_teardown);

  return g_test_run ();
}
