/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-date-row.h"

G_BEGIN_DECLS

/* For tests: the calendar button, its popover and the calendar. */
GtkMenuButton *ch_date_row_get_button   (ChDateRow *self);
GtkPopover    *ch_date_row_get_popover  (ChDateRow *self);
GtkCalendar   *ch_date_row_get_calendar (ChDateRow *self);

G_END_DECLS
