/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-apply"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ch-test-server.h"

/*
 * The quick paths of a push (issue 17): an update applied on the row's
 * stored text and written in place, and the index of members' rows that
 * leaves members out.  What a device sees must be what the slower paths
 * give: e-mail addresses taken and freed by edits, values already held,
 * a group edited from a stale base, a row not in the stored form, and a
 * member's rows found after an older server's database is opened.
 */

typedef struct
{
  ChTestServer *ts;
  char         *chapter;
  char         *token;
  gint64        mid;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->ts = ch_test_server_new_chapter ("IAMCP Quick", &f->chapter, &f->token);
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

/* Pushes one mutation: "op" @op of @entity @id with "base" @base (or
 * none) and "set" @set; the result object (owned by *@reply). */
static JsonObject *
push (Fixture     *f,
      const char  *entity,
      const char  *id,
      const char  *op,
      const char  *base,
      const char  *set,
      JsonNode   **reply)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter);
  g_autofree char *body = NULL;
  guint status = 0;
  JsonArray *results;

  f->mid++;
  body = g_strdup_printf ("{\"device_id\":\"laptop\",\"schema_version\":1,\"mutations\":"
                          "[{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"%s\",\"id\":\"%s\","
                          "\"op\":\"%s\"%s%s%s,\"set\":{%s}}]}",
                          f->mid, entity, id, op, base ? ",\"base\":{" : "", base ? base : "",
                          base ? "}" : "", set);
  *reply = ch_test_server_request_json (f->ts, "POST", path, f->token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (*reply), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);

  return json_array_get_object_element (results, 0);
}

static const char *
status_of (JsonObject *result)
{
  return json_object_get_string_member (result, "status");
}

static void
add_member (Fixture    *f,
            const char *id,
            const char *given,
            const char *email)
{
  g_autofree char *set = g_strdup_printf ("\"given_name\":\"%s\",\"family_name\":\"Quill\","
                                          "\"email\":\"%s\",\"city\":\"Lisboa\","
                                          "\"tier\":\"chapter\",\"joined_on\":\"2021-02-03\"",
                                          given, email);
  g_autoptr(JsonNode) reply = NULL;

  g_assert_cmpstr (status_of (push (f, "member", id, "insert", NULL, set, &reply)), ==,
                   "applied");
}

/* The row @id of the feed, with its version in *@version. */
static JsonObject *
feed_row (Fixture    *f,
          const char *id,
          gint64     *version,
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

      if (g_str_equal (json_object_get_string_member (item, "id"), id))
        {
          if (version != NULL)
            *version = json_object_get_int_member (item, "version");
          return json_object_get_object_member (item, "fields");
        }
    }

  g_error ("row %s is not in the feed", id);
}

/* The number of rows of @sql's answer in the stopped server's file. */
static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *s = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open (f->ts->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &s, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  sqlite3_close (db);

  return n;
}

static void
exec_sql (Fixture    *f,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->ts->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* An edit of an e-mail address takes the new one and frees the old one:
 * a second member with the new address is a possible duplicate, one with
 * the old address is not.  Edits of other fields keep the address. */
static void
test_email_follows_edits (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *a = g_uuid_string_random ();
  g_autofree char *b = g_uuid_string_random ();
  g_autofree char *c = g_uuid_string_random ();
  g_autofree char *d = g_uuid_string_random ();
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) page = NULL;

  add_member (f, a, "Ada", "ada@old.example");
  g_assert_cmpstr (status_of (push (f, "member", a, "update", "\"city\":\"Lisboa\"",
                                    "\"city\":\"Porto\"", &r1)), ==, "applied");
  g_assert_cmpstr (status_of (push (f, "member", a, "update",
                                    "\"email\":\"ada@old.example\"",
                                    "\"email\":\"Ada@New.example\"", &r2)), ==, "applied");

  add_member (f, b, "Bea", "ada@old.example");
  g_assert_cmpstr (status_of (push (f, "member", c, "insert", NULL,
                                    "\"given_name\":\"Cid\",\"family_name\":\"Quill\","
                                    "\"email\":\"ada@new.example\"", &r3)), ==, "conflict");

  /* And the city edit before kept the address: a third one with it is
   * a duplicate of b, which now holds it. */
  {
    g_autoptr(JsonNode) r4 = NULL;

    g_assert_cmpstr (status_of (push (f, "member", d, "insert", NULL,
                                      "\"given_name\":\"Dag\",\"family_name\":\"Quill\","
                                      "\"email\":\"ADA@old.example\"", &r4)), ==, "conflict");
  }

  g_assert_cmpstr (json_object_get_string_member (feed_row (f, a, NULL, &page), "city"), ==,
                   "Porto");
}

/* A value the server already holds is no new version; a group changed
 * since the device's base is a conflict and keeps the server's values;
 * a stale base with the value already there is applied. */
static void
test_held_and_stale (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *a = g_uuid_string_random ();
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) p1 = NULL;
  g_autoptr(JsonNode) p2 = NULL;
  JsonObject *result;
  JsonObject *fields;
  gint64 before, after;

  add_member (f, a, "Ada", "ada@held.example");
  feed_row (f, a, &before, &p1);

  result = push (f, "member", a, "update", "\"city\":\"Faro\"", "\"city\":\"Lisboa\"", &r1);
  g_assert_cmpstr (status_of (result), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (result, "version"), ==, before);

  /* The name group: given_name changed here, family_name in the base is
   * not the server's. */
  result = push (f, "member", a, "update", "\"given_name\":\"Ada\",\"family_name\":\"Other\"",
                 "\"given_name\":\"Adah\"", &r2);
  g_assert_cmpstr (status_of (result), ==, "conflict");

  result = push (f, "member", a, "update", "\"phone\":\"1\",\"city\":\"Faro\"",
                 "\"phone\":null,\"city\":\"Lisboa\"", &r3);
  g_assert_cmpstr (status_of (result), ==, "applied");

  fields = feed_row (f, a, &after, &p2);
  g_assert_cmpstr (json_object_get_string_member (fields, "given_name"), ==, "Ada");
  g_assert_cmpstr (json_object_get_string_member (fields, "city"), ==, "Lisboa");
  g_assert_true (json_object_get_null_member (fields, "phone"));
  g_assert_cmpint (after, ==, before);  /* nothing of the member changed */
}

/* A row whose stored text is not in the server's own form (its fields in
 * another order, as another tool might leave them) still takes an edit,
 * and is written in the server's form again. */
static void
test_row_in_other_form (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *a = g_uuid_string_random ();
  g_autofree char *sql = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonObject *fields;

  add_member (f, a, "Ada", "ada@form.example");
  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);
  sql = g_strdup_printf ("UPDATE records SET fields = json_object("
                         "'city', 'Lisboa', 'given_name', 'Ada', 'family_name', 'Quill', "
                         "'email', 'ada@form.example', 'tier', 'chapter', "
                         "'joined_on', '2021-02-03') WHERE id = '%s'", a);
  exec_sql (f, sql);
  ch_test_server_start (f->ts);

  g_assert_cmpstr (status_of (push (f, "member", a, "update", "\"city\":\"Lisboa\"",
                                    "\"city\":\"Braga\"", &r1)), ==, "applied");
  fields = feed_row (f, a, NULL, &page);
  g_assert_cmpstr (json_object_get_string_member (fields, "city"), ==, "Braga");
  g_assert_cmpstr (json_object_get_string_member (fields, "given_name"), ==, "Ada");
  g_assert_true (json_object_has_member (fields, "notes"));  /* every field again */
}

/* A database an older server left, with its index of every row by
 * member: this server swaps it for the one without members, and a merge
 * still finds and moves the merged member's payment. */
static void
test_old_index_swapped (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *a = g_uuid_string_random ();
  g_autofree char *b = g_uuid_string_random ();
  g_autofree char *pay = g_uuid_string_random ();
  g_autofree char *set = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) page = NULL;

  add_member (f, a, "Ada", "ada@merge.example");
  add_member (f, b, "Bea", "bea@merge.example");
  set = g_strdup_printf ("\"member_id\":\"%s\",\"amount\":12000,\"currency\":\"EUR\","
                         "\"paid_on\":\"2026-01-05\"", a);
  g_assert_cmpstr (status_of (push (f, "payment", pay, "insert", NULL, set, &r1)), ==,
                   "applied");
  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);

  exec_sql (f, "DROP INDEX records_member_live; "
               "CREATE INDEX records_member_ref "
               "  ON records (json_extract(fields, '$.member_id'), chapter_id, entity);");
  ch_test_server_start (f->ts);

  g_clear_pointer (&set, g_free);
  set = g_strdup_printf ("\"merged_into\":\"%s\"", b);
  g_assert_cmpstr (status_of (push (f, "member", a, "delete", NULL, set, &r2)), ==, "applied");
  g_assert_cmpstr (json_object_get_string_member (feed_row (f, pay, NULL, &page), "member_id"),
                   ==, b);

  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM sqlite_master "
                                  "WHERE name = 'records_member_ref'"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM sqlite_master "
                                  "WHERE name = 'records_member_live'"), ==, 1);
  ch_test_server_start (f->ts);
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/server/apply/email-follows-edits", test_email_follows_edits);
  ADD ("/server/apply/held-and-stale", test_held_and_stale);
  ADD ("/server/apply/row-in-other-form", test_row_in_other_form);
  ADD ("/server/apply/old-index-swapped", test_old_index_swapped);
#undef ADD

  return g_test_run ();
}
