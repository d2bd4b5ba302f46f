/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sheet"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "ch-sheet-private.h"

/*
 * OpenDocument spreadsheets (ISO/IEC 26300): content.xml holds
 * office:body/office:spreadsheet/table:table elements, rows and cells
 * with repeat counts (LibreOffice ends a sheet with a million repeated
 * empty rows, which are never made), typed values in office:* attributes
 * and text in text:p paragraphs.
 */

/* Repeated cells or rows that hold something are made at most this often. */
#define MAX_COLUMNS 16384
#define MAX_ROWS    (4 * 1024 * 1024)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

static char *
prop (xmlNode    *node,
      const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);
  return copy;
}

static guint
repeat_count (xmlNode    *node,
              const char *name,
              guint       max)
{
  g_autofree char *text = prop (node, name);
  guint64 n = text ? g_ascii_strtoull (text, NULL, 10) : 1;

  return (guint) CLAMP (n, 1, max);
}

/* The text of a paragraph: spans, links, text:s (spaces), tabs, breaks. */
static void
append_paragraph (GString *out,
                  xmlNode *node)
{
  for (xmlNode *n = node->children; n; n = n->next)
    {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        g_string_append (out, (const char *) n->content);
      else if (is_element (n, "s"))
        {
          guint count = repeat_count (n, "c", 1024);

          for (guint i = 0; i < count; i++)
            g_string_append_c (out, ' ');
        }
      else if (is_element (n, "tab"))
        g_string_append_c (out, '\t');
      else if (is_element (n, "line-break"))
        g_string_append_c (out, '\n');
      else if (is_element (n, "annotation") || is_element (n, "note"))
        continue;
      else if (n->type == XML_ELEMENT_NODE)
        append_paragraph (out, n);
    }
}

static char *
cell_text (xmlNode *cell)
{
  g_autofree char *type = prop (cell, "value-type");
  GString *text;
  gboolean first = TRUE;

  if (g_strcmp0 (type, "float") == 0 || g_strcmp0 (type, "percentage") == 0 ||
      g_strcmp0 (type, "currency") == 0)
    {
      g_autofree char *value = prop (cell, "value");

      if (value)
        return ch_sheet_format_number (value);
    }
  else if (g_strcmp0 (type, "date") == 0)
    {
      g_autofree char *value = prop (cell, "date-value");

      /* "2024-03-01" or "2024-03-01T00:00:00": a date; with a time of
       * day, the date and the minutes. */
      if (value && strlen (value) >= 10)
        {
          if (strlen (value) < 16 || g_str_has_prefix (value + 10, "T00:00:00"))
            return g_strndup (value, 10);
          value[10] = ' ';
          return g_strndup (value, 16);
        }
    }
  else if (g_strcmp0 (type, "boolean") == 0)
    {
      g_autofree char *value = prop (cell, "boolean-value");

      if (value)
        return g_strdup (g_strcmp0 (value, "true") == 0 ? "TRUE" : "FALSE");
    }

  text = g_string_new (NULL);
  for (xmlNode *n = cell->children; n; n = n->next)
    if (is_element (n, "p"))
      {
        if (!first)
          g_string_append_c (text, '\n');
        append_paragraph (text, n);
        first = FALSE;
      }

  return g_string_free (text, FALSE);
}

static GPtrArray *
read_row (xmlNode *row_node)
{
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  guint pending_empty = 0;

  for (xmlNode *c = row_node->children; c; c = c->next)
    {
      g_autofree char *text = NULL;
      guint repeat;

      if (!is_element (c, "table-cell") && !is_element (c, "covered-table-cell"))
        continue;

      repeat = repeat_count (c, "number-columns-repeated", MAX_COLUMNS);
      text = cell_text (c);
      if (*text == '\0')
        {
          /* Made only when something follows them. */
          pending_empty = MIN (pending_empty + repeat, MAX_COLUMNS);
          continue;
        }

      for (; pending_empty > 0 && row->len < MAX_COLUMNS; pending_empty--)
        g_ptr_array_add (row, g_strdup (""));
      pending_empty = 0;
      for (guint i = 0; i < repeat && row->len < MAX_COLUMNS; i++)
        g_ptr_array_add (row, g_strdup (text));
    }

  return row;
}

static GPtrArray *
copy_row (GPtrArray *row)
{
  GPtrArray *copy = g_ptr_array_new_full (row->len, g_free);

  for (guint i = 0; i < row->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (row, i)));

  return copy;
}

static void
read_rows (xmlNode   *parent,
           GPtrArray *rows)
{
  for (xmlNode *n = parent->children; n && rows->len < MAX_ROWS; n = n->next)
    {
      if (is_element (n, "table-row"))
        {
          guint repeat = repeat_count (n, "number-rows-repeated", MAX_ROWS);
          GPtrArray *row = read_row (n);

          /* Empty rows are left out anyway, however often repeated. */
          if (row->len == 0)
            repeat = 1;
          for (guint i = 1; i < repeat && rows->len < MAX_ROWS; i++)
            ch_sheet_add_row (rows, copy_row (row));
          ch_sheet_add_row (rows, row);
        }
      else if (is_element (n, "table-row-group") || is_element (n, "table-header-rows") ||
               is_element (n, "table-rows"))
        read_rows (n, rows);
    }
}

static xmlNode *
find_element (xmlNode    *node,
              const char *name)
{
  for (xmlNode *n = node; n; n = n->next)
    {
      xmlNode *found;

      if (is_element (n, name))
        return n;
      if (n->type == XML_ELEMENT_NODE && (found = find_element (n->children, name)))
        return found;
    }

  return NULL;
}

GPtrArray *
ch_sheet_ods_read (GsfInfile  *zip,
                   guint       sheet,
                   GStrv      *out_names,
                   GError    **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  xmlNode *spreadsheet, *chosen = NULL;

  if (!(doc = ch_sheet_read_xml_part (zip, "content.xml", TRUE, error)))
    return NULL;

  spreadsheet = find_element (xmlDocGetRootElement (doc), "spreadsheet");
  for (xmlNode *n = spreadsheet ? spreadsheet->children : NULL; n; n = n->next)
    if (is_element (n, "table"))
      {
        if (names->len == sheet)
          chosen = n;
        g_ptr_array_add (names, prop (n, "name"));
      }

  if (chosen == NULL)
    {
      ch_sheet_set_no_sheet_error (error, sheet, names->len);
      return NULL;
    }

  read_rows (chosen, rows);

  g_ptr_array_add (names, NULL);
  *out_names = (GStrv) g_ptr_array_steal (names, NULL);

  return g_steal_pointer (&rows);
}
