/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-export-table"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "ch-csv.h"
#include "ch-export-table.h"

G_DEFINE_QUARK (ch-export-table-error-quark, ch_export_table_error)

struct _ChExportTable
{
  ChExportTableColumn *columns;
  guint           n_columns;
  char           *sheet_name;
  GPtrArray      *rows;        /* of arrays of n_columns strings (or NULLs) */
};

ChExportTable *
ch_export_table_new (const ChExportTableColumn *columns,
                     guint                 n_columns,
                     const char           *sheet_name)
{
  ChExportTable *self = g_new0 (ChExportTable, 1);

  self->columns = g_memdup2 (columns, sizeof (ChExportTableColumn) * n_columns);
  self->n_columns = n_columns;
  self->sheet_name = g_strdup (sheet_name);
  self->rows = g_ptr_array_new ();

  return self;
}

void
ch_export_table_free (ChExportTable *self)
{
  if (self == NULL)
    return;

  for (guint r = 0; r < self->rows->len; r++)
    {
      char **cells = g_ptr_array_index (self->rows, r);

      for (guint c = 0; c < self->n_columns; c++)
        g_free (cells[c]);
      g_free (cells);
    }
  g_ptr_array_unref (self->rows);
  g_free (self->columns);
  g_free (self->sheet_name);
  g_free (self);
}

guint
ch_export_table_get_n_rows (ChExportTable *self)
{
  return self->rows->len;
}

void
ch_export_table_add_row (ChExportTable  *self,
                         char          **cells)
{
  char **copy = g_new0 (char *, self->n_columns);

  memcpy (copy, cells, sizeof (char *) * self->n_columns);
  g_ptr_array_add (self->rows, copy);
}

static gboolean
is_empty (const char *cell)
{
  return cell == NULL || cell[0] == '\0';
}

/* "15000" -> "150.00" */
static char *
money_text (const char *minor)
{
  gint64 value = g_ascii_strtoll (minor, NULL, 10);
  guint64 magnitude = value < 0 ? (guint64) -value : (guint64) value;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u", value < 0 ? "-" : "",
                          magnitude / 100, (guint) (magnitude % 100));
}

static GBytes *
write_csv (ChExportTable *self,
           gboolean       bom)
{
  GString *out = g_string_new (bom ? "\xEF\xBB\xBF" : "");
  g_autofree const char **cells = g_new0 (const char *, self->n_columns);

  for (guint c = 0; c < self->n_columns; c++)
    cells[c] = self->columns[c].name;
  ch_csv_append_row (out, cells, self->n_columns, ',');

  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = g_ptr_array_index (self->rows, r);
      g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);

      for (guint c = 0; c < self->n_columns; c++)
        {
          if (self->columns[c].kind == CH_EXPORT_TABLE_CELL_MONEY && !is_empty (row[c]))
            {
              char *text = money_text (row[c]);

              g_ptr_array_add (owned, text);
              cells[c] = text;
            }
          else
            cells[c] = row[c] ? row[c] : "";
        }
      ch_csv_append_row (out, cells, self->n_columns, ',');
    }

  return g_string_free_to_bytes (out);
}

static GBytes *
write_json (ChExportTable *self)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = g_ptr_array_index (self->rows, r);
      JsonObject *object = json_object_new ();

      for (guint c = 0; c < self->n_columns; c++)
        {
          const char *name = self->columns[c].name;

          if (is_empty (row[c]))
            json_object_set_null_member (object, name);
          else if (self->columns[c].kind == CH_EXPORT_TABLE_CELL_INT ||
                   self->columns[c].kind == CH_EXPORT_TABLE_CELL_MONEY)
            json_object_set_int_member (object, name, g_ascii_strtoll (row[c], NULL, 10));
          else if (self->columns[c].kind == CH_EXPORT_TABLE_CELL_BOOL)
            json_object_set_boolean_member (object, name, g_str_equal (row[c], "yes"));
          else
            json_object_set_string_member (object, name, row[c]);
        }
      json_array_add_object_element (array, object);
    }

  root = json_node_init_array (json_node_alloc (), array);
  text = json_to_string (root, TRUE);
  return g_bytes_new_take (text, strlen (text));
}

static gboolean
parse_datetime (const char       *text,
                ChExportTableCellKind  kind,
                lxw_datetime     *out)
{
  if (kind == CH_EXPORT_TABLE_CELL_DATE)
    {
      if (strlen (text) != 10 ||
          sscanf (text, "%d-%d-%d", &out->year, &out->month, &out->day) != 3 ||
          !g_date_valid_dmy (out->day, out->month, out->year) || out->year < 1900)
        return FALSE;
      out->hour = out->min = 0;
      out->sec = 0;
      return TRUE;
    }
  else
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (text, utc);
      g_autoptr(GDateTime) local = NULL;

      if (parsed == NULL)
        return FALSE;
      local = g_date_time_to_local (parsed);
      out->year = g_date_time_get_year (local);
      out->month = g_date_time_get_month (local);
      out->day = g_date_time_get_day_of_month (local);
      out->hour = g_date_time_get_hour (local);
      out->min = g_date_time_get_minute (local);
      out->sec = g_date_time_get_second (local);
      return out->year >= 1900;
    }
}

static gboolean
write_xlsx_file (ChExportTable  *self,
                 const char     *path,
                 GError        **error)
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE };
  lxw_workbook *workbook = workbook_new_opt (path, &options);
  lxw_worksheet *sheet;
  lxw_format *bold, *date, *datetime, *money;
  lxw_error rc;

  if (workbook == NULL)
    {
      g_set_error (error, CH_EXPORT_TABLE_ERROR, CH_EXPORT_TABLE_ERROR_WRITE,
                   _("The spreadsheet could not be written."));
      return FALSE;
    }

  sheet = workbook_add_worksheet (workbook, self->sheet_name);
  bold = workbook_add_format (workbook);
  format_set_bold (bold);
  date = workbook_add_format (workbook);
  format_set_num_format (date, "yyyy-mm-dd");
  datetime = workbook_add_format (workbook);
  format_set_num_format (datetime, "yyyy-mm-dd hh:mm");
  money = workbook_add_format (workbook);
  format_set_num_format (money, "#,##0.00");

  for (guint c = 0; c < self->n_columns; c++)
    {
      ChExportTableCellKind kind = self->columns[c].kind;

      worksheet_set_column (sheet, c, c,
                            kind == CH_EXPORT_TABLE_CELL_TEXT ? 20 :
                            kind == CH_EXPORT_TABLE_CELL_DATETIME ? 17 : 12, NULL);
      worksheet_write_string (sheet, 0, c, self->columns[c].name, bold);
    }
  worksheet_freeze_panes (sheet, 1, 0);

  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = g_ptr_array_index (self->rows, r);

      for (guint c = 0; c < self->n_columns; c++)
        {
          const char *cell = row[c];
          lxw_datetime when = { 0 };

          if (is_empty (cell))
            continue;

          switch (self->columns[c].kind)
            {
            case CH_EXPORT_TABLE_CELL_INT:
              worksheet_write_number (sheet, r + 1, c, g_ascii_strtod (cell, NULL), NULL);
              break;
            case CH_EXPORT_TABLE_CELL_MONEY:
              worksheet_write_number (sheet, r + 1, c,
                                      g_ascii_strtoll (cell, NULL, 10) / 100.0, money);
              break;
            case CH_EXPORT_TABLE_CELL_BOOL:
              worksheet_write_boolean (sheet, r + 1, c, g_str_equal (cell, "yes"), NULL);
              break;
            case CH_EXPORT_TABLE_CELL_DATE:
            case CH_EXPORT_TABLE_CELL_DATETIME:
              if (parse_datetime (cell, self->columns[c].kind, &when))
                {
                  worksheet_write_datetime (sheet, r + 1, c, &when,
                                            self->columns[c].kind == CH_EXPORT_TABLE_CELL_DATE ?
                                            date : datetime);
                  break;
                }
              G_GNUC_FALLTHROUGH;
            case CH_EXPORT_TABLE_CELL_TEXT:
            default:
              worksheet_write_string (sheet, r + 1, c, cell, NULL);
              break;
            }
        }
    }

  if ((rc = workbook_close (workbook)) != LXW_NO_ERROR)
    {
      g_set_error (error, CH_EXPORT_TABLE_ERROR, CH_EXPORT_TABLE_ERROR_WRITE,
                   _("The spreadsheet could not be written: %s"), lxw_strerror (rc));
      return FALSE;
    }

  return TRUE;
}

static GBytes *
write_xlsx (ChExportTable  *self,
            GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean ok;
  int fd;

  /* libxlsxwriter writes to a file: a private temporary one, read back. */
  if ((fd = g_file_open_tmp ("chapterhouse-export-XXXXXX.xlsx", &path, error)) < 0)
    return NULL;
  close (fd);

  ok = write_xlsx_file (self, path, error) &&
       g_file_get_contents (path, &contents, &length, error);
  g_unlink (path);
  if (!ok)
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

GBytes *
ch_export_table_write (ChExportTable        *self,
                       ChExportTableFormat   format,
                       gboolean              bom,
                       GError              **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (format)
    {
    case CH_EXPORT_TABLE_XLSX:
      return write_xlsx (self, error);
    case CH_EXPORT_TABLE_JSON:
      return write_json (self);
    case CH_EXPORT_TABLE_CSV:
    default:
      return write_csv (self, bom);
    }
}
