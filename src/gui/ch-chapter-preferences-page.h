/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-session.h"

G_BEGIN_DECLS

#define CH_TYPE_CHAPTER_PREFERENCES_PAGE (ch_chapter_preferences_page_get_type ())

G_DECLARE_FINAL_TYPE (ChChapterPreferencesPage,
                      ch_chapter_preferences_page,
                      CH,
                      CHAPTER_PREFERENCES_PAGE,
                      AdwPreferencesPage)

/* Preferences → Chapter: the chapter's name, city, country and time zone,
 * saved as a normal synced edit.  Currency, dues and tiers stay on the
 * Membership page, which a row here leads to.  For the chapter open in
 * @session when the page is made. */
ChChapterPreferencesPage *ch_chapter_preferences_page_new (ChSession *session);

G_END_DECLS
