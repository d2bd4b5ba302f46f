/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "ch-server.h"
#include "ch-server-metrics.h"
#include "ch-server-worker.h"

G_BEGIN_DECLS

/* The instance of ChServer, shared by the HTTP plumbing (ch-server.c) and
 * the routes (ch-server-routes.c). */
struct _ChServer
{
  GObject          parent_instance;

  ChServerStore   *store;
  SoupServer      *soup;
  GSocket         *listener;
  GSource         *accept_source;
  GTlsCertificate *tls_certificate;
  guint            accept_retry_id;
  /* The database thread: the store is only used there while serving. */
  ChServerWorker  *worker;
  /* What /metrics reports; recorded on the main thread. */
  ChServerMetrics *metrics;
  guint64          n_requests;

  /* Open connections (ch-server.c): ChServerConnection by the remote
   * GSocketAddress handed to libsoup, and counts per peer IP address. */
  GHashTable      *connections;
  GHashTable      *peers;
  guint            read_timeout;
  guint            max_connections;
  guint            max_per_peer;
  guint            max_queue;
};

/* Set on a request whose body went over CH_PROTOCOL_MAX_BODY. */
GQuark ch_server_too_large_quark (void);
/* Set on an authenticated request: the name of its token (for the log). */
GQuark ch_server_token_name_quark (void);

G_END_DECLS
