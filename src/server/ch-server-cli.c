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
#include "ch-server-store-sqlite.h"
#include "ch-uuid.h"

#define EXIT_USAGE 2

/* Helpers */

int
ch_server_cli_usage_error (GOptionContext *context,
                           const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("%s: %s\n\n%s", g_get_prgname (), message, help);
  return EXIT_USAGE;
}

int
ch_server_cli_fail (const char *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  return EXIT_FAILURE;
}

/* Sets @summary and parses @argv with @entries, one of which sets *@db
 * from --db, then checks that --db was given; on error prints it, sets
 * @status and returns FALSE. */
gboolean
ch_server_cli_parse_options (GOptionContext  *context,
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
      *status = ch_server_cli_usage_error (context, error->message);
      return FALSE;
    }

  if (*db == NULL)
    {
      *status = ch_server_cli_usage_error (context, _("--db is required"));
      return FALSE;
    }

  return TRUE;
}

ChServerStore *
ch_server_cli_open_store (const char  *db,
                          gboolean     create,
                          int         *status)
{
  g_autoptr(GError) error = NULL;
  ChServerStore *store = ch_server_store_sqlite_new (db, create, &error);

  if (store == NULL)
    *status = ch_server_cli_fail (error->message);

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
      *status = ch_server_cli_usage_error (context, _("Unexpected arguments"));
      return NULL;
    }

  return ch_server_cli_open_store (db, create, status);
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
char *
ch_server_cli_new_token (GError **error)
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

  if (!ch_server_cli_parse_options (context,
                                    _("Add a chapter and print its id."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (name == NULL || *g_strstrip (name) == '\0')
    return ch_server_cli_usage_error (context, _("--name is required"));
  if (argc > 1)
    return ch_server_cli_usage_error (context, _("Unexpected arguments"));

  if (id != NULL)
    {
      if (!ch_uuid_is_valid (id))
        return ch_server_cli_fail (_("--id must be a UUID like "
                                     "0190f5c2-3b7a-7cc1-9a2e-4f1d2b3c4d5e"));
      set_ascii_case (&id, FALSE);
    }
  else
    id = ch_uuid_new_v7 ();

  if (country != NULL)
    {
      /* The same countries as the app: a code or a name, kept as the code. */
      const char *code = ch_country_code_from_text (country);

      if (code == NULL)
        return ch_server_cli_fail (_("--country must be a two-letter ISO 3166 code, e.g. DE"));
      g_free (country);
      country = g_strdup (code);
    }

  if (timezone == NULL)
    timezone = g_strdup ("UTC");
  tz = g_time_zone_new_identifier (timezone);
  if (tz == NULL)
    return ch_server_cli_fail (_("--timezone must be an IANA time zone, e.g. Europe/Berlin"));

  if (currency == NULL)
    currency = g_strdup ("USD");
  if (strlen (currency) != 3 ||
      !g_ascii_isalpha (currency[0]) || !g_ascii_isalpha (currency[1]) ||
      !g_ascii_isalpha (currency[2]))
    return ch_server_cli_fail (_("--currency must be a three-letter ISO 4217 code, e.g. EUR"));
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
    return ch_server_cli_fail (error->message);

  if (!(store = ch_server_cli_open_store (db, TRUE, &status)))
    return status;

  fields_json = ch_server_apply_fields_to_json (ch_entity_lookup ("chapter"), fields);
  if (!ch_server_store_add_chapter (store, id, fields_json, &error))
    return ch_server_cli_fail (error->message);

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

  if (!ch_server_cli_parse_options (context,
                                    _("List chapters: id, name, version, compaction floor, "
                                      "created."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (!(store = open_store_no_args (context, argc, db, FALSE, &status)))
    return status;

  if (!(chapters = ch_server_store_list_chapters (store, &error)))
    return ch_server_cli_fail (error->message);

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

  if (!ch_server_cli_parse_options (context,
                                    _("Create a token and print it. It is shown only this once; "
                                      "the server keeps only its SHA-256 hash."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (name == NULL || *g_strstrip (name) == '\0')
    return ch_server_cli_usage_error (context, _("--name is required"));
  if ((chapter_id == NULL) == !admin)
    return ch_server_cli_usage_error (context, _("Give exactly one of --chapter ID and --admin"));
  if (argc > 1)
    return ch_server_cli_usage_error (context, _("Unexpected arguments"));
  if (strlen (name) > CH_FIELD_DEFAULT_MAX_LEN || !g_utf8_validate (name, -1, NULL))
    return ch_server_cli_fail (_("--name is too long or not valid UTF-8"));

  if (!(store = ch_server_cli_open_store (db, FALSE, &status)))
    return status;

  if (chapter_id != NULL &&
      !(chapter = ch_server_store_get_chapter (store, chapter_id, &error)))
    return ch_server_cli_fail (error->message);

  if (!(token = ch_server_cli_new_token (&error)))
    return ch_server_cli_fail (error->message);
  hash = ch_server_hash_token (token);
  id = ch_server_store_add_token (store, name, hash, chapter_id, admin, &error);
  if (id == 0)
    return ch_server_cli_fail (error->message);

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

  if (!ch_server_cli_parse_options (context,
                                    _("List tokens (never the tokens themselves)."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (!(store = open_store_no_args (context, argc, db, FALSE, &status)))
    return status;

  if (!(tokens = ch_server_store_list_tokens (store, &error)))
    return ch_server_cli_fail (error->message);

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

  if (!ch_server_cli_parse_options (context,
                                    _("Revoke the token with this id (see “token list”); it "
                                      "stops working at once."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return ch_server_cli_usage_error (context, _("Give the id of one token"));
  if (!g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    return ch_server_cli_fail (_("The token id must be a number, as shown by “token list”"));

  if (!(store = ch_server_cli_open_store (db, FALSE, &status)))
    return status;

  if (!ch_server_store_revoke_token (store, (gint64) id, &error))
    return ch_server_cli_fail (error->message);

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

  if (!ch_server_cli_parse_options (context,
                                    _("Remove deleted rows of a chapter for good. Devices whose "
                                      "cursor is older must then sync again from the start."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (chapter_id == NULL)
    return ch_server_cli_usage_error (context, _("--chapter is required"));
  if (keep_days < 0)
    return ch_server_cli_usage_error (context, _("--keep-days must be 0 or more"));
  if (!(store = open_store_no_args (context, argc, db, FALSE, &status)))
    return status;

  if (!ch_server_store_compact (store, chapter_id,
                                g_get_real_time () / G_USEC_PER_SEC - (gint64) keep_days * 86400,
                                &removed, &floor, &error))
    return ch_server_cli_fail (error->message);

  /* Translators: the first number is how many rows were removed, the second
   * a version of the change feed */
  printf (ngettext ("Removed %" PRId64 " deleted row; cursors before version %"
                    PRId64 " now have to start over\n",
                    "Removed %" PRId64 " deleted rows; cursors before version %"
                    PRId64 " now have to start over\n", (gulong) removed),
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

  if (!ch_server_cli_parse_options (context,
                                    _("Check the server database for damage without changing "
                                      "it, also while the server runs."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return ch_server_cli_usage_error (context, _("Unexpected arguments"));
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    return ch_server_cli_fail (_("There is no server database at this path"));

  if (!ch_server_store_sqlite_check_file (db, full, &error))
    return ch_server_cli_fail (error->message);

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

  if (!ch_server_cli_parse_options (context,
                                    _("Show how many rows each chapter keeps on the server."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (!(store = open_store_no_args (context, argc, db, FALSE, &status)))
    return status;

  if (!(stats = ch_server_store_sqlite_stats (store, &error)))
    return ch_server_cli_fail (error->message);

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

  if (!ch_server_cli_parse_options (context,
                                    _("Copy the server database to a file, consistently, also "
                                      "while the server runs."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (to == NULL)
    return ch_server_cli_usage_error (context, _("--to is required"));
  if (argc > 1)
    return ch_server_cli_usage_error (context, _("Unexpected arguments"));

  if (!ch_server_backup (db, to, &epoch, &error))
    return ch_server_cli_fail (error->message);

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

  if (!ch_server_cli_parse_options (context,
                                    _("Replace the server database with a backup and give it a "
                                      "new epoch: every device syncs again from the start and "
                                      "sends back the changes the backup does not have."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (from == NULL)
    return ch_server_cli_usage_error (context, _("--from is required"));
  if (argc > 1)
    return ch_server_cli_usage_error (context, _("Unexpected arguments"));

  if (!ch_server_backup_restore (db, from, &epoch, &error))
    return ch_server_cli_fail (error->message);

  printf (_("Restored %s from %s; new epoch %s\n"), db, from, epoch);
  return EXIT_SUCCESS;
}

/* Entry */

static void
print_usage (FILE *out)
{
  static const char * const commands[] = {
    /* Translators: the lines of "chapterhouse-server --help", one command
     * each: keep the commands and the --options as they are (they are typed),
     * translate the words in capitals (PATH, TEXT, FILE…) as in the options
     * of each command's own --help */
    N_("serve --db PATH [--listen ADDR] [--port N] [--tls-cert F --tls-key F]"),
    N_("chapter add --db PATH --name TEXT [--country C] [--city TEXT] "
       "[--timezone TZ] [--currency CUR] [--id UUID]"),
    N_("chapter list --db PATH"),
    N_("chapter update --db PATH [--name TEXT] [--country C] [--city TEXT] "
       "[--timezone TZ] [--currency CUR] ID"),
    N_("chapter remove --db PATH --yes [--backup FILE] ID"),
    N_("token create --db PATH --name TEXT (--chapter ID | --admin)"),
    N_("token list --db PATH"),
    N_("token revoke --db PATH ID"),
    N_("token rotate --db PATH ID"),
    N_("devices list --db PATH [--chapter ID]"),
    N_("devices forget --db PATH --chapter ID DEVICE"),
    N_("compact --db PATH --chapter ID [--keep-days N]"),
    N_("check --db PATH [--full]"),
    N_("stats --db PATH"),
    N_("backup --db PATH --to FILE"),
    N_("restore --db PATH --from FILE"),
  };

  fprintf (out, "%s\n\n", _("Usage: chapterhouse-server COMMAND [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %s\n", _(commands[i]));
  fprintf (out, "\n");
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
    return ch_server_cli_serve (argc - 1, argv + 1);

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
      if (strcmp (sub, "update") == 0)
        return ch_server_cli_admin_chapter_update (argc - 2, argv + 2);
      if (strcmp (sub, "remove") == 0)
        return ch_server_cli_admin_chapter_remove (argc - 2, argv + 2);
    }

  if (strcmp (command, "devices") == 0 && sub != NULL)
    {
      if (strcmp (sub, "list") == 0)
        return ch_server_cli_admin_devices_list (argc - 2, argv + 2);
      if (strcmp (sub, "forget") == 0)
        return ch_server_cli_admin_devices_forget (argc - 2, argv + 2);
    }

  if (strcmp (command, "token") == 0 && sub != NULL)
    {
      if (strcmp (sub, "create") == 0)
        return cmd_token_create (argc - 2, argv + 2);
      if (strcmp (sub, "list") == 0)
        return cmd_token_list (argc - 2, argv + 2);
      if (strcmp (sub, "revoke") == 0)
        return cmd_token_revoke (argc - 2, argv + 2);
      if (strcmp (sub, "rotate") == 0)
        return ch_server_cli_admin_token_rotate (argc - 2, argv + 2);
    }

  g_printerr (_("%s: unknown command “%s%s%s”\n\n"), g_get_prgname (), command,
              sub ? " " : "", sub ? sub : "");
  print_usage (stderr);
  return EXIT_USAGE;
}
