/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A table to export: named columns of one kind each and rows of cells held
 * as text (ISO dates, integers in decimal, money in minor units, "yes"/"no").
 * Written as CSV (UTF-8, a byte order mark if asked, formula cells
 * neutralised by ch_csv_append_row()), as XLSX through libxlsxwriter (real
 * dates, numbers and booleans; strings are never formulas there) or as a
 * JSON array of objects (numbers as numbers, empty cells as null).
 */

#define CH_EXPORT_TABLE_ERROR (ch_export_table_error_quark ())

typedef enum
{
  CH_EXPORT_TABLE_ERROR_WRITE,
} ChExportTableError;

GQuark ch_export_table_error_quark (void);

typedef enum
{
  CH_EXPORT_TABLE_CELL_TEXT,
  CH_EXPORT_TABLE_CELL_INT,
  CH_EXPORT_TABLE_CELL_MONEY,     /* minor units; "150.00" in CSV, 150 in XLSX */
  CH_EXPORT_TABLE_CELL_DATE,      /* "YYYY-MM-DD" */
  CH_EXPORT_TABLE_CELL_DATETIME,  /* ISO 8601, "YYYY-MM-DDTHH:MM:SS…" */
  CH_EXPORT_TABLE_CELL_BOOL,      /* "yes" or "no" */
} ChExportTableCellKind;

typedef enum
{
  CH_EXPORT_TABLE_CSV,
  CH_EXPORT_TABLE_XLSX,
  CH_EXPORT_TABLE_JSON,
} ChExportTableFormat;

typedef struct _ChExportTable ChExportTable;

typedef struct
{
  const char       *name;
  ChExportTableCellKind  kind;
} ChExportTableColumn;

ChExportTable *ch_export_table_new      (const ChExportTableColumn *columns,
                                         guint                 n_columns,
                                         const char           *sheet_name);
void           ch_export_table_free     (ChExportTable        *self);
guint          ch_export_table_get_n_rows (ChExportTable      *self);
/* Appends a row of n_columns cells; takes the strings (NULL: empty). */
void           ch_export_table_add_row  (ChExportTable        *self,
                                         char                **cells);
GBytes        *ch_export_table_write    (ChExportTable        *self,
                                         ChExportTableFormat   format,
                                         gboolean              bom,
                                         GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChExportTable, ch_export_table_free)

G_END_DECLS
