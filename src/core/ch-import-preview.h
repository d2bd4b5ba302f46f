/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-import.h"
#include "ch-import-row.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * What the Import window shows of an import before it runs: the first
 * rows checked, the file's distinct tier values and its date question.
 * Both functions read the whole file and query the store, so the window
 * calls them on a worker thread with a ChStore of the worker's own
 * (ch_store_open_existing() on ch_store_get_path()); the ChImport they
 * return or read keeps @owner, the store of the main thread.  Only the
 * worker may use the ChImport until they return.
 */

#define CH_TYPE_IMPORT_PREVIEW (ch_import_preview_get_type ())

G_DECLARE_FINAL_TYPE (ChImportPreview, ch_import_preview, CH, IMPORT_PREVIEW, GObject)

/* The import of sheet @sheet of @path, or of the first sheet with rows
 * below its header when @sheet is -1 (a workbook often starts with a sheet
 * of notes; the error is then the first sheet's).  @out_sheet is the
 * sheet taken, @out_names the names of the file's sheets. */
ChImport        *ch_import_preview_open           (ChStore          *store,
                                                   ChStore          *owner,
                                                   const char       *chapter_id,
                                                   const char       *path,
                                                   int               sheet,
                                                   guint            *out_sheet,
                                                   GStrv            *out_names,
                                                   GCancellable     *cancellable,
                                                   GError          **error);
/* Analyses @import (the whole file, for a mapping changed since) and
 * checks its first @n_rows rows through @store. */
ChImportPreview *ch_import_preview_new            (ChImport         *import,
                                                   ChStore          *store,
                                                   guint             n_rows);

/* ChImportRow of the first rows. */
GPtrArray       *ch_import_preview_get_rows       (ChImportPreview  *self);
guint            ch_import_preview_get_n_rows     (ChImportPreview  *self);
/* The distinct values of the tier column, sorted. */
const char * const *ch_import_preview_get_tier_values (ChImportPreview *self);
gboolean         ch_import_preview_get_needs_date_order (ChImportPreview *self);
const char      *ch_import_preview_get_ambiguous_date  (ChImportPreview *self);

G_END_DECLS
