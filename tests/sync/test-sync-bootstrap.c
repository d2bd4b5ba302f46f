/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-bootstrap"

#include "config.h"

#include <string.h>
#include <unistd.h>

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

/* The indexes of the file at @path, as text (opened without a ChStore,
 * which would make missing ones again). */
static char *
index_texts (const char *path)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                                       "AND sql IS NOT NULL ORDER BY name", -1, &st, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_string_append_printf (out, "%s: %s\n", (const char *) sqlite3_column_text (st, 0),
                            (const char *) sqlite3_column_text (st, 1));
  sqlite3_finalize (st);
  sqlite3_close (db);

  return g_string_free (out, FALSE);
}

/* The value of meta row @key in the file at @path (NULL if none). */
static char *
meta_value (const char *path,
            const char *key)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?", -1, &st,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  sqlite3_close (db);

  return value;
}

/* Anna's device: the demo chapter (members, specialties, periods,
 * payments, officers, events, registrations, opportunities) and more
 * members, made offline, so that the download takes several pages; one
 * member deleted since (not among a new device's live members). */
static SyncClient *
make_anna (SyncFixture *f)
{
  g_autoptr(SyncClient) anna = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *gone = NULL;

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
  gone = sync_client_add_member (anna, "Gone", "Member", "gone@example.org");
  sync_client_sync_ok (anna, NULL);
  g_assert_true (ch_store_delete (anna->store, "member", gone, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);
  g_assert_cmpuint (ch_store_outbox_count (anna->store, NULL), ==, 0);

  return g_steal_pointer (&anna);
}

/* @fresh has every row the server has, field for field, the same search
 * index as Anna's device that wrote the rows one by one (and the same
 * answers), and the indexes of a file that never downloaded in bulk. */
static void
assert_downloaded (SyncFixture *f,
                   SyncClient  *anna,
                   SyncClient  *fresh,
                   guint64      pulled)
{
  const ChEntityInfo *const *entities;
  g_autofree char *index_anna = NULL;
  g_autofree char *index_fresh = NULL;
  g_autofree char *indexes_anna = NULL;
  g_autofree char *indexes_fresh = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *lock = NULL;
  guint n_entities, n_types = 0, n_rows = 0;
  const char *searches[] = { "a*", "st*", "anna*", "stockholm*", "microsoft*", "cloud*" };

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
  g_assert_cmpuint (n_rows, <=, pulled);
  g_assert_cmpuint (sync_client_count_rows (fresh, "member", TRUE), ==,
                    sync_client_count_rows (anna, "member", TRUE));

  index_anna = search_index (anna);
  index_fresh = search_index (fresh);
  g_assert_cmpstr (index_fresh, ==, index_anna);
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autofree char *want = search_ids (anna, searches[i]);
      g_autofree char *have = search_ids (fresh, searches[i]);

      g_assert_cmpstr (have, ==, want);
    }

  /* The bulk load ended: every index is back, nothing says otherwise. */
  indexes_anna = index_texts (anna->path);
  indexes_fresh = index_texts (fresh->path);
  g_assert_cmpstr (indexes_fresh, ==, indexes_anna);
  g_assert_nonnull (strstr (indexes_fresh, "member_by_name_key:"));
  pending = meta_value (fresh->path, "bulk_indexes");
  g_assert_null (pending);
  lock = g_strconcat (fresh->path, "-bulk", NULL);
  g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
}

static void
test_bootstrap_same_rows (SyncFixture   *f,
                          gconstpointer  data)
{
  g_autoptr(SyncClient) anna = NULL;
  g_autoptr(SyncClient) fresh = NULL;
  g_autoptr(GError) error = NULL;
  ChSyncReport report = { 0 };
  Progress progress = { 0, TRUE, 0, 0, FALSE };

  anna = make_anna (f);

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

  assert_downloaded (f, anna, fresh, report.pulled);

  /* Nothing to send, and the next sync brings nothing again. */
  g_assert_cmpuint (ch_store_outbox_count (fresh->store, NULL), ==, 0);
  memset (&progress, 0, sizeof progress);
  g_assert_true (ch_sync_run_with_progress (fresh->path, f->chapter_a, f->token_a, on_progress,
                                            &progress, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pulled, ==, 0);
  g_assert_cmpuint (progress.received, ==, 0);
}

/* The program dies (as by kill -9) after the first page of a download. */
static void
die_after_first_page (gboolean  first_download,
                      guint64   received,
                      guint64   total,
                      gpointer  user_data)
{
  if (received > 0)
    _exit (3);
}

static void
test_bootstrap_killed_child (void)
{
  g_autoptr(GError) error = NULL;
  ChSyncReport report = { 0 };

  if (!g_test_subprocess ())
    return;  /* run by /sync/bootstrap/killed only */

  ch_sync_run_with_progress (g_getenv ("CH_TEST_BULK_DB"), g_getenv ("CH_TEST_BULK_CHAPTER"),
                             g_getenv ("CH_TEST_BULK_TOKEN"), die_after_first_page, NULL, NULL,
                             &report, &error);
  g_assert_not_reached ();
}

/* A new laptop's program dies in the middle of the download: the file it
 * leaves has its indexes back as soon as it is opened again, every
 * downloaded member can be searched for, and the next sync completes the
 * download. */
static void
test_bootstrap_killed (SyncFixture   *f,
                       gconstpointer  data)
{
  g_autoptr(SyncClient) anna = NULL;
  g_autoptr(SyncClient) fresh = NULL;
  g_autoptr(ChStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fresh_path = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *indexes = NULL;
  g_autofree char *lock = NULL;
  ChSyncReport report = { 0 };
  guint members, indexed;

  anna = make_anna (f);
  fresh = sync_fixture_client (f, "fresh", NULL);
  fresh_path = g_strdup (fresh->path);
  /* The program that dies is the only one with the file open. */
  g_clear_pointer (&fresh, sync_client_free);

  g_setenv ("CH_TEST_BULK_DB", fresh_path, TRUE);
  g_setenv ("CH_TEST_BULK_CHAPTER", f->chapter_a, TRUE);
  g_setenv ("CH_TEST_BULK_TOKEN", f->token_a, TRUE);
  g_test_trap_subprocess ("/sync/bootstrap/killed-child", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  /* Killed mid-load: one page in, the indexes dropped, the note saying
   * which, and the lock it held free. */
  pending = meta_value (fresh_path, "bulk_indexes");
  g_assert_nonnull (pending);
  g_assert_nonnull (strstr (pending, "member_by_name_key"));
  g_clear_pointer (&pending, g_free);
  pending = meta_value (fresh_path, "bulk_search");
  g_assert_nonnull (pending);
  indexes = index_texts (fresh_path);
  g_assert_null (strstr (indexes, "member_by_name_key:"));
  lock = g_strconcat (fresh_path, "-bulk", NULL);
  g_assert_true (g_file_test (lock, G_FILE_TEST_EXISTS));

  /* Opened again: the indexes are back, the note and the lock file gone,
   * and the search finds every member downloaded so far. */
  reopened = ch_store_open (fresh_path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&pending, g_free);
  pending = meta_value (fresh_path, "bulk_indexes");
  g_assert_null (pending);
  pending = meta_value (fresh_path, "bulk_search");
  g_assert_null (pending);
  g_clear_pointer (&indexes, g_free);
  indexes = index_texts (fresh_path);
  g_assert_nonnull (strstr (indexes, "member_by_name_key:"));
  g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
  members = ch_store_query_int (reopened, 0, "SELECT count(*) FROM member WHERE deleted = 0",
                                ch_store_sql_end);
  indexed = ch_store_query_int (reopened, 0, "SELECT count(*) FROM member_fts",
                                ch_store_sql_end);
  g_assert_cmpuint (members, >, 0);
  g_assert_cmpuint (members, <, sync_client_count_rows (anna, "member", TRUE));
  g_assert_cmpuint (indexed, ==, members);

  /* The next sync completes the download. */
  g_assert_true (ch_sync_run (fresh_path, f->chapter_a, f->token_a, NULL, &report, &error));
  g_assert_no_error (error);
  fresh = g_new0 (SyncClient, 1);
  fresh->path = g_strdup (fresh_path);
  fresh->chapter_id = g_strdup (f->chapter_a);
  fresh->token = g_strdup (f->token_a);
  fresh->store = g_steal_pointer (&reopened);
  assert_downloaded (f, anna, fresh, G_MAXUINT64);
}

static void
cancel_after_first_page (gboolean  first_download,
                         guint64   received,
                         guint64   total,
                         gpointer  user_data)
{
  if (received > 0)
    g_cancellable_cancel (user_data);
}

/* A download cancelled (or cut off by the network) in the middle leaves
 * every index in place at once, and the next sync completes it. */
static void
test_bootstrap_cancelled (SyncFixture   *f,
                          gconstpointer  data)
{
  g_autoptr(SyncClient) anna = NULL;
  g_autoptr(SyncClient) fresh = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *indexes_anna = NULL;
  g_autofree char *indexes_fresh = NULL;
  g_autofree char *pending = NULL;
  ChSyncReport report = { 0 };

  anna = make_anna (f);
  fresh = sync_fixture_client (f, "fresh", NULL);
  g_assert_false (ch_sync_run_with_progress (fresh->path, f->chapter_a, f->token_a,
                                             cancel_after_first_page, cancellable, cancellable,
                                             &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (sync_client_count_rows (fresh, "member", TRUE), <,
                    sync_client_count_rows (anna, "member", TRUE));

  indexes_anna = index_texts (anna->path);
  indexes_fresh = index_texts (fresh->path);
  g_assert_cmpstr (indexes_fresh, ==, indexes_anna);
  pending = meta_value (fresh->path, "bulk_indexes");
  g_assert_null (pending);

  sync_client_sync_ok (fresh, NULL);
  assert_downloaded (f, anna, fresh, G_MAXUINT64);
}

typedef struct
{
  GCancellable *cancellable;
  guint64       received;
} CancelLater;

static void
cancel_after_second_page (gboolean  first_download,
                          guint64   received,
                          guint64   total,
                          gpointer  user_data)
{
  CancelLater *later = user_data;

  if (received > CH_PROTOCOL_MAX_PAGE && later->received == 0)
    {
      later->received = received;
      g_cancellable_cancel (later->cancellable);
    }
}

/* Every row stored in @client's file, whatever its table. */
static guint64
stored_rows (SyncClient *client)
{
  const ChEntityInfo *const *entities;
  guint n_entities;
  guint64 n = 0;

  entities = ch_entity_all (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", entities[i]->table);

      n += ch_store_query_int (client->store, 0, sql, ch_store_sql_end);
    }

  return n;
}

/* Anna's chapter of @members members, synced. */
static SyncClient *
make_pages (SyncFixture *f,
            guint        members)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;

  chapter = ch_demo_create_chapter (anna->store, &error);
  g_assert_no_error (error);
  g_assert_true (ch_demo_populate (anna->store, ch_chapter_get_id (chapter), members, 5,
                                   CH_DEMO_LOCAL, &error));
  g_assert_no_error (error);
  g_assert_true (ch_sync_link (anna->store, ch_chapter_get_id (chapter), f->server->url,
                               f->chapter_a, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);

  return g_steal_pointer (&anna);
}

/* Anna's chapter, synced, with enough rows for three pages of changes. */
static SyncClient *
make_three_pages (SyncFixture *f)
{
  return make_pages (f, 1500);
}

/* After its first page a bulk load commits every few pages, not every
 * page: a download cancelled in between still keeps every page it was
 * told of (the transaction open is committed, not undone), the search
 * finds every member stored, and the next sync completes it. */
static void
test_bootstrap_cancelled_later (SyncFixture   *f,
                                gconstpointer  data)
{
  g_autoptr(SyncClient) anna = NULL;
  g_autoptr(SyncClient) fresh = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pending = NULL;
  CancelLater later = { cancellable, 0 };
  ChSyncReport report = { 0 };
  guint members, indexed;

  anna = make_three_pages (f);

  fresh = sync_fixture_client (f, "fresh", NULL);
  g_assert_false (ch_sync_run_with_progress (fresh->path, f->chapter_a, f->token_a,
                                             cancel_after_second_page, &later, cancellable,
                                             &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Two pages told of, two pages kept. */
  g_assert_cmpuint (later.received, ==, 2 * CH_PROTOCOL_MAX_PAGE);
  ch_store_check_outside_changes (fresh->store);
  g_assert_cmpuint (stored_rows (fresh), ==, later.received);
  members = sync_client_count_rows (fresh, "member", TRUE);
  g_assert_cmpuint (members, >, 0);
  g_assert_cmpuint (members, <, sync_client_count_rows (anna, "member", TRUE));
  indexed = ch_store_query_int (fresh->store, 0, "SELECT count(*) FROM member_fts",
                                ch_store_sql_end);
  g_assert_cmpuint (indexed, ==, members);
  pending = meta_value (fresh->path, "bulk_indexes");
  g_assert_null (pending);

  sync_client_sync_ok (fresh, NULL);
  g_assert_cmpuint (sync_client_count_rows (fresh, "member", TRUE), ==,
                    sync_client_count_rows (anna, "member", TRUE));
  g_assert_cmpuint (stored_rows (fresh), ==, stored_rows (anna));
}

/* A server that takes 150 ms for every page of changes. */
static SyncProxyAction
slow_pages (const char  *method,
            char       **path_and_query,
            guint        n,
            gpointer     user_data)
{
  if (strstr (*path_and_query, "/changes") != NULL)
    g_usleep (150 * 1000);
  return SYNC_PROXY_FORWARD;
}

typedef struct
{
  const char *path;
  int         rc;    /* BEGIN IMMEDIATE of another program after page 2 */
  gboolean    tried;
} WriteBetween;

static void
write_after_second_page (gboolean  first_download,
                         guint64   received,
                         guint64   total,
                         gpointer  user_data)
{
  WriteBetween *between = user_data;
  sqlite3 *db = NULL;

  if (received <= CH_PROTOCOL_MAX_PAGE || between->tried)
    return;

  /* Another program (the window) saves an edit now, without waiting. */
  between->tried = TRUE;
  g_assert_cmpint (sqlite3_open (between->path, &db), ==, SQLITE_OK);
  between->rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
}

/* Over a slow network a bulk load commits every page: it never holds the
 * file's write lock while it waits for the server, so an edit saved in the
 * window between two pages does not wait for the network. */
static void
test_bootstrap_slow_network (SyncFixture   *f,
                             gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = NULL;
  g_autoptr(SyncClient) fresh = NULL;
  g_autoptr(GError) error = NULL;
  ChSyncReport report = { 0 };
  WriteBetween between = { NULL, SQLITE_ERROR, FALSE };

  anna = make_three_pages (f);

  sync_proxy_set_rule (proxy, slow_pages, NULL);
  fresh = sync_fixture_client (f, "fresh", sync_proxy_get_url (proxy));
  between.path = fresh->path;
  g_assert_true (ch_sync_run_with_progress (fresh->path, f->chapter_a, f->token_a,
                                            write_after_second_page, &between, NULL,
                                            &report, &error));
  g_assert_no_error (error);

  g_assert_true (between.tried);
  g_assert_cmpint (between.rc, ==, SQLITE_OK);
  ch_store_check_outside_changes (fresh->store);
  g_assert_cmpuint (stored_rows (fresh), ==, stored_rows (anna));
}

/* While *@user_data is set, the connection is lost with every answer
 * to the third request for changes and later ones (retries too): the
 * network gone at a page asked for ahead while the second was written. */
static SyncProxyAction
lose_from_third_page (const char  *method,
                      char       **path_and_query,
                      guint        n,
                      gpointer     user_data)
{
  gint *lost = user_data;

  if (g_atomic_int_get (lost) && strstr (*path_and_query, "/changes") != NULL && n >= 3)
    return SYNC_PROXY_DROP_REPLY;
  return SYNC_PROXY_FORWARD;
}

/* A download cut off at a page asked for ahead keeps the two pages it
 * had, with their search entries and every index, and the next sync
 * completes it: the same rows and search index as the device that wrote
 * them. */
static void
test_bootstrap_cut_off_ahead (SyncFixture   *f,
                              gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = NULL;
  g_autoptr(SyncClient) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *indexes_anna = NULL;
  g_autofree char *indexes_fresh = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *index_anna = NULL;
  g_autofree char *index_fresh = NULL;
  ChSyncReport report = { 0 };
  guint members, indexed;
  gint lost;

  g_atomic_int_set (&lost, TRUE);
  anna = make_three_pages (f);

  sync_proxy_set_rule (proxy, lose_from_third_page, &lost);
  fresh = sync_fixture_client (f, "fresh", sync_proxy_get_url (proxy));
  g_assert_false (ch_sync_run (fresh->path, f->chapter_a, f->token_a, NULL, &report, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  ch_store_check_outside_changes (fresh->store);
  g_assert_cmpuint (stored_rows (fresh), ==, 2 * CH_PROTOCOL_MAX_PAGE);
  members = sync_client_count_rows (fresh, "member", TRUE);
  g_assert_cmpuint (members, >, 0);
  g_assert_cmpuint (members, <, sync_client_count_rows (anna, "member", TRUE));
  indexed = ch_store_query_int (fresh->store, 0, "SELECT count(*) FROM member_fts",
                                ch_store_sql_end);
  g_assert_cmpuint (indexed, ==, members);
  indexes_anna = index_texts (anna->path);
  indexes_fresh = index_texts (fresh->path);
  g_assert_cmpstr (indexes_fresh, ==, indexes_anna);
  pending = meta_value (fresh->path, "bulk_indexes");
  g_assert_null (pending);

  /* The network back. */
  g_atomic_int_set (&lost, FALSE);
  sync_client_sync_ok (fresh, NULL);
  g_assert_cmpuint (stored_rows (fresh), ==, stored_rows (anna));
  index_anna = search_index (anna);
  index_fresh = search_index (fresh);
  g_assert_cmpstr (index_fresh, ==, index_anna);
}

/* Pages of twenty rows: a small chapter takes many. */
static SyncProxyAction
twenty_rows_a_page (const char  *method,
                    char       **path_and_query,
                    guint        n,
                    gpointer     user_data)
{
  const char *limit = strstr (*path_and_query, "limit=");

  if (strstr (*path_and_query, "/changes") != NULL && limit != NULL)
    {
      g_autofree char *head = g_strndup (*path_and_query, limit - *path_and_query);
      const char *tail = limit + strcspn (limit, "&");
      char *rewritten = g_strdup_printf ("%slimit=20%s", head, tail);

      g_free (*path_and_query);
      *path_and_query = rewritten;
    }
  return SYNC_PROXY_FORWARD;
}

typedef struct
{
  SyncProxy *proxy;
  guint      pages;       /* pages written so far */
  guint      most_ahead;  /* the most pages asked for beyond them */
} Ahead;

static void
count_ahead (gboolean  first_download,
             guint64   received,
             guint64   total,
             gpointer  user_data)
{
  Ahead *ahead = user_data;
  guint asked;

  ahead->pages++;
  /* A long write: the pages asked for ahead have time to come. */
  if (ahead->pages == 1)
    g_usleep (300 * 1000);
  asked = sync_proxy_count (ahead->proxy, "GET", "/changes");
  ahead->most_ahead = MAX (ahead->most_ahead, asked - MIN (asked, ahead->pages));
}

/* While a page is written, at most two more are asked for and read (each
 * holds its rows in memory until it is written), however long the write
 * takes; the download is complete. */
static void
test_bootstrap_ahead_bounded (SyncFixture   *f,
                              gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = NULL;
  g_autoptr(SyncClient) fresh = NULL;
  g_autoptr(GError) error = NULL;
  ChSyncReport report = { 0 };
  Ahead ahead = { proxy, 0, 0 };

  anna = make_pages (f, 40);

  sync_proxy_set_rule (proxy, twenty_rows_a_page, NULL);
  fresh = sync_fixture_client (f, "fresh", sync_proxy_get_url (proxy));
  g_assert_true (ch_sync_run_with_progress (fresh->path, f->chapter_a, f->token_a, count_ahead,
                                            &ahead, NULL, &report, &error));
  g_assert_no_error (error);

  /* Enough pages for a walk without a bound to go further. */
  g_assert_cmpuint (ahead.pages, >=, 5);
  g_assert_cmpuint (ahead.most_ahead, <=, 2);
  g_assert_cmpuint (stored_rows (fresh), ==, stored_rows (anna));
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/bootstrap/same-rows", SyncFixture, NULL, sync_fixture_setup,
              test_bootstrap_same_rows, sync_fixture_teardown);
  g_test_add ("/sync/bootstrap/killed", SyncFixture, NULL, sync_fixture_setup,
              test_bootstrap_killed, sync_fixture_teardown);
  g_test_add_func ("/sync/bootstrap/killed-child", test_bootstrap_killed_child);
  g_test_add ("/sync/bootstrap/slow-network", SyncFixture, NULL, sync_fixture_setup,
              test_bootstrap_slow_network, sync_fixture_teardown);
  g_test_add ("/sync/bootstrap/cancelled-later", SyncFixture, NULL, sync_fixture_setup,
              test_bootstrap_cancelled_later, sync_fixture_teardown);
  g_test_add ("/sync/bootstrap/cancelled", SyncFixture, NULL, sync_fixture_setup,
              test_bootstrap_cancelled, sync_fixture_teardown);
  g_test_add ("/sync/bootstrap/cut-off-ahead", SyncFixture, NULL, sync_fixture_setup,
              test_bootstrap_cut_off_ahead, sync_fixture_teardown);
  g_test_add ("/sync/bootstrap/ahead-bounded", SyncFixture, NULL, sync_fixture_setup,
              test_bootstrap_ahead_bounded, sync_fixture_teardown);

  return g_test_run ();
}
