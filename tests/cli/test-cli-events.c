/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-events"

#include "config.h"

#include <libical/ical.h>
#include <string.h>

#include "ch-sync-test.h"

/*
 * chapterhouse-cli events / registrations / attendance as an officer or a
 * script uses them: exit codes (0 done, 2 wrong command line, 3 data
 * refused), clear messages, --json.
 */

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_auto(SyncCliRun) run = { 0 };

  f->dir = sync_test_make_tmp_dir ();
  f->db = g_build_filename (f->dir, "officer.db", NULL);
  sync_cli (&run, f->db, "chapter", "create", "--name", "IAMCP Sweden", "--country", "SE",
            "--timezone", "Europe/Stockholm", "--currency", "SEK", "--dues", "150000", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sync_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static char *
add_event (Fixture    *f,
           const char *capacity)
{
  g_auto(SyncCliRun) run = { 0 };
  g_autoptr(JsonNode) node = NULL;

  sync_cli (&run, f->db, "--json", "events", "add", "--title", "Chapter meeting",
            "--start", "2036-12-09 18:00", "--end", "2036-12-09 20:00", "--format", "hybrid",
            "--venue", "Microsoft Sweden", "--capacity-in-person", capacity,
            "--join-url", "https://teams.microsoft.com/l/meetup-join/abc", "--status", "published",
            NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "starts_local"), ==,
                   "2036-12-09 18:00");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "starts_at"), ==,
                   "2036-12-09T17:00:00Z");
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
}

static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = add_event (f, "30");
  g_autoptr(JsonNode) list = NULL;
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, f->db, "events", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Chapter meeting"));
  g_assert_nonnull (strstr (run.out, "in person 0/30"));

  sync_cli (&run, f->db, "events", "update", id, "--title", "Chapter meeting: AI", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, f->db, "events", "duplicate", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "January 2037"));

  sync_cli (&run, f->db, "events", "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  list = sync_cli_json (&run);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (list));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  {
    JsonObject *first = json_array_get_object_element (json_node_get_array (list), 0);
    JsonObject *in_person = json_object_get_object_member (first, "in_person");

    g_assert_cmpstr (json_object_get_string_member (first, "title"), ==, "Chapter meeting: AI");
    g_assert_cmpint (json_object_get_int_member (first, "sequence"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (in_person, "capacity"), ==, 30);
  }

  sync_cli (&run, f->db, "events", "list", "--past", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "No past events"));

  sync_cli (&run, f->db, "events", "cancel", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, f->db, "--json", "events", "show", id, NULL);
  g_assert_nonnull (strstr (run.out, "\"cancelled\""));
}

typedef struct
{
  const char *start;
  const char *message;
} BadTime;

static const BadTime bad_date = { "2036-13-45 18:00", "is not a date and time" };
static const BadTime dst_gap = { "2027-03-28 02:30", "The first valid time is 2027-03-28 03:00" };

static void
test_bad_time (Fixture       *f,
               gconstpointer  data)
{
  const BadTime *bad = data;
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, f->db, "events", "add", "--title", "T", "--start", bad->start,
            "--end", "2036-12-09 20:00", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_true (g_str_has_prefix (run.err, "chapterhouse-cli: "));
  g_assert_nonnull (strstr (run.err, bad->message));
  g_assert_cmpstr (run.out, ==, "");

  sync_cli (&run, f->db, "events", "list", "--json", NULL);
  g_assert_cmpstr (g_strstrip (run.out), ==, "[]");

  /* Wrong command lines: exit 2. */
  sync_cli (&run, f->db, "events", "add", "--title", "T", "--capacity", "3", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown option --capacity"));
  sync_cli (&run, f->db, "events", "add", "--title", "T", "--start", "2036-12-09 18:00",
            "--end", "2036-12-09 20:00", "--capacity-in-person", "lots", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "--capacity-in-person takes a whole number"));
}

static void
test_registrations (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *event = add_event (f, "1");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, f->db, "--json", "registrations", "add", event, "--guest-name", "Anna Berg",
            "--guest-email", "anna@example.com", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  first = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "state"), ==,
                   "registered");
  g_clear_pointer (&node, json_node_unref);

  /* Over capacity: the waiting list. */
  sync_cli (&run, f->db, "registrations", "add", event, "--guest-name", "Bo Ek",
            "--mode", "in-person", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "waiting list"));

  /* The same address again is refused. */
  sync_cli (&run, f->db, "registrations", "add", event, "--guest-name", "Anna B.",
            "--guest-email", "ANNA@example.com", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "already registered"));
  sync_cli (&run, f->db, "registrations", "add", event, NULL);
  g_assert_cmpint (run.status, ==, 2);

  sync_cli (&run, f->db, "--json", "registrations", "list", event, NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);
  {
    JsonObject *w = json_array_get_object_element (json_node_get_array (node), 1);

    g_assert_cmpstr (json_object_get_string_member (w, "display_name"), ==, "Bo Ek");
    g_assert_cmpstr (json_object_get_string_member (w, "state"), ==, "waitlisted");
    g_assert_cmpint (json_object_get_int_member (w, "waitlist_position"), ==, 1);
    second = g_strdup (json_object_get_string_member (w, "id"));
  }

  sync_cli (&run, f->db, "registrations", "cancel", first, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, second));
  g_assert_nonnull (strstr (run.out, "moved up"));

  sync_cli (&run, f->db, "registrations", "check-in", second, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, f->db, "registrations", "list", event, NULL);
  g_assert_nonnull (strstr (run.out, "attended, checked in at the door"));
  sync_cli (&run, f->db, "registrations", "check-in", second, "--undo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, f->db, "registrations", "list", event, NULL);
  g_assert_null (strstr (run.out, "attended"));

  sync_cli (&run, f->db, "registrations", "cancel", "no-such-id", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "There is no registration"));
}

static void
test_attendance_and_ics (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *event = add_event (f, "30");
  g_autofree char *teams =
    g_test_build_filename (G_TEST_DIST, "core", "fixtures", "teams-attendance.csv", NULL);
  g_autofree char *garbage =
    g_test_build_filename (G_TEST_DIST, "core", "fixtures", "garbage.bin", NULL);
  g_autofree char *ics_path = g_build_filename (f->dir, "meeting.ics", NULL);
  g_autofree char *ics = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SyncCliRun) run = { 0 };
  icalcomponent *cal;

  sync_cli (&run, f->db, "members", "add", "--given", "Karin", "--family", "Lund",
            "--email", "karin.lund@contoso.com", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, f->db, "attendance", "import", event, teams, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "matched    Karin Lund"));
  g_assert_nonnull (strstr (run.out, "unmatched  Jörgen Ström"));
  /* The name column is 30 characters wide (not 30 bytes), so the e-mail
   * addresses line up under each other */
  g_assert_nonnull (strstr (run.out, "unmatched  Jörgen Ström" "                  "
                                     "  jstrom@outlook.com"));
  g_assert_nonnull (strstr (run.out, "Marked 1 person as attended online.\n3 rows not matched."));

  sync_cli (&run, f->db, "registrations", "list", event, NULL);
  g_assert_nonnull (strstr (run.out, "attended, on Teams"));

  sync_cli (&run, f->db, "attendance", "import", event, garbage, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "not a text file"));

  sync_cli (&run, f->db, "events", "export-ics", event, "-o", ics_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_file_get_contents (ics_path, &ics, NULL, &error);
  g_assert_no_error (error);
  cal = icalparser_parse_string (ics);
  g_assert_nonnull (cal);
  g_assert_cmpint (icalcomponent_count_components (cal, ICAL_VEVENT_COMPONENT), ==, 1);
  g_assert_cmpint (icalcomponent_count_components (cal, ICAL_VTIMEZONE_COMPONENT), ==, 1);
  icalcomponent_free (cal);

  sync_cli (&run, f->db, "events", "export-ics", event, NULL);
  g_assert_cmpint (run.status, ==, 2);
}

/* "sync" names the person who lost a seat given away twice offline. */
static void
test_sync_reconcile (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autofree char *anna = g_build_filename (f->dir, "anna.db", NULL);
  g_autofree char *bo = g_build_filename (f->dir, "bo.db", NULL);
  g_autofree char *token = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_autofree char *event = NULL;
  g_autofree char *david = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(SyncCliRun) run = { 0 };
  JsonArray *reconciled;

  sync_cli (&run, anna, "--chapter", f->chapter_a, "connect", f->server->url, "--token-file", token,
            NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, anna, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, anna, "--json", "events", "add", "--title", "Chapter meeting",
            "--start", "2036-12-09 18:00", "--end", "2036-12-09 20:00",
            "--capacity-in-person", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  event = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
  g_clear_pointer (&node, json_node_unref);
  sync_cli (&run, anna, "sync", NULL);
  sync_cli (&run, bo, "--chapter", f->chapter_a, "connect", f->server->url, "--token-file", token,
            NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, bo, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* Offline, both give away the one seat; Anna first. */
  sync_cli (&run, anna, "registrations", "add", event, "--guest-name", "Cecilia", NULL);
  g_assert_nonnull (strstr (run.out, "Registered"));
  g_usleep (5000);
  sync_cli (&run, bo, "--json", "registrations", "add", event, "--guest-name", "David", NULL);
  node = sync_cli_json (&run);
  david = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "state"), ==,
                   "registered");
  g_clear_pointer (&node, json_node_unref);

  sync_cli (&run, anna, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "waiting list"));
  sync_cli (&run, bo, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, david));
  g_assert_nonnull (strstr (run.out, "David (registration "));
  g_assert_nonnull (strstr (run.out, "was moved to the waiting list: the last seat was taken on "
                                     "another device first."));
  sync_cli (&run, anna, "--json", "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "conflicts"), ==, 0);
  reconciled = json_object_get_array_member (json_node_get_object (node), "reconciled");
  g_assert_cmpuint (json_array_get_length (reconciled), ==, 0);
  g_clear_pointer (&node, json_node_unref);

  sync_cli (&run, anna, "--json", "registrations", "list", event, NULL);
  node = sync_cli_json (&run);
  {
    JsonObject *w = json_array_get_object_element (json_node_get_array (node), 1);

    g_assert_cmpstr (json_object_get_string_member (w, "id"), ==, david);
    g_assert_cmpstr (json_object_get_string_member (w, "state"), ==, "waitlisted");
  }
  sync_cli (&run, anna, "--json", "status", NULL);
  g_assert_nonnull (strstr (run.out, "\"conflicts\" : 0"));
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

#define ADD(path, d, fn) g_test_add (path, Fixture, d, fixture_setup, fn, fixture_teardown)
  ADD ("/cli/events/add-list", NULL, test_events);
  ADD ("/cli/events/bad-date", &bad_date, test_bad_time);
  ADD ("/cli/events/dst-gap", &dst_gap, test_bad_time);
  ADD ("/cli/registrations", NULL, test_registrations);
  ADD ("/cli/attendance-ics", NULL, test_attendance_and_ics);
#undef ADD
  g_test_add ("/cli/sync/reconcile", SyncFixture, NULL, sync_fixture_setup, test_sync_reconcile,
              sync_fixture_teardown);

  return g_test_run ();
}
