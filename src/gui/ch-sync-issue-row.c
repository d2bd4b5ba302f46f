/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync-issues"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-sync-issue-row.h"
#include "ch-date-text.h"

struct _ChSyncIssueRow
{
  GtkListBoxRow  parent_instance;

  GtkLabel      *title_label;
  GtkLabel      *text_label;
  GtkLabel      *when_label;
  GtkButton     *dismiss_button;

  gint64         id;
};

G_DEFINE_FINAL_TYPE (ChSyncIssueRow, ch_sync_issue_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  DISMISS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_dismiss_clicked_cb (ChSyncIssueRow *self,
                       GtkButton      *button)
{
  g_signal_emit (self, signals[DISMISS], 0);
}

static void
ch_sync_issue_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_SYNC_ISSUE_ROW);

  G_OBJECT_CLASS (ch_sync_issue_row_parent_class)->dispose (object);
}

static void
ch_sync_issue_row_class_init (ChSyncIssueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_sync_issue_row_dispose;

  /**
   * ChSyncIssueRow::dismiss:
   *
   * The officer asked to dismiss the issue of this row.
   */
  signals[DISMISS] = g_signal_new ("dismiss", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/"
                                               "ch-sync-issue-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChSyncIssueRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ChSyncIssueRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, ChSyncIssueRow, when_label);
  gtk_widget_class_bind_template_child (widget_class, ChSyncIssueRow, dismiss_button);
  gtk_widget_class_bind_template_callback (widget_class, on_dismiss_clicked_cb);
}

static void
ch_sync_issue_row_init (ChSyncIssueRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_sync_issue_row_new (const ChSyncIssue *issue)
{
  ChSyncIssueRow *self;
  g_autofree char *time_text = NULL;
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (issue != NULL, NULL);

  self = g_object_new (CH_TYPE_SYNC_ISSUE_ROW, NULL);
  self->id = issue->id;

  gtk_label_set_text (self->title_label, issue->label ? issue->label : issue->entity);
  gtk_label_set_text (self->text_label, issue->text);

  utc = issue->created_at ? g_date_time_new_from_iso8601 (issue->created_at, NULL) : NULL;
  if (utc != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);

      time_text = ch_date_text_format_moment (local);
    }
  gtk_label_set_text (self->when_label, time_text ? time_text : issue->created_at);

  return GTK_WIDGET (self);
}

gint64
ch_sync_issue_row_get_id (ChSyncIssueRow *self)
{
  g_return_val_if_fail (CH_IS_SYNC_ISSUE_ROW (self), 0);

  return self->id;
}
