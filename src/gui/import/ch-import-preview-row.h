/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-import.h"
#include "ch-import-row.h"

G_BEGIN_DECLS

#define CH_TYPE_IMPORT_PREVIEW_ROW (ch_import_preview_row_get_type ())

G_DECLARE_FINAL_TYPE (ChImportPreviewRow, ch_import_preview_row, CH, IMPORT_PREVIEW_ROW,
                      AdwActionRow)

/* A row of the preview: the person of @row and its problems. */
GtkWidget   *ch_import_preview_row_new      (ChImportRow        *row);
ChImportRow *ch_import_preview_row_get_row  (ChImportPreviewRow *self);
/* For a row that is an existing member: update it, skip the row or add
 * another member (the "match-action" property). */
ChImportMatchAction ch_import_preview_row_get_match_action (ChImportPreviewRow  *self);
void                ch_import_preview_row_set_match_action (ChImportPreviewRow  *self,
                                                            ChImportMatchAction  action);

G_END_DECLS
