/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-idem"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ch-merge.h"
#include "ch-payments.h"
#include "ch-sync-test.h"

/*
 * A device never loses a change to an old answer of the server: a data
 * file restored from its own backup, a data file copied to a second
 * laptop, another officer using this device's id, and a value the server
 * kept while the device thought it had changed it.
 */

/* Closes the client's store (the last connection: SQLite folds the WAL
 * into the file) and returns the bytes of its database. */
static GBytes *
close_and_read (SyncClient *client)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_clear_object (&client->store);
  g_file_get_contents (client->path, &data, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (data, len);
}

static void
reopen (SyncClient *client)
{
  g_autoptr(GError) error = NULL;

  client->store = ch_store_open (client->path, &error);
  g_assert_no_error (error);
}

/* Writes @bytes over the database file in place (same inode, as "cp
 * backup.db data.db" does), with no WAL left beside it. */
static void
overwrite_in_place (const char *path,
                    GBytes     *bytes)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  FILE *fp = fopen (path, "r+b");
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_nonnull (fp);
  g_assert_cmpuint (fwrite (data, 1, len, fp), ==, len);
  g_assert_cmpint (ftruncate (fileno (fp), (off_t) len), ==, 0);
  g_assert_cmpint (fclose (fp), ==, 0);
  g_unlink (wal);
  g_unlink (shm);
}

static char *
server_text (SyncFixture *f,
             const char  *id,
             const char  *field)
{
  return sync_server_get_text (f->server, f->chapter_a, f->token_admin, "member", id, field);
}

/* Restored from a backup made earlier (in place, so nothing on the
 * device can tell): the next change reuses a mid the server has seen. */
static void
test_restored_backup (SyncFixture   *f,
                      gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(GBytes) backup = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *max = NULL;
  g_autofree char *eva = NULL;
  g_autofree char *given = NULL;
  g_autofree char *old_device = NULL;
  g_autofree char *mids = NULL;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  old_device = g_strdup (ch_store_get_device_id (anna->store));

  backup = close_and_read (anna);
  reopen (anna);

  max = sync_client_add_member (anna, "Max", "Bauer", "max@example.at");
  sync_client_sync_ok (anna, NULL);

  /* The laptop's disk is restored from last week's backup. */
  g_bytes_unref (close_and_read (anna));
  overwrite_in_place (anna->path, backup);
  reopen (anna);
  g_assert_cmpstr (ch_store_get_device_id (anna->store), ==, old_device);

  eva = sync_client_add_member (anna, "Eva", "Gruber", "eva@example.at");
  sync_client_sync_ok (anna, NULL);

  given = server_text (f, eva, "given_name");
  g_assert_cmpstr (given, ==, "Eva");
  mids = sync_client_outbox_mids (anna);
  g_assert_cmpstr (mids, ==, "");
  /* The device took a new id instead of reusing the old one's mids. */
  g_assert_cmpstr (ch_store_get_device_id (anna->store), !=, old_device);

  /* And it has everything, Max included. */
  sync_client_sync_ok (anna, NULL);
  g_assert_cmpuint (sync_client_count_rows (anna, "member", TRUE), ==, 3);
}

/* Anna adds Lena and a payment; her backup program copies the file while
 * both still wait to be sent.  They reach the server; Bo deletes both.
 * Anna's disk is restored from that copy: her device sends the two inserts
 * again (under a new device id).  What Bo deleted stays deleted, on every
 * device.  (Found by the chaos run, seed 1016.) */
static void
test_restored_backup_old_inserts (SyncFixture   *f,
                                  gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GBytes) backup = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *payment = NULL;
  g_autofree char *mids = NULL;
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GHashTable) payments = NULL;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  fields = sync_test_json ("{'amount': 15000, 'paid_on': '2026-03-01', 'method': 'cash'}");
  g_assert_true (ch_payments_record (anna->store, lena, fields, &payment, &error));
  g_assert_no_error (error);
  backup = close_and_read (anna);
  reopen (anna);
  sync_client_sync_ok (anna, NULL);

  sync_client_sync_ok (bo, NULL);
  g_assert_true (ch_payments_delete (bo->store, payment, &error));
  g_assert_no_error (error);
  g_assert_true (ch_store_delete (bo->store, "member", lena, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (bo, NULL);

  /* Restored as a new file, as most backup programs do: the device knows
   * it is a copy and takes a new device id. */
  g_bytes_unref (close_and_read (anna));
  {
    g_autofree char *tmp = g_strconcat (anna->path, ".restored", NULL);
    g_autofree char *wal = g_strconcat (anna->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (anna->path, "-shm", NULL);

    g_file_set_contents (tmp, g_bytes_get_data (backup, NULL), g_bytes_get_size (backup), &error);
    g_assert_no_error (error);
    g_unlink (wal);
    g_unlink (shm);
    g_assert_cmpint (g_rename (tmp, anna->path), ==, 0);
  }
  reopen (anna);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  members = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  payments = sync_server_rows (f->server, f->chapter_a, f->token_a, "payment");
  g_assert_true (json_object_get_boolean_member (g_hash_table_lookup (members, lena), "deleted"));
  g_assert_true (json_object_get_boolean_member (g_hash_table_lookup (payments, payment),
                                                 "deleted"));
  g_assert_true (sync_client_is_deleted (anna, "member", lena));
  g_assert_true (sync_client_is_deleted (bo, "member", lena));
  g_assert_true (sync_client_is_deleted (anna, "payment", payment));
  mids = sync_client_outbox_mids (anna);
  g_assert_cmpstr (mids, ==, "");
}

/* Bo deletes Lena; Anna restores her, and her backup program copies the
 * file while the restore still waits to be sent.  The restore reaches the
 * server; later Bo deletes Lena again.  Anna's disk is restored from that
 * copy: her device sends the old restore again (under a new device id).
 * Bo's later deletion stays, on every device, with a conflict that offers
 * the restore.  (Found by the chaos run, seed 40198.) */
static void
test_restored_backup_old_restore (SyncFixture   *f,
                                  gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GBytes) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *mids = NULL;
  g_autoptr(GHashTable) members = NULL;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_true (ch_store_delete (bo->store, "member", lena, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (bo, NULL);

  sync_client_sync_ok (anna, NULL);
  g_assert_true (sync_client_is_deleted (anna, "member", lena));
  g_assert_true (ch_store_restore (anna->store, "member", lena, &error));
  g_assert_no_error (error);
  backup = close_and_read (anna);
  reopen (anna);
  sync_client_sync_ok (anna, NULL);

  sync_client_sync_ok (bo, NULL);
  g_assert_false (sync_client_is_deleted (bo, "member", lena));
  g_assert_true (ch_store_delete (bo->store, "member", lena, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (bo, NULL);

  g_bytes_unref (close_and_read (anna));
  {
    g_autofree char *tmp = g_strconcat (anna->path, ".restored", NULL);
    g_autofree char *wal = g_strconcat (anna->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (anna->path, "-shm", NULL);

    g_file_set_contents (tmp, g_bytes_get_data (backup, NULL), g_bytes_get_size (backup), &error);
    g_assert_no_error (error);
    g_unlink (wal);
    g_unlink (shm);
    g_assert_cmpint (g_rename (tmp, anna->path), ==, 0);
  }
  reopen (anna);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  members = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  g_assert_true (json_object_get_boolean_member (g_hash_table_lookup (members, lena), "deleted"));
  g_assert_true (sync_client_is_deleted (anna, "member", lena));
  g_assert_true (sync_client_is_deleted (bo, "member", lena));
  mids = sync_client_outbox_mids (anna);
  g_assert_cmpstr (mids, ==, "");
}

/* The server came back on another port: the client follows it. */
static void
follow_server (SyncFixture *f,
               SyncClient  *client)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *epoch = NULL;
  gint64 cursor = 0;

  g_assert_true (ch_store_get_sync_state (client->store, f->chapter_a, NULL, &epoch, &cursor));
  ch_store_set_sync_state (client->store, f->chapter_a, f->server->url, epoch, cursor, &error);
  g_assert_no_error (error);
}

/* The operator backs the server up into the fixture's directory. */
static void
backup_server (SyncFixture *f)
{
  g_autofree char *backup_db = g_build_filename (f->dir, "server-backup.db", NULL);
  g_autofree char *to_backup = g_strconcat ("--to=", backup_db, NULL);

  g_free (sync_server_admin_ok (f->server, "backup", to_backup, NULL));
}

/* The operator stops the server, restores the backup of backup_server()
 * and starts it again (on another port: clients follow_server()). */
static void
restore_server (SyncFixture *f)
{
  g_autofree char *backup_db = g_build_filename (f->dir, "server-backup.db", NULL);
  g_autofree char *from_backup = g_strconcat ("--from=", backup_db, NULL);

  g_assert_cmpint (sync_server_stop (f->server), ==, 0);
  g_free (sync_server_admin_ok (f->server, "restore", from_backup, NULL));
  sync_server_start (f->server);
}

/* Puts the bytes of an earlier copy back as the client's data file (a new
 * file, as a restore program writes it) and opens it again. */
static void
put_back (SyncClient *client,
          GBytes     *copy)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_strconcat (client->path, ".restored", NULL);
  g_autofree char *wal = g_strconcat (client->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (client->path, "-shm", NULL);

  g_bytes_unref (close_and_read (client));
  g_file_set_contents (tmp, g_bytes_get_data (copy, NULL), g_bytes_get_size (copy), &error);
  g_assert_no_error (error);
  g_unlink (wal);
  g_unlink (shm);
  g_assert_cmpint (g_rename (tmp, client->path), ==, 0);
  reopen (client);
}

/* As above, with a server restore in between: Bo deletes Lena, the
 * operator takes a backup, Anna restores Lena (her file is copied while
 * the restore waits) and it reaches the server.  The server is restored
 * from the backup (Lena deleted again, at the version Anna's copy knew);
 * Bo, who saw her live, deletes her.  Anna's file is put back from the
 * copy and sends the old restore again: Bo's deletion, made after it,
 * stays.  (Found by the chaos run, seed 50086.) */
static void
test_restored_backup_old_restore_server_restored (SyncFixture   *f,
                                                  gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *mids = NULL;
  g_autoptr(GHashTable) members = NULL;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_true (ch_store_delete (bo->store, "member", lena, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (bo, NULL);
  backup_server (f);

  sync_client_sync_ok (anna, NULL);
  g_assert_true (ch_store_restore (anna->store, "member", lena, &error));
  g_assert_no_error (error);
  copy = close_and_read (anna);
  reopen (anna);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_false (sync_client_is_deleted (bo, "member", lena));

  restore_server (f);
  follow_server (f, bo);

  /* Bo still sees Lena live and deletes her; his sync resyncs first. */
  g_assert_true (ch_store_delete (bo->store, "member", lena, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (bo, NULL);

  put_back (anna, copy);
  follow_server (f, anna);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  members = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  g_assert_true (json_object_get_boolean_member (g_hash_table_lookup (members, lena), "deleted"));
  g_assert_true (sync_client_is_deleted (anna, "member", lena));
  g_assert_true (sync_client_is_deleted (bo, "member", lena));
  mids = sync_client_outbox_mids (anna);
  g_assert_cmpstr (mids, ==, "");
}

/* Anna adds Lena, deletes her, brings her back and gives her a phone,
 * all offline; her file is copied with these changes waiting.  The server
 * is backed up, takes the changes, and is restored from the backup: Anna's
 * resync sends Lena back.  Anna changes the phone and syncs.  Then her
 * file is put back from the copy: its old changes go again, under new
 * mids, and the old delete and restore in them must not bring back the
 * copy's phone over the one Anna synced since.  (Found by the chaos run,
 * seed 50001: the restore brought the device's copy of the personal
 * fields, which the delete of the same request had just dropped.) */
static void
test_restored_copy_keeps_later_phone (SyncFixture   *f,
                                      gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *max = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *mids = NULL;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  g_assert_true (ch_store_delete (anna->store, "member", lena, &error));
  g_assert_no_error (error);
  g_assert_true (ch_store_restore (anna->store, "member", lena, &error));
  g_assert_no_error (error);
  sync_client_set_field (anna, lena, "phone", "+43 1 111111");
  max = sync_client_add_member (anna, "Max", "Bauer", "max@example.at");
  copy = close_and_read (anna);
  reopen (anna);
  backup_server (f);
  sync_client_sync_ok (anna, NULL);

  restore_server (f);
  follow_server (f, anna);
  sync_client_sync_ok (anna, NULL);

  sync_client_set_field (anna, lena, "phone", "+43 1 222222");
  sync_client_sync_ok (anna, NULL);
  phone = server_text (f, lena, "phone");
  g_assert_cmpstr (phone, ==, "+43 1 222222");
  g_clear_pointer (&phone, g_free);

  put_back (anna, copy);
  follow_server (f, anna);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (anna, NULL);

  phone = server_text (f, lena, "phone");
  g_assert_cmpstr (phone, ==, "+43 1 222222");
  g_clear_pointer (&phone, g_free);
  phone = sync_client_get_text (anna, "member", lena, "phone");
  g_assert_cmpstr (phone, ==, "+43 1 222222");
  g_assert_false (sync_client_is_deleted (anna, "member", lena));
  mids = sync_client_outbox_mids (anna);
  g_assert_cmpstr (mids, ==, "");
}

/* Anna adds Lena, deletes her and brings her back, all offline; her file
 * is copied with the three changes waiting.  They reach the server, and
 * Bo deletes Lena.  Anna's file is put back from the copy and sends the
 * three again: the old delete finds Bo's tombstone, and the old restore
 * that follows it must not undo Bo's deletion.  (Found by the chaos run,
 * seed 60109.) */
static void
test_restored_backup_old_delete_and_restore (SyncFixture   *f,
                                             gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) members = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *mids = NULL;

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  g_assert_true (ch_store_delete (anna->store, "member", lena, &error));
  g_assert_no_error (error);
  g_assert_true (ch_store_restore (anna->store, "member", lena, &error));
  g_assert_no_error (error);
  copy = close_and_read (anna);
  reopen (anna);
  sync_client_sync_ok (anna, NULL);

  sync_client_sync_ok (bo, NULL);
  g_assert_false (sync_client_is_deleted (bo, "member", lena));
  g_assert_true (ch_store_delete (bo->store, "member", lena, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (bo, NULL);

  put_back (anna, copy);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  members = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  g_assert_true (json_object_get_boolean_member (g_hash_table_lookup (members, lena), "deleted"));
  g_assert_true (sync_client_is_deleted (anna, "member", lena));
  g_assert_true (sync_client_is_deleted (bo, "member", lena));
  mids = sync_client_outbox_mids (anna);
  g_assert_cmpstr (mids, ==, "");
}

/* The data file copied to a second laptop: both make changes, both reach
 * the server. */
static void
test_copied_to_second_laptop (SyncFixture   *f,
                              gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) laptop = g_new0 (SyncClient, 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *max = NULL;
  g_autofree char *eva = NULL;
  g_autofree char *max_on_server = NULL;
  g_autofree char *eva_on_server = NULL;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);

  bytes = close_and_read (anna);
  reopen (anna);

  laptop->name = g_strdup ("laptop");
  laptop->path = g_build_filename (f->dir, "laptop.db", NULL);
  laptop->chapter_id = g_strdup (f->chapter_a);
  laptop->token = g_strdup (f->token_a);
  g_file_set_contents (laptop->path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       &error);
  g_assert_no_error (error);
  reopen (laptop);

  /* The copy knows it is a copy. */
  g_assert_cmpstr (ch_store_get_device_id (laptop->store), !=,
                   ch_store_get_device_id (anna->store));

  max = sync_client_add_member (anna, "Max", "Bauer", "max@example.at");
  eva = sync_client_add_member (laptop, "Eva", "Gruber", "eva@example.at");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (laptop, NULL);
  sync_client_sync_ok (anna, NULL);

  max_on_server = server_text (f, max, "given_name");
  eva_on_server = server_text (f, eva, "given_name");
  g_assert_cmpstr (max_on_server, ==, "Max");
  g_assert_cmpstr (eva_on_server, ==, "Eva");
  g_assert_cmpuint (sync_client_count_rows (anna, "member", TRUE), ==, 3);
  g_assert_cmpuint (sync_client_count_rows (laptop, "member", TRUE), ==, 3);
}

/* The same, but the copy cannot tell (copied back over itself): the
 * server's "mid reused" answer alone makes it take a new id. */
static void
test_copy_undetected (SyncFixture   *f,
                      gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *max = NULL;
  g_autofree char *eva = NULL;
  g_autofree char *city = NULL;
  g_autofree char *eva_on_server = NULL;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  bytes = close_and_read (anna);
  reopen (anna);

  /* Two changes pushed, then the file goes back to before them. */
  max = sync_client_add_member (anna, "Max", "Bauer", "max@example.at");
  sync_client_set_field (anna, lena, "city", "Graz");
  sync_client_sync_ok (anna, NULL);
  g_bytes_unref (close_and_read (anna));
  overwrite_in_place (anna->path, bytes);
  reopen (anna);

  /* Three new changes: the first two reuse mids the server has seen. */
  sync_client_set_field (anna, lena, "city", "Linz");
  eva = sync_client_add_member (anna, "Eva", "Gruber", "eva@example.at");
  sync_client_set_field (anna, lena, "company", "Contoso");
  sync_client_sync_ok (anna, NULL);

  eva_on_server = server_text (f, eva, "given_name");
  g_assert_cmpstr (eva_on_server, ==, "Eva");
  g_free (city);
  city = server_text (f, lena, "company");
  g_assert_cmpstr (city, ==, "Contoso");
}

/* Another officer's token with this device's id and the largest mid:
 * refused, and this device's next change still reaches the server. */
static void
test_foreign_device_id (SyncFixture   *f,
                        gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autofree char *lena = NULL;
  g_autofree char *token_ben = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *city = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint status = 0;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);

  token_ben = sync_server_admin_ok (f->server, "token", "create", "--name", "Ben (SE)",
                                    "--chapter", f->chapter_a, NULL);
  path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter_a);
  body = g_strdup_printf ("{\"device_id\":\"%s\",\"schema_version\":1,\"mutations\":["
                          "{\"mid\":%" G_GINT64_FORMAT ",\"entity\":\"member\",\"id\":\"%s\","
                          "\"op\":\"update\",\"base\":{\"city\":null},"
                          "\"set\":{\"city\":\"Wien\"}}]}",
                          ch_store_get_device_id (anna->store), G_MAXINT64, lena);
  reply = sync_server_request (f->server, "POST", path, token_ben, body, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (g_bytes_get_data (reply, NULL), "device_not_yours"));

  sync_client_set_field (anna, lena, "city", "Graz");
  sync_client_sync_ok (anna, NULL);
  city = server_text (f, lena, "city");
  g_assert_cmpstr (city, ==, "Graz");
}

/* A laptop handed to another officer, who enters a token of their own:
 * the server says the device id is not theirs and the device takes a new
 * one, losing nothing. */
static void
test_new_officer_same_file (SyncFixture   *f,
                            gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autofree char *lena = NULL;
  g_autofree char *old_device = NULL;
  g_autofree char *city = NULL;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  old_device = g_strdup (ch_store_get_device_id (anna->store));

  g_free (anna->token);
  anna->token = sync_server_admin_ok (f->server, "token", "create", "--name", "Ben (SE)",
                                      "--chapter", f->chapter_a, NULL);
  sync_client_set_field (anna, lena, "city", "Graz");
  sync_client_sync_ok (anna, NULL);

  city = server_text (f, lena, "city");
  g_assert_cmpstr (city, ==, "Graz");
  g_clear_object (&anna->store);
  reopen (anna);
  g_assert_cmpstr (ch_store_get_device_id (anna->store), !=, old_device);
}

/* "Dues paid until" keeps the later date: the device that sent the
 * earlier one ends with the server's value and an entry saying so, until
 * it is dismissed. */
static void
test_overridden_visible (SyncFixture   *f,
                         gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) ben = sync_fixture_client (f, "ben", NULL);
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lena = NULL;
  g_autofree char *value = NULL;
  g_autofree char *on_server = NULL;
  ChSyncIssue *issue;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (ben, NULL);

  sync_client_set_field (ben, lena, "dues_paid_until", "2027-12-31");
  sync_client_sync_ok (ben, NULL);
  sync_client_set_field (anna, lena, "dues_paid_until", "2027-06-30");
  sync_client_sync_ok (anna, NULL);

  value = sync_client_get_text (anna, "member", lena, "dues_paid_until");
  on_server = server_text (f, lena, "dues_paid_until");
  g_assert_cmpstr (on_server, ==, "2027-12-31");
  g_assert_cmpstr (value, ==, "2027-12-31");

  issues = ch_store_list_sync_issues (anna->store, f->chapter_a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (issues->len, ==, 1);
  issue = g_ptr_array_index (issues, 0);
  g_assert_cmpstr (issue->kind, ==, "overridden");
  g_assert_cmpstr (issue->field, ==, "dues_paid_until");
  g_assert_cmpstr (issue->label, ==, "Lena Huber");
  g_assert_cmpstr (issue->reason, ==, "kept_later");
  g_assert_nonnull (strstr (issue->text, "2027-12-31"));
  g_assert_cmpuint (ch_store_count_sync_issues (anna->store, f->chapter_a), ==, 1);
  g_assert_cmpuint (ch_store_count_rejections (anna->store, f->chapter_a), ==, 0);

  /* The next sync does not make it go away; dismissing does. */
  sync_client_sync_ok (anna, NULL);
  g_assert_cmpuint (ch_store_count_sync_issues (anna->store, f->chapter_a), ==, 1);
  ch_store_dismiss_sync_issue (anna->store, issue->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ch_store_count_sync_issues (anna->store, f->chapter_a), ==, 0);
}

/* "chapterhouse-cli status" lists what the server refused or overrode,
 * with the reason, until "rejections dismiss" clears it. */
static void
test_cli_status (SyncFixture   *f,
                 gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) ben = sync_fixture_client (f, "ben", NULL);
  g_auto(SyncCliRun) run = { 0 };
  g_autofree char *lena = NULL;
  g_autoptr(JsonObject) status = NULL;
  JsonArray *list;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (ben, NULL);
  sync_client_set_field (ben, lena, "dues_paid_until", "2027-12-31");
  sync_client_sync_ok (ben, NULL);
  sync_client_set_field (anna, lena, "dues_paid_until", "2027-06-30");
  sync_client_sync_ok (anna, NULL);
  g_clear_object (&anna->store);

  sync_cli (&run, anna->path, "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Lena Huber"));
  g_assert_nonnull (strstr (run.out, "The server kept 2027-12-31"));

  sync_cli (&run, anna->path, "--json", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  status = sync_cli_json_object (&run);
  list = json_object_get_array_member (status, "issues");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                  "reason"), ==, "kept_later");

  sync_cli (&run, anna->path, "rejections", "dismiss", "--all", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, anna->path, "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "Lena Huber"));
}

/* Mids far beyond the server's last one for this device (another chapter
 * took a million changes in between): the device takes a new id instead
 * of having its change set aside. */
static void
test_mid_far_ahead (SyncFixture   *f,
                    gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autofree char *lena = NULL;
  g_autofree char *eva = NULL;
  g_autofree char *given = NULL;
  sqlite3 *db = NULL;

  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);

  g_clear_object (&anna->store);
  g_assert_cmpint (sqlite3_open (anna->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE sqlite_sequence SET seq = 5000000 "
                                     "WHERE name = 'outbox'", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  reopen (anna);

  eva = sync_client_add_member (anna, "Eva", "Gruber", "eva@example.at");
  sync_client_sync_ok (anna, NULL);
  given = server_text (f, eva, "given_name");
  g_assert_cmpstr (given, ==, "Eva");
  g_assert_cmpuint (ch_store_count_sync_issues (anna->store, f->chapter_a), ==, 0);
}

/* The officer edits while a sync is between its push and its pull. */
typedef struct
{
  const char *path;
  const char *member_id;
  gboolean    armed;
} EditDuringPull;

static SyncProxyAction
edit_during_pull (const char  *method,
                  char       **path,
                  guint        n,
                  gpointer     user_data)
{
  EditDuringPull *edit = user_data;

  if (edit->armed && g_str_equal (method, "GET") && strstr (*path, "/changes") != NULL)
    {
      g_autoptr(ChStore) window = NULL;
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(GError) error = NULL;

      edit->armed = FALSE;
      window = ch_store_open (edit->path, &error);
      g_assert_no_error (error);
      json_object_set_string_member (fields, "dues_paid_until", "2027-06-30");
      ch_store_update_member (window, edit->member_id, fields, &error);
      g_assert_no_error (error);
    }

  return SYNC_PROXY_FORWARD;
}

/* The pull laid Anna's pending earlier date over Ben's later one (same
 * version); the server then keeps Ben's: Anna must not keep hers. */
static void
test_overridden_after_overlay (SyncFixture   *f,
                               gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", sync_proxy_get_url (proxy));
  g_autoptr(SyncClient) ben = sync_fixture_client (f, "ben", NULL);
  g_autofree char *lena = NULL;
  g_autofree char *value = NULL;
  g_autofree char *on_server = NULL;
  EditDuringPull edit = { anna->path, NULL, FALSE };

  sync_proxy_set_rule (proxy, edit_during_pull, &edit);
  sync_client_sync_ok (anna, NULL);
  lena = sync_client_add_member (anna, "Lena", "Huber", "lena@example.at");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (ben, NULL);

  sync_client_set_field (ben, lena, "dues_paid_until", "2027-12-31");
  sync_client_sync_ok (ben, NULL);

  edit.member_id = lena;
  edit.armed = TRUE;
  sync_client_sync_ok (anna, NULL);
  g_assert_false (edit.armed);
  g_free (value);
  value = sync_client_get_text (anna, "member", lena, "dues_paid_until");
  g_assert_cmpstr (value, ==, "2027-06-30");  /* still pending */

  sync_client_sync_ok (anna, NULL);
  on_server = server_text (f, lena, "dues_paid_until");
  g_assert_cmpstr (on_server, ==, "2027-12-31");
  g_free (value);
  value = sync_client_get_text (anna, "member", lena, "dues_paid_until");
  g_assert_cmpstr (value, ==, "2027-12-31");
  g_assert_cmpuint (ch_store_count_sync_issues (anna->store, f->chapter_a), ==, 1);
}

/* The officer merges while a sync is between its push and its pull. */
typedef struct
{
  const char *path;
  const char *survivor;
  const char *other;
  gboolean    armed;
} MergeDuringPull;

static SyncProxyAction
merge_during_pull (const char  *method,
                   char       **path,
                   guint        n,
                   gpointer     user_data)
{
  MergeDuringPull *merge = user_data;

  if (merge->armed && g_str_equal (method, "GET") && strstr (*path, "/changes") != NULL)
    {
      g_autoptr(ChStore) window = NULL;
      g_autoptr(GError) error = NULL;

      merge->armed = FALSE;
      window = ch_store_open (merge->path, &error);
      g_assert_no_error (error);
      g_assert_true (ch_merge_members (window, merge->survivor, merge->other, &error));
      g_assert_no_error (error);
    }

  return SYNC_PROXY_FORWARD;
}

/* Anna merges Olle into Sven while her sync pulls Ben's deletion of both:
 * the pull lays her waiting merge over Olle's tombstone.  The server then
 * refuses the merge (Sven is deleted).  Anna's device must not keep Olle
 * as merged into Sven, which the server never held (it would move rows
 * naming Olle to Sven on the device alone).  (Found by the chaos run,
 * seed 60034.) */
static void
test_refused_merge_after_overlay (SyncFixture   *f,
                                  gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", sync_proxy_get_url (proxy));
  g_autoptr(SyncClient) ben = sync_fixture_client (f, "ben", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) members = NULL;
  g_autofree char *olle = NULL;
  g_autofree char *sven = NULL;
  g_autofree char *merged_into = NULL;
  MergeDuringPull merge = { anna->path, NULL, NULL, FALSE };

  sync_proxy_set_rule (proxy, merge_during_pull, &merge);
  olle = sync_client_add_member (anna, "Olle", "Ek", "olle@example.se");
  sven = sync_client_add_member (anna, "Sven", "Ek", "sven@example.se");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (ben, NULL);

  g_assert_true (ch_store_delete (ben->store, "member", olle, &error));
  g_assert_no_error (error);
  g_assert_true (ch_store_delete (ben->store, "member", sven, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (ben, NULL);

  merge.survivor = sven;
  merge.other = olle;
  merge.armed = TRUE;
  sync_client_sync_ok (anna, NULL);
  g_assert_false (merge.armed);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (anna, NULL);

  g_assert_cmpuint (ch_store_count_rejections (anna->store, f->chapter_a), ==, 1);
  members = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  g_assert_true (json_object_get_boolean_member (g_hash_table_lookup (members, olle), "deleted"));
  g_assert_true (json_object_get_null_member (g_hash_table_lookup (members, olle), "merged_into"));
  g_assert_true (sync_client_is_deleted (anna, "member", olle));
  merged_into = sync_client_get_text (anna, "member", olle, "merged_into");
  g_assert_null (merged_into);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/idem/restored-backup", SyncFixture, NULL,
              sync_fixture_setup, test_restored_backup, sync_fixture_teardown);
  g_test_add ("/sync/idem/restored-backup-old-inserts", SyncFixture, NULL,
              sync_fixture_setup, test_restored_backup_old_inserts, sync_fixture_teardown);
  g_test_add ("/sync/idem/restored-backup-old-restore", SyncFixture, NULL,
              sync_fixture_setup, test_restored_backup_old_restore, sync_fixture_teardown);
  g_test_add ("/sync/idem/restored-backup-old-restore-server-restored", SyncFixture, NULL,
              sync_fixture_setup, test_restored_backup_old_restore_server_restored,
              sync_fixture_teardown);
  g_test_add ("/sync/idem/restored-copy-keeps-later-phone", SyncFixture, NULL,
              sync_fixture_setup, test_restored_copy_keeps_later_phone, sync_fixture_teardown);
  g_test_add ("/sync/idem/restored-backup-old-delete-and-restore", SyncFixture, NULL,
              sync_fixture_setup, test_restored_backup_old_delete_and_restore,
              sync_fixture_teardown);
  g_test_add ("/sync/idem/refused-merge-after-overlay", SyncFixture, NULL,
              sync_fixture_setup, test_refused_merge_after_overlay, sync_fixture_teardown);
  g_test_add ("/sync/idem/copied-to-second-laptop", SyncFixture, NULL,
              sync_fixture_setup, test_copied_to_second_laptop, sync_fixture_teardown);
  g_test_add ("/sync/idem/copy-undetected", SyncFixture, NULL,
              sync_fixture_setup, test_copy_undetected, sync_fixture_teardown);
  g_test_add ("/sync/idem/foreign-device-id", SyncFixture, NULL,
              sync_fixture_setup, test_foreign_device_id, sync_fixture_teardown);
  g_test_add ("/sync/idem/new-officer-same-file", SyncFixture, NULL,
              sync_fixture_setup, test_new_officer_same_file, sync_fixture_teardown);
  g_test_add ("/sync/idem/overridden-visible", SyncFixture, NULL,
              sync_fixture_setup, test_overridden_visible, sync_fixture_teardown);
  g_test_add ("/sync/idem/overridden-after-overlay", SyncFixture, NULL,
              sync_fixture_setup, test_overridden_after_overlay, sync_fixture_teardown);
  g_test_add ("/sync/idem/mid-far-ahead", SyncFixture, NULL,
              sync_fixture_setup, test_mid_far_ahead, sync_fixture_teardown);
  g_test_add ("/sync/idem/cli-status", SyncFixture, NULL,
              sync_fixture_setup, test_cli_status, sync_fixture_teardown);

  return g_test_run ();
}
