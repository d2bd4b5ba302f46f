/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights-card"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-chart-view.h"
#include "ch-insights-card.h"

struct _ChInsightsCard
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkLabel        *title_label;
  GtkStack        *stack;
  ChChartView     *chart_view;
  GtkGrid         *grid;

  ChInsightsTable *table;
  gboolean         show_table;
};

enum {
  PROP_0,
  PROP_SHOW_TABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ChInsightsCard, ch_insights_card, GTK_TYPE_WIDGET)

static void
add_cell (ChInsightsCard *self,
          const char     *text,
          guint           row,
          guint           column,
          gboolean        heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), column == 0);
  if (heading)
    gtk_widget_add_css_class (label, "dim-label");
  if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (self->grid, label, column, row, 1, 1);
}

static void
fill_grid (ChInsightsCard *self)
{
  ChInsightsTable *t = self->table;
  guint cols = ch_insights_table_get_n_columns (t);

  add_cell (self, ch_insights_table_get_row_heading (t), 0, 0, TRUE);
  for (guint c = 0; c < cols; c++)
    add_cell (self, ch_insights_table_get_column (t, c), 0, c + 1, TRUE);
  for (guint r = 0; r < ch_insights_table_get_n_rows (t); r++)
    {
      add_cell (self, ch_insights_table_get_row (t, r), r + 1, 0, FALSE);
      for (guint c = 0; c < cols; c++)
        add_cell (self, ch_insights_table_get_text (t, r, c), r + 1, c + 1, FALSE);
    }
  if (ch_insights_table_get_n_rows (t) == 0)
    add_cell (self, _("Nothing to show for this period"), 1, 0, TRUE);
}

static void
update_page (ChInsightsCard *self)
{
  gboolean chart = self->table != NULL &&
                   ch_insights_table_get_chart (self->table) != CH_INSIGHTS_TABLE_CHART_NONE;

  gtk_stack_set_visible_child_name (self->stack,
                                    chart && !self->show_table ? "chart" : "table");
}

static void
ch_insights_card_dispose (GObject *object)
{
  ChInsightsCard *self = CH_INSIGHTS_CARD (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_INSIGHTS_CARD);
  /* The template's unnamed box. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->table);

  G_OBJECT_CLASS (ch_insights_card_parent_class)->dispose (object);
}

static void
ch_insights_card_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ChInsightsCard *self = CH_INSIGHTS_CARD (object);

  switch (prop_id)
    {
    case PROP_SHOW_TABLE:
      g_value_set_boolean (value, self->show_table);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_insights_card_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ChInsightsCard *self = CH_INSIGHTS_CARD (object);

  switch (prop_id)
    {
    case PROP_SHOW_TABLE:
      ch_insights_card_set_show_table (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_insights_card_class_init (ChInsightsCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_insights_card_dispose;
  object_class->get_property = ch_insights_card_get_property;
  object_class->set_property = ch_insights_card_set_property;

  properties[PROP_SHOW_TABLE] =
    g_param_spec_boolean ("show-table", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CH_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-insights-card.ui");
  gtk_widget_class_bind_template_child (widget_class, ChInsightsCard, chart_view);
  gtk_widget_class_bind_template_child (widget_class, ChInsightsCard, grid);
  gtk_widget_class_bind_template_child (widget_class, ChInsightsCard, stack);
  gtk_widget_class_bind_template_child (widget_class, ChInsightsCard, title_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ch_insights_card_init (ChInsightsCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_insights_card_new (ChInsightsTable *table)
{
  ChInsightsCard *self;

  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (table), NULL);

  self = g_object_new (CH_TYPE_INSIGHTS_CARD, NULL);
  self->table = g_object_ref (table);
  gtk_label_set_text (self->title_label, ch_insights_table_get_title (table));
  ch_chart_view_set_table (self->chart_view, table);
  fill_grid (self);
  update_page (self);

  return GTK_WIDGET (self);
}

ChInsightsTable *
ch_insights_card_get_table (ChInsightsCard *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_CARD (self), NULL);
  return self->table;
}

gboolean
ch_insights_card_get_show_table (ChInsightsCard *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_CARD (self), FALSE);
  return self->show_table;
}

void
ch_insights_card_set_show_table (ChInsightsCard *self,
                                 gboolean        show_table)
{
  g_return_if_fail (CH_IS_INSIGHTS_CARD (self));

  show_table = !!show_table;
  if (self->show_table == show_table)
    return;
  self->show_table = show_table;
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TABLE]);
}

const char *
ch_insights_card_get_cell_text (ChInsightsCard *self,
                                guint           row,
                                guint           column)
{
  GtkWidget *child;

  g_return_val_if_fail (CH_IS_INSIGHTS_CARD (self), NULL);

  child = gtk_grid_get_child_at (self->grid, column, row);
  return GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
}
