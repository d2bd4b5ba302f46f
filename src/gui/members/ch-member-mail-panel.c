/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-mail-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-mail-record-row.h"
#include "ch-mail-record.h"
#include "ch-member-mail-panel.h"

struct _ChMemberMailPanel
{
  AdwBin      parent_instance;

  GtkStack   *stack;
  GtkListBox *list;

  ChStore    *store;
  ChChapter  *chapter;
  char       *member_id;
  GPtrArray  *rows;      /* ChMailRecordRow shown, in order */
};

static void ch_member_mail_panel_iface_init (ChMemberPanelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChMemberMailPanel, ch_member_mail_panel, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CH_TYPE_MEMBER_PANEL,
                                                      ch_member_mail_panel_iface_init))

static void
refresh (ChMemberMailPanel *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char *tz = self->chapter != NULL ? ch_chapter_get_timezone (self->chapter) : NULL;

  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  if (self->member_id == NULL)
    return;

  /* One member's messages: a few rows through the member index. */
  records = ch_mail_record_list (self->store, self->member_id, &error);
  if (records == NULL)
    {
      ch_member_panel_show_error (CH_MEMBER_PANEL (self), NULL, error->message);
      return;
    }
  for (guint i = 0; i < records->len; i++)
    {
      GtkWidget *row = ch_mail_record_row_new (records->pdata[i], tz);

      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_stack_set_visible_child_name (self->stack, records->len > 0 ? "list" : "empty");
}

static void
on_store_changed_cb (ChMemberMailPanel *self,
                     const char        *entity,
                     const char        *id,
                     ChStore           *store)
{
  /* A record synced from another officer, or sent from this window. */
  if (entity == NULL || g_strcmp0 (entity, "mail_record") == 0)
    refresh (self);
}

static void
ch_member_mail_panel_set_member (ChMemberPanel *panel,
                                 ChStore       *store,
                                 ChChapter     *chapter,
                                 const char    *member_id)
{
  ChMemberMailPanel *self = CH_MEMBER_MAIL_PANEL (panel);

  g_set_object (&self->store, store);
  g_set_object (&self->chapter, chapter);
  g_free (self->member_id);
  self->member_id = g_strdup (member_id);

  if (member_id == NULL)
    return;

  refresh (self);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ch_member_mail_panel_iface_init (ChMemberPanelInterface *iface)
{
  iface->set_member = ch_member_mail_panel_set_member;
}

static void
ch_member_mail_panel_dispose (GObject *object)
{
  ChMemberMailPanel *self = CH_MEMBER_MAIL_PANEL (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_MEMBER_MAIL_PANEL);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_member_mail_panel_parent_class)->dispose (object);
}

static void
ch_member_mail_panel_finalize (GObject *object)
{
  ChMemberMailPanel *self = CH_MEMBER_MAIL_PANEL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->chapter);
  g_free (self->member_id);

  G_OBJECT_CLASS (ch_member_mail_panel_parent_class)->finalize (object);
}

static void
ch_member_mail_panel_class_init (ChMemberMailPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_member_mail_panel_dispose;
  object_class->finalize = ch_member_mail_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-member-mail-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, ChMemberMailPanel, list);
}

static void
ch_member_mail_panel_init (ChMemberMailPanel *self)
{
  g_type_ensure (CH_TYPE_MAIL_RECORD_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's own child, not a bound template child: the bin lets go of it. */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
  self->rows = g_ptr_array_new ();
}

ChMemberMailPanel *
ch_member_mail_panel_new (void)
{
  return g_object_new (CH_TYPE_MEMBER_MAIL_PANEL, NULL);
}

guint
ch_member_mail_panel_get_n_records (ChMemberMailPanel *self)
{
  return self->rows->len;
}

const char *
ch_member_mail_panel_get_title (ChMemberMailPanel *self,
                                guint              i)
{
  return i < self->rows->len
    ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->rows->pdata[i])) : NULL;
}
