/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "ch-server.h"

G_BEGIN_DECLS

/* The database thread of a ChServer: every request's store work runs
 * there, one request at a time, so that the main loop (accepting,
 * reading, writing, timeouts) never waits for SQLite. */
typedef struct _ChServerWorker ChServerWorker;

#define CH_SERVER_WORKER_DEFAULT_MAX_QUEUE     256
#define CH_SERVER_WORKER_DEFAULT_QUEUE_TIMEOUT 5

/* Answers are sent from the thread-default main context of the caller.
 * Requests waiting more than @queue_timeout seconds are answered 503
 * `busy` without touching the database. */
ChServerWorker *ch_server_worker_new         (ChServer          *server,
                                              guint              max_queue,
                                              guint              queue_timeout,
                                              GError           **error);
/* Pauses @msg and queues its route; the answer goes out when it has run.
 * FALSE (nothing done) when @max_queue requests are already waiting. */
gboolean        ch_server_worker_push        (ChServerWorker    *self,
                                              SoupServerMessage *msg,
                                              const char        *path,
                                              GHashTable        *query);
/* Requests queued or running (any thread). */
guint           ch_server_worker_get_pending (ChServerWorker    *self);
/* Runs what is queued, waits for it, and answers it; then stops. */
void            ch_server_worker_free        (ChServerWorker    *self);

G_END_DECLS
