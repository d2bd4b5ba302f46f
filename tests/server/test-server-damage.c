/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-damage"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "ch-test-server.h"

/*
 * The server database on disk: who may read it, and what the server does
 * with a file that is empty or damaged (refuses to serve it, and "check"
 * says so).
 */

static void
assert_mode_0600 (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    g_error ("%s is missing", path);
  if ((st.st_mode & 0777) != 0600)
    g_error ("%s has mode %o, not 600", path, st.st_mode & 0777);
}

/* The database, its -wal and -shm hold every member's e-mail and phone:
 * the owner's alone, whatever the umask. */
static void
test_files_private (void)
{
  g_autoptr(ChTestServer) ts = ch_test_server_new ();
  g_autofree char *wal = g_strconcat (ts->db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (ts->db, "-shm", NULL);
  g_autofree char *chapter = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) node = NULL;
  mode_t old = umask (0022);
  guint status;

  chapter = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Norway", NULL);
  token = ch_test_server_admin_ok (ts, "token", "create", "--name", "Nora",
                                   "--chapter", chapter, NULL);
  ch_test_server_start (ts);
  umask (old);

  node = ch_test_server_request_json (ts, "GET", "/v1/me", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  /* While serving, all three files exist. */
  assert_mode_0600 (ts->db);
  assert_mode_0600 (wal);
  assert_mode_0600 (shm);

  ch_test_server_finish (g_steal_pointer (&ts));
}

/* "serve" on @ts->db must exit with an error naming the damage. */
static void
assert_refused (ChTestServer *ts,
                const char   *expected)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = ch_test_server_admin (ts, &out, &err, "--no-db", "serve", "--db", ts->db,
                                     "--port", "0", NULL);

  g_assert_cmpint (status, !=, 0);
  if (strstr (err, expected) == NULL)
    g_error ("serve said “%s”, not “%s”", err, expected);
}

static void
test_empty_file_refused (void)
{
  g_autoptr(ChTestServer) ts = ch_test_server_new ();
  g_autofree char *contents = NULL;
  gsize len = 1;

  g_assert_true (g_file_set_contents (ts->db, "", 0, NULL));
  assert_refused (ts, "is empty");

  /* Nothing was written into it. */
  g_assert_true (g_file_get_contents (ts->db, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, 0);
}

static void
test_damaged_file_refused (void)
{
  g_autoptr(ChTestServer) ts = ch_test_server_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *chapter = NULL;
  gsize len;

  chapter = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Sweden", NULL);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Officer %u", i);
      g_autofree char *token = ch_test_server_admin_ok (ts, "token", "create", "--name", name,
                                                        "--chapter", chapter, NULL);
    }

  out = ch_test_server_admin_ok (ts, "check", NULL);
  g_assert_nonnull (strstr (out, "intact"));
  g_clear_pointer (&out, g_free);

  /* Random bytes over the second page (a table's root). */
  g_assert_true (g_file_get_contents (ts->db, &contents, &len, NULL));
  g_assert_cmpuint (len, >=, 3 * 4096);
  for (gsize i = 4096; i < 2 * 4096; i++)
    contents[i] = (char) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (ts->db, contents, (gssize) len, NULL));

  g_assert_cmpint (ch_test_server_admin (ts, &out, &err, "check", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "damaged"));

  assert_refused (ts, "damaged");
}

/* A stored row with invalid UTF-8 (a damaged page the check missed, or
 * a hand edit) is not sent under 200 OK: every device's pull would fail
 * on it. The answer is a JSON error. */
static void
test_damaged_row_not_served (void)
{
  g_autoptr(ChTestServer) ts = ch_test_server_new ();
  g_autofree char *chapter = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  sqlite3 *db = NULL;
  guint status;

  chapter = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Finland", NULL);
  token = ch_test_server_admin_ok (ts, "token", "create", "--name", "Aino",
                                   "--chapter", chapter, NULL);

  g_assert_cmpint (sqlite3_open (ts->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE records SET fields = "
                                 "CAST(X'7B226E616D65223A22FF227D' AS TEXT) "
                                 "WHERE entity = 'chapter'", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);

  ch_test_server_start (ts);
  path = g_strdup_printf ("/v1/chapters/%s/changes?since=0", chapter);
  body = ch_test_server_request (ts, "GET", path, token, NULL, 0, &status);
  g_assert_cmpuint (status, !=, 200);
  g_assert_true (g_utf8_validate (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body),
                                  NULL));
  g_clear_pointer (&body, g_bytes_unref);

  node = ch_test_server_request_json (ts, "GET", path, token, NULL, &status);
  ch_test_assert_error (node, "internal");

  ch_test_server_finish (g_steal_pointer (&ts));
}

/* /v1/health reads the database, and says how large it and its WAL are. */
static void
test_health_reads_database (void)
{
  g_autoptr(ChTestServer) ts = ch_test_server_new ();
  g_autofree char *chapter = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;
  guint status;

  chapter = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Poland", NULL);
  ch_test_server_start (ts);

  node = ch_test_server_request_json (ts, "GET", "/v1/health", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (o, "chapters"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "database_bytes"), >=, 4096);
  g_assert_true (json_object_has_member (o, "wal_bytes"));

  ch_test_server_finish (g_steal_pointer (&ts));
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/damage/files-private", test_files_private);
  g_test_add_func ("/server/damage/empty-file-refused", test_empty_file_refused);
  g_test_add_func ("/server/damage/damaged-file-refused", test_damaged_file_refused);
  g_test_add_func ("/server/damage/damaged-row-not-served", test_damaged_row_not_served);
  g_test_add_func ("/server/damage/health-reads-database", test_health_reads_database);

  return g_test_run ();
}
