/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * The printable member directory: a PDF (cairo, text laid out by Pango)
 * on A4 or US Letter, two columns of entries (name, job title and company,
 * city, e-mail and phone, specialties) over as many pages as it takes, each
 * page with the chapter's name in the header and "Page N of M" in the
 * footer.  An entry is never split between two pages.
 */

#define CH_DIRECTORY_PDF_ERROR (ch_directory_pdf_error_quark ())

typedef enum
{
  CH_DIRECTORY_PDF_ERROR_WRITE,
} ChDirectoryPdfError;

GQuark ch_directory_pdf_error_quark (void);

typedef enum
{
  CH_DIRECTORY_PDF_PAPER_A4,
  CH_DIRECTORY_PDF_PAPER_LETTER,
} ChDirectoryPdfPaper;

/* The paper of the locale (LC_PAPER): Letter in the US and Canada. */
ChDirectoryPdfPaper ch_directory_pdf_default_paper (void);

/* @members: ChMember, in the order they are listed. */
GBytes *ch_directory_pdf_write (ChStore           *store,
                                const char        *chapter_name,
                                GPtrArray         *members,
                                ChDirectoryPdfPaper   paper,
                                GError           **error);

G_END_DECLS
