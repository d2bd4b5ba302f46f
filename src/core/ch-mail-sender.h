/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-mail-send-report.h"

G_BEGIN_DECLS

/*
 * Sends the mail outbox through the chapter's SMTP account with libcurl
 * (one connection, one SMTP transaction per message, on the thread that
 * calls it; ch_mail_sender_send_async() runs it on a worker thread with
 * its own connection to the database).  Per message: "sending" is
 * committed before the transaction, "sent" (with the member's record)
 * after it; a 4xx answer or a lost connection puts it back to wait, a
 * 5xx answer fails it with the server's reason, and the others go on.
 */

#define CH_MAIL_SENDER_ERROR (ch_mail_sender_error_quark ())

typedef enum
{
  CH_MAIL_SENDER_ERROR_ACCOUNT,     /* no account, no password, refused login */
  CH_MAIL_SENDER_ERROR_OFFLINE,     /* the server cannot be reached now */
  CH_MAIL_SENDER_ERROR_FAILED,
} ChMailSenderError;

GQuark ch_mail_sender_error_quark (void);

/* Called after each message with how many of this run are done. */
typedef void (*ChMailSenderProgress) (guint    done,
                                    guint    total,
                                    gpointer user_data);

/* Sends every message of @chapter_id that is due, opening the database
 * at @db_path itself.  FALSE with CH_MAIL_SENDER_ERROR_ACCOUNT or _OFFLINE
 * when the run had to stop (the messages left wait); @report says what
 * happened either way.  Cancelling stops between messages. */
gboolean ch_mail_sender_run         (const char          *db_path,
                                     const char          *chapter_id,
                                     GCancellable        *cancellable,
                                     ChMailSenderProgress   progress,
                                     gpointer             progress_data,
                                     ChMailSendReport    *report,
                                     GError             **error);

/* ch_mail_sender_run() on a worker thread; @progress is called in the
 * thread-default main context of the caller. */
void     ch_mail_sender_send_async  (const char          *db_path,
                                     const char          *chapter_id,
                                     GCancellable        *cancellable,
                                     ChMailSenderProgress   progress,
                                     gpointer             progress_data,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean ch_mail_sender_send_finish (GAsyncResult        *result,
                                     ChMailSendReport    *report,
                                     GError             **error);

G_END_DECLS
