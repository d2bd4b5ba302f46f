/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-csv"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-csv.h"

G_DEFINE_QUARK (ch-csv-error-quark, ch_csv_error)

/* How many records the delimiter is sniffed from. */
#define SNIFF_RECORDS 20

struct _ChCsv
{
  char          *text;     /* UTF-8, without a BOM */
  gsize          len;
  char           delimiter;
  ChCsvEncoding  encoding;
  GArray        *starts;   /* guint64: where each non-blank record begins */
};

/* Windows-1252 0x80–0x9F; 0 where the code page has no character. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static guint
line_of (const char *text,
         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      line++;

  return line;
}

/* Whether @data holds at least one well-formed UTF-8 sequence of more than
 * one byte: then it was meant as UTF-8, and a bad byte is damage rather
 * than another encoding. */
static gboolean
has_utf8_sequence (const char *data,
                   gsize       len)
{
  const guchar *p = (const guchar *) data;

  for (gsize i = 0; i + 1 < len; i++)
    {
      guint need;
      gboolean ok = TRUE;

      if (p[i] < 0xC2 || p[i] > 0xF4)
        continue;
      need = p[i] >= 0xF0 ? 3 : p[i] >= 0xE0 ? 2 : 1;
      for (guint k = 1; ok && k <= need; k++)
        ok = i + k < len && (p[i + k] & 0xC0) == 0x80;
      if (ok)
        return TRUE;
    }

  return FALSE;
}

static char *
decode_cp1252 (const char  *data,
               gsize        len,
               GError     **error)
{
  g_autoptr(GString) out = g_string_sized_new (len + len / 8);

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) data[i];

      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else if (c >= 0xA0)
        g_string_append_unichar (out, c);
      else if (cp1252_high[c - 0x80] != 0)
        g_string_append_unichar (out, cp1252_high[c - 0x80]);
      else
        {
          g_set_error (error, CH_CSV_ERROR, CH_CSV_ERROR_ENCODING,
                       _("Line %u has characters in an unknown encoding. "
                         "Save the file as “CSV UTF-8” and import it again."),
                       line_of (data, i));
          return NULL;
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
decode_utf16 (const char  *data,
              gsize        len,
              const char  *charset,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text = g_convert (data, (gssize) len, "UTF-8", charset, NULL, NULL, &local_error);

  if (text == NULL)
    g_set_error (error, CH_CSV_ERROR, CH_CSV_ERROR_ENCODING,
                 _("The file says it is UTF-16 text but is damaged. "
                   "Save it again from the spreadsheet and import it again."));

  return text;
}

char *
ch_csv_decode (const char     *data,
               gsize           len,
               ChCsvEncoding  *out_encoding,
               GError        **error)
{
  const guchar *u = (const guchar *) data;
  ChCsvEncoding encoding = CH_CSV_ENCODING_UTF8;
  const char *bad = NULL;
  char *text;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
    {
      encoding = CH_CSV_ENCODING_UTF16LE;
      text = decode_utf16 (data + 2, len - 2, "UTF-16LE", error);
    }
  else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
    {
      encoding = CH_CSV_ENCODING_UTF16BE;
      text = decode_utf16 (data + 2, len - 2, "UTF-16BE", error);
    }
  else
    {
      if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        {
          encoding = CH_CSV_ENCODING_UTF8_BOM;
          data += 3;
          len -= 3;
        }

      if (memchr (data, '\0', len) != NULL)
        {
          g_set_error (error, CH_CSV_ERROR, CH_CSV_ERROR_BINARY,
                       _("This is not a text file. Choose a CSV, TSV, XLSX or ODS file."));
          return NULL;
        }

      if (g_utf8_validate (data, (gssize) len, &bad))
        text = g_strndup (data, len);
      else if (encoding == CH_CSV_ENCODING_UTF8_BOM || has_utf8_sequence (data, len))
        {
          g_set_error (error, CH_CSV_ERROR, CH_CSV_ERROR_ENCODING,
                       _("Line %u is not valid UTF-8 text. Save the file as "
                         "“CSV UTF-8” and import it again."),
                       line_of (data, (gsize) (bad - data)));
          return NULL;
        }
      else
        {
          encoding = CH_CSV_ENCODING_WINDOWS_1252;
          text = decode_cp1252 (data, len, error);
        }
    }

  if (text != NULL && out_encoding != NULL)
    *out_encoding = encoding;

  return text;
}

/* Reads one record from *@pp: advances past it (and its line break) and,
 * when @cells is not NULL, adds its cells.  FALSE when a quoted value is
 * still open at the end of the text. */
static gboolean
parse_record (const char **pp,
              const char  *end,
              char         delimiter,
              GPtrArray   *cells,
              GString     *buf,
              guint       *n_fields)
{
  const char *p = *pp;
  gboolean ok = TRUE;
  guint fields = 0;

  for (;;)
    {
      if (p < end && *p == '"')
        {
          p++;
          for (;;)
            {
              const char *q;

              if (p >= end)
                {
                  ok = FALSE;
                  break;
                }
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      if (cells)
                        g_string_append_c (buf, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              q = memchr (p, '"', (gsize) (end - p));
              if (q == NULL)
                q = end;
              if (cells)
                g_string_append_len (buf, p, q - p);
              p = q;
            }
          if (!ok)
            break;
          /* Text after the closing quote (not RFC 4180, but spreadsheets
           * write it): kept as it is. */
          while (p < end && *p != delimiter && *p != '\n' && *p != '\r')
            {
              if (cells)
                g_string_append_c (buf, *p);
              p++;
            }
        }
      else
        {
          const char *q = p;

          while (q < end && *q != delimiter && *q != '\n' && *q != '\r')
            q++;
          if (cells)
            g_string_append_len (buf, p, q - p);
          p = q;
        }

      fields++;
      if (cells)
        {
          g_ptr_array_add (cells, g_strndup (buf->str, buf->len));
          g_string_truncate (buf, 0);
        }

      if (p < end && *p == delimiter)
        {
          p++;
          continue;
        }
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      break;
    }

  *pp = p;
  if (n_fields)
    *n_fields = fields;
  return ok;
}

static gboolean
is_blank (const char *start,
          const char *stop,
          char        delimiter)
{
  for (const char *p = start; p < stop; p++)
    if (*p != delimiter && *p != '\r' && *p != '\n' && *p != ' ')
      return FALSE;

  return TRUE;
}

char
ch_csv_sniff_delimiter (const char *text,
                        gsize       len)
{
  static const char candidates[] = { ',', ';', '\t' };
  char best = ',';
  guint best_matching = 0, best_fields = 1;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      const char *p = text, *end = text + len;
      guint first = 0, matching = 0;

      for (guint r = 0; r < SNIFF_RECORDS && p < end; r++)
        {
          const char *start = p;
          guint n = 0;

          if (!parse_record (&p, end, candidates[c], NULL, NULL, &n))
            break;
          if (is_blank (start, p, candidates[c]))
            {
              r--;
              continue;
            }
          if (first == 0)
            first = n;
          if (n == first)
            matching++;
        }

      if (first < 2)
        continue;
      if (matching > best_matching || (matching == best_matching && first > best_fields))
        {
          best = candidates[c];
          best_matching = matching;
          best_fields = first;
        }
    }

  return best;
}

ChCsv *
ch_csv_new_from_data (const char  *data,
                      gsize        len,
                      char         delimiter,
                      GError     **error)
{
  g_autoptr(ChCsv) csv = g_new0 (ChCsv, 1);
  const char *p, *end;

  csv->starts = g_array_new (FALSE, FALSE, sizeof (guint64));
  if (!(csv->text = ch_csv_decode (data, len, &csv->encoding, error)))
    return NULL;
  csv->len = strlen (csv->text);
  csv->delimiter = delimiter ? delimiter : ch_csv_sniff_delimiter (csv->text, csv->len);

  p = csv->text;
  end = csv->text + csv->len;
  while (p < end)
    {
      const char *start = p;
      guint64 offset = (guint64) (start - csv->text);

      if (!parse_record (&p, end, csv->delimiter, NULL, NULL, NULL))
        {
          g_set_error (error, CH_CSV_ERROR, CH_CSV_ERROR_UNCLOSED,
                       _("The quoted value that starts on line %u is never closed. "
                         "Check the quotes in the file and import it again."),
                       line_of (csv->text, (gsize) offset));
          return NULL;
        }
      if (!is_blank (start, p, csv->delimiter))
        g_array_append_val (csv->starts, offset);
    }

  return g_steal_pointer (&csv);
}

void
ch_csv_free (ChCsv *csv)
{
  if (csv == NULL)
    return;

  g_free (csv->text);
  g_clear_pointer (&csv->starts, g_array_unref);
  g_free (csv);
}

guint
ch_csv_get_n_rows (ChCsv *csv)
{
  g_return_val_if_fail (csv != NULL, 0);

  return csv->starts->len;
}

GStrv
ch_csv_get_row (ChCsv *csv,
                guint  index)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) buf = g_string_new (NULL);
  const char *p;

  g_return_val_if_fail (csv != NULL, NULL);
  g_return_val_if_fail (index < csv->starts->len, NULL);

  p = csv->text + g_array_index (csv->starts, guint64, index);
  parse_record (&p, csv->text + csv->len, csv->delimiter, cells, buf, NULL);
  g_ptr_array_add (cells, NULL);

  return (GStrv) g_ptr_array_steal (cells, NULL);
}

char
ch_csv_get_delimiter (ChCsv *csv)
{
  g_return_val_if_fail (csv != NULL, ',');

  return csv->delimiter;
}

ChCsvEncoding
ch_csv_get_encoding (ChCsv *csv)
{
  g_return_val_if_fail (csv != NULL, CH_CSV_ENCODING_UTF8);

  return csv->encoding;
}

void
ch_csv_append_row (GString            *out,
                   const char * const *cells,
                   guint               n_cells,
                   char                delimiter)
{
  char specials[] = { '"', '\r', '\n', delimiter, '\0' };

  g_return_if_fail (out != NULL);

  for (guint i = 0; i < n_cells; i++)
    {
      const char *cell = cells[i] ? cells[i] : "";
      gboolean formula = strchr ("=+-@\t\r", cell[0]) != NULL && cell[0] != '\0';

      if (i > 0)
        g_string_append_c (out, delimiter);

      if (!formula && strpbrk (cell, specials) == NULL)
        {
          g_string_append (out, cell);
          continue;
        }

      g_string_append_c (out, '"');
      if (formula)
        g_string_append_c (out, '\'');
      for (const char *p = cell; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }

  g_string_append (out, "\r\n");
}
