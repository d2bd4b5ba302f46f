/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * The chapter's data written out for another program.  Members (a
 * GListModel of ChMember, e.g. a ChMemberList with the filter and sort of
 * the Members page or of "members list"), an event's registrations, the
 * payments of a period, the current roles and the member directory; as CSV
 * (UTF-8, a byte order mark for Excel if asked, cells a spreadsheet would
 * run as formulas neutralised, see ch_csv_append_row()), XLSX (real dates,
 * numbers and booleans), JSON, vCard 4.0 (members who agreed to be in the
 * directory, see ch-vcard.h) and PDF (the directory, see
 * ch-directory-pdf.h).  The members' CSV header uses the field names,
 * which ChImport maps back by itself: an export imports into another
 * chapter without a manual change.
 */

#define CH_EXPORT_ERROR (ch_export_error_quark ())

typedef enum
{
  CH_EXPORT_ERROR_FORMAT,
  CH_EXPORT_ERROR_NOT_FOUND,
} ChExportError;

GQuark  ch_export_error_quark  (void);

typedef enum
{
  CH_EXPORT_FORMAT_CSV,
  CH_EXPORT_FORMAT_JSON,
  CH_EXPORT_FORMAT_XLSX,
  CH_EXPORT_FORMAT_VCARD,
  CH_EXPORT_FORMAT_PDF,
} ChExportFormat;

typedef enum
{
  CH_EXPORT_SUBJECT_MEMBERS,
  CH_EXPORT_SUBJECT_REGISTRATIONS,
  CH_EXPORT_SUBJECT_PAYMENTS,
  CH_EXPORT_SUBJECT_ROLES,
  CH_EXPORT_SUBJECT_DIRECTORY,
} ChExportSubject;

/* "csv", "json", "xlsx", "vcard" or "pdf"; FALSE with
 * CH_EXPORT_ERROR_FORMAT otherwise. */
gboolean    ch_export_format_from_string (const char      *text,
                                          ChExportFormat  *out_format,
                                          GError         **error);
/* The file name extension of @format, without the dot ("vcf" for vCard). */
const char *ch_export_format_extension   (ChExportFormat   format);
/* Whether @subject can be written as @format; FALSE with
 * CH_EXPORT_ERROR_FORMAT and a translated message saying what can. */
gboolean    ch_export_check_format       (ChExportSubject  subject,
                                          ChExportFormat   format,
                                          GError         **error);

/* The members of @members in @format (CSV, JSON, XLSX or vCard). */
GBytes   *ch_export_members            (ChStore         *store,
                                        GListModel      *members,
                                        ChExportFormat   format,
                                        gboolean         bom,
                                        GError         **error);
/* The registrations of @event_id (name, e-mail, company, member id, mode,
 * state, registered at, checked in at and how, minutes attended online);
 * CSV, JSON or XLSX.  An unknown event: CH_EXPORT_ERROR_NOT_FOUND. */
GBytes   *ch_export_registrations      (ChStore         *store,
                                        const char      *event_id,
                                        ChExportFormat   format,
                                        gboolean         bom,
                                        GError         **error);
/* The payments of @chapter_id paid from @from to @to (ISO dates, both
 * included; NULL: open), oldest first; CSV, JSON or XLSX. */
GBytes   *ch_export_payments           (ChStore         *store,
                                        const char      *chapter_id,
                                        const char      *from,
                                        const char      *to,
                                        ChExportFormat   format,
                                        gboolean         bom,
                                        GError         **error);
/* Who holds which role today; CSV, JSON or XLSX. */
GBytes   *ch_export_roles              (ChStore         *store,
                                        const char      *chapter_id,
                                        ChExportFormat   format,
                                        gboolean         bom,
                                        GError         **error);
/* The member directory: active members (and those in their grace period)
 * who agreed to be listed, by name; CSV, JSON, XLSX, vCard or PDF. */
GBytes   *ch_export_directory          (ChStore         *store,
                                        const char      *chapter_id,
                                        ChExportFormat   format,
                                        gboolean         bom,
                                        GError         **error);

G_END_DECLS
