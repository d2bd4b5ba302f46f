/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-conflict"

#include "config.h"

#include "ch-conflict.h"
#include "ch-store-sync.h"

G_DEFINE_BOXED_TYPE (ChConflict, ch_conflict, ch_conflict_copy, ch_conflict_free)

static char *
dup_text (JsonObject *row,
          const char *name)
{
  return g_strdup (json_object_get_string_member_with_default (row, name, NULL));
}

void
ch_conflict_free (ChConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->id);
  g_free (conflict->entity);
  g_free (conflict->row_id);
  g_free (conflict->label);
  g_free (conflict->field_group);
  g_free (conflict->created_at);
  for (guint i = 0; i < G_N_ELEMENTS (conflict->sides); i++)
    {
      g_free (conflict->sides[i].values);
      g_free (conflict->sides[i].author);
    }
  g_free (conflict);
}

ChConflict *
ch_conflict_copy (const ChConflict *conflict)
{
  ChConflict *copy;

  if (conflict == NULL)
    return NULL;

  copy = g_new0 (ChConflict, 1);
  copy->id = g_strdup (conflict->id);
  copy->entity = g_strdup (conflict->entity);
  copy->row_id = g_strdup (conflict->row_id);
  copy->label = g_strdup (conflict->label);
  copy->field_group = g_strdup (conflict->field_group);
  copy->created_at = g_strdup (conflict->created_at);
  for (guint i = 0; i < G_N_ELEMENTS (conflict->sides); i++)
    {
      copy->sides[i] = conflict->sides[i];
      copy->sides[i].values = g_strdup (conflict->sides[i].values);
      copy->sides[i].author = g_strdup (conflict->sides[i].author);
    }

  return copy;
}

/* The row as officers know it: a member's name. */
static char *
row_label (ChStore    *store,
           const char *entity,
           const char *row_id)
{
  g_autoptr(ChMember) member = NULL;

  if (g_strcmp0 (entity, "member") != 0 || row_id == NULL)
    return NULL;

  member = ch_store_get_member (store, row_id, NULL);
  return member ? g_strdup (ch_member_get_display_name (member)) : NULL;
}

ChConflict *
ch_conflict_get (ChStore     *store,
                 const char  *conflict_id,
                 GError     **error)
{
  g_autoptr(JsonObject) row = NULL;
  const char *me;
  ChConflictSide kept = { 0 }, other = { 0 };
  ChConflict *conflict;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (conflict_id != NULL, NULL);

  if (!(row = ch_store_get_row (store, "conflict", conflict_id, error)))
    return NULL;

  me = ch_store_get_device_id (store);

  /* The server's "theirs" is what it kept; its "mine" is the change of
   * the device that sent it second — only sometimes this one. */
  kept.values = dup_text (row, "theirs");
  kept.author = dup_text (row, "kept_author");
  kept.kept = TRUE;
  kept.yours = me != NULL &&
               g_strcmp0 (json_object_get_string_member_with_default (row, "kept_device_id", NULL),
                          me) == 0;

  other.values = dup_text (row, "mine");
  other.author = dup_text (row, "author");
  other.kept = FALSE;
  other.yours = me != NULL &&
                g_strcmp0 (json_object_get_string_member_with_default (row, "device_id", NULL),
                           me) == 0;

  conflict = g_new0 (ChConflict, 1);
  conflict->id = g_strdup (conflict_id);
  conflict->entity = dup_text (row, "entity");
  conflict->row_id = dup_text (row, "row_id");
  conflict->label = row_label (store, conflict->entity, conflict->row_id);
  conflict->field_group = dup_text (row, "field_group");
  conflict->created_at = dup_text (row, "created_at");
  conflict->sides[0] = other.yours ? other : kept;
  conflict->sides[1] = other.yours ? kept : other;

  return conflict;
}

GPtrArray *
ch_conflict_list_open (ChStore     *store,
                       const char  *chapter_id,
                       GError     **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(ids = ch_store_list_open_conflicts (store, chapter_id, error)))
    return NULL;

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_conflict_free);
  for (guint i = 0; i < ids->len; i++)
    {
      ChConflict *conflict = ch_conflict_get (store, g_ptr_array_index (ids, i), error);

      if (conflict == NULL)
        return NULL;
      g_ptr_array_add (conflicts, conflict);
    }

  return g_steal_pointer (&conflicts);
}

gboolean
ch_conflict_choose (ChStore              *store,
                    const ChConflict     *conflict,
                    const ChConflictSide *side,
                    GError              **error)
{
  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (conflict != NULL && side != NULL, FALSE);

  /* ch_store_resolve_conflict() speaks the server's language: "mine" is
   * the change that was not kept, whoever made it. */
  return ch_store_resolve_conflict (store, conflict->id, !side->kept, error);
}
