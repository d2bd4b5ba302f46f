/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-data"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "ch-erase.h"
#include "ch-history.h"
#include "ch-member-data.h"
#include "ch-store-erase.h"
#include "ch-store-private.h"
#include "ch-clock.h"

G_DEFINE_QUARK (ch-member-data-error-quark, ch_member_data_error)

/* The live rows of @entity whose @column is @member_id, as JSON objects. */
static JsonArray *
rows_about (ChStore     *store,
            const char  *entity,
            const char  *column,
            const char  *member_id,
            GError     **error)
{
  g_autoptr(JsonArray) rows = json_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ? AND deleted = 0 "
                                          "ORDER BY id", entity, column);
  sqlite3_stmt *st;
  int rc;

  if (!(st = ch_store_stmt (store, sql, error)))
    return NULL;
  ch_store_bind_text (st, 1, member_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      /* Translators: %s is the database's own message */
      ch_store_set_sql_error (error, ch_store_get_db (store),
                              _("Could not read the member’s data: %s"));
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *row = ch_store_get_row (store, entity, g_ptr_array_index (ids, i), error);

      if (row == NULL)
        return NULL;
      json_object_remove_member (row, "chapter_id");
      json_array_add_object_element (rows, row);
    }

  return g_steal_pointer (&rows);
}

static gboolean
add_rows (JsonObject  *out,
          const char  *key,
          ChStore     *store,
          const char  *entity,
          const char  *column,
          const char  *member_id,
          GError     **error)
{
  JsonArray *rows = rows_about (store, entity, column, member_id, error);

  if (rows == NULL)
    return FALSE;
  json_object_set_array_member (out, key, rows);
  return TRUE;
}

/* Each registration with the title and start of its event. */
static void
add_event_titles (ChStore   *store,
                  JsonArray *registrations)
{
  for (guint i = 0; i < json_array_get_length (registrations); i++)
    {
      JsonObject *r = json_array_get_object_element (registrations, i);
      const char *event_id = json_object_get_string_member_with_default (r, "event_id", NULL);
      g_autoptr(JsonObject) event = event_id ? ch_store_get_row (store, "event", event_id, NULL)
                                             : NULL;

      if (event == NULL)
        continue;
      json_object_set_string_member (r, "event_title",
                                     json_object_get_string_member_with_default (event, "title",
                                                                                 ""));
      json_object_set_string_member (r, "event_starts_at",
                                     json_object_get_string_member_with_default (event,
                                                                                 "starts_at", ""));
    }
}

static gboolean
add_mail_outbox (JsonObject  *out,
                 ChStore     *store,
                 const char  *member_id,
                 GError     **error)
{
  JsonArray *messages = json_array_new ();
  sqlite3_stmt *st;
  int rc;

  json_object_set_array_member (out, "mail_outbox", messages);
  if (!(st = ch_store_stmt (store,
                            "SELECT to_address, to_name, subject, title, state, queued_at, sent_at "
                            "FROM mail_outbox WHERE member_id = ? ORDER BY id", error)))
    return FALSE;
  ch_store_bind_text (st, 1, member_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      static const char * const names[] = {
        "to_address", "to_name", "subject", "title", "state", "queued_at", "sent_at",
      };
      JsonObject *message = json_object_new ();

      for (guint c = 0; c < G_N_ELEMENTS (names); c++)
        {
          const char *value = (const char *) sqlite3_column_text (st, c);

          if (value != NULL)
            json_object_set_string_member (message, names[c], value);
          else
            json_object_set_null_member (message, names[c]);
        }
      json_array_add_object_element (messages, message);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return ch_store_set_sql_error (error, ch_store_get_db (store),
                                   _("Could not read the member’s data: %s"));

  return TRUE;
}

GBytes *
ch_member_data_export (ChStore     *store,
                       const char  *member_id,
                       GError     **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonObject) chapter = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *now = ch_clock_now_utc_iso ();
  JsonArray *timeline;
  JsonArray *registrations;
  char *text;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (member_id == NULL || !(member = ch_store_get_row (store, "member", member_id, NULL)))
    {
      g_set_error (error, CH_MEMBER_DATA_ERROR, CH_MEMBER_DATA_ERROR_NOT_FOUND,
                   _("There is no member “%s”."), member_id ? member_id : "");
      return NULL;
    }
  if (json_object_get_string_member_with_default (member, CH_ERASE_FIELD_ON, NULL) != NULL)
    {
      g_set_error_literal (error, CH_MEMBER_DATA_ERROR, CH_MEMBER_DATA_ERROR_ERASED,
                           _("This member was erased: nothing personal is stored any more."));
      return NULL;
    }

  json_object_set_string_member (out, "exported_at", now);
  chapter = ch_store_get_row (store, "chapter",
                              json_object_get_string_member (member, "chapter_id"), NULL);
  if (chapter != NULL)
    {
      JsonObject *c = json_object_new ();

      json_object_set_string_member (c, "id", json_object_get_string_member (chapter, "id"));
      json_object_set_string_member (c, "name",
                                     json_object_get_string_member_with_default (chapter, "name",
                                                                                 ""));
      json_object_set_object_member (out, "chapter", c);
    }
  json_object_remove_member (member, "chapter_id");
  json_object_remove_member (member, "name_key");
  json_object_remove_member (member, "email_key");
  json_object_set_object_member (out, "member", json_object_ref (member));

  if (!add_rows (out, "specialties", store, "member_specialty", "member_id", member_id, error) ||
      !add_rows (out, "periods", store, "membership_period", "member_id", member_id, error) ||
      !add_rows (out, "payments", store, "payment", "member_id", member_id, error) ||
      !add_rows (out, "roles", store, "role", "member_id", member_id, error) ||
      !add_rows (out, "registrations", store, "registration", "member_id", member_id, error) ||
      !add_rows (out, "mail_record", store, "mail_record", "member_id", member_id, error) ||
      !add_rows (out, "opportunities_given", store, "opportunity", "from_member_id", member_id,
                 error) ||
      !add_rows (out, "opportunities_received", store, "opportunity", "to_member_id", member_id,
                 error) ||
      !add_rows (out, "conflicts", store, "conflict", "row_id", member_id, error) ||
      !add_mail_outbox (out, store, member_id, error))
    return NULL;

  registrations = json_object_get_array_member (out, "registrations");
  add_event_titles (store, registrations);

  if (!(history = ch_history_list (store, member_id, error)))
    return NULL;
  timeline = json_array_new ();
  for (guint i = 0; i < history->len; i++)
    {
      ChHistoryEntry *entry = g_ptr_array_index (history, i);
      JsonObject *e = json_object_new ();

      json_object_set_string_member (e, "date", ch_history_entry_get_date (entry));
      json_object_set_string_member (e, "title", ch_history_entry_get_title (entry));
      if (ch_history_entry_get_detail (entry) != NULL)
        json_object_set_string_member (e, "detail", ch_history_entry_get_detail (entry));
      json_array_add_object_element (timeline, e);
    }
  json_object_set_array_member (out, "history", timeline);

  root = json_node_init_object (json_node_alloc (), out);
  text = json_to_string (root, TRUE);
  return g_bytes_new_take (text, strlen (text));
}

gboolean
ch_member_data_erase (ChStore     *store,
                      const char  *member_id,
                      const char  *officer,
                      GError     **error)
{
  g_autoptr(JsonObject) member = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (member_id == NULL || !(member = ch_store_get_row (store, "member", member_id, NULL)))
    {
      g_set_error (error, CH_MEMBER_DATA_ERROR, CH_MEMBER_DATA_ERROR_NOT_FOUND,
                   _("There is no member “%s”."), member_id ? member_id : "");
      return FALSE;
    }

  if (officer == NULL || officer[0] == '\0')
    officer = g_get_real_name ();
  if (g_strcmp0 (officer, "Unknown") == 0)
    officer = g_get_user_name ();

  return ch_store_erase_member (store, member_id, officer, error);
}

char *
ch_member_data_describe_erasure (ChStore    *store,
                                 const char *member_id)
{
  g_autoptr(JsonObject) member = ch_store_get_row (store, "member", member_id, NULL);
  const char *on, *by;

  if (member == NULL ||
      !(on = json_object_get_string_member_with_default (member, CH_ERASE_FIELD_ON, NULL)))
    return NULL;

  by = json_object_get_string_member_with_default (member, CH_ERASE_FIELD_BY, NULL);
  if (by == NULL)
    /* Translators: %s is a date */
    return g_strdup_printf (_("Erased on %s"), on);

  /* Translators: the first %s is a date, the second an officer's name */
  return g_strdup_printf (_("Erased on %s by %s"), on, by);
}
