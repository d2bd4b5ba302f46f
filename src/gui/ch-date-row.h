/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CH_TYPE_DATE_ROW (ch_date_row_get_type ())
G_DECLARE_FINAL_TYPE (ChDateRow, ch_date_row, CH, DATE_ROW, AdwEntryRow)

/*
 * A date field: an entry row where the date can be typed (ISO or the
 * locale's form, read by core's ch-date-text) and a button that opens a
 * calendar in a popover (arrows move the day, Enter or a click picks it,
 * Escape closes).  Text that is not a date is kept as typed and shown with
 * the "error" style, its message in the tooltip and the accessible
 * description.  The stored form is always ISO "YYYY-MM-DD".
 */
GtkWidget *ch_date_row_new          (void);
/* Shows @iso in the locale's form; NULL or "" empties the row. */
void       ch_date_row_set_iso      (ChDateRow    *self,
                                     const char   *iso);
void       ch_date_row_set_date     (ChDateRow    *self,
                                     const GDate  *date);
/* The ISO date typed or picked; NULL with CH_DATE_TEXT_ERROR_EMPTY when
 * the row is empty, CH_DATE_TEXT_ERROR_INVALID (a translated message
 * naming the text) when it is not a date. */
char      *ch_date_row_dup_iso      (ChDateRow    *self,
                                     GError      **error);
gboolean   ch_date_row_get_date     (ChDateRow    *self,
                                     GDate        *out,
                                     GError      **error);
/* Whether nothing but blanks is typed. */
gboolean   ch_date_row_is_empty     (ChDateRow    *self);

G_END_DECLS
