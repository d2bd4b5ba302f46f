/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-import.h"
#include "ch-import-column-row.h"
#include "ch-import-preview.h"
#include "ch-import-preview-row.h"
#include "ch-import-tier-row.h"
#include "ch-import-window.h"

G_BEGIN_DECLS

/* The preview shows this many rows of the file. */
#define CH_IMPORT_WINDOW_PREVIEW_ROWS 50

/* ChImportWindow is one class over two files: ch-import-window.c (the
 * pages and the run) and ch-import-window-read.c (reading the file and
 * checking the preview on workers). */
struct _ChImportWindow
{
  AdwWindow            parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwPreferencesGroup *sheet_group;
  AdwComboRow         *sheet_row;
  GtkStringList       *sheet_names;
  GtkLabel            *choose_error_label;
  AdwPreferencesGroup *columns_group;
  GtkSwitch           *notes_switch;
  AdwPreferencesGroup *tiers_group;
  AdwPreferencesGroup *dates_group;
  AdwComboRow         *date_order_row;
  AdwPreferencesGroup *preview_group;
  GtkListBox          *preview_list;
  GtkLabel            *map_error_label;
  GtkButton           *import_button;
  AdwStatusPage       *summary_page;
  GtkLabel            *notes_label;
  GtkProgressBar      *progress_bar;
  GtkSpinner          *reading_spinner;
  GtkSpinner          *preview_spinner;

  ChStore             *store;
  char                *chapter_id;
  ChImport            *import;
  GPtrArray           *column_rows;
  GPtrArray           *tier_rows;
  GPtrArray           *tiers;        /* ChTier of the chapter */
  char                *batch_id;
  GtkNativeDialog     *chooser;
  char                *path;         /* of the open file */
  guint                sheet;        /* the sheet of it imported */
  gboolean             setting_sheet;

  /* Reading a file (or another sheet of it) and checking the preview
   * rows run on workers with store connections of their own; while a
   * preview is checked the worker owns self->import, so changes made
   * meanwhile wait in the widgets for the next check. */
  GCancellable        *read_cancellable;
  char                *back_page;    /* shown again when reading fails */
  gboolean             refreshing;
  gboolean             refresh_again;
  gboolean             date_order_changed;
  /* The rows of a checked preview, added a few at a time in idle
   * callbacks so that no frame waits for all of them. */
  GPtrArray           *pending_rows;
  guint                pending_index;
  guint               pending_column;  /* the next column row to make */
  guint                pending_id;
  gboolean             needs_order;

  /* The running import (a GTask worker on a store connection of its
   * own).  The worker waits after each progress report until the main
   * thread has shown it, so reports never pile up and a Cancel is seen
   * within one step. */
  GCancellable        *cancellable;
  GMutex               progress_lock;
  GCond                progress_cond;
  guint                progress_posted;
  guint                progress_shown;
  gint64               progress_time; /* of the last report posted */
  gboolean             disposed;
};

/* ch-import-window.c */
void                ch_import_window_show_error        (GtkLabel        *label,
                                                        const char      *message);
void                ch_import_window_select_sheet      (ChImportWindow  *self,
                                                        guint            index);
void                ch_import_window_apply_widgets     (ChImportWindow  *self);
void                ch_import_window_update_preview    (ChImportWindow  *self,
                                                        ChImportPreview *preview);
void                ch_import_window_show_import       (ChImportWindow  *self,
                                                        ChImport        *import,
                                                        ChImportPreview *preview);

/* ch-import-window-read.c */
/* Shows the reading page and reads sheet @sheet of @path (-1: the first
 * with rows) on a worker; the map page shows it when done. */
void                ch_import_window_read_file         (ChImportWindow  *self,
                                                        const char      *path,
                                                        int              sheet);
/* Leaves a read going on: its result is not shown. */
void                ch_import_window_read_cancel       (ChImportWindow  *self);
/* Checks the preview rows again on a worker after the widgets changed;
 * a change made while a check runs starts the next one when it ends. */
void                ch_import_window_read_preview      (ChImportWindow  *self);
/* Shows that the preview is being checked (or its rows added): the list
 * and Import insensitive, a spinner in the Preview header. */
void                ch_import_window_read_set_checking (ChImportWindow  *self,
                                                        gboolean         checking);

/* For tests: what the window shows. */
const char         *ch_import_window_get_page          (ChImportWindow *self);
ChImportColumnRow  *ch_import_window_get_column_row    (ChImportWindow *self,
                                                        guint           column);
/* The preview row of line @line of the file, or NULL. */
ChImportPreviewRow *ch_import_window_get_preview_row   (ChImportWindow *self,
                                                        guint           line);
/* The tier row of the file's tier value @value, or NULL. */
ChImportTierRow    *ch_import_window_get_tier_row      (ChImportWindow *self,
                                                        const char     *value);
const char         *ch_import_window_get_error         (ChImportWindow *self);
const char         *ch_import_window_get_summary       (ChImportWindow *self);
const char         *ch_import_window_get_summary_title (ChImportWindow *self);
/* Whether a worker reads the file or checks the preview rows now. */
gboolean            ch_import_window_get_busy          (ChImportWindow *self);

G_END_DECLS
