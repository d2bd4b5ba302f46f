/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-test-server"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "ch-test-server.h"

static char *server_binary;

void
ch_test_server_init_args (int    *argc,
                          char ***argv)
{
  for (int i = 1; i < *argc; i++)
    {
      g_autofree char *base = g_path_get_basename ((*argv)[i]);

      if (strcmp (base, "chapterhouse-server") == 0)
        {
          server_binary = g_strdup ((*argv)[i]);
          for (int j = i; j < *argc; j++)
            (*argv)[j] = (*argv)[j + 1];
          (*argc)--;
          return;
        }
    }

  if (g_getenv ("CH_SERVER_BINARY") != NULL)
    server_binary = g_strdup (g_getenv ("CH_SERVER_BINARY"));
}

const char *
ch_test_server_binary (void)
{
  g_assert_nonnull (server_binary);
  return server_binary;
}

ChTestServer *
ch_test_server_new (void)
{
  ChTestServer *ts = g_new0 (ChTestServer, 1);
  g_autoptr(GError) error = NULL;

  ts->dir = g_dir_make_tmp ("chapterhouse-server-test-XXXXXX", &error);
  g_assert_no_error (error);
  ts->db = g_build_filename (ts->dir, "server.db", NULL);
  ts->log = g_build_filename (ts->dir, "server.log", NULL);
  ts->session = soup_session_new_with_options ("timeout", 20, NULL);

  return ts;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

void
ch_test_server_free (ChTestServer *ts)
{
  if (ts == NULL)
    return;

  if (ts->process != NULL)
    ch_test_server_kill (ts);

  g_clear_object (&ts->session);
  remove_dir (ts->dir);
  g_free (ts->dir);
  g_free (ts->db);
  g_free (ts->log);
  g_free (ts->url);
  g_free (ts);
}

static GPtrArray *
collect_args (ChTestServer *ts,
              va_list       args)
{
  GPtrArray *argv = g_ptr_array_new ();
  const char *arg;
  gboolean after_command = FALSE;

  g_ptr_array_add (argv, (char *) ch_test_server_binary ());
  while ((arg = va_arg (args, const char *)) != NULL)
    {
      if (strcmp (arg, "--no-db") == 0)
        {
          after_command = TRUE;
          continue;
        }

      g_ptr_array_add (argv, (char *) arg);
      /* --db goes right after "chapter add", "token list", "compact", ... */
      if (!after_command && (strcmp (arg, "add") == 0 || strcmp (arg, "list") == 0 ||
                             strcmp (arg, "create") == 0 || strcmp (arg, "revoke") == 0 ||
                             strcmp (arg, "compact") == 0 || strcmp (arg, "backup") == 0 ||
                             strcmp (arg, "restore") == 0 || strcmp (arg, "check") == 0 ||
                             strcmp (arg, "stats") == 0 || strcmp (arg, "update") == 0 ||
                             strcmp (arg, "remove") == 0 || strcmp (arg, "rotate") == 0 ||
                             strcmp (arg, "forget") == 0))
        {
          g_ptr_array_add (argv, (char *) "--db");
          g_ptr_array_add (argv, ts->db);
          after_command = TRUE;
        }
    }
  g_ptr_array_add (argv, NULL);

  return argv;
}

static int
run_admin (ChTestServer  *ts,
           char         **out,
           char         **err,
           va_list        args)
{
  g_autoptr(GPtrArray) argv = collect_args (ts, args);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_buf = NULL;
  g_autofree char *stderr_buf = NULL;

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &stdout_buf, &stderr_buf, &error);
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_strstrip (g_steal_pointer (&stdout_buf));
  if (err != NULL)
    *err = g_strstrip (g_steal_pointer (&stderr_buf));

  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

int
ch_test_server_admin (ChTestServer  *ts,
                      char         **out,
                      char         **err,
                      ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = run_admin (ts, out, err, args);
  va_end (args);

  return status;
}

char *
ch_test_server_admin_ok (ChTestServer *ts,
                         ...)
{
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list args;
  int status;

  va_start (args, ts);
  status = run_admin (ts, &out, &err, args);
  va_end (args);

  if (status != 0)
    g_error ("admin command failed (%d): %s", status, err);

  return out;
}

ChTestServer *
ch_test_server_new_chapter (const char  *name,
                            char       **chapter,
                            char       **token)
{
  ChTestServer *ts = ch_test_server_new ();

  *chapter = ch_test_server_admin_ok (ts, "chapter", "add", "--name", name, NULL);
  *token = ch_test_server_admin_ok (ts, "token", "create", "--name", "Anna",
                                    "--chapter", *chapter, NULL);
  return ts;
}

void
ch_test_server_start (ChTestServer *ts)
{
  ch_test_server_start_with (ts, NULL, NULL);
}

char *
ch_test_server_wait_listening (GSubprocess *process,
                               const char  *log_path)
{
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || (!g_str_has_prefix (line, "listening on http://") &&
                       !g_str_has_prefix (line, "listening on https://")))
    {
      g_autofree char *log = NULL;

      g_file_get_contents (log_path, &log, NULL, NULL);
      g_error ("the server did not start: %s / %s", line, log);
    }

  return g_strdup (line + strlen ("listening on "));
}

void
ch_test_server_start_with (ChTestServer *ts,
                           const char   *first_arg,
                           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (ts->process);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, ts->log);
  g_ptr_array_add (argv, (char *) ch_test_server_binary ());
  g_ptr_array_add (argv, (char *) "serve");
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, ts->db);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  if (first_arg != NULL)
    {
      va_list args;

      va_start (args, first_arg);
      for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
        g_ptr_array_add (argv, (char *) arg);
      va_end (args);
    }
  g_ptr_array_add (argv, NULL);
  ts->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                              &error);
  g_assert_no_error (error);

  g_free (ts->url);
  ts->url = ch_test_server_wait_listening (ts->process, ts->log);
}

int
ch_test_server_stop (ChTestServer *ts)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (ts->process);

  g_subprocess_send_signal (ts->process, SIGTERM);
  g_subprocess_wait (ts->process, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (ts->process));
  status = g_subprocess_get_exit_status (ts->process);
  g_clear_object (&ts->process);
  g_clear_pointer (&ts->url, g_free);

  /* Connections to the old process are dead. */
  soup_session_abort (ts->session);

  return status;
}

void
ch_test_server_kill (ChTestServer *ts)
{
  g_assert_nonnull (ts->process);

  g_subprocess_force_exit (ts->process);
  g_subprocess_wait (ts->process, NULL, NULL);
  g_clear_object (&ts->process);
  g_clear_pointer (&ts->url, g_free);
  soup_session_abort (ts->session);
}

void
ch_test_server_finish (ChTestServer *ts)
{
  if (ts->process != NULL)
    g_assert_cmpint (ch_test_server_stop (ts), ==, 0);
  ch_test_server_free (ts);
}

GBytes *
ch_test_server_request (ChTestServer *ts,
                        const char   *method,
                        const char   *path,
                        const char   *token,
                        const char   *body,
                        gssize        body_len,
                        guint        *status)
{
  g_autofree char *uri = g_strconcat (ts->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  g_assert_nonnull (msg);

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg),
                                    "Authorization", value);
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) payload = g_bytes_new (body,
                                               body_len < 0 ? strlen (body) : (gsize) body_len);

      soup_message_set_request_body_from_bytes (msg, "application/json", payload);
    }

  bytes = soup_session_send_and_read (ts->session, msg, NULL, &error);
  g_assert_no_error (error);

  if (status != NULL)
    *status = soup_message_get_status (msg);

  return bytes;
}

JsonNode *
ch_test_server_request_json (ChTestServer *ts,
                             const char   *method,
                             const char   *path,
                             const char   *token,
                             const char   *body,
                             guint        *status)
{
  g_autoptr(GBytes) bytes = ch_test_server_request (ts, method, path, token, body, -1, status);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (!json_parser_load_from_data (parser, data, len, &error))
    g_error ("%s %s: answer is not JSON (%s): %.*s", method, path, error->message,
             (int) MIN (len, 200), data);

  return json_node_ref (json_parser_get_root (parser));
}

void
ch_test_assert_error (JsonNode   *node,
                      const char *code)
{
  JsonObject *err;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_true (json_object_has_member (json_node_get_object (node), "error"));
  err = json_object_get_object_member (json_node_get_object (node), "error");
  g_assert_nonnull (err);
  g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, code);
  g_assert_cmpuint (strlen (json_object_get_string_member (err, "message")), >, 0);
}
