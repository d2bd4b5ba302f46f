/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_MAIL_PREFERENCES_PAGE (ch_mail_preferences_page_get_type ())

G_DECLARE_FINAL_TYPE (ChMailPreferencesPage, ch_mail_preferences_page, CH,
                      MAIL_PREFERENCES_PAGE, AdwPreferencesPage)

/* Preferences → E-mail: the chapter's mail account (server, port,
 * security, user, password kept in the keyring, sender, reply-to,
 * signature). */
ChMailPreferencesPage *ch_mail_preferences_page_new (ChStore    *store,
                                                     const char *chapter_id);

/* For tests: the entry row of @field ("server", "port", "user",
 * "password", "from_address", "from_name", "reply_to", "signature"), the
 * Save button and the line that says how saving went. */
GtkEditable *ch_mail_preferences_page_get_entry  (ChMailPreferencesPage *self,
                                                  const char            *field);
GtkWidget   *ch_mail_preferences_page_get_save   (ChMailPreferencesPage *self);
const char  *ch_mail_preferences_page_get_status (ChMailPreferencesPage *self);

G_END_DECLS
