/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync-test"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "ch-store-private.h"
#include "ch-sync-private.h"
#include "ch-sync-test.h"
#include "ch-test-server.h"

/* ----------------------------------------------------------------------- */
/* Set-up                                                                  */

static char *server_binary;
static char *cli_binary;

void
sync_test_init (int    *argc,
                char ***argv)
{
  /* A peer that hangs up must never kill the test program. */
  signal (SIGPIPE, SIG_IGN);

  g_test_init (argc, argv, NULL);

  server_binary = g_strdup (g_getenv ("CH_SERVER_BIN"));
  cli_binary = g_strdup (g_getenv ("CH_CLI_BIN"));
  /* CH_SYNC_COMPRESS=1: every sync of the test program asks the server
   * (on this computer) for gzip, as one elsewhere is. */
  if (g_strcmp0 (g_getenv ("CH_SYNC_COMPRESS"), "1") == 0)
    ch_sync_engine_set_compress_local (TRUE);
}

const char *
sync_test_server_binary (void)
{
  if (server_binary == NULL || !g_file_test (server_binary, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("Set CH_SERVER_BIN to the chapterhouse-server program (meson test does)");

  return server_binary;
}

const char *
sync_test_cli_binary (void)
{
  if (cli_binary == NULL || !g_file_test (cli_binary, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("Set CH_CLI_BIN to the chapterhouse-cli program (meson test does)");

  return cli_binary;
}

char *
sync_test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("chapterhouse-sync-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
sync_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL)
    return;

  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        sync_test_remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (dir);
}

/* ----------------------------------------------------------------------- */
/* JSON                                                                    */

JsonNode *
sync_test_parse_json (const char *data,
                      gssize      len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, data, len, &error))
    g_error ("not JSON (%s): %.*s", error->message, (int) (len < 0 ? 200 : MIN (len, 200)), data);

  return json_node_ref (json_parser_get_root (parser));
}

JsonObject *
sync_test_json (const char *json_with_single_quotes)
{
  g_autofree char *text = g_strdup (json_with_single_quotes);
  g_autoptr(JsonNode) node = NULL;

  g_strdelimit (text, "'", '"');
  node = sync_test_parse_json (text, -1);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return json_object_ref (json_node_get_object (node));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
sync_test_canonical_json (JsonObject *object)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GString *out = g_string_new ("{");
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *value =
        json_to_string (json_object_get_member (object, names->pdata[i]), FALSE);

      g_string_append_printf (out, "%s\"%s\":%s", i ? "," : "", (char *) names->pdata[i], value);
    }
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

/* ----------------------------------------------------------------------- */
/* The server                                                              */

SyncServer *
sync_server_new (void)
{
  SyncServer *server = g_new0 (SyncServer, 1);

  server->dir = sync_test_make_tmp_dir ();
  server->db = g_build_filename (server->dir, "server.db", NULL);
  server->session = soup_session_new_with_options ("timeout", 30, NULL);

  return server;
}

void
sync_server_free (SyncServer *server)
{
  if (server == NULL)
    return;

  if (server->process != NULL)
    {
      sync_server_kill (server);
      sync_server_reap (server);
    }

  g_clear_object (&server->session);
  sync_test_remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->db);
  g_free (server->log);
  g_free (server->url);
  g_free (server);
}

static int
run_admin (SyncServer  *server,
           char       **out,
           char       **err,
           va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_buf = NULL;
  g_autofree char *stderr_buf = NULL;
  const char *arg;
  guint words = 0;

  g_ptr_array_add (argv, (char *) sync_test_server_binary ());
  while ((arg = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (argv, (char *) arg);
      /* "chapter add", "token revoke", …: the database goes right after. */
      if (++words == 2)
        {
          g_ptr_array_add (argv, (char *) "--db");
          g_ptr_array_add (argv, server->db);
        }
    }
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &stdout_buf, &stderr_buf, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));

  if (out != NULL)
    *out = g_strstrip (g_steal_pointer (&stdout_buf));
  if (err != NULL)
    *err = g_strstrip (g_steal_pointer (&stderr_buf));

  return g_subprocess_get_exit_status (proc);
}

int
sync_server_admin (SyncServer  *server,
                   char       **out,
                   char       **err,
                   ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = run_admin (server, out, err, args);
  va_end (args);

  return status;
}

char *
sync_server_admin_ok (SyncServer *server,
                      ...)
{
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list args;
  int status;

  va_start (args, server);
  status = run_admin (server, &out, &err, args);
  va_end (args);

  if (status != 0)
    g_error ("chapterhouse-server admin command failed (%d): %s", status, err);

  return out;
}

char *
sync_server_token_id (SyncServer *server,
                      const char *name)
{
  g_autofree char *list = sync_server_admin_ok (server, "token", "list", NULL);
  g_auto(GStrv) lines = g_strsplit (list, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (cols) > 1 && g_strcmp0 (cols[1], name) == 0)
        return g_strdup (cols[0]);
    }

  g_error ("no token named %s in:\n%s", name, list);
  return NULL;
}

/* In the server, before exec: it dies with the test program, also when a
 * failed test aborts before its teardown stops it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

void
sync_server_start (SyncServer *server)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  static guint starts;
  g_autofree char *log_name = g_strdup_printf ("server-%u.log", ++starts);

  g_assert_null (server->process);

  g_free (server->log);
  server->log = g_build_filename (server->dir, log_name, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, sync_test_server_binary (),
                                                 "serve", "--db", server->db, "--port", "0", NULL);
  g_assert_no_error (error);

  g_free (server->url);
  server->url = ch_test_server_wait_listening (server->process, server->log);
}

int
sync_server_stop (SyncServer *server)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (server->process);

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  status = g_subprocess_get_exit_status (server->process);

  g_clear_object (&server->process);
  g_clear_pointer (&server->url, g_free);
  soup_session_abort (server->session);

  return status;
}

void
sync_server_kill (SyncServer *server)
{
  g_assert_nonnull (server->process);
  g_subprocess_force_exit (server->process);
}

void
sync_server_reap (SyncServer *server)
{
  g_assert_nonnull (server->process);

  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
  g_clear_pointer (&server->url, g_free);
  soup_session_abort (server->session);
}

GBytes *
sync_server_request (SyncServer *server,
                     const char *method,
                     const char *path,
                     const char *token,
                     const char *body,
                     guint      *status)
{
  g_autofree char *uri = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  GBytes *reply;

  g_assert_nonnull (msg);

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) payload = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", payload);
    }

  reply = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);

  return reply;
}

static JsonNode *
changes_page (SyncServer *server,
              const char *chapter_id,
              const char *token,
              gint64      since)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?since=%" G_GINT64_FORMAT
                                           "&limit=5000", chapter_id, since);
  g_autoptr(GBytes) reply = NULL;
  guint status = 0;

  reply = sync_server_request (server, "GET", path, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  return sync_test_parse_json (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

GHashTable *
sync_server_rows (SyncServer *server,
                  const char *chapter_id,
                  const char *token,
                  const char *entity)
{
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_object_unref);
  gint64 since = 1;

  for (;;)
    {
      g_autoptr(JsonNode) page = changes_page (server, chapter_id, token, since);
      JsonObject *root = json_node_get_object (page);
      JsonArray *items = json_object_get_array_member (root, "items");

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          JsonObject *fields = json_object_get_object_member (item, "fields");
          JsonObject *row;
          JsonObjectIter iter;
          const char *name;
          JsonNode *node;

          if (g_strcmp0 (json_object_get_string_member (item, "entity"), entity) != 0)
            continue;

          /* Each row is in the feed once, at its latest version. */
          g_assert_false (g_hash_table_contains (rows, json_object_get_string_member (item, "id")));

          row = json_object_new ();
          json_object_set_int_member (row, "version", json_object_get_int_member (item, "version"));
          json_object_set_boolean_member (row, "deleted",
                                          json_object_get_boolean_member (item, "deleted"));
          json_object_iter_init (&iter, fields);
          while (json_object_iter_next (&iter, &name, &node))
            json_object_set_member (row, name, json_node_copy (node));

          g_hash_table_insert (rows, g_strdup (json_object_get_string_member (item, "id")), row);
        }

      since = json_object_get_int_member (root, "next");
      if (!json_object_get_boolean_member (root, "has_more"))
        return rows;
    }
}

char *
sync_server_get_text (SyncServer *server,
                      const char *chapter_id,
                      const char *token,
                      const char *entity,
                      const char *id,
                      const char *field)
{
  g_autoptr(GHashTable) rows = sync_server_rows (server, chapter_id, token, entity);
  JsonObject *row = g_hash_table_lookup (rows, id);

  g_assert_nonnull (row);
  return g_strdup (json_object_get_string_member_with_default (row, field, NULL));
}

gint64
sync_server_max_version (SyncServer *server,
                         const char *chapter_id,
                         const char *token)
{
  gint64 since = 0;

  for (;;)
    {
      g_autoptr(JsonNode) page = changes_page (server, chapter_id, token, since);
      JsonObject *root = json_node_get_object (page);

      since = json_object_get_int_member (root, "next");
      if (!json_object_get_boolean_member (root, "has_more"))
        return since;
    }
}

void
sync_server_assert_members_once (SyncServer *server,
                                 const char *chapter_id,
                                 const char *token,
                                 guint       n)
{
  g_autoptr(GHashTable) rows = sync_server_rows (server, chapter_id, token, "member");
  g_autoptr(GHashTable) emails = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  JsonObject *row;

  g_assert_cmpuint (g_hash_table_size (rows), ==, n);

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    {
      const char *email = json_object_get_string_member (row, "email");

      g_assert_false (json_object_get_boolean_member (row, "deleted"));
      g_assert_false (g_hash_table_contains (emails, email));
      g_hash_table_add (emails, (gpointer) email);
    }
}

/* ----------------------------------------------------------------------- */
/* A client device                                                         */

SyncClient *
sync_client_new (const char *dir,
                 const char *name,
                 const char *url,
                 const char *chapter_id,
                 const char *token)
{
  SyncClient *client = g_new0 (SyncClient, 1);
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autoptr(GError) error = NULL;

  client->name = g_strdup (name);
  client->path = g_build_filename (dir, file, NULL);
  client->chapter_id = g_strdup (chapter_id);
  client->token = g_strdup (token);
  client->store = ch_store_open (client->path, &error);
  g_assert_no_error (error);

  /* A chapter that is only on the server: the first sync brings it. */
  ch_sync_link (client->store, NULL, url, chapter_id, &error);
  g_assert_no_error (error);

  return client;
}

void
sync_client_free (SyncClient *client)
{
  if (client == NULL)
    return;

  g_clear_object (&client->store);
  g_free (client->name);
  g_free (client->path);
  g_free (client->chapter_id);
  g_free (client->token);
  g_free (client);
}

gboolean
sync_client_sync (SyncClient    *client,
                  ChSyncReport  *report,
                  GError       **error)
{
  return ch_sync_run (client->path, client->chapter_id, client->token, NULL, report, error);
}

void
sync_client_sync_ok (SyncClient   *client,
                     ChSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  if (!sync_client_sync (client, report, &error))
    g_error ("%s: sync failed: %s (%s %d)", client->name, error->message,
             g_quark_to_string (error->domain), error->code);
}

char *
sync_client_add_member (SyncClient *client,
                        const char *given,
                        const char *family,
                        const char *email)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  if (email != NULL)
    json_object_set_string_member (fields, "email", email);
  json_object_set_string_member (fields, "tier", "network");

  ch_store_add_member (client->store, client->chapter_id, fields, &id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);

  return id;
}

void
sync_client_add_members (SyncClient *client,
                         const char *prefix,
                         guint       n)
{
  g_autoptr(GError) error = NULL;

  ch_store_begin (client->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *given = g_strdup_printf ("%s%u", prefix, i);
      g_autofree char *email = g_strdup_printf ("%s.%u@example.org", prefix, i);
      g_autofree char *id = sync_client_add_member (client, given, "Lindqvist", email);
    }
  ch_store_commit (client->store, &error);
  g_assert_no_error (error);
}

void
sync_client_set_field (SyncClient *client,
                       const char *member_id,
                       const char *field,
                       const char *value)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(GError) error = NULL;

  if (value != NULL)
    json_object_set_string_member (changes, field, value);
  else
    json_object_set_null_member (changes, field);

  ch_store_update_member (client->store, member_id, changes, &error);
  g_assert_no_error (error);
}

char *
sync_client_get_text (SyncClient *client,
                      const char *entity,
                      const char *id,
                      const char *field)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;

  row = ch_store_get_row (client->store, entity, id, &error);
  g_assert_no_error (error);

  return g_strdup (json_object_get_string_member_with_default (row, field, NULL));
}

gboolean
sync_client_is_deleted (SyncClient *client,
                        const char *entity,
                        const char *id)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;

  row = ch_store_get_row (client->store, entity, id, &error);
  g_assert_no_error (error);

  return json_object_get_boolean_member (row, "deleted");
}

guint
sync_client_count_rows (SyncClient *client,
                        const char *entity,
                        gboolean    live_only)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = ch_store_open_reader (client->store, &error);
  sqlite3_stmt *st = NULL;
  guint n = 0;

  g_assert_no_error (error);

  /* @entity is a table name given by the test itself. */
  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE chapter_id = ?%s", entity,
                         live_only ? " AND deleted = 0" : "");
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, client->chapter_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  n = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);

  return n;
}

char *
sync_client_outbox_mids (SyncClient *client)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  entries = ch_store_outbox_list (client->store, NULL, 0, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < entries->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            ((ChStoreOutboxEntry *) entries->pdata[i])->mid);

  return g_string_free (out, FALSE);
}

/* ----------------------------------------------------------------------- */
/* The usual fixture                                                       */

void
sync_fixture_setup (SyncFixture   *f,
                    gconstpointer  data)
{
  f->server = sync_server_new ();
  f->dir = sync_test_make_tmp_dir ();
  f->chapter_a = sync_server_admin_ok (f->server, "chapter", "add", "--name", "IAMCP Sweden",
                                       "--country", "SE", "--timezone", "Europe/Stockholm",
                                       "--currency", "SEK", NULL);
  f->chapter_b = sync_server_admin_ok (f->server, "chapter", "add", "--name", "IAMCP Norway",
                                       "--country", "NO", "--timezone", "Europe/Oslo",
                                       "--currency", "NOK", NULL);
  f->token_a = sync_server_admin_ok (f->server, "token", "create", "--name", "Astrid (SE)",
                                     "--chapter", f->chapter_a, NULL);
  f->token_b = sync_server_admin_ok (f->server, "token", "create", "--name", "Bjorn (NO)",
                                     "--chapter", f->chapter_b, NULL);
  f->token_admin = sync_server_admin_ok (f->server, "token", "create", "--name", "ops",
                                         "--admin", NULL);
  sync_server_start (f->server);
}

void
sync_fixture_teardown (SyncFixture   *f,
                       gconstpointer  data)
{
  if (f->server->process != NULL)
    g_assert_cmpint (sync_server_stop (f->server), ==, 0);
  g_clear_pointer (&f->server, sync_server_free);
  sync_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->chapter_a);
  g_free (f->chapter_b);
  g_free (f->token_a);
  g_free (f->token_b);
  g_free (f->token_admin);
}

SyncClient *
sync_fixture_client (SyncFixture *f,
                     const char  *name,
                     const char  *url)
{
  return sync_client_new (f->dir, name, url ? url : f->server->url, f->chapter_a, f->token_a);
}

void
sync_fixture_assert_everywhere (SyncFixture *f,
                                SyncClient  *a,
                                SyncClient  *b,
                                const char  *entity,
                                const char  *id,
                                const char  *field,
                                const char  *expected)
{
  g_autofree char *on_a = sync_client_get_text (a, entity, id, field);
  g_autofree char *on_b = sync_client_get_text (b, entity, id, field);
  g_autofree char *on_server = sync_server_get_text (f->server, f->chapter_a, f->token_a,
                                                     entity, id, field);

  g_assert_cmpstr (on_a, ==, expected);
  g_assert_cmpstr (on_b, ==, expected);
  g_assert_cmpstr (on_server, ==, expected);
}

/* ----------------------------------------------------------------------- */
/* chapterhouse-cli                                                        */

void
sync_cli_run_clear (SyncCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

void
sync_cli (SyncCliRun *run,
          const char *db,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int wait_status = 0;
  va_list args;

  sync_cli_run_clear (run);

  g_ptr_array_add (argv, (char *) sync_test_cli_binary ());
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, db);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Messages as an English-speaking officer reads them. */
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_unsetenv (envp, "LANGUAGE");

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  g_test_message ("chapterhouse-cli %s %s ... exit %d\n%s%s", (char *) argv->pdata[3],
                  argv->len > 5 ? (char *) argv->pdata[4] : "", run->status, run->out, run->err);
}

JsonNode *
sync_cli_json (SyncCliRun *run)
{
  return sync_test_parse_json (run->out, -1);
}

JsonObject *
sync_cli_json_object (SyncCliRun *run)
{
  g_autoptr(JsonNode) node = sync_cli_json (run);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

char *
sync_test_write_token_file (const char *dir,
                            const char *name,
                            const char *token)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = g_strconcat (token, "\n", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

/* ----------------------------------------------------------------------- */
/* The proxy                                                               */

struct _SyncProxy
{
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *accept_thread;
  char            *url;

  GMutex           lock;
  char            *upstream_host;
  guint16          upstream_port;
  SyncProxyRule    rule;
  gpointer         rule_data;
  GFunc            kill_hook;
  gpointer         kill_data;
  GPtrArray       *requests;   /* "METHOD /path?query" */
  GHashTable      *counts;     /* "METHOD /path" → count */
  GPtrArray       *threads;    /* connection threads */
  char            *strip;      /* a header taken out of every answer, or NULL */
};

typedef struct
{
  SyncProxy         *proxy;
  GSocketConnection *conn;
} ProxyConn;

/* Reads one HTTP/1.1 message (head and a Content-Length body) from @in,
 * keeping what follows in @buf.  FALSE at the end of the stream or on an
 * error. */
static gboolean
read_message (GInputStream  *in,
              GByteArray    *buf,
              GCancellable  *cancellable,
              char         **head_out,
              GBytes       **body_out)
{
  gsize head_len = 0;
  guint64 body_len = 0;
  g_auto(GStrv) lines = NULL;

  for (;;)
    {
      guint8 chunk[16384];
      gssize n;

      for (gsize i = 0; buf->len >= 4 && i <= buf->len - 4 && head_len == 0; i++)
        if (memcmp (buf->data + i, "\r\n\r\n", 4) == 0)
          head_len = i + 4;

      if (head_len > 0)
        {
          g_autofree char *head = g_strndup ((const char *) buf->data, head_len);

          g_clear_pointer (&lines, g_strfreev);
          lines = g_strsplit (head, "\r\n", -1);
          body_len = 0;
          for (guint i = 1; lines[i] != NULL; i++)
            {
              if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0)
                body_len = g_ascii_strtoull (lines[i] + 15, NULL, 10);
              if (g_ascii_strncasecmp (lines[i], "Transfer-Encoding:", 18) == 0)
                g_error ("the test proxy does not handle %s", lines[i]);
            }

          if (buf->len >= head_len + body_len)
            {
              *head_out = g_steal_pointer (&head);
              *body_out = g_bytes_new (buf->data + head_len, body_len);
              g_byte_array_remove_range (buf, 0, head_len + body_len);
              return TRUE;
            }
        }

      n = g_input_stream_read (in, chunk, sizeof chunk, cancellable, NULL);
      if (n <= 0)
        return FALSE;
      g_byte_array_append (buf, chunk, n);
    }
}

static gboolean
write_message (GOutputStream *out,
               const char    *head,
               GBytes        *body,
               GCancellable  *cancellable)
{
  return g_output_stream_write_all (out, head, strlen (head), NULL, cancellable, NULL) &&
         g_output_stream_write_all (out, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                    NULL, cancellable, NULL) &&
         g_output_stream_flush (out, cancellable, NULL);
}

/* Reads from @client until it hangs up (or the proxy is freed). */
static void
wait_for_hang_up (SyncProxy *proxy,
                  GIOStream *client)
{
  guint8 chunk[4096];

  while (g_input_stream_read (g_io_stream_get_input_stream (client), chunk, sizeof chunk,
                              proxy->cancellable, NULL) > 0)
    ;
}

/* Handles one request; FALSE when the client's connection is to be closed. */
static gboolean
proxy_one (SyncProxy     *proxy,
           GIOStream     *client,
           GByteArray    *buf)
{
  g_autofree char *head = NULL;
  g_autofree char *new_head = NULL;
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_autofree char *key = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GSocketClient) connector = NULL;
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GByteArray) upstream_buf = g_byte_array_new ();
  g_autofree char *reply_head = NULL;
  g_autoptr(GBytes) reply_body = NULL;
  const char *rest;
  const char *sp1, *sp2;
  SyncProxyAction action = SYNC_PROXY_FORWARD;
  SyncProxyRule rule;
  gpointer rule_data;
  guint16 port;
  guint n;

  if (!read_message (g_io_stream_get_input_stream (client), buf, proxy->cancellable, &head, &body))
    return FALSE;

  /* "METHOD TARGET HTTP/1.1\r\n…" */
  sp1 = strchr (head, ' ');
  sp2 = sp1 ? strchr (sp1 + 1, ' ') : NULL;
  g_assert_nonnull (sp2);
  method = g_strndup (head, sp1 - head);
  target = g_strndup (sp1 + 1, sp2 - sp1 - 1);
  rest = sp2;
  key = g_strdup_printf ("%s %.*s", method, (int) strcspn (target, "?"), target);

  g_mutex_lock (&proxy->lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (proxy->counts, key)) + 1;
  g_hash_table_replace (proxy->counts, g_strdup (key), GUINT_TO_POINTER (n));
  rule = proxy->rule;
  rule_data = proxy->rule_data;
  host = g_strdup (proxy->upstream_host);
  port = proxy->upstream_port;
  g_mutex_unlock (&proxy->lock);

  if (rule != NULL)
    action = rule (method, &target, n, rule_data);

  g_mutex_lock (&proxy->lock);
  g_ptr_array_add (proxy->requests, g_strdup_printf ("%s %s", method, target));
  g_mutex_unlock (&proxy->lock);

  if (action == SYNC_PROXY_DROP_REQUEST)
    return FALSE;

  if (action == SYNC_PROXY_STALL)
    {
      wait_for_hang_up (proxy, client);
      return FALSE;
    }

  if (action == SYNC_PROXY_BUSY)
    {
      static const char busy[] =
        "{\"error\":{\"code\":\"busy\",\"message\":\"The server is busy; try again later.\"}}";
      g_autoptr(GBytes) busy_body = g_bytes_new_static (busy, strlen (busy));
      g_autofree char *busy_head =
        g_strdup_printf ("HTTP/1.1 503 Service Unavailable\r\n"
                         "Content-Type: application/json\r\n"
                         "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                         "Retry-After: 30\r\n\r\n", strlen (busy));

      return write_message (g_io_stream_get_output_stream (client), busy_head, busy_body,
                            proxy->cancellable);
    }

  new_head = g_strdup_printf ("%s %s%s", method, target, rest);

  connector = g_socket_client_new ();
  g_socket_client_set_timeout (connector, 30);
  upstream = g_socket_client_connect_to_host (connector, host, port, proxy->cancellable, NULL);
  if (upstream == NULL)
    return FALSE;  /* the server is down: so is the connection */

  if (!write_message (g_io_stream_get_output_stream (G_IO_STREAM (upstream)), new_head, body,
                      proxy->cancellable))
    return FALSE;

  if (action == SYNC_PROXY_KILL_SERVER)
    {
      GFunc hook;
      gpointer hook_data;

      g_mutex_lock (&proxy->lock);
      hook = proxy->kill_hook;
      hook_data = proxy->kill_data;
      g_mutex_unlock (&proxy->lock);

      g_assert_nonnull (hook);
      hook (hook_data, NULL);
      return FALSE;
    }

  if (!read_message (g_io_stream_get_input_stream (G_IO_STREAM (upstream)), upstream_buf,
                     proxy->cancellable, &reply_head, &reply_body))
    return FALSE;

  g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);

  if (action == SYNC_PROXY_DROP_REPLY)
    return FALSE;

  if (action == SYNC_PROXY_STALL_REPLY)
    {
      g_autoptr(GBytes) half = g_bytes_new_from_bytes (reply_body, 0,
                                                       g_bytes_get_size (reply_body) / 2);

      g_assert_cmpuint (g_bytes_get_size (half), >, 0);
      if (write_message (g_io_stream_get_output_stream (client), reply_head, half,
                         proxy->cancellable))
        wait_for_hang_up (proxy, client);
      return FALSE;
    }

  g_mutex_lock (&proxy->lock);
  if (proxy->strip != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (reply_head, "\r\n", -1);
      g_autofree char *prefix = g_strconcat (proxy->strip, ":", NULL);
      GString *kept = g_string_new (NULL);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (g_ascii_strncasecmp (lines[i], prefix, strlen (prefix)) == 0)
            continue;
          if (i > 0)
            g_string_append (kept, "\r\n");
          g_string_append (kept, lines[i]);
        }
      g_free (reply_head);
      reply_head = g_string_free (kept, FALSE);
    }
  g_mutex_unlock (&proxy->lock);

  return write_message (g_io_stream_get_output_stream (client), reply_head, reply_body,
                        proxy->cancellable);
}

static gpointer
proxy_conn_thread (gpointer data)
{
  ProxyConn *pc = data;
  g_autoptr(GByteArray) buf = g_byte_array_new ();

  while (proxy_one (pc->proxy, G_IO_STREAM (pc->conn), buf))
    ;

  g_io_stream_close (G_IO_STREAM (pc->conn), NULL, NULL);
  g_object_unref (pc->conn);
  g_free (pc);

  return NULL;
}

static gpointer
proxy_accept_thread (gpointer data)
{
  SyncProxy *proxy = data;

  for (;;)
    {
      GSocketConnection *conn;
      ProxyConn *pc;
      GThread *thread;

      conn = g_socket_listener_accept (proxy->listener, NULL, proxy->cancellable, NULL);
      if (conn == NULL)
        return NULL;

      pc = g_new0 (ProxyConn, 1);
      pc->proxy = proxy;
      pc->conn = conn;
      thread = g_thread_new ("sync-proxy-conn", proxy_conn_thread, pc);

      g_mutex_lock (&proxy->lock);
      g_ptr_array_add (proxy->threads, thread);
      g_mutex_unlock (&proxy->lock);
    }
}

static void
parse_url (const char  *url,
           char       **host,
           guint16     *port)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  *host = g_strdup (g_uri_get_host (uri));
  *port = (guint16) g_uri_get_port (uri);
}

SyncProxy *
sync_proxy_new (const char *upstream_url)
{
  SyncProxy *proxy = g_new0 (SyncProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&proxy->lock);
  proxy->requests = g_ptr_array_new_with_free_func (g_free);
  proxy->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  proxy->threads = g_ptr_array_new ();
  proxy->cancellable = g_cancellable_new ();
  parse_url (upstream_url, &proxy->upstream_host, &proxy->upstream_port);

  proxy->listener = g_socket_listener_new ();
  g_socket_listener_add_address (proxy->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));

  proxy->accept_thread = g_thread_new ("sync-proxy", proxy_accept_thread, proxy);

  return proxy;
}

void
sync_proxy_free (SyncProxy *proxy)
{
  if (proxy == NULL)
    return;

  /* Wakes the accept loop and every connection blocked in a read. */
  g_cancellable_cancel (proxy->cancellable);
  g_thread_join (proxy->accept_thread);
  g_socket_listener_close (proxy->listener);

  for (guint i = 0; i < proxy->threads->len; i++)
    g_thread_join (proxy->threads->pdata[i]);

  g_ptr_array_unref (proxy->threads);
  g_ptr_array_unref (proxy->requests);
  g_hash_table_unref (proxy->counts);
  g_object_unref (proxy->listener);
  g_object_unref (proxy->cancellable);
  g_free (proxy->upstream_host);
  g_free (proxy->strip);
  g_free (proxy->url);
  g_mutex_clear (&proxy->lock);
  g_free (proxy);
}

const char *
sync_proxy_get_url (SyncProxy *proxy)
{
  return proxy->url;
}

void
sync_proxy_set_upstream (SyncProxy  *proxy,
                         const char *upstream_url)
{
  g_mutex_lock (&proxy->lock);
  g_free (proxy->upstream_host);
  g_free (proxy->strip);
  parse_url (upstream_url, &proxy->upstream_host, &proxy->upstream_port);
  g_mutex_unlock (&proxy->lock);
}

void
sync_proxy_set_limit (char  **path,
                      guint   limit)
{
  char *found = strstr (*path, "limit=");
  g_autofree char *head = NULL;
  const char *tail;

  if (found == NULL)
    return;

  head = g_strndup (*path, found - *path);
  tail = found + strcspn (found, "&");
  found = g_strdup_printf ("%slimit=%u%s", head, limit, tail);
  g_free (*path);
  *path = found;
}

void
sync_proxy_set_rule (SyncProxy     *proxy,
                     SyncProxyRule  rule,
                     gpointer       user_data)
{
  g_mutex_lock (&proxy->lock);
  proxy->rule = rule;
  proxy->rule_data = user_data;
  g_mutex_unlock (&proxy->lock);
}

void
sync_proxy_set_kill_hook (SyncProxy *proxy,
                          GFunc      hook,
                          gpointer   user_data)
{
  g_mutex_lock (&proxy->lock);
  proxy->kill_hook = hook;
  proxy->kill_data = user_data;
  g_mutex_unlock (&proxy->lock);
}

void
sync_proxy_strip_reply_header (SyncProxy  *proxy,
                               const char *name)
{
  g_mutex_lock (&proxy->lock);
  g_free (proxy->strip);
  proxy->strip = g_strdup (name);
  g_mutex_unlock (&proxy->lock);
}

GPtrArray *
sync_proxy_get_requests (SyncProxy *proxy)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  g_mutex_lock (&proxy->lock);
  for (guint i = 0; i < proxy->requests->len; i++)
    g_ptr_array_add (copy, g_strdup (proxy->requests->pdata[i]));
  g_mutex_unlock (&proxy->lock);

  return copy;
}

guint
sync_proxy_count (SyncProxy  *proxy,
                  const char *method,
                  const char *part)
{
  g_autoptr(GPtrArray) requests = sync_proxy_get_requests (proxy);
  g_autofree char *prefix = g_strconcat (method, " ", NULL);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      const char *r = requests->pdata[i];

      if (g_str_has_prefix (r, prefix) && strstr (r, part) != NULL)
        n++;
    }

  return n;
}
