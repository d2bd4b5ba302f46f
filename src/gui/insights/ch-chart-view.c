/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-chart-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ch-chart.h"
#include "ch-chart-view.h"

struct _ChChartView
{
  GtkWidget        parent_instance;

  ChInsightsTable *table;
};

enum {
  PROP_0,
  PROP_TABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ChChartView, ch_chart_view, GTK_TYPE_WIDGET)

static ChChartColor
to_chart_color (const GdkRGBA *rgba)
{
  return (ChChartColor) { rgba->red, rgba->green, rgba->blue, rgba->alpha };
}

/* The palette from the style, so light, dark and high contrast each get
 * their own: text in the foreground colour, the grid a faint version of
 * it, the series in libadwaita's named colours. */
static void
palette_from_style (GtkWidget      *widget,
                    ChChartPalette *palette)
{
  static const char *names[CH_CHART_N_SERIES] = {
    "accent_color", "success_color", "warning_color", "purple_3", "error_color", "brown_3",
  };
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA fg;

  gtk_style_context_get_color (style, &fg);
  ch_chart_palette_init_paper (palette);
  palette->text = to_chart_color (&fg);
  palette->goal = palette->text;
  palette->grid = palette->text;
  palette->grid.alpha *= 0.2;
  for (guint i = 0; i < CH_CHART_N_SERIES; i++)
    {
      GdkRGBA c;

      if (gtk_style_context_lookup_color (style, names[i], &c))
        palette->series[i] = to_chart_color (&c);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
ch_chart_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  ChChartView *self = CH_CHART_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  ChChartPalette palette;
  cairo_t *cr;

  if (self->table == NULL || width < 1 || height < 1)
    return;

  palette_from_style (widget, &palette);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ch_chart_draw (cr, self->table, &palette, NULL, width, height);
  cairo_destroy (cr);
}

static void
ch_chart_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 180;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 420 : 220;
}

char *
ch_chart_view_dup_tooltip (ChChartView *self,
                           double       x,
                           double       y)
{
  GString *text;
  gint row;

  g_return_val_if_fail (CH_IS_CHART_VIEW (self), NULL);

  if (self->table == NULL)
    return NULL;
  row = ch_chart_hit_row (self->table, gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)), x, y);
  if (row < 0)
    return NULL;

  text = g_string_new (ch_insights_table_get_row (self->table, row));
  for (guint c = 0; c < ch_insights_table_get_n_columns (self->table); c++)
    /* Translators: one figure in a chart's tooltip, "Network: 42" */
    g_string_append_printf (text, _("\n%s: %s"), ch_insights_table_get_column (self->table, c),
                            ch_insights_table_get_text (self->table, row, c));

  return g_string_free (text, FALSE);
}

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip)
{
  ChChartView *self = CH_CHART_VIEW (widget);
  g_autofree char *text = NULL;

  if (keyboard)
    text = self->table ? g_strdup (ch_insights_table_get_description (self->table)) : NULL;
  else
    text = ch_chart_view_dup_tooltip (self, x, y);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
update_accessible (ChChartView *self)
{
  if (self->table == NULL)
    return;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ch_insights_table_get_title (self->table),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  ch_insights_table_get_description (self->table),
                                  -1);
}

static void
on_style_changed_cb (ChChartView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ch_chart_view_dispose (GObject *object)
{
  ChChartView *self = CH_CHART_VIEW (object);

  g_clear_object (&self->table);

  G_OBJECT_CLASS (ch_chart_view_parent_class)->dispose (object);
}

static void
ch_chart_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ChChartView *self = CH_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_object (value, self->table);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_chart_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ChChartView *self = CH_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      ch_chart_view_set_table (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_chart_view_class_init (ChChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_chart_view_dispose;
  object_class->get_property = ch_chart_view_get_property;
  object_class->set_property = ch_chart_view_set_property;
  widget_class->snapshot = ch_chart_view_snapshot;
  widget_class->measure = ch_chart_view_measure;

  properties[PROP_TABLE] =
    g_param_spec_object ("table", NULL, NULL, CH_TYPE_INSIGHTS_TABLE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ch_chart_view_init (ChChartView *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (on_style_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
ch_chart_view_new (ChInsightsTable *table)
{
  return g_object_new (CH_TYPE_CHART_VIEW, "table", table, NULL);
}

ChInsightsTable *
ch_chart_view_get_table (ChChartView *self)
{
  g_return_val_if_fail (CH_IS_CHART_VIEW (self), NULL);
  return self->table;
}

void
ch_chart_view_set_table (ChChartView     *self,
                         ChInsightsTable *table)
{
  g_return_if_fail (CH_IS_CHART_VIEW (self));

  if (!g_set_object (&self->table, table))
    return;

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABLE]);
}
