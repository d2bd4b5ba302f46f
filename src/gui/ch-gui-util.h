/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ch-store.h"

G_BEGIN_DECLS

/* A string field of a row read from the store; NULL when the row is NULL
 * or the field is missing, null or not a string. */
const char  *ch_gui_json_get_string               (JsonObject *row,
                                                   const char *field);

/* Makes *@store_slot hold @store for @instance: @instance's handlers on the
 * old store are disconnected and @changed_cb is connected, swapped, to the
 * new store's ::changed.  Nothing happens when the store stays the same. */
void         ch_gui_watch_store                   (gpointer    instance,
                                                   ChStore   **store_slot,
                                                   ChStore    *store,
                                                   GCallback   changed_cb);

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

/* Lists a page fills from the store, made when the page is shown (or
 * asked about) rather than when the chapter opens, so that the window's
 * first frame does not wait for them.  Embed one in the page, set it up in
 * init with the page's load function; the load function, and dispose,
 * call ch_gui_lazy_load_done() first. */
typedef void (*ChGuiLoadFunc) (GtkWidget *page);

typedef struct
{
  GtkWidget     *page;
  ChGuiLoadFunc  load;
  guint          delay_ms;   /* store changes wait this long; 0: an idle */
  guint          source_id;
  gboolean       dirty;      /* to load when next shown */
} ChGuiLazyLoad;

/* Loads @page when it is mapped and something changed since. */
void         ch_gui_lazy_load_init                (ChGuiLazyLoad *lazy,
                                                   GtkWidget     *page,
                                                   ChGuiLoadFunc  load,
                                                   guint          delay_ms);
/* Nothing is pending any more. */
void         ch_gui_lazy_load_done                (ChGuiLazyLoad *lazy);
/* Loads now if a load is owed (for getters and actions). */
void         ch_gui_lazy_load_ensure              (ChGuiLazyLoad *lazy);
/* The data changed (a new chapter): loads now when shown, else later. */
void         ch_gui_lazy_load_invalidate          (ChGuiLazyLoad *lazy);
/* The store changed: one load for a batch of changes when shown, a hidden
 * page only marks itself to load when next shown. */
void         ch_gui_lazy_load_queue               (ChGuiLazyLoad *lazy);
/* Shows @chapter of @store: watches @store as ch_gui_watch_store() does
 * (with the page as instance), keeps @chapter in *@chapter_slot and
 * invalidates the lists. */
void         ch_gui_lazy_load_set_chapter         (ChGuiLazyLoad *lazy,
                                                   ChStore      **store_slot,
                                                   ChStore       *store,
                                                   GCallback      changed_cb,
                                                   ChChapter    **chapter_slot,
                                                   ChChapter     *chapter);
/* What a page's dispose shares: nothing pending, off the store, the
 * template of @type and its unnamed root gone, store and chapter let go. */
void         ch_gui_lazy_load_dispose_page        (ChGuiLazyLoad *lazy,
                                                   GType          type,
                                                   ChStore      **store_slot,
                                                   ChChapter    **chapter_slot);

G_END_DECLS
