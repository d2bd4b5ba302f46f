/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-mail-account.h"
#include "ch-mail-outbox.h"
#include "ch-mail-recipients.h"
#include "ch-mail-template.h"

G_BEGIN_DECLS

/*
 * Queueing a batch off the window's main thread: the messages are filled
 * in, built as MIME and written to the mail outbox (one transaction, all
 * or none) on a worker thread with its own connection to the database, so
 * the main loop stays free for the progress bar.  @progress is called in
 * the caller's thread-default main context with how many are done.
 */

void     ch_mail_queue_async  (const char            *db_path,
                               const ChMailAccount   *account,
                               const ChMailTemplate  *template,
                               const ChMailRecipients *recipients,
                               GCancellable          *cancellable,
                               ChMailOutboxProgress    progress,
                               gpointer               progress_data,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data);
/* How many were queued, and the batch's id in @out_batch_id. */
gboolean ch_mail_queue_finish (GAsyncResult          *result,
                               char                 **out_batch_id,
                               guint                 *out_count,
                               GError               **error);

G_END_DECLS
