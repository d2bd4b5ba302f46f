/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-mail-source.h"
#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_MAIL_COMPOSE_DIALOG (ch_mail_compose_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ChMailComposeDialog, ch_mail_compose_dialog, CH, MAIL_COMPOSE_DIALOG,
                      AdwWindow)

/* Writes to @members (ChMember): how many get a message and who is left
 * out, a template, the message one real recipient gets, then Send with
 * progress through the chapter's e-mail account.  Without an account, a
 * clear way out instead: copy the addresses or open the mail app in
 * batches. */
ChMailComposeDialog *ch_mail_compose_dialog_new (GtkWindow  *parent,
                                                 ChStore    *store,
                                                 const char *chapter_id,
                                                 GPtrArray  *members);
/* Writes to the recipients of @source (chosen members, the Members page's
 * filter, an event's people, a Renewals group, reminders that came due),
 * found on a worker thread ("ready" is emitted then); the template the
 * source calls for is chosen.  "sent" is emitted after a batch went. */
ChMailComposeDialog *ch_mail_compose_dialog_new_for_source (GtkWindow          *parent,
                                                            ChStore            *store,
                                                            const ChMailSource *source);

G_END_DECLS
