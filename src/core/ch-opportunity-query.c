/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-opportunity-query"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-opportunity-query.h"
#include "ch-store-private.h"

typedef struct
{
  char                   *path;
  ChOpportunityQueryFunc  func;
  gpointer                data;
  GDestroyNotify          data_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_free (job->path);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *result;
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (job->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK)
    {
      g_task_return_new_error (task, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                               _("Could not open the database “%s”: %s"), job->path,
                               db ? sqlite3_errmsg (db) : "");
      sqlite3_close (db);
      return;
    }
  sqlite3_busy_timeout (db, CH_STORE_BUSY_TIMEOUT_MS);
  ch_store_register_functions (db, NULL);

  result = job->func (db, job->data, &error);
  sqlite3_close (db);

  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

void
ch_opportunity_query_run_async (ChStore                *store,
                                ChOpportunityQueryFunc  func,
                                gpointer                data,
                                GDestroyNotify          data_free,
                                gpointer                source_tag,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (CH_IS_STORE (store));

  job = g_new0 (Job, 1);
  job->path = g_strdup (ch_store_get_path (store));
  job->func = func;
  job->data = data;
  job->data_free = data_free;

  /* No source object: the store is never touched by the worker. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

GPtrArray *
ch_opportunity_query_run_finish (GAsyncResult  *result,
                                 gpointer       source_tag,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
ch_opportunity_query_run (ChStore                 *store,
                          ChOpportunityQueryFunc   func,
                          gpointer                 data,
                          GDestroyNotify           data_free,
                          GError                 **error)
{
  GPtrArray *out = func (ch_store_get_db (store), data, error);

  data_free (data);
  return out;
}

GPtrArray *
ch_opportunity_query_finish (sqlite3       *db,
                             sqlite3_stmt  *st,
                             int            rc,
                             GPtrArray     *out,
                             GError       **error)
{
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the opportunities: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (st);
      g_ptr_array_unref (out);
      return NULL;
    }
  sqlite3_finalize (st);
  return out;
}

sqlite3_stmt *
ch_opportunity_query_prepare (sqlite3     *db,
                              const char  *sql,
                              GError     **error)
{
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the opportunities: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (st);
      return NULL;
    }

  return st;
}

const char *
ch_opportunity_query_text (sqlite3_stmt *st,
                           int           col)
{
  return (const char *) sqlite3_column_text (st, col);
}
