/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-specialties"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-membership-private.h"
#include "ch-specialties.h"
#include "ch-store-private.h"
#include "ch-fold.h"
#include "ch-uuid.h"

G_DEFINE_QUARK (ch-specialties-error-quark, ch_specialties_error)

#define END ch_store_sql_end

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, CH_SPECIALTIES_ERROR, CH_SPECIALTIES_ERROR_INVALID, message);
  return FALSE;
}

static const char *const standard_specialties[] = {
  "azure", "modern-work", "security", "dynamics-365", "power-platform", "data-ai",
  "business-applications", NULL,
};

const char * const *
ch_specialties_standard (void)
{
  return standard_specialties;
}

const char *
ch_specialties_label (const char *specialty)
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
ch_specialties_normalize (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *key = NULL;

  if (*trimmed == '\0')
    return NULL;

  /* "Azure", "azure", "Data & AI", "data-ai" all name a standard one. */
  key = ch_membership_key_from_name (trimmed);
  for (guint i = 0; standard_specialties[i]; i++)
    {
      const char *label = ch_specialties_label (standard_specialties[i]);
      g_autofree char *label_key = ch_membership_key_from_name (label);

      if (g_strcmp0 (key, standard_specialties[i]) == 0 || g_strcmp0 (key, label_key) == 0)
        return g_strdup (standard_specialties[i]);
    }

  return g_steal_pointer (&trimmed);
}

char *
ch_specialties_row_id (const char *member_id,
                       const char *specialty)
{
  g_autofree char *folded = ch_fold (specialty);
  g_autofree char *name = g_strconcat ("member_specialty:", folded, NULL);

  return ch_uuid_for_name (member_id, name);
}

gboolean
ch_specialties_add (ChStore     *store,
                    const char  *chapter_id,
                    const char  *member_id,
                    const char  *specialty,
                    GError     **error)
{
  g_autofree char *id = ch_specialties_row_id (member_id, specialty);
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
ch_specialties_set (ChStore            *store,
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

  if (!(member = ch_membership_live_row (store, "member", member_id, error)))
    return FALSE;
  chapter_id = ch_store_row_text (member, "chapter_id");

  for (guint i = 0; specialties && specialties[i]; i++)
    {
      char *key = ch_specialties_normalize (specialties[i]);
      char *id;

      if (key == NULL)
        continue;
      if (strlen (key) > 64)
        {
          g_free (key);
          return invalid (error, _("A specialty is at most 64 characters long."));
        }
      id = ch_specialties_row_id (member_id, key);
      if (g_hash_table_contains (wanted_ids, id))
        {
          g_free (id);
          g_free (key);
          continue;
        }
      g_hash_table_add (wanted_ids, id);
      g_ptr_array_add (wanted, key);
    }

  live = ch_membership_query_strings (store,
                        "SELECT id FROM member_specialty WHERE member_id = ? AND deleted = 0",
                        member_id, END);

  if (!ch_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < live->len; i++)
    if (!g_hash_table_contains (wanted_ids, live->pdata[i]) &&
        !ch_store_delete (store, "member_specialty", live->pdata[i], error))
      goto fail;

  for (guint i = 0; i < wanted->len; i++)
    if (!ch_specialties_add (store, chapter_id, member_id, wanted->pdata[i], error))
      goto fail;

  return ch_store_commit (store, error);

fail:
  ch_store_rollback (store);
  return FALSE;
}

char **
ch_specialties_get (ChStore    *store,
                    const char *member_id)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  rows = ch_membership_query_strings (store,
                        "SELECT specialty FROM member_specialty "
                        "WHERE member_id = ? AND deleted = 0 "
                        "ORDER BY specialty", member_id, END);
  g_ptr_array_add (rows, NULL);

  return (char **) g_ptr_array_steal (rows, NULL);
}

static int
compare_by_label (gconstpointer a,
                  gconstpointer b)
{
  g_autofree char *fa = ch_fold (ch_specialties_label (*(const char * const *) a));
  g_autofree char *fb = ch_fold (ch_specialties_label (*(const char * const *) b));

  return g_strcmp0 (fa, fb);
}

char **
ch_specialties_all (ChStore    *store,
                    const char *chapter_id)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  /* Each distinct specialty, found by skipping through the specialty
   * index one value at a time, then kept if the chapter has it: a few
   * index lookups, where DISTINCT read every member's specialties (on
   * the window's thread as it opens: half a second at 100,000 members). */
  rows = ch_membership_query_strings (store,
                        "WITH RECURSIVE s (sp) AS ("
                        "  SELECT (SELECT min (specialty) FROM member_specialty WHERE deleted = 0) "
                        "  UNION ALL "
                        "  SELECT (SELECT min (specialty) FROM member_specialty "
                        "          WHERE deleted = 0 AND specialty > s.sp) "
                        "  FROM s WHERE s.sp IS NOT NULL) "
                        "SELECT sp FROM s WHERE sp IS NOT NULL AND EXISTS ("
                        "  SELECT 1 FROM member_specialty m "
                        "  WHERE m.specialty = s.sp AND m.deleted = 0 AND m.chapter_id = ?)",
                        chapter_id, END);

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
