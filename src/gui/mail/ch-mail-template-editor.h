/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_MAIL_TEMPLATE_EDITOR (ch_mail_template_editor_get_type ())

G_DECLARE_FINAL_TYPE (ChMailTemplateEditor, ch_mail_template_editor, CH, MAIL_TEMPLATE_EDITOR,
                      AdwWindow)

/* Edits the subject and text of the template @key of @chapter_id: the
 * fields a template may use are listed and put in where the cursor is;
 * Save checks them (an unknown field is said, nothing lost); "Reset to
 * Built-in" goes back to the shipped text.  "saved" is emitted after Save
 * or Reset. */
ChMailTemplateEditor *ch_mail_template_editor_new (GtkWindow  *parent,
                                                   ChStore    *store,
                                                   const char *chapter_id,
                                                   const char *key);

/* For tests. */
GtkEditable *ch_mail_template_editor_get_subject (ChMailTemplateEditor *self);
GtkTextView *ch_mail_template_editor_get_body    (ChMailTemplateEditor *self);
/* Puts {{@field}} in where the cursor is, as its button does. */
void         ch_mail_template_editor_insert_field (ChMailTemplateEditor *self,
                                                   const char           *field);
gboolean     ch_mail_template_editor_save        (ChMailTemplateEditor *self);
gboolean     ch_mail_template_editor_reset       (ChMailTemplateEditor *self);
/* The error shown, or NULL. */
const char  *ch_mail_template_editor_get_error   (ChMailTemplateEditor *self);

G_END_DECLS
