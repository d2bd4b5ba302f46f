/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-renewals-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-gui-lazy-load.h"
#include "ch-gui.h"
#include "ch-renewal-row.h"
#include "ch-mail-record.h"
#include "ch-renewals-page.h"
#include "ch-renewals-page-private.h"
#include "ch-renewals.h"
#include "ch-mail-compose-dialog.h"
#include "ch-date-text.h"

#define N_GROUPS 3

/* A group shows this many people at most: a chapter of 100,000 members
 * could have thousands due, and a row each would take the window minutes
 * to build.  The rest are counted in a last row. */
#define MAX_ROWS 200

struct _ChRenewalsPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *due_group;
  AdwPreferencesGroup *grace_group;
  AdwPreferencesGroup *lapsed_group;
  GtkLabel            *selected_label;

  ChStore             *store;
  ChChapter           *chapter;
  GPtrArray           *rows[N_GROUPS];    /* rows shown, to remove them */
  GPtrArray           *members[N_GROUPS]; /* the ChRenewalRow of each member */
  ChGuiLazyLoad        lazy;
  guint                not_shown[N_GROUPS];
};

G_DEFINE_FINAL_TYPE (ChRenewalsPage, ch_renewals_page, GTK_TYPE_WIDGET)

static AdwPreferencesGroup *
group_widget (ChRenewalsPage *self,
              guint           group)
{
  AdwPreferencesGroup *groups[N_GROUPS] = { self->due_group, self->grace_group,
                                            self->lapsed_group };

  return groups[group];
}

static GPtrArray *
selected_members (ChRenewalsPage *self)
{
  GPtrArray *members = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint g = 0; g < N_GROUPS; g++)
    for (guint i = 0; i < self->members[g]->len; i++)
      {
        ChRenewalRow *row = g_ptr_array_index (self->members[g], i);

        if (ch_renewal_row_get_selected (row))
          g_ptr_array_add (members, g_object_ref (ch_renewal_row_get_member (row)));
      }

  return members;
}

static void
update_selection (ChRenewalsPage *self)
{
  g_autoptr(GPtrArray) members = selected_members (self);
  guint total = 0;
  g_autofree char *text = NULL;

  for (guint g = 0; g < N_GROUPS; g++)
    total += self->members[g]->len;

  /* Translators: how many of the listed members are ticked */
  text = g_strdup_printf (ngettext ("%u of %u selected", "%u of %u selected", total), members->len,
                          total);
  gtk_label_set_text (self->selected_label, total > 0 ? text : "");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "renewals.email", members->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "renewals.copy", members->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "renewals.select-all", total > 0);
}

static void
on_row_selected_cb (ChRenewalsPage *self)
{
  update_selection (self);
}

static void
open_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ch_gui_open_member (widget, g_variant_get_string (param, NULL));
}

static void
fill_group (ChRenewalsPage *self,
            ChRenewalGroup  group)
{
  static const char *empty[N_GROUPS] = {
    N_("No one’s dues run out in the next 30 days."),
    N_("No one is in grace right now."),
    N_("No one lapsed in the last 90 days."),
  };
  AdwPreferencesGroup *widget = group_widget (self, group);
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GHashTable) last = NULL;
  g_autoptr(GError) error = NULL;

  ch_gui_group_clear_rows (widget, self->rows[group]);
  g_ptr_array_set_size (self->members[group], 0);

  if (self->store == NULL || self->chapter == NULL)
    return;

  members = ch_renewals_list (self->store, ch_chapter_get_id (self->chapter), group, &error);
  if (members == NULL)
    g_warning ("Could not list renewals: %s", error ? error->message : "?");
  /* "Last reminded": each member's newest renewal message, from any officer. */
  last = ch_mail_record_last_reminded (self->store, ch_chapter_get_id (self->chapter), NULL);

  for (guint i = 0; members != NULL && i < members->len && i < MAX_ROWS; i++)
    {
      ChMember *member = g_ptr_array_index (members, i);
      GtkWidget *row = ch_renewal_row_new (member, group);
      ChMailRecord *record = last != NULL ? g_hash_table_lookup (last, ch_member_get_id (member))
                                          : NULL;

      if (record != NULL)
        {
          g_autofree char *when = ch_date_text_relative_moment (
            record->sent_at, ch_chapter_get_timezone (self->chapter));
          /* Translators: what was e-mailed to a member and when, such as
           * "Renewal reminder, 3 days ago" */
          g_autofree char *text = when ? g_strdup_printf (_("%s, %s"), record->title, when)
                                       : ch_mail_record_describe (
                                           record, ch_chapter_get_timezone (self->chapter));

          ch_renewal_row_set_last_reminded (CH_RENEWAL_ROW (row), text);
        }

      g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_row_selected_cb), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (widget, row);
      g_ptr_array_add (self->rows[group], row);
      g_ptr_array_add (self->members[group], row);
    }

  self->not_shown[group] = members != NULL && members->len > MAX_ROWS ? members->len - MAX_ROWS : 0;
  if (self->not_shown[group] > 0)
    {
      guint more = members->len - MAX_ROWS;
      g_autofree char *text = g_strdup_printf (ngettext ("%u more is not shown here: filter the "
                                                         "Members list by status to see everyone.",
                                                         "%u more are not shown here: filter the "
                                                         "Members list by status to see everyone.",
                                                         more), more);
      GtkWidget *row = ch_gui_group_add_row (widget, self->rows[group], text, NULL);

      gtk_widget_add_css_class (row, "dim-label");
    }

  if (self->rows[group]->len == 0)
    {
      GtkWidget *row = ch_gui_group_add_row (widget, self->rows[group], _(empty[group]), NULL);

      gtk_widget_add_css_class (row, "dim-label");
    }
}

void
ch_renewals_page_refresh (ChRenewalsPage *self)
{
  g_return_if_fail (CH_IS_RENEWALS_PAGE (self));

  ch_gui_lazy_load_done (&self->lazy);
  for (guint g = 0; g < N_GROUPS; g++)
    fill_group (self, g);
  update_selection (self);
}

/* The lists are made when the page is shown (or asked about), not when
 * the chapter opens: the window's first frame must not wait for them. */
static void
ensure_loaded (ChRenewalsPage *self)
{
  ch_gui_lazy_load_ensure (&self->lazy);
}

static void
on_store_changed_cb (ChRenewalsPage *self)
{
  ch_gui_lazy_load_queue (&self->lazy);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  ChRenewalsPage *self = CH_RENEWALS_PAGE (widget);
  gboolean all = TRUE;

  for (guint g = 0; g < N_GROUPS; g++)
    for (guint i = 0; i < self->members[g]->len; i++)
      all = all && ch_renewal_row_get_selected (g_ptr_array_index (self->members[g], i));

  /* A second press clears the ticks again. */
  for (guint g = 0; g < N_GROUPS; g++)
    for (guint i = 0; i < self->members[g]->len; i++)
      ch_renewal_row_set_selected (g_ptr_array_index (self->members[g], i), !all);
}

static void
email_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ChRenewalsPage *self = CH_RENEWALS_PAGE (widget);
  g_autoptr(GPtrArray) members = selected_members (self);
  g_autofree char *uri = ch_renewals_mailto_bcc (members);
  GtkRoot *root = gtk_widget_get_root (widget);
  ChMailComposeDialog *dialog;

  if (uri == NULL)
    {
      ch_gui_add_toast (GTK_WIDGET (self),
                        adw_toast_new (_("None of the selected members can be e-mailed: "
                                         "no address, or they asked not to be.")));
      return;
    }

  /* Each member their own message through the chapter's account, or a
   * way out without one (issue 13). */
  dialog = ch_mail_compose_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       self->store, ch_chapter_get_id (self->chapter), members);
  /* The sender wrote the records on its own connection: "last reminded" anew. */
  g_signal_connect_object (dialog, "sent", G_CALLBACK (ch_renewals_page_refresh), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ChRenewalsPage *self = CH_RENEWALS_PAGE (widget);
  g_autofree char *text = ch_renewals_page_dup_addresses (self);

  if (text == NULL || *text == '\0')
    {
      ch_gui_add_toast (GTK_WIDGET (self),
                        adw_toast_new (_("None of the selected members can be e-mailed: "
                                         "no address, or they asked not to be.")));
      return;
    }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  ch_gui_add_toast (GTK_WIDGET (self), adw_toast_new (_("Addresses copied")));
}

static void
ch_renewals_page_dispose (GObject *object)
{
  ChRenewalsPage *self = CH_RENEWALS_PAGE (object);

  ch_gui_lazy_load_dispose_page (&self->lazy, CH_TYPE_RENEWALS_PAGE, &self->store, &self->chapter);
  for (guint g = 0; g < N_GROUPS; g++)
    {
      g_clear_pointer (&self->rows[g], g_ptr_array_unref);
      g_clear_pointer (&self->members[g], g_ptr_array_unref);
    }

  G_OBJECT_CLASS (ch_renewals_page_parent_class)->dispose (object);
}

static void
ch_renewals_page_class_init (ChRenewalsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_renewals_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-renewals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChRenewalsPage, due_group);
  gtk_widget_class_bind_template_child (widget_class, ChRenewalsPage, grace_group);
  gtk_widget_class_bind_template_child (widget_class, ChRenewalsPage, lapsed_group);
  gtk_widget_class_bind_template_child (widget_class, ChRenewalsPage, selected_label);

  gtk_widget_class_install_action (widget_class, "renewals.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "renewals.email", NULL, email_action);
  gtk_widget_class_install_action (widget_class, "renewals.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "renewals.open-member", "s", open_member_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK,
                                       "renewals.select-all", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ch_renewals_page_init (ChRenewalsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ch_gui_lazy_load_init (&self->lazy, GTK_WIDGET (self),
                         (ChGuiLazyLoadFunc) ch_renewals_page_refresh, 200);

  for (guint g = 0; g < N_GROUPS; g++)
    {
      self->rows[g] = g_ptr_array_new ();
      self->members[g] = g_ptr_array_new ();
    }
  update_selection (self);
}

static void
set_chapter (ChRenewalsPage *self,
             ChStore        *store,
             ChChapter      *chapter)
{
  /* Made when the page is shown (or asked about), not when the chapter opens. */
  ch_gui_lazy_load_set_chapter (&self->lazy, &self->store, store, G_CALLBACK (on_store_changed_cb),
                                &self->chapter, chapter);
}

static void
on_session_chapter_cb (ChRenewalsPage *self,
                       GParamSpec     *pspec,
                       ChSession      *session)
{
  set_chapter (self, ch_session_get_store (session), ch_session_get_chapter (session));
}

void
ch_renewals_page_set_session (ChRenewalsPage *self,
                              ChSession      *session)
{
  g_return_if_fail (CH_IS_RENEWALS_PAGE (self));
  g_return_if_fail (CH_IS_SESSION (session));

  g_signal_connect_object (session, "notify::chapter", G_CALLBACK (on_session_chapter_cb), self,
                           G_CONNECT_SWAPPED);
  on_session_chapter_cb (self, NULL, session);
}

guint
ch_renewals_page_get_n_members (ChRenewalsPage *self,
                                ChRenewalGroup  group)
{
  g_return_val_if_fail (CH_IS_RENEWALS_PAGE (self), 0);
  g_return_val_if_fail (group < N_GROUPS, 0);

  ensure_loaded (self);
  return self->members[group]->len;
}

guint
ch_renewals_page_get_n_not_shown (ChRenewalsPage *self,
                                  ChRenewalGroup  group)
{
  g_return_val_if_fail (CH_IS_RENEWALS_PAGE (self), 0);
  g_return_val_if_fail (group < N_GROUPS, 0);

  ensure_loaded (self);
  return self->not_shown[group];
}

static ChRenewalRow *
find_row (ChRenewalsPage *self,
            guint           group,
            const char     *member_id)
{
  ensure_loaded (self);
  for (guint i = 0; i < self->members[group]->len; i++)
    {
      ChRenewalRow *row = g_ptr_array_index (self->members[group], i);

      if (g_strcmp0 (ch_member_get_id (ch_renewal_row_get_member (row)), member_id) == 0)
        return row;
    }

  return NULL;
}

gboolean
ch_renewals_page_lists (ChRenewalsPage *self,
                        ChRenewalGroup  group,
                        const char     *member_id)
{
  g_return_val_if_fail (CH_IS_RENEWALS_PAGE (self), FALSE);
  g_return_val_if_fail (group < N_GROUPS, FALSE);

  return find_row (self, group, member_id) != NULL;
}

gboolean
ch_renewals_page_set_selected (ChRenewalsPage *self,
                               const char     *member_id,
                               gboolean        selected)
{
  g_return_val_if_fail (CH_IS_RENEWALS_PAGE (self), FALSE);

  for (guint g = 0; g < N_GROUPS; g++)
    {
      ChRenewalRow *row = find_row (self, g, member_id);

      if (row != NULL)
        {
          ch_renewal_row_set_selected (row, selected);
          return TRUE;
        }
    }

  return FALSE;
}

const char *
ch_renewals_page_get_last_reminded (ChRenewalsPage *self,
                                    const char     *member_id)
{
  g_return_val_if_fail (CH_IS_RENEWALS_PAGE (self), NULL);

  for (guint g = 0; g < N_GROUPS; g++)
    {
      ChRenewalRow *row = find_row (self, g, member_id);

      if (row != NULL)
        return ch_renewal_row_get_last_reminded (row);
    }
  return NULL;
}

char *
ch_renewals_page_dup_addresses (ChRenewalsPage *self)
{
  g_autoptr(GPtrArray) members = NULL;

  g_return_val_if_fail (CH_IS_RENEWALS_PAGE (self), NULL);

  members = selected_members (self);
  return members->len > 0 ? ch_renewals_addresses (members) : NULL;
}
