/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-members-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-export-dialog.h"
#include "ch-gui.h"
#include "ch-mail-compose-dialog.h"
#include "ch-members-export.h"
#include "ch-members-page.h"
#include "ch-members-page-class-private.h"

/* The Members page's actions: undo a delete, delete the selected member,
 * export, write to. */

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ChMembersPage *self = CH_MEMBERS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  const char *id = g_variant_get_string (param, NULL);

  if (self->store == NULL)
    return;

  if (!ch_store_restore (self->store, "member", id, &error))
    {
      ch_gui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  g_free (self->select_when_shown);
  self->select_when_shown = g_strdup (id);
}

static void
delete_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  ChMembersPage *self = CH_MEMBERS_PAGE (widget);
  ChMember *member;

  if (self->selection == NULL)
    return;

  member = gtk_single_selection_get_selected_item (self->selection);
  if (member != NULL)
    ch_members_page_delete_member (self, ch_member_get_id (member));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ChMembersPage *self = CH_MEMBERS_PAGE (widget);

  if (self->store != NULL && self->list != NULL)
    ch_members_export_choose (widget, self->store, self->list);
}

static void
export_directory_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  ChMembersPage *self = CH_MEMBERS_PAGE (widget);

  if (self->store != NULL && self->chapter != NULL)
    ch_export_dialog_choose (widget, self->store, CH_EXPORT_SUBJECT_DIRECTORY,
                             ch_chapter_get_id (self->chapter), NULL,
                             _("Export Member Directory"), _("Member Directory"));
}

/* "Write To": the members shown (the list's search and filters, asked again
 * on a worker by the compose dialog) or the one selected. */
static void
write_to_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ChMembersPage *self = CH_MEMBERS_PAGE (widget);
  g_autoptr(ChMailSource) source = NULL;
  const char *chapter_id;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->list == NULL || self->chapter == NULL)
    return;
  chapter_id = ch_chapter_get_id (self->chapter);

  if (g_str_equal (g_variant_get_string (param, NULL), "selected"))
    {
      ChMember *member = gtk_single_selection_get_selected_item (self->selection);
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      if (member == NULL)
        {
          ch_gui_add_toast (widget, adw_toast_new (_("Select a member in the list first.")));
          return;
        }
      g_ptr_array_add (one, member);
      source = ch_mail_source_new_members (chapter_id, one);
    }
  else
    {
      source = ch_mail_source_new_filter (chapter_id, ch_member_list_get_search (self->list));
      for (guint i = 0; i < CH_MAIL_SOURCE_N_FILTERS; i++)
        ch_mail_source_set_filter (source, i, ch_member_list_get_filter (
                                     self->list, ch_mail_source_filter_name (i)));
    }

  gtk_window_present (GTK_WINDOW (ch_mail_compose_dialog_new_for_source (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store, source)));
}

void
ch_members_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "members.undo-delete", "s", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "members.delete-selected", NULL,
                                   delete_selected_action);
  gtk_widget_class_install_action (widget_class, "members.write-to", "s", write_to_action);
  gtk_widget_class_install_action (widget_class, "members.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "members.export-directory", NULL,
                                   export_directory_action);
}
