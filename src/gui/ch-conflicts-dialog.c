/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-conflicts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-conflicts-dialog.h"
#include "ch-store-sync.h"
#include "ch-util.h"

struct _ChConflictsDialog
{
  AdwWindow            parent_instance;

  AdwPreferencesGroup *group;
  GtkStack            *stack;

  ChStore             *store;
  char                *chapter_id;
  GPtrArray           *ids;
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (ChConflictsDialog, ch_conflicts_dialog, ADW_TYPE_WINDOW)

static void fill (ChConflictsDialog *self);

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
  if (json == NULL || !ch_json_nesting_ok (json, 64) ||
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

static char *
row_title (ChConflictsDialog *self,
           JsonObject        *conflict)
{
  const char *entity = json_object_get_string_member_with_default (conflict, "entity", "");
  const char *row_id = json_object_get_string_member_with_default (conflict, "row_id", "");
  const char *group = json_object_get_string_member_with_default (conflict, "field_group", "");

  if (g_str_equal (entity, "member"))
    {
      g_autoptr(ChMember) m = ch_store_get_member (self->store, row_id, NULL);

      /* Translators: %1$s a member's name, %2$s what was changed */
      return g_strdup_printf (C_("conflict", "%1$s — %2$s"),
                              m ? ch_member_get_display_name (m) : _("A member"), group_label (group));
    }
  if (g_str_equal (entity, "chapter"))
    return g_strdup_printf (C_("conflict", "%1$s — %2$s"), _("The chapter"), group_label (group));

  return g_strdup_printf (C_("conflict", "%1$s — %2$s"), entity, group_label (group));
}

gboolean
ch_conflicts_dialog_resolve (ChConflictsDialog *self,
                             guint              index,
                             gboolean           use_mine)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CH_IS_CONFLICTS_DIALOG (self), FALSE);

  if (index >= self->ids->len)
    return FALSE;

  if (!ch_store_resolve_conflict (self->store, g_ptr_array_index (self->ids, index), use_mine, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Resolve"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }

  fill (self);
  return TRUE;
}

static void
on_keep_theirs_cb (GtkButton         *button,
                   ChConflictsDialog *self)
{
  ch_conflicts_dialog_resolve (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index")), FALSE);
}

static void
on_use_mine_cb (GtkButton         *button,
                ChConflictsDialog *self)
{
  ch_conflicts_dialog_resolve (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index")), TRUE);
}

static void
fill (ChConflictsDialog *self)
{
  g_autoptr(GPtrArray) ids = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  ids = ch_store_list_open_conflicts (self->store, self->chapter_id, NULL);
  g_ptr_array_set_size (self->ids, 0);

  for (guint i = 0; ids && i < ids->len; i++)
    {
      g_autoptr(JsonObject) c = ch_store_get_row (self->store, "conflict", g_ptr_array_index (ids, i), NULL);
      g_autofree char *title = NULL;
      g_autofree char *theirs = NULL;
      g_autofree char *mine = NULL;
      g_autofree char *subtitle = NULL;
      const char *group;
      GtkWidget *row, *box, *keep, *use;

      if (c == NULL)
        continue;

      g_ptr_array_add (self->ids, g_strdup (g_ptr_array_index (ids, i)));
      group = json_object_get_string_member_with_default (c, "field_group", "");
      title = row_title (self, c);
      theirs = values_text (json_object_get_string_member_with_default (c, "theirs", NULL));
      mine = values_text (json_object_get_string_member_with_default (c, "mine", NULL));
      /* Translators: %1$s the value the server kept, %2$s the other officer's value, %3$s who, %4$s when */
      subtitle = g_strdup_printf (_("Kept: %1$s\nOther change: %2$s\nby %3$s, %4$s"), theirs, mine,
                                  json_object_get_string_member_with_default (c, "author", _("an officer")),
                                  json_object_get_string_member_with_default (c, "created_at", ""));

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

      keep = gtk_button_new_with_mnemonic (g_str_equal (group, "duplicate") ? _("_Keep Both") : _("_Keep This"));
      g_object_set_data (G_OBJECT (keep), "index", GUINT_TO_POINTER (self->ids->len - 1));
      g_signal_connect (keep, "clicked", G_CALLBACK (on_keep_theirs_cb), self);
      gtk_box_append (GTK_BOX (box), keep);

      if (!g_str_equal (group, "duplicate"))
        {
          use = gtk_button_new_with_mnemonic (g_str_equal (group, "deleted") ? _("_Restore It") : _("_Use the Other"));
          g_object_set_data (G_OBJECT (use), "index", GUINT_TO_POINTER (self->ids->len - 1));
          g_signal_connect (use, "clicked", G_CALLBACK (on_use_mine_cb), self);
          gtk_box_append (GTK_BOX (box), use);
        }

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_stack_set_visible_child_name (self->stack, self->ids->len > 0 ? "list" : "empty");
}

static void
ch_conflicts_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_CONFLICTS_DIALOG);

  G_OBJECT_CLASS (ch_conflicts_dialog_parent_class)->dispose (object);
}

static void
ch_conflicts_dialog_finalize (GObject *object)
{
  ChConflictsDialog *self = CH_CONFLICTS_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->ids, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->chapter_id);

  G_OBJECT_CLASS (ch_conflicts_dialog_parent_class)->finalize (object);
}

static void
ch_conflicts_dialog_class_init (ChConflictsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_conflicts_dialog_dispose;
  object_class->finalize = ch_conflicts_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ch-conflicts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChConflictsDialog, group);
  gtk_widget_class_bind_template_child (widget_class, ChConflictsDialog, stack);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ch_conflicts_dialog_init (ChConflictsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_ptr_array_new ();
}

ChConflictsDialog *
ch_conflicts_dialog_new (GtkWindow  *parent,
                         ChStore    *store,
                         const char *chapter_id)
{
  ChConflictsDialog *self;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  self = g_object_new (CH_TYPE_CONFLICTS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->chapter_id = g_strdup (chapter_id);
  fill (self);

  return self;
}

guint
ch_conflicts_dialog_get_n (ChConflictsDialog *self)
{
  g_return_val_if_fail (CH_IS_CONFLICTS_DIALOG (self), 0);

  return self->ids->len;
}
