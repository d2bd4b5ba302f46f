/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-events"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ch-events.h"
#include "ch-events-private.h"
#include "ch-util.h"

G_DEFINE_QUARK (ch-events-error-quark, ch_events_error)

#define END ch_store_sql_end

/* ----------------------------------------------------------------------- */
/* Labels                                                                  */

typedef struct
{
  const char *id;
  const char *label;
} Label;

static const Label kind_labels[] = {
  { CH_EVENT_KIND_MEETING, N_("Chapter meeting") },
  { CH_EVENT_KIND_WEBINAR, N_("Webinar") },
  { CH_EVENT_KIND_P2P, N_("P2P networking") },
  { CH_EVENT_KIND_WIT, N_("Women in Technology") },
  { CH_EVENT_KIND_BOARD, N_("Board meeting") },
  { CH_EVENT_KIND_OTHER, N_("Other") },
};

static const Label format_labels[] = {
  { CH_EVENT_FORMAT_IN_PERSON, N_("In person") },
  { CH_EVENT_FORMAT_ONLINE, N_("Online") },
  { CH_EVENT_FORMAT_HYBRID, N_("Hybrid") },
};

static const Label status_labels[] = {
  { CH_EVENT_STATUS_DRAFT, N_("Draft") },
  { CH_EVENT_STATUS_PUBLISHED, N_("Published") },
  { CH_EVENT_STATUS_CANCELLED, N_("Cancelled") },
};

static const Label mode_labels[] = {
  { CH_MODE_IN_PERSON, N_("In person") },
  { CH_MODE_ONLINE, N_("Online") },
};

static const char *
find_label (const Label *labels,
            guint        n,
            const char  *id)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < n; i++)
    if (strcmp (labels[i].id, id) == 0)
      return _(labels[i].label);

  return NULL;
}

#define LABEL(table, id) find_label (table, G_N_ELEMENTS (table), id)

const char *
ch_event_kind_label (const char *kind)
{
  return LABEL (kind_labels, kind);
}

const char * const *
ch_event_kinds (void)
{
  static const char * const kinds[] = {
    CH_EVENT_KIND_MEETING, CH_EVENT_KIND_WEBINAR, CH_EVENT_KIND_P2P,
    CH_EVENT_KIND_WIT, CH_EVENT_KIND_BOARD, CH_EVENT_KIND_OTHER, NULL
  };

  return kinds;
}

const char *
ch_event_format_label (const char *format)
{
  return LABEL (format_labels, format);
}

const char *
ch_event_status_label (const char *status)
{
  return LABEL (status_labels, status);
}

const char *
ch_mode_label (const char *mode)
{
  return LABEL (mode_labels, mode);
}

/* ----------------------------------------------------------------------- */
/* Clock                                                                   */

char *
ch_events_now_precise (void)
{
  gint64 us = ch_clock_now_us ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, (int) ((us % G_USEC_PER_SEC) / 1000));
}

static char *
now_utc (void)
{
  return ch_now_utc_iso ();
}

/* ----------------------------------------------------------------------- */
/* Time                                                                    */

static GTimeZone *
zone_new (const char  *tz_id,
          GError     **error)
{
  GTimeZone *tz = NULL;

  if (tz_id != NULL && *tz_id != '\0')
    tz = g_time_zone_new_identifier (tz_id);

  if (tz == NULL)
    g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                 _("“%s” is not a known time zone; use a name such as Europe/Stockholm."),
                 tz_id ? tz_id : "");
  return tz;
}

static gboolean
parse_local (const char *local,
             int        *y,
             int        *mo,
             int        *d,
             int        *h,
             int        *mi)
{
  char sep = 0;
  int n = 0;

  if (local == NULL)
    return FALSE;

  if (sscanf (local, "%4d-%2d-%2d%c%2d:%2d%n", y, mo, d, &sep, h, mi, &n) != 6 ||
      (sep != ' ' && sep != 'T') || local[n] != '\0' || strlen (local) != 16)
    return FALSE;

  return *y >= 1900 && *y <= 9999 && g_date_valid_dmy (*d, *mo, *y) &&
         *h >= 0 && *h <= 23 && *mi >= 0 && *mi <= 59;
}

static gboolean
same_wall_clock (GDateTime *dt,
                 int y, int mo, int d, int h, int mi)
{
  return g_date_time_get_year (dt) == y && g_date_time_get_month (dt) == mo &&
         g_date_time_get_day_of_month (dt) == d && g_date_time_get_hour (dt) == h &&
         g_date_time_get_minute (dt) == mi;
}

static char *
format_utc (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (dt);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static GDateTime *
local_to_datetime (GTimeZone   *tz,
                   const char  *tz_id,
                   const char  *local,
                   GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi;

  if (!parse_local (local, &y, &mo, &d, &h, &mi))
    {
      g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                   _("“%s” is not a date and time; write it as 2026-12-08 18:00."),
                   local ? local : "");
      return NULL;
    }

  dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
  if (dt != NULL && same_wall_clock (dt, y, mo, d, h, mi))
    {
      /* Autumn: the same wall clock may happen twice; take the first.
       * Try the offsets in force a few hours around it. */
      g_autoptr(GDateTime) naive = g_date_time_new_utc (y, mo, d, h, mi, 0);
      gint64 wall = g_date_time_to_unix (naive);
      gint64 best = g_date_time_to_unix (dt);

      for (int hours = -3; hours <= 3; hours += 6)
        {
          g_autoptr(GDateTime) near = g_date_time_add_hours (dt, hours);
          gint64 offset = g_date_time_get_utc_offset (near) / G_USEC_PER_SEC;
          g_autoptr(GDateTime) cand = g_date_time_new_from_unix_utc (wall - offset);
          g_autoptr(GDateTime) there = cand ? g_date_time_to_timezone (cand, tz) : NULL;

          if (there != NULL && same_wall_clock (there, y, mo, d, h, mi) && wall - offset < best)
            best = wall - offset;
        }

      if (best != g_date_time_to_unix (dt))
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (best);

          g_clear_pointer (&dt, g_date_time_unref);
          dt = g_date_time_to_timezone (utc, tz);
        }

      return g_steal_pointer (&dt);
    }

  /* The clocks jump over this time (spring forward): find the first
   * minute after it that exists, so the message can offer it. */
  {
    g_autoptr(GDateTime) naive = g_date_time_new_utc (y, mo, d, h, mi, 0);

    for (int m = 1; m <= 48 * 60 && naive != NULL; m++)
      {
        g_autoptr(GDateTime) next = g_date_time_add_minutes (naive, m);
        g_autoptr(GDateTime) try = NULL;
        int ny = g_date_time_get_year (next), nmo = g_date_time_get_month (next);
        int nd = g_date_time_get_day_of_month (next), nh = g_date_time_get_hour (next);
        int nmi = g_date_time_get_minute (next);

        try = g_date_time_new (tz, ny, nmo, nd, nh, nmi, 0);
        if (try != NULL && same_wall_clock (try, ny, nmo, nd, nh, nmi))
          {
            g_autofree char *first = g_date_time_format (try, "%Y-%m-%d %H:%M");

            g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_NO_SUCH_TIME,
                         /* Translators: a time inside the hour skipped when the
                          * clocks go forward; the last %s is the first valid time */
                         _("%s does not exist in %s: the clocks go forward then. "
                           "The first valid time is %s."),
                         local, tz_id, first);
            return NULL;
          }
      }
  }

  g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_NO_SUCH_TIME,
               _("%s does not exist in %s."), local, tz_id);
  return NULL;
}

char *
ch_event_local_to_utc (const char  *tz_id,
                       const char  *local,
                       GError     **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (!(tz = zone_new (tz_id, error)))
    return NULL;
  if (!(dt = local_to_datetime (tz, tz_id, local, error)))
    return NULL;

  return format_utc (dt);
}

static GDateTime *
parse_utc (const char *utc)
{
  if (utc == NULL || *utc == '\0')
    return NULL;

  return g_date_time_new_from_iso8601 (utc, NULL);
}

char *
ch_event_utc_to_local (const char *tz_id,
                       const char *utc)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) dt = parse_utc (utc);
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL || !(tz = zone_new (tz_id, NULL)))
    return NULL;

  local = g_date_time_to_timezone (dt, tz);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
format_day (GDateTime *dt)
{
  /* Translators: an event's day, see g_date_time_format(); e.g.
   * "Tuesday 8 December 2026" */
  return g_date_time_format (dt, _("%A %-d %B %Y"));
}

static char *
format_span (GDateTime *start,
             GDateTime *end,
             gboolean   with_day)
{
  g_autofree char *day = format_day (start);
  g_autofree char *from = g_date_time_format (start, "%H:%M");
  g_autofree char *to = g_date_time_format (end, "%H:%M");

  if (g_date_time_get_year (start) != g_date_time_get_year (end) ||
      g_date_time_get_day_of_year (start) != g_date_time_get_day_of_year (end))
    {
      g_autofree char *end_day = format_day (end);

      /* Translators: an event over two days: day, time – day, time */
      return g_strdup_printf (_("%s, %s – %s, %s"), day, from, end_day, to);
    }

  if (!with_day)
    /* Translators: start and end time, e.g. "18:00–20:00" */
    return g_strdup_printf (_("%s–%s"), from, to);

  /* Translators: day, then start and end time: "Tuesday 8 December 2026, 18:00–20:00" */
  return g_strdup_printf (_("%s, %s–%s"), day, from, to);
}

char *
ch_event_describe_time (JsonObject *event,
                        const char *viewer_tz_id)
{
  const char *tz_id;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) start_utc = NULL;
  g_autoptr(GDateTime) end_utc = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *span = NULL;
  GString *out;

  g_return_val_if_fail (event != NULL, NULL);

  tz_id = json_object_get_string_member_with_default (event, "timezone", NULL);
  start_utc = parse_utc (json_object_get_string_member_with_default (event, "starts_at", NULL));
  end_utc = parse_utc (json_object_get_string_member_with_default (event, "ends_at", NULL));
  if (start_utc == NULL || end_utc == NULL || !(tz = zone_new (tz_id, NULL)))
    return g_strdup (_("No time set"));

  start = g_date_time_to_timezone (start_utc, tz);
  end = g_date_time_to_timezone (end_utc, tz);
  span = format_span (start, end, TRUE);
  out = g_string_new (NULL);
  /* Translators: the event's time, then its time zone */
  g_string_append_printf (out, _("%s (%s)"), span, tz_id);

  if (viewer_tz_id != NULL && g_strcmp0 (viewer_tz_id, tz_id) != 0)
    {
      g_autoptr(GTimeZone) vtz = zone_new (viewer_tz_id, NULL);

      if (vtz != NULL)
        {
          g_autoptr(GDateTime) vstart = g_date_time_to_timezone (start_utc, vtz);
          g_autoptr(GDateTime) vend = g_date_time_to_timezone (end_utc, vtz);

          if (g_date_time_get_utc_offset (vstart) != g_date_time_get_utc_offset (start) ||
              g_date_time_get_utc_offset (vend) != g_date_time_get_utc_offset (end))
            {
              gboolean other_day = g_date_time_get_day_of_year (vstart) !=
                                   g_date_time_get_day_of_year (start);
              g_autofree char *vspan = format_span (vstart, vend, other_day);

              g_string_append_c (out, '\n');
              /* Translators: the same time where the viewer is: "08:00–10:00 in Australia/Sydney" */
              g_string_append_printf (out, _("%s in %s"), vspan, viewer_tz_id);
            }
        }
    }

  return g_string_free (out, FALSE);
}

/* ----------------------------------------------------------------------- */
/* Events                                                                  */

JsonObject *
ch_events_get_live_row (ChStore     *store,
                        const char  *entity,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(JsonObject) row = ch_store_get_live_row (store, entity, id);

  if (row == NULL)
    {
      if (g_strcmp0 (entity, "event") == 0)
        g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                     _("There is no event %s."), id ? id : "");
      else
        g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                     _("There is no registration %s."), id ? id : "");
      return NULL;
    }

  return g_steal_pointer (&row);
}

/* Capacity of a mode: -1 unlimited. */
static gint64
mode_capacity (JsonObject *event,
               const char *mode)
{
  const char *field = g_strcmp0 (mode, CH_MODE_ONLINE) == 0 ? "capacity_online" : "capacity_in_person";
  JsonNode *node = json_object_get_member (event, field);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return -1;

  return json_node_get_int (node);
}

static gboolean
known (const Label *labels,
       guint        n,
       const char  *id)
{
  return find_label (labels, n, id) != NULL;
}

static gboolean
set_invalid (GError    **error,
             const char *message)
{
  g_set_error_literal (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
check_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || strchr (url, ' ') != NULL)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static gboolean promote_waiting (ChStore     *store,
                                 JsonObject  *event,
                                 const char  *mode,
                                 GPtrArray   *promoted,
                                 GError     **error);

/* Validates @fields against @current (NULL for a new event) and returns
 * the values to write. */
static JsonObject *
event_changes (ChStore     *store,
               const char  *chapter_id,
               JsonObject  *current,
               JsonObject  *fields,
               GError     **error)
{
  g_autoptr(JsonObject) set = json_object_new ();
  g_autoptr(JsonObject) merged = json_object_new ();
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  const char *tz_id;
  const char *text;

  if (current != NULL)
    {
      json_object_iter_init (&iter, current);
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_member (merged, name, json_node_copy (node));
    }

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (g_str_equal (name, "starts_local") || g_str_equal (name, "ends_local"))
        continue;
      if (g_str_equal (name, "id") || g_str_equal (name, "chapter_id") ||
          g_str_equal (name, "version") || g_str_equal (name, "deleted") ||
          g_str_equal (name, "sequence"))
        continue;
      if (!JSON_NODE_HOLDS_NULL (node) && !JSON_NODE_HOLDS_VALUE (node))
        {
          g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                       _("“%s” has a value of the wrong kind."), name);
          return NULL;
        }
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autofree char *trimmed = g_strstrip (g_strdup (json_node_get_string (node)));

          if (*trimmed == '\0')
            json_object_set_null_member (set, name);
          else if (g_str_equal (name, "description"))
            json_object_set_string_member (set, name, json_node_get_string (node));
          else
            json_object_set_string_member (set, name, trimmed);
        }
      else
        json_object_set_member (set, name, json_node_copy (node));
    }

  /* Defaults for a new event. */
  if (current == NULL)
    {
      if (!json_object_has_member (set, "timezone") || !ch_store_row_text (set, "timezone"))
        {
          g_autoptr(ChChapter) chapter = ch_store_get_chapter (store, chapter_id, NULL);

          if (chapter != NULL && ch_chapter_get_timezone (chapter) != NULL)
            json_object_set_string_member (set, "timezone", ch_chapter_get_timezone (chapter));
        }
      if (!ch_store_row_text (set, "kind"))
        json_object_set_string_member (set, "kind", CH_EVENT_KIND_MEETING);
      if (!ch_store_row_text (set, "format"))
        json_object_set_string_member (set, "format", CH_EVENT_FORMAT_IN_PERSON);
      if (!ch_store_row_text (set, "status"))
        json_object_set_string_member (set, "status", CH_EVENT_STATUS_DRAFT);
    }

  json_object_iter_init (&iter, set);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (merged, name, json_node_copy (node));

  /* Title */
  if (ch_store_row_text (merged, "title") == NULL)
    return set_invalid (error, _("The event needs a title.")), NULL;

  /* Time zone, then the times in it. */
  tz_id = ch_store_row_text (merged, "timezone");
  if (!(tz = zone_new (tz_id, error)))
    return NULL;

  for (guint i = 0; i < 2; i++)
    {
      const char *local_name = i == 0 ? "starts_local" : "ends_local";
      const char *utc_name = i == 0 ? "starts_at" : "ends_at";
      const char *local = ch_store_row_text (fields, local_name);
      g_autoptr(GDateTime) dt = NULL;

      if (local != NULL)
        {
          g_autofree char *stripped = g_strstrip (g_strdup (local));

          if (!(dt = local_to_datetime (tz, tz_id, stripped, error)))
            return NULL;
          {
            g_autofree char *iso = format_utc (dt);
            json_object_set_string_member (set, utc_name, iso);
            json_object_set_string_member (merged, utc_name, iso);
          }
        }
      else if ((text = ch_store_row_text (merged, utc_name)) != NULL)
        {
          if (!(dt = parse_utc (text)))
            {
              g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                           _("“%s” is not a date and time; write it as 2026-12-08 18:00."), text);
              return NULL;
            }
          if (json_object_has_member (set, utc_name))
            {
              g_autofree char *iso = format_utc (dt);
              json_object_set_string_member (set, utc_name, iso);
            }
        }
      else
        return set_invalid (error, i == 0 ? _("The event needs a start time.")
                                          : _("The event needs an end time.")), NULL;

      if (i == 0)
        start = g_steal_pointer (&dt);
      else
        end = g_steal_pointer (&dt);
    }

  if (g_date_time_compare (end, start) <= 0)
    return set_invalid (error, _("The event must end after it starts.")), NULL;

  if (!known (kind_labels, G_N_ELEMENTS (kind_labels), ch_store_row_text (merged, "kind")))
    {
      g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                   _("“%s” is not a kind of event; use one of chapter-meeting, webinar, "
                     "p2p-networking, women-in-technology, board-meeting, other."),
                   ch_store_row_text (merged, "kind") ? ch_store_row_text (merged, "kind") : "");
      return NULL;
    }
  if (!known (format_labels, G_N_ELEMENTS (format_labels), ch_store_row_text (merged, "format")))
    {
      g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                   _("“%s” is not a format; use in-person, online or hybrid."),
                   ch_store_row_text (merged, "format") ? ch_store_row_text (merged, "format") : "");
      return NULL;
    }
  if (!known (status_labels, G_N_ELEMENTS (status_labels), ch_store_row_text (merged, "status")))
    {
      g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                   _("“%s” is not a status; use draft, published or cancelled."),
                   ch_store_row_text (merged, "status") ? ch_store_row_text (merged, "status") : "");
      return NULL;
    }

  for (guint i = 0; i < 2; i++)
    {
      const char *cap = i == 0 ? "capacity_in_person" : "capacity_online";
      JsonNode *n = json_object_get_member (merged, cap);

      if (n == NULL || JSON_NODE_HOLDS_NULL (n))
        continue;
      if (json_node_get_value_type (n) != G_TYPE_INT64 || json_node_get_int (n) < 0 ||
          json_node_get_int (n) > 1000000)
        return set_invalid (error, i == 0
                            ? _("The in-person capacity must be a whole number, 0 or more (empty: no limit).")
                            : _("The online capacity must be a whole number, 0 or more (empty: no limit).")), NULL;
    }

  if ((text = ch_store_row_text (merged, "join_url")) != NULL && !check_url (text))
    {
      g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                   _("“%s” is not a web address; the join link starts with https://."), text);
      return NULL;
    }

  /* Only what changes. */
  if (current != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (set);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *a = json_object_get_member (current, l->data);
          JsonNode *b = json_object_get_member (set, l->data);
          gboolean a_null = a == NULL || JSON_NODE_HOLDS_NULL (a);
          gboolean b_null = JSON_NODE_HOLDS_NULL (b);

          if ((a_null && b_null) || (!a_null && !b_null && json_node_equal (a, b)))
            json_object_remove_member (set, l->data);
        }
    }

  return g_steal_pointer (&set);
}

gboolean
ch_event_save (ChStore     *store,
               const char  *chapter_id,
               const char  *id,
               JsonObject  *fields,
               char       **out_id,
               GError     **error)
{
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) set = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (id != NULL || chapter_id != NULL, FALSE);

  if (id != NULL)
    {
      if (!(current = ch_events_get_live_row (store, "event", id, error)))
        return FALSE;
      chapter_id = ch_store_row_text (current, "chapter_id");
    }

  if (!(set = event_changes (store, chapter_id, current, fields, error)))
    return FALSE;

  if (current == NULL)
    {
      json_object_set_int_member (set, "sequence", 0);
      return ch_store_insert (store, "event", chapter_id, NULL, set, out_id, error);
    }

  if (out_id != NULL)
    *out_id = g_strdup (id);

  if (json_object_get_size (set) == 0)
    return TRUE;

  json_object_set_int_member (set, "sequence",
                              json_object_get_int_member_with_default (current, "sequence", 0) + 1);

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_store_update (store, "event", id, set, error))
    goto fail;

  /* A raised capacity gives the seats to the people waiting. */
  {
    g_autoptr(JsonObject) event = ch_store_get_row (store, "event", id, error);

    if (event == NULL ||
        !promote_waiting (store, event, CH_MODE_IN_PERSON, NULL, error) ||
        !promote_waiting (store, event, CH_MODE_ONLINE, NULL, error))
      goto fail;
  }

  return ch_store_commit (store, error);

fail:
  ch_store_rollback (store);
  if (out_id != NULL)
    g_clear_pointer (out_id, g_free);
  return FALSE;
}

/* The @n-th (1-based; 5 = last) @weekday of @year/@month. */
static int
nth_weekday (int          year,
             int          month,
             GDateWeekday weekday,
             int          n)
{
  GDate first;
  int day, days;

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, month, year);
  day = 1 + ((int) weekday - (int) g_date_get_weekday (&first) + 7) % 7;
  days = g_date_get_days_in_month (month, year);
  day += 7 * (n - 1);
  while (day > days)
    day -= 7;

  return day;
}

static char *
shift_local (const char *local,
             int         days)
{
  int y, mo, d, h, mi;
  g_autoptr(GDateTime) naive = NULL;
  g_autoptr(GDateTime) moved = NULL;

  if (!parse_local (local, &y, &mo, &d, &h, &mi))
    return NULL;

  naive = g_date_time_new_utc (y, mo, d, h, mi, 0);
  moved = g_date_time_add_days (naive, days);
  return g_date_time_format (moved, "%Y-%m-%d %H:%M");
}

gboolean
ch_event_duplicate (ChStore     *store,
                    const char  *id,
                    char       **out_id,
                    GError     **error)
{
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *start_local = NULL;
  g_autofree char *end_local = NULL;
  g_autofree char *new_start = NULL;
  g_autofree char *new_end = NULL;
  const char *tz_id;
  GDate from, to;
  int y, mo, d, h, mi, n, ny, nmo;
  static const char *copied[] = {
    "title", "description", "kind", "timezone", "format", "venue_name",
    "venue_address", "capacity_in_person", "join_url", "capacity_online",
  };

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(event = ch_events_get_live_row (store, "event", id, error)))
    return FALSE;

  tz_id = ch_store_row_text (event, "timezone");
  start_local = ch_event_utc_to_local (tz_id, ch_store_row_text (event, "starts_at"));
  end_local = ch_event_utc_to_local (tz_id, ch_store_row_text (event, "ends_at"));
  if (start_local == NULL || end_local == NULL ||
      !parse_local (start_local, &y, &mo, &d, &h, &mi))
    return set_invalid (error, _("The event has no valid time to copy."));

  g_date_clear (&from, 1);
  g_date_set_dmy (&from, d, mo, y);
  n = (d - 1) / 7 + 1;
  ny = mo == 12 ? y + 1 : y;
  nmo = mo == 12 ? 1 : mo + 1;
  g_date_clear (&to, 1);
  g_date_set_dmy (&to, nth_weekday (ny, nmo, g_date_get_weekday (&from), n), nmo, ny);

  new_start = shift_local (start_local, g_date_days_between (&from, &to));
  new_end = shift_local (end_local, g_date_days_between (&from, &to));

  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    {
      JsonNode *node = json_object_get_member (event, copied[i]);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        json_object_set_member (fields, copied[i], json_node_copy (node));
    }
  json_object_set_string_member (fields, "starts_local", new_start);
  json_object_set_string_member (fields, "ends_local", new_end);
  json_object_set_string_member (fields, "status", CH_EVENT_STATUS_DRAFT);

  return ch_event_save (store, ch_store_row_text (event, "chapter_id"), NULL, fields, out_id, error);
}

gboolean
ch_event_cancel (ChStore     *store,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(event = ch_events_get_live_row (store, "event", id, error)))
    return FALSE;

  json_object_set_string_member (fields, "status", CH_EVENT_STATUS_CANCELLED);
  return ch_event_save (store, NULL, id, fields, NULL, error);
}

GPtrArray *
ch_event_list (ChStore     *store,
               const char  *chapter_id,
               gboolean     upcoming,
               GError     **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *now = now_utc ();

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (chapter_id != NULL, NULL);

  if (upcoming)
    ids = ch_store_query_texts (store, error,
                                "SELECT id FROM event WHERE chapter_id = ? AND deleted = 0 "
                                "AND ends_at > ? ORDER BY starts_at, id",
                                chapter_id, now, END);
  else
    ids = ch_store_query_texts (store, error,
                                "SELECT id FROM event WHERE chapter_id = ? AND deleted = 0 "
                                "AND ends_at <= ? ORDER BY starts_at DESC, id DESC",
                                chapter_id, now, END);
  if (ids == NULL)
    return NULL;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *row = ch_store_get_row (store, "event", g_ptr_array_index (ids, i), error);

      if (row == NULL)
        return NULL;
      g_ptr_array_add (rows, row);
    }

  return g_steal_pointer (&rows);
}

/* ----------------------------------------------------------------------- */
/* Registrations                                                           */

static gint64
seats_taken (ChStore    *store,
             const char *event_id,
             const char *mode)
{
  return ch_store_query_int (store, 0,
                             "SELECT count(*) FROM registration WHERE event_id = ? AND deleted = 0 "
                             "AND state = 'registered' AND mode = ?",
                             event_id, mode, END);
}

static gboolean
mode_full (ChStore    *store,
           JsonObject *event,
           const char *mode)
{
  gint64 cap = mode_capacity (event, mode);

  return cap >= 0 && seats_taken (store, ch_store_row_text (event, "id"), mode) >= cap;
}

static gint64
next_waitlist_position (ChStore    *store,
                        const char *event_id,
                        const char *mode)
{
  return ch_store_query_int (store, 0,
                             "SELECT max(waitlist_position) FROM registration WHERE event_id = ? "
                             "AND deleted = 0 AND state = 'waitlisted' AND mode = ?",
                             event_id, mode, END) + 1;
}

/* Ties (two devices offline gave the same position; 0 after the server
 * took a seat back) go in the order the server accepted the
 * registrations; rows it has not seen yet come last, in the order they
 * were written here (rowid).  Never by a device's clock. */
#define WAITLIST_ORDER \
  "ORDER BY waitlist_position, accepted_seq IS NULL, accepted_seq, rowid"

static gboolean
event_is_cancelled (JsonObject *event)
{
  return g_strcmp0 (ch_store_row_text (event, "status"), CH_EVENT_STATUS_CANCELLED) == 0;
}

/* While @mode has free seats, the first person waiting gets one; the ids
 * of who got a seat are added to @promoted (if not NULL), in order. */
static gboolean
promote_waiting (ChStore     *store,
                 JsonObject  *event,
                 const char  *mode,
                 GPtrArray   *promoted,
                 GError     **error)
{
  const char *event_id = ch_store_row_text (event, "id");

  if (event_is_cancelled (event))
    return TRUE;

  while (!mode_full (store, event, mode))
    {
      g_autofree char *next = NULL;
      g_autoptr(JsonObject) set = json_object_new ();

      next = ch_store_query_text (store,
                                  "SELECT id FROM registration WHERE event_id = ? AND deleted = 0 "
                                  "AND state = 'waitlisted' AND mode = ? " WAITLIST_ORDER " LIMIT 1",
                                  event_id, mode, END);
      if (next == NULL)
        break;

      json_object_set_string_member (set, "state", CH_REG_REGISTERED);
      json_object_set_null_member (set, "waitlist_position");
      if (!ch_store_update (store, "registration", next, set, error))
        return FALSE;

      if (promoted != NULL)
        g_ptr_array_add (promoted, g_steal_pointer (&next));
    }

  return TRUE;
}

/* Writes @set to the registration and, when that gave up a seat in
 * @freed_mode (NULL: no seat given up), seats the first person waiting
 * there, in one transaction.  @promoted_id: who got the seat, or NULL. */
static gboolean
update_and_promote (ChStore     *store,
                    const char  *registration_id,
                    JsonObject  *set,
                    JsonObject  *event,
                    const char  *freed_mode,
                    char       **promoted_id,
                    GError     **error)
{
  g_autoptr(GPtrArray) promoted = g_ptr_array_new_with_free_func (g_free);

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_store_update (store, "registration", registration_id, set, error) ||
      (freed_mode != NULL && !promote_waiting (store, event, freed_mode, promoted, error)))
    {
      ch_store_rollback (store);
      return FALSE;
    }

  if (!ch_store_commit (store, error))
    return FALSE;

  if (promoted_id != NULL)
    *promoted_id = promoted->len > 0 ? g_strdup (g_ptr_array_index (promoted, 0)) : NULL;
  return TRUE;
}

static gboolean
check_mode (JsonObject  *event,
            const char **mode,
            GError     **error)
{
  const char *format = ch_store_row_text (event, "format");

  if (*mode == NULL)
    *mode = g_strcmp0 (format, CH_EVENT_FORMAT_ONLINE) == 0 ? CH_MODE_ONLINE : CH_MODE_IN_PERSON;

  if (!known (mode_labels, G_N_ELEMENTS (mode_labels), *mode))
    {
      g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                   _("“%s” is not a way to attend; use in-person or online."), *mode);
      return FALSE;
    }

  if (g_strcmp0 (format, CH_EVENT_FORMAT_ONLINE) == 0 && g_str_equal (*mode, CH_MODE_IN_PERSON))
    return set_invalid (error, _("This event is online only; register for online attendance."));
  if (g_strcmp0 (format, CH_EVENT_FORMAT_IN_PERSON) == 0 && g_str_equal (*mode, CH_MODE_ONLINE))
    return set_invalid (error, _("This event is in person only; make it hybrid to register people online."));

  return TRUE;
}

/* Finds a live registration of the same person (member, or e-mail). */
static char *
find_existing (ChStore    *store,
               const char *event_id,
               const char *member_id,
               const char *email,
               gboolean    include_cancelled)
{
  g_autofree char *key = ch_email_normalize (email);
  const char *states = include_cancelled ? "" : "AND r.state != 'cancelled' ";
  g_autofree char *sql = NULL;

  if (member_id != NULL)
    {
      sql = g_strconcat ("SELECT r.id FROM registration r WHERE r.event_id = ? AND r.deleted = 0 "
                         "AND r.member_id = ? ", states,
                         "ORDER BY r.state = 'cancelled', r.registered_at LIMIT 1", NULL);
      return ch_store_query_text (store, sql, event_id, member_id, END);
    }

  if (key == NULL)
    return NULL;

  sql = g_strconcat ("SELECT r.id FROM registration r LEFT JOIN member m ON m.id = r.member_id "
                     "WHERE r.event_id = ? AND r.deleted = 0 ", states,
                     "AND (lower(trim(r.guest_email)) = ? OR m.email_key = ?) "
                     "ORDER BY r.state = 'cancelled', r.registered_at LIMIT 1", NULL);
  return ch_store_query_text (store, sql, event_id, key, key, END);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

static gboolean
check_person (ChStore     *store,
              JsonObject  *event,
              const char  *member_id,
              const char  *guest_name,
              const char  *guest_email,
              GError     **error)
{
  if (member_id != NULL && *member_id != '\0')
    {
      g_autofree char *found = ch_store_query_text (store,
                                                    "SELECT id FROM member WHERE id = ? AND chapter_id = ? "
                                                    "AND deleted = 0",
                                                    member_id, ch_store_row_text (event, "chapter_id"), END);
      if (found == NULL)
        {
          g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                       _("There is no member %s in this chapter."), member_id);
          return FALSE;
        }
      return TRUE;
    }

  if (is_blank (guest_name))
    return set_invalid (error, _("Say who registers: a member, or a guest’s name."));

  if (!is_blank (guest_email))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (guest_email));

      if (ch_email_is_valid (trimmed))
        return TRUE;

      g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                   _("“%s” is not an e-mail address."), guest_email);
      return FALSE;
    }

  return TRUE;
}

/* The id of a new registration: name-based (ch_uuid_for_registration()),
 * so two devices that register the same person make the same row.  A
 * guest without an e-mail gets a random id: two people may share a name. */
static char *
registration_id_for (ChStore    *store,
                     const char *event_id,
                     const char *member_id,
                     const char *guest_email)
{
  g_autofree char *id = ch_uuid_for_registration (event_id, member_id, guest_email);
  g_autofree char *taken = NULL;

  if (id == NULL)
    return NULL;

  /* A row of that id the person no longer matches (say, the guest's
   * address was corrected): a random id then. */
  taken = ch_store_query_text (store, "SELECT id FROM registration WHERE id = ?", id, END);
  return taken == NULL ? g_steal_pointer (&id) : NULL;
}

static void
set_text_or_null (JsonObject *o,
                  const char *name,
                  const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (o, name, value);
  else
    json_object_set_null_member (o, name);
}

gboolean
ch_registration_add (ChStore     *store,
                     const char  *event_id,
                     const char  *member_id,
                     const char  *guest_name,
                     const char  *guest_email,
                     const char  *mode,
                     char       **out_id,
                     gboolean    *waitlisted,
                     GError     **error)
{
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *existing = NULL;
  g_autofree char *now = NULL;
  g_autofree char *email = NULL;
  gboolean full;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (member_id != NULL && *member_id == '\0')
    member_id = NULL;

  if (!(event = ch_events_get_live_row (store, "event", event_id, error)))
    return FALSE;
  if (event_is_cancelled (event))
    return set_invalid (error, _("The event was cancelled; nobody can register for it."));
  if (!check_mode (event, &mode, error) ||
      !check_person (store, event, member_id, guest_name, guest_email, error))
    return FALSE;

  email = guest_email ? g_strstrip (g_strdup (guest_email)) : NULL;
  if ((existing = find_existing (store, event_id, member_id, member_id ? NULL : email, FALSE)) != NULL)
    {
      g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_DUPLICATE,
                   member_id ? _("This member is already registered for the event.")
                             : _("Somebody with the e-mail address %s is already registered for the event."),
                   email);
      return FALSE;
    }

  full = mode_full (store, event, mode);
  now = ch_events_now_precise ();

  json_object_set_string_member (set, "mode", mode);
  json_object_set_string_member (set, "state", full ? CH_REG_WAITLISTED : CH_REG_REGISTERED);
  json_object_set_string_member (set, "registered_at", now);
  if (full)
    json_object_set_int_member (set, "waitlist_position", next_waitlist_position (store, event_id, mode));
  else
    json_object_set_null_member (set, "waitlist_position");
  json_object_set_null_member (set, "checked_in_at");
  json_object_set_null_member (set, "check_in_method");
  json_object_set_null_member (set, "minutes_attended");

  /* Somebody who cancelled and comes back keeps their row. */
  existing = find_existing (store, event_id, member_id, member_id ? NULL : email, TRUE);
  if (existing != NULL)
    {
      if (!ch_store_update (store, "registration", existing, set, error))
        return FALSE;
      if (out_id != NULL)
        *out_id = g_steal_pointer (&existing);
    }
  else
    {
      g_autofree char *id = registration_id_for (store, event_id, member_id, email);

      json_object_set_string_member (set, "event_id", event_id);
      set_text_or_null (set, "member_id", member_id);
      if (member_id == NULL)
        {
          g_autofree char *name = g_strstrip (g_strdup (guest_name));

          json_object_set_string_member (set, "guest_name", name);
          set_text_or_null (set, "guest_email", email);
        }
      if (!ch_store_insert (store, "registration", ch_store_row_text (event, "chapter_id"), id, set,
                            out_id, error))
        return FALSE;
    }

  if (waitlisted != NULL)
    *waitlisted = full;

  return TRUE;
}

gboolean
ch_registration_cancel (ChStore     *store,
                        const char  *registration_id,
                        char       **promoted_id,
                        GError     **error)
{
  g_autoptr(JsonObject) reg = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  gboolean had_seat;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (promoted_id != NULL)
    *promoted_id = NULL;

  if (!(reg = ch_events_get_live_row (store, "registration", registration_id, error)))
    return FALSE;
  if (g_strcmp0 (ch_store_row_text (reg, "state"), CH_REG_CANCELLED) == 0)
    return TRUE;
  if (!(event = ch_events_get_live_row (store, "event", ch_store_row_text (reg, "event_id"), error)))
    return FALSE;

  had_seat = g_strcmp0 (ch_store_row_text (reg, "state"), CH_REG_REGISTERED) == 0;

  json_object_set_string_member (set, "state", CH_REG_CANCELLED);
  json_object_set_null_member (set, "waitlist_position");

  return update_and_promote (store, registration_id, set, event,
                             had_seat ? ch_store_row_text (reg, "mode") : NULL, promoted_id, error);
}

gboolean
ch_registration_set_mode (ChStore     *store,
                          const char  *registration_id,
                          const char  *mode,
                          gboolean    *waitlisted,
                          char       **promoted_id,
                          GError     **error)
{
  g_autoptr(JsonObject) reg = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  const char *old_mode;
  gboolean had_seat, full;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (mode != NULL, FALSE);

  if (promoted_id != NULL)
    *promoted_id = NULL;

  if (!(reg = ch_events_get_live_row (store, "registration", registration_id, error)))
    return FALSE;
  if (!(event = ch_events_get_live_row (store, "event", ch_store_row_text (reg, "event_id"), error)))
    return FALSE;
  if (g_strcmp0 (ch_store_row_text (reg, "state"), CH_REG_CANCELLED) == 0)
    return set_invalid (error, _("This registration was cancelled; register the person again."));
  if (!check_mode (event, &mode, error))
    return FALSE;

  old_mode = ch_store_row_text (reg, "mode");
  had_seat = g_strcmp0 (ch_store_row_text (reg, "state"), CH_REG_REGISTERED) == 0;

  if (g_strcmp0 (old_mode, mode) == 0)
    {
      if (waitlisted != NULL)
        *waitlisted = !had_seat;
      return TRUE;
    }

  full = mode_full (store, event, mode);

  json_object_set_string_member (set, "mode", mode);
  json_object_set_string_member (set, "state", full ? CH_REG_WAITLISTED : CH_REG_REGISTERED);
  if (full)
    json_object_set_int_member (set, "waitlist_position",
                                next_waitlist_position (store, ch_store_row_text (event, "id"), mode));
  else
    json_object_set_null_member (set, "waitlist_position");

  if (!update_and_promote (store, registration_id, set, event, had_seat ? old_mode : NULL,
                           promoted_id, error))
    return FALSE;

  if (waitlisted != NULL)
    *waitlisted = full;
  return TRUE;
}

static gboolean
check_method (const char  *method,
              GError     **error)
{
  static const char *methods[] = {
    CH_CHECK_IN_DOOR, CH_CHECK_IN_TEAMS, CH_CHECK_IN_ZOOM, CH_CHECK_IN_MANUAL, NULL
  };

  if (method == NULL || !g_strv_contains (methods, method))
    {
      g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                   _("“%s” is not a way to check in; use door, teams, zoom or manual."),
                   method ? method : "");
      return FALSE;
    }

  return TRUE;
}

gboolean
ch_registration_check_in (ChStore     *store,
                          const char  *registration_id,
                          gboolean     attended,
                          const char  *method,
                          gint         minutes,
                          GError     **error)
{
  g_autoptr(JsonObject) reg = NULL;
  g_autoptr(JsonObject) set = json_object_new ();

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(reg = ch_events_get_live_row (store, "registration", registration_id, error)))
    return FALSE;

  if (attended)
    {
      g_autofree char *now = now_utc ();

      if (method == NULL)
        method = CH_CHECK_IN_DOOR;
      if (!check_method (method, error))
        return FALSE;

      /* Whoever is there has a seat, waitlisted or not.  A seated person
       * keeps theirs without a word about it: the server may have given
       * it away meanwhile, and checked in is seated there too. */
      if (g_strcmp0 (ch_store_row_text (reg, "state"), CH_REG_REGISTERED) != 0)
        {
          json_object_set_string_member (set, "state", CH_REG_REGISTERED);
          json_object_set_null_member (set, "waitlist_position");
        }
      if (ch_store_row_text (reg, "checked_in_at") == NULL)
        json_object_set_string_member (set, "checked_in_at", now);
      json_object_set_string_member (set, "check_in_method", method);
      if (minutes >= 0)
        json_object_set_int_member (set, "minutes_attended", minutes);
    }
  else
    {
      json_object_set_null_member (set, "checked_in_at");
      json_object_set_null_member (set, "check_in_method");
      json_object_set_null_member (set, "minutes_attended");
    }

  return ch_store_update (store, "registration", registration_id, set, error);
}

gboolean
ch_registration_insert_checked_in (ChStore     *store,
                                   JsonObject  *event,
                                   const char  *member_id,
                                   const char  *guest_name,
                                   const char  *guest_email,
                                   const char  *mode,
                                   const char  *method,
                                   gint         minutes,
                                   char       **out_id,
                                   GError     **error)
{
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *now = now_utc ();
  g_autofree char *registered_at = ch_events_now_precise ();
  g_autofree char *id = registration_id_for (store, ch_store_row_text (event, "id"), member_id,
                                             member_id ? NULL : guest_email);

  json_object_set_string_member (set, "event_id", ch_store_row_text (event, "id"));
  set_text_or_null (set, "member_id", member_id);
  if (member_id == NULL)
    {
      g_autofree char *name = g_strstrip (g_strdup (guest_name));
      g_autofree char *email = guest_email ? g_strstrip (g_strdup (guest_email)) : NULL;

      json_object_set_string_member (set, "guest_name", name);
      set_text_or_null (set, "guest_email", email);
    }
  json_object_set_string_member (set, "mode", mode);
  json_object_set_string_member (set, "state", CH_REG_REGISTERED);
  json_object_set_string_member (set, "registered_at", registered_at);
  json_object_set_string_member (set, "checked_in_at", now);
  json_object_set_string_member (set, "check_in_method", method);
  if (minutes >= 0)
    json_object_set_int_member (set, "minutes_attended", minutes);

  return ch_store_insert (store, "registration", ch_store_row_text (event, "chapter_id"), id, set,
                          out_id, error);
}

gboolean
ch_registration_walk_in (ChStore     *store,
                         const char  *event_id,
                         const char  *member_id,
                         const char  *guest_name,
                         const char  *guest_email,
                         char       **out_id,
                         GError     **error)
{
  g_autoptr(JsonObject) event = NULL;
  g_autofree char *existing = NULL;
  const char *mode = CH_MODE_IN_PERSON;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (member_id != NULL && *member_id == '\0')
    member_id = NULL;

  if (!(event = ch_events_get_live_row (store, "event", event_id, error)))
    return FALSE;
  if (!check_mode (event, &mode, error) ||
      !check_person (store, event, member_id, guest_name, guest_email, error))
    return FALSE;

  /* Registered after all (perhaps online, or waiting): check that one in. */
  existing = find_existing (store, event_id, member_id, member_id ? NULL : guest_email, TRUE);
  if (existing != NULL)
    {
      g_autoptr(JsonObject) set = json_object_new ();
      g_autoptr(JsonObject) reg = ch_store_get_live_row (store, "registration", existing);
      g_autofree char *now = now_utc ();

      /* As in ch_registration_check_in(): a seat already held is not
       * written again. */
      if (g_strcmp0 (ch_store_row_text (reg, "state"), CH_REG_REGISTERED) != 0 ||
          g_strcmp0 (ch_store_row_text (reg, "mode"), CH_MODE_IN_PERSON) != 0)
        {
          json_object_set_string_member (set, "mode", CH_MODE_IN_PERSON);
          json_object_set_string_member (set, "state", CH_REG_REGISTERED);
          json_object_set_null_member (set, "waitlist_position");
        }
      json_object_set_string_member (set, "checked_in_at", now);
      json_object_set_string_member (set, "check_in_method", CH_CHECK_IN_DOOR);
      if (!ch_store_update (store, "registration", existing, set, error))
        return FALSE;
      if (out_id != NULL)
        *out_id = g_steal_pointer (&existing);
      return TRUE;
    }

  return ch_registration_insert_checked_in (store, event, member_id, guest_name, guest_email,
                                            CH_MODE_IN_PERSON, CH_CHECK_IN_DOOR, -1, out_id, error);
}

gboolean
ch_event_counts (ChStore      *store,
                 const char   *event_id,
                 ChModeCounts  counts[2],
                 GError      **error)
{
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(GDateTime) ends = NULL;
  g_autoptr(GDateTime) now = NULL;
  gboolean over;
  sqlite3_stmt *st = NULL;
  sqlite3 *db = ch_store_get_db (store);

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(event = ch_events_get_live_row (store, "event", event_id, error)))
    return FALSE;

  ends = parse_utc (ch_store_row_text (event, "ends_at"));
  now = g_date_time_new_from_unix_utc (ch_clock_now_us () / G_USEC_PER_SEC);
  over = ends != NULL && g_date_time_compare (ends, now) <= 0;

  for (guint i = 0; i < 2; i++)
    {
      gint64 cap = mode_capacity (event, i == 0 ? CH_MODE_IN_PERSON : CH_MODE_ONLINE);

      memset (&counts[i], 0, sizeof counts[i]);
      counts[i].capacity = cap < 0 ? G_MAXUINT : (guint) cap;
    }

  if (sqlite3_prepare_v2 (db,
                          "SELECT mode, state, checked_in_at IS NOT NULL, count(*) FROM registration "
                          "WHERE event_id = ? AND deleted = 0 GROUP BY 1, 2, 3",
                          -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the events: %s"), sqlite3_errmsg (db));
      return FALSE;
    }

  sqlite3_bind_text (st, 1, event_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *mode = (const char *) sqlite3_column_text (st, 0);
      const char *state = (const char *) sqlite3_column_text (st, 1);
      gboolean attended = sqlite3_column_int (st, 2) != 0;
      guint n = sqlite3_column_int (st, 3);
      ChModeCounts *c = &counts[g_strcmp0 (mode, CH_MODE_ONLINE) == 0 ? 1 : 0];

      if (g_strcmp0 (state, CH_REG_REGISTERED) == 0)
        {
          c->registered += n;
          if (attended)
            c->attended += n;
          else if (over)
            c->no_show += n;
        }
      else if (g_strcmp0 (state, CH_REG_WAITLISTED) == 0)
        c->waitlisted += n;
    }

  sqlite3_finalize (st);
  return TRUE;
}

GPtrArray *
ch_registration_list (ChStore     *store,
                      const char  *event_id,
                      GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  guint rank[2] = { 0, 0 };
  int rc;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  if (sqlite3_prepare_v2 (db,
                          "SELECT r.id, "
                          "  CASE WHEN m.id IS NOT NULL "
                          "       THEN trim(coalesce(m.given_name, '') || ' ' || coalesce(m.family_name, '')) "
                          "       ELSE r.guest_name END, "
                          "  CASE WHEN m.id IS NOT NULL THEN m.email ELSE r.guest_email END, "
                          "  m.company "
                          "FROM registration r LEFT JOIN member m ON m.id = r.member_id "
                          "WHERE r.event_id = ? AND r.deleted = 0 "
                          "ORDER BY CASE r.state WHEN 'registered' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, "
                          "  CASE WHEN r.state = 'waitlisted' THEN r.waitlist_position END, "
                          "  r.accepted_seq IS NULL, r.accepted_seq, r.rowid",
                          -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the registrations: %s"), sqlite3_errmsg (db));
      return NULL;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sqlite3_bind_text (st, 1, event_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      JsonObject *row = ch_store_get_row (store, "registration",
                                          (const char *) sqlite3_column_text (st, 0), NULL);
      const char *name = (const char *) sqlite3_column_text (st, 1);
      const char *email = (const char *) sqlite3_column_text (st, 2);
      const char *company = (const char *) sqlite3_column_text (st, 3);

      if (row == NULL)
        continue;

      json_object_set_string_member (row, "display_name", name ? name : "");
      set_text_or_null (row, "email", email);
      set_text_or_null (row, "company", company);
      /* Stored positions are ordering keys (they may repeat or start at 0
       * after a reconcile); show the place in the queue. */
      if (g_strcmp0 (ch_store_row_text (row, "state"), CH_REG_WAITLISTED) == 0)
        {
          guint m = g_strcmp0 (ch_store_row_text (row, "mode"), CH_MODE_ONLINE) == 0 ? 1 : 0;

          json_object_set_int_member (row, "waitlist_position", ++rank[m]);
        }
      g_ptr_array_add (rows, row);
    }

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the registrations: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (st);
      return NULL;
    }

  sqlite3_finalize (st);
  return g_steal_pointer (&rows);
}

/* Who would give up a seat for @reg: the seated person in its mode the
 * server accepted last (not yet synced counts as last), never somebody
 * checked in.  "" when a seat is free; NULL when nobody can. */
static char *
seat_holder (ChStore    *store,
             JsonObject *event,
             JsonObject *reg)
{
  const char *mode = ch_store_row_text (reg, "mode");

  if (!mode_full (store, event, mode))
    return g_strdup ("");

  return ch_store_query_text (store,
                              "SELECT id FROM registration WHERE event_id = ? AND deleted = 0 "
                              "AND state = 'registered' AND mode = ? AND checked_in_at IS NULL "
                              "AND id != ? "
                              "ORDER BY accepted_seq IS NULL DESC, accepted_seq DESC, rowid DESC "
                              "LIMIT 1",
                              ch_store_row_text (event, "id"), mode,
                              ch_store_row_text (reg, "id"), END);
}

char *
ch_registration_seat_holder (ChStore     *store,
                             const char  *registration_id,
                             GError     **error)
{
  g_autoptr(JsonObject) reg = NULL;
  g_autoptr(JsonObject) event = NULL;
  char *holder;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(reg = ch_events_get_live_row (store, "registration", registration_id, error)) ||
      !(event = ch_events_get_live_row (store, "event", ch_store_row_text (reg, "event_id"),
                                        error)))
    return NULL;

  if (g_strcmp0 (ch_store_row_text (reg, "state"), CH_REG_WAITLISTED) != 0)
    {
      set_invalid (error, _("This person is not on the waitlist any more."));
      return NULL;
    }

  if ((holder = seat_holder (store, event, reg)) == NULL)
    set_invalid (error, _("Everybody with a seat is checked in already; raise the capacity to "
                          "give this person a seat."));
  return holder;
}

gboolean
ch_registration_take_seat_back (ChStore     *store,
                                const char  *registration_id,
                                char       **bumped_id,
                                GError     **error)
{
  g_autofree char *holder = NULL;
  g_autoptr(JsonObject) seat = json_object_new ();

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (bumped_id != NULL)
    *bumped_id = NULL;

  if (!(holder = ch_registration_seat_holder (store, registration_id, error)))
    return FALSE;

  json_object_set_string_member (seat, "state", CH_REG_REGISTERED);
  json_object_set_null_member (seat, "waitlist_position");

  if (!ch_store_begin (store, error))
    return FALSE;

  /* The seat is given up first, so that the server, which applies the
   * changes in this order, has it free when the registration takes it. */
  if (*holder != '\0')
    {
      g_autoptr(JsonObject) wait = json_object_new ();

      json_object_set_string_member (wait, "state", CH_REG_WAITLISTED);
      json_object_set_int_member (wait, "waitlist_position", 0);
      if (!ch_store_update (store, "registration", holder, wait, error))
        goto fail;
    }

  if (!ch_store_update (store, "registration", registration_id, seat, error))
    goto fail;

  if (!ch_store_commit (store, error))
    return FALSE;

  if (bumped_id != NULL && *holder != '\0')
    *bumped_id = g_steal_pointer (&holder);
  return TRUE;

fail:
  ch_store_rollback (store);
  return FALSE;
}

/* ----------------------------------------------------------------------- */
/* Reconcile after a sync                                                  */

/* Seats that became free (a raised capacity, a cancellation elsewhere)
 * go to the first people waiting.  Nobody is ever moved the other way
 * here: the server gives contested seats in the order it accepted the
 * registrations, and a lowered capacity or a walk-in over capacity leaves
 * everybody seated where they are. */
static gboolean
reconcile_mode (ChStore     *store,
                JsonObject  *event,
                const char  *mode,
                GPtrArray   *moved,
                guint       *n_moved,
                GError     **error)
{
  g_autoptr(GPtrArray) promoted = g_ptr_array_new_with_free_func (g_free);

  if (mode_capacity (event, mode) < 0)
    return TRUE;

  if (!promote_waiting (store, event, mode, promoted, error))
    return FALSE;

  *n_moved += promoted->len;
  g_ptr_array_extend_and_steal (moved, g_steal_pointer (&promoted));

  return TRUE;
}

/* People this device had seated whom the server put on the waitlist (the
 * seat went to a registration it accepted first), noted by the store's
 * seat_move trigger when the pulled row arrived.  Those still waiting are
 * added to @moved; the notes are dropped. */
static gboolean
take_seat_moves (ChStore     *store,
                 const char  *chapter_id,
                 GPtrArray   *moved,
                 guint       *n_moved,
                 GError     **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  int rc;

  ids = ch_store_query_texts (store, error,
                              "SELECT r.id FROM seat_move s JOIN registration r "
                              "ON r.id = s.registration_id "
                              "WHERE s.chapter_id = ? AND r.deleted = 0 AND r.state = 'waitlisted' "
                              "ORDER BY r.event_id, r.waitlist_position, r.accepted_seq, r.rowid",
                              chapter_id, END);
  if (ids == NULL)
    return FALSE;

  if (sqlite3_prepare_v2 (db, "DELETE FROM seat_move WHERE chapter_id = ?", -1, &st,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (st);
    }
  else
    rc = SQLITE_ERROR;
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not save the registrations: %s"), sqlite3_errmsg (db));
      return FALSE;
    }

  *n_moved += ids->len;
  g_ptr_array_extend_and_steal (moved, g_steal_pointer (&ids));
  return TRUE;
}

guint
ch_events_reconcile (ChStore     *store,
                     const char  *chapter_id,
                     GPtrArray  **moved,
                     GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = now_utc ();
  guint n_moved = 0;
  guint n_seat_moves;

  g_return_val_if_fail (CH_IS_STORE (store), 0);
  g_return_val_if_fail (chapter_id != NULL, 0);

  if (moved != NULL)
    *moved = NULL;

  /* Only events that have not started: once the doors are open, seats are
   * what the people in the room make of them (walk-ins, check-ins). */
  events = ch_store_query_texts (store, error,
                                 "SELECT id FROM event WHERE chapter_id = ? AND deleted = 0 "
                                 "AND coalesce(status, '') != 'cancelled' AND starts_at > ? "
                                 "ORDER BY starts_at, id",
                                 chapter_id, now, END);
  if (events == NULL)
    return 0;

  if (!ch_store_begin (store, error))
    return 0;

  if (!take_seat_moves (store, chapter_id, ids, &n_moved, error))
    {
      ch_store_rollback (store);
      return 0;
    }
  n_seat_moves = ids->len;

  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr(JsonObject) event = ch_store_get_row (store, "event", g_ptr_array_index (events, i), error);

      if (event == NULL ||
          !reconcile_mode (store, event, CH_MODE_IN_PERSON, ids, &n_moved, error) ||
          !reconcile_mode (store, event, CH_MODE_ONLINE, ids, &n_moved, error))
        {
          ch_store_rollback (store);
          return 0;
        }
    }

  if (!ch_store_commit (store, error))
    return 0;

  /* Somebody the server moved to the waitlist and who got a free seat
   * again in the same pass kept a seat as far as anybody can tell. */
  for (guint i = 0; i < n_seat_moves;)
    {
      guint j = n_seat_moves;

      while (j < ids->len &&
             g_strcmp0 (g_ptr_array_index (ids, i), g_ptr_array_index (ids, j)) != 0)
        j++;
      if (j == ids->len)
        {
          i++;
          continue;
        }
      g_ptr_array_remove_index (ids, j);
      g_ptr_array_remove_index (ids, i);
      n_seat_moves--;
      n_moved -= 2;
    }

  if (moved != NULL)
    *moved = g_steal_pointer (&ids);

  return n_moved;
}
