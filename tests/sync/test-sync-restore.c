/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-restore"

#include "config.h"

#include <glib/gstdio.h>

#include "ch-store-backup.h"
#include "ch-sync-test.h"

/*
 * Back Up… and Restore… as the window does them (the store stays open,
 * the backup comes back in place) against the real server: nothing the
 * server has is lost, and no change number the server has seen is used
 * again.
 */

static char *
server_text (SyncFixture *f,
             const char  *id,
             const char  *field)
{
  return sync_server_get_text (f->server, f->chapter_a, f->token_admin, "member", id, field);
}

/* Anna backs up, then adds Max (synced) and Nina (not yet synced), and
 * Bo adds Olle from his laptop.  She restores the backup: Max, Nina and
 * Olle are gone from her file.  She adds Eva.  The next sync brings Max
 * and Olle back from the server, sends Eva under a new device id (the
 * server answers "applied", not an old stored answer), and says nothing
 * about Nina, who was never anywhere but on this laptop after the
 * backup: the confirmation told her so (ch_store_backup_count_unsent). */
static void
test_restore_keeps_server_changes (SyncFixture   *f,
                                   gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "anna-backup.db", NULL);
  g_autofree char *lena = NULL, *max = NULL, *nina = NULL, *olle = NULL, *eva = NULL;
  g_autofree char *old_device = NULL;
  g_autofree char *mids = NULL;
  g_autofree char *given = NULL;
  g_autoptr(GError) error = NULL;

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);

  g_assert_true (ch_store_backup_to_file (anna->path, backup, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  max = sync_client_add_member (anna, "Max", "Bauer", "max@example.at");
  sync_client_sync_ok (anna, NULL);
  nina = sync_client_add_member (anna, "Nina", "Kern", "nina@example.at");
  olle = sync_client_add_member (bo, "Olle", "Berg", "olle@example.se");
  sync_client_sync_ok (bo, NULL);
  old_device = g_strdup (ch_store_get_device_id (anna->store));

  g_assert_cmpuint (ch_store_backup_count_unsent (anna->store, backup), ==, 1);
  g_assert_true (ch_store_restore_into (backup, anna->path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ch_store_finish_restore (anna->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sync_client_count_rows (anna, "member", TRUE), ==, 1);
  g_assert_cmpstr (ch_store_get_device_id (anna->store), !=, old_device);

  eva = sync_client_add_member (anna, "Eva", "Gruber", "eva@example.at");
  sync_client_sync_ok (anna, NULL);

  /* Eva reached the server: her change was not taken for an old one. */
  given = server_text (f, eva, "given_name");
  g_assert_cmpstr (given, ==, "Eva");
  mids = sync_client_outbox_mids (anna);
  g_assert_cmpstr (mids, ==, "");

  /* What the server had and the backup did not came back. */
  sync_client_sync_ok (anna, NULL);
  g_clear_pointer (&given, g_free);
  given = sync_client_get_text (anna, "member", max, "given_name");
  g_assert_cmpstr (given, ==, "Max");
  g_clear_pointer (&given, g_free);
  given = sync_client_get_text (anna, "member", olle, "given_name");
  g_assert_cmpstr (given, ==, "Olle");
  g_assert_cmpuint (sync_client_count_rows (anna, "member", TRUE), ==, 4);

  /* And Bo gets Eva. */
  sync_client_sync_ok (bo, NULL);
  g_clear_pointer (&given, g_free);
  given = sync_client_get_text (bo, "member", eva, "given_name");
  g_assert_cmpstr (given, ==, "Eva");
  g_assert_cmpuint (sync_client_count_rows (bo, "member", TRUE), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/restore/keeps-server-changes", SyncFixture, NULL,
              sync_fixture_setup, test_restore_keeps_server_changes, sync_fixture_teardown);

  return g_test_run ();
}
