/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ch-store.h"

G_BEGIN_DECLS

/* Makes *@store_slot hold @store for @instance: @instance's handlers on the
 * old store are disconnected and @changed_cb is connected, swapped, to the
 * new store's ::changed.  Nothing happens when the store stays the same. */
void         ch_gui_watch_store                   (gpointer    instance,
                                                   ChStore   **store_slot,
                                                   ChStore    *store,
                                                   GCallback   changed_cb);

/* Shows @text in @label (hidden when NULL), styled as an error or not. */
void         ch_gui_show_message                  (GtkLabel   *label,
                                                   const char *text,
                                                   gboolean    is_error);

/* The window @widget is in, or NULL while it is in none. */
GtkWindow   *ch_gui_get_parent_window             (GtkWidget  *widget);
/* Shows @toast (transfer full) in the AdwToastOverlay around @widget; the
 * toast is dropped when there is none. */
void         ch_gui_add_toast                     (GtkWidget  *widget,
                                                   AdwToast   *toast);

/* What was typed in @editable, without leading or trailing white space. */
char        *ch_gui_editable_dup_stripped         (GtkEditable *editable);

/* What a form says when a date field holds @text, which is not a date. */
char        *ch_gui_dup_not_a_date_message        (const char *text);

/* Shows @message in a form's error banner (@label inside @revealer) and,
 * when @row is not NULL, marks that row as the one to fix: error style,
 * focus, and the message as its accessible description. */
void         ch_gui_form_show_error               (GtkRevealer *revealer,
                                                   GtkLabel    *label,
                                                   GtkWidget   *row,
                                                   const char  *message);

/* Combo rows whose model is a GtkStringList: selects @value, FALSE when it
 * is not in the list; the selected string, or NULL. */
gboolean     ch_gui_combo_row_select_string       (AdwComboRow *row,
                                                   const char  *value);
const char  *ch_gui_combo_row_get_selected_string (AdwComboRow *row);

/* Preferences groups filled from the store: each row added is kept in
 * @rows so that the next refresh can remove it again. */
GtkWidget   *ch_gui_group_add_row                 (AdwPreferencesGroup *group,
                                                   GPtrArray           *rows,
                                                   const char          *title,
                                                   const char          *subtitle);
void         ch_gui_group_clear_rows              (AdwPreferencesGroup *group,
                                                   GPtrArray           *rows);

/* A flat "go next" button, labelled "Open <name>", that activates
 * @action_name with @member_id as its string target. */
GtkWidget   *ch_gui_open_member_button_new        (const char *name,
                                                   const char *action_name,
                                                   const char *member_id);
/* Opens @member_id on the Members page of the ChWindow @widget is in. */
void         ch_gui_open_member                   (GtkWidget  *widget,
                                                   const char *member_id);

/* Lets every label inside @widget (a view or stack switcher, whose labels
 * libadwaita 1.2 and GTK 4.8 never shorten) end in "…" when a narrow
 * window has no room for it whole, rather than widen the window. */
void         ch_gui_ellipsize_labels              (GtkWidget  *widget);

/* Moving the keyboard focus onto a row of @list (a GtkListBox, GtkListView
 * or GtkColumnView), as Tab does, selects it, so that what shows the
 * selection follows, as in GNOME's own applications. */
void         ch_gui_select_on_focus               (GtkWidget  *list);

/* Screen readers (issue 15): once, at start-up, makes the button of every
 * GtkDropDown, the part that takes the focus, read the drop-down's own
 * "label" property, and names the icon buttons GTK 4.8 and libadwaita 1.2
 * leave nameless ("GtkToggleButton", "GtkImage"): a toast's close button,
 * a password row's show-text button, the shortcuts window's search. */
void         ch_gui_init_accessibility            (void);

G_END_DECLS
