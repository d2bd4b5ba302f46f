/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ch-specialties.h"
#include "ch-specialty-row.h"

struct _ChSpecialtyRow
{
  AdwActionRow    parent_instance;

  GtkCheckButton *check;

  char           *key;
};

G_DEFINE_FINAL_TYPE (ChSpecialtyRow, ch_specialty_row, ADW_TYPE_ACTION_ROW)

static void
ch_specialty_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_SPECIALTY_ROW);

  G_OBJECT_CLASS (ch_specialty_row_parent_class)->dispose (object);
}

static void
ch_specialty_row_finalize (GObject *object)
{
  g_free (CH_SPECIALTY_ROW (object)->key);

  G_OBJECT_CLASS (ch_specialty_row_parent_class)->finalize (object);
}

static void
ch_specialty_row_class_init (ChSpecialtyRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_specialty_row_dispose;
  object_class->finalize = ch_specialty_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-specialty-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChSpecialtyRow, check);
}

static void
ch_specialty_row_init (ChSpecialtyRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_specialty_row_new (const char *key,
                      gboolean    active)
{
  ChSpecialtyRow *self;

  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (CH_TYPE_SPECIALTY_ROW, "title", ch_specialties_label (key), NULL);
  self->key = g_strdup (key);
  gtk_check_button_set_active (self->check, active);

  return GTK_WIDGET (self);
}

const char *
ch_specialty_row_get_key (ChSpecialtyRow *self)
{
  g_return_val_if_fail (CH_IS_SPECIALTY_ROW (self), NULL);

  return self->key;
}

gboolean
ch_specialty_row_get_active (ChSpecialtyRow *self)
{
  g_return_val_if_fail (CH_IS_SPECIALTY_ROW (self), FALSE);

  return gtk_check_button_get_active (self->check);
}

void
ch_specialty_row_set_active (ChSpecialtyRow *self,
                             gboolean        active)
{
  g_return_if_fail (CH_IS_SPECIALTY_ROW (self));

  gtk_check_button_set_active (self->check, active);
}
