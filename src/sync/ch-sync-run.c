/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync"

#include "config.h"

#include <string.h>

#include "ch-sync.h"

/* ch_sync_run() on a worker thread (GTask). */

typedef struct
{
  char         *db_path;
  char         *chapter_id;
  char         *token;
  ChSyncReport  report;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->db_path);
  g_free (data->chapter_id);
  if (data->token != NULL)
    memset (data->token, 0, strlen (data->token));
  g_free (data->token);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;

  if (ch_sync_run (data->db_path, data->chapter_id, data->token, cancellable, &data->report,
                   &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ch_sync_run_async (const char          *db_path,
                   const char          *chapter_id,
                   const char          *token,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data = g_new0 (RunData, 1);

  data->db_path = g_strdup (db_path);
  data->chapter_id = g_strdup (chapter_id);
  data->token = g_strdup (token);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ch_sync_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
ch_sync_run_finish (GAsyncResult  *result,
                    ChSyncReport  *report,
                    GError       **error)
{
  RunData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (report != NULL)
    *report = data->report;

  return g_task_propagate_boolean (G_TASK (result), error);
}
