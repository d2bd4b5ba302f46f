/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-server-reply.h"
#include "ch-server-routes.h"
#include "ch-server-worker.h"

/* One thread owns the store while the server serves (a GThreadPool of
 * one exclusive thread): SQLite's connection is never shared, writes are
 * serialised as before, and a request that waits for the database (a
 * lock held by "compact" or a backup in another process, a slow query)
 * holds up only the requests queued behind it, never the main loop.
 * Health checks go first in the queue. */

struct _ChServerWorker
{
  ChServer     *server;      /* not owned: the server owns us */
  GThreadPool  *pool;
  GMainContext *context;
  guint         max_queue;
  guint         queue_timeout;
  gint          pending;     /* changed on the main thread only (atomic: read by /metrics) */
  guint64       next_seq;
};

typedef struct
{
  ChServerWorker    *worker;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
  ChServerReply     *reply;
  gint64             queued_at;
  guint64            seq;
  gboolean           priority;
  gboolean           gone;       /* the client went away (main thread) */
  gulong             finished_id;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->reply, ch_server_reply_free);
  g_clear_pointer (&job->query, g_hash_table_unref);
  g_free (job->path);
  g_object_unref (job->msg);
  g_free (job);
}

static void
on_message_finished_cb (SoupServerMessage *msg,
                        gpointer           user_data)
{
  Job *job = user_data;

  job->gone = TRUE;
}

/* Main thread: the route ran; answer. */
static gboolean
job_done_cb (gpointer user_data)
{
  Job *job = user_data;

  g_clear_signal_handler (&job->finished_id, job->msg);
  if (!job->gone)
    {
      ch_server_reply_send (job->reply, job->msg);
      soup_server_message_unpause (job->msg);
    }
  g_atomic_int_dec_and_test (&job->worker->pending);
  job_free (job);

  return G_SOURCE_REMOVE;
}

/* Database thread. */
static void
job_run (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  ChServerWorker *self = user_data;
  gint64 waited = g_get_monotonic_time () - job->queued_at;

  if (waited > (gint64) self->queue_timeout * G_USEC_PER_SEC)
    ch_server_reply_busy (job->reply, CH_SERVER_REPLY_BUSY_RETRY,
                          _("The server has too many requests waiting; try again later"));
  else
    ch_server_routes_handle (self->server, job->msg, job->reply, job->path, job->query);

  /* A route always answers; a bug must not leave the client hanging. */
  if (ch_server_reply_get_status (job->reply) == 0)
    ch_server_reply_error (job->reply, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                           _("The server could not complete the request; try again later"));

  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, job_done_cb, job, NULL);
}

static gint
job_compare (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const Job *ja = a, *jb = b;

  if (ja->priority != jb->priority)
    return ja->priority ? -1 : 1;
  return ja->seq < jb->seq ? -1 : ja->seq > jb->seq;
}

ChServerWorker *
ch_server_worker_new (ChServer  *server,
                      guint      max_queue,
                      guint      queue_timeout,
                      GError   **error)
{
  ChServerWorker *self = g_new0 (ChServerWorker, 1);

  self->server = server;
  self->context = g_main_context_ref_thread_default ();
  self->max_queue = max_queue ? max_queue : CH_SERVER_WORKER_DEFAULT_MAX_QUEUE;
  self->queue_timeout = queue_timeout ? queue_timeout : CH_SERVER_WORKER_DEFAULT_QUEUE_TIMEOUT;
  self->pool = g_thread_pool_new (job_run, self, 1, TRUE, error);
  if (self->pool == NULL)
    {
      g_main_context_unref (self->context);
      g_free (self);
      return NULL;
    }
  g_thread_pool_set_sort_function (self->pool, job_compare, NULL);

  return self;
}

gboolean
ch_server_worker_push (ChServerWorker    *self,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query)
{
  Job *job;

  if ((guint) g_atomic_int_get (&self->pending) >= self->max_queue)
    return FALSE;

  job = g_new0 (Job, 1);
  job->worker = self;
  job->msg = g_object_ref (msg);
  job->path = g_strdup (path);
  job->query = query ? g_hash_table_ref (query) : NULL;
  job->reply = ch_server_reply_new ();
  job->queued_at = g_get_monotonic_time ();
  job->seq = self->next_seq++;
  job->priority = g_strcmp0 (path, "/v1/health") == 0;
  job->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_message_finished_cb), job);

  soup_server_message_pause (msg);
  g_atomic_int_inc (&self->pending);
  g_thread_pool_push (self->pool, job, NULL);

  return TRUE;
}

guint
ch_server_worker_get_pending (ChServerWorker *self)
{
  return (guint) g_atomic_int_get (&self->pending);
}

void
ch_server_worker_free (ChServerWorker *self)
{
  if (self == NULL)
    return;

  /* Runs what is queued, then the answers waiting on the main context. */
  g_thread_pool_free (self->pool, FALSE, TRUE);
  while (g_atomic_int_get (&self->pending) > 0)
    g_main_context_iteration (self->context, TRUE);

  g_main_context_unref (self->context);
  g_free (self);
}
