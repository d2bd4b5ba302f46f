/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ics"

#include "config.h"

#include <libical/ical.h>
#include <string.h>

#include "ch-events.h"
#include "ch-ics.h"
#include "ch-test-util.h"

/* What a calendar program reads back from the exported file. */

static icalcomponent *
find_event (icalcomponent *cal,
            const char    *uid)
{
  for (icalcomponent *c = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT);
       c != NULL; c = icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT))
    if (g_strcmp0 (icalcomponent_get_uid (c), uid) == 0)
      return c;

  return NULL;
}

static void
test_export_fields (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *uid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) edit = NULL;
  icalcomponent *cal, *ev, *vtz;
  icalproperty *prop;
  icalparameter *param;
  struct icaltimetype start, end;
  const char *description;

  id = test_add_event (f->store, f->chapter_id,
                       "{'title': 'Chapter meeting: Copilot in practice',"
                       " 'description': 'Talks and networking.',"
                       " 'starts_local': '2036-12-09 18:00', 'ends_local': '2036-12-09 20:30',"
                       " 'timezone': 'Europe/Stockholm', 'format': 'hybrid',"
                       " 'venue_name': 'Microsoft Sweden',"
                       " 'venue_address': 'Kungsgatan 1\\n111 43 Stockholm',"
                       " 'join_url': 'https://teams.microsoft.com/l/meetup-join/abc',"
                       " 'status': 'published'}");
  edit = test_json ("{'title': 'Chapter meeting: Copilot in practice (room 4)'}");
  g_assert_true (ch_event_save (f->store, NULL, id, edit, NULL, &error));

  ics = ch_ics_export (f->store, f->chapter_id, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ics);
  g_assert_nonnull (strstr (ics, "BEGIN:VCALENDAR"));
  g_assert_nonnull (strstr (ics, "DTSTART;TZID=Europe/Stockholm:20361209T180000"));

  cal = icalparser_parse_string (ics);
  g_assert_nonnull (cal);
  g_assert_cmpint (icalcomponent_isa (cal), ==, ICAL_VCALENDAR_COMPONENT);

  uid = g_strconcat (id, "@chapterhouse", NULL);
  ev = find_event (cal, uid);
  g_assert_nonnull (ev);
  g_assert_cmpstr (icalcomponent_get_summary (ev), ==,
                   "Chapter meeting: Copilot in practice (room 4)");
  g_assert_cmpstr (icalcomponent_get_location (ev), ==,
                   "Microsoft Sweden, Kungsgatan 1, 111 43 Stockholm");
  description = icalcomponent_get_description (ev);
  g_assert_nonnull (strstr (description, "Talks and networking."));
  g_assert_nonnull (strstr (description, "https://teams.microsoft.com/l/meetup-join/abc"));
  prop = icalcomponent_get_first_property (ev, ICAL_URL_PROPERTY);
  g_assert_nonnull (prop);
  g_assert_cmpstr (icalproperty_get_url (prop), ==,
                   "https://teams.microsoft.com/l/meetup-join/abc");
  g_assert_cmpint (icalcomponent_get_status (ev), ==, ICAL_STATUS_CONFIRMED);
  prop = icalcomponent_get_first_property (ev, ICAL_SEQUENCE_PROPERTY);
  g_assert_cmpint (icalproperty_get_sequence (prop), ==, 1);
  g_assert_nonnull (icalcomponent_get_first_property (ev, ICAL_DTSTAMP_PROPERTY));

  /* Local time with its zone, and the zone's rules in the file. */
  prop = icalcomponent_get_first_property (ev, ICAL_DTSTART_PROPERTY);
  param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);
  g_assert_nonnull (param);
  g_assert_cmpstr (icalparameter_get_tzid (param), ==, "Europe/Stockholm");
  start = icalproperty_get_dtstart (prop);
  g_assert_cmpint (start.hour, ==, 18);
  g_assert_cmpint (start.minute, ==, 0);
  g_assert_cmpint (start.day, ==, 9);
  end = icalproperty_get_dtend (icalcomponent_get_first_property (ev, ICAL_DTEND_PROPERTY));
  g_assert_cmpint (end.hour, ==, 20);
  g_assert_cmpint (end.minute, ==, 30);

  vtz = icalcomponent_get_first_component (cal, ICAL_VTIMEZONE_COMPONENT);
  g_assert_nonnull (vtz);
  prop = icalcomponent_get_first_property (vtz, ICAL_TZID_PROPERTY);
  g_assert_cmpstr (icalproperty_get_tzid (prop), ==, "Europe/Stockholm");

  /* The zone in the file turns 18:00 into the right instant (17:00 UTC in winter). */
  {
    icaltimezone *zone = icaltimezone_new ();
    struct icaltimetype utc;

    g_assert_true (icaltimezone_set_component (zone, icalcomponent_new_clone (vtz)));
    start.zone = zone;
    utc = icaltime_convert_to_zone (start, icaltimezone_get_utc_timezone ());
    g_assert_cmpint (utc.hour, ==, 17);
    icaltimezone_free (zone, TRUE);
  }

  icalcomponent_free (cal);
}

static void
test_export_cancelled (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *uid = NULL;
  g_autoptr(GError) error = NULL;
  icalcomponent *cal, *ev;
  icalproperty *prop;

  id = test_add_event (f->store, f->chapter_id,
                       "{'title': 'Webinar', 'starts_local': '2036-12-10 09:00',"
                       " 'ends_local': '2036-12-10 10:00', 'timezone': 'Australia/Sydney',"
                       " 'format': 'online', 'status': 'published'}");
  other = test_add_event (f->store, f->chapter_id,
                          "{'title': 'Board', 'starts_local': '2036-12-11 09:00',"
                          " 'ends_local': '2036-12-11 10:00',"
                          " 'timezone': 'UTC', 'kind': 'board-meeting'}");
  g_assert_true (ch_event_cancel (f->store, id, &error));

  /* Every upcoming event of the chapter. */
  ics = ch_ics_export (f->store, f->chapter_id, NULL, &error);
  g_assert_no_error (error);
  cal = icalparser_parse_string (ics);
  g_assert_nonnull (cal);
  g_assert_cmpint (icalcomponent_count_components (cal, ICAL_VEVENT_COMPONENT), ==, 2);

  uid = g_strconcat (id, "@chapterhouse", NULL);
  ev = find_event (cal, uid);
  g_assert_cmpint (icalcomponent_get_status (ev), ==, ICAL_STATUS_CANCELLED);
  prop = icalcomponent_get_first_property (ev, ICAL_SEQUENCE_PROPERTY);
  g_assert_cmpint (icalproperty_get_sequence (prop), ==, 1);
  g_assert_nonnull (strstr (ics, "TZID=Australia/Sydney"));

  /* UTC events are written in UTC. */
  g_free (uid);
  uid = g_strconcat (other, "@chapterhouse", NULL);
  ev = find_event (cal, uid);
  g_assert_true (icaltime_is_utc (icalcomponent_get_dtstart (ev)));
  g_assert_cmpint (icalcomponent_get_status (ev), ==, ICAL_STATUS_TENTATIVE);
  icalcomponent_free (cal);

  /* An unknown event */
  g_clear_pointer (&ics, g_free);
  ics = ch_ics_export (f->store, f->chapter_id, "nope", &error);
  g_assert_null (ics);
  g_assert_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  test_init_c_locale (&argc, &argv);

  g_test_add ("/ics/export/fields", StoreFixture, NULL, store_fixture_setup, test_export_fields,
              store_fixture_teardown);
  g_test_add ("/ics/export/cancelled", StoreFixture, NULL, store_fixture_setup,
              test_export_cancelled, store_fixture_teardown);

  return g_test_run ();
}
