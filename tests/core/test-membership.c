/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-membership"

#include "config.h"

#include <string.h>

#include "ch-history.h"
#include "ch-member-private.h"
#include "ch-membership.h"
#include "ch-merge.h"
#include "ch-payments.h"
#include "ch-renewals.h"
#include "ch-roles.h"
#include "ch-specialties.h"
#include "ch-store-private.h"
#include "ch-test-util.h"
#include "ch-tiers.h"
#include "ch-date.h"
#include "ch-uuid.h"

/* ----------------------------------------------------------------------- */
/* Helpers                                                                 */

/* Today in the chapter's zone plus @offset days, as ISO. */
static char *
day (StoreFixture *f,
     gint          offset)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, ch_store_today_days (f->store, f->chapter_id) + 1 + offset);
  return ch_date_format (&d);
}

static char *
add_member_full (StoreFixture *f,
                 const char   *given,
                 const char   *family,
                 const char   *email,
                 const char   *tier,
                 const char   *joined_on,
                 const char   *paid_until)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  if (email)
    json_object_set_string_member (fields, "email", email);
  json_object_set_string_member (fields, "tier", tier);
  json_object_set_string_member (fields, "joined_on", joined_on);
  if (paid_until)
    json_object_set_string_member (fields, "dues_paid_until", paid_until);

  return test_add_member_fields (f->store, f->chapter_id, fields);
}

static ChMemberStatus
status_of (StoreFixture *f,
           const char   *id)
{
  g_autoptr(ChMember) m = ch_store_get_member (f->store, id, NULL);

  g_assert_nonnull (m);
  return ch_member_get_status (m);
}

static gint64
count (StoreFixture *f,
       const char   *sql)
{
  return test_query_int (f->path, sql);
}

/* "entity:op" of the outbox entries after @after, joined by " ". */
static char *
outbox_since (StoreFixture *f,
              guint         after)
{
  g_autoptr(GPtrArray) entries = ch_store_outbox_list (f->store, NULL, 0, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = after; i < entries->len; i++)
    {
      ChStoreOutboxEntry *e = entries->pdata[i];

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%s:%s", e->entity, e->op);
    }

  return g_string_free (out, FALSE);
}

static gboolean
pay (StoreFixture  *f,
     const char    *member_id,
     const char    *json,
     GError       **error)
{
  g_autoptr(JsonObject) fields = test_json (json);

  return ch_payments_record (f->store, member_id, fields, NULL, error);
}

/* ----------------------------------------------------------------------- */
/* Payments                                                                */

static void
test_payment_status (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = day (f, -700);
  g_autofree char *paid = day (f, -40);
  g_autofree char *today = day (f, 0);
  g_autofree char *id = add_member_full (f, "Eva", "Lind", "eva@example.org", "chapter", joined,
                                         paid);
  g_autofree char *until = NULL;
  g_autofree char *expected_until = NULL;
  g_autofree char *json = NULL;
  g_autofree char *ops = NULL;
  guint before;
  GDate d;

  /* 40 days after the dues ran out, 30 days of grace: lapsed. */
  g_assert_cmpint (status_of (f, id), ==, CH_MEMBER_STATUS_LAPSED);

  before = ch_store_outbox_count (f->store, NULL);
  json = g_strdup_printf ("{'amount': 150000, 'paid_on': '%s', 'method': 'card'}", today);
  g_assert_true (pay (f, id, json, &error));
  g_assert_no_error (error);

  /* A year from today (the old coverage ended long ago). */
  ch_date_parse (today, &d);
  g_date_add_months (&d, 12);
  g_date_subtract_days (&d, 1);
  expected_until = ch_date_format (&d);
  until = test_row_text (f->store, "member", id, "dues_paid_until");
  g_assert_cmpstr (until, ==, expected_until);
  g_assert_cmpint (status_of (f, id), ==, CH_MEMBER_STATUS_ACTIVE);

  /* One payment, the new paid-until date, and the history: the join the
   * member's joined_on implied, its end at the lapse, the rejoin. */
  ops = outbox_since (f, before);
  g_assert_cmpstr (ops, ==, "payment:insert member:update membership_period:insert "
                            "membership_period:update membership_period:insert");

  /* The currency defaults to the chapter's. */
  {
    g_autoptr(GPtrArray) list = ch_payments_list (f->store, f->chapter_id, id, &error);

    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (ch_payment_get_currency (list->pdata[0]), ==, "SEK");
    g_assert_cmpstr (ch_payment_get_member_name (list->pdata[0]), ==, "Eva Lind");
    g_assert_cmpint (ch_payment_get_amount (list->pdata[0]), ==, 150000);
  }

  /* Renewing early extends from the day after, and writes a renew period. */
  before = ch_store_outbox_count (f->store, NULL);
  g_assert_true (pay (f, id, json, &error));
  g_clear_pointer (&ops, g_free);
  ops = outbox_since (f, before);
  g_assert_cmpstr (ops, ==, "payment:insert member:update membership_period:insert");
  g_date_add_months (&d, 12);
  {
    g_autofree char *two_years = test_row_text (f->store, "member", id, "dues_paid_until");
    g_autofree char *expected = NULL;
    GDate e;

    ch_date_parse (expected_until, &e);
    g_date_add_days (&e, 1);
    g_date_add_months (&e, 12);
    g_date_subtract_days (&e, 1);
    expected = ch_date_format (&e);
    g_assert_cmpstr (two_years, ==, expected);
  }

  /* Deleting the later payment brings the date back. */
  {
    g_autoptr(GPtrArray) list = ch_payments_list (f->store, f->chapter_id, id, &error);
    const char *latest = NULL;
    g_autofree char *back = NULL;

    for (guint i = 0; i < list->len; i++)
      if (g_strcmp0 (ch_payment_get_covers_until (list->pdata[i]), expected_until) != 0)
        latest = ch_payment_get_id (list->pdata[i]);
    g_assert_nonnull (latest);
    g_assert_true (ch_payments_delete (f->store, latest, &error));
    g_assert_no_error (error);
    back = test_row_text (f->store, "member", id, "dues_paid_until");
    g_assert_cmpstr (back, ==, expected_until);
  }

  /* Totals per year of the yearly chapter. */
  {
    g_autoptr(GPtrArray) totals = ch_payments_totals (f->store, f->chapter_id, NULL, &error);
    ChPaymentTotal *t;

    g_assert_cmpuint (totals->len, ==, 1);
    t = totals->pdata[0];
    g_assert_cmpint (t->total, ==, 150000);
    g_assert_cmpuint (t->n_payments, ==, 1);
    g_assert_cmpstr (t->currency, ==, "SEK");
    g_assert_cmpuint (strlen (t->period), ==, 4);
  }
}

static void
test_payment_bad_input (StoreFixture  *f,
                        gconstpointer  data)
{
  static const char *bad[] = {
    "{'amount': 0, 'paid_on': '2024-05-01'}",
    "{'amount': -100, 'paid_on': '2024-05-01'}",
    "{'paid_on': '2024-05-01'}",
    "{'amount': '150.00', 'paid_on': '2024-05-01'}",
    "{'amount': 1.5, 'paid_on': '2024-05-01'}",
    "{'amount': 100}",
    "{'amount': 100, 'paid_on': '2024-02-30'}",
    "{'amount': 100, 'paid_on': 'yesterday'}",
    "{'amount': 100, 'paid_on': '2024-05-01', 'covers_from': '2024-05-01'}",
    "{'amount': 100, 'paid_on': '2024-05-01', 'covers_from': '2024-06-01',"
    " 'covers_until': '2024-05-31'}",
    "{'amount': 100, 'paid_on': '2024-05-01', 'covers_from': '2024-05-01',"
    " 'covers_until': '2024-13-01'}",
    "{'amount': 100, 'paid_on': '2024-05-01', 'currency': 'eur'}",
    "{'amount': 100, 'paid_on': '2024-05-01', 'method': 'bitcoin'}",
    "{'amount': 100, 'paid_on': '2024-05-01', 'tip': 5}",
  };
  g_autofree char *id = add_member_full (f, "Bo", "Ek", NULL, "chapter", "2024-01-01",
                                         "2024-12-31");
  guint before = ch_store_outbox_count (f->store, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (pay (f, id, bad[i], &error));
      g_assert_error (error, CH_PAYMENTS_ERROR, CH_PAYMENTS_ERROR_INVALID);
      g_assert_cmpstr (error->message, !=, "");
    }

  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before);
  g_assert_cmpint (count (f, "SELECT count(*) FROM payment"), ==, 0);
  {
    g_autofree char *until = test_row_text (f->store, "member", id, "dues_paid_until");
    g_assert_cmpstr (until, ==, "2024-12-31");
  }

  /* A deleted member takes no payments. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (ch_store_delete (f->store, "member", id, NULL));
    g_assert_false (pay (f, id, "{'amount': 100, 'paid_on': '2024-05-01'}", &error));
    g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND);
  }
}

/* The payment, the member and the history are one transaction. */
static void
test_payment_atomic (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member_full (f, "Bo", "Ek", NULL, "chapter", "2024-01-01",
                                         "2024-12-31");
  guint before = ch_store_outbox_count (f->store, NULL);

  g_assert_true (ch_store_exec_for_test (f->store,
                                         "CREATE TEMP TRIGGER boom "
                                         "BEFORE INSERT ON membership_period "
                                         "BEGIN SELECT RAISE(ABORT, 'boom'); END", NULL));
  g_assert_false (pay (f, id, "{'amount': 100, 'paid_on': '2024-11-01'}", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before);
  g_assert_cmpint (count (f, "SELECT count(*) FROM payment"), ==, 0);
  {
    g_autofree char *until = test_row_text (f->store, "member", id, "dues_paid_until");
    g_assert_cmpstr (until, ==, "2024-12-31");
  }

  g_assert_true (ch_store_exec_for_test (f->store, "DROP TRIGGER boom", NULL));
  g_assert_true (pay (f, id, "{'amount': 100, 'paid_on': '2024-11-01'}", &error));
  g_assert_no_error (error);
  {
    g_autofree char *until = test_row_text (f->store, "member", id, "dues_paid_until");
    g_assert_cmpstr (until, ==, "2025-12-31");
  }
}

static void
check_coverage (StoreFixture *f,
                const char   *chapter_period,
                const char   *paid_until,
                const char   *paid_on,
                const char   *expected_from,
                const char   *expected_until)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *id = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *given = g_strdup_printf ("M%s", paid_on);

  json_object_set_string_member (set, "dues_period", chapter_period);
  g_assert_true (ch_store_update (f->store, "chapter", f->chapter_id, set, &error));
  g_assert_no_error (error);

  id = add_member_full (f, given, paid_until ? paid_until : "Never", NULL, "chapter", "2020-01-01",
                        paid_until);
  g_assert_true (ch_payments_default_coverage (f->store, id, paid_on, &from, &until, &error));
  g_assert_no_error (error);
  g_test_message ("%s, paid until %s, paid on %s: %s to %s", chapter_period, paid_until, paid_on,
                  from, until);
  g_assert_cmpstr (from, ==, expected_from);
  g_assert_cmpstr (until, ==, expected_until);
}

static void
test_payment_coverage (StoreFixture  *f,
                       gconstpointer  data)
{
  /* Month ends clamp: 31 Jan + 1 month = 29 Feb (leap year) or 28 Feb. */
  check_coverage (f, "monthly", "2024-01-30", "2024-01-15", "2024-01-31", "2024-02-28");
  check_coverage (f, "monthly", "2023-01-30", "2023-01-15", "2023-01-31", "2023-02-27");
  check_coverage (f, "monthly", "2024-01-31", "2024-01-15", "2024-02-01", "2024-02-29");
  check_coverage (f, "monthly", "2024-11-30", "2024-11-02", "2024-12-01", "2024-12-31");
  check_coverage (f, "quarterly", "2024-11-29", "2024-11-02", "2024-11-30", "2025-02-27");
  check_coverage (f, "quarterly", "2024-12-31", "2024-12-01", "2025-01-01", "2025-03-31");
  check_coverage (f, "yearly", "2024-02-28", "2024-02-01", "2024-02-29", "2025-02-27");
  check_coverage (f, "yearly", "2023-12-31", "2023-12-20", "2024-01-01", "2024-12-31");
  /* Dues that ran out long ago, or were never paid: from the payment day. */
  check_coverage (f, "yearly", "2020-06-30", "2024-03-15", "2024-03-15", "2025-03-14");
  check_coverage (f, "yearly", NULL, "2024-03-15", "2024-03-15", "2025-03-14");
  check_coverage (f, "monthly", NULL, "2024-01-31", "2024-01-31", "2024-02-28");
}

/* Paid until 2026-11-16, paid during the grace days on 2026-12-02: the
 * renewal continues from 2026-11-17, as the payment dialog says, unless the
 * chapter's rule is to start renewals on the payment day. */
static void
test_payment_renewal_in_grace (StoreFixture  *f,
                               gconstpointer  data)
{
  g_autoptr(JsonObject) rule = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *paid_until = NULL;

  /* Recorded without dates: the same period, and no gap in the dues. */
  id = add_member_full (f, "Greta", "Lund", NULL, "chapter", "2020-01-01", "2026-11-16");
  g_assert_true (pay (f, id, "{'amount': 150000, 'paid_on': '2026-12-02'}", &error));
  g_assert_no_error (error);
  paid_until = test_row_text (f->store, "member", id, "dues_paid_until");
  g_assert_cmpstr (paid_until, ==, "2027-11-16");

  check_coverage (f, "yearly", "2026-11-16", "2026-12-02", "2026-11-17", "2027-11-16");
  check_coverage (f, "monthly", "2026-11-16", "2026-11-20", "2026-11-17", "2026-12-16");

  /* The chapter's rule switched: a late renewal starts on the payment day. */
  json_object_set_string_member (rule, "renewal_start", CH_RENEWAL_START_PAYMENT_DAY);
  g_assert_true (ch_store_update (f->store, "chapter", f->chapter_id, rule, &error));
  g_assert_no_error (error);
  check_coverage (f, "yearly", "2026-11-16", "2026-12-02", "2026-12-02", "2027-12-01");
  /* Paid early, it still continues from the old end. */
  check_coverage (f, "yearly", "2026-11-16", "2026-11-01", "2026-11-17", "2027-11-16");
}

/* ----------------------------------------------------------------------- */
/* History                                                                 */

static guint
history_count (GPtrArray     *history,
               ChHistoryKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < history->len; i++)
    if (ch_history_entry_get_kind (history->pdata[i]) == kind)
      n++;

  return n;
}

static ChHistoryEntry *
history_find (GPtrArray     *history,
              ChHistoryKind  kind)
{
  for (guint i = 0; i < history->len; i++)
    if (ch_history_entry_get_kind (history->pdata[i]) == kind)
      return history->pdata[i];

  return NULL;
}

/* Someone on the free tier for years who moves to the paid tier today owes
 * dues from today (grace starts tomorrow), and is not lapsed because they
 * first joined years ago. */
static void
test_upgrade_starts_dues (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member_full (f, "Ines", "Sousa", NULL, "network", "2021-03-01", NULL);
  g_autoptr(ChMember) member = NULL;
  GDate today;
  g_autofree char *today_iso = NULL;

  ch_date_today ("Europe/Stockholm", &today);
  today_iso = ch_date_format (&today);

  g_assert_true (ch_membership_change_tier (f->store, id, "chapter", NULL, &error));
  g_assert_no_error (error);

  member = ch_store_get_member (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ch_member_get_text (member, "dues_paid_until"), ==, today_iso);
  g_assert_cmpint (ch_member_get_status (member), ==, CH_MEMBER_STATUS_ACTIVE);
}

static void
test_upgrade_conversion (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member_full (f, "Ana", "Ruiz", NULL, "network", "2024-01-10", NULL);
  g_autofree char *tier = NULL;
  g_autofree char *ops = NULL;
  g_autoptr(GPtrArray) history = NULL;
  guint before;

  before = ch_store_outbox_count (f->store, NULL);
  g_assert_true (ch_membership_change_tier (f->store, id, "chapter", "2024-06-01", &error));
  g_assert_no_error (error);
  ops = outbox_since (f, before);
  g_assert_cmpstr (ops, ==, "membership_period:insert membership_period:update "
                            "membership_period:insert member:update");

  tier = test_row_text (f->store, "member", id, "tier");
  g_assert_cmpstr (tier, ==, "chapter");
  g_assert_cmpint (count (f, "SELECT count(*) FROM membership_period WHERE kind = 'join' "
                             "AND tier = 'network' AND starts_on = '2024-01-10' "
                             "AND ends_on = '2024-05-31'"),
                   ==, 1);
  g_assert_cmpint (count (f,
                          "SELECT count(*) FROM membership_period WHERE kind = 'upgrade' "
                          "AND tier = 'chapter' AND starts_on = '2024-06-01' AND ends_on IS NULL"),
                   ==, 1);

  g_assert_cmpuint (ch_membership_count_conversions (f->store, f->chapter_id, NULL, NULL), ==, 1);
  g_assert_cmpuint (ch_membership_count_conversions (f->store, f->chapter_id, "2024-06-01",
                                                     "2024-06-30"),
                    ==, 1);
  g_assert_cmpuint (ch_membership_count_conversions (f->store, f->chapter_id, "2024-06-02", NULL),
                    ==, 0);
  g_assert_cmpuint (ch_membership_count_conversions (f->store, f->chapter_id, NULL, "2024-05-31"),
                    ==, 0);

  /* Paid → honorary is a change of tier, not a conversion. */
  g_assert_true (ch_membership_change_tier (f->store, id, "honorary", "2024-09-01", &error));
  g_assert_cmpuint (ch_membership_count_conversions (f->store, f->chapter_id, NULL, NULL), ==, 1);

  history = ch_history_list (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpint (ch_history_entry_get_kind (history->pdata[0]), ==, CH_HISTORY_JOIN);
  g_assert_cmpstr (ch_history_entry_get_date (history->pdata[0]), ==, "2024-01-10");
  g_assert_cmpint (ch_history_entry_get_kind (history->pdata[1]), ==, CH_HISTORY_UPGRADE);
  g_assert_cmpstr (ch_history_entry_get_date (history->pdata[1]), ==, "2024-06-01");
  g_assert_nonnull (strstr (ch_history_entry_get_title (history->pdata[1]), "Chapter"));
  g_assert_cmpstr (ch_history_entry_get_detail (history->pdata[1]), ==,
                   "From a free tier to a paid one");
  /* Paid → honorary is no conversion. */
  g_assert_null (ch_history_entry_get_detail (history->pdata[2]));

  /* Bad input changes nothing. */
  before = ch_store_outbox_count (f->store, NULL);
  g_assert_false (ch_membership_change_tier (f->store, id, "platinum", "2024-10-01", &error));
  g_assert_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_membership_change_tier (f->store, id, "chapter", "2024-10-32", &error));
  g_assert_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_membership_change_tier (f->store, id, "chapter", "2023-01-01", &error));
  g_assert_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_membership_change_tier (f->store, id, "honorary", NULL, &error));
  g_assert_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before);
}

static void
test_leave_rejoin (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member_full (f, "Jan", "Nowak", NULL, "chapter", "2022-01-01",
                                         "2022-12-31");
  g_autoptr(GPtrArray) history = NULL;
  ChHistoryEntry *e;
  guint before;

  /* Bad reasons and dates are refused. */
  before = ch_store_outbox_count (f->store, NULL);
  g_assert_false (ch_membership_leave (f->store, id, "2023-03-01", "bored", &error));
  g_assert_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_membership_leave (f->store, id, "2021-03-01", CH_LEAVE_COST, &error));
  g_assert_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before);

  g_assert_true (ch_membership_leave (f->store, id, "2023-03-01", CH_LEAVE_COST, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status_of (f, id), ==, CH_MEMBER_STATUS_LEFT);
  {
    g_autofree char *reason = test_row_text (f->store, "member", id, "left_reason");
    g_assert_cmpstr (reason, ==, "cost");
  }

  /* Rejoining before the leave, or twice leaving, is refused. */
  g_assert_false (ch_membership_rejoin (f->store, id, "2023-02-01", &error));
  g_assert_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_membership_leave (f->store, id, "2023-04-01", CH_LEAVE_MOVED, &error));
  g_assert_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (ch_membership_rejoin (f->store, id, "2024-01-15", &error));
  g_assert_no_error (error);
  {
    g_autofree char *left = test_row_text (f->store, "member", id, "left_on");
    g_assert_null (left);
  }
  g_assert_true (pay (f, id, "{'amount': 150000, 'paid_on': '2024-01-15'}", &error));
  g_assert_no_error (error);

  history = ch_history_list (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history_count (history, CH_HISTORY_JOIN), ==, 1);
  g_assert_cmpuint (history_count (history, CH_HISTORY_LEAVE), ==, 1);
  g_assert_cmpuint (history_count (history, CH_HISTORY_REJOIN), ==, 1);
  g_assert_cmpuint (history_count (history, CH_HISTORY_PAYMENT), ==, 1);

  e = history_find (history, CH_HISTORY_LEAVE);
  g_assert_cmpstr (ch_history_entry_get_date (e), ==, "2023-03-01");
  g_assert_cmpstr (ch_history_entry_get_detail (e), ==,
                   ch_membership_leave_reason_label (CH_LEAVE_COST));

  /* 2023-03-02 … 2024-01-14: about ten and a half months away. */
  e = history_find (history, CH_HISTORY_REJOIN);
  g_assert_cmpstr (ch_history_entry_get_date (e), ==, "2024-01-15");
  g_assert_cmpstr (ch_history_entry_get_detail (e), ==, "Gap of 10 months");

  /* Oldest first. */
  for (guint i = 1; i < history->len; i++)
    g_assert_cmpstr (ch_history_entry_get_date (history->pdata[i - 1]), <=,
                     ch_history_entry_get_date (history->pdata[i]));

  /* An active member cannot rejoin. */
  {
    g_autofree char *id2 = add_member_full (f, "Al", "Active", NULL, "network", "2022-01-01", NULL);

    g_assert_false (ch_membership_rejoin (f->store, id2, NULL, &error));
    g_assert_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID);
  }
}

/* left_on typed in the member form (no periods yet), then rejoining: the
 * implied join period ends on the day they left, with the reason. */
static void
test_rejoin_after_typed_leave (StoreFixture  *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member_full (f, "Ola", "Berg", NULL, "network", "2020-02-01", NULL);
  g_autoptr(JsonObject) set = test_json ("{'left_on': '2022-05-31', 'left_reason': 'moved'}");
  g_autoptr(GPtrArray) history = NULL;
  ChHistoryEntry *e;

  g_assert_true (ch_store_update_member (f->store, id, set, &error));
  g_assert_cmpint (status_of (f, id), ==, CH_MEMBER_STATUS_LEFT);
  g_assert_true (ch_membership_rejoin (f->store, id, "2023-06-01", &error));
  g_assert_no_error (error);
  g_assert_cmpint (status_of (f, id), ==, CH_MEMBER_STATUS_ACTIVE);
  g_assert_cmpint (count (f, "SELECT count(*) FROM membership_period WHERE kind = 'join' "
                             "AND ends_on = '2022-05-31' AND end_reason = 'moved'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM membership_period WHERE ends_on IS NULL"),
                   ==, 1);

  history = ch_history_list (f->store, id, &error);
  e = history_find (history, CH_HISTORY_LEAVE);
  g_assert_cmpstr (ch_history_entry_get_date (e), ==, "2022-05-31");
  e = history_find (history, CH_HISTORY_REJOIN);
  g_assert_cmpstr (ch_history_entry_get_detail (e), ==, "Gap of 12 months");
}

/* A member who lapsed and pays again: the lapse and the gap show. */
static void
test_lapse_rejoin_history (StoreFixture  *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member_full (f, "Lu", "Chen", NULL, "chapter", "2021-01-01", NULL);
  g_autoptr(GPtrArray) history = NULL;
  ChHistoryEntry *e;

  g_assert_true (pay (f, id, "{'amount': 100, 'paid_on': '2021-01-01', "
                             "'covers_from': '2021-01-01', 'covers_until': '2021-12-31'}", &error));
  g_assert_no_error (error);
  g_assert_cmpint (status_of (f, id), ==, CH_MEMBER_STATUS_LAPSED);

  g_assert_true (pay (f, id, "{'amount': 100, 'paid_on': '2023-06-01'}", &error));
  g_assert_no_error (error);

  history = ch_history_list (f->store, id, &error);
  g_assert_no_error (error);
  e = history_find (history, CH_HISTORY_LAPSE);
  g_assert_nonnull (e);
  g_assert_cmpstr (ch_history_entry_get_date (e), ==, "2022-01-31");
  e = history_find (history, CH_HISTORY_REJOIN);
  g_assert_nonnull (e);
  g_assert_cmpstr (ch_history_entry_get_date (e), ==, "2023-06-01");
  g_assert_nonnull (ch_history_entry_get_detail (e));
  g_assert_true (g_str_has_prefix (ch_history_entry_get_detail (e), "Gap of"));
}

/* ----------------------------------------------------------------------- */
/* Renewals                                                                */

static char *
names_of (GPtrArray *members)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < members->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, ch_member_get_given_name (members->pdata[i]));
    }

  return g_string_free (out, FALSE);
}

static void
test_renewals (StoreFixture  *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_ago = day (f, -3000);
  g_autofree char *d10 = day (f, 10);
  g_autofree char *d30 = day (f, 30);
  g_autofree char *d31 = day (f, 31);
  g_autofree char *m5 = day (f, -5);
  g_autofree char *m30 = day (f, -30);
  g_autofree char *m40 = day (f, -40);
  g_autofree char *m120 = day (f, -120);
  g_autofree char *m121 = day (f, -121);
  g_autofree char *m400 = day (f, -400);
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) grace = NULL;
  g_autoptr(GPtrArray) lapsed = NULL;
  g_autofree char *names = NULL;
  g_autofree char *mailto = NULL;
  g_autofree char *addresses = NULL;
  g_autofree char *quiet = NULL;

  g_free (add_member_full (f, "Due10", "A", "due10@example.org", "chapter", long_ago, d10));
  g_free (add_member_full (f, "Due30", "B", "a+b@example.org", "chapter", long_ago, d30));
  g_free (add_member_full (f, "Later", "C", "later@example.org", "chapter", long_ago, d31));
  g_free (add_member_full (f, "Grace5", "D", NULL, "chapter", long_ago, m5));
  g_free (add_member_full (f, "Grace30", "E", "g30@example.org", "chapter", long_ago, m30));
  g_free (add_member_full (f, "Lapsed40", "F", "l40@example.org", "chapter", long_ago, m40));
  g_free (add_member_full (f, "Lapsed120", "G", "l120@example.org", "chapter", long_ago, m120));
  g_free (add_member_full (f, "Lapsed121", "H", "l121@example.org", "chapter", long_ago, m121));
  g_free (add_member_full (f, "Old", "I", "old@example.org", "chapter", long_ago, m400));
  g_free (add_member_full (f, "Free", "J", "free@example.org", "network", long_ago, m40));
  g_free (add_member_full (f, "Hon", "K", "hon@example.org", "honorary", long_ago, m40));
  quiet = add_member_full (f, "Quiet", "L", "quiet@example.org", "chapter", long_ago, d10);
  {
    g_autoptr(JsonObject) set = test_json ("{'consent_email': false}");
    g_assert_true (ch_store_update_member (f->store, quiet, set, &error));
  }

  due = ch_renewals_list (f->store, f->chapter_id, CH_RENEWAL_DUE_SOON, &error);
  g_assert_no_error (error);
  names = names_of (due);
  g_assert_cmpstr (names, ==, "Due10|Quiet|Due30");
  g_clear_pointer (&names, g_free);

  /* Soonest to lapse first. */
  grace = ch_renewals_list (f->store, f->chapter_id, CH_RENEWAL_IN_GRACE, &error);
  names = names_of (grace);
  g_assert_cmpstr (names, ==, "Grace30|Grace5");
  g_clear_pointer (&names, g_free);

  /* Grace ended within the last 90 days: 40 and 120 days after the dues
   * (10 and 90 days after the grace), the most recent first. */
  lapsed = ch_renewals_list (f->store, f->chapter_id, CH_RENEWAL_RECENTLY_LAPSED, &error);
  names = names_of (lapsed);
  g_assert_cmpstr (names, ==, "Lapsed40|Lapsed120");

  /* BCC: escaped, without those who refused e-mail or have none. */
  mailto = ch_renewals_mailto_bcc (due);
  g_assert_cmpstr (mailto, ==, "mailto:?bcc=due10%40example.org,a%2Bb%40example.org");
  addresses = ch_renewals_addresses (due);
  g_assert_cmpstr (addresses, ==, "due10@example.org\na+b@example.org\n");
  g_clear_pointer (&mailto, g_free);
  mailto = ch_renewals_mailto_bcc (grace);
  g_assert_cmpstr (mailto, ==, "mailto:?bcc=g30%40example.org");
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();
    g_assert_null (ch_renewals_mailto_bcc (none));
  }
}

/* ----------------------------------------------------------------------- */
/* Roles                                                                   */

/* A chapter has one president: adding one hands the seat over, the old
 * term ending the day before; undo puts both back. */
static void
test_roles_hand_over (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *anders = add_member_full (f, "Anders", "Ekström", NULL, "chapter", "2020-01-01",
                                             NULL);
  g_autofree char *greta = add_member_full (f, "Greta", "Lund", NULL, "chapter", "2020-01-01",
                                            NULL);
  g_autofree char *old_id = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *ends = NULL;
  g_autoptr(ChRole) holder = NULL;
  guint before;

  g_assert_true (ch_roles_is_single_seat (CH_ROLE_PRESIDENT));
  g_assert_true (ch_roles_is_single_seat (CH_ROLE_TREASURER));
  g_assert_false (ch_roles_is_single_seat (CH_ROLE_BOARD_MEMBER));
  g_assert_false (ch_roles_is_single_seat ("Events lead"));

  g_assert_true (ch_roles_add (f->store, anders, CH_ROLE_PRESIDENT, "2025-01-01", NULL,
                                         &old_id, &error));
  g_assert_no_error (error);

  holder = ch_roles_seat_holder (f->store, f->chapter_id, CH_ROLE_PRESIDENT, "2026-12-02",
                                      greta, &error);
  g_assert_no_error (error);
  g_assert_nonnull (holder);
  g_assert_cmpstr (ch_role_get_member_name (holder), ==, "Anders Ekström");
  g_assert_cmpstr (ch_role_get_id (holder), ==, old_id);
  g_clear_pointer (&holder, g_object_unref);
  /* Not his own seat, and nobody else's before his term. */
  g_assert_null (ch_roles_seat_holder (f->store, f->chapter_id, CH_ROLE_PRESIDENT,
                                            "2026-12-02", anders, NULL));
  g_assert_null (ch_roles_seat_holder (f->store, f->chapter_id, CH_ROLE_PRESIDENT,
                                            "2024-12-31", greta, NULL));

  /* A hand-over that would end his term before it started: nothing written. */
  before = ch_store_outbox_count (f->store, NULL);
  g_assert_false (ch_roles_hand_over (f->store, greta, CH_ROLE_PRESIDENT, "2025-01-01",
                                                NULL, old_id, NULL, &error));
  g_assert_error (error, CH_ROLES_ERROR, CH_ROLES_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before);

  g_assert_true (ch_roles_hand_over (f->store, greta, CH_ROLE_PRESIDENT, "2026-12-02",
                                               NULL, old_id, &new_id, &error));
  g_assert_no_error (error);
  ends = test_row_text (f->store, "role", old_id, "ends_on");
  g_assert_cmpstr (ends, ==, "2026-12-01");
  holder = ch_roles_seat_holder (f->store, f->chapter_id, CH_ROLE_PRESIDENT, "2026-12-02",
                                      NULL, &error);
  g_assert_cmpstr (ch_role_get_member_name (holder), ==, "Greta Lund");
  g_clear_pointer (&holder, g_object_unref);

  /* Undo: Greta's term is gone, Anders's open again. */
  g_assert_true (ch_roles_undo (f->store, new_id, old_id, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&ends, g_free);
  ends = test_row_text (f->store, "role", old_id, "ends_on");
  g_assert_null (ends);
  holder = ch_roles_seat_holder (f->store, f->chapter_id, CH_ROLE_PRESIDENT, "2026-12-02",
                                      NULL, &error);
  g_assert_cmpstr (ch_role_get_member_name (holder), ==, "Anders Ekström");
}

static void
test_roles (StoreFixture  *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = add_member_full (f, "Pia", "Berg", NULL, "chapter", "2020-01-01", NULL);
  g_autofree char *b = add_member_full (f, "Tom", "Falk", NULL, "chapter", "2020-01-01", NULL);
  g_autofree char *m400 = day (f, -400);
  g_autofree char *m10 = day (f, -10);
  g_autofree char *m1 = day (f, -1);
  g_autofree char *p60 = day (f, 60);
  g_autofree char *p400 = day (f, 400);
  g_autofree char *p5 = day (f, 5);
  g_autofree char *role_id = NULL;
  g_autoptr(GPtrArray) officers = NULL;
  ChRole *o;
  guint before;

  g_assert_true (ch_roles_add (f->store, b, CH_ROLE_TREASURER, m400, NULL, NULL, &error));
  g_assert_true (ch_roles_add (f->store, a, CH_ROLE_PRESIDENT, m400, p60, &role_id, &error));
  g_assert_true (ch_roles_add (f->store, b, CH_ROLE_BOARD_MEMBER, m10, p400, NULL, &error));
  g_assert_true (ch_roles_add (f->store, a, CH_ROLE_SECRETARY, m400, m1, NULL, &error));
  g_assert_true (ch_roles_add (f->store, b, CH_ROLE_VICE_PRESIDENT, p5, NULL, NULL, &error));
  g_assert_no_error (error);

  officers = ch_roles_list_current (f->store, f->chapter_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (officers->len, ==, 3);
  o = officers->pdata[0];
  g_assert_cmpstr (ch_role_get_role (o), ==, CH_ROLE_PRESIDENT);
  g_assert_cmpstr (ch_role_get_member_name (o), ==, "Pia Berg");
  g_assert_true (ch_role_get_ending_soon (o));
  o = officers->pdata[1];
  g_assert_cmpstr (ch_role_get_role (o), ==, CH_ROLE_TREASURER);
  g_assert_false (ch_role_get_ending_soon (o));
  g_assert_null (ch_role_get_ends_on (o));
  o = officers->pdata[2];
  g_assert_cmpstr (ch_role_get_role (o), ==, CH_ROLE_BOARD_MEMBER);
  g_assert_false (ch_role_get_ending_soon (o));

  g_clear_pointer (&officers, g_ptr_array_unref);
  officers = ch_roles_list_for_member (f->store, b, &error);
  g_assert_cmpuint (officers->len, ==, 3);

  /* Bad input: nothing written. */
  before = ch_store_outbox_count (f->store, NULL);
  g_assert_false (ch_roles_add (f->store, a, "  ", m10, NULL, NULL, &error));
  g_assert_error (error, CH_ROLES_ERROR, CH_ROLES_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_roles_add (f->store, a, CH_ROLE_WIT_LEAD, "2024-02-30", NULL, NULL, &error));
  g_assert_error (error, CH_ROLES_ERROR, CH_ROLES_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_roles_add (f->store, a, CH_ROLE_WIT_LEAD, p60, m10, NULL, &error));
  g_assert_error (error, CH_ROLES_ERROR, CH_ROLES_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_roles_end (f->store, role_id, "2000-01-01", &error));
  g_assert_error (error, CH_ROLES_ERROR, CH_ROLES_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before);

  /* Ending the presidency yesterday: no longer an officer. */
  g_assert_true (ch_roles_end (f->store, role_id, m1, &error));
  g_clear_pointer (&officers, g_ptr_array_unref);
  officers = ch_roles_list_current (f->store, f->chapter_id, &error);
  g_assert_cmpuint (officers->len, ==, 2);
  g_assert_cmpstr (ch_role_get_role (officers->pdata[0]), ==, CH_ROLE_TREASURER);

  g_assert_cmpstr (ch_roles_label (CH_ROLE_WIT_LEAD), ==, "Women in Technology lead");
  g_assert_cmpstr (ch_roles_label ("Events lead"), ==, "Events lead");
}

/* ----------------------------------------------------------------------- */
/* Specialties                                                             */

static void
test_specialties (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = test_add_member (f->store, f->chapter_id, "Kim", "Ha", NULL);
  const char *first[] = { "Azure", " security ", "Data & AI", "azure", "Copilot", "", NULL };
  const char *second[] = { "azure", NULL };
  const char *third[] = { "SECURITY", "azure", NULL };
  g_auto(GStrv) got = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *expected_id = NULL;
  guint before;

  before = ch_store_outbox_count (f->store, NULL);
  g_assert_true (ch_specialties_set (f->store, id, first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before + 4);
  got = ch_specialties_get (f->store, id);
  joined = g_strjoinv (",", got);
  g_assert_cmpstr (joined, ==, "Copilot,azure,data-ai,security");

  /* The id is made of the member and the specialty. */
  expected_id = ch_uuid_for_name (id, "member_specialty:azure");
  g_assert_cmpint (count (f, "SELECT count(*) FROM member_specialty WHERE specialty = 'azure'"),
                   ==, 1);
  {
    g_autoptr(JsonObject) row = ch_store_get_row (f->store, "member_specialty", expected_id,
                                                   &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (row, "specialty"), ==, "azure");
  }

  /* Search finds the member by specialty. */
  {
    g_autoptr(ChMemberList) list = ch_member_list_new (f->store, f->chapter_id);

    ch_member_list_set_search (list, "copilot");
    g_assert_true (ch_member_list_refresh_sync (list, &error));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
    test_finalize_list (g_steal_pointer (&list));
  }

  g_assert_true (ch_specialties_set (f->store, id, second, &error));
  g_clear_pointer (&got, g_strfreev);
  got = ch_specialties_get (f->store, id);
  g_assert_cmpuint (g_strv_length (got), ==, 1);

  /* Adding back restores the tombstone: still one row per specialty. */
  before = ch_store_outbox_count (f->store, NULL);
  g_assert_true (ch_specialties_set (f->store, id, third, &error));
  {
    g_autoptr(ChStoreOutboxEntry) e = test_last_outbox (f->store);
    g_assert_cmpstr (e->op, ==, "restore");
  }
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before + 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM member_specialty"), ==, 4);
  g_assert_cmpint (count (f, "SELECT count(*) FROM member_specialty WHERE deleted = 0"), ==, 2);

  /* Nothing changes: nothing written. */
  before = ch_store_outbox_count (f->store, NULL);
  g_assert_true (ch_specialties_set (f->store, id, third, &error));
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before);

  {
    g_auto(GStrv) all = ch_specialties_all (f->store, f->chapter_id);
    g_assert_true (g_strv_contains ((const char * const *) all, "Copilot") == FALSE);
    g_assert_true (g_strv_contains ((const char * const *) all, "power-platform"));
    g_assert_cmpstr (all[0], ==, "azure");
  }
  g_assert_cmpstr (ch_specialties_label ("data-ai"), ==, "Data & AI");
}

/* The specialties offered (filters, pickers): the standard ones and every
 * other one a member of this chapter has, not one only removed or only
 * another chapter's; the same as reading every row (issue 17 reads the
 * index a value at a time). */
static void
test_specialties_all_custom (StoreFixture  *f,
                             gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO member_specialty (id, chapter_id, deleted, member_id, specialty) VALUES "
    "('s1', '%1$s', 0, 'm1', 'quantum'), ('s2', '%1$s', 0, 'm2', 'quantum'), "
    "('s3', '%1$s', 1, 'm1', 'gone'), ('s4', 'other-chapter', 0, 'm9', 'elsewhere'), "
    "('s5', '%1$s', 0, 'm3', 'azure'), ('s6', 'other-chapter', 0, 'm9', 'zeta'), "
    "('s7', '%1$s', 0, 'm4', 'zeta'), ('s8', '%1$s', 1, 'm4', 'aardvark')",
    f->chapter_id);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) all = NULL;
  g_autoptr(GPtrArray) used = NULL;

  g_assert_true (ch_store_exec (f->store, sql, &error));
  g_assert_no_error (error);
  all = ch_specialties_all (f->store, f->chapter_id);
  g_assert_true (g_strv_contains ((const char * const *) all, "quantum"));
  g_assert_true (g_strv_contains ((const char * const *) all, "zeta"));
  g_assert_false (g_strv_contains ((const char * const *) all, "gone"));
  g_assert_false (g_strv_contains ((const char * const *) all, "aardvark"));
  g_assert_false (g_strv_contains ((const char * const *) all, "elsewhere"));

  used = ch_store_query_texts (f->store, NULL,
                               "SELECT DISTINCT specialty FROM member_specialty "
                               "WHERE chapter_id = ? AND deleted = 0",
                               f->chapter_id, ch_store_sql_end);
  for (guint i = 0; i < used->len; i++)
    g_assert_true (g_strv_contains ((const char * const *) all, used->pdata[i]));
}

/* Two devices adding the same specialty to the same member make the same row. */
static void
test_specialties_converge (StoreFixture  *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = test_add_member (f->store, f->chapter_id, "Kim", "Ha", NULL);
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(ChStore) other = ch_store_open (other_path, &error);
  g_autoptr(JsonObject) row = ch_store_get_row (f->store, "member", id, NULL);
  const char *mine[] = { "Azure", NULL };
  const char *theirs[] = { "azure", NULL };
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;

  /* The other device got the member from the server. */
  g_assert_true (ch_store_apply_remote (other, f->chapter_id, "member", id, 1, FALSE, row, &error));
  g_assert_no_error (error);

  g_assert_true (ch_specialties_set (f->store, id, mine, &error));
  g_assert_true (ch_specialties_set (other, id, theirs, &error));
  g_assert_no_error (error);

  a = ch_store_outbox_list (f->store, NULL, 0, NULL);
  b = ch_store_outbox_list (other, NULL, 0, NULL);
  g_assert_cmpstr (((ChStoreOutboxEntry *) a->pdata[a->len - 1])->row_id, ==,
                   ((ChStoreOutboxEntry *) b->pdata[b->len - 1])->row_id);
}

/* ----------------------------------------------------------------------- */
/* Tiers                                                                   */

static void
test_tiers (StoreFixture  *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  g_autofree char *gold = NULL;
  g_autofree char *friend = NULL;
  g_autofree char *m100 = day (f, -100);
  ChTier *t;

  tiers = ch_tiers_list (f->store, f->chapter_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tiers->len, ==, 3);
  g_assert_cmpstr (ch_tier_get_key (tiers->pdata[0]), ==, "network");
  g_assert_false (ch_tier_get_paid (tiers->pdata[0]));
  g_assert_true (ch_tier_get_paid (tiers->pdata[1]));
  g_assert_true (ch_tier_get_honorary (tiers->pdata[2]));
  g_assert_cmpint (count (f, "SELECT count(*) FROM membership_tier"), ==, 0);

  /* Renaming a shipped tier keeps its rules. */
  g_assert_true (ch_tiers_save (f->store, f->chapter_id, "chapter", "Full member", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (ch_tiers_save (f->store, f->chapter_id, NULL, "Gold Sponsor", TRUE, &error));
  g_assert_true (ch_tiers_save (f->store, f->chapter_id, NULL, "Friends of the chapter", FALSE,
                                &error));
  g_assert_no_error (error);

  g_clear_pointer (&tiers, g_ptr_array_unref);
  tiers = ch_tiers_list (f->store, f->chapter_id, &error);
  g_assert_cmpuint (tiers->len, ==, 5);
  t = tiers->pdata[1];
  g_assert_cmpstr (ch_tier_get_name (t), ==, "Full member");
  g_assert_true (ch_tier_get_paid (t));
  t = tiers->pdata[3];
  g_assert_cmpstr (ch_tier_get_key (t), ==, "gold-sponsor");
  g_assert_true (ch_tier_get_paid (t));
  t = tiers->pdata[4];
  g_assert_cmpstr (ch_tier_get_key (t), ==, "friends-of-the-chapter");
  g_assert_false (ch_tier_get_paid (t));

  /* The row's id is made of the chapter and the key. */
  {
    g_autofree char *id = ch_uuid_for_name (f->chapter_id, "membership_tier:chapter");
    g_autoptr(JsonObject) row = ch_store_get_row (f->store, "membership_tier", id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "Full member");
  }

  /* A chapter's paid tier lapses; its free tier does not. */
  gold = add_member_full (f, "Gus", "Gold", NULL, "gold-sponsor", "2020-01-01", m100);
  friend = add_member_full (f, "Fay", "Friend", NULL, "friends-of-the-chapter", "2020-01-01", m100);
  g_assert_cmpint (status_of (f, gold), ==, CH_MEMBER_STATUS_LAPSED);
  g_assert_cmpint (status_of (f, friend), ==, CH_MEMBER_STATUS_ACTIVE);

  /* Upgrading from a chapter's free tier to a paid one is a conversion. */
  g_assert_true (ch_membership_change_tier (f->store, friend, "gold-sponsor", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ch_membership_count_conversions (f->store, f->chapter_id, NULL, NULL), ==, 1);

  g_assert_false (ch_tiers_save (f->store, f->chapter_id, NULL, "  ", TRUE, &error));
  g_assert_error (error, CH_TIERS_ERROR, CH_TIERS_ERROR_INVALID);
}

/* ----------------------------------------------------------------------- */
/* Duplicates and merging                                                  */

static void
test_similar (StoreFixture  *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) fields = test_json ("{'given_name': 'Anna', 'family_name': 'Svensson', "
                                            "'company': 'Contoso AB', 'tier': 'network'}");
  g_autofree char *id = NULL;
  struct {
    const char *given, *family, *company;
    gboolean    found;
  } cases[] = {
    { "Anna", "Svensson", "Contoso AB", TRUE },
    { "anna", "SVENSSON", NULL, TRUE },
    { "Ánna", "Svensson", "contoso ab", TRUE },
    { "Annika", "Svensson", "", TRUE },
    { "Ann", "Svensson", NULL, TRUE },
    { "An", "Svensson", NULL, FALSE },
    { "Anna", "Svensson", "Fabrikam", FALSE },
    { "Bo", "Svensson", NULL, FALSE },
    { "Anna", "Svenson", NULL, FALSE },
    { "Anna", "", NULL, FALSE },
  };

  g_assert_true (ch_store_add_member (f->store, f->chapter_id, fields, &id, NULL));
  g_free (test_add_member (f->store, f->chapter_id, "Anna", "Svenssonova", NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = ch_merge_find_similar (f->store, f->chapter_id, cases[i].given,
                                                           cases[i].family, cases[i].company, NULL);

      g_test_message ("%s %s at %s", cases[i].given, cases[i].family, cases[i].company);
      if (cases[i].found)
        g_assert_cmpstr (found, ==, id);
      else
        g_assert_null (found);
    }

  /* Not the member itself. */
  g_assert_null (ch_merge_find_similar (f->store, f->chapter_id, "Anna", "Svensson", NULL, id));
}

static void
test_merge (StoreFixture  *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = add_member_full (f, "Anna", "Svensson", "anna@example.org", "chapter",
                                        "2022-05-01", "2023-04-30");
  g_autofree char *b = add_member_full (f, "Annika", "Svensson", "annika@example.org", "chapter",
                                        "2021-03-01", NULL);
  g_autofree char *registration = NULL;
  g_autofree char *event_id = ch_uuid_new_v7 ();
  g_autofree char *ops = NULL;
  const char *a_spec[] = { "azure", NULL };
  const char *b_spec[] = { "azure", "security", NULL };
  guint before;

  {
    g_autoptr(JsonObject) set = test_json ("{'phone': '+46 70 123 45 67', 'company': 'Contoso'}");
    g_assert_true (ch_store_update_member (f->store, b, set, &error));
  }
  g_assert_true (pay (f, b, "{'amount': 100, 'paid_on': '2024-01-01', "
                            "'covers_from': '2024-01-01', 'covers_until': '2024-12-31'}", &error));
  g_assert_true (ch_roles_add (f->store, b, CH_ROLE_SECRETARY, "2023-01-01", NULL, NULL, &error));
  g_assert_true (ch_specialties_set (f->store, a, a_spec, &error));
  g_assert_true (ch_specialties_set (f->store, b, b_spec, &error));
  {
    g_autoptr(JsonObject) set = json_object_new ();

    json_object_set_string_member (set, "event_id", event_id);
    json_object_set_string_member (set, "member_id", b);
    json_object_set_string_member (set, "state", "registered");
    g_assert_true (ch_store_insert (f->store, "registration", f->chapter_id, NULL, set,
                                    &registration, &error));
  }
  g_assert_no_error (error);

  /* Both registered for one more event: the survivor keeps theirs. */
  {
    g_autofree char *second_event = ch_uuid_new_v7 ();

    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(JsonObject) set = json_object_new ();

        json_object_set_string_member (set, "event_id", second_event);
        json_object_set_string_member (set, "member_id", i == 0 ? a : b);
        json_object_set_string_member (set, "state", "registered");
        g_assert_true (ch_store_insert (f->store, "registration", f->chapter_id, NULL, set, NULL,
                                        &error));
      }
  }

  /* Refused: itself, a missing member. */
  before = ch_store_outbox_count (f->store, NULL);
  g_assert_false (ch_merge_members (f->store, a, a, &error));
  g_assert_error (error, CH_MERGE_ERROR, CH_MERGE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_merge_members (f->store, a, event_id, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before);

  g_assert_true (ch_merge_members (f->store, a, b, &error));
  g_assert_no_error (error);

  /* Every related row now belongs to the survivor. */
  {
    g_autofree char *sql = NULL;

    sql = g_strdup_printf ("SELECT (SELECT count(*) FROM payment WHERE member_id = '%1$s') + "
                           "(SELECT count(*) FROM membership_period WHERE member_id = '%1$s') + "
                           "(SELECT count(*) FROM role WHERE member_id = '%1$s') + "
                           "(SELECT count(*) FROM registration "
                           "WHERE member_id = '%1$s' AND deleted = 0) + "
                           "(SELECT count(*) FROM member_specialty "
                           "WHERE member_id = '%1$s' AND deleted = 0)", b);
    g_assert_cmpint (count (f, sql), ==, 0);
    g_free (sql);
    sql = g_strdup_printf ("SELECT count(*) FROM payment WHERE member_id = '%s'", a);
    g_assert_cmpint (count (f, sql), ==, 1);
    g_free (sql);
    sql = g_strdup_printf ("SELECT count(*) FROM role WHERE member_id = '%s'", a);
    g_assert_cmpint (count (f, sql), ==, 1);
    g_free (sql);
    sql = g_strdup_printf ("SELECT count(*) FROM registration "
                           "WHERE member_id = '%s' AND deleted = 0", a);
    g_assert_cmpint (count (f, sql), ==, 2);
    g_assert_cmpint (count (f, "SELECT count(*) FROM registration WHERE deleted = 1"), ==, 1);
  }
  {
    g_auto(GStrv) specs = ch_specialties_get (f->store, a);
    g_autofree char *joined = g_strjoinv (",", specs);
    g_assert_cmpstr (joined, ==, "azure,security");
  }

  /* The other is a tombstone; the survivor's gaps are filled. */
  {
    g_autoptr(JsonObject) row = ch_store_get_row (f->store, "member", b, NULL);
    g_assert_true (json_object_get_boolean_member (row, "deleted"));
  }
  {
    g_autoptr(JsonObject) row = ch_store_get_row (f->store, "member", a, NULL);

    g_assert_cmpstr (json_object_get_string_member (row, "phone"), ==, "+46 70 123 45 67");
    g_assert_cmpstr (json_object_get_string_member (row, "company"), ==, "Contoso");
    g_assert_cmpstr (json_object_get_string_member (row, "email"), ==, "anna@example.org");
    g_assert_cmpstr (json_object_get_string_member (row, "given_name"), ==, "Anna");
    g_assert_cmpstr (json_object_get_string_member (row, "dues_paid_until"), ==, "2024-12-31");
    g_assert_cmpstr (json_object_get_string_member (row, "joined_on"), ==, "2021-03-01");
  }

  /* Ordinary changes, so they sync. */
  ops = outbox_since (f, before);
  /* The other's join and rejoin periods (it paid after a lapse) move too. */
  g_assert_cmpstr (ops, ==,
                   "payment:update membership_period:update membership_period:update "
                   "role:update registration:update registration:delete "
                   "member_specialty:delete member_specialty:insert member_specialty:delete "
                   "member:delete member:update");
}

/* The paid tier the member dialog offers a member of a free tier: the
 * shipped "chapter" tier even when the chapter added another paid one; none
 * for a member who already pays, nor for an honorary member. */
static void
test_upgrade_target (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  ChTier *target;

  g_assert_true (ch_tiers_save (f->store, f->chapter_id, NULL, "Gold Sponsor", TRUE, &error));
  g_assert_true (ch_tiers_save (f->store, f->chapter_id, NULL, "Student", FALSE, &error));
  g_assert_no_error (error);
  tiers = ch_tiers_list (f->store, f->chapter_id, &error);
  g_assert_no_error (error);

  target = ch_tiers_upgrade_target (tiers, CH_TIER_NETWORK);
  g_assert_nonnull (target);
  g_assert_cmpstr (ch_tier_get_key (target), ==, CH_TIER_CHAPTER);
  target = ch_tiers_upgrade_target (tiers, "student");
  g_assert_nonnull (target);
  g_assert_cmpstr (ch_tier_get_key (target), ==, CH_TIER_CHAPTER);
  g_assert_true (ch_tiers_is_free (tiers, "student"));

  g_assert_null (ch_tiers_upgrade_target (tiers, CH_TIER_CHAPTER));
  g_assert_null (ch_tiers_upgrade_target (tiers, "gold-sponsor"));
  g_assert_null (ch_tiers_upgrade_target (tiers, CH_TIER_HONORARY));
  g_assert_false (ch_tiers_is_free (tiers, CH_TIER_HONORARY));
  g_assert_false (ch_tiers_is_free (tiers, "gold-sponsor"));
}

/* Who may come back: someone who left, from the day after; someone who
 * lapsed; never an active member. */
static void
test_can_rejoin (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_ago = day (f, -900);
  g_autofree char *yesterday = day (f, -1);
  g_autofree char *today = day (f, 0);
  g_autofree char *next_year = day (f, 365);
  g_autofree char *lapsed_until = day (f, -400);
  g_autofree char *active = add_member_full (f, "Ada", "Berg", NULL, CH_TIER_CHAPTER, long_ago,
                                             next_year);
  g_autofree char *lapsed = add_member_full (f, "Lars", "Berg", NULL, CH_TIER_CHAPTER, long_ago,
                                             lapsed_until);
  g_autofree char *left = add_member_full (f, "Lea", "Berg", NULL, CH_TIER_NETWORK, long_ago,
                                           NULL);
  g_autofree char *left_today = add_member_full (f, "Liv", "Berg", NULL, CH_TIER_NETWORK,
                                                 long_ago, NULL);
  g_autoptr(ChMember) m = NULL;

  g_assert_true (ch_membership_leave (f->store, left, yesterday, CH_LEAVE_MOVED, &error));
  g_assert_true (ch_membership_leave (f->store, left_today, today, CH_LEAVE_COST, &error));
  g_assert_no_error (error);

  m = ch_store_get_member (f->store, active, NULL);
  g_assert_false (ch_membership_can_rejoin (f->store, m, NULL, &error));
  g_assert_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&m);

  m = ch_store_get_member (f->store, lapsed, NULL);
  g_assert_true (ch_membership_can_rejoin (f->store, m, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&m);

  m = ch_store_get_member (f->store, left, NULL);
  g_assert_true (ch_membership_can_rejoin (f->store, m, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ch_membership_can_rejoin (f->store, m, yesterday, &error));
  g_assert_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&m);

  /* Left today: back tomorrow at the earliest, and the rejoin agrees. */
  m = ch_store_get_member (f->store, left_today, NULL);
  g_assert_false (ch_membership_can_rejoin (f->store, m, NULL, &error));
  g_assert_cmpstr (error->message, ==, "A member can rejoin from the day after they left.");
  g_clear_error (&error);
  g_assert_false (ch_membership_rejoin (f->store, left_today, NULL, &error));
  g_assert_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)

  ADD ("/membership/payment/status", test_payment_status);
  ADD ("/membership/payment/bad-input", test_payment_bad_input);
  ADD ("/membership/payment/atomic", test_payment_atomic);
  ADD ("/membership/payment/coverage", test_payment_coverage);
  ADD ("/membership/payment/renewal-in-grace", test_payment_renewal_in_grace);
  ADD ("/membership/history/upgrade", test_upgrade_conversion);
  ADD ("/membership/history/upgrade-starts-dues", test_upgrade_starts_dues);
  ADD ("/membership/history/leave-rejoin", test_leave_rejoin);
  ADD ("/membership/history/lapse-rejoin", test_lapse_rejoin_history);
  ADD ("/membership/history/rejoin-after-typed-leave", test_rejoin_after_typed_leave);
  ADD ("/membership/renewals", test_renewals);
  ADD ("/membership/roles", test_roles);
  ADD ("/membership/roles/hand-over", test_roles_hand_over);
  ADD ("/membership/specialties", test_specialties);
  ADD ("/membership/specialties/converge", test_specialties_converge);
  ADD ("/membership/specialties/all-custom", test_specialties_all_custom);
  ADD ("/membership/tiers", test_tiers);
  ADD ("/membership/tiers/upgrade-target", test_upgrade_target);
  ADD ("/membership/history/can-rejoin", test_can_rejoin);
  ADD ("/membership/similar", test_similar);
  ADD ("/membership/merge", test_merge);

  return g_test_run ();
}
