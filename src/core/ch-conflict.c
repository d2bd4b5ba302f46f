/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-conflict"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-conflict.h"
#include "ch-json-depth.h"
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

  /* A tombstone this device only received has no name (the server keeps
   * none, docs/sync-protocol.md): "A member" then. */
  member = ch_store_get_member (store, row_id, NULL);
  return member && *ch_member_get_display_name (member) != '\0'
         ? g_strdup (ch_member_get_display_name (member)) : NULL;
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

/* The values of a field group as one line: "Anna Berg". */
static char *
values_text (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  JsonNode *root;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  /* The values came from the server: no nesting json-glib would recurse on. */
  if (json == NULL || !ch_json_depth_ok (json, 64) ||
      !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup ("");

  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (g_str_equal (name, "id"))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      if (g_str_equal (name, "deleted"))
        g_string_append (out, _("(deleted)"));
      else if (JSON_NODE_HOLDS_NULL (node))
        g_string_append (out, _("(empty)"));
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_string_append (out, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? _("yes") : _("no"));
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
group_label (const char *group)
{
  if (g_strcmp0 (group, "name") == 0) return _("Name");
  if (g_strcmp0 (group, "email") == 0) return _("E-mail");
  if (g_strcmp0 (group, "phone") == 0) return _("Phone");
  if (g_strcmp0 (group, "company") == 0) return _("Company");
  if (g_strcmp0 (group, "deleted") == 0) return _("Deleted while you edited");
  if (g_strcmp0 (group, "duplicate") == 0) return _("Same e-mail address twice");
  return group;
}

char *
ch_conflict_dup_title (const ChConflict *conflict)
{
  const char *what = group_label (conflict->field_group);

  if (g_strcmp0 (conflict->entity, "member") == 0)
    /* Translators: %1$s a member's name, %2$s what was changed */
    return g_strdup_printf (C_("conflict", "%1$s — %2$s"),
                            conflict->label ? conflict->label : _("A member"), what);
  if (g_strcmp0 (conflict->entity, "chapter") == 0)
    return g_strdup_printf (C_("conflict", "%1$s — %2$s"), _("The chapter"), what);

  return g_strdup_printf (C_("conflict", "%1$s — %2$s"), conflict->entity, what);
}

char *
ch_conflict_side_dup_text (const ChConflictSide *side)
{
  g_return_val_if_fail (side != NULL, NULL);

  return values_text (side->values);
}

gboolean
ch_conflict_is_deletion (const ChConflict *conflict)
{
  g_return_val_if_fail (conflict != NULL, FALSE);

  return g_strcmp0 (conflict->field_group, "deleted") == 0;
}
