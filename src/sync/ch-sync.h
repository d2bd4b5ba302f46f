/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-store.h"
#include "ch-sync-account.h"

G_BEGIN_DECLS

#define CH_SYNC_ERROR (ch_sync_error_quark ())

typedef enum
{
  CH_SYNC_ERROR_NOT_LINKED,   /* the chapter has no server */
  CH_SYNC_ERROR_AUTH,         /* 401: token unknown or revoked */
  CH_SYNC_ERROR_FORBIDDEN,    /* 403: token of another chapter */
  CH_SYNC_ERROR_NETWORK,      /* could not reach the server (after retries) */
  CH_SYNC_ERROR_SERVER,       /* 5xx after retries, or another refusal */
  CH_SYNC_ERROR_PROTOCOL,     /* the answer was not what the protocol says */
  CH_SYNC_ERROR_SCHEMA,       /* 426: this Chapterhouse is too old or too new */
  CH_SYNC_ERROR_INSECURE,     /* not https://, nor http:// to this computer */
} ChSyncError;

/* The largest answer read from the server: a /v1/me answer or an error
 * body, and a page of changes.  Anything longer ends the request. */
#define CH_SYNC_MAX_SMALL_REPLY  (1024 * 1024)
#define CH_SYNC_MAX_REPLY        (64 * 1024 * 1024)

GQuark ch_sync_error_quark (void);

typedef struct
{
  guint    pushed;       /* mutations the server acknowledged */
  guint    conflicts;    /* of which ended as conflicts */
  guint    rejected;     /* of which the server refused */
  guint    pulled;       /* rows received */
  gboolean full_resync;  /* the server asked to start over */
  guint    overridden;   /* applied, but the server kept its own value of a field */
  guint    resent;       /* rows the server had lost, sent back (resync) */
  guint    removed;      /* rows the server no longer has, deleted here (resync) */
} ChSyncReport;

/* Where a pull stands, for a progress bar: @received rows of @total
 * (0 when the server did not say).  @first_download: the chapter is
 * coming to this device for the first time (or again, in a resync).
 * Called on the sync's own thread after each page. */
typedef void (*ChSyncProgressFunc) (gboolean  first_download,
                                    guint64   received,
                                    guint64   total,
                                    gpointer  user_data);

/* Whether @server_url may be given a token: https:// to any host, plain
 * http:// only to this computer (localhost, 127.0.0.0/8, ::1), where nobody
 * on the way can read it.  Every request of the engine checks this first. */
gboolean    ch_sync_check_url       (const char    *server_url,
                                     GError       **error);

/* Who the token belongs to: GET /v1/me. */
ChSyncAccount *ch_sync_verify       (const char    *server_url,
                                     const char    *token,
                                     GCancellable  *cancellable,
                                     GError       **error);

/* Links @local_chapter_id (or, when NULL, a chapter that is only on the
 * server) to @server_chapter_id at @server_url.  A local chapter takes the
 * server chapter's id, with everything that belongs to it, so what was made
 * offline is pushed at the next sync. */
gboolean    ch_sync_link            (ChStore       *store,
                                     const char    *local_chapter_id,
                                     const char    *server_url,
                                     const char    *server_chapter_id,
                                     GError       **error);

/* One sync of @chapter_id: push the outbox in batches, then pull pages until
 * the server has no more.  Blocking: call it from a worker thread (or the
 * CLI).  It opens a connection of its own to the database at @db_path.
 * Transient failures are retried with backoff; the outbox keeps whatever the
 * server has not acknowledged. */
gboolean    ch_sync_run             (const char    *db_path,
                                     const char    *chapter_id,
                                     const char    *token,
                                     GCancellable  *cancellable,
                                     ChSyncReport  *report,
                                     GError       **error);

/* ch_sync_run(), telling @progress (may be NULL) how the pull goes. */
gboolean    ch_sync_run_with_progress (const char         *db_path,
                                       const char         *chapter_id,
                                       const char         *token,
                                       ChSyncProgressFunc  progress,
                                       gpointer            progress_data,
                                       GCancellable       *cancellable,
                                       ChSyncReport       *report,
                                       GError            **error);

void        ch_sync_run_async       (const char          *db_path,
                                     const char          *chapter_id,
                                     const char          *token,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean    ch_sync_run_finish      (GAsyncResult        *result,
                                     ChSyncReport        *report,
                                     GError             **error);

G_END_DECLS
