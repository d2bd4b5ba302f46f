/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ch-insights-table.h"
#include "ch-insights-table-private.h"

typedef struct
{
  double  value;
  char   *text;
} Cell;

struct _ChInsightsTable
{
  GObject          parent_instance;

  char            *key;
  char            *title;
  char            *description;
  char            *row_heading;
  ChInsightsTableChart  chart;
  gboolean         percent;
  GStrv            columns;
  guint            n_columns;
  GPtrArray       *rows;     /* char * */
  GArray          *cells;    /* Cell, row by row */
};

G_DEFINE_FINAL_TYPE (ChInsightsTable, ch_insights_table, G_TYPE_OBJECT)

static void
ch_insights_table_finalize (GObject *object)
{
  ChInsightsTable *self = CH_INSIGHTS_TABLE (object);

  for (guint i = 0; i < self->cells->len; i++)
    g_free (g_array_index (self->cells, Cell, i).text);
  g_array_unref (self->cells);
  g_ptr_array_unref (self->rows);
  g_strfreev (self->columns);
  g_free (self->key);
  g_free (self->title);
  g_free (self->description);
  g_free (self->row_heading);

  G_OBJECT_CLASS (ch_insights_table_parent_class)->finalize (object);
}

static void
ch_insights_table_class_init (ChInsightsTableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_insights_table_finalize;
}

static void
ch_insights_table_init (ChInsightsTable *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_free);
  self->cells = g_array_new (FALSE, FALSE, sizeof (Cell));
}

ChInsightsTable *
ch_insights_table_new (const char         *key,
                       const char         *title,
                       ChInsightsTableChart     chart,
                       gboolean            percent,
                       const char         *row_heading,
                       const char * const *columns)
{
  ChInsightsTable *self = g_object_new (CH_TYPE_INSIGHTS_TABLE, NULL);

  self->key = g_strdup (key);
  self->title = g_strdup (title);
  self->chart = chart;
  self->percent = percent;
  self->row_heading = g_strdup (row_heading);
  self->columns = g_strdupv ((char **) columns);
  self->n_columns = g_strv_length (self->columns);

  return self;
}

guint
ch_insights_table_add_row (ChInsightsTable *self,
                           const char      *label)
{
  g_ptr_array_add (self->rows, g_strdup (label));
  for (guint c = 0; c < self->n_columns; c++)
    {
      Cell cell = { NAN, g_strdup ("—") };

      g_array_append_val (self->cells, cell);
    }

  return self->rows->len - 1;
}

static Cell *
cell_at (ChInsightsTable *self,
         guint            row,
         guint            column)
{
  g_return_val_if_fail (row < self->rows->len && column < self->n_columns, NULL);

  return &g_array_index (self->cells, Cell, row * self->n_columns + column);
}

void
ch_insights_table_set (ChInsightsTable *self,
                       guint            row,
                       guint            column,
                       double           value)
{
  Cell *cell = cell_at (self, row, column);

  if (cell == NULL)
    return;
  g_free (cell->text);
  cell->value = value;
  if (self->percent)
    /* Translators: a percentage in a chart or table; "%%" is a percent sign */
    cell->text = g_strdup_printf (_("%.0f %%"), value);
  else
    cell->text = g_strdup_printf ("%.0f", value);
}

void
ch_insights_table_set_text (ChInsightsTable *self,
                            guint            row,
                            guint            column,
                            const char      *text)
{
  Cell *cell = cell_at (self, row, column);

  if (cell == NULL)
    return;
  g_free (cell->text);
  cell->value = NAN;
  cell->text = g_strdup (text);
}

void
ch_insights_table_set_full (ChInsightsTable *self,
                            guint            row,
                            guint            column,
                            double           value,
                            const char      *text)
{
  Cell *cell = cell_at (self, row, column);

  if (cell == NULL)
    return;
  g_free (cell->text);
  cell->value = value;
  cell->text = g_strdup (text);
}

void
ch_insights_table_set_description (ChInsightsTable *self,
                                   const char      *description)
{
  g_free (self->description);
  self->description = g_strdup (description);
}

const char *
ch_insights_table_get_key (ChInsightsTable *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), NULL);
  return self->key;
}

const char *
ch_insights_table_get_title (ChInsightsTable *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), NULL);
  return self->title;
}

const char *
ch_insights_table_get_description (ChInsightsTable *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), NULL);
  return self->description ? self->description : self->title;
}

ChInsightsTableChart
ch_insights_table_get_chart (ChInsightsTable *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), CH_INSIGHTS_TABLE_CHART_NONE);
  return self->chart;
}

gboolean
ch_insights_table_get_percent (ChInsightsTable *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), FALSE);
  return self->percent;
}

const char *
ch_insights_table_get_row_heading (ChInsightsTable *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), NULL);
  return self->row_heading;
}

guint
ch_insights_table_get_n_columns (ChInsightsTable *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), 0);
  return self->n_columns;
}

const char *
ch_insights_table_get_column (ChInsightsTable *self,
                              guint            column)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);
  return self->columns[column];
}

guint
ch_insights_table_get_n_rows (ChInsightsTable *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), 0);
  return self->rows->len;
}

const char *
ch_insights_table_get_row (ChInsightsTable *self,
                           guint            row)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, row);
}

double
ch_insights_table_get_value (ChInsightsTable *self,
                             guint            row,
                             guint            column)
{
  Cell *cell;

  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), NAN);
  cell = cell_at (self, row, column);
  return cell ? cell->value : NAN;
}

const char *
ch_insights_table_get_text (ChInsightsTable *self,
                            guint            row,
                            guint            column)
{
  Cell *cell;

  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), NULL);
  cell = cell_at (self, row, column);
  return cell ? cell->text : NULL;
}

gint
ch_insights_table_find_row (ChInsightsTable *self,
                            const char      *label)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), -1);

  for (guint i = 0; i < self->rows->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->rows, i), label) == 0)
      return i;
  return -1;
}

double
ch_insights_table_get_max (ChInsightsTable *self,
                           gboolean         stacked)
{
  double max = 0;

  g_return_val_if_fail (CH_IS_INSIGHTS_TABLE (self), 0);

  for (guint r = 0; r < self->rows->len; r++)
    {
      double sum = 0;

      for (guint c = 0; c < self->n_columns; c++)
        {
          double v = g_array_index (self->cells, Cell, r * self->n_columns + c).value;

          if (isnan (v))
            continue;
          if (stacked)
            sum += v;
          else
            max = MAX (max, v);
        }
      max = MAX (max, sum);
    }

  return max;
}
