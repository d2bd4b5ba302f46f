/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-import-column-row.h"

struct _ChImportColumnRow
{
  AdwComboRow  parent_instance;

  guint        column;
};

enum {
  PROP_0,
  PROP_COLUMN,
  PROP_FIELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ChImportColumnRow, ch_import_column_row, ADW_TYPE_COMBO_ROW)

static void
on_selected_notify_cb (ChImportColumnRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
}

static void
ch_import_column_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ChImportColumnRow *self = CH_IMPORT_COLUMN_ROW (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      g_value_set_uint (value, self->column);
      break;
    case PROP_FIELD:
      g_value_set_uint (value, ch_import_column_row_get_field (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_import_column_row_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ChImportColumnRow *self = CH_IMPORT_COLUMN_ROW (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      self->column = g_value_get_uint (value);
      break;
    case PROP_FIELD:
      ch_import_column_row_set_field (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_import_column_row_class_init (ChImportColumnRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ch_import_column_row_get_property;
  object_class->set_property = ch_import_column_row_set_property;

  properties[PROP_COLUMN] =
    g_param_spec_uint ("column", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD] =
    g_param_spec_uint ("field", NULL, NULL, 0, CH_IMPORT_N_FIELDS - 1, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/chapterhouse/Chapterhouse/ui/"
                                               "ch-import-column-row.ui");
}

static void
ch_import_column_row_init (ChImportColumnRow *self)
{
  g_autoptr(GtkStringList) fields = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < CH_IMPORT_N_FIELDS; i++)
    gtk_string_list_append (fields, ch_import_fields_label (i));
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (fields));

  g_signal_connect_swapped (self, "notify::selected", G_CALLBACK (on_selected_notify_cb), self);
}

GtkWidget *
ch_import_column_row_new (guint          column,
                          const char    *header,
                          ChImportField  field)
{
  GtkWidget *row = g_object_new (CH_TYPE_IMPORT_COLUMN_ROW,
                                 "column", column,
                                 "title", header,
                                 NULL);

  ch_import_column_row_set_field (CH_IMPORT_COLUMN_ROW (row), field);
  return row;
}

guint
ch_import_column_row_get_column (ChImportColumnRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_COLUMN_ROW (self), 0);
  return self->column;
}

ChImportField
ch_import_column_row_get_field (ChImportColumnRow *self)
{
  guint selected;

  g_return_val_if_fail (CH_IS_IMPORT_COLUMN_ROW (self), CH_IMPORT_FIELD_IGNORE);

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));
  return selected < CH_IMPORT_N_FIELDS ? (ChImportField) selected : CH_IMPORT_FIELD_IGNORE;
}

void
ch_import_column_row_set_field (ChImportColumnRow *self,
                                ChImportField      field)
{
  g_return_if_fail (CH_IS_IMPORT_COLUMN_ROW (self));

  adw_combo_row_set_selected (ADW_COMBO_ROW (self), field);
}
