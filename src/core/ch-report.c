/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "ch-chart.h"
#include "ch-csv.h"
#include "ch-report.h"

G_DEFINE_QUARK (ch-report-error-quark, ch_report_error)

/* The charts of the page, two a row. */
static const char *page_charts[] = {
  "growth-tiers", "growth-flow", "retention-cohorts", "events-attendance", "events-no-shows",
  "leadership-balance", "opportunities-quarters",
};

gboolean
ch_report_format_from_string (const char     *text,
                              ChReportFormat *format)
{
  if (g_ascii_strcasecmp (text ? text : "", "pdf") == 0)
    *format = CH_REPORT_FORMAT_PDF;
  else if (g_ascii_strcasecmp (text ? text : "", "csv") == 0)
    *format = CH_REPORT_FORMAT_CSV;
  else if (g_ascii_strcasecmp (text ? text : "", "json") == 0)
    *format = CH_REPORT_FORMAT_JSON;
  else
    return FALSE;

  return TRUE;
}

gboolean
ch_report_paper_from_string (const char    *text,
                             ChReportPaper *paper)
{
  if (g_ascii_strcasecmp (text ? text : "", "a4") == 0)
    *paper = CH_REPORT_PAPER_A4;
  else if (g_ascii_strcasecmp (text ? text : "", "letter") == 0)
    *paper = CH_REPORT_PAPER_LETTER;
  else
    return FALSE;

  return TRUE;
}

ChReportPaper
ch_report_paper_for_locale (void)
{
  const char *const *langs = g_get_language_names ();

  for (guint i = 0; langs[i] != NULL; i++)
    if (g_str_has_suffix (langs[i], "_US") || g_str_has_suffix (langs[i], "_CA") ||
        strstr (langs[i], "_US.") != NULL || strstr (langs[i], "_CA.") != NULL)
      return CH_REPORT_PAPER_LETTER;

  return CH_REPORT_PAPER_A4;
}

char *
ch_report_to_csv (ChInsights *insights)
{
  GString *out = g_string_new (NULL);
  GPtrArray *tables;

  g_return_val_if_fail (CH_IS_INSIGHTS (insights), NULL);

  tables = ch_insights_get_tables (insights);
  {
    g_autofree char *period = ch_insights_dup_period_label (insights);
    const char *head[] = { ch_insights_get_chapter_name (insights), period };

    ch_csv_append_row (out, head, 2, ',');
    g_string_append (out, "\r\n");
  }

  for (guint t = 0; t < tables->len; t++)
    {
      ChInsightsTable *table = tables->pdata[t];
      guint cols = ch_insights_table_get_n_columns (table);
      g_autoptr(GPtrArray) cells = g_ptr_array_new ();
      const char *title[] = { ch_insights_table_get_title (table) };

      ch_csv_append_row (out, title, 1, ',');
      g_ptr_array_add (cells, (gpointer) ch_insights_table_get_row_heading (table));
      for (guint c = 0; c < cols; c++)
        g_ptr_array_add (cells, (gpointer) ch_insights_table_get_column (table, c));
      ch_csv_append_row (out, (const char * const *) cells->pdata, cells->len, ',');

      for (guint r = 0; r < ch_insights_table_get_n_rows (table); r++)
        {
          g_ptr_array_set_size (cells, 0);
          g_ptr_array_add (cells, (gpointer) ch_insights_table_get_row (table, r));
          for (guint c = 0; c < cols; c++)
            g_ptr_array_add (cells, (gpointer) ch_insights_table_get_text (table, r, c));
          ch_csv_append_row (out, (const char * const *) cells->pdata, cells->len, ',');
        }
      g_string_append (out, "\r\n");
    }

  return g_string_free (out, FALSE);
}

char *
ch_report_to_json (ChInsights *insights)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  GPtrArray *tables, *keys;
  ChInsightsTable *figures;

  g_return_val_if_fail (CH_IS_INSIGHTS (insights), NULL);

  tables = ch_insights_get_tables (insights);
  keys = ch_insights_get_figure_keys (insights);
  figures = ch_insights_get_table (insights, "key-figures");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "chapter");
  json_builder_add_string_value (b, ch_insights_get_chapter_name (insights));
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, ch_insights_get_from (insights));
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, ch_insights_get_to (insights));
  json_builder_set_member_name (b, "figures");
  json_builder_begin_object (b);
  for (guint i = 0; i < keys->len; i++)
    {
      double v = ch_insights_table_get_value (figures, i, 0);

      json_builder_set_member_name (b, keys->pdata[i]);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, ch_insights_table_get_row (figures, i));
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, ch_insights_table_get_text (figures, i, 0));
      json_builder_set_member_name (b, "value");
      if (isnan (v))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, v);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "tables");
  json_builder_begin_array (b);
  for (guint t = 0; t < tables->len; t++)
    {
      ChInsightsTable *table = tables->pdata[t];
      guint cols = ch_insights_table_get_n_columns (table);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "key");
      json_builder_add_string_value (b, ch_insights_table_get_key (table));
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, ch_insights_table_get_title (table));
      json_builder_set_member_name (b, "columns");
      json_builder_begin_array (b);
      for (guint c = 0; c < cols; c++)
        json_builder_add_string_value (b, ch_insights_table_get_column (table, c));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "rows");
      json_builder_begin_array (b);
      for (guint r = 0; r < ch_insights_table_get_n_rows (table); r++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "label");
          json_builder_add_string_value (b, ch_insights_table_get_row (table, r));
          json_builder_set_member_name (b, "values");
          json_builder_begin_array (b);
          for (guint c = 0; c < cols; c++)
            {
              double v = ch_insights_table_get_value (table, r, c);

              if (isnan (v))
                json_builder_add_null_value (b);
              else
                json_builder_add_double_value (b, v);
            }
          json_builder_end_array (b);
          json_builder_set_member_name (b, "texts");
          json_builder_begin_array (b);
          for (guint c = 0; c < cols; c++)
            json_builder_add_string_value (b, ch_insights_table_get_text (table, r, c));
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);

  return json_generator_to_data (gen, NULL);
}

static double
show (cairo_t    *cr,
      const char *font,
      const char *text,
      double      x,
      double      y,
      double      width,
      gboolean    right)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, right ? x + width - w : x, y);
  pango_cairo_show_layout (cr, layout);

  return h;
}

gboolean
ch_report_write_pdf (ChInsights     *insights,
                     ChReportPaper   paper,
                     const char     *path,
                     GError        **error)
{
  double page_w = paper == CH_REPORT_PAPER_LETTER ? 612 : 595.28;
  double page_h = paper == CH_REPORT_PAPER_LETTER ? 792 : 841.89;
  double margin = 40, y, col_w;
  cairo_surface_t *surface;
  cairo_t *cr;
  ChChartPalette palette;
  ChInsightsTable *figures;
  g_autofree char *period = NULL;
  g_autofree char *made = NULL;
  cairo_status_t status;
  guint n_figures;

  g_return_val_if_fail (CH_IS_INSIGHTS (insights), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, page_w, page_h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CH_REPORT_ERROR, CH_REPORT_ERROR_WRITE,
                   _("Could not write “%s”: %s"), path,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  {
    g_autofree char *title = g_strdup_printf (_("%s — Chapter Report"),
                                              ch_insights_get_chapter_name (insights));
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Chapterhouse");
  }
  cr = cairo_create (surface);
  ch_chart_palette_init_paper (&palette);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  /* The chapter and the period. */
  period = ch_insights_dup_period_label (insights);
  y = margin;
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  y += show (cr, "Sans Bold 18", ch_insights_get_chapter_name (insights), margin, y,
             page_w - 2 * margin, FALSE);
  {
    g_autofree char *line = g_strdup_printf (_("Chapter report · %s"), period);
    y += show (cr, "Sans 10", line, margin, y + 2, page_w - 2 * margin, FALSE) + 12;
  }

  /* Key figures, two columns of label … value. */
  figures = ch_insights_get_table (insights, "key-figures");
  n_figures = ch_insights_table_get_n_rows (figures);
  col_w = (page_w - 2 * margin - 20) / 2;
  for (guint i = 0; i < n_figures; i++)
    {
      double x = margin + (i % 2) * (col_w + 20);
      double fy = y + (i / 2) * 15;

      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      show (cr, "Sans 8", ch_insights_table_get_row (figures, i), x, fy, col_w - 78, FALSE);
      show (cr, "Sans Bold 8", ch_insights_table_get_text (figures, i, 0), x + col_w - 75, fy,
            75, TRUE);
      cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 0.15);
      cairo_rectangle (cr, x, fy + 13, col_w, 0.5);
      cairo_fill (cr);
    }
  y += ((n_figures + 1) / 2) * 15 + 16;

  /* The charts, drawn by the same code as the window's. */
  {
    double footer = 24;
    guint rows = (G_N_ELEMENTS (page_charts) + 1) / 2;
    double cell_h = (page_h - margin - footer - y) / rows;
    double cell_w = (page_w - 2 * margin - 20) / 2;

    for (guint i = 0; i < G_N_ELEMENTS (page_charts); i++)
      {
        ChInsightsTable *table = ch_insights_get_table (insights, page_charts[i]);
        double x = margin + (i % 2) * (cell_w + 20);
        double cy = y + (i / 2) * cell_h;

        if (table == NULL)
          continue;
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
        show (cr, "Sans Bold 10", ch_insights_table_get_title (table), x, cy, cell_w, FALSE);
        cairo_save (cr);
        cairo_translate (cr, x, cy + 16);
        ch_chart_draw (cr, table, &palette, "Sans 7", cell_w, cell_h - 28);
        cairo_restore (cr);
      }
  }

  made = g_strdup_printf (_("Made with Chapterhouse on %s. Groups of fewer than 3 people are "
                            "not counted out."), ch_insights_get_today (insights));
  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  show (cr, "Sans 7", made, margin, page_h - margin + 6, page_w - 2 * margin, FALSE);

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CH_REPORT_ERROR, CH_REPORT_ERROR_WRITE, _("Could not write “%s”: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

gboolean
ch_report_write (ChInsights      *insights,
                 ChReportFormat   format,
                 ChReportPaper    paper,
                 const char      *path,
                 GError         **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CH_IS_INSIGHTS (insights), FALSE);

  if (format == CH_REPORT_FORMAT_PDF)
    return ch_report_write_pdf (insights, paper, path, error);

  text = format == CH_REPORT_FORMAT_CSV ? ch_report_to_csv (insights)
                                        : ch_report_to_json (insights);
  /* The CSV names the members at risk: readable by its owner only. */
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, CH_REPORT_ERROR, CH_REPORT_ERROR_WRITE, _("Could not write “%s”: %s"),
                   path, local_error->message);
      return FALSE;
    }

  return TRUE;
}
