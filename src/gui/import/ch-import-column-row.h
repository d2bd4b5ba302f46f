/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-import-fields.h"

G_BEGIN_DECLS

#define CH_TYPE_IMPORT_COLUMN_ROW (ch_import_column_row_get_type ())

G_DECLARE_FINAL_TYPE (ChImportColumnRow, ch_import_column_row, CH, IMPORT_COLUMN_ROW, AdwComboRow)

/* The column @column headed @header, showing @field; "notify::field" when
 * the user picks another. */
GtkWidget     *ch_import_column_row_new        (guint          column,
                                                const char    *header,
                                                ChImportField  field);
guint          ch_import_column_row_get_column (ChImportColumnRow *self);
ChImportField  ch_import_column_row_get_field  (ChImportColumnRow *self);
void           ch_import_column_row_set_field  (ChImportColumnRow *self,
                                                ChImportField      field);

G_END_DECLS
