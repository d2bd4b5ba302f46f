/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Members written out for another program: CSV (UTF-8, a byte order mark
 * for Excel if asked, cells a spreadsheet would run as formulas
 * neutralised, see ch_csv_append_row()) or JSON.  The CSV header uses the
 * field names, which ChImport maps back by itself: an export imports into
 * another chapter without a manual change.
 */

#define CH_EXPORT_ERROR (ch_export_error_quark ())

typedef enum
{
  CH_EXPORT_ERROR_FORMAT,
} ChExportError;

GQuark  ch_export_error_quark  (void);

typedef enum
{
  CH_EXPORT_FORMAT_CSV,
  CH_EXPORT_FORMAT_JSON,
} ChExportFormat;

/* "csv" or "json"; FALSE with CH_EXPORT_ERROR_FORMAT otherwise. */
gboolean  ch_export_format_from_string (const char      *text,
                                        ChExportFormat  *out_format,
                                        GError         **error);

/* The members of @members (a GListModel of ChMember, e.g. a ChMemberList
 * with its filter and sort) in @format. */
GBytes   *ch_export_members            (ChStore         *store,
                                        GListModel      *members,
                                        ChExportFormat   format,
                                        gboolean         bom,
                                        GError         **error);

G_END_DECLS
