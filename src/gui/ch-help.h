/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The user guide's address for the help viewer: "help:<app id>", or the
 * page @page of it ("help:<app id>/members"); NULL @page: the guide's index. */
char *ch_help_get_uri (const char *page);

/* Opens the user guide (or its page @page) in the desktop's help viewer,
 * over @parent.  When no help viewer is installed, says so in a dialog
 * with what to install, rather than failing silently. */
void  ch_help_show    (GtkWindow  *parent,
                       const char *page);

G_END_DECLS
