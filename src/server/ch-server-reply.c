/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "ch-protocol.h"
#include "ch-server-apply.h"
#include "ch-server-reply.h"
#include "ch-server-store.h"

struct _ChServerReply
{
  guint               status;
  char               *body;
  gsize               len;
  const char         *content_type;
  SoupMessageHeaders *headers;
};

ChServerReply *
ch_server_reply_new (void)
{
  ChServerReply *reply = g_new0 (ChServerReply, 1);

  reply->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  reply->content_type = "application/json";
  return reply;
}

void
ch_server_reply_free (ChServerReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->body);
  soup_message_headers_unref (reply->headers);
  g_free (reply);
}

SoupMessageHeaders *
ch_server_reply_get_headers (ChServerReply *reply)
{
  return reply->headers;
}

guint
ch_server_reply_get_status (ChServerReply *reply)
{
  return reply->status;
}

void
ch_server_reply_send (ChServerReply     *reply,
                      SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_return_if_fail (reply->status != 0);

  soup_message_headers_iter_init (&iter, reply->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_replace (headers, name, value);

  /* libsoup has no phrase for 426. */
  soup_server_message_set_status (msg, reply->status,
                                  reply->status == 426 ? "Upgrade Required" : NULL);
  soup_server_message_set_response (msg, reply->content_type, SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&reply->body), reply->len);
}

/* Answers shorter than this go as they are: the gzip header and the
 * client's inflating would cost more than the bytes saved. */
#define COMPRESS_ABOVE 1024

/* The body, gzipped at the fastest level (a page of changes: ~5 ×
 * smaller at ~60 MB/s of one core), or NULL. */
static char *
gzip_body (const char *body,
           gsize       len,
           gsize      *out_len)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                  1);
  g_autoptr(GError) error = NULL;
  GByteArray *out = g_byte_array_sized_new (len / 4 + 64);
  gsize done = 0;

  for (;;)
    {
      const guint room = 64 * 1024;
      guint at = out->len;
      gsize read = 0, written = 0;
      GConverterResult result;

      g_byte_array_set_size (out, at + room);
      result = g_converter_convert (G_CONVERTER (compressor), body + done, len - done,
                                    out->data + at, room, G_CONVERTER_INPUT_AT_END, &read,
                                    &written, &error);
      g_byte_array_set_size (out, at + (guint) written);
      if (result == G_CONVERTER_ERROR)
        {
          g_warning ("Could not compress an answer: %s", error->message);
          g_byte_array_unref (out);
          return NULL;
        }
      done += read;
      if (result == G_CONVERTER_FINISHED)
        break;
    }

  *out_len = out->len;
  return (char *) g_byte_array_free (out, FALSE);
}

void
ch_server_reply_compress (ChServerReply     *reply,
                          SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                      "Accept-Encoding");
  GSList *codings;
  gboolean gzip = FALSE;
  char *body;
  gsize len;

  if (accept == NULL || reply->body == NULL || reply->len < COMPRESS_ABOVE)
    return;

  /* Listed with a quality above 0 ("gzip;q=0" refuses it). */
  codings = soup_header_parse_quality_list (accept, NULL);
  for (GSList *l = codings; l != NULL && !gzip; l = l->next)
    gzip = g_ascii_strcasecmp (l->data, "gzip") == 0;
  soup_header_free_list (codings);
  if (!gzip || (body = gzip_body (reply->body, reply->len, &len)) == NULL)
    return;

  g_free (reply->body);
  reply->body = body;
  reply->len = len;
  soup_message_headers_replace (reply->headers, "Content-Encoding", "gzip");
  soup_message_headers_replace (reply->headers, "Vary", "Accept-Encoding");
}

/* Every answer of the server is JSON: a body, or an error object with a
 * code (docs/sync-protocol.md), never cached, one request per connection. */

void
ch_server_reply_take (ChServerReply *reply,
                      guint          status,
                      char          *body,
                      gsize          len)
{
  soup_message_headers_replace (reply->headers, "Cache-Control", "no-store");
  /* One request per connection: see on_listener_incoming_cb(). */
  soup_message_headers_replace (reply->headers, "Connection", "close");
  g_free (reply->body);
  reply->status = status;
  reply->body = body;
  reply->len = len;
}

void
ch_server_reply_text (ChServerReply *reply,
                      const char    *content_type,
                      GString       *out)
{
  ch_server_reply_string (reply, SOUP_STATUS_OK, out);
  reply->content_type = content_type;
}

void
ch_server_reply_string (ChServerReply     *reply,
                        guint              status,
                        GString           *out)
{
  gsize len = out->len;

  ch_server_reply_take (reply, status, g_string_free (out, FALSE), len);
}

void
ch_server_reply_error (ChServerReply     *reply,
                       guint              status,
                       const char        *code,
                       const char        *message)
{
  gsize len;
  char *body = ch_protocol_build_error (code, message, &len);

  ch_server_reply_take (reply, status, body, len);
}

void
ch_server_reply_unsupported_schema (ChServerReply     *reply,
                                    const char        *message)
{
  gsize len;
  char *body = ch_protocol_build_error_extra (CH_PROTOCOL_CODE_UNSUPPORTED_SCHEMA, message, &len,
                                              "min", CH_PROTOCOL_SCHEMA_MIN,
                                              "max", CH_PROTOCOL_SCHEMA_MAX,
                                              NULL);

  ch_server_reply_take (reply, 426, body, len);
}

void
ch_server_reply_internal (ChServerReply     *reply,
                          const GError      *error)
{
  if (g_error_matches (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_BUSY))
    {
      g_message ("%s", error->message);
      ch_server_reply_busy (reply, CH_SERVER_REPLY_BUSY_RETRY,
                            _("The server’s database is busy; try again in a few seconds"));
      return;
    }

  /* The details go to the log, not to the network. */
  g_warning ("%s", error->message);
  ch_server_reply_error (reply, SOUP_STATUS_SERVICE_UNAVAILABLE, CH_PROTOCOL_CODE_INTERNAL,
                         _("The server could not complete the request; try again later"));
}

void
ch_server_reply_busy (ChServerReply *reply,
                      guint          seconds,
                      const char    *message)
{
  char value[16];

  g_snprintf (value, sizeof value, "%u", seconds);
  ch_server_reply_error (reply, SOUP_STATUS_SERVICE_UNAVAILABLE, CH_PROTOCOL_CODE_BUSY, message);
  soup_message_headers_replace (reply->headers, "Retry-After", value);
}

void
ch_server_reply_body_too_large (ChServerReply     *reply)
{
  g_autofree char *message =
    g_strdup_printf (_("The request is larger than %d bytes; send fewer mutations at once"),
                     CH_PROTOCOL_MAX_BODY);

  ch_server_reply_error (reply, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                         CH_PROTOCOL_CODE_BODY_TOO_LARGE, message);
}

/* A batch refused before anything was applied: another token's device
 * id (403), a mid reused or stale (409, with the mid), a mid too far
 * ahead (400). */
void
ch_server_reply_batch_refused (ChServerReply     *reply,
                               const GError      *error,
                               gint64             mid)
{
  gsize len;
  char *body;

  switch (error->code)
    {
    case CH_SERVER_APPLY_ERROR_DEVICE_NOT_YOURS:
      ch_server_reply_error (reply, SOUP_STATUS_FORBIDDEN, CH_PROTOCOL_CODE_DEVICE_NOT_YOURS,
                             error->message);
      return;
    case CH_SERVER_APPLY_ERROR_MID_REUSED:
    case CH_SERVER_APPLY_ERROR_STALE_MID:
      body = ch_protocol_build_mid_error (error->code == CH_SERVER_APPLY_ERROR_MID_REUSED
                                          ? CH_PROTOCOL_CODE_MID_REUSED
                                          : CH_PROTOCOL_CODE_STALE_MID,
                                          error->message, mid, &len);
      ch_server_reply_take (reply, SOUP_STATUS_CONFLICT, body, len);
      return;
    case CH_SERVER_APPLY_ERROR_OUT_OF_ORDER:
      ch_server_reply_error (reply, SOUP_STATUS_CONFLICT, CH_PROTOCOL_CODE_OUT_OF_ORDER,
                             error->message);
      return;
    default:
      ch_server_reply_error (reply, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_MID_TOO_FAR,
                             error->message);
      return;
    }
}
