/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "ch-clock.h"
#include "ch-demo.h"
#include "ch-import.h"
#include "ch-import-batch.h"
#include "ch-iso-date.h"
#include "ch-member-list.h"
#include "ch-payments.h"
#include "ch-store-private.h"
#include "ch-store-status.h"
#include "ch-test-util.h"
#include "ch-tiers.h"

/* The stored status (level 19, issue 17): whatever writes, each member's
 * status_rank is what the one status rule says today, and the member list
 * sorted or filtered by status shows what the rule orders. */

#define FIXTURES "core", "fixtures", "import"

/* The members of the chapter whose stored status is not the rule's today
 * (the same function and arguments as the status shown): "" when none. */
static char *
wrong_ranks (StoreFixture *f)
{
  sqlite3 *db = ch_store_get_db (f->store);
  sqlite3_stmt *st = NULL;
  GString *wrong = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT given_name || ' ' || family_name, status_rank, "
    "       ch_member_status (?1, tier, joined_on, left_on, dues_paid_until, ?2, ?3), "
    "       status_until, "
    "       ch_member_status_until (?1, tier, joined_on, left_on, dues_paid_until, ?2, ?3) "
    "FROM member WHERE chapter_id = ?1 "
    "AND (status_rank IS NOT ch_member_status (?1, tier, joined_on, left_on, dues_paid_until, "
    "                                          ?2, ?3) "
    "     OR status_until IS NOT ch_member_status_until (?1, tier, joined_on, left_on, "
    "                                                    dues_paid_until, ?2, ?3))",
    -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, f->chapter_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 2, ch_store_grace_days (f->store, f->chapter_id));
  sqlite3_bind_int (st, 3, ch_store_today_days (f->store, f->chapter_id));
  while (sqlite3_step (st) == SQLITE_ROW)
    g_string_append_printf (wrong, "%s: %d (until %d) instead of %d (until %d); ",
                            sqlite3_column_text (st, 0), sqlite3_column_int (st, 1),
                            sqlite3_column_int (st, 3), sqlite3_column_int (st, 2),
                            sqlite3_column_int (st, 4));
  sqlite3_finalize (st);

  return g_string_free (wrong, FALSE);
}

#define ASSERT_RANKS(f) G_STMT_START { \
    g_autofree char *wrong_ = wrong_ranks (f); \
    g_assert_cmpstr (wrong_, ==, ""); \
  } G_STMT_END

static gint64
count_status (StoreFixture *f,
              const char   *sql_where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM member WHERE deleted = 0 AND %s",
                                          sql_where);

  return test_query_int (f->path, sql);
}

static gint64
rank_of (StoreFixture *f,
         const char   *id)
{
  return ch_store_query_int (f->store, -1, "SELECT status_rank FROM member WHERE id = ?", id,
                             ch_store_sql_end);
}

/* A random live member's id. */
static char *
random_member (StoreFixture *f,
               GRand        *rand)
{
  g_autoptr(GPtrArray) ids = ch_store_query_texts (f->store, NULL,
                                                   "SELECT id FROM member WHERE deleted = 0 "
                                                   "ORDER BY rowid", ch_store_sql_end);

  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, >, 0);
  return g_strdup (ids->pdata[g_rand_int_range (rand, 0, ids->len)]);
}

static char *
days_from_today (StoreFixture *f,
                 gint          days)
{
  return ch_iso_date_from_days (ch_store_today_days (f->store, f->chapter_id) + days);
}

/* Local writes of every kind that the rule reads. */
static void
test_local_writes (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_demo_populate (f->store, f->chapter_id, 120, 11, CH_DEMO_LOCAL, &error));
  g_assert_no_error (error);
  ASSERT_RANKS (f);
  /* The demo has members of every kind. */
  g_assert_cmpint (count_status (f, "status_rank = 1"), >, 0);
  g_assert_cmpint (count_status (f, "status_rank = 3"), >, 0);

  for (guint round = 0; round < 40; round++)
    {
      g_autofree char *id = random_member (f, rand);
      g_autofree char *day = days_from_today (f, g_rand_int_range (rand, -400, 400));
      g_autoptr(JsonObject) set = json_object_new ();

      switch (round % 5)
        {
        case 0: json_object_set_string_member (set, "dues_paid_until", day); break;
        case 1: json_object_set_string_member (set, "joined_on", day); break;
        case 2: json_object_set_string_member (set, "left_on", day); break;
        case 3:
          json_object_set_string_member (set, "tier",
                                         g_rand_boolean (rand) ? "network" : "chapter");
          break;
        default:
          json_object_set_null_member (set, "left_on");
          json_object_set_null_member (set, "dues_paid_until");
          break;
        }
      /* A date the store refuses (left before joining) changes nothing. */
      if (!ch_store_update (f->store, "member", id, set, &error))
        g_clear_error (&error);
      ASSERT_RANKS (f);
    }

  /* A payment moves dues_paid_until. */
  {
    g_autofree char *id = random_member (f, rand);
    g_autofree char *today = days_from_today (f, 0);
    g_autoptr(JsonObject) fields = json_object_new ();

    test_update_member (f->store, id, "{'tier': 'chapter', 'joined_on': '2020-01-01', "
                                      "'left_on': null, 'dues_paid_until': '2021-01-01'}");
    ASSERT_RANKS (f);
    g_assert_cmpint (rank_of (f, id), ==,
                     CH_MEMBER_STATUS_LAPSED);
    json_object_set_int_member (fields, "amount", 150000);
    json_object_set_string_member (fields, "paid_on", today);
    g_assert_true (ch_payments_record (f->store, id, fields, NULL, &error));
    g_assert_no_error (error);
    ASSERT_RANKS (f);
    g_assert_cmpint (rank_of (f, id), ==,
                     CH_MEMBER_STATUS_ACTIVE);
  }

  /* The chapter's own tier, paid then free: its lapsed members become
   * active. */
  g_assert_true (ch_tiers_save (f->store, f->chapter_id, "sponsor", "Sponsor", TRUE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = random_member (f, rand);

      test_update_member (f->store, id, "{'tier': 'sponsor', 'joined_on': '2020-01-01', "
                                        "'left_on': null, 'dues_paid_until': '2021-01-01'}");
    }
  ASSERT_RANKS (f);
  g_assert_cmpint (count_status (f, "tier = 'sponsor' AND status_rank = 3"), >, 0);
  g_assert_true (ch_tiers_save (f->store, f->chapter_id, "sponsor", "Sponsor", FALSE, &error));
  g_assert_no_error (error);
  ASSERT_RANKS (f);
  g_assert_cmpint (count_status (f, "tier = 'sponsor' AND status_rank = 3"), ==, 0);

  /* The chapter's grace days. */
  {
    g_autofree char *id = random_member (f, rand);
    g_autofree char *paid = days_from_today (f, -20);
    g_autofree char *json = g_strdup_printf ("{'tier': 'chapter', 'joined_on': '2020-01-01', "
                                             "'left_on': null, 'dues_paid_until': '%s'}", paid);
    g_autoptr(JsonObject) grace = test_json ("{'grace_days': 10}");

    test_update_member (f->store, id, json);
    g_assert_cmpint (rank_of (f, id), ==,
                     CH_MEMBER_STATUS_GRACE);
    g_assert_true (ch_store_update (f->store, "chapter", f->chapter_id, grace, &error));
    g_assert_no_error (error);
    ASSERT_RANKS (f);
    g_assert_cmpint (rank_of (f, id), ==,
                     CH_MEMBER_STATUS_LAPSED);
  }
}

/* Rows pulled from the server (ch_store_apply_remote(), as a sync
 * applies them), a batch at a time. */
static void
test_remote_rows (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);

  g_assert_true (ch_demo_populate (f->store, f->chapter_id, 80, 5, CH_DEMO_REMOTE, &error));
  g_assert_no_error (error);
  ASSERT_RANKS (f);

  g_assert_true (ch_store_begin (f->store, &error));
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = random_member (f, rand);
      g_autofree char *paid = days_from_today (f, g_rand_int_range (rand, -60, 60));
      g_autoptr(JsonObject) set = json_object_new ();

      json_object_set_string_member (set, "dues_paid_until", paid);
      g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member", id, 1000 + i,
                                            FALSE, set, &error));
      g_assert_no_error (error);
    }
  g_assert_true (ch_store_commit (f->store, &error));
  ASSERT_RANKS (f);
}

static ChImport *
new_import (StoreFixture *f,
            const char   *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, FIXTURES, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) sheet = ch_sheet_new_from_file (path, 0, &error);
  ChImport *import;

  g_assert_no_error (error);
  import = ch_import_new (f->store, f->chapter_id, sheet, &error);
  g_assert_no_error (error);
  return import;
}

/* An import writes new members and updates others; Undo puts the old
 * dates back. */
static void
test_import_and_undo (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(ChImport) import = NULL;
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dan = NULL;
  g_autofree char *paid = days_from_today (f, 100);
  g_autoptr(JsonObject) fields = NULL;

  /* Dan has paid for this year here; the file says 2001. */
  fields = test_json ("{'given_name': 'Dan', 'family_name': 'Lind', "
                      "'email': 'dan@example.se', 'tier': 'chapter', 'joined_on': '2000-01-01'}");
  json_object_set_string_member (fields, "dues_paid_until", paid);
  dan = test_add_member_fields (f->store, f->chapter_id, fields);
  g_assert_cmpint (rank_of (f, dan), ==,
                   CH_MEMBER_STATUS_ACTIVE);

  import = new_import (f, "paid-until.csv");
  result = ch_import_run (import, FALSE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  ASSERT_RANKS (f);
  g_assert_cmpint (count_status (f, "status_rank IS NULL"), ==, 0);
  g_assert_cmpint (count_status (f, "1"), ==, 5);

  g_assert_true (ch_import_batch_undo (f->store, ch_import_result_get_batch_id (result),
                                       &error));
  g_assert_no_error (error);
  ASSERT_RANKS (f);
  g_assert_cmpint (count_status (f, "1"), ==, 1);
  g_assert_cmpint (rank_of (f, dan), ==,
                   CH_MEMBER_STATUS_ACTIVE);
}

/* A large file into a chapter without members (the import's bulk path,
 * more than 5,000 rows) writes each member's status with its row: what
 * the rule says today for every kind of tier (the chapter's own free tier
 * too), join day, paid-until day and leaving day, with nothing left to
 * compute and the chapter's day noted, as the commit's pass leaves it. */
static void
test_import_large (StoreFixture  *f,
                   gconstpointer  data)
{
  static const char * const tiers[] = { "Chapter Member", "Network", "Honorary", "Sponsor", "" };
  g_autoptr(GString) text = g_string_new ("First name,Last name,Email,Membership level,"
                                          "Member since,Paid until,Left on\n");
  g_autoptr(ChSheet) sheet = NULL;
  g_autoptr(ChImport) import = NULL;
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day_sql = g_strdup_printf ("SELECT day FROM member_status_day "
                                              "WHERE chapter_id = '%s'", f->chapter_id);

  g_assert_true (ch_tiers_save (f->store, f->chapter_id, "sponsor", "Sponsor", FALSE, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 5600; i++)
    {
      g_autofree char *joined = i % 7 == 0 ? g_strdup ("")
                                           : days_from_today (f, i % 11 == 0 ? 20
                                                                             : -(gint) (i % 3000));
      g_autofree char *paid = i % 3 == 0 ? g_strdup ("")
                                         : days_from_today (f, (gint) (i % 200) - 100);
      g_autofree char *left = i % 13 == 0 ? days_from_today (f, (gint) (i % 50) - 10)
                                          : g_strdup ("");

      g_string_append_printf (text, "Anna,Berg-%u,anna%u@example.se,%s,%s,%s,%s\n", i, i,
                              tiers[i % G_N_ELEMENTS (tiers)], joined, paid, left);
    }

  sheet = ch_sheet_new_from_data ("large.csv", text->str, text->len, 0, &error);
  g_assert_no_error (error);
  import = ch_import_new (f->store, f->chapter_id, sheet, &error);
  g_assert_no_error (error);
  result = ch_import_run (import, FALSE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ch_import_result_get_count (result, CH_IMPORT_OUTCOME_CREATED), ==, 5600);

  ASSERT_RANKS (f);
  g_assert_cmpint (count_status (f, "status_rank IS NULL OR status_until = 0"), ==, 0);
  for (int status = CH_MEMBER_STATUS_PROSPECT; status <= CH_MEMBER_STATUS_LAST; status++)
    {
      g_autofree char *where = g_strdup_printf ("status_rank = %d", status);

      g_assert_cmpint (count_status (f, where), >, 0);
    }
  g_assert_cmpint (test_query_int (f->path, day_sql), ==,
                   ch_store_today_days (f->store, f->chapter_id));
}

/* The clock passes a member's paid-until day, then the grace days: the
 * list sorted or filtered by status asks the store for today's status,
 * which computes the members whose day has come.  Put back, the clock
 * gives yesterday's status again. */
static void
test_clock (StoreFixture  *f,
            gconstpointer  data)
{
  g_autoptr(ChMemberList) list = NULL;
  g_autofree char *paid = days_from_today (f, 2);
  g_autofree char *json = g_strdup_printf ("{'tier': 'chapter', 'joined_on': '2020-01-01', "
                                           "'dues_paid_until': '%s'}", paid);
  g_autofree char *anna = test_add_member (f->store, f->chapter_id, "Anna", "Berg", NULL);
  g_autofree char *bo = test_add_member (f->store, f->chapter_id, "Bo", "Ek", NULL);
  g_autofree char *names = NULL;

  test_update_member (f->store, anna, json);
  test_update_member (f->store, bo, "{'tier': 'chapter', 'joined_on': '2020-01-01', "
                                    "'dues_paid_until': '2099-01-01'}");
  list = ch_member_list_new (f->store, f->chapter_id);
  ch_member_list_set_filter (list, CH_MEMBER_FILTER_STATUS, "active");
  test_wait_loaded (list);
  names = test_list_names (list);
  g_assert_cmpstr (names, ==, "Anna Berg|Bo Ek");

  /* Three days later: in grace. */
  ch_clock_set_offset_us (3 * G_TIME_SPAN_DAY);
  g_hash_table_remove_all (f->store->today_cache);
  ch_member_list_set_filter (list, CH_MEMBER_FILTER_STATUS, "grace");
  test_wait_loaded (list);
  g_clear_pointer (&names, g_free);
  names = test_list_names (list);
  g_assert_cmpstr (names, ==, "Anna Berg");
  ASSERT_RANKS (f);

  /* Forty days later: lapsed, and first in a sort by status, descending
   * (lapsed after active). */
  ch_clock_set_offset_us (40 * G_TIME_SPAN_DAY);
  g_hash_table_remove_all (f->store->today_cache);
  ch_member_list_set_filter (list, CH_MEMBER_FILTER_STATUS, NULL);
  ch_member_list_set_sort (list, CH_MEMBER_SORT_STATUS, TRUE);
  test_wait_loaded (list);
  g_clear_pointer (&names, g_free);
  names = test_list_names (list);
  g_assert_cmpstr (names, ==, "Anna Berg|Bo Ek");
  ASSERT_RANKS (f);
  g_assert_cmpint (rank_of (f, anna), ==,
                   CH_MEMBER_STATUS_LAPSED);

  /* Back to today: active again, everyone computed anew. */
  ch_clock_set_offset_us (0);
  g_hash_table_remove_all (f->store->today_cache);
  ch_member_list_set_sort (list, CH_MEMBER_SORT_NAME, FALSE);
  ch_member_list_set_filter (list, CH_MEMBER_FILTER_STATUS, "active");
  test_wait_loaded (list);
  g_clear_pointer (&names, g_free);
  names = test_list_names (list);
  g_assert_cmpstr (names, ==, "Anna Berg|Bo Ek");
  ASSERT_RANKS (f);

  test_finalize_list (g_steal_pointer (&list));
}

/* A new file at this level and a file of level 18 opened again: every
 * member has its status once the store is open. */
static void
test_upgrade (StoreFixture  *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_demo_populate (f->store, f->chapter_id, 50, 3, CH_DEMO_LOCAL, &error));
  g_assert_no_error (error);
  /* As level 18 left it: no status computed, none remembered. */
  g_assert_true (ch_store_exec_for_test (f->store,
                                         "UPDATE member SET status_rank = NULL, status_until = 0;"
                                         "DELETE FROM member_status_day;", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_status (f, "status_rank IS NULL"), >, 0);
  g_assert_finalize_object (g_steal_pointer (&f->store));

  f->store = ch_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_status (f, "status_rank IS NULL OR status_until = 0"), ==, 0);
  ASSERT_RANKS (f);
}

/* Sorted and filtered by status, the windowed list shows the rows in the
 * order of the rule itself, computed for every member by SQL. */
static void
test_windowed_order (StoreFixture  *f,
                     gconstpointer  data)
{
  static const char *filters[] = { NULL, "active", "lapsed", "grace", "left", "prospect" };
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_demo_populate (f->store, f->chapter_id, 300, 9, CH_DEMO_LOCAL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (filters) * 2; i++)
    {
      const char *filter = filters[i / 2];
      gboolean descending = i % 2;
      g_autoptr(ChMemberList) list = ch_member_list_new (f->store, f->chapter_id);
      g_autoptr(GPtrArray) want = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *today = g_strdup_printf ("%d", ch_store_today_days (f->store,
                                                                          f->chapter_id));
      g_autofree char *grace = g_strdup_printf ("%d", ch_store_grace_days (f->store,
                                                                          f->chapter_id));
      ChMemberStatus status = 0;
      guint n;

      if (filter != NULL)
        g_assert_true (ch_member_status_from_string (filter, &status));
      sql = g_strdup_printf ("SELECT id FROM member WHERE chapter_id = ?1 AND deleted = 0 %s "
                             "ORDER BY ch_member_status (?1, tier, joined_on, left_on, "
                             "dues_paid_until, ?2, ?3) %s, name_key %s, rowid %s",
                             filter != NULL
                             ? "AND ch_member_status (?1, tier, joined_on, left_on, "
                               "dues_paid_until, ?2, ?3) = CAST (?4 AS INTEGER)" : "",
                             descending ? "DESC" : "", descending ? "DESC" : "",
                             descending ? "DESC" : "");
      {
        g_autofree char *status_text = g_strdup_printf ("%d", status);

        want = ch_store_query_texts (f->store, &error, sql, f->chapter_id, grace, today,
                                     status_text, ch_store_sql_end);
      }
      g_assert_no_error (error);

      /* Windows of 16 rows from a result of more than 20. */
      ch_member_list_set_window (list, 16, 20);
      ch_member_list_set_sort (list, CH_MEMBER_SORT_STATUS, descending);
      ch_member_list_set_filter (list, CH_MEMBER_FILTER_STATUS, filter);
      test_wait_loaded (list);
      while (ch_member_list_get_counting (list))
        g_main_context_iteration (NULL, TRUE);
      test_wait_loaded (list);

      n = g_list_model_get_n_items (G_LIST_MODEL (list));
      g_assert_cmpuint (n, ==, want->len);
      /* From the end backwards, then from the start. */
      for (guint k = n; k > 0; k--)
        {
          g_autoptr(ChMember) m = g_list_model_get_item (G_LIST_MODEL (list), k - 1);

          g_assert_cmpstr (ch_member_get_id (m), ==, want->pdata[k - 1]);
        }
      for (guint k = 0; k < n; k++)
        {
          g_autoptr(ChMember) m = g_list_model_get_item (G_LIST_MODEL (list), k);

          g_assert_cmpstr (ch_member_get_id (m), ==, want->pdata[k]);
        }
      test_finalize_list (g_steal_pointer (&list));
    }
}

int
main (int    argc,
      char **argv)
{
  test_init_c_locale (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)

  ADD ("/status-rank/local-writes", test_local_writes);
  ADD ("/status-rank/remote-rows", test_remote_rows);
  ADD ("/status-rank/import-and-undo", test_import_and_undo);
  ADD ("/status-rank/import-large", test_import_large);
  ADD ("/status-rank/clock", test_clock);
  ADD ("/status-rank/upgrade", test_upgrade);
  ADD ("/status-rank/windowed-order", test_windowed_order);

  return g_test_run ();
}
