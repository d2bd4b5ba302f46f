/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-events-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ch-event-detail.h"
#include "ch-event-detail-private.h"
#include "ch-event-row.h"
#include "ch-events.h"
#include "ch-events-page.h"
#include "ch-events-page-private.h"
#include "ch-events-page-class-private.h"
#include "ch-gui-lazy-load.h"
#include "ch-gui.h"
#include "ch-ics.h"
#include "ch-registration.h"
#include "ch-seat-moves.h"

G_DEFINE_FINAL_TYPE (ChEventsPage, ch_events_page, GTK_TYPE_WIDGET)

void
ch_events_page_show_toast (ChEventsPage *self,
                           const char   *text)
{
  AdwToast *toast = adw_toast_new (text);

  g_free (self->last_toast);
  self->last_toast = g_strdup (text);

  adw_toast_set_timeout (toast, 6);
  ch_gui_add_toast (GTK_WIDGET (self), toast);
}

/* ----------------------------------------------------------------------- */
/* The list of events                                                      */

static GtkWidget *
make_event_row (ChEventsPage *self,
                ChEvent      *event,
                gboolean      upcoming)
{
  ChEventCounts counts[2];
  gboolean counted = ch_event_counts (self->store, ch_event_get_id (event), counts, NULL);
  GtkWidget *row = ch_event_row_new (event, counted ? counts : NULL, upcoming);

  g_ptr_array_add (self->event_texts, g_strdup (ch_event_row_get_text (CH_EVENT_ROW (row))));
  return row;
}

/* "YYYY-MM-DD HH:MM" → a GDateTime with those fields (shown as is). */
static GDateTime *
parse_month (const char *month)
{
  int y, mo;

  if (month == NULL || sscanf (month, "%d-%d", &y, &mo) != 2)
    return NULL;

  return g_date_time_new_utc (y, mo, 1, 0, 0, 0);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  ChEventRow *event_row = CH_EVENT_ROW (row);
  const char *month = ch_event_row_get_month (event_row);
  gboolean upcoming = ch_event_row_get_upcoming (event_row);
  gboolean new_section = before == NULL ||
                         upcoming != ch_event_row_get_upcoming (CH_EVENT_ROW (before));
  GtkWidget *box;

  if (!new_section && g_strcmp0 (month, ch_event_row_get_month (CH_EVENT_ROW (before))) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 3);

  if (new_section)
    {
      GtkWidget *section = gtk_label_new (upcoming ? _("Upcoming") : _("Past"));

      gtk_label_set_xalign (GTK_LABEL (section), 0);
      gtk_widget_add_css_class (section, "title-4");
      gtk_box_append (GTK_BOX (box), section);
    }

  {
    g_autoptr(GDateTime) dt = parse_month (month);
    /* Translators: a month heading in the list of events, see strftime */
    g_autofree char *text = dt ? g_date_time_format (dt, _("%B %Y")) : g_strdup (month);
    GtkWidget *label = gtk_label_new (text);

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (label, "heading");
    gtk_widget_add_css_class (label, "dim-label");
    gtk_box_append (GTK_BOX (box), label);
  }

  gtk_list_box_row_set_header (row, box);
}

static void
clear_list (ChEventsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->event_list))) != NULL)
    gtk_list_box_remove (self->event_list, child);
}

static void
update_actions (ChEventsPage *self)
{
  ChEvent *event = self->selected;
  gboolean has = event != NULL;
  gboolean live = has && !ch_event_is_cancelled (event);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.edit", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.duplicate", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.cancel-event", live);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.export", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.export-registrations", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.add-to-calendar", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.import-attendance",
                                 has && ch_event_has_online_side (event));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.check-in",
                                 live && ch_event_has_in_person_side (event));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.register-member", live);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.add-guest", live);
}

static void
show_detail (ChEventsPage *self)
{
  self->reloading = TRUE;
  update_actions (self);
  gtk_widget_set_visible (self->detail, self->selected != NULL);
  ch_event_detail_show (self->event_detail, self->store != NULL ? self->session : NULL,
                        self->selected);
  self->reloading = FALSE;
}

static void
select_row_for (ChEventsPage *self,
                const char   *id)
{
  GtkWidget *child;
  GtkWidget *first = NULL;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->event_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!CH_IS_EVENT_ROW (child))
        continue;
      if (first == NULL)
        first = child;
      if (g_strcmp0 (ch_event_get_id (ch_event_row_get_event (CH_EVENT_ROW (child))), id) == 0)
        {
          gtk_list_box_select_row (self->event_list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }

  /* Nothing asked for, or it is gone: the soonest upcoming. */
  if (first != NULL)
    gtk_list_box_select_row (self->event_list, GTK_LIST_BOX_ROW (first));
  else
    gtk_list_box_select_row (self->event_list, NULL);
}

void
ch_events_page_reload (ChEventsPage *self)
{
  g_autoptr(GPtrArray) upcoming = NULL;
  g_autoptr(GPtrArray) past = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *count = NULL;
  guint n_upcoming;

  g_return_if_fail (CH_IS_EVENTS_PAGE (self));

  ch_gui_lazy_load_done (&self->lazy);

  keep = g_strdup (self->selected_id);
  self->reloading = TRUE;
  clear_list (self);
  self->reloading = FALSE;
  self->n_events = 0;
  g_ptr_array_set_size (self->event_texts, 0);

  if (self->store == NULL || self->chapter == NULL)
    {
      g_clear_object (&self->selected);
      show_detail (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  upcoming = ch_event_list (self->store, ch_chapter_get_id (self->chapter), TRUE, NULL);
  past = ch_event_list (self->store, ch_chapter_get_id (self->chapter), FALSE, NULL);

  self->reloading = TRUE;
  for (guint i = 0; upcoming && i < upcoming->len; i++)
    gtk_list_box_append (self->event_list,
                         make_event_row (self, g_ptr_array_index (upcoming, i), TRUE));
  for (guint i = 0; past && i < past->len; i++)
    gtk_list_box_append (self->event_list,
                         make_event_row (self, g_ptr_array_index (past, i), FALSE));
  self->reloading = FALSE;

  n_upcoming = upcoming ? upcoming->len : 0;
  self->n_events = n_upcoming + (past ? past->len : 0);
  count = g_strdup_printf (ngettext ("%u upcoming", "%u upcoming", n_upcoming), n_upcoming);
  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, self->n_events > 0 ? "events" : "empty");

  g_free (self->selected_id);
  self->selected_id = g_steal_pointer (&keep);
  if (self->n_events == 0)
    {
      g_clear_object (&self->selected);
      show_detail (self);
      return;
    }
  select_row_for (self, self->selected_id);
}

/* The list is made when the page is shown (or asked about), not when the
 * chapter opens: the window's first frame must not wait for it.  Public
 * functions and actions that read it make it first. */
ChEventsPage *
ch_events_page_loaded (GtkWidget *widget)
{
  ChEventsPage *self = CH_EVENTS_PAGE (widget);

  ch_gui_lazy_load_ensure (&self->lazy);
  return self;
}

static void
on_store_changed_cb (ChEventsPage *self,
                     const char   *entity,
                     const char   *id,
                     ChStore      *store)
{
  if (entity != NULL && !g_str_equal (entity, "event") && !g_str_equal (entity, "registration") &&
      !g_str_equal (entity, "member") && !g_str_equal (entity, "chapter"))
    return;

  /* Several changes (a cancellation that promotes) come as one reload;
   * a hidden page waits until shown. */
  ch_gui_lazy_load_queue (&self->lazy);
}

static void
on_event_selected_cb (ChEventsPage  *self,
                      GtkListBoxRow *row,
                      GtkListBox    *box)
{
  ChEvent *event;

  if (self->reloading)
    return;

  event = row != NULL ? ch_event_row_get_event (CH_EVENT_ROW (row)) : NULL;
  g_set_object (&self->selected, event);
  if (event != NULL && g_strcmp0 (ch_event_get_id (event), self->selected_id) != 0)
    {
      g_free (self->selected_id);
      self->selected_id = g_strdup (ch_event_get_id (event));
    }

  show_detail (self);
}

static void
on_event_activated_cb (ChEventsPage  *self,
                       GtkListBoxRow *row,
                       GtkListBox    *box)
{
  adw_leaflet_set_visible_child (self->leaflet, self->detail);
}

static void
on_detail_toast_cb (ChEventsPage  *self,
                    const char    *text,
                    ChEventDetail *detail)
{
  ch_events_page_show_toast (self, text);
}

static void
on_detail_changed_cb (ChEventsPage  *self,
                      ChEventDetail *detail)
{
  ch_events_page_reload (self);
}


/* ----------------------------------------------------------------------- */

static void
ch_events_page_dispose (GObject *object)
{
  ChEventsPage *self = CH_EVENTS_PAGE (object);

  ch_gui_lazy_load_done (&self->lazy);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  /* Removing the rows selects none: nothing to show any more. */
  self->reloading = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_EVENTS_PAGE);

  G_OBJECT_CLASS (ch_events_page_parent_class)->dispose (object);
}

static void
ch_events_page_finalize (GObject *object)
{
  ChEventsPage *self = CH_EVENTS_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->chapter);
  g_clear_object (&self->selected);
  g_free (self->selected_id);
  g_free (self->asked_id);
  g_free (self->last_toast);
  g_ptr_array_unref (self->event_texts);
  g_ptr_array_unref (self->seat_moves);

  G_OBJECT_CLASS (ch_events_page_parent_class)->finalize (object);
}

static void
ch_events_page_class_init (ChEventsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_events_page_dispose;
  object_class->finalize = ch_events_page_finalize;

  g_type_ensure (CH_TYPE_EVENT_DETAIL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-events-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, detail);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, event_detail);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, event_list);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_event_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_event_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_toast_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_changed_cb);

  ch_events_page_install_actions (widget_class);
}

static void
ch_events_page_init (ChEventsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ch_gui_select_on_focus (GTK_WIDGET (self->event_list));
  ch_gui_lazy_load_init (&self->lazy, GTK_WIDGET (self), (ChGuiLazyLoadFunc) ch_events_page_reload,
                         0);

  self->event_texts = g_ptr_array_new_with_free_func (g_free);
  self->seat_moves = g_ptr_array_new_with_free_func (g_free);
  gtk_list_box_set_header_func (self->event_list, header_func, NULL, NULL);
  show_detail (self);
}

/* ----------------------------------------------------------------------- */
/* Public                                                                    */

static void
set_chapter (ChEventsPage *self,
             ChStore      *store,
             ChChapter    *chapter)
{
  if (self->store != store)
    {
      if (self->store != NULL)
        g_clear_signal_handler (&self->changed_id, self->store);
      g_set_object (&self->store, store);
      if (store != NULL)
        self->changed_id = g_signal_connect_object (store, "changed",
                                                    G_CALLBACK (on_store_changed_cb),
                                                    self, G_CONNECT_SWAPPED);
    }

  if (self->chapter == NULL || chapter == NULL ||
      g_strcmp0 (ch_chapter_get_id (self->chapter), ch_chapter_get_id (chapter)) != 0)
    g_clear_pointer (&self->selected_id, g_free);
  g_set_object (&self->chapter, chapter);

  ch_gui_lazy_load_invalidate (&self->lazy);
}

static void
on_session_chapter_cb (ChEventsPage *self,
                       GParamSpec   *pspec,
                       ChSession    *session)
{
  set_chapter (self, ch_session_get_store (session), ch_session_get_chapter (session));
}

void
ch_events_page_set_session (ChEventsPage *self,
                            ChSession    *session)
{
  g_return_if_fail (CH_IS_EVENTS_PAGE (self));
  g_return_if_fail (CH_IS_SESSION (session));

  g_set_object (&self->session, session);
  g_signal_connect_object (session, "notify::chapter", G_CALLBACK (on_session_chapter_cb), self,
                           G_CONNECT_SWAPPED);
  on_session_chapter_cb (self, NULL, session);
}

ChEventDialog *
ch_events_page_new_event (ChEventsPage *self)
{
  return ch_events_page_edit_event (self, NULL);
}

ChEventDialog *
ch_events_page_edit_event (ChEventsPage *self,
                           const char   *event_id)
{
  ChEventDialog *dialog;

  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);

  if (self->store == NULL || self->chapter == NULL)
    return NULL;

  dialog = ch_event_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)), self->store,
                                self->chapter, event_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (ch_events_page_on_event_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

gboolean
ch_events_page_select_event (ChEventsPage *self,
                             const char   *event_id)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), FALSE);
  ch_gui_lazy_load_ensure (&self->lazy);

  select_row_for (self, event_id);
  return g_strcmp0 (self->selected_id, event_id) == 0;
}

const char *
ch_events_page_get_selected_id (ChEventsPage *self)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  return self->selected != NULL ? self->selected_id : NULL;
}

gboolean
ch_events_page_cancel_event (ChEventsPage *self,
                             const char   *event_id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), FALSE);

  if (!ch_event_cancel (self->store, event_id, &error))
    {
      ch_events_page_show_toast (self, error->message);
      return FALSE;
    }

  ch_events_page_show_toast (self, _("Event cancelled. Export it to calendars again "
                                     "to tell people."));
  ch_events_page_reload (self);
  return TRUE;
}

ChCheckInWindow *
ch_events_page_open_check_in (ChEventsPage *self)
{
  ChCheckInWindow *window;

  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  if (self->selected_id == NULL || self->store == NULL)
    return NULL;

  window = ch_check_in_window_new (ch_gui_get_parent_window (GTK_WIDGET (self)), self->session,
                                   self->selected_id);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

const char *
ch_events_page_get_state (ChEventsPage *self)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  return gtk_stack_get_visible_child_name (self->stack);
}

guint
ch_events_page_get_n_events (ChEventsPage *self)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), 0);
  ch_gui_lazy_load_ensure (&self->lazy);

  return self->n_events;
}

const char *
ch_events_page_get_mode_summary (ChEventsPage *self,
                                 const char   *mode)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  return ch_event_detail_get_mode_summary (self->event_detail, mode);
}

const char *
ch_events_page_get_event_text (ChEventsPage *self,
                               guint         index)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  return index < self->event_texts->len ? g_ptr_array_index (self->event_texts, index) : NULL;
}

guint
ch_events_page_get_n_registrations (ChEventsPage *self)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), 0);
  ch_gui_lazy_load_ensure (&self->lazy);

  return ch_event_detail_get_n_registrations (self->event_detail);
}

const char *
ch_events_page_get_registration_text (ChEventsPage *self,
                                      guint         index)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  return ch_event_detail_get_registration_text (self->event_detail, index);
}

const char *
ch_events_page_get_registration_id (ChEventsPage *self,
                                    guint         index)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  return ch_event_detail_get_registration_id (self->event_detail, index);
}

const char *
ch_events_page_get_last_toast (ChEventsPage *self)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);

  return self->last_toast;
}

gboolean
ch_events_page_export_to_file (ChEventsPage  *self,
                               GFile         *file,
                               GError       **error)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), FALSE);
  ch_gui_lazy_load_ensure (&self->lazy);

  return ch_event_detail_export_to_file (self->event_detail, file, error);
}

static void
on_seat_moves_clicked_cb (ChEventsPage *self)
{
  ch_events_page_show_seat_moves (self);
}

void
ch_events_page_report_reconciled (ChEventsPage       *self,
                                  const char * const *ids)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CH_IS_EVENTS_PAGE (self));

  if (self->store != NULL)
    {
      g_ptr_array_set_size (self->seat_moves, 0);
      text = ch_seat_moves_describe (self->store, ids, self->seat_moves);
    }

  if (text != NULL && self->seat_moves->len > 0)
    {
      /* Somebody was promised a seat here: say who, and offer what to do. */
      AdwToast *toast = adw_toast_new (text);

      g_free (self->last_toast);
      self->last_toast = g_strdup (text);
      adw_toast_set_button_label (toast, _("_Details"));
      /* Not an "events." action: the toast lives in the window's overlay,
       * outside this page, where the page's actions are not found. */
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_seat_moves_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, 10);
      ch_gui_add_toast (GTK_WIDGET (self), toast);
    }
  else if (text != NULL)
    ch_events_page_show_toast (self, text);

  ch_gui_lazy_load_invalidate (&self->lazy);
}

GtkWidget *
ch_events_page_show_seat_moves (ChEventsPage *self)
{
  GtkWidget *dialog;

  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);

  if (self->store == NULL || self->seat_moves->len == 0)
    return NULL;

  dialog = ch_seat_moves_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)),
                                     GTK_WIDGET (self), self->store, self->seat_moves);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

void
ch_events_page_import_report (ChEventsPage *self,
                              const char   *event_id,
                              GFile        *file)
{
  g_return_if_fail (CH_IS_EVENTS_PAGE (self));

  ch_event_detail_import_report (self->event_detail, event_id, file);
}
