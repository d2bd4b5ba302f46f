/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-membership"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-membership.h"
#include "ch-status.h"
#include "ch-status-sql.h"
#include "ch-store-private.h"
#include "ch-util.h"

/* ----------------------------------------------------------------------- */
/* Helpers                                                                 */

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID, message);
  return FALSE;
}

static char *
today_iso (ChStore    *store,
           const char *chapter_id)
{
  return ch_days_to_iso_date (ch_store_today_days (store, chapter_id));
}

static gint32
date_days (const char *iso)
{
  return ch_iso_date_to_days (iso, -1);
}

static char *
add_days (const char *iso,
          gint32      n)
{
  gint32 d = date_days (iso);

  return d < 0 ? NULL : ch_days_to_iso_date (d + n);
}

/* The member's row; NOT_FOUND for a missing or deleted member. */
static JsonObject *
live_row (ChStore     *store,
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

/* Collects one text column of a query with text parameters; an empty
 * array (and a warning) when the query fails. */
static GPtrArray *
query_strings (ChStore    *store,
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

#define END ch_store_sql_end

static gboolean
valid_date (const char *iso)
{
  return iso != NULL && date_days (iso) >= 0;
}

/* ----------------------------------------------------------------------- */
/* Tiers                                                                   */

void
ch_tier_free (ChTier *tier)
{
  if (tier == NULL)
    return;

  g_free (tier->key);
  g_free (tier->name);
  g_free (tier);
}

static const char *const shipped_tiers[] = { CH_TIER_NETWORK, CH_TIER_CHAPTER, CH_TIER_HONORARY };

static gboolean
is_shipped_tier (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (shipped_tiers); i++)
    if (g_strcmp0 (key, shipped_tiers[i]) == 0)
      return TRUE;

  return FALSE;
}

static char *
tier_row_id (const char *chapter_id,
             const char *key)
{
  g_autofree char *name = g_strconcat ("membership_tier:", key, NULL);

  return ch_uuid_for_name (chapter_id, name);
}

GPtrArray *
ch_membership_list_tiers (ChStore     *store,
                          const char  *chapter_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) tiers = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_tier_free);
  sqlite3_stmt *st = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (shipped_tiers); i++)
    {
      ChTier *t = g_new0 (ChTier, 1);

      t->key = g_strdup (shipped_tiers[i]);
      t->name = g_strdup (ch_tier_label (shipped_tiers[i]));
      t->paid = ch_tier_kind_for_key (t->key) == CH_TIER_KIND_PAID;
      t->honorary = ch_tier_kind_for_key (t->key) == CH_TIER_KIND_HONORARY;
      g_ptr_array_add (tiers, t);
    }

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT key, name, paid FROM membership_tier "
                          "WHERE chapter_id = ? AND deleted = 0 ORDER BY position, name, key",
                          -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the tiers: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return NULL;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (st, 0);
      const char *name = (const char *) sqlite3_column_text (st, 1);
      ChTier *t = NULL;

      if (key == NULL)
        continue;

      for (guint i = 0; i < tiers->len; i++)
        if (g_strcmp0 (((ChTier *) tiers->pdata[i])->key, key) == 0)
          t = tiers->pdata[i];

      if (t == NULL)
        {
          t = g_new0 (ChTier, 1);
          t->key = g_strdup (key);
          /* A chapter's own tier counts as paid unless marked free. */
          t->paid = sqlite3_column_type (st, 2) == SQLITE_NULL || sqlite3_column_int (st, 2) != 0;
          g_ptr_array_add (tiers, t);
        }

      if (name != NULL && *name != '\0')
        {
          g_free (t->name);
          t->name = g_strdup (name);
        }
      else if (t->name == NULL)
        t->name = g_strdup (key);
    }
  sqlite3_finalize (st);

  return g_steal_pointer (&tiers);
}

/* The tier's description, or NULL when the chapter has no such tier. */
static ChTier *
find_tier (ChStore    *store,
           const char *chapter_id,
           const char *key)
{
  g_autoptr(GPtrArray) tiers = ch_membership_list_tiers (store, chapter_id, NULL);

  for (guint i = 0; tiers && i < tiers->len; i++)
    {
      ChTier *t = tiers->pdata[i];

      if (g_strcmp0 (t->key, key) == 0)
        return g_ptr_array_steal_index (tiers, i);
    }

  return NULL;
}

static ChTierKind
tier_kind (ChStore    *store,
           const char *chapter_id,
           const char *key)
{
  /* The rule's one home is ch_tier_kind() (ch-status.h). */
  return ch_tier_kind_in_db (ch_store_get_db (store), chapter_id, key);
}

static char *
key_from_name (const char *name)
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

gboolean
ch_membership_save_tier (ChStore     *store,
                         const char  *chapter_id,
                         const char  *key,
                         const char  *name,
                         gboolean     paid,
                         GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *made_key = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) set = json_object_new ();

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (chapter_id != NULL, FALSE);

  if (*trimmed == '\0')
    return invalid (error, _("Give the tier a name."));

  if (key == NULL)
    {
      made_key = key_from_name (trimmed);
      if (*made_key == '\0')
        return invalid (error, _("The tier’s name needs at least one letter or digit."));
      key = made_key;
    }

  /* The shipped tiers keep their rules; only their names change. */
  if (is_shipped_tier (key))
    paid = ch_tier_kind_for_key (key) == CH_TIER_KIND_PAID;

  id = tier_row_id (chapter_id, key);
  json_object_set_string_member (set, "name", trimmed);
  json_object_set_boolean_member (set, "paid", paid);

  row = ch_store_get_row (store, "membership_tier", id, NULL);
  if (row == NULL)
    {
      gint64 position = 0;

      if (is_shipped_tier (key))
        {
          for (guint i = 0; i < G_N_ELEMENTS (shipped_tiers); i++)
            if (g_strcmp0 (shipped_tiers[i], key) == 0)
              position = i;
        }
      else
        {
          g_autoptr(GPtrArray) tiers = ch_membership_list_tiers (store, chapter_id, NULL);
          position = tiers ? tiers->len : 3;
        }

      json_object_set_string_member (set, "key", key);
      json_object_set_int_member (set, "position", position);
      return ch_store_insert (store, "membership_tier", chapter_id, id, set, NULL, error);
    }

  if (!ch_store_begin (store, error))
    return FALSE;
  if ((json_object_get_boolean_member (row, "deleted") &&
       !ch_store_restore (store, "membership_tier", id, error)) ||
      !ch_store_update (store, "membership_tier", id, set, error))
    {
      ch_store_rollback (store);
      return FALSE;
    }

  return ch_store_commit (store, error);
}

/* ----------------------------------------------------------------------- */
/* Periods                                                                 */

static const char *const leave_reasons[] = {
  CH_LEAVE_COST, CH_LEAVE_NO_VALUE, CH_LEAVE_MOVED, CH_LEAVE_COMPANY_CLOSED, CH_LEAVE_OTHER, NULL,
};

const char * const *
ch_leave_reasons (void)
{
  return leave_reasons;
}

const char *
ch_leave_reason_label (const char *reason)
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

/* The member's open period (join, upgrade or rejoin without an end). */
static char *
open_period (ChStore    *store,
             const char *member_id)
{
  g_autoptr(GPtrArray) ids = NULL;

  ids = query_strings (store,
                       "SELECT id FROM membership_period WHERE member_id = ? AND deleted = 0 "
                       "AND kind != 'renew' AND ends_on IS NULL ORDER BY starts_on DESC, id DESC",
                       member_id, END);

  return ids->len > 0 ? g_strdup (ids->pdata[0]) : NULL;
}

/* A member added without a history gets the join period their joined_on
 * implies, the first time the history is written to. */
static gboolean
ensure_join_period (ChStore     *store,
                    JsonObject  *member,
                    GError     **error)
{
  const char *id = ch_store_row_text (member, "id");
  const char *joined = ch_store_row_text (member, "joined_on");
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(JsonObject) set = NULL;
  g_autofree char *period_id = NULL;

  ids = query_strings (store,
                       "SELECT id FROM membership_period WHERE member_id = ? AND deleted = 0 "
                       "AND kind != 'renew' LIMIT 1", id, END);
  if (ids->len > 0 || !valid_date (joined))
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

/* Ends the open period on @ends_on (never before it started). */
static gboolean
close_open_period (ChStore     *store,
                   const char  *member_id,
                   const char  *ends_on,
                   const char  *reason,
                   GError     **error)
{
  g_autofree char *pid = open_period (store, member_id);
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

static gboolean
insert_period (ChStore     *store,
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

static ChMemberStatus
member_status (ChStore    *store,
               JsonObject *member)
{
  const char *chapter_id = ch_store_row_text (member, "chapter_id");

  return ch_member_status_compute_kind (tier_kind (store, chapter_id, ch_store_row_text (member, "tier")),
                                        ch_store_row_text (member, "joined_on"),
                                        ch_store_row_text (member, "left_on"),
                                        ch_store_row_text (member, "dues_paid_until"),
                                        ch_store_grace_days (store, chapter_id),
                                        ch_store_today_days (store, chapter_id));
}

/* @date, or today in the chapter's zone when NULL; FALSE if not a date. */
static gboolean
date_or_today (ChStore     *store,
               const char  *chapter_id,
               const char  *date,
               char       **out,
               GError     **error)
{
  if (date == NULL || *date == '\0')
    {
      *out = today_iso (store, chapter_id);
      return TRUE;
    }

  if (!valid_date (date))
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                   _("“%s” is not a date; write it as 2026-11-23."), date);
      return FALSE;
    }

  *out = g_strdup (date);
  return TRUE;
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

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(member = live_row (store, "member", member_id, error)))
    return FALSE;
  chapter_id = ch_store_row_text (member, "chapter_id");

  if (tier == NULL || !(t = find_tier (store, chapter_id, tier)))
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                   _("The chapter has no tier “%s”."), tier ? tier : "");
      return FALSE;
    }
  if (g_strcmp0 (ch_store_row_text (member, "tier"), tier) == 0)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                   _("The member is already in the tier “%s”."), t->name);
      return FALSE;
    }
  if (!date_or_today (store, chapter_id, date, &day, error))
    return FALSE;
  if (valid_date (ch_store_row_text (member, "joined_on")) && strcmp (day, ch_store_row_text (member, "joined_on")) < 0)
    return invalid (error, _("The change cannot be before the member joined."));

  before = add_days (day, -1);
  json_object_set_string_member (set, "tier", tier);

  /* Moving to a paid tier starts the dues clock on that day, as joining
   * does: the member is in grace until they pay, not lapsed at once
   * because they joined the free tier years ago. */
  if (t->paid && !t->honorary)
    {
      const char *paid_until = ch_store_row_text (member, "dues_paid_until");
      g_autoptr(ChTier) old_tier = find_tier (store, chapter_id, ch_store_row_text (member, "tier"));
      gboolean was_paying = old_tier != NULL && old_tier->paid && !old_tier->honorary;

      if (!was_paying && (!valid_date (paid_until) || strcmp (paid_until, day) < 0))
        json_object_set_string_member (set, "dues_paid_until", day);
    }

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ensure_join_period (store, member, error) ||
      !close_open_period (store, member_id, before, NULL, error) ||
      !insert_period (store, chapter_id, member_id, CH_PERIOD_UPGRADE, tier, day, NULL, error) ||
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

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(member = live_row (store, "member", member_id, error)))
    return FALSE;
  chapter_id = ch_store_row_text (member, "chapter_id");

  if (reason == NULL || !g_strv_contains (leave_reasons, reason))
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                   _("“%s” is not a reason for leaving; use cost, no-value, moved, "
                     "company-closed or other."), reason ? reason : "");
      return FALSE;
    }
  if (!date_or_today (store, chapter_id, date, &day, error))
    return FALSE;
  if (ch_store_row_text (member, "left_on") != NULL)
    return invalid (error, _("The member has already left."));
  if (valid_date (ch_store_row_text (member, "joined_on")) && strcmp (day, ch_store_row_text (member, "joined_on")) < 0)
    return invalid (error, _("A member cannot leave before they joined."));

  json_object_set_string_member (set, "left_on", day);
  json_object_set_string_member (set, "left_reason", reason);

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ensure_join_period (store, member, error) ||
      !close_open_period (store, member_id, day, reason, error) ||
      !ch_store_update (store, "member", member_id, set, error))
    {
      ch_store_rollback (store);
      return FALSE;
    }

  return ch_store_commit (store, error);
}

/* The day a paid member lapsed: the day after dues + grace, or -1. */
static gint32
lapse_day (ChStore    *store,
           JsonObject *member)
{
  const char *chapter_id = ch_store_row_text (member, "chapter_id");
  gint32 paid = date_days (ch_store_row_text (member, "dues_paid_until"));

  if (paid < 0)
    paid = date_days (ch_store_row_text (member, "joined_on"));
  if (paid < 0)
    return -1;

  return paid + MAX (ch_store_grace_days (store, chapter_id), 0) + 1;
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
  ChMemberStatus status;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(member = live_row (store, "member", member_id, error)))
    return FALSE;
  chapter_id = ch_store_row_text (member, "chapter_id");

  if (!date_or_today (store, chapter_id, date, &day, error))
    return FALSE;

  status = member_status (store, member);
  if (ch_store_row_text (member, "left_on") == NULL && status != CH_MEMBER_STATUS_LAPSED)
    return invalid (error, _("Only a member who left or lapsed can rejoin."));
  if (ch_store_row_text (member, "left_on") != NULL && strcmp (day, ch_store_row_text (member, "left_on")) <= 0)
    return invalid (error, _("A member can rejoin only after the day they left."));

  /* A lapse is derived: the open period ends the day the member lapsed. */
  if (ch_store_row_text (member, "left_on") == NULL)
    {
      gint32 lapsed = lapse_day (store, member);

      ended = lapsed > 0 && lapsed - 1 < date_days (day) ? ch_days_to_iso_date (lapsed - 1)
                                                         : add_days (day, -1);
    }

  json_object_set_null_member (set, "left_on");
  json_object_set_null_member (set, "left_reason");

  if (!ch_store_begin (store, error))
    return FALSE;

  /* A member who left: the period still open (one never written to,
   * e.g. left_on typed in the member form) ends on the day they left. */
  if (ended == NULL)
    ended = g_strdup (ch_store_row_text (member, "left_on"));

  if (!ensure_join_period (store, member, error) ||
      !close_open_period (store, member_id, ended,
                          ch_store_row_text (member, "left_on") ? ch_store_row_text (member, "left_reason") : NULL, error) ||
      !insert_period (store, chapter_id, member_id, CH_PERIOD_REJOIN, ch_store_row_text (member, "tier"),
                      day, NULL, error) ||
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
                          "  WHERE p.member_id = u.member_id AND p.deleted = 0 AND p.kind != 'renew' "
                          "  AND p.starts_on < u.starts_on ORDER BY p.starts_on DESC LIMIT 1) "
                          "FROM membership_period u "
                          "WHERE u.chapter_id = ?1 AND u.kind = 'upgrade' AND u.deleted = 0 "
                          "AND (?2 IS NULL OR u.starts_on >= ?2) AND (?3 IS NULL OR u.starts_on <= ?3)",
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
          tier_kind (store, chapter_id, prev) == CH_TIER_KIND_FREE &&
          tier_kind (store, chapter_id, to) == CH_TIER_KIND_PAID)
        count++;
    }
  sqlite3_finalize (st);

  return count;
}

/* ----------------------------------------------------------------------- */
/* History                                                                 */

void
ch_history_entry_free (ChHistoryEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->date);
  g_free (entry->title);
  g_free (entry->detail);
  g_free (entry->row_id);
  g_free (entry);
}

static ChHistoryEntry *
history_add (GPtrArray     *entries,
             ChHistoryKind  kind,
             const char    *date,
             char          *title,
             char          *detail,
             const char    *row_id)
{
  ChHistoryEntry *e = g_new0 (ChHistoryEntry, 1);

  e->kind = kind;
  e->date = g_strdup (date);
  e->title = title;
  e->detail = detail;
  e->row_id = g_strdup (row_id);
  g_ptr_array_add (entries, e);

  return e;
}

static char *
gap_text (gint32 days)
{
  if (days >= 60)
    {
      guint months = (guint) (days / 30.44 + 0.5);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Gap of %u month", "Gap of %u months",
                                           months), months);
    }

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Gap of %d day", "Gap of %d days", days),
                          days);
}

/* On one day: the membership starts, then what happens in it, then it ends. */
static int
kind_rank (ChHistoryKind kind)
{
  switch (kind)
    {
    case CH_HISTORY_JOIN: return 0;
    case CH_HISTORY_REJOIN: return 1;
    case CH_HISTORY_UPGRADE: return 2;
    case CH_HISTORY_ROLE_START: return 3;
    case CH_HISTORY_PAYMENT: return 4;
    case CH_HISTORY_RENEW: return 5;
    case CH_HISTORY_LAPSE: return 6;
    case CH_HISTORY_ROLE_END: return 7;
    case CH_HISTORY_LEAVE: return 8;
    default: return 9;
    }
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const ChHistoryEntry *ea = *(ChHistoryEntry * const *) a;
  const ChHistoryEntry *eb = *(ChHistoryEntry * const *) b;
  int c = g_strcmp0 (ea->date, eb->date);

  return c != 0 ? c : kind_rank (ea->kind) - kind_rank (eb->kind);
}

GPtrArray *
ch_membership_history (ChStore     *store,
                       const char  *member_id,
                       GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_history_entry_free);
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gint32));  /* lapse/leave days */
  g_autofree char *today = NULL;
  const char *chapter_id;
  gboolean any_segment = FALSE;
  g_autofree char *previous_tier = NULL;
  gint32 grace;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(member = ch_store_get_row (store, "member", member_id, error)))
    return NULL;
  chapter_id = ch_store_row_text (member, "chapter_id");
  today = today_iso (store, chapter_id);
  grace = MAX (ch_store_grace_days (store, chapter_id), 0);

  /* Payments, and the lapses they imply for paid tiers. */
  payments = query_strings (store,
                            "SELECT id FROM payment WHERE member_id = ? AND deleted = 0 "
                            "ORDER BY covers_from, paid_on, id", member_id, END);
  {
    gint32 covered = -1;  /* last day covered so far */
    gboolean paid_tier = tier_kind (store, chapter_id, ch_store_row_text (member, "tier")) == CH_TIER_KIND_PAID;

    for (guint i = 0; i < payments->len; i++)
      {
        g_autoptr(JsonObject) p = ch_store_get_row (store, "payment", payments->pdata[i], NULL);
        g_autofree char *money = NULL;
        gint32 from, until;

        if (p == NULL)
          continue;

        money = ch_format_money (json_object_get_int_member_with_default (p, "amount", 0),
                                 ch_store_row_text (p, "currency"));
        history_add (entries, CH_HISTORY_PAYMENT, ch_store_row_text (p, "paid_on"),
                     g_strdup_printf (_("Paid %s"), money),
                     ch_store_row_text (p, "covers_from") && ch_store_row_text (p, "covers_until")
                     ? g_strdup_printf (_("Covers %s to %s"), ch_store_row_text (p, "covers_from"),
                                        ch_store_row_text (p, "covers_until"))
                     : NULL,
                     payments->pdata[i]);

        from = date_days (ch_store_row_text (p, "covers_from"));
        until = date_days (ch_store_row_text (p, "covers_until"));
        if (paid_tier && covered >= 0 && from > covered + grace + 1)
          {
            g_autofree char *day = ch_days_to_iso_date (covered + grace + 1);
            g_autofree char *paid = ch_days_to_iso_date (covered);

            history_add (entries, CH_HISTORY_LAPSE, day, g_strdup (_("Lapsed")),
                         g_strdup_printf (_("Dues were paid until %s"), paid), NULL);
            g_array_append_val (ends, covered);
          }
        if (until > covered)
          covered = until;
      }

    if (paid_tier && ch_store_row_text (member, "left_on") == NULL &&
        member_status (store, member) == CH_MEMBER_STATUS_LAPSED)
      {
        gint32 lapsed = lapse_day (store, member);
        g_autofree char *pid = open_period (store, member_id);
        g_autoptr(JsonObject) open = pid ? ch_store_get_row (store, "membership_period", pid, NULL) : NULL;
        gint32 open_start = open ? date_days (ch_store_row_text (open, "starts_on")) : -1;

        /* Came back (or moved to a paid tier) and has not paid since:
         * lapsed from that day on, not from long before. */
        if (lapsed > 0 && open_start > lapsed)
          lapsed = open_start;

        if (lapsed > 0)
          {
            g_autofree char *day = ch_days_to_iso_date (lapsed);
            g_autofree char *paid = ch_days_to_iso_date (lapsed - grace - 1);
            gint32 end = lapsed - 1;

            history_add (entries, CH_HISTORY_LAPSE, day, g_strdup (_("Lapsed")),
                         g_strdup_printf (_("Dues were paid until %s"), paid), NULL);
            g_array_append_val (ends, end);
          }
      }
  }

  /* Periods: joins, renewals, upgrades, rejoins and the ends of leaves. */
  periods = query_strings (store,
                           "SELECT id FROM membership_period WHERE member_id = ? AND deleted = 0 "
                           "ORDER BY starts_on, id", member_id, END);
  for (guint i = 0; i < periods->len; i++)
    {
      g_autoptr(JsonObject) p = ch_store_get_row (store, "membership_period", periods->pdata[i], NULL);
      const char *kind;
      const char *tier_name;
      g_autoptr(ChTier) t = NULL;

      if (p == NULL)
        continue;

      kind = ch_store_row_text (p, "kind");
      t = find_tier (store, chapter_id, ch_store_row_text (p, "tier"));
      tier_name = t ? t->name : ch_tier_label (ch_store_row_text (p, "tier"));

      if (g_strcmp0 (kind, CH_PERIOD_RENEW) == 0)
        history_add (entries, CH_HISTORY_RENEW, ch_store_row_text (p, "starts_on"), g_strdup (_("Renewed")),
                     ch_store_row_text (p, "ends_on")
                     ? g_strdup_printf (_("Until %s"), ch_store_row_text (p, "ends_on")) : NULL,
                     periods->pdata[i]);
      else
        {
          any_segment = TRUE;

          if (g_strcmp0 (kind, CH_PERIOD_UPGRADE) == 0)
            {
              /* The detail says when it counted as a conversion. */
              gboolean conversion = previous_tier != NULL &&
                                    tier_kind (store, chapter_id, previous_tier) == CH_TIER_KIND_FREE &&
                                    tier_kind (store, chapter_id, ch_store_row_text (p, "tier")) == CH_TIER_KIND_PAID;

              history_add (entries, CH_HISTORY_UPGRADE, ch_store_row_text (p, "starts_on"),
                           g_strdup_printf (_("Moved to %s"), tier_name),
                           conversion ? g_strdup (_("From a free tier to a paid one")) : NULL,
                           periods->pdata[i]);
            }
          else if (g_strcmp0 (kind, CH_PERIOD_REJOIN) == 0)
            {
              gint32 start = date_days (ch_store_row_text (p, "starts_on"));
              gint32 last_end = -1;
              char *detail = NULL;

              /* The gap since the leave or lapse before this rejoin. */
              for (guint j = 0; j < i; j++)
                {
                  g_autoptr(JsonObject) q = ch_store_get_row (store, "membership_period",
                                                              periods->pdata[j], NULL);
                  gint32 e = q ? date_days (ch_store_row_text (q, "ends_on")) : -1;

                  if (q && g_strcmp0 (ch_store_row_text (q, "kind"), CH_PERIOD_RENEW) != 0 &&
                      e < start && e > last_end)
                    last_end = e;
                }
              for (guint j = 0; j < ends->len; j++)
                if (g_array_index (ends, gint32, j) < start &&
                    g_array_index (ends, gint32, j) > last_end)
                  last_end = g_array_index (ends, gint32, j);

              if (last_end >= 0 && start - last_end - 1 > 0)
                detail = gap_text (start - last_end - 1);

              history_add (entries, CH_HISTORY_REJOIN, ch_store_row_text (p, "starts_on"),
                           g_strdup_printf (_("Rejoined as %s"), tier_name), detail,
                           periods->pdata[i]);
            }
          else
            history_add (entries, CH_HISTORY_JOIN, ch_store_row_text (p, "starts_on"),
                         g_strdup_printf (_("Joined as %s"), tier_name), NULL, periods->pdata[i]);

          g_free (previous_tier);
          previous_tier = g_strdup (ch_store_row_text (p, "tier"));

          if (ch_store_row_text (p, "end_reason") != NULL && ch_store_row_text (p, "ends_on") != NULL)
            history_add (entries, CH_HISTORY_LEAVE, ch_store_row_text (p, "ends_on"), g_strdup (_("Left")),
                         g_strdup (ch_leave_reason_label (ch_store_row_text (p, "end_reason"))),
                         periods->pdata[i]);
        }
    }

  if (!any_segment && valid_date (ch_store_row_text (member, "joined_on")))
    {
      g_autoptr(ChTier) t = find_tier (store, chapter_id, ch_store_row_text (member, "tier"));

      history_add (entries, CH_HISTORY_JOIN, ch_store_row_text (member, "joined_on"),
                   g_strdup_printf (_("Joined as %s"),
                                    t ? t->name : ch_tier_label (ch_store_row_text (member, "tier"))),
                   NULL, NULL);
      if (ch_store_row_text (member, "left_on") != NULL)
        history_add (entries, CH_HISTORY_LEAVE, ch_store_row_text (member, "left_on"), g_strdup (_("Left")),
                     ch_store_row_text (member, "left_reason")
                     ? g_strdup (ch_leave_reason_label (ch_store_row_text (member, "left_reason"))) : NULL,
                     NULL);
    }

  /* Roles */
  roles = query_strings (store,
                         "SELECT id FROM role WHERE member_id = ? AND deleted = 0 ORDER BY starts_on",
                         member_id, END);
  for (guint i = 0; i < roles->len; i++)
    {
      g_autoptr(JsonObject) r = ch_store_get_row (store, "role", roles->pdata[i], NULL);
      const char *label;

      if (r == NULL)
        continue;

      label = ch_role_label (ch_store_row_text (r, "role"));
      if (ch_store_row_text (r, "starts_on"))
        history_add (entries, CH_HISTORY_ROLE_START, ch_store_row_text (r, "starts_on"),
                     g_strdup_printf (_("Became %s"), label), NULL, roles->pdata[i]);
      if (ch_store_row_text (r, "ends_on") && strcmp (ch_store_row_text (r, "ends_on"), today) <= 0)
        history_add (entries, CH_HISTORY_ROLE_END, ch_store_row_text (r, "ends_on"),
                     g_strdup_printf (_("Ended as %s"), label), NULL, roles->pdata[i]);
    }

  g_ptr_array_sort (entries, compare_entries);

  return g_steal_pointer (&entries);
}

/* ----------------------------------------------------------------------- */
/* Payments                                                                */

static const char *const payment_methods[] = {
  CH_PAYMENT_METHOD_BANK_TRANSFER, CH_PAYMENT_METHOD_CARD, CH_PAYMENT_METHOD_CASH,
  CH_PAYMENT_METHOD_INVOICE, CH_PAYMENT_METHOD_OTHER, NULL,
};

const char * const *
ch_payment_methods (void)
{
  return payment_methods;
}

const char *
ch_payment_method_label (const char *method)
{
  if (g_strcmp0 (method, CH_PAYMENT_METHOD_BANK_TRANSFER) == 0)
    return _("Bank transfer");
  if (g_strcmp0 (method, CH_PAYMENT_METHOD_CARD) == 0)
    return _("Card");
  if (g_strcmp0 (method, CH_PAYMENT_METHOD_CASH) == 0)
    return _("Cash");
  if (g_strcmp0 (method, CH_PAYMENT_METHOD_INVOICE) == 0)
    return _("Invoice");
  if (g_strcmp0 (method, CH_PAYMENT_METHOD_OTHER) == 0)
    return _("Other");

  return method ? method : "";
}

void
ch_payment_total_free (ChPaymentTotal *total)
{
  if (total == NULL)
    return;

  g_free (total->period);
  g_free (total->currency);
  g_free (total);
}

static guint
period_months (const char *dues_period)
{
  if (g_strcmp0 (dues_period, "monthly") == 0)
    return 1;
  if (g_strcmp0 (dues_period, "quarterly") == 0)
    return 3;

  return 12;
}

/* The last day covered by a payment covering from @from for @months:
 * @from plus the months (month ends clamp: 31 Jan + 1 month = 29 Feb in a
 * leap year), minus one day. */
static char *
coverage_until (const char *from,
                guint       months)
{
  GDate date;

  if (!ch_date_parse (from, &date))
    return NULL;

  g_date_add_months (&date, months);
  g_date_subtract_days (&date, 1);

  return ch_date_format (&date);
}

gboolean
ch_membership_default_coverage (ChStore     *store,
                                const char  *member_id,
                                const char  *paid_on,
                                char       **covers_from,
                                char       **covers_until,
                                GError     **error)
{
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonObject) chapter = NULL;
  g_autofree char *from = NULL;
  const char *paid_until;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(member = live_row (store, "member", member_id, error)))
    return FALSE;
  if (!valid_date (paid_on))
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                   _("“%s” is not a date; write it as 2026-11-23."), paid_on ? paid_on : "");
      return FALSE;
    }

  chapter = ch_store_get_row (store, "chapter", ch_store_row_text (member, "chapter_id"), NULL);
  paid_until = ch_store_row_text (member, "dues_paid_until");

  from = valid_date (paid_until) ? add_days (paid_until, 1) : NULL;
  if (from != NULL && strcmp (from, paid_on) < 0)
    {
      /* Paid late.  Within the grace days the renewal continues from the
       * old end, unless the chapter's rule starts it on the payment day;
       * after a lapse it starts on the payment day (coming back). */
      if (date_days (paid_on) >= lapse_day (store, member) ||
          g_strcmp0 (ch_store_row_text (chapter, "renewal_start"),
                     CH_RENEWAL_START_PAYMENT_DAY) == 0)
        g_clear_pointer (&from, g_free);
    }
  if (from == NULL)
    from = g_strdup (paid_on);

  if (covers_until != NULL)
    *covers_until = coverage_until (from, period_months (ch_store_row_text (chapter, "dues_period")));
  if (covers_from != NULL)
    *covers_from = g_steal_pointer (&from);

  return TRUE;
}

/* The latest covers_until of the member's live payments, or NULL. */
static char *
latest_coverage (ChStore    *store,
                 const char *member_id)
{
  g_autoptr(GPtrArray) rows = query_strings (store,
                                             "SELECT max (covers_until) FROM payment "
                                             "WHERE member_id = ? AND deleted = 0 "
                                             "AND covers_until IS NOT NULL", member_id, END);

  return rows->len > 0 && rows->pdata[0] != NULL ? g_strdup (rows->pdata[0]) : NULL;
}

/* dues_paid_until follows the payments.  Without payments it is kept as
 * typed (a chapter that starts with Chapterhouse has no payment history). */
static gboolean
update_paid_until (ChStore     *store,
                   const char  *member_id,
                   gboolean     payment_deleted,
                   GError     **error)
{
  g_autofree char *latest = latest_coverage (store, member_id);
  g_autoptr(JsonObject) set = json_object_new ();

  if (latest == NULL && !payment_deleted)
    return TRUE;

  if (latest != NULL)
    json_object_set_string_member (set, "dues_paid_until", latest);
  else
    json_object_set_null_member (set, "dues_paid_until");

  return ch_store_update (store, "member", member_id, set, error);
}

static gboolean
check_currency (const char *currency)
{
  if (currency == NULL || strlen (currency) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isupper (currency[i]))
      return FALSE;

  return TRUE;
}

/* Whether the member's open period started after their dues ran out (an
 * explicit rejoin): their next payment is then a renewal, not a rejoin. */
static gboolean
rejoined_since_lapse (ChStore    *store,
                      JsonObject *member)
{
  g_autofree char *pid = open_period (store, ch_store_row_text (member, "id"));
  g_autoptr(JsonObject) period = NULL;
  gint32 lapsed = lapse_day (store, member);

  if (pid == NULL || !(period = ch_store_get_row (store, "membership_period", pid, NULL)))
    return FALSE;

  return g_strcmp0 (ch_store_row_text (period, "kind"), CH_PERIOD_REJOIN) == 0 &&
         date_days (ch_store_row_text (period, "starts_on")) >= lapsed - MAX (ch_store_grace_days (store, ch_store_row_text (member, "chapter_id")), 0);
}

gboolean
ch_membership_record_payment (ChStore     *store,
                              const char  *member_id,
                              JsonObject  *fields,
                              char       **out_id,
                              GError     **error)
{
  static const char *known[] = { "amount", "currency", "paid_on", "covers_from", "covers_until",
                                 "method", "reference", NULL };
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonObject) chapter = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *id = NULL;
  const char *chapter_id;
  const char *paid_on;
  const char *currency;
  const char *method;
  JsonNode *amount;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (!(member = live_row (store, "member", member_id, error)))
    return FALSE;
  chapter_id = ch_store_row_text (member, "chapter_id");
  chapter = ch_store_get_row (store, "chapter", chapter_id, NULL);

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &node))
    if (!g_strv_contains (known, name))
      {
        g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                     _("“%s” is not a field of a payment."), name);
        return FALSE;
      }

  amount = json_object_get_member (fields, "amount");
  if (amount == NULL || !JSON_NODE_HOLDS_VALUE (amount) ||
      json_node_get_value_type (amount) != G_TYPE_INT64)
    return invalid (error, _("Enter the amount in minor units (cents), e.g. 15000."));
  if (json_node_get_int (amount) <= 0)
    return invalid (error, _("The amount must be more than zero."));

  paid_on = ch_store_row_text (fields, "paid_on");
  if (paid_on == NULL)
    return invalid (error, _("Enter the day the payment was made."));
  if (!valid_date (paid_on))
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                   _("“%s” is not a date; write it as 2026-11-23."), paid_on);
      return FALSE;
    }

  if ((ch_store_row_text (fields, "covers_from") == NULL) != (ch_store_row_text (fields, "covers_until") == NULL))
    return invalid (error, _("Give both the first and the last day the payment covers, or neither."));

  if (ch_store_row_text (fields, "covers_from") != NULL)
    {
      if (!valid_date (ch_store_row_text (fields, "covers_from")) || !valid_date (ch_store_row_text (fields, "covers_until")))
        return invalid (error, _("The period covered must be two dates written as 2026-11-23."));
      if (strcmp (ch_store_row_text (fields, "covers_from"), ch_store_row_text (fields, "covers_until")) > 0)
        return invalid (error, _("The period covered ends before it starts."));
      from = g_strdup (ch_store_row_text (fields, "covers_from"));
      until = g_strdup (ch_store_row_text (fields, "covers_until"));
    }
  else if (!ch_membership_default_coverage (store, member_id, paid_on, &from, &until, error))
    return FALSE;

  currency = ch_store_row_text (fields, "currency");
  if (currency == NULL)
    currency = ch_store_row_text (chapter, "currency");
  if (!check_currency (currency))
    return invalid (error, _("The currency must be a three-letter code such as EUR or USD."));

  method = ch_store_row_text (fields, "method");
  if (method != NULL && !g_strv_contains (payment_methods, method))
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                   _("“%s” is not a payment method; use bank-transfer, card, cash, invoice "
                     "or other."), method);
      return FALSE;
    }

  json_object_set_string_member (set, "member_id", member_id);
  json_object_set_int_member (set, "amount", json_node_get_int (amount));
  json_object_set_string_member (set, "currency", currency);
  json_object_set_string_member (set, "paid_on", paid_on);
  json_object_set_string_member (set, "covers_from", from);
  json_object_set_string_member (set, "covers_until", until);
  if (method != NULL)
    json_object_set_string_member (set, "method", method);
  if (ch_store_row_text (fields, "reference") != NULL)
    json_object_set_string_member (set, "reference", ch_store_row_text (fields, "reference"));

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_store_insert (store, "payment", chapter_id, NULL, set, &id, error) ||
      !update_paid_until (store, member_id, FALSE, error))
    goto fail;

  /* The payment starts after the member had lapsed (whatever today is:
   * payments may be recorded late). */
  if (tier_kind (store, chapter_id, ch_store_row_text (member, "tier")) == CH_TIER_KIND_PAID &&
      ch_store_row_text (member, "left_on") == NULL && lapse_day (store, member) > 0 &&
      date_days (from) >= lapse_day (store, member) && !rejoined_since_lapse (store, member))
    {
      /* Paying after a lapse is coming back: the gap stays in the history. */
      gint32 lapsed = lapse_day (store, member);
      g_autofree char *ended = lapsed > 0 ? ch_days_to_iso_date (lapsed - 1) : NULL;

      if (!ensure_join_period (store, member, error) ||
          (ended != NULL && !close_open_period (store, member_id, ended, NULL, error)) ||
          !insert_period (store, chapter_id, member_id, CH_PERIOD_REJOIN, ch_store_row_text (member, "tier"),
                          from, NULL, error))
        goto fail;
    }
  else if (!insert_period (store, chapter_id, member_id, CH_PERIOD_RENEW, ch_store_row_text (member, "tier"),
                           from, until, error))
    goto fail;

  if (!ch_store_commit (store, error))
    return FALSE;

  if (out_id != NULL)
    *out_id = g_steal_pointer (&id);

  return TRUE;

fail:
  ch_store_rollback (store);
  return FALSE;
}

gboolean
ch_membership_delete_payment (ChStore     *store,
                              const char  *payment_id,
                              GError     **error)
{
  g_autoptr(JsonObject) payment = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(payment = live_row (store, "payment", payment_id, error)))
    return FALSE;

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_store_delete (store, "payment", payment_id, error) ||
      !update_paid_until (store, ch_store_row_text (payment, "member_id"), TRUE, error))
    {
      ch_store_rollback (store);
      return FALSE;
    }

  return ch_store_commit (store, error);
}

GPtrArray *
ch_membership_list_payments (ChStore     *store,
                             const char  *chapter_id,
                             const char  *member_id,
                             GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sqlite3_stmt *st = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT p.id, m.given_name || ' ' || m.family_name FROM payment p "
                          "LEFT JOIN member m ON m.id = p.member_id "
                          "WHERE p.chapter_id = ?1 AND p.deleted = 0 "
                          "AND (?2 IS NULL OR p.member_id = ?2) "
                          "ORDER BY p.paid_on DESC, p.id DESC", -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the payments: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return NULL;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, member_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      JsonObject *row = ch_store_get_row (store, "payment", (const char *) sqlite3_column_text (st, 0),
                                          NULL);

      if (row == NULL)
        continue;
      json_object_set_string_member (row, "member_name", (const char *) sqlite3_column_text (st, 1));
      g_ptr_array_add (out, row);
    }
  sqlite3_finalize (st);

  return g_steal_pointer (&out);
}

GPtrArray *
ch_membership_payment_totals (ChStore     *store,
                              const char  *chapter_id,
                              GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_payment_total_free);
  g_autoptr(JsonObject) chapter = NULL;
  const char *period_sql;
  g_autofree char *sql = NULL;
  sqlite3_stmt *st = NULL;
  guint months;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  chapter = ch_store_get_row (store, "chapter", chapter_id, NULL);
  months = period_months (ch_store_row_text (chapter, "dues_period"));
  if (months == 1)
    period_sql = "substr (paid_on, 1, 7)";
  else if (months == 3)
    period_sql = "substr (paid_on, 1, 4) || '-Q' || ((CAST (substr (paid_on, 6, 2) AS INTEGER) + 2) / 3)";
  else
    period_sql = "substr (paid_on, 1, 4)";

  /* period_sql is one of the constants above, never input. */
  sql = g_strdup_printf ("SELECT %s AS period, currency, sum (amount), count (*) FROM payment "
                         "WHERE chapter_id = ? AND deleted = 0 "
                         "GROUP BY period, currency ORDER BY period DESC, currency", period_sql);

  if (sqlite3_prepare_v2 (ch_store_get_db (store), sql, -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the payments: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return NULL;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      ChPaymentTotal *t = g_new0 (ChPaymentTotal, 1);

      t->period = g_strdup ((const char *) sqlite3_column_text (st, 0));
      t->currency = g_strdup ((const char *) sqlite3_column_text (st, 1));
      t->total = sqlite3_column_int64 (st, 2);
      t->n_payments = sqlite3_column_int (st, 3);
      g_ptr_array_add (out, t);
    }
  sqlite3_finalize (st);

  return g_steal_pointer (&out);
}

/* ----------------------------------------------------------------------- */
/* Renewals                                                                */

typedef struct
{
  gint32    key;
  ChMember *member;
} RenewalItem;

static int
compare_renewals (gconstpointer a,
                  gconstpointer b)
{
  const RenewalItem *ra = a, *rb = b;

  if (ra->key != rb->key)
    return ra->key < rb->key ? -1 : 1;

  return g_strcmp0 (ch_member_get_display_name (ra->member), ch_member_get_display_name (rb->member));
}

GPtrArray *
ch_membership_renewals (ChStore         *store,
                        const char      *chapter_id,
                        ChRenewalGroup   group,
                        GError         **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (RenewalItem));
  sqlite3_stmt *st = NULL;
  gint32 today;
  gint grace;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  today = ch_store_today_days (store, chapter_id);
  grace = MAX (ch_store_grace_days (store, chapter_id), 0);

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT id, tier, joined_on, left_on, dues_paid_until FROM member "
                          "WHERE chapter_id = ? AND deleted = 0 AND tier IS NOT 'network' "
                          "AND tier IS NOT 'honorary'", -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the members: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return NULL;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *tier = (const char *) sqlite3_column_text (st, 1);
      const char *joined = (const char *) sqlite3_column_text (st, 2);
      const char *left = (const char *) sqlite3_column_text (st, 3);
      const char *paid_text = (const char *) sqlite3_column_text (st, 4);
      ChMemberStatus status;
      gint32 paid;
      gboolean take = FALSE;

      if (tier_kind (store, chapter_id, tier) != CH_TIER_KIND_PAID)
        continue;

      status = ch_member_status_compute_kind (CH_TIER_KIND_PAID, joined, left, paid_text, grace, today);
      paid = date_days (paid_text);
      if (paid < 0)
        paid = date_days (joined);

      switch (group)
        {
        case CH_RENEWAL_DUE_SOON:
          take = status == CH_MEMBER_STATUS_ACTIVE && paid - today <= 30;
          break;
        case CH_RENEWAL_IN_GRACE:
          take = status == CH_MEMBER_STATUS_GRACE;
          break;
        case CH_RENEWAL_RECENTLY_LAPSED:
          take = status == CH_MEMBER_STATUS_LAPSED && today - (paid + grace) <= 90;
          break;
        default:
          g_assert_not_reached ();
        }

      if (take)
        {
          RenewalItem item = { paid, ch_store_get_member (store, (const char *) sqlite3_column_text (st, 0), NULL) };

          if (item.member != NULL)
            g_array_append_val (items, item);
        }
    }
  sqlite3_finalize (st);

  g_array_sort (items, compare_renewals);
  /* Lapsed: the most recent first, the ones still easy to win back. */
  for (guint i = 0; i < items->len; i++)
    {
      guint k = group == CH_RENEWAL_RECENTLY_LAPSED ? items->len - 1 - i : i;
      g_ptr_array_add (out, g_array_index (items, RenewalItem, k).member);
    }

  return g_steal_pointer (&out);
}

static gboolean
wants_email (ChMember *member)
{
  JsonObject *fields = ch_member_get_fields (member);
  JsonNode *consent = json_object_get_member (fields, "consent_email");
  const char *email = ch_member_get_email (member);

  if (email == NULL || *email == '\0')
    return FALSE;
  if (consent != NULL && JSON_NODE_HOLDS_VALUE (consent))
    {
      if (json_node_get_value_type (consent) == G_TYPE_BOOLEAN && !json_node_get_boolean (consent))
        return FALSE;
      if (json_node_get_value_type (consent) == G_TYPE_INT64 && json_node_get_int (consent) == 0)
        return FALSE;
    }

  return TRUE;
}

char *
ch_membership_mailto_bcc (GPtrArray *members)
{
  GString *out = g_string_new ("mailto:?bcc=");
  guint n = 0;

  for (guint i = 0; members && i < members->len; i++)
    {
      g_autofree char *escaped = NULL;

      if (!wants_email (members->pdata[i]))
        continue;

      escaped = g_uri_escape_string (ch_member_get_email (members->pdata[i]), NULL, FALSE);
      if (n++ > 0)
        g_string_append_c (out, ',');
      g_string_append (out, escaped);
    }

  if (n == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

char *
ch_membership_addresses (GPtrArray *members)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; members && i < members->len; i++)
    {
      if (!wants_email (members->pdata[i]))
        continue;
      g_string_append (out, ch_member_get_email (members->pdata[i]));
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* ----------------------------------------------------------------------- */
/* Leadership                                                              */

static const char *const standard_roles[] = {
  CH_ROLE_PRESIDENT, CH_ROLE_VICE_PRESIDENT, CH_ROLE_TREASURER, CH_ROLE_SECRETARY,
  CH_ROLE_WIT_LEAD, CH_ROLE_BOARD_MEMBER, NULL,
};

const char * const *
ch_standard_roles (void)
{
  return standard_roles;
}

const char *
ch_role_label (const char *role)
{
  if (g_strcmp0 (role, CH_ROLE_PRESIDENT) == 0)
    return _("President");
  if (g_strcmp0 (role, CH_ROLE_VICE_PRESIDENT) == 0)
    return _("Vice-president");
  if (g_strcmp0 (role, CH_ROLE_TREASURER) == 0)
    return _("Treasurer");
  if (g_strcmp0 (role, CH_ROLE_SECRETARY) == 0)
    return _("Secretary");
  if (g_strcmp0 (role, CH_ROLE_BOARD_MEMBER) == 0)
    return _("Board member");
  if (g_strcmp0 (role, CH_ROLE_WIT_LEAD) == 0)
    return _("Women in Technology lead");

  return role ? role : "";
}

gboolean
ch_membership_add_role (ChStore     *store,
                        const char  *member_id,
                        const char  *role,
                        const char  *starts_on,
                        const char  *ends_on,
                        char       **out_id,
                        GError     **error)
{
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *trimmed = g_strstrip (g_strdup (role ? role : ""));

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(member = live_row (store, "member", member_id, error)))
    return FALSE;
  if (*trimmed == '\0')
    return invalid (error, _("Choose a role, e.g. president or treasurer."));
  if (!valid_date (starts_on))
    return invalid (error, _("Enter the first day of the term as a date such as 2026-11-23."));
  if (ends_on != NULL && *ends_on != '\0')
    {
      if (!valid_date (ends_on))
        return invalid (error, _("Enter the last day of the term as a date such as 2026-11-23."));
      if (strcmp (ends_on, starts_on) < 0)
        return invalid (error, _("The term ends before it starts."));
    }

  json_object_set_string_member (set, "member_id", member_id);
  json_object_set_string_member (set, "role", trimmed);
  json_object_set_string_member (set, "starts_on", starts_on);
  if (ends_on != NULL && *ends_on != '\0')
    json_object_set_string_member (set, "ends_on", ends_on);

  return ch_store_insert (store, "role", ch_store_row_text (member, "chapter_id"), NULL, set, out_id, error);
}

gboolean
ch_membership_end_role (ChStore     *store,
                        const char  *role_id,
                        const char  *ends_on,
                        GError     **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) set = json_object_new ();

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(row = live_row (store, "role", role_id, error)))
    return FALSE;

  if (ends_on == NULL)
    return ch_store_delete (store, "role", role_id, error);

  if (!valid_date (ends_on))
    return invalid (error, _("Enter the last day of the term as a date such as 2026-11-23."));
  if (ch_store_row_text (row, "starts_on") && strcmp (ends_on, ch_store_row_text (row, "starts_on")) < 0)
    return invalid (error, _("The term ends before it starts."));

  json_object_set_string_member (set, "ends_on", ends_on);
  return ch_store_update (store, "role", role_id, set, error);
}

void
ch_officer_free (ChOfficer *officer)
{
  if (officer == NULL)
    return;

  g_free (officer->role_id);
  g_free (officer->member_id);
  g_free (officer->member_name);
  g_free (officer->role);
  g_free (officer->starts_on);
  g_free (officer->ends_on);
  g_free (officer);
}

static guint
role_rank (const char *role)
{
  for (guint i = 0; standard_roles[i]; i++)
    if (g_strcmp0 (standard_roles[i], role) == 0)
      return i;

  return G_N_ELEMENTS (standard_roles);
}

static int
compare_officers (gconstpointer a,
                  gconstpointer b)
{
  const ChOfficer *oa = *(ChOfficer * const *) a;
  const ChOfficer *ob = *(ChOfficer * const *) b;
  guint ra = role_rank (oa->role), rb = role_rank (ob->role);
  int c;

  if (ra != rb)
    return ra < rb ? -1 : 1;
  if ((c = g_strcmp0 (oa->role, ob->role)) != 0)
    return c;

  return g_strcmp0 (oa->member_name, ob->member_name);
}

static GPtrArray *
query_officers (ChStore     *store,
                const char  *chapter_id,
                const char  *member_id,
                GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_officer_free);
  g_autofree char *today = NULL;
  g_autofree char *soon = NULL;
  sqlite3_stmt *st = NULL;
  GDate d;

  today = today_iso (store, chapter_id);
  ch_date_parse (today, &d);
  g_date_add_months (&d, 6);
  soon = ch_date_format (&d);

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT r.id, r.member_id, m.given_name || ' ' || m.family_name, r.role, "
                          "r.starts_on, r.ends_on FROM role r JOIN member m ON m.id = r.member_id "
                          "WHERE r.deleted = 0 AND m.deleted = 0 AND "
                          "(?3 IS NOT NULL AND r.member_id = ?3 OR ?3 IS NULL AND r.chapter_id = ?1 "
                          " AND r.starts_on <= ?2 AND (r.ends_on IS NULL OR r.ends_on >= ?2)) "
                          "ORDER BY r.starts_on DESC",
                          -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the roles: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return NULL;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, member_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      ChOfficer *o = g_new0 (ChOfficer, 1);

      o->role_id = g_strdup ((const char *) sqlite3_column_text (st, 0));
      o->member_id = g_strdup ((const char *) sqlite3_column_text (st, 1));
      o->member_name = g_strdup ((const char *) sqlite3_column_text (st, 2));
      o->role = g_strdup ((const char *) sqlite3_column_text (st, 3));
      o->starts_on = g_strdup ((const char *) sqlite3_column_text (st, 4));
      o->ends_on = g_strdup ((const char *) sqlite3_column_text (st, 5));
      o->ending_soon = o->ends_on != NULL && strcmp (o->ends_on, today) >= 0 &&
                       strcmp (o->ends_on, soon) <= 0;
      g_ptr_array_add (out, o);
    }
  sqlite3_finalize (st);

  return g_steal_pointer (&out);
}

GPtrArray *
ch_membership_current_officers (ChStore     *store,
                                const char  *chapter_id,
                                GError     **error)
{
  GPtrArray *out;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  out = query_officers (store, chapter_id, NULL, error);
  if (out != NULL)
    g_ptr_array_sort (out, compare_officers);

  return out;
}

gboolean
ch_role_is_single_seat (const char *role)
{
  return g_strcmp0 (role, CH_ROLE_PRESIDENT) == 0 ||
         g_strcmp0 (role, CH_ROLE_VICE_PRESIDENT) == 0 ||
         g_strcmp0 (role, CH_ROLE_TREASURER) == 0 ||
         g_strcmp0 (role, CH_ROLE_SECRETARY) == 0;
}

ChOfficer *
ch_membership_seat_holder (ChStore     *store,
                           const char  *chapter_id,
                           const char  *role,
                           const char  *date,
                           const char  *except_member_id,
                           GError     **error)
{
  ChOfficer *o = NULL;
  sqlite3_stmt *st = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT r.id, r.member_id, m.given_name || ' ' || m.family_name, r.role, "
                          "r.starts_on, r.ends_on FROM role r JOIN member m ON m.id = r.member_id "
                          "WHERE r.deleted = 0 AND m.deleted = 0 AND r.chapter_id = ?1 "
                          "AND r.role = ?2 "
                          "AND r.starts_on <= ?3 AND (r.ends_on IS NULL OR r.ends_on >= ?3) "
                          "AND r.member_id IS NOT ?4 ORDER BY r.starts_on DESC LIMIT 1",
                          -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the roles: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return NULL;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 4, except_member_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      o = g_new0 (ChOfficer, 1);
      o->role_id = g_strdup ((const char *) sqlite3_column_text (st, 0));
      o->member_id = g_strdup ((const char *) sqlite3_column_text (st, 1));
      o->member_name = g_strdup ((const char *) sqlite3_column_text (st, 2));
      o->role = g_strdup ((const char *) sqlite3_column_text (st, 3));
      o->starts_on = g_strdup ((const char *) sqlite3_column_text (st, 4));
      o->ends_on = g_strdup ((const char *) sqlite3_column_text (st, 5));
    }
  sqlite3_finalize (st);

  return o;
}

gboolean
ch_membership_hand_over_role (ChStore     *store,
                              const char  *member_id,
                              const char  *role,
                              const char  *starts_on,
                              const char  *ends_on,
                              const char  *old_role_id,
                              char       **out_id,
                              GError     **error)
{
  g_autofree char *day_before = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (old_role_id != NULL, FALSE);

  if (!valid_date (starts_on))
    return invalid (error, _("Enter the first day of the term as a date such as 2026-11-23."));
  day_before = add_days (starts_on, -1);

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_membership_end_role (store, old_role_id, day_before, error) ||
      !ch_membership_add_role (store, member_id, role, starts_on, ends_on, out_id, error))
    {
      ch_store_rollback (store);
      return FALSE;
    }

  return ch_store_commit (store, error);
}

gboolean
ch_membership_undo_role (ChStore     *store,
                         const char  *new_role_id,
                         const char  *old_role_id,
                         const char  *old_ends_on,
                         GError     **error)
{
  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_store_delete (store, "role", new_role_id, error))
    goto fail;

  if (old_role_id != NULL)
    {
      g_autoptr(JsonObject) set = json_object_new ();

      if (old_ends_on != NULL)
        json_object_set_string_member (set, "ends_on", old_ends_on);
      else
        json_object_set_null_member (set, "ends_on");
      if (!ch_store_update (store, "role", old_role_id, set, error))
        goto fail;
    }

  return ch_store_commit (store, error);

fail:
  ch_store_rollback (store);
  return FALSE;
}

GPtrArray *
ch_membership_member_roles (ChStore     *store,
                            const char  *member_id,
                            GError     **error)
{
  g_autoptr(JsonObject) member = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(member = ch_store_get_row (store, "member", member_id, error)))
    return NULL;

  return query_officers (store, ch_store_row_text (member, "chapter_id"), member_id, error);
}

/* ----------------------------------------------------------------------- */
/* Specialties                                                             */

static const char *const standard_specialties[] = {
  "azure", "modern-work", "security", "dynamics-365", "power-platform", "data-ai",
  "business-applications", NULL,
};

const char * const *
ch_standard_specialties (void)
{
  return standard_specialties;
}

const char *
ch_specialty_label (const char *specialty)
{
  if (g_strcmp0 (specialty, "azure") == 0)
    return _("Azure");
  if (g_strcmp0 (specialty, "modern-work") == 0)
    return _("Modern Work");
  if (g_strcmp0 (specialty, "security") == 0)
    return _("Security");
  if (g_strcmp0 (specialty, "dynamics-365") == 0)
    return _("Dynamics 365");
  if (g_strcmp0 (specialty, "power-platform") == 0)
    return _("Power Platform");
  if (g_strcmp0 (specialty, "data-ai") == 0)
    return _("Data & AI");
  if (g_strcmp0 (specialty, "business-applications") == 0)
    return _("Business Applications");

  return specialty ? specialty : "";
}

char *
ch_specialty_normalize (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *key = NULL;

  if (*trimmed == '\0')
    return NULL;

  /* "Azure", "azure", "Data & AI", "data-ai" all name a standard one. */
  key = key_from_name (trimmed);
  for (guint i = 0; standard_specialties[i]; i++)
    {
      g_autofree char *label_key = key_from_name (ch_specialty_label (standard_specialties[i]));

      if (g_strcmp0 (key, standard_specialties[i]) == 0 || g_strcmp0 (key, label_key) == 0)
        return g_strdup (standard_specialties[i]);
    }

  return g_steal_pointer (&trimmed);
}

char *
ch_membership_specialty_id (const char *member_id,
                            const char *specialty)
{
  g_autofree char *folded = ch_fold (specialty);
  g_autofree char *name = g_strconcat ("member_specialty:", folded, NULL);

  return ch_uuid_for_name (member_id, name);
}

/* Adds @specialty to @member_id (insert, or restore a tombstone). */
static gboolean
add_specialty (ChStore     *store,
               const char  *chapter_id,
               const char  *member_id,
               const char  *specialty,
               GError     **error)
{
  g_autofree char *id = ch_membership_specialty_id (member_id, specialty);
  g_autoptr(JsonObject) row = ch_store_get_row (store, "member_specialty", id, NULL);
  g_autoptr(JsonObject) set = json_object_new ();

  if (row != NULL && !json_object_get_boolean_member (row, "deleted"))
    return TRUE;
  if (row != NULL)
    return ch_store_restore (store, "member_specialty", id, error);

  json_object_set_string_member (set, "member_id", member_id);
  json_object_set_string_member (set, "specialty", specialty);
  return ch_store_insert (store, "member_specialty", chapter_id, id, set, NULL, error);
}

gboolean
ch_membership_set_specialties (ChStore            *store,
                               const char         *member_id,
                               const char * const *specialties,
                               GError            **error)
{
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) wanted_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) live = NULL;
  const char *chapter_id;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(member = live_row (store, "member", member_id, error)))
    return FALSE;
  chapter_id = ch_store_row_text (member, "chapter_id");

  for (guint i = 0; specialties && specialties[i]; i++)
    {
      char *key = ch_specialty_normalize (specialties[i]);
      char *id;

      if (key == NULL)
        continue;
      if (strlen (key) > 64)
        {
          g_free (key);
          return invalid (error, _("A specialty is at most 64 characters long."));
        }
      id = ch_membership_specialty_id (member_id, key);
      if (g_hash_table_contains (wanted_ids, id))
        {
          g_free (id);
          g_free (key);
          continue;
        }
      g_hash_table_add (wanted_ids, id);
      g_ptr_array_add (wanted, key);
    }

  live = query_strings (store,
                        "SELECT id FROM member_specialty WHERE member_id = ? AND deleted = 0",
                        member_id, END);

  if (!ch_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < live->len; i++)
    if (!g_hash_table_contains (wanted_ids, live->pdata[i]) &&
        !ch_store_delete (store, "member_specialty", live->pdata[i], error))
      goto fail;

  for (guint i = 0; i < wanted->len; i++)
    if (!add_specialty (store, chapter_id, member_id, wanted->pdata[i], error))
      goto fail;

  return ch_store_commit (store, error);

fail:
  ch_store_rollback (store);
  return FALSE;
}

char **
ch_membership_get_specialties (ChStore    *store,
                               const char *member_id)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  rows = query_strings (store,
                        "SELECT specialty FROM member_specialty WHERE member_id = ? AND deleted = 0 "
                        "ORDER BY specialty", member_id, END);
  g_ptr_array_add (rows, NULL);

  return (char **) g_ptr_array_steal (rows, NULL);
}

static int
compare_by_label (gconstpointer a,
                  gconstpointer b)
{
  g_autofree char *fa = ch_fold (ch_specialty_label (*(const char * const *) a));
  g_autofree char *fb = ch_fold (ch_specialty_label (*(const char * const *) b));

  return g_strcmp0 (fa, fb);
}

char **
ch_membership_all_specialties (ChStore    *store,
                               const char *chapter_id)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  rows = query_strings (store,
                        "SELECT DISTINCT specialty FROM member_specialty "
                        "WHERE chapter_id = ? AND deleted = 0", chapter_id, END);

  for (guint i = 0; standard_specialties[i]; i++)
    g_ptr_array_add (out, g_strdup (standard_specialties[i]));
  for (guint i = 0; i < rows->len; i++)
    if (!g_strv_contains (standard_specialties, rows->pdata[i]) &&
        !g_ptr_array_find_with_equal_func (out, rows->pdata[i], g_str_equal, NULL))
      g_ptr_array_add (out, g_strdup (rows->pdata[i]));

  g_ptr_array_sort (out, compare_by_label);
  g_ptr_array_add (out, NULL);

  return (char **) g_ptr_array_steal (out, NULL);
}

/* ----------------------------------------------------------------------- */
/* Duplicates and merging                                                  */

static gboolean
similar_given (const char *a,
               const char *b)
{
  g_autofree char *fa = ch_fold (a ? a : "");
  g_autofree char *fb = ch_fold (b ? b : "");
  guint n = 0;

  g_strstrip (fa);
  g_strstrip (fb);
  if (*fa == '\0' || *fb == '\0')
    return FALSE;
  if (strcmp (fa, fb) == 0)
    return TRUE;

  while (fa[n] != '\0' && fa[n] == fb[n])
    n++;

  return g_utf8_strlen (fa, n) >= 3;
}

static gboolean
same_company (const char *a,
              const char *b)
{
  g_autofree char *fa = ch_fold (a ? a : "");
  g_autofree char *fb = ch_fold (b ? b : "");

  g_strstrip (fa);
  g_strstrip (fb);

  return *fa == '\0' || *fb == '\0' || strcmp (fa, fb) == 0;
}

char *
ch_membership_find_similar (ChStore    *store,
                            const char *chapter_id,
                            const char *given_name,
                            const char *family_name,
                            const char *company,
                            const char *exclude_id)
{
  g_autofree char *family = ch_fold (family_name ? family_name : "");
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  sqlite3_stmt *st = NULL;
  char *found = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  g_strstrip (family);
  if (*family == '\0')
    return NULL;

  /* name_key is folded "family given": the family name is its prefix. */
  low = g_strconcat (family, " ", NULL);
  high = g_strconcat (family, "!", NULL);

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT id, given_name, company FROM member "
                          "WHERE chapter_id = ?1 AND deleted = 0 AND name_key >= ?2 AND name_key < ?3 "
                          "AND (?4 IS NULL OR id != ?4) ORDER BY name_key, id",
                          -1, &st, NULL) != SQLITE_OK)
    return NULL;

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, low, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, high, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 4, exclude_id, -1, SQLITE_TRANSIENT);

  while (found == NULL && sqlite3_step (st) == SQLITE_ROW)
    if (similar_given (given_name, (const char *) sqlite3_column_text (st, 1)) &&
        same_company (company, (const char *) sqlite3_column_text (st, 2)))
      found = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);

  return found;
}

static gboolean
move_rows (ChStore     *store,
           const char  *table,
           const char  *column,
           const char  *from_id,
           const char  *to_id,
           GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ? AND deleted = 0",
                                          table, column);
  g_autoptr(GPtrArray) ids = query_strings (store, sql, from_id, END);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) set = json_object_new ();

      json_object_set_string_member (set, column, to_id);
      if (!ch_store_update (store, table, ids->pdata[i], set, error))
        return FALSE;
    }

  return TRUE;
}

/* Registrations move too, but where both were registered for the same
 * event the survivor's registration stays and the other's is deleted. */
static gboolean
move_registrations (ChStore     *store,
                    const char  *from_id,
                    const char  *to_id,
                    GError     **error)
{
  g_autoptr(GPtrArray) ids = query_strings (store,
                                            "SELECT id FROM registration WHERE member_id = ? AND deleted = 0",
                                            from_id, END);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) row = ch_store_get_row (store, "registration", ids->pdata[i], error);
      g_autoptr(GPtrArray) theirs = NULL;
      g_autoptr(JsonObject) set = json_object_new ();

      if (row == NULL)
        return FALSE;

      theirs = query_strings (store,
                              "SELECT id FROM registration WHERE member_id = ? AND event_id = ? "
                              "AND deleted = 0", to_id, ch_store_row_text (row, "event_id"), END);
      if (theirs->len > 0)
        {
          if (!ch_store_delete (store, "registration", ids->pdata[i], error))
            return FALSE;
          continue;
        }

      json_object_set_string_member (set, "member_id", to_id);
      if (!ch_store_update (store, "registration", ids->pdata[i], set, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_empty (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node) ||
         (json_node_get_value_type (node) == G_TYPE_STRING && *json_node_get_string (node) == '\0');
}

gboolean
ch_membership_merge (ChStore     *store,
                     const char  *survivor_id,
                     const char  *other_id,
                     GError     **error)
{
  const ChEntityInfo *info = ch_entity_lookup ("member");
  g_autoptr(JsonObject) survivor = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonObject) fill = json_object_new ();
  g_autoptr(GPtrArray) specialties = NULL;
  const char *chapter_id;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(survivor = live_row (store, "member", survivor_id, error)) ||
      !(other = live_row (store, "member", other_id, error)))
    return FALSE;
  if (g_strcmp0 (survivor_id, other_id) == 0)
    return invalid (error, _("A member cannot be merged with themselves."));
  chapter_id = ch_store_row_text (survivor, "chapter_id");
  if (g_strcmp0 (chapter_id, ch_store_row_text (other, "chapter_id")) != 0)
    return invalid (error, _("Only members of the same chapter can be merged."));

  /* Empty fields of the survivor are filled from the other (not where a
   * merged member went: that is the tombstone's). */
  for (guint i = 0; i < info->n_fields; i++)
    {
      const char *name = info->fields[i].name;
      JsonNode *theirs = json_object_get_member (other, name);

      if (strcmp (name, "merged_into") != 0 &&
          is_empty (json_object_get_member (survivor, name)) && !is_empty (theirs))
        json_object_set_member (fill, name, json_node_copy (theirs));
    }
  /* Paid until: the later; member since: the earlier. */
  if (g_strcmp0 (ch_store_row_text (other, "dues_paid_until"), ch_store_row_text (survivor, "dues_paid_until")) > 0)
    json_object_set_string_member (fill, "dues_paid_until", ch_store_row_text (other, "dues_paid_until"));
  if (valid_date (ch_store_row_text (other, "joined_on")) && valid_date (ch_store_row_text (survivor, "joined_on")) &&
      strcmp (ch_store_row_text (other, "joined_on"), ch_store_row_text (survivor, "joined_on")) < 0)
    json_object_set_string_member (fill, "joined_on", ch_store_row_text (other, "joined_on"));
  /* A left_on or a reason only travels with a survivor who left too. */
  if (ch_store_row_text (survivor, "left_on") == NULL)
    {
      json_object_remove_member (fill, "left_on");
      json_object_remove_member (fill, "left_reason");
    }

  specialties = query_strings (store,
                               "SELECT id FROM member_specialty WHERE member_id = ? AND deleted = 0",
                               other_id, END);

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!move_rows (store, "payment", "member_id", other_id, survivor_id, error) ||
      !move_rows (store, "membership_period", "member_id", other_id, survivor_id, error) ||
      !move_rows (store, "role", "member_id", other_id, survivor_id, error) ||
      !move_registrations (store, other_id, survivor_id, error) ||
      !move_rows (store, "opportunity", "from_member_id", other_id, survivor_id, error) ||
      !move_rows (store, "opportunity", "to_member_id", other_id, survivor_id, error))
    goto fail;

  /* Specialty ids are made of the member: the survivor gets its own row. */
  for (guint i = 0; i < specialties->len; i++)
    {
      g_autoptr(JsonObject) row = ch_store_get_row (store, "member_specialty", specialties->pdata[i], error);

      if (row == NULL ||
          !add_specialty (store, chapter_id, survivor_id, ch_store_row_text (row, "specialty"), error) ||
          !ch_store_delete (store, "member_specialty", specialties->pdata[i], error))
        goto fail;
    }

  /* The other goes first, so its e-mail address may pass to the survivor.
   * Its tombstone names the survivor: rows other devices record for it
   * later follow it there (on the server and on every device). */
  if (!ch_store_delete_merged (store, other_id, survivor_id, error))
    goto fail;
  if (json_object_get_size (fill) > 0 &&
      !ch_store_update (store, "member", survivor_id, fill, error))
    goto fail;

  return ch_store_commit (store, error);

fail:
  ch_store_rollback (store);
  return FALSE;
}
