/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-server-store.h"

G_BEGIN_DECLS

#define CH_SERVER_VERSION PACKAGE_VERSION

#define CH_TYPE_SERVER (ch_server_get_type ())

G_DECLARE_FINAL_TYPE (ChServer, ch_server, CH, SERVER, GObject)

/* The /v1 HTTP API over @store (see docs/sync-protocol.md). */
ChServer *ch_server_new     (ChServerStore    *store);

/* Starts listening on @address (an IP literal) and @port (0 = any free
 * one). With @tls_certificate, serves HTTPS. @uri receives the base URL
 * actually listened on, e.g. "http://127.0.0.1:41234". */
gboolean  ch_server_listen  (ChServer         *self,
                             const char       *address,
                             guint             port,
                             GTlsCertificate  *tls_certificate,
                             char            **uri,
                             GError          **error);

/* Same, on a listening TCP socket @fd (systemd's socket activation);
 * the socket is taken. */
gboolean  ch_server_listen_fd (ChServer         *self,
                               int               fd,
                               GTlsCertificate  *tls_certificate,
                               char            **uri,
                               GError          **error);

/* Stops accepting connections (SIGTERM: drain); open ones go on. */
void      ch_server_stop_accepting (ChServer    *self);
/* SIGTERM: stops accepting and closes the connections that have not sent
 * a request's headers; the others are answered as usual. */
void      ch_server_drain          (ChServer    *self);
/* Connections with a request under way plus requests waiting for the
 * database: 0 when everything begun has been answered. */
guint     ch_server_get_n_busy     (ChServer    *self);
/* New connections use @tls_certificate (SIGHUP); an error when the
 * server would switch between HTTP and HTTPS. */
gboolean  ch_server_set_tls_certificate (ChServer         *self,
                                         GTlsCertificate  *tls_certificate,
                                         GError          **error);

#define CH_SERVER_DEFAULT_READ_TIMEOUT     60
#define CH_SERVER_DEFAULT_MAX_CONNECTIONS  512
#define CH_SERVER_DEFAULT_MAX_PER_PEER     128

/* A connection that has not sent its whole request @read_timeout seconds
 * after it was accepted is closed (0: the default). Connections past
 * @max_connections open, or @max_per_peer from one IP address, get 503. */
void      ch_server_set_limits (ChServer      *self,
                                guint          read_timeout,
                                guint          max_connections,
                                guint          max_per_peer);

/* Requests that may wait for the database thread; past it, 503 busy
 * (0: the default, 256). Before listening. */
void      ch_server_set_max_queue (ChServer   *self,
                                   guint       max_queue);

/* Stops listening and drops open connections. */
void      ch_server_stop    (ChServer         *self);

/* SHA-256 (lower-case hex) of a token: what the store keeps. */
char     *ch_server_hash_token (const char    *token);

G_END_DECLS
