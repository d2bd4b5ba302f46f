/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CH_TYPE_DATE_POPOVER (ch_date_popover_get_type ())
G_DECLARE_FINAL_TYPE (ChDatePopover, ch_date_popover, CH, DATE_POPOVER, GtkPopover)

/*
 * The calendar of a date field (ChDateRow, ChDateEntry).  When shown it
 * selects the date typed in its editable (else today); arrows move the
 * day, Page Up/Down the month, Enter or Space picks, a click on a day
 * picks, Escape closes.  Picking writes the date in the locale's form
 * into the editable and gives it the focus back.
 */
GtkWidget   *ch_date_popover_new          (void);
void         ch_date_popover_set_editable (ChDatePopover *self,
                                           GtkEditable   *editable);
GtkCalendar *ch_date_popover_get_calendar (ChDatePopover *self);
/* The accessible name of the calendar, e.g. "Pick “Joined on” From a
 * Calendar". */
void         ch_date_popover_set_label    (ChDatePopover *self,
                                           const char    *label);

G_END_DECLS
