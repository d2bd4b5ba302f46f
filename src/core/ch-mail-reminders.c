/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-reminders"

#include "config.h"

#include "ch-mail-recipients.h"
#include "ch-mail-reminders.h"
#include "ch-membership-private.h"
#include "ch-renewals.h"
#include "ch-store-private.h"

static const char *const step_templates[] = { "renewal-due", "renewal-grace", "renewal-lapsed" };

const char *
ch_mail_reminders_template (ChMailReminderStep step)
{
  g_return_val_if_fail ((guint) step < CH_MAIL_REMINDER_N_STEPS, "renewal-due");

  return step_templates[step];
}

/* Whether @member_id got @template_key on or after @since (a date). */
static gboolean
reminded_since (ChStore    *store,
                const char *member_id,
                const char *template_key,
                const char *since)
{
  return ch_store_query_int (store, 0,
                             "SELECT count(*) FROM mail_record WHERE member_id = ? "
                             "AND template = ? AND deleted = 0 AND sent_at >= ?",
                             member_id, template_key, since, ch_store_sql_end) > 0;
}

GPtrArray *
ch_mail_reminders_due (ChStore                   *store,
                       const char                *chapter_id,
                       const ChMailReminderRules *rules,
                       ChMailReminderStep         step,
                       GError                   **error)
{
  static const ChRenewalGroup groups[] = {
    CH_RENEWAL_DUE_SOON, CH_RENEWAL_IN_GRACE, CH_RENEWAL_RECENTLY_LAPSED
  };
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) group = NULL;
  guint days_before = MIN (rules->days_before, CH_MAIL_REMINDERS_MAX_DAYS_BEFORE);
  gint32 today;
  gint grace;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail ((guint) step < CH_MAIL_REMINDER_N_STEPS, NULL);

  if ((step == CH_MAIL_REMINDER_BEFORE && days_before == 0) ||
      (step == CH_MAIL_REMINDER_GRACE && !rules->at_grace) ||
      (step == CH_MAIL_REMINDER_LAPSE && !rules->at_lapse))
    return g_steal_pointer (&due);

  group = ch_renewals_list (store, chapter_id, groups[step], error);
  if (group == NULL)
    return NULL;

  today = ch_store_today_days (store, chapter_id);
  grace = MAX (ch_store_grace_days (store, chapter_id), 0);
  for (guint i = 0; i < group->len; i++)
    {
      ChMember *member = group->pdata[i];
      const char *paid = ch_member_get_dues_paid_until (member);
      gint32 paid_days = ch_membership_date_days (paid);
      g_autofree char *since = NULL;

      /* Without a paid-until date there is no step to time. */
      if (paid == NULL || paid_days < 0)
        continue;

      switch (step)
        {
        case CH_MAIL_REMINDER_BEFORE:
          if (paid_days - today > (gint32) days_before)
            continue;
          since = ch_membership_add_days (paid, -(gint) days_before);
          break;
        case CH_MAIL_REMINDER_GRACE:
          since = ch_membership_add_days (paid, 1);
          break;
        case CH_MAIL_REMINDER_LAPSE:
        default:
          if (today - (paid_days + grace) > CH_MAIL_REMINDERS_LAPSE_DAYS)
            continue;
          since = ch_membership_add_days (paid, grace + 1);
          break;
        }

      if (since == NULL ||
          reminded_since (store, ch_member_get_id (member), step_templates[step], since))
        continue;
      g_ptr_array_add (due, g_object_ref (member));
    }

  return g_steal_pointer (&due);
}

guint
ch_mail_reminders_count_step (ChStore                   *store,
                              const char                *chapter_id,
                              const ChMailReminderRules *rules,
                              ChMailReminderStep         step,
                              GError                   **error)
{
  g_autoptr(GPtrArray) due = ch_mail_reminders_due (store, chapter_id, rules, step, error);
  guint n = 0;

  for (guint i = 0; due != NULL && i < due->len; i++)
    n += ch_mail_recipients_may_email (due->pdata[i], NULL) ? 1 : 0;
  return n;
}

guint
ch_mail_reminders_count (ChStore                   *store,
                         const char                *chapter_id,
                         const ChMailReminderRules *rules,
                         ChMailReminderStep        *out_step,
                         GError                   **error)
{
  guint total = 0;
  gboolean found = FALSE;

  for (guint step = 0; step < CH_MAIL_REMINDER_N_STEPS; step++)
    {
      GError *local = NULL;
      guint n = ch_mail_reminders_count_step (store, chapter_id, rules, step, &local);

      if (local != NULL)
        {
          g_propagate_error (error, local);
          return 0;
        }
      if (n > 0 && !found)
        {
          found = TRUE;
          if (out_step != NULL)
            *out_step = step;
        }
      total += n;
    }

  return total;
}

typedef struct
{
  char                *db_path;
  char                *chapter_id;
  ChMailReminderRules  rules;
  ChMailReminderStep   step;
  guint                step_count;
} CountJob;

static void
count_job_free (CountJob *job)
{
  g_free (job->db_path);
  g_free (job->chapter_id);
  g_free (job);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CountJob *job = task_data;
  g_autoptr(ChStore) store = NULL;
  GError *error = NULL;
  guint n;

  store = ch_store_open_existing (job->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  n = ch_mail_reminders_count (store, job->chapter_id, &job->rules, &job->step, &error);
  if (error == NULL && n > 0)
    job->step_count = ch_mail_reminders_count_step (store, job->chapter_id, &job->rules,
                                                    job->step, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

void
ch_mail_reminders_count_async (const char                *db_path,
                               const char                *chapter_id,
                               const ChMailReminderRules *rules,
                               GCancellable              *cancellable,
                               GAsyncReadyCallback        callback,
                               gpointer                   user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  CountJob *job = g_new0 (CountJob, 1);

  job->db_path = g_strdup (db_path);
  job->chapter_id = g_strdup (chapter_id);
  job->rules = *rules;
  g_task_set_source_tag (task, ch_mail_reminders_count_async);
  g_task_set_task_data (task, job, (GDestroyNotify) count_job_free);
  g_task_run_in_thread (task, count_thread);
}

guint
ch_mail_reminders_count_finish (GAsyncResult        *result,
                                ChMailReminderStep  *out_step,
                                guint               *out_step_count,
                                GError             **error)
{
  CountJob *job = g_task_get_task_data (G_TASK (result));
  gssize n = g_task_propagate_int (G_TASK (result), error);

  if (n < 0)
    return 0;
  if (out_step != NULL)
    *out_step = job->step;
  if (out_step_count != NULL)
    *out_step_count = job->step_count;
  return (guint) n;
}
