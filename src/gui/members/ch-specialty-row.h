/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CH_TYPE_SPECIALTY_ROW (ch_specialty_row_get_type ())
G_DECLARE_FINAL_TYPE (ChSpecialtyRow, ch_specialty_row, CH, SPECIALTY_ROW, AdwActionRow)

/* A specialty on the Profile tab, ticked when the member has it.  @key is
 * the stored form (ch_specialties_normalize()); the title is its label. */
GtkWidget  *ch_specialty_row_new        (const char     *key,
                                         gboolean        active);
const char *ch_specialty_row_get_key    (ChSpecialtyRow *self);
gboolean    ch_specialty_row_get_active (ChSpecialtyRow *self);
void        ch_specialty_row_set_active (ChSpecialtyRow *self,
                                         gboolean        active);

G_END_DECLS
