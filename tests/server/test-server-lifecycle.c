/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-lifecycle"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "ch-test-server.h"

/*
 * The server as a service: SIGTERM lets requests under way finish and
 * then exits 0, SIGHUP reads the configuration again and reopens the log
 * file, systemd's socket activation (LISTEN_FDS), /metrics and the JSON
 * log.
 */

typedef struct
{
  ChTestServer *ts;
  char         *chapter;
  char         *token;
  char         *admin;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->ts = ch_test_server_new ();
  f->chapter = ch_test_server_admin_ok (f->ts, "chapter", "add", "--name", "IAMCP Finland",
                                        NULL);
  f->token = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "Aino",
                                      "--chapter", f->chapter, NULL);
  f->admin = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "Ops", "--admin",
                                      NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ch_test_server_finish (f->ts);
  g_free (f->chapter);
  g_free (f->token);
  g_free (f->admin);
}

static char *
push_body (void)
{
  g_autofree char *id = g_uuid_string_random ();

  return g_strdup_printf ("{\"device_id\":\"dev-1\",\"schema_version\":1,\"mutations\":["
                          "{\"mid\":1,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"insert\","
                          "\"base\":{},\"set\":{\"given_name\":\"Aino\","
                          "\"family_name\":\"Virtanen\"}}]}", id);
}

static GSocketConnection *
connect_server (Fixture *f)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn;

  g_socket_client_set_timeout (client, 30);
  conn = g_socket_client_connect_to_host (client, f->ts->url + strlen ("http://"), 80, NULL,
                                          &error);
  g_assert_no_error (error);
  return conn;
}

static void
write_text (GSocketConnection *conn,
            const char        *text,
            gsize              len)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, text, len, NULL, NULL, &error);
  g_assert_no_error (error);
}

static char *
read_all (GSocketConnection *conn)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  g_autoptr(GString) answer = g_string_new (NULL);
  char buf[4096];
  gssize n;

  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (answer, buf, n);
  return g_string_free (g_steal_pointer (&answer), FALSE);
}

static gboolean
can_connect (const char *url)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;

  g_socket_client_set_timeout (client, 5);
  conn = g_socket_client_connect_to_host (client, url + strlen ("http://"), 80, NULL, NULL);
  return conn != NULL;
}

/* A push whose body is still coming when SIGTERM arrives is answered
 * (and applied); new connections are refused meanwhile; then exit 0. */
static void
test_sigterm_drains (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSocketConnection) conn = NULL;
  g_autofree char *body = push_body ();
  g_autofree char *head = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GBytes) health = NULL;
  g_autoptr(GError) error = NULL;
  gsize half = strlen (body) / 2;
  guint status = 0;

  ch_test_server_start (f->ts);
  url = g_strdup (f->ts->url);

  conn = connect_server (f);
  head = g_strdup_printf ("POST /v1/chapters/%s/mutations HTTP/1.1\r\nHost: x\r\n"
                          "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          f->chapter, f->token, strlen (body));
  write_text (conn, head, strlen (head));
  write_text (conn, body, half);

  /* Answered after ours was accepted and its headers read. */
  health = ch_test_server_request (f->ts, "GET", "/v1/health", NULL, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);

  g_subprocess_send_signal (f->ts->process, SIGTERM);
  while (can_connect (url))
    g_usleep (20 * 1000);

  write_text (conn, body + half, strlen (body) - half);
  answer = read_all (conn);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200 "));
  g_assert_nonnull (strstr (answer, "\"applied\""));

  g_subprocess_wait (f->ts->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (f->ts->process));
  g_assert_cmpint (g_subprocess_get_exit_status (f->ts->process), ==, 0);
  g_clear_object (&f->ts->process);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL) && strstr (text, needle) != NULL;
}

/* SIGHUP: the configuration file is read again (here: the log format)
 * and the log file reopened (logrotate moved the old one away). The log
 * never has a token. */
static void
test_sighup_reloads (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *conf = g_build_filename (f->ts->dir, "server.conf", NULL);
  g_autofree char *log = g_build_filename (f->ts->dir, "requests.log", NULL);
  g_autofree char *rotated = g_build_filename (f->ts->dir, "requests.log.1", NULL);
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?since=0", f->chapter);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint status = 0;
  gboolean found = FALSE;

  g_assert_true (g_file_set_contents (conf, "[server]\nlog-format=text\n", -1, NULL));
  ch_test_server_start_with (f->ts, "--config", conf, "--log-file", log, NULL);

  answer = ch_test_server_request (f->ts, "GET", path, f->token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  /* The line is written once the answer is out. */
  while (!file_contains (log, " 200 "))
    g_usleep (20 * 1000);

  g_assert_cmpint (g_rename (log, rotated), ==, 0);
  g_assert_true (g_file_set_contents (conf, "[server]\nlog-format=json\n", -1, NULL));
  g_subprocess_send_signal (f->ts->process, SIGHUP);
  while (!file_contains (log, "Configuration reloaded"))
    g_usleep (20 * 1000);

  again = ch_test_server_request (f->ts, "GET", path, f->token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  while (!file_contains (log, "\"route\":\"changes\""))
    g_usleep (20 * 1000);

  g_assert_true (g_file_get_contents (log, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;

      if (*lines[i] == '\0')
        continue;
      node = json_from_string (lines[i], NULL);
      g_assert_nonnull (node);   /* every line is JSON now */
      object = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "route", ""),
                     "changes") == 0)
        {
          g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 200);
          g_assert_cmpstr (json_object_get_string_member (object, "chapter"), ==, f->chapter);
          g_assert_cmpint (json_object_get_int_member (object, "bytes"), >, 0);
          g_assert_true (json_object_has_member (object, "duration_ms"));
          /* Who asked: the client's address and the token's name (issue 16). */
          g_assert_cmpstr (json_object_get_string_member (object, "address"), ==, "127.0.0.1");
          g_assert_cmpstr (json_object_get_string_member (object, "token_name"), ==, "Aino");
          found = TRUE;
        }
    }
  g_assert_true (found);
  g_assert_false (file_contains (log, f->token));
  g_assert_false (file_contains (rotated, f->token));
  /* The text line says the same. */
  g_assert_true (file_contains (rotated, " 127.0.0.1 GET "));
  g_assert_true (file_contains (rotated, " token Aino"));
}

/* systemd passes the listening socket as descriptor 3. */
static void
test_socket_activation (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *expected = NULL;
  const char *argv[] = { "/bin/sh", "-c",
                         "LISTEN_PID=$$ LISTEN_FDS=1 exec \"$0\" serve --db \"$1\"",
                         ch_test_server_binary (), f->ts->db, NULL };
  guint status = 0;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, f->ts->log);
  g_subprocess_launcher_take_fd (launcher, dup (g_socket_get_fd (socket)), 3);
  f->ts->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  f->ts->url = ch_test_server_wait_listening (f->ts->process, f->ts->log);
  g_assert_cmpstr (f->ts->url, ==, expected);

  /* Our copy goes: only the server listens now. */
  g_socket_close (socket, NULL);
  answer = ch_test_server_request (f->ts, "GET", "/v1/health", NULL, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
}

/* /metrics: an admin token only; Prometheus text with the requests just
 * made, the database size and the device count. */
static void
test_metrics (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *push_path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter);
  g_autofree char *body = push_body ();
  g_autoptr(GBytes) pushed = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autoptr(GBytes) anonymous = NULL;
  g_autoptr(GBytes) metrics = NULL;
  g_autofree char *text = NULL;
  guint status = 0;

  ch_test_server_start (f->ts);
  pushed = ch_test_server_request (f->ts, "POST", push_path, f->token, body, -1, &status);
  g_assert_cmpuint (status, ==, 200);

  refused = ch_test_server_request (f->ts, "GET", "/metrics", f->token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 403);
  anonymous = ch_test_server_request (f->ts, "GET", "/metrics", NULL, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 401);

  metrics = ch_test_server_request (f->ts, "GET", "/metrics", f->admin, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  text = g_strndup (g_bytes_get_data (metrics, NULL), g_bytes_get_size (metrics));
  g_assert_nonnull (strstr (text, "# TYPE chapterhouse_http_requests_total counter\n"));
  g_assert_nonnull (strstr (text, "chapterhouse_http_requests_total{route=\"mutations\","
                                  "status=\"200\"} 1\n"));
  g_assert_nonnull (strstr (text, "chapterhouse_http_requests_total{route=\"metrics\","
                                  "status=\"403\"} 1\n"));
  g_assert_nonnull (strstr (text, "chapterhouse_http_request_duration_seconds_bucket"
                                  "{route=\"mutations\",le=\"+Inf\"} 1\n"));
  g_assert_nonnull (strstr (text, "\nchapterhouse_devices 1\n"));
  g_assert_nonnull (strstr (text, "\nchapterhouse_mutations_total{result=\"applied\"} 1\n"));
  g_assert_nonnull (strstr (text, "\nchapterhouse_mutations_total{result=\"conflict\"} 0\n"));
  g_assert_nonnull (strstr (text, "\nchapterhouse_chapters 1\n"));
  g_assert_nonnull (strstr (text, "\nchapterhouse_last_backup_age_seconds -1\n"));
  g_assert_nonnull (strstr (text, "\nchapterhouse_database_bytes "));
  g_assert_null (strstr (text, f->token));
}

/* `openssl s_client` against the server with only TLS version @version
 * (e.g. "-tls1_1"); TRUE if the handshake succeeded. @out (may be NULL)
 * gets what openssl printed. */
static gboolean
tls_handshake (const char  *url,
               const char  *version,
               char       **out)
{
  g_autofree char *connect = g_strdup (url + strlen ("https://"));
  g_autofree char *text = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* SECLEVEL=0: the client would offer old versions; the server decides. */
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                           "openssl", "s_client", "-connect", connect, version,
                           "-cipher", "DEFAULT@SECLEVEL=0", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, "", NULL, &text, NULL, &error);
  g_assert_no_error (error);
  ok = strstr (text, "Cipher is (NONE)") == NULL && strstr (text, ", Cipher is ") != NULL;
  if (out != NULL)
    *out = g_steal_pointer (&text);
  return ok;
}

static void
make_certificate (const char *openssl,
                  const char *cert,
                  const char *key,
                  const char *subject)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char *[]) { (char *) openssl, (char *) "req", (char *) "-x509",
                                   (char *) "-newkey", (char *) "rsa:2048", (char *) "-nodes",
                                   (char *) "-days", (char *) "2", (char *) "-subj",
                                   (char *) subject, (char *) "-keyout", (char *) key,
                                   (char *) "-out", (char *) cert, NULL },
                NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
}

/* Built-in TLS: 1.2 and 1.3 only; SIGHUP takes up a renewed certificate. */
static void
test_tls_versions (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *cert = g_build_filename (f->ts->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (f->ts->dir, "key.pem", NULL);
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  make_certificate (openssl, cert, key, "/CN=first.example");

  ch_test_server_start_with (f->ts, "--tls-cert", cert, "--tls-key", key, NULL);
  g_assert_true (g_str_has_prefix (f->ts->url, "https://"));

  g_assert_false (tls_handshake (f->ts->url, "-tls1", NULL));
  g_assert_false (tls_handshake (f->ts->url, "-tls1_1", NULL));
  g_assert_true (tls_handshake (f->ts->url, "-tls1_2", NULL));
  g_assert_true (tls_handshake (f->ts->url, "-tls1_3", &before));
  g_assert_nonnull (strstr (before, "first.example"));

  make_certificate (openssl, cert, key, "/CN=renewed.example");
  g_subprocess_send_signal (f->ts->process, SIGHUP);
  while (!file_contains (f->ts->log, "Configuration reloaded"))
    g_usleep (20 * 1000);
  g_assert_true (tls_handshake (f->ts->url, "-tls1_3", &after));
  g_assert_nonnull (strstr (after, "renewed.example"));
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

  ADD ("/server/lifecycle/sigterm-drains", test_sigterm_drains);
  ADD ("/server/lifecycle/sighup-reloads", test_sighup_reloads);
  ADD ("/server/lifecycle/socket-activation", test_socket_activation);
  ADD ("/server/lifecycle/metrics", test_metrics);
  ADD ("/server/lifecycle/tls-versions", test_tls_versions);

  return g_test_run ();
}
