/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-session.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Import Members…: choose a file, see which column becomes which field
 * (and change it) with a preview of the first rows and their problems,
 * answer the question about dates if the file asks it, import, and see
 * what was created, updated, skipped and failed — with Undo Import.
 */

#define CH_TYPE_IMPORT_WINDOW (ch_import_window_get_type ())

G_DECLARE_FINAL_TYPE (ChImportWindow, ch_import_window, CH, IMPORT_WINDOW, AdwWindow)

/* Imports into the chapter @session has open now. */
GtkWidget *ch_import_window_new        (GtkWindow   *parent,
                                        ChSession   *session);
/* Reads @file as the chooser does, and shows its mapping (or the error). */
void       ch_import_window_open_file  (ChImportWindow *self,
                                        GFile          *file);

G_END_DECLS
