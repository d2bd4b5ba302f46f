/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A table of text cells read from a file a president brings: CSV or TSV
 * (see ch-csv.h), an Excel workbook (XLSX) or an OpenDocument spreadsheet
 * (ODS), one sheet of it.  Rows are lists of strings, possibly of
 * different lengths; dates in a workbook come as ISO dates (YYYY-MM-DD),
 * numbers as plain decimals without a thousands separator.  Wholly empty
 * rows are left out.
 */

#define CH_SHEET_ERROR (ch_sheet_error_quark ())

typedef enum
{
  CH_SHEET_ERROR_FORMAT,       /* not a file we can read as a table */
  CH_SHEET_ERROR_DAMAGED,      /* a workbook whose parts are broken */
  CH_SHEET_ERROR_NO_SHEET,     /* the chosen sheet is not there */
} ChSheetError;

GQuark ch_sheet_error_quark (void);

#define CH_TYPE_SHEET (ch_sheet_get_type ())

G_DECLARE_FINAL_TYPE (ChSheet, ch_sheet, CH, SHEET, GObject)

/* Reads sheet @sheet (0 is the first) of the file at @path.  The format
 * comes from the content; a ".tsv" name only fixes the delimiter. */
ChSheet            *ch_sheet_new_from_file     (const char  *path,
                                                guint        sheet,
                                                GError     **error);
/* The same for @len bytes of @data; @name is the file name (for the
 * ".tsv" hint), or NULL. */
ChSheet            *ch_sheet_new_from_data     (const char  *name,
                                                const char  *data,
                                                gsize        len,
                                                guint        sheet,
                                                GError     **error);

guint               ch_sheet_get_n_rows        (ChSheet     *self);
/* The cells of row @index (free with g_strfreev). */
GStrv               ch_sheet_get_row           (ChSheet     *self,
                                                guint        index);
/* "csv", "xlsx" or "ods". */
const char         *ch_sheet_get_format        (ChSheet     *self);
/* The names of the workbook's sheets (one for a CSV file: its name). */
const char * const *ch_sheet_get_sheet_names   (ChSheet     *self);

G_END_DECLS
