/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-backup"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ch-test-server.h"

/*
 * Backup, restore and epochs, as the operator and the devices see them:
 * a backup taken while devices write is one consistent state; a restored
 * database (by "restore" or by copying the file back) has a new epoch; a
 * device cursor ahead of the counter is answered with a resync; compact
 * keeps the deletions a recently seen device has not pulled.
 */

typedef struct
{
  ChTestServer *ts;
  char         *chapter;
  char         *token;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->ts = ch_test_server_new ();
  f->chapter = ch_test_server_admin_ok (f->ts, "chapter", "add", "--name", "IAMCP Danmark", NULL);
  f->token = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "Dorte",
                                      "--chapter", f->chapter, NULL);
  ch_test_server_start (f->ts);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->ts, ch_test_server_finish);
  g_free (f->chapter);
  g_free (f->token);
}

static char *
insert_member (gint64 mid)
{
  g_autofree char *id = g_uuid_string_random ();

  return g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"insert\",\"base\":{},\"set\":{\"given_name\":\"Dorte\","
                          "\"family_name\":\"Nr %" G_GINT64_FORMAT "\"}}", mid, id, mid);
}

/* POSTs @n member inserts from @device, starting at @mid; returns the
 * reply. */
static JsonNode *
push_members (ChTestServer *ts,
              const char   *chapter,
              const char   *token,
              const char   *query,
              gint64        mid,
              guint         n,
              guint        *status)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations%s", chapter,
                                           query ? query : "");
  GString *body = g_string_new ("{\"device_id\":\"desk\",\"schema_version\":1,\"mutations\":[");
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *m = insert_member (mid + i);

      if (i > 0)
        g_string_append_c (body, ',');
      g_string_append (body, m);
    }
  g_string_append (body, "]}");
  text = g_string_free (body, FALSE);

  return ch_test_server_request_json (ts, "POST", path, token, text, status);
}

static JsonNode *
changes (ChTestServer *ts,
         const char   *chapter,
         const char   *token,
         const char   *query,
         guint        *status)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?%s", chapter, query);

  return ch_test_server_request_json (ts, "GET", path, token, NULL, status);
}

static char *
health_epoch (ChTestServer *ts)
{
  guint status = 0;
  g_autoptr(JsonNode) node = ch_test_server_request_json (ts, "GET", "/v1/health", NULL, NULL,
                                                          &status);

  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "epoch"));
}

/* Members in the chapter's full feed, and the feed's highest version. */
static guint
count_members (ChTestServer *ts,
               const char   *chapter,
               const char   *token,
               gint64       *max_version)
{
  gint64 since = 0;
  guint n = 0;

  *max_version = 0;
  for (;;)
    {
      g_autofree char *query = g_strdup_printf ("since=%" G_GINT64_FORMAT "&limit=5000", since);
      guint status = 0;
      g_autoptr(JsonNode) page = changes (ts, chapter, token, query, &status);
      JsonObject *root = json_node_get_object (page);
      JsonArray *items = json_object_get_array_member (root, "items");

      g_assert_cmpuint (status, ==, 200);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);

          if (g_strcmp0 (json_object_get_string_member (item, "entity"), "member") == 0)
            n++;
          *max_version = MAX (*max_version, json_object_get_int_member (item, "version"));
        }

      since = json_object_get_int_member (root, "next");
      if (!json_object_get_boolean_member (root, "has_more"))
        return n;
    }
}

/* ----------------------------------------------------------------------- */

typedef struct
{
  const char *url;
  const char *chapter;
  const char *token;
  gint        stop;
  guint       batches;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("%s/v1/chapters/%s/mutations", w->url, w->chapter);
  g_autofree char *auth = g_strconcat ("Bearer ", w->token, NULL);
  gint64 mid = 1;

  while (!g_atomic_int_get (&w->stop))
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GBytes) body = NULL;
      GString *text = g_string_new ("{\"device_id\":\"writer\",\"schema_version\":1,"
                                    "\"mutations\":[");

      for (guint i = 0; i < 20; i++, mid++)
        {
          g_autofree char *m = insert_member (mid);

          if (i > 0)
            g_string_append_c (text, ',');
          g_string_append (text, m);
        }
      g_string_append (text, "]}");
      body = g_string_free_to_bytes (text);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      reply = soup_session_send_and_read (session, msg, NULL, NULL);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      w->batches++;
    }

  return NULL;
}

static void
test_backup_while_serving (Fixture       *f,
                           gconstpointer  data)
{
  Writer w = { f->ts->url, f->chapter, f->token, 0, 0 };
  g_autoptr(GThread) thread = NULL;
  g_autofree char *epoch = health_epoch (f->ts);

  thread = g_thread_new ("writer", writer_thread, &w);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strdup_printf ("%s/backup-%u.db", f->ts->dir, i);
      g_autofree char *out = ch_test_server_admin_ok (f->ts, "backup", "--to", file, NULL);
      g_autoptr(ChTestServer) copy = ch_test_server_new ();
      g_autofree char *list = NULL;
      g_autofree char *copy_epoch = NULL;
      g_auto(GStrv) lines = NULL;
      g_auto(GStrv) cols = NULL;
      GStatBuf st;
      gint64 version, max_version = 0;
      guint members;

      g_assert_nonnull (strstr (out, file));
      g_assert_cmpint (g_stat (file, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);

      /* The copy serves: one state of the database, every batch in it
       * whole (each insert took one version; the chapter row is 1). */
      g_assert_true (g_rename (file, copy->db) == 0);
      list = ch_test_server_admin_ok (copy, "chapter", "list", NULL);
      lines = g_strsplit (list, "\n", -1);
      cols = g_strsplit (lines[1], "\t", -1);
      version = g_ascii_strtoll (cols[2], NULL, 10);
      ch_test_server_start (copy);
      copy_epoch = health_epoch (copy);
      members = count_members (copy, f->chapter, f->token, &max_version);
      g_assert_cmpint (max_version, ==, version);
      g_assert_cmpuint (members, ==, version - 1);
      g_assert_cmpuint (members % 20, ==, 0);
      /* A backup is the same history: same epoch. */
      g_assert_cmpstr (copy_epoch, ==, epoch);
      g_assert_cmpint (ch_test_server_stop (copy), ==, 0);
    }

  g_atomic_int_set (&w.stop, 1);
  g_thread_join (g_steal_pointer (&thread));
  g_assert_cmpuint (w.batches, >, 0);
}

static void
test_restore_rotates (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->ts->dir, "nightly.db", NULL);
  g_autofree char *mark = g_strconcat (f->ts->db, ".epoch", NULL);
  g_autofree char *before = health_epoch (f->ts);
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *query = NULL;
  g_autofree char *push_query = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) page = NULL;
  gint64 max_version = 0;
  GStatBuf st;
  guint status = 0;

  reply = push_members (f->ts, f->chapter, f->token, NULL, 1, 2, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&out, g_free);
  out = ch_test_server_admin_ok (f->ts, "backup", "--to", file, NULL);
  g_clear_pointer (&reply, json_node_unref);
  reply = push_members (f->ts, f->chapter, f->token, NULL, 3, 3, &status);
  g_assert_cmpuint (status, ==, 200);

  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);
  g_clear_pointer (&out, g_free);
  out = ch_test_server_admin_ok (f->ts, "restore", "--from", file, NULL);
  ch_test_server_start (f->ts);

  /* The restored server is the backup's state under a new epoch. */
  after = health_epoch (f->ts);
  g_assert_cmpstr (after, !=, before);
  g_assert_nonnull (strstr (out, after));
  g_assert_cmpuint (count_members (f->ts, f->chapter, f->token, &max_version), ==, 2);
  g_assert_cmpint (max_version, ==, 3);
  g_assert_cmpint (g_stat (mark, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A device of the old epoch that pushes is told to resync first;
   * nothing is applied. */
  push_query = g_strdup_printf ("?epoch=%s", before);
  g_clear_pointer (&reply, json_node_unref);
  reply = push_members (f->ts, f->chapter, f->token, push_query, 10, 1, &status);
  g_assert_cmpuint (status, ==, 410);
  ch_test_assert_error (reply, "epoch_changed");
  g_assert_cmpuint (count_members (f->ts, f->chapter, f->token, &max_version), ==, 2);

  /* Its pull, from a cursor the restored server never reached, is
   * answered with the new epoch; the device sees it and resyncs. */
  query = g_strdup_printf ("since=6&device_id=desk&epoch=%s", before);
  page = changes (f->ts, f->chapter, f->token, query, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (page), "epoch"), ==,
                   after);
}

static void
test_restore_while_serving (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->ts->dir, "nightly.db", NULL);
  g_autofree char *before = health_epoch (f->ts);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) page = NULL;
  gint64 max_version = 0;
  guint status = 0;

  reply = push_members (f->ts, f->chapter, f->token, NULL, 1, 2, &status);
  g_assert_cmpuint (status, ==, 200);
  out = ch_test_server_admin_ok (f->ts, "backup", "--to", file, NULL);
  g_clear_pointer (&reply, json_node_unref);
  reply = push_members (f->ts, f->chapter, f->token, NULL, 3, 3, &status);
  g_assert_cmpuint (status, ==, 200);

  /* The running server picks up the restored database and its epoch at
   * its next request. */
  g_clear_pointer (&out, g_free);
  out = ch_test_server_admin_ok (f->ts, "restore", "--from", file, NULL);
  page = changes (f->ts, f->chapter, f->token, "since=0", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (page), "epoch"), !=,
                   before);
  g_assert_cmpuint (count_members (f->ts, f->chapter, f->token, &max_version), ==, 2);
  g_assert_cmpint (max_version, ==, 3);

  /* And goes on from the restored counter. */
  g_clear_pointer (&reply, json_node_unref);
  reply = push_members (f->ts, f->chapter, f->token, NULL, 10, 1, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (count_members (f->ts, f->chapter, f->token, &max_version), ==, 3);
  g_assert_cmpint (max_version, ==, 4);
}

static void
test_restore_refuses (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *junk = g_build_filename (f->ts->dir, "junk.db", NULL);
  g_autofree char *other = g_build_filename (f->ts->dir, "other.db", NULL);
  g_autofree char *before = health_epoch (f->ts);
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) reply = NULL;
  gint64 max_version = 0;
  guint status = 0;

  reply = push_members (f->ts, f->chapter, f->token, NULL, 1, 2, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);

  /* Not a database at all; an empty file (to SQLite, an empty database,
   * which the server would take for a new one). */
  g_assert_true (g_file_set_contents (junk, "not a database", -1, NULL));
  g_assert_true (g_file_set_contents (other, "", 0, NULL));

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *from = g_strconcat ("--from=", i == 0 ? junk : other, NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (ch_test_server_admin (f->ts, &out, &err, "restore", from, NULL), !=, 0);
      g_assert_nonnull (strstr (err, i == 0 ? junk : other));
    }

  /* The database is as it was. */
  ch_test_server_start (f->ts);
  after = health_epoch (f->ts);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_members (f->ts, f->chapter, f->token, &max_version), ==, 2);
}

static void
test_copied_back (Fixture       *f,
                  gconstpointer  data)
{
  gboolean keep_mark = GPOINTER_TO_INT (data);
  g_autofree char *file = g_build_filename (f->ts->dir, "copy.db", NULL);
  g_autofree char *mark = g_strconcat (f->ts->db, ".epoch", NULL);
  g_autofree char *wal = g_strconcat (f->ts->db, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  /* The operator copies the stopped server's file, the server goes on,
   * and the file is copied back later. */
  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);
  src = g_file_new_for_path (f->ts->db);
  dest = g_file_new_for_path (file);
  g_file_copy (src, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  ch_test_server_start (f->ts);
  before = health_epoch (f->ts);

  reply = push_members (f->ts, f->chapter, f->token, NULL, 1, 3, &status);
  g_assert_cmpuint (status, ==, 200);

  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);
  g_file_copy (dest, src, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_unlink (wal);
  if (!keep_mark)
    g_unlink (mark);
  ch_test_server_start (f->ts);

  if (keep_mark)
    {
      /* The high-water mark says the file went back: a new epoch at
       * once, and the operator is told. */
      after = health_epoch (f->ts);
      g_assert_cmpstr (after, !=, before);
      g_assert_true (g_file_get_contents (f->ts->log, &contents, NULL, NULL));
      g_assert_nonnull (strstr (contents, "went back in time"));
      return;
    }

  /* No mark: the epoch is the old one, until a device of that epoch asks
   * from a cursor ahead of the counter (4 > 1): 410, and a new epoch. */
  after = health_epoch (f->ts);
  g_assert_cmpstr (after, ==, before);
  {
    g_autofree char *query = g_strdup_printf ("since=4&device_id=desk&epoch=%s", before);

    page = changes (f->ts, f->chapter, f->token, query, &status);
  }
  g_assert_cmpuint (status, ==, 410);
  ch_test_assert_error (page, "cursor_expired");
  g_free (after);
  after = health_epoch (f->ts);
  g_assert_cmpstr (after, !=, before);

  /* The resync that follows is answered. */
  again = changes (f->ts, f->chapter, f->token, "since=0&tombstones=true", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (again), "epoch"), ==,
                   after);
}

static void
test_compact_keeps (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter);
  g_autofree char *insert = NULL;
  g_autofree char *del = NULL;
  g_autofree char *out = NULL;
  g_autofree char *list = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autoptr(JsonNode) behind = NULL;
  g_autoptr(JsonNode) snapshot = NULL;
  g_autoptr(JsonNode) bad = NULL;
  JsonArray *items;
  guint status = 0;

  insert = g_strdup_printf ("{\"device_id\":\"desk\",\"schema_version\":1,\"mutations\":["
                            "{\"mid\":1,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"insert\","
                            "\"base\":{},\"set\":{\"given_name\":\"Ole\","
                            "\"family_name\":\"Dam\"}}]}",
                            id);
  reply = ch_test_server_request_json (f->ts, "POST", path, f->token, insert, &status);
  g_assert_cmpuint (status, ==, 200);

  /* A laptop pulls up to version 2, then the member is deleted (3). */
  seen = changes (f->ts, f->chapter, f->token, "since=0&device_id=laptop", &status);
  g_assert_cmpuint (status, ==, 200);
  seen = (json_node_unref (seen), changes (f->ts, f->chapter, f->token,
                                           "since=2&device_id=laptop", &status));
  del = g_strdup_printf ("{\"device_id\":\"desk\",\"schema_version\":1,\"mutations\":["
                         "{\"mid\":2,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"delete\"}]}",
                         id);
  g_clear_pointer (&reply, json_node_unref);
  reply = ch_test_server_request_json (f->ts, "POST", path, f->token, del, &status);
  g_assert_cmpuint (status, ==, 200);

  /* Compaction keeps the deletion the laptop has not pulled. */
  out = ch_test_server_admin_ok (f->ts, "compact", "--chapter", f->chapter, NULL);
  g_assert_nonnull (strstr (out, "Removed 0 "));
  list = ch_test_server_admin_ok (f->ts, "chapter", "list", NULL);
  g_assert_nonnull (strstr (list, "\t3\t2\t"));

  behind = changes (f->ts, f->chapter, f->token, "since=2&device_id=laptop", &status);
  g_assert_cmpuint (status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (behind), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (items, 0),
                                                 "deleted"));

  /* A snapshot with tombstones shows the deletion too. */
  snapshot = changes (f->ts, f->chapter, f->token, "since=0&tombstones=true", &status);
  g_assert_cmpuint (status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (snapshot), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);

  bad = changes (f->ts, f->chapter, f->token, "since=0&tombstones=maybe", &status);
  g_assert_cmpuint (status, ==, 400);
  ch_test_assert_error (bad, "bad_request");
  g_clear_pointer (&bad, json_node_unref);
  bad = changes (f->ts, f->chapter, f->token, "since=0&device_id=", &status);
  g_assert_cmpuint (status, ==, 400);
  ch_test_assert_error (bad, "bad_request");
  g_clear_pointer (&bad, json_node_unref);
  bad = changes (f->ts, f->chapter, f->token, "since=0&device_id=%01desk", &status);
  g_assert_cmpuint (status, ==, 400);
  ch_test_assert_error (bad, "bad_request");
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/backup/while-serving", Fixture, NULL,
              fixture_setup, test_backup_while_serving, fixture_teardown);
  g_test_add ("/server/backup/restore-rotates", Fixture, NULL,
              fixture_setup, test_restore_rotates, fixture_teardown);
  g_test_add ("/server/backup/restore-while-serving", Fixture, NULL,
              fixture_setup, test_restore_while_serving, fixture_teardown);
  g_test_add ("/server/backup/restore-refuses", Fixture, NULL,
              fixture_setup, test_restore_refuses, fixture_teardown);
  g_test_add ("/server/backup/copied-back", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_copied_back, fixture_teardown);
  g_test_add ("/server/backup/copied-back-without-mark", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_copied_back, fixture_teardown);
  g_test_add ("/server/backup/compact-keeps", Fixture, NULL,
              fixture_setup, test_compact_keeps, fixture_teardown);

  return g_test_run ();
}
