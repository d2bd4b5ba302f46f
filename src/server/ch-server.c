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

#include "ch-server.h"
#include "ch-server-private.h"
#include "ch-server-reply.h"
#include "ch-server-routes.h"

G_DEFINE_FINAL_TYPE (ChServer, ch_server, G_TYPE_OBJECT)

#define LISTEN_BACKLOG 1024

static GQuark start_quark;
static GQuark body_size_quark;

G_DEFINE_QUARK (ch-server-too-large, ch_server_too_large)

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
  ch_server_routes_handle (user_data, msg, path, query);
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

static void
on_early_request_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > CH_PROTOCOL_MAX_BODY)
    {
      /* Answer before the body is read; the connection is not reused. */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      ch_server_reply_body_too_large (msg);
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

static void
log_request (SoupServerMessage *msg,
             const char        *note)
{
  gint64 start = (gint64) GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (msg), start_quark));
  static gint64 stamp_second = -1;
  static char stamp[32];
  gint64 now = g_get_monotonic_time ();
  gint64 second = g_get_real_time () / G_USEC_PER_SEC;
  const char *method = soup_server_message_get_method (msg);
  GUri *uri = soup_server_message_get_uri (msg);

  if (second != stamp_second)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (second);
      g_autofree char *text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");

      g_strlcpy (stamp, text ? text : "-", sizeof stamp);
      stamp_second = second;
    }

  fprintf (stderr, "%s %s %s %u %.1fms%s\n",
           stamp,
           method ? method : "-",
           uri ? g_uri_get_path (uri) : "-",
           soup_server_message_get_status (msg),
           start > 0 ? (now - start) / 1000.0 : 0.0,
           note);
}

static void
on_server_request_finished_cb (SoupServer        *server,
                               SoupServerMessage *msg,
                               gpointer           user_data)
{
  log_request (msg, "");
}

static void
on_server_request_aborted_cb (SoupServer        *server,
                              SoupServerMessage *msg,
                              gpointer           user_data)
{
  log_request (msg, " (aborted)");
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

  connection = g_socket_connection_factory_create_connection (socket);
  local = g_socket_get_local_address (socket, NULL);
  remote = g_socket_get_remote_address (socket, NULL);

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

  if (!soup_server_accept_iostream (self->soup,
                                    tls ? tls : G_IO_STREAM (connection),
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
  g_autoptr(SoupServer) soup = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *header = NULL;
  guint actual_port;

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

  header = g_strdup_printf ("chapterhouse-server/%s ", CH_SERVER_VERSION);
  soup = soup_server_new ("server-header", header, NULL);

  soup_server_add_early_handler (soup, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (soup, NULL, on_request_cb, self, NULL);
  g_signal_connect (soup, "request-started", G_CALLBACK (on_server_request_started_cb), self);
  g_signal_connect (soup, "request-finished", G_CALLBACK (on_server_request_finished_cb), self);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (on_server_request_aborted_cb), self);

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

  /* (Not soup_server_get_uris(): it leaks the address in libsoup 3.2.) */
  local = g_socket_get_local_address (socket, error);
  if (local == NULL)
    return FALSE;
  actual_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));

  if (uri != NULL)
    {
      gboolean v6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;

      *uri = g_strdup_printf ("%s://%s%s%s:%u",
                              tls_certificate ? "https" : "http",
                              v6 ? "[" : "", address, v6 ? "]" : "",
                              actual_port);
    }

  self->soup = g_steal_pointer (&soup);
  self->listener = g_steal_pointer (&socket);
  g_set_object (&self->tls_certificate, tls_certificate);
  start_accepting (self);

  return TRUE;
}

void
ch_server_stop (ChServer *self)
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

  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);

      /* Let libsoup finish closing the connections it just dropped; it
       * releases them from signal handlers that die with the server. */
      while (g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
        ;

      g_clear_object (&self->soup);
    }

  g_clear_object (&self->tls_certificate);
}

