/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include <string.h>

#include "ch-test-server.h"

/*
 * The sync API as a device sees it: the real chapterhouse-server binary on
 * a temporary database, two chapters (A and B), a token for each and an
 * admin token.
 */

typedef struct
{
  ChTestServer *ts;
  char         *chapter_a;
  char         *chapter_b;
  char         *token_a;
  char         *token_b;
  char         *token_admin;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->ts = ch_test_server_new ();
  f->chapter_a = ch_test_server_admin_ok (f->ts, "chapter", "add", "--name", "IAMCP Germany",
                                          "--country", "DE", "--timezone", "Europe/Berlin",
                                          "--currency", "EUR", NULL);
  f->chapter_b = ch_test_server_admin_ok (f->ts, "chapter", "add", "--name", "IAMCP Ireland",
                                          NULL);
  f->token_a = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "Anna (DE)",
                                        "--chapter", f->chapter_a, NULL);
  f->token_b = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "Brian (IE)",
                                        "--chapter", f->chapter_b, NULL);
  f->token_admin = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "ops",
                                            "--admin", NULL);
  ch_test_server_start (f->ts);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ch_test_server_finish (f->ts);
  g_free (f->chapter_a);
  g_free (f->chapter_b);
  g_free (f->token_a);
  g_free (f->token_b);
  g_free (f->token_admin);
}

/* Helpers */

static JsonNode *
get_changes (Fixture    *f,
             const char *token,
             const char *chapter,
             const char *query,
             guint      *status)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes%s%s", chapter,
                                           query ? "?" : "", query ? query : "");

  return ch_test_server_request_json (f->ts, "GET", path, token, NULL, status);
}

/* The full feed of @chapter from 0 with tombstones (via since=0 and then
 * everything), as the admin sees it. */
static JsonNode *
feed (Fixture    *f,
      const char *chapter,
      const char *since)
{
  g_autofree char *query = g_strdup_printf ("since=%s&limit=5000", since);
  guint status;
  JsonNode *page = get_changes (f, f->token_admin, chapter, query, &status);

  g_assert_cmpuint (status, ==, 200);
  return page;
}

static JsonNode *
mutate (Fixture    *f,
        const char *token,
        const char *chapter,
        const char *device,
        const char *mutations,
        guint      *status)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", chapter);
  g_autofree char *body = g_strdup_printf ("{\"device_id\":\"%s\",\"schema_version\":1,"
                                           "\"mutations\":[%s]}", device, mutations);

  return ch_test_server_request_json (f->ts, "POST", path, token, body, status);
}

/* Posts and asserts 200 and one result per mutation. */
static JsonNode *
mutate_ok (Fixture    *f,
           const char *token,
           const char *chapter,
           const char *device,
           const char *mutations)
{
  guint status;
  JsonNode *reply = mutate (f, token, chapter, device, mutations, &status);

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

static gint64
version_at (JsonNode *reply,
            guint     i)
{
  return json_object_get_int_member (result_at (reply, i), "version");
}

static JsonArray *
items (JsonNode *page)
{
  return json_object_get_array_member (json_node_get_object (page), "items");
}

static JsonObject *
find_item (JsonNode   *page,
           const char *entity,
           const char *id)
{
  JsonArray *array = items (page);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      if (strcmp (json_object_get_string_member (item, "entity"), entity) == 0 &&
          (id == NULL || strcmp (json_object_get_string_member (item, "id"), id) == 0))
        return item;
    }

  return NULL;
}

static guint
count_entity (JsonNode   *page,
              const char *entity)
{
  JsonArray *array = items (page);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (strcmp (json_object_get_string_member (json_array_get_object_element (array, i),
                                               "entity"), entity) == 0)
      n++;

  return n;
}

static const char *
field_text (JsonObject *item,
            const char *name)
{
  JsonObject *fields = json_object_get_object_member (item, "fields");

  if (json_object_get_null_member (fields, name))
    return NULL;
  return json_object_get_string_member (fields, name);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static char *
insert_member (const char *id,
               gint64      mid,
               const char *given,
               const char *family,
               const char *email)
{
  return g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"insert\",\"base\":{},\"set\":{\"given_name\":\"%s\","
                          "\"family_name\":\"%s\",\"email\":\"%s\",\"tier\":\"chapter\"}}",
                          mid, id, given, family, email);
}

/* An update of member @id; @base and @set are the inside of JSON objects. */
static char *
update_member (const char *id,
               gint64      mid,
               const char *base,
               const char *set)
{
  return g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"update\",\"base\":{%s},\"set\":{%s}}",
                          mid, id, base, set);
}

static char *
delete_member (const char *id,
               gint64      mid)
{
  return g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"delete\"}", mid, id);
}

/* Inserts member @id (Anna Schmidt, mid 1) from laptop-1 into chapter A. */
static JsonNode *
insert_anna (Fixture    *f,
             const char *id)
{
  g_autofree char *m = insert_member (id, 1, "Anna", "Schmidt", "anna@example.com");

  return mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", m);
}

/* Inserts member @id (insert_anna()), then sends @first from laptop-1 and
 * @second, written from the same starting point, with @token from
 * @device; asserts that @first applies and @second is a conflict. */
static void
send_conflicting (Fixture     *f,
                  const char  *id,
                  const char  *first,
                  const char  *token,
                  const char  *device,
                  const char  *second,
                  JsonNode   **first_reply,
                  JsonNode   **second_reply)
{
  g_autoptr(JsonNode) inserted = insert_anna (f, id);

  *first_reply = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", first);
  *second_reply = mutate_ok (f, token, f->chapter_a, device, second);
  g_assert_cmpstr (status_at (*first_reply, 0), ==, "applied");
  g_assert_cmpstr (status_at (*second_reply, 0), ==, "conflict");
}

/* Parses a conflict row's "theirs" and "mine" (either may be NULL). */
static void
conflict_sides (JsonObject  *conflict,
                JsonNode   **theirs,
                JsonNode   **mine)
{
  if (theirs != NULL)
    *theirs = parse (field_text (conflict, "theirs"));
  if (mine != NULL)
    *mine = parse (field_text (conflict, "mine"));
}

/* GET /v1/health, asserting 200. */
static JsonNode *
get_health (Fixture *f)
{
  guint status;
  JsonNode *health = ch_test_server_request_json (f->ts, "GET", "/v1/health", NULL, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return health;
}

static void
expect_error (Fixture    *f,
              const char *method,
              const char *path,
              const char *token,
              const char *body,
              guint       expected_status,
              const char *expected_code)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  reply = ch_test_server_request_json (f->ts, method, path, token, body, &status);
  if (status != expected_status)
    {
      g_autofree char *text = json_to_string (reply, FALSE);

      g_error ("%s %s with %.60s: %u instead of %u: %s", method, path, body ? body : "",
               status, expected_status, text);
    }
  ch_test_assert_error (reply, expected_code);
}

static void
assert_alive (Fixture *f)
{
  g_autoptr(JsonNode) health = get_health (f);

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (health), "status"),
                   ==, "ok");
}

/* Tests */

static void
test_health (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) health = get_health (f);
  JsonObject *o = json_node_get_object (health);

  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (o, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpint (json_object_get_int_member (o, "schema_min"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "schema_max"), ==, 1);
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "epoch")), >=, 16);
}

static void
test_me (Fixture       *f,
         gconstpointer  data)
{
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) admin = NULL;
  JsonArray *chapters;
  guint status;

  me = ch_test_server_request_json (f->ts, "GET", "/v1/me", f->token_a, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me), "token_name"),
                   ==, "Anna (DE)");
  g_assert_false (json_object_get_boolean_member (json_node_get_object (me), "admin"));
  chapters = json_object_get_array_member (json_node_get_object (me), "chapters");
  g_assert_cmpuint (json_array_get_length (chapters), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chapters, 0),
                                                  "id"),
                   ==, f->chapter_a);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chapters, 0),
                                                  "name"),
                   ==, "IAMCP Germany");

  admin = ch_test_server_request_json (f->ts, "GET", "/v1/me", f->token_admin, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (admin), "admin"));
  chapters = json_object_get_array_member (json_node_get_object (admin), "chapters");
  g_assert_cmpuint (json_array_get_length (chapters), ==, 2);
}

static void
test_insert_and_feed (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *m = insert_member (id, 1, "Anna", "Schmidt", "anna@example.com");
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) health = NULL;
  JsonObject *item, *chapter, *o;
  guint status;

  reply = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", m);
  g_assert_cmpstr (status_at (reply, 0), ==, "applied");
  g_assert_cmpint (version_at (reply, 0), ==, 2);  /* 1 is the chapter's own row */

  page = get_changes (f, f->token_a, f->chapter_a, "since=0", &status);
  g_assert_cmpuint (status, ==, 200);
  o = json_node_get_object (page);
  health = get_health (f);
  g_assert_cmpstr (json_object_get_string_member (o, "epoch"), ==,
                   json_object_get_string_member (json_node_get_object (health), "epoch"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reply), "epoch"), ==,
                   json_object_get_string_member (o, "epoch"));
  g_assert_false (json_object_get_boolean_member (o, "has_more"));
  g_assert_cmpint (json_object_get_int_member (o, "next"), ==, 2);
  g_assert_cmpuint (json_array_get_length (items (page)), ==, 2);

  /* The chapter's settings are a row of entity "chapter" with its id. */
  chapter = find_item (page, "chapter", f->chapter_a);
  g_assert_nonnull (chapter);
  g_assert_cmpstr (field_text (chapter, "name"), ==, "IAMCP Germany");
  g_assert_cmpstr (field_text (chapter, "timezone"), ==, "Europe/Berlin");
  g_assert_cmpstr (field_text (chapter, "currency"), ==, "EUR");

  /* All fields of the row, unset ones as null. */
  item = find_item (page, "member", id);
  g_assert_nonnull (item);
  g_assert_cmpint (json_object_get_int_member (item, "version"), ==, 2);
  g_assert_false (json_object_get_boolean_member (item, "deleted"));
  g_assert_cmpstr (field_text (item, "given_name"), ==, "Anna");
  g_assert_cmpstr (field_text (item, "email"), ==, "anna@example.com");
  g_assert_true (json_object_has_member (json_object_get_object_member (item, "fields"), "phone"));
  g_assert_null (field_text (item, "phone"));
  /* 19 fields, merged_into, erased_on and erased_by (null on a live member). */
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (item, "fields")), ==, 22);

  /* Nothing newer than the cursor. */
  g_clear_pointer (&page, json_node_unref);
  page = get_changes (f, f->token_a, f->chapter_a, "since=2", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (items (page)), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (page), "next"), ==, 2);
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GString) batch = g_string_new (NULL);
  g_autoptr(JsonNode) reply = NULL;
  gint64 since = 0;
  guint total = 0, pages = 0;
  gint64 last_version = 0;

  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *email = g_strdup_printf ("m%u@example.com", i);
      g_autofree char *m = insert_member (id, i, "Member", "Number", email);

      if (i > 1)
        g_string_append_c (batch, ',');
      g_string_append (batch, m);
    }
  reply = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", batch->str);

  for (;;)
    {
      g_autofree char *query = g_strdup_printf ("since=%" G_GINT64_FORMAT "&limit=5", since);
      g_autoptr(JsonNode) page = NULL;
      JsonObject *o;
      JsonArray *array;
      guint status;

      page = get_changes (f, f->token_a, f->chapter_a, query, &status);
      g_assert_cmpuint (status, ==, 200);
      o = json_node_get_object (page);
      array = items (page);
      g_assert_cmpuint (json_array_get_length (array), <=, 5);

      /* Ascending versions, all above the cursor; next = the last one. */
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 v = json_object_get_int_member (json_array_get_object_element (array, i),
                                                 "version");

          g_assert_cmpint (v, >, last_version);
          g_assert_cmpint (v, >, since);
          last_version = v;
        }
      if (json_array_get_length (array) > 0)
        g_assert_cmpint (json_object_get_int_member (o, "next"), ==, last_version);

      total += json_array_get_length (array);
      pages++;
      since = json_object_get_int_member (o, "next");
      if (!json_object_get_boolean_member (o, "has_more"))
        break;
      g_assert_cmpuint (json_array_get_length (array), ==, 5);
    }

  g_assert_cmpuint (total, ==, 13);
  g_assert_cmpuint (pages, ==, 3);

  /* A limit above the maximum is clamped, not refused. */
  {
    g_autoptr(JsonNode) page = NULL;
    guint status;

    page = get_changes (f, f->token_a, f->chapter_a, "since=0&limit=100000000000000000000",
                        &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (json_array_get_length (items (page)), ==, 13);
  }
}

static void
test_update_applied (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *m2 = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonObject *item;

  r1 = insert_anna (f, id);
  m2 = update_member (id, 1, "\"company\":null,\"city\":null",
                      "\"company\":\"Contoso\",\"city\":\"Berlin\"");
  r2 = mutate_ok (f, f->token_a, f->chapter_a, "laptop-2", m2);
  g_assert_cmpstr (status_at (r2, 0), ==, "applied");
  g_assert_cmpint (version_at (r2, 0), >, version_at (r1, 0));

  page = feed (f, f->chapter_a, "0");
  item = find_item (page, "member", id);
  g_assert_cmpstr (field_text (item, "company"), ==, "Contoso");
  g_assert_cmpstr (field_text (item, "city"), ==, "Berlin");
  g_assert_cmpstr (field_text (item, "given_name"), ==, "Anna");
  g_assert_cmpint (json_object_get_int_member (item, "version"), ==, version_at (r2, 0));
  g_assert_cmpuint (count_entity (page, "conflict"), ==, 0);
}

static void
test_update_conflict (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(JsonNode) ra = NULL;
  g_autoptr(JsonNode) rb = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) theirs = NULL;
  g_autoptr(JsonNode) mine = NULL;
  JsonObject *item, *conflict;

  /* Two officers change the phone number from the same starting point. */
  a = update_member (id, 2, "\"phone\":null", "\"phone\":\"+49 30 111\"");
  b = update_member (id, 1, "\"phone\":null", "\"phone\":\"+49 30 222\"");
  send_conflicting (f, id, a, f->token_admin, "desktop-9", b, &ra, &rb);
  /* Nothing of the row changed: its version stays. */
  g_assert_cmpint (version_at (rb, 0), ==, version_at (ra, 0));

  page = feed (f, f->chapter_a, "0");
  item = find_item (page, "member", id);
  g_assert_cmpstr (field_text (item, "phone"), ==, "+49 30 111");  /* first one stays */

  conflict = find_item (page, "conflict", NULL);
  g_assert_nonnull (conflict);
  g_assert_cmpint (json_object_get_int_member (conflict, "version"), >, version_at (ra, 0));
  g_assert_cmpstr (field_text (conflict, "entity"), ==, "member");
  g_assert_cmpstr (field_text (conflict, "row_id"), ==, id);
  g_assert_cmpstr (field_text (conflict, "field_group"), ==, "phone");
  g_assert_cmpstr (field_text (conflict, "author"), ==, "ops");
  g_assert_cmpstr (field_text (conflict, "device_id"), ==, "desktop-9");
  g_assert_nonnull (field_text (conflict, "created_at"));
  g_assert_false (json_object_get_boolean_member (
    json_object_get_object_member (conflict, "fields"), "resolved"));
  conflict_sides (conflict, &theirs, &mine);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (theirs), "phone"), ==,
                   "+49 30 111");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (mine), "phone"), ==,
                   "+49 30 222");

  /* An officer resolves it: conflicts can be updated, never made. */
  {
    g_autofree char *resolve = NULL;
    g_autofree char *forge = NULL;
    g_autofree char *forged_id = g_uuid_string_random ();
    g_autoptr(JsonNode) rr = NULL;
    g_autoptr(JsonNode) page2 = NULL;
    const char *conflict_id = json_object_get_string_member (conflict, "id");

    resolve = g_strdup_printf ("{\"mid\":3,\"entity\":\"conflict\",\"id\":\"%s\",\"op\":\"update\","
                               "\"base\":{\"resolved\":false},\"set\":{\"resolved\":true,"
                               "\"resolution\":\"theirs\",\"resolved_by\":\"Anna\"}},"
                               "{\"mid\":4,\"entity\":\"conflict\",\"id\":\"%s\",\"op\":\"insert\","
                               "\"set\":{\"entity\":\"member\",\"row_id\":\"%s\","
                               "\"field_group\":\"x\"}},"
                               "{\"mid\":5,\"entity\":\"conflict\",\"id\":\"%s\",\"op\":\"update\","
                               "\"set\":{\"theirs\":\"{}\"}}",
                               conflict_id, forged_id, id, conflict_id);
    rr = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", resolve);
    g_assert_cmpstr (status_at (rr, 0), ==, "applied");
    g_assert_cmpstr (status_at (rr, 1), ==, "rejected");
    g_assert_cmpstr (status_at (rr, 2), ==, "rejected");

    page2 = feed (f, f->chapter_a, "0");
    g_assert_cmpuint (count_entity (page2, "conflict"), ==, 1);
    g_assert_true (json_object_get_boolean_member (
      json_object_get_object_member (find_item (page2, "conflict", conflict_id), "fields"),
      "resolved"));
  }
}

static void
test_field_groups (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(JsonNode) ra = NULL;
  g_autoptr(JsonNode) rb = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) theirs = NULL;
  g_autoptr(JsonNode) mine = NULL;
  JsonObject *item, *conflict;

  /* Device 1 fixes the family name; device 2, from the old full name,
   * changes only the given name and, in the same edit, the company. */
  a = update_member (id, 2, "\"given_name\":\"Anna\",\"family_name\":\"Schmidt\"",
                     "\"family_name\":\"Schmitt\"");
  b = update_member (id, 1,
                     "\"given_name\":\"Anna\",\"family_name\":\"Schmidt\",\"company\":null",
                     "\"given_name\":\"Anne\",\"company\":\"Fabrikam\"");
  send_conflicting (f, id, a, f->token_a, "laptop-2", b, &ra, &rb);
  /* The company (another group) still applied: the row moved on. */
  g_assert_cmpint (version_at (rb, 0), >, version_at (ra, 0));

  page = feed (f, f->chapter_a, "0");
  item = find_item (page, "member", id);
  g_assert_cmpstr (field_text (item, "given_name"), ==, "Anna");
  g_assert_cmpstr (field_text (item, "family_name"), ==, "Schmitt");
  g_assert_cmpstr (field_text (item, "company"), ==, "Fabrikam");

  g_assert_cmpuint (count_entity (page, "conflict"), ==, 1);
  conflict = find_item (page, "conflict", NULL);
  g_assert_cmpstr (field_text (conflict, "field_group"), ==, "name");
  conflict_sides (conflict, &theirs, &mine);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (theirs), "given_name"), ==,
                   "Anna");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (theirs), "family_name"),
                   ==, "Schmitt");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (mine), "given_name"), ==,
                   "Anne");
  g_assert_false (json_object_has_member (json_node_get_object (mine), "company"));

  /* Sending the value the server already has is not a conflict. */
  {
    g_autofree char *c = update_member (id, 2, "\"family_name\":\"X\"",
                                        "\"family_name\":\"Schmitt\",\"given_name\":\"Anna\"");
    g_autoptr(JsonNode) rc = mutate_ok (f, f->token_a, f->chapter_a, "laptop-2", c);

    g_assert_cmpstr (status_at (rc, 0), ==, "applied");
    g_assert_cmpint (version_at (rc, 0), ==, version_at (rb, 0));
  }
}

static void
test_edit_after_delete (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *del = NULL;
  g_autofree char *edit = NULL;
  g_autofree char *restore = NULL;
  g_autoptr(JsonNode) rd = NULL;
  g_autoptr(JsonNode) re = NULL;
  g_autoptr(JsonNode) rr = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) mine = NULL;
  JsonObject *item, *conflict;

  del = delete_member (id, 2);
  edit = update_member (id, 1, "\"city\":null", "\"city\":\"Hamburg\"");
  send_conflicting (f, id, del, f->token_a, "laptop-2", edit, &rd, &re);

  page = feed (f, f->chapter_a, "1");
  item = find_item (page, "member", id);
  g_assert_true (json_object_get_boolean_member (item, "deleted"));
  g_assert_null (field_text (item, "city"));
  conflict = find_item (page, "conflict", NULL);
  g_assert_nonnull (conflict);
  g_assert_cmpstr (field_text (conflict, "field_group"), ==, "deleted");
  g_assert_cmpstr (field_text (conflict, "theirs"), ==, "{\"deleted\":true}");
  conflict_sides (conflict, NULL, &mine);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (mine), "city"), ==,
                   "Hamburg");

  /* The officer restores it, with the edit; the server kept no personal
   * field in the tombstone, so the restore brings the device's copy. */
  restore = g_strdup_printf ("{\"mid\":2,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"restore\","
                             "\"set\":{\"city\":\"Hamburg\",\"given_name\":\"Anna\","
                             "\"family_name\":\"Schmidt\"}}", id);
  rr = mutate_ok (f, f->token_a, f->chapter_a, "laptop-2", restore);
  g_assert_cmpstr (status_at (rr, 0), ==, "applied");
  g_clear_pointer (&page, json_node_unref);
  page = feed (f, f->chapter_a, "0");
  item = find_item (page, "member", id);
  g_assert_nonnull (item);
  g_assert_false (json_object_get_boolean_member (item, "deleted"));
  g_assert_cmpstr (field_text (item, "city"), ==, "Hamburg");
  g_assert_cmpstr (field_text (item, "given_name"), ==, "Anna");
}

static void
test_duplicate_email (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id1 = g_uuid_string_random ();
  g_autofree char *id2 = g_uuid_string_random ();
  g_autofree char *m1 = insert_member (id1, 1, "Anna", "Schmidt", "anna@example.com");
  g_autofree char *m2 = insert_member (id2, 1, "Anna", "Schmidt", "  Anna@Example.COM ");
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) theirs = NULL;
  g_autoptr(JsonNode) mine = NULL;
  JsonObject *conflict;

  r1 = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", m1);
  r2 = mutate_ok (f, f->token_a, f->chapter_a, "laptop-2", m2);
  g_assert_cmpstr (status_at (r1, 0), ==, "applied");
  g_assert_cmpstr (status_at (r2, 0), ==, "conflict");

  page = feed (f, f->chapter_a, "0");
  g_assert_nonnull (find_item (page, "member", id1));
  g_assert_nonnull (find_item (page, "member", id2));   /* applied, not refused */
  g_assert_cmpint (json_object_get_int_member (find_item (page, "member", id2), "version"), ==,
                   version_at (r2, 0));

  conflict = find_item (page, "conflict", NULL);
  g_assert_nonnull (conflict);
  g_assert_cmpstr (field_text (conflict, "field_group"), ==, "duplicate");
  g_assert_cmpstr (field_text (conflict, "row_id"), ==, id2);
  conflict_sides (conflict, &theirs, &mine);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (theirs), "id"), ==, id1);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (theirs), "email"), ==,
                   "anna@example.com");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (mine), "id"), ==, id2);

  /* The same address in another chapter is not a duplicate. */
  {
    g_autofree char *id3 = g_uuid_string_random ();
    g_autofree char *m3 = insert_member (id3, 1, "Anna", "Schmidt", "anna@example.com");
    g_autoptr(JsonNode) r3 = mutate_ok (f, f->token_b, f->chapter_b, "laptop-3", m3);

    g_assert_cmpstr (status_at (r3, 0), ==, "applied");
  }
}

static void
test_replay (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id1 = g_uuid_string_random ();
  g_autofree char *id2 = g_uuid_string_random ();
  g_autofree char *m1 = insert_member (id1, 7, "Anna", "Schmidt", "anna@example.com");
  g_autofree char *m2 = insert_member (id2, 8, "Ben", "Meyer", "ben@example.com");
  g_autofree char *batch = g_strconcat (m1, ",", m2, NULL);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *again_text = NULL;

  first = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", batch);
  /* The answer was lost; the device sends the same batch again. */
  again = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", batch);

  first_text = json_to_string (first, FALSE);
  again_text = json_to_string (again, FALSE);
  g_assert_cmpstr (first_text, ==, again_text);

  page = feed (f, f->chapter_a, "0");
  g_assert_cmpuint (count_entity (page, "member"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (page), "next"), ==, 3);

  /* Another device's mids are its own. */
  {
    g_autofree char *id3 = g_uuid_string_random ();
    g_autofree char *m3 = insert_member (id3, 7, "Cem", "Yilmaz", "cem@example.com");
    g_autoptr(JsonNode) other = mutate_ok (f, f->token_a, f->chapter_a, "laptop-2", m3);

    g_assert_cmpstr (status_at (other, 0), ==, "applied");
    g_assert_cmpint (version_at (other, 0), ==, 4);
  }
}

static void
test_rejected_in_middle (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id1 = g_uuid_string_random ();
  g_autofree char *id3 = g_uuid_string_random ();
  g_autofree char *m1 = insert_member (id1, 1, "Anna", "Schmidt", "anna@example.com");
  g_autofree char *m3 = insert_member (id3, 3, "Cem", "Yilmaz", "cem@example.com");
  g_autofree char *batch = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) later = NULL;
  const char *message;

  /* The middle one sets a field members do not have. */
  batch = g_strdup_printf ("%s,{\"mid\":2,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"insert\","
                           "\"set\":{\"given_name\":\"X\",\"family_name\":\"Y\","
                           "\"shoe_size\":44}},%s",
                           m1, id3, m3);
  reply = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", batch);
  g_assert_cmpstr (status_at (reply, 0), ==, "applied");
  g_assert_cmpstr (status_at (reply, 1), ==, "rejected");
  g_assert_cmpint (version_at (reply, 1), ==, 0);
  message = json_object_get_string_member (result_at (reply, 1), "message");
  g_assert_nonnull (strstr (message, "shoe_size"));
  g_assert_cmpstr (status_at (reply, 2), ==, "applied");

  page = feed (f, f->chapter_a, "0");
  g_assert_nonnull (find_item (page, "member", id1));
  g_assert_nonnull (find_item (page, "member", id3));
  g_assert_cmpstr (field_text (find_item (page, "member", id3), "given_name"), ==, "Cem");

  /* The rejection is remembered: a retry gets the same answer. */
  again = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", batch);
  g_assert_cmpstr (status_at (again, 1), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result_at (again, 1), "message"), ==, message);

  /* And the queue goes on. */
  {
    g_autofree char *id4 = g_uuid_string_random ();
    g_autofree char *m4 = insert_member (id4, 4, "Dana", "Ng", "dana@example.com");

    later = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", m4);
    g_assert_cmpstr (status_at (later, 0), ==, "applied");
  }
}

static void
test_rejections (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *missing = g_uuid_string_random ();
  g_autofree char *huge = g_strnfill (1025, 'x');
  g_autofree char *batch = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) page = NULL;
  const char *expect[] = {
    "given_name",   /* too long */
    "birth_year",   /* wrong type */
    "consent_email",
    "frobnicate",   /* unknown entity */
    "not-a-uuid",
    "family_name",  /* required on insert */
    "op",
    missing,        /* update of a missing row */
    "chapter",      /* another chapter row */
  };

  batch = g_strdup_printf (
    "{\"mid\":1,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"insert\","
    "\"set\":{\"given_name\":\"%s\",\"family_name\":\"Y\"}},"
    "{\"mid\":2,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"insert\","
    "\"set\":{\"given_name\":\"A\",\"family_name\":\"Y\",\"birth_year\":\"1980\"}},"
    "{\"mid\":3,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"insert\","
    "\"set\":{\"given_name\":\"A\",\"family_name\":\"Y\",\"consent_email\":1}},"
    "{\"mid\":4,\"entity\":\"frobnicate\",\"id\":\"%s\",\"op\":\"insert\",\"set\":{}},"
    "{\"mid\":5,\"entity\":\"member\",\"id\":\"not-a-uuid\",\"op\":\"insert\","
    "\"set\":{\"given_name\":\"A\",\"family_name\":\"Y\"}},"
    "{\"mid\":6,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"insert\","
    "\"set\":{\"given_name\":\"A\",\"family_name\":\"  \"}},"
    "{\"mid\":7,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"upsert\",\"set\":{}},"
    "{\"mid\":8,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"update\",\"set\":{\"city\":\"Cork\"}},"
    "{\"mid\":9,\"entity\":\"chapter\",\"id\":\"%s\",\"op\":\"update\","
    "\"set\":{\"name\":\"Mine now\"}},"
    "{\"mid\":10,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"insert\","
    "\"set\":{\"given_name\":\"Ok\",\"family_name\":\"Fine\",\"birth_year\":1980,"
    "\"consent_email\":true,\"notes\":null}}",
    id, huge, id, id, id, id, id, missing, f->chapter_b, id);
  reply = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", batch);

  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      const char *message;

      g_assert_cmpstr (status_at (reply, i), ==, "rejected");
      message = json_object_get_string_member (result_at (reply, i), "message");
      if (strstr (message, expect[i]) == NULL)
        g_error ("result %u: “%s” does not mention %s", i, message, expect[i]);
    }
  g_assert_cmpstr (status_at (reply, 9), ==, "applied");

  page = feed (f, f->chapter_a, "0");
  g_assert_cmpuint (count_entity (page, "member"), ==, 1);
  g_assert_cmpstr (field_text (find_item (page, "member", id), "given_name"), ==, "Ok");
}

static void
test_deterministic_insert (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *member = g_uuid_string_random ();
  g_autofree char *tag = g_uuid_string_random ();
  g_autofree char *m = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) page = NULL;

  /* Two officers tag the same member "Security" offline: same id. */
  m = g_strdup_printf ("{\"mid\":1,\"entity\":\"member_specialty\",\"id\":\"%s\",\"op\":\"insert\","
                       "\"set\":{\"member_id\":\"%s\",\"specialty\":\"Security\"}}", tag, member);
  r1 = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", m);
  r2 = mutate_ok (f, f->token_a, f->chapter_a, "laptop-2", m);
  g_assert_cmpstr (status_at (r1, 0), ==, "applied");
  g_assert_cmpstr (status_at (r2, 0), ==, "applied");
  g_assert_cmpint (version_at (r2, 0), ==, version_at (r1, 0));

  page = feed (f, f->chapter_a, "0");
  g_assert_cmpuint (count_entity (page, "member_specialty"), ==, 1);
  g_assert_cmpuint (count_entity (page, "conflict"), ==, 0);

  /* Removed and added again: the tombstone comes back to life. */
  {
    g_autofree char *del = g_strdup_printf ("{\"mid\":2,\"entity\":\"member_specialty\","
                                            "\"id\":\"%s\",\"op\":\"delete\"}", tag);
    g_autofree char *add = g_strdup_printf ("{\"mid\":3,\"entity\":\"member_specialty\","
                                            "\"id\":\"%s\","
                                            "\"op\":\"insert\",\"set\":{\"member_id\":\"%s\","
                                            "\"specialty\":\"Security\"}}", tag, member);
    g_autoptr(JsonNode) rd = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", del);
    g_autoptr(JsonNode) ra = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", add);
    g_autoptr(JsonNode) page2 = feed (f, f->chapter_a, "1");
    JsonObject *item = find_item (page2, "member_specialty", tag);

    g_assert_cmpstr (status_at (ra, 0), ==, "applied");
    g_assert_false (json_object_get_boolean_member (item, "deleted"));
    g_assert_cmpint (json_object_get_int_member (item, "version"), ==, version_at (ra, 0));
  }
}

static void
test_since_zero_hides_tombstones (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *id1 = g_uuid_string_random ();
  g_autofree char *id2 = g_uuid_string_random ();
  g_autofree char *m1 = insert_member (id1, 1, "Anna", "Schmidt", "anna@example.com");
  g_autofree char *m2 = insert_member (id2, 2, "Ben", "Meyer", "ben@example.com");
  g_autofree char *del = delete_member (id1, 3);
  g_autofree char *batch = g_strconcat (m1, ",", m2, ",", del, NULL);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) fresh = NULL;
  g_autoptr(JsonNode) incremental = NULL;

  reply = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", batch);
  g_assert_cmpstr (status_at (reply, 2), ==, "applied");

  /* A fresh device is not told about rows it never had. */
  fresh = feed (f, f->chapter_a, "0");
  g_assert_null (find_item (fresh, "member", id1));
  g_assert_nonnull (find_item (fresh, "member", id2));

  /* A device that has seen the row learns it was deleted. */
  incremental = feed (f, f->chapter_a, "1");
  g_assert_nonnull (find_item (incremental, "member", id1));
  g_assert_true (json_object_get_boolean_member (find_item (incremental, "member", id1),
                                                 "deleted"));
}

static void
test_cursor_expired (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *del = delete_member (id, 2);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) expired = NULL;
  g_autoptr(JsonNode) ok = NULL;
  g_autoptr(JsonNode) full = NULL;
  guint status;

  reply = insert_anna (f, id);
  g_clear_pointer (&reply, json_node_unref);
  reply = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", del);

  /* The operator compacts while the server runs. */
  out = ch_test_server_admin_ok (f->ts, "compact", "--chapter", f->chapter_a, NULL);
  g_assert_nonnull (strstr (out, "1"));

  expired = get_changes (f, f->token_a, f->chapter_a, "since=2", &status);
  g_assert_cmpuint (status, ==, 410);
  ch_test_assert_error (expired, "cursor_expired");

  ok = get_changes (f, f->token_a, f->chapter_a, "since=3", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (items (ok)), ==, 0);

  full = get_changes (f, f->token_a, f->chapter_a, "since=0", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (find_item (full, "member", id));
  g_assert_nonnull (find_item (full, "chapter", f->chapter_a));
}

static void
test_schema_version (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter_a);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *m = insert_member (id, 1, "Anna", "Schmidt", "anna@example.com");
  g_autofree char *body = g_strdup_printf ("{\"device_id\":\"d\",\"schema_version\":99,"
                                           "\"mutations\":[%s]}", m);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) changes = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonObject *err;
  guint status;

  reply = ch_test_server_request_json (f->ts, "POST", path, f->token_a, body, &status);
  g_assert_cmpuint (status, ==, 426);
  ch_test_assert_error (reply, "unsupported_schema");
  err = json_object_get_object_member (json_node_get_object (reply), "error");
  g_assert_cmpint (json_object_get_int_member (err, "min"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (err, "max"), ==, 1);

  changes = get_changes (f, f->token_a, f->chapter_a, "since=0&schema_version=99", &status);
  g_assert_cmpuint (status, ==, 426);
  ch_test_assert_error (changes, "unsupported_schema");

  page = feed (f, f->chapter_a, "0");
  g_assert_null (find_item (page, "member", id));
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *changes_b = g_strdup_printf ("/v1/chapters/%s/changes?since=0", f->chapter_b);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *m = insert_member (id, 1, "Eve", "Intruder", "eve@example.com");
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) page = NULL;
  guint status;

  /* Missing, malformed and unknown tokens. */
  expect_error (f, "GET", changes_b, NULL, NULL, 401, "unauthorized");
  expect_error (f, "GET", "/v1/me", "chs_not-a-real-token", NULL, 401, "unauthorized");

  /* Chapter A's token on chapter B: 403, nothing read or written. */
  expect_error (f, "GET", changes_b, f->token_a, NULL, 403, "forbidden");

  reply = mutate (f, f->token_a, f->chapter_b, "laptop-1", m, &status);
  g_assert_cmpuint (status, ==, 403);
  ch_test_assert_error (reply, "forbidden");
  g_clear_pointer (&reply, json_node_unref);

  page = feed (f, f->chapter_b, "0");
  g_assert_cmpuint (json_array_get_length (items (page)), ==, 1);  /* just its chapter row */
  g_assert_null (find_item (page, "member", id));

  /* The same device id on the right chapter starts at mid 1: nothing was
   * recorded for it by the refused request. */
  reply = mutate_ok (f, f->token_b, f->chapter_b, "laptop-1", m);
  g_assert_cmpstr (status_at (reply, 0), ==, "applied");
  g_clear_pointer (&reply, json_node_unref);

  /* An admin token reaches every chapter; an unknown chapter is 404. */
  expect_error (f, "GET", "/v1/chapters/0190f5c2-3b7a-7cc1-9a2e-4f1d2b3c4d5e/changes",
                f->token_admin, NULL, 404, "not_found");
}

static void
test_revoked (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *list = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonNode) reply = NULL;
  const char *id = NULL;
  guint status;

  token = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "Lost laptop",
                                   "--chapter", f->chapter_a, NULL);
  reply = ch_test_server_request_json (f->ts, "GET", "/v1/me", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&reply, json_node_unref);

  list = ch_test_server_admin_ok (f->ts, "token", "list", NULL);
  lines = g_strsplit (list, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "Lost laptop") != NULL)
      {
        lines[i][strcspn (lines[i], "\t")] = '\0';
        id = lines[i];
      }
  g_assert_nonnull (id);

  /* Revoked from the command line while the server runs: at once. */
  out = ch_test_server_admin_ok (f->ts, "token", "revoke", id, NULL);
  expect_error (f, "GET", "/v1/me", token, NULL, 401, "unauthorized");

  /* Other tokens go on working. */
  reply = ch_test_server_request_json (f->ts, "GET", "/v1/me", f->token_a, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&reply, json_node_unref);
}

static void
test_bad_requests (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *mpath = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter_a);
  g_autofree char *cpath = g_strdup_printf ("/v1/chapters/%s/changes", f->chapter_a);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *good = insert_member (id, 5, "Anna", "Schmidt", "anna@example.com");
  g_autofree char *rising = NULL;
  g_autofree char *long_device = g_strnfill (65, 'd');
  g_autofree char *long_device_body = NULL;
  g_autoptr(JsonNode) page = NULL;
  const char *bodies[] = {
    "",
    "{",
    "[]",
    "null",
    "{\"device_id\":\"d\",\"schema_version\":1,\"mutations\":{}}",
    "{\"device_id\":5,\"schema_version\":1,\"mutations\":[]}",
    "{\"schema_version\":1,\"mutations\":[]}",
    "{\"device_id\":\"d\",\"schema_version\":\"1\",\"mutations\":[]}",
    "{\"device_id\":\"d\",\"mutations\":[]}",
    "{\"device_id\":\"d\",\"schema_version\":1,\"mutations\":[5]}",
    "{\"device_id\":\"d\",\"schema_version\":1,\"mutations\":[{\"mid\":\"1\"}]}",
    "{\"device_id\":\"d\",\"schema_version\":1,\"mutations\":[{\"mid\":0}]}",
    "{\"device_id\":\"d\",\"schema_version\":1,\"mutations\":[{\"mid\":1.5}]}",
    "{\"device_id\":\"\",\"schema_version\":1,\"mutations\":[]}",
    "{\"device_id\":\"d\",\"schema_version\":1,\"mutations\":[]} trailing",
    "{\"device_id\":\"d\xff\xfe\",\"schema_version\":1,\"mutations\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    expect_error (f, "POST", mpath, f->token_a, bodies[i], 400, "bad_request");

  /* Mids must rise within a batch; the whole batch is refused. */
  rising = g_strdup_printf ("{\"device_id\":\"d\",\"schema_version\":1,\"mutations\":[%s,"
                            "{\"mid\":5,\"entity\":\"member\",\"id\":\"%s\",\"op\":\"delete\"}]}",
                            good, id);
  expect_error (f, "POST", mpath, f->token_a, rising, 400, "bad_request");
  long_device_body = g_strdup_printf ("{\"device_id\":\"%s\",\"schema_version\":1,"
                                      "\"mutations\":[%s]}", long_device, good);
  expect_error (f, "POST", mpath, f->token_a, long_device_body, 400, "bad_request");
  page = feed (f, f->chapter_a, "0");
  g_assert_null (find_item (page, "member", id));

  /* Cursors and limits. */
  {
    const char *queries[] = { "?since=-1", "?since=abc", "?since=1.5", "?since=",
                              "?limit=0", "?limit=-5", "?limit=ten" };

    for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
      {
        g_autofree char *path = g_strconcat (cpath, queries[i], NULL);

        expect_error (f, "GET", path, f->token_a, NULL, 400, "bad_request");
      }
  }

  /* Routes and methods. */
  expect_error (f, "GET", "/", NULL, NULL, 404, "not_found");
  expect_error (f, "GET", "/v1", NULL, NULL, 404, "not_found");
  expect_error (f, "GET", "/v2/health", NULL, NULL, 404, "not_found");
  expect_error (f, "GET", "/v1/chapters/x/members", f->token_a, NULL, 404, "not_found");
  expect_error (f, "GET", "/v1/chapters//changes", f->token_a, NULL, 404, "not_found");
  expect_error (f, "DELETE", "/v1/health", NULL, NULL, 405, "method_not_allowed");
  expect_error (f, "POST", cpath, f->token_a, "{}", 405, "method_not_allowed");
  expect_error (f, "GET", mpath, f->token_a, NULL, 405, "method_not_allowed");

  assert_alive (f);
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *mpath = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter_a);
  g_autoptr(GString) many = g_string_new ("{\"device_id\":\"d\",\"schema_version\":1,"
                                          "\"mutations\":[");
  g_autoptr(GString) big = g_string_new ("{\"device_id\":\"d\",\"schema_version\":1,"
                                         "\"mutations\":[");
  g_autoptr(JsonNode) page = NULL;

  for (guint i = 1; i <= 1001; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *m = insert_member (id, i, "Many", "Members", "many@example.com");

      if (i > 1)
        g_string_append_c (many, ',');
      g_string_append (many, m);
    }
  g_string_append (many, "]}");
  expect_error (f, "POST", mpath, f->token_a, many->str, 413, "too_many_mutations");

  /* 5 MiB of notes (each within its field limit): over the body limit. */
  for (guint i = 1; i <= 100; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *notes = g_strnfill (52 * 1024, 'n');

      if (i > 1)
        g_string_append_c (big, ',');
      g_string_append_printf (big, "{\"mid\":%u,\"entity\":\"member\",\"id\":\"%s\","
                                   "\"op\":\"insert\","
                              "\"set\":{\"given_name\":\"A\",\"family_name\":\"B\","
                              "\"notes\":\"%s\"}}",
                              i, id, notes);
    }
  g_string_append (big, "]}");
  g_assert_cmpuint (big->len, >, 4 * 1024 * 1024);
  expect_error (f, "POST", mpath, f->token_a, big->str, 413, "body_too_large");

  page = feed (f, f->chapter_a, "0");
  g_assert_cmpuint (count_entity (page, "member"), ==, 0);
  assert_alive (f);
}

/* A chunked upload has no Content-Length: the server must still stop
 * collecting at the limit. Talks raw HTTP over a socket. */
static void
test_chunked_too_large (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *chunk = g_strnfill (64 * 1024, ' ');
  g_autofree char *chunk_head = g_strdup_printf ("%x\r\n", 64 * 1024);
  GOutputStream *out;
  GInputStream *in;
  char answer[4096] = { 0 };
  gsize n = 0;
  const char *host_port = f->ts->url + strlen ("http://");

  conn = g_socket_client_connect_to_host (client, host_port, 80, NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  in = g_io_stream_get_input_stream (G_IO_STREAM (conn));

  head = g_strdup_printf ("POST /v1/chapters/%s/mutations HTTP/1.1\r\nHost: %s\r\n"
                          "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                          f->chapter_a, host_port, f->token_a);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 80 && error == NULL; i++)  /* 5 MiB */
    {
      g_output_stream_write_all (out, chunk_head, strlen (chunk_head), NULL, NULL, &error);
      g_output_stream_write_all (out, chunk, 64 * 1024, NULL, NULL, &error);
      g_output_stream_write_all (out, "\r\n", 2, NULL, NULL, &error);
    }
  if (error == NULL)
    g_output_stream_write_all (out, "0\r\n\r\n", 5, NULL, NULL, &error);
  g_clear_error (&error);  /* the server may hang up early */

  g_input_stream_read_all (in, answer, sizeof answer - 1, &n, NULL, NULL);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413"));
  g_assert_nonnull (strstr (answer, "body_too_large"));

  assert_alive (f);
}

static void
test_garbage (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *mpath = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter_a);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GString) deep = g_string_new (NULL);

  /* Nesting that would overflow a recursive parser's stack. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr(GBytes) answer = NULL;
    guint status;

    answer = ch_test_server_request (f->ts, "POST", mpath, f->token_a, deep->str, deep->len,
                                     &status);
    g_assert_cmpuint (status, ==, 400);
  }

  /* Random bytes, and a valid body with random bytes flipped. */
  for (guint round = 0; round < 60; round++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *m = insert_member (id, round + 1, "Fuzz", "Test", "f@example.com");
      g_autofree char *body = g_strdup_printf ("{\"device_id\":\"fuzz\",\"schema_version\":1,"
                                               "\"mutations\":[%s]}", m);
      gsize len = strlen (body);
      g_autoptr(GBytes) answer = NULL;
      guint status;

      if (round % 2 == 0)
        for (gsize i = 0; i < len; i++)
          body[i] = (char) g_rand_int_range (rand, 1, 256);
      else
        for (guint k = 0; k < 3; k++)
          body[g_rand_int_range (rand, 0, (gint32) len)] = (char) g_rand_int_range (rand, 1, 256);

      answer = ch_test_server_request (f->ts, "POST", mpath, f->token_a, body, len, &status);
      g_assert_true (status == 200 || status == 400 || status == 413 || status == 426);
    }

  assert_alive (f);
}

static void
test_sigterm (Fixture       *f,
              gconstpointer  data)
{
  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);
}

static void
test_kill_and_restart (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *m = insert_member (id, 1, "Anna", "Schmidt", "anna@example.com");
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) replay = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) health = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *reply_text = NULL;
  g_autofree char *replay_text = NULL;

  health = get_health (f);
  epoch = g_strdup (json_object_get_string_member (json_node_get_object (health), "epoch"));
  reply = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", m);

  /* Power cut right after the answer. */
  ch_test_server_kill (f->ts);
  ch_test_server_start (f->ts);

  page = feed (f, f->chapter_a, "0");
  g_assert_cmpstr (field_text (find_item (page, "member", id), "given_name"), ==, "Anna");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (page), "epoch"), ==, epoch);

  /* The device did not get the answer and retries: same answer. */
  replay = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", m);
  reply_text = json_to_string (reply, FALSE);
  replay_text = json_to_string (replay, FALSE);
  g_assert_cmpstr (reply_text, ==, replay_text);
}

static guint
count_fds (Fixture *f)
{
  const char *pid = g_subprocess_get_identifier (f->ts->process);
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* Devices come and go: a connection a client closes (also one it kept
 * alive and then dropped) must not cost the server a descriptor, or it
 * stops accepting after a day or two. */
static void
test_connections_closed (Fixture       *f,
                         gconstpointer  data)
{
  const char *host_port = f->ts->url + strlen ("http://");
  guint before, after;

  if (!g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("needs /proc");
      return;
    }

  assert_alive (f);
  before = count_fds (f);

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) conn = NULL;
      g_autoptr(GError) error = NULL;
      const char request[] = "GET /v1/health HTTP/1.1\r\nHost: test\r\n\r\n";
      char answer[1024];
      gssize n;

      conn = g_socket_client_connect_to_host (client, host_port, 80, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
                                 request, strlen (request), NULL, NULL, &error);
      g_assert_no_error (error);
      n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)),
                               answer, sizeof answer - 1, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 12);
      answer[n] = '\0';
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200"));
      /* Hang up without a word, as a closing laptop does. */
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
    }

  assert_alive (f);
  g_usleep (200 * 1000);
  after = count_fds (f);
  g_test_message ("server descriptors: %u before, %u after 300 connections", before, after);
  g_assert_cmpuint (after, <, before + 10);
}

static void
test_log_has_no_token (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *log = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?since=0", f->chapter_a);
  g_autoptr(JsonNode) page = NULL;

  me = ch_test_server_request_json (f->ts, "GET", "/v1/me", f->token_a, NULL, NULL);
  page = ch_test_server_request_json (f->ts, "GET", path, f->token_a, NULL, NULL);
  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);

  g_assert_true (g_file_get_contents (f->ts->log, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "GET /v1/me 200"));
  g_assert_nonnull (strstr (log, "/changes 200"));
  g_assert_null (strstr (log, f->token_a));
  g_assert_null (strstr (log, "chs_"));
  g_assert_null (strstr (log, "Bearer"));
}

static char *
merge_member (const char *id,
              gint64      mid,
              const char *into)
{
  return g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"delete\",\"set\":{\"merged_into\":\"%s\"}}", mid, id, into);
}

/* Merges chain: B into A, then C into B (so into A), then A into C, which
 * would close a loop: A stays.  A merge into itself or into nothing is
 * refused with a reason. */
static void
test_merge_chain (Fixture       *f,
                  gconstpointer  data)
{
  const char *a = "0190f5c2-3b7a-7cc1-9a2e-00000000000a";
  const char *b = "0190f5c2-3b7a-7cc1-9a2e-00000000000b";
  const char *c = "0190f5c2-3b7a-7cc1-9a2e-00000000000c";
  g_autofree char *ins_a = insert_member (a, 1, "Anna", "Schmidt", "anna@example.com");
  g_autofree char *ins_b = insert_member (b, 2, "Anna", "Schmidt", "anna.s@example.com");
  g_autofree char *ins_c = insert_member (c, 3, "Anna", "Schmidt", "as@example.com");
  g_autofree char *b_into_a = merge_member (b, 4, a);
  g_autofree char *c_into_b = merge_member (c, 5, b);
  g_autofree char *a_into_c = merge_member (a, 6, c);
  g_autofree char *a_into_a = merge_member (a, 7, a);
  g_autofree char *a_into_x = merge_member (a, 8, "0190f5c2-3b7a-7cc1-9a2e-0000000000ff");
  g_autofree char *batch = g_strjoin (",", ins_a, ins_b, ins_c, b_into_a, c_into_b, a_into_c,
                                      a_into_a, a_into_x, NULL);
  g_autoptr(JsonNode) reply = mutate_ok (f, f->token_a, f->chapter_a, "laptop-1", batch);
  g_autoptr(JsonNode) page = NULL;

  for (guint i = 0; i < 6; i++)
    g_assert_cmpstr (status_at (reply, i), ==, "applied");
  g_assert_cmpstr (status_at (reply, 6), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result_at (reply, 6), "code"), ==, "bad_merge");
  g_assert_cmpstr (status_at (reply, 7), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result_at (reply, 7), "code"), ==,
                   "member_deleted");

  page = feed (f, f->chapter_a, "1");
  g_assert_false (json_object_get_boolean_member (find_item (page, "member", a), "deleted"));
  g_assert_true (json_object_get_boolean_member (find_item (page, "member", b), "deleted"));
  g_assert_true (json_object_get_boolean_member (find_item (page, "member", c), "deleted"));
  g_assert_null (field_text (find_item (page, "member", a), "merged_into"));
  g_assert_cmpstr (field_text (find_item (page, "member", b), "merged_into"), ==, a);
  g_assert_cmpstr (field_text (find_item (page, "member", c), "merged_into"), ==, a);
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

  ADD ("/server/health", test_health);
  ADD ("/server/me", test_me);
  ADD ("/server/changes/insert-and-feed", test_insert_and_feed);
  ADD ("/server/changes/paging", test_paging);
  ADD ("/server/changes/since-zero-hides-tombstones", test_since_zero_hides_tombstones);
  ADD ("/server/changes/cursor-expired", test_cursor_expired);
  ADD ("/server/mutations/update-applied", test_update_applied);
  ADD ("/server/mutations/update-conflict", test_update_conflict);
  ADD ("/server/mutations/field-groups", test_field_groups);
  ADD ("/server/mutations/edit-after-delete", test_edit_after_delete);
  ADD ("/server/mutations/duplicate-email", test_duplicate_email);
  ADD ("/server/mutations/replay", test_replay);
  ADD ("/server/mutations/rejected-in-middle", test_rejected_in_middle);
  ADD ("/server/mutations/rejections", test_rejections);
  ADD ("/server/mutations/deterministic-insert", test_deterministic_insert);
  ADD ("/server/mutations/merge-chain", test_merge_chain);
  ADD ("/server/schema-version", test_schema_version);
  ADD ("/server/auth/tokens-and-chapters", test_auth);
  ADD ("/server/auth/revoked", test_revoked);
  ADD ("/server/limits/bad-requests", test_bad_requests);
  ADD ("/server/limits/too-large", test_too_large);
  ADD ("/server/limits/chunked-too-large", test_chunked_too_large);
  ADD ("/server/limits/garbage", test_garbage);
  ADD ("/server/lifecycle/sigterm", test_sigterm);
  ADD ("/server/lifecycle/kill-and-restart", test_kill_and_restart);
  ADD ("/server/lifecycle/connections-closed", test_connections_closed);
  ADD ("/server/log/no-token", test_log_has_no_token);

#undef ADD

  return g_test_run ();
}
