/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-registrations"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-registrations-private.h"
#include "ch-store-private.h"
#include "ch-clock.h"
#include "ch-email.h"
#include "ch-uuid.h"

G_DEFINE_QUARK (ch-registrations-error-quark, ch_registrations_error)

#define END ch_store_sql_end

/* UTC now with milliseconds, "YYYY-MM-DDTHH:MM:SS.mmmZ": registration
 * times, so that ties between devices are rare (the id breaks the rest). */
static char *
now_precise (void)
{
  gint64 us = ch_clock_now_us ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, (int) ((us % G_USEC_PER_SEC) / 1000));
}

static gboolean
set_invalid (GError    **error,
             const char *message)
{
  g_set_error_literal (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID, message);
  return FALSE;
}

/* The registration row @id, unless missing or deleted. */
static JsonObject *
registration_row (ChStore     *store,
                  const char  *id,
                  GError     **error)
{
  JsonObject *row = ch_store_get_live_row (store, "registration", id);

  if (row == NULL)
    g_set_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID,
                 _("There is no registration %s."), id ? id : "");
  return row;
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
           ChEvent    *event,
           const char *mode)
{
  gint64 cap = ch_event_get_capacity (event, mode);

  return cap >= 0 && seats_taken (store, ch_event_get_id (event), mode) >= cap;
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

/* While @mode has free seats, the first person waiting gets one; the ids
 * of who got a seat are added to @promoted (if not NULL), in order. */
gboolean
ch_registrations_promote_waiting (ChStore     *store,
                 ChEvent     *event,
                 const char  *mode,
                 GPtrArray   *promoted,
                 GError     **error)
{
  const char *event_id = ch_event_get_id (event);

  if (ch_event_is_cancelled (event))
    return TRUE;

  while (!mode_full (store, event, mode))
    {
      g_autofree char *next = NULL;
      g_autoptr(JsonObject) set = json_object_new ();

      next = ch_store_query_text (store,
                                  "SELECT id FROM registration WHERE event_id = ? AND deleted = 0 "
                                  "AND state = 'waitlisted' AND mode = ? " WAITLIST_ORDER
                                  " LIMIT 1",
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
                    ChEvent     *event,
                    const char  *freed_mode,
                    char       **promoted_id,
                    GError     **error)
{
  g_autoptr(GPtrArray) promoted = g_ptr_array_new_with_free_func (g_free);

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_store_update (store, "registration", registration_id, set, error) ||
      (freed_mode != NULL &&
       !ch_registrations_promote_waiting (store, event, freed_mode, promoted, error)))
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
check_mode (ChEvent     *event,
            const char **mode,
            GError     **error)
{
  if (*mode == NULL)
    *mode = ch_event_get_default_mode (event);

  if (ch_registration_mode_label (*mode) == NULL)
    {
      g_set_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID,
                   _("“%s” is not a way to attend; use in-person or online."), *mode);
      return FALSE;
    }

  if (!ch_event_has_side (event, *mode) && g_str_equal (*mode, CH_MODE_IN_PERSON))
    return set_invalid (error, _("This event is online only; register for online attendance."));
  if (!ch_event_has_side (event, *mode))
    return set_invalid (error, _("This event is in person only; make it hybrid to register "
                                 "people online."));

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
              ChEvent     *event,
              const char  *member_id,
              const char  *guest_name,
              const char  *guest_email,
              GError     **error)
{
  if (member_id != NULL && *member_id != '\0')
    {
      g_autofree char *found = NULL;

      found = ch_store_query_text (store,
                                   "SELECT id FROM member WHERE id = ? AND chapter_id = ? "
                                   "AND deleted = 0",
                                   member_id, ch_event_get_chapter_id (event), END);
      if (found == NULL)
        {
          g_set_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID,
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

      g_set_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID,
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
  g_autoptr(ChEvent) event = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *existing = NULL;
  g_autofree char *now = NULL;
  g_autofree char *email = NULL;
  gboolean full;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (member_id != NULL && *member_id == '\0')
    member_id = NULL;

  if (!(event = ch_event_get (store, event_id, error)))
    return FALSE;
  if (ch_event_is_cancelled (event))
    return set_invalid (error, _("The event was cancelled; nobody can register for it."));
  if (!check_mode (event, &mode, error) ||
      !check_person (store, event, member_id, guest_name, guest_email, error))
    return FALSE;

  email = guest_email ? g_strstrip (g_strdup (guest_email)) : NULL;
  existing = find_existing (store, event_id, member_id, member_id ? NULL : email, FALSE);
  if (existing != NULL)
    {
      g_set_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_DUPLICATE,
                   member_id ? _("This member is already registered for the event.")
                             : _("Somebody with the e-mail address %s is already registered "
                                 "for the event."),
                   email);
      return FALSE;
    }

  full = mode_full (store, event, mode);
  now = now_precise ();

  json_object_set_string_member (set, "mode", mode);
  json_object_set_string_member (set, "state", full ? CH_REG_WAITLISTED : CH_REG_REGISTERED);
  json_object_set_string_member (set, "registered_at", now);
  if (full)
    json_object_set_int_member (set, "waitlist_position",
                                next_waitlist_position (store, event_id, mode));
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
      if (!ch_store_insert (store, "registration", ch_event_get_chapter_id (event), id, set,
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
  g_autoptr(ChEvent) event = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  gboolean had_seat;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (promoted_id != NULL)
    *promoted_id = NULL;

  if (!(reg = registration_row (store, registration_id, error)))
    return FALSE;
  if (g_strcmp0 (ch_store_row_text (reg, "state"), CH_REG_CANCELLED) == 0)
    return TRUE;
  if (!(event = ch_event_get (store, ch_store_row_text (reg, "event_id"), error)))
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
  g_autoptr(ChEvent) event = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  const char *old_mode;
  gboolean had_seat, full;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (mode != NULL, FALSE);

  if (promoted_id != NULL)
    *promoted_id = NULL;

  if (!(reg = registration_row (store, registration_id, error)))
    return FALSE;
  if (!(event = ch_event_get (store, ch_store_row_text (reg, "event_id"), error)))
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
                                next_waitlist_position (store, ch_event_get_id (event), mode));
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
      g_set_error (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID,
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

  if (!(reg = registration_row (store, registration_id, error)))
    return FALSE;

  if (attended)
    {
      g_autofree char *now = ch_clock_now_utc_iso ();

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
ch_registrations_insert_checked_in (ChStore     *store,
                                   ChEvent     *event,
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
  g_autofree char *now = ch_clock_now_utc_iso ();
  g_autofree char *registered_at = now_precise ();
  g_autofree char *id = registration_id_for (store, ch_event_get_id (event), member_id,
                                             member_id ? NULL : guest_email);

  json_object_set_string_member (set, "event_id", ch_event_get_id (event));
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

  return ch_store_insert (store, "registration", ch_event_get_chapter_id (event), id, set,
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
  g_autoptr(ChEvent) event = NULL;
  g_autofree char *existing = NULL;
  const char *mode = CH_MODE_IN_PERSON;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (member_id != NULL && *member_id == '\0')
    member_id = NULL;

  if (!(event = ch_event_get (store, event_id, error)))
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
      g_autofree char *now = ch_clock_now_utc_iso ();

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

  return ch_registrations_insert_checked_in (store, event, member_id, guest_name, guest_email,
                                            CH_MODE_IN_PERSON, CH_CHECK_IN_DOOR, -1, out_id, error);
}

ChRegistration *
ch_registration_get (ChStore     *store,
                     const char  *id,
                     GError     **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *company = NULL;
  const char *member_id;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(row = registration_row (store, id, error)))
    return NULL;

  member_id = ch_store_row_text (row, "member_id");
  if (member_id != NULL)
    {
      name = ch_store_query_text (store,
                                  "SELECT trim(coalesce(given_name, '') || ' ' || "
                                  "coalesce(family_name, '')) FROM member WHERE id = ?",
                                  member_id, END);
      email = ch_store_query_text (store, "SELECT email FROM member WHERE id = ?", member_id, END);
      company = ch_store_query_text (store, "SELECT company FROM member WHERE id = ?", member_id,
                                     END);
    }

  return ch_registration_new_from_row (row, name, email, company, 0);
}

GPtrArray *
ch_registration_list (ChStore     *store,
                      const char  *event_id,
                      GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  guint ranks[2] = { 0, 0 };
  int rc;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  if (sqlite3_prepare_v2 (db,
                          "SELECT r.id, "
                          "  CASE WHEN m.id IS NOT NULL "
                          "       THEN trim(coalesce(m.given_name, '') || ' ' || "
                          "                 coalesce(m.family_name, '')) "
                          "       ELSE r.guest_name END, "
                          "  CASE WHEN m.id IS NOT NULL THEN m.email ELSE r.guest_email END, "
                          "  m.company "
                          "FROM registration r LEFT JOIN member m ON m.id = r.member_id "
                          "WHERE r.event_id = ? AND r.deleted = 0 "
                          "ORDER BY CASE r.state WHEN 'registered' THEN 0 "
                          "                      WHEN 'waitlisted' THEN 1 ELSE 2 END, "
                          "  CASE WHEN r.state = 'waitlisted' THEN r.waitlist_position END, "
                          "  r.accepted_seq IS NULL, r.accepted_seq, r.rowid",
                          -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the registrations: %s"), sqlite3_errmsg (db));
      return NULL;
    }

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_bind_text (st, 1, event_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) row = ch_store_get_row (store, "registration",
                                                    (const char *) sqlite3_column_text (st, 0),
                                                    NULL);
      const char *name = (const char *) sqlite3_column_text (st, 1);
      const char *email = (const char *) sqlite3_column_text (st, 2);
      const char *company = (const char *) sqlite3_column_text (st, 3);
      gint64 rank = 0;

      if (row == NULL)
        continue;

      /* Stored positions are ordering keys (they may repeat or start at 0
       * after a reconcile); show the place in the queue. */
      if (g_strcmp0 (ch_store_row_text (row, "state"), CH_REG_WAITLISTED) == 0)
        {
          guint m = g_strcmp0 (ch_store_row_text (row, "mode"), CH_MODE_ONLINE) == 0 ? 1 : 0;

          rank = ++ranks[m];
        }
      g_ptr_array_add (rows, ch_registration_new_from_row (row, name ? name : "", email, company,
                                                           rank));
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

/* ----------------------------------------------------------------------- */
/* Seats given back                                                        */

/* Who would give up a seat for @reg: the seated person in its mode the
 * server accepted last (not yet synced counts as last), never somebody
 * checked in.  "" when a seat is free; NULL when nobody can. */
static char *
seat_holder (ChStore    *store,
             ChEvent    *event,
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
                              ch_event_get_id (event), mode,
                              ch_store_row_text (reg, "id"), END);
}

char *
ch_registration_seat_holder (ChStore     *store,
                             const char  *registration_id,
                             GError     **error)
{
  g_autoptr(JsonObject) reg = NULL;
  g_autoptr(ChEvent) event = NULL;
  char *holder;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(reg = registration_row (store, registration_id, error)) ||
      !(event = ch_event_get (store, ch_store_row_text (reg, "event_id"),
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

