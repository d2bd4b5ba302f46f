/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-ics"

#include "config.h"

#include <glib/gi18n.h>
#include <libical/ical.h>
#include <string.h>

#include "ch-event-time.h"
#include "ch-events.h"
#include "ch-ics.h"
#include "ch-clock.h"

/*
 * iCalendar export.  The VTIMEZONE of an event's zone comes from libical's
 * icaltzutil_fetch_timezone(), which on Debian reads the system tzdata
 * (/usr/share/zoneinfo, also present in the Flatpak runtime); libical
 * names it "/freeassociation.sourceforge.net/<zone>", we name it plainly
 * "<zone>" so that DTSTART;TZID=Europe/Stockholm is what calendar programs
 * expect.  Without tzdata for the zone the times are written in UTC.
 */

static icalcomponent *
vtimezone_for (const char *tz_id)
{
  icalcomponent *vtz;
  icalproperty *prop;

  if (tz_id == NULL || g_str_equal (tz_id, "UTC") || g_str_equal (tz_id, "Etc/UTC"))
    return NULL;

  vtz = icaltzutil_fetch_timezone (tz_id);
  if (vtz == NULL)
    return NULL;

  prop = icalcomponent_get_first_property (vtz, ICAL_TZID_PROPERTY);
  if (prop != NULL)
    icalproperty_set_tzid (prop, tz_id);
  else
    icalcomponent_add_property (vtz, icalproperty_new_tzid (tz_id));

  return vtz;
}

/* A DTSTART/DTEND: local time with TZID when @has_zone, else UTC. */
static icalproperty *
time_property (icalproperty_kind  kind,
               const char        *utc,
               const char        *tz_id,
               gboolean           has_zone)
{
  struct icaltimetype t;
  icalproperty *prop;

  if (has_zone)
    {
      g_autofree char *local = ch_event_time_utc_to_local (tz_id, utc);
      g_autofree char *ical = NULL;

      if (local == NULL)
        return NULL;
      /* "YYYY-MM-DD HH:MM" → "YYYYMMDDTHHMM00" */
      ical = g_strdup_printf ("%.4s%.2s%.2sT%.2s%.2s00", local, local + 5, local + 8, local + 11,
                              local + 14);
      t = icaltime_from_string (ical);
    }
  else
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (utc, NULL);

      if (dt == NULL)
        return NULL;
      t = icaltime_from_timet_with_zone ((time_t) g_date_time_to_unix (dt), 0,
                                         icaltimezone_get_utc_timezone ());
    }

  if (icaltime_is_null_time (t))
    return NULL;

  prop = kind == ICAL_DTSTART_PROPERTY ? icalproperty_new_dtstart (t) : icalproperty_new_dtend (t);
  if (has_zone)
    icalproperty_add_parameter (prop, icalparameter_new_tzid (tz_id));

  return prop;
}

static icalproperty_status
status_for (const char *status)
{
  if (g_strcmp0 (status, CH_EVENT_STATUS_CANCELLED) == 0)
    return ICAL_STATUS_CANCELLED;
  if (g_strcmp0 (status, CH_EVENT_STATUS_DRAFT) == 0)
    return ICAL_STATUS_TENTATIVE;
  return ICAL_STATUS_CONFIRMED;
}

static char *
location_for (ChEvent *event)
{
  const char *venue = ch_event_get_venue_name (event);
  const char *address = ch_event_get_venue_address (event);
  GString *out = g_string_new (NULL);

  if (venue != NULL)
    g_string_append (out, venue);
  if (address != NULL)
    {
      g_auto(GStrv) lines = g_strsplit_set (address, "\r\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_strstrip (lines[i]);
          if (*lines[i] == '\0')
            continue;
          if (out->len > 0)
            g_string_append (out, ", ");
          g_string_append (out, lines[i]);
        }
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

static icalcomponent *
vevent_for (ChEvent  *event,
            gboolean  has_zone)
{
  icalcomponent *ve = icalcomponent_new (ICAL_VEVENT_COMPONENT);
  const char *tz_id = ch_event_get_timezone (event);
  const char *description = ch_event_get_description (event);
  const char *join_url = ch_event_get_join_url (event);
  g_autofree char *uid = g_strconcat (ch_event_get_id (event), "@chapterhouse", NULL);
  g_autofree char *location = location_for (event);
  GString *text = g_string_new (description);
  time_t now = (time_t) (ch_clock_now_us () / G_USEC_PER_SEC);
  icalproperty *prop;

  icalcomponent_add_property (ve, icalproperty_new_uid (uid));
  icalcomponent_add_property (ve, icalproperty_new_dtstamp (
                                icaltime_from_timet_with_zone (now, 0,
                                                               icaltimezone_get_utc_timezone ())));
  if ((prop = time_property (ICAL_DTSTART_PROPERTY, ch_event_get_starts_at (event), tz_id,
                             has_zone)))
    icalcomponent_add_property (ve, prop);
  if ((prop = time_property (ICAL_DTEND_PROPERTY, ch_event_get_ends_at (event), tz_id, has_zone)))
    icalcomponent_add_property (ve, prop);
  icalcomponent_add_property (ve, icalproperty_new_summary (ch_event_get_title (event)));

  if (join_url != NULL)
    {
      if (text->len > 0)
        g_string_append (text, "\n\n");
      /* Translators: in the calendar entry of an event, before its online link */
      g_string_append_printf (text, _("Join online: %s"), join_url);
    }
  if (text->len > 0)
    icalcomponent_add_property (ve, icalproperty_new_description (text->str));
  g_string_free (text, TRUE);

  if (location != NULL)
    icalcomponent_add_property (ve, icalproperty_new_location (location));
  if (join_url != NULL)
    icalcomponent_add_property (ve, icalproperty_new_url (join_url));
  icalcomponent_add_property (ve,
                              icalproperty_new_status (status_for (ch_event_get_status (event))));
  icalcomponent_add_property (ve, icalproperty_new_sequence (
                                (int) ch_event_get_sequence (event)));

  return ve;
}

char *
ch_ics_export (ChStore     *store,
               const char  *chapter_id,
               const char  *event_id,
               GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GHashTable) zones = NULL;
  icalcomponent *cal;
  char *ical;
  char *out;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (event_id != NULL)
    {
      ChEvent *event = ch_event_get (store, event_id, error);

      if (event == NULL)
        return NULL;
      events = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (events, event);
    }
  else
    {
      g_return_val_if_fail (chapter_id != NULL, NULL);
      if (!(events = ch_event_list (store, chapter_id, TRUE, error)))
        return NULL;
    }

  cal = icalcomponent_new (ICAL_VCALENDAR_COMPONENT);
  icalcomponent_add_property (cal, icalproperty_new_prodid ("-//Chapterhouse//Chapterhouse "
                                                            PACKAGE_VERSION "//EN"));
  icalcomponent_add_property (cal, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (cal, icalproperty_new_calscale ("GREGORIAN"));
  icalcomponent_add_property (cal, icalproperty_new_method (ICAL_METHOD_PUBLISH));

  zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < events->len; i++)
    {
      ChEvent *event = g_ptr_array_index (events, i);
      const char *tz_id = ch_event_get_timezone (event);
      gboolean has_zone = FALSE;

      if (tz_id != NULL)
        {
          if (g_hash_table_contains (zones, tz_id))
            has_zone = GPOINTER_TO_INT (g_hash_table_lookup (zones, tz_id));
          else
            {
              icalcomponent *vtz = vtimezone_for (tz_id);

              has_zone = vtz != NULL;
              if (vtz != NULL)
                icalcomponent_add_component (cal, vtz);
              g_hash_table_insert (zones, g_strdup (tz_id), GINT_TO_POINTER (has_zone));
            }
        }

      icalcomponent_add_component (cal, vevent_for (event, has_zone));
    }

  ical = icalcomponent_as_ical_string_r (cal);
  icalcomponent_free (cal);
  out = g_strdup (ical);
  icalmemory_free_buffer (ical);

  return out;
}
