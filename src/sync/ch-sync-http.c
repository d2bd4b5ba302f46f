/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ch-protocol.h"
#include "ch-sync.h"
#include "ch-sync-private.h"

/* The sync engine's HTTP: one connection a run, its requests retried
 * while the failure is transient, the server's refusals as errors an
 * officer reads. */

#define MAX_ATTEMPTS    4
#define FIRST_BACKOFF_MS 250
/* The longest wait a server's Retry-After gets us to make. */
#define MAX_RETRY_AFTER_MS 30000
#define READ_CHUNK      (64 * 1024)

void
ch_sync_engine_http_clear (Http *http)
{
  g_clear_object (&http->session);
  g_clear_pointer (&http->base_url, g_free);
  if (http->token != NULL)
    {
      memset (http->token, 0, strlen (http->token));
      g_clear_pointer (&http->token, g_free);
    }
}

static gint compress_local;

void
ch_sync_engine_set_compress_local (gboolean compress)
{
  g_atomic_int_set (&compress_local, compress);
}

/* Whether the answers of @server_url are asked for compressed: a page of
 * a chapter's changes is about 300 bytes a row, five times less in gzip
 * (a 100,000-member chapter's first download: ~228 MB, ~42 MB). */
static gboolean
wants_compressed (const char *server_url)
{
  g_autoptr(GUri) uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  return g_atomic_int_get (&compress_local) || host == NULL ||
         !ch_sync_engine_is_this_computer (host);
}

void
ch_sync_engine_http_init (Http         *http,
                          const char   *server_url,
                          const char   *token,
                          GCancellable *cancellable)
{
  g_autofree char *ua = g_strdup_printf ("Chapterhouse/%s", PACKAGE_VERSION);
  gsize len = strlen (server_url);

  while (len > 0 && server_url[len - 1] == '/')
    len--;

  http->session = soup_session_new_with_options ("timeout", 60, "idle-timeout", 60,
                                                 "user-agent", ua, NULL);
  /* The session's content decoder asks for gzip and inflates what comes
   * so; without it, answers come as they are. */
  if (!wants_compressed (server_url))
    soup_session_remove_feature_by_type (http->session, SOUP_TYPE_CONTENT_DECODER);
  http->base_url = g_strndup (server_url, len);
  http->token = g_strdup (token);
  http->cancellable = cancellable;
  http->max_reply = CH_SYNC_MAX_REPLY;
}

/* The answer to @msg, at most @max bytes (an error body at most
 * CH_SYNC_MAX_SMALL_REPLY): a larger one is not read, whatever its
 * Content-Length says.  *too_large tells that failure from a network one. */
static GBytes *
read_reply (Http        *http,
            SoupMessage *msg,
            gboolean    *too_large,
            GError     **error)
{
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  gsize max;
  goffset declared;
  gsize len = 0;

  *too_large = FALSE;

  in = soup_session_send (http->session, msg, http->cancellable, error);
  if (in == NULL)
    return NULL;

  max = soup_message_get_status (msg) == SOUP_STATUS_OK ? http->max_reply : CH_SYNC_MAX_SMALL_REPLY;
  declared = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  buffer = g_byte_array_new ();

  while (declared <= (goffset) max)
    {
      gssize n;

      g_byte_array_set_size (buffer, len + READ_CHUNK);
      n = g_input_stream_read (in, buffer->data + len, READ_CHUNK, http->cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        {
          g_byte_array_set_size (buffer, len);
          g_input_stream_close (in, NULL, NULL);
          return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
        }
      len += (gsize) n;
      if (len > max)
        break;
    }

  *too_large = TRUE;
  {
    g_autofree char *size = g_format_size (max);

    g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                 _("The server’s answer is larger than %s. Is %s a Chapterhouse server?"),
                 size, http->base_url);
  }
  return NULL;
}

static char *
server_message (GBytes *body)
{
  g_autofree char *code = NULL;
  char *message = NULL;

  if (body != NULL &&
      ch_protocol_parse_error (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &code,
                               &message))
    return message;

  return NULL;
}

gboolean
ch_sync_engine_status_error (guint    status,
                             GBytes  *body,
                             GError **error)
{
  g_autofree char *why = server_message (body);

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_AUTH,
                   _("The server did not accept the access token. It may have been revoked: "
                     "ask your association for a new one."));
      return FALSE;
    case SOUP_STATUS_FORBIDDEN:
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_FORBIDDEN,
                   _("This access token is not for this chapter."));
      return FALSE;
    case 426:
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_SCHEMA,
                   _("The server speaks another version of the sync protocol. "
                     "Update Chapterhouse."));
      return FALSE;
    case SOUP_STATUS_NOT_FOUND:
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_SERVER,
                   _("The server does not know this chapter (%s)."), why ? why : _("not found"));
      return FALSE;
    default:
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_SERVER,
                   _("The server refused the request (HTTP %u): %s"), status,
                   why ? why : soup_status_get_phrase (status));
      return FALSE;
    }
}

static gboolean
is_transient (guint status)
{
  return status == 0 || status == 408 || status == 429 || status >= 500;
}

/* A 503/429's Retry-After in seconds (the server's "busy"), as a delay in
 * milliseconds, or 0. An HTTP date is not used. */
static guint
retry_after_ms (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");
  guint64 seconds;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &seconds, NULL))
    return 0;
  return (guint) MIN (seconds * 1000, MAX_RETRY_AFTER_MS);
}

/* Waits @ms milliseconds before a request goes again, or less: as soon as
 * @cancellable (may be NULL) is cancelled, FALSE with G_IO_ERROR_CANCELLED.
 * (A server's Retry-After makes it up to MAX_RETRY_AFTER_MS: a window
 * closed or a sync stopped meanwhile must not wait for it.)  It polls the
 * cancellable's file descriptor: nothing is shared with the thread that
 * cancels but GLib's own, so safe from any number of threads at once. */
static gboolean
backoff_wait (GCancellable  *cancellable,
              guint          ms,
              GError       **error)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  GPollFD pollfd;

  if (!g_cancellable_make_pollfd (cancellable, &pollfd))
    {
      g_usleep ((gulong) ms * 1000);
      return TRUE;
    }

  for (;;)
    {
      gint64 left = end - g_get_monotonic_time ();

      if (left <= 0 || g_cancellable_is_cancelled (cancellable))
        break;
      /* (Woken by the cancellation, or early by a signal: the loop sees.) */
      g_poll (&pollfd, 1, (gint) ((left + 999) / 1000));
    }
  g_cancellable_release_fd (cancellable);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* No answer at all: say why in words an officer understands.  Every one
 * is CH_SYNC_ERROR_NETWORK, which the window shows as "not connected"
 * rather than as a failure. */
static void
set_unreachable_error (const char  *url,
                       GError      *cause,
                       GError     **error)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK,
                 _("The server at %s could not be reached: it is not accepting connections "
                   "right now. It may be restarting or down for maintenance."), url);
  else if (cause != NULL && cause->domain == G_RESOLVER_ERROR)
    g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK,
                 _("The server at %s could not be reached: its name was not found. "
                   "Check that this computer is connected to the internet."), url);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK,
                 _("The server at %s could not be reached: it did not answer in time."), url);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK,
                 _("The server at %s could not be reached: this computer has no network "
                   "connection."), url);
  else
    g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK,
                 _("The server at %s could not be reached: %s"), url,
                 cause != NULL ? cause->message : _("no answer"));
}

/* One request, retried with exponential backoff and jitter while the
 * failure is transient.  Returns the body; *status is the HTTP status;
 * *capable (may be NULL) whether the answer says the server takes a push
 * that names the batch it follows (CH_PROTOCOL_CAPABILITY_AFTER_MID).
 * Safe to call from two threads at once (libsoup ≥ 3.2 sends from any
 * thread; nothing of @http is written). */
GBytes *
ch_sync_engine_http_request_full (Http        *http,
                                  const char  *method,
                                  const char  *path,
                                  GBytes      *body,
                                  guint       *status,
                                  gboolean    *capable,
                                  GCallback    wrote_body,
                                  gpointer     wrote_body_data,
                                  GError     **error)
{
  g_autofree char *uri = g_strconcat (http->base_url, path, NULL);
  g_autofree char *auth = NULL;
  guint delay = FIRST_BACKOFF_MS;

  if (http->token != NULL)
    auth = g_strconcat ("Bearer ", http->token, NULL);

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) reply = NULL;
      gboolean too_large = FALSE;

      msg = soup_message_new (method, uri);
      if (msg == NULL)
        {
          g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK,
                       _("“%s” is not a valid server address."), http->base_url);
          return NULL;
        }

      if (auth != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                      auth);
      if (body != NULL)
        soup_message_set_request_body_from_bytes (msg, "application/json", body);
      if (wrote_body != NULL)
        g_signal_connect_swapped (msg, "wrote-body", wrote_body, wrote_body_data);

      reply = read_reply (http, msg, &too_large, &local_error);
      *status = reply ? soup_message_get_status (msg) : 0;

      if (too_large || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (reply != NULL && !is_transient (*status))
        {
          const char *caps =
            soup_message_headers_get_list (soup_message_get_response_headers (msg),
                                           CH_PROTOCOL_CAPABILITIES_HEADER);

          if (capable != NULL)
            *capable = caps != NULL &&
                       soup_header_contains (caps, CH_PROTOCOL_CAPABILITY_AFTER_MID);
          return g_steal_pointer (&reply);
        }

      if (attempt >= MAX_ATTEMPTS)
        {
          if (reply == NULL)
            set_unreachable_error (http->base_url, local_error, error);
          else
            ch_sync_engine_status_error (*status, reply, error);
          return NULL;
        }

      g_debug ("%s %s failed (%u%s%s), retrying in %u ms", method, path, *status,
               local_error ? ": " : "", local_error ? local_error->message : "", delay);

      /* Jitter: between half and one and a half of the delay; never
       * sooner than the server asked (a busy server answers Retry-After).
       * A cancelled sync stops waiting at once. */
      if (!backoff_wait (http->cancellable,
                         (guint) MAX (delay * (0.5 + g_random_double ()), retry_after_ms (msg)),
                         error))
        return NULL;
      delay *= 2;
    }
}

GBytes *
ch_sync_engine_http_request (Http        *http,
                             const char  *method,
                             const char  *path,
                             GBytes      *body,
                             guint       *status,
                             GError     **error)
{
  return ch_sync_engine_http_request_full (http, method, path, body, status, NULL, NULL, NULL,
                                           error);
}
