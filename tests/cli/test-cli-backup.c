/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ch-sync-test.h"

/* chapterhouse-cli backup FILE and restore FILE with the real server: the
 * restore says what is lost, and the next sync brings back what the
 * server has and the backup does not. */

static void
test_backup_restore_sync (SyncFixture   *f,
                          gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "officer.db", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "officer backup.db", NULL);
  g_autofree char *token = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_autofree char *expected = NULL;
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "--chapter", f->chapter_a, "connect", f->server->url, "--token-file",
            token, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "members", "add", "--given", "Anna", "--family", "Berg", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, db, "backup", backup, NULL);
  g_assert_cmpint (run.status, ==, 0);
  expected = g_strdup_printf ("Backed up “%s” to “%s”.\n", db, backup);
  g_assert_cmpstr (run.out, ==, expected);

  /* Not over the data file itself; one file only. */
  sync_cli (&run, db, "backup", db, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "A backup cannot replace the chapter’s own data file."));
  sync_cli (&run, db, "backup", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* Bo joins and is synced; Cecilia is added but not synced. */
  sync_cli (&run, db, "members", "add", "--given", "Bo", "--family", "Ek", NULL);
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "members", "add", "--given", "Cecilia", "--family", "Holm", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, db, "restore", backup, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Restored “%s” into “%s”.\n"
                              "1 change made here since the last sync was not in the backup "
                              "and is gone.\n"
                              "Run “chapterhouse-cli sync” to bring back what the server has "
                              "and the backup does not.\n", backup, db);
  g_assert_cmpstr (run.out, ==, expected);
  sync_cli (&run, db, "members", "list", "--sort", "name", NULL);
  g_assert_nonnull (strstr (run.out, "Anna Berg"));
  g_assert_null (strstr (run.out, "Bo Ek"));

  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "members", "list", "--sort", "name", NULL);
  g_assert_nonnull (strstr (run.out, "Anna Berg"));
  g_assert_nonnull (strstr (run.out, "Bo Ek"));
  g_assert_null (strstr (run.out, "Cecilia"));

  /* A change after the restore reaches the server (new device id). */
  sync_cli (&run, db, "members", "add", "--given", "Dana", "--family", "Lind", NULL);
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(SyncClient) other = sync_fixture_client (f, "other", NULL);

    sync_client_sync_ok (other, NULL);
    g_assert_cmpuint (sync_client_count_rows (other, "member", TRUE), ==, 3);
  }

  /* Not a backup: refused, the data file kept. */
  sync_cli (&run, db, "restore", token, NULL);
  g_assert_cmpint (run.status, !=, 0);
  sync_cli (&run, db, "members", "list", NULL);
  g_assert_nonnull (strstr (run.out, "Dana Lind"));
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

  g_test_add ("/cli/backup/restore-sync", SyncFixture, NULL,
              sync_fixture_setup, test_backup_restore_sync, sync_fixture_teardown);

  return g_test_run ();
}
