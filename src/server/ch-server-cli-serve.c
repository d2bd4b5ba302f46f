/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-cli"

#include "config.h"

#include <errno.h>
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
#include "ch-server-store-sqlite.h"
#include "ch-util.h"

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

static gboolean
on_unix_signal_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

int
ch_server_cli_serve (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *db = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(ChServer) server = NULL;
  g_autoptr(GTlsCertificate) tls = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  int port = 8080;
  int read_timeout = CH_SERVER_DEFAULT_READ_TIMEOUT;
  int max_connections = CH_SERVER_DEFAULT_MAX_CONNECTIONS;
  int max_per_peer = CH_SERVER_DEFAULT_MAX_PER_PEER;
  int db_timeout = 3;
  g_autofree char *log_format = NULL;
  ChServerLogFormat format = CH_SERVER_LOG_TEXT;
  int status = EXIT_SUCCESS;
  guint sigterm_id, sigint_id;
  const char *config_path = find_config_arg (argc, argv);
  g_autofree char *config_arg = NULL;
  GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_arg,
      N_("Key file with the options below in a [server] group "
         "(e.g. /etc/chapterhouse/server.conf); options given here win"), N_("FILE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database (made if missing)"), N_("PATH") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      N_("IP address to listen on (default 127.0.0.1)"), N_("ADDR") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("TCP port (default 8080; 0 picks a free one)"), N_("N") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert,
      N_("PEM certificate: serve HTTPS"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key,
      N_("PEM private key of the certificate"), N_("FILE") },
    { "read-timeout", 0, 0, G_OPTION_ARG_INT, &read_timeout,
      N_("Close connections that have not sent a whole request after this many seconds "
         "(default 60)"), N_("SECONDS") },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections,
      N_("Answer 503 past this many open connections (default 512)"), N_("N") },
    { "max-connections-per-peer", 0, 0, G_OPTION_ARG_INT, &max_per_peer,
      N_("Answer 503 past this many open connections from one IP address (default 128)"),
      N_("N") },
    { "db-timeout", 0, 0, G_OPTION_ARG_INT, &db_timeout,
      N_("Answer 503 “busy” when another process has held the database lock this many "
         "seconds (default 3)"), N_("SECONDS") },
    { "log-format", 0, 0, G_OPTION_ARG_STRING, &log_format,
      N_("“text” (default) or “json”: one JSON object per line"), N_("FORMAT") },
    { NULL }
  };

  if (config_path != NULL)
    {
      g_autoptr(GKeyFile) file = g_key_file_new ();

      if (!g_key_file_load_from_file (file, config_path, G_KEY_FILE_NONE, &error) ||
          !config_string (file, "db", &db, &error) ||
          !config_string (file, "listen", &listen, &error) ||
          !config_int (file, "port", &port, &error) ||
          !config_string (file, "tls-cert", &cert, &error) ||
          !config_string (file, "tls-key", &key, &error) ||
          !config_int (file, "read-timeout", &read_timeout, &error) ||
          !config_int (file, "max-connections", &max_connections, &error) ||
          !config_int (file, "max-connections-per-peer", &max_per_peer, &error) ||
          !config_int (file, "db-timeout", &db_timeout, &error) ||
          !config_string (file, "log-format", &log_format, &error))
        {
          g_autofree char *message =
            g_strdup_printf (_("Could not read the configuration file %s: %s"),
                             config_path, error->message);

          return ch_server_cli_fail (message);
        }
    }

  if (!ch_server_cli_parse_options (context,
                                    _("Serve the sync API for all chapters in the database."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return ch_server_cli_usage_error (context, _("Unexpected arguments"));
  if (port < 0 || port > 65535)
    return ch_server_cli_usage_error (context, _("--port must be between 0 and 65535"));
  if ((cert == NULL) != (key == NULL))
    return ch_server_cli_usage_error (context, _("--tls-cert and --tls-key go together"));
  if (read_timeout < 1 || read_timeout > 3600)
    return ch_server_cli_usage_error (context,
                                      _("--read-timeout must be between 1 and 3600 seconds"));
  if (max_connections < 1 || max_per_peer < 1)
    return ch_server_cli_usage_error (context, _("Connection limits must be 1 or more"));
  if (log_format != NULL && !ch_server_log_parse_format (log_format, &format))
    return ch_server_cli_usage_error (context, _("--log-format must be “text” or “json”"));
  if (db_timeout < 0 || db_timeout > 600)
    return ch_server_cli_usage_error (context,
                                      _("--db-timeout must be between 0 and 600 seconds"));

  if (cert != NULL)
    {
      tls = g_tls_certificate_new_from_files (cert, key, &error);
      if (tls == NULL)
        return ch_server_cli_fail (error->message);
    }

  ch_server_log_set_format (format);

  /* Refuse to serve (and write into) an empty or damaged file. */
  if (!ch_server_store_sqlite_check_file (db, FALSE, &error))
    return ch_server_cli_fail (error->message);

  if (!(store = ch_server_cli_open_store (db, TRUE, &status)))
    return status;

  /* A database file copied back without "restore" gets a new epoch here. */
  if (!ch_server_store_sqlite_check_epoch (store, NULL, &error))
    return ch_server_cli_fail (error->message);

  /* Fail fast: a request that waits long for another process's lock
   * gets 503 busy with Retry-After, and the ones queued behind it wait
   * no longer than that. */
  ch_server_store_sqlite_set_busy_timeout (store, (guint) db_timeout * 1000);

  server = ch_server_new (store);
  ch_server_set_limits (server, (guint) read_timeout, (guint) max_connections,
                        (guint) max_per_peer);
  if (!ch_server_listen (server, listen ? listen : "127.0.0.1", (guint) port, tls, &uri, &error))
    return ch_server_cli_fail (error->message);

  /* Handlers first: whoever reads the line below may stop us at once. */
  loop = g_main_loop_new (NULL, FALSE);
  sigterm_id = g_unix_signal_add (SIGTERM, on_unix_signal_cb, loop);
  sigint_id = g_unix_signal_add (SIGINT, on_unix_signal_cb, loop);

  /* Tests and scripts read this line to learn the port. */
  printf ("listening on %s\n", uri);
  fflush (stdout);

  if (tls == NULL && !is_loopback (listen ? listen : "127.0.0.1"))
    g_printerr ("%s: %s\n", g_get_prgname (),
                _("WARNING: serving plain HTTP on a network address. Tokens and members' "
                  "personal data cross the network unencrypted. Put a TLS reverse proxy in "
                  "front (docs/operations.md) and listen on 127.0.0.1, or use --tls-cert."));

  notify_ready ();

  g_main_loop_run (loop);

  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  ch_server_stop (server);
  g_clear_object (&server);
  g_clear_object (&store);   /* closes the database */

  g_printerr ("%s: %s\n", g_get_prgname (), _("stopped"));
  return EXIT_SUCCESS;
}
