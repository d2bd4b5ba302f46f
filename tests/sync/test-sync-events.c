/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-events"

#include "config.h"

#include <string.h>

#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-sync-test.h"

/*
 * Two officers give away the last seat of an event offline and sync with
 * the real server: the server keeps the seat for the registration it
 * accepted first and puts the other on the waitlist; both devices agree
 * with it, ch_events_reconcile() names the moved person on the device
 * that had seated them, and nothing makes a conflict.
 */

static guint
server_conflicts (SyncFixture *f)
{
  g_autoptr(GHashTable) rows = sync_server_rows (f->server, f->chapter_a, f->token_a, "conflict");

  return g_hash_table_size (rows);
}

static char *
register_guest (SyncClient *client,
                const char *event_id,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = g_strdup_printf ("%s@example.com", name);
  gboolean waitlisted = TRUE;
  char *id = NULL;

  g_assert_true (ch_registration_add (client->store, event_id, NULL, name, email, CH_MODE_IN_PERSON,
                                      &id, &waitlisted, &error));
  g_assert_no_error (error);
  /* Each device sees a free seat. */
  g_assert_false (waitlisted);
  return id;
}

static void
sync_clean (SyncClient *client)
{
  ChSyncReport report = { 0 };

  sync_client_sync_ok (client, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.rejected, ==, 0);
}

/* An event with two seats and one of them taken, on both devices. */
static char *
shared_event (SyncClient *anna,
              SyncClient *bo)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  char *event_id = NULL;

  sync_clean (anna);
  fields = json_object_new ();
  json_object_set_string_member (fields, "title", "Chapter meeting");
  json_object_set_string_member (fields, "starts_local", "2036-12-09 18:00");
  json_object_set_string_member (fields, "ends_local", "2036-12-09 20:00");
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_string_member (fields, "format", CH_EVENT_FORMAT_HYBRID);
  json_object_set_int_member (fields, "capacity_in_person", 2);
  g_assert_true (ch_event_save (anna->store, anna->chapter_id, NULL, fields, &event_id, &error));
  g_assert_no_error (error);
  first = register_guest (anna, event_id, "early-bird");

  sync_clean (anna);
  sync_clean (bo);
  g_assert_cmpuint (sync_client_count_rows (bo, "registration", TRUE), ==, 1);

  return event_id;
}

static void
test_last_seat (SyncFixture   *f,
                gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *event_id = shared_event (anna, bo);
  g_autofree char *cecilia = NULL;
  g_autofree char *david = NULL;
  g_autoptr(GPtrArray) moved_a = NULL;
  g_autoptr(GPtrArray) moved_b = NULL;
  g_autoptr(GError) error = NULL;
  ChEventCounts counts[2];

  /* Offline, Anna gives the last seat to Cecilia, and a moment later Bo
   * gives it to David. */
  cecilia = register_guest (anna, event_id, "cecilia");
  g_usleep (5000);
  david = register_guest (bo, event_id, "david");

  /* Both sync; Anna once more, so both have both registrations.  The
   * server accepted Cecilia's first: David waits. */
  sync_clean (anna);
  sync_clean (bo);
  sync_clean (anna);
  g_assert_true (ch_event_counts (anna->store, event_id, counts, &error));
  g_assert_cmpuint (counts[0].registered, ==, 2);
  g_assert_cmpuint (counts[0].waitlisted, ==, 1);

  /* Only Bo's device had seated David: it says so; nothing to repair. */
  g_assert_cmpuint (ch_events_reconcile (anna->store, anna->chapter_id, &moved_a, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (ch_events_reconcile (bo->store, bo->chapter_id, &moved_b, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (moved_b, 0), ==, david);

  sync_clean (anna);
  sync_clean (bo);
  sync_clean (anna);

  /* Everybody agrees: Cecilia (accepted first) keeps the seat, David waits. */
  sync_fixture_assert_everywhere (f, anna, bo, "registration", cecilia, "state", CH_REG_REGISTERED);
  sync_fixture_assert_everywhere (f, anna, bo, "registration", david, "state", CH_REG_WAITLISTED);
  g_assert_cmpuint (server_conflicts (f), ==, 0);
  g_assert_cmpuint (sync_client_count_rows (anna, "conflict", TRUE), ==, 0);
  g_assert_cmpuint (sync_client_count_rows (bo, "conflict", TRUE), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (anna->store, anna->chapter_id), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (bo->store, bo->chapter_id), ==, 0);

  for (guint i = 0; i < 2; i++)
    {
      SyncClient *c = i == 0 ? anna : bo;
      g_autoptr(GPtrArray) again = NULL;

      g_assert_true (ch_event_counts (c->store, event_id, counts, &error));
      g_assert_cmpuint (counts[0].registered, ==, 2);
      g_assert_cmpuint (counts[0].waitlisted, ==, 1);
      g_assert_cmpuint (ch_events_reconcile (c->store, c->chapter_id, &again, &error), ==, 0);
    }

  /* Cecilia cancels on Bo's device: David gets the seat everywhere. */
  {
    g_autofree char *promoted = NULL;

    g_assert_true (ch_registration_cancel (bo->store, cecilia, &promoted, &error));
    g_assert_cmpstr (promoted, ==, david);
    sync_clean (bo);
    sync_clean (anna);
    sync_fixture_assert_everywhere (f, anna, bo, "registration", david, "state", CH_REG_REGISTERED);
  }
}

/* David registers first by the clock, on Bo's device, but Anna's device
 * syncs Cecilia's registration first: the server's order decides. */
static void
test_first_accepted_keeps (SyncFixture   *f,
                           gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *event_id = shared_event (anna, bo);
  g_autofree char *cecilia = NULL;
  g_autofree char *david = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(GError) error = NULL;

  david = register_guest (bo, event_id, "david");
  g_usleep (5000);
  cecilia = register_guest (anna, event_id, "cecilia");

  sync_clean (anna);
  sync_clean (bo);
  g_assert_cmpuint (ch_events_reconcile (bo->store, bo->chapter_id, &moved, &error), ==, 1);
  g_assert_cmpstr (g_ptr_array_index (moved, 0), ==, david);
  sync_clean (bo);
  sync_clean (anna);

  sync_fixture_assert_everywhere (f, anna, bo, "registration", cecilia, "state", CH_REG_REGISTERED);
  sync_fixture_assert_everywhere (f, anna, bo, "registration", david, "state", CH_REG_WAITLISTED);
  g_clear_pointer (&moved, g_ptr_array_unref);
  g_assert_cmpuint (ch_events_reconcile (anna->store, anna->chapter_id, &moved, &error), ==, 0);
  g_assert_cmpuint (server_conflicts (f), ==, 0);
}

static void
test_check_in_offline (SyncFixture   *f,
                       gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *event_id = shared_event (anna, bo);
  g_autofree char *reg = NULL;
  g_autofree char *method = NULL;
  g_autofree char *at = NULL;
  g_autoptr(GError) error = NULL;
  ChEventCounts counts[2];

  g_autoptr(GPtrArray) list = ch_registration_list (bo->store, event_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  reg = g_strdup (ch_registration_get_id (g_ptr_array_index (list, 0)));

  /* At the door, without network. */
  g_assert_true (ch_registration_check_in (bo->store, reg, TRUE, CH_CHECK_IN_DOOR, -1, &error));
  g_assert_no_error (error);
  sync_clean (bo);
  sync_clean (anna);

  method = sync_client_get_text (anna, "registration", reg, "check_in_method");
  at = sync_client_get_text (anna, "registration", reg, "checked_in_at");
  g_assert_cmpstr (method, ==, CH_CHECK_IN_DOOR);
  g_assert_nonnull (at);
  g_assert_true (ch_event_counts (anna->store, event_id, counts, &error));
  g_assert_cmpuint (counts[0].attended, ==, 1);

  /* Taken back on Anna's device: gone on Bo's too. */
  g_assert_true (ch_registration_check_in (anna->store, reg, FALSE, NULL, -1, &error));
  sync_clean (anna);
  sync_clean (bo);
  g_clear_pointer (&at, g_free);
  at = sync_client_get_text (bo, "registration", reg, "checked_in_at");
  g_assert_null (at);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/events/last-seat/server-decides", SyncFixture, NULL,
              sync_fixture_setup, test_last_seat, sync_fixture_teardown);
  g_test_add ("/sync/events/last-seat/first-accepted-keeps", SyncFixture, NULL,
              sync_fixture_setup, test_first_accepted_keeps, sync_fixture_teardown);
  g_test_add ("/sync/events/check-in-offline", SyncFixture, NULL,
              sync_fixture_setup, test_check_in_offline, sync_fixture_teardown);

  return g_test_run ();
}
