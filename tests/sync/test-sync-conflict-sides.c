/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ch-conflict.h"
#include "ch-sync-test.h"

/*
 * Issue 10: with the window signed in as "Anna (president)" and the CLI
 * as "Bjorn (treasurer)", both changed one phone number; the dialog said
 * "Kept: Bjorn's number / Other change: my number, by Bjorn".  Each
 * device must tell its own change from the other officer's, named as the
 * server names them.
 */

static SyncClient *
officer (SyncFixture *f,
         const char  *device,
         const char  *name)
{
  g_autofree char *token = sync_server_admin_ok (f->server, "token", "create", "--name", name,
                                                 "--chapter", f->chapter_a, NULL);

  return sync_client_new (f->dir, device, f->server->url, f->chapter_a, token);
}

static ChConflict *
the_conflict (SyncClient *client)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;

  /* As the conflicts dialog lists them. */
  conflicts = ch_conflict_list_open (client->store, client->chapter_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);

  return ch_conflict_copy (g_ptr_array_index (conflicts, 0));
}

static void
assert_phone (const ChConflictSide *side,
              const char           *phone)
{
  g_autofree char *expected = g_strdup_printf ("{\"phone\":\"%s\"}", phone);

  g_assert_cmpstr (side->values, ==, expected);
}

static void
test_each_device_sees_its_own_change (SyncFixture   *f,
                                      gconstpointer  data)
{
  g_autoptr(SyncClient) anna = officer (f, "window", "Anna (president)");
  g_autoptr(SyncClient) bjorn = officer (f, "cli", "Bjorn (treasurer)");
  g_autoptr(ChConflict) on_anna = NULL;
  g_autoptr(ChConflict) on_bjorn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = sync_client_add_member (anna, "Ingrid", "Åkesson", "ingrid@contoso.com");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bjorn, NULL);

  /* Both change her phone offline; Bjorn syncs first, so his is kept. */
  sync_client_set_field (anna, id, "phone", "+46 70 111 11 11");
  sync_client_set_field (bjorn, id, "phone", "+46 70 222 22 22");
  sync_client_sync_ok (bjorn, NULL);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bjorn, NULL);

  /* Anna's window: her change first, as hers; Bjorn's, by name, kept. */
  on_anna = the_conflict (anna);
  g_assert_cmpstr (on_anna->entity, ==, "member");
  g_assert_cmpstr (on_anna->row_id, ==, id);
  g_assert_cmpstr (on_anna->label, ==, "Ingrid Åkesson");
  g_assert_cmpstr (on_anna->field_group, ==, "phone");
  g_assert_true (on_anna->sides[0].yours);
  g_assert_false (on_anna->sides[0].kept);
  assert_phone (&on_anna->sides[0], "+46 70 111 11 11");
  g_assert_false (on_anna->sides[1].yours);
  g_assert_true (on_anna->sides[1].kept);
  g_assert_cmpstr (on_anna->sides[1].author, ==, "Bjorn (treasurer)");
  assert_phone (&on_anna->sides[1], "+46 70 222 22 22");

  /* Bjorn's device: the same conflict, the other way round. */
  on_bjorn = the_conflict (bjorn);
  g_assert_true (on_bjorn->sides[0].yours);
  g_assert_true (on_bjorn->sides[0].kept);
  assert_phone (&on_bjorn->sides[0], "+46 70 222 22 22");
  g_assert_false (on_bjorn->sides[1].yours);
  g_assert_cmpstr (on_bjorn->sides[1].author, ==, "Anna (president)");
  assert_phone (&on_bjorn->sides[1], "+46 70 111 11 11");

  /* Anna chooses her own change: it is what everyone ends up with. */
  g_assert_true (ch_conflict_choose (anna->store, on_anna, &on_anna->sides[0], &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bjorn, NULL);
  sync_fixture_assert_everywhere (f, anna, bjorn, "member", id, "phone", "+46 70 111 11 11");
  g_assert_cmpuint (ch_store_count_open_conflicts (anna->store, f->chapter_a), ==, 0);
  g_assert_cmpuint (ch_store_count_open_conflicts (bjorn->store, f->chapter_a), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/conflict-sides/each-device-sees-its-own", SyncFixture, NULL,
              sync_fixture_setup, test_each_device_sees_its_own_change, sync_fixture_teardown);

  return g_test_run ();
}
