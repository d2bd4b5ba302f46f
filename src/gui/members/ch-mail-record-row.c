/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ch-mail-record-row.h"

struct _ChMailRecordRow
{
  AdwActionRow parent_instance;
};

G_DEFINE_FINAL_TYPE (ChMailRecordRow, ch_mail_record_row, ADW_TYPE_ACTION_ROW)

static void
ch_mail_record_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_MAIL_RECORD_ROW);

  G_OBJECT_CLASS (ch_mail_record_row_parent_class)->dispose (object);
}

static void
ch_mail_record_row_class_init (ChMailRecordRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_mail_record_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-mail-record-row.ui");
}

static void
ch_mail_record_row_init (ChMailRecordRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_mail_record_row_new (const ChMailRecord *record,
                        const char         *tz_id)
{
  g_autofree char *title = ch_mail_record_describe (record, tz_id);
  g_autofree char *subtitle = NULL;

  if (record->sent_by != NULL && *record->sent_by != '\0')
    /* Translators: a sent message's subject and who sent it */
    subtitle = g_strdup_printf (_("“%s” · sent by %s"), record->subject ? record->subject : "",
                                record->sent_by);
  else
    subtitle = g_strdup_printf (_("“%s”"), record->subject ? record->subject : "");

  return g_object_new (CH_TYPE_MAIL_RECORD_ROW,
                       "title", title,
                       "subtitle", subtitle,
                       NULL);
}
