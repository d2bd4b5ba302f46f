/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gsf/gsf.h>

#include "ch-sheet.h"

G_BEGIN_DECLS

/* libgsf 1.14 defines no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

/* The workbook readers of ChSheet.  Each returns the rows of sheet @sheet
 * (a GPtrArray of GStrv, blank rows left out) and sets *@out_names to the
 * sheet names, or NULL with CH_SHEET_ERROR set. */
GPtrArray *ch_sheet_xlsx_read      (GsfInfile  *zip,
                                    guint       sheet,
                                    GStrv      *out_names,
                                    GError    **error);
GPtrArray *ch_sheet_ods_read       (GsfInfile  *zip,
                                    guint       sheet,
                                    GStrv      *out_names,
                                    GError    **error);

/* Shared by the readers: the whole part at @path ("xl/workbook.xml") of
 * @zip parsed as XML without network or entities, or NULL (missing part:
 * no error unless @required). */
gpointer   ch_sheet_read_xml_part  (GsfInfile  *zip,
                                    const char *path,
                                    gboolean    required,
                                    GError    **error);
/* Adds @row (a GPtrArray of char*, taken) to @rows unless all its cells
 * are empty; trailing empty cells are dropped. */
void       ch_sheet_add_row        (GPtrArray  *rows,
                                    GPtrArray  *row);
/* A number cell as text: "%.15g", so 46701234567 stays whole and binary
 * noise (0.30000000000000004) goes. */
char      *ch_sheet_format_number  (const char *value);
/* CH_SHEET_ERROR_NO_SHEET: sheet @sheet (from 0) of a workbook of
 * @n_sheets. */
void       ch_sheet_set_no_sheet_error (GError **error,
                                        guint    sheet,
                                        guint    n_sheets);

G_END_DECLS
