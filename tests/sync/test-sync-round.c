/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-round"

#include "config.h"

#include <string.h>

#include "ch-events.h"
#include "ch-registration.h"
#include "ch-registrations.h"
#include "ch-sync-round.h"
#include "ch-sync-test.h"

/*
 * A sync round (ch_sync_round_run()): the sync, then the seats settled
 * after the pull, then what that changed sent at once, with a report of
 * who moved.  The window's sync manager and "chapterhouse-cli sync" both
 * run it; the same scenario through either names the same people.
 *
 * The scenario, on one chapter: an event with one seat.  Offline, Anna
 * gives it to Cecilia and Bo to David; Anna syncs first, so Bo's sync moves
 * David to the waitlist.  Then Anna cancels Cecilia (and syncs without a
 * round, as an old Chapterhouse would): Bo's next sync gives David the
 * free seat and sends that in the same round.
 */

typedef enum
{
  THROUGH_CORE,
  THROUGH_CLI,
} Path;

/* Who moved, as "David: waitlisted" / "David: moved up". */
static GPtrArray *
round_core (SyncClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSyncRound) round = NULL;
  GPtrArray *moved = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *moves;

  round = ch_sync_round_run (client->path, client->chapter_id, client->token, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (round);
  g_assert_null (ch_sync_round_get_resend_error (round));
  g_assert_cmpuint (ch_sync_round_get_report (round)->conflicts, ==, 0);
  g_assert_cmpuint (ch_sync_round_get_report (round)->rejected, ==, 0);

  moves = ch_sync_round_get_moves (round);
  for (guint i = 0; i < moves->len; i++)
    {
      ChSyncRoundMove *move = g_ptr_array_index (moves, i);

      g_ptr_array_add (moved, g_strdup_printf ("%s: %s", ch_sync_round_move_get_name (move),
                                               ch_sync_round_move_get_waitlisted (move)
                                               ? "waitlisted" : "moved up"));
    }

  return moved;
}

static GPtrArray *
round_cli (SyncClient *client,
           const char *dir)
{
  g_autofree char *token_file = sync_test_write_token_file (dir, "round-token", client->token);
  g_auto(SyncCliRun) run = { 0 };
  g_autoptr(JsonObject) out = NULL;
  GPtrArray *moved = g_ptr_array_new_with_free_func (g_free);
  JsonArray *reconciled;

  sync_cli (&run, client->path, "--json", "--chapter", client->chapter_id, "sync",
            "--token-file", token_file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = sync_cli_json_object (&run);
  g_assert_cmpint (json_object_get_int_member (out, "conflicts"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (out, "rejected"), ==, 0);

  reconciled = json_object_get_array_member (out, "reconciled");
  for (guint i = 0; i < json_array_get_length (reconciled); i++)
    {
      JsonObject *row = json_array_get_object_element (reconciled, i);
      const char *state = json_object_get_string_member (row, "state");

      g_ptr_array_add (moved, g_strdup_printf ("%s: %s",
                                               json_object_get_string_member (row, "display_name"),
                                               g_strcmp0 (state, CH_REG_WAITLISTED) == 0
                                               ? "waitlisted" : "moved up"));
    }

  return moved;
}

static char *
joined (GPtrArray *moved)
{
  g_ptr_array_add (moved, NULL);
  return g_strjoinv ("; ", (char **) moved->pdata);
}

static char *
add_guest (SyncClient *client,
           const char *event_id,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  gboolean waitlisted = TRUE;
  char *id = NULL;

  g_assert_true (ch_registration_add (client->store, event_id, NULL, name, NULL,
                                      CH_MODE_IN_PERSON, &id, &waitlisted, &error));
  g_assert_no_error (error);
  g_assert_false (waitlisted);
  return id;
}

/* Runs the scenario with Bo's syncs through @path, on the chapter of the
 * two clients; returns who moved at Bo's two syncs, "first | second". */
static char *
scenario (SyncFixture *f,
          SyncClient  *anna,
          SyncClient  *bo,
          const char  *token,
          Path         path)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *cecilia = NULL;
  g_autofree char *david = NULL;
  g_autofree char *state = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) anna_moved = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, &report);
  json_object_set_string_member (fields, "title", "Chapter meeting");
  json_object_set_string_member (fields, "starts_local", "2036-12-09 18:00");
  json_object_set_string_member (fields, "ends_local", "2036-12-09 20:00");
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_int_member (fields, "capacity_in_person", 1);
  g_assert_true (ch_event_save (anna->store, anna->chapter_id, NULL, fields, &event_id, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, &report);
  sync_client_sync_ok (bo, &report);

  /* Offline, both give the one seat away; Anna syncs first. */
  cecilia = add_guest (anna, event_id, "Cecilia Berg");
  g_usleep (5000);
  david = add_guest (bo, event_id, "David Lind");
  anna_moved = round_core (anna);
  g_assert_cmpuint (anna_moved->len, ==, 0);

  {
    g_autoptr(GPtrArray) moved = path == THROUGH_CORE ? round_core (bo) : round_cli (bo, f->dir);

    first = joined (moved);
  }
  state = sync_client_get_text (bo, "registration", david, "state");
  g_assert_cmpstr (state, ==, CH_REG_WAITLISTED);
  g_clear_pointer (&state, g_free);

  /* Cecilia cannot come; Anna's sync only pushes. */
  g_assert_true (ch_registration_cancel (anna->store, cecilia, NULL, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, &report);

  {
    g_autoptr(GPtrArray) moved = path == THROUGH_CORE ? round_core (bo) : round_cli (bo, f->dir);

    second = joined (moved);
  }
  /* David has the seat, and the server heard it in the same round. */
  state = sync_client_get_text (bo, "registration", david, "state");
  g_assert_cmpstr (state, ==, CH_REG_REGISTERED);
  g_clear_pointer (&state, g_free);
  g_assert_cmpuint (ch_store_outbox_count (bo->store, bo->chapter_id), ==, 0);
  state = sync_server_get_text (f->server, bo->chapter_id, token, "registration", david, "state");
  g_assert_cmpstr (state, ==, CH_REG_REGISTERED);

  return g_strdup_printf ("%s | %s", first, second);
}

static void
test_same_people_moved (SyncFixture   *f,
                        gconstpointer  data)
{
  g_autoptr(SyncClient) anna_a = sync_fixture_client (f, "anna-a", NULL);
  g_autoptr(SyncClient) bo_a = sync_fixture_client (f, "bo-a", NULL);
  g_autoptr(SyncClient) anna_b = sync_client_new (f->dir, "anna-b", f->server->url, f->chapter_b,
                                                  f->token_b);
  g_autoptr(SyncClient) bo_b = sync_client_new (f->dir, "bo-b", f->server->url, f->chapter_b,
                                                f->token_b);
  g_autofree char *core = scenario (f, anna_a, bo_a, f->token_a, THROUGH_CORE);
  g_autofree char *cli = scenario (f, anna_b, bo_b, f->token_b, THROUGH_CLI);

  g_assert_cmpstr (core, ==, "David Lind: waitlisted | David Lind: moved up");
  g_assert_cmpstr (cli, ==, core);
}

/* The CLI says who moved, in words. */
static void
test_cli_says_who_moved (SyncFixture   *f,
                         gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *token_file = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *david = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) anna_moved = NULL;
  g_auto(SyncCliRun) run = { 0 };
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, &report);
  json_object_set_string_member (fields, "title", "Chapter meeting");
  json_object_set_string_member (fields, "starts_local", "2036-12-09 18:00");
  json_object_set_string_member (fields, "ends_local", "2036-12-09 20:00");
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_int_member (fields, "capacity_in_person", 1);
  g_assert_true (ch_event_save (anna->store, anna->chapter_id, NULL, fields, &event_id, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, &report);
  sync_client_sync_ok (bo, &report);

  g_free (add_guest (anna, event_id, "Cecilia Berg"));
  g_usleep (5000);
  david = add_guest (bo, event_id, "David Lind");
  anna_moved = round_core (anna);

  sync_cli (&run, bo->path, "sync", "--token-file", token_file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  expected = g_strdup_printf ("David Lind (registration %s) was moved to the waiting list: the "
                              "last seat was taken on another device first.\n", david);
  g_assert_nonnull (strstr (run.out, expected));
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/round/same-people-moved", SyncFixture, NULL, sync_fixture_setup,
              test_same_people_moved, sync_fixture_teardown);
  g_test_add ("/sync/round/cli-says-who-moved", SyncFixture, NULL, sync_fixture_setup,
              test_cli_says_who_moved, sync_fixture_teardown);

  return g_test_run ();
}
