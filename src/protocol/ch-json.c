/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-json"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ch-json.h"
#include "ch-protocol.h"

typedef ChJsonReader Reader;

static JsonNode *read_value (Reader *r);

static void
reader_fail (Reader     *r,
             const char *what)
{
  if (r->error != NULL)
    return;

  /* TRANSLATORS: %s says what is wrong, %lu is a byte offset */
  r->error = g_error_new (CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                          _("Invalid JSON: %s at byte %lu"),
                          what, (gulong) (r->p - r->start));
}

static inline void
skip_ws (Reader *r)
{
  while (r->p < r->end &&
         (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader  *r,
           guint32 *out)
{
  guint32 v = 0;

  if (r->end - r->p < 4)
    {
      reader_fail (r, _("truncated \\u escape"));
      return FALSE;
    }

  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (r->p[i]);

      if (h < 0)
        {
          reader_fail (r, _("bad \\u escape"));
          return FALSE;
        }
      v = (v << 4) | (guint32) h;
    }

  r->p += 4;
  *out = v;
  return TRUE;
}

/* Reads a string starting at the opening quote into r->scratch (which is
 * reset first). Returns FALSE on error. */
static gboolean
read_string (Reader *r)
{
  GString *s = r->scratch;

  g_assert (r->p < r->end && *r->p == '"');
  r->p++;
  g_string_truncate (s, 0);

  for (;;)
    {
      const char *run = r->p;
      gboolean high = FALSE;
      unsigned char c = 0;

      /* Fast path: copy a run of plain characters at once. */
      while (r->p < r->end)
        {
          c = (unsigned char) *r->p;
          if (c == '"' || c == '\\' || c < 0x20)
            break;
          high |= (c >= 0x80);
          r->p++;
        }

      if (high && !g_utf8_validate_len (run, r->p - run, NULL))
        {
          reader_fail (r, _("text is not valid UTF-8"));
          return FALSE;
        }
      g_string_append_len (s, run, r->p - run);

      if (r->p >= r->end)
        {
          reader_fail (r, _("unterminated string"));
          return FALSE;
        }

      if (c == '"')
        {
          r->p++;
          return TRUE;
        }

      if (c < 0x20)
        {
          reader_fail (r, _("control character in string"));
          return FALSE;
        }

      /* A backslash escape. A run may end in the middle of a multi-byte
       * character only at an ASCII byte, so the validation above holds. */
      r->p++;
      if (r->p >= r->end)
        {
          reader_fail (r, _("unterminated string"));
          return FALSE;
        }

      switch (*r->p++)
        {
        case '"': g_string_append_c (s, '"'); break;
        case '\\': g_string_append_c (s, '\\'); break;
        case '/': g_string_append_c (s, '/'); break;
        case 'b': g_string_append_c (s, '\b'); break;
        case 'f': g_string_append_c (s, '\f'); break;
        case 'n': g_string_append_c (s, '\n'); break;
        case 'r': g_string_append_c (s, '\r'); break;
        case 't': g_string_append_c (s, '\t'); break;
        case 'u':
          {
            guint32 cp;

            if (!read_hex4 (r, &cp))
              return FALSE;

            if (cp >= 0xD800 && cp <= 0xDBFF)
              {
                guint32 lo;

                if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
                  {
                    reader_fail (r, _("unpaired surrogate"));
                    return FALSE;
                  }
                r->p += 2;
                if (!read_hex4 (r, &lo))
                  return FALSE;
                if (lo < 0xDC00 || lo > 0xDFFF)
                  {
                    reader_fail (r, _("unpaired surrogate"));
                    return FALSE;
                  }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
              }
            else if (cp >= 0xDC00 && cp <= 0xDFFF)
              {
                reader_fail (r, _("unpaired surrogate"));
                return FALSE;
              }
            else if (cp == 0)
              {
                reader_fail (r, _("NUL character in string"));
                return FALSE;
              }

            g_string_append_unichar (s, cp);
          }
          break;
        default:
          r->p--;
          reader_fail (r, _("bad escape"));
          return FALSE;
        }
    }
}

/* One or more digits of a fraction or an exponent. */
static gboolean
read_digits (Reader *r)
{
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    {
      reader_fail (r, _("bad number"));
      return FALSE;
    }

  while (r->p < r->end && g_ascii_isdigit (*r->p))
    r->p++;

  return TRUE;
}

/* Reads a number: an integer that fits in 64 bits into *@i (TRUE in
 * *@is_int), anything else into *@d. */
static gboolean
scan_number (Reader   *r,
             gboolean *is_int,
             gint64   *i,
             double   *d)
{
  const char *begin = r->p;
  gboolean negative = FALSE;
  gboolean overflow = FALSE;
  guint64 acc = 0;

  *is_int = TRUE;
  if (*r->p == '-')
    {
      negative = TRUE;
      r->p++;
    }

  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    {
      reader_fail (r, _("bad number"));
      return FALSE;
    }

  if (*r->p == '0')
    {
      r->p++;
      if (r->p < r->end && g_ascii_isdigit (*r->p))
        {
          reader_fail (r, _("leading zero in number"));
          return FALSE;
        }
    }
  else
    {
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        {
          guint digit = (guint) (*r->p - '0');

          if (acc > (G_MAXUINT64 - digit) / 10)
            overflow = TRUE;
          else
            acc = acc * 10 + digit;
          r->p++;
        }
    }

  if (r->p < r->end && *r->p == '.')
    {
      *is_int = FALSE;
      r->p++;
      if (!read_digits (r))
        return FALSE;
    }

  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      *is_int = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (!read_digits (r))
        return FALSE;
    }

  if (*is_int && !overflow)
    {
      if (!negative && acc <= (guint64) G_MAXINT64)
        {
          *i = (gint64) acc;
          return TRUE;
        }
      if (negative && acc <= (guint64) G_MAXINT64 + 1)
        {
          *i = acc == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) acc;
          return TRUE;
        }
    }

  /* A fraction, an exponent or an integer beyond 64 bits. */
  *is_int = FALSE;
  {
    char buf[64];
    gsize n = (gsize) (r->p - begin);

    if (n >= sizeof buf)
      {
        /* Very long digit strings: the value only matters as "not an int". */
        *d = negative ? -HUGE_VAL : HUGE_VAL;
      }
    else
      {
        memcpy (buf, begin, n);
        buf[n] = '\0';
        *d = g_ascii_strtod (buf, NULL);
      }

    if (!isfinite (*d))
      *d = negative ? -G_MAXDOUBLE : G_MAXDOUBLE;
  }

  return TRUE;
}

static JsonNode *
read_number (Reader *r)
{
  gboolean is_int;
  gint64 i = 0;
  double d = 0;

  if (!scan_number (r, &is_int, &i, &d))
    return NULL;

  return is_int ? json_node_init_int (json_node_alloc (), i)
                : json_node_init_double (json_node_alloc (), d);
}

static gboolean
read_literal (Reader     *r,
              const char *word,
              gsize       len)
{
  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    {
      reader_fail (r, _("unexpected character"));
      return FALSE;
    }
  r->p += len;
  return TRUE;
}

static gboolean begin_container (ChJsonReader *r,
                                 char          open);
static gboolean container_next  (ChJsonReader *r,
                                 char          close,
                                 gboolean     *first);

static JsonNode *
read_object (Reader *r)
{
  g_autoptr(JsonObject) object = NULL;
  gboolean first = TRUE;
  const char *name;

  if (!begin_container (r, '{'))
    return NULL;

  object = json_object_new ();
  while ((name = ch_json_reader_next_member (r, &first)) != NULL)
    {
      g_autofree char *long_key = NULL;
      char short_key[64];
      const char *key;
      JsonNode *value;

      /* The scratch buffer is reused for the value: keep the name. */
      if (r->scratch->len < sizeof short_key)
        {
          memcpy (short_key, name, r->scratch->len + 1);
          key = short_key;
        }
      else
        key = long_key = g_strndup (name, r->scratch->len);

      value = read_value (r);
      if (value == NULL)
        return NULL;
      json_object_set_member (object, key, value);
    }

  if (r->error != NULL)
    return NULL;

  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
read_array (Reader *r)
{
  g_autoptr(JsonArray) array = NULL;
  gboolean first = TRUE;

  if (!begin_container (r, '['))
    return NULL;

  array = json_array_new ();
  while (container_next (r, ']', &first))
    {
      JsonNode *value = read_value (r);

      if (value == NULL)
        return NULL;
      json_array_add_element (array, value);
    }

  if (r->error != NULL)
    return NULL;

  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
read_value (Reader *r)
{
  if (r->p >= r->end)
    {
      reader_fail (r, _("unexpected end of data"));
      return NULL;
    }

  switch (*r->p)
    {
    case '{':
      return read_object (r);
    case '[':
      return read_array (r);
    case '"':
      if (!read_string (r))
        return NULL;
      return json_node_init_string (json_node_alloc (), r->scratch->str);
    case 't':
      if (!read_literal (r, "true", 4))
        return NULL;
      return json_node_init_boolean (json_node_alloc (), TRUE);
    case 'f':
      if (!read_literal (r, "false", 5))
        return NULL;
      return json_node_init_boolean (json_node_alloc (), FALSE);
    case 'n':
      if (!read_literal (r, "null", 4))
        return NULL;
      return json_node_init_null (json_node_alloc ());
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return read_number (r);
    default:
      reader_fail (r, _("unexpected character"));
      return NULL;
    }
}

/* Pull reader */

void
ch_json_reader_init (ChJsonReader *r,
                     const char   *data,
                     gsize         len)
{
  memset (r, 0, sizeof *r);
  r->start = r->p = data != NULL ? data : "";
  r->end = r->start + len;
  r->scratch = g_string_sized_new (256);
}

void
ch_json_reader_clear (ChJsonReader *r)
{
  if (r->scratch != NULL)
    g_string_free (g_steal_pointer (&r->scratch), TRUE);
  g_clear_error (&r->error);
}

void
ch_json_reader_fail (ChJsonReader *r,
                     const char   *what)
{
  reader_fail (r, what);
}

char
ch_json_reader_peek (ChJsonReader *r)
{
  if (r->error != NULL)
    return 0;

  skip_ws (r);
  return r->p < r->end ? *r->p : 0;
}

static gboolean
begin_container (ChJsonReader *r,
                 char          open)
{
  if (ch_json_reader_peek (r) != open)
    {
      reader_fail (r, open == '{' ? _("expected an object") : _("expected an array"));
      return FALSE;
    }

  if (++r->depth > CH_JSON_MAX_DEPTH)
    {
      reader_fail (r, _("nested too deeply"));
      return FALSE;
    }

  r->p++;
  return TRUE;
}

gboolean
ch_json_reader_begin_object (ChJsonReader *r)
{
  return begin_container (r, '{');
}

gboolean
ch_json_reader_begin_array (ChJsonReader *r)
{
  return begin_container (r, '[');
}

/* Before the next member or element: TRUE if there is one, FALSE at the
 * closing bracket (consumed) or on error. */
static gboolean
container_next (ChJsonReader *r,
                char          close,
                gboolean     *first)
{
  char c = ch_json_reader_peek (r);

  if (r->error != NULL)
    return FALSE;

  if (c == close)
    {
      r->p++;
      r->depth--;
      return FALSE;
    }

  if (!*first)
    {
      if (c != ',')
        {
          reader_fail (r, close == '}' ? _("expected “,” or “}”")
                                       : _("expected “,” or “]”"));
          return FALSE;
        }
      r->p++;
      skip_ws (r);
    }

  *first = FALSE;
  return TRUE;
}

const char *
ch_json_reader_next_member (ChJsonReader *r,
                            gboolean     *first)
{
  if (!container_next (r, '}', first))
    return NULL;

  if (r->p >= r->end || *r->p != '"')
    {
      reader_fail (r, _("expected a member name"));
      return NULL;
    }
  if (!read_string (r))
    return NULL;

  skip_ws (r);
  if (r->p >= r->end || *r->p != ':')
    {
      reader_fail (r, _("expected “:”"));
      return NULL;
    }
  r->p++;
  skip_ws (r);

  return r->scratch->str;
}

gboolean
ch_json_reader_next_element (ChJsonReader *r,
                             gboolean     *first)
{
  return container_next (r, ']', first);
}

JsonNode *
ch_json_reader_read_value (ChJsonReader *r)
{
  if (r->error != NULL)
    return NULL;

  skip_ws (r);
  return read_value (r);
}

gboolean
ch_json_reader_read_field_value (ChJsonReader *r,
                                 ChFieldValue *out,
                                 GStringChunk *strings)
{
  if (r->error != NULL)
    return FALSE;

  skip_ws (r);
  if (r->p >= r->end)
    {
      reader_fail (r, _("unexpected end of data"));
      return FALSE;
    }

  switch (*r->p)
    {
    case '"':
      if (!read_string (r))
        return FALSE;
      out->kind = CH_FIELD_VALUE_STRING;
      out->v.s = strings != NULL ? g_string_chunk_insert_len (strings, r->scratch->str,
                                                              (gssize) r->scratch->len)
                                 : r->scratch->str;
      return TRUE;
    case 't':
    case 'f':
      {
        gboolean yes = *r->p == 't';

        if (!read_literal (r, yes ? "true" : "false", yes ? 4 : 5))
          return FALSE;
        out->kind = CH_FIELD_VALUE_BOOL;
        out->v.b = yes;
        return TRUE;
      }
    case 'n':
      if (!read_literal (r, "null", 4))
        return FALSE;
      out->kind = CH_FIELD_VALUE_NULL;
      return TRUE;
    case '{':
    case '[':
      {
        /* Checked like any value, but not kept: no field holds one. */
        g_autoptr(JsonNode) node = read_value (r);

        if (node == NULL)
          return FALSE;
        out->kind = CH_FIELD_VALUE_OTHER;
        return TRUE;
      }
    default:
      {
        gboolean is_int;
        gint64 i = 0;
        double d = 0;

        if (*r->p != '-' && !g_ascii_isdigit (*r->p))
          {
            reader_fail (r, _("unexpected character"));
            return FALSE;
          }
        if (!scan_number (r, &is_int, &i, &d))
          return FALSE;
        out->kind = is_int ? CH_FIELD_VALUE_INT : CH_FIELD_VALUE_DOUBLE;
        if (is_int)
          out->v.i = i;
        else
          out->v.d = d;
        return TRUE;
      }
    }
}

gboolean
ch_json_reader_at_end (ChJsonReader *r)
{
  if (r->error != NULL)
    return FALSE;

  skip_ws (r);
  if (r->p != r->end)
    {
      reader_fail (r, _("trailing data"));
      return FALSE;
    }

  return TRUE;
}

JsonNode *
ch_json_parse (const char  *data,
               gsize        len,
               GError     **error)
{
  ChJsonReader r;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  ch_json_reader_init (&r, data, len);
  root = ch_json_reader_read_value (&r);
  if (root != NULL && !ch_json_reader_at_end (&r))
    g_clear_pointer (&root, json_node_unref);

  if (root == NULL)
    {
      g_assert (r.error != NULL);
      g_propagate_error (error, g_steal_pointer (&r.error));
    }

  ch_json_reader_clear (&r);
  return g_steal_pointer (&root);
}

JsonObject *
ch_json_parse_object (const char  *data,
                      gsize        len,
                      GError     **error)
{
  g_autoptr(JsonNode) root = ch_json_parse (data, len, error);

  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("Invalid JSON: expected an object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}
