/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-demo"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-demo.h"
#include "ch-demo-private.h"
#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-membership.h"
#include "ch-roles.h"
#include "ch-store-private.h"
#include "ch-date.h"

/* The demo chapter: generated members, its board and its events. */

/* The board: current officers with terms (the president's ends within six
 * months), and the president before. */
static gboolean
add_officers (ChStore     *store,
              const char  *chapter_id,
              GError     **error)
{
  static const struct {
    const char *role;
    gint        from_months;   /* relative to today */
    gint        to_months;     /* 0: open-ended */
  } terms[] = {
    { CH_ROLE_PRESIDENT, -19, 5 },
    { CH_ROLE_VICE_PRESIDENT, -7, 17 },
    { CH_ROLE_TREASURER, -19, 29 },
    { CH_ROLE_SECRETARY, -7, 17 },
    { CH_ROLE_WIT_LEAD, -12, 0 },
    { CH_ROLE_BOARD_MEMBER, -19, 29 },
    { CH_ROLE_BOARD_MEMBER, -7, 41 },
    { CH_ROLE_PRESIDENT, -43, -19 },   /* the one before */
  };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *today = NULL;
  sqlite3_stmt *st = NULL;
  GDate d;

  ch_date_today (NULL, &d);
  {
    g_autoptr(ChChapter) chapter = ch_store_get_chapter (store, chapter_id, NULL);
    if (chapter != NULL)
      ch_date_today (ch_chapter_get_timezone (chapter), &d);
  }
  today = ch_date_format (&d);

  /* Active paid members who joined at least four years ago. */
  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT id FROM member WHERE chapter_id = ? AND deleted = 0 "
                          "AND tier = 'chapter' "
                          "AND left_on IS NULL AND dues_paid_until >= ? AND joined_on <= ? "
                          /* Those who shared a gender first, so the
                           * Insights page's 50/50 gauge has a figure. */
                          "ORDER BY gender IS NULL, email_key LIMIT 8", -1, &st, NULL) == SQLITE_OK)
    {
      g_autofree char *long_ago = NULL;
      GDate j = d;

      g_date_subtract_months (&j, 43);
      long_ago = ch_date_format (&j);
      sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 2, today, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 3, long_ago, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (st) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
    }
  sqlite3_finalize (st);

  for (guint i = 0; i < G_N_ELEMENTS (terms) && i < ids->len; i++)
    {
      g_autofree char *from = ch_demo_shift_date (today, 0, terms[i].from_months);
      g_autofree char *to = terms[i].to_months != 0
                                ? ch_demo_shift_date (today, -1, terms[i].to_months)
                                : NULL;

      if (!ch_roles_add (store, ids->pdata[i], terms[i].role, from, to, NULL, error))
        return FALSE;
    }

  return TRUE;
}

/* Events of the demo chapter: last month's meeting with its attendance,
 * and what is coming — a hybrid meeting with a waitlist, a Women in
 * Technology breakfast and a webinar — on Tuesdays around today. */

/* "YYYY-MM-DD" of the first Tuesday at least @days_from_today days away
 * (negative: in the past). */
static char *
demo_tuesday (gint days_from_today)
{
  GDate date;

  ch_date_today ("Europe/Stockholm", &date);
  if (days_from_today >= 0)
    g_date_add_days (&date, (guint) days_from_today);
  else
    g_date_subtract_days (&date, (guint) -days_from_today);
  while (g_date_get_weekday (&date) != G_DATE_TUESDAY)
    g_date_add_days (&date, 1);

  return ch_date_format (&date);
}

static gboolean
demo_event (ChStore     *store,
            const char  *chapter_id,
            const char  *title,
            const char  *description,
            const char  *kind,
            const char  *format,
            const char  *day,
            const char  *start,
            const char  *end,
            gint         capacity_in_person,
            gint         capacity_online,
            char       **out_id,
            GError     **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *starts = g_strdup_printf ("%s %s", day, start);
  g_autofree char *ends = g_strdup_printf ("%s %s", day, end);

  json_object_set_string_member (fields, "title", title);
  json_object_set_string_member (fields, "description", description);
  json_object_set_string_member (fields, "kind", kind);
  json_object_set_string_member (fields, "format", format);
  json_object_set_string_member (fields, "starts_local", starts);
  json_object_set_string_member (fields, "ends_local", ends);
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_string_member (fields, "status", CH_EVENT_STATUS_PUBLISHED);
  if (capacity_in_person >= 0)
    {
      json_object_set_string_member (fields, "venue_name", "Microsoft House Stockholm");
      json_object_set_string_member (fields, "venue_address",
                                     "Regeringsgatan 25, 111 53 Stockholm");
      json_object_set_int_member (fields, "capacity_in_person", capacity_in_person);
    }
  if (capacity_online >= 0)
    {
      json_object_set_string_member (fields, "join_url",
                                     "https://teams.microsoft.com/l/meetup-join/demo-chapter");
      json_object_set_int_member (fields, "capacity_online", capacity_online);
    }

  return ch_event_save (store, chapter_id, NULL, fields, out_id, error);
}

/* Registers members @first … @first + @n - 1 (in name order) for @mode;
 * with @attended, every fifth stays a no-show and the rest are checked in. */
static gboolean
demo_register (ChStore     *store,
               const char  *event_id,
               GPtrArray   *members,
               guint        first,
               guint        n,
               const char  *mode,
               gboolean     attended,
               GError     **error)
{
  for (guint i = first; i < first + n && i < members->len; i++)
    {
      g_autofree char *id = NULL;
      gboolean waitlisted = FALSE;

      if (!ch_registration_add (store, event_id, g_ptr_array_index (members, i), NULL, NULL, mode,
                                &id, &waitlisted, error))
        return FALSE;
      if (attended && !waitlisted && i % 5 != 4 &&
          !ch_registration_check_in (store, id, TRUE,
                                     g_str_equal (mode, CH_MODE_ONLINE) ? CH_CHECK_IN_TEAMS
                                                                        : CH_CHECK_IN_DOOR,
                                     g_str_equal (mode, CH_MODE_ONLINE) ? 45 + (gint) (i * 7 % 50)
                                                                        : -1,
                                     error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
add_events (ChStore     *store,
            const char  *chapter_id,
            GError     **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *past_day = demo_tuesday (-34);
  g_autofree char *next_day = demo_tuesday (12);
  g_autofree char *wit_day = demo_tuesday (26);
  g_autofree char *webinar_day = demo_tuesday (40);
  g_autofree char *past = NULL;
  g_autofree char *next = NULL;
  g_autofree char *wit = NULL;
  g_autofree char *webinar = NULL;
  g_autofree char *guest = NULL;
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT id FROM member WHERE chapter_id = ? AND deleted = 0 "
                          "AND left_on IS NULL "
                          "ORDER BY name_key LIMIT 80", -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED, "%s",
                   sqlite3_errmsg (ch_store_get_db (store)));
      return FALSE;
    }
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_ptr_array_add (members, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_finalize (st);

  return demo_event (store, chapter_id, _("Chapter Meeting: Partner Programme Changes"),
                     _("What the new partner programme year means for us, then drinks."),
                     CH_EVENT_KIND_MEETING, CH_EVENT_FORMAT_HYBRID, past_day, "18:00", "20:30",
                     30, 100, &past, error) &&
         demo_register (store, past, members, 0, 22, CH_MODE_IN_PERSON, TRUE, error) &&
         demo_register (store, past, members, 22, 9, CH_MODE_ONLINE, TRUE, error) &&
         demo_event (store, chapter_id, _("Chapter Meeting: Copilot for Partners"),
                     _("Two members show what they built with Copilot Studio for customers; "
                       "peer-to-peer introductions afterwards."),
                     CH_EVENT_KIND_MEETING, CH_EVENT_FORMAT_HYBRID, next_day, "18:00", "20:30",
                     25, 60, &next, error) &&
         demo_register (store, next, members, 30, 27, CH_MODE_IN_PERSON, FALSE, error) &&
         demo_register (store, next, members, 57, 8, CH_MODE_ONLINE, FALSE, error) &&
         ch_registration_add (store, next, NULL, "Sara Lind", "sara.lind@example.se",
                              CH_MODE_ONLINE, &guest, NULL, error) &&
         demo_event (store, chapter_id, _("Women in Technology Breakfast"),
                     _("Mentoring circles for women in the partner community."),
                     CH_EVENT_KIND_WIT, CH_EVENT_FORMAT_IN_PERSON, wit_day, "08:00", "09:30",
                     20, -1, &wit, error) &&
         demo_register (store, wit, members, 65, 7, CH_MODE_IN_PERSON, FALSE, error) &&
         demo_event (store, chapter_id, _("Webinar: Selling Security to Small Businesses"),
                     _("An hour on packaging Microsoft security for customers with fewer "
                       "than 300 seats."),
                     CH_EVENT_KIND_WEBINAR, CH_EVENT_FORMAT_ONLINE, webinar_day, "15:00", "16:00",
                     -1, 100, &webinar, error) &&
         demo_register (store, webinar, members, 0, 14, CH_MODE_ONLINE, FALSE, error);
}

/* A history of events over the last two years, so that the Insights
 * page's attendance, no-show and mode charts have something to say: a
 * chapter meeting (hybrid) about every two months, webinars between them
 * and a Women in Technology breakfast now and then, each with members
 * registered and most of them checked in — fewer no-shows as the chapter
 * learnt to send reminders. */
static gboolean
add_event_history (ChStore     *store,
                   const char  *chapter_id,
                   GError     **error)
{
  static const struct {
    gint        days_ago;
    const char *kind;
    const char *format;
    guint       in_person;   /* registered in person */
    guint       online;      /* registered online */
    guint       no_show;     /* one in this many does not come */
  } history[] = {
    { 700, CH_EVENT_KIND_MEETING, CH_EVENT_FORMAT_HYBRID, 18, 6, 3 },
    { 640, CH_EVENT_KIND_WEBINAR, CH_EVENT_FORMAT_ONLINE, 0, 22, 3 },
    { 580, CH_EVENT_KIND_MEETING, CH_EVENT_FORMAT_HYBRID, 20, 9, 3 },
    { 520, CH_EVENT_KIND_WIT, CH_EVENT_FORMAT_IN_PERSON, 12, 0, 4 },
    { 460, CH_EVENT_KIND_MEETING, CH_EVENT_FORMAT_HYBRID, 22, 10, 4 },
    { 400, CH_EVENT_KIND_WEBINAR, CH_EVENT_FORMAT_ONLINE, 0, 28, 4 },
    { 340, CH_EVENT_KIND_MEETING, CH_EVENT_FORMAT_HYBRID, 21, 14, 5 },
    { 280, CH_EVENT_KIND_WIT, CH_EVENT_FORMAT_IN_PERSON, 14, 0, 5 },
    { 220, CH_EVENT_KIND_MEETING, CH_EVENT_FORMAT_HYBRID, 24, 15, 6 },
    { 160, CH_EVENT_KIND_WEBINAR, CH_EVENT_FORMAT_ONLINE, 0, 30, 6 },
    { 100, CH_EVENT_KIND_MEETING, CH_EVENT_FORMAT_HYBRID, 25, 16, 7 },
    { 70, CH_EVENT_KIND_WEBINAR, CH_EVENT_FORMAT_ONLINE, 0, 26, 7 },
  };
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st = NULL;
  guint next = 0;

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT id FROM member WHERE chapter_id = ? AND deleted = 0 "
                          "AND left_on IS NULL AND joined_on IS NOT NULL "
                          "ORDER BY email_key", -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED, "%s",
                   sqlite3_errmsg (ch_store_get_db (store)));
      return FALSE;
    }
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_ptr_array_add (members, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_finalize (st);
  if (members->len == 0)
    return TRUE;

  for (guint e = 0; e < G_N_ELEMENTS (history); e++)
    {
      g_autofree char *day = demo_tuesday (-history[e].days_ago);
      g_autofree char *id = NULL;
      const char *title, *description;
      gboolean webinar = g_str_equal (history[e].kind, CH_EVENT_KIND_WEBINAR);
      gboolean wit = g_str_equal (history[e].kind, CH_EVENT_KIND_WIT);
      guint n = history[e].in_person + history[e].online;

      if (webinar)
        {
          title = _("Webinar: Partner Programme Update");
          description = _("What changed in the partner programme, and what it means for us.");
        }
      else if (wit)
        {
          title = _("Women in Technology Breakfast");
          description = _("Mentoring circles for women in the partner community.");
        }
      else
        {
          title = _("Chapter Meeting");
          description = _("Member news, a customer story and peer-to-peer introductions.");
        }

      if (!demo_event (store, chapter_id, title, description, history[e].kind,
                       history[e].format, day, webinar ? "15:00" : wit ? "08:00" : "18:00",
                       webinar ? "16:00" : wit ? "09:30" : "20:30",
                       history[e].in_person > 0 ? 60 : -1, history[e].online > 0 ? 200 : -1,
                       &id, error))
        return FALSE;

      for (guint i = 0; i < n; i++)
        {
          const char *mode = i < history[e].in_person ? CH_MODE_IN_PERSON : CH_MODE_ONLINE;
          g_autofree char *reg = NULL;
          gboolean waitlisted = FALSE;
          gboolean online = g_str_equal (mode, CH_MODE_ONLINE);

          /* Members take turns, so many have come to something. */
          if (!ch_registration_add (store, id, g_ptr_array_index (members, next % members->len),
                                    NULL, NULL, mode, &reg, &waitlisted, error))
            return FALSE;
          next += 3;
          if (waitlisted || i % history[e].no_show == history[e].no_show - 1)
            continue;
          if (!ch_registration_check_in (store, reg, TRUE,
                                         online ? CH_CHECK_IN_TEAMS : CH_CHECK_IN_DOOR,
                                         online ? 40 + (gint) (i * 7 % 40) : -1, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* The meta key that remembers the demo chapter's id: its name is
 * translated, so it cannot be found by name in another language. */
#define DEMO_CHAPTER_KEY "demo_chapter_id"

char *
ch_demo_find_chapter (ChStore *store)
{
  g_autofree char *id = ch_store_get_meta (store, DEMO_CHAPTER_KEY);
  g_autoptr(GPtrArray) chapters = ch_store_list_chapters (store, NULL);

  for (guint i = 0; chapters != NULL && i < chapters->len; i++)
    {
      ChChapter *chapter = g_ptr_array_index (chapters, i);

      /* Files made before the key: by the name in this language. */
      if (id != NULL ? g_strcmp0 (ch_chapter_get_id (chapter), id) == 0
                     : g_strcmp0 (ch_chapter_get_name (chapter),
                                  _("Stockholm Demo Chapter")) == 0)
        return g_strdup (ch_chapter_get_id (chapter));
    }

  return NULL;
}

ChChapter *
ch_demo_create_chapter (ChStore  *store,
                        GError  **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(ChChapter) chapter = NULL;

  json_object_set_string_member (fields, "name", _("Stockholm Demo Chapter"));
  json_object_set_string_member (fields, "country", "SE");
  json_object_set_string_member (fields, "city", "Stockholm");
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_string_member (fields, "currency", "SEK");
  json_object_set_int_member (fields, "dues_amount", 150000);
  json_object_set_string_member (fields, "dues_period", "yearly");
  json_object_set_int_member (fields, "grace_days", 30);

  if (!ch_store_begin (store, error))
    return NULL;

  if (!(chapter = ch_store_create_chapter (store, fields, error)) ||
      !ch_demo_populate (store, ch_chapter_get_id (chapter), 250, 20261123, CH_DEMO_LOCAL, error) ||
      !add_officers (store, ch_chapter_get_id (chapter), error) ||
      !add_events (store, ch_chapter_get_id (chapter), error) ||
      !add_event_history (store, ch_chapter_get_id (chapter), error) ||
      !ch_demo_add_opportunities (store, ch_chapter_get_id (chapter), 60, 20261202, error) ||
      !ch_store_set_meta (store, DEMO_CHAPTER_KEY, ch_chapter_get_id (chapter), error))
    {
      ch_store_rollback (store);
      return NULL;
    }

  if (!ch_store_commit (store, error))
    return NULL;

  return g_steal_pointer (&chapter);
}
