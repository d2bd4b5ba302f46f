/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sheet"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ch-sheet-private.h"

/*
 * Office Open XML workbooks (ECMA-376): xl/workbook.xml names the sheets
 * and points at their parts through xl/_rels/workbook.xml.rels; text cells
 * index xl/sharedStrings.xml; a number is a date when its cell style
 * (xl/styles.xml) has a date format.
 */

/* Excel has 16,384 columns; a cell reference beyond is damage. */
#define MAX_COLUMNS 16384

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

static xmlNode *
child_element (xmlNode    *parent,
               const char *name)
{
  for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
    if (is_element (n, name))
      return n;

  return NULL;
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

/* The text of the <t> elements under @node, leaving out phonetic runs. */
static void
append_text (GString *out,
             xmlNode *node)
{
  for (xmlNode *n = node->children; n; n = n->next)
    {
      if (is_element (n, "rPh"))
        continue;
      if (is_element (n, "t"))
        {
          xmlChar *text = xmlNodeGetContent (n);

          g_string_append (out, (const char *) text);
          xmlFree (text);
        }
      else if (n->type == XML_ELEMENT_NODE)
        append_text (out, n);
    }
}

static GPtrArray *
read_shared_strings (GsfInfile  *zip,
                     GError    **error)
{
  g_autoptr(xmlDoc) doc = ch_sheet_read_xml_part (zip, "xl/sharedStrings.xml", FALSE, error);
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);
  xmlNode *root;

  if (doc == NULL)
    return strings;

  root = xmlDocGetRootElement (doc);
  for (xmlNode *si = root ? root->children : NULL; si; si = si->next)
    {
      GString *text;

      if (!is_element (si, "si"))
        continue;
      text = g_string_new (NULL);
      append_text (text, si);
      g_ptr_array_add (strings, g_string_free (text, FALSE));
    }

  return strings;
}

static gboolean
is_date_code (const char *code)
{
  gboolean quoted = FALSE;

  /* Outside quotes and [colour] brackets, a d, m or y makes it a date. */
  for (const char *p = code; *p; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (*p == '[')
        {
          const char *close = strchr (p, ']');

          if (close == NULL)
            break;
          p = close;
        }
      else if (*p == '\\')
        {
          if (p[1] == '\0')
            break;
          p++;
        }
      else if (strchr ("dmyDMY", *p))
        return TRUE;
    }

  return FALSE;
}

/* For each cell style (index of <xf> in <cellXfs>): whether it is a date. */
static GArray *
read_date_styles (GsfInfile *zip)
{
  g_autoptr(xmlDoc) doc = ch_sheet_read_xml_part (zip, "xl/styles.xml", FALSE, NULL);
  g_autoptr(GHashTable) custom = g_hash_table_new (NULL, NULL);
  GArray *dates = g_array_new (FALSE, TRUE, sizeof (gboolean));
  xmlNode *root, *formats, *xfs;

  if (doc == NULL)
    return dates;

  root = xmlDocGetRootElement (doc);
  if ((formats = child_element (root, "numFmts")))
    for (xmlNode *n = formats->children; n; n = n->next)
      if (is_element (n, "numFmt"))
        {
          g_autofree char *id = prop (n, "numFmtId");
          g_autofree char *code = prop (n, "formatCode");

          if (id && code && is_date_code (code))
            g_hash_table_add (custom, GINT_TO_POINTER (atoi (id)));
        }

  if ((xfs = child_element (root, "cellXfs")))
    for (xmlNode *n = xfs->children; n; n = n->next)
      if (is_element (n, "xf"))
        {
          g_autofree char *id_text = prop (n, "numFmtId");
          int id = id_text ? atoi (id_text) : 0;
          gboolean date = (id >= 14 && id <= 22) || (id >= 45 && id <= 47) ||
                          g_hash_table_contains (custom, GINT_TO_POINTER (id));

          g_array_append_val (dates, date);
        }

  return dates;
}

/* An Excel serial day number as an ISO date (and time when it has one). */
static char *
serial_to_text (const char *value,
                gboolean    date1904)
{
  char *end = NULL;
  double serial = g_ascii_strtod (value, &end);
  g_autoptr(GDate) date = NULL;
  double whole, fraction;
  int minutes;

  if (end == value || serial < 0 || serial > 2958465)
    return ch_sheet_format_number (value);

  whole = floor (serial);
  fraction = serial - whole;
  minutes = (int) (fraction * 24 * 60 + 0.5);

  /* Day 0 is 1899-12-30 (Excel's day 60 is the 29 February 1900 that
   * never was), or 1904-01-01 in the 1904 system. */
  date = date1904 ? g_date_new_dmy (1, G_DATE_JANUARY, 1904)
                  : g_date_new_dmy (30, G_DATE_DECEMBER, 1899);
  if (!date1904 && whole < 61)
    whole += 1;
  g_date_add_days (date, (guint) whole);

  if (minutes == 0 || minutes == 24 * 60)
    return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                            g_date_get_month (date), g_date_get_day (date));

  return g_strdup_printf ("%04u-%02u-%02u %02d:%02d", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date),
                          minutes / 60, minutes % 60);
}

/* The column index of a reference such as "AB12", or -1. */
static int
column_of (const char *ref)
{
  int column = 0;
  const char *p = ref;

  for (; *p >= 'A' && *p <= 'Z'; p++)
    {
      column = column * 26 + (*p - 'A' + 1);
      if (column > MAX_COLUMNS)
        return -1;
    }

  return p == ref ? -1 : column - 1;
}

static char *
cell_text (xmlNode    *c,
           GPtrArray  *shared,
           GArray     *date_styles,
           gboolean    date1904)
{
  g_autofree char *type = prop (c, "t");
  g_autofree char *style = prop (c, "s");
  xmlNode *v = child_element (c, "v");
  g_autofree char *value = NULL;

  if (g_strcmp0 (type, "inlineStr") == 0)
    {
      GString *text = g_string_new (NULL);
      xmlNode *is = child_element (c, "is");

      if (is)
        append_text (text, is);
      return g_string_free (text, FALSE);
    }

  if (v == NULL)
    return g_strdup ("");
  value = (char *) xmlNodeGetContent (v);

  if (g_strcmp0 (type, "s") == 0)
    {
      guint64 index = g_ascii_strtoull (value, NULL, 10);

      return g_strdup (index < shared->len ? g_ptr_array_index (shared, index) : "");
    }
  if (g_strcmp0 (type, "b") == 0)
    return g_strdup (g_strcmp0 (value, "1") == 0 ? "TRUE" : "FALSE");
  if (type != NULL && g_strcmp0 (type, "n") != 0)
    return g_strdup (value);   /* "str" (a formula's text), "e" (#N/A) */

  if (style != NULL)
    {
      guint64 s = g_ascii_strtoull (style, NULL, 10);

      if (s < date_styles->len && g_array_index (date_styles, gboolean, s))
        return serial_to_text (value, date1904);
    }

  return ch_sheet_format_number (value);
}

/* The part of sheet @sheet ("xl/worksheets/sheet1.xml"), or NULL. */
static char *
sheet_part (GsfInfile  *zip,
            xmlNode    *sheet_node,
            GError    **error)
{
  g_autoptr(xmlDoc) rels = ch_sheet_read_xml_part (zip, "xl/_rels/workbook.xml.rels",
                                                   TRUE, error);
  g_autofree char *rid = prop (sheet_node, "id");
  xmlNode *root;

  if (rels == NULL)
    return NULL;

  root = xmlDocGetRootElement (rels);
  for (xmlNode *n = root ? root->children : NULL; n; n = n->next)
    {
      g_autofree char *id = NULL;
      g_autofree char *target = NULL;

      if (!is_element (n, "Relationship"))
        continue;
      id = prop (n, "Id");
      target = prop (n, "Target");
      if (g_strcmp0 (id, rid) != 0 || target == NULL)
        continue;
      if (target[0] == '/')
        return g_strdup (target + 1);
      return g_strconcat ("xl/", target, NULL);
    }

  g_set_error (error, CH_SHEET_ERROR, CH_SHEET_ERROR_DAMAGED,
               _("The workbook is damaged: a sheet has no part. "
                 "Open it in the spreadsheet, save it again and import it again."));
  return NULL;
}

GPtrArray *
ch_sheet_xlsx_read (GsfInfile  *zip,
                    guint       sheet,
                    GStrv      *out_names,
                    GError    **error)
{
  g_autoptr(xmlDoc) workbook = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) shared = NULL;
  g_autoptr(GArray) date_styles = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *part = NULL;
  xmlNode *root, *sheets, *pr, *data, *chosen = NULL;
  gboolean date1904 = FALSE;

  if (!(workbook = ch_sheet_read_xml_part (zip, "xl/workbook.xml", TRUE, error)))
    return NULL;

  root = xmlDocGetRootElement (workbook);
  if ((pr = child_element (root, "workbookPr")))
    {
      g_autofree char *d = prop (pr, "date1904");

      date1904 = g_strcmp0 (d, "1") == 0 || g_strcmp0 (d, "true") == 0;
    }

  if ((sheets = child_element (root, "sheets")))
    for (xmlNode *n = sheets->children; n; n = n->next)
      if (is_element (n, "sheet"))
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

  if (!(part = sheet_part (zip, chosen, error)) ||
      !(doc = ch_sheet_read_xml_part (zip, part, TRUE, error)))
    return NULL;

  shared = read_shared_strings (zip, NULL);
  date_styles = read_date_styles (zip);

  data = child_element (xmlDocGetRootElement (doc), "sheetData");
  for (xmlNode *r = data ? data->children : NULL; r; r = r->next)
    {
      GPtrArray *row;
      int next = 0;

      if (!is_element (r, "row"))
        continue;

      row = g_ptr_array_new_with_free_func (g_free);
      for (xmlNode *c = r->children; c; c = c->next)
        {
          g_autofree char *ref = NULL;
          int column;

          if (!is_element (c, "c"))
            continue;
          ref = prop (c, "r");
          column = ref ? column_of (ref) : next;
          if (column < 0 || column < next)
            column = next;
          while ((int) row->len < column)
            g_ptr_array_add (row, NULL);
          g_ptr_array_add (row, cell_text (c, shared, date_styles, date1904));
          next = column + 1;
        }
      ch_sheet_add_row (rows, row);
    }

  g_ptr_array_add (names, NULL);
  *out_names = (GStrv) g_ptr_array_steal (names, NULL);

  return g_steal_pointer (&rows);
}
