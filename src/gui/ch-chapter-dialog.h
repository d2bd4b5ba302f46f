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

G_END_DECLS
