/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-merge"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-collate.h"
#include "ch-entity.h"
#include "ch-membership-private.h"
#include "ch-merge.h"
#include "ch-specialties.h"
#include "ch-store-private.h"
#include "ch-fold.h"

G_DEFINE_QUARK (ch-merge-error-quark, ch_merge_error)

#define END ch_store_sql_end

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, CH_MERGE_ERROR, CH_MERGE_ERROR_INVALID, message);
  return FALSE;
}

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

/* @family is folded and trimmed already. */
static gboolean
same_family (const char *family,
             const char *other)
{
  g_autofree char *folded = ch_fold (other ? other : "");

  return strcmp (family, g_strstrip (folded)) == 0;
}

char *
ch_merge_find_similar (ChStore    *store,
                       const char *chapter_id,
                       const char *given_name,
                       const char *family_name,
                       const char *company,
                       const char *exclude_id)
{
  g_autofree char *family = ch_fold (family_name ? family_name : "");
  g_autofree char *prefix = NULL;
  g_autoptr(GBytes) low = NULL;
  g_autoptr(GBytes) high = NULL;
  sqlite3_stmt *st = NULL;
  char *found = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  g_strstrip (family);
  if (*family == '\0')
    return NULL;

  /* name_key is the collation key of "family given": the keys of every
   * "family …" lie between two bounds (letters alike at the primary level),
   * read through the name index; each row is checked folded below. */
  {
    g_autofree char *trimmed = g_strstrip (g_strdup (family_name));

    prefix = g_strconcat (trimmed, " ", NULL);
  }
  ch_collate_prefix_bounds (ch_store_get_collation (store), prefix, &low, &high);

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT id, given_name, company, family_name FROM member "
                          "WHERE chapter_id = ?1 AND deleted = 0 "
                          "AND name_key >= ?2 AND name_key <= ?3 "
                          "AND (?4 IS NULL OR id != ?4) ORDER BY name_key, id",
                          -1, &st, NULL) != SQLITE_OK)
    return NULL;

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (st, 2, g_bytes_get_data (low, NULL), (int) g_bytes_get_size (low),
                     SQLITE_TRANSIENT);
  sqlite3_bind_blob (st, 3, g_bytes_get_data (high, NULL), (int) g_bytes_get_size (high),
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 4, exclude_id, -1, SQLITE_TRANSIENT);

  while (found == NULL && sqlite3_step (st) == SQLITE_ROW)
    if (same_family (family, (const char *) sqlite3_column_text (st, 3)) &&
        similar_given (given_name, (const char *) sqlite3_column_text (st, 1)) &&
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
  g_autoptr(GPtrArray) ids = ch_membership_query_strings (store, sql, from_id, END);

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
  g_autoptr(GPtrArray) ids = ch_membership_query_strings (store,
                                            "SELECT id FROM registration "
                                            "WHERE member_id = ? AND deleted = 0",
                                            from_id, END);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) row = ch_store_get_row (store, "registration", ids->pdata[i], error);
      g_autoptr(GPtrArray) theirs = NULL;
      g_autoptr(JsonObject) set = json_object_new ();

      if (row == NULL)
        return FALSE;

      theirs = ch_membership_query_strings (store,
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
ch_merge_members (ChStore     *store,
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
  const char *their_paid, *their_joined, *our_joined;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(survivor = ch_membership_live_row (store, "member", survivor_id, error)) ||
      !(other = ch_membership_live_row (store, "member", other_id, error)))
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
  their_paid = ch_store_row_text (other, "dues_paid_until");
  if (g_strcmp0 (their_paid, ch_store_row_text (survivor, "dues_paid_until")) > 0)
    json_object_set_string_member (fill, "dues_paid_until", their_paid);
  their_joined = ch_store_row_text (other, "joined_on");
  our_joined = ch_store_row_text (survivor, "joined_on");
  if (ch_membership_valid_date (their_joined) && ch_membership_valid_date (our_joined) &&
      strcmp (their_joined, our_joined) < 0)
    json_object_set_string_member (fill, "joined_on", their_joined);
  /* A left_on or a reason only travels with a survivor who left too. */
  if (ch_store_row_text (survivor, "left_on") == NULL)
    {
      json_object_remove_member (fill, "left_on");
      json_object_remove_member (fill, "left_reason");
    }

  specialties = ch_membership_query_strings (store,
                               "SELECT id FROM member_specialty "
                               "WHERE member_id = ? AND deleted = 0",
                               other_id, END);

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!move_rows (store, "payment", "member_id", other_id, survivor_id, error) ||
      !move_rows (store, "membership_period", "member_id", other_id, survivor_id, error) ||
      !move_rows (store, "role", "member_id", other_id, survivor_id, error) ||
      !move_registrations (store, other_id, survivor_id, error) ||
      !move_rows (store, "opportunity", "from_member_id", other_id, survivor_id, error) ||
      !move_rows (store, "opportunity", "to_member_id", other_id, survivor_id, error) ||
      !move_rows (store, "mail_record", "member_id", other_id, survivor_id, error))
    goto fail;

  /* Specialty ids are made of the member: the survivor gets its own row. */
  for (guint i = 0; i < specialties->len; i++)
    {
      g_autoptr(JsonObject) row = ch_store_get_row (store, "member_specialty",
                                                    specialties->pdata[i], error);

      if (row == NULL ||
          !ch_specialties_add (store, chapter_id, survivor_id,
                               ch_store_row_text (row, "specialty"), error) ||
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
