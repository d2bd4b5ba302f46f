/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-mail-compose-dialog.h"

G_BEGIN_DECLS

/* For tests only. */
const char *ch_mail_compose_dialog_get_summary   (ChMailComposeDialog *self);
char       *ch_mail_compose_dialog_dup_preview   (ChMailComposeDialog *self);
/* "Got this message in the last 7 days already: …", or NULL. */
const char *ch_mail_compose_dialog_get_warning   (ChMailComposeDialog *self);
/* The outcome line after sending ("2 messages sent."), or NULL. */
const char *ch_mail_compose_dialog_get_result    (ChMailComposeDialog *self);
GtkWidget  *ch_mail_compose_dialog_get_send_button (ChMailComposeDialog *self);
/* "Edit…" beside the template: opens the template editor. */
GtkWidget  *ch_mail_compose_dialog_get_edit_button (ChMailComposeDialog *self);
/* Without an account: the mailto: links of the batches. */
GPtrArray  *ch_mail_compose_dialog_get_batches   (ChMailComposeDialog *self);
gboolean    ch_mail_compose_dialog_is_fallback   (ChMailComposeDialog *self);
/* Without an account: saves each member's message in @dir as the folder
 * chooser does; the outcome in ch_mail_compose_dialog_get_result(). */
void        ch_mail_compose_dialog_save_eml      (ChMailComposeDialog *self,
                                                  const char          *dir);
/* The recipients have been found ("ready" was emitted). */
gboolean    ch_mail_compose_dialog_is_ready      (ChMailComposeDialog *self);
/* "250 of 1000 messages ready", "3 of 4 messages sent", or NULL. */
const char *ch_mail_compose_dialog_get_progress_text (ChMailComposeDialog *self);
/* The key of the template chosen ("renewal-grace"). */
const char *ch_mail_compose_dialog_get_template_key (ChMailComposeDialog *self);

G_END_DECLS
