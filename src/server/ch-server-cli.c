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
#include "ch-server-store-sqlite.h"
#include "ch-util.h"

#define EXIT_USAGE 2

/* Helpers */

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("%s: %s\n\n%s", g_get_prgname (), message, help);
  return EXIT_USAGE;
}

static int
fail (const char *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  return EXIT_FAILURE;
}

/* Sets @summary and parses @argv with @entries, one of which sets *@db
 * from --db, then checks that --db was given; on error prints it, sets
 * @status and returns FALSE. */
static gboolean
parse_options (GOptionContext  *context,
               const char      *summary,
               GOptionEntry    *entries,
               char           **db,
               int             *argc,
               char          ***argv,
               int             *status)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (context, error->message);
      return FALSE;
    }

  if (*db == NULL)
    {
      *status = usage_error (context, _("--db is required"));
      return FALSE;
    }

  return TRUE;
}

static ChServerStore *
open_store (const char  *db,
            gboolean     create,
            int         *status)
{
  g_autoptr(GError) error = NULL;
  ChServerStore *store = ch_server_store_sqlite_new (db, create, &error);

  if (store == NULL)
    *status = fail (error->message);

  return store;
}

/* For commands that take no arguments: checks there are none, then
 * opens the store. */
static ChServerStore *
open_store_no_args (GOptionContext *context,
                    int             argc,
                    const char     *db,
                    gboolean        create,
                    int            *status)
{
  if (argc > 1)
    {
      *status = usage_error (context, _("Unexpected arguments"));
      return NULL;
    }

  return open_store (db, create, status);
}

static void
set_ascii_case (char     **str,
                gboolean   upper)
{
  char *changed = upper ? g_ascii_strup (*str, -1) : g_ascii_strdown (*str, -1);

  g_free (*str);
  *str = changed;
}

/* 32 bytes from the kernel's random generator, url-safe base64 without
 * padding: 43 chars.  Without them no token is made: a guessable token is
 * worse than none. */
static char *
new_token (GError **error)
{
  guint8 bytes[32];
  gsize have = 0;
  g_autofree char *b64 = NULL;
  char *token;

  while (have < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + have, sizeof bytes - have, 0);
      int saved_errno = errno;

      if (n < 0 && saved_errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("The kernel gave no random bytes for the token (%s). No token was made."),
                       n < 0 ? g_strerror (saved_errno) : _("none left"));
          return NULL;
        }
      have += (gsize) n;
    }

  b64 = g_base64_encode (bytes, sizeof bytes);
  memset (bytes, 0, sizeof bytes);
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');

  token = g_strconcat ("chs_", b64, NULL);
  memset (b64, 0, strlen (b64));
  return token;
}

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

static int
cmd_serve (int    argc,
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
          !config_int (file, "max-connections-per-peer", &max_per_peer, &error))
        {
          g_autofree char *message =
            g_strdup_printf (_("Could not read the configuration file %s: %s"),
                             config_path, error->message);

          return fail (message);
        }
    }

  if (!parse_options (context,
                      _("Serve the sync API for all chapters in the database."),
                      entries, &db, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (context, _("Unexpected arguments"));
  if (port < 0 || port > 65535)
    return usage_error (context, _("--port must be between 0 and 65535"));
  if ((cert == NULL) != (key == NULL))
    return usage_error (context, _("--tls-cert and --tls-key go together"));
  if (read_timeout < 1 || read_timeout > 3600)
    return usage_error (context, _("--read-timeout must be between 1 and 3600 seconds"));
  if (max_connections < 1 || max_per_peer < 1)
    return usage_error (context, _("Connection limits must be 1 or more"));

  if (cert != NULL)
    {
      tls = g_tls_certificate_new_from_files (cert, key, &error);
      if (tls == NULL)
        return fail (error->message);
    }

  /* Refuse to serve (and write into) an empty or damaged file. */
  if (!ch_server_store_sqlite_check_file (db, FALSE, &error))
    return fail (error->message);

  if (!(store = open_store (db, TRUE, &status)))
    return status;

  /* A database file copied back without "restore" gets a new epoch here. */
  if (!ch_server_store_sqlite_check_epoch (store, NULL, &error))
    return fail (error->message);

  server = ch_server_new (store);
  ch_server_set_limits (server, (guint) read_timeout, (guint) max_connections,
                        (guint) max_per_peer);
  if (!ch_server_listen (server, listen ? listen : "127.0.0.1", (guint) port, tls, &uri, &error))
    return fail (error->message);

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

/* chapter */

static int
cmd_chapter_add (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *db = NULL;
  g_autofree char *name = NULL;
  g_autofree char *country = NULL;
  g_autofree char *city = NULL;
  g_autofree char *timezone = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *id = NULL;
  g_autofree char *fields_json = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(ChMutation) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database (made if missing)"), N_("PATH") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Chapter name"), N_("TEXT") },
    { "country", 0, 0, G_OPTION_ARG_STRING, &country,
      N_("Country (ISO 3166 code, e.g. DE)"), N_("C") },
    { "city", 0, 0, G_OPTION_ARG_STRING, &city, N_("City"), N_("TEXT") },
    { "timezone", 0, 0, G_OPTION_ARG_STRING, &timezone,
      N_("IANA time zone (default UTC)"), N_("TZ") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency,
      N_("Dues currency, ISO 4217 (default USD)"), N_("CUR") },
    { "id", 0, 0, G_OPTION_ARG_STRING, &id,
      N_("Chapter id (a UUID; made if not given)"), N_("UUID") },
    { NULL }
  };

  if (!parse_options (context,
                      _("Add a chapter and print its id."),
                      entries, &db, &argc, &argv, &status))
    return status;
  if (name == NULL || *g_strstrip (name) == '\0')
    return usage_error (context, _("--name is required"));
  if (argc > 1)
    return usage_error (context, _("Unexpected arguments"));

  if (id != NULL)
    {
      if (!ch_uuid_is_valid (id))
        return fail (_("--id must be a UUID like 0190f5c2-3b7a-7cc1-9a2e-4f1d2b3c4d5e"));
      set_ascii_case (&id, FALSE);
    }
  else
    id = ch_uuid7_new ();

  if (country != NULL)
    {
      /* The same countries as the app: a code or a name, kept as the code. */
      const char *code = ch_country_code_from_text (country);

      if (code == NULL)
        return fail (_("--country must be a two-letter ISO 3166 code, e.g. DE"));
      g_free (country);
      country = g_strdup (code);
    }

  if (timezone == NULL)
    timezone = g_strdup ("UTC");
  tz = g_time_zone_new_identifier (timezone);
  if (tz == NULL)
    return fail (_("--timezone must be an IANA time zone, e.g. Europe/Berlin"));

  if (currency == NULL)
    currency = g_strdup ("USD");
  if (strlen (currency) != 3 ||
      !g_ascii_isalpha (currency[0]) || !g_ascii_isalpha (currency[1]) ||
      !g_ascii_isalpha (currency[2]))
    return fail (_("--currency must be a three-letter ISO 4217 code, e.g. EUR"));
  set_ascii_case (&currency, TRUE);

  fields = json_object_new ();
  json_object_set_string_member (fields, "name", name);
  if (country != NULL)
    json_object_set_string_member (fields, "country", country);
  if (city != NULL)
    json_object_set_string_member (fields, "city", city);
  json_object_set_string_member (fields, "timezone", timezone);
  json_object_set_string_member (fields, "currency", currency);

  /* The same rules as for a row sent by a device. */
  check = ch_mutation_new (1, "chapter", id, CH_OP_INSERT, NULL, fields);
  if (!ch_protocol_check_mutation (check, &error))
    return fail (error->message);

  if (!(store = open_store (db, TRUE, &status)))
    return status;

  fields_json = ch_server_fields_to_json (ch_entity_lookup ("chapter"), fields);
  if (!ch_server_store_add_chapter (store, id, fields_json, &error))
    return fail (error->message);

  printf ("%s\n", id);
  return EXIT_SUCCESS;
}

static int
cmd_chapter_list (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *db = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { NULL }
  };

  if (!parse_options (context,
                      _("List chapters: id, name, version, compaction floor, created."),
                      entries, &db, &argc, &argv, &status))
    return status;
  if (!(store = open_store_no_args (context, argc, db, FALSE, &status)))
    return status;

  if (!(chapters = ch_server_store_list_chapters (store, &error)))
    return fail (error->message);

  printf ("%s\t%s\t%s\t%s\t%s\n", _("ID"), _("NAME"), _("VERSION"), _("FLOOR"), _("CREATED"));
  for (guint i = 0; i < chapters->len; i++)
    {
      ChServerChapter *c = g_ptr_array_index (chapters, i);

      printf ("%s\t%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\n",
              c->id, c->name, c->version, c->floor, c->created_at);
    }

  return EXIT_SUCCESS;
}

/* token */

static int
cmd_token_create (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *db = NULL;
  g_autofree char *name = NULL;
  g_autofree char *chapter_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(ChServerChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;
  gboolean admin = FALSE;
  int status = EXIT_SUCCESS;
  gint64 id;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("Who or what the token is for, e.g. “Anna (treasurer)”"), N_("TEXT") },
    { "chapter", 0, 0, G_OPTION_ARG_STRING, &chapter_id,
      N_("The one chapter the token may use"), N_("ID") },
    { "admin", 0, 0, G_OPTION_ARG_NONE, &admin, N_("The token may use every chapter"), NULL },
    { NULL }
  };

  if (!parse_options (context,
                      _("Create a token and print it. It is shown only this once; "
                        "the server keeps only its SHA-256 hash."),
                      entries, &db, &argc, &argv, &status))
    return status;
  if (name == NULL || *g_strstrip (name) == '\0')
    return usage_error (context, _("--name is required"));
  if ((chapter_id == NULL) == !admin)
    return usage_error (context, _("Give exactly one of --chapter ID and --admin"));
  if (argc > 1)
    return usage_error (context, _("Unexpected arguments"));
  if (strlen (name) > CH_FIELD_DEFAULT_MAX_LEN || !g_utf8_validate (name, -1, NULL))
    return fail (_("--name is too long or not valid UTF-8"));

  if (!(store = open_store (db, FALSE, &status)))
    return status;

  if (chapter_id != NULL &&
      !(chapter = ch_server_store_get_chapter (store, chapter_id, &error)))
    return fail (error->message);

  if (!(token = new_token (&error)))
    return fail (error->message);
  hash = ch_server_hash_token (token);
  id = ch_server_store_add_token (store, name, hash, chapter_id, admin, &error);
  if (id == 0)
    return fail (error->message);

  printf ("%s\n", token);
  fflush (stdout);
  g_printerr (_("Token %" PRId64 " for “%s” created. "
                "Keep it safe: it cannot be shown again.\n"),
              id, name);

  return EXIT_SUCCESS;
}

static int
cmd_token_list (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *db = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { NULL }
  };

  if (!parse_options (context,
                      _("List tokens (never the tokens themselves)."),
                      entries, &db, &argc, &argv, &status))
    return status;
  if (!(store = open_store_no_args (context, argc, db, FALSE, &status)))
    return status;

  if (!(tokens = ch_server_store_list_tokens (store, &error)))
    return fail (error->message);

  printf ("%s\t%s\t%s\t%s\t%s\t%s\n",
          _("ID"), _("NAME"), _("CHAPTER"), _("ADMIN"), _("CREATED"), _("REVOKED"));
  for (guint i = 0; i < tokens->len; i++)
    {
      ChServerToken *t = g_ptr_array_index (tokens, i);

      printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%s\n",
              t->id, t->name,
              t->chapter_id ? t->chapter_id : "-",
              t->admin ? _("yes") : _("no"),
              t->created_at,
              t->revoked_at ? t->revoked_at : "-");
    }

  return EXIT_SUCCESS;
}

static int
cmd_token_revoke (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID"));
  g_autofree char *db = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;
  guint64 id;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { NULL }
  };

  if (!parse_options (context,
                      _("Revoke the token with this id (see “token list”); "
                        "it stops working at once."),
                      entries, &db, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("Give the id of one token"));
  if (!g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    return fail (_("The token id must be a number, as shown by “token list”"));

  if (!(store = open_store (db, FALSE, &status)))
    return status;

  if (!ch_server_store_revoke_token (store, (gint64) id, &error))
    return fail (error->message);

  printf (_("Token %" PRIu64 " revoked\n"), id);
  return EXIT_SUCCESS;
}

/* compact */

static int
cmd_compact (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *db = NULL;
  g_autofree char *chapter_id = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 removed = 0, floor = 0;
  int keep_days = 90;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { "chapter", 0, 0, G_OPTION_ARG_STRING, &chapter_id, N_("Chapter to compact"), N_("ID") },
    { "keep-days", 0, 0, G_OPTION_ARG_INT, &keep_days,
      N_("Keep the deletions that devices seen in the last N days have not pulled "
         "yet (default 90)"), N_("N") },
    { NULL }
  };

  if (!parse_options (context,
                      _("Remove deleted rows of a chapter for good. Devices whose "
                        "cursor is older must then sync again from the start."),
                      entries, &db, &argc, &argv, &status))
    return status;
  if (chapter_id == NULL)
    return usage_error (context, _("--chapter is required"));
  if (keep_days < 0)
    return usage_error (context, _("--keep-days must be 0 or more"));
  if (!(store = open_store_no_args (context, argc, db, FALSE, &status)))
    return status;

  if (!ch_server_store_compact (store, chapter_id,
                                g_get_real_time () / G_USEC_PER_SEC - (gint64) keep_days * 86400,
                                &removed, &floor, &error))
    return fail (error->message);

  printf (_("Removed %" PRId64 " deleted rows; cursors before version %"
            PRId64 " now have to start over\n"),
          removed, floor);
  return EXIT_SUCCESS;
}

/* check */

static int
cmd_check (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  gboolean full = FALSE;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full,
      N_("Check every index against its table too (slower)"), NULL },
    { NULL }
  };

  if (!parse_options (context,
                      _("Check the server database for damage without changing it, "
                        "also while the server runs."),
                      entries, &db, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (context, _("Unexpected arguments"));
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    return fail (_("There is no server database at this path"));

  if (!ch_server_store_sqlite_check_file (db, full, &error))
    return fail (error->message);

  printf (_("The server database %s is intact.\n"), db);
  return EXIT_SUCCESS;
}

/* stats */

static int
cmd_stats (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *db = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { NULL }
  };

  if (!parse_options (context,
                      _("Show how many rows each chapter keeps on the server."),
                      entries, &db, &argc, &argv, &status))
    return status;
  if (!(store = open_store_no_args (context, argc, db, FALSE, &status)))
    return status;

  if (!(stats = ch_server_store_sqlite_stats (store, &error)))
    return fail (error->message);

  printf ("%s\t%s\t%s\t%s\t%s\n",
          _("CHAPTER"), _("RECORDS"), _("DELETED"), _("DEVICES"), _("ANSWERS"));
  for (guint i = 0; i < stats->len; i++)
    {
      ChServerStoreSqliteStats *st = g_ptr_array_index (stats, i);

      printf ("%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT
              "\t%" G_GINT64_FORMAT "\n",
              st->chapter_id, st->live, st->deleted, st->devices, st->answers);
    }

  return EXIT_SUCCESS;
}

/* backup, restore */

static int
cmd_backup (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *db = NULL;
  g_autofree char *to = NULL;
  g_autofree char *epoch = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Backup file to write"), N_("FILE") },
    { NULL }
  };

  if (!parse_options (context,
                      _("Copy the server database to a file, consistently, also while "
                        "the server runs."),
                      entries, &db, &argc, &argv, &status))
    return status;
  if (to == NULL)
    return usage_error (context, _("--to is required"));
  if (argc > 1)
    return usage_error (context, _("Unexpected arguments"));

  if (!ch_server_backup (db, to, &epoch, &error))
    return fail (error->message);

  printf (_("Backed up %s to %s (epoch %s)\n"), db, to, epoch);
  return EXIT_SUCCESS;
}

static int
cmd_restore (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *db = NULL;
  g_autofree char *from = NULL;
  g_autofree char *epoch = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database to replace"), N_("PATH") },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("Backup file to restore"), N_("FILE") },
    { NULL }
  };

  if (!parse_options (context,
                      _("Replace the server database with a backup and give it a new "
                        "epoch: every device syncs again from the start and sends back "
                        "the changes the backup does not have."),
                      entries, &db, &argc, &argv, &status))
    return status;
  if (from == NULL)
    return usage_error (context, _("--from is required"));
  if (argc > 1)
    return usage_error (context, _("Unexpected arguments"));

  if (!ch_server_restore (db, from, &epoch, &error))
    return fail (error->message);

  printf (_("Restored %s from %s; new epoch %s\n"), db, from, epoch);
  return EXIT_SUCCESS;
}

/* Entry */

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: chapterhouse-server COMMAND [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));
  fprintf (out, "  serve --db PATH [--listen ADDR] [--port N] [--tls-cert F --tls-key F]\n");
  fprintf (out, "  chapter add --db PATH --name TEXT [--country C] [--city TEXT] "
                "[--timezone TZ] [--currency CUR] [--id UUID]\n");
  fprintf (out, "  chapter list --db PATH\n");
  fprintf (out, "  token create --db PATH --name TEXT (--chapter ID | --admin)\n");
  fprintf (out, "  token list --db PATH\n");
  fprintf (out, "  token revoke --db PATH ID\n");
  fprintf (out, "  compact --db PATH --chapter ID [--keep-days N]\n");
  fprintf (out, "  check --db PATH [--full]\n");
  fprintf (out, "  stats --db PATH\n");
  fprintf (out, "  backup --db PATH --to FILE\n");
  fprintf (out, "  restore --db PATH --from FILE\n\n");
  fprintf (out, "%s\n",
           _("Run “chapterhouse-server COMMAND --help” for the options of a command."));
}

int
ch_server_cli_run (int    argc,
                   char **argv)
{
  const char *command = argc > 1 ? argv[1] : NULL;
  const char *sub = argc > 2 ? argv[2] : NULL;

  g_set_prgname ("chapterhouse-server");

  /* A client that goes away must not kill the server. */
  signal (SIGPIPE, SIG_IGN);

  if (command == NULL)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0 ||
      strcmp (command, "help") == 0)
    {
      print_usage (stdout);
      return EXIT_SUCCESS;
    }

  if (strcmp (command, "--version") == 0)
    {
      printf ("chapterhouse-server %s\n", CH_SERVER_VERSION);
      return EXIT_SUCCESS;
    }

  if (strcmp (command, "serve") == 0)
    return cmd_serve (argc - 1, argv + 1);

  if (strcmp (command, "compact") == 0)
    return cmd_compact (argc - 1, argv + 1);

  if (strcmp (command, "check") == 0)
    return cmd_check (argc - 1, argv + 1);

  if (strcmp (command, "stats") == 0)
    return cmd_stats (argc - 1, argv + 1);

  if (strcmp (command, "backup") == 0)
    return cmd_backup (argc - 1, argv + 1);

  if (strcmp (command, "restore") == 0)
    return cmd_restore (argc - 1, argv + 1);

  if (strcmp (command, "chapter") == 0 && sub != NULL)
    {
      if (strcmp (sub, "add") == 0)
        return cmd_chapter_add (argc - 2, argv + 2);
      if (strcmp (sub, "list") == 0)
        return cmd_chapter_list (argc - 2, argv + 2);
    }

  if (strcmp (command, "token") == 0 && sub != NULL)
    {
      if (strcmp (sub, "create") == 0)
        return cmd_token_create (argc - 2, argv + 2);
      if (strcmp (sub, "list") == 0)
        return cmd_token_list (argc - 2, argv + 2);
      if (strcmp (sub, "revoke") == 0)
        return cmd_token_revoke (argc - 2, argv + 2);
    }

  g_printerr (_("%s: unknown command “%s%s%s”\n\n"), g_get_prgname (), command,
              sub ? " " : "", sub ? sub : "");
  print_usage (stderr);
  return EXIT_USAGE;
}
