/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-events"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-event-time.h"
#include "ch-events.h"
#include "ch-registrations-private.h"
#include "ch-store-private.h"
#include "ch-clock.h"

G_DEFINE_QUARK (ch-events-error-quark, ch_events_error)

#define END ch_store_sql_end

/* ----------------------------------------------------------------------- */
/* Events                                                                  */

/* The event row @id, unless missing or deleted. */
static JsonObject *
event_row (ChStore     *store,
           const char  *id,
           GError     **error)
{
  JsonObject *row = ch_store_get_live_row (store, "event", id);

  if (row == NULL)
    g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                 _("There is no event %s."), id ? id : "");
  return row;
}

ChEvent *
ch_event_get (ChStore     *store,
              const char  *id,
              GError     **error)
{
  g_autoptr(JsonObject) row = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(row = event_row (store, id, error)))
    return NULL;

  return ch_event_new_from_row (row);
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
  if (!ch_event_time_check_zone (tz_id, error))
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

          g_autofree char *iso = ch_event_time_local_to_utc (tz_id, stripped, error);

          if (iso == NULL)
            return NULL;
          dt = ch_event_time_parse_utc (iso);
          json_object_set_string_member (set, utc_name, iso);
          json_object_set_string_member (merged, utc_name, iso);
        }
      else if ((text = ch_store_row_text (merged, utc_name)) != NULL)
        {
          if (!(dt = ch_event_time_parse_utc (text)))
            {
              g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                           _("“%s” is not a date and time; write it as 2026-12-08 18:00."),
                           text);
              return NULL;
            }
          if (json_object_has_member (set, utc_name))
            {
              g_autoptr(GDateTime) utc = g_date_time_to_utc (dt);
              g_autofree char *iso = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

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

  if (ch_event_kind_label (ch_store_row_text (merged, "kind")) == NULL)
    {
      g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                   _("“%s” is not a kind of event; use one of chapter-meeting, webinar, "
                     "p2p-networking, women-in-technology, board-meeting, other."),
                   ch_store_row_text (merged, "kind") ? ch_store_row_text (merged, "kind") : "");
      return NULL;
    }
  if (ch_event_format_label (ch_store_row_text (merged, "format")) == NULL)
    {
      g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                   _("“%s” is not a format; use in-person, online or hybrid."),
                   ch_store_row_text (merged, "format") ? ch_store_row_text (merged, "format")
                                                        : "");
      return NULL;
    }
  if (ch_event_status_label (ch_store_row_text (merged, "status")) == NULL)
    {
      g_set_error (error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID,
                   _("“%s” is not a status; use draft, published or cancelled."),
                   ch_store_row_text (merged, "status") ? ch_store_row_text (merged, "status")
                                                        : "");
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
                            ? _("The in-person capacity must be a whole number, 0 or more "
                                "(empty: no limit).")
                            : _("The online capacity must be a whole number, 0 or more "
                                "(empty: no limit).")), NULL;
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

/* Errors of the time module, in this module's domain. */
static void
as_events_error (GError **error)
{
  if (error == NULL || *error == NULL || (*error)->domain != CH_EVENT_TIME_ERROR)
    return;

  (*error)->domain = CH_EVENTS_ERROR;
  (*error)->code = (*error)->code == CH_EVENT_TIME_ERROR_NO_SUCH_TIME
                   ? CH_EVENTS_ERROR_NO_SUCH_TIME : CH_EVENTS_ERROR_INVALID;
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
      if (!(current = event_row (store, id, error)))
        return FALSE;
      chapter_id = ch_store_row_text (current, "chapter_id");
    }

  if (!(set = event_changes (store, chapter_id, current, fields, error)))
    {
      as_events_error (error);
      return FALSE;
    }

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
    g_autoptr(ChEvent) event = ch_event_get (store, id, error);

    if (event == NULL ||
        !ch_registrations_promote_waiting (store, event, CH_MODE_IN_PERSON, NULL, error) ||
        !ch_registrations_promote_waiting (store, event, CH_MODE_ONLINE, NULL, error))
      goto fail;
  }

  return ch_store_commit (store, error);

fail:
  ch_store_rollback (store);
  if (out_id != NULL)
    g_clear_pointer (out_id, g_free);
  return FALSE;
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
  static const char *copied[] = {
    "title", "description", "kind", "timezone", "format", "venue_name",
    "venue_address", "capacity_in_person", "join_url", "capacity_online",
  };

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(event = event_row (store, id, error)))
    return FALSE;

  tz_id = ch_store_row_text (event, "timezone");
  start_local = ch_event_time_utc_to_local (tz_id, ch_store_row_text (event, "starts_at"));
  end_local = ch_event_time_utc_to_local (tz_id, ch_store_row_text (event, "ends_at"));
  if (!ch_event_time_next_month (start_local, end_local, &new_start, &new_end))
    return set_invalid (error, _("The event has no valid time to copy."));

  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    {
      JsonNode *node = json_object_get_member (event, copied[i]);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        json_object_set_member (fields, copied[i], json_node_copy (node));
    }
  json_object_set_string_member (fields, "starts_local", new_start);
  json_object_set_string_member (fields, "ends_local", new_end);
  json_object_set_string_member (fields, "status", CH_EVENT_STATUS_DRAFT);

  return ch_event_save (store, ch_store_row_text (event, "chapter_id"), NULL, fields, out_id,
                        error);
}

gboolean
ch_event_cancel (ChStore     *store,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(event = event_row (store, id, error)))
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
  g_autofree char *now = ch_clock_now_utc_iso ();

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

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) row = ch_store_get_row (store, "event", g_ptr_array_index (ids, i),
                                                    error);

      if (row == NULL)
        return NULL;
      g_ptr_array_add (rows, ch_event_new_from_row (row));
    }

  return g_steal_pointer (&rows);
}

/* ----------------------------------------------------------------------- */
/* Counts                                                                  */

gboolean
ch_event_counts (ChStore      *store,
                 const char   *event_id,
                 ChEventCounts counts[2],
                 GError      **error)
{
  g_autoptr(ChEvent) event = NULL;
  g_autoptr(GDateTime) ends = NULL;
  g_autoptr(GDateTime) now = NULL;
  gboolean over;
  sqlite3_stmt *st = NULL;
  sqlite3 *db = ch_store_get_db (store);

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(event = ch_event_get (store, event_id, error)))
    return FALSE;

  ends = ch_event_time_parse_utc (ch_event_get_ends_at (event));
  now = g_date_time_new_from_unix_utc (ch_clock_now_us () / G_USEC_PER_SEC);
  over = ends != NULL && g_date_time_compare (ends, now) <= 0;

  for (guint i = 0; i < 2; i++)
    {
      gint64 cap = ch_event_get_capacity (event, i == 0 ? CH_MODE_IN_PERSON : CH_MODE_ONLINE);

      memset (&counts[i], 0, sizeof counts[i]);
      counts[i].capacity = cap < 0 ? G_MAXUINT : (guint) cap;
    }

  if (sqlite3_prepare_v2 (db,
                          "SELECT mode, state, checked_in_at IS NOT NULL, count(*) "
                          "FROM registration WHERE event_id = ? AND deleted = 0 GROUP BY 1, 2, 3",
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
      ChEventCounts *c = &counts[g_strcmp0 (mode, CH_MODE_ONLINE) == 0 ? 1 : 0];

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

/* ----------------------------------------------------------------------- */
/* Reconcile after a sync                                                  */

/* Seats that became free (a raised capacity, a cancellation elsewhere)
 * go to the first people waiting.  Nobody is ever moved the other way
 * here: the server gives contested seats in the order it accepted the
 * registrations, and a lowered capacity or a walk-in over capacity leaves
 * everybody seated where they are. */
static gboolean
reconcile_mode (ChStore     *store,
                ChEvent     *event,
                const char  *mode,
                GPtrArray   *moved,
                guint       *n_moved,
                GError     **error)
{
  g_autoptr(GPtrArray) promoted = g_ptr_array_new_with_free_func (g_free);

  if (ch_event_get_capacity (event, mode) < 0)
    return TRUE;

  if (!ch_registrations_promote_waiting (store, event, mode, promoted, error))
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
  g_autofree char *now = ch_clock_now_utc_iso ();
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
      g_autoptr(ChEvent) event = ch_event_get (store, g_ptr_array_index (events, i), error);

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

