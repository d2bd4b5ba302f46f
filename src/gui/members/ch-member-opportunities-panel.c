/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-gui.h"
#include "ch-member-opportunities-panel.h"
#include "ch-opportunities.h"
#include "ch-opportunity-dialog.h"
#include "ch-opportunity-row.h"

struct _ChMemberOpportunitiesPanel
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkButton           *give_button;
  AdwPreferencesGroup *given_group;
  AdwPreferencesGroup *received_group;

  ChStore             *store;
  ChChapter           *chapter;
  char                *member_id;
  GCancellable        *cancellable;
  guint                pending;
  GPtrArray           *given_rows;
  GPtrArray           *received_rows;
};

static void ch_member_opportunities_panel_iface_init (ChMemberPanelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChMemberOpportunitiesPanel, ch_member_opportunities_panel,
                               ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CH_TYPE_MEMBER_PANEL,
                                                      ch_member_opportunities_panel_iface_init))

static void
add_note (AdwPreferencesGroup *group,
          GPtrArray           *rows,
          const char          *text)
{
  GtkWidget *row = ch_gui_group_add_row (group, rows, text, NULL);

  gtk_widget_add_css_class (row, "dim-label");
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ChMemberOpportunitiesPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ch_opportunities_list_finish (result, &error);
  const char *currency;

  self->pending--;
  if (list == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the member’s opportunities: %s", error->message);
      return;
    }

  currency = self->chapter ? ch_chapter_get_currency (self->chapter) : NULL;
  ch_gui_group_clear_rows (self->given_group, self->given_rows);
  ch_gui_group_clear_rows (self->received_group, self->received_rows);
  for (guint i = 0; i < list->len; i++)
    {
      ChOpportunity *o = list->pdata[i];
      gboolean given = g_strcmp0 (ch_opportunity_get_giver_id (o), self->member_id) == 0;
      GtkWidget *row = ch_opportunity_row_new (o, currency, "member.edit-opportunity");

      adw_preferences_group_add (given ? self->given_group : self->received_group, row);
      g_ptr_array_add (given ? self->given_rows : self->received_rows, row);
    }

  if (self->given_rows->len == 0)
    add_note (self->given_group, self->given_rows,
              _("Nothing given yet. When this member passes a lead or a project to someone, "
                "log it with “Give an Opportunity”."));
  if (self->received_rows->len == 0)
    add_note (self->received_group, self->received_rows,
              _("Nothing received yet. “Who Can Help” on the Opportunities page finds members "
                "by specialty."));
}

static void
refresh (ChMemberOpportunitiesPanel *self)
{
  ChOpportunityFilter filter = { 0 };

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL || self->chapter == NULL || self->member_id == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  filter.member_id = self->member_id;
  self->pending++;
  ch_opportunities_list_async (self->store, ch_chapter_get_id (self->chapter), &filter,
                               self->cancellable, loaded_cb, g_object_ref (self));
}

static void
on_store_changed_cb (ChMemberOpportunitiesPanel *self,
                     const char                 *entity)
{
  if (entity == NULL || g_strcmp0 (entity, "opportunity") == 0 ||
      g_strcmp0 (entity, "member") == 0)
    refresh (self);
}

static void
open_dialog (ChMemberOpportunitiesPanel *self,
             const char                 *opportunity_id)
{
  ChOpportunityDialog *dialog;

  if (self->store == NULL || self->chapter == NULL || self->member_id == NULL)
    return;

  dialog = ch_opportunity_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)), self->store,
                                      self->chapter, opportunity_id,
                                      opportunity_id == NULL ? self->member_id : NULL, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
give_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       data)
{
  open_dialog (data, NULL);
}

static void
edit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       data)
{
  open_dialog (data, g_variant_get_string (param, NULL));
}

static void
ch_member_opportunities_panel_add_actions (ChMemberPanel *panel,
                                           GActionMap    *map)
{
  static const GActionEntry entries[] = {
    { "give-opportunity", give_action, NULL, NULL, NULL, { 0 } },
    { "edit-opportunity", edit_action, "s", NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (map, entries, G_N_ELEMENTS (entries), panel);
}

static void
ch_member_opportunities_panel_set_member (ChMemberPanel *panel,
                                          ChStore       *store,
                                          ChChapter     *chapter,
                                          const char    *member_id)
{
  ChMemberOpportunitiesPanel *self = CH_MEMBER_OPPORTUNITIES_PANEL (panel);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_set_object (&self->chapter, chapter);
  g_free (self->member_id);
  self->member_id = g_strdup (member_id);

  /* A member being added has no opportunities yet: give after saving. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->give_button), member_id != NULL);
  if (member_id == NULL)
    return;

  refresh (self);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ch_member_opportunities_panel_iface_init (ChMemberPanelInterface *iface)
{
  iface->set_member = ch_member_opportunities_panel_set_member;
  iface->add_actions = ch_member_opportunities_panel_add_actions;
}

static void
ch_member_opportunities_panel_dispose (GObject *object)
{
  ChMemberOpportunitiesPanel *self = CH_MEMBER_OPPORTUNITIES_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_MEMBER_OPPORTUNITIES_PANEL);

  G_OBJECT_CLASS (ch_member_opportunities_panel_parent_class)->dispose (object);
}

static void
ch_member_opportunities_panel_finalize (GObject *object)
{
  ChMemberOpportunitiesPanel *self = CH_MEMBER_OPPORTUNITIES_PANEL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->chapter);
  g_free (self->member_id);
  g_clear_pointer (&self->given_rows, g_ptr_array_unref);
  g_clear_pointer (&self->received_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_member_opportunities_panel_parent_class)->finalize (object);
}

static void
ch_member_opportunities_panel_class_init (ChMemberOpportunitiesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_member_opportunities_panel_dispose;
  object_class->finalize = ch_member_opportunities_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE
                                               "/ui/ch-member-opportunities-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, ChMemberOpportunitiesPanel, give_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberOpportunitiesPanel, given_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberOpportunitiesPanel,
                                        received_group);
}

static void
ch_member_opportunities_panel_init (ChMemberOpportunitiesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->given_rows = g_ptr_array_new ();
  self->received_rows = g_ptr_array_new ();
}

/* For tests */

char *
ch_member_opportunities_panel_dup_titles (ChMemberOpportunitiesPanel *self,
                                          gboolean                    given)
{
  GPtrArray *rows;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (CH_IS_MEMBER_OPPORTUNITIES_PANEL (self), NULL);

  rows = given ? self->given_rows : self->received_rows;
  for (guint i = 0; i < rows->len; i++)
    if (CH_IS_OPPORTUNITY_ROW (rows->pdata[i]))
      g_string_append_printf (out, "%s\n", ch_opportunity_get_title (
                                ch_opportunity_row_get_opportunity (rows->pdata[i])));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
ch_member_opportunities_panel_get_loading (ChMemberOpportunitiesPanel *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_OPPORTUNITIES_PANEL (self), FALSE);

  return self->pending > 0;
}
