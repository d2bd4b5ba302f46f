/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-gui.h"
#include "ch-member-data-actions.h"
#include "ch-member-data.h"
#include "ch-member.h"

typedef struct
{
  AdwWindow *dialog;
  ChStore   *store;
  char      *member_id;
  char      *name;
  GFile     *file;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->dialog);
  g_clear_object (&job->store);
  g_free (job->member_id);
  g_free (job->name);
  g_clear_object (&job->file);
  g_free (job);
}

static Job *
job_new (AdwWindow  *dialog,
         ChStore    *store,
         const char *member_id)
{
  Job *job = g_new0 (Job, 1);
  g_autoptr(ChMember) member = ch_store_get_member (store, member_id, NULL);

  job->dialog = g_object_ref (dialog);
  job->store = g_object_ref (store);
  job->member_id = g_strdup (member_id);
  job->name = g_strdup (member ? ch_member_get_display_name (member) : "");
  return job;
}

static void
toast (GtkWidget  *content,
       const char *text)
{
  if (content != NULL)
    ch_gui_add_toast (content, adw_toast_new (text));
}

/* ----------------------------------------------------------------------- */
/* Export this member's data                                               */

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (job->file);

  if (!(store = ch_store_open_existing (ch_store_get_path (job->store), &error)) ||
      !(bytes = ch_member_data_export (store, job->member_id, &error)) ||
      path == NULL ||
      !g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL),
                                 (gssize) g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("The data can only be saved to a file on this computer."));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  GtkWidget *content = adw_window_get_content (job->dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    /* Translators: %s says why */
    text = g_strdup_printf (_("The data could not be saved: %s"), error->message);
  else
    /* Translators: %s is a member's name */
    text = g_strdup_printf (_("Everything stored about %s was saved."), job->name);

  g_object_set_data_full (G_OBJECT (job->dialog), "ch-member-data-toast", g_strdup (text),
                          g_free);
  toast (content, text);
}

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       gpointer         user_data)
{
  Job *job = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, on_exported_cb, NULL);

      job->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_task_set_task_data (task, job, (GDestroyNotify) job_free);
      g_task_run_in_thread (task, export_thread);
    }
  else
    job_free (job);

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_data_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  AdwWindow *dialog = g_object_get_data (G_OBJECT (action), "ch-dialog");
  ChStore *store = g_object_get_data (G_OBJECT (action), "ch-store");
  const char *member_id = g_object_get_data (G_OBJECT (action), "ch-member-id");
  GtkFileChooserNative *chooser;
  Job *job = job_new (dialog, store, member_id);
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Export This Member’s Data"), GTK_WINDOW (dialog),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: the suggested file name; %s is the member's name */
  name = g_strdup_printf (_("%s – personal data.json"), job->name);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ----------------------------------------------------------------------- */
/* Erase this member                                                       */

static void
erase_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = ch_store_open_existing (ch_store_get_path (job->store), &error)) ||
      !ch_member_data_erase (store, job->member_id, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_erased_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (job->dialog));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      text = g_strdup_printf (_("The member could not be erased: %s"), error->message);
      toast (adw_window_get_content (job->dialog), text);
      return;
    }

  /* The window reads the change the worker's store made. */
  ch_store_check_outside_changes (job->store);
  /* Translators: %s is the erased member's name, shown once more */
  text = g_strdup_printf (_("%s was erased. The other officers’ laptops follow at their next "
                            "sync."), job->name);
  g_object_set_data_full (G_OBJECT (job->dialog), "ch-member-data-toast", g_strdup (text),
                          g_free);
  if (ADW_IS_APPLICATION_WINDOW (parent))
    toast (adw_application_window_get_content (ADW_APPLICATION_WINDOW (parent)), text);
  gtk_window_destroy (GTK_WINDOW (job->dialog));
}

void
ch_member_data_actions_erase (AdwWindow  *dialog,
                              ChStore    *store,
                              const char *member_id)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_erased_cb, NULL);

  g_task_set_task_data (task, job_new (dialog, store, member_id), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, erase_thread);
}

static void
on_erase_response_cb (AdwMessageDialog *question,
                      const char       *response,
                      Job              *job)
{
  if (g_strcmp0 (response, "erase") == 0)
    ch_member_data_actions_erase (job->dialog, job->store, job->member_id);
}

static void
erase_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       data)
{
  AdwWindow *dialog = g_object_get_data (G_OBJECT (action), "ch-dialog");
  ChStore *store = g_object_get_data (G_OBJECT (action), "ch-store");
  const char *member_id = g_object_get_data (G_OBJECT (action), "ch-member-id");
  Job *job = job_new (dialog, store, member_id);
  g_autofree char *heading = NULL;
  AdwMessageDialog *question;

  /* Translators: %s is a member's name */
  heading = g_strdup_printf (_("Erase %s?"), job->name);
  question = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (dialog), heading,
    _("Their name, e-mail address, phone, company, city, notes and every other personal "
      "detail are wiped on this computer now, and from the server and every other officer’s "
      "laptop at their next sync. Payments and membership periods stay without a name, so "
      "the chapter’s figures still add up, and the record says when and by whom the member "
      "was erased. This cannot be undone.")));
  adw_message_dialog_add_responses (question, "cancel", _("_Cancel"),
                                    "erase", _("_Erase Member"), NULL);
  adw_message_dialog_set_response_appearance (question, "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (question, "cancel");
  adw_message_dialog_set_close_response (question, "cancel");
  g_signal_connect_data (question, "response", G_CALLBACK (on_erase_response_cb), job,
                         (GClosureNotify) (void (*) (void)) job_free, 0);
  gtk_window_present (GTK_WINDOW (question));
}

void
ch_member_data_actions_add (GActionMap *map,
                            AdwWindow  *dialog,
                            ChStore    *store,
                            const char *member_id)
{
  static const GActionEntry entries[] = {
    { "export-data", export_data_action, NULL, NULL, NULL, { 0 } },
    { "erase", erase_action, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (map, entries, G_N_ELEMENTS (entries), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GAction *action = g_action_map_lookup_action (map, entries[i].name);

      /* The dialog owns the action group: no reference back to it. */
      g_object_set_data (G_OBJECT (action), "ch-dialog", dialog);
      g_object_set_data_full (G_OBJECT (action), "ch-store", g_object_ref (store),
                              g_object_unref);
      g_object_set_data_full (G_OBJECT (action), "ch-member-id", g_strdup (member_id), g_free);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), member_id != NULL);
    }
}
