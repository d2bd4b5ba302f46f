/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-vcard"

#include "config.h"

#include <string.h>

#include "ch-member.h"
#include "ch-specialties.h"
#include "ch-vcard.h"

/* RFC 6350 3.4: backslash, comma, semicolon and newlines escaped. */
static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text ? text : ""; *p; p++)
    {
      switch (*p)
        {
        case '\\':
        case ',':
        case ';':
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

/* Appends @line folded at 75 octets (RFC 6350 3.2), never inside a UTF-8
 * character, and CRLF. */
static void
append_folded (GString    *out,
               const char *line)
{
  gsize width = 0;

  for (const char *p = line; *p; p = g_utf8_next_char (p))
    {
      gsize len = g_utf8_next_char (p) - p;

      if (width + len > 75)
        {
          g_string_append (out, "\r\n ");
          width = 1;
        }
      g_string_append_len (out, p, len);
      width += len;
    }
  g_string_append (out, "\r\n");
}

static void
property (GString    *out,
          const char *name,
          const char *value)
{
  g_autoptr(GString) line = NULL;

  if (value == NULL || value[0] == '\0')
    return;

  line = g_string_new (name);
  g_string_append_c (line, ':');
  append_escaped (line, value);
  append_folded (out, line->str);
}

static void
append_card (GString  *out,
             ChStore  *store,
             ChMember *member)
{
  g_autoptr(GString) line = g_string_new ("N:");
  g_auto(GStrv) specialties = ch_specialties_get (store, ch_member_get_id (member));
  g_autofree char *uid = g_strconcat ("urn:uuid:", ch_member_get_id (member), NULL);

  g_string_append (out, "BEGIN:VCARD\r\nVERSION:4.0\r\n");
  property (out, "FN", ch_member_get_display_name (member));

  append_escaped (line, ch_member_get_family_name (member));
  g_string_append_c (line, ';');
  append_escaped (line, ch_member_get_given_name (member));
  g_string_append (line, ";;;");
  append_folded (out, line->str);

  property (out, "ORG", ch_member_get_company (member));
  property (out, "TITLE", ch_member_get_job_title (member));
  property (out, "EMAIL", ch_member_get_email (member));
  property (out, "TEL;VALUE=text", ch_member_get_phone (member));
  if (ch_member_get_city (member) != NULL || ch_member_get_country (member) != NULL)
    {
      g_string_truncate (line, 0);
      /* post office box; extended; street; locality; region; code; country */
      g_string_append (line, "ADR:;;;");
      append_escaped (line, ch_member_get_city (member));
      g_string_append (line, ";;;");
      append_escaped (line, ch_member_get_country (member));
      append_folded (out, line->str);
    }
  if (specialties[0] != NULL)
    {
      g_string_assign (line, "CATEGORIES:");
      for (guint i = 0; specialties[i]; i++)
        {
          if (i > 0)
            g_string_append_c (line, ',');
          append_escaped (line, specialties[i]);
        }
      append_folded (out, line->str);
    }
  g_string_printf (line, "UID:%s", uid);
  append_folded (out, line->str);
  g_string_append (out, "END:VCARD\r\n");
}

GBytes *
ch_vcard_write_members (ChStore    *store,
                        GListModel *members,
                        guint      *out_skipped)
{
  GString *out = g_string_new (NULL);
  guint n = g_list_model_get_n_items (members);
  guint skipped = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChMember) member = g_list_model_get_item (members, i);

      if (!ch_member_get_consent_directory (member))
        {
          skipped++;
          continue;
        }
      append_card (out, store, member);
    }

  if (out_skipped != NULL)
    *out_skipped = skipped;

  return g_string_free_to_bytes (out);
}
