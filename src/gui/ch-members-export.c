/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ch-gui.h"
#include "ch-members-export.h"

/* The page's question, copied for the worker (which opens its own store). */
typedef struct
{
  char           *db_path;
  char           *chapter_id;
  char           *search;
  char           *sort;
  gboolean        descending;
  char           *filters[5];
  GFile          *file;
  ChExportFormat  format;
  guint           n_written;
} ExportJob;

static const char * const filter_keys[] = {
  CH_MEMBER_FILTER_TIER, CH_MEMBER_FILTER_STATUS, CH_MEMBER_FILTER_SPECIALTY,
  CH_MEMBER_FILTER_PARTNER_KIND, CH_MEMBER_FILTER_ROLE,
};

G_STATIC_ASSERT (G_N_ELEMENTS (filter_keys) == 5);

static void
export_job_free (ExportJob *job)
{
  g_free (job->db_path);
  g_free (job->chapter_id);
  g_free (job->search);
  g_free (job->sort);
  for (guint i = 0; i < G_N_ELEMENTS (job->filters); i++)
    g_free (job->filters[i]);
  g_clear_object (&job->file);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(ChMemberList) list = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (!(store = ch_store_open_existing (job->db_path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  list = ch_member_list_new (store, job->chapter_id);
  ch_member_list_set_search (list, job->search);
  ch_member_list_set_sort (list, job->sort, job->descending);
  for (guint i = 0; i < G_N_ELEMENTS (filter_keys); i++)
    ch_member_list_set_filter (list, filter_keys[i], job->filters[i]);
  if (!ch_member_list_refresh_sync (list, &error) ||
      !(bytes = ch_export_members (store, G_LIST_MODEL (list), job->format,
                                   job->format == CH_EXPORT_FORMAT_CSV, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->n_written = g_list_model_get_n_items (G_LIST_MODEL (list));

  /* Personal data: readable by its owner only. */
  path = g_file_get_path (job->file);
  if (path == NULL ||
      !g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL),
                                 (gssize) g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("Members can only be exported to a file on this computer."));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* "Open" in the toast: the file in the program that opens its kind. */
static void
on_open_clicked_cb (AdwToast  *toast,
                    GtkWidget *page)
{
  gtk_show_uri (ch_gui_get_parent_window (page), g_object_get_data (G_OBJECT (toast), "ch-uri"),
                GDK_CURRENT_TIME);
}

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GtkWidget *page = GTK_WIDGET (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *uri = NULL;
  AdwToast *toast;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Translators: %s says why, e.g. "Permission denied" */
      title = g_strdup_printf (_("The members could not be exported: %s"), error->message);
      ch_gui_add_toast (page, adw_toast_new (title));
      return;
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member exported",
                                        "%u members exported", job->n_written),
                           job->n_written);
  uri = g_file_get_uri (job->file);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data_full (G_OBJECT (toast), "ch-uri", g_steal_pointer (&uri), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_open_clicked_cb), page, 0);
  g_object_set_data_full (G_OBJECT (page), "ch-export-done", g_strdup (title), g_free);
  ch_gui_add_toast (page, toast);
}

void
ch_members_export_to_file (GtkWidget      *page,
                           ChStore        *store,
                           ChMemberList   *list,
                           GFile          *file,
                           ChExportFormat  format)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (CH_IS_STORE (store));
  g_return_if_fail (CH_IS_MEMBER_LIST (list));

  job = g_new0 (ExportJob, 1);
  job->db_path = g_strdup (ch_store_get_path (store));
  job->chapter_id = g_strdup (ch_member_list_get_chapter_id (list));
  job->search = g_strdup (ch_member_list_get_search (list));
  job->sort = g_strdup (ch_member_list_get_sort_column (list));
  job->descending = ch_member_list_get_sort_descending (list);
  for (guint i = 0; i < G_N_ELEMENTS (filter_keys); i++)
    job->filters[i] = g_strdup (ch_member_list_get_filter (list, filter_keys[i]));
  job->file = g_object_ref (file);
  job->format = format;

  g_object_set_data (G_OBJECT (page), "ch-export-done", NULL);
  task = g_task_new (page, NULL, on_exported_cb, NULL);
  g_task_set_source_tag (task, ch_members_export_to_file);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

/* ----------------------------------------------------------------------- */
/* The save dialog                                                         */

static const struct
{
  const char     *name;       /* translatable */
  const char     *pattern;
  ChExportFormat  format;
} kinds[] = {
  { N_("Spreadsheet (CSV, for Excel)"), "*.csv", CH_EXPORT_FORMAT_CSV },
  { N_("Excel Workbook (XLSX)"), "*.xlsx", CH_EXPORT_FORMAT_XLSX },
  { N_("Address Book (vCard, members in the directory)"), "*.vcf", CH_EXPORT_FORMAT_VCARD },
  { N_("JSON"), "*.json", CH_EXPORT_FORMAT_JSON },
};

typedef struct
{
  GtkWidget    *page;
  ChStore      *store;
  ChMemberList *list;
} Choosing;

static void
choosing_free (Choosing *c)
{
  g_clear_object (&c->page);
  g_clear_object (&c->store);
  g_clear_object (&c->list);
  g_free (c);
}

/* The format of the chosen filter, else of the file name's extension. */
static ChExportFormat
chosen_format (GtkFileChooser *chooser,
               const char     *name)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);

  if (filter != NULL)
    return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (filter), "ch-format"));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_has_suffix (name, kinds[i].pattern + 1))
      return kinds[i].format;

  return CH_EXPORT_FORMAT_CSV;
}

/* @name with the extension of @format ("Members.csv" for XLSX becomes
 * "Members.xlsx"). */
static char *
name_for_format (const char     *name,
                 ChExportFormat  format)
{
  const char *extension = ch_export_format_extension (format);
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = NULL;

  if (dot != NULL && g_ascii_strcasecmp (dot + 1, extension) == 0)
    return g_strdup (name);
  for (guint i = 0; dot != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_ascii_strcasecmp (dot, kinds[i].pattern + 1) == 0)
      stem = g_strndup (name, dot - name);

  return g_strconcat (stem ? stem : name, ".", extension, NULL);
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
      g_autoptr(GFile) parent = g_file_get_parent (chosen);
      g_autofree char *name = g_file_get_basename (chosen);
      ChExportFormat format = chosen_format (GTK_FILE_CHOOSER (dialog), name);
      g_autofree char *full = name_for_format (name, format);
      g_autoptr(GFile) file = g_file_get_child (parent, full);

      ch_members_export_to_file (c->page, c->store, c->list, file, format);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  choosing_free (c);
}

void
ch_members_export_choose (GtkWidget    *page,
                          ChStore      *store,
                          ChMemberList *list)
{
  GtkFileChooserNative *dialog;
  Choosing *c;
  g_autofree char *date = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_if_fail (GTK_IS_WIDGET (page));

  dialog = gtk_file_chooser_native_new (_("Export Members"), ch_gui_get_parent_window (page),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(kinds[i].name));
      gtk_file_filter_add_pattern (filter, kinds[i].pattern);
      g_object_set_data (G_OBJECT (filter), "ch-format", GUINT_TO_POINTER (kinds[i].format));
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      g_object_unref (filter);
    }
  date = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the suggested file name of an export; %s is today's date */
  name = g_strdup_printf (_("Members %s.csv"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);

  c = g_new0 (Choosing, 1);
  c->page = g_object_ref (page);
  c->store = g_object_ref (store);
  c->list = g_object_ref (list);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), c);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
