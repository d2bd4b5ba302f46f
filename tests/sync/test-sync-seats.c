/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-seats"

#include "config.h"

#include <string.h>

#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-sync-round.h"
#include "ch-merge.h"
#include "ch-sync-test.h"
#include "ch-clock.h"
#include "ch-uuid.h"

/*
 * Seats through the real server, two devices syncing as the window and
 * the CLI do (ch_sync_round_run(): sync, ch_events_reconcile(), sync again
 * when it moved somebody):
 *
 * - one person registered on two devices is one registration everywhere;
 * - the registration the server accepted first keeps a contested seat,
 *   whatever the devices' clocks say;
 * - lowering a capacity and a walk-in at a full event move nobody.
 */

static void
sync_clean (SyncClient *client)
{
  ChSyncReport report = { 0 };

  sync_client_sync_ok (client, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.rejected, ==, 0);
}

/* A sync as the window and the CLI run it (ch_sync_round_run()); returns
 * the ids of the registrations reported moved. */
static GPtrArray *
sync_and_reconcile (SyncClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSyncRound) round = NULL;
  GPtrArray *moved = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *moves;

  round = ch_sync_round_run (client->path, client->chapter_id, client->token, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (ch_sync_round_get_resend_error (round));
  g_assert_cmpuint (ch_sync_round_get_report (round)->conflicts, ==, 0);
  g_assert_cmpuint (ch_sync_round_get_report (round)->rejected, ==, 0);
  moves = ch_sync_round_get_moves (round);
  for (guint i = 0; i < moves->len; i++)
    {
      ChSyncRoundMove *move = g_ptr_array_index (moves, i);

      g_ptr_array_add (moved, g_strdup (ch_sync_round_move_get_registration_id (move)));
    }

  return moved;
}

static void
sync_all (SyncClient *anna,
          SyncClient *bo)
{
  g_autoptr(GPtrArray) a1 = sync_and_reconcile (anna);
  g_autoptr(GPtrArray) b1 = sync_and_reconcile (bo);
  g_autoptr(GPtrArray) a2 = sync_and_reconcile (anna);
}

/* An in-person event next year with @capacity seats, on both devices. */
static char *
shared_event (SyncClient *anna,
              SyncClient *bo,
              gint64      capacity)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *event_id = NULL;

  json_object_set_string_member (fields, "title", "Chapter meeting");
  json_object_set_string_member (fields, "starts_local", "2036-12-09 18:00");
  json_object_set_string_member (fields, "ends_local", "2036-12-09 20:00");
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_int_member (fields, "capacity_in_person", capacity);
  g_assert_true (ch_event_save (anna->store, anna->chapter_id, NULL, fields, &event_id, &error));
  g_assert_no_error (error);

  sync_clean (anna);
  sync_clean (bo);
  return event_id;
}

static char *
register_guest (SyncClient *client,
                const char *event_id,
                const char *name,
                const char *email,
                gboolean    expect_waitlisted)
{
  g_autoptr(GError) error = NULL;
  gboolean waitlisted = !expect_waitlisted;
  char *id = NULL;

  g_assert_true (ch_registration_add (client->store, event_id, NULL, name, email, CH_MODE_IN_PERSON,
                                      &id, &waitlisted, &error));
  g_assert_no_error (error);
  g_assert_cmpint (waitlisted, ==, expect_waitlisted);
  return id;
}

/* Live (not cancelled) registrations of @event_id in the server's feed. */
static guint
server_registrations (SyncFixture *f,
                      const char  *event_id)
{
  g_autoptr(GHashTable) rows = NULL;
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  rows = sync_server_rows (f->server, f->chapter_a, f->token_a, "registration");
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JsonObject *row = value;

      if (!json_object_get_boolean_member (row, "deleted") &&
          g_strcmp0 (json_object_get_string_member (row, "event_id"), event_id) == 0 &&
          g_strcmp0 (json_object_get_string_member (row, "state"), CH_REG_CANCELLED) != 0)
        n++;
    }

  return n;
}

static guint
server_conflicts (SyncFixture *f)
{
  g_autoptr(GHashTable) rows = sync_server_rows (f->server, f->chapter_a, f->token_a, "conflict");

  return g_hash_table_size (rows);
}

/* Live (not cancelled) registrations of @event_id on a device. */
static guint
client_registrations (SyncClient *client,
                      const char *event_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ch_registration_list (client->store, event_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (ch_registration_get_state (g_ptr_array_index (list, i)),
                   CH_REG_CANCELLED) != 0)
      n++;

  return n;
}

static void
assert_counts (SyncClient *client,
               const char *event_id,
               guint       registered,
               guint       waitlisted)
{
  g_autoptr(GError) error = NULL;
  ChEventCounts counts[2];

  g_assert_true (ch_event_counts (client->store, event_id, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[0].registered, ==, registered);
  g_assert_cmpuint (counts[0].waitlisted, ==, waitlisted);
}

static void
assert_settled (SyncFixture *f,
                SyncClient  *anna,
                SyncClient  *bo)
{
  g_assert_cmpuint (server_conflicts (f), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (anna->store, anna->chapter_id), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (bo->store, bo->chapter_id), ==, 0);
}

/* Issue 9, item 7: Anna and Bo both register Maria for the meeting
 * offline.  After syncing there is one registration, everywhere. */
static void
test_same_member_twice (SyncFixture   *f,
                        gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *maria = sync_client_add_member (anna, "Maria", "Svensson", "maria@contoso.se");
  g_autofree char *event_id = shared_event (anna, bo, 10);
  g_autofree char *on_anna = NULL;
  g_autofree char *on_bo = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (sync_client_count_rows (bo, "member", TRUE), ==, 1);

  g_assert_true (ch_registration_add (anna->store, event_id, maria, NULL, NULL, CH_MODE_IN_PERSON,
                                      &on_anna, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ch_registration_add (bo->store, event_id, maria, NULL, NULL, CH_MODE_IN_PERSON,
                                      &on_bo, NULL, &error));
  g_assert_no_error (error);

  sync_all (anna, bo);

  g_assert_cmpuint (server_registrations (f, event_id), ==, 1);
  g_assert_cmpuint (client_registrations (anna, event_id), ==, 1);
  g_assert_cmpuint (client_registrations (bo, event_id), ==, 1);
  sync_fixture_assert_everywhere (f, anna, bo, "registration", on_anna, "member_id", maria);
  sync_fixture_assert_everywhere (f, anna, bo, "registration", on_anna, "state", CH_REG_REGISTERED);
  assert_settled (f, anna, bo);
}

/* Anna registers Olle, then merges Olle into Sara: Olle's registration
 * (its id made from Olle) is Sara's now.  Bo, who has not synced since,
 * registers Sara.  Sara has one registration, everywhere.  (Found by the
 * chaos run.) */
static void
test_merged_member_registered_again (SyncFixture   *f,
                                     gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *olle = sync_client_add_member (anna, "Olle", "Ek", "olle@contoso.se");
  g_autofree char *sara = sync_client_add_member (anna, "Sara", "Ek", "sara@contoso.se");
  g_autofree char *event_id = shared_event (anna, bo, 10);
  g_autofree char *on_anna = NULL;
  g_autofree char *on_bo = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_registration_add (anna->store, event_id, olle, NULL, NULL, CH_MODE_IN_PERSON,
                                      &on_anna, NULL, &error));
  g_assert_no_error (error);
  sync_clean (anna);
  sync_clean (bo);
  g_assert_true (ch_merge_members (anna->store, sara, olle, &error));
  g_assert_no_error (error);
  sync_clean (anna);

  g_assert_true (ch_registration_add (bo->store, event_id, sara, NULL, NULL, CH_MODE_IN_PERSON,
                                      &on_bo, NULL, &error));
  g_assert_no_error (error);
  sync_all (anna, bo);

  g_assert_cmpuint (server_registrations (f, event_id), ==, 1);
  g_assert_cmpuint (client_registrations (anna, event_id), ==, 1);
  g_assert_cmpuint (client_registrations (bo, event_id), ==, 1);
  sync_fixture_assert_everywhere (f, anna, bo, "registration", on_anna, "member_id", sara);
  assert_settled (f, anna, bo);
}

/* Bo registers Sara; Anna, who has not pulled that, merges Olle (whom
 * she registered) into Sara: her device moves Olle's registration to
 * Sara.  Sara has one registration, everywhere.  (Found by the chaos
 * run.) */
static void
test_merge_moves_registration_onto_one (SyncFixture   *f,
                                        gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *olle = sync_client_add_member (anna, "Olle", "Ek", "olle@contoso.se");
  g_autofree char *sara = sync_client_add_member (anna, "Sara", "Ek", "sara@contoso.se");
  g_autofree char *event_id = shared_event (anna, bo, 10);
  g_autofree char *on_anna = NULL;
  g_autofree char *on_bo = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_registration_add (anna->store, event_id, olle, NULL, NULL, CH_MODE_IN_PERSON,
                                      &on_anna, NULL, &error));
  g_assert_no_error (error);
  sync_clean (anna);
  sync_clean (bo);
  g_assert_true (ch_registration_add (bo->store, event_id, sara, NULL, NULL, CH_MODE_IN_PERSON,
                                      &on_bo, NULL, &error));
  g_assert_no_error (error);
  sync_clean (bo);

  g_assert_true (ch_merge_members (anna->store, sara, olle, &error));
  g_assert_no_error (error);
  sync_all (anna, bo);

  g_assert_cmpuint (server_registrations (f, event_id), ==, 1);
  g_assert_cmpuint (client_registrations (anna, event_id), ==, 1);
  g_assert_cmpuint (client_registrations (bo, event_id), ==, 1);
  assert_settled (f, anna, bo);
}

/* Olle and Nils are registered for a meeting; Olle cancels.  Offline,
 * Anna merges Olle into Sara (Olle's cancelled row is Sara's now) and
 * registers Sara again (that row comes back), while Bo merges Nils into
 * Sara (Nils's live row is Sara's now).  They sync, in either order
 * (@data: Bo first).  Sara has one registration on the server and on
 * every device.  (Found by the chaos run, seeds 40030 and 40179.) */
static void
test_two_merges_onto_one (SyncFixture   *f,
                          gconstpointer  data)
{
  gboolean bo_first = GPOINTER_TO_INT (data);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(SyncClient) carl = sync_fixture_client (f, "carl", NULL);
  g_autofree char *olle = sync_client_add_member (anna, "Olle", "Ek", "olle@contoso.se");
  g_autofree char *nils = sync_client_add_member (anna, "Nils", "Ek", "nils@contoso.se");
  g_autofree char *sara = sync_client_add_member (anna, "Sara", "Ek", "sara@contoso.se");
  g_autofree char *event_id = shared_event (anna, bo, 10);
  g_autofree char *on_olle = NULL;
  g_autofree char *on_nils = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;
  SyncClient *all[] = { anna, bo, carl };

  g_assert_true (ch_registration_add (anna->store, event_id, olle, NULL, NULL, CH_MODE_IN_PERSON,
                                      &on_olle, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ch_registration_add (anna->store, event_id, nils, NULL, NULL, CH_MODE_IN_PERSON,
                                      &on_nils, NULL, &error));
  g_assert_no_error (error);
  sync_clean (anna);
  g_assert_true (ch_registration_cancel (anna->store, on_olle, NULL, &error));
  g_assert_no_error (error);
  sync_clean (anna);
  sync_clean (bo);
  sync_clean (carl);

  g_assert_true (ch_merge_members (anna->store, sara, olle, &error));
  g_assert_no_error (error);
  sync_clean (anna);
  g_assert_true (ch_registration_add (anna->store, event_id, sara, NULL, NULL, CH_MODE_IN_PERSON,
                                      &again, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ch_merge_members (bo->store, sara, nils, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) first = sync_and_reconcile (bo_first ? bo : anna);
      g_autoptr(GPtrArray) second = sync_and_reconcile (bo_first ? anna : bo);
      g_autoptr(GPtrArray) third = sync_and_reconcile (carl);
    }

  g_assert_cmpuint (server_registrations (f, event_id), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_assert_cmpuint (client_registrations (all[i], event_id), ==, 1);
      assert_counts (all[i], event_id, 1, 0);
      g_assert_cmpuint (ch_store_outbox_count (all[i]->store, all[i]->chapter_id), ==, 0);
    }
  g_assert_cmpuint (server_conflicts (f), ==, 0);
}

/* The same for a guest, with the e-mail address typed differently. */
static void
test_same_guest_twice (SyncFixture   *f,
                       gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *event_id = shared_event (anna, bo, 10);
  g_autofree char *on_anna = NULL;
  g_autofree char *on_bo = NULL;

  on_anna = register_guest (anna, event_id, "Lena Berg", "lena.berg@fabrikam.se", FALSE);
  on_bo = register_guest (bo, event_id, "Lena Berg", " Lena.Berg@Fabrikam.se ", FALSE);

  sync_all (anna, bo);

  g_assert_cmpuint (server_registrations (f, event_id), ==, 1);
  g_assert_cmpuint (client_registrations (anna, event_id), ==, 1);
  g_assert_cmpuint (client_registrations (bo, event_id), ==, 1);
  assert_settled (f, anna, bo);
}

/* A device that does not make name-based ids (an older program) sends a
 * second row for a member who is registered already: the server keeps
 * one registration per person, and the device drops its copy. */
static void
test_server_keeps_one (SyncFixture   *f,
                       gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *maria = sync_client_add_member (anna, "Maria", "Svensson", "maria@contoso.se");
  g_autofree char *event_id = shared_event (anna, bo, 10);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_registration_add (anna->store, event_id, maria, NULL, NULL, CH_MODE_IN_PERSON,
                                      &first, NULL, &error));
  g_assert_no_error (error);
  sync_clean (anna);

  json_object_set_string_member (set, "event_id", event_id);
  json_object_set_string_member (set, "member_id", maria);
  json_object_set_string_member (set, "mode", CH_MODE_IN_PERSON);
  json_object_set_string_member (set, "state", CH_REG_REGISTERED);
  json_object_set_string_member (set, "registered_at", "2026-12-01T10:00:00.000Z");
  g_assert_true (ch_store_insert (bo->store, "registration", bo->chapter_id, NULL, set, &second,
                                  &error));
  g_assert_no_error (error);
  g_assert_cmpstr (first, !=, second);

  sync_all (anna, bo);

  g_assert_cmpuint (server_registrations (f, event_id), ==, 1);
  g_assert_cmpuint (client_registrations (anna, event_id), ==, 1);
  g_assert_cmpuint (client_registrations (bo, event_id), ==, 1);
  g_assert_true (sync_client_is_deleted (bo, "registration", second));
  sync_fixture_assert_everywhere (f, anna, bo, "registration", first, "state", CH_REG_REGISTERED);
  assert_settled (f, anna, bo);
}

/* Issue 9, item 9: one seat left.  Bo gives it to Jonas and syncs; Anna,
 * whose clock is a day behind, gives it to Maria offline and syncs after.
 * The server accepted Jonas first: he keeps the seat on every device,
 * Maria waits, and Anna's device names her as moved. */
static void
test_clock_does_not_decide (SyncFixture   *f,
                            gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *event_id = shared_event (anna, bo, 1);
  g_autofree char *jonas = NULL;
  g_autofree char *maria = NULL;
  g_autoptr(GPtrArray) moved_bo = NULL;
  g_autoptr(GPtrArray) moved_anna = NULL;

  jonas = register_guest (bo, event_id, "Jonas Weber", "jonas@contoso.de", FALSE);
  moved_bo = sync_and_reconcile (bo);
  g_assert_cmpuint (moved_bo->len, ==, 0);

  ch_clock_set_offset_us (-G_TIME_SPAN_DAY);
  maria = register_guest (anna, event_id, "Maria Svensson", "maria@contoso.se", FALSE);
  moved_anna = sync_and_reconcile (anna);
  ch_clock_set_offset_us (0);

  g_assert_cmpuint (moved_anna->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (moved_anna, 0), ==, maria);

  g_clear_pointer (&moved_bo, g_ptr_array_unref);
  moved_bo = sync_and_reconcile (bo);
  g_assert_cmpuint (moved_bo->len, ==, 0);
  sync_all (anna, bo);

  sync_fixture_assert_everywhere (f, anna, bo, "registration", jonas, "state", CH_REG_REGISTERED);
  sync_fixture_assert_everywhere (f, anna, bo, "registration", maria, "state", CH_REG_WAITLISTED);
  assert_counts (anna, event_id, 1, 1);
  assert_counts (bo, event_id, 1, 1);
  assert_settled (f, anna, bo);
}

/* Issue 9, item 10: 25 people registered for 25 seats; Anna lowers the
 * capacity to 24.  Nobody is moved, on either device. */
static void
test_lower_capacity (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *event_id = shared_event (anna, bo, 25);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *name = g_strdup_printf ("Guest %02u", i + 1);
      g_autofree char *email = g_strdup_printf ("guest%02u@example.com", i + 1);

      g_ptr_array_add (ids, register_guest (anna, event_id, name, email, FALSE));
    }
  sync_all (anna, bo);
  assert_counts (bo, event_id, 25, 0);

  json_object_set_int_member (fields, "capacity_in_person", 24);
  g_assert_true (ch_event_save (anna->store, NULL, event_id, fields, NULL, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) moved_anna = sync_and_reconcile (anna);
      g_autoptr(GPtrArray) moved_bo = sync_and_reconcile (bo);

      g_assert_cmpuint (moved_anna->len, ==, 0);
      g_assert_cmpuint (moved_bo->len, ==, 0);
    }

  assert_counts (anna, event_id, 25, 0);
  assert_counts (bo, event_id, 25, 0);
  for (guint i = 0; i < ids->len; i++)
    sync_fixture_assert_everywhere (f, anna, bo, "registration", g_ptr_array_index (ids, i),
                                    "state", CH_REG_REGISTERED);
  assert_settled (f, anna, bo);
}

/* Issue 9, item 10: the event is full; Bo checks a walk-in in at the door.
 * The walk-in is over capacity: no registrant is moved anywhere. */
static void
test_walk_in_at_full_event (SyncFixture   *f,
                            gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *event_id = shared_event (anna, bo, 3);
  g_autofree char *walk_in = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (ids, register_guest (anna, event_id, "Ana Müller", "ana@contoso.com", FALSE));
  g_ptr_array_add (ids, register_guest (anna, event_id, "Björn Öberg", "bjorn@fabrikam.se",
                                        FALSE));
  g_ptr_array_add (ids, register_guest (anna, event_id, "Chen Wei", "chen@northwind.com", FALSE));
  sync_all (anna, bo);

  g_assert_true (ch_registration_walk_in (bo->store, event_id, NULL, "Walter Door", NULL, &walk_in,
                                          &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) moved_bo = sync_and_reconcile (bo);
      g_autoptr(GPtrArray) moved_anna = sync_and_reconcile (anna);

      g_assert_cmpuint (moved_bo->len, ==, 0);
      g_assert_cmpuint (moved_anna->len, ==, 0);
    }

  for (guint i = 0; i < ids->len; i++)
    sync_fixture_assert_everywhere (f, anna, bo, "registration", g_ptr_array_index (ids, i),
                                    "state", CH_REG_REGISTERED);
  sync_fixture_assert_everywhere (f, anna, bo, "registration", walk_in, "state", CH_REG_REGISTERED);
  assert_counts (anna, event_id, 4, 0);
  assert_counts (bo, event_id, 4, 0);
  assert_settled (f, anna, bo);
}

/* Anna gives the last seat to Maria offline and checks her in at the door
 * before her device syncs; Bo's device had already given the seat to
 * Jonas.  Maria is in the room: she stays seated (over capacity), Jonas
 * keeps his seat, and nothing conflicts. */
static void
test_checked_in_keeps_seat (SyncFixture   *f,
                            gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *event_id = shared_event (anna, bo, 1);
  g_autofree char *jonas = NULL;
  g_autofree char *maria = NULL;
  g_autofree char *method = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(GError) error = NULL;

  jonas = register_guest (bo, event_id, "Jonas Weber", "jonas@contoso.de", FALSE);
  sync_clean (bo);

  maria = register_guest (anna, event_id, "Maria Svensson", "maria@contoso.se", FALSE);
  g_assert_true (ch_registration_check_in (anna->store, maria, TRUE, CH_CHECK_IN_DOOR, -1, &error));
  g_assert_no_error (error);
  moved = sync_and_reconcile (anna);
  g_assert_cmpuint (moved->len, ==, 0);
  sync_all (anna, bo);

  sync_fixture_assert_everywhere (f, anna, bo, "registration", jonas, "state", CH_REG_REGISTERED);
  sync_fixture_assert_everywhere (f, anna, bo, "registration", maria, "state", CH_REG_REGISTERED);
  method = sync_server_get_text (f->server, f->chapter_a, f->token_a, "registration", maria,
                                 "check_in_method");
  g_assert_cmpstr (method, ==, CH_CHECK_IN_DOOR);
  assert_counts (bo, event_id, 2, 0);
  assert_settled (f, anna, bo);
}

/* After losing the seat, Anna gives it back to Maria (the dialog's Undo):
 * the server takes it, Jonas waits first in line, and Bo's device, which
 * had seated Jonas, names him. */
static void
test_take_seat_back (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *event_id = shared_event (anna, bo, 1);
  g_autofree char *jonas = NULL;
  g_autofree char *maria = NULL;
  g_autofree char *bumped = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(GPtrArray) moved_bo = NULL;
  g_autoptr(GError) error = NULL;

  jonas = register_guest (bo, event_id, "Jonas Weber", "jonas@contoso.de", FALSE);
  sync_clean (bo);
  maria = register_guest (anna, event_id, "Maria Svensson", "maria@contoso.se", FALSE);
  moved = sync_and_reconcile (anna);
  g_assert_cmpuint (moved->len, ==, 1);

  g_assert_true (ch_registration_take_seat_back (anna->store, maria, &bumped, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bumped, ==, jonas);
  g_clear_pointer (&moved, g_ptr_array_unref);
  moved = sync_and_reconcile (anna);
  g_assert_cmpuint (moved->len, ==, 0);

  moved_bo = sync_and_reconcile (bo);
  g_assert_cmpuint (moved_bo->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (moved_bo, 0), ==, jonas);
  sync_all (anna, bo);

  sync_fixture_assert_everywhere (f, anna, bo, "registration", maria, "state", CH_REG_REGISTERED);
  sync_fixture_assert_everywhere (f, anna, bo, "registration", jonas, "state", CH_REG_WAITLISTED);
  assert_settled (f, anna, bo);
}

/* accepted_seq is the server's: a device that sends one (to jump the
 * queue) gets the version at which the server accepted the row. */
static void
test_accepted_seq_is_the_servers (SyncFixture   *f,
                                  gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *event_id = shared_event (anna, bo, 10);
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter_a);
  g_autofree char *id = ch_uuid_for_registration (event_id, NULL, "eve@example.com");
  g_autofree char *body = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GHashTable) rows = NULL;
  JsonObject *row;
  guint status = 0;

  body = g_strdup_printf ("{\"device_id\":\"eve\",\"schema_version\":1,\"mutations\":[{\"mid\":1,"
                          "\"entity\":\"registration\",\"id\":\"%s\",\"op\":\"insert\",\"base\":{},"
                          "\"set\":{\"event_id\":\"%s\",\"guest_name\":\"Eve\","
                          "\"guest_email\":\"eve@example.com\",\"mode\":\"in-person\","
                          "\"state\":\"registered\",\"accepted_seq\":1}}]}", id, event_id);
  reply = sync_server_request (f->server, "POST", path, f->token_a, body, &status);
  g_assert_cmpuint (status, ==, 200);

  rows = sync_server_rows (f->server, f->chapter_a, f->token_a, "registration");
  row = g_hash_table_lookup (rows, id);
  g_assert_nonnull (row);
  g_assert_cmpint (json_object_get_int_member (row, "accepted_seq"), >, 1);
  g_assert_cmpint (json_object_get_int_member (row, "accepted_seq"), ==,
                   json_object_get_int_member (row, "version"));
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/seats/same-member-two-devices", SyncFixture, NULL,
              sync_fixture_setup, test_same_member_twice, sync_fixture_teardown);
  g_test_add ("/sync/seats/merged-member-registered-again", SyncFixture, NULL,
              sync_fixture_setup, test_merged_member_registered_again, sync_fixture_teardown);
  g_test_add ("/sync/seats/merge-moves-registration-onto-one", SyncFixture, NULL,
              sync_fixture_setup, test_merge_moves_registration_onto_one, sync_fixture_teardown);
  g_test_add ("/sync/seats/two-merges-onto-one", SyncFixture, GINT_TO_POINTER (FALSE),
              sync_fixture_setup, test_two_merges_onto_one, sync_fixture_teardown);
  g_test_add ("/sync/seats/two-merges-onto-one-other-order", SyncFixture, GINT_TO_POINTER (TRUE),
              sync_fixture_setup, test_two_merges_onto_one, sync_fixture_teardown);
  g_test_add ("/sync/seats/same-guest-two-devices", SyncFixture, NULL,
              sync_fixture_setup, test_same_guest_twice, sync_fixture_teardown);
  g_test_add ("/sync/seats/server-keeps-one-per-person", SyncFixture, NULL,
              sync_fixture_setup, test_server_keeps_one, sync_fixture_teardown);
  g_test_add ("/sync/seats/clock-does-not-decide", SyncFixture, NULL,
              sync_fixture_setup, test_clock_does_not_decide, sync_fixture_teardown);
  g_test_add ("/sync/seats/lower-capacity", SyncFixture, NULL,
              sync_fixture_setup, test_lower_capacity, sync_fixture_teardown);
  g_test_add ("/sync/seats/walk-in-at-full-event", SyncFixture, NULL,
              sync_fixture_setup, test_walk_in_at_full_event, sync_fixture_teardown);
  g_test_add ("/sync/seats/checked-in-keeps-seat", SyncFixture, NULL,
              sync_fixture_setup, test_checked_in_keeps_seat, sync_fixture_teardown);
  g_test_add ("/sync/seats/take-seat-back", SyncFixture, NULL,
              sync_fixture_setup, test_take_seat_back, sync_fixture_teardown);
  g_test_add ("/sync/seats/accepted-seq-is-the-servers", SyncFixture, NULL,
              sync_fixture_setup, test_accepted_seq_is_the_servers, sync_fixture_teardown);

  return g_test_run ();
}
