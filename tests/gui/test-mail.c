/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gui-mail"

#include "config.h"

#include <string.h>

#include "ch-gui-test.h"
#include "ch-mail-account.h"
#include "ch-mail-compose-dialog-private.h"
#include "ch-mail-reminders-toast.h"
#include "ch-mail-template-editor.h"
#include "ch-member-dialog-private.h"
#include "ch-member-mail-panel.h"
#include "ch-mail-preferences-page.h"
#include "ch-mail-record.h"
#include "ch-mail-test.h"
#include "ch-events.h"
#include "ch-events-page.h"
#include "ch-membership.h"
#include "ch-registrations.h"
#include "ch-renewals-page.h"
#include "ch-renewals-page-private.h"

/*
 * "E-mail Selected" on the Renewals page of the real window: with the
 * chapter's account, a message of their own to each member, previewed and
 * sent through a real SMTP server (python3-aiosmtpd) with the record on the
 * member; without one, a way out instead of GTK's "Operation not
 * supported".
 */

static char *
add_due_member (Fixture    *f,
                const char *given,
                gboolean    consent)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 12);
  g_autofree char *paid = g_date_time_format (soon, "%Y-%m-%d");
  g_autofree char *email = g_strdup_printf ("%s@contoso.com", given);

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", "Nord");
  json_object_set_string_member (fields, "email", email);
  json_object_set_string_member (fields, "tier", CH_TIER_CHAPTER);
  json_object_set_string_member (fields, "joined_on", "2024-01-15");
  json_object_set_string_member (fields, "dues_paid_until", paid);
  json_object_set_boolean_member (fields, "consent_email", consent);
  return fixture_add_member (f, fields);
}

/* The recipients are found on a worker: "Finding the recipients…" first. */
static ChMailComposeDialog *
wait_ready (ChMailComposeDialog *dialog)
{
  WAIT_FOR (ch_mail_compose_dialog_is_ready (dialog));
  return dialog;
}

static ChMailComposeDialog *
open_compose (Fixture    *f,
              const char *a,
              const char *b)
{
  ChRenewalsPage *renewals = ch_window_get_renewals_page (f->window);

  WAIT_FOR (ch_renewals_page_get_n_members (renewals, CH_RENEWAL_DUE_SOON) == 2);
  g_assert_true (ch_renewals_page_set_selected (renewals, a, TRUE));
  g_assert_true (ch_renewals_page_set_selected (renewals, b, TRUE));

  return wait_ready (CH_MAIL_COMPOSE_DIALOG (open_toplevel (renewals, "renewals.email",
                                                            CH_TYPE_MAIL_COMPOSE_DIALOG)));
}

static void
test_send (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->dir, "smtp", NULL);
  g_autoptr(MailServer) server = NULL;
  g_autoptr(JsonObject) account = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *sven = NULL;
  g_autofree char *olle = NULL;
  g_autofree char *preview = NULL;
  ChMailComposeDialog *dialog;

  g_mkdir_with_parents (dir, 0700);
  server = mail_server_start (dir, NULL);
  create_chapter (f);
  sven = add_due_member (f, "Sven", TRUE);
  olle = add_due_member (f, "Olle", FALSE);

  json_object_set_string_member (account, "server", "127.0.0.1");
  json_object_set_int_member (account, "port", server->port);
  json_object_set_string_member (account, "security", "none");
  json_object_set_string_member (account, "from_address", "president@contoso.com");
  json_object_set_string_member (account, "signature", "Maria, President");
  g_assert_true (ch_mail_account_save (fixture_store (f), fixture_chapter_id (f), account,
                                       &error));
  g_assert_no_error (error);

  dialog = open_compose (f, sven, olle);
  g_assert_false (ch_mail_compose_dialog_is_fallback (dialog));
  g_assert_cmpstr (ch_mail_compose_dialog_get_summary (dialog), ==,
                   "1 member will get a message of their own. "
                   "Left out: Olle Nord (Asked not to be e-mailed).");
  preview = ch_mail_compose_dialog_dup_preview (dialog);
  g_assert_true (g_str_has_prefix (preview, "To: Sven Nord <Sven@contoso.com>\nSubject: Your "
                                            "Chapter Stockholm membership: dues until "));
  g_assert_nonnull (strstr (preview, "\n\nDear Sven,\n"));
  g_assert_nonnull (strstr (preview, "Maria, President"));
  gui_test_save_shot (GTK_WIDGET (dialog), "mail-compose");

  g_assert_true (gtk_widget_activate (ch_mail_compose_dialog_get_send_button (dialog)));
  WAIT_FOR (ch_mail_compose_dialog_get_result (dialog) != NULL);
  g_assert_cmpstr (ch_mail_compose_dialog_get_result (dialog), ==, "1 message sent.");
  g_assert_false (gtk_widget_get_sensitive (ch_mail_compose_dialog_get_send_button (dialog)));

  g_assert_cmpuint (mail_server_count (server), ==, 1);
  g_assert_cmpuint (mail_server_count_to (server, "Sven@contoso.com"), ==, 1);
  records = ch_mail_record_list (fixture_store (f), sven, &error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_null (ch_mail_compose_dialog_get_warning (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* "Last reminded" on the Renewals page, for Sven only. */
  {
    /* Relative on the Renewals page ("today", "3 days ago"). */
    const char *expected = "Renewal reminder, today";
    ChRenewalsPage *renewals = ch_window_get_renewals_page (f->window);

    WAIT_FOR (ch_renewals_page_get_last_reminded (renewals, sven) != NULL);
    g_assert_cmpstr (ch_renewals_page_get_last_reminded (renewals, sven), ==, expected);
    g_assert_null (ch_renewals_page_get_last_reminded (renewals, olle));
  }

  /* A second reminder the same week: the window warns before sending. */
  g_assert_true (ch_renewals_page_set_selected (ch_window_get_renewals_page (f->window), sven,
                                                TRUE));
  dialog = wait_ready (CH_MAIL_COMPOSE_DIALOG (open_toplevel (
    ch_window_get_renewals_page (f->window), "renewals.email", CH_TYPE_MAIL_COMPOSE_DIALOG)));
  g_assert_cmpstr (ch_mail_compose_dialog_get_warning (dialog), ==,
                   "Got this message in the last 7 days already: Sven Nord.");
  gui_test_save_shot (GTK_WIDGET (dialog), "mail-compose-again");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
set_account (Fixture    *f,
             MailServer *server)
{
  g_autoptr(JsonObject) account = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (account, "server", "127.0.0.1");
  json_object_set_int_member (account, "port", server != NULL ? server->port : 9);
  json_object_set_string_member (account, "security", "none");
  json_object_set_string_member (account, "from_address", "president@contoso.com");
  json_object_set_string_member (account, "signature", "Maria, President");
  g_assert_true (ch_mail_account_save (fixture_store (f), fixture_chapter_id (f), account,
                                       &error));
  g_assert_no_error (error);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* "Write To → Members Shown" with a filter on the Members page: the count
 * and who is left out, the preview, Send with progress through the real
 * server, and the message on the member's E-mail tab. */
static void
test_write_to_filter (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->dir, "smtp", NULL);
  g_autoptr(MailServer) server = NULL;
  g_autoptr(JsonObject) network = json_object_new ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Stockholm");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *expected = g_strdup_printf ("Renewal reminder, %s", today);
  g_autofree char *sven = NULL;
  g_autofree char *olle = NULL;
  g_autofree char *karin = NULL;
  g_autofree char *preview = NULL;
  ChMembersPage *page;
  ChMailComposeDialog *dialog;
  ChMemberDialog *member_dialog;
  ChMemberMailPanel *panel;

  g_mkdir_with_parents (dir, 0700);
  server = mail_server_start (dir, NULL);
  create_chapter (f);
  sven = add_due_member (f, "Sven", TRUE);
  olle = add_due_member (f, "Olle", FALSE);
  json_object_set_string_member (network, "given_name", "Karin");
  json_object_set_string_member (network, "family_name", "Nord");
  json_object_set_string_member (network, "email", "karin@contoso.com");
  json_object_set_string_member (network, "tier", "network");
  karin = fixture_add_member (f, network);
  set_account (f, server);

  /* The page shows the chapter tier only: Karin is not among them. */
  page = ch_window_get_members_page (f->window);
  ch_member_list_set_filter (fixture_member_list (f), "tier", CH_TIER_CHAPTER);
  WAIT_FOR (fixture_n_shown (f) == 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.write-to", "s",
                                             "shown"));
  dialog = CH_MAIL_COMPOSE_DIALOG (find_toplevel (CH_TYPE_MAIL_COMPOSE_DIALOG));
  g_assert_nonnull (dialog);
  wait_ready (dialog);
  g_assert_cmpstr (ch_mail_compose_dialog_get_summary (dialog), ==,
                   "1 member will get a message of their own. "
                   "Left out: Olle Nord (Asked not to be e-mailed).");
  g_assert_cmpstr (ch_mail_compose_dialog_get_template_key (dialog), ==, "renewal-due");
  preview = ch_mail_compose_dialog_dup_preview (dialog);
  g_assert_true (g_str_has_prefix (preview, "To: Sven Nord <Sven@contoso.com>\n"));
  gui_test_save_shot (GTK_WIDGET (dialog), "mail-write-to-filter");

  g_assert_true (gtk_widget_activate (ch_mail_compose_dialog_get_send_button (dialog)));
  /* The progress says where it is, then the outcome. */
  WAIT_FOR (ch_mail_compose_dialog_get_progress_text (dialog) != NULL);
  WAIT_FOR (ch_mail_compose_dialog_get_result (dialog) != NULL);
  g_assert_cmpstr (ch_mail_compose_dialog_get_result (dialog), ==, "1 message sent.");
  g_assert_cmpstr (ch_mail_compose_dialog_get_progress_text (dialog), ==,
                   "1 of 1 message sent");
  gui_test_save_shot (GTK_WIDGET (dialog), "mail-write-to-sent");
  g_assert_cmpuint (mail_server_count (server), ==, 1);
  g_assert_cmpuint (mail_server_count_to (server, "Sven@contoso.com"), ==, 1);
  g_assert_cmpuint (mail_server_count_to (server, "karin@contoso.com"), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Sven's page says what was sent and when; Olle's, nothing. */
  ch_members_page_open_member (page, sven);
  member_dialog = CH_MEMBER_DIALOG (find_toplevel (CH_TYPE_MEMBER_DIALOG));
  g_assert_nonnull (member_dialog);
  ch_member_dialog_show_page (member_dialog, "mail");
  panel = CH_MEMBER_MAIL_PANEL (find_descendant (GTK_WIDGET (member_dialog),
                                                 CH_TYPE_MEMBER_MAIL_PANEL));
  g_assert_nonnull (panel);
  g_assert_cmpuint (ch_member_mail_panel_get_n_records (panel), ==, 1);
  g_assert_cmpstr (ch_member_mail_panel_get_title (panel, 0), ==, expected);
  gui_test_save_shot (GTK_WIDGET (member_dialog), "mail-member-record");
  gtk_window_close (GTK_WINDOW (member_dialog));
  WAIT_FOR (find_toplevel (CH_TYPE_MEMBER_DIALOG) == NULL);

  ch_members_page_open_member (page, olle);
  member_dialog = CH_MEMBER_DIALOG (find_toplevel (CH_TYPE_MEMBER_DIALOG));
  panel = CH_MEMBER_MAIL_PANEL (find_descendant (GTK_WIDGET (member_dialog),
                                                 CH_TYPE_MEMBER_MAIL_PANEL));
  g_assert_cmpuint (ch_member_mail_panel_get_n_records (panel), ==, 0);
  gtk_window_close (GTK_WINDOW (member_dialog));
  WAIT_FOR (find_toplevel (CH_TYPE_MEMBER_DIALOG) == NULL);
}

/* When the window opens with renewal reminders due, it says so; Review
 * opens them in the compose dialog with the right template, and nothing
 * goes until Send. */
static void
test_reminders_due (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->dir, "smtp", NULL);
  g_autoptr(MailServer) server = NULL;
  g_autofree char *sven = NULL;
  g_autofree char *olle = NULL;
  g_autofree char *asa = NULL;
  ChWindow *second;
  ChMailComposeDialog *dialog;
  GSettings *settings = ch_application_get_settings (f->app);

  g_mkdir_with_parents (dir, 0700);
  server = mail_server_start (dir, NULL);
  g_assert_nonnull (settings);
  g_settings_set_int (settings, "reminder-days-before", 14);
  create_chapter (f);
  sven = add_due_member (f, "Sven", TRUE);
  olle = add_due_member (f, "Olle", FALSE);
  asa = add_due_member (f, "Asa", TRUE);
  set_account (f, server);

  /* The president opens Chapterhouse the next morning. */
  second = ch_window_new (f->app);
  gtk_window_present (GTK_WINDOW (second));
  WAIT_FOR (ch_mail_reminders_toast_get_text (ADW_APPLICATION_WINDOW (second)) != NULL);
  g_assert_cmpstr (ch_mail_reminders_toast_get_text (ADW_APPLICATION_WINDOW (second)), ==,
                   "2 renewal reminders are due");
  gui_test_save_shot (GTK_WIDGET (second), "mail-reminders-due");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (second), "win.review-reminders", NULL));
  dialog = CH_MAIL_COMPOSE_DIALOG (find_toplevel (CH_TYPE_MAIL_COMPOSE_DIALOG));
  g_assert_nonnull (dialog);
  wait_ready (dialog);
  g_assert_cmpstr (ch_mail_compose_dialog_get_template_key (dialog), ==, "renewal-due");
  g_assert_cmpstr (ch_mail_compose_dialog_get_summary (dialog), ==,
                   "2 members will get a message of their own. "
                   "Left out: Olle Nord (Asked not to be e-mailed).");
  /* Reviewing sends nothing. */
  g_assert_cmpuint (mail_server_count (server), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* With the rule off, a window opening says nothing. */
  g_settings_set_int (settings, "reminder-days-before", 0);
  gtk_window_destroy (GTK_WINDOW (second));
  second = ch_window_new (f->app);
  gtk_window_present (GTK_WINDOW (second));
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (ch_mail_reminders_toast_get_text (ADW_APPLICATION_WINDOW (second)));
  g_settings_reset (settings, "reminder-days-before");
}

/* Edit… beside the template: the subject and text with fields, an unknown
 * field said (nothing typed lost), the preview with the new text, and back
 * to the built-in one. */
static void
test_template_editor (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *sven = NULL;
  g_autofree char *olle = NULL;
  g_autofree char *preview = NULL;
  ChMailComposeDialog *dialog;
  ChMailTemplateEditor *editor;
  GtkTextBuffer *buffer;

  create_chapter (f);
  sven = add_due_member (f, "Sven", TRUE);
  olle = add_due_member (f, "Olle", TRUE);
  set_account (f, NULL);
  dialog = open_compose (f, sven, olle);

  g_assert_true (gtk_widget_activate (ch_mail_compose_dialog_get_edit_button (dialog)));
  WAIT_FOR (find_toplevel (CH_TYPE_MAIL_TEMPLATE_EDITOR) != NULL);
  editor = CH_MAIL_TEMPLATE_EDITOR (find_toplevel (CH_TYPE_MAIL_TEMPLATE_EDITOR));
  g_assert_nonnull (editor);
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (
                                     ch_mail_template_editor_get_subject (editor)),
                                   "Your {{chapter}} membership"));

  gtk_editable_set_text (ch_mail_template_editor_get_subject (editor), "Hello {{nickname}}");
  g_assert_false (ch_mail_template_editor_save (editor));
  g_assert_cmpstr (ch_mail_template_editor_get_error (editor), ==,
                   "The template names a field “nickname” that does not exist.");
  g_assert_cmpstr (gtk_editable_get_text (ch_mail_template_editor_get_subject (editor)), ==,
                   "Hello {{nickname}}");

  gtk_editable_set_text (ch_mail_template_editor_get_subject (editor), "Your dues, ");
  buffer = gtk_text_view_get_buffer (ch_mail_template_editor_get_body (editor));
  gtk_text_buffer_set_text (buffer, "Hej ", -1);
  ch_mail_template_editor_insert_field (editor, "given_name");
  gtk_text_buffer_insert_at_cursor (buffer, ", pay ", -1);
  ch_mail_template_editor_insert_field (editor, "amount_due");
  gtk_text_buffer_insert_at_cursor (buffer, " please.\n", -1);
  gui_test_save_shot (GTK_WIDGET (editor), "mail-template-editor");
  g_assert_true (ch_mail_template_editor_save (editor));
  WAIT_FOR (find_toplevel (CH_TYPE_MAIL_TEMPLATE_EDITOR) == NULL);

  preview = ch_mail_compose_dialog_dup_preview (dialog);
  g_assert_true (g_str_has_prefix (preview, "To: Olle Nord <Olle@contoso.com>\n"
                                            "Subject: Your dues,\n\nHej Olle, pay "
                                            /* as en_US (gtk_test_init's) writes it */
                                            "SEK\xc2\xa0" "1,500.00 please.\n"));
  g_clear_pointer (&preview, g_free);

  /* Back to the built-in text. */
  g_assert_true (gtk_widget_activate (ch_mail_compose_dialog_get_edit_button (dialog)));
  WAIT_FOR (find_toplevel (CH_TYPE_MAIL_TEMPLATE_EDITOR) != NULL);
  editor = CH_MAIL_TEMPLATE_EDITOR (find_toplevel (CH_TYPE_MAIL_TEMPLATE_EDITOR));
  g_assert_true (ch_mail_template_editor_reset (editor));
  gtk_window_close (GTK_WINDOW (editor));
  preview = ch_mail_compose_dialog_dup_preview (dialog);
  g_assert_nonnull (strstr (preview, "Subject: Your Chapter Stockholm membership"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static ChMailComposeDialog *
write_to_event (Fixture    *f,
                const char *who)
{
  ChEventsPage *page = ch_window_get_events_page (f->window);
  ChMailComposeDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "events.write-to", "s", who));
  dialog = CH_MAIL_COMPOSE_DIALOG (find_toplevel (CH_TYPE_MAIL_COMPOSE_DIALOG));
  g_assert_nonnull (dialog);
  return wait_ready (dialog);
}

/* An event's menu → Write To: its people, per mode, consent honoured, the
 * event's templates. */
static void
test_write_to_event (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 20);
  g_autofree char *day = g_date_time_format (later, "%Y-%m-%d");
  g_autofree char *starts = g_strdup_printf ("%s 18:00", day);
  g_autofree char *ends = g_strdup_printf ("%s 21:00", day);
  g_autofree char *sven = NULL;
  g_autofree char *olle = NULL;
  g_autofree char *event = NULL;
  g_autofree char *preview = NULL;
  ChMailComposeDialog *dialog;

  create_chapter (f);
  sven = add_due_member (f, "Sven", TRUE);
  olle = add_due_member (f, "Olle", FALSE);
  set_account (f, NULL);
  json_object_set_string_member (fields, "title", "Julmingel");
  json_object_set_string_member (fields, "starts_local", starts);
  json_object_set_string_member (fields, "ends_local", ends);
  json_object_set_string_member (fields, "format", "hybrid");
  json_object_set_string_member (fields, "venue_name", "Microsoft Sweden");
  json_object_set_string_member (fields, "join_url", "https://teams.example.org/j/1");
  json_object_set_string_member (fields, "status", "published");
  g_assert_true (ch_event_save (fixture_store (f), fixture_chapter_id (f), NULL, fields, &event,
                                &error));
  g_assert_no_error (error);
  g_assert_true (ch_registration_add (fixture_store (f), event, sven, NULL, NULL, "in-person",
                                      NULL, NULL, &error));
  g_assert_true (ch_registration_add (fixture_store (f), event, olle, NULL, NULL, "online",
                                      NULL, NULL, &error));
  g_assert_no_error (error);
  ch_events_page_reload (ch_window_get_events_page (f->window));
  WAIT_FOR (ch_events_page_select_event (ch_window_get_events_page (f->window), event));

  dialog = write_to_event (f, "registered");
  g_assert_cmpstr (ch_mail_compose_dialog_get_summary (dialog), ==,
                   "1 member will get a message of their own. "
                   "Left out: Olle Nord (Asked not to be e-mailed).");
  g_assert_cmpstr (ch_mail_compose_dialog_get_template_key (dialog), ==, "event-reminder");
  preview = ch_mail_compose_dialog_dup_preview (dialog);
  g_assert_nonnull (strstr (preview, "Julmingel"));
  gui_test_save_shot (GTK_WIDGET (dialog), "mail-write-to-event");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Online only: Olle alone, and he asked not to be e-mailed. */
  dialog = write_to_event (f, "registered@online");
  g_assert_cmpstr (ch_mail_compose_dialog_get_summary (dialog), ==,
                   "0 members will get a message of their own. "
                   "Left out: Olle Nord (Asked not to be e-mailed).");
  g_assert_false (gtk_widget_get_sensitive (ch_mail_compose_dialog_get_send_button (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = write_to_event (f, "registered@in-person");
  g_assert_cmpstr (ch_mail_compose_dialog_get_summary (dialog), ==,
                   "1 member will get a message of their own.");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_fallback (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *sven = NULL;
  g_autofree char *asa = NULL;
  ChMailComposeDialog *dialog;
  GPtrArray *batches;

  create_chapter (f);
  sven = add_due_member (f, "Sven", TRUE);
  asa = add_due_member (f, "Asa", TRUE);

  dialog = open_compose (f, sven, asa);
  g_assert_true (ch_mail_compose_dialog_is_fallback (dialog));
  batches = ch_mail_compose_dialog_get_batches (dialog);
  g_assert_cmpuint (batches->len, ==, 1);
  g_assert_true (g_str_has_prefix (batches->pdata[0], "mailto:?bcc="));
  g_assert_nonnull (strstr (batches->pdata[0], "Sven@contoso.com"));
  g_assert_nonnull (strstr (batches->pdata[0], "Asa@contoso.com"));
  gui_test_save_shot (GTK_WIDGET (dialog), "mail-fallback");

  /* Each member's own message as a file the mail app opens ready to send. */
  {
    g_autofree char *dir = g_build_filename (f->dir, "eml", NULL);
    g_autofree char *first = g_build_filename (dir, "01 Asa Nord.eml", NULL);
    g_autofree char *second = g_build_filename (dir, "02 Sven Nord.eml", NULL);
    g_autofree char *text = NULL;

    ch_mail_compose_dialog_save_eml (dialog, dir);
    WAIT_FOR (ch_mail_compose_dialog_get_result (dialog) != NULL);
    g_assert_cmpstr (ch_mail_compose_dialog_get_result (dialog), ==,
                     "2 messages saved. Open them in your mail app to send them.");
    g_assert_true (g_file_get_contents (second, &text, NULL, NULL));
    g_assert_true (g_str_has_prefix (text, "X-Unsent: 1\r\nTo: \"Sven Nord\" "
                                           "<Sven@contoso.com>\r\n"));
    g_assert_null (strstr (text, "\r\nFrom:"));
    g_assert_nonnull (strstr (text, "Dear Sven,"));
    g_assert_true (g_file_test (first, G_FILE_TEST_EXISTS));
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ChMailAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  ChMailPreferencesPage *page;
  GtkWidget *prefs;

  create_chapter (f);
  prefs = adw_preferences_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (f->window));
  page = ch_mail_preferences_page_new (fixture_store (f), fixture_chapter_id (f));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (prefs), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (prefs));

  /* No encryption to a server elsewhere: said, nothing saved. */
  gtk_editable_set_text (ch_mail_preferences_page_get_entry (page, "server"),
                         "smtp.contoso.com");
  gtk_editable_set_text (ch_mail_preferences_page_get_entry (page, "from_address"),
                         "not an address");
  g_assert_true (gtk_widget_activate (ch_mail_preferences_page_get_save (page)));
  WAIT_FOR (ch_mail_preferences_page_get_status (page) != NULL);
  g_assert_cmpstr (ch_mail_preferences_page_get_status (page), ==,
                   "Give the address the messages come from, such as "
                   "president@chapter.example.org.");
  g_assert_null (ch_mail_account_load (fixture_store (f), fixture_chapter_id (f), NULL));

  gtk_editable_set_text (ch_mail_preferences_page_get_entry (page, "from_address"),
                         "president@contoso.com");
  gtk_editable_set_text (ch_mail_preferences_page_get_entry (page, "signature"),
                         "Maria Lindqvist, President");
  g_assert_true (gtk_widget_activate (ch_mail_preferences_page_get_save (page)));
  WAIT_FOR (g_strcmp0 (ch_mail_preferences_page_get_status (page), "Saved.") == 0);
  gui_test_save_shot (prefs, "mail-preferences");

  account = ch_mail_account_load (fixture_store (f), fixture_chapter_id (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->server, ==, "smtp.contoso.com");
  g_assert_cmpuint (account->port, ==, 587);
  g_assert_cmpint (account->security, ==, CH_MAIL_SECURITY_STARTTLS);
  g_assert_cmpstr (account->signature, ==, "Maria Lindqvist, President");
  g_assert_cmpstr (gtk_editable_get_text (ch_mail_preferences_page_get_entry (page, "port")),
                   ==, "587");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/mail/send", Fixture, NULL, fixture_set_up, test_send, fixture_tear_down);
  g_test_add ("/gui/mail/preferences", Fixture, NULL, fixture_set_up, test_preferences,
              fixture_tear_down);
  g_test_add ("/gui/mail/fallback", Fixture, NULL, fixture_set_up, test_fallback,
              fixture_tear_down);
  g_test_add ("/gui/mail/write-to-filter", Fixture, NULL, fixture_set_up, test_write_to_filter,
              fixture_tear_down);
  g_test_add ("/gui/mail/reminders-due", Fixture, NULL, fixture_set_up, test_reminders_due,
              fixture_tear_down);
  g_test_add ("/gui/mail/template-editor", Fixture, NULL, fixture_set_up, test_template_editor,
              fixture_tear_down);
  g_test_add ("/gui/mail/write-to-event", Fixture, NULL, fixture_set_up, test_write_to_event,
              fixture_tear_down);

  return g_test_run ();
}
