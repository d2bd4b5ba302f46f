/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

/* What tests reach into the chapter dialog with; not for the application. */

#include "ch-chapter-dialog.h"

G_BEGIN_DECLS

/* Field rows by name: "name", "city", "amount", "grace". */
GtkEditable     *ch_chapter_dialog_get_entry  (ChChapterDialog *self,
                                               const char      *field);

/* Selects a "country" (code), "timezone" or "currency" by its identifier;
 * FALSE if unknown. */
gboolean         ch_chapter_dialog_select     (ChChapterDialog *self,
                                               const char      *what,
                                               const char      *value);

/* What is chosen ("country", "timezone", "currency"): the stored value,
 * or with @shown the text the list shows for it; NULL when nothing is. */
const char      *ch_chapter_dialog_get_choice (ChChapterDialog *self,
                                               const char      *what,
                                               gboolean         shown);

const char      *ch_chapter_dialog_get_error  (ChChapterDialog *self);

G_END_DECLS
