/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-mail"

#include "config.h"

#include <string.h>

#include "ch-mail-account.h"
#include "ch-mail-outbox.h"
#include "ch-mail-record.h"
#include "ch-mail-recipients.h"
#include "ch-mail-sender.h"
#include "ch-mail-template.h"
#include "ch-sync-test.h"

#include "ch-mail-test.h"

/*
 * What one officer e-mailed reaches the other officers through the real
 * chapterhouse-server: "Renewal reminder, 2026-12-02" on the member, so
 * that nobody reminds the same person twice in a week.
 */

static void
test_record_syncs (SyncFixture   *f,
                   gconstpointer  data)
{
  g_autoptr(SyncClient) a = sync_fixture_client (f, "a", NULL);
  g_autoptr(SyncClient) b = sync_fixture_client (f, "b", NULL);
  g_autofree char *mail_dir = g_build_filename (f->dir, "mail", NULL);
  g_autoptr(MailServer) smtp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) account_fields = NULL;
  g_autoptr(ChMailAccount) account = NULL;
  g_autoptr(ChMailTemplate) template = NULL;
  g_autoptr(ChMailRecipients) recipients = NULL;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *expected = g_strdup_printf ("Renewal reminder, %s", today);
  g_autofree char *described = NULL;
  g_autofree char *member = sync_client_add_member (a, "Åsa", "Lindqvist", "asa@example.org");
  g_autofree char *json = NULL;
  ChMailSendReport report = { 0 };

  sync_client_sync_ok (a, NULL);
  sync_client_sync_ok (b, NULL);

  g_mkdir_with_parents (mail_dir, 0700);
  smtp = mail_server_start (mail_dir, NULL);
  json = g_strdup_printf ("{'server': '127.0.0.1', 'port': %u, 'security': 'none', "
                          "'from_address': 'president@example.org'}", smtp->port);
  account_fields = sync_test_json (json);
  g_assert_true (ch_mail_account_save (a->store, a->chapter_id, account_fields, &error));
  g_assert_no_error (error);
  account = ch_mail_account_load (a->store, a->chapter_id, &error);
  template = ch_mail_template_get (a->store, a->chapter_id, "renewal-due", &error);
  g_assert_no_error (error);
  g_ptr_array_add (members, ch_store_get_member (a->store, member, &error));
  recipients = ch_mail_recipients_from_members (members);
  g_assert_true (ch_mail_outbox_queue (a->store, account, template, recipients, NULL, NULL,
                                       &error));
  g_assert_true (ch_mail_sender_run (a->path, a->chapter_id, NULL, NULL, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.sent, ==, 1);
  g_assert_cmpuint (mail_server_count_to (smtp, "asa@example.org"), ==, 1);

  /* Officer B has not synced: nothing known there yet. */
  g_assert_cmpuint (ch_mail_record_count_recent (b->store, member, "renewal-due", 7), ==, 0);

  sync_client_sync_ok (a, NULL);
  sync_client_sync_ok (b, NULL);

  records = ch_mail_record_list (b->store, member, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  described = ch_mail_record_describe (records->pdata[0], "UTC");
  g_assert_cmpstr (described, ==, expected);
  g_assert_cmpstr (((ChMailRecord *) records->pdata[0])->sent_by, ==, "president@example.org");
  g_assert_cmpuint (ch_mail_record_count_recent (b->store, member, "renewal-due", 7), ==, 1);

  /* The mail outbox itself stays on A's computer. */
  g_assert_cmpuint (ch_mail_outbox_count_waiting (b->store, b->chapter_id), ==, 0);
  g_assert_cmpuint (sync_client_count_rows (b, "mail_record", TRUE), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/mail/record-syncs", SyncFixture, NULL, sync_fixture_setup,
              test_record_syncs, sync_fixture_teardown);

  return g_test_run ();
}
