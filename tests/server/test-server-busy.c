/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-busy"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ch-test-server.h"

/*
 * The server's database work runs on its own thread: while another
 * process holds the database's write lock (compact, a backup, an admin
 * command), a push is answered 503 "busy" with Retry-After instead of
 * hanging, and the health check keeps answering.
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
  f->chapter = ch_test_server_admin_ok (f->ts, "chapter", "add", "--name", "IAMCP Czechia",
                                        NULL);
  f->token = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "Petr",
                                      "--chapter", f->chapter, NULL);
  ch_test_server_start_with (f->ts, "--db-timeout", "1", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ch_test_server_finish (f->ts);
  g_free (f->chapter);
  g_free (f->token);
}

static char *
member_batch (gint64 mid)
{
  g_autofree char *id = g_uuid_string_random ();

  return g_strdup_printf ("{\"device_id\":\"dev-busy\",\"schema_version\":1,\"mutations\":["
                          "{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"insert\",\"base\":{},\"set\":{\"given_name\":\"Jana\","
                          "\"family_name\":\"Novak\"}}]}", mid, id);
}

/* A push; @retry_after gets the Retry-After header (or NULL). */
static JsonNode *
push (Fixture  *f,
      gint64    mid,
      guint    *status,
      char    **retry_after)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/chapters/%s/mutations", f->ts->url,
                                          f->chapter);
  g_autofree char *auth = g_strconcat ("Bearer ", f->token, NULL);
  g_autofree char *body = member_batch (mid);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  answer = soup_session_send_and_read (f->ts->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  *retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                         "Retry-After"));
  node = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);
  return node;
}

static void
test_locked_database (Fixture       *f,
                      gconstpointer  data)
{
  sqlite3 *db = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) health = NULL;
  g_autoptr(JsonNode) accepted = NULL;
  g_autofree char *retry_after = NULL;
  g_autofree char *no_retry = NULL;
  guint status = 0;

  /* Another process takes the write lock and keeps it. */
  g_assert_cmpint (sqlite3_open (f->ts->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  refused = push (f, 1, &status, &retry_after);
  g_assert_cmpuint (status, ==, 503);
  ch_test_assert_error (refused, "busy");
  g_assert_cmpstr (retry_after, ==, "5");

  /* Reads in a snapshot do not wait for the writer. */
  health = ch_test_server_request_json (f->ts, "GET", "/v1/health", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  /* The lock goes away: the same batch goes through. */
  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  accepted = push (f, 1, &status, &no_retry);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (no_retry);
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/busy/locked-database", Fixture, NULL, fixture_setup,
              test_locked_database, fixture_teardown);

  return g_test_run ();
}
