/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>

#include "ch-protocol.h"
#include "ch-server.h"
#include "ch-server-private.h"
#include "ch-server-log.h"
#include "ch-server-reply.h"
#include "ch-server-routes.h"

G_DEFINE_FINAL_TYPE (ChServer, ch_server, G_TYPE_OBJECT)

#define LISTEN_BACKLOG 1024
/* A body announced larger than this is not even read to be thrown away. */
#define DISCARD_BODY_MAX (4 * (goffset) CH_PROTOCOL_MAX_BODY)

static GQuark start_quark;
static GQuark body_size_quark;

G_DEFINE_QUARK (ch-server-too-large, ch_server_too_large)
G_DEFINE_QUARK (ch-server-token-name, ch_server_token_name)

char *
ch_server_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  ChServer *self = user_data;

  if (!ch_server_worker_push (self->worker, msg, path, query))
    {
      g_autoptr(ChServerReply) reply = ch_server_reply_new ();

      ch_server_reply_busy (reply, CH_SERVER_REPLY_BUSY_RETRY,
                            _("The server has too many requests waiting; try again later"));
      ch_server_reply_send (reply, msg);
    }
}

/* Connections we accepted and handed to libsoup. */

typedef struct
{
  ChServer       *server;
  GObject        *stream;     /* what libsoup holds; weak */
  GSocket        *socket;
  GSocketAddress *remote;     /* the key in server->connections */
  char           *peer;       /* IP address, the key in server->peers */
  guint           deadline_id;
  gboolean        in_request;   /* its request's headers arrived */
} ChServerConnection;

static void
connection_free (ChServerConnection *conn)
{
  ChServer *self = conn->server;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->peers, conn->peer));

  if (n > 1)
    g_hash_table_insert (self->peers, g_strdup (conn->peer), GUINT_TO_POINTER (n - 1));
  else
    g_hash_table_remove (self->peers, conn->peer);

  g_clear_handle_id (&conn->deadline_id, g_source_remove);
  g_clear_object (&conn->socket);
  g_clear_object (&conn->remote);
  g_free (conn->peer);
  g_free (conn);
}

/* libsoup let go of the connection: it is closed. */
static void
on_connection_stream_gone_cb (gpointer  user_data,
                              GObject  *stream)
{
  ChServerConnection *conn = user_data;

  ChServer *self = conn->server;

  g_hash_table_remove (self->connections, conn->remote);
  ch_server_metrics_set_connections (self->metrics, g_hash_table_size (self->connections));
}

/* Ends the connection under libsoup: its reads see the end of the stream. */
static void
connection_hang_up (ChServerConnection *conn)
{
  g_clear_handle_id (&conn->deadline_id, g_source_remove);
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
}

static gboolean
on_connection_deadline_cb (gpointer user_data)
{
  ChServerConnection *conn = user_data;

  conn->deadline_id = 0;
  g_debug ("Closing a connection from %s: no complete request in time", conn->peer);
  connection_hang_up (conn);
  return G_SOURCE_REMOVE;
}

static ChServerConnection *
connection_of (ChServer          *self,
               SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote ? g_hash_table_lookup (self->connections, remote) : NULL;
}

/* Writes a whole canned answer on a plain socket that libsoup does not
 * serve (or no longer reads from), then closes the sending side. */
static void
socket_send_answer (GSocket    *socket,
                    guint       status,
                    const char *code,
                    const char *message,
                    const char *extra_headers)
{
  gsize len;
  g_autofree char *body = ch_protocol_build_error (code, message, &len);
  g_autofree char *text = NULL;
  gsize done = 0;

  text = g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\nCache-Control: no-store\r\n"
                          "Connection: close\r\n%s\r\n%s",
                          status, soup_status_get_phrase (status), len,
                          extra_headers ? extra_headers : "", body);
  len = strlen (text);

  /* A fresh socket's buffer takes a few hundred bytes at once. */
  while (done < len)
    {
      gssize n = g_socket_send_with_blocking (socket, text + done, len - done, FALSE,
                                              NULL, NULL);

      if (n <= 0)
        break;
      done += (gsize) n;
    }
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
}

/* A refused socket: read what the client still sends until it hangs up
 * (or stays silent for a few seconds), so that closing does not reset the
 * answer away. */
static gboolean
on_refused_socket_readable_cb (GSocket      *socket,
                               GIOCondition  condition,
                               gpointer      user_data)
{
  char buf[4096];
  gssize n = g_socket_receive_with_blocking (socket, buf, sizeof buf, FALSE, NULL, NULL);

  if (n > 0)
    return G_SOURCE_CONTINUE;

  g_socket_close (socket, NULL);
  return G_SOURCE_REMOVE;
}

static void
socket_linger_then_close (GSocket *socket)
{
  g_autoptr(GSource) source = NULL;

  /* The source fires when nothing came for 5 s; the read then fails. */
  g_socket_set_timeout (socket, 5);
  source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (source, G_SOURCE_FUNC (on_refused_socket_readable_cb),
                         g_object_ref (socket), g_object_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
}

/* Request bodies: never hold more than the limit in memory. */

static void
on_message_got_chunk_cb (SoupServerMessage *msg,
                         GBytes            *chunk,
                         gpointer           user_data)
{
  gsize total = GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (msg), body_size_quark));

  total += g_bytes_get_size (chunk);
  g_object_set_qdata (G_OBJECT (msg), body_size_quark, GSIZE_TO_POINTER (total));

  if (total > CH_PROTOCOL_MAX_BODY &&
      g_object_get_qdata (G_OBJECT (msg), ch_server_too_large_quark ()) == NULL)
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);

      g_object_set_qdata (G_OBJECT (msg), ch_server_too_large_quark (), GINT_TO_POINTER (1));
      soup_message_body_set_accumulate (body, FALSE);
      soup_message_body_truncate (body);
    }
}

/* Headers that a proxy in front and this server could read differently:
 * a translatable reason, or NULL. */
static const char *
ambiguous_headers (SoupMessageHeaders *headers)
{
  SoupMessageHeadersIter iter;
  const char *name, *value;
  const char *length = NULL;
  guint n_auth = 0;
  gboolean chunked = FALSE;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (g_ascii_strcasecmp (name, "Content-Length") == 0)
        {
          if (length != NULL && strcmp (length, value) != 0)
            return _("The request has two different Content-Length headers");
          if (strchr (value, ',') != NULL)
            return _("The request has two different Content-Length headers");
          length = value;
        }
      else if (g_ascii_strcasecmp (name, "Transfer-Encoding") == 0)
        chunked = TRUE;
      else if (g_ascii_strcasecmp (name, "Authorization") == 0)
        n_auth++;
    }

  if (length != NULL && chunked)
    return _("The request has both Content-Length and Transfer-Encoding");
  if (n_auth > 1)
    return _("The request has more than one Authorization header");
  return NULL;
}

static void
on_early_request_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  ChServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *problem = ambiguous_headers (headers);
  ChServerConnection *request_conn = connection_of (self, msg);

  /* Draining (SIGTERM) waits for this one. */
  if (request_conn != NULL)
    request_conn->in_request = TRUE;

  if (problem != NULL)
    {
      g_autoptr(ChServerReply) reply = ch_server_reply_new ();

      ch_server_reply_error (reply, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                             problem);
      ch_server_reply_send (reply, msg);
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > CH_PROTOCOL_MAX_BODY)
    {
      ChServerConnection *conn = connection_of (self, msg);
      g_autoptr(ChServerReply) reply = ch_server_reply_new ();
      goffset length = soup_message_headers_get_content_length (headers);

      /* libsoup reads (and throws away) the whole body before it answers.
       * Up to a few times the limit that is fine, and a client that sends
       * it all then sees the 413. Beyond, answer at once and hang up. Over
       * TLS we cannot write past libsoup; there the read timeout ends it. */
      if (conn != NULL && self->tls_certificate == NULL && length > DISCARD_BODY_MAX)
        {
          g_autofree char *message =
            g_strdup_printf (_("The request is larger than %d bytes; send fewer mutations "
                               "at once"), CH_PROTOCOL_MAX_BODY);

          g_clear_handle_id (&conn->deadline_id, g_source_remove);
          socket_send_answer (conn->socket, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                              CH_PROTOCOL_CODE_BODY_TOO_LARGE, message, NULL);
          g_socket_shutdown (conn->socket, TRUE, FALSE, NULL);
        }
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      ch_server_reply_body_too_large (reply);
      ch_server_reply_send (reply, msg);
      return;
    }

  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_message_got_chunk_cb), NULL);
}

/* One log line per request, without headers (so without tokens). */

static void
on_server_request_started_cb (SoupServer        *server,
                              SoupServerMessage *msg,
                              gpointer           user_data)
{
  g_object_set_qdata (G_OBJECT (msg), start_quark,
                      GSIZE_TO_POINTER ((gsize) g_get_monotonic_time ()));
}

/* The chapter id in a path /v1/chapters/ID/…, or NULL. */
static char *
chapter_of_path (const char *path)
{
  const char *rest, *slash;

  if (path == NULL || !g_str_has_prefix (path, "/v1/chapters/"))
    return NULL;
  rest = path + strlen ("/v1/chapters/");
  slash = strchr (rest, '/');
  return slash != NULL && slash > rest ? g_strndup (rest, slash - rest) : NULL;
}

static void
log_request (ChServer          *self,
             SoupServerMessage *msg,
             gboolean           aborted)
{
  gint64 start = (gint64) GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (msg), start_quark));
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = uri ? g_uri_get_path (uri) : NULL;
  g_autofree char *chapter = chapter_of_path (path);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  const char *address = soup_server_message_get_remote_host (msg);
  ChServerLogRequest request = {
    .id = ++self->n_requests,
    .method = soup_server_message_get_method (msg),
    .route = path ? ch_server_routes_label (path) : "other",
    .path = path,
    /* An aborted request was not answered: no status (libsoup says 500). */
    .status = aborted ? 0 : soup_server_message_get_status (msg),
    .duration_us = start > 0 ? g_get_monotonic_time () - start : 0,
    .chapter = chapter,
    .address = address,
    .token_name = g_object_get_qdata (G_OBJECT (msg), ch_server_token_name_quark ()),
    .bytes = body && !aborted ? (gsize) body->length : 0,
  };

  ch_server_metrics_record (self->metrics, request.route, request.status, request.duration_us);
  ch_server_log_request (&request);
}

static void
on_server_request_read_cb (SoupServer        *server,
                           SoupServerMessage *msg,
                           gpointer           user_data)
{
  ChServerConnection *conn = connection_of (user_data, msg);

  if (conn != NULL)
    g_clear_handle_id (&conn->deadline_id, g_source_remove);
}

static void
on_server_request_finished_cb (SoupServer        *server,
                               SoupServerMessage *msg,
                               gpointer           user_data)
{
  log_request (user_data, msg, FALSE);
}

static void
on_server_request_aborted_cb (SoupServer        *server,
                              SoupServerMessage *msg,
                              gpointer           user_data)
{
  log_request (user_data, msg, TRUE);
}

/* Connections
 *
 * We accept connections ourselves and hand each to libsoup with
 * soup_server_accept_iostream(), rather than soup_server_listen_socket():
 * libsoup 3.2 leaks a GSocket for every connection it accepts, and never
 * closes a kept-alive connection that the client drops while idle (the
 * descriptor stays in CLOSE_WAIT; fixed upstream in 3.3, commit d20c6601).
 * A SoupServer without listeners closes each connection after its answer,
 * so nothing is ever left idle.
 */

static void start_accepting (ChServer *self);

static gboolean
on_accept_retry_cb (gpointer user_data)
{
  ChServer *self = user_data;

  self->accept_retry_id = 0;
  start_accepting (self);
  return G_SOURCE_REMOVE;
}

/* One connection per call: the source fires again while more are waiting.
 * (Draining the whole queue at once starves the connections just taken,
 * which then wait for hundreds of milliseconds under load.) */
static gboolean
on_listener_incoming_cb (GSocket      *listener,
                         GIOCondition  condition,
                         gpointer      user_data)
{
  ChServer *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_accept (listener, NULL, &error);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autofree char *peer = NULL;
  ChServerConnection *conn;
  guint n_peer;

  if (socket == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;

      /* Out of descriptors, say: pause rather than spin. */
      g_warning ("Could not accept a connection: %s", error->message);
      g_clear_pointer (&self->accept_source, g_source_unref);
      self->accept_retry_id = g_timeout_add (250, on_accept_retry_cb, self);
      return G_SOURCE_REMOVE;
    }

  /* Headers and body are separate writes: no Nagle delay between. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  local = g_socket_get_local_address (socket, NULL);
  remote = g_socket_get_remote_address (socket, NULL);
  if (local == NULL || remote == NULL)
    return G_SOURCE_CONTINUE;
  peer = g_inet_address_to_string (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  n_peer = GPOINTER_TO_UINT (g_hash_table_lookup (self->peers, peer));

  if (g_hash_table_size (self->connections) >= self->max_connections ||
      n_peer >= self->max_per_peer)
    {
      /* Answer rather than leave the client waiting in the queue. */
      if (self->tls_certificate == NULL)
        socket_send_answer (socket, SOUP_STATUS_SERVICE_UNAVAILABLE, CH_PROTOCOL_CODE_BUSY,
                            _("The server has too many connections open; try again later"),
                            "Retry-After: 5\r\n");
      socket_linger_then_close (socket);
      return G_SOURCE_CONTINUE;
    }

  /* Reads and writes that stall for the read timeout fail. */
  g_socket_set_timeout (socket, self->read_timeout);
  connection = g_socket_connection_factory_create_connection (socket);

  if (self->tls_certificate != NULL)
    {
      tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->tls_certificate,
                                         &error);
      if (tls == NULL)
        {
          g_warning ("Could not set up TLS: %s", error->message);
          return G_SOURCE_CONTINUE;
        }
    }

  conn = g_new0 (ChServerConnection, 1);
  conn->server = self;
  conn->stream = G_OBJECT (tls ? tls : G_IO_STREAM (connection));
  conn->socket = g_object_ref (socket);
  conn->remote = g_object_ref (remote);
  conn->peer = g_steal_pointer (&peer);
  conn->deadline_id = g_timeout_add_seconds (self->read_timeout, on_connection_deadline_cb, conn);
  g_hash_table_insert (self->connections, conn->remote, conn);
  g_hash_table_insert (self->peers, g_strdup (conn->peer), GUINT_TO_POINTER (n_peer + 1));
  ch_server_metrics_set_connections (self->metrics, g_hash_table_size (self->connections));
  g_object_weak_ref (conn->stream, on_connection_stream_gone_cb, conn);

  if (!soup_server_accept_iostream (self->soup, G_IO_STREAM (conn->stream),
                                    local, remote, &error))
    g_warning ("Could not serve a connection: %s", error->message);

  return G_SOURCE_CONTINUE;
}

static void
start_accepting (ChServer *self)
{
  g_assert (self->accept_source == NULL);

  self->accept_source = g_socket_create_source (self->listener, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (on_listener_incoming_cb), self, NULL);
  g_source_attach (self->accept_source, g_main_context_get_thread_default ());
}

/* Object */

static void
ch_server_dispose (GObject *object)
{
  ChServer *self = (ChServer *) object;

  ch_server_stop (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->peers, g_hash_table_unref);
  g_clear_pointer (&self->metrics, ch_server_metrics_free);

  G_OBJECT_CLASS (ch_server_parent_class)->dispose (object);
}

static void
ch_server_class_init (ChServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ch_server_dispose;

  start_quark = g_quark_from_static_string ("ch-server-start");
  body_size_quark = g_quark_from_static_string ("ch-server-body-size");
}

static void
ch_server_init (ChServer *self)
{
  self->connections = g_hash_table_new_full (NULL, NULL, NULL,
                                             (GDestroyNotify) connection_free);
  self->peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->metrics = ch_server_metrics_new ();
  self->read_timeout = CH_SERVER_DEFAULT_READ_TIMEOUT;
  self->max_connections = CH_SERVER_DEFAULT_MAX_CONNECTIONS;
  self->max_per_peer = CH_SERVER_DEFAULT_MAX_PER_PEER;
}

void
ch_server_set_limits (ChServer *self,
                      guint     read_timeout,
                      guint     max_connections,
                      guint     max_per_peer)
{
  g_return_if_fail (CH_IS_SERVER (self));

  self->read_timeout = read_timeout ? read_timeout : CH_SERVER_DEFAULT_READ_TIMEOUT;
  self->max_connections = max_connections ? max_connections
                                          : CH_SERVER_DEFAULT_MAX_CONNECTIONS;
  self->max_per_peer = max_per_peer ? max_per_peer : CH_SERVER_DEFAULT_MAX_PER_PEER;
}

void
ch_server_set_max_queue (ChServer *self,
                         guint     max_queue)
{
  g_return_if_fail (CH_IS_SERVER (self));
  g_return_if_fail (self->worker == NULL);

  self->max_queue = max_queue;
}

ChServer *
ch_server_new (ChServerStore *store)
{
  ChServer *self;

  g_return_val_if_fail (CH_IS_SERVER_STORE (store), NULL);

  self = g_object_new (CH_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);

  return self;
}

/* Serves on @socket, a bound, listening, non-blocking socket (taken). */
static gboolean
serve_on (ChServer         *self,
          GSocket          *socket,
          GTlsCertificate  *tls_certificate,
          char            **uri,
          GError          **error)
{
  g_autoptr(GSocket) listener = socket;
  g_autoptr(SoupServer) soup = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *header = NULL;

  /* (Not soup_server_get_uris(): it leaks the address in libsoup 3.2.) */
  local = g_socket_get_local_address (listener, error);
  if (local == NULL)
    return FALSE;

  if (uri != NULL)
    {
      GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
      g_autofree char *address = g_inet_address_to_string (inet);
      gboolean v6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;

      *uri = g_strdup_printf ("%s://%s%s%s:%u",
                              tls_certificate ? "https" : "http",
                              v6 ? "[" : "", address, v6 ? "]" : "",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
    }

  header = g_strdup_printf ("chapterhouse-server/%s ", CH_SERVER_VERSION);
  soup = soup_server_new ("server-header", header, NULL);

  soup_server_add_early_handler (soup, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (soup, NULL, on_request_cb, self, NULL);
  g_signal_connect (soup, "request-started", G_CALLBACK (on_server_request_started_cb), self);
  g_signal_connect (soup, "request-read", G_CALLBACK (on_server_request_read_cb), self);
  g_signal_connect (soup, "request-finished", G_CALLBACK (on_server_request_finished_cb), self);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (on_server_request_aborted_cb), self);

  self->worker = ch_server_worker_new (self, self->max_queue, 0, error);
  if (self->worker == NULL)
    return FALSE;

  g_socket_set_blocking (listener, FALSE);
  self->soup = g_steal_pointer (&soup);
  self->listener = g_steal_pointer (&listener);
  g_set_object (&self->tls_certificate, tls_certificate);
  start_accepting (self);

  return TRUE;
}

gboolean
ch_server_listen (ChServer         *self,
                  const char       *address,
                  guint             port,
                  GTlsCertificate  *tls_certificate,
                  char            **uri,
                  GError          **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (CH_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address (use e.g. 127.0.0.1, 0.0.0.0 or ::1)"),
                   address);
      return FALSE;
    }

  /* A deep accept queue: GLib's default of 10 drops connections when
   * many devices (or a load test) connect at once. */
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  sockaddr = g_inet_socket_address_new (inet, port);
  g_socket_set_blocking (socket, FALSE);
  if (!g_socket_bind (socket, sockaddr, TRUE, error) ||
      !g_socket_listen (socket, error))
    return FALSE;

  return serve_on (self, g_steal_pointer (&socket), tls_certificate, uri, error);
}

gboolean
ch_server_listen_fd (ChServer         *self,
                     int               fd,
                     GTlsCertificate  *tls_certificate,
                     char            **uri,
                     GError          **error)
{
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (CH_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  socket = g_socket_new_from_fd (fd, error);
  if (socket == NULL)
    return FALSE;
  if (g_socket_get_socket_type (socket) != G_SOCKET_TYPE_STREAM ||
      (g_socket_get_family (socket) != G_SOCKET_FAMILY_IPV4 &&
       g_socket_get_family (socket) != G_SOCKET_FAMILY_IPV6))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The socket passed by systemd is not a TCP socket (use ListenStream= "
                     "with an address and port)"));
      return FALSE;
    }

  return serve_on (self, g_steal_pointer (&socket), tls_certificate, uri, error);
}

void
ch_server_stop_accepting (ChServer *self)
{
  g_return_if_fail (CH_IS_SERVER (self));

  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
  g_clear_handle_id (&self->accept_retry_id, g_source_remove);

  if (self->listener != NULL)
    {
      g_socket_close (self->listener, NULL);
      g_clear_object (&self->listener);
    }
}

void
ch_server_drain (ChServer *self)
{
  GHashTableIter iter;
  ChServerConnection *conn;

  g_return_if_fail (CH_IS_SERVER (self));

  ch_server_stop_accepting (self);

  /* Connections that have not sent a request yet have nothing to finish. */
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    if (!conn->in_request)
      connection_hang_up (conn);
}

guint
ch_server_get_n_busy (ChServer *self)
{
  GHashTableIter iter;
  ChServerConnection *conn;
  guint n = 0;

  g_return_val_if_fail (CH_IS_SERVER (self), 0);

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    if (conn->in_request)
      n++;

  return n + (self->worker ? ch_server_worker_get_pending (self->worker) : 0);
}

gboolean
ch_server_set_tls_certificate (ChServer         *self,
                               GTlsCertificate  *tls_certificate,
                               GError          **error)
{
  g_return_val_if_fail (CH_IS_SERVER (self), FALSE);

  if ((self->tls_certificate == NULL) != (tls_certificate == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Switching between HTTP and HTTPS needs a restart"));
      return FALSE;
    }
  g_set_object (&self->tls_certificate, tls_certificate);
  return TRUE;
}

void
ch_server_stop (ChServer *self)
{
  g_return_if_fail (CH_IS_SERVER (self));

  ch_server_stop_accepting (self);

  /* Requests already handed to the database thread are answered. */
  g_clear_pointer (&self->worker, ch_server_worker_free);

  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);

      /* Let libsoup finish closing the connections it just dropped; it
       * releases them from signal handlers that die with the server. */
      while (g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
        ;

      g_clear_object (&self->soup);
    }

  /* Connections libsoup still holds: forget them. */
  if (self->connections != NULL)
    {
      GHashTableIter iter;
      ChServerConnection *conn;

      g_hash_table_iter_init (&iter, self->connections);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
        g_object_weak_unref (conn->stream, on_connection_stream_gone_cb, conn);
      g_hash_table_remove_all (self->connections);
    }

  g_clear_object (&self->tls_certificate);
}

