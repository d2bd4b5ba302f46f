/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Renewal reminders that come due: an officer's rules (N days before the
 * dues run out, at the start of grace, at lapse) say when a member should
 * get which template.  A member is due for a step until a message of that
 * step's template is in their synced record since the step began, from any
 * officer, so what one officer sent drops out of every officer's list once
 * it has synced.  Nothing is sent here: the window offers the due members
 * in the compose dialog for the president to review.
 */

typedef enum
{
  CH_MAIL_REMINDER_BEFORE,   /* N days before the dues run out: "renewal-due" */
  CH_MAIL_REMINDER_GRACE,    /* in grace: "renewal-grace" */
  CH_MAIL_REMINDER_LAPSE,    /* lapsed within the last 30 days: "renewal-lapsed" */
  CH_MAIL_REMINDER_N_STEPS,
} ChMailReminderStep;

/* The longest "days before" a rule may say: the Renewals page's due group. */
#define CH_MAIL_REMINDERS_MAX_DAYS_BEFORE 30
/* How long after the lapse a win-back message is still due. */
#define CH_MAIL_REMINDERS_LAPSE_DAYS 30

typedef struct
{
  guint    days_before;   /* 0: no reminder before the end */
  gboolean at_grace;
  gboolean at_lapse;
} ChMailReminderRules;

/* The template of @step: "renewal-due", "renewal-grace", "renewal-lapsed". */
const char *ch_mail_reminders_template (ChMailReminderStep step);

/* The members (ChMember) due for @step under @rules today, soonest first:
 * in the step's Renewals group, inside its window, and not sent the
 * step's template since the step began.  Members who may not be e-mailed
 * are in the list too; ch-mail-recipients leaves them out with the reason.
 * An empty array when @rules leave the step off. */
GPtrArray  *ch_mail_reminders_due      (ChStore                   *store,
                                        const char                *chapter_id,
                                        const ChMailReminderRules *rules,
                                        ChMailReminderStep         step,
                                        GError                   **error);

/* How many of @step's are due, counting only members who may be e-mailed. */
guint       ch_mail_reminders_count_step (ChStore                   *store,
                                          const char                *chapter_id,
                                          const ChMailReminderRules *rules,
                                          ChMailReminderStep         step,
                                          GError                   **error);

/* How many reminders are due in all, counting only members who may be
 * e-mailed; @out_step: the first step with any (for "Review"). */
guint       ch_mail_reminders_count    (ChStore                   *store,
                                        const char                *chapter_id,
                                        const ChMailReminderRules *rules,
                                        ChMailReminderStep        *out_step,
                                        GError                   **error);

/* ch_mail_reminders_count() on a worker thread with its own connection to
 * the database at @db_path (the window asks when a chapter opens). */
void        ch_mail_reminders_count_async  (const char                *db_path,
                                            const char                *chapter_id,
                                            const ChMailReminderRules *rules,
                                            GCancellable              *cancellable,
                                            GAsyncReadyCallback        callback,
                                            gpointer                   user_data);
/* How many are due (0 on error, with @error set), the first step with any
 * and how many are due for it. */
guint       ch_mail_reminders_count_finish (GAsyncResult              *result,
                                            ChMailReminderStep        *out_step,
                                            guint                     *out_step_count,
                                            GError                   **error);

G_END_DECLS
