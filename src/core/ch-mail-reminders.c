/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-reminders"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ch-mail-recipients.h"
#include "ch-mail-reminders.h"
#include "ch-membership-private.h"
#include "ch-renewals-private.h"
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

static const ChRenewalGroup step_groups[] = {
  CH_RENEWAL_DUE_SOON, CH_RENEWAL_IN_GRACE, CH_RENEWAL_RECENTLY_LAPSED
};

static gboolean
step_on (const ChMailReminderRules *rules,
         ChMailReminderStep         step)
{
  return !((step == CH_MAIL_REMINDER_BEFORE && MIN (rules->days_before,
                                                     CH_MAIL_REMINDERS_MAX_DAYS_BEFORE) == 0) ||
           (step == CH_MAIL_REMINDER_GRACE && !rules->at_grace) ||
           (step == CH_MAIL_REMINDER_LAPSE && !rules->at_lapse));
}

/* When @step began for a member of its Renewals group paid until @paid (a
 * date), or NULL when the member is outside the step's window (or has no
 * paid-until date: no step to time). */
static char *
step_since (ChMailReminderStep         step,
            const ChMailReminderRules *rules,
            const char                *paid,
            gint32                     today,
            gint                       grace)
{
  guint days_before = MIN (rules->days_before, CH_MAIL_REMINDERS_MAX_DAYS_BEFORE);
  gint32 paid_days = ch_membership_date_days (paid);

  if (paid == NULL || paid_days < 0)
    return NULL;

  switch (step)
    {
    case CH_MAIL_REMINDER_BEFORE:
      if (paid_days - today > (gint32) days_before)
        return NULL;
      return ch_membership_add_days (paid, -(gint) days_before);
    case CH_MAIL_REMINDER_GRACE:
      return ch_membership_add_days (paid, 1);
    case CH_MAIL_REMINDER_LAPSE:
    default:
      if (today - (paid_days + grace) > CH_MAIL_REMINDERS_LAPSE_DAYS)
        return NULL;
      return ch_membership_add_days (paid, grace + 1);
    }
}

GPtrArray *
ch_mail_reminders_due (ChStore                   *store,
                       const char                *chapter_id,
                       const ChMailReminderRules *rules,
                       ChMailReminderStep         step,
                       GError                   **error)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) group = NULL;
  gint32 today;
  gint grace;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail ((guint) step < CH_MAIL_REMINDER_N_STEPS, NULL);

  if (!step_on (rules, step))
    return g_steal_pointer (&due);

  group = ch_renewals_list (store, chapter_id, step_groups[step], error);
  if (group == NULL)
    return NULL;

  today = ch_store_today_days (store, chapter_id);
  grace = MAX (ch_store_grace_days (store, chapter_id), 0);
  for (guint i = 0; i < group->len; i++)
    {
      ChMember *member = group->pdata[i];
      g_autofree char *since = step_since (step, rules, ch_member_get_dues_paid_until (member),
                                           today, grace);

      if (since == NULL ||
          reminded_since (store, ch_member_get_id (member), step_templates[step], since))
        continue;
      g_ptr_array_add (due, g_object_ref (member));
    }

  return g_steal_pointer (&due);
}

/* How many members may be e-mailed and are due for each step, in one pass
 * over the chapter's member rows: the rule of ch_mail_reminders_due() and
 * ch_mail_recipients_may_email() on the columns they read, without making
 * a ChMember of each (at headquarters size that was thousands of objects
 * for a number). */
static gboolean
count_steps (ChStore                   *store,
             const char                *chapter_id,
             const ChMailReminderRules *rules,
             guint                      counts[CH_MAIL_REMINDER_N_STEPS],
             GError                   **error)
{
  sqlite3_stmt *st = NULL;
  gint32 today = ch_store_today_days (store, chapter_id);
  gint grace = MAX (ch_store_grace_days (store, chapter_id), 0);
  int rc;

  memset (counts, 0, sizeof (guint) * CH_MAIL_REMINDER_N_STEPS);
  if (!step_on (rules, CH_MAIL_REMINDER_BEFORE) && !step_on (rules, CH_MAIL_REMINDER_GRACE) &&
      !step_on (rules, CH_MAIL_REMINDER_LAPSE))
    return TRUE;

  /* The rows ch_renewals_list() reads, with only members who may be
   * e-mailed: an address, and no explicit refusal (NULL is never asked). */
  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT id, tier, joined_on, left_on, dues_paid_until FROM member "
                          "WHERE chapter_id = ? AND deleted = 0 AND tier IS NOT 'network' "
                          "AND tier IS NOT 'honorary' AND email IS NOT NULL AND email <> '' "
                          "AND (consent_email IS NULL OR consent_email <> 0)",
                          -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the members: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return FALSE;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *tier = (const char *) sqlite3_column_text (st, 1);
      const char *joined = (const char *) sqlite3_column_text (st, 2);
      const char *left = (const char *) sqlite3_column_text (st, 3);
      const char *paid = (const char *) sqlite3_column_text (st, 4);
      gint kind = ch_membership_tier_kind (store, chapter_id, tier);

      for (guint step = 0; step < CH_MAIL_REMINDER_N_STEPS; step++)
        {
          g_autofree char *since = NULL;

          if (!step_on (rules, step) ||
              !ch_renewals_row_in_group (step_groups[step], kind, joined, left, paid, grace,
                                         today, NULL))
            continue;
          since = step_since (step, rules, paid, today, grace);
          if (since != NULL &&
              !reminded_since (store, (const char *) sqlite3_column_text (st, 0),
                               step_templates[step], since))
            counts[step]++;
          /* The groups do not overlap. */
          break;
        }
    }
  sqlite3_finalize (st);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the members: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return FALSE;
    }

  return TRUE;
}

guint
ch_mail_reminders_count_step (ChStore                   *store,
                              const char                *chapter_id,
                              const ChMailReminderRules *rules,
                              ChMailReminderStep         step,
                              GError                   **error)
{
  guint counts[CH_MAIL_REMINDER_N_STEPS];

  g_return_val_if_fail (CH_IS_STORE (store), 0);
  g_return_val_if_fail ((guint) step < CH_MAIL_REMINDER_N_STEPS, 0);

  if (!count_steps (store, chapter_id, rules, counts, error))
    return 0;
  return counts[step];
}

/* The total, and the first step with any and its count. */
static guint
count_all (ChStore                   *store,
           const char                *chapter_id,
           const ChMailReminderRules *rules,
           ChMailReminderStep        *out_step,
           guint                     *out_step_count,
           GError                   **error)
{
  guint counts[CH_MAIL_REMINDER_N_STEPS];
  guint total = 0;
  gboolean found = FALSE;

  if (!count_steps (store, chapter_id, rules, counts, error))
    return 0;

  for (guint step = 0; step < CH_MAIL_REMINDER_N_STEPS; step++)
    {
      if (counts[step] > 0 && !found)
        {
          found = TRUE;
          if (out_step != NULL)
            *out_step = step;
          if (out_step_count != NULL)
            *out_step_count = counts[step];
        }
      total += counts[step];
    }

  return total;
}

guint
ch_mail_reminders_count (ChStore                   *store,
                         const char                *chapter_id,
                         const ChMailReminderRules *rules,
                         ChMailReminderStep        *out_step,
                         GError                   **error)
{
  g_return_val_if_fail (CH_IS_STORE (store), 0);

  return count_all (store, chapter_id, rules, out_step, NULL, error);
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
  n = count_all (store, job->chapter_id, &job->rules, &job->step, &job->step_count, &error);
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
