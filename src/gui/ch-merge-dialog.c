/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-merge-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-member-list.h"
#include "ch-merge-dialog.h"
#include "ch-merge-dialog-private.h"
#include "ch-merge.h"
#include "ch-payments.h"
#include "ch-roles.h"
#include "ch-specialties.h"

struct _ChMergeDialog
{
  AdwWindow           parent_instance;

  /* Template widgets */
  GtkLabel           *intro_label;
  GtkListView        *list_view;
  GtkSearchEntry     *search_entry;
  GtkLabel           *summary_label;
  AdwWindowTitle     *window_title;

  ChStore            *store;
  ChChapter          *chapter;
  char               *survivor_id;
  char               *other_id;
  ChMemberList       *list;
  GtkSingleSelection *selection;
};

enum {
  MERGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChMergeDialog, ch_merge_dialog, ADW_TYPE_WINDOW)

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         ChMergeDialog            *self)
{
  ChMember *member = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  g_autofree char *text = NULL;
  const char *company = ch_member_get_company (member);
  const char *email = ch_member_get_email (member);
  gboolean self_row = g_strcmp0 (ch_member_get_id (member), self->survivor_id) == 0;

  if (self_row)
    /* Translators: %s is a member's name; this is the record being kept */
    text = g_strdup_printf (_("%s (this record)"), ch_member_get_display_name (member));
  gtk_label_set_text (GTK_LABEL (name), text ? text : ch_member_get_display_name (member));
  g_clear_pointer (&text, g_free);

  text = g_strjoin (" · ", company && *company ? company : _("No company"),
                    email && *email ? email : _("No e-mail"),
                    ch_member_status_label (ch_member_get_status (member)), NULL);
  gtk_label_set_text (GTK_LABEL (detail), text);
  gtk_list_item_set_selectable (item, !self_row);
  gtk_list_item_set_activatable (item, !self_row);
  gtk_widget_set_sensitive (box, !self_row);
}

static void
update_summary (ChMergeDialog *self)
{
  g_autoptr(ChMember) survivor = ch_store_get_member (self->store, self->survivor_id, NULL);
  g_autoptr(ChMember) other = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_auto(GStrv) specialties = NULL;
  g_autofree char *moves = NULL;
  g_autofree char *text = NULL;
  guint n_pay, n_roles, n_spec;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.merge", FALSE);

  if (self->other_id == NULL || survivor == NULL ||
      !(other = ch_store_get_member (self->store, self->other_id, NULL)))
    {
      gtk_label_set_text (self->summary_label, _("Choose the other record of this person."));
      return;
    }

  payments = ch_payments_list (self->store, ch_chapter_get_id (self->chapter), self->other_id,
                               NULL);
  roles = ch_roles_list_for_member (self->store, self->other_id, NULL);
  specialties = ch_specialties_get (self->store, self->other_id);
  n_pay = payments ? payments->len : 0;
  n_roles = roles ? roles->len : 0;
  n_spec = specialties ? g_strv_length (specialties) : 0;

  {
    g_autofree char *p = g_strdup_printf (ngettext ("%u payment", "%u payments", n_pay), n_pay);
    g_autofree char *r = g_strdup_printf (ngettext ("%u role", "%u roles", n_roles), n_roles);
    g_autofree char *sp = g_strdup_printf (ngettext ("%u specialty", "%u specialties", n_spec),
                                           n_spec);

    /* Translators: what moves in a merge, e.g. "2 payments, 1 role, 3 specialties" */
    moves = g_strdup_printf (_("%s, %s, %s"), p, r, sp);
  }
  /* Translators: %1$s is the name on the record merged in (and then removed),
   * %2$s the name on the record kept, %3$s what moves (e.g. "2 payments, 1 role,
   * 3 specialties") */
  text = g_strdup_printf (_("From %1$s, these move to %2$s: %3$s, and event registrations. "
                            "Fields empty on the kept record are filled in; dues count to the "
                            "later date. The other record is then removed."),
                          ch_member_get_display_name (other),
                          ch_member_get_display_name (survivor), moves);
  gtk_label_set_text (self->summary_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.merge", TRUE);
}

static void
on_selection_changed_cb (ChMergeDialog *self)
{
  ChMember *member = gtk_single_selection_get_selected_item (self->selection);

  g_clear_pointer (&self->other_id, g_free);
  if (member != NULL && g_strcmp0 (ch_member_get_id (member), self->survivor_id) != 0)
    self->other_id = g_strdup (ch_member_get_id (member));
  update_summary (self);
}

static void
on_search_changed_cb (ChMergeDialog  *self,
                      GtkSearchEntry *entry)
{
  ch_member_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

gboolean
ch_merge_dialog_merge (ChMergeDialog *self)
{
  g_autoptr(ChMember) survivor = NULL;
  g_autoptr(ChMember) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (CH_IS_MERGE_DIALOG (self), FALSE);

  if (self->other_id == NULL)
    return FALSE;

  survivor = ch_store_get_member (self->store, self->survivor_id, NULL);
  other = ch_store_get_member (self->store, self->other_id, NULL);

  if (survivor == NULL || other == NULL ||
      !ch_merge_members (self->store, self->survivor_id, self->other_id, &error))
    {
      gtk_label_set_text (self->summary_label, error ? error->message : _("That record is gone."));
      return FALSE;
    }

  /* Translators: two member names */
  text = g_strdup_printf (_("%s was merged into %s"), ch_member_get_display_name (other),
                          ch_member_get_display_name (survivor));
  g_signal_emit (self, signals[MERGED], 0, text);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_confirm_cb (AdwMessageDialog *dialog,
               const char       *response,
               ChMergeDialog    *self)
{
  if (g_strcmp0 (response, "merge") == 0)
    ch_merge_dialog_merge (self);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ChMergeDialog *self = CH_MERGE_DIALOG (widget);
  g_autoptr(ChMember) survivor = ch_store_get_member (self->store, self->survivor_id, NULL);
  g_autoptr(ChMember) other = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->other_id != NULL)
    other = ch_store_get_member (self->store, self->other_id, NULL);
  if (survivor == NULL || other == NULL)
    return;

  /* Translators: %s is the record that is kept */
  heading = g_strdup_printf (_("Merge Into %s?"), ch_member_get_display_name (survivor));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   gtk_label_get_text (self->summary_label));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "merge", _("_Merge"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ch_merge_dialog_dispose (GObject *object)
{
  ChMergeDialog *self = CH_MERGE_DIALOG (object);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_MERGE_DIALOG);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (ch_merge_dialog_parent_class)->dispose (object);
}

static void
ch_merge_dialog_finalize (GObject *object)
{
  ChMergeDialog *self = CH_MERGE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->chapter);
  g_free (self->survivor_id);
  g_free (self->other_id);

  G_OBJECT_CLASS (ch_merge_dialog_parent_class)->finalize (object);
}

static void
ch_merge_dialog_class_init (ChMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_merge_dialog_dispose;
  object_class->finalize = ch_merge_dialog_finalize;

  /**
   * ChMergeDialog::merged:
   * @text: what happened, for a toast
   */
  signals[MERGED] = g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChMergeDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, ChMergeDialog, list_view);
  gtk_widget_class_bind_template_child (widget_class, ChMergeDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ChMergeDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ChMergeDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);

  gtk_widget_class_install_action (widget_class, "merge.merge", NULL, merge_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ch_merge_dialog_init (ChMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.merge", FALSE);
}

ChMergeDialog *
ch_merge_dialog_new (GtkWindow  *parent,
                     ChStore    *store,
                     ChChapter  *chapter,
                     const char *survivor_id)
{
  ChMergeDialog *self;
  g_autoptr(ChMember) survivor = NULL;
  g_autofree char *intro = NULL;
  GtkListItemFactory *factory;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (CH_IS_CHAPTER (chapter), NULL);
  g_return_val_if_fail (survivor_id != NULL, NULL);

  self = g_object_new (CH_TYPE_MERGE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->chapter = g_object_ref (chapter);
  self->survivor_id = g_strdup (survivor_id);

  survivor = ch_store_get_member (store, survivor_id, NULL);
  if (survivor != NULL)
    {
      /* Translators: %s is a member's name */
      intro = g_strdup_printf (_("Find the other record of %s. Everything it holds moves here, "
                                 "and this record stays."), ch_member_get_display_name (survivor));
      gtk_label_set_text (self->intro_label, intro);
      adw_window_title_set_subtitle (self->window_title, ch_member_get_display_name (survivor));
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry),
                             ch_member_get_family_name (survivor));
    }

  self->list = ch_member_list_new (store, ch_chapter_get_id (chapter));
  ch_member_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  update_summary (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));

  return self;
}

void
ch_merge_dialog_select (ChMergeDialog *self,
                        const char    *other_id)
{
  g_return_if_fail (CH_IS_MERGE_DIALOG (self));

  if (g_strcmp0 (other_id, self->survivor_id) == 0)
    return;

  g_free (self->other_id);
  self->other_id = g_strdup (other_id);
  update_summary (self);
}

const char *
ch_merge_dialog_get_summary (ChMergeDialog *self)
{
  g_return_val_if_fail (CH_IS_MERGE_DIALOG (self), NULL);

  return gtk_label_get_text (self->summary_label);
}
