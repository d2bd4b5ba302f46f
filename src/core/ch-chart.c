/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "ch-chart.h"

/* Room for the legend above, the value axis left and the row labels
 * below the plot. */
#define LEGEND_H 18.0
#define AXIS_W   46.0
#define LABELS_H 18.0
#define PAD       4.0

typedef struct
{
  double x, y, w, h;
} Box;

void
ch_chart_palette_init_paper (ChChartPalette *palette)
{
  /* The GNOME palette's blue, green, orange, purple, red, brown: told
   * apart in print and by most colour-blind readers, dark enough for
   * white paper. */
  static const ChChartColor series[CH_CHART_N_SERIES] = {
    { 0.11, 0.44, 0.85, 1 }, { 0.18, 0.62, 0.31, 1 }, { 0.90, 0.38, 0.00, 1 },
    { 0.51, 0.24, 0.61, 1 }, { 0.75, 0.11, 0.16, 1 }, { 0.53, 0.36, 0.20, 1 },
  };

  palette->text = (ChChartColor) { 0.1, 0.1, 0.1, 1 };
  palette->grid = (ChChartColor) { 0.1, 0.1, 0.1, 0.25 };
  palette->goal = (ChChartColor) { 0.1, 0.1, 0.1, 1 };
  for (guint i = 0; i < CH_CHART_N_SERIES; i++)
    palette->series[i] = series[i];
}

static void
set_color (cairo_t            *cr,
           const ChChartColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *font,
             const char *text,
             double      max_width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font ? font
                                                                                  : "Sans 9");

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }

  return layout;
}

/* Draws @text with its left (@align 0), centre (0.5) or right (1) edge at
 * @x and its top at @y. */
static double
draw_text (cairo_t    *cr,
           const char *font,
           const char *text,
           double      x,
           double      y,
           double      align,
           double      max_width)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, font, text, max_width);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y);
  pango_cairo_show_layout (cr, layout);

  return w;
}

static gboolean
is_stacked (ChInsightsTable *table)
{
  return ch_insights_table_get_chart (table) == CH_INSIGHTS_TABLE_CHART_STACKED;
}

static Box
plot_box (double width,
          double height)
{
  return (Box) { AXIS_W, LEGEND_H + PAD, MAX (width - AXIS_W - PAD, 1),
                 MAX (height - LEGEND_H - LABELS_H - 2 * PAD, 1) };
}

/* A round top for the axis: 1, 2, 5 × 10^n at or above @max. */
static double
nice_max (double max,
          gboolean percent)
{
  double step, base;

  if (percent)
    return 100;
  if (max <= 0)
    return 1;
  base = pow (10, floor (log10 (max)));
  for (step = 1; step * base < max; step = step == 1 ? 2 : step == 2 ? 5 : 10)
    ;
  return step * base;
}

static void
draw_legend (cairo_t              *cr,
             ChInsightsTable      *table,
             const ChChartPalette *palette,
             const char           *font,
             double                width)
{
  double x = AXIS_W;

  for (guint c = 0; c < ch_insights_table_get_n_columns (table); c++)
    {
      set_color (cr, &palette->series[c % CH_CHART_N_SERIES]);
      cairo_rectangle (cr, x, 4, 10, 10);
      cairo_fill (cr);
      set_color (cr, &palette->text);
      x += 14 + draw_text (cr, font, ch_insights_table_get_column (table, c), x + 14, 1, 0,
                           MAX (width - x - 14, 10));
      x += 12;
      if (x > width)
        break;
    }
}

static void
draw_axes (cairo_t              *cr,
           ChInsightsTable      *table,
           const ChChartPalette *palette,
           const char           *font,
           Box                   p,
           double                top,
           gboolean              percent)
{
  guint n = ch_insights_table_get_n_rows (table);
  double slot = n > 0 ? p.w / n : p.w;
  guint every;

  /* Round steps: 0–10 by 2, 0–20 by 5, 0–50 by 10, 0–100 % by 25. */
  double lead = top / pow (10, floor (log10 (MAX (top, 1))));
  guint steps = percent ? 4 : (lead < 1.5 || lead > 4.5) ? 5 : 4;

  /* Counts are whole: a top of 1 or 2 has as many steps. */
  if (!percent && top < steps)
    steps = MAX ((guint) top, 1);

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i <= steps; i++)
    {
      double y = p.y + p.h - p.h * i / (double) steps;
      g_autofree char *label = percent ? g_strdup_printf ("%.0f %%", top * i / steps)
                                       : g_strdup_printf ("%.0f", top * i / steps);

      set_color (cr, &palette->grid);
      cairo_move_to (cr, p.x, floor (y) + 0.5);
      cairo_line_to (cr, p.x + p.w, floor (y) + 0.5);
      cairo_stroke (cr);
      set_color (cr, &palette->text);
      draw_text (cr, font, label, p.x - 4, y - 7, 1, AXIS_W - 4);
    }

  /* Row labels, as many as fit without touching. */
  every = MAX (1, (guint) ceil (70.0 / MAX (slot, 1)));
  set_color (cr, &palette->text);
  for (guint r = 0; r < n; r += every)
    {
      g_autoptr(PangoLayout) layout = make_layout (cr, font, ch_insights_table_get_row (table, r),
                                                   MIN (slot * every - 4, 120));
      int w, h;
      double x;

      /* Centred under its slot, but never past the chart's edges: the
       * last month's name would be cut off. */
      pango_layout_get_pixel_size (layout, &w, &h);
      x = p.x + slot * (r + 0.5) - w / 2.0;
      x = MAX (MIN (x, p.x + p.w + PAD - w), 0);
      cairo_move_to (cr, x, p.y + p.h + 3);
      pango_cairo_show_layout (cr, layout);
    }
}

static void
draw_bars (cairo_t              *cr,
           ChInsightsTable      *table,
           const ChChartPalette *palette,
           Box                   p,
           double                top)
{
  guint n = ch_insights_table_get_n_rows (table);
  guint cols = ch_insights_table_get_n_columns (table);
  gboolean stacked = is_stacked (table);
  double slot = p.w / MAX (n, 1);
  double gap = MIN (slot * 0.2, 8);

  for (guint r = 0; r < n; r++)
    {
      double base = 0;
      double x0 = p.x + slot * r + gap / 2;
      double bw = stacked ? slot - gap : (slot - gap) / MAX (cols, 1);

      for (guint c = 0; c < cols; c++)
        {
          double v = ch_insights_table_get_value (table, r, c);
          double y0, y1;

          if (isnan (v) || v <= 0)
            continue;
          y0 = p.y + p.h - p.h * base / top;
          y1 = p.y + p.h - p.h * (base + v) / top;
          set_color (cr, &palette->series[c % CH_CHART_N_SERIES]);
          cairo_rectangle (cr, stacked ? x0 : x0 + bw * c, y1, MAX (bw - (stacked ? 0 : 1), 1),
                           y0 - y1);
          cairo_fill (cr);
          if (stacked)
            base += v;
        }
    }
}

static void
draw_lines (cairo_t              *cr,
            ChInsightsTable      *table,
            const ChChartPalette *palette,
            Box                   p,
            double                top)
{
  guint n = ch_insights_table_get_n_rows (table);
  double slot = p.w / MAX (n, 1);

  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint c = 0; c < ch_insights_table_get_n_columns (table); c++)
    {
      gboolean pen = FALSE;

      set_color (cr, &palette->series[c % CH_CHART_N_SERIES]);
      for (guint r = 0; r < n; r++)
        {
          double v = ch_insights_table_get_value (table, r, c);
          double x = p.x + slot * (r + 0.5), y;

          if (isnan (v))
            {
              if (pen)
                cairo_stroke (cr);
              pen = FALSE;
              continue;
            }
          y = p.y + p.h - p.h * v / top;
          if (pen)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          pen = TRUE;
        }
      if (pen)
        cairo_stroke (cr);
      for (guint r = 0; r < n; r++)
        {
          double v = ch_insights_table_get_value (table, r, c);

          if (isnan (v))
            continue;
          cairo_arc (cr, p.x + slot * (r + 0.5), p.y + p.h - p.h * v / top, 3, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
}

static void
draw_gauge (cairo_t              *cr,
            ChInsightsTable      *table,
            const ChChartPalette *palette,
            const char           *font,
            double                width,
            double                height)
{
  double v = ch_insights_table_get_n_rows (table) > 0 ? ch_insights_table_get_value (table, 0, 0)
                                                      : NAN;
  const char *text = ch_insights_table_get_n_rows (table) > 0
                       ? ch_insights_table_get_text (table, 0, 0) : "—";
  double radius = MAX (MIN (width / 2 - 16, (height - 30) / 1.1), 10);
  double cx = width / 2, cy = radius * 1.1 + 4;
  g_autofree char *big = g_strdup_printf ("%s", text);
  const char *big_font = "Sans Bold 16";
  double goal_angle = G_PI * 1.5;

  cairo_new_path (cr);
  cairo_set_line_width (cr, MAX (radius / 4, 6));
  set_color (cr, &palette->grid);
  cairo_arc (cr, cx, cy, radius * 0.85, G_PI, 2 * G_PI);
  cairo_stroke (cr);
  if (!isnan (v))
    {
      set_color (cr, &palette->series[0]);
      cairo_new_path (cr);
      cairo_arc (cr, cx, cy, radius * 0.85, G_PI, G_PI + G_PI * CLAMP (v, 0, 100) / 100);
      cairo_stroke (cr);
    }

  /* The goal: half way. */
  set_color (cr, &palette->goal);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, cx + cos (goal_angle) * radius * 0.6, cy + sin (goal_angle) * radius * 0.6);
  cairo_line_to (cr, cx + cos (goal_angle) * radius * 1.08,
                 cy + sin (goal_angle) * radius * 1.08);
  cairo_stroke (cr);

  set_color (cr, &palette->text);
  draw_text (cr, big_font, big, cx, cy - 24, 0.5, width);
  draw_text (cr, font, ch_insights_table_get_row (table, 0), cx, cy + 4, 0.5, width);
}

void
ch_chart_draw (cairo_t              *cr,
               ChInsightsTable      *table,
               const ChChartPalette *palette,
               const char           *font,
               double                width,
               double                height)
{
  ChInsightsTableChart kind;
  gboolean percent;
  double top;
  Box p;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (CH_IS_INSIGHTS_TABLE (table));
  g_return_if_fail (palette != NULL);

  kind = ch_insights_table_get_chart (table);
  cairo_save (cr);

  if (kind == CH_INSIGHTS_TABLE_CHART_GAUGE)
    {
      draw_gauge (cr, table, palette, font, width, height);
      cairo_restore (cr);
      return;
    }

  if (ch_insights_table_get_n_rows (table) == 0)
    {
      set_color (cr, &palette->text);
      draw_text (cr, font, _("Nothing to show for this period"), width / 2, height / 2 - 8, 0.5,
                 width);
      cairo_restore (cr);
      return;
    }

  percent = ch_insights_table_get_percent (table);
  top = nice_max (ch_insights_table_get_max (table, is_stacked (table)), percent);
  p = plot_box (width, height);

  draw_legend (cr, table, palette, font, width);
  draw_axes (cr, table, palette, font, p, top, percent);
  if (kind == CH_INSIGHTS_TABLE_CHART_LINE)
    draw_lines (cr, table, palette, p, top);
  else
    draw_bars (cr, table, palette, p, top);

  cairo_restore (cr);
}

gint
ch_chart_hit_row (ChInsightsTable *table,
                  double           width,
                  double           height,
                  double           x,
                  double           y)
{
  guint n;
  Box p;

  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (table), -1);

  n = ch_insights_table_get_n_rows (table);
  if (n == 0)
    return -1;
  if (ch_insights_table_get_chart (table) == CH_INSIGHTS_TABLE_CHART_GAUGE)
    return 0;

  p = plot_box (width, height);
  if (x < p.x || x >= p.x + p.w || y < 0 || y > height)
    return -1;

  return MIN ((guint) ((x - p.x) / (p.w / n)), n - 1);
}
