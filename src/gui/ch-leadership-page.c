/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-leadership-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-board-balance.h"
#include "ch-gui-lazy-load.h"
#include "ch-gui.h"
#include "ch-leadership-page.h"
#include "ch-leadership-page-private.h"
#include "ch-officer-row.h"
#include "ch-roles.h"

struct _ChLeadershipPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *balance_group;
  AdwPreferencesGroup *officers_group;
  GtkStack            *stack;

  ChStore             *store;
  ChChapter           *chapter;
  GPtrArray           *officer_rows;
  GPtrArray           *balance_rows;
  guint                n_officers;
  char                *balance_text;
  ChGuiLazyLoad        lazy;
};

G_DEFINE_FINAL_TYPE (ChLeadershipPage, ch_leadership_page, GTK_TYPE_WIDGET)

static void
open_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ch_gui_open_member (widget, g_variant_get_string (param, NULL));
}

void
ch_leadership_page_refresh (ChLeadershipPage *self)
{
  g_autoptr(GPtrArray) officers = NULL;
  g_autoptr(GError) error = NULL;
  ChBoardBalance balance;

  g_return_if_fail (CH_IS_LEADERSHIP_PAGE (self));

  ch_gui_lazy_load_done (&self->lazy);
  ch_gui_group_clear_rows (self->officers_group, self->officer_rows);
  ch_gui_group_clear_rows (self->balance_group, self->balance_rows);
  g_clear_pointer (&self->balance_text, g_free);
  self->n_officers = 0;

  if (self->store == NULL || self->chapter == NULL)
    return;

  officers = ch_roles_list_current (self->store, ch_chapter_get_id (self->chapter), NULL);
  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      GtkWidget *row = ch_officer_row_new (g_ptr_array_index (officers, i));

      adw_preferences_group_add (self->officers_group, row);
      g_ptr_array_add (self->officer_rows, row);
      self->n_officers++;
    }

  /* No officers: the page says how to record them, and nothing is left
   * for the balance to count. */
  gtk_stack_set_visible_child_name (self->stack, self->n_officers == 0 ? "empty" : "officers");

  if (!ch_board_balance_compute (self->store, ch_chapter_get_id (self->chapter), &balance, &error))
    {
      ch_gui_group_add_row (self->balance_group, self->balance_rows, error->message, NULL);
      return;
    }
  if (balance.people == 0)
    {
      ch_gui_group_add_row (self->balance_group, self->balance_rows, _("Nothing to count yet"),
                            NULL);
      return;
    }

  self->balance_text = ch_board_balance_describe (&balance);
  {
    GtkWidget *row = ch_gui_group_add_row (self->balance_group, self->balance_rows,
                                           self->balance_text, NULL);

    adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  }
}

static void
on_store_changed_cb (ChLeadershipPage *self)
{
  ch_gui_lazy_load_queue (&self->lazy);
}

static void
ch_leadership_page_dispose (GObject *object)
{
  ChLeadershipPage *self = CH_LEADERSHIP_PAGE (object);

  ch_gui_lazy_load_dispose_page (&self->lazy, CH_TYPE_LEADERSHIP_PAGE, &self->store,
                                 &self->chapter);
  g_clear_pointer (&self->officer_rows, g_ptr_array_unref);
  g_clear_pointer (&self->balance_rows, g_ptr_array_unref);
  g_clear_pointer (&self->balance_text, g_free);

  G_OBJECT_CLASS (ch_leadership_page_parent_class)->dispose (object);
}

static void
ch_leadership_page_class_init (ChLeadershipPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_leadership_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-leadership-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChLeadershipPage, balance_group);
  gtk_widget_class_bind_template_child (widget_class, ChLeadershipPage, officers_group);
  gtk_widget_class_bind_template_child (widget_class, ChLeadershipPage, stack);

  gtk_widget_class_install_action (widget_class, "leadership.open-member", "s", open_member_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ch_leadership_page_init (ChLeadershipPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ch_gui_lazy_load_init (&self->lazy, GTK_WIDGET (self),
                         (ChGuiLazyLoadFunc) ch_leadership_page_refresh, 200);

  self->officer_rows = g_ptr_array_new ();
  self->balance_rows = g_ptr_array_new ();
}

static void
set_chapter (ChLeadershipPage *self,
             ChStore          *store,
             ChChapter        *chapter)
{
  /* Made when the page is shown (or asked about), not when the chapter opens. */
  ch_gui_lazy_load_set_chapter (&self->lazy, &self->store, store, G_CALLBACK (on_store_changed_cb),
                                &self->chapter, chapter);
}

static void
on_session_chapter_cb (ChLeadershipPage *self,
                       GParamSpec       *pspec,
                       ChSession        *session)
{
  set_chapter (self, ch_session_get_store (session), ch_session_get_chapter (session));
}

void
ch_leadership_page_set_session (ChLeadershipPage *self,
                                ChSession        *session)
{
  g_return_if_fail (CH_IS_LEADERSHIP_PAGE (self));
  g_return_if_fail (CH_IS_SESSION (session));

  g_signal_connect_object (session, "notify::chapter", G_CALLBACK (on_session_chapter_cb), self,
                           G_CONNECT_SWAPPED);
  on_session_chapter_cb (self, NULL, session);
}

const char *
ch_leadership_page_get_balance_text (ChLeadershipPage *self)
{
  g_return_val_if_fail (CH_IS_LEADERSHIP_PAGE (self), NULL);

  return self->balance_text;
}

const char *
ch_leadership_page_get_state (ChLeadershipPage *self)
{
  g_return_val_if_fail (CH_IS_LEADERSHIP_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
