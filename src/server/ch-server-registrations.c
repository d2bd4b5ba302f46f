/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-registrations"

#include "config.h"

#include <string.h>

#include "ch-json.h"
#include "ch-server-registrations.h"
#include "ch-util.h"

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

typedef struct
{
  const char *id;            /* the row being written */
  const char *mode;
  const char *member_id;
  char       *email_key;     /* the guest's folded e-mail */
  guint       seated;        /* others registered in the mode */
  gboolean    same_person;   /* another live registration of this person */
} Scan;

static void
scan_cb (const char *entity,
         const char *id,
         gint64      version,
         gboolean    deleted,
         const char *fields,
         gsize       fields_len,
         gpointer    user_data)
{
  Scan *scan = user_data;
  g_autoptr(JsonObject) row = NULL;
  const char *state;

  if (deleted || g_strcmp0 (id, scan->id) == 0)
    return;
  if (!(row = ch_json_parse_object (fields, fields_len, NULL)))
    return;

  state = text (row, "state");
  if (g_strcmp0 (state, CANCELLED) == 0)
    return;

  if (g_strcmp0 (state, REGISTERED) == 0 && strcmp (mode_of (row), scan->mode) == 0)
    scan->seated++;

  if (scan->member_id != NULL)
    scan->same_person |= g_strcmp0 (text (row, "member_id"), scan->member_id) == 0;
  else if (scan->email_key != NULL && text (row, "member_id") == NULL)
    {
      g_autofree char *key = ch_email_normalize (text (row, "guest_email"));

      scan->same_person |= g_strcmp0 (key, scan->email_key) == 0;
    }
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
  const char *prev_state = NULL;
  const char *state = text (fields, "state");
  const char *event_id = text (fields, "event_id");
  gboolean was_live, was_seated, is_live, taking_seat, new_row;
  gint64 capacity = -1;
  Scan scan = { 0 };
  JsonNode *seq;

  *lookup_key = NULL;
  if (!ch_server_store_get_record (store, chapter_id, "registration", id, &prev, error))
    return FALSE;

  new_row = prev == NULL;
  if (prev != NULL && !prev->deleted && prev->fields != NULL)
    before = ch_json_parse_object (prev->fields, strlen (prev->fields), NULL);
  prev_state = text (before, "state");
  was_live = before != NULL && g_strcmp0 (prev_state, CANCELLED) != 0;
  was_seated = was_live && g_strcmp0 (prev_state, REGISTERED) == 0 &&
               strcmp (mode_of (before), mode_of (fields)) == 0;
  is_live = !*deleted && g_strcmp0 (state, CANCELLED) != 0;

  /* Only the server sets accepted_seq: when it accepts the registration
   * (a new one, or one registered again after a cancellation). */
  seq = prev != NULL && prev->fields != NULL && before != NULL
        ? json_object_get_member (before, "accepted_seq") : NULL;
  if (is_live && (!was_live || seq == NULL || JSON_NODE_HOLDS_NULL (seq)))
    json_object_set_int_member (fields, "accepted_seq", version);
  else if (seq != NULL)
    json_object_set_member (fields, "accepted_seq", json_node_copy (seq));
  else
    json_object_set_null_member (fields, "accepted_seq");

  if (*deleted || event_id == NULL)
    return TRUE;

  /* Whoever is checked in is in the room, and has a seat. */
  if (is_live && !is_null (fields, "checked_in_at"))
    {
      json_object_set_string_member (fields, "state", REGISTERED);
      json_object_set_null_member (fields, "waitlist_position");
      state = REGISTERED;
    }

  *lookup_key = g_strdup (event_id);
  if (!is_live)
    return TRUE;

  /* Whoever is checked in is in the room: seated even over capacity. */
  taking_seat = g_strcmp0 (state, REGISTERED) == 0 && is_null (fields, "checked_in_at") &&
                !was_seated;
  scan.mode = mode_of (fields);
  if (taking_seat &&
      !event_capacity (store, chapter_id, event_id, scan.mode, &capacity, error))
    return FALSE;

  if (!new_row && capacity < 0)
    return TRUE;

  scan.id = id;
  scan.member_id = text (fields, "member_id");
  scan.email_key = scan.member_id ? NULL : ch_email_normalize (text (fields, "guest_email"));
  if (!ch_server_store_list_by_key (store, chapter_id, "registration", event_id, scan_cb, &scan,
                                    error))
    {
      g_free (scan.email_key);
      return FALSE;
    }
  g_free (scan.email_key);

  if (new_row && scan.same_person)
    {
      /* The person is registered already under another id: one
       * registration per person; the device drops this one on its pull. */
      *deleted = TRUE;
      g_clear_pointer (lookup_key, g_free);
      return TRUE;
    }

  if (taking_seat && capacity >= 0 && scan.seated >= (guint64) capacity)
    {
      /* The last seat went to a registration the server accepted first.
       * Position 0: ahead of everybody who was already waiting. */
      json_object_set_string_member (fields, "state", WAITLISTED);
      json_object_set_int_member (fields, "waitlist_position", 0);
    }

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
