/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_MEMBER_DIALOG (ch_member_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ChMemberDialog, ch_member_dialog, CH, MEMBER_DIALOG, AdwWindow)

/* The member dialog: a frame (header bar, Save and Cancel, the question on
 * closing with edits, the tab switcher) around its panels, see
 * ch-member-panel.h.
 * @member_id: the member to edit, or NULL to add one. */
ChMemberDialog *ch_member_dialog_new            (GtkWindow      *parent,
                                                 ChStore        *store,
                                                 ChChapter      *chapter,
                                                 const char     *member_id);
/* Saves like the Save button; FALSE when the form shows an error. */
gboolean        ch_member_dialog_save           (ChMemberDialog *self);
/* The member shown, or NULL while adding one. */
const char     *ch_member_dialog_get_member_id  (ChMemberDialog *self);

G_END_DECLS
