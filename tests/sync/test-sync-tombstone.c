/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-tombstone"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ch-store-sync.h"
#include "ch-sync-test.h"

/*
 * A deleted member's tombstone on the server keeps no personal field
 * (issue 16): after Anna deletes a member, not one byte of the name,
 * e-mail or phone is in the server's database file (after a checkpoint
 * and VACUUM).  The devices keep their own copy, so a restore, on the
 * device that deleted or on another one, brings the whole member back
 * for everyone.
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
assert_member_whole (SyncClient *client,
                     const char *id)
{
  g_autofree char *given = sync_client_get_text (client, "member", id, "given_name");
  g_autofree char *family = sync_client_get_text (client, "member", id, "family_name");
  g_autofree char *email = sync_client_get_text (client, "member", id, "email");
  g_autofree char *phone = sync_client_get_text (client, "member", id, "phone");

  g_assert_false (sync_client_is_deleted (client, "member", id));
  g_assert_cmpstr (given, ==, "Ottilie");
  g_assert_cmpstr (family, ==, "Brannigan");
  g_assert_cmpstr (email, ==, "ob@tomb.example");
  g_assert_cmpstr (phone, ==, "+99 555 0177");
}

static char *
add_member (SyncClient *client)
{
  char *id = sync_client_add_member (client, "Ottilie", "Brannigan", "ob@tomb.example");

  sync_client_set_field (client, id, "phone", "+99 555 0177");
  return id;
}

static void
assert_server_scrubbed (SyncFixture *f,
                        const char  *id)
{
  g_autofree char *given = sync_server_get_text (f->server, f->chapter_a, f->token_a,
                                                 "member", id, "given_name");
  g_autofree char *email = sync_server_get_text (f->server, f->chapter_a, f->token_a,
                                                 "member", id, "email");

  g_assert_null (given);
  g_assert_null (email);
}

static void
test_tombstone_scrubbed (SyncFixture   *f,
                         gconstpointer  data)
{
  static const char * const needles[] = {
    "Ottilie", "Brannigan", "ob@tomb.example", "555 0177",
  };
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member (anna);

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_true (ch_store_delete (anna->store, "member", id, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_true (sync_client_is_deleted (bo, "member", id));
  assert_server_scrubbed (f, id);

  g_clear_object (&anna->store);
  g_clear_object (&bo->store);
  g_assert_cmpint (sync_server_stop (f->server), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      g_test_message ("%s in %s", needles[i], f->server->db);
      g_assert_cmpuint (count_in_file (f->server->db, needles[i]), ==, 0);
    }
}

static void
test_tombstone_restore (SyncFixture   *f,
                        gconstpointer  data)
{
  gboolean on_other = GPOINTER_TO_INT (data);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member (anna);
  SyncClient *restorer = on_other ? bo : anna;
  SyncClient *viewer = on_other ? anna : bo;

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_true (ch_store_delete (anna->store, "member", id, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  assert_server_scrubbed (f, id);

  /* The restoring device pulled the scrubbed tombstone: it kept its copy. */
  g_assert_true (ch_store_restore (restorer->store, "member", id, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (restorer, NULL);
  sync_client_sync_ok (viewer, NULL);
  assert_member_whole (restorer, id);
  assert_member_whole (viewer, id);
}

/* Cecilia's device was offline while Anna added a member and deleted
 * it: its next pull brings the member's tombstone only, without the
 * details.  It cannot restore the member, says why, and sends nothing;
 * Anna's device, which has the details, can. */
static void
test_tombstone_only (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) cecilia = sync_fixture_client (f, "cecilia", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *given = NULL;

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (cecilia, NULL);
  id = add_member (anna);
  sync_client_sync_ok (anna, NULL);
  g_assert_true (ch_store_delete (anna->store, "member", id, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);

  sync_client_sync_ok (cecilia, NULL);
  g_assert_true (sync_client_is_deleted (cecilia, "member", id));
  given = sync_client_get_text (cecilia, "member", id, "given_name");
  g_assert_null (given);

  g_assert_false (ch_store_restore (cecilia->store, "member", id, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "restore them on a device that still has them"));
  g_clear_error (&error);
  g_assert_cmpuint (ch_store_outbox_count (cecilia->store, f->chapter_a), ==, 0);
  g_assert_true (sync_client_is_deleted (cecilia, "member", id));

  g_assert_true (ch_store_restore (anna->store, "member", id, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (cecilia, NULL);
  assert_member_whole (cecilia, id);
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/tombstone/scrubbed", SyncFixture, NULL, sync_fixture_setup,
              test_tombstone_scrubbed, sync_fixture_teardown);
  g_test_add ("/sync/tombstone/restore-same-device", SyncFixture, GINT_TO_POINTER (FALSE),
              sync_fixture_setup, test_tombstone_restore, sync_fixture_teardown);
  g_test_add ("/sync/tombstone/restore-other-device", SyncFixture, GINT_TO_POINTER (TRUE),
              sync_fixture_setup, test_tombstone_restore, sync_fixture_teardown);

  g_test_add ("/sync/tombstone/tombstone-only", SyncFixture, NULL, sync_fixture_setup,
              test_tombstone_only, sync_fixture_teardown);

  return g_test_run ();
}
