/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-membership"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-membership-private.h"
#include "ch-membership.h"
#include "ch-status-sql.h"
#include "ch-iso-date.h"
#include "ch-member-status.h"
#include "ch-tier.h"
#include "ch-store-private.h"
#include "ch-tiers.h"
#include "ch-fold.h"
#include "ch-uuid.h"

G_DEFINE_QUARK (ch-membership-error-quark, ch_membership_error)

#define END ch_store_sql_end

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID, message);
  return FALSE;
}

/* ----------------------------------------------------------------------- */
/* Shared within the membership modules (ch-membership-private.h)          */

char *
ch_membership_today_iso (ChStore    *store,
                         const char *chapter_id)
{
  return ch_iso_date_from_days (ch_store_today_days (store, chapter_id));
}

gint32
ch_membership_date_days (const char *iso)
{
  return ch_iso_date_to_days (iso, -1);
}

gboolean
ch_membership_valid_date (const char *iso)
{
  return iso != NULL && ch_membership_date_days (iso) >= 0;
}

char *
ch_membership_add_days (const char *iso,
                        gint32      n)
{
  gint32 d = ch_membership_date_days (iso);

  return d < 0 ? NULL : ch_iso_date_from_days (d + n);
}

gboolean
ch_membership_date_or_today (ChStore     *store,
                             const char  *chapter_id,
                             const char  *date,
                             char       **out,
                             GQuark       domain,
                             gint         code,
                             GError     **error)
{
  if (date == NULL || *date == '\0')
    {
      *out = ch_membership_today_iso (store, chapter_id);
      return TRUE;
    }

  if (!ch_membership_valid_date (date))
    {
      g_set_error (error, domain, code, _("“%s” is not a date; write it as 2026-11-23."), date);
      return FALSE;
    }

  *out = g_strdup (date);
  return TRUE;
}

JsonObject *
ch_membership_live_row (ChStore     *store,
                        const char  *entity,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(JsonObject) row = ch_store_get_live_row (store, entity, id);

  if (row == NULL)
    {
      if (g_strcmp0 (entity, "member") == 0)
        g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND,
                     _("The member no longer exists."));
      else
        g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND,
                     _("The record no longer exists."));
      return NULL;
    }

  return g_steal_pointer (&row);
}

GPtrArray *
ch_membership_query_strings (ChStore    *store,
                             const char *sql,
                             ...)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *out;
  va_list args;

  va_start (args, sql);
  out = ch_store_query_texts_va (store, &error, sql, args);
  va_end (args);

  if (out == NULL)
    {
      g_warning ("%s: %s", sql, error->message);
      out = g_ptr_array_new_with_free_func (g_free);
    }

  return out;
}

char *
ch_membership_key_from_name (const char *name)
{
  g_autofree char *folded = ch_fold (name);
  GString *key = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (key, *p);
      else if (key->len > 0 && key->str[key->len - 1] != '-')
        g_string_append_c (key, '-');
    }
  while (key->len > 0 && key->str[key->len - 1] == '-')
    g_string_truncate (key, key->len - 1);

  return g_string_free (key, FALSE);
}

ChTierKind
ch_membership_tier_kind (ChStore    *store,
                         const char *chapter_id,
                         const char *key)
{
  /* The rule's one home is ch_tier_kind() (ch-tier.h). */
  return ch_status_sql_tier_kind (ch_store_get_db (store), chapter_id, key);
}

/* ----------------------------------------------------------------------- */
/* Periods                                                                 */

static const char *const leave_reasons[] = {
  CH_LEAVE_COST, CH_LEAVE_NO_VALUE, CH_LEAVE_MOVED, CH_LEAVE_COMPANY_CLOSED, CH_LEAVE_OTHER, NULL,
};

const char * const *
ch_membership_leave_reasons (void)
{
  return leave_reasons;
}

const char *
ch_membership_leave_reason_label (const char *reason)
{
  if (g_strcmp0 (reason, CH_LEAVE_COST) == 0)
    return _("Cost");
  if (g_strcmp0 (reason, CH_LEAVE_NO_VALUE) == 0)
    return _("Did not see the value");
  if (g_strcmp0 (reason, CH_LEAVE_MOVED) == 0)
    return _("Moved away");
  if (g_strcmp0 (reason, CH_LEAVE_COMPANY_CLOSED) == 0)
    return _("Company closed");
  if (g_strcmp0 (reason, CH_LEAVE_OTHER) == 0)
    return _("Other reason");

  return reason ? reason : "";
}

char *
ch_membership_open_period (ChStore    *store,
                           const char *member_id)
{
  g_autoptr(GPtrArray) ids = NULL;

  ids = ch_membership_query_strings (store,
                       "SELECT id FROM membership_period WHERE member_id = ? AND deleted = 0 "
                       "AND kind != 'renew' AND ends_on IS NULL ORDER BY starts_on DESC, id DESC",
                       member_id, END);

  return ids->len > 0 ? g_strdup (ids->pdata[0]) : NULL;
}

gboolean
ch_membership_ensure_join_period (ChStore     *store,
                                  JsonObject  *member,
                                  GError     **error)
{
  const char *id = ch_store_row_text (member, "id");
  const char *joined = ch_store_row_text (member, "joined_on");
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(JsonObject) set = NULL;
  g_autofree char *period_id = NULL;

  ids = ch_membership_query_strings (store,
                       "SELECT id FROM membership_period WHERE member_id = ? AND deleted = 0 "
                       "AND kind != 'renew' LIMIT 1", id, END);
  if (ids->len > 0 || !ch_membership_valid_date (joined))
    return TRUE;

  set = json_object_new ();
  json_object_set_string_member (set, "member_id", id);
  json_object_set_string_member (set, "starts_on", joined);
  json_object_set_string_member (set, "kind", CH_PERIOD_JOIN);
  if (ch_store_row_text (member, "tier"))
    json_object_set_string_member (set, "tier", ch_store_row_text (member, "tier"));

  /* The id is made of the member: two devices that both write the history
   * of a member offline make the same join period, one row on the server
   * (which refuses a second join period under another id). */
  period_id = ch_uuid_for_name (id, "membership_period:join");

  return ch_store_insert (store, "membership_period", ch_store_row_text (member, "chapter_id"),
                          period_id, set, NULL, error);
}

gboolean
ch_membership_close_open_period (ChStore     *store,
                                 const char  *member_id,
                                 const char  *ends_on,
                                 const char  *reason,
                                 GError     **error)
{
  g_autofree char *pid = ch_membership_open_period (store, member_id);
  g_autoptr(JsonObject) period = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  const char *starts;

  if (pid == NULL)
    return TRUE;
  if (!(period = ch_store_get_row (store, "membership_period", pid, error)))
    return FALSE;

  starts = ch_store_row_text (period, "starts_on");
  if (starts != NULL && g_strcmp0 (ends_on, starts) < 0)
    ends_on = starts;

  json_object_set_string_member (set, "ends_on", ends_on);
  if (reason != NULL)
    json_object_set_string_member (set, "end_reason", reason);

  return ch_store_update (store, "membership_period", pid, set, error);
}

gboolean
ch_membership_insert_period (ChStore     *store,
                             const char  *chapter_id,
                             const char  *member_id,
                             const char  *kind,
                             const char  *tier,
                             const char  *starts_on,
                             const char  *ends_on,
                             GError     **error)
{
  g_autoptr(JsonObject) set = json_object_new ();

  json_object_set_string_member (set, "member_id", member_id);
  json_object_set_string_member (set, "kind", kind);
  json_object_set_string_member (set, "starts_on", starts_on);
  if (ends_on != NULL)
    json_object_set_string_member (set, "ends_on", ends_on);
  if (tier != NULL)
    json_object_set_string_member (set, "tier", tier);

  return ch_store_insert (store, "membership_period", chapter_id, NULL, set, NULL, error);
}

ChMemberStatus
ch_membership_member_status (ChStore    *store,
                             JsonObject *member)
{
  const char *chapter_id = ch_store_row_text (member, "chapter_id");
  const char *tier = ch_store_row_text (member, "tier");

  return ch_member_status_compute_kind (ch_membership_tier_kind (store, chapter_id, tier),
                                        ch_store_row_text (member, "joined_on"),
                                        ch_store_row_text (member, "left_on"),
                                        ch_store_row_text (member, "dues_paid_until"),
                                        ch_store_grace_days (store, chapter_id),
                                        ch_store_today_days (store, chapter_id));
}

gboolean
ch_membership_change_tier (ChStore     *store,
                           const char  *member_id,
                           const char  *tier,
                           const char  *date,
                           GError     **error)
{
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(ChTier) t = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *day = NULL;
  g_autofree char *before = NULL;
  const char *chapter_id;
  const char *joined;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(member = ch_membership_live_row (store, "member", member_id, error)))
    return FALSE;
  chapter_id = ch_store_row_text (member, "chapter_id");

  if (tier == NULL || !(t = ch_tiers_find (store, chapter_id, tier)))
    {
      g_set_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID,
                   _("The chapter has no tier “%s”."), tier ? tier : "");
      return FALSE;
    }
  if (g_strcmp0 (ch_store_row_text (member, "tier"), tier) == 0)
    {
      g_set_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID,
                   _("The member is already in the tier “%s”."), ch_tier_get_name (t));
      return FALSE;
    }
  if (!ch_membership_date_or_today (store, chapter_id, date, &day, CH_MEMBERSHIP_ERROR,
                                    CH_MEMBERSHIP_ERROR_INVALID, error))
    return FALSE;
  joined = ch_store_row_text (member, "joined_on");
  if (ch_membership_valid_date (joined) && strcmp (day, joined) < 0)
    return invalid (error, _("The change cannot be before the member joined."));

  before = ch_membership_add_days (day, -1);
  json_object_set_string_member (set, "tier", tier);

  /* Moving to a paid tier starts the dues clock on that day, as joining
   * does: the member is in grace until they pay, not lapsed at once
   * because they joined the free tier years ago. */
  if (ch_tier_get_pays_dues (t))
    {
      const char *paid_until = ch_store_row_text (member, "dues_paid_until");
      g_autoptr(ChTier) old_tier = ch_tiers_find (store, chapter_id,
                                                  ch_store_row_text (member, "tier"));
      gboolean was_paying = old_tier != NULL && ch_tier_get_pays_dues (old_tier);

      if (!was_paying && (!ch_membership_valid_date (paid_until) || strcmp (paid_until, day) < 0))
        json_object_set_string_member (set, "dues_paid_until", day);
    }

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_membership_ensure_join_period (store, member, error) ||
      !ch_membership_close_open_period (store, member_id, before, NULL, error) ||
      !ch_membership_insert_period (store, chapter_id, member_id, CH_PERIOD_UPGRADE, tier, day,
                                    NULL, error) ||
      !ch_store_update (store, "member", member_id, set, error))
    {
      ch_store_rollback (store);
      return FALSE;
    }

  return ch_store_commit (store, error);
}

gboolean
ch_membership_leave (ChStore     *store,
                     const char  *member_id,
                     const char  *date,
                     const char  *reason,
                     GError     **error)
{
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *day = NULL;
  const char *chapter_id;
  const char *joined;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(member = ch_membership_live_row (store, "member", member_id, error)))
    return FALSE;
  chapter_id = ch_store_row_text (member, "chapter_id");

  if (reason == NULL || !g_strv_contains (leave_reasons, reason))
    {
      g_set_error (error, CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID,
                   _("“%s” is not a reason for leaving; use cost, no-value, moved, "
                     "company-closed or other."), reason ? reason : "");
      return FALSE;
    }
  if (!ch_membership_date_or_today (store, chapter_id, date, &day, CH_MEMBERSHIP_ERROR,
                                    CH_MEMBERSHIP_ERROR_INVALID, error))
    return FALSE;
  if (ch_store_row_text (member, "left_on") != NULL)
    return invalid (error, _("The member has already left."));
  joined = ch_store_row_text (member, "joined_on");
  if (ch_membership_valid_date (joined) && strcmp (day, joined) < 0)
    return invalid (error, _("A member cannot leave before they joined."));

  json_object_set_string_member (set, "left_on", day);
  json_object_set_string_member (set, "left_reason", reason);

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_membership_ensure_join_period (store, member, error) ||
      !ch_membership_close_open_period (store, member_id, day, reason, error) ||
      !ch_store_update (store, "member", member_id, set, error))
    {
      ch_store_rollback (store);
      return FALSE;
    }

  return ch_store_commit (store, error);
}

gint32
ch_membership_lapse_day (ChStore    *store,
                         JsonObject *member)
{
  const char *chapter_id = ch_store_row_text (member, "chapter_id");
  gint32 paid = ch_membership_date_days (ch_store_row_text (member, "dues_paid_until"));

  if (paid < 0)
    paid = ch_membership_date_days (ch_store_row_text (member, "joined_on"));
  if (paid < 0)
    return -1;

  return paid + MAX (ch_store_grace_days (store, chapter_id), 0) + 1;
}

/* The rule of ch_membership_can_rejoin(), for the member's @row. */
static gboolean
check_rejoin (ChStore     *store,
              JsonObject  *row,
              const char  *day,
              GError     **error)
{
  const char *left_on = ch_store_row_text (row, "left_on");

  if (left_on == NULL &&
      ch_membership_member_status (store, row) != CH_MEMBER_STATUS_LAPSED)
    return invalid (error, _("Only a member who left or lapsed can rejoin."));
  if (left_on != NULL && strcmp (day, left_on) <= 0)
    return invalid (error, _("A member can rejoin from the day after they left."));

  return TRUE;
}

gboolean
ch_membership_can_rejoin (ChStore     *store,
                          ChMember    *member,
                          const char  *date,
                          GError     **error)
{
  g_autofree char *day = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (CH_IS_MEMBER (member), FALSE);

  if (!ch_membership_date_or_today (store, ch_member_get_chapter_id (member), date, &day,
                                    CH_MEMBERSHIP_ERROR, CH_MEMBERSHIP_ERROR_INVALID, error))
    return FALSE;

  return check_rejoin (store, ch_member_get_fields (member), day, error);
}

gboolean
ch_membership_rejoin (ChStore     *store,
                      const char  *member_id,
                      const char  *date,
                      GError     **error)
{
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *day = NULL;
  g_autofree char *ended = NULL;
  const char *chapter_id;
  const char *reason = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(member = ch_membership_live_row (store, "member", member_id, error)))
    return FALSE;
  chapter_id = ch_store_row_text (member, "chapter_id");

  if (!ch_membership_date_or_today (store, chapter_id, date, &day, CH_MEMBERSHIP_ERROR,
                                    CH_MEMBERSHIP_ERROR_INVALID, error))
    return FALSE;

  if (!check_rejoin (store, member, day, error))
    return FALSE;

  /* A lapse is derived: the open period ends the day the member lapsed. */
  if (ch_store_row_text (member, "left_on") == NULL)
    {
      gint32 lapsed = ch_membership_lapse_day (store, member);

      ended = lapsed > 0 && lapsed - 1 < ch_membership_date_days (day)
              ? ch_iso_date_from_days (lapsed - 1)
              : ch_membership_add_days (day, -1);
    }

  json_object_set_null_member (set, "left_on");
  json_object_set_null_member (set, "left_reason");

  if (!ch_store_begin (store, error))
    return FALSE;

  /* A member who left: the period still open (one never written to,
   * e.g. left_on typed in the member form) ends on the day they left. */
  if (ended == NULL)
    ended = g_strdup (ch_store_row_text (member, "left_on"));
  /* A leave's reason ends the period; a lapse has none. */
  if (ch_store_row_text (member, "left_on") != NULL)
    reason = ch_store_row_text (member, "left_reason");

  if (!ch_membership_ensure_join_period (store, member, error) ||
      !ch_membership_close_open_period (store, member_id, ended, reason, error) ||
      !ch_membership_insert_period (store, chapter_id, member_id, CH_PERIOD_REJOIN,
                                    ch_store_row_text (member, "tier"), day, NULL, error) ||
      !ch_store_update (store, "member", member_id, set, error))
    {
      ch_store_rollback (store);
      return FALSE;
    }

  return ch_store_commit (store, error);
}

guint
ch_membership_count_conversions (ChStore    *store,
                                 const char *chapter_id,
                                 const char *from,
                                 const char *until)
{
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  guint count = 0;

  g_return_val_if_fail (CH_IS_STORE (store), 0);

  /* An upgrade period to a paid tier whose previous period had a free one. */
  if (sqlite3_prepare_v2 (db,
                          "SELECT u.tier, (SELECT p.tier FROM membership_period p "
                          "  WHERE p.member_id = u.member_id AND p.deleted = 0 "
                          "  AND p.kind != 'renew' "
                          "  AND p.starts_on < u.starts_on ORDER BY p.starts_on DESC LIMIT 1) "
                          "FROM membership_period u "
                          "WHERE u.chapter_id = ?1 AND u.kind = 'upgrade' AND u.deleted = 0 "
                          "AND (?2 IS NULL OR u.starts_on >= ?2) "
                          "AND (?3 IS NULL OR u.starts_on <= ?3)",
                          -1, &st, NULL) != SQLITE_OK)
    return 0;

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, until, -1, SQLITE_TRANSIENT);

  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *to = (const char *) sqlite3_column_text (st, 0);
      const char *prev = (const char *) sqlite3_column_text (st, 1);

      if (prev != NULL &&
          ch_membership_tier_kind (store, chapter_id, prev) == CH_TIER_KIND_FREE &&
          ch_membership_tier_kind (store, chapter_id, to) == CH_TIER_KIND_PAID)
        count++;
    }
  sqlite3_finalize (st);

  return count;
}
