/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync-issues"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-store-sync.h"
#include "ch-sync-issue-row.h"
#include "ch-sync-issues-popover.h"

struct _ChSyncIssuesPopover
{
  GtkPopover  parent_instance;

  GtkListBox *list;
  GtkButton  *dismiss_all_button;

  ChStore    *store;
  char       *chapter_id;
  guint       n_issues;
};

G_DEFINE_FINAL_TYPE (ChSyncIssuesPopover, ch_sync_issues_popover, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_N_ISSUES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (ChSyncIssuesPopover *self,
            const GError        *error)
{
  GtkWidget *label = gtk_label_new (error->message);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "error");
  gtk_list_box_append (self->list, label);
}

static void
on_row_dismiss_cb (ChSyncIssueRow      *row,
                   ChSyncIssuesPopover *self)
{
  g_autoptr(GError) error = NULL;

  if (!ch_store_dismiss_sync_issue (self->store, ch_sync_issue_row_get_id (row), &error))
    g_warning ("Could not dismiss: %s", error->message);

  /* The row with the focused button is gone: keep the keyboard in the
   * list, on the first row left. */
  if (ch_sync_issues_popover_reload (self) == 0)
    gtk_popover_popdown (GTK_POPOVER (self));
  else
    gtk_widget_child_focus (GTK_WIDGET (self->list), GTK_DIR_TAB_FORWARD);
}

static void
on_dismiss_all_clicked_cb (ChSyncIssuesPopover *self,
                           GtkButton           *button)
{
  g_autoptr(GError) error = NULL;

  if (self->chapter_id != NULL &&
      !ch_store_dismiss_sync_issues (self->store, self->chapter_id, &error))
    g_warning ("Could not dismiss: %s", error->message);

  ch_sync_issues_popover_reload (self);
  if (self->n_issues == 0)
    gtk_popover_popdown (GTK_POPOVER (self));
}

static GtkWidget *
make_row (ChSyncIssuesPopover *self,
          const ChSyncIssue   *issue)
{
  GtkWidget *row = ch_sync_issue_row_new (issue);

  g_signal_connect_object (row, "dismiss", G_CALLBACK (on_row_dismiss_cb), self, 0);
  return row;
}

guint
ch_sync_issues_popover_reload (ChSyncIssuesPopover *self)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint n = 0;

  g_return_val_if_fail (CH_IS_SYNC_ISSUES_POPOVER (self), 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  if (self->chapter_id != NULL)
    {
      issues = ch_store_list_sync_issues (self->store, self->chapter_id, &error);
      if (issues == NULL)
        show_error (self, error);
      else
        for (guint i = 0; i < issues->len; i++)
          gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (issues, i)));
      n = issues ? issues->len : 0;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->dismiss_all_button), n > 0);

  if (n != self->n_issues)
    {
      self->n_issues = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ISSUES]);
    }

  return n;
}

guint
ch_sync_issues_popover_get_n_issues (ChSyncIssuesPopover *self)
{
  g_return_val_if_fail (CH_IS_SYNC_ISSUES_POPOVER (self), 0);

  return self->n_issues;
}

/* The session opened another chapter. */
static void
on_chapter_id_cb (ChSyncIssuesPopover *self,
                  GParamSpec          *pspec,
                  ChSession           *session)
{
  g_free (self->chapter_id);
  self->chapter_id = g_strdup (ch_session_get_chapter_id (session));
  ch_sync_issues_popover_reload (self);
}

static void
on_synced_cb (ChSyncIssuesPopover *self,
              gboolean             ok,
              ChSyncManager       *sync)
{
  ch_sync_issues_popover_reload (self);
}

static void
ch_sync_issues_popover_show (GtkWidget *widget)
{
  ch_sync_issues_popover_reload (CH_SYNC_ISSUES_POPOVER (widget));

  GTK_WIDGET_CLASS (ch_sync_issues_popover_parent_class)->show (widget);
}

static void
ch_sync_issues_popover_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ChSyncIssuesPopover *self = CH_SYNC_ISSUES_POPOVER (object);

  switch (prop_id)
    {
    case PROP_N_ISSUES:
      g_value_set_uint (value, self->n_issues);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_sync_issues_popover_finalize (GObject *object)
{
  ChSyncIssuesPopover *self = CH_SYNC_ISSUES_POPOVER (object);

  g_clear_object (&self->store);
  g_free (self->chapter_id);

  G_OBJECT_CLASS (ch_sync_issues_popover_parent_class)->finalize (object);
}

static void
ch_sync_issues_popover_class_init (ChSyncIssuesPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ch_sync_issues_popover_get_property;
  object_class->finalize = ch_sync_issues_popover_finalize;
  widget_class->show = ch_sync_issues_popover_show;

  properties[PROP_N_ISSUES] =
    g_param_spec_uint ("n-issues", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/chapterhouse/Chapterhouse/ui/"
                                               "ch-sync-issues-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, ChSyncIssuesPopover, list);
  gtk_widget_class_bind_template_child (widget_class, ChSyncIssuesPopover, dismiss_all_button);
  gtk_widget_class_bind_template_callback (widget_class, on_dismiss_all_clicked_cb);
}

static void
ch_sync_issues_popover_init (ChSyncIssuesPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ChSyncIssuesPopover *
ch_sync_issues_popover_new (ChSession     *session,
                            ChSyncManager *sync)
{
  ChSyncIssuesPopover *self;

  g_return_val_if_fail (CH_IS_SESSION (session), NULL);

  self = g_object_new (CH_TYPE_SYNC_ISSUES_POPOVER, NULL);
  self->store = g_object_ref (ch_session_get_store (session));
  g_signal_connect_object (session, "notify::chapter-id", G_CALLBACK (on_chapter_id_cb), self,
                           G_CONNECT_SWAPPED);
  on_chapter_id_cb (self, NULL, session);
  if (sync != NULL)
    g_signal_connect_object (sync, "synced", G_CALLBACK (on_synced_cb), self, G_CONNECT_SWAPPED);

  return self;
}
