/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <locale.h>

#include "ch-events.h"
#include "ch-store-private.h"
#include "ch-test-util.h"
#include "ch-uuid.h"

void
test_init_c_locale (int    *argc,
                    char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (argc, argv, NULL);
}

char *
test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("chapterhouse-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);

  return dir;
}

void
test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL)
    return;

  d = g_dir_open (dir, 0, NULL);
  if (d != NULL)
    {
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (dir, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            test_remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (dir);
}

void
store_fixture_setup (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(ChChapter) chapter = NULL;

  f->dir = test_make_tmp_dir ();
  f->path = g_build_filename (f->dir, "chapterhouse.db", NULL);
  f->store = ch_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);

  fields = test_json ("{'name': 'Test Chapter', 'country': 'Sweden', 'city': 'Stockholm',"
                      " 'timezone': 'Europe/Stockholm', 'currency': 'SEK',"
                      " 'dues_amount': 150000, 'grace_days': 30}");
  chapter = ch_store_create_chapter (f->store, fields, &error);
  g_assert_no_error (error);
  g_assert_nonnull (chapter);
  f->chapter_id = g_strdup (ch_chapter_get_id (chapter));
}

void
store_fixture_teardown (StoreFixture  *f,
                        gconstpointer  data)
{
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  f->store = NULL;
  test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->chapter_id, g_free);
}

JsonObject *
test_json (const char *json_with_single_quotes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup (json_with_single_quotes);
  JsonNode *root;

  g_strdelimit (text, "'", '"');
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

char *
test_json_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

void
test_assert_json (JsonObject *actual,
                  const char *expected_with_single_quotes)
{
  g_autoptr(JsonObject) expected = test_json (expected_with_single_quotes);
  g_autoptr(JsonNode) a = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) b = json_node_new (JSON_NODE_OBJECT);

  g_assert_nonnull (actual);
  json_node_set_object (a, actual);
  json_node_set_object (b, expected);

  if (!json_node_equal (a, b))
    {
      g_autofree char *got = test_json_to_string (actual);
      g_autofree char *want = test_json_to_string (expected);

      g_assert_cmpstr (got, ==, want);
    }
}

char *
test_add_member_fields (ChStore    *store,
                        const char *chapter_id,
                        JsonObject *fields)
{
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  g_assert_true (ch_store_add_member (store, chapter_id, fields, &id, &error));
  g_assert_no_error (error);
  g_assert_true (ch_uuid_is_valid (id));

  return id;
}

char *
test_add_member (ChStore    *store,
                 const char *chapter_id,
                 const char *given,
                 const char *family,
                 const char *email)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  if (email != NULL)
    json_object_set_string_member (fields, "email", email);

  return test_add_member_fields (store, chapter_id, fields);
}

char *
test_add_event (ChStore    *store,
                const char *chapter_id,
                const char *json_with_single_quotes)
{
  g_autoptr(JsonObject) fields = test_json (json_with_single_quotes);
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  g_assert_true (ch_event_save (store, chapter_id, NULL, fields, &id, &error));
  g_assert_no_error (error);
  g_assert_nonnull (id);

  return id;
}

char *
test_row_text (ChStore    *store,
               const char *entity,
               const char *id,
               const char *field)
{
  g_autoptr(JsonObject) row = ch_store_get_row (store, entity, id, NULL);

  g_assert_nonnull (row);
  return g_strdup (json_object_get_string_member_with_default (row, field, NULL));
}

gint64
test_row_int (ChStore    *store,
              const char *entity,
              const char *id,
              const char *field)
{
  g_autoptr(JsonObject) row = ch_store_get_row (store, entity, id, NULL);

  g_assert_nonnull (row);
  return json_object_get_int_member_with_default (row, field, -1);
}

char *
test_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
test_wait_loaded (ChMemberList *list)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, on_timeout_cb, &timed_out);

  while (ch_member_list_get_loading (list) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
on_list_finalized (gpointer data)
{
  GThread **finalized_on = data;

  *finalized_on = g_thread_self ();
}

void
test_finalize_list (ChMemberList *list)
{
  GThread *finalized_on = NULL;

  /* Object data goes last in finalize, after the list let go of the store
   * (weak pointers are cleared earlier, in dispose). */
  g_object_set_data_full (G_OBJECT (list), "test-finalized", &finalized_on, on_list_finalized);
  g_object_unref (list);

  g_assert_true (finalized_on == g_thread_self ());
}

char *
test_list_names (ChMemberList *list)
{
  GString *out = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChMember) member = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_nonnull (member);
      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, ch_member_get_display_name (member));
    }

  return g_string_free (out, FALSE);
}

void
test_update_member (ChStore    *store,
                    const char *id,
                    const char *json_with_single_quotes)
{
  g_autoptr(JsonObject) changes = test_json (json_with_single_quotes);
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_store_update_member (store, id, changes, &error));
  g_assert_no_error (error);
}

JsonObject *
test_specialty_fields (const char *member_id,
                       const char *specialty)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "member_id", member_id);
  json_object_set_string_member (fields, "specialty", specialty);
  return fields;
}

ChStoreOutboxEntry *
test_last_outbox (ChStore *store)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = ch_store_outbox_list (store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);

  if (entries->len == 0)
    return NULL;

  return g_ptr_array_steal_index (entries, entries->len - 1);
}

gint64
test_query_int (const char *db_path,
                const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);

  return value;
}

char *
test_query_text (const char *db_path,
                 const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  char *value;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  sqlite3_close (db);

  return value;
}
