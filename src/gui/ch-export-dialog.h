/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ch-export.h"

G_BEGIN_DECLS

/*
 * Exporting one of the chapter's lists other than the Members page's
 * (an event's registrations, the member directory): a save dialog whose
 * filter picks CSV (with a byte order mark for Excel), XLSX or JSON — for
 * the directory also PDF and vCard — the file written on a
 * worker thread with its own store, and a toast on @anchor with "Open" or
 * the error.
 */

void ch_export_dialog_choose  (GtkWidget       *anchor,
                               ChStore         *store,
                               ChExportSubject  subject,
                               const char      *chapter_id,
                               const char      *event_id,
                               const char      *title,
                               const char      *suggested_name);
/* The save dialog's answer (tests call it). */
void ch_export_dialog_to_file (GtkWidget       *anchor,
                               ChStore         *store,
                               ChExportSubject  subject,
                               const char      *chapter_id,
                               const char      *event_id,
                               GFile           *file,
                               ChExportFormat   format);

G_END_DECLS
