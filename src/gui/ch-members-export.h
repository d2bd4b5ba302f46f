/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ch-export.h"
#include "ch-member-list.h"

G_BEGIN_DECLS

/*
 * Export… on the Members page: a save dialog (GtkFileChooserNative) whose
 * filter picks the format (CSV with a byte order mark for Excel, XLSX,
 * JSON, vCard of the members who agreed to the directory), then the
 * members of the page's current search, filters and sort written on a
 * worker thread with its own store, and a toast with "Open" or the error.
 */

void ch_members_export_choose  (GtkWidget      *page,
                                ChStore        *store,
                                ChMemberList   *list);
/* Writes @list's members as @format to @file on a worker thread, then
 * shows the toast on @page (the save dialog's answer; tests call it). */
void ch_members_export_to_file (GtkWidget      *page,
                                ChStore        *store,
                                ChMemberList   *list,
                                GFile          *file,
                                ChExportFormat  format);

G_END_DECLS
