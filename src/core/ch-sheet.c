/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sheet"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <string.h>

#include "ch-csv.h"
#include "ch-sheet-private.h"

/* No part of a workbook we read is this large unpacked; a zip that says
 * otherwise is broken or hostile. */
#define MAX_PART_BYTES (512 * 1024 * 1024)

struct _ChSheet
{
  GObject    parent_instance;

  char      *format;
  GStrv      sheet_names;
  ChCsv     *csv;    /* either this… */
  GPtrArray *rows;   /* …or the rows of a workbook, GStrv each */
};

G_DEFINE_FINAL_TYPE (ChSheet, ch_sheet, G_TYPE_OBJECT)

G_DEFINE_QUARK (ch-sheet-error-quark, ch_sheet_error)

static void
ch_sheet_finalize (GObject *object)
{
  ChSheet *self = CH_SHEET (object);

  g_free (self->format);
  g_strfreev (self->sheet_names);
  g_clear_pointer (&self->csv, ch_csv_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_sheet_parent_class)->finalize (object);
}

static void
ch_sheet_class_init (ChSheetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_sheet_finalize;
}

static void
ch_sheet_init (ChSheet *self)
{
}

gpointer
ch_sheet_read_xml_part (GsfInfile  *zip,
                        const char *path,
                        gboolean    required,
                        GError    **error)
{
  g_auto(GStrv) names = g_strsplit (path, "/", -1);
  g_autoptr(GsfInput) input = gsf_infile_child_by_aname (zip, (const char **) names);
  g_autofree guint8 *data = NULL;
  gsf_off_t size;
  xmlDoc *doc;

  if (input == NULL)
    {
      if (required)
        g_set_error (error, CH_SHEET_ERROR, CH_SHEET_ERROR_DAMAGED,
                     _("The workbook is damaged: its part “%s” is missing. "
                       "Open it in the spreadsheet, save it again and import it again."),
                     path);
      return NULL;
    }

  size = gsf_input_size (input);
  if (size >= 0 && size <= MAX_PART_BYTES)
    data = g_malloc (MAX ((gsize) size, 1));
  if (data == NULL || gsf_input_read (input, (size_t) size, data) == NULL)
    {
      g_set_error (error, CH_SHEET_ERROR, CH_SHEET_ERROR_DAMAGED,
                   _("The workbook is damaged: its part “%s” cannot be read. "
                     "Open it in the spreadsheet, save it again and import it again."),
                   path);
      return NULL;
    }

  /* No entities, no DTD loading, no network: the file is not trusted. */
  doc = xmlReadMemory ((const char *) data, (int) size, path, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                       XML_PARSE_HUGE);
  if (doc == NULL)
    g_set_error (error, CH_SHEET_ERROR, CH_SHEET_ERROR_DAMAGED,
                 _("The workbook is damaged: its part “%s” is not well-formed. "
                   "Open it in the spreadsheet, save it again and import it again."),
                 path);

  return doc;
}

void
ch_sheet_add_row (GPtrArray *rows,
                  GPtrArray *row)
{
  while (row->len > 0)
    {
      const char *last = g_ptr_array_index (row, row->len - 1);

      if (last != NULL && *last != '\0')
        break;
      g_ptr_array_remove_index (row, row->len - 1);
    }

  if (row->len == 0)
    {
      g_ptr_array_unref (row);
      return;
    }

  for (guint i = 0; i < row->len; i++)
    if (g_ptr_array_index (row, i) == NULL)
      row->pdata[i] = g_strdup ("");

  g_ptr_array_add (row, NULL);
  g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
  g_ptr_array_unref (row);
}

void
ch_sheet_set_no_sheet_error (GError **error,
                             guint    sheet,
                             guint    n_sheets)
{
  g_set_error (error, CH_SHEET_ERROR, CH_SHEET_ERROR_NO_SHEET,
               g_dngettext (GETTEXT_PACKAGE,
                            "There is no sheet %u: the workbook has %u sheet.",
                            "There is no sheet %u: the workbook has %u sheets.",
                            n_sheets),
               sheet + 1, n_sheets);
}

char *
ch_sheet_format_number (const char *value)
{
  char *end = NULL;
  double d;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == NULL)
    return g_strdup ("");

  d = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0')
    return g_strdup (value);

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", d));
}

static ChSheet *
sheet_from_zip (const char  *data,
                gsize        len,
                guint        sheet,
                GError     **error)
{
  g_autoptr(ChSheet) self = g_object_new (CH_TYPE_SHEET, NULL);
  g_autoptr(GsfInput) input = gsf_input_memory_new ((const guint8 *) data, (gsf_off_t) len, FALSE);
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(GsfInput) mimetype = NULL;
  g_autoptr(GsfInput) workbook = NULL;
  const char *ods_path[] = { "content.xml", NULL };
  const char *xlsx_path[] = { "xl", "workbook.xml", NULL };
  g_autoptr(GError) zip_error = NULL;

  if (!(zip = gsf_infile_zip_new (input, &zip_error)))
    {
      g_set_error (error, CH_SHEET_ERROR, CH_SHEET_ERROR_DAMAGED,
                   _("The file looks like a workbook but cannot be opened. "
                     "Open it in the spreadsheet, save it again and import it again."));
      return NULL;
    }

  if ((workbook = gsf_infile_child_by_aname (zip, xlsx_path)) != NULL)
    {
      self->format = g_strdup ("xlsx");
      self->rows = ch_sheet_xlsx_read (zip, sheet, &self->sheet_names, error);
    }
  else if ((mimetype = gsf_infile_child_by_aname (zip, ods_path)) != NULL)
    {
      self->format = g_strdup ("ods");
      self->rows = ch_sheet_ods_read (zip, sheet, &self->sheet_names, error);
    }
  else
    {
      g_set_error (error, CH_SHEET_ERROR, CH_SHEET_ERROR_FORMAT,
                   _("This file is a zip archive but not a spreadsheet. "
                     "Choose a CSV, TSV, XLSX or ODS file."));
      return NULL;
    }

  if (self->rows == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

ChSheet *
ch_sheet_new_from_data (const char  *name,
                        const char  *data,
                        gsize        len,
                        guint        sheet,
                        GError     **error)
{
  g_autoptr(ChSheet) self = NULL;
  g_autoptr(GError) csv_error = NULL;
  g_autofree char *base = NULL;
  char delimiter = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len >= 4 && memcmp (data, "PK\003\004", 4) == 0)
    return sheet_from_zip (data, len, sheet, error);

  if (len >= 8 && memcmp (data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
    {
      g_set_error (error, CH_SHEET_ERROR, CH_SHEET_ERROR_FORMAT,
                   _("This is an old Excel workbook (.xls). Save it as "
                     "“Excel Workbook (.xlsx)” or as CSV and import that file."));
      return NULL;
    }

  if (sheet > 0)
    {
      g_set_error (error, CH_SHEET_ERROR, CH_SHEET_ERROR_NO_SHEET,
                   _("A CSV file has only one sheet."));
      return NULL;
    }

  if (name != NULL && g_str_has_suffix (name, ".tsv"))
    delimiter = '\t';

  self = g_object_new (CH_TYPE_SHEET, NULL);
  self->format = g_strdup ("csv");
  if (!(self->csv = ch_csv_new_from_data (data, len, delimiter, error)))
    return NULL;

  base = name ? g_path_get_basename (name) : g_strdup (_("Sheet 1"));
  self->sheet_names = g_new0 (char *, 2);
  self->sheet_names[0] = g_steal_pointer (&base);

  return g_steal_pointer (&self);
}

ChSheet *
ch_sheet_new_from_file (const char  *path,
                        guint        sheet,
                        GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!(file = g_mapped_file_new (path, FALSE, &local_error)))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, local_error->code,
                   _("Could not read “%s”: %s"), display, local_error->message);
      return NULL;
    }

  return ch_sheet_new_from_data (path,
                                 g_mapped_file_get_contents (file) ?
                                 g_mapped_file_get_contents (file) : "",
                                 g_mapped_file_get_length (file), sheet, error);
}

guint
ch_sheet_get_n_rows (ChSheet *self)
{
  g_return_val_if_fail (CH_IS_SHEET (self), 0);

  return self->csv ? ch_csv_get_n_rows (self->csv) : self->rows->len;
}

GStrv
ch_sheet_get_row (ChSheet *self,
                  guint    index)
{
  g_return_val_if_fail (CH_IS_SHEET (self), NULL);
  g_return_val_if_fail (index < ch_sheet_get_n_rows (self), NULL);

  if (self->csv)
    return ch_csv_get_row (self->csv, index);

  return g_strdupv (g_ptr_array_index (self->rows, index));
}

const char *
ch_sheet_get_format (ChSheet *self)
{
  g_return_val_if_fail (CH_IS_SHEET (self), NULL);

  return self->format;
}

const char * const *
ch_sheet_get_sheet_names (ChSheet *self)
{
  g_return_val_if_fail (CH_IS_SHEET (self), NULL);

  return (const char * const *) self->sheet_names;
}
