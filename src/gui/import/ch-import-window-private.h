/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-import-column-row.h"
#include "ch-import-preview-row.h"
#include "ch-import-tier-row.h"
#include "ch-import-window.h"

G_BEGIN_DECLS

/* For tests: what the window shows. */
const char         *ch_import_window_get_page          (ChImportWindow *self);
ChImportColumnRow  *ch_import_window_get_column_row    (ChImportWindow *self,
                                                        guint           column);
/* The preview row of line @line of the file, or NULL. */
ChImportPreviewRow *ch_import_window_get_preview_row   (ChImportWindow *self,
                                                        guint           line);
/* The tier row of the file's tier value @value, or NULL. */
ChImportTierRow    *ch_import_window_get_tier_row      (ChImportWindow *self,
                                                        const char     *value);
const char         *ch_import_window_get_error         (ChImportWindow *self);
const char         *ch_import_window_get_summary       (ChImportWindow *self);
const char         *ch_import_window_get_summary_title (ChImportWindow *self);

G_END_DECLS
