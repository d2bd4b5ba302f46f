/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "ch-attendance.h"
#include "ch-event-time.h"
#include "ch-events.h"
#include "ch-ics.h"
#include "ch-registrations.h"

#include "ch-cli.h"
#include "ch-cli-pad.h"

/* events, registrations, attendance */

static int
fail_error (const GError *error)
{
  int code = EXIT_FAILED;

  if (error->domain == CH_EVENTS_ERROR || error->domain == CH_EVENT_TIME_ERROR ||
      error->domain == CH_REGISTRATIONS_ERROR || error->domain == CH_ATTENDANCE_ERROR ||
      (error->domain == CH_STORE_ERROR &&
       (error->code == CH_STORE_ERROR_INVALID || error->code == CH_STORE_ERROR_REQUIRED ||
        error->code == CH_STORE_ERROR_NOT_FOUND)))
    code = EXIT_INPUT;

  return ch_cli_fail (code, "%s", error->message);
}

static void
add_counts (JsonObject    *out,
            ChEventCounts  counts[2])
{
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) c = json_object_new ();

      if (counts[i].capacity == G_MAXUINT)
        json_object_set_null_member (c, "capacity");
      else
        json_object_set_int_member (c, "capacity", counts[i].capacity);
      json_object_set_int_member (c, "registered", counts[i].registered);
      json_object_set_int_member (c, "waitlisted", counts[i].waitlisted);
      json_object_set_int_member (c, "attended", counts[i].attended);
      json_object_set_int_member (c, "no_show", counts[i].no_show);
      json_object_set_object_member (out, i == 0 ? "in_person" : "online", g_steal_pointer (&c));
    }
}

/* The row plus local times and counts, for --json. */
static JsonObject *
event_json (ChStore *store,
            ChEvent *event)
{
  JsonObject *out = ch_event_to_json (event);
  g_autofree char *start = ch_event_dup_starts_local (event);
  g_autofree char *end = ch_event_dup_ends_local (event);
  ChEventCounts counts[2];

  json_object_set_string_member (out, "starts_local", start);
  json_object_set_string_member (out, "ends_local", end);
  if (ch_event_counts (store, ch_event_get_id (event), counts, NULL))
    add_counts (out, counts);

  return out;
}

static char *
describe_time (ChEvent *event)
{
  return ch_event_time_describe (ch_event_get_timezone (event), ch_event_get_starts_at (event),
                                 ch_event_get_ends_at (event), NULL);
}

static char *
capacity_text (guint registered,
               guint capacity)
{
  if (capacity == G_MAXUINT)
    return g_strdup_printf ("%u", registered);

  return g_strdup_printf ("%u/%u", registered, capacity);
}

static void
print_event_line (ChStore *store,
                  ChEvent *event)
{
  const char *tz = ch_event_get_timezone (event);
  g_autofree char *start = ch_event_dup_starts_local (event);
  ChEventCounts counts[2];
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "%s  %s %s  %s  [%s, %s]",
                          ch_event_get_id (event), start ? start : "?", tz ? tz : "",
                          ch_event_get_title (event),
                          ch_event_status_label (ch_event_get_status (event)) ?: "",
                          ch_event_format_label (ch_event_get_format (event)) ?: "");

  if (ch_event_counts (store, ch_event_get_id (event), counts, NULL))
    {
      if (ch_event_has_in_person_side (event))
        {
          g_autofree char *c = capacity_text (counts[0].registered, counts[0].capacity);

          /* Translators: registrations in person, e.g. "in person 12/30, 2 waiting" */
          g_string_append_printf (line, ngettext ("  in person %s, %u waiting",
                                                  "  in person %s, %u waiting",
                                                  counts[0].waitlisted),
                                  c, counts[0].waitlisted);
        }
      if (ch_event_has_online_side (event))
        {
          g_autofree char *c = capacity_text (counts[1].registered, counts[1].capacity);

          /* Translators: registrations online, e.g. "online 12/30, 2 waiting" */
          g_string_append_printf (line, ngettext ("  online %s, %u waiting",
                                                  "  online %s, %u waiting",
                                                  counts[1].waitlisted),
                                  c, counts[1].waitlisted);
        }
    }

  g_print ("%s\n", line->str);
  g_string_free (line, TRUE);
}

/* --flag → event field */
static const struct
{
  const char *flag;
  const char *field;
  gboolean    number;
} event_flags[] = {
  { "title", "title", FALSE },
  { "start", "starts_local", FALSE },
  { "end", "ends_local", FALSE },
  { "timezone", "timezone", FALSE },
  { "kind", "kind", FALSE },
  { "format", "format", FALSE },
  { "venue", "venue_name", FALSE },
  { "address", "venue_address", FALSE },
  { "capacity-in-person", "capacity_in_person", TRUE },
  { "join-url", "join_url", FALSE },
  { "capacity-online", "capacity_online", TRUE },
  { "status", "status", FALSE },
  { "description", "description", FALSE },
};

static int
event_fields (Cli         *cli,
              JsonObject  *fields)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_flags); i++)
    {
      const char *value = ch_cli_flag (cli, event_flags[i].flag);

      if (value == NULL)
        continue;

      if (event_flags[i].number)
        {
          guint64 n;
          g_autofree char *v = g_strstrip (g_strdup (value));

          if (*v == '\0' || g_ascii_strcasecmp (v, "none") == 0)
            json_object_set_null_member (fields, event_flags[i].field);
          else if (g_ascii_string_to_unsigned (v, 10, 0, 1000000, &n, NULL))
            json_object_set_int_member (fields, event_flags[i].field, (gint64) n);
          else
            return ch_cli_fail (EXIT_INPUT, _("--%s takes a whole number of seats, 0 or more "
                                           "(or “none” for no limit), not “%s”"),
                             event_flags[i].flag, value);
        }
      else
        json_object_set_string_member (fields, event_flags[i].field, value);
    }

  return EXIT_OK;
}

static const char *event_allowed[] = {
  "title", "start", "end", "timezone", "kind", "format", "venue", "address",
  "capacity-in-person", "join-url", "capacity-online", "status", "description", NULL
};

static int
print_event (Cli        *cli,
             const char *id,
             const char *verb)
{
  g_autoptr(ChEvent) event = ch_event_get (cli->store, id, NULL);

  if (event == NULL)
    return ch_cli_fail (EXIT_FAILED, _("the event %s was not saved"), id);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = event_json (cli->store, event);
      ch_cli_print_json_object (out);
    }
  else
    {
      g_autofree char *when = describe_time (event);

      g_print ("%s %s: %s\n%s\n", verb, id, ch_event_get_title (event), when);
    }

  return EXIT_OK;
}

static int
events_list (Cli *cli)
{
  static const char *allowed[] = { "past", NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;

  if (!(rows = ch_event_list (cli->store, cli->chapter_id, ch_cli_flag (cli, "past") == NULL,
                              &error)))
    return fail_error (error);

  if (cli->json)
    {
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint i = 0; i < rows->len; i++)
        json_array_add_object_element (array, event_json (cli->store, g_ptr_array_index (rows, i)));
      ch_cli_print_json_array (array);
    }
  else
    {
      for (guint i = 0; i < rows->len; i++)
        print_event_line (cli->store, g_ptr_array_index (rows, i));
      if (rows->len == 0)
        g_print ("%s\n", ch_cli_flag (cli, "past") ? _("No past events.")
                                                   : _("No upcoming events."));
    }

  return EXIT_OK;
}

static int
events_save (Cli      *cli,
             gboolean  update)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *event_id = ch_cli_arg (cli, 1);
  int rc;

  if ((rc = ch_cli_open_chapter (cli, event_allowed)))
    return rc;
  if (update && event_id == NULL)
    return ch_cli_fail (EXIT_USAGE,
                        _("usage: events update ID [--title T] "
                          "[--start \"YYYY-MM-DD HH:MM\"] …"));
  if (!update && event_id != NULL)
    return ch_cli_fail (EXIT_USAGE, _("events add takes no ID; did you mean “events update”?"));
  if ((rc = event_fields (cli, fields)))
    return rc;
  if (update && json_object_get_size (fields) == 0)
    return ch_cli_fail (EXIT_USAGE,
                        _("events update needs at least one field to change, e.g. --title"));
  if (!update && (ch_cli_flag (cli, "title") == NULL || ch_cli_flag (cli, "start") == NULL ||
                  ch_cli_flag (cli, "end") == NULL))
    return ch_cli_fail (EXIT_USAGE, _("usage: events add --title T --start \"YYYY-MM-DD HH:MM\" "
                                   "--end \"YYYY-MM-DD HH:MM\" [--timezone Z] …"));

  if (!ch_event_save (cli->store, cli->chapter_id, update ? event_id : NULL, fields, &id, &error))
    return fail_error (error);

  return print_event (cli, id, update ? _("Updated event") : _("Added event"));
}

static int
events_simple (Cli        *cli,
               const char *what)
{
  static const char *allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *new_id = NULL;
  const char *id = ch_cli_arg (cli, 1);
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;
  if (id == NULL)
    return ch_cli_fail (EXIT_USAGE, _("usage: events %s ID"), what);

  if (g_str_equal (what, "cancel"))
    {
      if (!ch_event_cancel (cli->store, id, &error))
        return fail_error (error);
      return print_event (cli, id, _("Cancelled event"));
    }
  else if (g_str_equal (what, "duplicate"))
    {
      if (!ch_event_duplicate (cli->store, id, &new_id, &error))
        return fail_error (error);
      return print_event (cli, new_id, _("Added event"));
    }
  else
    {
      g_autoptr(ChEvent) event = ch_event_get (cli->store, id, &error);

      if (event == NULL)
        return fail_error (error);
      if (cli->json)
        {
          g_autoptr(JsonObject) out = event_json (cli->store, event);
          ch_cli_print_json_object (out);
        }
      else
        {
          g_autofree char *when = describe_time (event);

          print_event_line (cli->store, event);
          g_print ("%s\n", when);
        }
      return EXIT_OK;
    }
}

static int
events_export (Cli *cli)
{
  static const char *allowed[] = { "output", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = NULL;
  const char *output = ch_cli_flag (cli, "output");
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;
  if (output == NULL)
    return ch_cli_fail (EXIT_USAGE, _("usage: events export-ics [EVENT] -o FILE"));

  if (!(ics = ch_ics_export (cli->store, cli->chapter_id, ch_cli_arg (cli, 1), &error)))
    return fail_error (error);

  if (g_str_equal (output, "-"))
    g_print ("%s", ics);
  else if (!g_file_set_contents (output, ics, -1, &error))
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  if (cli->json && !g_str_equal (output, "-"))
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "output", output);
      ch_cli_print_json_object (out);
    }
  else if (!g_str_equal (output, "-"))
    g_print (_("Wrote %s\n"), output);

  return EXIT_OK;
}

int
ch_cli_events_list (Cli *cli)
{
  return events_list (cli);
}

int
ch_cli_events_add (Cli *cli)
{
  return events_save (cli, FALSE);
}

int
ch_cli_events_update (Cli *cli)
{
  return events_save (cli, TRUE);
}

int
ch_cli_events_show (Cli *cli)
{
  return events_simple (cli, "show");
}

int
ch_cli_events_cancel (Cli *cli)
{
  return events_simple (cli, "cancel");
}

int
ch_cli_events_duplicate (Cli *cli)
{
  return events_simple (cli, "duplicate");
}

int
ch_cli_events_export_ics (Cli *cli)
{
  return events_export (cli);
}

/* ----------------------------------------------------------------------- */
/* registrations                                                           */

static int
print_registration (Cli        *cli,
                    const char *id,
                    const char *message)
{
  g_autoptr(ChRegistration) reg = ch_registration_get (cli->store, id, NULL);

  if (reg == NULL)
    return ch_cli_fail (EXIT_FAILED, _("the registration %s was not saved"), id);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = ch_registration_to_json (reg);

      ch_cli_print_json_object (out);
    }
  else
    g_print ("%s\n", message);

  return EXIT_OK;
}

static int
registrations_add (Cli      *cli,
                   gboolean  walk_in)
{
  static const char *allowed[] = { "member", "guest-name", "guest-email", "mode", NULL };
  static const char *walk_in_allowed[] = { "member", "guest-name", "guest-email", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;
  const char *event_id = ch_cli_arg (cli, 1);
  const char *member = NULL;
  const char *guest = NULL;
  gboolean waitlisted = FALSE;
  int rc;

  if ((rc = ch_cli_open_chapter (cli, walk_in ? walk_in_allowed : allowed)))
    return rc;

  member = ch_cli_flag (cli, "member");
  guest = ch_cli_flag (cli, "guest-name");
  if (event_id == NULL || (member == NULL) == (guest == NULL))
    return ch_cli_fail (EXIT_USAGE, _("usage: registrations %s EVENT (--member ID | --guest-name N "
                                   "[--guest-email E])%s"),
                     walk_in ? "walk-in" : "add", walk_in ? "" : " [--mode in-person|online]");

  if (walk_in)
    {
      if (!ch_registration_walk_in (cli->store, event_id, member, guest,
                                    ch_cli_flag (cli, "guest-email"),
                                    &id, &error))
        return fail_error (error);
      message = g_strdup_printf (_("Checked in %s at the door."), id);
    }
  else
    {
      if (!ch_registration_add (cli->store, event_id, member, guest,
                                ch_cli_flag (cli, "guest-email"),
                                ch_cli_flag (cli, "mode"), &id, &waitlisted, &error))
        return fail_error (error);
      message = waitlisted ? g_strdup_printf (_("The event is full: %s is on the waiting list."),
                                              id)
                           : g_strdup_printf (_("Registered %s."), id);
    }

  return print_registration (cli, id, message);
}

/* How a registration was checked in, as a whole phrase of the list. */
static const char *
attended_text (const char *method)
{
  if (g_strcmp0 (method, CH_CHECK_IN_DOOR) == 0)
    return _("attended, checked in at the door");
  if (g_strcmp0 (method, CH_CHECK_IN_TEAMS) == 0)
    return _("attended, on Teams");
  if (g_strcmp0 (method, CH_CHECK_IN_ZOOM) == 0)
    return _("attended, on Zoom");
  if (g_strcmp0 (method, CH_CHECK_IN_MANUAL) == 0)
    return _("attended, marked by an officer");
  return _("attended");
}

static int
registrations_list (Cli *cli)
{
  static const char *allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *event_id = ch_cli_arg (cli, 1);
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;
  if (event_id == NULL)
    return ch_cli_fail (EXIT_USAGE, _("usage: registrations list EVENT"));

  {
    g_autoptr(ChEvent) event = ch_event_get (cli->store, event_id, &error);

    if (event == NULL)
      return fail_error (error);
  }

  if (!(rows = ch_registration_list (cli->store, event_id, &error)))
    return fail_error (error);

  if (cli->json)
    {
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint i = 0; i < rows->len; i++)
        json_array_add_object_element (array,
                                       ch_registration_to_json (g_ptr_array_index (rows, i)));
      ch_cli_print_json_array (array);
      return EXIT_OK;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      ChRegistration *r = g_ptr_array_index (rows, i);
      g_autofree char *where = NULL;
      g_autofree char *name = NULL;
      g_autofree char *mode = NULL;

      if (ch_registration_is_waitlisted (r))
        /* Translators: place on the waiting list */
        where = g_strdup_printf (_("waiting #%" PRId64),
                                 ch_registration_get_waitlist_position (r));
      else if (ch_registration_is_cancelled (r))
        where = g_strdup (_("cancelled"));
      else if (ch_registration_is_attended (r))
        where = g_strdup (attended_text (ch_registration_get_check_in_method (r)));
      else
        where = g_strdup (_("registered"));

      name = ch_cli_pad (ch_registration_get_display_name (r), 30);
      mode = ch_cli_pad (ch_registration_mode_label (ch_registration_get_mode (r)) ?: "", 9);
      g_print ("%s  %s  %s  %s\n", ch_registration_get_id (r), name, mode, where);
    }
  if (rows->len == 0)
    g_print ("%s\n", _("Nobody has registered yet."));

  return EXIT_OK;
}

static int
registrations_cancel (Cli *cli)
{
  static const char *allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *promoted = NULL;
  const char *id = ch_cli_arg (cli, 1);
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;
  if (id == NULL)
    return ch_cli_fail (EXIT_USAGE, _("usage: registrations cancel REGISTRATION"));

  if (!ch_registration_cancel (cli->store, id, &promoted, &error))
    return fail_error (error);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "cancelled", id);
      json_object_set_string_member (out, "promoted", promoted);
      ch_cli_print_json_object (out);
    }
  else if (promoted != NULL)
    g_print (_("Cancelled %s; %s moved up from the waiting list.\n"), id, promoted);
  else
    g_print (_("Cancelled %s.\n"), id);

  return EXIT_OK;
}

static int
registrations_check_in (Cli *cli)
{
  static const char *allowed[] = { "undo", "method", "minutes", NULL };
  g_autoptr(GError) error = NULL;
  const char *id = ch_cli_arg (cli, 1);
  gboolean undo;
  guint64 minutes = 0;
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;
  if (id == NULL)
    return ch_cli_fail (EXIT_USAGE, _("usage: registrations check-in REGISTRATION [--undo]"));
  if (ch_cli_flag (cli, "minutes") &&
      !g_ascii_string_to_unsigned (ch_cli_flag (cli, "minutes"), 10, 0, 100000, &minutes, NULL))
    return ch_cli_fail (EXIT_INPUT, _("--minutes takes a whole number, not “%s”"),
                        ch_cli_flag (cli, "minutes"));

  undo = ch_cli_flag (cli, "undo") != NULL;
  if (!ch_registration_check_in (cli->store, id, !undo,
                                 ch_cli_flag (cli, "method") ? ch_cli_flag (cli, "method")
                                                             : CH_CHECK_IN_DOOR,
                                 ch_cli_flag (cli, "minutes") ? (gint) minutes : -1, &error))
    return fail_error (error);

  return print_registration (cli, id, undo ? _("Check-in taken back.") : _("Checked in."));
}

int
ch_cli_registrations_add (Cli *cli)
{
  return registrations_add (cli, FALSE);
}

int
ch_cli_registrations_walk_in (Cli *cli)
{
  return registrations_add (cli, TRUE);
}

int
ch_cli_registrations_list (Cli *cli)
{
  return registrations_list (cli);
}

int
ch_cli_registrations_cancel (Cli *cli)
{
  return registrations_cancel (cli);
}

int
ch_cli_registrations_check_in (Cli *cli)
{
  return registrations_check_in (cli);
}

/* ----------------------------------------------------------------------- */
/* attendance                                                              */

static const char *
match_name (ChAttendanceMatch match)
{
  switch (match)
    {
    case CH_ATTENDANCE_MATCH_EMAIL: return "email";
    case CH_ATTENDANCE_MATCH_NAME: return "name";
    case CH_ATTENDANCE_MATCH_MANUAL: return "manual";
    case CH_ATTENDANCE_MATCH_NONE:
    default: return NULL;
    }
}

int
ch_cli_cmd_attendance (Cli *cli)
{
  static const char *allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ChAttendanceReport) report = NULL;
  g_autoptr(GFile) file = NULL;
  const char *sub = ch_cli_arg (cli, 0);
  const char *event_id = ch_cli_arg (cli, 1);
  const char *path = ch_cli_arg (cli, 2);
  guint marked, unmatched = 0, refused = 0;
  int rc;

  if (sub == NULL || !g_str_equal (sub, "import"))
    return ch_cli_fail (EXIT_USAGE, _("usage: attendance import EVENT FILE"));
  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;
  if (event_id == NULL || path == NULL)
    return ch_cli_fail (EXIT_USAGE, _("usage: attendance import EVENT FILE"));

  file = g_file_new_for_commandline_arg (path);
  if (!(bytes = g_file_load_bytes (file, NULL, NULL, &error)))
    return ch_cli_fail (EXIT_INPUT, _("could not read %s: %s"), path, error->message);

  if (!(report = ch_attendance_parse (bytes, &error)) ||
      !ch_attendance_match (cli->store, event_id, report, &error))
    return fail_error (error);

  marked = ch_attendance_apply (cli->store, event_id, report, &error);
  if (error != NULL)
    return fail_error (error);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();
      g_autoptr(JsonArray) rows = json_array_new ();

      json_object_set_string_member (out, "source", report->source);
      json_object_set_string_member (out, "meeting_title", report->meeting_title);
      json_object_set_int_member (out, "marked", marked);
      for (guint i = 0; i < report->rows->len; i++)
        {
          ChAttendanceRow *row = g_ptr_array_index (report->rows, i);
          g_autoptr(JsonObject) o = json_object_new ();

          json_object_set_string_member (o, "name", row->name);
          json_object_set_string_member (o, "email", row->email);
          json_object_set_int_member (o, "minutes", row->minutes);
          json_object_set_string_member (o, "match", match_name (row->match));
          json_object_set_string_member (o, "member_id", row->member_id);
          json_object_set_string_member (o, "registration_id", row->registration_id);
          json_object_set_string_member (o, "refused", row->refused);
          json_array_add_object_element (rows, g_steal_pointer (&o));
        }
      json_object_set_array_member (out, "rows", g_steal_pointer (&rows));
      ch_cli_print_json_object (out);
      return EXIT_OK;
    }

  for (guint i = 0; i < report->rows->len; i++)
    {
      ChAttendanceRow *row = g_ptr_array_index (report->rows, i);

      g_autofree char *name = ch_cli_pad (row->name, 30);
      g_autofree char *email = ch_cli_pad (row->email ? row->email : "", 30);
      g_autofree char *state = NULL;

      if (row->refused != NULL)
        {
          refused++;
          state = ch_cli_pad (_("refused"), 9);
          g_print ("%s  %s  %s  %s\n", state, name, email, row->refused);
          continue;
        }
      if (row->match == CH_ATTENDANCE_MATCH_NONE)
        unmatched++;
      state = ch_cli_pad (row->match == CH_ATTENDANCE_MATCH_NONE ? _("unmatched") : _("matched"),
                          9);
      g_print ("%s  %s  %s  ", state, name, email);
      /* Translators: the minutes a person was in an online meeting, short */
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u min\n", "%u min\n", row->minutes), row->minutes);
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "Marked %u person as attended online.\n",
                        "Marked %u people as attended online.\n", marked), marked);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u row not matched.\n", "%u rows not matched.\n",
                        unmatched),
           unmatched);
  if (refused > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%u row left out: its time is longer than the meeting.\n",
                          "%u rows left out: their time is longer than the meeting.\n", refused),
             refused);

  return EXIT_OK;
}
