/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-attendance"

#include "config.h"

#include <string.h>

#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-attendance.h"
#include "ch-store-private.h"
#include "ch-test-util.h"

/*
 * Attendance reports as Teams and Zoom export them (fixtures in
 * tests/core/fixtures/): who was there online and for how long, matched to
 * registrations and members, applied in one transaction.
 */

typedef struct
{
  StoreFixture  s;
  char         *event_id;
  char         *karin;       /* member, registered in person */
  char         *jorgen;      /* member, not registered */
  char         *karin_reg;
  char         *maria_reg;   /* guest, registered online */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  store_fixture_setup (&f->s, data);
  f->event_id =
    test_add_event (f->s.store, f->s.chapter_id,
                    "{'title': 'Chapter meeting', 'starts_local': '2026-01-13 18:00',"
                    " 'ends_local': '2026-01-13 20:30', 'timezone': 'Europe/Stockholm',"
                    " 'format': 'hybrid', 'join_url': 'https://teams.microsoft.com/l/x'}");

  f->karin = test_add_member (f->s.store, f->s.chapter_id, "Karin", "Lund",
                              "karin.lund@contoso.com");
  f->jorgen = test_add_member (f->s.store, f->s.chapter_id, "Jörgen", "Ström",
                               "jorgen@fabrikam.se");
  g_free (test_add_member (f->s.store, f->s.chapter_id, "Anna", "Berg", "anna.berg@contoso.com"));

  g_assert_true (ch_registration_add (f->s.store, f->event_id, f->karin, NULL, NULL,
                                      CH_MODE_IN_PERSON, &f->karin_reg, NULL, &error));
  g_assert_true (ch_registration_add (f->s.store, f->event_id, NULL, "Maria González",
                                      "maria@northwind.example", CH_MODE_ONLINE, &f->maria_reg,
                                      NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->event_id);
  g_free (f->karin);
  g_free (f->jorgen);
  g_free (f->karin_reg);
  g_free (f->maria_reg);
  store_fixture_teardown (&f->s, data);
}

static GBytes *
fixture_bytes (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static ChAttendanceReport *
parse_ok (const char *name)
{
  g_autoptr(GBytes) bytes = fixture_bytes (name);
  g_autoptr(GError) error = NULL;
  ChAttendanceReport *report = ch_attendance_parse (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static ChAttendanceRow *
row_named (ChAttendanceReport *report,
           const char         *name)
{
  for (guint i = 0; i < report->rows->len; i++)
    {
      ChAttendanceRow *row = g_ptr_array_index (report->rows, i);

      if (g_strcmp0 (row->name, name) == 0)
        return row;
    }

  g_error ("no row “%s” in the report", name);
  return NULL;
}

static JsonObject *
registration_of (Fixture    *f,
                 const char *member_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM registration WHERE member_id = '%s'",
                                          member_id);
  g_autofree char *id = test_query_text (f->s.path, sql);

  g_assert_nonnull (id);
  return ch_store_get_row (f->s.store, "registration", id, NULL);
}

/* ----------------------------------------------------------------------- */

static void
test_teams (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(ChAttendanceReport) report = parse_ok ("teams-attendance.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) karin = NULL;
  g_autoptr(JsonObject) jorgen = NULL;
  g_autoptr(JsonObject) maria = NULL;
  ChAttendanceRow *row;
  ChEventCounts counts[2];
  guint marked;

  g_assert_cmpstr (report->source, ==, "teams");
  g_assert_cmpstr (report->meeting_title, ==, "IAMCP Sweden chapter meeting");
  /* Karin joined twice: one person, minutes added (1h 31m 50s + 58s). */
  g_assert_cmpuint (report->rows->len, ==, 4);
  g_assert_cmpuint (row_named (report, "Karin Lund")->minutes, ==, 93);
  g_assert_cmpuint (row_named (report, "Jörgen Ström")->minutes, ==, 45);
  g_assert_cmpuint (row_named (report, "Maria González")->minutes, ==, 62);
  g_assert_cmpuint (row_named (report, "+46 70 123 45 67")->minutes, ==, 13);
  g_assert_null (row_named (report, "+46 70 123 45 67")->email);

  g_assert_true (ch_attendance_match (f->s.store, f->event_id, report, &error));
  g_assert_no_error (error);

  row = row_named (report, "Karin Lund");
  g_assert_cmpint (row->match, ==, CH_ATTENDANCE_MATCH_EMAIL);
  g_assert_cmpstr (row->member_id, ==, f->karin);
  g_assert_cmpstr (row->registration_id, ==, f->karin_reg);
  /* An e-mail nobody has: the folded name finds the member. */
  row = row_named (report, "Jörgen Ström");
  g_assert_cmpint (row->match, ==, CH_ATTENDANCE_MATCH_NAME);
  g_assert_cmpstr (row->member_id, ==, f->jorgen);
  g_assert_null (row->registration_id);
  /* A guest's address, in other case. */
  row = row_named (report, "Maria González");
  g_assert_cmpint (row->match, ==, CH_ATTENDANCE_MATCH_EMAIL);
  g_assert_cmpstr (row->registration_id, ==, f->maria_reg);
  g_assert_cmpint (row_named (report, "+46 70 123 45 67")->match, ==, CH_ATTENDANCE_MATCH_NONE);

  marked = ch_attendance_apply (f->s.store, f->event_id, report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marked, ==, 3);

  karin = ch_store_get_row (f->s.store, "registration", f->karin_reg, NULL);
  g_assert_cmpstr (json_object_get_string_member (karin, "check_in_method"), ==, CH_CHECK_IN_TEAMS);
  g_assert_cmpint (json_object_get_int_member (karin, "minutes_attended"), ==, 93);
  g_assert_cmpstr (json_object_get_string_member (karin, "mode"), ==, CH_MODE_ONLINE);
  g_assert_nonnull (json_object_get_string_member (karin, "checked_in_at"));
  /* Jörgen had not registered: he has an online registration now. */
  jorgen = registration_of (f, f->jorgen);
  g_assert_cmpstr (json_object_get_string_member (jorgen, "mode"), ==, CH_MODE_ONLINE);
  g_assert_cmpstr (json_object_get_string_member (jorgen, "state"), ==, CH_REG_REGISTERED);
  g_assert_cmpint (json_object_get_int_member (jorgen, "minutes_attended"), ==, 45);
  maria = ch_store_get_row (f->s.store, "registration", f->maria_reg, NULL);
  g_assert_cmpint (json_object_get_int_member (maria, "minutes_attended"), ==, 62);

  g_assert_true (ch_event_counts (f->s.store, f->event_id, counts, &error));
  g_assert_cmpuint (counts[1].attended, ==, 3);
  g_assert_cmpuint (counts[0].registered, ==, 0);
}

/* "100000h" eight hundred times wrapped the minutes at 2^32; a person with
 * more time than the meeting lasted is left out, saying why, and everyone
 * else gets the right minutes. */
static void
test_teams_absurd_durations (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(ChAttendanceReport) report = parse_ok ("teams-absurd-durations.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) karin = NULL;
  g_autoptr(JsonObject) jorgen = NULL;
  g_autoptr(JsonObject) maria = NULL;
  g_autofree char *anna_regs = NULL;
  ChAttendanceRow *row;
  guint marked;

  g_assert_cmpuint (report->rows->len, ==, 4);
  g_assert_cmpuint (report->max_minutes, ==, 156);  /* 2h 35m 50s */

  row = row_named (report, "Karin Lund");
  g_assert_nonnull (row->refused);
  g_test_message ("%s", row->refused);
  g_assert_nonnull (strstr (row->refused, "longer than the meeting itself (2.6 h)"));
  g_assert_cmpuint (row->minutes, ==, 0);
  row = row_named (report, "Anna Berg");
  g_assert_nonnull (row->refused);
  g_assert_nonnull (strstr (row->refused, "Left out: 3.0 h in the meeting"));
  g_assert_null (row_named (report, "Jörgen Ström")->refused);
  g_assert_cmpuint (row_named (report, "Jörgen Ström")->minutes, ==, 45);
  g_assert_cmpuint (row_named (report, "Maria González")->minutes, ==, 62);

  g_assert_true (ch_attendance_match (f->s.store, f->event_id, report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (row_named (report, "Karin Lund")->match, ==, CH_ATTENDANCE_MATCH_NONE);
  g_assert_cmpint (row_named (report, "Anna Berg")->match, ==, CH_ATTENDANCE_MATCH_NONE);

  marked = ch_attendance_apply (f->s.store, f->event_id, report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marked, ==, 2);

  /* Karin's registration is as it was: no minutes, not checked in. */
  karin = ch_store_get_row (f->s.store, "registration", f->karin_reg, NULL);
  g_assert_true (json_object_get_null_member (karin, "minutes_attended"));
  g_assert_null (json_object_get_string_member (karin, "checked_in_at"));
  jorgen = registration_of (f, f->jorgen);
  g_assert_cmpint (json_object_get_int_member (jorgen, "minutes_attended"), ==, 45);
  maria = ch_store_get_row (f->s.store, "registration", f->maria_reg, NULL);
  g_assert_cmpint (json_object_get_int_member (maria, "minutes_attended"), ==, 62);
  /* Anna was not registered and got no registration. */
  anna_regs = test_query_text (f->s.path, "SELECT count(*) FROM registration r JOIN member m "
                                          "ON m.id = r.member_id WHERE m.given_name = 'Anna'");
  g_assert_cmpstr (anna_regs, ==, "0");
}

/* Without the meeting's length, a day is the most anyone attends. */
static void
test_teams_longer_than_a_day (Fixture       *f,
                              gconstpointer  data)
{
  static const char text[] =
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\r\n"
    "Karin Lund\t1/13/26, 6:00 PM\t1/14/26, 8:00 PM\t26h\tkarin.lund@contoso.com\r\n"
    "Jörgen Ström\t1/13/26, 6:00 PM\t1/13/26, 8:00 PM\t2h\tjorgen@fabrikam.se\r\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChAttendanceReport) report = ch_attendance_parse (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (report->max_minutes, ==, 24 * 60);
  g_assert_nonnull (strstr (row_named (report, "Karin Lund")->refused, "longer than a day"));
  g_assert_null (row_named (report, "Jörgen Ström")->refused);
  g_assert_cmpuint (row_named (report, "Jörgen Ström")->minutes, ==, 120);
}

static void
test_teams_old (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ChAttendanceReport) report = parse_ok ("teams-attendance-old.csv");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (report->source, ==, "teams");
  g_assert_cmpstr (report->meeting_title, ==, "IAMCP Sweden chapter meeting");
  /* One row per join: 32m 0s + 1h 0m 30s. */
  g_assert_cmpuint (report->rows->len, ==, 2);
  g_assert_cmpuint (row_named (report, "Karin Lund")->minutes, ==, 93);
  g_assert_cmpuint (row_named (report, "Jörgen Ström")->minutes, ==, 45);

  g_assert_true (ch_attendance_match (f->s.store, f->event_id, report, &error));
  g_assert_cmpint (row_named (report, "Jörgen Ström")->match, ==, CH_ATTENDANCE_MATCH_NAME);
  g_assert_cmpuint (ch_attendance_apply (f->s.store, f->event_id, report, &error), ==, 2);
  g_assert_no_error (error);
}

static void
test_zoom (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(ChAttendanceReport) report = parse_ok ("zoom-participants.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) maria = NULL;
  ChAttendanceRow *row;

  g_assert_cmpstr (report->source, ==, "zoom");
  g_assert_cmpstr (report->meeting_title, ==, "IAMCP Sweden, chapter meeting");
  g_assert_cmpuint (report->rows->len, ==, 4);
  g_assert_cmpuint (row_named (report, "Karin Lund")->minutes, ==, 92);
  /* A quoted name with a comma; the original name in brackets dropped. */
  g_assert_cmpuint (row_named (report, "Ström, Jörgen")->minutes, ==, 45);
  /* Same address twice in other case: summed. */
  g_assert_cmpuint (row_named (report, "Maria González")->minutes, ==, 62);
  g_assert_cmpuint (row_named (report, "Anders \"Andy\" Berg")->minutes, ==, 28);

  g_assert_true (ch_attendance_match (f->s.store, f->event_id, report, &error));
  row = row_named (report, "Ström, Jörgen");
  g_assert_cmpint (row->match, ==, CH_ATTENDANCE_MATCH_NAME);
  g_assert_cmpstr (row->member_id, ==, f->jorgen);
  g_assert_cmpint (row_named (report, "Anders \"Andy\" Berg")->match, ==, CH_ATTENDANCE_MATCH_NONE);

  g_assert_cmpuint (ch_attendance_apply (f->s.store, f->event_id, report, &error), ==, 3);
  maria = ch_store_get_row (f->s.store, "registration", f->maria_reg, NULL);
  g_assert_cmpstr (json_object_get_string_member (maria, "check_in_method"), ==, CH_CHECK_IN_ZOOM);
}

static void
test_zoom_plain (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(ChAttendanceReport) report = parse_ok ("zoom-participants-plain.csv");
  g_autoptr(GError) error = NULL;

  g_assert_null (report->meeting_title);
  g_assert_cmpuint (report->rows->len, ==, 2);
  g_assert_true (ch_attendance_match (f->s.store, f->event_id, report, &error));
  /* "Berg, Anders" is the member Anna Berg? No: Anders, so nobody. */
  g_assert_cmpint (row_named (report, "Berg, Anders")->match, ==, CH_ATTENDANCE_MATCH_NONE);
  g_assert_cmpint (row_named (report, "Karin Lund")->match, ==, CH_ATTENDANCE_MATCH_EMAIL);
}

typedef struct
{
  const char *file;
  const char *message;
} Broken;

static const Broken broken[] = {
  { "empty.csv", "empty" },
  { "garbage.bin", "not a text file" },
  { "teams-truncated.csv", "cut off" },
  { "teams-wrong-header.csv", "no list of participants" },
  { "teams-bad-duration.csv", "“ninety minutes” is not a duration" },
  { "zoom-bad-duration.csv", "“forty” is not a number of minutes" },
  { "zoom-unclosed-quote.csv", "cut off" },
  { "not-a-report.csv", "neither a Microsoft Teams attendance report nor a Zoom" },
};

static void
test_broken (Fixture       *f,
             gconstpointer  data)
{
  guint before = ch_store_outbox_count (f->s.store, f->s.chapter_id);

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GBytes) bytes = fixture_bytes (broken[i].file);
      g_autoptr(GError) error = NULL;
      g_autoptr(ChAttendanceReport) report = ch_attendance_parse (bytes, &error);

      g_assert_null (report);
      g_assert_error (error, CH_ATTENDANCE_ERROR, CH_ATTENDANCE_ERROR_REPORT);
      if (strstr (error->message, broken[i].message) == NULL)
        g_error ("%s: “%s” lacks “%s”", broken[i].file, error->message, broken[i].message);
    }

  g_assert_cmpuint (ch_store_outbox_count (f->s.store, f->s.chapter_id), ==, before);
}

/* A failure half-way leaves nobody marked. */
static void
test_apply_atomic (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(ChAttendanceReport) report = parse_ok ("teams-attendance.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) karin = NULL;
  guint before = ch_store_outbox_count (f->s.store, f->s.chapter_id);

  g_assert_true (ch_attendance_match (f->s.store, f->event_id, report, &error));
  g_assert_true (ch_store_exec_for_test (f->s.store,
                                         "CREATE TEMP TRIGGER no_new BEFORE INSERT ON registration "
                                         "BEGIN SELECT RAISE(ABORT, 'disk full'); END", NULL));
  g_assert_cmpuint (ch_attendance_apply (f->s.store, f->event_id, report, &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_cmpuint (ch_store_outbox_count (f->s.store, f->s.chapter_id), ==, before);
  karin = ch_store_get_row (f->s.store, "registration", f->karin_reg, NULL);
  g_assert_null (json_object_get_string_member (karin, "checked_in_at"));
}

int
main (int   argc,
      char *argv[])
{
  test_init_c_locale (&argc, &argv);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/attendance/teams", test_teams);
  ADD ("/attendance/teams-old-layout", test_teams_old);
  ADD ("/attendance/teams-absurd-durations", test_teams_absurd_durations);
  ADD ("/attendance/teams-longer-than-a-day", test_teams_longer_than_a_day);
  ADD ("/attendance/zoom", test_zoom);
  ADD ("/attendance/zoom-plain", test_zoom_plain);
  ADD ("/attendance/broken", test_broken);
  ADD ("/attendance/atomic", test_apply_atomic);
#undef ADD

  return g_test_run ();
}
