/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-garbage"

#include "config.h"

#include <string.h>

#include "ch-sync-private.h"
#include "ch-sync-test.h"
#include "ch-uuid.h"

/*
 * Servers that are not what they claim: a SoupServer in the test answers
 * garbage, hangs up, or loops; the proxy drops every connection.  The sync
 * ends with a clear error, the pending changes are all still there, and
 * nothing crashes or spins for ever.
 */

typedef enum
{
  GARBAGE_NOT_JSON,        /* 200 "not json" to everything */
  GARBAGE_HTML_400,        /* 400 with an HTML page, like a stray web server */
  GARBAGE_NO_RESULTS,      /* 200 {"epoch", "results": []} to a push */
  GARBAGE_FOREIGN_RESULTS, /* 200 with results for mids we never sent */
  GARBAGE_FEED_STUCK,      /* has_more: true, but the cursor never moves */
  GARBAGE_FEED_NOT_JSON,   /* pushes fine, then a feed that is not JSON */
  GARBAGE_FEED_BAD_GZIP,   /* pushes fine, then a feed said to be gzip that is not */
  GARBAGE_ALWAYS_500,      /* 500 to everything */
  GARBAGE_HANG_UP,         /* closes the connection without an answer */
  GARBAGE_DEEP_NESTING,    /* 200 with 400 KB of "[[[[…" to everything */
  GARBAGE_HUGE_ME,         /* 200 with a well-formed /v1/me of 2 MiB */
  GARBAGE_DEEP_401,        /* 401 with 400 KB of "{"a":{"a":…" */
  GARBAGE_ODD_ME,          /* 200 {"chapters": [5]} */
  GARBAGE_BUSY,            /* 503 "busy" with Retry-After: 1 to everything */
} Garbage;

typedef struct
{
  Garbage     garbage;
  gboolean    with_changes;
  gint        expected_code;
} Case;

typedef struct
{
  SoupServer *soup;
  char       *url;
  char       *dir;
  char       *chapter_id;
  Garbage     garbage;
  guint       requests;
  GArray     *times;       /* monotonic time of each request */
  GPtrArray  *paths;       /* "METHOD path" of each request */
} Fake;

static void
answer (SoupServerMessage *msg,
        guint              status,
        const char        *type,
        const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fake *fake = user_data;
  gboolean push = g_str_has_suffix (path, "/mutations");
  g_autofree char *results = NULL;

  fake->requests++;
  if (fake->times != NULL)
    {
      gint64 now = g_get_monotonic_time ();

      g_array_append_val (fake->times, now);
      g_ptr_array_add (fake->paths, g_strconcat (soup_server_message_get_method (msg), " ",
                                                 path, NULL));
    }

  switch (fake->garbage)
    {
    case GARBAGE_NOT_JSON:
      answer (msg, 200, "text/plain", "not json");
      break;

    case GARBAGE_HTML_400:
      answer (msg, 400, "text/html", "<html><body><h1>400 Bad Request</h1></body></html>");
      break;

    case GARBAGE_NO_RESULTS:
      answer (msg, 200, "application/json", "{\"epoch\":\"e\",\"results\":[]}");
      break;

    case GARBAGE_FOREIGN_RESULTS:
      answer (msg, 200, "application/json",
              "{\"epoch\":\"e\",\"results\":"
              "[{\"mid\":987654,\"status\":\"applied\",\"version\":7}]}");
      break;

    case GARBAGE_FEED_STUCK:
      answer (msg, 200, "application/json",
              "{\"epoch\":\"e\",\"items\":[],\"next\":0,\"has_more\":true}");
      break;

    case GARBAGE_FEED_NOT_JSON:
    case GARBAGE_FEED_BAD_GZIP:
      if (push)
        {
          /* Acknowledges every mid of the request, as a server would. */
          SoupMessageBody *body = soup_server_message_get_request_body (msg);
          g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
          g_autoptr(JsonNode) node = sync_test_parse_json (g_bytes_get_data (bytes, NULL),
                                                           g_bytes_get_size (bytes));
          JsonArray *mutations = json_object_get_array_member (json_node_get_object (node),
                                                               "mutations");
          GString *out = g_string_new ("{\"epoch\":\"e\",\"results\":[");

          for (guint i = 0; i < json_array_get_length (mutations); i++)
            {
              JsonObject *mutation = json_array_get_object_element (mutations, i);

              g_string_append_printf (out, "%s{\"mid\":%" G_GINT64_FORMAT
                                      ",\"status\":\"applied\",\"version\":%u}",
                                      i ? "," : "", json_object_get_int_member (mutation, "mid"),
                                      i + 2);
            }
          g_string_append (out, "]}");
          results = g_string_free (out, FALSE);
          answer (msg, 200, "application/json", results);
        }
      else if (fake->garbage == GARBAGE_FEED_NOT_JSON)
        answer (msg, 200, "application/json", "{\"epoch\":\"e\",\"items\":[{\"entity\":");
      else
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Content-Encoding", "gzip");
          answer (msg, 200, "application/json", "this is not gzip, nor JSON");
        }
      break;

    case GARBAGE_ALWAYS_500:
      answer (msg, 500, "text/plain", "oops");
      break;

    case GARBAGE_DEEP_NESTING:
      {
        char *deep = g_malloc (400 * 1024);

        memset (deep, '[', 400 * 1024);
        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, deep,
                                          400 * 1024);
      }
      break;

    case GARBAGE_HUGE_ME:
      {
        GString *me = g_string_new ("{\"token_name\":\"");

        while (me->len < 2 * 1024 * 1024)
          g_string_append (me, "padding ");
        g_string_append_printf (me,
                                "\",\"admin\":false,\"chapters\":[{\"id\":\"%s\",\"name\":\"X\"}]}",
                                fake->chapter_id);
        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, me->str,
                                          me->len);
        g_string_free (me, FALSE);
      }
      break;

    case GARBAGE_DEEP_401:
      {
        GString *deep = g_string_new (NULL);

        while (deep->len < 400 * 1024)
          g_string_append (deep, "{\"a\":");
        soup_server_message_set_status (msg, 401, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, deep->str,
                                          deep->len);
        g_string_free (deep, FALSE);
      }
      break;

    case GARBAGE_ODD_ME:
      answer (msg, 200, "application/json", "{\"chapters\":[5,{\"id\":7}]}");
      break;

    case GARBAGE_BUSY:
      /* Like chapterhouse-server: a new connection for every request. */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "1");
      answer (msg, 503, "application/json",
              "{\"error\":{\"code\":\"busy\",\"message\":\"The server is busy\"}}");
      break;

    case GARBAGE_HANG_UP:
      {
        GIOStream *stream = soup_server_message_steal_connection (msg);

        g_io_stream_close (stream, NULL, NULL);
        g_object_unref (stream);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
fake_setup (Fake          *fake,
            gconstpointer  data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->garbage = c->garbage;
  fake->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  fake->paths = g_ptr_array_new_with_free_func (g_free);
  fake->dir = sync_test_make_tmp_dir ();
  fake->chapter_id = ch_uuid_new_v7 ();
  fake->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->soup, NULL, on_request, fake, NULL);
  soup_server_listen_local (fake->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fake->soup);
  fake->url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  /* "http://127.0.0.1:PORT/" */
  if (g_str_has_suffix (fake->url, "/"))
    fake->url[strlen (fake->url) - 1] = '\0';
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fake_teardown (Fake          *fake,
               gconstpointer  data)
{
  soup_server_disconnect (fake->soup);
  g_clear_object (&fake->soup);
  g_clear_pointer (&fake->times, g_array_unref);
  g_clear_pointer (&fake->paths, g_ptr_array_unref);
  sync_test_remove_tree (fake->dir);
  g_free (fake->dir);
  g_free (fake->url);
  g_free (fake->chapter_id);
}

static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
on_too_long (gpointer user_data)
{
  gboolean *too_long = user_data;

  *too_long = TRUE;
  return G_SOURCE_REMOVE;
}

/* ch_sync_run_async() while the fake server answers on this thread. */
static gboolean
run_sync (SyncClient    *client,
          ChSyncReport  *report,
          GError       **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gboolean too_long = FALSE;
  guint timeout;

  ch_sync_run_async (client->path, client->chapter_id, client->token, cancellable, on_sync_done,
                     &result);
  timeout = g_timeout_add_seconds (20, on_too_long, &too_long);

  while (result == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      if (too_long && !g_cancellable_is_cancelled (cancellable))
        {
          g_test_fail_printf ("the sync did not end within 20 s: it loops on the server's answers");
          g_cancellable_cancel (cancellable);
        }
    }

  if (!too_long)
    g_source_remove (timeout);

  return ch_sync_run_finish (result, report, error);
}

static void
test_garbage (Fake          *fake,
              gconstpointer  data)
{
  const Case *c = data;
  g_autoptr(SyncClient) anna = sync_client_new (fake->dir, "anna", fake->url, fake->chapter_id,
                                                 "chs_not-checked");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *last_error = NULL;
  ChSyncReport report = { 0 };

  if (c->with_changes)
    {
      g_autofree char *a = sync_client_add_member (anna, "Ida", "Nyberg", "ida@example.se");
      g_autofree char *b = sync_client_add_member (anna, "Ola", "Strand", NULL);

      sync_client_set_field (anna, a, "city", "Malmö");
    }
  before = sync_client_outbox_mids (anna);

  g_assert_false (run_sync (anna, &report, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (fake->requests, >, 0);

  /* Nothing lost, nothing set aside as refused… */
  after = sync_client_outbox_mids (anna);
  if (c->garbage == GARBAGE_FEED_NOT_JSON || c->garbage == GARBAGE_FEED_BAD_GZIP)
    g_assert_cmpstr (after, ==, "");  /* that server did take them */
  else
    g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (ch_store_count_rejections (anna->store, fake->chapter_id), ==, 0);

  /* …and a clear error, which the officer can see later too. */
  g_assert_error (error, CH_SYNC_ERROR, c->expected_code);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_cmpuint (sync_client_count_rows (anna, "member", TRUE), ==, c->with_changes ? 2 : 0);
  ch_store_get_sync_result (anna->store, fake->chapter_id, NULL, &last_error);
  g_assert_cmpstr (last_error, ==, error->message);
}

/* A page said to be in gzip that is not (a broken proxy between), asked
 * for in gzip as from a server elsewhere: a clear error, nothing lost. */
static void
test_bad_gzip (Fake          *fake,
               gconstpointer  data)
{
  ch_sync_engine_set_compress_local (TRUE);
  test_garbage (fake, data);
  ch_sync_engine_set_compress_local (FALSE);
}

/* A busy server says when to come back (Retry-After: 1): the engine
 * waits at least that long before trying again (its own backoff would
 * try again after a quarter of a second), then gives up with a clear
 * error and nothing lost. */
static void
test_retry_after (Fake          *fake,
                  gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_client_new (fake->dir, "anna", fake->url, fake->chapter_id,
                                                 "chs_not-checked");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = sync_client_add_member (anna, "Ida", "Nyberg", "ida@example.se");
  g_autofree char *before = sync_client_outbox_mids (anna);
  g_autofree char *after = NULL;
  ChSyncReport report = { 0 };
  guint retries = 0;
  gint64 longest = 0;

  g_assert_false (run_sync (anna, &report, &error));
  g_assert_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_SERVER);
  g_test_message ("%s", error->message);

  /* Without Retry-After the first two tries again come after at most
   * 375 and 750 ms. With it, a second or more (a try that met a network
   * error instead of the 503 has no Retry-After to honour: one of the two
   * is enough). */
  for (guint i = 1; i < fake->times->len && retries < 2; i++)
    {
      gint64 gap = g_array_index (fake->times, gint64, i) -
                   g_array_index (fake->times, gint64, i - 1);

      if (strcmp (g_ptr_array_index (fake->paths, i), g_ptr_array_index (fake->paths, i - 1)) != 0)
        continue;
      retries++;
      longest = MAX (longest, gap);
    }
  g_assert_cmpuint (retries, ==, 2);
  g_assert_cmpint (longest, >=, G_USEC_PER_SEC);

  after = sync_client_outbox_mids (anna);
  g_assert_cmpstr (after, ==, before);
}

/* The proxy in front of nothing useful: every connection is dropped. */
static SyncProxyAction
drop_everything (const char  *method,
                 char       **path,
                 guint        n,
                 gpointer     user_data)
{
  return SYNC_PROXY_DROP_REQUEST;
}

static void
test_dropped (Fake          *fake,
              gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (fake->url);
  g_autoptr(SyncClient) anna = sync_client_new (fake->dir, "anna", sync_proxy_get_url (proxy),
                                                fake->chapter_id, "chs_not-checked");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = sync_client_add_member (anna, "Ida", "Nyberg", "ida@example.se");
  g_autofree char *before = sync_client_outbox_mids (anna);
  g_autofree char *after = NULL;

  sync_proxy_set_rule (proxy, drop_everything, NULL);
  g_assert_false (sync_client_sync (anna, NULL, &error));
  g_assert_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK);

  /* Tried a few times, with pauses, then gave up. */
  g_assert_cmpuint (sync_proxy_count (proxy, "POST", "/mutations"), >=, 2);
  after = sync_client_outbox_mids (anna);
  g_assert_cmpstr (after, ==, before);
}

static void
test_nobody_home (Fake          *fake,
                  gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(SyncClient) anna = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint16 port;

  /* A port that was free a moment ago: connections are refused. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  anna = sync_client_new (fake->dir, "anna", url, fake->chapter_id, "chs_not-checked");
  id = sync_client_add_member (anna, "Ida", "Nyberg", "ida@example.se");
  before = sync_client_outbox_mids (anna);

  g_assert_false (sync_client_sync (anna, NULL, &error));
  g_assert_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK);
  after = sync_client_outbox_mids (anna);
  g_assert_cmpstr (after, ==, before);
}

/* The fake server on a thread of its own, for chapterhouse-cli runs (which
 * block this one). */
typedef struct
{
  Fake          fake;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         ready;
} ThreadFake;

static gpointer
fake_thread (gpointer user_data)
{
  ThreadFake *tf = user_data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (tf->context);
  tf->fake.soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (tf->fake.soup, NULL, on_request, &tf->fake, NULL);
  soup_server_listen_local (tf->fake.soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (tf->fake.soup);

  g_mutex_lock (&tf->lock);
  tf->fake.url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  if (g_str_has_suffix (tf->fake.url, "/"))
    tf->fake.url[strlen (tf->fake.url) - 1] = '\0';
  g_cond_signal (&tf->ready);
  g_mutex_unlock (&tf->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (tf->loop);

  soup_server_disconnect (tf->fake.soup);
  g_clear_object (&tf->fake.soup);
  g_main_context_pop_thread_default (tf->context);
  return NULL;
}

static void
thread_fake_setup (ThreadFake    *tf,
                   gconstpointer  data)
{
  const Case *c = data;

  tf->fake.garbage = c->garbage;
  tf->fake.dir = sync_test_make_tmp_dir ();
  tf->fake.chapter_id = ch_uuid_new_v7 ();
  tf->context = g_main_context_new ();
  tf->loop = g_main_loop_new (tf->context, FALSE);
  g_mutex_init (&tf->lock);
  g_cond_init (&tf->ready);

  g_mutex_lock (&tf->lock);
  tf->thread = g_thread_new ("fake-server", fake_thread, tf);
  while (tf->fake.url == NULL)
    g_cond_wait (&tf->ready, &tf->lock);
  g_mutex_unlock (&tf->lock);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
thread_fake_teardown (ThreadFake    *tf,
                      gconstpointer  data)
{
  g_main_context_invoke (tf->context, quit_cb, tf->loop);
  g_thread_join (tf->thread);
  g_main_loop_unref (tf->loop);
  g_main_context_unref (tf->context);
  g_mutex_clear (&tf->lock);
  g_cond_clear (&tf->ready);
  sync_test_remove_tree (tf->fake.dir);
  g_free (tf->fake.dir);
  g_free (tf->fake.url);
  g_free (tf->fake.chapter_id);
}

/* "connect" to a server whose /v1/me is hostile: a clear error, exit 1, no
 * crash (json-glib's parser overflowed the stack on the deep nesting), and
 * nothing linked. */
static void
test_cli_connect_garbage (ThreadFake    *tf,
                          gconstpointer  data)
{
  const Case *c = data;
  g_autofree char *db = g_build_filename (tf->fake.dir, "officer.db", NULL);
  g_autofree char *file = sync_test_write_token_file (tf->fake.dir, "token", "chs_not-checked");
  g_autoptr(ChStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "--chapter", tf->fake.chapter_id, "connect", tf->fake.url,
            "--token-file", file, NULL);
  g_assert_cmpint (run.status, ==, 1);
  switch (c->garbage)
    {
    case GARBAGE_DEEP_NESTING:
      g_assert_nonnull (strstr (run.err, "could not be understood. Is http://127.0.0.1:"));
      break;
    case GARBAGE_HUGE_ME:
      g_assert_nonnull (strstr (run.err, "answer is larger than 1.0"));
      break;
    case GARBAGE_DEEP_401:
      g_assert_nonnull (strstr (run.err, "did not accept the access token"));
      break;
    case GARBAGE_ODD_ME:
      g_assert_nonnull (strstr (run.err, "could not be understood. Is http://127.0.0.1:"));
      g_assert_null (strstr (run.err, "CRITICAL"));
      break;
    default:
      g_assert_not_reached ();
    }

  store = ch_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_false (ch_store_get_sync_state (store, tf->fake.chapter_id, NULL, NULL, NULL));
}

/* Which addresses may be given a token. */
static void
test_url_check (void)
{
  static const struct { const char *url; gboolean ok; } cases[] = {
    { "https://sync.example.org", TRUE },
    { "https://192.0.2.1:8443/", TRUE },
    { "http://127.0.0.1:8080", TRUE },
    { "http://127.1.2.3", TRUE },
    { "http://[::1]:8080", TRUE },
    { "http://localhost:8080", TRUE },
    { "HTTP://LOCALHOST", TRUE },
    { "http://192.0.2.1", FALSE },
    { "http://sync.example.org", FALSE },
    { "http://localhost.example.org", FALSE },
    { "http://127.0.0.1.example.org", FALSE },
    { "http://[::ffff:192.0.2.1]", FALSE },
    { "http://10.0.0.1", FALSE },
    { "ftp://127.0.0.1", FALSE },
    { "sync.example.org", FALSE },
    { "", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = ch_sync_check_url (cases[i].url, &error);

      g_test_message ("%s: %s", cases[i].url, error ? error->message : "ok");
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        g_assert_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_INSECURE);
    }
}

static const Case not_json = { GARBAGE_NOT_JSON, TRUE, CH_SYNC_ERROR_PROTOCOL };
static const Case not_json_pull = { GARBAGE_NOT_JSON, FALSE, CH_SYNC_ERROR_PROTOCOL };
static const Case html_400 = { GARBAGE_HTML_400, TRUE, CH_SYNC_ERROR_PROTOCOL };
static const Case no_results = { GARBAGE_NO_RESULTS, TRUE, CH_SYNC_ERROR_PROTOCOL };
static const Case foreign_results = { GARBAGE_FOREIGN_RESULTS, TRUE, CH_SYNC_ERROR_PROTOCOL };
static const Case feed_stuck = { GARBAGE_FEED_STUCK, FALSE, CH_SYNC_ERROR_PROTOCOL };
static const Case feed_not_json = { GARBAGE_FEED_NOT_JSON, TRUE, CH_SYNC_ERROR_PROTOCOL };
static const Case feed_bad_gzip = { GARBAGE_FEED_BAD_GZIP, TRUE, CH_SYNC_ERROR_PROTOCOL };
static const Case always_500 = { GARBAGE_ALWAYS_500, TRUE, CH_SYNC_ERROR_SERVER };
static const Case busy = { GARBAGE_BUSY, TRUE, CH_SYNC_ERROR_SERVER };
static const Case hang_up = { GARBAGE_HANG_UP, TRUE, CH_SYNC_ERROR_NETWORK };
static const Case deep_nesting = { GARBAGE_DEEP_NESTING, TRUE, CH_SYNC_ERROR_PROTOCOL };
static const Case huge_me = { GARBAGE_HUGE_ME, FALSE, CH_SYNC_ERROR_PROTOCOL };
static const Case deep_401 = { GARBAGE_DEEP_401, TRUE, CH_SYNC_ERROR_AUTH };
static const Case odd_me = { GARBAGE_ODD_ME, FALSE, CH_SYNC_ERROR_PROTOCOL };

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/garbage/not-json/push", Fake, &not_json, fake_setup, test_garbage,
              fake_teardown);
  g_test_add ("/sync/garbage/not-json/pull", Fake, &not_json_pull, fake_setup, test_garbage,
              fake_teardown);
  g_test_add ("/sync/garbage/html-400", Fake, &html_400, fake_setup, test_garbage, fake_teardown);
  g_test_add ("/sync/garbage/no-results", Fake, &no_results, fake_setup, test_garbage,
              fake_teardown);
  g_test_add ("/sync/garbage/foreign-results", Fake, &foreign_results, fake_setup, test_garbage,
              fake_teardown);
  g_test_add ("/sync/garbage/feed-stuck", Fake, &feed_stuck, fake_setup, test_garbage,
              fake_teardown);
  g_test_add ("/sync/garbage/feed-not-json", Fake, &feed_not_json, fake_setup, test_garbage,
              fake_teardown);
  g_test_add ("/sync/garbage/feed-bad-gzip", Fake, &feed_bad_gzip, fake_setup, test_bad_gzip,
              fake_teardown);
  g_test_add ("/sync/garbage/always-500", Fake, &always_500, fake_setup, test_garbage,
              fake_teardown);
  g_test_add ("/sync/garbage/hang-up", Fake, &hang_up, fake_setup, test_garbage, fake_teardown);
  g_test_add ("/sync/garbage/dropped-connections", Fake, &hang_up, fake_setup, test_dropped,
              fake_teardown);
  g_test_add ("/sync/garbage/connection-refused", Fake, &hang_up, fake_setup, test_nobody_home,
              fake_teardown);

  g_test_add_func ("/sync/garbage/url-check", test_url_check);
  g_test_add ("/sync/garbage/retry-after", Fake, &busy, fake_setup, test_retry_after,
              fake_teardown);
  g_test_add ("/sync/garbage/deep-nesting", Fake, &deep_nesting, fake_setup, test_garbage,
              fake_teardown);
  g_test_add ("/sync/garbage/deep-401", Fake, &deep_401, fake_setup, test_garbage, fake_teardown);
  g_test_add ("/sync/garbage/connect/deep-nesting", ThreadFake, &deep_nesting,
              thread_fake_setup, test_cli_connect_garbage, thread_fake_teardown);
  g_test_add ("/sync/garbage/connect/too-large", ThreadFake, &huge_me,
              thread_fake_setup, test_cli_connect_garbage, thread_fake_teardown);
  g_test_add ("/sync/garbage/connect/deep-401", ThreadFake, &deep_401,
              thread_fake_setup, test_cli_connect_garbage, thread_fake_teardown);
  g_test_add ("/sync/garbage/connect/odd-me", ThreadFake, &odd_me,
              thread_fake_setup, test_cli_connect_garbage, thread_fake_teardown);

  return g_test_run ();
}
