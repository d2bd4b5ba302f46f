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

/* Stops listening and drops open connections. */
void      ch_server_stop    (ChServer         *self);

/* SHA-256 (lower-case hex) of a token: what the store keeps. */
char     *ch_server_hash_token (const char    *token);

G_END_DECLS
