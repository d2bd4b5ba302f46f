/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ch-country.h"
#include "ch-entity.h"
#include "ch-protocol.h"
#include "ch-server.h"
#include "ch-server-apply.h"
#include "ch-server-backup.h"
#include "ch-server-cli-private.h"
#include "ch-server-store-sqlite.h"
#include "ch-server-store-sqlite-admin.h"

/* The operator's commands beyond add/list/create/revoke: devices list and
 * forget, token rotate, chapter update and remove. */

/* The device id under which the operator's changes reach the devices. */
#define OPERATOR_DEVICE "chapterhouse-server"

/* devices */

static char *
format_seen (gint64 seen_at)
{
  g_autoptr(GDateTime) time = NULL;

  if (seen_at <= 0)
    return g_strdup ("-");
  time = g_date_time_new_from_unix_utc (seen_at);
  return time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("-");
}

int
ch_server_cli_admin_devices_list (int    argc,
                                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *db = NULL;
  g_autofree char *chapter_id = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { "chapter", 0, 0, G_OPTION_ARG_STRING, &chapter_id,
      N_("Only the devices of this chapter"), N_("ID") },
    { NULL }
  };

  if (!ch_server_cli_parse_options (context,
                                    _("List the devices that pushed or pulled: chapter, device "
                                      "id, token name, last mid, cursor, last pull (UTC)."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return ch_server_cli_usage_error (context, _("Unexpected arguments"));
  if (!(store = ch_server_cli_open_store (db, FALSE, &status)))
    return status;

  if (!(devices = ch_server_store_sqlite_admin_list_devices (store, chapter_id, &error)))
    return ch_server_cli_fail (error->message);

  printf ("%s\t%s\t%s\t%s\t%s\t%s\n",
          _("CHAPTER"), _("DEVICE"), _("TOKEN"), _("LAST MID"), _("CURSOR"), _("LAST PULL"));
  for (guint i = 0; i < devices->len; i++)
    {
      ChServerStoreSqliteAdminDevice *d = g_ptr_array_index (devices, i);
      g_autofree char *seen = format_seen (d->seen_at);
      g_autofree char *cursor = d->cursor < 0 ? g_strdup ("-")
                                              : g_strdup_printf ("%" PRId64, d->cursor);

      printf ("%s\t%s\t%s\t%" PRId64 "\t%s\t%s\n", d->chapter_id, d->device_id,
              d->token_name ? d->token_name : "-", d->last_mid, cursor, seen);
    }

  return EXIT_SUCCESS;
}

int
ch_server_cli_admin_devices_forget (int    argc,
                                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("DEVICE"));
  g_autofree char *db = NULL;
  g_autofree char *chapter_id = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { "chapter", 0, 0, G_OPTION_ARG_STRING, &chapter_id, N_("The device's chapter"), N_("ID") },
    { NULL }
  };

  if (!ch_server_cli_parse_options (context,
                                    _("Forget a device (a lost or replaced computer): its stored "
                                      "answers and cursor go, compaction stops waiting for it, "
                                      "and its token may use one more device. If it syncs "
                                      "again it starts over under a new device id."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (chapter_id == NULL)
    return ch_server_cli_usage_error (context, _("--chapter is required"));
  if (argc != 2)
    return ch_server_cli_usage_error (context, _("Give one device id (see “devices list”)"));
  if (!(store = ch_server_cli_open_store (db, FALSE, &status)))
    return status;

  if (!ch_server_store_sqlite_admin_forget_device (store, chapter_id, argv[1], &error))
    return ch_server_cli_fail (error->message);

  printf (_("Device %s forgotten\n"), argv[1]);
  return EXIT_SUCCESS;
}

/* token rotate */

int
ch_server_cli_admin_token_rotate (int    argc,
                                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID"));
  g_autofree char *db = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;
  guint64 id;
  gint64 new_id;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { NULL }
  };

  if (!ch_server_cli_parse_options (context,
                                    _("Replace a token: the old one stops working at once, a new "
                                      "one for the same person and chapter is printed (only "
                                      "this once). Its devices go on with the new token."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return ch_server_cli_usage_error (context, _("Give the id of one token"));
  if (!g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    return ch_server_cli_fail (_("The token id must be a number, as shown by “token list”"));
  if (!(store = ch_server_cli_open_store (db, FALSE, &status)))
    return status;

  if (!(token = ch_server_cli_new_token (&error)))
    return ch_server_cli_fail (error->message);
  hash = ch_server_hash_token (token);
  new_id = ch_server_store_sqlite_admin_rotate_token (store, (gint64) id, hash, &error);
  if (new_id == 0)
    return ch_server_cli_fail (error->message);

  /* The token on stdout only; the message (and any log) never has it. */
  printf ("%s\n", token);
  fflush (stdout);
  g_printerr (_("Token %" PRIu64 " revoked; token %" PRId64 " replaces it. "
                "Keep it safe: it cannot be shown again.\n"), id, new_id);
  return EXIT_SUCCESS;
}

/* chapter update */

/* The chapter row's stored fields, and the operator device's last mid. */
static JsonObject *
read_chapter_row (ChServerStore  *store,
                  const char     *chapter_id,
                  gint64         *last_mid,
                  GError        **error)
{
  g_autoptr(ChServerRecord) record = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 version;
  gboolean ok;

  if (!ch_server_store_begin_batch (store, chapter_id, &version, error))
    return NULL;
  ok = ch_server_store_get_record (store, chapter_id, "chapter", chapter_id, &record, error) &&
       ch_server_store_get_last_mid (store, chapter_id, OPERATOR_DEVICE, last_mid, error);
  ch_server_store_end_batch (store, chapter_id, version, FALSE, NULL);
  if (!ok)
    return NULL;

  node = record ? json_from_string (record->fields, NULL) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return json_object_new ();
  return json_object_ref (json_node_get_object (node));
}

/* Adds @key: @value to @set and the stored value to @base. */
static void
change_field (JsonObject *stored,
              JsonObject *base,
              JsonObject *set,
              const char *key,
              const char *value)
{
  JsonNode *old = json_object_get_member (stored, key);

  json_object_set_member (base, key, old ? json_node_copy (old) : json_node_new (JSON_NODE_NULL));
  json_object_set_string_member (set, key, value);
}

int
ch_server_cli_admin_chapter_update (int    argc,
                                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID"));
  g_autofree char *db = NULL;
  g_autofree char *name = NULL;
  g_autofree char *country = NULL;
  g_autofree char *city = NULL;
  g_autofree char *timezone = NULL;
  g_autofree char *currency = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) base = json_object_new ();
  g_autoptr(JsonObject) set = json_object_new ();
  g_autoptr(GPtrArray) mutations =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ch_mutation_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  ChMutation *mutation;
  ChMutationResult *result;
  const char *chapter_id;
  int status = EXIT_SUCCESS;
  gint64 last_mid = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("New chapter name"), N_("TEXT") },
    { "country", 0, 0, G_OPTION_ARG_STRING, &country,
      N_("Country (ISO 3166 code, e.g. DE)"), N_("C") },
    { "city", 0, 0, G_OPTION_ARG_STRING, &city, N_("City"), N_("TEXT") },
    { "timezone", 0, 0, G_OPTION_ARG_STRING, &timezone, N_("IANA time zone"), N_("TZ") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency,
      N_("Dues currency, ISO 4217"), N_("CUR") },
    { NULL }
  };

  if (!ch_server_cli_parse_options (context,
                                    _("Change a chapter's name, place, time zone or currency. "
                                      "The change reaches every device at its next sync, like "
                                      "an officer's."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return ch_server_cli_usage_error (context, _("Give the id of one chapter"));
  if (name == NULL && country == NULL && city == NULL && timezone == NULL && currency == NULL)
    return ch_server_cli_usage_error (context, _("Give at least one of --name, --country, "
                                                 "--city, --timezone and --currency"));
  chapter_id = argv[1];

  if (name != NULL && *g_strstrip (name) == '\0')
    return ch_server_cli_fail (_("--name must not be empty"));
  if (country != NULL)
    {
      const char *code = ch_country_code_from_text (country);

      if (code == NULL)
        return ch_server_cli_fail (_("--country must be a two-letter ISO 3166 code, e.g. DE"));
      g_free (country);
      country = g_strdup (code);
    }
  if (timezone != NULL)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (timezone);

      if (tz == NULL)
        return ch_server_cli_fail (_("--timezone must be an IANA time zone, e.g. Europe/Berlin"));
    }
  if (currency != NULL)
    {
      char *upper;

      if (strlen (currency) != 3 || !g_ascii_isalpha (currency[0]) ||
          !g_ascii_isalpha (currency[1]) || !g_ascii_isalpha (currency[2]))
        return ch_server_cli_fail (_("--currency must be a three-letter ISO 4217 code, "
                                     "e.g. EUR"));
      upper = g_ascii_strup (currency, -1);
      g_free (currency);
      currency = upper;
    }

  if (!(store = ch_server_cli_open_store (db, FALSE, &status)))
    return status;
  if (!(stored = read_chapter_row (store, chapter_id, &last_mid, &error)))
    return ch_server_cli_fail (error->message);

  if (name != NULL)
    change_field (stored, base, set, "name", name);
  if (country != NULL)
    change_field (stored, base, set, "country", country);
  if (city != NULL)
    change_field (stored, base, set, "city", city);
  if (timezone != NULL)
    change_field (stored, base, set, "timezone", timezone);
  if (currency != NULL)
    change_field (stored, base, set, "currency", currency);

  /* The same rules as for a change sent by a device. */
  mutation = ch_mutation_new (last_mid + 1, "chapter", chapter_id, CH_OP_UPDATE, base, set);
  g_ptr_array_add (mutations, mutation);
  if (!ch_protocol_check_mutation (mutation, &error))
    return ch_server_cli_fail (error->message);

  if (!ch_server_apply_batch (store, chapter_id, OPERATOR_DEVICE, 0,
                              _("the server’s operator"), mutations, &results, NULL, &error))
    return ch_server_cli_fail (error->message);

  result = g_ptr_array_index (results, 0);
  if (result->status == CH_RESULT_REJECTED || result->status == CH_RESULT_CONFLICT)
    {
      g_autofree char *message =
        g_strdup_printf (_("The chapter was not changed: %s"),
                         result->message ? result->message
                                         : _("an officer changed it at the same moment; "
                                             "try again"));

      return ch_server_cli_fail (message);
    }

  printf (_("Chapter %s updated (version %" PRId64 ")\n"), chapter_id, result->version);
  return EXIT_SUCCESS;
}

/* chapter remove */

int
ch_server_cli_admin_chapter_remove (int    argc,
                                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID"));
  g_autofree char *db = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(ChServerStore) store = NULL;
  g_autoptr(ChServerChapter) chapter = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  gboolean yes = FALSE;
  int status = EXIT_SUCCESS;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Server database"), N_("PATH") },
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes,
      N_("Really remove it (without this, nothing is done)"), NULL },
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, &backup,
      N_("Where to write the backup taken first (default PATH.before-remove-ID-TIME)"),
      N_("FILE") },
    { NULL }
  };

  if (!ch_server_cli_parse_options (context,
                                    _("Remove a chapter and everything the server keeps of it: "
                                      "members, payments, events, devices and its tokens. A "
                                      "backup of the whole database is written first."),
                                    entries, &db, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return ch_server_cli_usage_error (context, _("Give the id of one chapter"));
  if (!(store = ch_server_cli_open_store (db, FALSE, &status)))
    return status;
  if (!(chapter = ch_server_store_get_chapter (store, argv[1], &error)))
    return ch_server_cli_fail (error->message);

  if (!yes)
    {
      g_autofree char *message =
        g_strdup_printf (_("This removes chapter “%s” (%s) and all its data from the server. "
                           "Run the command again with --yes to do it."),
                         chapter->name, chapter->id);

      return ch_server_cli_fail (message);
    }

  stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  if (backup == NULL)
    backup = g_strdup_printf ("%s.before-remove-%s-%s", db, chapter->id, stamp);
  if (!ch_server_backup (db, backup, &epoch, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("No backup, so nothing was removed: %s"), error->message);

      return ch_server_cli_fail (message);
    }
  g_printerr (_("Backed up %s to %s\n"), db, backup);

  if (!ch_server_store_sqlite_admin_remove_chapter (store, chapter->id, &error))
    return ch_server_cli_fail (error->message);

  printf (_("Chapter “%s” (%s) removed\n"), chapter->name, chapter->id);
  return EXIT_SUCCESS;
}
