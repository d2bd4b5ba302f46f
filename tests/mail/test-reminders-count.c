/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "ch-demo.h"
#include "ch-iso-date.h"
#include "ch-mail-recipients.h"
#include "ch-mail-reminders.h"
#include "ch-member.h"
#include "ch-store-private.h"
#include "ch-test-util.h"

/* The count of renewal reminders due (the window's "reminders are due"
 * toast) reads the member rows without making a ChMember of each: it must
 * say what the list of due members, less those who may not be e-mailed,
 * says, for every step and rule. */

static guint
count_from_objects (StoreFixture              *f,
                    const ChMailReminderRules *rules,
                    ChMailReminderStep         step)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = ch_mail_reminders_due (f->store, f->chapter_id, rules, step, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < due->len; i++)
    n += ch_mail_recipients_may_email (due->pdata[i], NULL) ? 1 : 0;
  return n;
}

/* Records that @step's template was sent today to @n of the members due
 * for it who may be e-mailed. */
static void
remind_some (StoreFixture              *f,
             const ChMailReminderRules *rules,
             ChMailReminderStep         step,
             guint                      n)
{
  g_autoptr(GPtrArray) due = ch_mail_reminders_due (f->store, f->chapter_id, rules, step, NULL);
  g_autofree char *today = ch_iso_date_from_days (ch_store_today_days (f->store, f->chapter_id));
  g_autofree char *sent_at = g_strdup_printf ("%sT09:00:00Z", today);
  sqlite3 *db = ch_store_get_db (f->store);

  g_assert_nonnull (due);
  for (guint i = 0; i < due->len && n > 0; i++)
    {
      sqlite3_stmt *st = NULL;
      g_autofree char *id = g_strdup_printf ("record-%u-%u", step, i);

      if (!ch_mail_recipients_may_email (due->pdata[i], NULL))
        continue;
      n--;

      g_assert_cmpint (sqlite3_prepare_v2 (db,
                                           "INSERT INTO mail_record (id, chapter_id, member_id, "
                                           "template, sent_at) VALUES (?, ?, ?, ?, ?)",
                                           -1, &st, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 2, f->chapter_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 3, ch_member_get_id (due->pdata[i]), -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 4, ch_mail_reminders_template (step), -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 5, sent_at, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (st), ==, SQLITE_DONE);
      sqlite3_finalize (st);
    }
}

static void
assert_counts (StoreFixture              *f,
               const ChMailReminderRules *rules)
{
  guint expected_total = 0;
  gint expected_first = -1;
  ChMailReminderStep first = CH_MAIL_REMINDER_N_STEPS;
  g_autoptr(GError) error = NULL;

  for (guint step = 0; step < CH_MAIL_REMINDER_N_STEPS; step++)
    {
      guint expected = count_from_objects (f, rules, step);

      g_assert_cmpuint (ch_mail_reminders_count_step (f->store, f->chapter_id, rules, step,
                                                      &error), ==, expected);
      g_assert_no_error (error);
      if (expected > 0 && expected_first < 0)
        expected_first = step;
      expected_total += expected;
    }

  g_assert_cmpuint (ch_mail_reminders_count (f->store, f->chapter_id, rules, &first, &error),
                    ==, expected_total);
  g_assert_no_error (error);
  if (expected_first >= 0)
    g_assert_cmpint (first, ==, expected_first);
}

static void
test_same_as_objects (StoreFixture  *f,
                      gconstpointer  data)
{
  static const ChMailReminderRules all_rules[] = {
    { 30, TRUE, TRUE },
    { 14, TRUE, FALSE },
    { 7, FALSE, TRUE },
    { 0, TRUE, TRUE },
    { 90, FALSE, FALSE },   /* more than the longest "days before": 30 */
    { 0, FALSE, FALSE },
  };
  ChMailReminderRules widest = { 30, TRUE, TRUE };
  g_autoptr(GError) error = NULL;
  guint due[CH_MAIL_REMINDER_N_STEPS];
  guint members;

  g_assert_true (ch_demo_populate (f->store, f->chapter_id, 800, 20261203, CH_DEMO_LOCAL,
                                   &error));
  g_assert_no_error (error);
  members = ch_store_query_int (f->store, 0, "SELECT count(*) FROM member WHERE deleted = 0",
                                ch_store_sql_end);

  /* The fixture has members due at every step, and many who are not. */
  for (guint step = 0; step < CH_MAIL_REMINDER_N_STEPS; step++)
    {
      due[step] = count_from_objects (f, &widest, step);
      g_assert_cmpuint (due[step], >, 1);
    }
  g_assert_cmpuint (due[0] + due[1] + due[2], <, members / 2);

  for (guint i = 0; i < G_N_ELEMENTS (all_rules); i++)
    assert_counts (f, &all_rules[i]);

  /* Reminded members drop out of their step's count, not of the others. */
  for (guint step = 0; step < CH_MAIL_REMINDER_N_STEPS; step++)
    remind_some (f, &widest, step, 1);
  for (guint step = 0; step < CH_MAIL_REMINDER_N_STEPS; step++)
    g_assert_cmpuint (count_from_objects (f, &widest, step), <, due[step]);
  for (guint i = 0; i < G_N_ELEMENTS (all_rules); i++)
    assert_counts (f, &all_rules[i]);
}

int
main (int    argc,
      char **argv)
{
  test_init_c_locale (&argc, &argv);

  g_test_add ("/reminders-count/same-as-objects", StoreFixture, NULL, store_fixture_setup,
              test_same_as_objects, store_fixture_teardown);

  return g_test_run ();
}
