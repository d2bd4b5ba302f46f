/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import-window"

#include "config.h"

#include "ch-import-window-private.h"

/* Reading a file and checking the rows of the preview: both read the
 * whole file and query the store, so they run on workers, each with a
 * store connection of its own (as the run does), and their results are
 * shown on the main thread. */

void
ch_import_window_read_set_checking (ChImportWindow *self,
                                    gboolean        refreshing)
{
  self->refreshing = refreshing;
  gtk_widget_set_visible (GTK_WIDGET (self->preview_spinner), refreshing);
  gtk_spinner_set_spinning (self->preview_spinner, refreshing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->preview_list), !refreshing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            !refreshing && !self->needs_order);
}

static void
refresh_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ChImportWindow *self = source_object;
  g_autoptr(ChStore) store = NULL;
  GError *error = NULL;

  if (!(store = ch_store_open_existing (ch_store_get_path (self->store), &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task,
                         ch_import_preview_new (task_data, store,
                                                CH_IMPORT_WINDOW_PREVIEW_ROWS),
                         g_object_unref);
}

static void
on_refresh_done_cb (GObject      *source_object,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  ChImportWindow *self = CH_IMPORT_WINDOW (source_object);
  g_autoptr(ChImportPreview) preview = NULL;
  g_autoptr(GError) error = NULL;

  preview = g_task_propagate_pointer (G_TASK (res), &error);
  if (self->disposed)
    return;

  /* An import of another file came meanwhile: it has its own check. */
  if (g_task_get_task_data (G_TASK (res)) != self->import)
    return;
  ch_import_window_read_set_checking (self, FALSE);
  if (self->refresh_again)
    {
      ch_import_window_read_preview (self);
      return;
    }
  if (preview == NULL)
    {
      ch_import_window_show_error (self->map_error_label, error->message);
      return;
    }

  ch_import_window_update_preview (self, preview);
}

/* Checks the preview rows again on a worker after the widgets changed;
 * a change made while a check runs starts the next one when it ends. */
void
ch_import_window_read_preview (ChImportWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->import == NULL || self->disposed)
    return;
  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }

  self->refresh_again = FALSE;
  ch_import_window_apply_widgets (self);
  ch_import_window_read_set_checking (self, TRUE);
  task = g_task_new (self, NULL, on_refresh_done_cb, NULL);
  g_task_set_source_tag (task, ch_import_window_read_preview);
  g_task_set_task_data (task, g_object_ref (self->import), g_object_unref);
  g_task_run_in_thread (task, refresh_in_thread);
}

/* What a read brings back to the main thread. */
typedef struct
{
  char            *path;
  int              sheet;        /* asked for; -1: the first with rows */
  guint            taken;
  GStrv            names;
  ChImport        *import;
  ChImportPreview *preview;
} Read;

static void
read_free (gpointer data)
{
  Read *read = data;

  g_free (read->path);
  g_strfreev (read->names);
  g_clear_object (&read->import);
  g_clear_object (&read->preview);
  g_free (read);
}

/* Worker: reads the file, guesses the mapping, analyses every row and
 * checks the preview rows, on a store connection of its own. */
static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ChImportWindow *self = source_object;
  Read *read = task_data;
  g_autoptr(ChStore) store = NULL;
  GError *error = NULL;

  if (!(store = ch_store_open_existing (ch_store_get_path (self->store), &error)) ||
      !(read->import = ch_import_preview_open (store, self->store, self->chapter_id, read->path,
                                               read->sheet, &read->taken, &read->names,
                                               cancellable, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  read->preview = ch_import_preview_new (read->import, store, CH_IMPORT_WINDOW_PREVIEW_ROWS);
  g_task_return_boolean (task, TRUE);
}

static void
stop_reading (ChImportWindow *self)
{
  gtk_spinner_set_spinning (self->reading_spinner, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel-read", FALSE);
  g_clear_object (&self->read_cancellable);
}

static void
on_read_done_cb (GObject      *source_object,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  ChImportWindow *self = CH_IMPORT_WINDOW (source_object);
  Read *read = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;

  /* A read cancelled (or followed by another) has been left already. */
  if (self->disposed || g_task_get_cancellable (G_TASK (res)) != self->read_cancellable)
    return;

  stop_reading (self);
  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      gtk_stack_set_visible_child_name (self->stack, self->back_page);
      if (read->sheet >= 0)
        {
          /* A sheet without members leaves the one shown as it was. */
          ch_import_window_select_sheet (self, self->sheet);
          ch_import_window_show_error (self->map_error_label, error->message);
        }
      else
        ch_import_window_show_error (self->choose_error_label, error->message);
      return;
    }

  if (read->sheet < 0)
    {
      g_free (self->path);
      self->path = g_strdup (read->path);
      self->setting_sheet = TRUE;
      gtk_string_list_splice (self->sheet_names, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->sheet_names)),
                              (const char * const *) read->names);
      self->setting_sheet = FALSE;
      gtk_widget_set_visible (GTK_WIDGET (self->sheet_group), g_strv_length (read->names) > 1);
    }
  ch_import_window_select_sheet (self, read->taken);
  ch_import_window_show_import (self, read->import, read->preview);
}

/* Shows the reading page and reads sheet @sheet of @path on a worker. */
void
ch_import_window_read_file (ChImportWindow *self,
                            const char     *path,
                            int             sheet)
{
  g_autoptr(GTask) task = NULL;
  Read *read = g_new0 (Read, 1);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (self->read_cancellable)
    g_cancellable_cancel (self->read_cancellable);
  else
    {
      g_free (self->back_page);
      self->back_page = g_strdup (g_strcmp0 (page, "map") == 0 ? "map" : "choose");
    }
  g_clear_object (&self->read_cancellable);
  self->read_cancellable = g_cancellable_new ();

  read->path = g_strdup (path);
  read->sheet = sheet;
  ch_import_window_show_error (self->choose_error_label, NULL);
  ch_import_window_show_error (self->map_error_label, NULL);
  gtk_spinner_set_spinning (self->reading_spinner, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel-read", TRUE);
  gtk_stack_set_visible_child_name (self->stack, "reading");

  task = g_task_new (self, self->read_cancellable, on_read_done_cb, NULL);
  g_task_set_source_tag (task, ch_import_window_read_file);
  g_task_set_task_data (task, read, read_free);
  g_task_run_in_thread (task, read_in_thread);
}

void
ch_import_window_read_cancel (ChImportWindow *self)
{
  if (self->read_cancellable == NULL)
    return;

  /* The worker ends by itself; its result is not shown. */
  g_cancellable_cancel (self->read_cancellable);
  stop_reading (self);
  ch_import_window_select_sheet (self, self->sheet);
  gtk_stack_set_visible_child_name (self->stack, self->back_page);
}
