/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A list model that shows its source, except that a large replacement is
 * shown a few rows at a time: when more than @step rows are added before
 * row @limit, only @step of them are shown at first ("holding" becomes
 * TRUE), and ch_sliced_list_grow() shows @step more, until @limit rows are
 * shown and then every row.  The Members page grows it once a frame, so
 * that GTK never builds more than @step rows of a new answer in one frame.
 * Its items are the source's; positions are the same; items-changed is
 * exact for what it shows.
 */

#define CH_TYPE_SLICED_LIST (ch_sliced_list_get_type ())
G_DECLARE_FINAL_TYPE (ChSlicedList, ch_sliced_list, CH, SLICED_LIST, GObject)

ChSlicedList *ch_sliced_list_new         (GListModel   *source,
                                          guint         step,
                                          guint         limit);
GListModel   *ch_sliced_list_get_source  (ChSlicedList *self);
/* Whether rows of the source are held back. */
gboolean      ch_sliced_list_get_holding (ChSlicedList *self);
/* Shows @step more rows; TRUE while rows are still held back. */
gboolean      ch_sliced_list_grow        (ChSlicedList *self);
/* Shows every row of the source now. */
void          ch_sliced_list_show_all    (ChSlicedList *self);
/* Shows at most the first @n rows (at least @step) of the source, holding
 * back the rest; ch_sliced_list_grow() shows them again. */
void          ch_sliced_list_hold_at     (ChSlicedList *self,
                                          guint         n);

G_END_DECLS
