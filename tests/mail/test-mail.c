/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-mail"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-mail-account.h"
#include "ch-mail-message.h"
#include "ch-mail-outbox.h"
#include "ch-mail-record.h"
#include "ch-mail-recipients.h"
#include "ch-mail-sender.h"
#include "ch-mail-template.h"
#include "ch-membership.h"
#include "ch-test-util.h"

#include "ch-mail-test.h"

/*
 * E-mail to members through a real SMTP server (python3-aiosmtpd) on
 * loopback: what arrives (recipients, subjects, filled-in fields, MIME
 * that Python's email module reads without defects, an .ics that
 * python3-icalendar reads), consent, the server's answers (550 per
 * recipient, 451 and 421 retried later, a refused login, no server), and
 * the record each member keeps.
 */

typedef struct
{
  StoreFixture  s;
  char         *anna;     /* due, may be e-mailed */
  char         *bjorn;    /* due, a name that needs RFC 2047 */
  char         *cecilia;  /* due, asked not to be e-mailed */
  char         *david;    /* due, no address */
} Fixture;

static char *
days_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static char *
add_due_member (Fixture    *f,
                const char *given,
                const char *family,
                const char *email,
                int         consent)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *until = days_from_today (10);

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
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
  f->anna = add_due_member (f, "Anna", "Berg", "anna@example.org", -1);
  f->bjorn = add_due_member (f, "Björn", "Åström", "bjorn@example.org", 1);
  f->cecilia = add_due_member (f, "Cecilia", "Dahl", "cecilia@example.org", 0);
  f->david = add_due_member (f, "David", "Ek", NULL, -1);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->anna);
  g_free (f->bjorn);
  g_free (f->cecilia);
  g_free (f->david);
  store_fixture_teardown (&f->s, data);
}

static void
set_account (Fixture    *f,
             MailServer *server,
             const char *more_json)
{
  g_autofree char *json = g_strdup_printf (
    "{'server': '127.0.0.1', 'port': %u, 'security': 'none', "
    "'from_address': 'president@chapter.example.org', 'from_name': 'Maria Lindqvist', "
    "'reply_to': 'maria@example.org', 'signature': 'Maria Lindqvist, President'%s%s}",
    server != NULL ? server->port : 9, more_json ? ", " : "", more_json ? more_json : "");
  g_autoptr(JsonObject) fields = test_json (json);
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_mail_account_save (f->s.store, f->s.chapter_id, fields, &error));
  g_assert_no_error (error);
}

/* Queues @template_key to @recipients; returns how many. */
static guint
queue (Fixture          *f,
       const char       *template_key,
       ChMailRecipients *recipients)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailAccount) account = ch_mail_account_load (f->s.store, f->s.chapter_id, &error);
  g_autoptr(ChMailTemplate) template = NULL;
  guint count = 0;

  g_assert_no_error (error);
  template = ch_mail_template_get (f->s.store, f->s.chapter_id, template_key, &error);
  g_assert_no_error (error);
  g_assert_true (ch_mail_outbox_queue (f->s.store, account, template, recipients, NULL, &count,
                                       &error));
  g_assert_no_error (error);
  return count;
}

static guint
queue_renewals (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailRecipients) r = ch_mail_recipients_for_renewals (f->s.store, f->s.chapter_id,
                                                                   CH_RENEWAL_DUE_SOON, &error);

  g_assert_no_error (error);
  return queue (f, "renewal-due", r);
}

static gboolean
send_all (Fixture           *f,
          ChMailSendReport  *report,
          GError           **error)
{
  return ch_mail_sender_run (f->s.path, f->s.chapter_id, NULL, NULL, NULL, report, error);
}

/* The outbox item sent to @address (the newest). */
static ChMailOutboxItem *
outbox_item (Fixture    *f,
             const char *address)
{
  g_autoptr(GPtrArray) list = ch_mail_outbox_list (f->s.store, f->s.chapter_id, NULL, NULL);

  g_assert_nonnull (list);
  for (guint i = 0; i < list->len; i++)
    {
      ChMailOutboxItem *item = list->pdata[i];

      if (g_str_equal (item->to_address, address))
        return ch_mail_outbox_item_copy (item);
    }

  g_assert_not_reached ();
}

/* Index (1-based) of the message received for @address. */
static guint
find_message (MailServer *server,
              const char *address)
{
  for (guint i = 1; i <= mail_server_count (server); i++)
    {
      g_autoptr(JsonObject) m = mail_server_message (server, i);
      JsonArray *rcpts = json_object_get_array_member (m, "rcpt_tos");

      if (json_array_get_length (rcpts) == 1 &&
          g_str_equal (json_array_get_string_element (rcpts, 0), address))
        return i;
    }

  return 0;
}

static void
test_renewal_reminders (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(MailServer) server = mail_server_start (dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) m = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *until = days_from_today (10);
  g_autofree char *expected = NULL;
  g_autofree char *described = NULL;
  g_autofree char *today = days_from_today (0);
  ChMailSendReport report = { 0 };
  const char *text;

  set_account (f, server, NULL);
  g_assert_cmpuint (queue_renewals (f), ==, 2);
  g_assert_true (send_all (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.sent, ==, 2);

  /* Each member their own message; consent and addresses honoured. */
  g_assert_cmpuint (mail_server_count (server), ==, 2);
  g_assert_cmpuint (mail_server_count_to (server, "anna@example.org"), ==, 1);
  g_assert_cmpuint (mail_server_count_to (server, "bjorn@example.org"), ==, 1);
  g_assert_cmpuint (mail_server_count_to (server, "cecilia@example.org"), ==, 0);

  m = mail_server_message (server, find_message (server, "bjorn@example.org"));
  g_assert_cmpstr (json_object_get_string_member (m, "to"), ==,
                   "Björn Åström <bjorn@example.org>");
  g_assert_cmpstr (json_object_get_string_member (m, "from"), ==,
                   "Maria Lindqvist <president@chapter.example.org>");
  g_assert_cmpstr (json_object_get_string_member (m, "reply_to"), ==, "maria@example.org");
  expected = g_strdup_printf ("Your Test Chapter membership: dues until %s", until);
  g_assert_cmpstr (json_object_get_string_member (m, "subject"), ==, expected);
  g_assert_true (json_object_get_boolean_member (m, "date_ok"));
  g_assert_true (json_object_get_boolean_member (m, "crlf"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (m, "defects")), ==, 0);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (m, "message_id"),
                                   "@chapter.example.org>"));
  g_assert_cmpstr (json_object_get_string_member (m, "list_unsubscribe"), ==,
                   "<mailto:maria@example.org?subject=unsubscribe>");

  text = json_object_get_string_member (m, "text");
  g_assert_true (g_str_has_prefix (text, "Dear Björn,\n"));
  g_assert_nonnull (strstr (text, until));
  g_assert_nonnull (strstr (text, "SEK 1500.00"));
  g_assert_nonnull (strstr (text, "Maria Lindqvist, President"));
  g_assert_nonnull (strstr (text, "If you would rather not receive e-mail from the chapter"));

  /* The record on the member's page. */
  records = ch_mail_record_list (f->s.store, f->bjorn, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  described = ch_mail_record_describe (records->pdata[0], "UTC");
  g_free (expected);
  expected = g_strdup_printf ("Renewal reminder, %s", today);
  g_assert_cmpstr (described, ==, expected);
  g_assert_cmpuint (ch_mail_record_count_recent (f->s.store, f->bjorn, "renewal-due", 7), ==, 1);
  g_assert_cmpuint (ch_mail_record_count_recent (f->s.store, f->cecilia, NULL, 7), ==, 0);

  /* Sending again sends nothing twice. */
  g_assert_true (send_all (f, &report, &error));
  g_assert_cmpuint (report.sent, ==, 0);
  g_assert_cmpuint (mail_server_count (server), ==, 2);
}

static void
test_left_out (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailRecipients) r = ch_mail_recipients_for_renewals (f->s.store, f->s.chapter_id,
                                                                   CH_RENEWAL_DUE_SOON, &error);
  g_autoptr(GString) left = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (r->members->len, ==, 2);
  for (guint i = 0; i < r->left_out->len; i++)
    {
      ChMailLeftOut *l = r->left_out->pdata[i];

      g_string_append_printf (left, "%s: %s|", l->name,
                              ch_mail_recipients_left_out_label (l->reason));
    }
  g_assert_nonnull (strstr (left->str, "Cecilia Dahl: Asked not to be e-mailed|"));
  g_assert_nonnull (strstr (left->str, "David Ek: No e-mail address|"));
}

static void
test_event_invitation (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(MailServer) server = mail_server_start (dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *event = test_add_event (f->s.store, f->s.chapter_id,
                                           "{'title': 'Julmingel 2036', "
                                           "'starts_local': '2036-12-09 18:00', "
                                           "'ends_local': '2036-12-09 21:00', "
                                           "'format': 'hybrid', 'venue_name': 'Microsoft Sweden', "
                                           "'join_url': 'https://teams.example.org/j/1', "
                                           "'status': 'published'}");
  g_autoptr(ChMailRecipients) r = NULL;
  g_autoptr(JsonObject) m = NULL;
  JsonArray *attachments;
  JsonObject *ics;
  JsonArray *events;
  ChMailSendReport report = { 0 };
  const char *text;

  for (const char *const *id = (const char *const[]) { f->anna, f->cecilia, NULL }; *id; id++)
    {
      g_assert_true (ch_registration_add (f->s.store, event, *id, NULL, NULL, "in-person", NULL,
                                          NULL, &error));
      g_assert_no_error (error);
    }

  set_account (f, server, NULL);
  r = ch_mail_recipients_for_event (f->s.store, event, "registered", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->members->len, ==, 1);   /* Cecilia asked not to be e-mailed */
  g_assert_cmpuint (r->left_out->len, ==, 1);
  g_assert_cmpuint (queue (f, "event-invitation", r), ==, 1);
  g_assert_true (send_all (f, &report, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (mail_server_count (server), ==, 1);
  m = mail_server_message (server, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (m, "rcpt_tos"), 0),
                   ==, "anna@example.org");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (m, "subject"),
                                   "Invitation: Julmingel 2036, "));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (m, "defects")), ==, 0);
  text = json_object_get_string_member (m, "text");
  g_assert_nonnull (strstr (text, "Where: Microsoft Sweden\n"));
  g_assert_nonnull (strstr (text, "Online: https://teams.example.org/j/1\n"));
  g_assert_nonnull (strstr (text, "18:00"));

  attachments = json_object_get_array_member (m, "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 1);
  ics = json_array_get_object_element (attachments, 0);
  g_assert_cmpstr (json_object_get_string_member (ics, "type"), ==, "text/calendar");
  events = json_object_get_array_member (ics, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0),
                                                  "summary"), ==, "Julmingel 2036");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0),
                                                  "dtstart"), ==, "2036-12-09T18:00:00+01:00");
}

static void
test_event_needs_event (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailRecipients) r = ch_mail_recipients_for_renewals (f->s.store, f->s.chapter_id,
                                                                   CH_RENEWAL_DUE_SOON, &error);
  g_autoptr(ChMailAccount) account = NULL;
  g_autoptr(ChMailTemplate) template = NULL;

  set_account (f, NULL, NULL);
  account = ch_mail_account_load (f->s.store, f->s.chapter_id, NULL);
  template = ch_mail_template_get (f->s.store, f->s.chapter_id, "event-invitation", NULL);
  g_assert_false (ch_mail_outbox_queue (f->s.store, account, template, r, NULL, NULL, &error));
  g_assert_error (error, CH_MAIL_OUTBOX_ERROR, CH_MAIL_OUTBOX_ERROR_NEEDS_EVENT);
  g_assert_cmpuint (ch_mail_outbox_count_waiting (f->s.store, f->s.chapter_id), ==, 0);
}

static void
test_starttls_auth (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(MailServer) server = mail_server_start (dir, "--starttls", "--auth",
                                                    "maria:sesam öppna", NULL);
  g_autofree char *password_file = g_build_filename (dir, "password", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  ChMailSendReport report = { 0 };

  /* A wrong password first: the login is refused, nothing is lost. */
  g_assert_true (g_file_set_contents (password_file, "wrong\n", -1, NULL));
  json = g_strdup_printf ("'security': 'starttls', 'user': 'maria', 'ca_file': '%s', "
                          "'password_file': '%s'", server->ca_file, password_file);
  set_account (f, server, json);
  g_assert_cmpuint (queue_renewals (f), ==, 2);
  g_assert_false (send_all (f, &report, &error));
  g_assert_error (error, CH_MAIL_SENDER_ERROR, CH_MAIL_SENDER_ERROR_ACCOUNT);
  g_assert_nonnull (strstr (error->message, "refused the user name or password"));
  g_clear_error (&error);
  g_assert_cmpuint (mail_server_count (server), ==, 0);
  g_assert_cmpuint (ch_mail_outbox_count_waiting (f->s.store, f->s.chapter_id), ==, 2);

  /* The right one: both go, encrypted. */
  g_assert_true (g_file_set_contents (password_file, "sesam öppna\n", -1, NULL));
  g_assert_true (send_all (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.sent, ==, 2);
  g_assert_cmpuint (mail_server_count (server), ==, 2);
}

static void
test_untrusted_certificate (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(MailServer) server = mail_server_start (dir, "--starttls", NULL);
  g_autoptr(GError) error = NULL;
  ChMailSendReport report = { 0 };

  /* STARTTLS to a server whose certificate nobody vouches for: nothing
   * goes in the clear, the messages wait. */
  set_account (f, server, "'security': 'starttls'");
  g_assert_cmpuint (queue_renewals (f), ==, 2);
  g_assert_false (send_all (f, &report, &error));
  g_assert_error (error, CH_MAIL_SENDER_ERROR, CH_MAIL_SENDER_ERROR_OFFLINE);
  g_assert_cmpuint (mail_server_count (server), ==, 0);
  g_assert_cmpuint (ch_mail_outbox_count_waiting (f->s.store, f->s.chapter_id), ==, 2);
}

static void
test_refused_recipient (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(MailServer) server = mail_server_start (dir, "--rcpt-answer",
                                                    "anna@example.org=550", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailOutboxItem) anna = NULL;
  g_autoptr(ChMailOutboxItem) bjorn = NULL;
  g_autoptr(GPtrArray) records = NULL;
  ChMailSendReport report = { 0 };

  set_account (f, server, NULL);
  g_assert_cmpuint (queue_renewals (f), ==, 2);
  g_assert_true (send_all (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.failed, ==, 1);
  g_assert_cmpuint (report.sent, ==, 1);

  anna = outbox_item (f, "anna@example.org");
  g_assert_cmpint (anna->state, ==, CH_MAIL_STATE_FAILED);
  g_assert_cmpstr (anna->last_error, ==,
                   "550 5.1.1 <anna@example.org>: no such mailbox here");
  bjorn = outbox_item (f, "bjorn@example.org");
  g_assert_cmpint (bjorn->state, ==, CH_MAIL_STATE_SENT);
  g_assert_cmpuint (mail_server_count_to (server, "bjorn@example.org"), ==, 1);
  g_assert_cmpuint (mail_server_count_to (server, "anna@example.org"), ==, 0);

  /* No record of a message that never went. */
  records = ch_mail_record_list (f->s.store, f->anna, &error);
  g_assert_cmpuint (records->len, ==, 0);
}

static void
test_try_later (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(MailServer) server = mail_server_start (dir, "--rcpt-answer",
                                                    "anna@example.org=451", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailOutboxItem) anna = NULL;
  ChMailSendReport report = { 0 };

  set_account (f, server, NULL);
  g_assert_cmpuint (queue_renewals (f), ==, 2);
  g_assert_true (send_all (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.waiting, ==, 1);
  g_assert_cmpuint (report.sent, ==, 1);

  anna = outbox_item (f, "anna@example.org");
  g_assert_cmpint (anna->state, ==, CH_MAIL_STATE_QUEUED);
  g_assert_nonnull (anna->next_attempt_at);
  g_assert_cmpstr (anna->last_error, ==,
                   "451 4.7.1 <anna@example.org>: greylisted, try again later");
  g_assert_cmpuint (mail_server_count_to (server, "anna@example.org"), ==, 0);

  /* Not due yet: a second run leaves it. */
  g_assert_true (send_all (f, &report, &error));
  g_assert_cmpuint (report.sent, ==, 0);

  /* "Retry": it goes, once. */
  g_assert_cmpuint (ch_mail_outbox_retry (f->s.store, f->s.chapter_id, FALSE, &error), ==, 1);
  g_assert_true (send_all (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.sent, ==, 1);
  g_assert_cmpuint (mail_server_count_to (server, "anna@example.org"), ==, 1);
  g_assert_cmpuint (mail_server_count_to (server, "bjorn@example.org"), ==, 1);
}

static void
test_server_busy (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(MailServer) server = mail_server_start (dir, "--fail-first", "1",
                                                    "--fail-code", "421", NULL);
  g_autoptr(GError) error = NULL;
  ChMailSendReport report = { 0 };

  set_account (f, server, NULL);
  g_assert_cmpuint (queue_renewals (f), ==, 2);
  g_assert_true (send_all (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.waiting, ==, 1);
  g_assert_cmpuint (report.sent, ==, 1);
  g_assert_cmpuint (mail_server_count (server), ==, 1);

  g_assert_cmpuint (ch_mail_outbox_retry (f->s.store, f->s.chapter_id, FALSE, &error), ==, 1);
  g_assert_true (send_all (f, &report, &error));
  g_assert_cmpuint (report.sent, ==, 1);
  g_assert_cmpuint (mail_server_count_to (server, "anna@example.org"), ==, 1);
  g_assert_cmpuint (mail_server_count_to (server, "bjorn@example.org"), ==, 1);
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(MailServer) server = mail_server_start (dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailOutboxItem) anna = NULL;
  ChMailSendReport report = { 0 };
  guint port = server->port;

  set_account (f, server, NULL);
  g_clear_pointer (&server, mail_server_stop);   /* nobody listens there now */
  g_assert_cmpuint (queue_renewals (f), ==, 2);
  g_assert_false (send_all (f, &report, &error));
  g_assert_error (error, CH_MAIL_SENDER_ERROR, CH_MAIL_SENDER_ERROR_OFFLINE);
  g_assert_cmpuint (ch_mail_outbox_count_waiting (f->s.store, f->s.chapter_id), ==, 2);
  anna = outbox_item (f, "anna@example.org");
  g_assert_cmpuint (anna->attempts, ==, 0);
  g_assert_null (anna->next_attempt_at);
  (void) port;
}

static void
test_consent_withdrawn (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autoptr(MailServer) server = mail_server_start (dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailOutboxItem) anna = NULL;
  ChMailSendReport report = { 0 };

  /* Queued while Anna could be e-mailed; before it goes, she asks not to
   * be (here, or on another officer's computer, then synced). */
  set_account (f, server, NULL);
  g_assert_cmpuint (queue_renewals (f), ==, 2);
  test_update_member (f->s.store, f->anna, "{'consent_email': false}");

  g_assert_true (send_all (f, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.sent, ==, 1);
  g_assert_cmpuint (mail_server_count_to (server, "anna@example.org"), ==, 0);
  g_assert_cmpuint (mail_server_count_to (server, "bjorn@example.org"), ==, 1);
  anna = outbox_item (f, "anna@example.org");
  g_assert_cmpint (anna->state, ==, CH_MAIL_STATE_FAILED);
  g_assert_cmpstr (anna->last_error, ==, "Asked not to be e-mailed");
}

static void
test_account_rules (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) plain = test_json ("{'server': 'smtp.example.org', 'security': 'none', "
                                           "'from_address': 'p@example.org'}");
  g_autoptr(JsonObject) bad_from = test_json ("{'server': 'smtp.example.org', "
                                              "'from_address': 'not an address'}");
  g_autoptr(JsonObject) good = test_json ("{'server': 'smtp.example.org', "
                                          "'security': 'tls', 'from_address': 'p@example.org'}");
  g_autoptr(ChMailAccount) account = NULL;

  g_assert_false (ch_mail_account_save (f->s.store, f->s.chapter_id, plain, &error));
  g_assert_error (error, CH_MAIL_ACCOUNT_ERROR, CH_MAIL_ACCOUNT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "only to a server on this computer"));
  g_clear_error (&error);
  g_assert_false (ch_mail_account_save (f->s.store, f->s.chapter_id, bad_from, &error));
  g_assert_error (error, CH_MAIL_ACCOUNT_ERROR, CH_MAIL_ACCOUNT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (ch_mail_account_load (f->s.store, f->s.chapter_id, &error));
  g_assert_error (error, CH_MAIL_ACCOUNT_ERROR, CH_MAIL_ACCOUNT_ERROR_NOT_SET);
  g_clear_error (&error);

  g_assert_true (ch_mail_account_save (f->s.store, f->s.chapter_id, good, &error));
  account = ch_mail_account_load (f->s.store, f->s.chapter_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (account->port, ==, 465);
  g_assert_cmpint (account->security, ==, CH_MAIL_SECURITY_TLS);

  /* The database never holds a password. */
  g_assert_cmpint (test_query_int (f->s.path, "SELECT count(*) FROM pragma_table_info"
                                   "('mail_account') WHERE name LIKE '%password' "),
                   ==, 0);
}

static void
test_templates (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ch_mail_template_list (f->s.store, f->s.chapter_id, &error);
  g_autoptr(ChMailTemplate) edited = NULL;
  g_autoptr(ChMailTemplate) reset = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 6);

  g_assert_false (ch_mail_template_save (f->s.store, f->s.chapter_id, "renewal-due", "Hi",
                                         "Dear {{nickname}}", &error));
  g_assert_error (error, CH_MAIL_TEMPLATE_ERROR, CH_MAIL_TEMPLATE_ERROR_UNKNOWN_FIELD);
  g_clear_error (&error);

  g_assert_true (ch_mail_template_save (f->s.store, f->s.chapter_id, "renewal-due",
                                        "Förnya, {{given_name}}", "Hej {{given_name}}!", &error));
  edited = ch_mail_template_get (f->s.store, f->s.chapter_id, "renewal-due", &error);
  g_assert_true (edited->edited);
  g_assert_cmpstr (edited->subject, ==, "Förnya, {{given_name}}");

  g_assert_true (ch_mail_template_reset (f->s.store, f->s.chapter_id, "renewal-due", &error));
  reset = ch_mail_template_get (f->s.store, f->s.chapter_id, "renewal-due", &error);
  g_assert_false (reset->edited);
  g_assert_true (g_str_has_prefix (reset->subject, "Your {{chapter}} membership"));
}

static void
test_encoded_words (void)
{
  g_autofree char *plain = ch_mail_message_encode_header ("Renewal reminder");
  g_autofree char *long_text = ch_mail_message_encode_header (
    "Påminnelse: ditt medlemskap i IAMCP Sverige löper ut snart — förnya före årsskiftet");
  g_auto(GStrv) lines = g_strsplit (long_text, "\r\n ", -1);

  g_assert_cmpstr (plain, ==, "Renewal reminder");
  g_assert_cmpuint (g_strv_length (lines), >, 1);
  for (guint i = 0; lines[i]; i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], "=?UTF-8?B?"));
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
    }
}

int
main (int   argc,
      char *argv[])
{
  test_init_c_locale (&argc, &argv);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/mail/renewal-reminders", test_renewal_reminders);
  ADD ("/mail/left-out", test_left_out);
  ADD ("/mail/event-invitation", test_event_invitation);
  ADD ("/mail/event-needs-event", test_event_needs_event);
  ADD ("/mail/starttls-auth", test_starttls_auth);
  ADD ("/mail/untrusted-certificate", test_untrusted_certificate);
  ADD ("/mail/refused-recipient", test_refused_recipient);
  ADD ("/mail/try-later", test_try_later);
  ADD ("/mail/server-busy", test_server_busy);
  ADD ("/mail/offline", test_offline);
  ADD ("/mail/consent-withdrawn", test_consent_withdrawn);
  ADD ("/mail/account-rules", test_account_rules);
  ADD ("/mail/templates", test_templates);
#undef ADD
  g_test_add_func ("/mail/encoded-words", test_encoded_words);

  return g_test_run ();
}
