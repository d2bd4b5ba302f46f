/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-mail"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "ch-mail-test.h"
#include "ch-sync-test.h"

/*
 * chapterhouse-cli mail as an officer or a script uses it, against a real
 * SMTP server (python3-aiosmtpd): the account, templates, sending to a
 * Renewals group with consent honoured, the outbox with the server's
 * reasons, the member's log, and a kill of the sender in the middle of a
 * batch followed by a restart, after which every member has exactly one
 * message.
 */

typedef struct
{
  char       *dir;
  char       *db;
  MailServer *server;
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
            const char *consent)
{
  g_auto(SyncCliRun) run = { 0 };
  g_autoptr(JsonObject) member = NULL;
  g_autofree char *until = days_from_today (12);
  g_autofree char *address = g_strdup_printf ("%s@example.org", email);

  sync_cli (&run, f->db, "--json", "members", "add", "--given", given, "--family", "Svensson",
            "--email", address, "--tier", "chapter", "--joined", "2024-02-01",
            "--paid-until", until, "--consent-email", consent, NULL);
  g_assert_cmpint (run.status, ==, 0);
  member = sync_cli_json_object (&run);
  return g_strdup (json_object_get_string_member (member, "id"));
}

static void
set_account (Fixture *f)
{
  g_auto(SyncCliRun) run = { 0 };
  g_autofree char *port = g_strdup_printf ("%u", f->server->port);

  sync_cli (&run, f->db, "mail", "account", "set", "--server", "127.0.0.1", "--port", port,
            "--security", "none", "--from", "president@chapter.example.org",
            "--from-name", "Maria Lindqvist", "--signature", "Maria", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "From: president@chapter.example.org"));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_auto(SyncCliRun) run = { 0 };
  const char *server_options = data;

  f->dir = sync_test_make_tmp_dir ();
  f->db = g_build_filename (f->dir, "officer.db", NULL);
  sync_cli (&run, f->db, "chapter", "create", "--name", "IAMCP Sweden", "--country", "SE",
            "--timezone", "Europe/Stockholm", "--currency", "SEK", "--dues", "150000", NULL);
  g_assert_cmpint (run.status, ==, 0);

  if (server_options == NULL)
    f->server = mail_server_start (f->dir, NULL);
  else
    {
      g_autofree char *pid_file = g_build_filename (f->dir, "cli.pid", NULL);

      /* "--kill-after N": the server kills the CLI after message N. */
      f->server = mail_server_start (f->dir, "--kill-pid-file", pid_file, "--kill-after",
                                     server_options, NULL);
    }
  set_account (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  mail_server_stop (f->server);
  sync_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static void
test_account (Fixture       *f,
              gconstpointer  data)
{
  g_auto(SyncCliRun) run = { 0 };
  g_autoptr(JsonObject) account = NULL;

  /* No encryption to a server elsewhere: refused, the account unchanged. */
  sync_cli (&run, f->db, "mail", "account", "set", "--server", "smtp.example.org",
            "--security", "none", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "only to a server on this computer"));

  sync_cli (&run, f->db, "mail", "account", "set", "--port", "0", NULL);
  g_assert_cmpint (run.status, ==, 3);

  sync_cli (&run, f->db, "--json", "mail", "account", "show", NULL);
  g_assert_cmpint (run.status, ==, 0);
  account = sync_cli_json_object (&run);
  g_assert_cmpstr (json_object_get_string_member (account, "server"), ==, "127.0.0.1");
  g_assert_cmpstr (json_object_get_string_member (account, "security"), ==, "none");

  sync_cli (&run, f->db, "mail", "account", "set", "--password-file",
            "/nonexistent/password", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "cannot be read"));
}

static void
test_templates (Fixture       *f,
                gconstpointer  data)
{
  g_auto(SyncCliRun) run = { 0 };
  g_autofree char *body = g_build_filename (f->dir, "body.txt", NULL);

  sync_cli (&run, f->db, "mail", "templates", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "renewal-due        Renewal reminder\n"));
  g_assert_nonnull (strstr (run.out, "event-invitation   Event invitation\n"));

  g_assert_true (g_file_set_contents (body, "Hej {{förnamn}}!\n", -1, NULL));
  sync_cli (&run, f->db, "mail", "templates", "renewal-due", "--body-file", body, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "field “förnamn” that does not exist"));

  g_assert_true (g_file_set_contents (body, "Hej {{given_name}}!\n", -1, NULL));
  sync_cli (&run, f->db, "mail", "templates", "renewal-due", "--subject",
            "Dags att förnya, {{given_name}}", "--body-file", body, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, f->db, "mail", "templates", NULL);
  g_assert_nonnull (strstr (run.out, "renewal-due        Renewal reminder (edited)\n"));

  sync_cli (&run, f->db, "mail", "templates", "no-such", NULL);
  g_assert_cmpint (run.status, ==, 3);
}

static void
test_send_renewals (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *anna = add_member (f, "Anna", "anna", "yes");
  g_autofree char *erik = add_member (f, "Erik", "erik", "no");
  /* The day in the chapter's zone (Stockholm), which is not UTC's around
   * midnight. */
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Stockholm");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *expected = g_strdup_printf ("Renewal reminder, %s", today);
  g_auto(SyncCliRun) run = { 0 };
  g_autoptr(JsonObject) dry = NULL;
  g_autoptr(JsonObject) sent = NULL;
  g_autoptr(JsonNode) outbox = NULL;
  g_autoptr(JsonNode) log = NULL;
  g_autoptr(JsonObject) m = NULL;
  JsonArray *messages;
  JsonArray *left_out;

  /* A dry run shows who gets what and who is left out; nothing goes. */
  sync_cli (&run, f->db, "--json", "mail", "send", "--template", "renewal-due",
            "--renewals", "due", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  dry = sync_cli_json_object (&run);
  messages = json_object_get_array_member (dry, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0),
                                                  "to"), ==, "Anna Svensson <anna@example.org>");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (
                                     json_array_get_object_element (messages, 0), "body"),
                                   "Dear Anna,\n"));
  left_out = json_object_get_array_member (dry, "left_out");
  g_assert_cmpuint (json_array_get_length (left_out), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (left_out, 0),
                                                  "reason"), ==, "Asked not to be e-mailed");
  g_assert_cmpuint (mail_server_count (f->server), ==, 0);

  sync_cli (&run, f->db, "mail", "send", "--template", "renewal-due", "--renewals", "due", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Left out: Erik Svensson (Asked not to be e-mailed)\n"));
  g_assert_nonnull (strstr (run.out, "1 message sent.\n"));
  g_assert_cmpuint (mail_server_count (f->server), ==, 1);
  g_assert_cmpuint (mail_server_count_to (f->server, "erik@example.org"), ==, 0);
  m = mail_server_message (f->server, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (m, "text"), "SEK 1500.00"));

  sync_cli (&run, f->db, "--json", "mail", "outbox", NULL);
  g_assert_cmpint (run.status, ==, 0);
  outbox = sync_cli_json (&run);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (outbox)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_node_get_array (outbox), 0), "state"),
                   ==, "sent");

  sync_cli (&run, f->db, "--json", "mail", "log", anna, NULL);
  g_assert_cmpint (run.status, ==, 0);
  log = sync_cli_json (&run);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (log)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_node_get_array (log), 0), "text"),
                   ==, expected);
  sync_cli (&run, f->db, "mail", "log", erik, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");

  /* Without a recipient group: a clear usage error. */
  sync_cli (&run, f->db, "mail", "send", "--template", "renewal-due", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "one of --renewals, --event, --members or the filters"));
  (void) sent;
}

static void
test_kill_mid_batch (Fixture       *f,
                     gconstpointer  data)
{
  const char *names[] = { "Anna", "Bo", "Cilla", "Dan", "Eva" };
  const char *emails[] = { "anna", "bo", "cilla", "dan", "eva" };
  g_autofree char *pid_file = g_build_filename (f->dir, "cli.pid", NULL);
  g_autofree char *script = NULL;
  g_auto(SyncCliRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) outbox = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int wait_status = 0;
  guint unsure = 0;
  guint sent = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (add_member (f, names[i], emails[i], "yes"));

  /* The shell writes its pid and becomes the CLI (same pid); the server
   * kills it right after it has stored message 3, before it answers. */
  script = g_strdup_printf ("echo $$ > '%s'; exec '%s' --db '%s' mail send "
                            "--template renewal-due --renewals due",
                            pid_file, sync_test_cli_binary (), f->db);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  g_spawn_sync (NULL, (char *[]) { (char *) "/bin/sh", (char *) "-c", script, NULL }, envp,
                G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFSIGNALED (wait_status));
  g_assert_cmpint (WTERMSIG (wait_status), ==, SIGKILL);
  g_assert_cmpuint (mail_server_count (f->server), ==, 3);

  /* The restart sends the rest; the message the kill interrupted is not
   * sent again. */
  sync_cli (&run, f->db, "mail", "retry", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "2 messages sent.\n"));
  g_assert_nonnull (strstr (run.out, "1 message may have been sent before Chapterhouse "
                                     "stopped; “mail retry --unsure” sends it again.\n"));

  g_assert_cmpuint (mail_server_count (f->server), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    {
      g_autofree char *address = g_strdup_printf ("%s@example.org", emails[i]);

      g_assert_cmpuint (mail_server_count_to (f->server, address), ==, 1);
    }

  sync_cli (&run, f->db, "--json", "mail", "outbox", NULL);
  outbox = sync_cli_json (&run);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (outbox)); i++)
    {
      const char *state = json_object_get_string_member (
        json_array_get_object_element (json_node_get_array (outbox), i), "state");

      unsure += g_str_equal (state, "unsure");
      sent += g_str_equal (state, "sent");
    }
  g_assert_cmpuint (unsure, ==, 1);
  g_assert_cmpuint (sent, ==, 4);
}

static void
test_refused_recipient (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *anna = add_member (f, "Anna", "anna", "yes");
  g_auto(SyncCliRun) run = { 0 };
  g_autofree char *dir = g_build_filename (f->dir, "refusing", NULL);
  g_autofree char *port = NULL;

  /* A server that does not know Anna's address. */
  g_mkdir (dir, 0700);
  mail_server_stop (f->server);
  f->server = mail_server_start (dir, "--rcpt-answer", "anna@example.org=550", NULL);
  port = g_strdup_printf ("%u", f->server->port);
  sync_cli (&run, f->db, "mail", "account", "set", "--port", port, NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, f->db, "mail", "send", "--template", "renewal-due", "--members", anna, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "1 message failed; “mail outbox” says why.\n"));

  sync_cli (&run, f->db, "mail", "outbox", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Failed     anna@example.org"));
  g_assert_nonnull (strstr (run.out, "550 5.1.1 <anna@example.org>: no such mailbox here"));
}

/* The filters of "members list" choose whom to write to; consent holds. */
static void
test_send_filter (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *anna = add_member (f, "Anna", "anna", "yes");
  g_autofree char *erik = add_member (f, "Erik", "erik", "no");
  g_autofree char *olle = add_member (f, "Olle", "olle", "yes");
  g_auto(SyncCliRun) run = { 0 };
  g_autoptr(JsonObject) dry = NULL;
  JsonArray *messages;
  JsonArray *left_out;

  sync_cli (&run, f->db, "--json", "mail", "send", "--template", "renewal-due",
            "--tier", "chapter", "--status", "active", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  dry = sync_cli_json_object (&run);
  messages = json_object_get_array_member (dry, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  left_out = json_object_get_array_member (dry, "left_out");
  g_assert_cmpuint (json_array_get_length (left_out), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (left_out, 0),
                                                  "name"), ==, "Erik Svensson");
  g_assert_cmpuint (mail_server_count (f->server), ==, 0);

  /* A search, as on the Members page: only Erik matches, and he is left out. */
  sync_cli (&run, f->db, "mail", "send", "--template", "renewal-due", "--search", "erik", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "Nobody to write to"));
  g_assert_cmpuint (mail_server_count (f->server), ==, 0);

  sync_cli (&run, f->db, "mail", "send", "--template", "renewal-due", "--search", "olle", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "1 message sent.\n"));
  g_assert_cmpuint (mail_server_count_to (f->server, "olle@example.org"), ==, 1);
  g_assert_cmpuint (mail_server_count_to (f->server, "erik@example.org"), ==, 0);

  /* A bad filter value is said, nothing sent. */
  sync_cli (&run, f->db, "mail", "send", "--template", "renewal-due", "--status", "sleeping",
            NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "--status is prospect, active, grace, lapsed or left"));
  g_assert_cmpuint (mail_server_count (f->server), ==, 1);
  (void) anna;
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

#define ADD(path, fn, data) \
  g_test_add (path, Fixture, data, fixture_setup, fn, fixture_teardown)
  ADD ("/cli/mail/account", test_account, NULL);
  ADD ("/cli/mail/templates", test_templates, NULL);
  ADD ("/cli/mail/send-renewals", test_send_renewals, NULL);
  ADD ("/cli/mail/send-filter", test_send_filter, NULL);
  ADD ("/cli/mail/refused-recipient", test_refused_recipient, NULL);
  ADD ("/cli/mail/kill-mid-batch", test_kill_mid_batch, "3");
#undef ADD

  return g_test_run ();
}
