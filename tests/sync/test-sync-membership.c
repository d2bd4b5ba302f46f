/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-membership"

#include "config.h"

#include <string.h>

#include "ch-store-private.h"
#include "ch-merge.h"
#include "ch-payments.h"
#include "ch-roles.h"
#include "ch-specialties.h"
#include "ch-sync-test.h"
#include "ch-tiers.h"

/*
 * The membership lifecycle between officers, through the real server: a
 * merge reaches the other devices, specialties and tiers made twice
 * converge, and payments recorded offline on two devices end with the
 * same "dues paid until" everywhere and no conflict.
 */

static void
assert_settled (SyncClient *client)
{
  g_autofree char *mids = sync_client_outbox_mids (client);

  g_assert_cmpstr (mids, ==, "");
  g_assert_cmpuint (ch_store_count_rejections (client->store, client->chapter_id), ==, 0);
  g_assert_cmpuint (ch_store_count_open_conflicts (client->store, client->chapter_id), ==, 0);
}

static void
set_member (SyncClient *client,
            const char *id,
            const char *json)
{
  g_autoptr(JsonObject) fields = sync_test_json (json);
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_store_update_member (client->store, id, fields, &error));
  g_assert_no_error (error);
}

static void
pay (SyncClient *client,
     const char *member_id,
     const char *json)
{
  g_autoptr(JsonObject) fields = sync_test_json (json);
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_payments_record (client->store, member_id, fields, NULL, &error));
  g_assert_no_error (error);
}

static gint64
count_where (SyncClient *client,
             const char *sql,
             const char *arg)
{
  sqlite3_stmt *st = NULL;
  sqlite3 *db = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (client->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (st, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (st) == SQLITE_ROW)
    n = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);

  return n;
}

/* The members of @client's chapter whose stored status (level 19) is not
 * what the status rule says today. */
static gint64
count_wrong_status (SyncClient *client)
{
  sqlite3 *db = ch_store_get_db (client->store);
  sqlite3_stmt *st = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count(*) FROM member WHERE chapter_id = ?1 "
                                       "AND status_rank IS NOT ch_member_status (?1, tier, "
                                       "joined_on, left_on, dues_paid_until, ?2, ?3)",
                                       -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, client->chapter_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 2, ch_store_grace_days (client->store, client->chapter_id));
  sqlite3_bind_int (st, 3, ch_store_today_days (client->store, client->chapter_id));
  if (sqlite3_step (st) == SQLITE_ROW)
    n = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);

  return n;
}

static gint64
stored_status (SyncClient *client,
               const char *member_id)
{
  return ch_store_query_int (client->store, -1, "SELECT status_rank FROM member WHERE id = ?",
                             member_id, ch_store_sql_end);
}

/* ----------------------------------------------------------------------- */

static void
test_merge (SyncFixture   *f,
            gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *survivor = NULL;
  g_autofree char *other = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *registration = NULL;
  g_autofree char *phone = NULL;
  const char *s_spec[] = { "azure", NULL };
  const char *o_spec[] = { "Azure", "Security", NULL };
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  survivor = sync_client_add_member (anna, "Jonas", "Weber", "jonas.weber@contoso.se");
  other = sync_client_add_member (anna, "Jonas", "Weber", "jweber@gmail.com");
  set_member (anna, survivor, "{'tier': 'chapter', 'joined_on': '2023-01-10'}");
  set_member (anna, other,
              "{'tier': 'chapter', 'joined_on': '2023-01-10', 'phone': '+46 70 111 22 33'}");
  pay (anna, other, "{'amount': 150000, 'paid_on': '2024-01-05', 'covers_from': '2024-01-10', "
                    "'covers_until': '2025-01-09'}");
  g_assert_true (ch_roles_add (anna->store, other, CH_ROLE_TREASURER, "2024-01-01", NULL, NULL,
                               &error));
  g_assert_true (ch_specialties_set (anna->store, survivor, s_spec, &error));
  g_assert_true (ch_specialties_set (anna->store, other, o_spec, &error));
  {
    g_autoptr(JsonObject) set = json_object_new ();

    event_id = g_uuid_string_random ();
    json_object_set_string_member (set, "event_id", event_id);
    json_object_set_string_member (set, "member_id", other);
    json_object_set_string_member (set, "state", "registered");
    g_assert_true (ch_store_insert (anna->store, "registration", f->chapter_a, NULL, set,
                                    &registration, &error));
  }
  g_assert_no_error (error);
  {
    g_autofree char *similar = ch_merge_find_similar (anna->store, f->chapter_a, "Jonas", "Weber",
                                                           NULL, survivor);
    g_assert_cmpstr (similar, ==, other);
  }

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_cmpint (count_where (bo, "SELECT count(*) FROM payment WHERE member_id = ?", other),
                   ==, 1);

  g_assert_true (ch_merge_members (anna->store, survivor, other, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.rejected, ==, 0);
  sync_client_sync_ok (bo, &report);

  /* On Bo's device: everything of the other member is the survivor's. */
  g_assert_true (sync_client_is_deleted (bo, "member", other));
  g_assert_false (sync_client_is_deleted (bo, "member", survivor));
  g_assert_cmpint (count_where (bo, "SELECT count(*) FROM payment WHERE member_id = ?", survivor),
                   ==, 1);
  g_assert_cmpint (count_where (bo, "SELECT count(*) FROM role WHERE member_id = ?", survivor),
                   ==, 1);
  g_assert_cmpint (count_where (bo, "SELECT count(*) FROM registration WHERE member_id = ?",
                                survivor),
                   ==, 1);
  g_assert_cmpint (count_where (bo, "SELECT count(*) FROM membership_period WHERE member_id = ?",
                                other),
                   ==, 0);
  g_assert_cmpint (count_where (bo, "SELECT count(*) FROM member_specialty "
                                    "WHERE member_id = ? AND deleted = 0", other),
                   ==, 0);
  {
    g_auto(GStrv) specs = ch_specialties_get (bo->store, survivor);
    g_autofree char *joined = g_strjoinv (",", specs);

    g_assert_cmpstr (joined, ==, "azure,security");
  }
  phone = sync_client_get_text (bo, "member", survivor, "phone");
  g_assert_cmpstr (phone, ==, "+46 70 111 22 33");
  {
    g_autofree char *until = sync_client_get_text (bo, "member", survivor, "dues_paid_until");
    g_assert_cmpstr (until, ==, "2025-01-09");
  }
  {
    g_autoptr(GPtrArray) officers = ch_roles_list_current (bo->store, f->chapter_a, &error);

    g_assert_cmpuint (officers->len, ==, 1);
    g_assert_cmpstr (ch_role_get_member_id (officers->pdata[0]), ==, survivor);
  }

  assert_settled (anna);
  assert_settled (bo);
}

/* Two officers tag the same member with the same specialty offline. */
static void
test_same_specialty (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = sync_client_add_member (anna, "Maja", "Ström", "maja@contoso.se");
  const char *anna_says[] = { "Azure", "Modern Work", NULL };
  const char *bo_says[] = { "azure", NULL };
  g_autoptr(GHashTable) server_rows = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  g_assert_true (ch_specialties_set (anna->store, id, anna_says, &error));
  g_assert_true (ch_specialties_set (bo->store, id, bo_says, &error));
  g_assert_no_error (error);

  sync_client_sync_ok (anna, &report);
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  sync_client_sync_ok (anna, NULL);

  for (guint i = 0; i < 2; i++)
    {
      SyncClient *c = i == 0 ? anna : bo;
      g_auto(GStrv) specs = ch_specialties_get (c->store, id);
      g_autofree char *joined = g_strjoinv (",", specs);

      g_assert_cmpstr (joined, ==, "azure,modern-work");
      g_assert_cmpuint (sync_client_count_rows (c, "member_specialty", TRUE), ==, 2);
      assert_settled (c);
    }

  server_rows = sync_server_rows (f->server, f->chapter_a, f->token_a, "member_specialty");
  g_assert_cmpuint (g_hash_table_size (server_rows), ==, 2);
}

/* Two officers record a payment for the same member offline. */
static void
test_payments_offline (SyncFixture   *f,
                       gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GHashTable) members = NULL;
  g_autofree char *id = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  id = sync_client_add_member (anna, "Erik", "Dahl", "erik@contoso.se");
  set_member (anna, id,
              "{'tier': 'chapter', 'joined_on': '2022-03-01', 'dues_paid_until': '2025-02-28'}");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  /* Anna records the yearly dues; Bo, unaware, two years paid at once. */
  pay (anna, id, "{'amount': 150000, 'paid_on': '2025-02-20', 'method': 'card'}");
  pay (bo, id, "{'amount': 300000, 'paid_on': '2025-02-21', 'covers_from': '2025-03-01', "
               "'covers_until': '2027-02-28', 'method': 'bank-transfer'}");
  {
    g_autofree char *a = sync_client_get_text (anna, "member", id, "dues_paid_until");
    g_autofree char *b = sync_client_get_text (bo, "member", id, "dues_paid_until");

    g_assert_cmpstr (a, ==, "2026-02-28");
    g_assert_cmpstr (b, ==, "2027-02-28");
  }

  /* Bo first, then Anna (whose value is lower), then Bo again. */
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.rejected, ==, 0);
  sync_client_sync_ok (bo, &report);

  members = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  g_assert_cmpstr (json_object_get_string_member (g_hash_table_lookup (members, id),
                                                  "dues_paid_until"),
                   ==, "2027-02-28");

  for (guint i = 0; i < 2; i++)
    {
      SyncClient *c = i == 0 ? anna : bo;
      g_autofree char *until = sync_client_get_text (c, "member", id, "dues_paid_until");
      g_autoptr(GPtrArray) payments = ch_payments_list (c->store, f->chapter_a, id, NULL);

      g_assert_cmpstr (until, ==, "2027-02-28");
      g_assert_cmpuint (payments->len, ==, 2);
      assert_settled (c);
    }

  /* And the other way round: the higher value arrives second. */
  pay (anna, id, "{'amount': 150000, 'paid_on': '2025-06-01', 'covers_from': '2027-03-01', "
                 "'covers_until': '2029-02-28'}");
  pay (bo, id, "{'amount': 150000, 'paid_on': '2025-06-02', 'covers_from': '2027-03-01', "
               "'covers_until': '2028-02-29'}");
  sync_client_sync_ok (bo, &report);
  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  sync_client_sync_ok (bo, &report);
  for (guint i = 0; i < 2; i++)
    {
      SyncClient *c = i == 0 ? anna : bo;
      g_autofree char *until = sync_client_get_text (c, "member", id, "dues_paid_until");

      g_assert_cmpstr (until, ==, "2029-02-28");
      assert_settled (c);
      /* The stored status follows the pulled dates (level 19). */
      g_assert_cmpint (count_wrong_status (c), ==, 0);
      g_assert_cmpint (stored_status (c, id), ==, CH_MEMBER_STATUS_ACTIVE);
    }
}

/* A renamed tier and a tier of the chapter's own reach the other device;
 * the same rename made twice offline is one row, without a conflict. */
static void
test_tiers (SyncFixture   *f,
            gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  g_assert_true (ch_tiers_save (anna->store, f->chapter_a, "chapter", "Full member", TRUE, &error));
  g_assert_true (ch_tiers_save (anna->store, f->chapter_a, NULL, "Student", FALSE, &error));
  g_assert_true (ch_tiers_save (bo->store, f->chapter_a, "chapter", "Full member", TRUE, &error));
  g_assert_no_error (error);

  sync_client_sync_ok (anna, &report);
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);

  tiers = ch_tiers_list (bo->store, f->chapter_a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tiers->len, ==, 4);
  g_assert_cmpstr (ch_tier_get_name (tiers->pdata[1]), ==, "Full member");
  g_assert_cmpstr (ch_tier_get_key (tiers->pdata[3]), ==, "student");
  g_assert_false (ch_tier_get_paid (tiers->pdata[3]));
  g_assert_cmpuint (sync_client_count_rows (bo, "membership_tier", TRUE), ==, 2);
  assert_settled (anna);
  assert_settled (bo);

  /* A member of the chapter's free tier is active on both devices. */
  {
    g_autofree char *id = sync_client_add_member (bo, "Ola", "Nord", "ola@student.se");
    g_autoptr(ChMember) m = NULL;

    set_member (bo, id,
                "{'tier': 'student', 'joined_on': '2020-01-01', 'dues_paid_until': '2020-01-01'}");
    sync_client_sync_ok (bo, NULL);
    sync_client_sync_ok (anna, NULL);
    m = ch_store_get_member (anna->store, id, &error);
    g_assert_cmpint (ch_member_get_status (m), ==, CH_MEMBER_STATUS_ACTIVE);
    g_assert_cmpint (stored_status (anna, id), ==, CH_MEMBER_STATUS_ACTIVE);

    /* Bo makes the tier paid: on Anna's device, once pulled, Ola (paid
     * until 2020) is lapsed, in the stored status too. */
    g_assert_true (ch_tiers_save (bo->store, f->chapter_a, "student", "Student", TRUE, &error));
    g_assert_no_error (error);
    sync_client_sync_ok (bo, NULL);
    sync_client_sync_ok (anna, NULL);
    g_assert_cmpint (stored_status (anna, id), ==, CH_MEMBER_STATUS_LAPSED);
    g_assert_cmpint (count_wrong_status (anna), ==, 0);
    g_assert_cmpint (count_wrong_status (bo), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/membership/merge", SyncFixture, NULL,
              sync_fixture_setup, test_merge, sync_fixture_teardown);
  g_test_add ("/sync/membership/same-specialty", SyncFixture, NULL,
              sync_fixture_setup, test_same_specialty, sync_fixture_teardown);
  g_test_add ("/sync/membership/payments-offline", SyncFixture, NULL,
              sync_fixture_setup, test_payments_offline, sync_fixture_teardown);
  g_test_add ("/sync/membership/tiers", SyncFixture, NULL,
              sync_fixture_setup, test_tiers, sync_fixture_teardown);

  return g_test_run ();
}
