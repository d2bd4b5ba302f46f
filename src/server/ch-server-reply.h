/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Answers @msg with @status and the JSON @body of @len bytes (taken). */
void ch_server_reply_take               (SoupServerMessage *msg,
                                         guint              status,
                                         char              *body,
                                         gsize              len);
/* Answers @msg with @status and the JSON in @out (freed). */
void ch_server_reply_string             (SoupServerMessage *msg,
                                         guint              status,
                                         GString           *out);
/* Answers @msg with @status and an error object: @code, @message. */
void ch_server_reply_error              (SoupServerMessage *msg,
                                         guint              status,
                                         const char        *code,
                                         const char        *message);
/* 426 with the schema versions the server speaks. */
void ch_server_reply_unsupported_schema (SoupServerMessage *msg,
                                         const char        *message);
/* 503; @error goes to the log, not to the network. */
void ch_server_reply_internal           (SoupServerMessage *msg,
                                         const GError      *error);
/* 413: the body is larger than CH_PROTOCOL_MAX_BODY. */
void ch_server_reply_body_too_large     (SoupServerMessage *msg);
/* A batch refused before anything was applied (a CH_SERVER_APPLY_ERROR). */
void ch_server_reply_batch_refused      (SoupServerMessage *msg,
                                         const GError      *error,
                                         gint64             mid);

G_END_DECLS
