/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-mail-paths"

#include "config.h"

#include <string.h>

#include "ch-mail-account.h"
#include "ch-mail-outbox.h"
#include "ch-mail-queue.h"
#include "ch-mail-record.h"
#include "ch-mail-reminders.h"
#include "ch-mail-sender.h"
#include "ch-mail-source.h"
#include "ch-mail-template.h"
#include "ch-registrations.h"
#include "ch-test-util.h"

#include "ch-mail-test.h"

/*
 * The ways of choosing whom to write to, each through the real SMTP
 * server: the Members page's filter, an event's people per mode, a
 * Renewals group and the reminders that came due; consent in every one; a
 * connection dropped in the middle of a message and retried (exactly
 * once); queueing on a worker thread with progress.
 */

typedef struct
{
  StoreFixture  s;
  char         *anna;     /* due in 10 days, may be e-mailed */
  char         *bjorn;    /* due in 10 days, may be e-mailed */
  char         *cecilia;  /* due in 10 days, asked not to be e-mailed */
  char         *david;    /* due in 10 days, no address */
  char         *erik;     /* in grace (dues ran out 5 days ago), asked not to be e-mailed */
  char         *frida;    /* in grace, may be e-mailed */
} Fixture;

static char *
days_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static char *
add_member (Fixture    *f,
            const char *given,
            const char *email,
            int         consent,
            int         paid_in_days)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *until = days_from_today (paid_in_days);

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", "Nord");
  if (email != NULL)
    json_object_set_string_member (fields, "email", email);
  json_object_set_string_member (fields, "tier", "chapter");
  json_object_set_string_member (fields, "joined_on", "2024-01-10");
  json_object_set_string_member (fields, "dues_paid_until", until);
  if (consent >= 0)
    json_object_set_boolean_member (fields, "consent_email", consent);

  return test_add_member_fields (f->s.store, f->s.chapter_id, fields);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  store_fixture_setup (&f->s, data);
  f->anna = add_member (f, "Anna", "anna@example.org", -1, 10);
  f->bjorn = add_member (f, "Björn", "bjorn@example.org", 1, 10);
  f->cecilia = add_member (f, "Cecilia", "cecilia@example.org", 0, 10);
  f->david = add_member (f, "David", NULL, -1, 10);
  f->erik = add_member (f, "Erik", "erik@example.org", 0, -5);
  f->frida = add_member (f, "Frida", "frida@example.org", 1, -5);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->anna);
  g_free (f->bjorn);
  g_free (f->cecilia);
  g_free (f->david);
  g_free (f->erik);
  g_free (f->frida);
  store_fixture_teardown (&f->s, data);
}

static void
set_account (Fixture    *f,
             MailServer *server)
{
  g_autofree char *json = g_strdup_printf (
    "{'server': '127.0.0.1', 'port': %u, 'security': 'none', "
    "'from_address': 'president@chapter.example.org'}", server != NULL ? server->port : 9);
  g_autoptr(JsonObject) fields = test_json (json);
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_mail_account_save (f->s.store, f->s.chapter_id, fields, &error));
  g_assert_no_error (error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The names in @r, sorted, and who is left out: "Anna, Björn | Cecilia: …". */
static char *
describe (ChMailRecipients *r)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < r->members->len; i++)
    g_ptr_array_add (names, g_strdup (ch_member_get_given_name (r->members->pdata[i])));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", (char *) names->pdata[i]);
  g_string_append (text, " |");
  for (guint i = 0; i < r->left_out->len; i++)
    {
      ChMailLeftOut *l = r->left_out->pdata[i];

      g_string_append_printf (text, " %s: %s;", l->name,
                              ch_mail_recipients_left_out_label (l->reason));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
resolve (Fixture      *f,
         ChMailSource *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailRecipients) r = ch_mail_source_resolve (f->s.store, source, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r->recent);
  return describe (r);
}

static ChMailRecipients *
resolve_recipients (Fixture      *f,
                    ChMailSource *source)
{
  g_autoptr(GError) error = NULL;
  ChMailRecipients *r = ch_mail_source_resolve (f->s.store, source, &error);

  g_assert_no_error (error);
  return r;
}

static guint
queue (Fixture          *f,
       const char       *template_key,
       ChMailRecipients *recipients)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailAccount) account = ch_mail_account_load (f->s.store, f->s.chapter_id, &error);
  g_autoptr(ChMailTemplate) template = ch_mail_template_get (f->s.store, f->s.chapter_id,
                                                             template_key, &error);
  guint count = 0;

  g_assert_no_error (error);
  g_assert_true (ch_mail_outbox_queue (f->s.store, account, template, recipients, NULL, &count,
                                       &error));
  g_assert_no_error (error);
  return count;
}

static void
send_all (Fixture          *f,
          ChMailSendReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_mail_sender_run (f->s.path, f->s.chapter_id, NULL, NULL, NULL, report,
                                     &error));
  g_assert_no_error (error);
}

/* ----------------------------------------------------------------------- */

static void
test_dropped_connection (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(MailServer) server = mail_server_start (dir, "--drop-first", "1", NULL);
  g_autoptr(ChMailSource) source = ch_mail_source_new_renewals (f->s.chapter_id,
                                                                CH_RENEWAL_DUE_SOON);
  g_autoptr(ChMailRecipients) r = resolve_recipients (f, source);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  ChMailSendReport report = { 0 };
  ChMailOutboxItem *dropped = NULL;

  set_account (f, server);
  g_assert_cmpuint (queue (f, "renewal-due", r), ==, 2);

  /* The line dies during the first message: it waits, the other goes. */
  send_all (f, &report);
  g_assert_cmpuint (report.sent, ==, 1);
  g_assert_cmpuint (report.waiting, ==, 1);
  g_assert_cmpuint (mail_server_count (server), ==, 1);

  items = ch_mail_outbox_list (f->s.store, f->s.chapter_id, NULL, &error);
  for (guint i = 0; i < items->len; i++)
    if (((ChMailOutboxItem *) items->pdata[i])->state != CH_MAIL_STATE_SENT)
      dropped = items->pdata[i];
  g_assert_nonnull (dropped);
  g_assert_cmpint (dropped->state, ==, CH_MAIL_STATE_QUEUED);
  g_assert_nonnull (dropped->last_error);
  g_assert_cmpuint (mail_server_count_to (server, dropped->to_address), ==, 0);

  /* Retried: it goes, exactly once, and nobody gets a second copy. */
  g_assert_cmpuint (ch_mail_outbox_retry (f->s.store, f->s.chapter_id, FALSE, &error), ==, 1);
  send_all (f, &report);
  g_assert_cmpuint (report.sent, ==, 1);
  g_assert_cmpuint (mail_server_count (server), ==, 2);
  g_assert_cmpuint (mail_server_count_to (server, "anna@example.org"), ==, 1);
  g_assert_cmpuint (mail_server_count_to (server, "bjorn@example.org"), ==, 1);

  /* A third run sends nothing more. */
  send_all (f, &report);
  g_assert_cmpuint (report.sent, ==, 0);
  g_assert_cmpuint (mail_server_count (server), ==, 2);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = ch_mail_record_list (f->s.store, f->anna, &error);
  g_assert_cmpuint (items->len, ==, 1);
}

/* Consent lives in one place and every way of choosing goes through it. */
static void
test_consent_every_path (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ChMailSource) filter = ch_mail_source_new_filter (f->s.chapter_id, NULL);
  g_autoptr(ChMailSource) search = ch_mail_source_new_filter (f->s.chapter_id, "cecilia");
  g_autoptr(ChMailSource) grace = ch_mail_source_new_renewals (f->s.chapter_id,
                                                               CH_RENEWAL_IN_GRACE);
  g_autoptr(ChMailSource) by_status = ch_mail_source_new_filter (f->s.chapter_id, NULL);
  g_autoptr(ChMailSource) event_all = NULL;
  g_autoptr(ChMailSource) event_online = NULL;
  g_autoptr(ChMailSource) event_in_person = NULL;
  g_autoptr(ChMailSource) picked = NULL;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *event = test_add_event (f->s.store, f->s.chapter_id,
                                           "{'title': 'Julmingel 2036', "
                                           "'starts_local': '2036-12-09 18:00', "
                                           "'ends_local': '2036-12-09 21:00', "
                                           "'format': 'hybrid', 'venue_name': 'Microsoft Sweden', "
                                           "'join_url': 'https://teams.example.org/j/1', "
                                           "'status': 'published'}");
  g_autofree char *text = NULL;

  /* The Members page's filter: the tier, then a search. */
  ch_mail_source_set_filter (filter, CH_MAIL_SOURCE_FILTER_TIER, "chapter");
  text = resolve (f, filter);
  g_assert_cmpstr (text, ==, "Anna, Björn, Frida | Cecilia Nord: Asked not to be e-mailed; "
                             "David Nord: No e-mail address; "
                             "Erik Nord: Asked not to be e-mailed;");
  g_clear_pointer (&text, g_free);
  text = resolve (f, search);
  g_assert_cmpstr (text, ==, " | Cecilia Nord: Asked not to be e-mailed;");
  g_clear_pointer (&text, g_free);
  ch_mail_source_set_filter (by_status, CH_MAIL_SOURCE_FILTER_STATUS, "grace");
  text = resolve (f, by_status);
  g_assert_cmpstr (text, ==, "Frida | Erik Nord: Asked not to be e-mailed;");
  g_clear_pointer (&text, g_free);

  /* A Renewals group. */
  text = resolve (f, grace);
  g_assert_cmpstr (text, ==, "Frida | Erik Nord: Asked not to be e-mailed;");
  g_clear_pointer (&text, g_free);

  /* An event's people, all and per mode. */
  for (const char *const *id = (const char *const[]) { f->anna, f->cecilia, NULL }; *id; id++)
    g_assert_true (ch_registration_add (f->s.store, event, *id, NULL, NULL, "in-person", NULL,
                                        NULL, &error));
  g_assert_true (ch_registration_add (f->s.store, event, f->bjorn, NULL, NULL, "online", NULL,
                                      NULL, &error));
  g_assert_true (ch_registration_add (f->s.store, event, f->erik, NULL, NULL, "online", NULL,
                                      NULL, &error));
  g_assert_no_error (error);
  event_all = ch_mail_source_new_event (f->s.chapter_id, event, "registered", NULL);
  event_online = ch_mail_source_new_event (f->s.chapter_id, event, "registered", "online");
  event_in_person = ch_mail_source_new_event (f->s.chapter_id, event, "registered",
                                              "in-person");
  text = resolve (f, event_all);
  g_assert_cmpstr (text, ==, "Anna, Björn | Cecilia Nord: Asked not to be e-mailed; "
                             "Erik Nord: Asked not to be e-mailed;");
  g_clear_pointer (&text, g_free);
  text = resolve (f, event_online);
  g_assert_cmpstr (text, ==, "Björn | Erik Nord: Asked not to be e-mailed;");
  g_clear_pointer (&text, g_free);
  text = resolve (f, event_in_person);
  g_assert_cmpstr (text, ==, "Anna | Cecilia Nord: Asked not to be e-mailed;");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (ch_mail_source_suggested_template (event_all), ==, "event-reminder");

  /* Chosen by hand. */
  g_ptr_array_add (members, ch_store_get_member (f->s.store, f->cecilia, NULL));
  g_ptr_array_add (members, ch_store_get_member (f->s.store, f->anna, NULL));
  picked = ch_mail_source_new_members (f->s.chapter_id, members);
  text = resolve (f, picked);
  g_assert_cmpstr (text, ==, "Anna | Cecilia Nord: Asked not to be e-mailed;");
}

static void
test_reminders_due (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(MailServer) server = mail_server_start (dir, NULL);
  ChMailReminderRules rules = { 14, TRUE, TRUE };
  ChMailReminderRules off = { 0, FALSE, FALSE };
  ChMailReminderRules later = { 7, FALSE, FALSE };
  g_autoptr(ChMailSource) before = ch_mail_source_new_reminders (f->s.chapter_id, &rules,
                                                                 CH_MAIL_REMINDER_BEFORE);
  g_autoptr(ChMailSource) at_grace = ch_mail_source_new_reminders (f->s.chapter_id, &rules,
                                                                   CH_MAIL_REMINDER_GRACE);
  g_autoptr(ChMailRecipients) r = NULL;
  g_autoptr(GHashTable) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  ChMailRecord *record;
  ChMailSendReport report = { 0 };
  ChMailReminderStep step = CH_MAIL_REMINDER_N_STEPS;

  /* Anna and Björn (due in 10 days) and Frida (in grace) may be e-mailed. */
  g_assert_cmpuint (ch_mail_reminders_count (f->s.store, f->s.chapter_id, &rules, &step,
                                             &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, CH_MAIL_REMINDER_BEFORE);
  g_assert_cmpuint (ch_mail_reminders_count (f->s.store, f->s.chapter_id, &off, NULL, NULL),
                    ==, 0);
  /* Seven days before: not yet. */
  g_assert_cmpuint (ch_mail_reminders_count (f->s.store, f->s.chapter_id, &later, NULL, NULL),
                    ==, 0);
  text = resolve (f, before);
  g_assert_cmpstr (text, ==, "Anna, Björn | Cecilia Nord: Asked not to be e-mailed; "
                             "David Nord: No e-mail address;");
  g_assert_cmpstr (ch_mail_source_suggested_template (before), ==, "renewal-due");
  g_assert_cmpstr (ch_mail_source_suggested_template (at_grace), ==, "renewal-grace");

  /* Reviewed and sent: the step is done for them, on every officer's
   * computer once the record has synced. */
  set_account (f, server);
  r = resolve_recipients (f, before);
  g_assert_cmpuint (queue (f, "renewal-due", r), ==, 2);
  send_all (f, &report);
  g_assert_cmpuint (report.sent, ==, 2);
  g_assert_cmpuint (ch_mail_reminders_count (f->s.store, f->s.chapter_id, &rules, &step, NULL),
                    ==, 1);
  g_assert_cmpint (step, ==, CH_MAIL_REMINDER_GRACE);

  /* A different step's message does not count for this one. */
  g_clear_pointer (&r, ch_mail_recipients_free);
  r = resolve_recipients (f, at_grace);
  g_assert_cmpuint (r->members->len, ==, 1);
  g_assert_cmpuint (queue (f, "renewal-grace", r), ==, 1);
  send_all (f, &report);
  g_assert_cmpuint (ch_mail_reminders_count (f->s.store, f->s.chapter_id, &rules, NULL, NULL),
                    ==, 0);

  /* "Last reminded" on the Renewals page. */
  last = ch_mail_record_last_reminded (f->s.store, f->s.chapter_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (last), ==, 3);
  record = g_hash_table_lookup (last, f->frida);
  g_assert_cmpstr (record->template_key, ==, "renewal-grace");
  g_assert_null (g_hash_table_lookup (last, f->cecilia));

  /* And the compose dialog's "in the last 7 days". */
  g_clear_pointer (&r, ch_mail_recipients_free);
  r = resolve_recipients (f, before);
  g_assert_cmpuint (r->members->len, ==, 0);
}

typedef struct
{
  GMainLoop        *loop;
  ChMailRecipients *recipients;
  guint             progress_calls;
  guint             last_done;
  guint             queued;
  GError           *error;
} Async;

static void
on_resolved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Async *a = data;

  a->recipients = ch_mail_source_resolve_finish (result, &a->error);
  g_main_loop_quit (a->loop);
}

static void
on_progress_cb (guint    done,
                guint    total,
                gpointer data)
{
  Async *a = data;

  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (done, >=, a->last_done);
  a->last_done = done;
  a->progress_calls++;
}

static void
on_queued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Async *a = data;

  ch_mail_queue_finish (result, NULL, &a->queued, &a->error);
  g_main_loop_quit (a->loop);
}

/* As the window does it: found and queued on worker threads. */
static void
test_queue_on_worker (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ChMailSource) source = ch_mail_source_new_filter (f->s.chapter_id, NULL);
  g_autoptr(ChMailAccount) account = NULL;
  g_autoptr(ChMailTemplate) template = NULL;
  Async a = { 0 };

  set_account (f, NULL);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *given = g_strdup_printf ("Member%02u", i);
      g_autofree char *email = g_strdup_printf ("m%u@example.org", i);
      g_autofree char *id = add_member (f, given, email, 1, 200);
    }
  account = ch_mail_account_load (f->s.store, f->s.chapter_id, NULL);
  template = ch_mail_template_get (f->s.store, f->s.chapter_id, "renewal-due", NULL);

  a.loop = g_main_loop_new (NULL, FALSE);
  ch_mail_source_resolve_async (f->s.path, source, NULL, on_resolved_cb, &a);
  g_main_loop_run (a.loop);
  g_assert_no_error (a.error);
  g_assert_cmpuint (a.recipients->members->len, ==, 63);

  ch_mail_queue_async (f->s.path, account, template, a.recipients, NULL, on_progress_cb, &a,
                       on_queued_cb, &a);
  g_main_loop_run (a.loop);
  g_assert_no_error (a.error);
  g_assert_cmpuint (a.queued, ==, 63);
  g_assert_cmpuint (a.progress_calls, >, 0);
  g_assert_cmpuint (ch_mail_outbox_count_waiting (f->s.store, f->s.chapter_id), ==, 63);

  g_main_loop_unref (a.loop);
  ch_mail_recipients_free (a.recipients);
}

/* The optional HTML version: the same text, escaped, with its links
 * clickable, as multipart/alternative beside the plain text. */
static void
test_html_part (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(MailServer) server = mail_server_start (dir, NULL);
  g_autoptr(ChMailSource) source = NULL;
  g_autoptr(ChMailRecipients) r = NULL;
  g_autoptr(ChMailAccount) account = NULL;
  g_autoptr(ChMailTemplate) template = NULL;
  g_autoptr(JsonObject) m = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  ChMailSendReport report = { 0 };
  const char *html;
  guint count = 0;

  set_account (f, server);
  g_assert_true (ch_mail_template_save (f->s.store, f->s.chapter_id, "renewal-due",
                                        "Dues <soon> & {{given_name}}",
                                        "Dear {{given_name}},\n5 < 6 & renew at "
                                        "https://example.org/renew?x=1&y=2.\n\nMaria",
                                        &error));
  g_assert_no_error (error);
  g_ptr_array_add (one, ch_store_get_member (f->s.store, f->anna, NULL));
  source = ch_mail_source_new_members (f->s.chapter_id, one);
  r = resolve_recipients (f, source);
  account = ch_mail_account_load (f->s.store, f->s.chapter_id, NULL);
  template = ch_mail_template_get (f->s.store, f->s.chapter_id, "renewal-due", NULL);
  template->html_part = TRUE;
  g_assert_true (ch_mail_outbox_queue (f->s.store, account, template, r, NULL, &count, &error));
  g_assert_cmpuint (count, ==, 1);
  send_all (f, &report);
  g_assert_cmpuint (report.sent, ==, 1);

  m = mail_server_message (server, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (m, "defects")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (m, "subject"), ==, "Dues <soon> & Anna");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (m, "text"),
                                   "Dear Anna,\n5 < 6 & renew at "
                                   "https://example.org/renew?x=1&y=2.\n\nMaria\n"));
  html = json_object_get_string_member (m, "html");
  g_assert_nonnull (html);
  /* MIME lines end in CRLF, in the HTML as everywhere. */
  g_assert_nonnull (strstr (html, "<p>Dear Anna,<br>\r\n5 &lt; 6 &amp; renew at "
                                  "<a href=\"https://example.org/renew?x=1&amp;y=2\">"
                                  "https://example.org/renew?x=1&amp;y=2</a>.</p>\r\n<p>Maria"));
}

int
main (int   argc,
      char *argv[])
{
  test_init_c_locale (&argc, &argv);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/mail/paths/dropped-connection", test_dropped_connection);
  ADD ("/mail/paths/consent-every-path", test_consent_every_path);
  ADD ("/mail/paths/reminders-due", test_reminders_due);
  ADD ("/mail/paths/queue-on-worker", test_queue_on_worker);
  ADD ("/mail/paths/html-part", test_html_part);
#undef ADD

  return g_test_run ();
}
