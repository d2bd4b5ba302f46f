/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-attendance"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-attendance.h"
#include "ch-events.h"
#include "ch-registrations-private.h"
#include "ch-store-private.h"
#include "ch-clock.h"
#include "ch-email.h"
#include "ch-fold.h"

/*
 * Matching the people of an attendance report (ch-attendance-report.c)
 * to the event's registrations and the chapter's members, and marking
 * them as attended online.
 */

G_DEFINE_QUARK (ch-attendance-error-quark, ch_attendance_error)

#define END ch_store_sql_end

/* ----------------------------------------------------------------------- */
/* Matching and applying                                                   */

static char *
collapse_spaces (const char *folded)
{
  g_auto(GStrv) words = g_strsplit_set (folded ? folded : "", " \t,", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i])
      {
        if (out->len)
          g_string_append_c (out, ' ');
        g_string_append (out, words[i]);
      }

  return g_string_free (out, FALSE);
}

/* Exactly one hit, else NULL (nobody, or ambiguous). */
static char *
unique (GPtrArray *hits)
{
  if (hits == NULL || hits->len != 1)
    return NULL;

  return g_strdup (g_ptr_array_index (hits, 0));
}

gboolean
ch_attendance_match (ChStore            *store,
                     const char         *event_id,
                     ChAttendanceReport *report,
                     GError            **error)
{
  g_autoptr(ChEvent) event = NULL;
  const char *chapter_id;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  if (!(event = ch_event_get (store, event_id, error)))
    return FALSE;
  chapter_id = ch_event_get_chapter_id (event);

  for (guint i = 0; i < report->rows->len; i++)
    {
      ChAttendanceRow *row = g_ptr_array_index (report->rows, i);
      g_autofree char *email = ch_email_normalize (row->email);
      g_autofree char *folded = NULL;
      g_autofree char *name = NULL;

      if (row->match == CH_ATTENDANCE_MATCH_MANUAL || row->refused != NULL)
        continue;

      row->match = CH_ATTENDANCE_MATCH_NONE;
      g_clear_pointer (&row->member_id, g_free);
      g_clear_pointer (&row->registration_id, g_free);

      if (email != NULL)
        {
          g_autoptr(GPtrArray) regs = NULL;
          g_autoptr(GPtrArray) members = NULL;

          regs = ch_store_query_texts (store, error,
                                       "SELECT r.id FROM registration r "
                                       "LEFT JOIN member m ON m.id = r.member_id "
                                       "WHERE r.event_id = ? AND r.deleted = 0 "
                                       "AND (lower(trim(r.guest_email)) = ? OR m.email_key = ?) "
                                       "ORDER BY r.state = 'cancelled', r.registered_at",
                                       event_id, email, email, END);
          if (regs == NULL)
            return FALSE;
          members = ch_store_query_texts (store, error,
                                          "SELECT id FROM member WHERE chapter_id = ? "
                                          "AND deleted = 0 AND email_key = ?",
                                          chapter_id, email, END);
          if (members == NULL)
            return FALSE;

          if (regs->len > 0)
            row->registration_id = g_strdup (g_ptr_array_index (regs, 0));
          row->member_id = unique (members);
          if (row->registration_id != NULL || row->member_id != NULL)
            {
              row->match = CH_ATTENDANCE_MATCH_EMAIL;
              continue;
            }
        }

      folded = ch_fold (row->name);
      name = collapse_spaces (folded);
      if (*name != '\0')
        {
          g_autoptr(GPtrArray) regs = NULL;
          g_autoptr(GPtrArray) members = NULL;

          members = ch_store_query_texts (store, error,
                                          "SELECT id FROM member WHERE chapter_id = ? "
                                          "AND deleted = 0 "
                                          "AND (ch_fold(trim(coalesce(given_name, '') || ' ' || "
                                          "coalesce(family_name, ''))) = ? "
                                          "OR ch_fold(trim(coalesce(family_name, '') || ' ' || "
                                          "coalesce(given_name, ''))) = ?)",
                                          chapter_id, name, name, END);
          if (members == NULL)
            return FALSE;
          row->member_id = unique (members);

          if (row->member_id != NULL)
            regs = ch_store_query_texts (store, error,
                                         "SELECT id FROM registration WHERE event_id = ? "
                                         "AND deleted = 0 AND member_id = ? "
                                         "ORDER BY state = 'cancelled', registered_at",
                                         event_id, row->member_id, END);
          else
            regs = ch_store_query_texts (store, error,
                                         "SELECT id FROM registration WHERE event_id = ? "
                                         "AND deleted = 0 AND member_id IS NULL "
                                         "AND ch_fold(trim(guest_name)) = ? "
                                         "ORDER BY state = 'cancelled', registered_at",
                                         event_id, name, END);
          if (regs == NULL)
            return FALSE;
          if (regs->len > 0 && (row->member_id != NULL || regs->len == 1))
            row->registration_id = g_strdup (g_ptr_array_index (regs, 0));

          if (row->registration_id != NULL || row->member_id != NULL)
            row->match = CH_ATTENDANCE_MATCH_NAME;
        }
    }

  return TRUE;
}

guint
ch_attendance_apply (ChStore            *store,
                     const char         *event_id,
                     ChAttendanceReport *report,
                     GError            **error)
{
  g_autoptr(ChEvent) event = NULL;
  g_autoptr(GHashTable) minutes = NULL;   /* registration id or "m:" member id → minutes */
  g_autoptr(GPtrArray) order = NULL;
  const char *method;
  GError *local_error = NULL;
  guint marked = 0;

  g_return_val_if_fail (CH_IS_STORE (store), 0);
  g_return_val_if_fail (report != NULL, 0);

  if (!(event = ch_event_get (store, event_id, error)))
    return 0;
  if (!ch_event_has_online_side (event))
    {
      g_set_error_literal (error, CH_ATTENDANCE_ERROR, CH_ATTENDANCE_ERROR_INVALID,
                           _("This event is in person only; make it hybrid or online to record "
                             "online attendance."));
      return 0;
    }

  method = g_strcmp0 (report->source, "zoom") == 0 ? CH_CHECK_IN_ZOOM : CH_CHECK_IN_TEAMS;

  /* One person may be on several rows that matched the same registration:
   * summed in 64 bits, and never more than the meeting lasted. */
  minutes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  order = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < report->rows->len; i++)
    {
      ChAttendanceRow *row = g_ptr_array_index (report->rows, i);
      g_autofree char *key = NULL;
      guint64 *sum;

      if (row->refused != NULL)
        continue;
      if (row->registration_id != NULL)
        key = g_strdup (row->registration_id);
      else if (row->member_id != NULL)
        {
          g_autofree char *reg = NULL;

          reg = ch_store_query_text (store,
                                     "SELECT id FROM registration WHERE event_id = ? "
                                     "AND deleted = 0 AND member_id = ? "
                                     "ORDER BY state = 'cancelled', registered_at LIMIT 1",
                                     event_id, row->member_id, END);
          key = reg ? g_steal_pointer (&reg) : g_strconcat ("m:", row->member_id, NULL);
        }
      else
        continue;

      if ((sum = g_hash_table_lookup (minutes, key)) != NULL)
        *sum += row->minutes;
      else
        {
          sum = g_new (guint64, 1);
          *sum = row->minutes;
          g_hash_table_insert (minutes, g_strdup (key), sum);
          g_ptr_array_add (order, g_steal_pointer (&key));
        }
    }

  if (!ch_store_begin (store, error))
    return 0;

  for (guint i = 0; i < order->len; i++)
    {
      const char *key = g_ptr_array_index (order, i);
      guint64 *sum = g_hash_table_lookup (minutes, key);
      guint max = report->max_minutes > 0 ? report->max_minutes : CH_ATTENDANCE_MAX_SECONDS / 60;
      gint mins = (gint) MIN (*sum, (guint64) max);

      if (g_str_has_prefix (key, "m:"))
        {
          if (!ch_registrations_insert_checked_in (store, event, key + 2, NULL, NULL,
                                                   CH_MODE_ONLINE, method, mins, NULL,
                                                   &local_error))
            goto fail;
        }
      else
        {
          g_autoptr(JsonObject) reg = ch_store_get_row (store, "registration", key, &local_error);
          g_autoptr(JsonObject) set = json_object_new ();
          g_autofree char *now = ch_clock_now_utc_iso ();

          if (reg == NULL)
            goto fail;

          /* Checked in at the door already: they were in the room. */
          if (g_strcmp0 (json_object_get_string_member_with_default (reg, "check_in_method", NULL),
                         CH_CHECK_IN_DOOR) == 0)
            continue;

          json_object_set_string_member (set, "mode", CH_MODE_ONLINE);
          json_object_set_string_member (set, "state", CH_REG_REGISTERED);
          json_object_set_null_member (set, "waitlist_position");
          if (json_object_get_string_member_with_default (reg, "checked_in_at", NULL) == NULL)
            json_object_set_string_member (set, "checked_in_at", now);
          json_object_set_string_member (set, "check_in_method", method);
          json_object_set_int_member (set, "minutes_attended", mins);
          if (!ch_store_update (store, "registration", key, set, &local_error))
            goto fail;
        }

      marked++;
    }

  if (!ch_store_commit (store, error))
    return 0;

  return marked;

fail:
  ch_store_rollback (store);
  g_propagate_error (error, local_error);
  return 0;
}
