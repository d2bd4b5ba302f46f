/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ch-json.h"
#include "ch-server-log.h"

static gint log_format = CH_SERVER_LOG_TEXT;   /* atomic: SIGHUP runs on the main thread */
static gsize writer_installed;

gboolean
ch_server_log_parse_format (const char        *text,
                            ChServerLogFormat *format)
{
  if (g_strcmp0 (text, "text") == 0)
    *format = CH_SERVER_LOG_TEXT;
  else if (g_strcmp0 (text, "json") == 0)
    *format = CH_SERVER_LOG_JSON;
  else
    return FALSE;
  return TRUE;
}

static const char *
field_value (const GLogField *fields,
             gsize            n_fields,
             const char      *key)
{
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, key) == 0 && fields[i].length < 0)
      return fields[i].value;
  return NULL;
}

static const char *
level_name (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR)
    return "error";
  if (level & G_LOG_LEVEL_CRITICAL)
    return "critical";
  if (level & G_LOG_LEVEL_WARNING)
    return "warning";
  if (level & G_LOG_LEVEL_MESSAGE)
    return "message";
  if (level & G_LOG_LEVEL_INFO)
    return "info";
  return "debug";
}

/* The request's fields, as JSON members (numbers stay numbers). */
static const char *const number_fields[] = { "CH_STATUS", "CH_DURATION_MS", "CH_BYTES",
                                             "CH_REQUEST_ID" };

static gboolean
is_number_field (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (number_fields); i++)
    if (strcmp (key, number_fields[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
write_json (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields)
{
  g_autoptr(GString) out = g_string_new ("{\"time\":");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  const char *domain = field_value (fields, n_fields, "GLIB_DOMAIN");
  const char *message = field_value (fields, n_fields, "MESSAGE");

  ch_json_append_string (out, stamp);
  g_string_append (out, ",\"level\":");
  ch_json_append_string (out, level_name (level));
  if (domain != NULL)
    {
      g_string_append (out, ",\"domain\":");
      ch_json_append_string (out, domain);
    }

  for (gsize i = 0; i < n_fields; i++)
    {
      g_autofree char *key = NULL;
      const char *value = fields[i].value;

      if (!g_str_has_prefix (fields[i].key, "CH_") || fields[i].length >= 0 || value == NULL)
        continue;
      key = g_ascii_strdown (fields[i].key + 3, -1);
      g_string_append_c (out, ',');
      ch_json_append_string (out, key);
      g_string_append_c (out, ':');
      if (is_number_field (fields[i].key) && value[0] != '-' && value[0] != '\0')
        g_string_append (out, value);
      else
        ch_json_append_string (out, value);
    }

  g_string_append (out, ",\"message\":");
  ch_json_append_string (out, message ? message : "");
  g_string_append (out, "}\n");

  fputs (out->str, stderr);
  fflush (stderr);
}

static GLogWriterOutput
writer_cb (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  gboolean request = field_value (fields, n_fields, "CH_ROUTE") != NULL;
  static gsize journald_checked;
  static gboolean journald;

  if (g_once_init_enter (&journald_checked))
    {
      journald = g_log_writer_is_journald (fileno (stderr));
      g_once_init_leave (&journald_checked, 1);
    }

  if (!request && g_log_writer_default_would_drop (level,
                                                   field_value (fields, n_fields, "GLIB_DOMAIN")))
    return G_LOG_WRITER_HANDLED;

  if (journald && g_log_writer_journald (level, fields, n_fields, user_data) ==
      G_LOG_WRITER_HANDLED)
    return G_LOG_WRITER_HANDLED;

  if (g_atomic_int_get (&log_format) == CH_SERVER_LOG_JSON)
    {
      write_json (level, fields, n_fields);
      return G_LOG_WRITER_HANDLED;
    }

  if (request)
    {
      fprintf (stderr, "%s\n", field_value (fields, n_fields, "MESSAGE"));
      fflush (stderr);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_standard_streams (level, fields, n_fields, user_data);
}

void
ch_server_log_set_format (ChServerLogFormat format)
{
  g_atomic_int_set (&log_format, format);

  if (g_once_init_enter (&writer_installed))
    {
      g_log_set_writer_func (writer_cb, NULL, NULL);
      g_once_init_leave (&writer_installed, 1);
    }
}

void
ch_server_log_request (const ChServerLogRequest *request)
{
  static gint64 stamp_second = -1;
  static char stamp[32];
  gint64 second = g_get_real_time () / G_USEC_PER_SEC;
  char status[16], duration[32], bytes[32], id[32];
  g_autofree char *message = NULL;
  GLogField fields[] = {
    { "MESSAGE", NULL, -1 },
    { "PRIORITY", "6", -1 },
    { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
    { "CH_REQUEST_ID", id, -1 },
    { "CH_METHOD", request->method ? request->method : "-", -1 },
    { "CH_ROUTE", request->route, -1 },
    { "CH_PATH", request->path ? request->path : "-", -1 },
    { "CH_STATUS", status, -1 },
    { "CH_DURATION_MS", duration, -1 },
    { "CH_BYTES", bytes, -1 },
    { "CH_ADDRESS", request->address ? request->address : "-", -1 },
    { "CH_TOKEN_NAME", request->token_name ? request->token_name : "-", -1 },
    /* Last: left out when there is none. */
    { "CH_CHAPTER", request->chapter, -1 },
  };

  if (second != stamp_second)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (second);
      g_autofree char *text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");

      g_strlcpy (stamp, text ? text : "-", sizeof stamp);
      stamp_second = second;
    }

  /* An aborted request was not answered: no status (libsoup says 500). */
  if (request->status == 0)
    g_strlcpy (status, "-", sizeof status);
  else
    g_snprintf (status, sizeof status, "%u", request->status);
  g_ascii_formatd (duration, sizeof duration, "%.1f", request->duration_us / 1000.0);
  g_snprintf (bytes, sizeof bytes, "%" G_GSIZE_FORMAT, request->bytes);
  g_snprintf (id, sizeof id, "%" G_GUINT64_FORMAT, request->id);

  message = g_strdup_printf ("%s %s %s %s %s %sms%s%s%s", stamp,
                             request->address ? request->address : "-",
                             request->method ? request->method : "-",
                             request->path ? request->path : "-", status, duration,
                             request->status == 0 ? " (aborted)" : "",
                             request->token_name ? " token " : "",
                             request->token_name ? request->token_name : "");
  fields[0].value = message;

  g_log_structured_array (G_LOG_LEVEL_INFO, fields,
                          G_N_ELEMENTS (fields) - (request->chapter == NULL ? 1 : 0));
}
