/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-person-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-gui.h"
#include "ch-member-list.h"
#include "ch-person-dialog.h"
#include "ch-registration.h"
#include "ch-person-dialog-private.h"

struct _ChPersonDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwEntryRow    *email_row;
  GtkLabel       *error_label;
  GtkRevealer    *error_revealer;
  GtkButton      *guest_button;
  GtkListBox     *member_box;
  GtkListBox     *mode_box;
  AdwComboRow    *mode_row;
  AdwEntryRow    *name_row;
  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkButton      *to_guest_button;
  GtkButton      *to_member_button;
  AdwWindowTitle *window_title;

  GtkLabel       *placeholder;    /* shown by member_box when empty */
  ChMemberList   *list;
  GHashTable     *taken;
  char           *taken_reason;
  gboolean        has_error;
};

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChPersonDialog, ch_person_dialog, ADW_TYPE_WINDOW)

static const char *modes[] = { CH_MODE_IN_PERSON, CH_MODE_ONLINE };

static const char *
selected_mode (ChPersonDialog *self)
{
  guint i = adw_combo_row_get_selected (self->mode_row);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->mode_box)))
    return NULL;

  return i < G_N_ELEMENTS (modes) ? modes[i] : modes[0];
}

static void
clear_error (ChPersonDialog *self)
{
  self->has_error = FALSE;
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
}

static GtkWidget *
create_member_row (gpointer item,
                   gpointer user_data)
{
  ChPersonDialog *self = user_data;
  ChMember *member = item;
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (NULL);

  if (self->taken != NULL && g_hash_table_contains (self->taken, ch_member_get_id (member)))
    {
      GtkWidget *label = gtk_label_new (self->taken_reason);

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  if (ch_member_get_company (member) != NULL)
    g_string_append (subtitle, ch_member_get_company (member));
  if (ch_member_get_email (member) != NULL)
    {
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, ch_member_get_email (member));
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ch_member_get_display_name (member));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  return row;
}

/* The member at @position of the list; the list box is bound to it, so
 * a row's index is its member's position. */
static void
choose_member (ChPersonDialog *self,
               guint           position)
{
  g_autoptr(ChMember) member = NULL;

  member = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (member == NULL)
    return;

  clear_error (self);
  g_signal_emit (self, signals[CHOSEN], 0, ch_member_get_id (member), NULL, NULL,
                 selected_mode (self));
}

static void
update_placeholder (ChPersonDialog *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean guests = gtk_widget_get_visible (GTK_WIDGET (self->to_guest_button));

  if (*search == '\0')
    gtk_label_set_text (self->placeholder, _("The chapter has no members yet."));
  else if (guests)
    gtk_label_set_text (self->placeholder,
                        _("No member matches. Check the spelling, or add a guest below."));
  else
    gtk_label_set_text (self->placeholder, _("No member matches. Check the spelling."));
}

static void
on_search_changed_cb (ChPersonDialog *self,
                      GtkSearchEntry *entry)
{
  ch_member_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_placeholder (self);
}

static void show_page (ChPersonDialog *self,
                       ChPersonDialogKind    kind);

static void
on_search_activate_cb (ChPersonDialog *self,
                       GtkSearchEntry *entry)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->member_box);

  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->member_box, 0);
  if (row != NULL)
    choose_member (self, gtk_list_box_row_get_index (row));
  else if (!ch_member_list_get_loading (self->list) &&
           gtk_widget_get_visible (GTK_WIDGET (self->to_guest_button)) &&
           *gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    /* Nobody by that name: Enter goes on to the guest form, filled in. */
    show_page (self, CH_PERSON_GUEST);
}

static void
on_member_activated_cb (ChPersonDialog *self,
                        GtkListBoxRow  *row,
                        GtkListBox     *box)
{
  choose_member (self, gtk_list_box_row_get_index (row));
}

static void
show_page (ChPersonDialog *self,
           ChPersonDialogKind    kind)
{
  gboolean guest = kind == CH_PERSON_GUEST;

  /* Whoever was searched for and not found is likely the guest: a walk-in
   * at the door is then one Enter away. */
  if (guest && *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) == '\0')
    {
      g_autofree char *search = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->search_entry));

      if (strchr (search, '@') != NULL)
        {
          if (*gtk_editable_get_text (GTK_EDITABLE (self->email_row)) == '\0')
            gtk_editable_set_text (GTK_EDITABLE (self->email_row), search);
        }
      else if (*search != '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->name_row), search);
    }

  gtk_stack_set_visible_child_name (self->stack, guest ? "guest" : "member");
  gtk_widget_set_visible (GTK_WIDGET (self->guest_button), guest);
  gtk_window_set_default_widget (GTK_WINDOW (self), guest ? GTK_WIDGET (self->guest_button) : NULL);
  gtk_widget_grab_focus (guest ? GTK_WIDGET (self->name_row) : GTK_WIDGET (self->search_entry));
}

static void
show_guest_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  show_page (CH_PERSON_DIALOG (widget), CH_PERSON_GUEST);
}

static void
show_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  show_page (CH_PERSON_DIALOG (widget), CH_PERSON_MEMBER);
}

static void
add_guest_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ch_person_dialog_add_guest (CH_PERSON_DIALOG (widget));
}

static void
ch_person_dialog_dispose (GObject *object)
{
  ChPersonDialog *self = CH_PERSON_DIALOG (object);

  if (self->member_box != NULL)
    gtk_list_box_bind_model (self->member_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_PERSON_DIALOG);
  g_clear_object (&self->list);
  g_clear_pointer (&self->taken, g_hash_table_unref);
  g_clear_pointer (&self->taken_reason, g_free);

  G_OBJECT_CLASS (ch_person_dialog_parent_class)->dispose (object);
}

static void
ch_person_dialog_class_init (ChPersonDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_person_dialog_dispose;

  /**
   * ChPersonDialog::chosen:
   * @member_id: (nullable): the member, or NULL for a guest
   * @guest_name: (nullable): the guest's name
   * @guest_email: (nullable): the guest's e-mail
   * @mode: (nullable): the mode chosen, NULL when none was offered
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-person-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, guest_button);
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, member_box);
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, mode_box);
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, mode_row);
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, to_guest_button);
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, to_member_button);
  gtk_widget_class_bind_template_child (widget_class, ChPersonDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_member_activated_cb);

  gtk_widget_class_install_action (widget_class, "person.show-guest", NULL, show_guest_action);
  gtk_widget_class_install_action (widget_class, "person.show-member", NULL, show_member_action);
  gtk_widget_class_install_action (widget_class, "person.add-guest", NULL, add_guest_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ch_person_dialog_init (ChPersonDialog *self)
{
  g_autoptr(GtkStringList) mode_list = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  mode_list = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    gtk_string_list_append (mode_list, ch_registration_mode_label (modes[i]));
  adw_combo_row_set_model (self->mode_row, G_LIST_MODEL (mode_list));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  /* An empty search result says so instead of showing a blank box. */
  self->placeholder = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->placeholder, TRUE);
  gtk_label_set_justify (self->placeholder, GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (GTK_WIDGET (self->placeholder), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->placeholder), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->placeholder), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->placeholder), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->placeholder), "dim-label");
  gtk_list_box_set_placeholder (self->member_box, GTK_WIDGET (self->placeholder));
}

ChPersonDialog *
ch_person_dialog_new (GtkWindow    *parent,
                      ChSession    *session,
                      ChPersonDialogKind  kind,
                      gboolean      allow_guest,
                      const char   *title,
                      const char   *accept_label,
                      gboolean      offer_modes,
                      const char   *mode)
{
  ChPersonDialog *self;

  g_return_val_if_fail (CH_IS_SESSION (session), NULL);
  g_return_val_if_fail (ch_session_get_chapter_id (session) != NULL, NULL);

  self = g_object_new (CH_TYPE_PERSON_DIALOG, "transient-for", parent, "title", title, NULL);
  adw_window_title_set_title (self->window_title, title);
  gtk_button_set_label (self->guest_button, accept_label ? accept_label : _("_Add Guest"));
  gtk_widget_set_visible (GTK_WIDGET (self->to_guest_button), allow_guest);
  gtk_widget_set_visible (GTK_WIDGET (self->to_member_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->mode_box), offer_modes);
  if (mode != NULL)
    ch_person_dialog_set_mode (self, mode);

  self->list = ch_member_list_new (ch_session_get_store (session),
                                   ch_session_get_chapter_id (session));
  gtk_list_box_bind_model (self->member_box, G_LIST_MODEL (self->list), create_member_row, self,
                           NULL);

  show_page (self, allow_guest ? kind : CH_PERSON_MEMBER);
  update_placeholder (self);

  return self;
}

void
ch_person_dialog_show_error (ChPersonDialog *self,
                             const char     *message)
{
  g_return_if_fail (CH_IS_PERSON_DIALOG (self));

  self->has_error = TRUE;
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

GtkEditable *
ch_person_dialog_get_search_entry (ChPersonDialog *self)
{
  g_return_val_if_fail (CH_IS_PERSON_DIALOG (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

guint
ch_person_dialog_get_n_members (ChPersonDialog *self)
{
  g_return_val_if_fail (CH_IS_PERSON_DIALOG (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->list));
}

gboolean
ch_person_dialog_get_loading (ChPersonDialog *self)
{
  g_return_val_if_fail (CH_IS_PERSON_DIALOG (self), FALSE);

  return ch_member_list_get_loading (self->list);
}

void
ch_person_dialog_pick_member (ChPersonDialog *self,
                              guint           position)
{
  g_return_if_fail (CH_IS_PERSON_DIALOG (self));

  choose_member (self, position);
}

GtkEditable *
ch_person_dialog_get_entry (ChPersonDialog *self,
                            const char     *field)
{
  g_return_val_if_fail (CH_IS_PERSON_DIALOG (self), NULL);

  if (g_strcmp0 (field, "name") == 0)
    return GTK_EDITABLE (self->name_row);
  if (g_strcmp0 (field, "email") == 0)
    return GTK_EDITABLE (self->email_row);

  return NULL;
}

void
ch_person_dialog_set_mode (ChPersonDialog *self,
                           const char     *mode)
{
  g_return_if_fail (CH_IS_PERSON_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_strcmp0 (mode, modes[i]) == 0)
      adw_combo_row_set_selected (self->mode_row, i);
}

gboolean
ch_person_dialog_add_guest (ChPersonDialog *self)
{
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;

  g_return_val_if_fail (CH_IS_PERSON_DIALOG (self), FALSE);

  clear_error (self);
  name = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->name_row));
  email = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->email_row));

  if (*name == '\0')
    {
      ch_person_dialog_show_error (self, _("Write the guest’s name."));
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return FALSE;
    }

  g_signal_emit (self, signals[CHOSEN], 0, NULL, name, *email ? email : NULL, selected_mode (self));
  return !self->has_error;
}

void
ch_person_dialog_set_taken (ChPersonDialog     *self,
                            const char * const *member_ids,
                            const char         *reason)
{
  g_return_if_fail (CH_IS_PERSON_DIALOG (self));

  g_clear_pointer (&self->taken, g_hash_table_unref);
  self->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; member_ids != NULL && member_ids[i] != NULL; i++)
    g_hash_table_add (self->taken, g_strdup (member_ids[i]));
  g_free (self->taken_reason);
  self->taken_reason = g_strdup (reason);

  /* Make the rows again with the marks. */
  gtk_list_box_bind_model (self->member_box, G_LIST_MODEL (self->list), create_member_row, self,
                           NULL);
}
