/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ch-mail-recipients.h"
#include "ch-mail-source.h"
#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_MAIL_FALLBACK_BOX (ch_mail_fallback_box_get_type ())

G_DECLARE_FINAL_TYPE (ChMailFallbackBox, ch_mail_fallback_box, CH, MAIL_FALLBACK_BOX, GtkBox)

/* The compose dialog without the chapter's mail account: a clear way out
 * instead of GTK's "Operation not supported": "Copy N Addresses", "Open in
 * Mail App" (mailto: in groups that respect URL length limits), and each
 * member's own message saved as an .eml file.  What happened is said in
 * @result, the dialog's label. */
GtkWidget *ch_mail_fallback_box_new         (ChStore                *store,
                                             const char             *chapter_id,
                                             const ChMailSource     *source,
                                             const ChMailRecipients *recipients,
                                             GtkWidget              *result);
/* The mailto: URLs of the groups. */
GPtrArray *ch_mail_fallback_box_get_batches (ChMailFallbackBox      *self);
/* Saves each member's message in @dir (what the folder chooser does). */
void       ch_mail_fallback_box_save_eml    (ChMailFallbackBox      *self,
                                             const char             *dir);

G_END_DECLS
