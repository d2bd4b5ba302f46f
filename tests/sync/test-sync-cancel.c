/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-cancel"

#include "config.h"

#include <string.h>

#include "ch-sync-private.h"
#include "ch-store-sync.h"
#include "ch-sync-test.h"

/*
 * A sync stopped while it waits: the server is busy (503 with
 * Retry-After: 30, which the device honours up to 30 s) or does not
 * answer, and the officer closes the window or quits.  The sync returns
 * "cancelled" at once, not when the wait is over, whichever thread waits
 * (the push's batch sent ahead, the pull's pages asked for ahead); the
 * device keeps every change not acknowledged and every page applied, and
 * the next sync sends each change once.
 *
 * The bound on the time is generous (10 s where the server asked for
 * 30 s): it tells a wait that ends at the cancellation from one that
 * runs its course, on any machine.
 */

/* Far below the 30 s the busy server asks for. */
#define PROMPT_US (10 * G_USEC_PER_SEC)

/* What goes wrong, on the proxy's threads. */
typedef struct
{
  const char      *method;  /* requests of this method… */
  const char      *part;    /* …whose path contains this */
  guint            from;    /* the first of them (1: every one) that… */
  SyncProxyAction  action;  /* …gets this, while @on */
  gboolean         small_pages;  /* pages of three rows */
  gint             on;      /* atomic */
  gint             hits;    /* atomic: how many got @action */
} Trouble;

static SyncProxyAction
trouble_rule (const char  *method,
              char       **path,
              guint        n,
              gpointer     user_data)
{
  Trouble *t = user_data;

  if (!g_str_equal (method, t->method) || strstr (*path, t->part) == NULL)
    return SYNC_PROXY_FORWARD;

  if (t->small_pages)
    sync_proxy_set_limit (path, 3);

  if (!g_atomic_int_get (&t->on) || n < t->from)
    return SYNC_PROXY_FORWARD;

  g_atomic_int_inc (&t->hits);
  return t->action;
}

/* The officer, on another thread: once @want requests got the trouble,
 * half a second later, stops the sync. */
typedef struct
{
  Trouble      *trouble;
  gint          want;
  GCancellable *cancellable;
} Canceller;

static gpointer
canceller_main (gpointer data)
{
  Canceller *c = data;
  gint64 give_up = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&c->trouble->hits) < c->want && g_get_monotonic_time () < give_up)
    g_usleep (10 * 1000);
  g_usleep (G_USEC_PER_SEC / 2);
  g_cancellable_cancel (c->cancellable);

  return NULL;
}

/* Runs @client's sync through the proxy, stopped by another thread half a
 * second after @want requests got @trouble's; asserts it says "cancelled"
 * well before the server's 30 s are over. */
static void
sync_cancelled (SyncClient *client,
                Trouble    *trouble,
                gint        want)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Canceller canceller = { trouble, want, cancellable };
  ChSyncReport report = { 0 };
  GThread *thread;
  gint64 start, took;
  gboolean ok;

  g_atomic_int_set (&trouble->on, TRUE);
  thread = g_thread_new ("test-canceller", canceller_main, &canceller);
  start = g_get_monotonic_time ();
  ok = ch_sync_run (client->path, client->chapter_id, client->token, cancellable, &report,
                    &error);
  took = g_get_monotonic_time () - start;
  g_thread_join (thread);
  g_atomic_int_set (&trouble->on, FALSE);

  g_test_message ("the sync returned after %.1f s (%d troubled requests)",
                  took / (double) G_USEC_PER_SEC, g_atomic_int_get (&trouble->hits));
  g_assert_false (ok);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The sync did wait on what the test made go wrong. */
  g_assert_cmpint (g_atomic_int_get (&trouble->hits), >=, want);
  g_assert_cmpint (took, <, PROMPT_US);
}

/* After a healthy sync, @n members on the server, each once, each
 * written once (versions: the chapter's, then one a member), and the
 * outbox empty. */
static void
assert_sent_once (SyncFixture *f,
                  SyncClient  *client,
                  guint        n)
{
  g_autofree char *mids = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (client, &report);
  mids = sync_client_outbox_mids (client);
  g_assert_cmpstr (mids, ==, "");
  sync_server_assert_members_once (f->server, f->chapter_a, f->token_a, n);
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==, 1 + n);
  g_assert_cmpuint (sync_client_count_rows (client, "member", TRUE), ==, n);
}

/* ----------------------------------------------------------------------- */

/* The server is busy at the first push: the sync waits 30 s before it
 * tries again, unless stopped. */
static void
test_busy_push (SyncFixture   *f,
                gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", sync_proxy_get_url (proxy));
  Trouble trouble = { "POST", "/mutations", 1, SYNC_PROXY_BUSY };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *last_error = NULL;

  sync_proxy_set_rule (proxy, trouble_rule, &trouble);
  sync_client_add_members (anna, "Sara", 3);
  before = sync_client_outbox_mids (anna);
  g_assert_cmpstr (before, !=, "");

  sync_cancelled (anna, &trouble, 1);

  /* Nothing sent, nothing lost; and stopping it is no error to report
   * ("Last error" in the CLI's status). */
  after = sync_client_outbox_mids (anna);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==, 1);
  g_assert_true (ch_store_get_sync_result (anna->store, anna->chapter_id, NULL, &last_error));
  g_assert_null (last_error);

  assert_sent_once (f, anna, 3);
}

/* The push sends a batch ahead of the last one's answer (batches of two
 * here): after the first batch, the server is busy for the second and for
 * the one sent ahead of its answer; both wait on their lanes' threads. */
static void
test_busy_push_ahead (SyncFixture   *f,
                      gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", sync_proxy_get_url (proxy));
  Trouble trouble = { "POST", "/mutations", 2, SYNC_PROXY_BUSY };
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *mids = NULL;
  guint ahead = 0;

  sync_proxy_set_rule (proxy, trouble_rule, &trouble);
  sync_client_add_members (anna, "Sara", 6);

  sync_cancelled (anna, &trouble, 2);

  /* A batch did go ahead of an answer. */
  requests = sync_proxy_get_requests (proxy);
  for (guint i = 0; i < requests->len; i++)
    if (strstr (g_ptr_array_index (requests, i), "after_mid=") != NULL)
      ahead++;
  g_assert_cmpuint (ahead, >=, 1);

  /* The first batch is acknowledged; the others wait, all of them. */
  mids = sync_client_outbox_mids (anna);
  g_assert_cmpstr (mids, ==, "3,4,5,6");
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==, 1 + 2);

  assert_sent_once (f, anna, 6);
}

/* A first download in pages (of three rows here), the next ones asked for
 * ahead on threads of their own: after the first page, the server is
 * busy; the sync stops with what it applied, and goes on from there. */
static void
test_busy_pull_ahead (SyncFixture   *f,
                      gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", sync_proxy_get_url (proxy));
  Trouble trouble = { "GET", "/changes", 2, SYNC_PROXY_BUSY, TRUE };
  ChSyncReport report = { 0 };
  gint64 cursor = -1;

  sync_client_add_members (anna, "Sara", 20);
  sync_client_sync_ok (anna, NULL);

  sync_proxy_set_rule (proxy, trouble_rule, &trouble);
  sync_cancelled (bo, &trouble, 1);

  /* The first page (the chapter and two members) and where it ends. */
  g_assert_cmpuint (sync_client_count_rows (bo, "member", FALSE), ==, 2);
  g_assert_true (ch_store_get_sync_state (bo->store, f->chapter_a, NULL, NULL, &cursor));
  g_assert_cmpint (cursor, ==, 3);

  /* The next sync goes on from there: nothing missing, nothing twice. */
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.pulled, ==, 18);
  g_assert_cmpuint (sync_client_count_rows (bo, "member", FALSE), ==, 20);
  g_assert_cmpuint (ch_store_count_members (bo->store, f->chapter_a), ==, 20);
  g_assert_true (ch_store_get_sync_state (bo->store, f->chapter_a, NULL, NULL, &cursor));
  g_assert_cmpint (cursor, ==, sync_server_max_version (f->server, f->chapter_a, f->token_a));
}

/* No answer at all (the server hangs), or half of one (the server applied
 * the push; its answer stops midway): the device's request is stopped,
 * not waited out (the connection's own timeout is a minute). */
static void
test_stalled (SyncFixture   *f,
              gconstpointer  data)
{
  SyncProxyAction action = GPOINTER_TO_INT (data);
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", sync_proxy_get_url (proxy));
  Trouble trouble = { "POST", "/mutations", 1, action };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  sync_proxy_set_rule (proxy, trouble_rule, &trouble);
  sync_client_add_members (anna, "Sara", 2);
  before = sync_client_outbox_mids (anna);

  sync_cancelled (anna, &trouble, 1);

  /* An answer not read is not taken: the changes wait (the server has
   * them when it applied them, and takes them again as the same ones). */
  after = sync_client_outbox_mids (anna);
  g_assert_cmpstr (after, ==, before);
  if (action == SYNC_PROXY_STALL_REPLY)
    {
      /* The server got the push before the sync was stopped; on a busy
       * machine it may still be applying it. */
      gint64 give_up = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

      while (sync_server_max_version (f->server, f->chapter_a, f->token_a) < 1 + 2 &&
             g_get_monotonic_time () < give_up)
        g_usleep (20 * 1000);
    }
  g_assert_cmpint (sync_server_max_version (f->server, f->chapter_a, f->token_a), ==,
                   action == SYNC_PROXY_STALL_REPLY ? 1 + 2 : 1);

  assert_sent_once (f, anna, 2);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  /* Pushes of two changes a request: a few changes make several batches,
   * some sent ahead. */
  ch_sync_engine_set_push_batch (2);

  g_test_add ("/sync/cancel/busy-push", SyncFixture, NULL,
              sync_fixture_setup, test_busy_push, sync_fixture_teardown);
  g_test_add ("/sync/cancel/busy-push-ahead", SyncFixture, NULL,
              sync_fixture_setup, test_busy_push_ahead, sync_fixture_teardown);
  g_test_add ("/sync/cancel/busy-pull-ahead", SyncFixture, NULL,
              sync_fixture_setup, test_busy_pull_ahead, sync_fixture_teardown);
  g_test_add ("/sync/cancel/no-answer", SyncFixture, GINT_TO_POINTER (SYNC_PROXY_STALL),
              sync_fixture_setup, test_stalled, sync_fixture_teardown);
  g_test_add ("/sync/cancel/half-an-answer", SyncFixture,
              GINT_TO_POINTER (SYNC_PROXY_STALL_REPLY),
              sync_fixture_setup, test_stalled, sync_fixture_teardown);

  return g_test_run ();
}
