/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-import-preview-row.h"

struct _ChImportPreviewRow
{
  AdwActionRow  parent_instance;

  GtkImage     *problem_icon;
  GtkLabel     *line_label;
  GtkDropDown  *match_dropdown;

  ChImportRow  *row;
};

enum {
  PROP_0,
  PROP_ROW,
  PROP_MATCH_ACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ChImportPreviewRow, ch_import_preview_row, ADW_TYPE_ACTION_ROW)

static void
show_row (ChImportPreviewRow *self)
{
  const char * const *problems = ch_import_row_get_problems (self->row);
  const char *name = ch_import_row_get_display_name (self->row);
  const char *email = ch_import_row_get_email (self->row);
  g_autofree char *line = g_strdup_printf (_("Line %u"), ch_import_row_get_line (self->row));
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 *name ? name : _("No name"));
  if (problems[0] != NULL)
    subtitle = g_strjoinv ("\n", (GStrv) problems);
  else if (ch_import_row_get_match_name (self->row) != NULL)
    subtitle = g_strdup_printf (_("Already a member: %s"),
                                ch_import_row_get_match_name (self->row));
  else
    subtitle = g_strdup (email ? email : "");

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_icon), problems[0] != NULL);
  gtk_label_set_label (self->line_label, line);
  gtk_widget_set_visible (GTK_WIDGET (self->match_dropdown),
                          ch_import_row_get_match_id (self->row) != NULL);
}

/* The drop-down lists the actions in the order of ChImportMatchAction. */
static void
on_match_selected_notify_cb (ChImportPreviewRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCH_ACTION]);
}

static void
ch_import_preview_row_dispose (GObject *object)
{
  ChImportPreviewRow *self = CH_IMPORT_PREVIEW_ROW (object);

  g_clear_object (&self->row);
  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_IMPORT_PREVIEW_ROW);

  G_OBJECT_CLASS (ch_import_preview_row_parent_class)->dispose (object);
}

static void
ch_import_preview_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ChImportPreviewRow *self = CH_IMPORT_PREVIEW_ROW (object);

  switch (prop_id)
    {
    case PROP_ROW:
      g_value_set_object (value, self->row);
      break;
    case PROP_MATCH_ACTION:
      g_value_set_uint (value, ch_import_preview_row_get_match_action (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_import_preview_row_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ChImportPreviewRow *self = CH_IMPORT_PREVIEW_ROW (object);

  switch (prop_id)
    {
    case PROP_ROW:
      self->row = g_value_dup_object (value);
      show_row (self);
      break;
    case PROP_MATCH_ACTION:
      ch_import_preview_row_set_match_action (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_import_preview_row_class_init (ChImportPreviewRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_import_preview_row_dispose;
  object_class->get_property = ch_import_preview_row_get_property;
  object_class->set_property = ch_import_preview_row_set_property;

  properties[PROP_ROW] =
    g_param_spec_object ("row", NULL, NULL, CH_TYPE_IMPORT_ROW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A ChImportMatchAction, for a row that is an existing member. */
  properties[PROP_MATCH_ACTION] =
    g_param_spec_uint ("match-action", NULL, NULL, CH_IMPORT_MATCH_UPDATE,
                       CH_IMPORT_MATCH_KEEP_BOTH, CH_IMPORT_MATCH_UPDATE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/chapterhouse/Chapterhouse/ui/"
                                               "ch-import-preview-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChImportPreviewRow, line_label);
  gtk_widget_class_bind_template_child (widget_class, ChImportPreviewRow, match_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChImportPreviewRow, problem_icon);
}

static void
ch_import_preview_row_init (ChImportPreviewRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->match_dropdown, "notify::selected",
                            G_CALLBACK (on_match_selected_notify_cb), self);
}

GtkWidget *
ch_import_preview_row_new (ChImportRow *row)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (row), NULL);

  return g_object_new (CH_TYPE_IMPORT_PREVIEW_ROW, "row", row, NULL);
}

ChImportRow *
ch_import_preview_row_get_row (ChImportPreviewRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_PREVIEW_ROW (self), NULL);
  return self->row;
}

ChImportMatchAction
ch_import_preview_row_get_match_action (ChImportPreviewRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_PREVIEW_ROW (self), CH_IMPORT_MATCH_UPDATE);
  return (ChImportMatchAction) gtk_drop_down_get_selected (self->match_dropdown);
}

void
ch_import_preview_row_set_match_action (ChImportPreviewRow  *self,
                                        ChImportMatchAction  action)
{
  g_return_if_fail (CH_IS_IMPORT_PREVIEW_ROW (self));
  g_return_if_fail (action <= CH_IMPORT_MATCH_KEEP_BOTH);
  gtk_drop_down_set_selected (self->match_dropdown, action);
}
