/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-import-tier-row.h"
#include "ch-tiers.h"

struct _ChImportTierRow
{
  AdwComboRow  parent_instance;

  char        *value;
  GPtrArray   *keys;     /* per item of the model: NULL ("No tier"), then the tiers' keys */
};

enum {
  PROP_0,
  PROP_VALUE,
  PROP_TIER_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ChImportTierRow, ch_import_tier_row, ADW_TYPE_COMBO_ROW)

static void
on_selected_notify_cb (ChImportTierRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIER_KEY]);
}

static void
ch_import_tier_row_finalize (GObject *object)
{
  ChImportTierRow *self = CH_IMPORT_TIER_ROW (object);

  g_free (self->value);
  g_clear_pointer (&self->keys, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_import_tier_row_parent_class)->finalize (object);
}

static void
ch_import_tier_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ChImportTierRow *self = CH_IMPORT_TIER_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_TIER_KEY:
      g_value_set_string (value, ch_import_tier_row_get_tier_key (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_import_tier_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ChImportTierRow *self = CH_IMPORT_TIER_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      self->value = g_value_dup_string (value);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), self->value);
      break;
    case PROP_TIER_KEY:
      ch_import_tier_row_set_tier_key (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_import_tier_row_class_init (ChImportTierRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ch_import_tier_row_finalize;
  object_class->get_property = ch_import_tier_row_get_property;
  object_class->set_property = ch_import_tier_row_set_property;

  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIER_KEY] =
    g_param_spec_string ("tier-key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/chapterhouse/Chapterhouse/ui/"
                                               "ch-import-tier-row.ui");
}

static void
ch_import_tier_row_init (ChImportTierRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->keys = g_ptr_array_new_with_free_func (g_free);
}

GtkWidget *
ch_import_tier_row_new (const char *value,
                        GPtrArray  *tiers,
                        const char *key)
{
  ChImportTierRow *self = g_object_new (CH_TYPE_IMPORT_TIER_ROW, "value", value, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, _("No tier"));
  g_ptr_array_add (self->keys, NULL);
  for (guint i = 0; tiers && i < tiers->len; i++)
    {
      ChTier *tier = g_ptr_array_index (tiers, i);

      gtk_string_list_append (names, ch_tier_get_name (tier));
      g_ptr_array_add (self->keys, g_strdup (ch_tier_get_key (tier)));
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (names));
  ch_import_tier_row_set_tier_key (self, key);
  g_signal_connect_swapped (self, "notify::selected", G_CALLBACK (on_selected_notify_cb), self);

  return GTK_WIDGET (self);
}

const char *
ch_import_tier_row_get_value (ChImportTierRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_TIER_ROW (self), NULL);
  return self->value;
}

const char *
ch_import_tier_row_get_tier_key (ChImportTierRow *self)
{
  guint selected;

  g_return_val_if_fail (CH_IS_IMPORT_TIER_ROW (self), NULL);

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));
  return selected < self->keys->len ? g_ptr_array_index (self->keys, selected) : NULL;
}

void
ch_import_tier_row_set_tier_key (ChImportTierRow *self,
                                 const char      *key)
{
  g_return_if_fail (CH_IS_IMPORT_TIER_ROW (self));

  for (guint i = 0; i < self->keys->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->keys, i), key) == 0)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (self), i);
        return;
      }

  adw_combo_row_set_selected (ADW_COMBO_ROW (self), 0);
}
