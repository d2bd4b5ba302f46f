/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Dates in imported files: ISO (2024-03-04, also with a time), 2024/03/04,
 * 04.03.2024 (day first, as written in Sweden and Germany), 4 Mar 2024 and
 * Mar 4, 2024, and the slashed forms 04/03/2024 and 03/04/2024 whose order
 * only the file can tell: a 13 or more in first place proves the day comes
 * first, in second place the month.  A file whose slashed dates prove
 * nothing is asked about once, never guessed.
 */

typedef enum
{
  CH_IMPORT_DATE_ORDER_UNKNOWN,
  CH_IMPORT_DATE_ORDER_DAY_FIRST,     /* 31/12/2024 */
  CH_IMPORT_DATE_ORDER_MONTH_FIRST,   /* 12/31/2024 */
} ChImportDateOrder;

typedef enum
{
  CH_IMPORT_DATE_EMPTY,
  CH_IMPORT_DATE_OK,
  CH_IMPORT_DATE_AMBIGUOUS,           /* needs an order, and none was given */
  CH_IMPORT_DATE_INVALID,
} ChImportDateResult;

/* Reads @text with @order for slashed dates.  *@out_iso is the ISO date
 * (YYYY-MM-DD) when CH_IMPORT_DATE_OK; *@out_proves (may be NULL) is the
 * order that @text alone proves, or UNKNOWN. */
ChImportDateResult  ch_import_dates_parse   (const char         *text,
                                             ChImportDateOrder   order,
                                             char              **out_iso,
                                             ChImportDateOrder  *out_proves);

G_END_DECLS
