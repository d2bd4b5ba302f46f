/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-message"

#include "config.h"

#include <string.h>

#include "ch-mail-message.h"
#include "ch-uuid.h"

static gboolean
is_plain (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      return FALSE;

  return TRUE;
}

char *
ch_mail_message_encode_header (const char *text)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return g_strdup ("");
  if (is_plain (text))
    return g_strdup (text);

  /* "=?UTF-8?B?" + base64 + "?=" fits 75 characters with 45 bytes of
   * text (60 characters of base64); whole UTF-8 characters only. */
  out = g_string_new (NULL);
  p = text;
  while (*p)
    {
      const char *start = p;
      g_autofree char *b64 = NULL;

      while (*p)
        {
          const char *next = g_utf8_next_char (p);

          if (next - start > 45)
            break;
          p = next;
        }
      if (p == start)   /* a broken sequence: never loop for ever */
        p++;
      b64 = g_base64_encode ((const guchar *) start, p - start);
      if (out->len > 0)
        g_string_append (out, "\r\n ");
      g_string_append_printf (out, "=?UTF-8?B?%s?=", b64);
    }

  return g_string_free (out, FALSE);
}

/* "Name <address>", the name quoted or encoded as needed. */
static char *
mailbox (const char *name,
         const char *address)
{
  g_autofree char *encoded = NULL;

  if (name == NULL || *name == '\0')
    return g_strdup (address);

  if (is_plain (name))
    {
      GString *quoted = g_string_new ("\"");

      for (const char *p = name; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (quoted, '\\');
          g_string_append_c (quoted, *p);
        }
      g_string_append_printf (quoted, "\" <%s>", address);
      return g_string_free (quoted, FALSE);
    }

  encoded = ch_mail_message_encode_header (name);
  return g_strdup_printf ("%s <%s>", encoded, address);
}

/* Quoted-printable (RFC 2045) with CRLF line ends and soft breaks at 76. */
static void
append_quoted_printable (GString    *out,
                         const char *text)
{
  guint column = 0;

  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;
      gboolean line_end = (p[1] == '\n' || p[1] == '\0');
      char piece[4];

      if (c == '\r')
        continue;
      if (c == '\n')
        {
          g_string_append (out, "\r\n");
          column = 0;
          continue;
        }

      /* Spaces before a line end, '=', '.' at a line start (some servers),
       * and everything outside printable ASCII are encoded. */
      if (c == '=' || c > 0x7e || (c < 0x20 && c != '\t') ||
          ((c == ' ' || c == '\t') && line_end) || (c == '.' && column == 0))
        g_snprintf (piece, sizeof piece, "=%02X", c);
      else
        {
          piece[0] = (char) c;
          piece[1] = '\0';
        }

      if (column + strlen (piece) > 75)
        {
          g_string_append (out, "=\r\n");
          column = 0;
        }
      g_string_append (out, piece);
      column += strlen (piece);
    }
  if (column > 0)
    g_string_append (out, "\r\n");
}

static void
append_base64 (GString *out,
               GBytes  *data)
{
  gsize size = 0;
  const guchar *bytes = g_bytes_get_data (data, &size);
  g_autofree char *b64 = g_base64_encode (bytes, size);
  gsize len = strlen (b64);

  for (gsize i = 0; i < len; i += 76)
    {
      g_string_append_len (out, b64 + i, MIN (76, len - i));
      g_string_append (out, "\r\n");
    }
}

/* Where a link that starts at @p ends: at a space, or a bracket or
 * punctuation that ends a sentence rather than the address. */
static const char *
link_end (const char *p)
{
  const char *end = p;

  while (*end != '\0' && !g_ascii_isspace (*end) && *end != '<' && *end != '>' &&
         *end != '"')
    end++;
  while (end > p && strchr (".,;:!?)]}'", end[-1]) != NULL)
    end--;
  return end;
}

static void
append_escaped (GString    *out,
                const char *text,
                gssize      len)
{
  g_autofree char *escaped = g_markup_escape_text (text, len);

  g_string_append (out, escaped);
}

char *
ch_mail_message_html_from_text (const char *text)
{
  GString *out = g_string_new ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n"
                               "<body style=\"font-family: sans-serif; line-height: 1.4\">\n"
                               "<p>");
  const char *p = text != NULL ? text : "";

  while (*p != '\0')
    {
      if (g_str_has_prefix (p, "https://") || g_str_has_prefix (p, "http://") ||
          g_str_has_prefix (p, "mailto:"))
        {
          const char *end = link_end (p);
          g_autofree char *href = g_markup_escape_text (p, end - p);

          g_string_append_printf (out, "<a href=\"%s\">%s</a>", href, href);
          p = end;
        }
      else if (p[0] == '\n' && p[1] == '\n')
        {
          /* A blank line (or several) ends a paragraph. */
          while (*p == '\n')
            p++;
          g_string_append (out, "</p>\n<p>");
        }
      else if (*p == '\n')
        {
          g_string_append (out, "<br>\n");
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          append_escaped (out, p, next - p);
          p = next;
        }
    }
  g_string_append (out, "</p>\n</body></html>\n");

  return g_string_free (out, FALSE);
}

char *
ch_mail_message_new_id (const char *from_address)
{
  const char *at = from_address != NULL ? strrchr (from_address, '@') : NULL;
  g_autofree char *uuid = ch_uuid_new_v7 ();

  return g_strdup_printf ("%s@%s", uuid, at != NULL && at[1] ? at + 1 : "chapterhouse.invalid");
}

/* The text part's headers and body: text/plain, or with @parts->html a
 * multipart/alternative of text/plain and the same as simple HTML. */
static void
append_text (GString                  *out,
             const ChMailMessageParts *parts)
{
  g_autofree char *boundary = NULL;
  g_autofree char *html = NULL;

  if (!parts->html)
    {
      g_string_append (out, "Content-Type: text/plain; charset=UTF-8\r\n"
                            "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
      append_quoted_printable (out, parts->body);
      return;
    }

  boundary = g_strdup_printf ("=_chapterhouse_alt_%s", parts->message_id);
  g_strdelimit (boundary, "@", '_');
  html = ch_mail_message_html_from_text (parts->body);
  g_string_append_printf (out, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n",
                          boundary);
  g_string_append_printf (out, "--%s\r\n", boundary);
  g_string_append (out, "Content-Type: text/plain; charset=UTF-8\r\n"
                        "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
  append_quoted_printable (out, parts->body);
  g_string_append_printf (out, "--%s\r\n", boundary);
  g_string_append (out, "Content-Type: text/html; charset=UTF-8\r\n"
                        "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
  append_quoted_printable (out, html);
  g_string_append_printf (out, "--%s--\r\n", boundary);
}

char *
ch_mail_message_build (const ChMailMessageParts *parts)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *date = NULL;
  g_autofree char *from = parts->from_address != NULL
    ? mailbox (parts->from_name, parts->from_address) : NULL;
  g_autofree char *to = mailbox (parts->to_name, parts->to_address);
  g_autofree char *subject = ch_mail_message_encode_header (parts->subject);
  g_autofree char *boundary = NULL;
  GString *out = g_string_new (NULL);

  if (parts->date == NULL)
    now = g_date_time_new_now_utc ();
  /* RFC 5322 dates are English, whatever the locale. */
  {
    GDateTime *d = parts->date != NULL ? parts->date : now;
    static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    gint64 offset = g_date_time_get_utc_offset (d) / G_TIME_SPAN_MINUTE;

    date = g_strdup_printf ("%s, %d %s %d %02d:%02d:%02d %c%02d%02d",
                            days[g_date_time_get_day_of_week (d) - 1],
                            g_date_time_get_day_of_month (d),
                            months[g_date_time_get_month (d) - 1],
                            g_date_time_get_year (d),
                            g_date_time_get_hour (d), g_date_time_get_minute (d),
                            g_date_time_get_second (d),
                            offset < 0 ? '-' : '+', (int) (ABS (offset) / 60),
                            (int) (ABS (offset) % 60));
  }

  if (parts->unsent)
    g_string_append (out, "X-Unsent: 1\r\n");
  if (parts->from_address != NULL)
    g_string_append_printf (out, "From: %s\r\n", from);
  g_string_append_printf (out, "To: %s\r\n", to);
  if (parts->reply_to != NULL && *parts->reply_to != '\0')
    g_string_append_printf (out, "Reply-To: %s\r\n", parts->reply_to);
  g_string_append_printf (out, "Subject: %s\r\n", subject);
  g_string_append_printf (out, "Date: %s\r\n", date);
  g_string_append_printf (out, "Message-ID: <%s>\r\n", parts->message_id);
  if (parts->unsubscribe != NULL)
    g_string_append_printf (out, "List-Unsubscribe: <%s>\r\n", parts->unsubscribe);
  g_string_append (out, "Auto-Submitted: auto-generated\r\n");
  g_string_append (out, "MIME-Version: 1.0\r\n");

  if (parts->attachment == NULL)
    {
      append_text (out, parts);
      return g_string_free (out, FALSE);
    }

  boundary = g_strdup_printf ("=_chapterhouse_%s", parts->message_id);
  g_strdelimit (boundary, "@", '_');
  g_string_append_printf (out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n",
                          boundary);
  g_string_append_printf (out, "--%s\r\n", boundary);
  append_text (out, parts);
  g_string_append_printf (out, "--%s\r\n", boundary);
  g_string_append_printf (out, "Content-Type: %s; name=\"%s\"\r\n",
                          parts->attachment_type, parts->attachment_name);
  g_string_append_printf (out, "Content-Disposition: attachment; filename=\"%s\"\r\n",
                          parts->attachment_name);
  g_string_append (out, "Content-Transfer-Encoding: base64\r\n\r\n");
  append_base64 (out, parts->attachment);
  g_string_append_printf (out, "--%s--\r\n", boundary);

  return g_string_free (out, FALSE);
}
