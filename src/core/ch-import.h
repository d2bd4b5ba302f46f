/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-import-dates.h"
#include "ch-import-fields.h"
#include "ch-import-result.h"
#include "ch-import-row.h"
#include "ch-sheet.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Importing members from a sheet (ch-sheet.h) into a chapter.  The first
 * row is the header; each column is mapped to a member field, guessed from
 * its header (ch-import-fields.h), changed by the user, remembered for the
 * chapter's next import of a file with the same header.  Tier names are
 * mapped to the chapter's tiers.  Each row is checked (ChImportRow): a bad
 * e-mail or date, a missing name, the same person as an existing member
 * (by e-mail, then by name and company) or as an earlier row.
 *
 * ch_import_run() writes the whole file in one transaction through the
 * store's ordinary write path, so every member syncs; it is one batch that
 * ch_import_batch_undo() (ch-import-batch.h) takes back.
 */

#define CH_IMPORT_ERROR (ch_import_error_quark ())

typedef enum
{
  CH_IMPORT_ERROR_EMPTY,        /* no rows below the header */
  CH_IMPORT_ERROR_NO_NAME,      /* no column gives the names */
  CH_IMPORT_ERROR_DATE_ORDER,   /* dates such as 03/04/2024 and no order chosen */
  CH_IMPORT_ERROR_MAPPING,      /* a saved mapping that is not one */
} ChImportError;

GQuark ch_import_error_quark (void);

/* What to do with a row that is the same person as an existing member. */
typedef enum
{
  CH_IMPORT_MATCH_UPDATE,       /* fill in and change the member's fields */
  CH_IMPORT_MATCH_SKIP,
  CH_IMPORT_MATCH_KEEP_BOTH,    /* add the row as another member */
} ChImportMatchAction;

/* Called now and then during ch_import_run(): rows done of @total. */
typedef void (*ChImportProgressFunc) (guint    done,
                                      guint    total,
                                      gpointer user_data);

#define CH_TYPE_IMPORT (ch_import_get_type ())

G_DECLARE_FINAL_TYPE (ChImport, ch_import, CH, IMPORT, GObject)

/* Reads the header of @sheet and guesses the mapping (or takes the one
 * remembered for this header in the chapter); NULL with
 * CH_IMPORT_ERROR_EMPTY when there is no row below the header. */
ChImport           *ch_import_new                  (ChStore              *store,
                                                    const char           *chapter_id,
                                                    ChSheet              *sheet,
                                                    GError              **error);

/* Columns */
guint               ch_import_get_n_columns        (ChImport             *self);
const char         *ch_import_get_header           (ChImport             *self,
                                                    guint                 column);
ChImportField       ch_import_get_field            (ChImport             *self,
                                                    guint                 column);
void                ch_import_set_field            (ChImport             *self,
                                                    guint                 column,
                                                    ChImportField         field);
/* Unmapped columns go into the notes as "Header: value" (TRUE) or are
 * left out (FALSE, the default). */
void                ch_import_set_unmapped_to_notes (ChImport            *self,
                                                    gboolean              to_notes);
gboolean            ch_import_get_unmapped_to_notes (ChImport            *self);

/* Dates: the order the file proves, or the one chosen. */
ChImportDateOrder   ch_import_get_date_order       (ChImport             *self);
void                ch_import_set_date_order       (ChImport             *self,
                                                    ChImportDateOrder     order);
/* Whether the file has dates such as 03/04/2024 that can be read two
 * ways and no order proven or chosen: ask the user once. */
gboolean            ch_import_needs_date_order     (ChImport             *self);
/* One such date of the file, to show in the question. */
const char         *ch_import_get_ambiguous_date   (ChImport             *self);

/* Tiers: the distinct values of the tier column and the chapter tier
 * each one maps to (a tier key, or NULL: the member gets no tier). */
GStrv               ch_import_dup_tier_values      (ChImport             *self);
const char         *ch_import_get_tier_for_value   (ChImport             *self,
                                                    const char           *value);
void                ch_import_set_tier_for_value   (ChImport             *self,
                                                    const char           *value,
                                                    const char           *tier_key);

/* Matches: for all rows, and for the row at @line. */
void                ch_import_set_match_action     (ChImport             *self,
                                                    ChImportMatchAction   action);
void                ch_import_set_line_match_action (ChImport            *self,
                                                    guint                 line,
                                                    ChImportMatchAction   action);
/* The action for the row at @line: its own, or the one for all rows. */
ChImportMatchAction ch_import_get_line_match_action (ChImport            *self,
                                                    guint                 line);

/* The mapping as JSON, to save or pass to the CLI's --mapping:
 * {"columns": {"Header": "field key", …}, "unmapped": "notes"|"ignore",
 *  "date_order": "day-first"|"month-first", "tiers": {"Value": "key"},
 *  "matches": "update"|"skip"|"keep-both"} */
JsonObject         *ch_import_dup_mapping          (ChImport             *self);
/* Applies such a mapping (any member may be missing). */
gboolean            ch_import_apply_mapping        (ChImport             *self,
                                                    JsonObject           *mapping,
                                                    GError              **error);

/* Rows below the header. */
guint               ch_import_get_n_rows           (ChImport             *self);
/* Row @index (0 is the first below the header) as the import would
 * write it with the current mapping. */
ChImportRow        *ch_import_check_row            (ChImport             *self,
                                                    guint                 index);

/* Imports every row in one transaction (nothing when @dry_run, when
 * cancelled or on failure); the mapping is remembered for the chapter. */
ChImportResult     *ch_import_run                  (ChImport             *self,
                                                    gboolean              dry_run,
                                                    ChImportProgressFunc  progress,
                                                    gpointer              user_data,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
/* ch_import_run() through @store, a ChStore of its own on the same file
 * (ch_store_open_existing() on ch_store_get_path()), so a worker thread
 * can import while the window's store stays on the main thread.  Only
 * the worker may use @self until this returns. */
ChImportResult     *ch_import_run_in_store         (ChImport             *self,
                                                    ChStore              *store,
                                                    gboolean              dry_run,
                                                    ChImportProgressFunc  progress,
                                                    gpointer              user_data,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

G_END_DECLS
