/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-session.h"

G_BEGIN_DECLS

#define CH_TYPE_CHAPTER_DIALOG (ch_chapter_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ChChapterDialog, ch_chapter_dialog, CH, CHAPTER_DIALOG, AdwWindow)

/* Creates a chapter and opens it in @session. */
ChChapterDialog *ch_chapter_dialog_new        (GtkWindow       *parent,
                                               ChSession       *session);
/* Like the Create button: FALSE when the form shows an error. */
gboolean         ch_chapter_dialog_create     (ChChapterDialog *self);
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
