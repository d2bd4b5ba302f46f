/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-attendance"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "ch-attendance.h"
#include "ch-email.h"
#include "ch-fold.h"

/*
 * Attendance reports of Microsoft Teams (tab-separated, UTF-16LE with a
 * BOM, sections "1. Summary", "2. Participants", "3. In-Meeting
 * Activities"; or the older layout with "Meeting Summary" and one row per
 * join) and Zoom (participants CSV, optionally after a meeting header).
 */

static void
row_free (ChAttendanceRow *row)
{
  if (row == NULL)
    return;

  g_free (row->name);
  g_free (row->email);
  g_free (row->member_id);
  g_free (row->registration_id);
  g_free (row->refused);
  g_free (row);
}

void
ch_attendance_report_free (ChAttendanceReport *report)
{
  if (report == NULL)
    return;

  g_free (report->source);
  g_free (report->meeting_title);
  g_clear_pointer (&report->rows, g_ptr_array_unref);
  g_free (report);
}

static gpointer
report_error (GError    **error,
              const char *message)
{
  g_set_error_literal (error, CH_ATTENDANCE_ERROR, CH_ATTENDANCE_ERROR_REPORT, message);
  return NULL;
}

/* ----------------------------------------------------------------------- */
/* Text                                                                    */

static char *
decode (GBytes  *data,
        GError **error)
{
  gsize len = 0;
  const guchar *p = g_bytes_get_data (data, &len);
  g_autofree char *text = NULL;

  if (len == 0)
    return report_error (error, _("The attendance report is empty."));

  if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
    {
      const char *from = p[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
      gsize written = 0;

      if ((len - 2) % 2 != 0)
        return report_error (error, _("The attendance report is cut off (an incomplete UTF-16 "
                                      "character at the end); export it again."));

      text = g_convert ((const char *) p + 2, len - 2, "UTF-8", from, NULL, &written, NULL);
      if (text == NULL || strlen (text) != written)
        return report_error (error, _("The attendance report is not valid UTF-16 text; "
                                      "export it again."));
    }
  else
    {
      if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        {
          p += 3;
          len -= 3;
        }
      if (memchr (p, '\0', len) != NULL || !g_utf8_validate ((const char *) p, len, NULL))
        return report_error (error, _("This file is not a text file; choose the attendance report "
                                      "downloaded from Teams (.csv) or Zoom (.csv)."));
      text = g_strndup ((const char *) p, len);
    }

  return g_steal_pointer (&text);
}

static char **
split_lines (const char *text)
{
  char **lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize l = strlen (lines[i]);

      if (l > 0 && lines[i][l - 1] == '\r')
        lines[i][l - 1] = '\0';
    }

  return lines;
}

static gboolean
blank (const char *line)
{
  for (; *line; line++)
    if (!g_ascii_isspace (*line) && *line != ',' && *line != '\t')
      return FALSE;

  return TRUE;
}

static int
column (char       **cells,
        const char  *name)
{
  for (int i = 0; cells[i] != NULL; i++)
    {
      g_autofree char *c = g_strstrip (g_strdup (cells[i]));

      if (g_ascii_strcasecmp (c, name) == 0)
        return i;
    }

  return -1;
}

static char *
cell (char **cells,
      int    idx)
{
  if (idx < 0 || idx >= (int) g_strv_length (cells))
    return NULL;

  return g_strstrip (g_strdup (cells[idx]));
}

/* "1h 31m 50s", "45m 3s", "58s", "2h", or "1:31:50"; seconds. */
static gboolean
parse_duration (const char *text,
                guint64    *seconds)
{
  const char *p = text;
  guint64 total = 0;
  gboolean any = FALSE;

  if (text == NULL || *text == '\0')
    return FALSE;

  if (strchr (text, ':') != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, ":", -1);
      guint n = g_strv_length (parts);

      if (n < 2 || n > 3)
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          guint64 v;

          if (!g_ascii_string_to_unsigned (parts[i], 10, 0, i == 0 ? 1000 : 59, &v, NULL))
            return FALSE;
          total = total * 60 + v;
        }
      if (n == 2)
        total *= 60;
      *seconds = total;
      return TRUE;
    }

  while (*p)
    {
      char *endp = NULL;
      guint64 v;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      v = g_ascii_strtoull (p, &endp, 10);
      if (endp == p || v > 100000)
        return FALSE;
      p = endp;
      switch (*p)
        {
        case 'h': total += v * 3600; break;
        case 'm': total += v * 60; break;
        case 's': total += v; break;
        default: return FALSE;
        }
      p++;
      any = TRUE;
    }

  *seconds = total;
  return any;
}

/* People are rows; the same person (e-mail, else folded name) is summed. */
typedef struct
{
  GPtrArray  *rows;
  GHashTable *by_key;   /* key → ChAttendanceRow (borrowed) */
  GArray     *seconds;  /* parallel to rows */
} Collector;

static void
collector_init (Collector *c)
{
  c->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  c->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->seconds = g_array_new (FALSE, TRUE, sizeof (guint64));
}

static void
collector_clear (Collector *c)
{
  g_clear_pointer (&c->rows, g_ptr_array_unref);
  g_clear_pointer (&c->by_key, g_hash_table_unref);
  g_clear_pointer (&c->seconds, g_array_unref);
}

static void
collector_add (Collector  *c,
               const char *name,
               const char *email,
               guint64     seconds)
{
  g_autofree char *key = NULL;
  g_autofree char *mail = (email && strchr (email, '@')) ? ch_email_normalize (email) : NULL;
  g_autofree char *folded = ch_fold (name);
  ChAttendanceRow *row;

  key = mail ? g_strconcat ("@", mail, NULL) : g_strconcat ("n:", folded, NULL);
  row = g_hash_table_lookup (c->by_key, key);
  if (row == NULL)
    {
      guint64 zero = 0;

      row = g_new0 (ChAttendanceRow, 1);
      row->name = g_strdup (name);
      row->email = g_steal_pointer (&mail);
      g_ptr_array_add (c->rows, row);
      g_array_append_val (c->seconds, zero);
      g_hash_table_insert (c->by_key, g_steal_pointer (&key), row);
    }

  for (guint i = 0; i < c->rows->len; i++)
    if (g_ptr_array_index (c->rows, i) == row)
      {
        guint64 *sum = &g_array_index (c->seconds, guint64, i);

        /* Saturates: absurd durations stay absurd, they do not wrap. */
        *sum = seconds > G_MAXUINT64 - *sum ? G_MAXUINT64 : *sum + seconds;
        break;
      }
}

static char *
hours_text (guint64 seconds)
{
  /* Translators: a number of hours, e.g. "2.6 h" */
  return g_strdup_printf (_("%.1f h"), (double) seconds / 3600.0);
}

/* The rows, with minutes; a person with more time than @meeting_seconds
 * (0: unknown, then a day) is refused, with the reason. */
static GPtrArray *
collector_finish (Collector          *c,
                  ChAttendanceReport *report,
                  guint64             meeting_seconds)
{
  GPtrArray *rows = g_steal_pointer (&c->rows);
  guint64 limit = meeting_seconds > 0 ? MIN (meeting_seconds, (guint64) CH_ATTENDANCE_MAX_SECONDS)
                                      : CH_ATTENDANCE_MAX_SECONDS;

  report->max_minutes = (guint) ((limit + 30) / 60);

  for (guint i = 0; i < rows->len; i++)
    {
      ChAttendanceRow *row = g_ptr_array_index (rows, i);
      guint64 seconds = g_array_index (c->seconds, guint64, i);

      /* A minute's grace for rounding in the report. */
      if (seconds > limit + 60)
        {
          g_autofree char *have = hours_text (seconds);
          g_autofree char *most = hours_text (limit);

          row->minutes = 0;
          if (meeting_seconds > 0 && meeting_seconds <= CH_ATTENDANCE_MAX_SECONDS)
            row->refused = g_strdup_printf (_("Left out: %s in the meeting is longer than the "
                                              "meeting itself (%s)."), have, most);
          else
            row->refused = g_strdup_printf (_("Left out: %s in the meeting is longer than a day."),
                                            have);
          continue;
        }

      row->minutes = (guint) ((seconds + 30) / 60);
    }

  collector_clear (c);
  return rows;
}

/* ----------------------------------------------------------------------- */
/* Teams                                                                   */

static ChAttendanceReport *
parse_teams (char   **lines,
             GError **error)
{
  g_autoptr(ChAttendanceReport) report = g_new0 (ChAttendanceReport, 1);
  Collector c;
  int header = -1;
  int i_name = -1, i_dur = -1, i_email = -1, i_upn = -1;
  guint64 meeting_seconds = 0;

  report->source = g_strdup ("teams");

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);
      g_autofree char *first = cell (cells, 0);

      if (first != NULL && report->meeting_title == NULL &&
          (g_ascii_strcasecmp (first, "Meeting title") == 0 ||
           g_ascii_strcasecmp (first, "Meeting Title") == 0))
        {
          g_autofree char *title = cell (cells, 1);

          if (title != NULL && *title != '\0')
            report->meeting_title = g_steal_pointer (&title);
        }

      if (first != NULL && meeting_seconds == 0 && header < 0 &&
          g_ascii_strcasecmp (first, "Meeting duration") == 0)
        {
          g_autofree char *length = cell (cells, 1);

          if (!parse_duration (length, &meeting_seconds))
            meeting_seconds = 0;
        }

      if (header < 0)
        {
          int n = column (cells, "Name");

          if (n < 0)
            n = column (cells, "Full Name");
          if (n >= 0)
            {
              int d = column (cells, "In-Meeting Duration");

              if (d < 0)
                d = column (cells, "Duration");
              if (d >= 0)
                {
                  header = i;
                  i_name = n;
                  i_dur = d;
                  i_email = column (cells, "Email");
                  i_upn = column (cells, "Participant ID (UPN)");
                }
            }
        }
    }

  if (header < 0)
    return report_error (error, _("The Teams report has no list of participants with the "
                                  "columns “Name” and “In-Meeting Duration”; download the "
                                  "attendance report again."));

  collector_init (&c);
  for (guint i = header + 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;
      g_autofree char *name = NULL;
      g_autofree char *dur = NULL;
      g_autofree char *email = NULL;
      guint64 seconds;

      /* The list ends at a blank line or the next section ("3. In-Meeting Activities"). */
      if (blank (lines[i]) || strchr (lines[i], '\t') == NULL)
        break;

      cells = g_strsplit (lines[i], "\t", -1);
      name = cell (cells, i_name);
      dur = cell (cells, i_dur);
      email = cell (cells, i_email);
      if ((email == NULL || *email == '\0') && i_upn >= 0)
        {
          g_free (email);
          email = cell (cells, i_upn);
        }

      if (name == NULL || *name == '\0' || !parse_duration (dur, &seconds))
        {
          g_autofree char *msg = NULL;

          collector_clear (&c);
          msg = g_strdup_printf (_("Line %u of the Teams report is not a participant "
                                   "(“%s” is not a duration such as 1h 5m 3s)."),
                                 i + 1, dur ? dur : "");
          return report_error (error, msg);
        }

      collector_add (&c, name, email, seconds);
    }

  report->rows = collector_finish (&c, report, meeting_seconds);
  return g_steal_pointer (&report);
}

/* ----------------------------------------------------------------------- */
/* Zoom                                                                    */

/* One CSV record from *@p (quotes, doubled quotes, commas and newlines in
 * quotes); NULL at the end.  *@ok is FALSE for an unclosed quote. */
static char **
csv_record (const char **p,
            gboolean    *ok)
{
  GPtrArray *cells;
  GString *cur;
  const char *s = *p;
  gboolean quoted = FALSE;

  *ok = TRUE;
  if (*s == '\0')
    return NULL;

  cells = g_ptr_array_new ();
  cur = g_string_new (NULL);

  for (;;)
    {
      char ch = *s;

      if (quoted)
        {
          if (ch == '\0')
            {
              *ok = FALSE;
              break;
            }
          if (ch == '"' && s[1] == '"')
            {
              g_string_append_c (cur, '"');
              s += 2;
              continue;
            }
          if (ch == '"')
            {
              quoted = FALSE;
              s++;
              continue;
            }
          g_string_append_c (cur, ch);
          s++;
          continue;
        }

      if (ch == '"' && cur->len == 0)
        {
          quoted = TRUE;
          s++;
        }
      else if (ch == ',')
        {
          g_ptr_array_add (cells, g_string_free (cur, FALSE));
          cur = g_string_new (NULL);
          s++;
        }
      else if (ch == '\r' && s[1] == '\n')
        s++;
      else if (ch == '\n' || ch == '\0')
        {
          if (ch == '\n')
            s++;
          break;
        }
      else
        {
          g_string_append_c (cur, ch);
          s++;
        }
    }

  g_ptr_array_add (cells, g_string_free (cur, FALSE));
  g_ptr_array_add (cells, NULL);
  *p = s;
  return (char **) g_ptr_array_free (cells, FALSE);
}

static int
column_prefix (char       **cells,
               const char  *prefix)
{
  for (int i = 0; cells[i] != NULL; i++)
    if (g_ascii_strncasecmp (g_strchug (cells[i]), prefix, strlen (prefix)) == 0)
      return i;

  return -1;
}

static ChAttendanceReport *
parse_zoom (const char  *text,
            GError     **error)
{
  g_autoptr(ChAttendanceReport) report = g_new0 (ChAttendanceReport, 1);
  const char *p = text;
  gboolean in_people = FALSE;
  gboolean meeting_header = FALSE;
  int i_name = -1, i_email = -1, i_dur = -1, i_topic = -1;
  guint line = 0;
  Collector c;
  gboolean ok;
  char **cells;

  report->source = g_strdup ("zoom");
  collector_init (&c);

  while ((cells = csv_record (&p, &ok)) != NULL)
    {
      g_auto(GStrv) owned = cells;
      g_autofree char *joined = g_strjoinv (",", cells);

      line++;
      if (!ok)
        {
          collector_clear (&c);
          return report_error (error, _("The Zoom report is cut off (a quoted field does not end); "
                                        "export it again."));
        }
      if (blank (joined))
        {
          meeting_header = FALSE;
          continue;
        }

      if (!in_people)
        {
          if (column (cells, "Meeting ID") == 0)
            {
              meeting_header = TRUE;
              i_topic = column (cells, "Topic");
              continue;
            }
          if (meeting_header)
            {
              g_autofree char *topic = cell (cells, i_topic);

              if (topic != NULL && *topic != '\0' && report->meeting_title == NULL)
                report->meeting_title = g_steal_pointer (&topic);
              meeting_header = FALSE;
              continue;
            }

          i_name = column_prefix (cells, "Name");
          i_dur = column (cells, "Duration (Minutes)");
          i_email = column (cells, "User Email");
          if (i_name != 0 || i_dur < 0)
            {
              collector_clear (&c);
              return report_error (error, _("The Zoom report does not start with the "
                                            "participants’ header (Name (Original Name), "
                                            "User Email, …, Duration (Minutes)); export the "
                                            "participants list again."));
            }
          in_people = TRUE;
          continue;
        }

      {
        g_autofree char *name = cell (cells, i_name);
        g_autofree char *email = cell (cells, i_email);
        g_autofree char *dur = cell (cells, i_dur);
        guint64 minutes;
        char *paren;

        if (name == NULL || *name == '\0' || dur == NULL ||
            !g_ascii_string_to_unsigned (dur, 10, 0, 100000, &minutes, NULL))
          {
            g_autofree char *msg = NULL;

            collector_clear (&c);
            msg = g_strdup_printf (_("Line %u of the Zoom report is not a participant "
                                     "(“%s” is not a number of minutes)."),
                                   line, dur ? dur : "");
            return report_error (error, msg);
          }

        /* "Shown name (Original Name)": the shown name is the person's. */
        if ((paren = strstr (name, " (")) != NULL && g_str_has_suffix (name, ")") && paren != name)
          *paren = '\0';

        collector_add (&c, name, email, minutes * 60);
      }
    }

  if (!in_people)
    {
      collector_clear (&c);
      return report_error (error, _("The Zoom report has no participants list; export the "
                                    "participants list again."));
    }

  report->rows = collector_finish (&c, report, 0);
  return g_steal_pointer (&report);
}

ChAttendanceReport *
ch_attendance_parse (GBytes  *data,
                     GError **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *first = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (!(text = decode (data, error)))
    return NULL;

  lines = split_lines (text);
  for (guint i = 0; lines[i] != NULL && first == NULL; i++)
    if (!blank (lines[i]))
      first = lines[i];

  if (first == NULL)
    return report_error (error, _("The attendance report is empty."));

  if (strchr (first, '\t') != NULL || g_str_has_prefix (first, "1. Summary") ||
      g_str_has_prefix (first, "Meeting Summary"))
    return parse_teams (lines, error);

  if (g_str_has_prefix (first, "Meeting ID,") || g_str_has_prefix (first, "Name") ||
      g_str_has_prefix (first, "\"Name"))
    return parse_zoom (text, error);

  return report_error (error, _("This is neither a Microsoft Teams attendance report nor a Zoom "
                                "participants report."));
}
