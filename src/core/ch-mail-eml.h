/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-mail-recipients.h"
#include "ch-mail-template.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Without the chapter's mail account: each member's own message, filled
 * in from a template, saved as an .eml file a mail program (Outlook,
 * Thunderbird, Apple Mail) opens as a draft ready to send ("X-Unsent: 1",
 * no From: the program puts the officer's own).  The event's .ics goes
 * with an event template.  Nothing is recorded: nothing was sent.
 */

#define CH_MAIL_EML_ERROR (ch_mail_eml_error_quark ())

typedef enum
{
  CH_MAIL_EML_ERROR_FAILED,
} ChMailEmlError;

GQuark   ch_mail_eml_error_quark (void);

/* Writes "01 Anna Berg.eml", … into @dir (made if missing); the count in
 * @out_count. */
gboolean ch_mail_eml_save        (ChStore              *store,
                                  const char           *chapter_id,
                                  const ChMailTemplate *template,
                                  ChMailRecipients     *recipients,
                                  const char           *dir,
                                  guint                *out_count,
                                  GError              **error);

/* ch_mail_eml_save() on a worker thread with its own connection to the
 * database at @db_path. */
void     ch_mail_eml_save_async  (const char           *db_path,
                                  const char           *chapter_id,
                                  const ChMailTemplate *template,
                                  const ChMailRecipients *recipients,
                                  const char           *dir,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean ch_mail_eml_save_finish (GAsyncResult         *result,
                                  guint                *out_count,
                                  GError              **error);

G_END_DECLS
