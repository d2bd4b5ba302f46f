/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-pipeline"

#include "config.h"

#include <string.h>

#include "ch-protocol.h"
#include "ch-sync-test.h"
#include "ch-uuid.h"

/*
 * A push of many changes sends the next batch while the server works on
 * the last one, each naming the batch it follows (?after_mid=).  The
 * server applies such a batch only right after that one: a batch lost on
 * the way, or an answer lost and the batch after it sent again, never
 * leaves the server with one batch without the other, and the device ends
 * with the server's rows, each change there once, under the same device
 * id.  A server that does not say it takes ?after_mid= gets one batch at
 * a time.
 */

/* More than two batches of CH_PROTOCOL_MAX_MUTATIONS. */
#define MANY 2500

/* The device id in the client's file now (the sync writes it with its own
 * connection). */
static char *
device_id (SyncClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) store = ch_store_open_existing (client->path, &error);

  g_assert_no_error (error);
  return g_strdup (ch_store_get_device_id (store));
}

static guint
count_requests (SyncProxy  *proxy,
                const char *part)
{
  g_autoptr(GPtrArray) requests = sync_proxy_get_requests (proxy);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    if (strstr (g_ptr_array_index (requests, i), "/mutations") != NULL &&
        strstr (g_ptr_array_index (requests, i), part) != NULL)
      n++;

  return n;
}

/* How many pushes the server refused as out of order (its request log). */
static guint
count_out_of_order (SyncFixture *f)
{
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (f->server->log, &log, NULL, NULL));
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "/mutations 409 ") != NULL)
      n++;

  return n;
}

/* Every one of @n members on the server once, and on both devices; the
 * device's outbox empty; nothing written twice (one version a member,
 * after the chapter's own). */
static void
assert_agreement (SyncFixture *f,
                  SyncClient  *anna,
                  guint        n)
{
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *mids = sync_client_outbox_mids (anna);

  g_assert_cmpstr (mids, ==, "");
  sync_server_assert_members_once (f->server, f->chapter_a, f->token_a, n);
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==, 1 + n);

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_cmpuint (sync_client_count_rows (anna, "member", TRUE), ==, n);
  g_assert_cmpuint (sync_client_count_rows (bo, "member", TRUE), ==, n);
}

/* ----------------------------------------------------------------------- */
/* The server's side, request by request                                   */

static char *
batch (const char *device,
       gint64      first_mid,
       const char *id)
{
  return g_strdup_printf ("{\"device_id\":\"%s\",\"schema_version\":1,\"mutations\":["
                          "{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"insert\",\"base\":{},\"set\":{\"given_name\":\"Karin\","
                          "\"family_name\":\"Berg\",\"email\":\"%s@example.se\"}},"
                          "{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"update\",\"base\":{\"phone\":null},"
                          "\"set\":{\"phone\":\"+46 8 555 00 00\"}}]}",
                          device, first_mid, id, id, first_mid + 1, id);
}

/* POSTs @body (after @after, unless NULL); returns the answer's body. */
static char *
post (SyncFixture *f,
      const char  *after,
      const char  *body,
      guint       *status)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) reply = NULL;

  path = after ? g_strdup_printf ("/v1/chapters/%s/mutations?after_mid=%s", f->chapter_a, after)
               : g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter_a);
  reply = sync_server_request (f->server, "POST", path, f->token_a, body, status);

  return g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

static void
assert_error (const char *reply,
              const char *code)
{
  g_autofree char *got = NULL;

  g_assert_true (ch_protocol_parse_error (reply, strlen (reply), &got, NULL));
  g_assert_cmpstr (got, ==, code);
}

static void
test_server_order (SyncFixture   *f,
                   gconstpointer  data)
{
  g_autofree char *x = ch_uuid_new_v7 ();
  g_autofree char *y = ch_uuid_new_v7 ();
  g_autofree char *z = ch_uuid_new_v7 ();
  g_autofree char *a = batch ("order-laptop", 1, x);
  g_autofree char *b = batch ("order-laptop", 3, y);
  g_autofree char *c = batch ("order-laptop", 5, z);
  g_autofree char *reply = NULL;
  g_autofree char *c_first = NULL;
  g_autofree char *c_again = NULL;
  g_autofree char *d = batch ("order-laptop", 7, x);
  guint status = 0;
  gint64 version;

  g_free (post (f, NULL, a, &status));
  g_assert_cmpuint (status, ==, 200);
  version = sync_server_max_version (f->server, f->chapter_a, f->token_a);

  /* B (mids 3–4) is lost on the way; C, sent after it, must not go alone. */
  reply = post (f, "4", c, &status);
  g_assert_cmpuint (status, ==, 409);
  assert_error (reply, CH_PROTOCOL_CODE_OUT_OF_ORDER);
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==, version);

  /* Nor after a batch that is not the one it names. */
  g_free (reply);
  reply = post (f, "1", b, &status);
  g_assert_cmpuint (status, ==, 409);
  assert_error (reply, CH_PROTOCOL_CODE_OUT_OF_ORDER);

  /* In order, each is applied. */
  g_free (post (f, "2", b, &status));
  g_assert_cmpuint (status, ==, 200);
  c_first = post (f, "4", c, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (c_first, "\"applied\""));
  version = sync_server_max_version (f->server, f->chapter_a, f->token_a);
  g_assert_cmpint (version, ==, 1 + 6);

  /* C again (its answer was lost): refused as it names B, which is no
   * longer the last; sent again without that, the same answer, nothing
   * written. */
  g_free (reply);
  reply = post (f, "4", c, &status);
  g_assert_cmpuint (status, ==, 409);
  assert_error (reply, CH_PROTOCOL_CODE_OUT_OF_ORDER);
  c_again = post (f, NULL, c, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (c_again, ==, c_first);
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==, version);

  /* A malformed condition is a JSON error, nothing applied. */
  g_free (reply);
  reply = post (f, "six", d, &status);
  g_assert_cmpuint (status, ==, 400);
  assert_error (reply, CH_PROTOCOL_CODE_BAD_REQUEST);
  g_free (reply);
  reply = post (f, "-1", d, &status);
  g_assert_cmpuint (status, ==, 400);
  assert_error (reply, CH_PROTOCOL_CODE_BAD_REQUEST);
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==, version);
}

/* ----------------------------------------------------------------------- */
/* The device's side, through a proxy                                      */

typedef struct
{
  GMutex   lock;
  GCond    cond;
  guint    plain;       /* pushes without ?after_mid= seen */
  guint    ahead;       /* pushes with it */
  gboolean lose_reply;  /* else lose the second plain push's request */
} Losses;

static SyncProxyAction
lose (const char  *method,
      char       **path,
      guint        n,
      gpointer     user_data)
{
  Losses *l = user_data;
  SyncProxyAction action = SYNC_PROXY_FORWARD;

  if (!g_str_equal (method, "POST") || strstr (*path, "/mutations") == NULL)
    return SYNC_PROXY_FORWARD;

  g_mutex_lock (&l->lock);
  if (strstr (*path, "after_mid=") != NULL)
    {
      /* The first batch sent ahead reaches the server, its answer is lost. */
      if (++l->ahead == 1 && l->lose_reply)
        action = SYNC_PROXY_DROP_REPLY;
      g_cond_broadcast (&l->cond);
    }
  else if (++l->plain == 2 && !l->lose_reply)
    {
      /* The second batch is lost on the way... */
      action = SYNC_PROXY_DROP_REQUEST;
    }
  else if (l->plain == 3 && !l->lose_reply)
    {
      /* ... and sent again only once the batch sent ahead of its answer
       * has had time to reach the server. */
      gint64 until = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

      while (l->ahead == 0 && g_cond_wait_until (&l->cond, &l->lock, until))
        ;
      g_mutex_unlock (&l->lock);
      g_usleep (G_USEC_PER_SEC / 2);
      return SYNC_PROXY_FORWARD;
    }
  g_mutex_unlock (&l->lock);

  return action;
}

static void
test_device (SyncFixture   *f,
             gconstpointer  data)
{
  const char *how = data;
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", sync_proxy_get_url (proxy));
  g_autofree char *device_before = NULL;
  g_autofree char *device_after = NULL;
  Losses losses = { 0 };
  ChSyncReport report = { 0 };

  g_mutex_init (&losses.lock);
  g_cond_init (&losses.cond);

  sync_client_sync_ok (anna, NULL);
  device_before = device_id (anna);
  sync_client_add_members (anna, "Ada", MANY);

  if (g_str_equal (how, "old-server"))
    sync_proxy_strip_reply_header (proxy, CH_PROTOCOL_CAPABILITIES_HEADER);
  else if (!g_str_equal (how, "ahead"))
    {
      losses.lose_reply = g_str_equal (how, "ahead-answer-lost");
      sync_proxy_set_rule (proxy, lose, &losses);
    }

  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.pushed, ==, MANY);
  g_assert_cmpuint (report.rejected, ==, 0);
  g_assert_cmpuint (report.conflicts, ==, 0);

  if (g_str_equal (how, "old-server"))
    {
      /* One batch at a time, none naming another. */
      g_assert_cmpuint (count_requests (proxy, "after_mid="), ==, 0);
      g_assert_cmpuint (count_requests (proxy, "POST"), ==, 3);
    }
  else
    g_assert_cmpuint (count_requests (proxy, "after_mid="), >, 0);

  if (g_str_equal (how, "old-server"))
    g_assert_cmpuint (count_out_of_order (f), ==, 0);
  else if (g_str_equal (how, "ahead"))
    {
      /* Nothing lost: only a batch sent ahead can be refused as out of
       * order, when it reaches the server before the one it follows is
       * applied (a busy machine: the two go on two connections); it then
       * goes again in order, and the agreement below holds all the same. */
      g_assert_cmpuint (count_out_of_order (f), <=, count_requests (proxy, "after_mid="));
    }
  else
    {
      /* The server refused what came without the batch before it. */
      g_assert_cmpuint (count_out_of_order (f), >, 0);
    }

  /* No change was refused for a reused or stale mid: still the same
   * device id, and each change applied once. */
  device_after = device_id (anna);
  g_assert_cmpstr (device_after, ==, device_before);
  assert_agreement (f, anna, MANY);

  sync_proxy_set_rule (proxy, NULL, NULL);
  g_mutex_clear (&losses.lock);
  g_cond_clear (&losses.cond);
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/pipeline/server-order", SyncFixture, NULL,
              sync_fixture_setup, test_server_order, sync_fixture_teardown);
  g_test_add ("/sync/pipeline/ahead", SyncFixture, "ahead",
              sync_fixture_setup, test_device, sync_fixture_teardown);
  g_test_add ("/sync/pipeline/lost-before-ahead", SyncFixture, "lost-before-ahead",
              sync_fixture_setup, test_device, sync_fixture_teardown);
  g_test_add ("/sync/pipeline/ahead-answer-lost", SyncFixture, "ahead-answer-lost",
              sync_fixture_setup, test_device, sync_fixture_teardown);
  g_test_add ("/sync/pipeline/old-server", SyncFixture, "old-server",
              sync_fixture_setup, test_device, sync_fixture_teardown);

  return g_test_run ();
}
