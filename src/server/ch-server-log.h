/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The server's log: one line per request and GLib's messages, on stderr
 * as text or as one JSON object per line, or to journald (with the
 * request's fields) when stderr is the journal: request id, client
 * address, route, status, duration, chapter, token name, bytes.  Never a
 * token, nor a member's data. */

typedef enum
{
  CH_SERVER_LOG_TEXT,
  CH_SERVER_LOG_JSON,
} ChServerLogFormat;

/* "text" or "json"; FALSE for anything else. */
gboolean ch_server_log_parse_format (const char        *text,
                                     ChServerLogFormat *format);
/* Sends GLib's log through the server's writer in @format (the first
 * call installs it; later calls, on SIGHUP, switch the format). */
void     ch_server_log_set_format   (ChServerLogFormat  format);

typedef struct
{
  guint64     id;          /* request number since start */
  const char *method;
  const char *route;       /* ch_server_routes_label() */
  const char *path;
  guint       status;      /* 0: aborted by the client */
  gint64      duration_us;
  const char *chapter;     /* NULL if none */
  gsize       bytes;       /* of the answer's body */
  const char *address;     /* the client's IP address, NULL if unknown */
  const char *token_name;  /* the name of the request's token, NULL if none */
} ChServerLogRequest;

void     ch_server_log_request      (const ChServerLogRequest *request);

G_END_DECLS
