/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-gui.h"
#include "ch-members-page.h"
#include "ch-window.h"

void
ch_gui_watch_store (gpointer   instance,
                    ChStore  **store_slot,
                    ChStore   *store,
                    GCallback  changed_cb)
{
  g_return_if_fail (G_IS_OBJECT (instance));
  g_return_if_fail (store_slot != NULL);
  g_return_if_fail (store == NULL || CH_IS_STORE (store));

  if (*store_slot == store)
    return;

  if (*store_slot != NULL)
    g_signal_handlers_disconnect_by_data (*store_slot, instance);
  g_set_object (store_slot, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", changed_cb, instance, G_CONNECT_SWAPPED);
}

void
ch_gui_show_message (GtkLabel   *label,
                     const char *text,
                     gboolean    is_error)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

GtkWindow *
ch_gui_get_parent_window (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
ch_gui_add_toast (GtkWidget *widget,
                  AdwToast  *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

char *
ch_gui_editable_dup_stripped (GtkEditable *editable)
{
  g_return_val_if_fail (GTK_IS_EDITABLE (editable), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

char *
ch_gui_dup_not_a_date_message (const char *text)
{
  /* Translators: %s is what the person typed in a date field */
  return g_strdup_printf (_("“%s” is not a date. Write it as year-month-day, "
                            "for example 2026-11-23."), text);
}

void
ch_gui_form_show_error (GtkRevealer *revealer,
                        GtkLabel    *label,
                        GtkWidget   *row,
                        const char  *message)
{
  g_return_if_fail (GTK_IS_REVEALER (revealer));
  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (row == NULL || GTK_IS_WIDGET (row));

  gtk_label_set_text (label, message);
  gtk_revealer_set_reveal_child (revealer, TRUE);

  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
    }
}

gboolean
ch_gui_combo_row_select_string (AdwComboRow *row,
                                const char  *value)
{
  GListModel *model;

  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), FALSE);

  model = adw_combo_row_get_model (row);
  if (!GTK_IS_STRING_LIST (model) || value == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), value) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return TRUE;
        }
    }

  return FALSE;
}

const char *
ch_gui_combo_row_get_selected_string (AdwComboRow *row)
{
  GtkStringObject *item;

  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), NULL);

  item = adw_combo_row_get_selected_item (row);
  return item ? gtk_string_object_get_string (item) : NULL;
}

GtkWidget *
ch_gui_group_add_row (AdwPreferencesGroup *group,
                      GPtrArray           *rows,
                      const char          *title,
                      const char          *subtitle)
{
  GtkWidget *row;

  g_return_val_if_fail (ADW_IS_PREFERENCES_GROUP (group), NULL);
  g_return_val_if_fail (rows != NULL, NULL);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);

  return row;
}

void
ch_gui_group_clear_rows (AdwPreferencesGroup *group,
                         GPtrArray           *rows)
{
  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));
  g_return_if_fail (rows != NULL);

  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

GtkWidget *
ch_gui_open_member_button_new (const char *name,
                               const char *action_name,
                               const char *member_id)
{
  GtkWidget *button;
  g_autofree char *label = NULL;

  g_return_val_if_fail (action_name != NULL, NULL);
  g_return_val_if_fail (member_id != NULL, NULL);

  button = gtk_button_new_from_icon_name ("go-next-symbolic");
  /* Translators: %s is a member's name */
  label = g_strdup_printf (_("Open %s"), name);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", member_id);

  return button;
}

void
ch_gui_open_member (GtkWidget  *widget,
                    const char *member_id)
{
  GtkWidget *window;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  window = gtk_widget_get_ancestor (widget, CH_TYPE_WINDOW);
  if (window != NULL)
    ch_members_page_open_member (ch_window_get_members_page (CH_WINDOW (window)), member_id);
}

void
ch_gui_ellipsize_labels (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_LABEL (widget))
    gtk_label_set_ellipsize (GTK_LABEL (widget), PANGO_ELLIPSIZE_END);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ch_gui_ellipsize_labels (child);
}

static gboolean
select_focused_row_cb (gpointer data)
{
  GtkWidget *list = data;
  GtkRoot *root = gtk_widget_get_root (list);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, list))
    return G_SOURCE_REMOVE;

  row = GTK_IS_LIST_BOX_ROW (focus) ? focus
                                    : gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);
  if (GTK_IS_LIST_BOX (list))
    {
      if (row != NULL && gtk_widget_get_parent (row) == list &&
          gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (row)) &&
          !gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row)))
        gtk_list_box_select_row (GTK_LIST_BOX (list), GTK_LIST_BOX_ROW (row));
      return G_SOURCE_REMOVE;
    }

  /* A GtkListView or GtkColumnView: the focus is on a row (or in it), whose
   * own action selects it as a click does.  A row already selected stays
   * as it is, with the others of a selection of several. */
  for (GtkWidget *w = focus; w != NULL && w != list; w = gtk_widget_get_parent (w))
    if (GTK_IS_LIST_VIEW (gtk_widget_get_parent (w)))
      {
        if (!(gtk_widget_get_state_flags (w) & GTK_STATE_FLAG_SELECTED))
          gtk_widget_activate_action (w, "listitem.select", "(bb)", FALSE, FALSE);
        break;
      }

  return G_SOURCE_REMOVE;
}

static void
on_list_focus_enter_cb (GtkEventControllerFocus *controller,
                        gpointer                 user_data)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  /* The window's focus is the new one only once the crossing is over. */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, select_focused_row_cb, g_object_ref (list),
                   g_object_unref);
}

void
ch_gui_select_on_focus (GtkWidget *list)
{
  GtkEventController *focus;

  g_return_if_fail (GTK_IS_LIST_BOX (list) || GTK_IS_LIST_VIEW (list) ||
                    GTK_IS_COLUMN_VIEW (list));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "enter", G_CALLBACK (on_list_focus_enter_cb), NULL);
  gtk_widget_add_controller (list, focus);
}

/* GTK 4.8 gives the toggle button inside a GtkDropDown no name: a screen
 * reader that reaches it hears "GtkToggleButton".  Labelled by the
 * drop-down, the button reads the drop-down's "label" property.  Done as
 * the drop-down shows, before anyone can reach it. */
static void
name_drop_down_button (GtkWidget *drop_down)
{
  for (GtkWidget *child = gtk_widget_get_first_child (drop_down); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      drop_down, NULL, -1);
}

/* The tooltip of a button that shows only an icon, as its name. */
static void
label_from_tooltip (GtkWidget *button)
{
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    tooltip, -1);
}

/* As a widget shows, names what GTK 4.8 and libadwaita 1.2 leave nameless
 * (a screen reader says the type of its image, "GtkImage"): the button of
 * a drop-down, the close button of a toast, the show-text button of a
 * password row, the search button of the shortcuts window. */
static gboolean
mapped_cb (GSignalInvocationHint *hint,
           guint                  n_params,
           const GValue          *params,
           gpointer               data)
{
  GObject *object = g_value_get_object (&params[0]);
  GtkWidget *widget;
  const char *icon;
  GType toast_widget;

  if (GTK_IS_DROP_DOWN (object))
    {
      name_drop_down_button (GTK_WIDGET (object));
      return TRUE;
    }
  if (!GTK_IS_BUTTON (object))
    return TRUE;

  widget = GTK_WIDGET (object);
  icon = gtk_button_get_icon_name (GTK_BUTTON (object));
  if (icon == NULL)
    return TRUE;

  if (gtk_widget_get_ancestor (widget, ADW_TYPE_PASSWORD_ENTRY_ROW) != NULL)
    {
      /* "Show Text" or "Hide Text", libadwaita's own words. */
      if (g_object_get_data (object, "ch-label-from-tooltip") == NULL)
        {
          g_object_set_data (object, "ch-label-from-tooltip", GINT_TO_POINTER (TRUE));
          g_signal_connect (object, "notify::tooltip-text", G_CALLBACK (label_from_tooltip),
                            NULL);
        }
      label_from_tooltip (widget);
      return TRUE;
    }

  if (g_str_equal (icon, "edit-find-symbolic") &&
      gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_WINDOW) != NULL)
    {
      /* GTK's own words for it, from GTK's own translations. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      g_dgettext ("gtk40", "Search Shortcuts"), -1);
      return TRUE;
    }

  if (!g_str_equal (icon, "window-close-symbolic"))
    return TRUE;
  /* A private type: there once the first toast is. */
  toast_widget = g_type_from_name ("AdwToastWidget");
  if (toast_widget != G_TYPE_INVALID && gtk_widget_get_ancestor (widget, toast_widget) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    /* Translators: the button that closes a notification */
                                    _("Close"), -1);

  return TRUE;
}

void
ch_gui_init_accessibility (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      /* The signal exists once the class does (kept for the program's life). */
      g_type_class_ref (GTK_TYPE_WIDGET);
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, mapped_cb, NULL,
                                  NULL);
      g_once_init_leave (&done, 1);
    }
}
