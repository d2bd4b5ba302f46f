/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-merge-mail"

#include "config.h"

#include "ch-mail-record.h"
#include "ch-merge.h"
#include "ch-sync-test.h"

/*
 * What was e-mailed to a member follows the member through a merge: Anna
 * records a renewal reminder sent to Bea, Bo merges Bea into Bea's other
 * row (Beatrice), and after the sync both devices and the server show the
 * reminder on Beatrice, whatever order the officers sync in.
 */

typedef enum
{
  BO_KNOWS,        /* Bo has the record when he merges */
  ANNA_FIRST,      /* the record reaches the server first; Bo merges without it */
  BO_FIRST,        /* the merge reaches the server first; Anna syncs the record later */
} Order;

static const Order bo_knows = BO_KNOWS;
static const Order anna_first = ANNA_FIRST;
static const Order bo_first = BO_FIRST;

static void
assert_records (SyncClient *client,
                const char *member_id,
                guint       expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = ch_mail_record_list (client->store, member_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, expected);
  if (expected > 0)
    g_assert_cmpstr (((ChMailRecord *) records->pdata[0])->title, ==, "Renewal reminder");
}

static void
test_record_follows_merge (SyncFixture   *f,
                           gconstpointer  data)
{
  Order order = *(const Order *) data;
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) records = NULL;
  g_autofree char *bea = sync_client_add_member (anna, "Bea", "Okafor", "bea@example.org");
  g_autofree char *beatrice = sync_client_add_member (anna, "Beatrice", "Okafor",
                                                      "beatrice@example.org");
  GHashTableIter iter;
  JsonObject *row;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  g_assert_true (ch_mail_record_add (anna->store, anna->chapter_id, bea, "renewal-due",
                                     "Renewal reminder", "Your membership", "2026-12-02T09:00:00Z",
                                     "president@example.org", &error));
  g_assert_no_error (error);
  if (order != BO_FIRST)
    sync_client_sync_ok (anna, NULL);
  if (order == BO_KNOWS)
    {
      sync_client_sync_ok (bo, NULL);
      assert_records (bo, bea, 1);
    }

  g_assert_true (ch_merge_members (bo->store, beatrice, bea, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.rejected, ==, 0);
  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.rejected, ==, 0);
  sync_client_sync_ok (bo, NULL);

  /* The server: one record, on Beatrice. */
  records = sync_server_rows (f->server, f->chapter_a, f->token_a, "mail_record");
  g_assert_cmpuint (g_hash_table_size (records), ==, 1);
  g_hash_table_iter_init (&iter, records);
  g_assert_true (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row));
  g_assert_cmpstr (json_object_get_string_member (row, "member_id"), ==, beatrice);

  /* Both devices: the reminder on Beatrice's page, none left on Bea. */
  assert_records (anna, beatrice, 1);
  assert_records (anna, bea, 0);
  assert_records (bo, beatrice, 1);
  assert_records (bo, bea, 0);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/merge-mail/merger-knows-record", SyncFixture, &bo_knows,
              sync_fixture_setup, test_record_follows_merge, sync_fixture_teardown);
  g_test_add ("/sync/merge-mail/record-first", SyncFixture, &anna_first,
              sync_fixture_setup, test_record_follows_merge, sync_fixture_teardown);
  g_test_add ("/sync/merge-mail/merge-first", SyncFixture, &bo_first,
              sync_fixture_setup, test_record_follows_merge, sync_fixture_teardown);

  return g_test_run ();
}
