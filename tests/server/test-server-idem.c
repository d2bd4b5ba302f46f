/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-idem"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ch-test-server.h"

/*
 * Idempotency that cannot be fooled, against the real chapterhouse-server:
 * a mutation id reused with other content, a mid the server has no answer
 * for any more, another officer's device id, a mid far in the future, and
 * a value the server kept while the device thought it had changed it.
 */

typedef struct
{
  ChTestServer *ts;
  char         *chapter;
  char         *token_anna;
  char         *token_ben;
  char         *token_admin;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->ts = ch_test_server_new ();
  f->chapter = ch_test_server_admin_ok (f->ts, "chapter", "add", "--name", "IAMCP Austria",
                                        "--country", "AT", "--timezone", "Europe/Vienna",
                                        "--currency", "EUR", NULL);
  f->token_anna = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "Anna (AT)",
                                           "--chapter", f->chapter, NULL);
  f->token_ben = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "Ben (AT)",
                                          "--chapter", f->chapter, NULL);
  f->token_admin = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "ops",
                                            "--admin", NULL);
  ch_test_server_start (f->ts);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ch_test_server_finish (f->ts);
  g_free (f->chapter);
  g_free (f->token_anna);
  g_free (f->token_ben);
  g_free (f->token_admin);
}

static JsonNode *
mutate (Fixture    *f,
        const char *token,
        const char *device,
        const char *mutations,
        guint      *status)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter);
  g_autofree char *body = g_strdup_printf ("{\"device_id\":\"%s\",\"schema_version\":1,"
                                           "\"mutations\":[%s]}", device, mutations);

  return ch_test_server_request_json (f->ts, "POST", path, token, body, status);
}

static JsonNode *
mutate_ok (Fixture    *f,
           const char *token,
           const char *device,
           const char *mutations)
{
  guint status;
  JsonNode *reply = mutate (f, token, device, mutations, &status);

  if (status != 200)
    {
      g_autofree char *text = json_to_string (reply, FALSE);

      g_error ("mutations answered %u: %s", status, text);
    }

  return reply;
}

static JsonObject *
result_at (JsonNode *reply,
           guint     i)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (reply), "results");

  g_assert_cmpuint (json_array_get_length (results), >, i);
  return json_array_get_object_element (results, i);
}

static const char *
status_at (JsonNode *reply,
           guint     i)
{
  return json_object_get_string_member (result_at (reply, i), "status");
}

/* Field @field of member @id as the server holds it (NULL when null). */
static char *
server_member_text (Fixture    *f,
                    const char *id,
                    const char *field)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?since=0&limit=5000",
                                           f->chapter);
  g_autoptr(JsonNode) page = NULL;
  JsonArray *items;
  guint status;

  page = ch_test_server_request_json (f->ts, "GET", path, f->token_admin, NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  items = json_object_get_array_member (json_node_get_object (page), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonObject *fields = json_object_get_object_member (item, "fields");

      if (strcmp (json_object_get_string_member (item, "id"), id) != 0)
        continue;
      if (json_object_get_null_member (fields, field))
        return NULL;
      return g_strdup (json_object_get_string_member (fields, field));
    }

  g_error ("member %s is not on the server", id);
  return NULL;
}

static char *
insert_member (const char *id,
               gint64      mid,
               const char *given,
               const char *family)
{
  return g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"insert\",\"base\":{},\"set\":{\"given_name\":\"%s\","
                          "\"family_name\":\"%s\"}}", mid, id, given, family);
}

static char *
set_city (const char *id,
          gint64      mid,
          const char *base,
          const char *city)
{
  return g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"update\",\"base\":{\"city\":%s},\"set\":{\"city\":\"%s\"}}",
                          mid, id, base, city);
}

/* The same batch again gives the same answer; the same mid with other
 * content is refused as a whole and changes nothing. */
static void
test_mid_reused (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *m1 = insert_member (id, 1, "Lena", "Huber");
  g_autofree char *m2 = set_city (id, 2, "null", "Graz");
  g_autofree char *batch = g_strconcat (m1, ",", m2, NULL);
  g_autofree char *other = set_city (id, 2, "null", "Linz");
  g_autofree char *m3 = set_city (id, 3, "\"Graz\"", "Salzburg");
  g_autofree char *reused = g_strconcat (other, ",", m3, NULL);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *again_text = NULL;
  g_autofree char *city = NULL;
  JsonObject *error;
  guint status;

  first = mutate_ok (f, f->token_anna, "anna-laptop", batch);
  again = mutate_ok (f, f->token_anna, "anna-laptop", batch);
  first_text = json_to_string (first, FALSE);
  again_text = json_to_string (again, FALSE);
  g_assert_cmpstr (first_text, ==, again_text);

  /* A restored copy of the device sends mid 2 again, with another city,
   * and a new mid 3. */
  refused = mutate (f, f->token_anna, "anna-laptop", reused, &status);
  g_assert_cmpuint (status, ==, 409);
  ch_test_assert_error (refused, "mid_reused");
  error = json_object_get_object_member (json_node_get_object (refused), "error");
  g_assert_cmpint (json_object_get_int_member (error, "mid"), ==, 2);

  city = server_member_text (f, id, "city");
  g_assert_cmpstr (city, ==, "Graz");
}

/* A mid at or below last_mid whose answer the server no longer has is
 * never answered "applied". */
static void
test_stale_mid (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *m1 = insert_member (id, 1, "Lena", "Huber");
  g_autofree char *m2 = set_city (id, 2, "null", "Graz");
  g_autofree char *batch = g_strconcat (m1, ",", m2, NULL);
  g_autofree char *again = set_city (id, 2, "null", "Graz");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) stale = NULL;
  sqlite3 *db = NULL;
  guint status;

  first = mutate_ok (f, f->token_anna, "anna-laptop", batch);
  g_assert_cmpstr (status_at (first, 1), ==, "applied");

  /* The stored answers are gone (pruned, or a server restored without
   * them); last_mid is still 2. */
  g_assert_cmpint (sqlite3_open (f->ts->db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM results", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  stale = mutate (f, f->token_anna, "anna-laptop", again, &status);
  g_assert_cmpuint (status, ==, 409);
  ch_test_assert_error (stale, "stale_mid");
}

/* Ben sends one request with Anna's device id (it is in conflict rows)
 * and the largest mid there is: refused, and Anna's next change still
 * reaches the server. */
static void
test_device_not_yours (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *m1 = insert_member (id, 1, "Lena", "Huber");
  g_autofree char *poison = set_city (id, G_MAXINT64, "null", "Wien");
  g_autofree char *m2 = set_city (id, 2, "null", "Graz");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) next = NULL;
  g_autofree char *city = NULL;
  guint status;

  first = mutate_ok (f, f->token_anna, "anna-laptop", m1);
  g_assert_cmpstr (status_at (first, 0), ==, "applied");

  refused = mutate (f, f->token_ben, "anna-laptop", poison, &status);
  g_assert_cmpuint (status, ==, 403);
  ch_test_assert_error (refused, "device_not_yours");
  city = server_member_text (f, id, "city");
  g_assert_null (city);

  next = mutate_ok (f, f->token_anna, "anna-laptop", m2);
  g_assert_cmpstr (status_at (next, 0), ==, "applied");
  g_clear_pointer (&city, g_free);
  city = server_member_text (f, id, "city");
  g_assert_cmpstr (city, ==, "Graz");
}

/* Even the owner cannot jump its mids a million ahead (that would make
 * the device's real changes look old). */
static void
test_mid_jump (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *m1 = insert_member (id, 1, "Lena", "Huber");
  g_autofree char *far = set_city (id, G_MAXINT64, "null", "Wien");
  g_autofree char *m2 = set_city (id, 2, "null", "Graz");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) next = NULL;
  g_autofree char *city = NULL;
  guint status;

  first = mutate_ok (f, f->token_anna, "anna-laptop", m1);
  refused = mutate (f, f->token_anna, "anna-laptop", far, &status);
  g_assert_cmpuint (status, ==, 400);
  ch_test_assert_error (refused, "mid_too_far");

  next = mutate_ok (f, f->token_anna, "anna-laptop", m2);
  g_assert_cmpstr (status_at (next, 0), ==, "applied");
  city = server_member_text (f, id, "city");
  g_assert_cmpstr (city, ==, "Graz");
}

/* "Dues paid until" keeps the later date without a conflict: the device
 * that sent the earlier one is told the server kept its own value. */
static void
test_overridden (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *m1 = insert_member (id, 1, "Lena", "Huber");
  g_autofree char *later = NULL;
  g_autofree char *earlier = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) ben = NULL;
  g_autoptr(JsonNode) anna = NULL;
  JsonObject *result;
  JsonObject *fields;

  later = g_strdup_printf ("{\"mid\":1,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\","
                           "\"base\":{\"dues_paid_until\":null},"
                           "\"set\":{\"dues_paid_until\":\"2027-12-31\"}}", id);
  earlier = g_strdup_printf ("{\"mid\":2,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\","
                             "\"base\":{\"dues_paid_until\":null},"
                             "\"set\":{\"dues_paid_until\":\"2027-06-30\","
                             "\"city\":\"Graz\"}}", id);

  first = mutate_ok (f, f->token_anna, "anna-laptop", m1);
  ben = mutate_ok (f, f->token_ben, "ben-pc", later);
  g_assert_cmpstr (status_at (ben, 0), ==, "applied");

  anna = mutate_ok (f, f->token_anna, "anna-laptop", earlier);
  result = result_at (anna, 0);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "overridden");
  g_assert_cmpstr (json_object_get_string_member (result, "reason"), ==, "kept_later");
  fields = json_object_get_object_member (result, "fields");
  g_assert_nonnull (fields);
  g_assert_cmpstr (json_object_get_string_member (fields, "dues_paid_until"), ==, "2027-12-31");
  /* Only the fields the server did not take. */
  g_assert_false (json_object_has_member (fields, "city"));
}

int
main (int   argc,
      char *argv[])
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/idem/mid-reused", Fixture, NULL,
              fixture_setup, test_mid_reused, fixture_teardown);
  g_test_add ("/server/idem/stale-mid", Fixture, NULL,
              fixture_setup, test_stale_mid, fixture_teardown);
  g_test_add ("/server/idem/device-not-yours", Fixture, NULL,
              fixture_setup, test_device_not_yours, fixture_teardown);
  g_test_add ("/server/idem/mid-jump", Fixture, NULL,
              fixture_setup, test_mid_jump, fixture_teardown);
  g_test_add ("/server/idem/overridden", Fixture, NULL,
              fixture_setup, test_overridden, fixture_teardown);

  return g_test_run ();
}
