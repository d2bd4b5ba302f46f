/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ch-export-dialog.h"
#include "ch-gui.h"

typedef struct
{
  GtkWidget       *anchor;
  char            *db_path;
  ChExportSubject  subject;
  char            *chapter_id;
  char            *event_id;
  GFile           *file;
  ChExportFormat   format;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->anchor);
  g_free (job->db_path);
  g_free (job->chapter_id);
  g_free (job->event_id);
  g_clear_object (&job->file);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  gboolean bom = job->format == CH_EXPORT_FORMAT_CSV;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (job->file);

  if (!(store = ch_store_open_existing (job->db_path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (job->subject)
    {
    case CH_EXPORT_SUBJECT_REGISTRATIONS:
      bytes = ch_export_registrations (store, job->event_id, job->format, bom, &error);
      break;
    case CH_EXPORT_SUBJECT_PAYMENTS:
      bytes = ch_export_payments (store, job->chapter_id, NULL, NULL, job->format, bom, &error);
      break;
    case CH_EXPORT_SUBJECT_ROLES:
      bytes = ch_export_roles (store, job->chapter_id, job->format, bom, &error);
      break;
    case CH_EXPORT_SUBJECT_DIRECTORY:
    case CH_EXPORT_SUBJECT_MEMBERS:
    default:
      bytes = ch_export_directory (store, job->chapter_id, job->format, bom, &error);
      break;
    }

  if (bytes == NULL ||
      path == NULL ||
      !g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL),
                                 (gssize) g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("The export can only be saved to a file on this computer."));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_open_clicked_cb (AdwToast  *toast,
                    GtkWidget *anchor)
{
  gtk_show_uri (ch_gui_get_parent_window (anchor), g_object_get_data (G_OBJECT (toast), "ch-uri"),
                GDK_CURRENT_TIME);
}

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Translators: %s says why, e.g. "Permission denied" */
      title = g_strdup_printf (_("The export could not be saved: %s"), error->message);
      toast = adw_toast_new (title);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (job->file);

      /* Translators: %s is the file name */
      title = g_strdup_printf (_("Exported to “%s”"), name);
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Open"));
      g_object_set_data_full (G_OBJECT (toast), "ch-uri", g_file_get_uri (job->file), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_open_clicked_cb),
                               job->anchor, 0);
    }

  g_object_set_data_full (G_OBJECT (job->anchor), "ch-export-done", g_strdup (title), g_free);
  ch_gui_add_toast (job->anchor, toast);
}

void
ch_export_dialog_to_file (GtkWidget       *anchor,
                          ChStore         *store,
                          ChExportSubject  subject,
                          const char      *chapter_id,
                          const char      *event_id,
                          GFile           *file,
                          ChExportFormat   format)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_exported_cb, NULL);
  Job *job = g_new0 (Job, 1);

  job->anchor = g_object_ref (anchor);
  job->db_path = g_strdup (ch_store_get_path (store));
  job->subject = subject;
  job->chapter_id = g_strdup (chapter_id);
  job->event_id = g_strdup (event_id);
  job->file = g_object_ref (file);
  job->format = format;

  g_object_set_data (G_OBJECT (anchor), "ch-export-done", NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
}

/* ----------------------------------------------------------------------- */

static const struct
{
  const char     *name;       /* translatable */
  const char     *suffix;
  ChExportFormat  format;
  gboolean        directory;  /* only for the member directory */
} kinds[] = {
  { N_("Printable Directory (PDF)"), "pdf", CH_EXPORT_FORMAT_PDF, TRUE },
  { N_("Spreadsheet (CSV, for Excel)"), "csv", CH_EXPORT_FORMAT_CSV, FALSE },
  { N_("Excel Workbook (XLSX)"), "xlsx", CH_EXPORT_FORMAT_XLSX, FALSE },
  { N_("Address Book (vCard)"), "vcf", CH_EXPORT_FORMAT_VCARD, TRUE },
  { N_("JSON"), "json", CH_EXPORT_FORMAT_JSON, FALSE },
};

typedef struct
{
  GtkWidget       *anchor;
  ChStore         *store;
  ChExportSubject  subject;
  char            *chapter_id;
  char            *event_id;
} Choosing;

static void
choosing_free (Choosing *c)
{
  g_clear_object (&c->anchor);
  g_clear_object (&c->store);
  g_free (c->chapter_id);
  g_free (c->event_id);
  g_free (c);
}

static void
on_response_cb (GtkNativeDialog *dialog,
                int              response,
                gpointer         user_data)
{
  Choosing *c = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      ChExportFormat format = filter ? GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (filter),
                                                                            "ch-format"))
                                     : CH_EXPORT_FORMAT_CSV;
      const char *extension = ch_export_format_extension (format);
      g_autofree char *name = g_file_get_basename (chosen);
      g_autoptr(GFile) file = NULL;

      /* "Registrations.csv" with the XLSX filter becomes "Registrations.xlsx". */
      if (strrchr (name, '.') != NULL && g_ascii_strcasecmp (strrchr (name, '.') + 1,
                                                             extension) != 0)
        *strrchr (name, '.') = '\0';
      if (!g_str_has_suffix (name, extension))
        {
          g_autofree char *full = g_strconcat (name, ".", extension, NULL);
          g_autoptr(GFile) parent = g_file_get_parent (chosen);

          file = g_file_get_child (parent, full);
        }
      else
        file = g_object_ref (chosen);

      ch_export_dialog_to_file (c->anchor, c->store, c->subject, c->chapter_id, c->event_id,
                                file, format);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  choosing_free (c);
}

void
ch_export_dialog_choose (GtkWidget       *anchor,
                         ChStore         *store,
                         ChExportSubject  subject,
                         const char      *chapter_id,
                         const char      *event_id,
                         const char      *title,
                         const char      *suggested_name)
{
  GtkFileChooserNative *dialog;
  gboolean directory = subject == CH_EXPORT_SUBJECT_DIRECTORY;
  g_autofree char *name = g_strconcat (suggested_name, directory ? ".pdf" : ".csv", NULL);
  Choosing *c;

  g_return_if_fail (GTK_IS_WIDGET (anchor));
  g_return_if_fail (CH_IS_STORE (store));

  dialog = gtk_file_chooser_native_new (title, ch_gui_get_parent_window (anchor),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkFileFilter *filter;

      if (kinds[i].directory && !directory)
        continue;
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _(kinds[i].name));
      gtk_file_filter_add_suffix (filter, kinds[i].suffix);
      g_object_set_data (G_OBJECT (filter), "ch-format", GUINT_TO_POINTER (kinds[i].format));
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      g_object_unref (filter);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);

  c = g_new0 (Choosing, 1);
  c->anchor = g_object_ref (anchor);
  c->store = g_object_ref (store);
  c->subject = subject;
  c->chapter_id = g_strdup (chapter_id);
  c->event_id = g_strdup (event_id);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), c);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
