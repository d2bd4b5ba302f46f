/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-registrations"

#include "config.h"

#include <string.h>

#include "ch-json.h"
#include "ch-server-registrations.h"
#include "ch-uuid.h"

#define REGISTERED "registered"
#define WAITLISTED "waitlisted"
#define CANCELLED  "cancelled"
#define IN_PERSON  "in-person"
#define ONLINE     "online"

static const char *
text (JsonObject *o,
      const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
is_null (JsonObject *o,
         const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static const char *
mode_of (JsonObject *o)
{
  return g_strcmp0 (text (o, "mode"), ONLINE) == 0 ? ONLINE : IN_PERSON;
}

/* The lookup key of a registration that holds a seat: the server counts
 * the seats of an event's mode by it. */
static char *
seat_key (const char *event_id,
          const char *mode)
{
  return g_strconcat ("seat:", event_id, ":", mode, NULL);
}

/* Whether the person of @fields already has another live registration
 * for the event: the row of their name-based id (see
 * ch_uuid_for_registration()), when it is not @id, or for a member any
 * other row that names them. */
static gboolean
other_registration (ChServerStore  *store,
                    const char     *chapter_id,
                    const char     *id,
                    JsonObject     *fields,
                    gboolean       *found,
                    GError        **error)
{
  g_autofree char *expected = NULL;
  g_autoptr(ChServerRecord) other = NULL;
  g_autoptr(JsonObject) other_fields = NULL;

  *found = FALSE;
  expected = ch_uuid_for_registration (text (fields, "event_id"), text (fields, "member_id"),
                                       text (fields, "guest_email"));
  if (expected == NULL)
    return TRUE;

  if (g_ascii_strcasecmp (expected, id) != 0)
    {
      if (!ch_server_store_get_record (store, chapter_id, "registration", expected, &other, error))
        return FALSE;
      if (other != NULL && !other->deleted && other->fields != NULL &&
          (other_fields = ch_json_parse_object (other->fields, strlen (other->fields), NULL)) &&
          g_strcmp0 (text (other_fields, "state"), CANCELLED) != 0)
        {
          *found = TRUE;
          return TRUE;
        }
    }

  /* A member's registration may have another id: one that followed a
   * merge into this member keeps the id made from the member merged away. */
  if (text (fields, "member_id") != NULL)
    {
      g_autoptr(GPtrArray) ids = NULL;

      if (!ch_server_store_find_refs (store, chapter_id, "registration", "member_id",
                                      text (fields, "member_id"), &ids, error))
        return FALSE;
      for (guint i = 0; i < ids->len && !*found; i++)
        {
          g_autoptr(ChServerRecord) row = NULL;
          g_autoptr(JsonObject) row_fields = NULL;

          if (g_ascii_strcasecmp (ids->pdata[i], id) == 0)
            continue;
          if (!ch_server_store_get_record (store, chapter_id, "registration", ids->pdata[i], &row,
                                           error))
            return FALSE;
          if (row == NULL || row->deleted || row->fields == NULL ||
              !(row_fields = ch_json_parse_object (row->fields, strlen (row->fields), NULL)))
            continue;
          *found = g_strcmp0 (text (row_fields, "event_id"), text (fields, "event_id")) == 0 &&
                   g_strcmp0 (text (row_fields, "state"), CANCELLED) != 0;
        }
    }

  return TRUE;
}

/* The capacity of @mode of the live, not cancelled event @event_id; -1:
 * no limit (or no such event). */
static gboolean
event_capacity (ChServerStore  *store,
                const char     *chapter_id,
                const char     *event_id,
                const char     *mode,
                gint64         *capacity,
                GError        **error)
{
  g_autoptr(ChServerRecord) record = NULL;
  g_autoptr(JsonObject) event = NULL;
  JsonNode *node;

  *capacity = -1;
  if (!ch_server_store_get_record (store, chapter_id, "event", event_id, &record, error))
    return FALSE;
  if (record == NULL || record->deleted || record->fields == NULL ||
      !(event = ch_json_parse_object (record->fields, strlen (record->fields), NULL)))
    return TRUE;
  if (g_strcmp0 (text (event, "status"), CANCELLED) == 0)
    return TRUE;

  node = json_object_get_member (event, strcmp (mode, ONLINE) == 0 ? "capacity_online"
                                                                   : "capacity_in_person");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    *capacity = json_node_get_int (node);

  return TRUE;
}

gboolean
ch_server_registration_before_write (ChServerStore  *store,
                                     const char     *chapter_id,
                                     const char     *id,
                                     gint64          version,
                                     JsonObject     *fields,
                                     gboolean       *deleted,
                                     char          **lookup_key,
                                     GError        **error)
{
  g_autoptr(ChServerRecord) prev = NULL;
  g_autoptr(JsonObject) before = NULL;
  const char *prev_state;
  const char *event_id = text (fields, "event_id");
  const char *mode = mode_of (fields);
  gboolean was_live, was_seated, is_live;
  JsonNode *seq;

  *lookup_key = NULL;
  if (!ch_server_store_get_record (store, chapter_id, "registration", id, &prev, error))
    return FALSE;

  if (prev != NULL && !prev->deleted && prev->fields != NULL)
    before = ch_json_parse_object (prev->fields, strlen (prev->fields), NULL);
  prev_state = text (before, "state");
  was_live = before != NULL && g_strcmp0 (prev_state, CANCELLED) != 0;
  was_seated = was_live && g_strcmp0 (prev_state, REGISTERED) == 0 &&
               strcmp (mode_of (before), mode) == 0;
  is_live = !*deleted && g_strcmp0 (text (fields, "state"), CANCELLED) != 0;

  /* One registration per person: a new row of another id for somebody
   * registered already is kept deleted; the device drops it on its pull.
   * So is a row moved to them (a merge on a device that did not know
   * they were registered), and a cancelled row of theirs registered
   * again (one that followed a merge into a member already registered
   * through another merge, made on another device). */
  if (is_live && event_id != NULL &&
      (!was_live || g_strcmp0 (text (before, "member_id"), text (fields, "member_id")) != 0))
    {
      gboolean found;

      if (!other_registration (store, chapter_id, id, fields, &found, error))
        return FALSE;
      if (found)
        {
          *deleted = TRUE;
          is_live = FALSE;
        }
    }

  /* Only the server sets accepted_seq: when it accepts the registration
   * (a new one, or one registered again after a cancellation). */
  seq = before != NULL ? json_object_get_member (before, "accepted_seq") : NULL;
  if (is_live && (!was_live || seq == NULL || JSON_NODE_HOLDS_NULL (seq)))
    json_object_set_int_member (fields, "accepted_seq", version);
  else if (seq != NULL)
    json_object_set_member (fields, "accepted_seq", json_node_copy (seq));
  else
    json_object_set_null_member (fields, "accepted_seq");

  if (!is_live || event_id == NULL)
    return TRUE;

  /* Whoever is checked in is in the room, and has a seat. */
  if (!is_null (fields, "checked_in_at"))
    {
      json_object_set_string_member (fields, "state", REGISTERED);
      json_object_set_null_member (fields, "waitlist_position");
    }
  else if (g_strcmp0 (text (fields, "state"), REGISTERED) == 0 && !was_seated)
    {
      g_autofree char *key = seat_key (event_id, mode);
      gint64 capacity, seated;

      /* Taking a seat: there must be one left, in the order the server
       * receives the registrations. */
      if (!event_capacity (store, chapter_id, event_id, mode, &capacity, error))
        return FALSE;
      if (capacity >= 0)
        {
          if (!ch_server_store_count_by_key (store, chapter_id, "registration", key, id, &seated,
                                             error))
            return FALSE;
          if (seated >= capacity)
            {
              /* Position 0: ahead of everybody who was already waiting. */
              json_object_set_string_member (fields, "state", WAITLISTED);
              json_object_set_int_member (fields, "waitlist_position", 0);
            }
        }
    }

  if (g_strcmp0 (text (fields, "state"), REGISTERED) == 0)
    *lookup_key = seat_key (event_id, mode);

  return TRUE;
}

void
ch_server_registration_merge (JsonObject *fields,
                              JsonObject *set)
{
  static const char *const check_in[] = {
    "state", "mode", "checked_in_at", "check_in_method", "minutes_attended",
    "waitlist_position", NULL
  };
  gboolean again = g_strcmp0 (text (fields, "state"), CANCELLED) == 0;
  gboolean checking_in = set != NULL && !is_null (set, "checked_in_at") &&
                         is_null (fields, "checked_in_at");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (set == NULL)
    return;

  json_object_iter_init (&iter, set);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (again || (checking_in && g_strv_contains (check_in, name)) ||
          (is_null (fields, name) && !JSON_NODE_HOLDS_NULL (value) &&
           strcmp (name, "waitlist_position") != 0))
        json_object_set_member (fields, name, json_node_copy (value));
    }
}
