/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "ch-protocol.h"
#include "ch-store.h"
#include "ch-sync.h"

G_BEGIN_DECLS

/* What the files of the sync engine share (ch-sync-http.c: the HTTP
 * layer; ch-sync.c: link, push and the run; ch-sync-pull.c: the pull and
 * the resync).  Only those files include this header. */

#define PULL_PAGE CH_PROTOCOL_MAX_PAGE

/* The connection of one run. */
typedef struct
{
  SoupSession  *session;
  char         *base_url;
  char         *token;
  GCancellable *cancellable;
  gsize         max_reply;  /* the longest 200 answer read */
  ChSyncProgressFunc progress;  /* may be NULL */
  gpointer      progress_data;
} Http;

/* For tests only: at most @max changes a push request (the protocol's
 * CH_PROTOCOL_MAX_MUTATIONS unless set), so that a few changes make a
 * push of several batches, some sent ahead (tests/sync/test-sync-chaos.c
 * with CH_PUSH_BATCH).  Set before any sync runs. */
void
ch_sync_engine_set_push_batch (guint max);

/* Whether @host (of a server's address) is this computer: "localhost"
 * or a loopback address. */
gboolean
ch_sync_engine_is_this_computer (const char *host);

/* For tests and benchmarks: ask a server on this computer for compressed
 * answers too (by default only a server elsewhere is: on this computer
 * the bytes cost nothing and compressing them costs CPU). */
void
ch_sync_engine_set_compress_local (gboolean compress);

/* ch-sync-http.c */

/* The connection of a run to @server_url (trailing slashes dropped),
 * with @token (may be NULL) and @cancellable (may be NULL), the run's. */
void
ch_sync_engine_http_init (Http         *http,
                          const char   *server_url,
                          const char   *token,
                          GCancellable *cancellable);
/* Closes it and wipes the token. */
void
ch_sync_engine_http_clear (Http *http);

/* A refusal (any status but 200) as the error an officer reads. */
gboolean
ch_sync_engine_status_error (guint    status,
                             GBytes  *body,
                             GError **error);

/* One request, retried with backoff while the failure is transient (see
 * ch-sync-http.c); with @capable and @wrote_body (called as the request's
 * last byte goes) for a push. */
GBytes *
ch_sync_engine_http_request_full (Http        *http,
                                  const char  *method,
                                  const char  *path,
                                  GBytes      *body,
                                  guint       *status,
                                  gboolean    *capable,
                                  GCallback    wrote_body,
                                  gpointer     wrote_body_data,
                                  GError     **error);
GBytes *
ch_sync_engine_http_request (Http        *http,
                             const char  *method,
                             const char  *path,
                             GBytes      *body,
                             guint       *status,
                             GError     **error);

gboolean
ch_sync_engine_pull (Http         *http,
                     ChStore      *store,
                     const char   *chapter_id,
                     gboolean      resync,
                     ChSyncReport *report,
                     GError      **error);

G_END_DECLS
