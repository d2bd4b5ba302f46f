/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CH_TYPE_WRAP_BOX (ch_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (ChWrapBox, ch_wrap_box, CH, WRAP_BOX, GtkWidget)

/*
 * A row of widgets that wraps onto further lines when the window is too
 * narrow for it, as words do in a paragraph (libadwaita 1.2 has no
 * AdwWrapBox).  Wide, it is a horizontal GtkBox: children at their natural
 * width, @spacing apart, the extra width given to those that expand.
 * Narrow, a child that does not fit starts a new line, @line-spacing below;
 * its minimum width is that of its widest child.  With @centered, each
 * line is centred in the box (as pill buttons under a form).  Children are added in a
 * .ui file as to a box, or with ch_wrap_box_append().
 */
GtkWidget *ch_wrap_box_new    (void);
void       ch_wrap_box_append (ChWrapBox *self,
                               GtkWidget *child);

G_END_DECLS
