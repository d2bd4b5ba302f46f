/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

/* What tests reach into the chapter preferences page with; not for the application. */

#include "ch-chapter-preferences-page.h"

G_BEGIN_DECLS

/* For tests: the "name" and "city" rows; choosing a "country" (code) or
 * "timezone" (IANA id), FALSE if not in the list; the message shown. */
GtkEditable *ch_chapter_preferences_page_get_entry   (ChChapterPreferencesPage *self,
                                                      const char               *field);

gboolean     ch_chapter_preferences_page_select      (ChChapterPreferencesPage *self,
                                                      const char               *what,
                                                      const char               *value);

const char  *ch_chapter_preferences_page_get_message (ChChapterPreferencesPage *self);

G_END_DECLS
