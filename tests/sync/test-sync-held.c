/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-held"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ch-sync-test.h"

/*
 * Not pulling back one's own changes (issue 17; docs/sync-protocol.md,
 * "Not pulling back one's own changes"): a device whose insert or update
 * the server took exactly on the row it held takes the new version, and
 * its next pull leaves that row out.  Each test below is a way in which
 * leaving a row out would make a device disagree with the server without
 * anyone noticing; each ends with every device equal to the server.
 */

static gint64
client_version (SyncClient *client,
                const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = ch_store_get_row (client->store, "member", id, &error);

  g_assert_no_error (error);
  return json_object_get_int_member (row, "version");
}

static gint64
server_version (SyncFixture *f,
                const char  *id)
{
  g_autoptr(GHashTable) rows = sync_server_rows (f->server, f->chapter_a, f->token_admin,
                                                 "member");
  JsonObject *row = g_hash_table_lookup (rows, id);

  g_assert_nonnull (row);
  return json_object_get_int_member (row, "version");
}

/* @field of member @id on @client equals the server's, and so does the
 * row's version. */
static void
assert_as_server (SyncFixture *f,
                  SyncClient  *client,
                  const char  *id,
                  const char  *field,
                  const char  *expected)
{
  g_autofree char *here = sync_client_get_text (client, "member", id, field);
  g_autofree char *there = sync_server_get_text (f->server, f->chapter_a, f->token_admin,
                                                 "member", id, field);

  g_assert_cmpstr (there, ==, expected);
  g_assert_cmpstr (here, ==, expected);
  g_assert_cmpint (client_version (client, id), ==, server_version (f, id));
}

/* Anna's own new members and edits do not come back to her, yet she holds
 * the server's versions, and Bo gets them. */
static void
test_own_not_pulled (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *lena = NULL;
  g_autofree char *max = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  max = sync_client_add_member (anna, "Max", "Bauer", "max@example.at");
  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.pushed, >=, 2);
  g_assert_cmpuint (report.pulled, ==, 0);

  sync_client_set_field (anna, lena, "phone", "+43 1 234");
  sync_client_set_field (anna, lena, "city", "Graz");
  sync_client_set_field (anna, max, "city", "Linz");
  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.pushed, ==, 3);
  g_assert_cmpuint (report.pulled, ==, 0);
  assert_as_server (f, anna, lena, "phone", "+43 1 234");
  assert_as_server (f, anna, lena, "city", "Graz");
  assert_as_server (f, anna, max, "city", "Linz");

  /* Bo pulls them all; Anna pulls only what Bo changes. */
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.pulled, >=, 2);
  assert_as_server (f, bo, lena, "city", "Graz");
  sync_client_set_field (bo, max, "phone", "+43 2 345");
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.pulled, ==, 0);
  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.pulled, ==, 1);
  assert_as_server (f, anna, max, "phone", "+43 2 345");
  assert_as_server (f, anna, max, "city", "Linz");
}

/* Bo changes Lena's e-mail; Anna, who never pulled that, changes her
 * phone.  The server's new row carries Bo's e-mail too: it is not only
 * Anna's, so it must reach her. */
static void
test_other_field (SyncFixture   *f,
                  gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *lena = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  sync_client_set_field (bo, lena, "email", "lena.huber@example.at");
  sync_client_sync_ok (bo, NULL);

  sync_client_set_field (anna, lena, "phone", "+43 1 234");
  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.pulled, >=, 1);
  assert_as_server (f, anna, lena, "email", "lena.huber@example.at");
  assert_as_server (f, anna, lena, "phone", "+43 1 234");

  sync_client_sync_ok (bo, NULL);
  assert_as_server (f, bo, lena, "email", "lena.huber@example.at");
  assert_as_server (f, bo, lena, "phone", "+43 1 234");
}

/* Anna changes Lena's e-mail to one Bo just gave Max (she has not pulled
 * him), then Lena's phone, in one push.  The server keeps Lena's e-mail
 * (a "duplicate" conflict) and takes the phone on the very row Anna held:
 * but her copy still has the refused e-mail, so the row must come back. */
static void
test_refused_then_exact (SyncFixture   *f,
                         gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *lena = NULL;
  g_autofree char *max = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  max = sync_client_add_member (bo, "Max", "Bauer", "office@example.at");
  sync_client_sync_ok (bo, NULL);

  sync_client_set_field (anna, lena, "email", "office@example.at");
  sync_client_set_field (anna, lena, "phone", "+43 1 234");
  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.conflicts, ==, 1);
  assert_as_server (f, anna, lena, "email", "lena@example.at");
  assert_as_server (f, anna, lena, "phone", "+43 1 234");

  /* Nothing is left to come. */
  sync_client_sync_ok (anna, &report);
  assert_as_server (f, anna, lena, "email", "lena@example.at");
}

/* Drops the answers to pushes while *user_data is TRUE. */
static SyncProxyAction
lose_pushes (const char  *method,
             char       **path,
             guint        n,
             gpointer     user_data)
{
  gboolean *lose = user_data;

  if (g_atomic_int_get (lose) && g_str_equal (method, "POST") &&
      strstr (*path, "/mutations") != NULL)
    return SYNC_PROXY_DROP_REPLY;

  return SYNC_PROXY_FORWARD;
}

/* Anna's push reaches the server but she never hears back; Bo then
 * changes the row; Anna's next sync gets the stored answers again and
 * must still pull Bo's change. */
static void
test_lost_answer (SyncFixture   *f,
                  gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", sync_proxy_get_url (proxy));
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *max = NULL;
  g_autofree char *mids = NULL;
  gboolean lose = FALSE;
  ChSyncReport report = { 0 };

  sync_proxy_set_rule (proxy, lose_pushes, &lose);
  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  sync_client_set_field (anna, lena, "phone", "+43 1 234");
  max = sync_client_add_member (anna, "Max", "Bauer", "max@example.at");
  g_atomic_int_set (&lose, TRUE);
  g_assert_false (sync_client_sync (anna, &report, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_atomic_int_set (&lose, FALSE);

  /* Bo sees Anna's changes and changes Lena's e-mail. */
  sync_client_sync_ok (bo, NULL);
  assert_as_server (f, bo, lena, "phone", "+43 1 234");
  sync_client_set_field (bo, lena, "email", "lena.huber@example.at");
  sync_client_sync_ok (bo, NULL);

  sync_client_sync_ok (anna, &report);
  mids = sync_client_outbox_mids (anna);
  g_assert_cmpstr (mids, ==, "");
  assert_as_server (f, anna, lena, "email", "lena.huber@example.at");
  assert_as_server (f, anna, lena, "phone", "+43 1 234");
  assert_as_server (f, anna, max, "email", "max@example.at");
}

static GBytes *
close_and_read (SyncClient *client)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_clear_object (&client->store);
  g_file_get_contents (client->path, &data, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (data, len);
}

static void
reopen (SyncClient *client)
{
  g_autoptr(GError) error = NULL;

  client->store = ch_store_open (client->path, &error);
  g_assert_no_error (error);
}

/* Writes @bytes over the database file in place (same inode, as "cp
 * backup.db data.db" does), with no WAL left beside it. */
static void
overwrite_in_place (const char *path,
                    GBytes     *bytes)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  FILE *fp = fopen (path, "r+b");
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_nonnull (fp);
  g_assert_cmpuint (fwrite (data, 1, len, fp), ==, len);
  g_assert_cmpint (ftruncate (fileno (fp), (off_t) len), ==, 0);
  g_assert_cmpint (fclose (fp), ==, 0);
  g_unlink (wal);
  g_unlink (shm);
}

/* Anna's file is put back from a copy made before her last change (in
 * place: the same device id, nothing pending).  The server's row is her
 * own exact write, but the file she has now never held it. */
static void
test_restored_in_place (SyncFixture   *f,
                        gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(GBytes) backup = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *device = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  device = g_strdup (ch_store_get_device_id (anna->store));
  backup = close_and_read (anna);
  reopen (anna);

  sync_client_set_field (anna, lena, "phone", "+43 1 234");
  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.pulled, ==, 0);

  g_bytes_unref (close_and_read (anna));
  overwrite_in_place (anna->path, backup);
  reopen (anna);
  g_assert_cmpstr (ch_store_get_device_id (anna->store), ==, device);

  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.pulled, ==, 1);
  assert_as_server (f, anna, lena, "phone", "+43 1 234");
}

/* One push of @mutations (the JSON array's members) as device @device;
 * returns the results. */
static JsonArray *
push_raw (SyncFixture *f,
          const char  *device,
          const char  *mutations)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter_a);
  g_autofree char *body = g_strdup_printf ("{\"device_id\":\"%s\",\"schema_version\":1,"
                                           "\"mutations\":[%s]}", device, mutations);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  reply = sync_server_request (f->server, "POST", path, f->token_a, body, &status);
  g_assert_cmpuint (status, ==, 200);
  node = sync_test_parse_json (g_bytes_get_data (reply, NULL), (gssize) g_bytes_get_size (reply));
  return json_array_ref (json_object_get_array_member (json_node_get_object (node), "results"));
}

/* Whether a pull from @since with @query brings row @id (the page's
 * "total" counts what it brings, not the rows left out). */
static gboolean
pull_brings (SyncFixture *f,
             gint64       since,
             const char  *query,
             const char  *id)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?since=%" G_GINT64_FORMAT
                                           "&limit=5000&count=true%s", f->chapter_a, since,
                                           query);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *page;
  JsonArray *items;
  guint status = 0;
  gboolean found = FALSE;

  reply = sync_server_request (f->server, "GET", path, f->token_a, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  node = sync_test_parse_json (g_bytes_get_data (reply, NULL), (gssize) g_bytes_get_size (reply));
  page = json_node_get_object (node);
  /* Rows left out or not, the cursor moves to the end. */
  g_assert_cmpint (json_object_get_int_member (page, "next"), ==,
                   sync_server_max_version (f->server, f->chapter_a, f->token_admin));
  items = json_object_get_array_member (page, "items");
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, json_array_get_length (items));
  for (guint i = 0; i < json_array_get_length (items); i++)
    found = found || g_strcmp0 (json_object_get_string_member (
                                  json_array_get_object_element (items, i), "id"), id) == 0;

  return found;
}

static gint64
result_int (JsonArray  *results,
            guint       i,
            const char *name)
{
  return json_object_get_int_member_with_default (json_array_get_object_element (results, i),
                                                  name, -1);
}

static const char *
result_status (JsonArray *results,
               guint      i)
{
  return json_object_get_string_member (json_array_get_object_element (results, i), "status");
}

/* The server's rule itself, over HTTP: which answers carry
 * "previous_version" and which pulls leave the row out. */
static void
test_server_rule (SyncFixture   *f,
                  gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autofree char *lena = NULL;
  g_autofree char *m = NULL;
  g_autoptr(JsonArray) r = NULL;
  gint64 v0, v1, v2, v4, v5;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  v0 = server_version (f, lena);

  /* A device that did not hold the row's version: applied, not exact. */
  m = g_strdup_printf ("{\"mid\":1,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\","
                       "\"base\":{\"phone\":null},\"set\":{\"phone\":\"+43 1\"},"
                       "\"held_version\":%" G_GINT64_FORMAT "}", lena, v0 - 1);
  r = push_raw (f, "raw", m);
  g_assert_cmpstr (result_status (r, 0), ==, "applied");
  g_assert_cmpint (result_int (r, 0, "previous_version"), ==, -1);
  v1 = result_int (r, 0, "version");
  g_assert_true (pull_brings (f, v0, "&device_id=raw&held_mid=1", lena));

  /* It holds it now: exact, and its pulls leave the row out, no one
   * else's, nor a resync, nor a pull that does not say held_mid. */
  g_free (m);
  m = g_strdup_printf ("{\"mid\":2,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\","
                       "\"base\":{\"city\":null},\"set\":{\"city\":\"Graz\"},"
                       "\"held_version\":%" G_GINT64_FORMAT "}", lena, v1);
  g_clear_pointer (&r, json_array_unref);
  r = push_raw (f, "raw", m);
  g_assert_cmpint (result_int (r, 0, "previous_version"), ==, v1);
  v2 = result_int (r, 0, "version");
  g_assert_false (pull_brings (f, v0, "&device_id=raw&held_mid=2", lena));
  g_assert_true (pull_brings (f, v0, "&device_id=raw&held_mid=1", lena));
  g_assert_true (pull_brings (f, v0, "&device_id=raw", lena));
  g_assert_true (pull_brings (f, v0, "&device_id=other&held_mid=2", lena));
  g_assert_true (pull_brings (f, v0, "&device_id=raw&held_mid=2&tombstones=true", lena));
  g_assert_true (pull_brings (f, v0, "&device_id=raw&held_mid=2&epoch=another", lena));

  /* Sent again (a lost answer): the same answer. */
  g_clear_pointer (&r, json_array_unref);
  r = push_raw (f, "raw", m);
  g_assert_cmpint (result_int (r, 0, "previous_version"), ==, v1);
  g_assert_cmpint (result_int (r, 0, "version"), ==, v2);

  /* A conflict that writes nothing, then a change on the version held,
   * in one request: the device's copy has the refused value, so the
   * second is not exact either. */
  g_free (m);
  m = g_strdup_printf ("{\"mid\":3,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\","
                       "\"base\":{\"company\":\"Wrong\"},\"set\":{\"company\":\"Contoso\"},"
                       "\"held_version\":%" G_GINT64_FORMAT "},"
                       "{\"mid\":4,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\","
                       "\"base\":{\"city\":\"Graz\"},\"set\":{\"city\":\"Linz\"},"
                       "\"held_version\":%" G_GINT64_FORMAT "}", lena, v2, lena, v2);
  g_clear_pointer (&r, json_array_unref);
  r = push_raw (f, "raw", m);
  g_assert_cmpstr (result_status (r, 0), ==, "conflict");
  g_assert_cmpstr (result_status (r, 1), ==, "applied");
  g_assert_cmpint (result_int (r, 1, "previous_version"), ==, -1);
  v4 = result_int (r, 1, "version");
  g_assert_true (pull_brings (f, v2, "&device_id=raw&held_mid=4", lena));

  /* Exact, then another device's refused change to the row: this
   * device's pulls bring the row again. */
  g_free (m);
  m = g_strdup_printf ("{\"mid\":5,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\","
                       "\"base\":{\"company\":null},\"set\":{\"company\":\"Contoso\"},"
                       "\"held_version\":%" G_GINT64_FORMAT "}", lena, v4);
  g_clear_pointer (&r, json_array_unref);
  r = push_raw (f, "raw", m);
  g_assert_cmpint (result_int (r, 0, "previous_version"), ==, v4);
  v5 = result_int (r, 0, "version");
  g_assert_false (pull_brings (f, v4, "&device_id=raw&held_mid=5", lena));
  g_free (m);
  m = g_strdup_printf ("{\"mid\":1,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\","
                       "\"base\":{\"company\":\"Other\"},\"set\":{\"company\":\"Fabrikam\"},"
                       "\"held_version\":%" G_GINT64_FORMAT "}", lena, v5);
  g_clear_pointer (&r, json_array_unref);
  r = push_raw (f, "raw2", m);
  g_assert_cmpstr (result_status (r, 0), ==, "conflict");
  g_assert_true (pull_brings (f, v4, "&device_id=raw&held_mid=5", lena));
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/held/own-not-pulled", SyncFixture, NULL,
              sync_fixture_setup, test_own_not_pulled, sync_fixture_teardown);
  g_test_add ("/sync/held/other-field", SyncFixture, NULL,
              sync_fixture_setup, test_other_field, sync_fixture_teardown);
  g_test_add ("/sync/held/refused-then-exact", SyncFixture, NULL,
              sync_fixture_setup, test_refused_then_exact, sync_fixture_teardown);
  g_test_add ("/sync/held/lost-answer", SyncFixture, NULL,
              sync_fixture_setup, test_lost_answer, sync_fixture_teardown);
  g_test_add ("/sync/held/server-rule", SyncFixture, NULL,
              sync_fixture_setup, test_server_rule, sync_fixture_teardown);
  g_test_add ("/sync/held/restored-in-place", SyncFixture, NULL,
              sync_fixture_setup, test_restored_in_place, sync_fixture_teardown);

  return g_test_run ();
}
