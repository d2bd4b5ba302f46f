/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-service"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <utime.h>

#include "ch-test-server.h"

/*
 * The systemd unit as shipped: its ExecStart= command line, run with the
 * shipped configuration file (pointed at a temporary database and a free
 * port), tells $NOTIFY_SOCKET it is ready and serves.
 */

/* ExecStart= of the built unit (env CH_SERVER_UNIT), split. */
static char **
unit_command_line (void)
{
  const char *unit = g_getenv ("CH_SERVER_UNIT");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  char **argv = NULL;

  g_assert_nonnull (unit);
  g_assert_true (g_file_get_contents (unit, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "ExecStart="))
      {
        g_shell_parse_argv (lines[i] + strlen ("ExecStart="), NULL, &argv, &error);
        g_assert_no_error (error);
      }
  g_assert_nonnull (argv);
  return argv;
}

static void
test_unit_command_line (void)
{
  g_autoptr(ChTestServer) ts = ch_test_server_new ();
  g_auto(GStrv) argv = unit_command_line ();
  g_autofree char *conf_text = NULL;
  g_autofree char *conf = g_build_filename (ts->dir, "server.conf", NULL);
  g_autofree char *notify = g_build_filename (ts->dir, "notify", NULL);
  g_autofree char *chapter = NULL;
  g_autofree char *line = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  struct pollfd pfd;
  char ready[64] = { 0 };
  guint status;
  int fd;

  chapter = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Spain", NULL);

  /* The shipped configuration, on a free port. */
  g_assert_true (g_file_get_contents (g_getenv ("CH_SERVER_CONF"), &conf_text, NULL, NULL));
  g_assert_nonnull (strstr (conf_text, "\nport=8080\n"));
  edited = g_string_new (conf_text);
  g_string_replace (edited, "\nport=8080\n", "\nport=0\n", 1);
  g_assert_true (g_file_set_contents (conf, edited->str, -1, NULL));

  /* The unit's command line, with this build's binary, the test's
   * configuration file and database. */
  g_assert_true (g_str_has_suffix (argv[0], "/chapterhouse-server"));
  g_free (argv[0]);
  argv[0] = g_strdup (ch_test_server_binary ());
  for (guint i = 1; argv[i] != NULL; i++)
    {
      if (g_str_has_suffix (argv[i], "/chapterhouse/server.conf"))
        {
          g_free (argv[i]);
          argv[i] = g_strdup (conf);
        }
      else if (strcmp (argv[i], "/var/lib/chapterhouse-server/server.db") == 0)
        {
          g_free (argv[i]);
          argv[i] = g_strdup (ts->db);
        }
    }

  /* Where systemd would listen for READY=1. */
  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_strlcpy (addr.sun_path, notify, sizeof addr.sun_path);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, ts->log);
  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", notify, TRUE);
  ts->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (ts->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "listening on http://127.0.0.1:"))
    {
      g_file_get_contents (ts->log, &log, NULL, NULL);
      g_error ("the unit's command line did not start: %s / %s", line, log);
    }
  ts->url = g_strdup (line + strlen ("listening on "));

  /* READY=1 arrives (the client gives up after 30 s). */
  pfd.fd = fd;
  pfd.events = POLLIN;
  g_assert_cmpint (poll (&pfd, 1, 30000), ==, 1);
  g_assert_cmpint (recv (fd, ready, sizeof ready - 1, 0), >, 0);
  g_assert_cmpstr (ready, ==, "READY=1");
  close (fd);

  node = ch_test_server_request_json (ts, "GET", "/v1/health", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  /* Loopback, as configured: no warning about plain HTTP. */
  g_assert_true (g_file_get_contents (ts->log, &log, NULL, NULL));
  g_assert_null (strstr (log, "WARNING"));

  ch_test_server_finish (g_steal_pointer (&ts));
}

/* Plain HTTP on a network address is said loudly. */
static void
test_plain_http_warning (void)
{
  g_autoptr(ChTestServer) ts = ch_test_server_new ();
  g_autofree char *log = NULL;
  g_autofree char *chapter = NULL;

  chapter = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Italy", NULL);
  ch_test_server_start_with (ts, "--listen", "0.0.0.0", NULL);
  ch_test_server_stop (ts);

  g_assert_true (g_file_get_contents (ts->log, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "WARNING: serving plain HTTP on a network address"));

  ch_test_server_free (g_steal_pointer (&ts));
}

/* Key @key= of the built backup unit (env CH_SERVER_BACKUP_UNIT), as
 * systemd runs it: "%%" is "%", the state directory is @dir and the
 * server is this build's. */
static char *
backup_unit_line (const char *key,
                  const char *dir)
{
  const char *unit = g_getenv ("CH_SERVER_BACKUP_UNIT");
  g_autofree char *text = NULL;
  g_autofree char *prefix = g_strconcat (key, "=", NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (unit);
  g_assert_true (g_file_get_contents (unit, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        g_autoptr(GString) line = g_string_new (lines[i] + strlen (prefix));
        const char *end, *start;

        g_string_replace (line, "%%", "%", 0);
        g_string_replace (line, "/var/lib/chapterhouse-server", dir, 0);
        /* The installed binary (a word ending in /chapterhouse-server): this
         * build's instead. */
        if ((end = strstr (line->str, "/chapterhouse-server ")) != NULL)
          {
            g_autofree char *installed = NULL;

            start = end;
            while (start > line->str && start[-1] != ' ' && start[-1] != '\'')
              start--;
            installed = g_strndup (start, end - start + strlen ("/chapterhouse-server"));
            g_string_replace (line, installed, ch_test_server_binary (), 1);
          }
        return g_string_free (g_steal_pointer (&line), FALSE);
      }

  g_error ("no %s in %s", key, unit);
}

static void
run_sh (const char *command)
{
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { "/bin/sh", "-c", command, NULL };

  g_test_message ("%s", command);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The daily backup unit as shipped: its ExecStart= writes a consistent
 * copy into backups/ (one "restore" accepts), and its ExecStartPost=
 * removes copies older than 14 days and keeps the newer ones. */
static void
test_backup_unit (void)
{
  g_autoptr(ChTestServer) ts = ch_test_server_new ();
  g_autofree char *backups = g_build_filename (ts->dir, "backups", NULL);
  g_autofree char *old = g_build_filename (backups, "server-20260101T000000Z.db", NULL);
  g_autofree char *start = backup_unit_line ("ExecStart", ts->dir);
  g_autofree char *post = backup_unit_line ("ExecStartPost", ts->dir);
  g_autofree char *chapter = NULL;
  g_autofree char *made = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  chapter = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Backups", NULL);
  g_assert_cmpint (g_mkdir (backups, 0700), ==, 0);
  g_assert_true (g_file_set_contents (old, "old", -1, NULL));
  g_assert_cmpint (g_utime (old, &(struct utimbuf) { 0, g_get_real_time () / G_USEC_PER_SEC -
                                                      20 * 24 * 3600 }), ==, 0);

  run_sh (start);
  run_sh (post);

  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  dir = g_dir_open (backups, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "server-") && g_str_has_suffix (name, "Z.db"))
      {
        g_free (made);
        made = g_build_filename (backups, name, NULL);
        n++;
      }
  g_assert_cmpuint (n, ==, 1);

  /* A backup "restore" takes: the chapter added after it is gone. */
  g_free (chapter);
  chapter = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Later", NULL);
  out = ch_test_server_admin_ok (ts, "restore", "--from", made, NULL);
  g_free (out);
  out = ch_test_server_admin_ok (ts, "chapter", "list", NULL);
  g_assert_nonnull (strstr (out, "IAMCP Backups"));
  g_assert_null (strstr (out, "IAMCP Later"));
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/service/unit-command-line", test_unit_command_line);
  g_test_add_func ("/server/service/plain-http-warning", test_plain_http_warning);
  g_test_add_func ("/server/service/backup-unit", test_backup_unit);

  return g_test_run ();
}
