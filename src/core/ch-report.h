/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-insights.h"

G_BEGIN_DECLS

/*
 * The chapter report for headquarters: one PDF page drawn with cairo
 * (the chapter, the period, the key figures and the charts, drawn by
 * ch-chart), or every table of the insights as CSV or JSON.
 */

#define CH_REPORT_ERROR (ch_report_error_quark ())

typedef enum
{
  CH_REPORT_ERROR_INVALID,   /* an unknown format or paper */
  CH_REPORT_ERROR_WRITE,     /* the file could not be written */
} ChReportError;

GQuark       ch_report_error_quark   (void);

typedef enum
{
  CH_REPORT_FORMAT_PDF,
  CH_REPORT_FORMAT_CSV,
  CH_REPORT_FORMAT_JSON,
} ChReportFormat;

typedef enum
{
  CH_REPORT_PAPER_A4,
  CH_REPORT_PAPER_LETTER,
} ChReportPaper;

/* "pdf", "csv", "json" (any case); FALSE for anything else. */
gboolean     ch_report_format_from_string (const char      *text,
                                           ChReportFormat  *format);
/* "a4", "letter"; FALSE for anything else. */
gboolean     ch_report_paper_from_string  (const char      *text,
                                           ChReportPaper   *paper);
/* The paper of the user's locale: Letter in the US and Canada, else A4. */
ChReportPaper ch_report_paper_for_locale  (void);

/* Every table: its title on a line, its header, its rows, a blank line. */
char        *ch_report_to_csv        (ChInsights      *insights);
/* {"chapter", "from", "to", "figures": {key: text}, "tables": [...]} */
char        *ch_report_to_json       (ChInsights      *insights);
/* Writes the one-page PDF to @path. */
gboolean     ch_report_write_pdf     (ChInsights      *insights,
                                      ChReportPaper    paper,
                                      const char      *path,
                                      GError         **error);
/* Writes @format to @path (the paper only matters for a PDF). */
gboolean     ch_report_write         (ChInsights      *insights,
                                      ChReportFormat   format,
                                      ChReportPaper    paper,
                                      const char      *path,
                                      GError         **error);

G_END_DECLS
