/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-backup"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-backup.h"
#include "ch-date-text.h"
#include "ch-store-backup.h"
#include "ch-store-sync.h"

/* One copy on its way: the dialog that shows it, the worker's progress
 * (per mille, written by the worker, read by a timeout here). */
typedef struct
{
  ChWindow       *window;     /* weak */
  AdwMessageDialog *dialog;
  GtkProgressBar *bar;
  GCancellable   *cancellable;
  char           *db_path;
  char           *path;       /* the backup */
  char           *display;    /* its name, for messages */
  gboolean        restore;
  gint            per_mille;  /* atomic */
  guint           tick_id;
} Job;

static void
job_free (Job *job)
{
  g_clear_handle_id (&job->tick_id, g_source_remove);
  g_clear_weak_pointer (&job->window);
  g_clear_object (&job->cancellable);
  g_free (job->db_path);
  g_free (job->path);
  g_free (job->display);
  g_free (job);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Job *job = user_data;

  g_atomic_int_set (&job->per_mille, (gint) (fraction * 1000));
}

static gboolean
tick_cb (gpointer user_data)
{
  Job *job = user_data;

  gtk_progress_bar_set_fraction (job->bar, g_atomic_int_get (&job->per_mille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* Only paths here: the copy has connections of its own. */
  if (job->restore)
    ok = ch_store_restore_into (job->path, job->db_path, progress_cb, job, cancellable, &error);
  else
    ok = ch_store_backup_to_file (job->db_path, job->path, progress_cb, job, cancellable,
                                  &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
show_error (ChWindow   *window,
            const char *heading,
            GError     *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window), heading,
                                                       error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  ChWindow *window = job->window;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  g_clear_handle_id (&job->tick_id, g_source_remove);
  if (job->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (job->dialog));

  if (window == NULL)
    return;

  if (ok && job->restore)
    {
      ChStore *store = ch_window_get_store (window);

      /* The window's own connection takes the new device id. */
      ok = store != NULL && ch_store_finish_restore (store, &error);
      if (ok)
        {
          g_autofree char *text = g_strdup_printf (_("“%s” is restored."), job->display);
          ChChapter *chapter = ch_window_get_chapter (window);
          g_autofree char *server_url = NULL;

          ch_window_add_toast (window, adw_toast_new (text));
          /* A linked chapter syncs at once: what the server has and the
           * backup does not comes back. */
          if (chapter != NULL &&
              ch_store_get_sync_state (store, ch_chapter_get_id (chapter), &server_url, NULL,
                                       NULL) &&
              server_url != NULL && *server_url != '\0')
            gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL);
          return;
        }
    }
  else if (ok)
    {
      g_autofree char *text = g_strdup_printf (_("Backed up to “%s”."), job->display);

      ch_window_add_toast (window, adw_toast_new (text));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      ch_window_add_toast (window, adw_toast_new (job->restore ? _("Restore cancelled")
                                                               : _("Backup cancelled")));
      return;
    }

  if (error == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The chapter is closed."));
  show_error (window, job->restore ? _("Could Not Restore the Backup")
                                   : _("Could Not Back Up"), error);
}

static void
progress_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Job              *job)
{
  /* The dialog closes when the worker is done. */
  g_cancellable_cancel (job->cancellable);
}

static void
start_job (ChWindow *window,
           GFile    *file,
           gboolean  restore)
{
  ChStore *store = ch_window_get_store (window);
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (store == NULL)
    return;

  job = g_new0 (Job, 1);
  g_set_weak_pointer (&job->window, window);
  job->cancellable = g_cancellable_new ();
  job->db_path = g_strdup (ch_store_get_path (store));
  job->path = g_file_get_path (file);
  job->display = g_file_get_basename (file);
  job->restore = restore;

  job->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window),
                                                            restore ? _("Restoring the Backup")
                                                                    : _("Backing Up"),
                                                            job->display));
  job->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (job->bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  restore ? _("Restoring the backup") : _("Backing up"), -1);
  adw_message_dialog_set_extra_child (job->dialog, GTK_WIDGET (job->bar));
  adw_message_dialog_add_response (job->dialog, "cancel", _("_Cancel"));
  /* Closing the dialog is a cancel; it goes when the worker is done. */
  adw_message_dialog_set_close_response (job->dialog, "cancel");
  gtk_window_set_hide_on_close (GTK_WINDOW (job->dialog), TRUE);
  g_signal_connect (job->dialog, "response", G_CALLBACK (progress_response_cb), job);
  g_object_add_weak_pointer (G_OBJECT (job->dialog), (gpointer *) &job->dialog);
  gtk_window_present (GTK_WINDOW (job->dialog));
  job->tick_id = g_timeout_add (100, tick_cb, job);

  /* No source object: the worker may drop the last reference. */
  task = g_task_new (NULL, job->cancellable, job_done_cb, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

void
ch_backup_back_up_to (ChWindow *window,
                      GFile    *file)
{
  g_return_if_fail (CH_IS_WINDOW (window));
  g_return_if_fail (G_IS_FILE (file));

  start_job (window, file, FALSE);
}

char *
ch_backup_suggest_name (ChWindow *window)
{
  ChChapter *chapter = ch_window_get_chapter (window);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup (chapter ? ch_chapter_get_name (chapter) : "Chapterhouse");

  /* No folder separators or other troublesome characters in a file name. */
  g_strdelimit (name, "/\\:*?\"<>|", '-');
  return g_strdup_printf ("%s %s.db", g_strstrip (name), date);
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  ChWindow        *window)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file != NULL)
    ch_backup_back_up_to (window, file);
  g_object_unref (window);
}

static GtkFileFilter *
backup_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Chapterhouse backups"));
  gtk_file_filter_add_pattern (filter, "*.db");
  return filter;
}

void
ch_backup_start_back_up (ChWindow *window)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = backup_filter ();

  g_return_if_fail (CH_IS_WINDOW (window));

  if (ch_window_get_store (window) == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Back Up the Chapter"), GTK_WINDOW (window),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Back Up"),
                                         _("_Cancel"));
  name = ch_backup_suggest_name (window);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), g_object_ref (window));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  GFile *file = user_data;
  ChWindow *window = CH_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));

  if (g_strcmp0 (response, "restore") == 0 && window != NULL)
    start_job (window, file, TRUE);
}

/* "2 December 2026 at 10:44": when @file was last written, or NULL. */
static char *
saved_when (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (info == NULL || !(utc = g_file_info_get_modification_date_time (info)))
    return NULL;
  local = g_date_time_to_local (utc);
  /* Translators: when a backup file was saved, in g_date_time_format() terms,
   * e.g. "2 December 2026 at 10:44" */
  return ch_date_text_format_clock (local, _("%-d %B %Y at %H:%M"));
}

void
ch_backup_confirm_restore (ChWindow *window,
                           GFile    *file)
{
  ChStore *store = ch_window_get_store (window);
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  ChChapter *chapter = ch_window_get_chapter (window);
  g_autofree char *server_url = NULL;
  AdwMessageDialog *dialog;
  gboolean linked;
  guint lost;

  g_return_if_fail (CH_IS_WINDOW (window));
  g_return_if_fail (G_IS_FILE (file));

  if (store == NULL)
    return;

  path = g_file_get_path (file);
  name = g_file_get_basename (file);
  when = saved_when (file);
  /* A count over the outbox (changes not yet sent): small. */
  lost = ch_store_backup_count_unsent (store, path);
  if (chapter != NULL)
    ch_store_get_sync_state (store, ch_chapter_get_id (chapter), &server_url, NULL, NULL);
  linked = server_url != NULL && *server_url != '\0';

  if (when != NULL)
    g_string_append_printf (body, _("The chapter’s data on this computer goes back to “%s”, "
                                    "saved %s."), name, when);
  else
    g_string_append_printf (body, _("The chapter’s data on this computer goes back to “%s”."),
                            name);
  if (linked)
    {
      g_string_append (body, " ");
      g_string_append (body, _("Changes the server has and the backup does not come back at "
                               "the next sync."));
    }
  if (lost > 0 && linked)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u change made on this computer has not been sent "
                                           "to the server and is not in the backup: it will be "
                                           "lost.",
                                           "%u changes made on this computer have not been sent "
                                           "to the server and are not in the backup: they will "
                                           "be lost.", lost), lost);
    }
  else if (lost > 0)
    {
      /* A chapter kept on this computer only: nothing comes back. */
      g_string_append (body, "\n\n");
      g_string_append_printf (body,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u change made since the backup will be lost.",
                                           "%u changes made since the backup will be lost.",
                                           lost), lost);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window),
                                                       _("Restore This Backup?"), body->str));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response_cb),
                         g_object_ref (file), (GClosureNotify) (void (*) (void)) g_object_unref,
                         0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  ChWindow        *window)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file != NULL)
    ch_backup_confirm_restore (window, file);
  g_object_unref (window);
}

void
ch_backup_start_restore (ChWindow *window)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = backup_filter ();

  g_return_if_fail (CH_IS_WINDOW (window));

  if (ch_window_get_store (window) == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Restore a Backup"), GTK_WINDOW (window),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                         _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), g_object_ref (window));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
