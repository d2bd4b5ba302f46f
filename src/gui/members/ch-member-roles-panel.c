/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-gui.h"
#include "ch-member-roles-panel.h"
#include "ch-role-row.h"
#include "ch-roles.h"
#include "ch-date.h"
#include "ch-date-text.h"

struct _ChMemberRolesPanel
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkButton      *add_role_button;
  ChDateRow      *role_ends_row;
  AdwComboRow    *role_row;
  ChDateRow      *role_starts_row;
  AdwPreferencesGroup *roles_group;

  ChStore        *store;
  ChChapter      *chapter;
  char           *member_id;
  GSimpleAction  *add_action;
  GPtrArray      *role_rows;

  /* What the last "Undo" reverts, and the last toast. */
  char           *undo_new_role;
  char           *undo_old_role;
  char           *undo_old_ends;
  char           *role_toast;

  /* The seat a hand-over being asked about ends, and the new term. */
  ChRole         *hand_over_holder;
  char           *hand_over_starts;
  char           *hand_over_ends;
};

static void ch_member_roles_panel_iface_init (ChMemberPanelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChMemberRolesPanel, ch_member_roles_panel, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CH_TYPE_MEMBER_PANEL,
                                                      ch_member_roles_panel_iface_init))

static void
show_error (ChMemberRolesPanel *self,
            GtkWidget          *row,
            const char         *message)
{
  ch_member_panel_show_error (CH_MEMBER_PANEL (self), row, message);
}

static void
refresh (ChMemberRolesPanel *self)
{
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(ChMember) member = NULL;

  if (self->member_id == NULL)
    return;

  member = ch_store_get_member (self->store, self->member_id, NULL);
  if (member != NULL)
    /* The switcher hides the title on a wide window: say whose page this is. */
    adw_preferences_group_set_title (self->roles_group, ch_member_get_display_name (member));

  ch_gui_group_clear_rows (self->roles_group, self->role_rows);
  roles = ch_roles_list_for_member (self->store, self->member_id, NULL);
  for (guint i = 0; roles != NULL && i < roles->len; i++)
    {
      GtkWidget *row = ch_role_row_new (g_ptr_array_index (roles, i));

      adw_preferences_group_add (self->roles_group, row);
      g_ptr_array_add (self->role_rows, row);
    }
  if (self->role_rows->len == 0)
    ch_gui_group_add_row (self->roles_group, self->role_rows, _("No roles yet"), NULL);
}

static void
on_store_changed_cb (ChMemberRolesPanel *self,
                     const char         *entity,
                     const char         *id,
                     ChStore            *store)
{
  refresh (self);
}

/* The role picker starts on "Choose a role": one click must not make a
 * second President.  Position 0 is no role. */
static const char *
picked_role (ChMemberRolesPanel *self)
{
  const char * const *roles = ch_roles_standard ();
  guint pos = adw_combo_row_get_selected (self->role_row);

  if (pos == 0 || pos == GTK_INVALID_LIST_POSITION || pos > g_strv_length ((char **) roles))
    return NULL;

  return roles[pos - 1];
}

static void
on_role_picked_cb (ChMemberRolesPanel *self)
{
  if (self->add_action != NULL)
    g_simple_action_set_enabled (self->add_action, picked_role (self) != NULL);
}

static void
role_toast (ChMemberRolesPanel *self,
            const char         *text,
            gboolean            can_undo)
{
  AdwToast *t = adw_toast_new (text);

  if (can_undo)
    {
      adw_toast_set_button_label (t, _("_Undo"));
      adw_toast_set_action_name (t, "member.undo-role");
    }
  g_free (self->role_toast);
  self->role_toast = g_strdup (text);
  ch_member_panel_toast (CH_MEMBER_PANEL (self), t);
}

static void
remember_undo (ChMemberRolesPanel *self,
               char               *new_role,
               const char         *old_role,
               const char         *old_ends)
{
  g_free (self->undo_new_role);
  g_free (self->undo_old_role);
  g_free (self->undo_old_ends);
  self->undo_new_role = new_role;
  self->undo_old_role = g_strdup (old_role);
  self->undo_old_ends = g_strdup (old_ends);
}

/* The last day of a role's term as stored now, or NULL. */
static char *
role_end_day (ChMemberRolesPanel *self,
              const char         *role_id)
{
  g_autoptr(ChRole) role = ch_roles_get (self->store, role_id, NULL);

  return role ? g_strdup (ch_role_get_ends_on (role)) : NULL;
}

static void
role_added (ChMemberRolesPanel *self,
            const char         *role,
            char               *new_role_id,
            ChRole             *previous)
{
  g_autofree char *text = NULL;

  remember_undo (self, new_role_id, previous ? ch_role_get_id (previous) : NULL,
                 previous ? ch_role_get_ends_on (previous) : NULL);
  ch_date_row_set_iso (self->role_ends_row, NULL);
  adw_combo_row_set_selected (self->role_row, 0);

  if (previous != NULL)
    {
      g_autofree char *ended = role_end_day (self, ch_role_get_id (previous));

      /* Translators: a role was handed over: a name, a role such as President, a date */
      text = g_strdup_printf (_("%s’s term as %s ends on %s."),
                              ch_role_get_member_name (previous),
                              ch_roles_label (role), ended ? ended : "");
    }
  else
    /* Translators: %s is a role such as Treasurer */
    text = g_strdup_printf (_("Role added: %s"), ch_roles_label (role));
  role_toast (self, text, TRUE);
}

static void
on_hand_over_response_cb (AdwMessageDialog   *dialog,
                          const char         *response,
                          ChMemberRolesPanel *self)
{
  g_autoptr(ChRole) holder = g_steal_pointer (&self->hand_over_holder);
  g_autofree char *starts = g_steal_pointer (&self->hand_over_starts);
  g_autofree char *ends = g_steal_pointer (&self->hand_over_ends);
  g_autoptr(GError) error = NULL;
  char *new_id = NULL;

  if (g_strcmp0 (response, "hand-over") != 0 || self->member_id == NULL || holder == NULL)
    return;

  if (!ch_roles_hand_over (self->store, self->member_id, ch_role_get_role (holder), starts, ends,
                           ch_role_get_id (holder), &new_id, &error))
    {
      show_error (self, NULL, error->message);
      return;
    }

  role_added (self, ch_role_get_role (holder), new_id, holder);
}

/* A single seat that is taken: ask to end the holder's term the day
 * before this one starts. */
static void
ask_hand_over (ChMemberRolesPanel *self,
               ChRole             *holder,
               const char         *starts,
               const char         *ends)
{
  g_autoptr(ChMember) member = ch_store_get_member (self->store, self->member_id, NULL);
  g_autofree char *day_before = NULL;
  g_autofree char *starts_shown = ch_date_text_format_iso (starts);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWindow *root;
  GDate date;

  ch_date_parse (starts, &date);
  g_date_subtract_days (&date, 1);
  day_before = ch_date_text_format (&date);

  /* Translators: a member's name and a date, e.g. "End Anders Ekström’s term on 01.12.2026?" */
  heading = g_strdup_printf (_("End %s’s term on %s?"), ch_role_get_member_name (holder),
                             day_before);
  /* Translators: %1$s is a name, %2$s a role such as President, %3$s another name, %4$s a date */
  body = g_strdup_printf (_("%1$s is %2$s. A chapter has one %2$s at a time: "
                            "%3$s takes over on %4$s."),
                          ch_role_get_member_name (holder), ch_role_get_label (holder),
                          member ? ch_member_get_display_name (member) : "",
                          starts_shown);
  root = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (root, heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "hand-over", _("_End Term and Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "hand-over", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "hand-over");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_set_object (&self->hand_over_holder, holder);
  g_free (self->hand_over_starts);
  self->hand_over_starts = g_strdup (starts);
  g_free (self->hand_over_ends);
  self->hand_over_ends = g_strdup (ends);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_hand_over_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_role_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  ChMemberRolesPanel *self = data;
  ChMemberPanel *panel = CH_MEMBER_PANEL (self);
  const char *role = picked_role (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChRole) holder = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;
  const char *chapter_id = self->chapter ? ch_chapter_get_id (self->chapter) : NULL;
  char *new_id = NULL;
  GDate from, until;

  if (self->member_id == NULL || role == NULL)
    return;

  ch_member_panel_clear_error (panel);
  if (!ch_member_panel_check_date (panel, self->role_starts_row, &from) ||
      !ch_member_panel_check_date (panel, self->role_ends_row, &until))
    return;

  if (!g_date_valid (&from))
    {
      show_error (self, GTK_WIDGET (self->role_starts_row), _("Enter the day the role starts."));
      return;
    }
  if (g_date_valid (&until) && g_date_compare (&from, &until) > 0)
    {
      show_error (self, GTK_WIDGET (self->role_ends_row),
                  _("The role ends before it starts. Check the two dates."));
      return;
    }

  starts = ch_date_format (&from);
  ends = g_date_valid (&until) ? ch_date_format (&until) : NULL;

  if (ch_roles_is_single_seat (role) &&
      (holder = ch_roles_seat_holder (self->store, chapter_id, role, starts,
                                      self->member_id, NULL)) != NULL)
    {
      ask_hand_over (self, holder, starts, ends);
      return;
    }

  if (!ch_roles_add (self->store, self->member_id, role, starts, ends, &new_id, &error))
    {
      show_error (self, NULL, error->message);
      return;
    }

  role_added (self, role, new_id, NULL);
}

static void
undo_role_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       data)
{
  ChMemberRolesPanel *self = data;
  g_autoptr(GError) error = NULL;

  if (self->undo_new_role == NULL)
    return;

  if (!ch_roles_undo (self->store, self->undo_new_role, self->undo_old_role,
                                self->undo_old_ends, &error))
    role_toast (self, error->message, FALSE);
  else
    role_toast (self, self->undo_old_role ? _("Undone: the earlier term runs on as before.")
                                          : _("Undone: the role was removed."), FALSE);
  remember_undo (self, NULL, NULL, NULL);
}

static void
end_role_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  ChMemberRolesPanel *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = ch_member_panel_today (self->chapter);
  const char *text;

  if (!ch_roles_end (self->store, g_variant_get_string (param, NULL), date, &error))
    text = error->message;
  else
    text = _("Role ended today");
  ch_member_panel_toast (CH_MEMBER_PANEL (self), adw_toast_new (text));
}

static void
ch_member_roles_panel_add_actions (ChMemberPanel *panel,
                                   GActionMap    *map)
{
  ChMemberRolesPanel *self = CH_MEMBER_ROLES_PANEL (panel);
  static const GActionEntry entries[] = {
    { "add-role", add_role_action, NULL, NULL, NULL, { 0 } },
    { "end-role", end_role_action, "s", NULL, NULL, { 0 } },
    { "undo-role", undo_role_action, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (map, entries, G_N_ELEMENTS (entries), panel);
  g_set_object (&self->add_action,
                G_SIMPLE_ACTION (g_action_map_lookup_action (map, "add-role")));
  on_role_picked_cb (self);
}

static void
ch_member_roles_panel_set_member (ChMemberPanel *panel,
                                  ChStore       *store,
                                  ChChapter     *chapter,
                                  const char    *member_id)
{
  ChMemberRolesPanel *self = CH_MEMBER_ROLES_PANEL (panel);
  g_autoptr(GtkStringList) role_names = gtk_string_list_new (NULL);
  g_autofree char *now = NULL;

  g_set_object (&self->store, store);
  g_set_object (&self->chapter, chapter);
  g_free (self->member_id);
  self->member_id = g_strdup (member_id);

  gtk_string_list_append (role_names, _("Choose a role"));
  for (const char * const *r = ch_roles_standard (); r && *r; r++)
    gtk_string_list_append (role_names, ch_roles_label (*r));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (role_names));
  adw_combo_row_set_selected (self->role_row, 0);
  on_role_picked_cb (self);

  now = ch_member_panel_today (self->chapter);
  ch_date_row_set_iso (self->role_starts_row, now);

  if (member_id == NULL)
    return;

  refresh (self);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ch_member_roles_panel_iface_init (ChMemberPanelInterface *iface)
{
  iface->set_member = ch_member_roles_panel_set_member;
  iface->add_actions = ch_member_roles_panel_add_actions;
}

static void
ch_member_roles_panel_dispose (GObject *object)
{
  ChMemberRolesPanel *self = CH_MEMBER_ROLES_PANEL (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_MEMBER_ROLES_PANEL);

  G_OBJECT_CLASS (ch_member_roles_panel_parent_class)->dispose (object);
}

static void
ch_member_roles_panel_finalize (GObject *object)
{
  ChMemberRolesPanel *self = CH_MEMBER_ROLES_PANEL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->chapter);
  g_clear_object (&self->add_action);
  g_free (self->member_id);
  g_clear_pointer (&self->role_rows, g_ptr_array_unref);
  remember_undo (self, NULL, NULL, NULL);
  g_free (self->role_toast);
  g_clear_object (&self->hand_over_holder);
  g_free (self->hand_over_starts);
  g_free (self->hand_over_ends);

  G_OBJECT_CLASS (ch_member_roles_panel_parent_class)->finalize (object);
}

static void
ch_member_roles_panel_class_init (ChMemberRolesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_member_roles_panel_dispose;
  object_class->finalize = ch_member_roles_panel_finalize;

  g_type_ensure (CH_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-member-roles-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, ChMemberRolesPanel, add_role_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberRolesPanel, role_ends_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberRolesPanel, role_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberRolesPanel, role_starts_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberRolesPanel, roles_group);
}

static void
ch_member_roles_panel_init (ChMemberRolesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->role_rows = g_ptr_array_new ();
  g_signal_connect_object (self->role_row, "notify::selected", G_CALLBACK (on_role_picked_cb),
                           self, G_CONNECT_SWAPPED);
}

/* For tests */

GtkWidget *
ch_member_roles_panel_get_widget (ChMemberRolesPanel *self,
                                  const char         *name)
{
  g_return_val_if_fail (CH_IS_MEMBER_ROLES_PANEL (self), NULL);

  if (g_strcmp0 (name, "picker") == 0)
    return GTK_WIDGET (self->role_row);
  if (g_strcmp0 (name, "starts") == 0)
    return GTK_WIDGET (self->role_starts_row);
  if (g_strcmp0 (name, "ends") == 0)
    return GTK_WIDGET (self->role_ends_row);
  if (g_strcmp0 (name, "add") == 0)
    return GTK_WIDGET (self->add_role_button);

  return NULL;
}

const char *
ch_member_roles_panel_get_toast (ChMemberRolesPanel *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_ROLES_PANEL (self), NULL);

  return self->role_toast;
}
