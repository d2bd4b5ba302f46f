/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-bench-mail"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "ch-mail-account.h"
#include "ch-mail-outbox.h"
#include "ch-mail-queue.h"
#include "ch-mail-recipients.h"
#include "ch-mail-sender.h"
#include "ch-mail-source.h"
#include "ch-mail-template.h"
#include "ch-membership.h"
#include "ch-store.h"

/*
 * 1,000 personalised renewal reminders: queued (filled in, MIME built,
 * written to the mail outbox in one transaction), then sent through the
 * real SMTP server of the tests (tests/mail/smtp-server.py, aiosmtpd on
 * loopback).  Prints key=value lines.
 *
 *   ch-bench-mail SMTP_SERVER_PY [N]
 *
 * Queueing runs as the window runs it: the recipients are found and the
 * batch is queued on worker threads (ch_mail_source_resolve_async(),
 * ch_mail_queue_async()) while a 1 ms timeout on the main loop measures
 * the longest time the loop was kept away (mail_queue_max_stall_ms), as
 * bench/members-scale does for typing.
 */

typedef struct
{
  GMainLoop        *loop;
  gint64            last_tick;
  gint64            max_stall;
  ChMailRecipients *recipients;
  guint             queued;
  guint             progress_calls;
  GError           *error;
} Run;

static gboolean
tick_cb (gpointer data)
{
  Run *run = data;
  gint64 now = g_get_monotonic_time ();

  if (run->last_tick != 0 && now - run->last_tick > run->max_stall)
    run->max_stall = now - run->last_tick;
  run->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
on_progress_cb (guint    done,
                guint    total,
                gpointer data)
{
  Run *run = data;

  run->progress_calls++;
}

static void
on_resolved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Run *run = data;

  run->recipients = ch_mail_source_resolve_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
on_queued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Run *run = data;

  ch_mail_queue_finish (result, NULL, &run->queued, &run->error);
  g_main_loop_quit (run->loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ch-bench-mail-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *received = g_build_filename (dir, "received", NULL);
  g_autofree char *port_file = g_build_filename (dir, "port", NULL);
  g_autofree char *port_text = NULL;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(JsonObject) chapter_fields = json_object_new ();
  g_autoptr(JsonObject) account_fields = json_object_new ();
  g_autoptr(ChMailAccount) account = NULL;
  g_autoptr(ChMailTemplate) template = NULL;
  g_autoptr(ChMailRecipients) recipients = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 10);
  g_autofree char *until = g_date_time_format (soon, "%Y-%m-%d");
  ChMailSendReport report = { 0 };
  guint n = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 1000;
  guint queued = 0;
  gint64 t0, t1;

  if (argc < 2)
    {
      g_printerr ("usage: ch-bench-mail SMTP_SERVER_PY [N]\n");
      return 2;
    }

  store = ch_store_open (db, &error);
  g_assert_no_error (error);
  json_object_set_string_member (chapter_fields, "name", "IAMCP Bench");
  json_object_set_string_member (chapter_fields, "timezone", "Europe/Vienna");
  json_object_set_string_member (chapter_fields, "currency", "EUR");
  json_object_set_int_member (chapter_fields, "dues_amount", 15000);
  chapter = ch_store_create_chapter (store, chapter_fields, &error);
  g_assert_no_error (error);

  g_assert_true (ch_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) m = json_object_new ();
      g_autofree char *given = g_strdup_printf ("Jürgen%u", i);
      g_autofree char *email = g_strdup_printf ("member%u@example.org", i);

      json_object_set_string_member (m, "given_name", given);
      json_object_set_string_member (m, "family_name", "Österreicher");
      json_object_set_string_member (m, "email", email);
      json_object_set_string_member (m, "tier", "chapter");
      json_object_set_string_member (m, "joined_on", "2024-01-01");
      json_object_set_string_member (m, "dues_paid_until", until);
      g_assert_true (ch_store_add_member (store, ch_chapter_get_id (chapter), m, NULL, &error));
    }
  g_assert_true (ch_store_commit (store, &error));

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "/usr/bin/python3", argv[1],
                             "serve", "--dir", received, "--port-file", port_file, NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 2000 && !g_file_get_contents (port_file, &port_text, NULL, NULL); i++)
    g_usleep (10 * 1000);
  g_assert_nonnull (port_text);

  json_object_set_string_member (account_fields, "server", "127.0.0.1");
  json_object_set_int_member (account_fields, "port", g_ascii_strtoll (port_text, NULL, 10));
  json_object_set_string_member (account_fields, "security", "none");
  json_object_set_string_member (account_fields, "from_address", "president@bench.example.org");
  g_assert_true (ch_mail_account_save (store, ch_chapter_get_id (chapter), account_fields,
                                       &error));
  account = ch_mail_account_load (store, ch_chapter_get_id (chapter), &error);
  template = ch_mail_template_get (store, ch_chapter_get_id (chapter), "renewal-due", &error);
  g_assert_no_error (error);

  {
    g_autoptr(ChMailSource) source = ch_mail_source_new_renewals (ch_chapter_get_id (chapter),
                                                                  CH_RENEWAL_DUE_SOON);
    Run run = { 0 };
    guint tick;

    run.loop = g_main_loop_new (NULL, FALSE);
    tick = g_timeout_add (1, tick_cb, &run);
    t0 = g_get_monotonic_time ();
    ch_mail_source_resolve_async (db, source, NULL, on_resolved_cb, &run);
    g_main_loop_run (run.loop);
    g_assert_no_error (run.error);
    ch_mail_queue_async (db, account, template, run.recipients, NULL, on_progress_cb, &run,
                         on_queued_cb, &run);
    g_main_loop_run (run.loop);
    t1 = g_get_monotonic_time ();
    g_assert_no_error (run.error);
    g_source_remove (tick);
    queued = run.queued;
    recipients = run.recipients;
    g_main_loop_unref (run.loop);

    g_print ("mail_queue_messages=%u\n", queued);
    g_print ("mail_queue_ms=%.1f\n", (t1 - t0) / 1000.0);
    /* The tick itself is 1 ms: what is over it is the stall. */
    g_print ("mail_queue_max_stall_ms=%.1f\n",
             run.max_stall / 1000.0 - 1.0 > 0 ? run.max_stall / 1000.0 - 1.0 : 0.0);
    g_print ("mail_queue_progress_updates=%u\n", run.progress_calls);
  }

  t0 = g_get_monotonic_time ();
  g_assert_true (ch_mail_sender_run (db, ch_chapter_get_id (chapter), NULL, NULL, NULL, &report,
                                     &error));
  t1 = g_get_monotonic_time ();
  g_print ("mail_sent=%u\n", report.sent);
  g_print ("mail_send_s=%.2f\n", (t1 - t0) / 1e6);
  g_print ("mail_send_per_s=%.0f\n", report.sent / ((t1 - t0) / 1e6));

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&store);
  {
    g_autoptr(GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "rm", "-rf",
                                                  dir, NULL);
    g_subprocess_wait (rm, NULL, NULL);
  }

  return report.sent == queued ? 0 : 1;
}
