/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What tests reach into the person dialog with; not for the application. */

#include "ch-person-dialog.h"

G_BEGIN_DECLS

guint           ch_person_dialog_get_n_members    (ChPersonDialog *self);
gboolean        ch_person_dialog_get_loading      (ChPersonDialog *self);
void            ch_person_dialog_pick_member      (ChPersonDialog *self,
                                                   guint           position);
/* "name" or "email" of the guest form. */
GtkEditable    *ch_person_dialog_get_entry        (ChPersonDialog *self,
                                                   const char     *field);
void            ch_person_dialog_set_mode         (ChPersonDialog *self,
                                                   const char     *mode);
gboolean        ch_person_dialog_add_guest        (ChPersonDialog *self);

G_END_DECLS
