/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-import.h"
#include "ch-import-batch.h"
#include "ch-import-preview.h"
#include "ch-import-window-private.h"
#include "ch-tiers.h"

/* The bar of a run is redrawn at most this often (µs). */
#define PROGRESS_INTERVAL_US (100 * G_TIME_SPAN_MILLISECOND)
/* Preview rows made in one go on the main thread (a few ms each). */
/* Rows made a frame (column rows first, then preview rows): making a row
 * and laying out its text costs a few ms on a slow machine, and a frame
 * that makes eight of them kept the main loop away for 100–500 ms. */
#define ROWS_AT_ONCE 2

/* One progress report on its way from the worker to the main thread. */
typedef struct
{
  ChImportWindow *self;
  guint           done;
  guint           total;
} Progress;

G_DEFINE_FINAL_TYPE (ChImportWindow, ch_import_window, ADW_TYPE_WINDOW)

void
ch_import_window_show_error (GtkLabel   *label,
                             const char *message)
{
  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
on_match_action_notify_cb (ChImportPreviewRow *row,
                           GParamSpec         *pspec,
                           ChImportWindow     *self)
{
  /* The list is insensitive while a worker checks the rows. */
  if (self->refreshing)
    return;

  ch_import_set_line_match_action (self->import,
                                   ch_import_row_get_line (ch_import_preview_row_get_row (row)),
                                   ch_import_preview_row_get_match_action (row));
}

static void
on_tier_key_notify_cb (ChImportTierRow *row,
                       GParamSpec      *pspec,
                       ChImportWindow  *self)
{
  ch_import_window_read_preview (self);
}

/* One row for each tier value of the file, made again only when the
 * values changed (a row being chosen in keeps its focus). */
static void
update_tiers (ChImportWindow     *self,
              const char * const *values)
{
  gboolean same = self->tier_rows->len == g_strv_length ((GStrv) values);

  for (guint i = 0; same && i < self->tier_rows->len; i++)
    same = g_strcmp0 (ch_import_tier_row_get_value (g_ptr_array_index (self->tier_rows, i)),
                      values[i]) == 0;
  if (same)
    return;

  for (guint i = 0; i < self->tier_rows->len; i++)
    adw_preferences_group_remove (self->tiers_group, g_ptr_array_index (self->tier_rows, i));
  g_ptr_array_set_size (self->tier_rows, 0);

  for (guint i = 0; values[i]; i++)
    {
      GtkWidget *row = ch_import_tier_row_new (values[i], self->tiers,
                                               ch_import_get_tier_for_value (self->import,
                                                                             values[i]));

      g_signal_connect (row, "notify::tier-key", G_CALLBACK (on_tier_key_notify_cb), self);
      adw_preferences_group_add (self->tiers_group, row);
      g_ptr_array_add (self->tier_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->tiers_group), values[0] != NULL);
}

static void on_column_field_notify_cb (ChImportColumnRow *row,
                                       GParamSpec        *pspec,
                                       ChImportWindow    *self);

/* Makes the column row of column @c. */
static void
add_column_row (ChImportWindow *self,
                guint           c)
{
  GtkWidget *row = ch_import_column_row_new (c, ch_import_get_header (self->import, c),
                                             ch_import_get_field (self->import, c));

  g_signal_connect (row, "notify::field", G_CALLBACK (on_column_field_notify_cb), self);
  adw_preferences_group_add (self->columns_group, row);
  g_ptr_array_add (self->column_rows, row);
}

/* Adds the next few rows of the map page, a couple a frame (all of them
 * when the window is not shown): the column rows not made yet, then the
 * rows of the preview; the last ones end the check. */
static gboolean
add_preview_rows_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       data)
{
  ChImportWindow *self = data;
  GPtrArray *rows = self->pending_rows;
  guint n_columns = ch_import_get_n_columns (self->import);
  guint budget = gtk_widget_get_mapped (widget) ? ROWS_AT_ONCE : G_MAXUINT;
  guint end;

  for (; self->pending_column < n_columns && budget > 0; self->pending_column++, budget--)
    add_column_row (self, self->pending_column);

  end = self->pending_index + MIN (budget, rows->len - self->pending_index);
  for (; self->pending_index < end; self->pending_index++)
    {
      ChImportRow *row = g_ptr_array_index (rows, self->pending_index);
      GtkWidget *preview_row = ch_import_preview_row_new (row);

      ch_import_preview_row_set_match_action (
        CH_IMPORT_PREVIEW_ROW (preview_row),
        ch_import_get_line_match_action (self->import, ch_import_row_get_line (row)));
      g_signal_connect (preview_row, "notify::match-action",
                        G_CALLBACK (on_match_action_notify_cb), self);
      gtk_list_box_append (self->preview_list, preview_row);
    }

  if (self->pending_index < rows->len || self->pending_column < n_columns)
    return G_SOURCE_CONTINUE;

  self->pending_id = 0;
  g_clear_pointer (&self->pending_rows, g_ptr_array_unref);
  ch_import_window_read_set_checking (self, FALSE);
  if (self->refresh_again)
    ch_import_window_read_preview (self);

  return G_SOURCE_REMOVE;
}

/* Main thread: shows a preview checked by a worker. */
void
ch_import_window_update_preview (ChImportWindow  *self,
                                 ChImportPreview *preview)
{
  GPtrArray *rows = ch_import_preview_get_rows (preview);
  guint n = ch_import_preview_get_n_rows (preview);
  g_autofree char *description = NULL;
  gboolean needs_order = ch_import_preview_get_needs_date_order (preview);
  GtkWidget *child;

  update_tiers (self, ch_import_preview_get_tier_values (preview));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_list))))
    gtk_list_box_remove (self->preview_list, child);

  if (self->pending_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->preview_list), self->pending_id);
  g_clear_pointer (&self->pending_rows, g_ptr_array_unref);
  self->pending_rows = g_ptr_array_ref (rows);
  self->pending_index = 0;
  self->needs_order = needs_order;
  ch_import_window_read_set_checking (self, TRUE);
  if (gtk_widget_get_mapped (GTK_WIDGET (self->preview_list)))
    self->pending_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->preview_list),
                                                     add_preview_rows_cb, self, NULL);
  else
    add_preview_rows_cb (GTK_WIDGET (self->preview_list), NULL, self);

  if (rows->len == 1)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "The first row of %u, as it will be imported.",
                                                "The first row of %u, as it will be imported.",
                                                n), n);
  else
    /* Translators: the number of rows shown, then the number in the file */
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "The first %u row of %u, as it will be "
                                                "imported.",
                                                "The first %u rows of %u, as they will be "
                                                "imported.", rows->len),
                                   rows->len, n);
  adw_preferences_group_set_description (self->preview_group, description);

  gtk_widget_set_visible (GTK_WIDGET (self->dates_group),
                          needs_order || adw_combo_row_get_selected (self->date_order_row) > 0);
  if (needs_order)
    {
      g_autofree char *question =
        g_strdup_printf (_("Dates such as “%s” can be read two ways. Which comes first "
                           "in this file, the day or the month?"),
                         ch_import_preview_get_ambiguous_date (preview));

      adw_preferences_group_set_description (self->dates_group, question);
    }
}

/* Main thread, no worker running: the choices in the widgets into the
 * import (a column changed makes the next check read the whole file). */
void
ch_import_window_apply_widgets (ChImportWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->date_order_row);

  for (guint c = 0; c < self->column_rows->len; c++)
    {
      ChImportColumnRow *row = g_ptr_array_index (self->column_rows, c);
      ChImportField field = ch_import_column_row_get_field (row);

      if (field != ch_import_get_field (self->import, c))
        ch_import_set_field (self->import, c, field);
    }

  for (guint i = 0; i < self->tier_rows->len; i++)
    {
      ChImportTierRow *row = g_ptr_array_index (self->tier_rows, i);

      ch_import_set_tier_for_value (self->import, ch_import_tier_row_get_value (row),
                                    ch_import_tier_row_get_tier_key (row));
    }

  /* Only a choice made here: the order of a remembered mapping stays. */
  if (self->date_order_changed)
    ch_import_set_date_order (self->import,
                              selected == 1 ? CH_IMPORT_DATE_ORDER_DAY_FIRST :
                              selected == 2 ? CH_IMPORT_DATE_ORDER_MONTH_FIRST :
                                              CH_IMPORT_DATE_ORDER_UNKNOWN);
  self->date_order_changed = FALSE;
  ch_import_set_unmapped_to_notes (self->import, gtk_switch_get_active (self->notes_switch));
}


static void
on_column_field_notify_cb (ChImportColumnRow *row,
                           GParamSpec        *pspec,
                           ChImportWindow    *self)
{
  ch_import_window_read_preview (self);
}

static void
on_date_order_notify_cb (ChImportWindow *self)
{
  self->date_order_changed = TRUE;
  ch_import_window_read_preview (self);
}

static void
on_notes_active_notify_cb (ChImportWindow *self)
{
  if (!self->setting_sheet)
    ch_import_window_read_preview (self);
}

/* Shows the columns, tiers and preview of @import, the one now. */
void
ch_import_window_show_import (ChImportWindow  *self,
                              ChImport        *import,
                              ChImportPreview *preview)
{
  g_set_object (&self->import, import);
  ch_import_window_show_error (self->choose_error_label, NULL);
  ch_import_window_show_error (self->map_error_label, NULL);

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);
  for (guint i = 0; i < self->tier_rows->len; i++)
    adw_preferences_group_remove (self->tiers_group, g_ptr_array_index (self->tier_rows, i));
  g_ptr_array_set_size (self->tier_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->tiers_group), FALSE);

  /* The column rows are made a couple a frame with the preview rows (see
   * add_preview_rows_cb()). */
  self->pending_column = 0;

  self->setting_sheet = TRUE;
  gtk_switch_set_active (self->notes_switch, ch_import_get_unmapped_to_notes (self->import));
  self->setting_sheet = FALSE;
  /* The page first: its rows are added a lot a frame once it is shown. */
  gtk_stack_set_visible_child_name (self->stack, "map");
  ch_import_window_update_preview (self, preview);
}

void
ch_import_window_select_sheet (ChImportWindow *self,
                               guint           index)
{
  self->sheet = index;
  self->setting_sheet = TRUE;
  adw_combo_row_set_selected (self->sheet_row, index);
  self->setting_sheet = FALSE;
}


static void
cancel_read_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ch_import_window_read_cancel (CH_IMPORT_WINDOW (widget));
}

static void
on_sheet_selected_notify_cb (ChImportWindow *self)
{
  guint index = adw_combo_row_get_selected (self->sheet_row);

  if (self->setting_sheet || self->path == NULL || index == self->sheet ||
      index == GTK_INVALID_LIST_POSITION)
    return;

  ch_import_window_read_file (self, self->path, (int) index);
}

void
ch_import_window_open_file (ChImportWindow *self,
                            GFile          *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (CH_IS_IMPORT_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  ch_import_window_read_file (self, path, -1);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        ChImportWindow  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ch_import_window_open_file (self, file);
    }

  g_clear_object (&self->chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ChImportWindow *self = CH_IMPORT_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (filter, _("Spreadsheets"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_filter_add_suffix (filter, "ods");

  chooser = gtk_file_chooser_native_new (_("Choose the File With the Members"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->self);
  g_free (progress);
}

/* Main thread: shows a report and lets the worker go on. */
static gboolean
show_progress_cb (gpointer data)
{
  Progress *progress = data;
  ChImportWindow *self = progress->self;

  if (!self->disposed && progress->total > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$u of %2$u row", "%1$u of %2$u rows",
                                      progress->total),
                         progress->done, progress->total);

      gtk_progress_bar_set_fraction (self->progress_bar,
                                     (double) progress->done / progress->total);
      gtk_progress_bar_set_text (self->progress_bar, text);
    }

  g_mutex_lock (&self->progress_lock);
  self->progress_shown++;
  g_cond_broadcast (&self->progress_cond);
  g_mutex_unlock (&self->progress_lock);

  return G_SOURCE_REMOVE;
}

/* Worker thread: never touches a widget. */
static void
on_import_progress_cb (guint    done,
                       guint    total,
                       gpointer user_data)
{
  GTask *task = user_data;
  ChImportWindow *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gint64 now = g_get_monotonic_time ();
  Progress *progress;
  guint seq;

  /* About ten reports a second (the first and the last always): each one
   * is a frame of the window to draw on the main thread. */
  if (done > 0 && done < total && now - self->progress_time < PROGRESS_INTERVAL_US)
    return;
  self->progress_time = now;

  progress = g_new0 (Progress, 1);
  progress->self = g_object_ref (self);
  progress->done = done;
  progress->total = total;

  g_mutex_lock (&self->progress_lock);
  seq = ++self->progress_posted;
  g_mutex_unlock (&self->progress_lock);

  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, show_progress_cb, progress,
                              progress_free);

  g_mutex_lock (&self->progress_lock);
  while (self->progress_shown < seq && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait (&self->progress_cond, &self->progress_lock);
  g_mutex_unlock (&self->progress_lock);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ChImport *import = task_data;
  ChImportWindow *self = source_object;
  g_autoptr(ChStore) store = NULL;
  ChImportResult *result;
  GError *error = NULL;

  /* The window's store belongs to the main thread: the worker writes
   * through a connection of its own, opened and closed here. */
  if (!(store = ch_store_open_existing (ch_store_get_path (self->store), &error)) ||
      !(result = ch_import_run_in_store (import, store, FALSE, on_import_progress_cb, task,
                                         cancellable, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, g_object_unref);
}

static void
show_result (ChImportWindow *self,
             ChImportResult *result)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GString) notes = g_string_new (NULL);
  GPtrArray *list;

  for (guint i = 0; i < CH_IMPORT_N_OUTCOMES; i++)
    {
      g_autofree char *line = ch_import_result_format_count (result, i);

      g_string_append_printf (summary, "%s%s", summary->len ? "\n" : "", line);
    }

  list = ch_import_result_get_notes (result);
  for (guint i = 0; i < list->len; i++)
    {
      ChImportResultNote *note = g_ptr_array_index (list, i);
      g_autofree char *line = g_strdup_printf (_("Line %u: %s"), note->line, note->message);

      g_string_append_printf (notes, "%s%s", notes->len ? "\n" : "", line);
    }

  g_free (self->batch_id);
  self->batch_id = g_strdup (ch_import_result_get_batch_id (result));
  adw_status_page_set_title (self->summary_page, _("Members Imported"));
  adw_status_page_set_description (self->summary_page, summary->str);
  gtk_label_set_label (self->notes_label, notes->str);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), notes->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.undo", self->batch_id != NULL);
  gtk_stack_set_visible_child_name (self->stack, "done");
}

static void
on_run_done_cb (GObject      *source_object,
                GAsyncResult *res,
                gpointer      user_data)
{
  ChImportWindow *self = CH_IMPORT_WINDOW (source_object);
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  g_clear_object (&self->cancellable);
  /* The worker wrote through its own connection: tell the pages. */
  if (result != NULL)
    g_signal_emit_by_name (self->store, "changed", NULL, NULL);
  if (self->disposed)
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), TRUE);
  if (result == NULL)
    {
      ch_import_window_show_error (self->map_error_label,
                  g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ?
                  _("The import was cancelled. The chapter is as it was before.") :
                  error->message);
      gtk_stack_set_visible_child_name (self->stack, "map");
      return;
    }

  show_result (self, result);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  ChImportWindow *self = CH_IMPORT_WINDOW (widget);
  g_autoptr(GTask) task = NULL;

  if (self->import == NULL || self->cancellable != NULL || self->refreshing ||
      self->read_cancellable != NULL)
    return;

  ch_import_window_show_error (self->map_error_label, NULL);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, NULL);
  self->progress_time = 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  gtk_widget_action_set_enabled (widget, "import.cancel", TRUE);
  gtk_stack_set_visible_child_name (self->stack, "running");

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_run_done_cb, NULL);
  g_task_set_source_tag (task, run_action);
  g_task_set_task_data (task, g_object_ref (self->import), g_object_unref);
  g_task_run_in_thread (task, run_in_thread);
}

/* Lets a worker waiting for its progress to be shown see the cancel. */
static void
cancel_run (ChImportWindow *self)
{
  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_mutex_lock (&self->progress_lock);
  g_cond_broadcast (&self->progress_cond);
  g_mutex_unlock (&self->progress_lock);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  cancel_run (CH_IMPORT_WINDOW (widget));
}

/* Undoes a batch on a store connection of the worker's own, as the run. */
static void
undo_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ChImportWindow *self = source_object;
  g_autoptr(ChStore) store = NULL;
  GError *error = NULL;

  if (!(store = ch_store_open_existing (ch_store_get_path (self->store), &error)) ||
      !ch_import_batch_undo (store, task_data, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_undo_done_cb (GObject      *source_object,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  ChImportWindow *self = CH_IMPORT_WINDOW (source_object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      if (self->disposed)
        return;
      adw_status_page_set_title (self->summary_page, _("Members Imported"));
      gtk_label_set_label (self->notes_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->notes_label), TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.undo", TRUE);
      return;
    }

  /* The worker wrote through its own connection: tell the pages. */
  g_signal_emit_by_name (self->store, "changed", NULL, NULL);
  g_clear_pointer (&self->batch_id, g_free);
  if (self->disposed)
    return;

  adw_status_page_set_title (self->summary_page, _("Import Undone"));
  adw_status_page_set_description (self->summary_page,
                                   _("The members this import added are gone again, and the "
                                     "ones it changed have their earlier details back."));
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), FALSE);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ChImportWindow *self = CH_IMPORT_WINDOW (widget);
  g_autoptr(GTask) task = NULL;

  if (self->batch_id == NULL)
    return;

  gtk_widget_action_set_enabled (widget, "import.undo", FALSE);
  adw_status_page_set_title (self->summary_page, _("Undoing the Import"));
  task = g_task_new (self, NULL, on_undo_done_cb, NULL);
  g_task_set_source_tag (task, undo_action);
  g_task_set_task_data (task, g_strdup (self->batch_id), g_free);
  g_task_run_in_thread (task, undo_in_thread);
}

static void
ch_import_window_dispose (GObject *object)
{
  ChImportWindow *self = CH_IMPORT_WINDOW (object);

  self->disposed = TRUE;
  if (self->pending_id != 0 && self->pending_rows != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->preview_list), self->pending_id);
  self->pending_id = 0;
  g_clear_pointer (&self->pending_rows, g_ptr_array_unref);
  cancel_run (self);
  if (self->read_cancellable)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->import);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_pointer (&self->tier_rows, g_ptr_array_unref);
  g_clear_pointer (&self->tiers, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_import_window_parent_class)->dispose (object);
}

static void
ch_import_window_finalize (GObject *object)
{
  ChImportWindow *self = CH_IMPORT_WINDOW (object);

  g_free (self->chapter_id);
  g_free (self->batch_id);
  g_free (self->path);
  g_free (self->back_page);
  /* Kept until here: a worker that ends after the window closed still
   * tells the pages through it. */
  g_clear_object (&self->store);
  g_mutex_clear (&self->progress_lock);
  g_cond_clear (&self->progress_cond);

  G_OBJECT_CLASS (ch_import_window_parent_class)->finalize (object);
}

static void
ch_import_window_class_init (ChImportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_import_window_dispose;
  object_class->finalize = ch_import_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/chapterhouse/Chapterhouse/ui/"
                                               "ch-import-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, choose_error_label);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, columns_group);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, date_order_row);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, dates_group);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, map_error_label);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, notes_label);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, notes_switch);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, preview_group);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, reading_spinner);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, preview_spinner);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, preview_list);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, sheet_group);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, sheet_names);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, sheet_row);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, summary_page);
  gtk_widget_class_bind_template_child (widget_class, ChImportWindow, tiers_group);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.cancel-read", NULL,
                                   cancel_read_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ch_import_window_init (ChImportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_mutex_init (&self->progress_lock);
  g_cond_init (&self->progress_cond);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel-read", FALSE);

  self->column_rows = g_ptr_array_new ();
  self->tier_rows = g_ptr_array_new ();
  g_signal_connect_swapped (self->date_order_row, "notify::selected",
                            G_CALLBACK (on_date_order_notify_cb), self);
  g_signal_connect_swapped (self->sheet_row, "notify::selected",
                            G_CALLBACK (on_sheet_selected_notify_cb), self);
  g_signal_connect_swapped (self->notes_switch, "notify::active",
                            G_CALLBACK (on_notes_active_notify_cb), self);
}

GtkWidget *
ch_import_window_new (GtkWindow *parent,
                      ChSession *session)
{
  ChImportWindow *self;
  ChStore *store;
  const char *chapter_id;

  g_return_val_if_fail (CH_IS_SESSION (session), NULL);

  store = ch_session_get_store (session);
  chapter_id = ch_session_get_chapter_id (session);
  g_return_val_if_fail (chapter_id != NULL, NULL);

  self = g_object_new (CH_TYPE_IMPORT_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->chapter_id = g_strdup (chapter_id);
  self->tiers = ch_tiers_list (store, chapter_id, NULL);

  return GTK_WIDGET (self);
}

const char *
ch_import_window_get_page (ChImportWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

ChImportColumnRow *
ch_import_window_get_column_row (ChImportWindow *self,
                                 guint           column)
{
  return column < self->column_rows->len ? g_ptr_array_index (self->column_rows, column) : NULL;
}

ChImportPreviewRow *
ch_import_window_get_preview_row (ChImportWindow *self,
                                  guint           line)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_list)); child;
       child = gtk_widget_get_next_sibling (child))
    if (CH_IS_IMPORT_PREVIEW_ROW (child) &&
        ch_import_row_get_line (ch_import_preview_row_get_row (CH_IMPORT_PREVIEW_ROW (child)))
        == line)
      return CH_IMPORT_PREVIEW_ROW (child);

  return NULL;
}

ChImportTierRow *
ch_import_window_get_tier_row (ChImportWindow *self,
                               const char     *value)
{
  for (guint i = 0; i < self->tier_rows->len; i++)
    if (g_strcmp0 (ch_import_tier_row_get_value (g_ptr_array_index (self->tier_rows, i)),
                   value) == 0)
      return g_ptr_array_index (self->tier_rows, i);

  return NULL;
}

const char *
ch_import_window_get_error (ChImportWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->map_error_label)))
    return gtk_label_get_label (self->map_error_label);
  if (gtk_widget_get_visible (GTK_WIDGET (self->choose_error_label)))
    return gtk_label_get_label (self->choose_error_label);
  return NULL;
}

const char *
ch_import_window_get_summary (ChImportWindow *self)
{
  return adw_status_page_get_description (self->summary_page);
}

const char *
ch_import_window_get_summary_title (ChImportWindow *self)
{
  return adw_status_page_get_title (self->summary_page);
}

gboolean
ch_import_window_get_busy (ChImportWindow *self)
{
  return self->read_cancellable != NULL || self->refreshing;
}
