/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-queue"

#include "config.h"

#include "ch-mail-queue.h"
#include "ch-store.h"

typedef struct
{
  char                *db_path;
  ChMailAccount       *account;
  ChMailTemplate      *template;
  ChMailRecipients    *recipients;
  ChMailOutboxProgress  progress;
  gpointer             progress_data;
  GMainContext        *context;
  char                *batch_id;
  guint                count;
} QueueJob;

typedef struct
{
  GTask *task;     /* keeps the job alive until the call has run */
  guint  done;
  guint  total;
} ProgressCall;

static void
queue_job_free (QueueJob *job)
{
  g_free (job->db_path);
  ch_mail_account_free (job->account);
  ch_mail_template_free (job->template);
  ch_mail_recipients_free (job->recipients);
  g_main_context_unref (job->context);
  g_free (job->batch_id);
  g_free (job);
}

static void
progress_call_free (ProgressCall *call)
{
  g_object_unref (call->task);
  g_free (call);
}

static gboolean
on_progress_idle_cb (gpointer data)
{
  ProgressCall *call = data;
  QueueJob *job = g_task_get_task_data (call->task);

  if (!g_task_get_completed (call->task))
    job->progress (call->done, call->total, job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
on_thread_progress (guint    done,
                    guint    total,
                    gpointer data)
{
  GTask *task = data;
  QueueJob *job = g_task_get_task_data (task);
  ProgressCall *call;

  if (job->progress == NULL)
    return;

  call = g_new0 (ProgressCall, 1);
  call->task = g_object_ref (task);
  call->done = done;
  call->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, on_progress_idle_cb, call,
                              (GDestroyNotify) progress_call_free);
}

static void
queue_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueueJob *job = task_data;
  g_autoptr(ChStore) store = NULL;
  GError *error = NULL;

  store = ch_store_open_existing (job->db_path, &error);
  if (store == NULL ||
      !ch_mail_outbox_queue_full (store, job->account, job->template, job->recipients,
                                  cancellable, on_thread_progress, task, &job->batch_id,
                                  &job->count, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
ch_mail_queue_async (const char             *db_path,
                     const ChMailAccount    *account,
                     const ChMailTemplate   *template,
                     const ChMailRecipients *recipients,
                     GCancellable           *cancellable,
                     ChMailOutboxProgress     progress,
                     gpointer                progress_data,
                     GAsyncReadyCallback     callback,
                     gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  QueueJob *job = g_new0 (QueueJob, 1);

  job->db_path = g_strdup (db_path);
  job->account = ch_mail_account_copy (account);
  job->template = ch_mail_template_copy (template);
  job->recipients = ch_mail_recipients_copy (recipients);
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  g_task_set_source_tag (task, ch_mail_queue_async);
  g_task_set_task_data (task, job, (GDestroyNotify) queue_job_free);
  g_task_run_in_thread (task, queue_thread);
}

gboolean
ch_mail_queue_finish (GAsyncResult  *result,
                      char         **out_batch_id,
                      guint         *out_count,
                      GError       **error)
{
  QueueJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (out_batch_id != NULL)
    *out_batch_id = g_strdup (job->batch_id);
  if (out_count != NULL)
    *out_count = job->count;
  return TRUE;
}
