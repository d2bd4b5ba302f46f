/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-tombstone"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ch-test-server.h"

/*
 * A deleted member's tombstone on the server keeps no personal field
 * (docs/sync-protocol.md, "Deleted members"): not after a delete, not
 * after a merge, not in a database of an older level once this server
 * opened it.  A restore must bring the fields back, else it is refused
 * with "restore_needs_fields" and the member stays deleted.
 */

#define GIVEN  "Ottilie"
#define FAMILY "Brannigan"
#define EMAIL  "ob@tomb.example"
#define PHONE  "+99 555 0177"

static const char * const personal[] = { GIVEN, FAMILY, EMAIL, "555 0177", "Quietbrook" };

typedef struct
{
  ChTestServer *ts;
  char         *chapter;
  char         *token;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->ts = ch_test_server_new_chapter ("IAMCP Tombs", &f->chapter, &f->token);
  ch_test_server_start (f->ts);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->ts != NULL)
    ch_test_server_finish (f->ts);
  g_free (f->chapter);
  g_free (f->token);
}

static JsonNode *
push (Fixture    *f,
      const char *mutations)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter);
  g_autofree char *body = g_strdup_printf ("{\"device_id\":\"laptop\",\"schema_version\":1,"
                                           "\"mutations\":[%s]}", mutations);
  guint status = 0;
  JsonNode *reply = ch_test_server_request_json (f->ts, "POST", path, f->token, body, &status);

  g_assert_cmpuint (status, ==, 200);
  return reply;
}

static JsonObject *
result (JsonNode *reply)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (reply), "results");

  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_array_get_object_element (results, 0);
}

static const char *
text (JsonObject *item,
      const char *name)
{
  JsonObject *fields = json_object_get_object_member (item, "fields");

  if (!json_object_has_member (fields, name) || json_object_get_null_member (fields, name))
    return NULL;
  return json_object_get_string_member (fields, name);
}

/* From the feed (with tombstones): the member's row, or with @conflict
 * the conflict row about member @id. */
static JsonObject *
feed_find (Fixture    *f,
           const char *id,
           gboolean    conflict,
           JsonNode  **page)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?since=0&tombstones=true",
                                           f->chapter);
  guint status = 0;
  JsonArray *items;

  *page = ch_test_server_request_json (f->ts, "GET", path, f->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (*page), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (conflict ? g_str_equal (json_object_get_string_member (item, "entity"), "conflict") &&
                       g_strcmp0 (text (item, "row_id"), id) == 0
                   : g_str_equal (json_object_get_string_member (item, "id"), id))
        return item;
    }

  if (conflict)
    g_error ("no conflict about %s in the feed", id);
  g_error ("member %s is not in the feed", id);
}

static JsonObject *
feed_row (Fixture    *f,
          const char *id,
          JsonNode  **page)
{
  return feed_find (f, id, FALSE, page);
}

static char *
insert (const char *id,
        gint64      mid)
{
  return g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"insert\",\"set\":{\"given_name\":\"" GIVEN "\","
                          "\"family_name\":\"" FAMILY "\",\"email\":\"" EMAIL "\","
                          "\"phone\":\"" PHONE "\",\"city\":\"Quietbrook\",\"birth_year\":1970,"
                          "\"tier\":\"chapter\",\"joined_on\":\"2020-01-01\"}}", mid, id);
}

static char *
op (const char *id,
    gint64      mid,
    const char *what,
    const char *set)
{
  return g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"%s\",\"set\":{%s}}", mid, id, what, set);
}

static void
add_member (Fixture    *f,
            const char *id,
            gint64      mid)
{
  g_autofree char *m = insert (id, mid);
  g_autoptr(JsonNode) reply = push (f, m);

  g_assert_cmpstr (json_object_get_string_member (result (reply), "status"), ==, "applied");
}

static void
delete_member (Fixture    *f,
               const char *id,
               gint64      mid)
{
  g_autofree char *m = op (id, mid, "delete", "");
  g_autoptr(JsonNode) reply = push (f, m);

  g_assert_cmpstr (json_object_get_string_member (result (reply), "status"), ==, "applied");
}

/* What a device gets: a tombstone without the personal fields, with what
 * statistics need. */
static void
assert_scrubbed (JsonObject *item)
{
  JsonObject *fields = json_object_get_object_member (item, "fields");

  g_assert_true (json_object_get_boolean_member (item, "deleted"));
  g_assert_null (text (item, "given_name"));
  g_assert_null (text (item, "family_name"));
  g_assert_null (text (item, "email"));
  g_assert_null (text (item, "phone"));
  g_assert_null (text (item, "city"));
  g_assert_true (json_object_get_null_member (fields, "birth_year"));
  g_assert_cmpstr (text (item, "tier"), ==, "chapter");
  g_assert_cmpstr (text (item, "joined_on"), ==, "2020-01-01");
}

/* How often @needle is in the database file and its WAL, after a
 * checkpoint and VACUUM (the server stopped). */
static guint
count_in_files (const char *db_path,
                const char *needle)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  const char *files[] = { db_path, wal };
  gsize n = strlen (needle);
  sqlite3 *db = NULL;
  guint count = 0;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (files[i], &contents, &length, NULL))
        continue;
      for (gsize j = 0; j + n <= length; j++)
        if (memcmp (contents + j, needle, n) == 0)
          count++;
    }

  return count;
}

static void
assert_gone_from_disk (Fixture *f)
{
  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
    {
      guint n = count_in_files (f->ts->db, personal[i]);

      if (n != 0)
        g_error ("“%s” is %u times in %s", personal[i], n, f->ts->db);
    }
}

static void
test_delete_drops_fields (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(JsonNode) page = NULL;

  add_member (f, id, 1);
  delete_member (f, id, 2);
  assert_scrubbed (feed_row (f, id, &page));

  /* Deleting it again writes the tombstone again: still nothing. */
  delete_member (f, id, 3);
  g_clear_pointer (&page, json_node_unref);
  assert_scrubbed (feed_row (f, id, &page));

  assert_gone_from_disk (f);
}

static void
test_restore_needs_fields (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *bare = op (id, 3, "restore", "");
  g_autofree char *partial = op (id, 4, "restore", "\"email\":\"" EMAIL "\"");
  g_autofree char *whole = op (id, 5, "restore", "\"given_name\":\"" GIVEN "\","
                               "\"family_name\":\"" FAMILY "\",\"email\":\"" EMAIL "\"");
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonObject *item;

  add_member (f, id, 1);
  delete_member (f, id, 2);

  /* A restore that brings no names (an older client, or a device that
   * only had the tombstone) is refused; the member stays deleted. */
  r1 = push (f, bare);
  g_assert_cmpstr (json_object_get_string_member (result (r1), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result (r1), "code"), ==,
                   "restore_needs_fields");
  g_assert_nonnull (strstr (json_object_get_string_member (result (r1), "message"),
                            "details were removed"));
  r2 = push (f, partial);
  g_assert_cmpstr (json_object_get_string_member (result (r2), "code"), ==,
                   "restore_needs_fields");
  assert_scrubbed (feed_row (f, id, &page));

  /* The device's copy brings the member back. */
  r3 = push (f, whole);
  g_assert_cmpstr (json_object_get_string_member (result (r3), "status"), ==, "applied");
  g_clear_pointer (&page, json_node_unref);
  item = feed_row (f, id, &page);
  g_assert_false (json_object_get_boolean_member (item, "deleted"));
  g_assert_cmpstr (text (item, "given_name"), ==, GIVEN);
  g_assert_cmpstr (text (item, "email"), ==, EMAIL);
  g_assert_cmpstr (text (item, "tier"), ==, "chapter");
  g_assert_null (text (item, "phone"));
}

static void
test_merge_drops_fields (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *survivor = g_uuid_string_random ();
  g_autofree char *survivor_insert = g_strdup_printf (
    "{\"mid\":2,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"insert\","
    "\"set\":{\"given_name\":\"Otti\",\"family_name\":\"B.\"}}", survivor);
  g_autofree char *into = g_strdup_printf ("\"merged_into\":\"%s\"", survivor);
  g_autofree char *merge = op (id, 3, "delete", into);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonObject *item;

  add_member (f, id, 1);
  r1 = push (f, survivor_insert);
  r2 = push (f, merge);
  g_assert_cmpstr (json_object_get_string_member (result (r2), "status"), ==, "applied");
  item = feed_row (f, id, &page);
  assert_scrubbed (item);
  g_assert_cmpstr (text (item, "merged_into"), ==, survivor);

  assert_gone_from_disk (f);
}

/* The conflict row of member @id in the feed. */
static JsonObject *
feed_conflict (Fixture    *f,
               const char *id,
               JsonNode  **page)
{
  return feed_find (f, id, TRUE, page);
}

/* An edit made after the deletion is kept in the "deleted" conflict for
 * the officers to decide; once they keep the member deleted, the edit's
 * values go too. */
static void
test_declined_edit_dropped (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *edit = g_strdup_printf (
    "{\"mid\":3,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\","
    "\"base\":{\"phone\":\"" PHONE "\"},\"set\":{\"phone\":\"+99 555 0178\"}}", id);
  g_autofree char *resolve = NULL;
  g_autofree char *conflict_id = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonObject *conflict;

  add_member (f, id, 1);
  delete_member (f, id, 2);
  r1 = push (f, edit);
  g_assert_cmpstr (json_object_get_string_member (result (r1), "status"), ==, "conflict");
  conflict = feed_conflict (f, id, &page);
  g_assert_nonnull (strstr (text (conflict, "mine"), "555 0178"));
  conflict_id = g_strdup (json_object_get_string_member (conflict, "id"));

  resolve = g_strdup_printf ("{\"mid\":4,\"entity\":\"conflict\",\"id\":\"%s\","
                             "\"op\":\"update\",\"base\":{\"resolved\":false},"
                             "\"set\":{\"resolved\":true,\"resolution\":\"theirs\","
                             "\"resolved_by\":\"laptop\"}}", conflict_id);
  r2 = push (f, resolve);
  g_assert_cmpstr (json_object_get_string_member (result (r2), "status"), ==, "applied");
  g_clear_pointer (&page, json_node_unref);
  conflict = feed_conflict (f, id, &page);
  g_assert_cmpstr (text (conflict, "mine"), ==, "{}");
  g_assert_cmpstr (text (conflict, "resolution"), ==, "theirs");

  assert_gone_from_disk (f);
  g_assert_cmpuint (count_in_files (f->ts->db, "555 0178"), ==, 0);
}

/* A database of level 2 (before tombstones were scrubbed), with a
 * tombstone that still holds the member's fields: the server brings it up
 * to level 3 at start, and the fields are gone, from the feed and from
 * the file. */
static void
test_upgrade_scrubs (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *sql = NULL;
  g_autoptr(JsonNode) page = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *s = NULL;

  add_member (f, id, 1);
  delete_member (f, id, 2);
  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);

  g_assert_cmpint (sqlite3_open (f->ts->db, &db), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("UPDATE records SET fields = json_set(fields, "
                         "'$.given_name', '" GIVEN "', '$.family_name', '" FAMILY "', "
                         "'$.email', '" EMAIL "', '$.phone', '" PHONE "', "
                         "'$.city', 'Quietbrook') "
                         "WHERE id = %Q; PRAGMA user_version = 2;", id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (g_steal_pointer (&sql));
  sqlite3_close (db);
  g_assert_cmpuint (count_in_files (f->ts->db, GIVEN), >, 0);

  ch_test_server_start (f->ts);
  assert_scrubbed (feed_row (f, id, &page));

  g_assert_cmpint (sqlite3_open (f->ts->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &s, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (s, 0), ==, 3);
  sqlite3_finalize (s);
  sqlite3_close (db);

  assert_gone_from_disk (f);
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/server/tombstone/delete-drops-fields", test_delete_drops_fields);
  ADD ("/server/tombstone/restore-needs-fields", test_restore_needs_fields);
  ADD ("/server/tombstone/merge-drops-fields", test_merge_drops_fields);
  ADD ("/server/tombstone/upgrade-scrubs", test_upgrade_scrubs);
  ADD ("/server/tombstone/declined-edit-dropped", test_declined_edit_dropped);
#undef ADD

  return g_test_run ();
}
