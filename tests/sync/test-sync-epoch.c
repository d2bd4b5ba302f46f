/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-epoch"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-merge.h"
#include "ch-payments.h"
#include "ch-store-private.h"
#include "ch-sync-test.h"

/*
 * The server goes back in time (its database copied back from a backup,
 * with or without "restore") or forgets deletions (compaction) while
 * devices are behind. Afterwards every device holds exactly what the
 * server holds, and what the server lost comes back from the devices.
 */

/* The server's whole chapter A as one snapshot, tombstones included:
 * id → {"version", "deleted", and every field}. */
static GHashTable *
server_snapshot (SyncFixture *f,
                 const char  *entity)
{
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_object_unref);
  gint64 since = 0;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?since=%" G_GINT64_FORMAT
                                               "&tombstones=true", f->chapter_a, since);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonNode) page = NULL;
      JsonObject *root;
      JsonArray *items;
      guint status = 0;

      body = sync_server_request (f->server, "GET", path, f->token_a, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      page = sync_test_parse_json (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      root = json_node_get_object (page);
      items = json_object_get_array_member (root, "items");

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          JsonObject *row;
          JsonObjectIter iter;
          const char *name;
          JsonNode *node;

          if (g_strcmp0 (json_object_get_string_member (item, "entity"), entity) != 0)
            continue;

          row = json_object_new ();
          json_object_set_int_member (row, "version", json_object_get_int_member (item, "version"));
          json_object_set_boolean_member (row, "deleted",
                                          json_object_get_boolean_member (item, "deleted"));
          json_object_iter_init (&iter, json_object_get_object_member (item, "fields"));
          while (json_object_iter_next (&iter, &name, &node))
            json_object_set_member (row, name, json_node_copy (node));
          g_hash_table_insert (rows, g_strdup (json_object_get_string_member (item, "id")), row);
        }

      since = json_object_get_int_member (root, "next");
      if (!json_object_get_boolean_member (root, "has_more"))
        return rows;
    }
}

static gboolean
server_has_live (SyncFixture *f,
                 const char  *entity,
                 const char  *id)
{
  g_autoptr(GHashTable) rows = server_snapshot (f, entity);
  JsonObject *row = g_hash_table_lookup (rows, id);

  return row != NULL && !json_object_get_boolean_member (row, "deleted");
}

/* Whether the device has row @id of @entity, not deleted. */
static gboolean
client_has_live (SyncClient *client,
                 const char *entity,
                 const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = ch_store_get_row (client->store, entity, id, &error);

  if (row == NULL)
    {
      g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND);
      return FALSE;
    }

  return !json_object_get_boolean_member (row, "deleted");
}

/* The device holds exactly the server's live rows of @entity, field by
 * field and at the server's version, and no live row the server lacks. */
static void
assert_same_as_server (SyncFixture *f,
                       SyncClient  *client,
                       const char  *entity)
{
  const ChEntityInfo *info = ch_entity_lookup (entity);
  g_autoptr(GHashTable) rows = server_snapshot (f, entity);
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  GHashTableIter iter;
  const char *id;
  JsonObject *theirs;

  g_assert_cmpuint (ch_store_outbox_count (client->store, f->chapter_a), ==, 0);

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &theirs))
    {
      g_autoptr(JsonObject) mine = NULL;

      if (json_object_get_boolean_member (theirs, "deleted"))
        {
          g_assert_false (client_has_live (client, entity, id));
          continue;
        }

      mine = ch_store_get_row (client->store, entity, id, &error);
      g_assert_no_error (error);
      g_assert_false (json_object_get_boolean_member (mine, "deleted"));
      g_assert_cmpint (json_object_get_int_member (mine, "version"), ==,
                       json_object_get_int_member (theirs, "version"));
      for (guint i = 0; i < info->n_fields; i++)
        {
          const char *name = info->fields[i].name;
          JsonNode *a = json_object_get_member (mine, name);
          JsonNode *b = json_object_get_member (theirs, name);

          if (!json_node_equal (a, b))
            g_error ("%s: %s %s field %s differs from the server's", client->name, entity, id,
                     name);
        }
    }

  sql = g_strdup_printf ("SELECT id FROM %s WHERE chapter_id = ? AND deleted = 0", info->table);
  live = ch_store_query_texts (client->store, &error, sql, f->chapter_a, ch_store_sql_end);
  g_assert_no_error (error);
  for (guint i = 0; i < live->len; i++)
    {
      theirs = g_hash_table_lookup (rows, live->pdata[i]);
      if (theirs == NULL || json_object_get_boolean_member (theirs, "deleted"))
        g_error ("%s has %s %s, which the server does not have", client->name, entity,
                 (const char *) live->pdata[i]);
    }
}

/* The server came back on another port: the device follows it and keeps
 * its epoch and cursor. */
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

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dest = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (src, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static char *
health_epoch (SyncFixture *f)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  body = sync_server_request (f->server, "GET", "/v1/health", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  node = sync_test_parse_json (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  return g_strdup (json_object_get_string_member (json_node_get_object (node), "epoch"));
}

/* ----------------------------------------------------------------------- */
/* The server goes back in time                                            */

typedef enum
{
  BACK_COPY,           /* the operator copies the file back with cp */
  BACK_COPY_NO_MARK,   /* …and the high-water mark beside it is gone too */
  BACK_RESTORE,        /* "backup" while serving, "restore" while stopped */
} BackInTime;

static void
test_back_in_time (SyncFixture   *f,
                   gconstpointer  data)
{
  BackInTime how = GPOINTER_TO_INT (data);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(SyncClient) cara = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  /* (The helper puts --db after the second word.) */
  g_autofree char *to_backup = g_strconcat ("--to=", backup, NULL);
  g_autofree char *from_backup = g_strconcat ("--from=", backup, NULL);
  g_autofree char *mark = g_strconcat (f->server->db, ".epoch", NULL);
  g_autofree char *maja = NULL;
  g_autofree char *nils = NULL;
  g_autofree char *olle = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  ChSyncReport report = { 0 };

  maja = sync_client_add_member (anna, "Maja", "Berg", "maja@example.se");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  before = health_epoch (f);

  /* The nightly backup. */
  if (how == BACK_RESTORE)
    {
      out = sync_server_admin_ok (f->server, "backup", to_backup, NULL);
      g_assert_nonnull (strstr (out, before));
    }
  else
    {
      g_assert_cmpint (sync_server_stop (f->server), ==, 0);
      copy_file (f->server->db, backup);
      sync_server_start (f->server);
      follow_server (f, anna);
      follow_server (f, bo);
    }

  /* Anna adds Nils; the server acknowledges it and Bo gets it: his
   * cursor is now beyond what the backup holds. */
  nils = sync_client_add_member (anna, "Nils", "Holm", "nils@example.se");
  sync_client_set_field (anna, maja, "city", "Uppsala");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_true (server_has_live (f, "member", nils));

  /* The disk fails; the backup goes back in. */
  g_assert_cmpint (sync_server_stop (f->server), ==, 0);
  if (how == BACK_RESTORE)
    {
      g_autofree char *restored = sync_server_admin_ok (f->server, "restore", from_backup,
                                                        NULL);

      g_assert_nonnull (strstr (restored, "epoch"));
    }
  else
    {
      g_autofree char *wal = g_strconcat (f->server->db, "-wal", NULL);

      copy_file (backup, f->server->db);
      g_unlink (wal);
      if (how == BACK_COPY_NO_MARK)
        g_unlink (mark);
    }
  sync_server_start (f->server);
  follow_server (f, anna);
  follow_server (f, bo);

  if (how == BACK_COPY_NO_MARK)
    {
      /* Nothing beside the file remembers; Bo's cursor, ahead of the
       * server's counter, gives it away. Bo had Nils from the server: he
       * sends him back. */
      sync_client_sync_ok (bo, &report);
      g_assert_true (report.full_resync);
      g_assert_cmpuint (report.resent, >=, 1);
    }
  else
    {
      /* The server knows it went back: a new epoch. */
      after = health_epoch (f);
      g_assert_cmpstr (after, !=, before);
    }

  /* A new device adds Olle after the restore. */
  cara = sync_fixture_client (f, "cara", NULL);
  olle = sync_client_add_member (cara, "Olle", "Lind", "olle@example.se");
  sync_client_sync_ok (cara, NULL);

  /* Anna and Bo resync: what the server lost comes back from them, and
   * they get Olle, whatever their old cursors said. */
  sync_client_sync_ok (anna, &report);
  g_assert_true (report.full_resync);
  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (cara, NULL);
  sync_client_sync_ok (anna, NULL);

  g_assert_true (server_has_live (f, "member", maja));
  g_assert_true (server_has_live (f, "member", nils));
  g_assert_true (server_has_live (f, "member", olle));
  {
    g_autofree char *name = sync_client_get_text (bo, "member", olle, "given_name");

    g_assert_cmpstr (name, ==, "Olle");
  }
  {
    g_autofree char *name = sync_client_get_text (cara, "member", nils, "given_name");

    g_assert_cmpstr (name, ==, "Nils");
  }

  /* Every device equals the server, field by field. */
  for (guint i = 0; i < 2; i++)
    {
      const char *entity = i == 0 ? "member" : "chapter";

      assert_same_as_server (f, anna, entity);
      assert_same_as_server (f, bo, entity);
      assert_same_as_server (f, cara, entity);
    }
}

/* ----------------------------------------------------------------------- */
/* Pending changes survive a resync                                        */

static void
test_pending_survive (SyncFixture   *f,
                      gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *to_backup = g_strconcat ("--to=", backup, NULL);
  g_autofree char *from_backup = g_strconcat ("--from=", backup, NULL);
  g_autofree char *maja = NULL;
  g_autofree char *nils = NULL;
  g_autofree char *city = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *out = NULL;

  maja = sync_client_add_member (anna, "Maja", "Berg", "maja@example.se");
  sync_client_sync_ok (anna, NULL);
  out = sync_server_admin_ok (f->server, "backup", to_backup, NULL);

  /* Nils reaches the server, then the server is restored. */
  nils = sync_client_add_member (anna, "Nils", "Holm", "nils@example.se");
  sync_client_sync_ok (anna, NULL);
  g_assert_cmpint (sync_server_stop (f->server), ==, 0);
  g_clear_pointer (&out, g_free);
  out = sync_server_admin_ok (f->server, "restore", from_backup, NULL);
  sync_server_start (f->server);
  follow_server (f, anna);

  /* Meanwhile, offline, Anna changes Nils (whom the server lost) and
   * Maja (whom it has). */
  sync_client_set_field (anna, nils, "city", "Lund");
  sync_client_set_field (anna, maja, "phone", "+46 8 123 456");

  sync_client_sync_ok (anna, NULL);
  bo = sync_fixture_client (f, "bo", NULL);
  sync_client_sync_ok (bo, NULL);

  city = sync_client_get_text (bo, "member", nils, "city");
  g_assert_cmpstr (city, ==, "Lund");
  phone = sync_client_get_text (bo, "member", maja, "phone");
  g_assert_cmpstr (phone, ==, "+46 8 123 456");
  g_assert_cmpuint (ch_store_count_rejections (anna->store, f->chapter_a), ==, 0);
  assert_same_as_server (f, anna, "member");
  assert_same_as_server (f, bo, "member");
}

/* ----------------------------------------------------------------------- */
/* A merge the restore took away                                           */

/* After the backup, Anna adds Xaver and Yara and a payment of Xaver's; Bo
 * deletes Xaver; Anna, not knowing, merges Xaver into Yara (the server
 * moves the payment to Yara).  The server is restored from the backup.
 * Bo resyncs first and sends back what he has: Yara and the payment,
 * still Xaver's.  Anna's resync brings the payment as the server has it;
 * her own tombstone of Xaver, which the server no longer has, must not
 * move it to Yara on her device alone.  (Found by the chaos run, seed 2.) */
static void
test_restore_forgotten_merge (SyncFixture   *f,
                              gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *to_backup = g_strconcat ("--to=", backup, NULL);
  g_autofree char *from_backup = g_strconcat ("--from=", backup, NULL);
  g_autofree char *xaver = NULL;
  g_autofree char *yara = NULL;
  g_autofree char *payment = NULL;
  g_autofree char *on_server = NULL;
  g_autofree char *on_anna = NULL;
  g_autofree char *out = NULL;

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  out = sync_server_admin_ok (f->server, "backup", to_backup, NULL);

  xaver = sync_client_add_member (anna, "Xaver", "Berg", "xaver@example.se");
  yara = sync_client_add_member (anna, "Yara", "Berg", "yara@example.se");
  fields = sync_test_json ("{'amount': 15000, 'paid_on': '2026-03-01', 'method': 'cash'}");
  ch_payments_record (anna->store, xaver, fields, &payment, &error);
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  g_assert_true (ch_store_delete (bo->store, "member", xaver, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (bo, NULL);
  g_assert_true (ch_merge_members (anna->store, yara, xaver, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);

  g_assert_cmpint (sync_server_stop (f->server), ==, 0);
  g_clear_pointer (&out, g_free);
  out = sync_server_admin_ok (f->server, "restore", from_backup, NULL);
  sync_server_start (f->server);
  follow_server (f, anna);
  follow_server (f, bo);

  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);

  on_server = sync_server_get_text (f->server, f->chapter_a, f->token_a, "payment", payment,
                                    "member_id");
  on_anna = sync_client_get_text (anna, "payment", payment, "member_id");
  g_assert_cmpstr (on_anna, ==, on_server);
  for (guint i = 0; i < 2; i++)
    {
      const char *entity = i == 0 ? "member" : "payment";

      assert_same_as_server (f, anna, entity);
      assert_same_as_server (f, bo, entity);
    }
}

/* ----------------------------------------------------------------------- */
/* Compaction while a device is behind                                     */

static void
test_compact_behind (SyncFixture   *f,
                     gconstpointer  data)
{
  gboolean long_gone = GPOINTER_TO_INT (data);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chapter = g_strconcat ("--chapter=", f->chapter_a, NULL);
  g_autofree char *maja = NULL;
  g_autofree char *nils = NULL;
  g_autofree char *payment = NULL;
  g_autofree char *ghost_payment = NULL;
  g_autofree char *out = NULL;
  ChSyncReport report = { 0 };

  maja = sync_client_add_member (bo, "Maja", "Berg", "maja@example.se");
  nils = sync_client_add_member (bo, "Nils", "Holm", "nils@example.se");
  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);

  /* Bo deletes Maja; Anna, offline, records Nils's dues meanwhile. */
  ch_store_delete (bo->store, "member", maja, &error);
  g_assert_no_error (error);
  sync_client_sync_ok (bo, NULL);

  fields = sync_test_json ("{'amount': 15000, 'paid_on': '2026-03-01', 'method': 'bank-transfer'}");
  ch_payments_record (anna->store, nils, fields, &payment, &error);
  g_assert_no_error (error);
  /* …and Maja's, whom she does not know is gone. */
  ch_payments_record (anna->store, maja, fields, &ghost_payment, &error);
  g_assert_no_error (error);

  if (long_gone)
    {
      /* Anna's device has not been seen for longer than the operator
       * keeps deletions for (here: 0 days, after a second). */
      g_usleep (G_USEC_PER_SEC + G_USEC_PER_SEC / 10);
      out = sync_server_admin_ok (f->server, "compact", chapter, "--keep-days=0", NULL);
    }
  else
    {
      out = sync_server_admin_ok (f->server, "compact", chapter, NULL);
    }

  sync_client_sync_ok (anna, &report);
  g_assert_true (report.full_resync == long_gone);
  if (long_gone)
    g_assert_cmpuint (report.removed, ==, 1);

  /* Maja is gone from Anna's device too; Nils's payment arrived. */
  g_assert_false (client_has_live (anna, "member", maja));
  g_assert_false (server_has_live (f, "member", maja));
  g_assert_true (server_has_live (f, "payment", payment));
  assert_same_as_server (f, anna, "member");
  /* The payment of the deleted member is either kept by the server, and
   * then Anna's device shows the same, or refused, and Anna is told. */
  if (server_has_live (f, "payment", ghost_payment))
    assert_same_as_server (f, anna, "payment");
  else
    g_assert_cmpuint (ch_store_count_rejections (anna->store, f->chapter_a), >, 0);

  /* Compacting again brings nothing back. */
  g_clear_pointer (&out, g_free);
  out = sync_server_admin_ok (f->server, "compact", chapter, NULL);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  assert_same_as_server (f, anna, "member");
  assert_same_as_server (f, bo, "member");
  assert_same_as_server (f, bo, "payment");
  g_assert_false (client_has_live (bo, "member", maja));
}

/* A member the restore lost, with a phone change waiting on each of two
 * devices.  Anna's resync sends the member back with her phone folded in;
 * Bo's then finds it on the server and sends his change as an update from
 * the phone he knew: the server keeps Anna's and writes a conflict that
 * offers Bo's, which both devices show.  (The chaos run's seed 40019 was
 * taken for a phone lost here without a conflict; it was the test's
 * bookkeeping, see tests/sync/test-sync-chaos.c.) */
static void
test_lost_member_sent_back_twice (SyncFixture   *f,
                                  gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *to_backup = g_strconcat ("--to=", backup, NULL);
  g_autofree char *from_backup = g_strconcat ("--from=", backup, NULL);
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  g_autofree char *out = NULL;
  g_autofree char *olle = NULL;
  g_autofree char *anna_phone = NULL;
  g_autofree char *bo_phone = NULL;
  GHashTableIter iter;
  JsonObject *row;
  guint n_phone_conflicts = 0;

  sync_client_sync_ok (anna, NULL);
  out = sync_server_admin_ok (f->server, "backup", to_backup, NULL);
  olle = sync_client_add_member (anna, "Olle", "Ek", "olle@example.se");
  sync_client_set_field (anna, olle, "phone", "+46 8 111 111");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  /* Both change his phone; neither has synced when the server is
   * restored to the backup, which has no Olle. */
  sync_client_set_field (anna, olle, "phone", "+46 8 222 222");
  sync_client_set_field (bo, olle, "phone", "+46 8 333 333");
  g_assert_cmpint (sync_server_stop (f->server), ==, 0);
  g_clear_pointer (&out, g_free);
  out = sync_server_admin_ok (f->server, "restore", from_backup, NULL);
  sync_server_start (f->server);
  follow_server (f, anna);
  follow_server (f, bo);

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);

  members = server_snapshot (f, "member");
  g_assert_cmpstr (json_object_get_string_member (g_hash_table_lookup (members, olle), "phone"),
                   ==, "+46 8 222 222");
  conflicts = server_snapshot (f, "conflict");
  g_hash_table_iter_init (&iter, conflicts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    if (g_strcmp0 (json_object_get_string_member (row, "row_id"), olle) == 0 &&
        g_strcmp0 (json_object_get_string_member (row, "field_group"), "phone") == 0)
      {
        g_assert_nonnull (strstr (json_object_get_string_member (row, "mine"), "333 333"));
        n_phone_conflicts++;
      }
  g_assert_cmpuint (n_phone_conflicts, ==, 1);

  anna_phone = sync_client_get_text (anna, "member", olle, "phone");
  bo_phone = sync_client_get_text (bo, "member", olle, "phone");
  g_assert_cmpstr (anna_phone, ==, "+46 8 222 222");
  g_assert_cmpstr (bo_phone, ==, "+46 8 222 222");
  assert_same_as_server (f, anna, "member");
  assert_same_as_server (f, bo, "member");
  assert_same_as_server (f, anna, "conflict");
  assert_same_as_server (f, bo, "conflict");
}

/* Anna merges Olle into Sven while Bo, offline, records Olle's dues.  The
 * operator compacts, forgetting every device; Bo's sync resyncs and sends
 * the payment.  It names Sven on the server as on every device: the
 * merge's tombstone is kept, so a row arriving later still follows it.
 * (Found by the chaos run, seed 30068: the payment named Olle on the
 * server and Sven on the devices that had pulled the merge.) */
static void
test_compact_keeps_merge (SyncFixture   *f,
                          gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chapter = g_strconcat ("--chapter=", f->chapter_a, NULL);
  g_autofree char *olle = NULL;
  g_autofree char *sven = NULL;
  g_autofree char *payment = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GHashTable) payments = NULL;
  const char *on_server;
  g_autofree char *on_anna = NULL;
  g_autofree char *on_bo = NULL;
  ChSyncReport report = { 0 };

  olle = sync_client_add_member (anna, "Olle", "Ek", "olle@example.se");
  sven = sync_client_add_member (anna, "Sven", "Ek", "sven@example.se");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  fields = sync_test_json ("{'amount': 15000, 'paid_on': '2026-03-01', 'method': 'bank-transfer'}");
  ch_payments_record (bo->store, olle, fields, &payment, &error);
  g_assert_no_error (error);

  g_assert_true (ch_merge_members (anna->store, sven, olle, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);

  /* Bo has not been seen for longer than the operator keeps deletions. */
  g_usleep (G_USEC_PER_SEC + G_USEC_PER_SEC / 10);
  out = sync_server_admin_ok (f->server, "compact", chapter, "--keep-days=0", NULL);

  sync_client_sync_ok (bo, &report);
  g_assert_true (report.full_resync);
  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);

  payments = server_snapshot (f, "payment");
  g_assert_true (g_hash_table_contains (payments, payment));
  on_server = json_object_get_string_member (g_hash_table_lookup (payments, payment),
                                             "member_id");
  on_anna = sync_client_get_text (anna, "payment", payment, "member_id");
  on_bo = sync_client_get_text (bo, "payment", payment, "member_id");
  g_assert_cmpstr (on_server, ==, sven);
  g_assert_cmpstr (on_anna, ==, sven);
  g_assert_cmpstr (on_bo, ==, sven);
  assert_same_as_server (f, anna, "payment");
  assert_same_as_server (f, bo, "payment");
  assert_same_as_server (f, bo, "member");
}

/* ----------------------------------------------------------------------- */
/* chapterhouse-cli says what a resync did                                 */

static void
repoint_db (SyncFixture *f,
            const char  *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) store = ch_store_open (db, &error);
  g_autofree char *epoch = NULL;
  gint64 cursor = 0;

  g_assert_no_error (error);
  g_assert_true (ch_store_get_sync_state (store, f->chapter_a, NULL, &epoch, &cursor));
  ch_store_set_sync_state (store, f->chapter_a, f->server->url, epoch, cursor, &error);
  g_assert_no_error (error);
}

static void
test_cli_tells (SyncFixture   *f,
                gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "officer.db", NULL);
  g_autofree char *file = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *to_backup = g_strconcat ("--to=", backup, NULL);
  g_autofree char *from_backup = g_strconcat ("--from=", backup, NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "--chapter", f->chapter_a, "connect", f->server->url, "--token-file", file,
            NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "members", "add", "--given", "Maja", "--family", "Ek",
            "--email", "maja@ek.se", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = sync_server_admin_ok (f->server, "backup", to_backup, NULL);

  sync_cli (&run, db, "members", "add", "--given", "Nils", "--family", "Ek",
            "--email", "nils@ek.se", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "members", "add", "--given", "Olle", "--family", "Ek",
            "--email", "olle@ek.se", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);

  g_assert_cmpint (sync_server_stop (f->server), ==, 0);
  g_clear_pointer (&out, g_free);
  out = sync_server_admin_ok (f->server, "restore", from_backup, NULL);
  sync_server_start (f->server);
  repoint_db (f, db);

  /* The officer is told what happened, in words. */
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "The server had lost 2 records (it was restored from a "
                                     "backup); this computer sent them back."));

  sync_cli (&run, db, "--json", "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json = sync_cli_json_object (&run);
  g_assert_false (json_object_get_boolean_member (json, "full_resync"));
  g_assert_cmpint (json_object_get_int_member (json, "resent"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json, "removed"), ==, 0);
}

/* ----------------------------------------------------------------------- */
/* At random: offline work, compactions and a restore                      */

static char *
random_live_member (GRand      *rand,
                    SyncClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = ch_store_query_texts (client->store, &error,
                                                   "SELECT id FROM member WHERE chapter_id = ? "
                                                   "AND deleted = 0 ORDER BY id",
                                                   client->chapter_id, ch_store_sql_end);

  g_assert_no_error (error);
  if (ids->len == 0)
    return NULL;

  return g_strdup (ids->pdata[g_rand_int_range (rand, 0, (gint32) ids->len)]);
}

static void
random_step (GRand      *rand,
             SyncClient *client,
             guint       n)
{
  g_autofree char *member = random_live_member (rand, client);
  g_autoptr(GError) error = NULL;
  gint32 what = g_rand_int_range (rand, 0, 10);

  if (member == NULL || what < 3)
    {
      g_autofree char *given = g_strdup_printf ("Person%u", n);
      g_autofree char *email = g_strdup_printf ("%s.%u@example.se", client->name, n);
      g_autofree char *id = sync_client_add_member (client, given, "Random", email);
    }
  else if (what < 6)
    {
      g_autofree char *city = g_strdup_printf ("City %u", n);

      sync_client_set_field (client, member, "city", city);
    }
  else if (what < 8)
    {
      g_autoptr(JsonObject) fields =
        sync_test_json ("{'amount': 5000, 'paid_on': '2026-04-01', 'method': 'cash'}");
      g_autofree char *payment = NULL;

      ch_payments_record (client->store, member, fields, &payment, &error);
      g_assert_no_error (error);
    }
  else
    {
      ch_store_delete (client->store, "member", member, &error);
      g_assert_no_error (error);
    }
}

static void
test_random_back_in_time (SyncFixture   *f,
                          gconstpointer  data)
{
  static const char *names[] = { "anna", "bo", "cara" };
  SyncClient *clients[G_N_ELEMENTS (names)];
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *to_backup = g_strconcat ("--to=", backup, NULL);
  g_autofree char *from_backup = g_strconcat ("--from=", backup, NULL);
  g_autofree char *chapter = g_strconcat ("--chapter=", f->chapter_a, NULL);
  guint32 seed = g_getenv ("CH_SEED") ? (guint32) g_ascii_strtoull (g_getenv ("CH_SEED"), NULL, 10)
                                      : (guint32) g_test_rand_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint quiet = 0;

  g_test_message ("seed %u (replay with CH_SEED=%u)", seed, seed);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      clients[i] = sync_fixture_client (f, names[i], NULL);
      sync_client_sync_ok (clients[i], NULL);
    }

  for (guint n = 1; n <= 90; n++)
    {
      SyncClient *client = clients[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))];

      random_step (rand, client, n);
      if (g_rand_int_range (rand, 0, 100) < 35)
        sync_client_sync_ok (client, NULL);

      if (n == 30)
        {
          g_autofree char *out = sync_server_admin_ok (f->server, "backup", to_backup, NULL);
        }
      else if (n == 45 || n == 75)
        {
          g_autofree char *out = sync_server_admin_ok (f->server, "compact", chapter,
                                                       n == 45 ? "--keep-days=90" : "--keep-days=0",
                                                       NULL);
        }
      else if (n == 60)
        {
          g_autofree char *out = NULL;

          g_assert_cmpint (sync_server_stop (f->server), ==, 0);
          out = sync_server_admin_ok (f->server, "restore", from_backup, NULL);
          sync_server_start (f->server);
          for (guint i = 0; i < G_N_ELEMENTS (names); i++)
            follow_server (f, clients[i]);
        }
    }

  /* Everybody syncs in turns until a whole round brings nothing. */
  for (guint round = 1; round <= 6 && quiet == 0; round++)
    {
      gboolean moved = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          ChSyncReport report = { 0 };

          sync_client_sync_ok (clients[i], &report);
          moved |= report.pushed > 0 || report.pulled > 0 || report.full_resync;
        }
      if (!moved)
        quiet = round;
    }
  g_assert_cmpuint (quiet, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      assert_same_as_server (f, clients[i], "member");
      assert_same_as_server (f, clients[i], "payment");
      sync_client_free (clients[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/epoch/copied-back", SyncFixture, GINT_TO_POINTER (BACK_COPY),
              sync_fixture_setup, test_back_in_time, sync_fixture_teardown);
  g_test_add ("/sync/epoch/copied-back-without-mark", SyncFixture,
              GINT_TO_POINTER (BACK_COPY_NO_MARK),
              sync_fixture_setup, test_back_in_time, sync_fixture_teardown);
  g_test_add ("/sync/epoch/backup-restore", SyncFixture, GINT_TO_POINTER (BACK_RESTORE),
              sync_fixture_setup, test_back_in_time, sync_fixture_teardown);
  g_test_add ("/sync/epoch/pending-survive", SyncFixture, NULL,
              sync_fixture_setup, test_pending_survive, sync_fixture_teardown);
  g_test_add ("/sync/epoch/restore-forgotten-merge", SyncFixture, NULL,
              sync_fixture_setup, test_restore_forgotten_merge, sync_fixture_teardown);
  g_test_add ("/sync/epoch/compact-behind", SyncFixture, GINT_TO_POINTER (FALSE),
              sync_fixture_setup, test_compact_behind, sync_fixture_teardown);
  g_test_add ("/sync/epoch/compact-long-gone", SyncFixture, GINT_TO_POINTER (TRUE),
              sync_fixture_setup, test_compact_behind, sync_fixture_teardown);
  g_test_add ("/sync/epoch/lost-member-sent-back-twice", SyncFixture, NULL,
              sync_fixture_setup, test_lost_member_sent_back_twice, sync_fixture_teardown);
  g_test_add ("/sync/epoch/compact-keeps-merge", SyncFixture, NULL,
              sync_fixture_setup, test_compact_keeps_merge, sync_fixture_teardown);

  g_test_add ("/sync/epoch/cli-tells", SyncFixture, NULL,
              sync_fixture_setup, test_cli_tells, sync_fixture_teardown);
  g_test_add ("/sync/epoch/random", SyncFixture, NULL,
              sync_fixture_setup, test_random_back_in_time, sync_fixture_teardown);

  return g_test_run ();
}
