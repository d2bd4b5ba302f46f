/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-growth"

#include "config.h"

#include <string.h>

#include "ch-test-server.h"

/*
 * What a chapter token can make the server keep: stored answers are
 * pruned by "compact" once the device can no longer ask for them again,
 * and one token cannot register any number of device ids.
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
  f->chapter = ch_test_server_admin_ok (f->ts, "chapter", "add", "--name", "IAMCP Belgium",
                                        NULL);
  f->token = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "Bram",
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

/* Pushes one new member under @mid from @device; returns the answer. */
static JsonNode *
push_member (Fixture    *f,
             const char *device,
             gint64      mid,
             const char *id,
             guint      *status)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter);
  g_autofree char *body =
    g_strdup_printf ("{\"device_id\":\"%s\",\"schema_version\":1,\"mutations\":["
                     "{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                     "\"op\":\"insert\",\"base\":{},\"set\":{\"given_name\":\"Els\","
                     "\"family_name\":\"Peeters\"}}]}", device, mid, id);

  return ch_test_server_request_json (f->ts, "POST", path, f->token, body, status);
}

static const char *
first_status (JsonNode *reply)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (reply), "results");

  return json_object_get_string_member (json_array_get_object_element (results, 0), "status");
}

/* An answer the device can still ask for again survives "compact"; one
 * it has sent thousands of mids past is dropped (asking for it again is
 * then "stale_mid", which makes the device take a new id). */
static void
test_compact_prunes_results (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *old_id = g_uuid_string_random ();
  g_autofree char *new_id = g_uuid_string_random ();
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) last = NULL;
  g_autoptr(JsonNode) again_last = NULL;
  g_autoptr(JsonNode) again_first = NULL;
  g_autofree char *out = NULL;
  guint status;

  first = push_member (f, "laptop", 1, old_id, &status);
  g_assert_cmpuint (status, ==, 200);
  last = push_member (f, "laptop", 10001, new_id, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (first_status (last), ==, "applied");

  out = ch_test_server_admin_ok (f->ts, "compact", "--chapter", f->chapter, NULL);

  again_last = push_member (f, "laptop", 10001, new_id, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (first_status (again_last), ==, "applied");

  again_first = push_member (f, "laptop", 1, old_id, &status);
  g_assert_cmpuint (status, ==, 409);
  ch_test_assert_error (again_first, "stale_mid");
}

/* "stats" shows what each chapter keeps: records (the chapter's own row
 * and the members), tombstones, devices, stored answers. */
static void
test_stats (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *out = NULL;
  g_autofree char *line = NULL;
  guint status;

  reply = push_member (f, "phone", 1, id, &status);
  g_assert_cmpuint (status, ==, 200);

  out = ch_test_server_admin_ok (f->ts, "stats", NULL);
  line = g_strdup_printf ("\n%s\t2\t0\t1\t1", f->chapter);
  if (strstr (out, line) == NULL)
    g_error ("stats said:\n%s", out);
}

/* One token, ever more device ids: refused with a message past the cap,
 * and known devices go on working. */
static void
test_devices_per_token_capped (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) known = NULL;
  g_autofree char *id = g_uuid_string_random ();
  guint status = 0;
  guint n;

  for (n = 0; n < 1000; n++)
    {
      g_autofree char *device = g_strdup_printf ("device-%u", n);
      g_autofree char *member = g_uuid_string_random ();
      g_autoptr(JsonNode) reply = push_member (f, device, 1, member, &status);

      if (status != 200)
        {
          refused = g_steal_pointer (&reply);
          break;
        }
    }

  g_assert_cmpuint (n, ==, 200);
  g_assert_cmpuint (status, ==, 403);
  ch_test_assert_error (refused, "too_many_devices");

  known = push_member (f, "device-7", 2, id, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (first_status (known), ==, "applied");
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

  ADD ("/server/growth/compact-prunes-results", test_compact_prunes_results);
  ADD ("/server/growth/devices-per-token-capped", test_devices_per_token_capped);
  ADD ("/server/growth/stats", test_stats);

  return g_test_run ();
}
