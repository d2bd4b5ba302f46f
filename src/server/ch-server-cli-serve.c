/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <stddef.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ch-country.h"
#include "ch-entity.h"
#include "ch-protocol.h"
#include "ch-server.h"
#include "ch-server-apply.h"
#include "ch-server-backup.h"
#include "ch-server-cli.h"
#include "ch-server-cli-private.h"
#include "ch-server-log.h"
#include "ch-server-worker.h"
#include "ch-server-store-sqlite.h"

/* serve */

/* Tells systemd (Type=notify) that the server is ready: one datagram
 * "READY=1" to $NOTIFY_SOCKET, without libsystemd. */
static void
notify_ready (void)
{
  const char *path = g_getenv ("NOTIFY_SOCKET");
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  static const char ready[] = "READY=1";
  gsize len;
  int fd;

  if (path == NULL || (path[0] != '/' && path[0] != '@'))
    return;
  len = strlen (path);
  if (len >= sizeof addr.sun_path)
    return;
  memcpy (addr.sun_path, path, len);
  if (path[0] == '@')
    addr.sun_path[0] = '\0';   /* an abstract socket */

  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return;
  if (sendto (fd, ready, sizeof ready - 1, MSG_NOSIGNAL, (struct sockaddr *) &addr,
              (socklen_t) (offsetof (struct sockaddr_un, sun_path) + len)) < 0)
    g_printerr ("%s: %s\n", g_get_prgname (), g_strerror (errno));
  close (fd);
}

/* The value of --config in @argv, if any (read before the other options,
 * so that the command line wins over the file). */
static const char *
find_config_arg (int    argc,
                 char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--config") == 0 && i + 1 < argc)
        return argv[i + 1];
      if (g_str_has_prefix (argv[i], "--config="))
        return argv[i] + strlen ("--config=");
    }
  return NULL;
}

static gboolean
config_string (GKeyFile    *file,
               const char  *key,
               char       **value,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text = g_key_file_get_string (file, "server", key, &local_error);

  if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    return TRUE;
  if (text == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_free (*value);
  *value = text;
  return TRUE;
}

static gboolean
config_int (GKeyFile    *file,
            const char  *key,
            int         *value,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  int v = g_key_file_get_integer (file, "server", key, &local_error);

  if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    return TRUE;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *value = v;
  return TRUE;
}

static gboolean
is_loopback (const char *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

/* The settings of "serve": the configuration file, then the command line
 * (which wins). Read again on SIGHUP. */
typedef struct
{
  char *db;
  char *listen;
  char *cert;
  char *key;
  char *log_format;
  char *log_file;
  int   port;
  int   read_timeout;
  int   max_connections;
  int   max_per_peer;
  int   db_timeout;
  int   drain_timeout;
  int   max_queue;
  ChServerLogFormat format;
} Settings;

static void
settings_clear (Settings *s)
{
  g_free (s->db);
  g_free (s->listen);
  g_free (s->cert);
  g_free (s->key);
  g_free (s->log_format);
  g_free (s->log_file);
  memset (s, 0, sizeof *s);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

/* Reads @config_path (may be NULL) and @argv into @s. On error returns
 * FALSE with *@status the exit status (the message is printed). */
static gboolean
settings_load (Settings    *s,
               const char  *config_path,
               int          argc,
               char       **argv,
               int         *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *config_arg = NULL;
  /* The parser takes the options it reads out of the array it is given
   * without freeing them (only g_option_context_parse_strv() frees), so it
   * gets a second array of the same strings and @owned frees them all. */
  g_auto(GStrv) owned = g_strdupv (argv);
  g_autofree char **args = g_memdup2 (owned, (g_strv_length (owned) + 1) * sizeof (char *));
  char **args_p = args;
  GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_arg,
      N_("Key file with the options below in a [server] group "
         "(e.g. /etc/chapterhouse/server.conf); options given here win. "
         "SIGHUP reads it again"), N_("FILE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &s->db, N_("Server database (made if missing)"),
      N_("PATH") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &s->listen,
      N_("IP address to listen on (default 127.0.0.1)"), N_("ADDR") },
    { "port", 0, 0, G_OPTION_ARG_INT, &s->port,
      N_("TCP port (default 8080; 0 picks a free one)"), N_("N") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &s->cert,
      N_("PEM certificate: serve HTTPS (TLS 1.2 or later)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &s->key,
      N_("PEM private key of the certificate"), N_("FILE") },
    { "read-timeout", 0, 0, G_OPTION_ARG_INT, &s->read_timeout,
      N_("Close connections that have not sent a whole request after this many seconds "
         "(default 60)"), N_("SECONDS") },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &s->max_connections,
      N_("Answer 503 past this many open connections (default 512)"), N_("N") },
    { "max-connections-per-peer", 0, 0, G_OPTION_ARG_INT, &s->max_per_peer,
      N_("Answer 503 past this many open connections from one IP address (default 128)"),
      N_("N") },
    { "db-timeout", 0, 0, G_OPTION_ARG_INT, &s->db_timeout,
      N_("Answer 503 “busy” when another process has held the database lock this many "
         "seconds (default 3)"), N_("SECONDS") },
    { "max-queue", 0, 0, G_OPTION_ARG_INT, &s->max_queue,
      N_("Answer 503 “busy” past this many requests waiting for the database "
         "(default 256)"), N_("N") },
    { "drain-timeout", 0, 0, G_OPTION_ARG_INT, &s->drain_timeout,
      N_("On SIGTERM, wait this many seconds for open requests before stopping "
         "(default 30)"), N_("SECONDS") },
    { "log-format", 0, 0, G_OPTION_ARG_STRING, &s->log_format,
      N_("“text” (default) or “json”: one JSON object per line"), N_("FORMAT") },
    { "log-file", 0, 0, G_OPTION_ARG_FILENAME, &s->log_file,
      N_("Append the log to this file instead of stderr; SIGHUP reopens it"), N_("FILE") },
    { NULL }
  };

  s->port = 8080;
  s->read_timeout = CH_SERVER_DEFAULT_READ_TIMEOUT;
  s->max_connections = CH_SERVER_DEFAULT_MAX_CONNECTIONS;
  s->max_per_peer = CH_SERVER_DEFAULT_MAX_PER_PEER;
  s->db_timeout = 3;
  s->drain_timeout = 30;
  s->max_queue = CH_SERVER_WORKER_DEFAULT_MAX_QUEUE;

  if (config_path != NULL)
    {
      g_autoptr(GKeyFile) file = g_key_file_new ();

      if (!g_key_file_load_from_file (file, config_path, G_KEY_FILE_NONE, &error) ||
          !config_string (file, "db", &s->db, &error) ||
          !config_string (file, "listen", &s->listen, &error) ||
          !config_int (file, "port", &s->port, &error) ||
          !config_string (file, "tls-cert", &s->cert, &error) ||
          !config_string (file, "tls-key", &s->key, &error) ||
          !config_int (file, "read-timeout", &s->read_timeout, &error) ||
          !config_int (file, "max-connections", &s->max_connections, &error) ||
          !config_int (file, "max-connections-per-peer", &s->max_per_peer, &error) ||
          !config_int (file, "db-timeout", &s->db_timeout, &error) ||
          !config_int (file, "drain-timeout", &s->drain_timeout, &error) ||
          !config_int (file, "max-queue", &s->max_queue, &error) ||
          !config_string (file, "log-format", &s->log_format, &error) ||
          !config_string (file, "log-file", &s->log_file, &error))
        {
          g_autofree char *message =
            g_strdup_printf (_("Could not read the configuration file %s: %s"),
                             config_path, error->message);

          *status = ch_server_cli_fail (message);
          return FALSE;
        }
    }

  if (!ch_server_cli_parse_options (context,
                                    _("Serve the sync API for all chapters in the database."),
                                    entries, &s->db, &argc, &args_p, status))
    return FALSE;

#define USAGE(message) \
  G_STMT_START { *status = ch_server_cli_usage_error (context, message); return FALSE; } G_STMT_END

  if (argc > 1)
    USAGE (_("Unexpected arguments"));
  if (s->port < 0 || s->port > 65535)
    USAGE (_("--port must be between 0 and 65535"));
  if ((s->cert == NULL) != (s->key == NULL))
    USAGE (_("--tls-cert and --tls-key go together"));
  if (s->read_timeout < 1 || s->read_timeout > 3600)
    USAGE (_("--read-timeout must be between 1 and 3600 seconds"));
  if (s->max_connections < 1 || s->max_per_peer < 1 || s->max_queue < 1)
    USAGE (_("Connection and queue limits must be 1 or more"));
  if (s->log_format != NULL && !ch_server_log_parse_format (s->log_format, &s->format))
    USAGE (_("--log-format must be “text” or “json”"));
  if (s->db_timeout < 0 || s->db_timeout > 600)
    USAGE (_("--db-timeout must be between 0 and 600 seconds"));
  if (s->drain_timeout < 0 || s->drain_timeout > 3600)
    USAGE (_("--drain-timeout must be between 0 and 3600 seconds"));

#undef USAGE

  return TRUE;
}

/* Points stderr (the log) at @path, appending; again on SIGHUP, so that
 * logrotate can move the file away. */
static gboolean
open_log_file (const char  *path,
               GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0 || dup2 (fd, STDERR_FILENO) < 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open the log file %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* The listening socket systemd passed (LISTEN_FDS, socket activation),
 * or -1. */
static int
activation_fd (void)
{
  const char *pid = g_getenv ("LISTEN_PID");
  const char *fds = g_getenv ("LISTEN_FDS");
  guint64 p, n;

  if (pid == NULL || fds == NULL ||
      !g_ascii_string_to_unsigned (pid, 10, 1, G_MAXINT, &p, NULL) || (pid_t) p != getpid () ||
      !g_ascii_string_to_unsigned (fds, 10, 1, 64, &n, NULL))
    return -1;

  /* Not for the processes we might start. */
  g_unsetenv ("LISTEN_PID");
  g_unsetenv ("LISTEN_FDS");
  g_unsetenv ("LISTEN_FDNAMES");
  if (n > 1)
    g_printerr ("%s: %s\n", g_get_prgname (),
                _("systemd passed more than one socket; serving on the first"));
  return 3;   /* SD_LISTEN_FDS_START */
}

typedef struct
{
  GMainLoop   *loop;
  ChServer    *server;
  ChServerStore *store;
  Settings     settings;
  const char  *config_path;
  int          argc;
  char       **argv;
  gint64       drain_deadline;
  guint        drain_id;
} Serve;

static gboolean
on_drain_tick_cb (gpointer user_data)
{
  Serve *serve = user_data;

  if (ch_server_get_n_busy (serve->server) == 0)
    {
      serve->drain_id = 0;
      g_main_loop_quit (serve->loop);
      return G_SOURCE_REMOVE;
    }

  if (g_get_monotonic_time () >= serve->drain_deadline)
    {
      g_warning ("Stopping with %u requests unanswered after %d s",
                 ch_server_get_n_busy (serve->server), serve->settings.drain_timeout);
      serve->drain_id = 0;
      g_main_loop_quit (serve->loop);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* SIGTERM, SIGINT: stop accepting, let what is open finish (up to the
 * drain timeout), then stop. A second signal stops at once. */
static gboolean
on_stop_signal_cb (gpointer user_data)
{
  Serve *serve = user_data;

  if (serve->drain_id != 0)
    {
      g_main_loop_quit (serve->loop);
      return G_SOURCE_CONTINUE;
    }

  ch_server_drain (serve->server);
  g_message ("Stopping: no new connections; waiting up to %d s for %u requests under way",
             serve->settings.drain_timeout, ch_server_get_n_busy (serve->server));
  serve->drain_deadline = g_get_monotonic_time () +
                          (gint64) serve->settings.drain_timeout * G_USEC_PER_SEC;
  serve->drain_id = g_timeout_add (50, on_drain_tick_cb, serve);
  on_drain_tick_cb (serve);
  return G_SOURCE_CONTINUE;
}

/* SIGHUP: the configuration file again, the certificate, the log file. */
static gboolean
on_reload_signal_cb (gpointer user_data)
{
  Serve *serve = user_data;
  g_auto(Settings) fresh = { 0 };
  g_autoptr(GTlsCertificate) tls = NULL;
  g_autoptr(GError) error = NULL;
  Settings *old = &serve->settings;
  int status;

  if (!settings_load (&fresh, serve->config_path, serve->argc, serve->argv, &status))
    {
      g_warning ("Not reloaded: the configuration has errors (see above); the server goes on "
                 "with the settings it had");
      return G_SOURCE_CONTINUE;
    }

  if (fresh.log_file != NULL && !open_log_file (fresh.log_file, &error))
    {
      g_warning ("%s", error->message);
      g_clear_error (&error);
    }

  if (fresh.cert != NULL)
    {
      tls = g_tls_certificate_new_from_files (fresh.cert, fresh.key, &error);
      if (tls == NULL || !ch_server_set_tls_certificate (serve->server, tls, &error))
        {
          g_warning ("Keeping the old certificate: %s", error->message);
          g_clear_error (&error);
        }
    }

  if (g_strcmp0 (fresh.db, old->db) != 0 || g_strcmp0 (fresh.listen, old->listen) != 0 ||
      fresh.port != old->port || (fresh.cert == NULL) != (old->cert == NULL) ||
      fresh.db_timeout != old->db_timeout || fresh.max_queue != old->max_queue)
    g_warning ("db, listen, port, db-timeout, max-queue and switching TLS on or off take "
               "effect at the next start");

  ch_server_set_limits (serve->server, (guint) fresh.read_timeout,
                        (guint) fresh.max_connections, (guint) fresh.max_per_peer);
  ch_server_log_set_format (fresh.format);

  /* Keep what needs a restart as it is running. */
  g_free (fresh.db);
  fresh.db = g_strdup (old->db);
  g_free (fresh.listen);
  fresh.listen = g_strdup (old->listen);
  fresh.port = old->port;
  fresh.db_timeout = old->db_timeout;
  fresh.max_queue = old->max_queue;
  settings_clear (old);
  *old = fresh;
  memset (&fresh, 0, sizeof fresh);

  g_message ("Configuration reloaded");
  return G_SOURCE_CONTINUE;
}

int
ch_server_cli_serve (int    argc,
                     char **argv)
{
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(ChServer) server = NULL;
  g_autoptr(GTlsCertificate) tls = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Serve serve = { 0 };
  int status = EXIT_SUCCESS;
  guint sigterm_id, sigint_id, sighup_id;
  int fd;

  serve.config_path = find_config_arg (argc, argv);
  serve.argc = argc;
  serve.argv = argv;
  if (!settings_load (&serve.settings, serve.config_path, argc, argv, &status))
    {
      settings_clear (&serve.settings);
      return status;
    }

  ch_server_log_set_format (serve.settings.format);
  if (serve.settings.log_file != NULL && !open_log_file (serve.settings.log_file, &error))
    status = ch_server_cli_fail (error->message);

  /* TLS 1.2 or later (glib-networking reads this when TLS is first used);
   * an operator's own G_TLS_GNUTLS_PRIORITY wins. */
  g_setenv ("G_TLS_GNUTLS_PRIORITY", "NORMAL:%COMPAT:-VERS-SSL3.0:-VERS-TLS1.0:-VERS-TLS1.1",
            FALSE);

  if (status == EXIT_SUCCESS && serve.settings.cert != NULL)
    {
      tls = g_tls_certificate_new_from_files (serve.settings.cert, serve.settings.key, &error);
      if (tls == NULL)
        status = ch_server_cli_fail (error->message);
    }

  /* Refuse to serve (and write into) an empty or damaged file. */
  if (status == EXIT_SUCCESS &&
      !ch_server_store_sqlite_check_file (serve.settings.db, FALSE, &error))
    status = ch_server_cli_fail (error->message);

  if (status == EXIT_SUCCESS)
    store = ch_server_cli_open_store (serve.settings.db, TRUE, &status);

  /* A database file copied back without "restore" gets a new epoch here. */
  if (status == EXIT_SUCCESS && !ch_server_store_sqlite_check_epoch (store, NULL, &error))
    status = ch_server_cli_fail (error->message);

  if (status != EXIT_SUCCESS)
    {
      settings_clear (&serve.settings);
      return status;
    }

  /* Fail fast: a request that waits long for another process's lock
   * gets 503 busy with Retry-After, and the ones queued behind it wait
   * no longer than that. */
  ch_server_store_sqlite_set_busy_timeout (store, (guint) serve.settings.db_timeout * 1000);

  server = ch_server_new (store);
  ch_server_set_limits (server, (guint) serve.settings.read_timeout,
                        (guint) serve.settings.max_connections,
                        (guint) serve.settings.max_per_peer);
  ch_server_set_max_queue (server, (guint) serve.settings.max_queue);

  fd = activation_fd ();
  if (fd >= 0 ? !ch_server_listen_fd (server, fd, tls, &uri, &error)
              : !ch_server_listen (server,
                                   serve.settings.listen ? serve.settings.listen : "127.0.0.1",
                                   (guint) serve.settings.port, tls, &uri, &error))
    {
      settings_clear (&serve.settings);
      return ch_server_cli_fail (error->message);
    }

  /* Handlers first: whoever reads the line below may stop us at once. */
  loop = g_main_loop_new (NULL, FALSE);
  serve.loop = loop;
  serve.server = server;
  sigterm_id = g_unix_signal_add (SIGTERM, on_stop_signal_cb, &serve);
  sigint_id = g_unix_signal_add (SIGINT, on_stop_signal_cb, &serve);
  sighup_id = g_unix_signal_add (SIGHUP, on_reload_signal_cb, &serve);

  /* Tests and scripts read this line to learn the port. */
  printf ("listening on %s\n", uri);
  fflush (stdout);

  if (tls == NULL && fd < 0 &&
      !is_loopback (serve.settings.listen ? serve.settings.listen : "127.0.0.1"))
    g_printerr ("%s: %s\n", g_get_prgname (),
                _("WARNING: serving plain HTTP on a network address. Tokens and members' "
                  "personal data cross the network unencrypted. Put a TLS reverse proxy in "
                  "front (docs/operations.md) and listen on 127.0.0.1, or use --tls-cert."));

  notify_ready ();

  g_main_loop_run (loop);

  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  g_source_remove (sighup_id);
  g_clear_handle_id (&serve.drain_id, g_source_remove);
  ch_server_stop (server);
  g_clear_object (&server);
  g_clear_object (&store);   /* closes the database */
  settings_clear (&serve.settings);

  g_printerr ("%s: %s\n", g_get_prgname (), _("stopped"));
  return EXIT_SUCCESS;
}
