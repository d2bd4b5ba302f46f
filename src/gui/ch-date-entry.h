/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CH_TYPE_DATE_ENTRY (ch_date_entry_get_type ())
G_DECLARE_FINAL_TYPE (ChDateEntry, ch_date_entry, CH, DATE_ENTRY, GtkWidget)

/*
 * A date field for tool bars, where ChDateRow's list row does not fit: an
 * entry (GtkEditable; ISO or the locale's form) linked with a button that
 * opens the same calendar popover.  "activate" is the entry's.
 */
GtkWidget *ch_date_entry_new        (void);
/* The accessible name of the entry; the button's says it picks it. */
void       ch_date_entry_set_label  (ChDateEntry  *self,
                                     const char   *label);
void       ch_date_entry_set_iso    (ChDateEntry  *self,
                                     const char   *iso);
/* As ch_date_row_dup_iso(); a failure also marks the entry ("error"). */
char      *ch_date_entry_dup_iso    (ChDateEntry  *self,
                                     GError      **error);

G_END_DECLS
