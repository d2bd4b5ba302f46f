/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Delimited text as people's spreadsheets write it: CSV or TSV in UTF-8
 * (with or without a byte order mark), UTF-16 LE or BE with a BOM, or
 * Windows-1252 when the bytes are not UTF-8 at all; the delimiter (comma,
 * semicolon or tab) sniffed from the first records; RFC 4180 quoting with
 * delimiters, doubled quotes and line breaks inside quoted values.  Rows
 * may have different lengths.  Wholly empty lines are left out.
 *
 * The text is decoded once; the records are found once (and checked: an
 * unclosed quote is an error) and each one is split when asked for, so a
 * large file costs its size plus one offset a row.
 */

#define CH_CSV_ERROR (ch_csv_error_quark ())

typedef enum
{
  CH_CSV_ERROR_ENCODING,     /* not text in an encoding we read */
  CH_CSV_ERROR_BINARY,       /* NUL bytes: not a text file at all */
  CH_CSV_ERROR_UNCLOSED,     /* a quoted value that never ends */
} ChCsvError;

GQuark ch_csv_error_quark (void);

typedef enum
{
  CH_CSV_ENCODING_UTF8,
  CH_CSV_ENCODING_UTF8_BOM,
  CH_CSV_ENCODING_UTF16LE,
  CH_CSV_ENCODING_UTF16BE,
  CH_CSV_ENCODING_WINDOWS_1252,
} ChCsvEncoding;

typedef struct _ChCsv ChCsv;

/* Reads @data (@len bytes) as delimited text.  @delimiter 0 sniffs it. */
ChCsv         *ch_csv_new_from_data       (const char     *data,
                                           gsize           len,
                                           char            delimiter,
                                           GError        **error);
void           ch_csv_free                (ChCsv          *csv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChCsv, ch_csv_free)

guint          ch_csv_get_n_rows          (ChCsv          *csv);
/* The cells of row @index (0 is the first line, often the header). */
GStrv          ch_csv_get_row             (ChCsv          *csv,
                                           guint           index);
char           ch_csv_get_delimiter       (ChCsv          *csv);
ChCsvEncoding  ch_csv_get_encoding        (ChCsv          *csv);

/* The bytes @data decoded to UTF-8 by the rules above. */
char          *ch_csv_decode              (const char     *data,
                                           gsize           len,
                                           ChCsvEncoding  *out_encoding,
                                           GError        **error);
/* The delimiter of @text (UTF-8): ',', ';' or '\t' (',' when unsure). */
char           ch_csv_sniff_delimiter     (const char     *text,
                                           gsize           len);

/* Appends @cells as one CSV record (ended by CRLF) to @out, quoting as
 * needed.  A cell that a spreadsheet would run as a formula (starting with
 * =, +, -, @, a tab or a carriage return) is written with a leading
 * apostrophe, so that opening an export never runs what a member typed. */
void           ch_csv_append_row          (GString            *out,
                                           const char * const *cells,
                                           guint               n_cells,
                                           char                delimiter);

G_END_DECLS
