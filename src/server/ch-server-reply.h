/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* An answer being built, apart from its SoupServerMessage: the routes
 * build it on the database thread, the main thread sends it
 * (ch_server_reply_send()). */
typedef struct _ChServerReply ChServerReply;

ChServerReply      *ch_server_reply_new         (void);
void                ch_server_reply_free        (ChServerReply     *reply);
/* Response headers to add to the answer. */
SoupMessageHeaders *ch_server_reply_get_headers (ChServerReply     *reply);
guint               ch_server_reply_get_status  (ChServerReply     *reply);
/* Puts the answer on @msg (main thread). */
void                ch_server_reply_send        (ChServerReply     *reply,
                                                 SoupServerMessage *msg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChServerReply, ch_server_reply_free)

/* Answers with @status and the JSON @body of @len bytes (taken). */
void ch_server_reply_take               (ChServerReply     *reply,
                                         guint              status,
                                         char              *body,
                                         gsize              len);
/* The body set, gzipped when @msg's request accepts gzip and the body is
 * long enough to gain from it (Content-Encoding: gzip). */
void ch_server_reply_compress           (ChServerReply     *reply,
                                         SoupServerMessage *msg);
/* Answers with @status and the JSON in @out (freed). */
void ch_server_reply_string             (ChServerReply     *reply,
                                         guint              status,
                                         GString           *out);
/* 200 with @out (freed) as @content_type (a static string), e.g. the
 * Prometheus text format. */
void ch_server_reply_text               (ChServerReply     *reply,
                                         const char        *content_type,
                                         GString           *out);
/* Answers with @status and an error object: @code, @message. */
void ch_server_reply_error              (ChServerReply     *reply,
                                         guint              status,
                                         const char        *code,
                                         const char        *message);
/* 426 with the schema versions the server speaks. */
void ch_server_reply_unsupported_schema (ChServerReply     *reply,
                                         const char        *message);
/* 503; @error goes to the log, not to the network. A database locked by
 * another process is 503 `busy` with Retry-After. */
void ch_server_reply_internal           (ChServerReply     *reply,
                                         const GError      *error);
#define CH_SERVER_REPLY_BUSY_RETRY 5

/* 503 `busy` with Retry-After: @seconds. */
void ch_server_reply_busy               (ChServerReply     *reply,
                                         guint              seconds,
                                         const char        *message);
/* 413: the body is larger than CH_PROTOCOL_MAX_BODY. */
void ch_server_reply_body_too_large     (ChServerReply     *reply);
/* A batch refused before anything was applied (a CH_SERVER_APPLY_ERROR). */
void ch_server_reply_batch_refused      (ChServerReply     *reply,
                                         const GError      *error,
                                         gint64             mid);

G_END_DECLS
