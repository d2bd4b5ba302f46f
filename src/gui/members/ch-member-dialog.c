/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-gui.h"
#include "ch-member-data-actions.h"
#include "ch-member-dialog-private.h"
#include "ch-member-mail-panel.h"
#include "ch-member-membership-panel.h"
#include "ch-member-profile-panel.h"
#include "ch-member-profile-panel-private.h"
#include "ch-member-roles-panel.h"
#include "ch-member-opportunities-panel.h"

/* The frame of the member dialog.  It knows its panels only through
 * ChMemberPanel: it hands them the member, collects their edits on Save,
 * asks them whether closing loses anything, and shows what they ask it
 * to (an error above the tabs, a toast, a similar member). */
struct _ChMemberDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  GtkButton      *cancel_button;
  GtkLabel       *error_label;
  GtkRevealer    *error_revealer;
  AdwViewStackPage *membership_page;
  ChMemberMembershipPanel *membership_panel;
  GtkButton      *open_other_button;
  GtkButton      *open_similar_button;
  ChMemberProfilePanel *profile_panel;
  AdwViewStackPage *roles_page;
  ChMemberRolesPanel *roles_panel;
  ChMemberOpportunitiesPanel *opportunities_panel;
  ChMemberMailPanel *mail_panel;
  AdwViewStackPage *mail_page;
  GtkButton      *save_button;
  GtkLabel       *similar_label;
  GtkRevealer    *similar_revealer;
  AdwViewSwitcherTitle *switcher_title;
  AdwToastOverlay *toast_overlay;
  AdwViewStack   *view_stack;

  GSimpleActionGroup *actions;         /* "member": the frame's and the panels' */
  GPtrArray      *panels;              /* ChMemberPanel, in tab order */
  GPtrArray      *marked_rows;         /* rows an error points at */

  ChStore        *store;
  ChChapter      *chapter;
  char           *member_id;
  char           *other_id;
  char           *similar_id;
  gboolean        discard_ok;          /* closing may drop the edits */
  gboolean        has_error;
};

enum {
  SAVED,
  DELETE_REQUESTED,
  OPEN_MEMBER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChMemberDialog, ch_member_dialog, ADW_TYPE_WINDOW)

static void
enable_action (ChMemberDialog *self,
               const char     *name,
               gboolean        enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static gboolean
has_unsaved_changes (ChMemberDialog *self)
{
  for (guint i = 0; i < self->panels->len; i++)
    if (ch_member_panel_has_changes (g_ptr_array_index (self->panels, i)))
      return TRUE;

  return FALSE;
}

static void
clear_error (ChMemberDialog *self)
{
  for (guint i = 0; i < self->marked_rows->len; i++)
    gtk_widget_remove_css_class (g_ptr_array_index (self->marked_rows, i), "error");
  g_ptr_array_set_size (self->marked_rows, 0);

  self->has_error = FALSE;
  g_clear_pointer (&self->other_id, g_free);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->open_other_button), FALSE);
  enable_action (self, "open-other", FALSE);
}

static void
show_error (ChMemberDialog *self,
            GtkWidget      *row,
            const char     *message)
{
  self->has_error = TRUE;
  if (row != NULL)
    g_ptr_array_add (self->marked_rows, g_object_ref (row));
  ch_gui_form_show_error (self->error_revealer, self->error_label, row, message);
}

static void
on_panel_show_error_cb (ChMemberDialog *self,
                        GtkWidget      *row,
                        const char     *message,
                        ChMemberPanel  *panel)
{
  show_error (self, row, message);
}

static void
on_panel_clear_error_cb (ChMemberDialog *self,
                         ChMemberPanel  *panel)
{
  clear_error (self);
}

static void
on_panel_toast_cb (ChMemberDialog *self,
                   AdwToast       *toast,
                   ChMemberPanel  *panel)
{
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

/* The error names a member who could be opened instead (same e-mail). */
static void
on_panel_offer_member_cb (ChMemberDialog *self,
                          const char     *member_id,
                          const char     *label,
                          ChMemberPanel  *panel)
{
  g_free (self->other_id);
  self->other_id = g_strdup (member_id);
  gtk_button_set_label (self->open_other_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->open_other_button), TRUE);
  enable_action (self, "open-other", TRUE);
}

static void
on_panel_similar_member_cb (ChMemberDialog *self,
                            const char     *member_id,
                            const char     *text,
                            const char     *label,
                            ChMemberPanel  *panel)
{
  g_free (self->similar_id);
  self->similar_id = g_strdup (member_id);
  if (member_id != NULL)
    {
      gtk_label_set_text (self->similar_label, text);
      gtk_button_set_label (self->open_similar_button, label);
    }
  gtk_revealer_set_reveal_child (self->similar_revealer, member_id != NULL);
  enable_action (self, "open-similar", member_id != NULL);
}

gboolean
ch_member_dialog_save (ChMemberDialog *self)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *new_id = NULL;
  const char *chapter_id;
  const char *id;
  gboolean ok;

  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), FALSE);

  clear_error (self);

  for (guint i = 0; i < self->panels->len; i++)
    if (!ch_member_panel_apply (g_ptr_array_index (self->panels, i), fields))
      return FALSE;

  chapter_id = self->chapter ? ch_chapter_get_id (self->chapter) : NULL;
  ok = ch_store_begin (self->store, &error);
  if (ok)
    {
      if (self->member_id == NULL)
        ok = ch_store_add_member (self->store, chapter_id, fields, &new_id, &error);
      else
        ok = ch_store_update_member (self->store, self->member_id, fields, &error);

      id = self->member_id ? self->member_id : new_id;
      for (guint i = 0; ok && i < self->panels->len; i++)
        ok = ch_member_panel_save (g_ptr_array_index (self->panels, i), id, &error);

      if (ok)
        ok = ch_store_commit (self->store, &error);
      else
        ch_store_rollback (self->store);
    }

  if (!ok)
    {
      GtkWidget *row = NULL;

      for (guint i = 0; i < self->panels->len; i++)
        {
          ChMemberPanel *panel = g_ptr_array_index (self->panels, i);

          if (ch_member_panel_explain_error (panel, error, &row))
            {
              adw_view_stack_set_visible_child (self->view_stack, GTK_WIDGET (panel));
              break;
            }
        }
      show_error (self, row, error->message);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, self->member_id ? self->member_id : new_id);
  self->discard_ok = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

/* The title says whose dialog this is, and their status. */
static void
refresh_title (ChMemberDialog *self)
{
  g_autoptr(ChMember) member = NULL;

  if (self->member_id == NULL)
    return;

  member = ch_store_get_member (self->store, self->member_id, NULL);
  if (member == NULL)
    return;

  adw_view_switcher_title_set_title (self->switcher_title, ch_member_get_display_name (member));
  adw_view_switcher_title_set_subtitle (self->switcher_title,
                                        ch_member_status_label (ch_member_get_status (member)));
  gtk_window_set_title (GTK_WINDOW (self), ch_member_get_display_name (member));
}

static void
on_store_changed_cb (ChMemberDialog *self,
                     const char     *entity,
                     const char     *id,
                     ChStore        *store)
{
  refresh_title (self);
}

static void
on_visible_page_cb (ChMemberDialog *self)
{
  GtkWidget *visible = adw_view_stack_get_visible_child (self->view_stack);
  gboolean form = visible != NULL && CH_IS_MEMBER_PANEL (visible) &&
                  ch_member_panel_waits_for_save (CH_MEMBER_PANEL (visible));

  /* Payments and roles take effect at once; only the profile is saved.
   * Save stays on every tab: an edit on Profile is still waiting for it. */
  gtk_button_set_label (self->cancel_button, form || has_unsaved_changes (self) ? _("_Cancel")
                                                                                 : _("_Close"));
}

static gboolean
save_after_question_cb (gpointer data)
{
  ChMemberDialog *self = data;

  ch_member_dialog_save (self);
  return G_SOURCE_REMOVE;
}

static gboolean
discard_after_question_cb (gpointer data)
{
  ChMemberDialog *self = data;

  self->discard_ok = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
on_close_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      ChMemberDialog   *self)
{
  /* After the question has closed: it must not outlive its parent. */
  if (g_strcmp0 (response, "save") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, save_after_question_cb, g_object_ref (self),
                     g_object_unref);
  else if (g_strcmp0 (response, "discard") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, discard_after_question_cb, g_object_ref (self),
                     g_object_unref);
}

/* Closing with edits on the profile asks first: Cancel and Close never
 * throw typed work away silently. */
static gboolean
ch_member_dialog_close_request (GtkWindow *window)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (window);
  g_autofree char *heading = NULL;
  g_autofree char *name = NULL;
  AdwMessageDialog *dialog;

  if (self->discard_ok || !has_unsaved_changes (self))
    return GTK_WINDOW_CLASS (ch_member_dialog_parent_class)->close_request (window);

  for (guint i = 0; name == NULL && i < self->panels->len; i++)
    name = ch_member_panel_dup_name (g_ptr_array_index (self->panels, i));

  if (self->member_id == NULL)
    heading = g_strdup (_("Add the New Member?"));
  else if (name != NULL && *name != '\0')
    /* Translators: %s is a member's name */
    heading = g_strdup_printf (_("Save changes to %s?"), name);
  else
    heading = g_strdup (_("Save Changes?"));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, heading,
                                                       _("Closing without saving loses what "
                                                         "was changed on the Profile tab.")));
  adw_message_dialog_add_responses (dialog,
                                    "discard", _("_Discard"),
                                    "cancel", _("_Cancel"),
                                    "save", self->member_id == NULL ? _("_Add") : _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
save_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       data)
{
  ch_member_dialog_save (CH_MEMBER_DIALOG (data));
}

static void
delete_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       data)
{
  ChMemberDialog *self = data;
  g_autofree char *id = g_strdup (self->member_id);
  /* Closing destroys the dialog; it still tells who asked for the deletion. */
  g_autoptr(ChMemberDialog) keep = g_object_ref (self);

  if (id == NULL)
    return;

  /* The member goes (undoably): nothing to ask about the profile's edits. */
  self->discard_ok = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  g_signal_emit (self, signals[DELETE_REQUESTED], 0, id);
}

static void
open_other_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       data)
{
  ChMemberDialog *self = data;
  g_autofree char *id = g_strdup (self->other_id);

  /* This form stays open, with what was typed, underneath. */
  if (id != NULL)
    g_signal_emit (self, signals[OPEN_MEMBER], 0, id);
}

static void
open_similar_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       data)
{
  ChMemberDialog *self = data;
  g_autofree char *id = g_strdup (self->similar_id);

  if (id != NULL)
    g_signal_emit (self, signals[OPEN_MEMBER], 0, id);
}

static void
ch_member_dialog_dispose (GObject *object)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_pointer (&self->panels, g_ptr_array_unref);
  g_clear_pointer (&self->marked_rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_MEMBER_DIALOG);

  G_OBJECT_CLASS (ch_member_dialog_parent_class)->dispose (object);
}

static void
ch_member_dialog_finalize (GObject *object)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (object);

  g_clear_object (&self->actions);
  g_clear_object (&self->store);
  g_clear_object (&self->chapter);
  g_free (self->member_id);
  g_free (self->other_id);
  g_free (self->similar_id);

  G_OBJECT_CLASS (ch_member_dialog_parent_class)->finalize (object);
}

static void
ch_member_dialog_class_init (ChMemberDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ch_member_dialog_dispose;
  object_class->finalize = ch_member_dialog_finalize;
  window_class->close_request = ch_member_dialog_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DELETE_REQUESTED] = g_signal_new ("delete-requested", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[OPEN_MEMBER] = g_signal_new ("open-member", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CH_TYPE_MEMBER_PROFILE_PANEL);
  g_type_ensure (CH_TYPE_MEMBER_MEMBERSHIP_PANEL);
  g_type_ensure (CH_TYPE_MEMBER_ROLES_PANEL);
  g_type_ensure (CH_TYPE_MEMBER_OPPORTUNITIES_PANEL);
  g_type_ensure (CH_TYPE_MEMBER_MAIL_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-member-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, membership_page);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, membership_panel);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, open_other_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, open_similar_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, profile_panel);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, roles_page);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, roles_panel);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, opportunities_panel);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, mail_page);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, mail_panel);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, similar_label);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, similar_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, view_stack);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "member.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "member.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "member.record-payment", NULL);
}

static void
ch_member_dialog_init (ChMemberDialog *self)
{
  static const GActionEntry entries[] = {
    { "save", save_action, NULL, NULL, NULL, { 0 } },
    { "delete", delete_action, NULL, NULL, NULL, { 0 } },
    { "open-other", open_other_action, NULL, NULL, NULL, { 0 } },
    { "open-similar", open_similar_action, NULL, NULL, NULL, { 0 } },
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->marked_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->panels = g_ptr_array_new ();
  g_ptr_array_add (self->panels, self->profile_panel);
  g_ptr_array_add (self->panels, self->membership_panel);
  g_ptr_array_add (self->panels, self->roles_panel);
  g_ptr_array_add (self->panels, self->opportunities_panel);
  /* What was e-mailed to the member (issue 13). */
  g_ptr_array_add (self->panels, self->mail_panel);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries,
                                   G_N_ELEMENTS (entries), self);
  for (guint i = 0; i < self->panels->len; i++)
    {
      ChMemberPanel *panel = g_ptr_array_index (self->panels, i);

      ch_member_panel_add_actions (panel, G_ACTION_MAP (self->actions));
      g_signal_connect_object (panel, "show-error", G_CALLBACK (on_panel_show_error_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (panel, "clear-error", G_CALLBACK (on_panel_clear_error_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (panel, "toast", G_CALLBACK (on_panel_toast_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (panel, "offer-member", G_CALLBACK (on_panel_offer_member_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (panel, "similar-member", G_CALLBACK (on_panel_similar_member_cb),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "member", G_ACTION_GROUP (self->actions));

  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (on_visible_page_cb), self, G_CONNECT_SWAPPED);

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  enable_action (self, "open-other", FALSE);
  enable_action (self, "open-similar", FALSE);
}

ChMemberDialog *
ch_member_dialog_new (GtkWindow  *parent,
                      ChStore    *store,
                      ChChapter  *chapter,
                      const char *member_id)
{
  ChMemberDialog *self;
  g_autoptr(ChMember) member = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  self = g_object_new (CH_TYPE_MEMBER_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->chapter = chapter ? g_object_ref (chapter) : NULL;
  self->member_id = g_strdup (member_id);
  ch_member_data_actions_add (G_ACTION_MAP (self->actions), ADW_WINDOW (self), store, member_id);

  for (guint i = 0; i < self->panels->len; i++)
    ch_member_panel_set_member (g_ptr_array_index (self->panels, i), store, chapter, member_id);

  if (member_id == NULL)
    {
      /* Only the profile until the member exists. */
      adw_view_switcher_title_set_title (self->switcher_title, _("New Member"));
      gtk_window_set_title (GTK_WINDOW (self), _("New Member"));
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
      adw_view_stack_page_set_visible (self->membership_page, FALSE);
      adw_view_stack_page_set_visible (self->roles_page, FALSE);
      adw_view_stack_page_set_visible (self->mail_page, FALSE);
      gtk_button_set_label (self->save_button, _("_Add"));
    }
  else
    {
      gtk_button_set_label (self->save_button, _("_Save"));
      member = ch_store_get_member (store, member_id, &error);
      if (member == NULL)
        {
          show_error (self, NULL, error->message);
          enable_action (self, "save", FALSE);
        }
      else
        refresh_title (self);
      g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  for (guint i = 0; i < self->panels->len; i++)
    ch_member_panel_mark_unchanged (g_ptr_array_index (self->panels, i));

  return self;
}

const char *
ch_member_dialog_get_member_id (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return self->member_id;
}

/* For tests, see ch-member-dialog-private.h */

GtkEditable *
ch_member_dialog_get_entry (ChMemberDialog *self,
                            const char     *field)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return ch_member_profile_panel_get_entry (self->profile_panel, field);
}

const char *
ch_member_dialog_get_about_you_text (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return ch_member_profile_panel_get_about_you_text (self->profile_panel);
}

ChGender
ch_member_dialog_get_gender (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), CH_GENDER_NOT_ANSWERED);

  return ch_member_profile_panel_get_gender (self->profile_panel);
}

void
ch_member_dialog_set_gender (ChMemberDialog *self,
                             ChGender        gender)
{
  g_return_if_fail (CH_IS_MEMBER_DIALOG (self));

  ch_member_profile_panel_set_gender (self->profile_panel, gender);
}

const char *
ch_member_dialog_get_error (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return self->has_error ? gtk_label_get_text (self->error_label) : NULL;
}

const char *
ch_member_dialog_get_other_id (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return self->other_id;
}

const char *
ch_member_dialog_get_similar_id (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return gtk_revealer_get_reveal_child (self->similar_revealer) ? self->similar_id : NULL;
}

void
ch_member_dialog_show_page (ChMemberDialog *self,
                            const char     *page)
{
  g_return_if_fail (CH_IS_MEMBER_DIALOG (self));

  adw_view_stack_set_visible_child_name (self->view_stack, page);
}

const char *
ch_member_dialog_get_status_text (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return ch_member_membership_panel_get_status_text (self->membership_panel);
}

guint
ch_member_dialog_get_n_history (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), 0);

  return ch_member_membership_panel_get_n_history (self->membership_panel);
}

const char *
ch_member_dialog_get_history_title (ChMemberDialog *self,
                                    guint           i)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return ch_member_membership_panel_get_history_title (self->membership_panel, i);
}

GtkWidget *
ch_member_dialog_get_role_widget (ChMemberDialog *self,
                                  const char     *name)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return ch_member_roles_panel_get_widget (self->roles_panel, name);
}

const char *
ch_member_dialog_get_role_toast (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return ch_member_roles_panel_get_toast (self->roles_panel);
}

ChMemberOpportunitiesPanel *
ch_member_dialog_get_opportunities_panel (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return self->opportunities_panel;
}
