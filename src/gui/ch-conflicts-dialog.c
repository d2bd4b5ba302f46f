/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-conflicts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-conflict.h"
#include "ch-conflicts-dialog.h"
#include "ch-conflicts-dialog-private.h"
#include "ch-store-sync.h"
#include "ch-when.h"
#include "ch-window.h"

struct _ChConflictsDialog
{
  AdwWindow            parent_instance;

  AdwPreferencesGroup *group;
  GtkStack            *stack;

  ChStore             *store;
  char                *chapter_id;
  GPtrArray           *conflicts;   /* ChConflict, as listed */
  GPtrArray           *rows;
  GPtrArray           *texts;       /* char*, each row's subtitle */
  char                *toast;
};

G_DEFINE_FINAL_TYPE (ChConflictsDialog, ch_conflicts_dialog, ADW_TYPE_WINDOW)

static void fill (ChConflictsDialog *self);

/* One line per side: "Your change: +46 70 111 11 11" or "Bjorn
 * (treasurer)’s change, kept for now: +46 70 222 22 22". */
static char *
side_line (const ChConflictSide *side)
{
  g_autofree char *value = ch_conflict_side_dup_text (side);

  if (side->yours)
    return side->kept ? g_strdup_printf (_("Your change, kept for now: %s"), value)
                      : g_strdup_printf (_("Your change: %s"), value);
  if (side->author != NULL)
    /* Translators: %1$s an officer's name as the server knows it, %2$s the value */
    return side->kept
           ? g_strdup_printf (_("%1$s’s change, kept for now: %2$s"), side->author, value)
           : g_strdup_printf (_("%1$s’s change: %2$s"), side->author, value);

  return side->kept ? g_strdup_printf (_("Another officer’s change, kept for now: %s"), value)
                    : g_strdup_printf (_("Another officer’s change: %s"), value);
}

static char *
side_button_label (const ChConflict     *conflict,
                   const ChConflictSide *side)
{
  if (ch_conflict_is_deletion (conflict))
    return g_strdup (side->kept ? _("Keep It Deleted") : _("Restore It"));
  if (side->yours)
    return g_strdup (_("Use Yours"));
  if (side->author != NULL)
    return g_strdup (_("Use Theirs"));

  return g_strdup (side->kept ? _("Keep the Current One") : _("Use the Other"));
}

/* The button's tooltip and accessible name, with the officer's name. */
static char *
side_button_description (const ChConflictSide *side)
{
  g_autofree char *value = ch_conflict_side_dup_text (side);

  if (side->yours)
    /* Translators: %s is the value */
    return g_strdup_printf (_("Use your change: %s"), value);
  if (side->author != NULL)
    /* Translators: %1$s an officer's name, %2$s the value */
    return g_strdup_printf (_("Use %1$s’s change: %2$s"), side->author, value);

  /* Translators: %s is the value */
  return g_strdup_printf (_("Use this change: %s"), value);
}

gboolean
ch_conflicts_dialog_choose (ChConflictsDialog *self,
                            guint              index,
                            guint              side)
{
  g_autoptr(GError) error = NULL;
  ChConflict *conflict;
  gboolean ok;

  g_return_val_if_fail (CH_IS_CONFLICTS_DIALOG (self), FALSE);

  if (index >= self->conflicts->len || side > 1)
    return FALSE;

  conflict = g_ptr_array_index (self->conflicts, index);
  if (g_strcmp0 (conflict->field_group, "duplicate") == 0)
    /* Two members with one address: both stay, the conflict closes. */
    ok = ch_store_resolve_conflict (self->store, conflict->id, FALSE, &error);
  else
    ok = ch_conflict_choose (self->store, conflict, &conflict->sides[side], &error);

  if (!ok)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Resolve"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }

  fill (self);

  /* Nothing left to decide: say so where the officer works. */
  if (self->conflicts->len == 0)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      g_free (self->toast);
      self->toast = g_strdup (_("All conflicts resolved. Your choices go to every officer "
                                "at the next sync."));
      if (CH_IS_WINDOW (parent))
        ch_window_add_toast (CH_WINDOW (parent), adw_toast_new (self->toast));
      gtk_window_close (GTK_WINDOW (self));
    }

  return TRUE;
}

/* conflicts.choose((index, side)): the button of one side of one conflict. */
static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  guint index, side;

  g_variant_get (param, "(uu)", &index, &side);
  ch_conflicts_dialog_choose (CH_CONFLICTS_DIALOG (widget), index, side);
}

static GtkWidget *
side_button (ChConflictsDialog *self,
             const ChConflict  *conflict,
             guint              side)
{
  g_autofree char *label = side_button_label (conflict, &conflict->sides[side]);
  g_autofree char *description = side_button_description (&conflict->sides[side]);
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "conflicts.choose");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(uu)", self->conflicts->len - 1,
                                    side);

  return button;
}

static void
fill (ChConflictsDialog *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->texts, 0);
  g_ptr_array_set_size (self->conflicts, 0);

  conflicts = ch_conflict_list_open (self->store, self->chapter_id, NULL);

  for (guint i = 0; conflicts && i < conflicts->len; i++)
    {
      ChConflict *c = ch_conflict_copy (g_ptr_array_index (conflicts, i));
      g_autofree char *title = NULL;
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;
      g_autofree char *when = NULL;
      g_autofree char *found = NULL;
      GString *subtitle;
      GtkWidget *row, *box;

      g_ptr_array_add (self->conflicts, c);
      title = ch_conflict_dup_title (c);

      subtitle = g_string_new (NULL);
      if (g_strcmp0 (c->field_group, "duplicate") == 0)
        {
          g_autofree char *address = ch_conflict_side_dup_text (&c->sides[0]);

          /* Translators: %s is an e-mail address */
          g_string_append_printf (subtitle, _("Two members were added with %s."), address);
        }
      else
        {
          first = side_line (&c->sides[0]);
          second = side_line (&c->sides[1]);
          g_string_append_printf (subtitle, "%s\n%s", first, second);
        }
      when = ch_when_format_short (c->created_at, now);
      if (when != NULL)
        {
          /* Translators: when the server found the conflict, e.g. "today 10:44" */
          found = g_strdup_printf (_("Found %s"), when);
          g_string_append_printf (subtitle, "\n%s", found);
        }

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      g_ptr_array_add (self->texts, g_string_free (subtitle, FALSE));

      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      if (g_strcmp0 (c->field_group, "duplicate") == 0)
        {
          GtkWidget *keep = gtk_button_new_with_mnemonic (_("_Keep Both"));

          gtk_actionable_set_action_name (GTK_ACTIONABLE (keep), "conflicts.choose");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (keep), "(uu)",
                                            self->conflicts->len - 1, 0);
          gtk_box_append (GTK_BOX (box), keep);
        }
      else
        {
          gtk_box_append (GTK_BOX (box), side_button (self, c, 0));
          gtk_box_append (GTK_BOX (box), side_button (self, c, 1));
        }

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_stack_set_visible_child_name (self->stack, self->conflicts->len > 0 ? "list" : "empty");
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
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);
  g_free (self->chapter_id);
  g_free (self->toast);

  G_OBJECT_CLASS (ch_conflicts_dialog_parent_class)->finalize (object);
}

static void
ch_conflicts_dialog_class_init (ChConflictsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_conflicts_dialog_dispose;
  object_class->finalize = ch_conflicts_dialog_finalize;

  gtk_widget_class_install_action (widget_class, "conflicts.choose", "(uu)", choose_action);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-conflicts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChConflictsDialog, group);
  gtk_widget_class_bind_template_child (widget_class, ChConflictsDialog, stack);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ch_conflicts_dialog_init (ChConflictsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_conflict_free);
  self->rows = g_ptr_array_new ();
  self->texts = g_ptr_array_new_with_free_func (g_free);
}

ChConflictsDialog *
ch_conflicts_dialog_new (GtkWindow *parent,
                         ChSession *session)
{
  ChConflictsDialog *self;

  g_return_val_if_fail (CH_IS_SESSION (session), NULL);

  /* The chapter open now, for as long as the dialog is. */
  self = g_object_new (CH_TYPE_CONFLICTS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (ch_session_get_store (session));
  self->chapter_id = g_strdup (ch_session_get_chapter_id (session));
  fill (self);

  return self;
}

guint
ch_conflicts_dialog_get_n (ChConflictsDialog *self)
{
  g_return_val_if_fail (CH_IS_CONFLICTS_DIALOG (self), 0);

  return self->conflicts->len;
}

const char *
ch_conflicts_dialog_get_text (ChConflictsDialog *self,
                              guint              index)
{
  g_return_val_if_fail (CH_IS_CONFLICTS_DIALOG (self), NULL);

  return index < self->texts->len ? g_ptr_array_index (self->texts, index) : NULL;
}

const char *
ch_conflicts_dialog_get_toast (ChConflictsDialog *self)
{
  g_return_val_if_fail (CH_IS_CONFLICTS_DIALOG (self), NULL);

  return self->toast;
}
