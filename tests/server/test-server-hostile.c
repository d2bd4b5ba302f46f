/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-hostile"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "ch-test-server.h"

/*
 * Clients that do not play by the rules, against the real server over raw
 * TCP: huge bodies announced, connections left idle or trickled, too many
 * connections, numbers that overflow, ambiguous headers.
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
  f->ts = ch_test_server_new_chapter ("IAMCP Austria", &f->chapter, &f->token);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ch_test_server_finish (f->ts);
  g_free (f->chapter);
  g_free (f->token);
}

/* Raw connections */

static const char *
host_port (Fixture *f)
{
  return f->ts->url + strlen ("http://");
}

/* A TCP connection to the server from @local_ip (NULL: any). The client
 * gives up reading after 30 s, so a server that never closes fails the
 * test rather than hanging it. */
static GSocketConnection *
connect_from (Fixture    *f,
              const char *local_ip)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn;

  if (local_ip != NULL)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (local_ip);
      g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (inet, 0);

      g_socket_client_set_local_address (client, addr);
    }
  g_socket_client_set_timeout (client, 30);
  conn = g_socket_client_connect_to_host (client, host_port (f), 80, NULL, &error);
  g_assert_no_error (error);
  return conn;
}

static void
send_text (GSocketConnection *conn,
           const char        *text)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));

  /* The server may already have answered and hung up. */
  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

/* Everything the server sends until it closes the connection. */
static char *
read_answer (GSocketConnection *conn)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  g_autoptr(GString) answer = g_string_new (NULL);
  char buf[4096];
  gssize n;

  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (answer, buf, n);
  return g_string_free (g_steal_pointer (&answer), FALSE);
}

/* Sends @request on a new connection from @local_ip and returns the
 * status of the answer; @answer (may be NULL) gets all of it. */
static guint
raw_request (Fixture     *f,
             const char  *local_ip,
             const char  *request,
             char       **answer)
{
  g_autoptr(GSocketConnection) conn = connect_from (f, local_ip);
  g_autofree char *text = NULL;
  guint status = 0;

  send_text (conn, request);
  text = read_answer (conn);
  if (g_str_has_prefix (text, "HTTP/1.1 ") && strlen (text) >= 12)
    status = (guint) atoi (text + 9);
  if (answer != NULL)
    *answer = g_steal_pointer (&text);
  return status;
}

static char *
health_request (Fixture *f)
{
  return g_strdup_printf ("GET /v1/health HTTP/1.1\r\nHost: %s\r\n\r\n", host_port (f));
}

/* The body of an HTTP answer, parsed as JSON. */
static JsonNode *
answer_json (const char *answer)
{
  const char *body = strstr (answer, "\r\n\r\n");
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_nonnull (body);
  node = json_from_string (body + 4, &error);
  g_assert_no_error (error);
  return node;
}

static void
assert_health (Fixture *f)
{
  g_autofree char *request = health_request (f);
  g_autofree char *answer = NULL;

  g_assert_cmpuint (raw_request (f, NULL, request, &answer), ==, 200);
}

static gint64
server_rss_kib (Fixture *f)
{
  const char *pid = g_subprocess_get_identifier (f->ts->process);
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

/* Tests */

/* 500 MB announced, no token: 413 before the body is read, and the
 * server does not grow while the client keeps sending. */
static void
test_huge_content_length (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSocketConnection) conn = NULL;
  g_autofree char *head = NULL;
  g_autofree char *chunk = g_strnfill (1024 * 1024, 'x');
  g_autofree char *answer = NULL;
  g_autoptr(JsonNode) node = NULL;
  GOutputStream *out;
  gint64 before;

  ch_test_server_start (f->ts);
  before = server_rss_kib (f);

  conn = connect_from (f, NULL);
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  head = g_strdup_printf ("POST /v1/chapters/%s/mutations HTTP/1.1\r\nHost: %s\r\n"
                          "Content-Type: application/json\r\nContent-Length: 500000000\r\n\r\n",
                          f->chapter, host_port (f));
  send_text (conn, head);
  /* Up to 64 MiB, until the server hangs up. */
  for (guint i = 0; i < 64; i++)
    if (!g_output_stream_write_all (out, chunk, 1024 * 1024, NULL, NULL, NULL))
      break;

  answer = read_answer (conn);
  if (!g_str_has_prefix (answer, "HTTP/1.1 413"))
    g_error ("answered “%s”", answer);
  node = answer_json (answer);
  ch_test_assert_error (node, "body_too_large");

  g_assert_cmpint (server_rss_kib (f), <, before + 16 * 1024);
  assert_health (f);
}

/* Connections that send nothing, or a header byte now and then, are
 * closed after the read timeout; /v1/health answers meanwhile. */
static void
test_idle_and_slow_closed (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketConnection) slow = NULL;
  g_autofree char *head = NULL;
  GOutputStream *out;
  gboolean closed = FALSE;

  ch_test_server_start_with (f->ts, "--read-timeout", "1", NULL);

  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (idle, connect_from (f, NULL));
  assert_health (f);

  /* Slowloris: a valid request, one byte every 100 ms, for up to 30 s. */
  slow = connect_from (f, NULL);
  out = g_io_stream_get_output_stream (G_IO_STREAM (slow));
  head = g_strdup_printf ("GET /v1/health HTTP/1.1\r\nHost: %s\r\n"
                          "X-Padding: %0200d\r\n\r\n", host_port (f), 0);
  for (gsize i = 0; head[i] != '\0' && !closed; i++)
    {
      closed = g_output_stream_write (out, head + i, 1, NULL, NULL) != 1;
      g_usleep (100 * 1000);
    }
  g_assert_true (closed);

  /* The server hung up on every idle connection: end of stream. */
  for (guint i = 0; i < idle->len; i++)
    {
      g_autofree char *answer = read_answer (idle->pdata[i]);

      g_assert_cmpstr (answer, ==, "");
    }

  assert_health (f);
}

/* Past the cap per peer address and overall: 503 with a JSON error and
 * Retry-After, while other addresses are still served. */
static void
test_connection_caps (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *request = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *answer2 = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  ch_test_server_start_with (f->ts, "--max-connections", "6",
                             "--max-connections-per-peer", "3", NULL);
  request = health_request (f);

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (idle, connect_from (f, "127.0.0.1"));

  g_assert_cmpuint (raw_request (f, "127.0.0.1", request, &answer), ==, 503);
  g_assert_nonnull (strstr (answer, "\r\nRetry-After: "));
  node = answer_json (answer);
  ch_test_assert_error (node, "busy");

  g_assert_cmpuint (raw_request (f, "127.0.0.2", request, NULL), ==, 200);

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (idle, connect_from (f, "127.0.0.3"));
  g_assert_cmpuint (raw_request (f, "127.0.0.4", request, &answer2), ==, 503);
  g_assert_nonnull (strstr (answer2, "\"busy\""));

  /* Once the idle clients leave, everyone is served again. */
  g_ptr_array_set_size (idle, 0);
  for (guint i = 0; i < 100 && status != 200; i++)
    {
      status = raw_request (f, "127.0.0.1", request, NULL);
      if (status != 200)
        g_usleep (50 * 1000);
    }
  g_assert_cmpuint (status, ==, 200);
}

static void
expect_400 (Fixture    *f,
            const char *query)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?%s", f->chapter, query);
  g_autoptr(JsonNode) node = NULL;
  guint status;

  node = ch_test_server_request_json (f->ts, "GET", path, f->token, NULL, &status);
  if (status != 400)
    g_error ("?%s: status %u, not 400", query, status);
  ch_test_assert_error (node, "bad_request");
}

/* Numbers too large for the server are refused, not wrapped or clamped;
 * a NUL byte in a value is not cut off. */
static void
test_bad_numbers (Fixture       *f,
                  gconstpointer  data)
{
  ch_test_server_start (f->ts);

  expect_400 (f, "since=9999999999999999999");
  expect_400 (f, "since=99999999999999999999999999999");
  expect_400 (f, "since=4611686018427387904");
  expect_400 (f, "since=1%00");
  expect_400 (f, "since=1%002");
  expect_400 (f, "limit=5%00");
}

static void
expect_raw_400 (Fixture    *f,
                const char *request)
{
  g_autofree char *answer = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = raw_request (f, NULL, request, &answer);

  if (status != 400)
    g_error ("%s: answered %s", request, answer);
  node = answer_json (answer);
  ch_test_assert_error (node, "bad_request");
}

/* Headers two parts of a proxy chain could read differently. */
static void
test_ambiguous_headers (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *two_lengths = NULL;
  g_autofree char *length_and_chunked = NULL;
  g_autofree char *two_tokens = NULL;
  g_autofree char *one_token = NULL;
  g_autofree char *answer = NULL;

  ch_test_server_start (f->ts);

  two_lengths = g_strdup_printf ("POST /v1/chapters/%s/mutations HTTP/1.1\r\nHost: %s\r\n"
                                 "Authorization: Bearer %s\r\n"
                                 "Content-Length: 2\r\nContent-Length: 4\r\n\r\n{}{}",
                                 f->chapter, host_port (f), f->token);
  expect_raw_400 (f, two_lengths);

  length_and_chunked = g_strdup_printf ("POST /v1/chapters/%s/mutations HTTP/1.1\r\n"
                                        "Host: %s\r\nAuthorization: Bearer %s\r\n"
                                        "Content-Length: 7\r\n"
                                        "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                                        f->chapter, host_port (f), f->token);
  expect_raw_400 (f, length_and_chunked);

  two_tokens = g_strdup_printf ("GET /v1/chapters/%s/changes HTTP/1.1\r\nHost: %s\r\n"
                                "Authorization: Bearer nonsense\r\n"
                                "Authorization: Bearer %s\r\n\r\n",
                                f->chapter, host_port (f), f->token);
  expect_raw_400 (f, two_tokens);

  /* The same request with one token is fine. */
  one_token = g_strdup_printf ("GET /v1/chapters/%s/changes HTTP/1.1\r\nHost: %s\r\n"
                               "Authorization: Bearer %s\r\n\r\n",
                               f->chapter, host_port (f), f->token);
  g_assert_cmpuint (raw_request (f, NULL, one_token, &answer), ==, 200);
}

/* A client that hangs up mid-request is logged as aborted, not as a 500
 * the server never sent. */
static void
test_aborted_not_500 (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *log = NULL;
  g_autofree char *head = NULL;

  ch_test_server_start (f->ts);

  head = g_strdup_printf ("POST /v1/chapters/%s/mutations HTTP/1.1\r\nHost: %s\r\n"
                          "Content-Length: 100\r\n\r\n{\"device",
                          f->chapter, host_port (f));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GSocketConnection) conn = connect_from (f, NULL);

      send_text (conn, head);
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
    }
  assert_health (f);

  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);
  g_assert_true (g_file_get_contents (f->ts->log, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "(aborted)"));
  g_assert_null (strstr (log, " 500 "));
}

/* What libsoup 3.2 decides before the server sees the request (see
 * docs/operations.md, "HTTP edge cases"): another HTTP version gets 505;
 * headers or a request line over libsoup's limit (64 KiB) end the
 * connection without an answer. Either way the server goes on serving. */
static void
test_http_edges (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *v12 = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *huge_header = NULL;
  g_autofree char *huge_uri = NULL;
  g_autofree char *filler = NULL;

  ch_test_server_start (f->ts);

  v12 = g_strdup_printf ("GET /v1/health HTTP/1.2\r\nHost: %s\r\n\r\n", host_port (f));
  raw_request (f, NULL, v12, &answer);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.0 505 "));
  assert_health (f);

  filler = g_strnfill (1024 * 1024, 'a');
  huge_header = g_strdup_printf ("GET /v1/health HTTP/1.1\r\nHost: %s\r\nX-Big: %s\r\n\r\n",
                                 host_port (f), filler);
  g_clear_pointer (&answer, g_free);
  g_assert_cmpuint (raw_request (f, NULL, huge_header, &answer), ==, 0);
  assert_health (f);

  huge_uri = g_strdup_printf ("GET /v1/health?%s HTTP/1.1\r\nHost: %s\r\n\r\n",
                              filler, host_port (f));
  g_clear_pointer (&answer, g_free);
  g_assert_cmpuint (raw_request (f, NULL, huge_uri, &answer), ==, 0);
  assert_health (f);
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

  ADD ("/server/hostile/huge-content-length", test_huge_content_length);
  ADD ("/server/hostile/idle-and-slow-closed", test_idle_and_slow_closed);
  ADD ("/server/hostile/connection-caps", test_connection_caps);
  ADD ("/server/hostile/bad-numbers", test_bad_numbers);
  ADD ("/server/hostile/ambiguous-headers", test_ambiguous_headers);
  ADD ("/server/hostile/aborted-not-500", test_aborted_not_500);
  ADD ("/server/hostile/http-edges", test_http_edges);

  return g_test_run ();
}
