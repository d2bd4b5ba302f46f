/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-eml"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ch-ics.h"
#include "ch-mail-account.h"
#include "ch-mail-eml.h"
#include "ch-mail-message.h"
#include "ch-mail-outbox.h"

G_DEFINE_QUARK (ch-mail-eml-error-quark, ch_mail_eml_error)

/* "07 Anna Berg.eml": the order kept, nothing a file system refuses. */
static char *
file_name (guint       n,
           guint       total,
           const char *name)
{
  g_autofree char *safe = g_strdup (name != NULL && *name != '\0' ? name : "member");

  g_strdelimit (safe, "/\\:*?\"<>|\r\n\t", '_');
  return g_strdup_printf ("%0*u %s.eml", total >= 100 ? 3 : 2, n, safe);
}

gboolean
ch_mail_eml_save (ChStore              *store,
                  const char           *chapter_id,
                  const ChMailTemplate *template,
                  ChMailRecipients     *recipients,
                  const char           *dir,
                  guint                *out_count,
                  GError              **error)
{
  /* The fields' account: none; the signature falls back to the chapter. */
  ChMailAccount account = { .chapter_id = (char *) chapter_id };
  g_autoptr(GBytes) ics = NULL;
  guint count = 0;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, CH_MAIL_EML_ERROR, CH_MAIL_EML_ERROR_FAILED,
                   _("Could not make the folder “%s”: %s"), dir, g_strerror (errno));
      return FALSE;
    }
  if (template->attach_ics && recipients->event_id != NULL)
    {
      char *text = ch_ics_export (store, chapter_id, recipients->event_id, error);

      if (text == NULL)
        return FALSE;
      ics = g_bytes_new_take (text, strlen (text));
    }

  for (guint i = 0; i < recipients->members->len; i++)
    {
      ChMember *member = recipients->members->pdata[i];
      g_autoptr(ChMailOutboxDraft) draft = NULL;
      g_autofree char *message_id = ch_mail_message_new_id (NULL);
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      ChMailMessageParts parts = { 0 };

      /* Consent, asked again: no way round it. */
      if (!ch_mail_recipients_may_email (member, NULL))
        continue;
      draft = ch_mail_outbox_preview (store, &account, template, member,
                                      recipients->event_id, error);
      if (draft == NULL)
        return FALSE;

      parts.unsent = TRUE;
      parts.to_name = ch_member_get_display_name (member);
      parts.to_address = ch_member_get_email (member);
      parts.subject = draft->subject;
      parts.body = draft->body;
      parts.html = template->html_part;
      parts.message_id = message_id;
      if (ics != NULL)
        {
          parts.attachment = ics;
          parts.attachment_name = "event.ics";
          parts.attachment_type = "text/calendar; charset=UTF-8; method=PUBLISH";
        }
      text = ch_mail_message_build (&parts);
      name = file_name (count + 1, recipients->members->len, parts.to_name);
      path = g_build_filename (dir, name, NULL);
      if (!g_file_set_contents (path, text, -1, error))
        return FALSE;
      count++;
    }

  if (out_count != NULL)
    *out_count = count;
  return TRUE;
}

typedef struct
{
  char             *db_path;
  char             *chapter_id;
  ChMailTemplate   *template;
  ChMailRecipients *recipients;
  char             *dir;
  guint             count;
} EmlJob;

static void
eml_job_free (EmlJob *job)
{
  g_free (job->db_path);
  g_free (job->chapter_id);
  ch_mail_template_free (job->template);
  ch_mail_recipients_free (job->recipients);
  g_free (job->dir);
  g_free (job);
}

static void
eml_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  EmlJob *job = task_data;
  g_autoptr(ChStore) store = NULL;
  GError *error = NULL;

  store = ch_store_open_existing (job->db_path, &error);
  if (store == NULL ||
      !ch_mail_eml_save (store, job->chapter_id, job->template, job->recipients, job->dir,
                         &job->count, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
ch_mail_eml_save_async (const char             *db_path,
                        const char             *chapter_id,
                        const ChMailTemplate   *template,
                        const ChMailRecipients *recipients,
                        const char             *dir,
                        GCancellable           *cancellable,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  EmlJob *job = g_new0 (EmlJob, 1);

  job->db_path = g_strdup (db_path);
  job->chapter_id = g_strdup (chapter_id);
  job->template = ch_mail_template_copy (template);
  job->recipients = ch_mail_recipients_copy (recipients);
  job->dir = g_strdup (dir);
  g_task_set_source_tag (task, ch_mail_eml_save_async);
  g_task_set_task_data (task, job, (GDestroyNotify) eml_job_free);
  g_task_run_in_thread (task, eml_thread);
}

gboolean
ch_mail_eml_save_finish (GAsyncResult  *result,
                         guint         *out_count,
                         GError       **error)
{
  EmlJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (out_count != NULL)
    *out_count = job->count;
  return TRUE;
}
