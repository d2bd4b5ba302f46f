/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-erase"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ch-member-data.h"
#include "ch-payments.h"
#include "ch-store-sync.h"
#include "ch-sync-test.h"

/*
 * Erasing a member through the real server: Anna erases, the server wipes
 * every stored version (the row, its tombstone, the rows about the member)
 * and Bo's laptop drops the member at its next sync, also when Bo had
 * edited the member offline: the server refuses Bo's edit and Bo keeps
 * nothing of it (no pending change, no sync issue).  Afterwards not one
 * byte of the name, e-mail or phone is in any of the three database
 * files, after a checkpoint and VACUUM.
 */

static guint
count_in_file (const char *path,
               const char *needle)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  const char *files[] = { path, wal };
  gsize n = strlen (needle);
  sqlite3 *db = NULL;
  guint count = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (files[f], &contents, &length, NULL))
        continue;
      for (gsize i = 0; i + n <= length; i++)
        if (memcmp (contents + i, needle, n) == 0)
          count++;
    }

  return count;
}

static void
assert_gone (const char *path)
{
  static const char * const needles[] = {
    "Zebulon", "zebulon", "Quixotely", "quixotely", "Zebby", "zq@erase.example", "555 0199",
  };

  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      g_test_message ("%s in %s", needles[i], path);
      g_assert_cmpuint (count_in_file (path, needles[i]), ==, 0);
    }
}

static void
test_erase_propagates (SyncFixture   *f,
                       gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(JsonObject) payment = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *payment_id = NULL;
  g_autofree char *server_given = NULL;
  g_autofree char *server_erased = NULL;
  g_autofree char *server_reference = NULL;
  g_autofree char *bo_given = NULL;
  g_autofree char *bo_mids = NULL;
  g_autofree char *anna_mids = NULL;
  ChSyncReport report = { 0 };

  id = sync_client_add_member (anna, "Zebulon", "Quixotely", "zq@erase.example");
  sync_client_set_field (anna, id, "phone", "+99 555 0199");
  sync_client_set_field (anna, id, "notes", "Zebulon prefers tea");
  json_object_set_int_member (payment, "amount", 5000);
  json_object_set_string_member (payment, "paid_on", "2026-02-01");
  json_object_set_string_member (payment, "currency", "EUR");
  json_object_set_string_member (payment, "reference", "Quixotely invoice 7");
  ch_payments_record (anna->store, id, payment, &payment_id, &error);
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_false (sync_client_is_deleted (bo, "member", id));

  /* Bo edits the member offline while Anna erases them. */
  sync_client_set_field (bo, id, "given_name", "Zebby");
  g_assert_true (ch_member_data_erase (anna->store, id, "Anna", &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, &report);

  /* The server holds the tombstone without a personal field. */
  server_given = sync_server_get_text (f->server, f->chapter_a, f->token_a, "member", id,
                                       "given_name");
  server_erased = sync_server_get_text (f->server, f->chapter_a, f->token_a, "member", id,
                                        "erased_on");
  server_reference = sync_server_get_text (f->server, f->chapter_a, f->token_a, "payment",
                                           payment_id, "reference");
  g_assert_null (server_given);
  g_assert_nonnull (server_erased);
  g_assert_null (server_reference);

  /* Bo's edit is refused and dropped; the member is erased on Bo's laptop. */
  sync_client_sync_ok (bo, &report);
  bo_given = sync_client_get_text (bo, "member", id, "given_name");
  g_assert_null (bo_given);
  g_assert_true (sync_client_is_deleted (bo, "member", id));
  g_assert_cmpuint (ch_store_count_members (bo->store, bo->chapter_id), ==, 0);
  bo_mids = sync_client_outbox_mids (bo);
  g_assert_cmpstr (bo_mids, ==, "");
  g_assert_cmpuint (ch_store_count_rejections (bo->store, bo->chapter_id), ==, 0);
  g_assert_cmpuint (ch_store_count_sync_issues (bo->store, bo->chapter_id), ==, 0);

  /* The count-only record: the payment stays, for the chapter's totals. */
  g_assert_cmpuint (sync_client_count_rows (bo, "payment", TRUE), ==, 1);

  sync_client_sync_ok (anna, NULL);
  anna_mids = sync_client_outbox_mids (anna);
  g_assert_cmpstr (anna_mids, ==, "");

  g_clear_object (&anna->store);
  g_clear_object (&bo->store);
  g_assert_cmpint (sync_server_stop (f->server), ==, 0);
  assert_gone (anna->path);
  assert_gone (bo->path);
  assert_gone (f->server->db);
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/erase/propagates", SyncFixture, NULL, sync_fixture_setup,
              test_erase_propagates, sync_fixture_teardown);

  return g_test_run ();
}
