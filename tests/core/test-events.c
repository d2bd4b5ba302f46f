/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-events"

#include "config.h"

#include <string.h>

#include "ch-event-time.h"
#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-store-private.h"
#include "ch-test-util.h"
#include "ch-uuid.h"

/* Hybrid events: times in the event's zone, capacity and waitlists per
 * mode, check-in, and the outbox written for every change. */

static char *
register_guest (StoreFixture *f,
                const char   *event_id,
                const char   *name,
                const char   *mode,
                gboolean      expect_waitlisted)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = g_strdup_printf ("%s@example.com", name);
  gboolean waitlisted = !expect_waitlisted;
  char *id = NULL;

  g_assert_true (ch_registration_add (f->store, event_id, NULL, name, email, mode, &id, &waitlisted,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (waitlisted, ==, expect_waitlisted);
  return id;
}

#define UPCOMING "'title': 'Chapter meeting', 'starts_local': '2036-12-09 18:00', " \
                 "'ends_local': '2036-12-09 20:00', 'timezone': 'Europe/Stockholm'"

/* ----------------------------------------------------------------------- */
/* Time                                                                    */

static void
test_dst_gap (StoreFixture  *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *utc = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *id = NULL;
  guint before = ch_store_outbox_count (f->store, f->chapter_id);

  /* Clocks go from 02:00 to 03:00 on 28 March 2027 in Sweden. */
  utc = ch_event_time_local_to_utc ("Europe/Stockholm", "2027-03-28 02:30", &error);
  g_assert_null (utc);
  g_assert_error (error, CH_EVENT_TIME_ERROR, CH_EVENT_TIME_ERROR_NO_SUCH_TIME);
  g_assert_nonnull (strstr (error->message, "2027-03-28 02:30"));
  g_assert_nonnull (strstr (error->message, "Europe/Stockholm"));
  g_assert_nonnull (strstr (error->message, "2027-03-28 03:00"));
  g_clear_error (&error);

  /* Saving an event at that time refuses it and writes nothing. */
  fields = test_json ("{'title': 'Spring meeting', 'starts_local': '2027-03-28 02:30',"
                      " 'ends_local': '2027-03-28 04:00', 'timezone': 'Europe/Stockholm'}");
  g_assert_false (ch_event_save (f->store, f->chapter_id, NULL, fields, &id, &error));
  g_assert_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_NO_SUCH_TIME);
  g_assert_null (id);
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, before);
  g_assert_cmpint (test_query_int (f->path, "SELECT count(*) FROM event"), ==, 0);

  /* Just after the gap is fine. */
  g_clear_pointer (&utc, g_free);
  g_clear_error (&error);
  utc = ch_event_time_local_to_utc ("Europe/Stockholm", "2027-03-28 03:00", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (utc, ==, "2027-03-28T01:00:00Z");
}

static void
test_time_zones (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autofree char *text = NULL;
  g_autofree char *same = NULL;
  g_autofree char *utc = NULL;
  g_autofree char *local = NULL;
  g_autoptr(GError) error = NULL;

  /* A webinar of the Sydney chapter, seen from Stockholm. */
  id = test_add_event (f->store, f->chapter_id,
                       "{'title': 'Sydney webinar', 'starts_local': '2026-12-08 18:00',"
                       " 'ends_local': '2026-12-08 20:00', 'timezone': 'Australia/Sydney',"
                       " 'format': 'online'}");
  event = ch_store_get_row (f->store, "event", id, NULL);
  g_assert_cmpstr (json_object_get_string_member (event, "starts_at"), ==, "2026-12-08T07:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (event, "ends_at"), ==, "2026-12-08T09:00:00Z");

  text = ch_event_time_describe ("Australia/Sydney", "2026-12-08T07:00:00Z", "2026-12-08T09:00:00Z",
                                 "Europe/Stockholm");
  g_assert_cmpstr (text, ==, "Tuesday 8 December 2026, 18:00–20:00 (Australia/Sydney)\n"
                             "08:00–10:00 in Europe/Stockholm");

  /* Same zone, or one with the same offset: one line. */
  same = ch_event_time_describe ("Australia/Sydney", "2026-12-08T07:00:00Z", "2026-12-08T09:00:00Z",
                                 "Australia/Sydney");
  g_assert_cmpstr (same, ==, "Tuesday 8 December 2026, 18:00–20:00 (Australia/Sydney)");

  /* UTC round trip */
  utc = ch_event_time_local_to_utc ("UTC", "2026-12-08 18:00", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (utc, ==, "2026-12-08T18:00:00Z");
  local = ch_event_time_utc_to_local ("UTC", utc);
  g_assert_cmpstr (local, ==, "2026-12-08 18:00");
  g_clear_pointer (&local, g_free);
  local = ch_event_time_utc_to_local ("Europe/Stockholm", "2026-07-01T10:00:00Z");
  g_assert_cmpstr (local, ==, "2026-07-01 12:00");
  g_assert_null (ch_event_time_utc_to_local ("Europe/Stockholm", "yesterday"));

  /* Autumn: 02:30 happens twice; the first one (summer time) counts. */
  g_clear_pointer (&utc, g_free);
  utc = ch_event_time_local_to_utc ("Europe/Stockholm", "2027-10-31 02:30", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (utc, ==, "2027-10-31T00:30:00Z");
}

/* ----------------------------------------------------------------------- */
/* Validation                                                              */

typedef struct
{
  const char *json;
  const char *message;
} BadEvent;

static const BadEvent bad_events[] = {
  { "{'title': '  ', 'starts_local': '2036-12-09 18:00', 'ends_local': '2036-12-09 20:00'}",
    "needs a title" },
  { "{'title': 'T', 'starts_local': '2036-12-09 18:00', 'ends_local': '2036-12-09 17:00'}",
    "must end after it starts" },
  { "{'title': 'T', 'starts_local': '2036-12-09 18:00', 'ends_local': '2036-12-09 18:00'}",
    "must end after it starts" },
  { "{'title': 'T', 'starts_local': '2036-13-09 18:00', 'ends_local': '2036-12-09 20:00'}",
    "is not a date and time" },
  { "{'title': 'T', 'starts_local': '9 Dec 18:00', 'ends_local': '2036-12-09 20:00'}",
    "is not a date and time" },
  { "{'title': 'T', 'starts_local': '2036-12-09 18:00'}", "needs an end time" },
  { "{'title': 'T', 'starts_local': '2036-12-09 18:00', 'ends_local': '2036-12-09 20:00',"
    " 'timezone': 'Mars/Olympus'}", "not a known time zone" },
  { "{'title': 'T', 'starts_local': '2036-12-09 18:00', 'ends_local': '2036-12-09 20:00',"
    " 'kind': 'party'}", "not a kind of event" },
  { "{'title': 'T', 'starts_local': '2036-12-09 18:00', 'ends_local': '2036-12-09 20:00',"
    " 'format': 'metaverse'}", "not a format" },
  { "{'title': 'T', 'starts_local': '2036-12-09 18:00', 'ends_local': '2036-12-09 20:00',"
    " 'status': 'maybe'}", "not a status" },
  { "{'title': 'T', 'starts_local': '2036-12-09 18:00', 'ends_local': '2036-12-09 20:00',"
    " 'capacity_in_person': -1}", "in-person capacity" },
  { "{'title': 'T', 'starts_local': '2036-12-09 18:00', 'ends_local': '2036-12-09 20:00',"
    " 'capacity_online': 'ten'}", "online capacity" },
  { "{'title': 'T', 'starts_local': '2036-12-09 18:00', 'ends_local': '2036-12-09 20:00',"
    " 'join_url': 'teams meeting'}", "not a web address" },
  { "{'title': 'T', 'starts_local': '2036-12-09 18:00', 'ends_local': '2036-12-09 20:00',"
    " 'join_url': 'ftp://example.com/x'}", "not a web address" },
};

static void
test_validation (StoreFixture  *f,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_events); i++)
    {
      g_autoptr(JsonObject) fields = test_json (bad_events[i].json);
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;

      g_assert_false (ch_event_save (f->store, f->chapter_id, NULL, fields, &id, &error));
      g_assert_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID);
      if (strstr (error->message, bad_events[i].message) == NULL)
        g_error ("%s: “%s” lacks “%s”", bad_events[i].json, error->message,
                 bad_events[i].message);
      g_assert_null (id);
    }

  g_assert_cmpint (test_query_int (f->path, "SELECT count(*) FROM event"), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, 1);  /* the chapter */

  /* An edit that breaks the event is refused as well, and changes nothing. */
  {
    g_autofree char *id = test_add_event (f->store, f->chapter_id, "{" UPCOMING "}");
    g_autoptr(JsonObject) bad = test_json ("{'ends_local': '2036-12-09 17:00'}");
    g_autoptr(GError) error = NULL;
    guint before = ch_store_outbox_count (f->store, f->chapter_id);

    g_assert_false (ch_event_save (f->store, NULL, id, bad, NULL, &error));
    g_assert_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID);
    g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, before);
    g_assert_cmpint (test_row_int (f->store, "event", id, "sequence"), ==, 0);
  }
}

static void
test_defaults_and_sequence (StoreFixture  *f,
                            gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) change = NULL;
  g_autoptr(JsonObject) nothing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStoreOutboxEntry) last = NULL;

  /* No zone given: the chapter's. */
  id = test_add_event (f->store, f->chapter_id,
                       "{'title': 'Meeting', 'starts_local': '2036-12-09 18:00',"
                       " 'ends_local': '2036-12-09 20:00'}");
  row = ch_store_get_row (f->store, "event", id, NULL);
  g_assert_cmpstr (json_object_get_string_member (row, "timezone"), ==, "Europe/Stockholm");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, CH_EVENT_STATUS_DRAFT);
  g_assert_cmpstr (json_object_get_string_member (row, "kind"), ==, CH_EVENT_KIND_MEETING);
  g_assert_cmpint (json_object_get_int_member (row, "sequence"), ==, 0);

  change = test_json ("{'title': 'Meeting at Microsoft', 'status': 'published'}");
  g_assert_true (ch_event_save (f->store, NULL, id, change, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_row_int (f->store, "event", id, "sequence"), ==, 1);
  last = test_last_outbox (f->store);
  g_assert_cmpstr (last->op, ==, "update");
  test_assert_json (last->set,
                    "{'title': 'Meeting at Microsoft', 'status': 'published', 'sequence': 1}");

  /* Saving the same values again changes nothing, not even the sequence. */
  nothing = test_json ("{'title': 'Meeting at Microsoft', 'starts_local': '2036-12-09 18:00'}");
  g_assert_true (ch_event_save (f->store, NULL, id, nothing, NULL, &error));
  g_assert_cmpint (test_row_int (f->store, "event", id, "sequence"), ==, 1);

  g_assert_true (ch_event_cancel (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_row_int (f->store, "event", id, "sequence"), ==, 2);
  g_clear_pointer (&row, json_object_unref);
  row = ch_store_get_row (f->store, "event", id, NULL);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, CH_EVENT_STATUS_CANCELLED);

  /* Nobody registers for a cancelled event. */
  {
    g_autofree char *reg = NULL;

    g_assert_false (ch_registration_add (f->store, id, NULL, "Ann", NULL, NULL, &reg, NULL,
                                         &error));
    g_assert_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "cancelled"));
  }
}

static void
test_duplicate_next_month (StoreFixture  *f,
                           gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *reg = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;

  /* 8 December 2026 is the second Tuesday; 12 January 2027 is the next. */
  id = test_add_event (f->store, f->chapter_id,
                       "{'title': 'Chapter meeting', 'starts_local': '2026-12-08 18:00',"
                       " 'ends_local': '2026-12-08 20:30', 'timezone': 'Europe/Stockholm',"
                       " 'format': 'hybrid', 'capacity_in_person': 30, 'venue_name': 'Microsoft',"
                       " 'join_url': 'https://teams.microsoft.com/l/meetup-join/x',"
                       " 'status': 'published'}");
  reg = register_guest (f, id, "ann", CH_MODE_IN_PERSON, FALSE);

  g_assert_true (ch_event_duplicate (f->store, id, &copy, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (copy, !=, id);

  row = ch_store_get_row (f->store, "event", copy, NULL);
  start = ch_event_time_utc_to_local ("Europe/Stockholm",
                                      json_object_get_string_member (row, "starts_at"));
  end = ch_event_time_utc_to_local ("Europe/Stockholm",
                                    json_object_get_string_member (row, "ends_at"));
  g_assert_cmpstr (start, ==, "2027-01-12 18:00");
  g_assert_cmpstr (end, ==, "2027-01-12 20:30");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, CH_EVENT_STATUS_DRAFT);
  g_assert_cmpstr (json_object_get_string_member (row, "venue_name"), ==, "Microsoft");
  g_assert_cmpint (json_object_get_int_member (row, "capacity_in_person"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (row, "sequence"), ==, 0);
  g_assert_cmpint (test_query_int (f->path, "SELECT count(*) FROM registration WHERE event_id != "
                                   "(SELECT min(id) FROM event)"), ==, 0);

  /* A fifth (last) Thursday stays the last one: 31 Dec 2026 → 28 Jan 2027. */
  {
    g_autofree char *last =
      test_add_event (f->store, f->chapter_id,
                      "{'title': 'Year end', 'starts_local': '2026-12-31 17:00',"
                      " 'ends_local': '2026-12-31 19:00'}");
    g_autofree char *next = NULL;
    g_autoptr(JsonObject) r = NULL;
    g_autofree char *s = NULL;

    g_assert_true (ch_event_duplicate (f->store, last, &next, &error));
    r = ch_store_get_row (f->store, "event", next, NULL);
    s = ch_event_time_utc_to_local ("Europe/Stockholm",
                                    json_object_get_string_member (r, "starts_at"));
    g_assert_cmpstr (s, ==, "2027-01-28 17:00");
  }
}

static void
test_list (StoreFixture  *f,
           gconstpointer  data)
{
  g_autofree char *past = test_add_event (f->store, f->chapter_id,
                                          "{'title': 'Last year', 'starts_local': '2020-01-14 "
                                          "18:00', 'ends_local': '2020-01-14 20:00'}");
  g_autofree char *later = test_add_event (f->store, f->chapter_id,
                                           "{'title': 'Later', 'starts_local': '2037-01-13 18:00', "
                                           "'ends_local': '2037-01-13 20:00'}");
  g_autofree char *soon = test_add_event (f->store, f->chapter_id, "{" UPCOMING "}");
  g_autoptr(GPtrArray) upcoming = ch_event_list (f->store, f->chapter_id, TRUE, NULL);
  g_autoptr(GPtrArray) before = ch_event_list (f->store, f->chapter_id, FALSE, NULL);

  g_assert_cmpuint (upcoming->len, ==, 2);
  g_assert_cmpstr (ch_event_get_id (g_ptr_array_index (upcoming, 0)), ==, soon);
  g_assert_cmpstr (ch_event_get_id (g_ptr_array_index (upcoming, 1)), ==, later);
  g_assert_cmpuint (before->len, ==, 1);
  g_assert_cmpstr (ch_event_get_id (g_ptr_array_index (before, 0)), ==, past);
}

/* ----------------------------------------------------------------------- */
/* Registrations                                                           */

static void
test_capacity_and_waitlist (StoreFixture  *f,
                            gconstpointer  data)
{
  g_autofree char *id = test_add_event (f->store, f->chapter_id,
                                        "{" UPCOMING ", 'capacity_in_person': 2}");
  g_autofree char *a = register_guest (f, id, "anna", NULL, FALSE);
  g_autofree char *b = register_guest (f, id, "bo", CH_MODE_IN_PERSON, FALSE);
  g_autofree char *c = register_guest (f, id, "cecilia", CH_MODE_IN_PERSON, TRUE);
  g_autofree char *d = register_guest (f, id, "david", CH_MODE_IN_PERSON, TRUE);
  g_autofree char *promoted = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  ChEventCounts counts[2];

  g_assert_true (ch_event_counts (f->store, id, counts, &error));
  g_assert_cmpuint (counts[0].capacity, ==, 2);
  g_assert_cmpuint (counts[0].registered, ==, 2);
  g_assert_cmpuint (counts[0].waitlisted, ==, 2);
  g_assert_cmpuint (counts[1].capacity, ==, G_MAXUINT);

  list = ch_registration_list (f->store, id, &error);
  g_assert_cmpuint (list->len, ==, 4);
  g_assert_cmpstr (ch_registration_get_display_name (g_ptr_array_index (list, 2)), ==, "cecilia");
  g_assert_cmpint (ch_registration_get_waitlist_position (g_ptr_array_index (list, 2)), ==, 1);
  g_assert_cmpint (ch_registration_get_waitlist_position (g_ptr_array_index (list, 3)), ==, 2);
  g_assert_cmpstr (ch_registration_get_email (g_ptr_array_index (list, 3)), ==,
                   "david@example.com");

  /* A seat frees up: the first one waiting gets it. */
  g_assert_true (ch_registration_cancel (f->store, a, &promoted, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (promoted, ==, c);
  state = test_row_text (f->store, "registration", c, "state");
  g_assert_cmpstr (state, ==, CH_REG_REGISTERED);
  g_clear_pointer (&state, g_free);
  state = test_row_text (f->store, "registration", a, "state");
  g_assert_cmpstr (state, ==, CH_REG_CANCELLED);

  /* Cancelling somebody who waits frees no seat. */
  g_clear_pointer (&promoted, g_free);
  g_assert_true (ch_registration_cancel (f->store, d, &promoted, &error));
  g_assert_null (promoted);

  /* Raising the capacity promotes; lowering it drops nobody. */
  {
    g_autofree char *e = register_guest (f, id, "erik", NULL, TRUE);
    g_autoptr(JsonObject) raise = test_json ("{'capacity_in_person': 3}");
    g_autoptr(JsonObject) lower = test_json ("{'capacity_in_person': 1}");
    g_autofree char *s = NULL;

    g_assert_true (ch_event_save (f->store, NULL, id, raise, NULL, &error));
    s = test_row_text (f->store, "registration", e, "state");
    g_assert_cmpstr (s, ==, CH_REG_REGISTERED);
    g_assert_true (ch_event_save (f->store, NULL, id, lower, NULL, &error));
    g_assert_true (ch_event_counts (f->store, id, counts, &error));
    g_assert_cmpuint (counts[0].registered, ==, 3);
    g_assert_cmpuint (counts[0].waitlisted, ==, 0);
  }

  /* Somebody who cancelled may register again (same row). */
  {
    g_autofree char *again = NULL;
    gboolean waitlisted = FALSE;

    g_assert_true (ch_registration_add (f->store, id, NULL, "Anna", "ANNA@example.com", NULL,
                                        &again, &waitlisted, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (again, ==, a);
    g_assert_true (waitlisted);
  }
}

static void
test_duplicates_refused (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autofree char *id = test_add_event (f->store, f->chapter_id, "{" UPCOMING "}");
  g_autofree char *member = test_add_member (f->store, f->chapter_id, "Karin", "Lund",
                                             "karin@example.com");
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  g_assert_true (ch_registration_add (f->store, id, member, NULL, NULL, NULL, &r1, NULL, &error));
  g_assert_no_error (error);
  before = ch_store_outbox_count (f->store, f->chapter_id);

  g_assert_false (ch_registration_add (f->store, id, member, NULL, NULL, NULL, &r2, NULL, &error));
  g_assert_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "already registered"));
  g_clear_error (&error);

  /* A guest with a registered member's address is the same person. */
  g_assert_false (ch_registration_add (f->store, id, NULL, "K. Lund", " Karin@Example.com ", NULL,
                                       &r2, NULL, &error));
  g_assert_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Neither a member nor a name; a bad address; an unknown member; an
   * online registration for an in-person event. */
  g_assert_false (ch_registration_add (f->store, id, NULL, "  ", NULL, NULL, &r2, NULL, &error));
  g_assert_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_registration_add (f->store, id, NULL, "Guest", "not-an-address", NULL, &r2,
                                       NULL, &error));
  g_assert_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_registration_add (f->store, id, "0190f1f4-0000-7000-8000-000000000000", NULL,
                                       NULL, NULL, &r2, NULL, &error));
  g_assert_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_registration_add (f->store, id, NULL, "Guest", NULL, CH_MODE_ONLINE, &r2, NULL,
                                       &error));
  g_assert_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "in person only"));

  g_assert_null (r2);
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, before);
}

static void
test_mode_switch (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autofree char *id =
    test_add_event (f->store, f->chapter_id,
                    "{" UPCOMING ", 'format': 'hybrid', 'capacity_in_person': 1,"
                    " 'capacity_online': 1, 'join_url': 'https://zoom.us/j/1'}");
  g_autofree char *a = register_guest (f, id, "anna", CH_MODE_IN_PERSON, FALSE);
  g_autofree char *b = register_guest (f, id, "bo", CH_MODE_ONLINE, FALSE);
  g_autofree char *c = register_guest (f, id, "cecilia", CH_MODE_IN_PERSON, TRUE);
  g_autofree char *promoted = NULL;
  g_autofree char *state = NULL;
  g_autofree char *mode = NULL;
  g_autoptr(GError) error = NULL;
  gboolean waitlisted = FALSE;
  ChEventCounts counts[2];

  /* Anna goes online, which is full: she waits there; her seat in the
   * room goes to Cecilia. */
  g_assert_true (ch_registration_set_mode (f->store, a, CH_MODE_ONLINE, &waitlisted, &promoted,
                                           &error));
  g_assert_no_error (error);
  g_assert_true (waitlisted);
  g_assert_cmpstr (promoted, ==, c);
  mode = test_row_text (f->store, "registration", a, "mode");
  state = test_row_text (f->store, "registration", a, "state");
  g_assert_cmpstr (mode, ==, CH_MODE_ONLINE);
  g_assert_cmpstr (state, ==, CH_REG_WAITLISTED);

  g_assert_true (ch_event_counts (f->store, id, counts, &error));
  g_assert_cmpuint (counts[0].registered, ==, 1);
  g_assert_cmpuint (counts[0].waitlisted, ==, 0);
  g_assert_cmpuint (counts[1].registered, ==, 1);
  g_assert_cmpuint (counts[1].waitlisted, ==, 1);

  /* Bo leaves the online side: Anna moves up. */
  g_clear_pointer (&promoted, g_free);
  g_assert_true (ch_registration_cancel (f->store, b, &promoted, &error));
  g_assert_cmpstr (promoted, ==, a);

  g_assert_false (ch_registration_set_mode (f->store, a, "telepathy", NULL, NULL, &error));
  g_assert_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID);
}

static void
test_check_in_and_counts (StoreFixture  *f,
                          gconstpointer  data)
{
  /* An event that is over. */
  g_autofree char *id =
    test_add_event (f->store, f->chapter_id,
                    "{'title': 'Past', 'starts_local': '2024-05-14 18:00',"
                    " 'ends_local': '2024-05-14 20:00', 'capacity_in_person': 2}");
  g_autofree char *a = register_guest (f, id, "anna", NULL, FALSE);
  g_autofree char *b = register_guest (f, id, "bo", NULL, FALSE);
  g_autofree char *c = register_guest (f, id, "cecilia", NULL, TRUE);
  g_autofree char *walk = NULL;
  g_autofree char *method = NULL;
  g_autoptr(GError) error = NULL;
  ChEventCounts counts[2];

  g_assert_true (ch_registration_check_in (f->store, a, TRUE, CH_CHECK_IN_DOOR, -1, &error));
  g_assert_no_error (error);
  method = test_row_text (f->store, "registration", a, "check_in_method");
  g_assert_cmpstr (method, ==, CH_CHECK_IN_DOOR);

  /* Somebody at the door though the room is "full". */
  g_assert_true (ch_registration_walk_in (f->store, id, NULL, "Dora", "dora@example.com", &walk,
                                          &error));
  g_assert_no_error (error);

  g_assert_true (ch_event_counts (f->store, id, counts, &error));
  g_assert_cmpuint (counts[0].registered, ==, 3);   /* over capacity: they are in the room */
  g_assert_cmpuint (counts[0].attended, ==, 2);
  g_assert_cmpuint (counts[0].no_show, ==, 1);      /* bo */
  g_assert_cmpuint (counts[0].waitlisted, ==, 1);   /* cecilia */

  /* Undo */
  g_assert_true (ch_registration_check_in (f->store, a, FALSE, NULL, -1, &error));
  g_assert_true (ch_event_counts (f->store, id, counts, &error));
  g_assert_cmpuint (counts[0].attended, ==, 1);
  g_assert_cmpuint (counts[0].no_show, ==, 2);

  g_assert_false (ch_registration_check_in (f->store, b, TRUE, "telepathy", -1, &error));
  g_assert_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID);
  (void) c;
}

/* Every change is one transaction with its outbox rows: a failure in the
 * promotion undoes the cancellation too. */
static void
test_one_transaction (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autofree char *id = test_add_event (f->store, f->chapter_id,
                                        "{" UPCOMING ", 'capacity_in_person': 1}");
  g_autofree char *a = register_guest (f, id, "anna", NULL, FALSE);
  g_autofree char *b = register_guest (f, id, "bo", NULL, TRUE);
  g_autofree char *promoted = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  guint before = ch_store_outbox_count (f->store, f->chapter_id);

  g_assert_true (ch_store_exec_for_test (f->store,
                                         "CREATE TEMP TRIGGER no_promotion "
                                         "BEFORE UPDATE ON registration "
                                         "WHEN NEW.state = 'registered' "
                                         "AND OLD.state = 'waitlisted' "
                                         "BEGIN SELECT RAISE(ABORT, 'disk full'); END", NULL));
  g_assert_false (ch_registration_cancel (f->store, a, &promoted, &error));
  g_assert_nonnull (error);
  g_assert_null (promoted);
  state = test_row_text (f->store, "registration", a, "state");
  g_assert_cmpstr (state, ==, CH_REG_REGISTERED);
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, before);

  g_assert_true (ch_store_exec_for_test (f->store, "DROP TRIGGER no_promotion", NULL));
  g_clear_error (&error);
  g_assert_true (ch_registration_cancel (f->store, a, &promoted, &error));
  g_assert_cmpstr (promoted, ==, b);
  /* Two changes, two outbox rows. */
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, before + 2);
}

/* A row as a pull brings it: @version from the server. */
static void
pull_registration (StoreFixture *f,
                   const char   *id,
                   gint64        version,
                   const char   *json)
{
  g_autoptr(JsonObject) row = test_json (json);
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "registration", id, version, FALSE,
                                        row, &error));
  g_assert_no_error (error);
}

static void
test_reconcile (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *id = test_add_event (f->store, f->chapter_id,
                                        "{" UPCOMING ", 'capacity_in_person': 2}");
  g_autofree char *a = register_guest (f, id, "anna", NULL, FALSE);
  g_autofree char *b = register_guest (f, id, "bo", NULL, FALSE);
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const char *early = "01900000-0000-7000-8000-00000000000b";
  const char *late = "01900000-0000-7000-8000-00000000000a";
  guint before;

  /* Two more people seated elsewhere (a capacity lowered, a walk-in): four
   * people hold two seats.  Nobody is moved for that. */
  json = g_strdup_printf ("{'event_id': '%s', 'guest_name': 'Late', 'mode': 'in-person',"
                          " 'state': 'registered', 'registered_at': '2026-01-02T10:00:00.500Z',"
                          " 'accepted_seq': 5}", id);
  pull_registration (f, late, 5, json);
  g_free (json);
  json = g_strdup_printf ("{'event_id': '%s', 'guest_name': 'Early', 'mode': 'in-person',"
                          " 'state': 'registered', 'registered_at': '2026-01-02T10:00:00.100Z',"
                          " 'accepted_seq': 6}", id);
  pull_registration (f, early, 6, json);
  before = ch_store_outbox_count (f->store, f->chapter_id);
  g_assert_cmpuint (ch_events_reconcile (f->store, f->chapter_id, &moved, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, before);

  /* The server gave the seats to Late and Early, accepted before this
   * device's anna and bo: the pull (after the push, so nothing is pending)
   * puts them on the waitlist, and the reconcile names them, once. */
  g_assert_true (ch_store_exec_for_test (f->store, "DELETE FROM outbox", NULL));
  g_free (json);
  json = g_strdup_printf ("{'event_id': '%s', 'guest_name': 'bo', 'guest_email': 'bo@example.com',"
                          " 'mode': 'in-person', 'state': 'waitlisted', 'waitlist_position': 0,"
                          " 'registered_at': '2026-01-01T09:00:00.000Z', 'accepted_seq': 8}", id);
  pull_registration (f, b, 8, json);
  g_free (json);
  json = g_strdup_printf ("{'event_id': '%s', 'guest_name': 'anna',"
                          " 'guest_email': 'anna@example.com',"
                          " 'mode': 'in-person', 'state': 'waitlisted', 'waitlist_position': 0,"
                          " 'registered_at': '2026-01-03T09:00:00.000Z', 'accepted_seq': 7}", id);
  pull_registration (f, a, 9, json);
  g_clear_pointer (&moved, g_ptr_array_unref);
  g_assert_cmpuint (ch_events_reconcile (f->store, f->chapter_id, &moved, &error), ==, 2);
  g_assert_no_error (error);
  /* In waitlist order: the server accepted anna first, whatever the
   * devices' clocks wrote in registered_at. */
  g_assert_cmpstr (g_ptr_array_index (moved, 0), ==, a);
  g_assert_cmpstr (g_ptr_array_index (moved, 1), ==, b);
  g_clear_pointer (&moved, g_ptr_array_unref);
  g_assert_cmpuint (ch_events_reconcile (f->store, f->chapter_id, &moved, &error), ==, 0);

  list = ch_registration_list (f->store, id, NULL);
  g_assert_cmpstr (ch_registration_get_id (g_ptr_array_index (list, 0)), ==, late);
  g_assert_cmpstr (ch_registration_get_id (g_ptr_array_index (list, 1)), ==, early);
  g_assert_cmpstr (ch_registration_get_id (g_ptr_array_index (list, 2)), ==, a);
  g_assert_cmpint (ch_registration_get_waitlist_position (g_ptr_array_index (list, 2)), ==, 1);
  g_assert_cmpstr (ch_registration_get_id (g_ptr_array_index (list, 3)), ==, b);

  /* A move made on this device is not reported as the server's. */
  {
    g_autoptr(JsonObject) set = test_json ("{'state': 'waitlisted', 'waitlist_position': 3}");

    g_assert_true (ch_store_update (f->store, "registration", early, set, &error));
    g_assert_no_error (error);
  }

  /* A freed seat (cancelled on another device) goes to the first waiting. */
  g_assert_true (ch_store_exec_for_test (f->store, "UPDATE registration SET state = 'cancelled' "
                                         "WHERE guest_name = 'Late'", NULL));
  g_clear_pointer (&moved, g_ptr_array_unref);
  g_assert_cmpuint (ch_events_reconcile (f->store, f->chapter_id, &moved, &error), ==, 2);
  g_assert_cmpstr (g_ptr_array_index (moved, 0), ==, a);
  g_assert_cmpstr (g_ptr_array_index (moved, 1), ==, b);
}

/* The server put somebody on the waitlist, but by the time the pull
 * arrives a seat is free again: they get it at once, and nobody is told
 * of a move that did not happen. */
static void
test_reconcile_seat_free_again (StoreFixture  *f,
                                gconstpointer  data)
{
  g_autofree char *id = test_add_event (f->store, f->chapter_id,
                                        "{" UPCOMING ", 'capacity_in_person': 1}");
  g_autofree char *a = register_guest (f, id, "anna", NULL, FALSE);
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_store_exec_for_test (f->store, "DELETE FROM outbox", NULL));
  json = g_strdup_printf ("{'event_id': '%s', 'guest_name': 'anna',"
                          " 'guest_email': 'anna@example.com',"
                          " 'mode': 'in-person', 'state': 'waitlisted', 'waitlist_position': 0,"
                          " 'accepted_seq': 7}", id);
  pull_registration (f, a, 9, json);

  g_assert_cmpuint (ch_events_reconcile (f->store, f->chapter_id, &moved, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (moved->len, ==, 0);
  row = ch_store_get_row (f->store, "registration", a, &error);
  g_assert_cmpstr (ch_store_row_text (row, "state"), ==, CH_REG_REGISTERED);
}

/* The same person registered on two devices makes the same row id
 * (member, or guest e-mail in any case); guests without e-mail do not. */
static void
test_name_based_ids (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *event = test_add_event (f->store, f->chapter_id, "{" UPCOMING "}");
  g_autofree char *member = test_add_member (f->store, f->chapter_id, "Maria", "Svensson",
                                             "maria@contoso.se");
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *guest = NULL;
  g_autofree char *guest_again = NULL;
  g_autofree char *anon = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_registration_add (f->store, event, member, NULL, NULL, NULL, &first, NULL,
                                      &error));
  g_assert_true (ch_registration_add (f->store, event, NULL, "Lena Berg", "Lena@Fabrikam.se ", NULL,
                                      &guest, NULL, &error));
  g_assert_true (ch_registration_add (f->store, event, NULL, "Walter", NULL, NULL, &anon, NULL,
                                      &error));
  g_assert_no_error (error);

  /* What another device makes for the same people: cancel and delete
   * here, then register again. */
  g_assert_true (ch_store_exec_for_test (f->store, "DELETE FROM registration", NULL));
  g_assert_true (ch_registration_add (f->store, event, member, NULL, NULL, NULL, &again, NULL,
                                      &error));
  g_assert_true (ch_registration_add (f->store, event, NULL, "Lena Berg", "lena@fabrikam.se", NULL,
                                      &guest_again, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (first, ==, again);
  g_assert_cmpstr (guest, ==, guest_again);
  g_assert_cmpstr (first, !=, guest);
  g_assert_true (ch_uuid_is_valid (first) && ch_uuid_is_valid (guest) && ch_uuid_is_valid (anon));
}

/* Which sides an event has: the one rule the Events page, the event form,
 * the door and the CLI all ask. */
static void
test_sides (StoreFixture  *f,
            gconstpointer  data)
{
  static const struct
  {
    const char *format;
    gboolean    in_person;
    gboolean    online;
    const char *default_mode;
  } cases[] = {
    { CH_EVENT_FORMAT_IN_PERSON, TRUE, FALSE, CH_MODE_IN_PERSON },
    { CH_EVENT_FORMAT_ONLINE, FALSE, TRUE, CH_MODE_ONLINE },
    { CH_EVENT_FORMAT_HYBRID, TRUE, TRUE, CH_MODE_IN_PERSON },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{" UPCOMING ", 'format': '%s'}", cases[i].format);
      g_autofree char *id = test_add_event (f->store, f->chapter_id, json);
      g_autoptr(ChEvent) event = ch_event_get (f->store, id, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *reg = NULL;

      g_assert_nonnull (event);
      g_assert_cmpstr (ch_event_get_format (event), ==, cases[i].format);
      g_assert_cmpint (ch_event_has_in_person_side (event), ==, cases[i].in_person);
      g_assert_cmpint (ch_event_has_online_side (event), ==, cases[i].online);
      g_assert_cmpint (ch_event_is_hybrid (event), ==, cases[i].in_person && cases[i].online);
      g_assert_cmpstr (ch_event_get_default_mode (event), ==, cases[i].default_mode);
      g_assert_cmpint (ch_event_format_has_side (cases[i].format, CH_MODE_ONLINE), ==,
                       cases[i].online);

      /* Registering on a side the event does not have is refused. */
      if (!cases[i].online)
        {
          g_assert_false (ch_registration_add (f->store, id, NULL, "Ann", NULL, CH_MODE_ONLINE,
                                               &reg, NULL, &error));
          g_assert_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID);
          g_clear_error (&error);
        }
      if (!cases[i].in_person)
        {
          g_assert_false (ch_registration_add (f->store, id, NULL, "Ann", NULL, CH_MODE_IN_PERSON,
                                               &reg, NULL, &error));
          g_assert_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID);
          g_clear_error (&error);
        }
      /* Nobody says how: the default side. */
      g_assert_true (ch_registration_add (f->store, id, NULL, "Bo", NULL, NULL, &reg, NULL,
                                          &error));
      g_assert_no_error (error);
      {
        g_autoptr(ChRegistration) bo = ch_registration_get (f->store, reg, NULL);

        g_assert_cmpstr (ch_registration_get_mode (bo), ==, cases[i].default_mode);
        g_assert_cmpstr (ch_registration_get_display_name (bo), ==, "Bo");
      }
    }

  /* An unknown mode is on no side; an unknown format is in person. */
  g_assert_false (ch_event_format_has_side (CH_EVENT_FORMAT_HYBRID, "telepathy") &&
                  ch_event_format_has_side (CH_EVENT_FORMAT_IN_PERSON, "telepathy"));
  g_assert_true (ch_event_format_has_side (NULL, CH_MODE_IN_PERSON));
  g_assert_false (ch_event_format_has_side (NULL, CH_MODE_ONLINE));
}

int
main (int   argc,
      char *argv[])
{
  test_init_c_locale (&argc, &argv);

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD ("/events/time/dst-gap", test_dst_gap);
  ADD ("/events/time/zones", test_time_zones);
  ADD ("/events/save/validation", test_validation);
  ADD ("/events/save/sequence", test_defaults_and_sequence);
  ADD ("/events/duplicate", test_duplicate_next_month);
  ADD ("/events/list", test_list);
  ADD ("/events/sides", test_sides);
  ADD ("/events/registration/waitlist", test_capacity_and_waitlist);
  ADD ("/events/registration/duplicate", test_duplicates_refused);
  ADD ("/events/registration/mode", test_mode_switch);
  ADD ("/events/registration/check-in", test_check_in_and_counts);
  ADD ("/events/registration/transaction", test_one_transaction);
  ADD ("/events/reconcile", test_reconcile);
  ADD ("/events/reconcile/seat-free-again", test_reconcile_seat_free_again);
  ADD ("/events/registration/name-based-ids", test_name_based_ids);
#undef ADD

  return g_test_run ();
}
