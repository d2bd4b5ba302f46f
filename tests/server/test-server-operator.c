/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-operator"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ch-test-server.h"

/*
 * The operator's commands, run while the real server serves: devices
 * list and forget, token rotate, chapter update and remove. What the
 * devices then see is checked over HTTP.
 */

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
  f->ts = ch_test_server_new ();
  f->chapter = ch_test_server_admin_ok (f->ts, "chapter", "add", "--name", "IAMCP Denmark",
                                        NULL);
  f->token = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "Dorte",
                                      "--chapter", f->chapter, NULL);
  ch_test_server_start (f->ts);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ch_test_server_finish (f->ts);
  g_free (f->chapter);
  g_free (f->token);
}

static guint
push_member (Fixture    *f,
             const char *token,
             const char *device,
             gint64      mid)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *body =
    g_strdup_printf ("{\"device_id\":\"%s\",\"schema_version\":1,\"mutations\":["
                     "{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                     "\"op\":\"insert\",\"base\":{},\"set\":{\"given_name\":\"Mette\","
                     "\"family_name\":\"Holm\"}}]}", device, mid, id);
  g_autoptr(GBytes) answer = NULL;
  guint status = 0;

  answer = ch_test_server_request (f->ts, "POST", path, token, body, -1, &status);
  return status;
}

static guint
me_status (Fixture    *f,
           const char *token)
{
  g_autoptr(GBytes) answer = NULL;
  guint status = 0;

  answer = ch_test_server_request (f->ts, "GET", "/v1/me", token, NULL, 0, &status);
  return status;
}

static char *
health_epoch (Fixture *f)
{
  guint status = 0;
  g_autoptr(JsonNode) node = ch_test_server_request_json (f->ts, "GET", "/v1/health", NULL,
                                                          NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "epoch"));
}

/* The new token works, the old one is refused at once, the device the
 * old one used goes on under the new one, and the token is printed on
 * stdout only. */
static void
test_token_rotate (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *list = NULL;

  g_assert_cmpuint (push_member (f, f->token, "laptop-dorte", 1), ==, 200);

  g_assert_cmpint (ch_test_server_admin (f->ts, &out, &err, "token", "rotate", "1", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "chs_"));
  g_assert_cmpstr (out, !=, f->token);
  g_assert_null (strstr (err, out));
  g_assert_nonnull (strstr (err, "2"));

  g_assert_cmpuint (me_status (f, f->token), ==, 401);
  g_assert_cmpuint (me_status (f, out), ==, 200);
  g_assert_cmpuint (push_member (f, out, "laptop-dorte", 2), ==, 200);

  list = ch_test_server_admin_ok (f->ts, "token", "list", NULL);
  g_assert_nonnull (strstr (list, "\n2\tDorte\t"));

  /* A revoked token cannot be brought back by rotating it. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ch_test_server_admin (f->ts, NULL, &err, "token", "rotate", "1", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "revoked"));
}

static void
test_devices (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *list = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pull = g_strdup_printf ("/v1/chapters/%s/changes?since=0&device_id=tablet-ib",
                                           f->chapter);
  g_autoptr(GBytes) answer = NULL;
  guint status = 0;

  g_assert_cmpuint (push_member (f, f->token, "laptop-dorte", 1), ==, 200);
  answer = ch_test_server_request (f->ts, "GET", pull, f->token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);

  list = ch_test_server_admin_ok (f->ts, "devices", "list", "--chapter", f->chapter, NULL);
  g_assert_nonnull (strstr (list, "\tlaptop-dorte\tDorte\t1\t"));
  g_assert_nonnull (strstr (list, "\ttablet-ib\t-\t0\t0\t"));

  g_free (ch_test_server_admin_ok (f->ts, "devices", "forget", "--chapter", f->chapter,
                                   "laptop-dorte", NULL));
  after = ch_test_server_admin_ok (f->ts, "devices", "list", NULL);
  g_assert_null (strstr (after, "laptop-dorte"));
  g_assert_nonnull (strstr (after, "tablet-ib"));

  g_assert_cmpint (ch_test_server_admin (f->ts, NULL, &err, "devices", "forget", "--chapter",
                                         f->chapter, "laptop-dorte", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "laptop-dorte"));

  /* Forgotten, the device id starts over. */
  g_assert_cmpuint (push_member (f, f->token, "laptop-dorte", 1), ==, 200);
}

/* The new name reaches the devices in the feed and in /v1/me. */
static void
test_chapter_update (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?since=1", f->chapter);
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) feed = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autofree char *me_text = NULL;
  JsonArray *items;
  JsonObject *row;
  guint status = 0;

  g_free (ch_test_server_admin_ok (f->ts, "chapter", "update", "--name", "IAMCP Danmark",
                                   "--city", "Aarhus", f->chapter, NULL));

  feed = ch_test_server_request_json (f->ts, "GET", path, f->token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (feed), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  row = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "entity"), ==, "chapter");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (row, "fields"),
                                                  "name"), ==, "IAMCP Danmark");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (row, "fields"),
                                                  "city"), ==, "Aarhus");

  me = ch_test_server_request_json (f->ts, "GET", "/v1/me", f->token, NULL, &status);
  me_text = json_to_string (me, FALSE);
  g_assert_nonnull (strstr (me_text, "IAMCP Danmark"));

  g_assert_cmpint (ch_test_server_admin (f->ts, NULL, &err, "chapter", "update",
                                         "--currency", "EURO", f->chapter, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "ISO 4217"));
}

/* Without --yes nothing happens; with it a backup is written first, the
 * chapter and its tokens are gone, and the other chapters' devices keep
 * their epoch, also after a restart. */
static void
test_chapter_remove (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *other = ch_test_server_admin_ok (f->ts, "chapter", "add", "--name",
                                                    "IAMCP Norway", NULL);
  g_autofree char *epoch = health_epoch (f);
  g_autofree char *backup = g_build_filename (f->ts->dir, "before.db", NULL);
  g_autofree char *err = NULL;
  g_autofree char *list = NULL;
  g_autofree char *epoch_after = NULL;

  g_assert_cmpuint (push_member (f, f->token, "laptop-dorte", 1), ==, 200);

  g_assert_cmpint (ch_test_server_admin (f->ts, NULL, &err, "chapter", "remove", f->chapter,
                                         NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--yes"));
  g_assert_cmpuint (me_status (f, f->token), ==, 200);

  g_free (ch_test_server_admin_ok (f->ts, "chapter", "remove", "--yes", "--backup", backup,
                                   f->chapter, NULL));
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (me_status (f, f->token), ==, 401);
  list = ch_test_server_admin_ok (f->ts, "chapter", "list", NULL);
  g_assert_null (strstr (list, f->chapter));
  g_assert_nonnull (strstr (list, other));

  g_assert_cmpint (ch_test_server_stop (f->ts), ==, 0);
  ch_test_server_start (f->ts);
  epoch_after = health_epoch (f);
  g_assert_cmpstr (epoch_after, ==, epoch);
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

  ADD ("/server/operator/token-rotate", test_token_rotate);
  ADD ("/server/operator/devices", test_devices);
  ADD ("/server/operator/chapter-update", test_chapter_update);
  ADD ("/server/operator/chapter-remove", test_chapter_remove);

  return g_test_run ();
}
