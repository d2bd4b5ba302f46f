/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "ch-mail-account.h"
#include "ch-mail-outbox.h"
#include "ch-mail-record.h"
#include "ch-mail-recipients.h"
#include "ch-mail-source.h"
#include "ch-mail-secret.h"
#include "ch-mail-sender.h"
#include "ch-mail-template.h"

#include "ch-cli-mail.h"
#include "ch-cli-pad.h"

/* mail account, templates, send, outbox, retry, log: one handler each, for
 * the command table of chapterhouse-cli.c. */

static gboolean
on_mail_option_cb (const char  *option_name,
                   const char  *value,
                   gpointer     data,
                   GError     **error)
{
  Cli *cli = data;

  g_hash_table_replace (cli->flags, g_strdup (option_name + 2),
                        g_strdup (value != NULL ? value : "1"));
  return TRUE;
}

#define VALUE(name, arg, help) \
  { name, 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_mail_option_cb, help, arg }
#define SWITCH(name, help) \
  { name, 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer) on_mail_option_cb, \
    help, NULL }
#define END { NULL, 0, 0, 0, NULL, NULL, NULL }

const GOptionEntry ch_cli_mail_account_options[] = {
  VALUE ("server", N_("HOST"), N_("The chapter’s mail (SMTP) server")),
  VALUE ("port", N_("N"), N_("Its port (default 587 for starttls, 465 for tls)")),
  VALUE ("security", N_("starttls|tls|none"),
         N_("How the connection is encrypted (none: only to this computer)")),
  VALUE ("user", N_("USER"), N_("The user name to log in with")),
  VALUE ("password-file", N_("FILE"),
         N_("A file with the password on its first line (kept in the keyring)")),
  VALUE ("from", N_("ADDRESS"), N_("The address the messages come from")),
  VALUE ("from-name", N_("NAME"), N_("The sender’s name (default: the chapter’s)")),
  VALUE ("reply-to", N_("ADDRESS"), N_("Where replies go (default: the sender)")),
  VALUE ("signature", N_("TEXT"), N_("The signature at the end of the messages")),
  VALUE ("ca-file", N_("FILE"), N_("An extra certificate authority to trust")),
  END
};

const GOptionEntry ch_cli_mail_templates_options[] = {
  VALUE ("subject", N_("TEXT"), N_("A new subject for the template")),
  VALUE ("body-file", N_("FILE"), N_("A file with the template’s new text")),
  SWITCH ("reset", N_("Go back to the built-in text")),
  END
};

const GOptionEntry ch_cli_mail_send_options[] = {
  VALUE ("template", N_("KEY"), N_("The template (see “mail templates”)")),
  VALUE ("renewals", N_("due|grace|lapsed"), N_("Write to a group of the Renewals page")),
  VALUE ("event", N_("ID"), N_("Write to an event’s people")),
  VALUE ("who", N_("registered|waitlisted|attended|no-show"),
         N_("Which of the event’s people (default: registered)")),
  VALUE ("mode", N_("in-person|online"), N_("Only the event’s people in this mode")),
  VALUE ("members", N_("ID,…"), N_("Write to these members")),
  VALUE ("search", N_("TEXT"), N_("Write to the members whose name, company or e-mail has TEXT")),
  VALUE ("tier", N_("T"), N_("Write to the members of this tier")),
  VALUE ("status", N_("prospect|active|grace|lapsed|left"),
         N_("Write to the members in this state")),
  VALUE ("specialty", N_("S"), N_("Write to the members with this specialty")),
  VALUE ("role", N_("R"), N_("Write to the members holding this role")),
  VALUE ("partner-kind", N_("K"), N_("Write to the members of this kind of partner")),
  SWITCH ("html", N_("Also send a simple HTML version (links clickable)")),
  SWITCH ("dry-run", N_("Show who would get which message; send nothing")),
  END
};

const GOptionEntry ch_cli_mail_retry_options[] = {
  SWITCH ("unsure", N_("Also send again what a crash left “maybe sent”")),
  END
};

static int
fail_error (const GError *error)
{
  int code = EXIT_FAILED;

  if (error->domain == CH_MAIL_ACCOUNT_ERROR || error->domain == CH_MAIL_TEMPLATE_ERROR ||
      error->domain == CH_MAIL_RECIPIENTS_ERROR ||
      (error->domain == CH_MAIL_OUTBOX_ERROR && error->code != CH_MAIL_OUTBOX_ERROR_FAILED) ||
      error->domain == CH_MAIL_SECRET_ERROR)
    code = EXIT_INPUT;

  return ch_cli_fail (code, "%s", error->message);
}

/* ----------------------------------------------------------------------- */
/* mail account set|show                                                   */

static void
print_account (Cli                 *cli,
               const ChMailAccount *a)
{
  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "server", a->server);
      json_object_set_int_member (out, "port", a->port);
      json_object_set_string_member (out, "security",
                                     ch_mail_account_security_to_string (a->security));
      json_object_set_string_member (out, "user", a->user);
      json_object_set_string_member (out, "from", a->from_address);
      json_object_set_string_member (out, "from_name", a->from_name);
      json_object_set_string_member (out, "reply_to", a->reply_to);
      json_object_set_string_member (out, "signature", a->signature);
      ch_cli_print_json_object (out);
      return;
    }

  g_print (_("Server: %s, port %u, %s\n"), a->server, a->port,
           ch_mail_account_security_to_string (a->security));
  if (a->user != NULL)
    g_print (_("User: %s\n"), a->user);
  g_print (_("From: %s\n"), a->from_address);
  if (a->reply_to != NULL)
    g_print (_("Replies to: %s\n"), a->reply_to);
}

int
ch_cli_mail_account (Cli *cli)
{
  static const char *allowed[] = { "server", "port", "security", "user", "password-file",
                                   "from", "from-name", "reply-to", "signature", "ca-file",
                                   NULL };
  static const char *const names[][2] = {
    { "server", "server" }, { "security", "security" }, { "user", "user" },
    { "from", "from_address" }, { "from-name", "from_name" }, { "reply-to", "reply_to" },
    { "signature", "signature" },
  };
  const char *what = ch_cli_arg (cli, 1);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailAccount) account = NULL;
  g_autofree char *password = NULL;
  const char *password_file = ch_cli_flag (cli, "password-file");
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;

  if (what == NULL || g_str_equal (what, "show"))
    {
      account = ch_mail_account_load (cli->store, cli->chapter_id, &error);
      if (account == NULL)
        return fail_error (error);
      print_account (cli, account);
      return EXIT_OK;
    }
  if (!g_str_equal (what, "set"))
    return ch_cli_fail (EXIT_USAGE, _("unknown command “mail account %s”; see --help"), what);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (ch_cli_flag (cli, names[i][0]) != NULL)
      json_object_set_string_member (fields, names[i][1], ch_cli_flag (cli, names[i][0]));
  if (ch_cli_flag (cli, "port") != NULL)
    {
      gint64 port = -1;

      if (!g_ascii_string_to_signed (ch_cli_flag (cli, "port"), 10, 1, 65535, &port, NULL))
        return ch_cli_fail (EXIT_INPUT, _("The port must be a number from 1 to 65535."));
      json_object_set_int_member (fields, "port", port);
    }
  if (ch_cli_flag (cli, "ca-file") != NULL)
    {
      g_autofree char *abs = g_canonicalize_filename (ch_cli_flag (cli, "ca-file"), NULL);

      json_object_set_string_member (fields, "ca_file", abs);
    }

  if (password_file != NULL &&
      !(password = ch_mail_secret_read_file (password_file, &error)))
    return fail_error (error);

  if (!ch_mail_account_save (cli->store, cli->chapter_id, fields, &error))
    return fail_error (error);
  account = ch_mail_account_load (cli->store, cli->chapter_id, &error);
  if (account == NULL)
    return fail_error (error);

  if (password != NULL)
    {
      g_autoptr(GError) secret_error = NULL;
      g_autoptr(JsonObject) where = json_object_new ();

      if (account->user == NULL)
        return ch_cli_fail (EXIT_INPUT, _("A password needs a user name: give --user too."));

      if (ch_mail_secret_store_password (account->server, account->user, password, NULL,
                                         &secret_error))
        json_object_set_string_member (where, "password_file", "");
      else
        {
          /* No keyring (a server, a script): the file is read at every
           * send; its path is kept, never the password. */
          g_autofree char *abs = g_canonicalize_filename (password_file, NULL);

          g_debug ("No keyring: %s", secret_error->message);
          json_object_set_string_member (where, "password_file", abs);
          g_printerr (_("No keyring is available: the password will be read from %s at every "
                        "send.\n"), abs);
        }
      if (!ch_mail_account_save (cli->store, cli->chapter_id, where, &error))
        return fail_error (error);
      g_clear_pointer (&account, ch_mail_account_free);
      account = ch_mail_account_load (cli->store, cli->chapter_id, &error);
      if (account == NULL)
        return fail_error (error);
    }

  print_account (cli, account);
  return EXIT_OK;
}

/* ----------------------------------------------------------------------- */
/* mail templates [KEY]                                                    */

static JsonObject *
template_json (const ChMailTemplate *t)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "key", t->key);
  json_object_set_string_member (o, "name", t->name);
  json_object_set_string_member (o, "kind", t->kind == CH_MAIL_TEMPLATE_EVENT ? "event"
                                                                              : "renewal");
  json_object_set_boolean_member (o, "attach_ics", t->attach_ics);
  json_object_set_boolean_member (o, "edited", t->edited);
  json_object_set_string_member (o, "subject", t->subject);
  json_object_set_string_member (o, "body", t->body);
  return o;
}

int
ch_cli_mail_templates (Cli *cli)
{
  static const char *allowed[] = { "subject", "body-file", "reset", NULL };
  const char *key = ch_cli_arg (cli, 1);
  g_autoptr(GError) error = NULL;
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;

  if (key == NULL)
    {
      g_autoptr(GPtrArray) list = ch_mail_template_list (cli->store, cli->chapter_id, &error);
      g_autoptr(JsonArray) out = json_array_new ();

      if (list == NULL)
        return fail_error (error);
      for (guint i = 0; i < list->len; i++)
        {
          ChMailTemplate *t = list->pdata[i];

          if (cli->json)
            json_array_add_object_element (out, template_json (t));
          else
            {
              g_autofree char *column = ch_cli_pad (t->key, 18);

              g_print ("%s ", column);
              if (t->edited)
                /* Translators: %s is the name of a mail template the officers changed */
                g_print (_("%s (edited)\n"), t->name);
              else
                g_print ("%s\n", t->name);
            }
        }
      if (cli->json)
        ch_cli_print_json_array (out);
      return EXIT_OK;
    }

  if (ch_cli_flag (cli, "reset") != NULL)
    {
      if (!ch_mail_template_reset (cli->store, cli->chapter_id, key, &error))
        return fail_error (error);
    }
  else if (ch_cli_flag (cli, "subject") != NULL || ch_cli_flag (cli, "body-file") != NULL)
    {
      g_autoptr(ChMailTemplate) old = ch_mail_template_get (cli->store, cli->chapter_id, key,
                                                            &error);
      g_autofree char *body = NULL;

      if (old == NULL)
        return fail_error (error);
      if (ch_cli_flag (cli, "body-file") != NULL &&
          !g_file_get_contents (ch_cli_flag (cli, "body-file"), &body, NULL, NULL))
        return ch_cli_fail (EXIT_INPUT, _("The file “%s” cannot be read."),
                            ch_cli_flag (cli, "body-file"));
      if (body != NULL && !g_utf8_validate (body, -1, NULL))
        return ch_cli_fail (EXIT_INPUT, _("The file “%s” is not UTF-8 text."),
                            ch_cli_flag (cli, "body-file"));
      if (!ch_mail_template_save (cli->store, cli->chapter_id, key,
                                  ch_cli_flag (cli, "subject") ? ch_cli_flag (cli, "subject")
                                                               : old->subject,
                                  body != NULL ? body : old->body, &error))
        return fail_error (error);
    }

  {
    g_autoptr(ChMailTemplate) t = ch_mail_template_get (cli->store, cli->chapter_id, key,
                                                        &error);
    if (t == NULL)
      return fail_error (error);
    if (cli->json)
      {
        g_autoptr(JsonObject) o = template_json (t);

        ch_cli_print_json_object (o);
      }
    else
      g_print ("%s\n%s\n\n%s", t->name, t->subject, t->body);
  }

  return EXIT_OK;
}

/* ----------------------------------------------------------------------- */
/* mail send                                                               */

static void
on_progress_cb (guint    done,
                guint    total,
                gpointer data)
{
  Cli *cli = data;

  if (!cli->json && isatty (STDERR_FILENO))
    {
      /* Back to the start of the line: the count overwrites itself. */
      g_printerr ("\r");
      g_printerr (_("Sending: %u of %u"), done, total);
    }
}

static ChMailRecipients *
choose_recipients (Cli     *cli,
                   GError **error)
{
  const char *renewals = ch_cli_flag (cli, "renewals");
  const char *event = ch_cli_flag (cli, "event");
  const char *members = ch_cli_flag (cli, "members");
  /* The filters of "members list", by the flag that gives each. */
  static const char *const filter_flags[CH_MAIL_SOURCE_N_FILTERS] = {
    "tier", "status", "specialty", "role", "partner-kind"
  };
  gboolean filtered = ch_cli_flag (cli, "search") != NULL;
  guint given;

  for (guint i = 0; i < CH_MAIL_SOURCE_N_FILTERS; i++)
    filtered |= ch_cli_flag (cli, filter_flags[i]) != NULL;
  given = (renewals != NULL) + (event != NULL) + (members != NULL) + (filtered ? 1 : 0);
  if (given != 1)
    {
      g_set_error_literal (error, CH_MAIL_RECIPIENTS_ERROR, CH_MAIL_RECIPIENTS_ERROR_INVALID,
                           _("Choose whom to write to: one of --renewals, --event, --members "
                             "or the filters of “members list” (--search, --tier, --status, "
                             "--specialty, --role, --partner-kind)."));
      return NULL;
    }

  if (filtered)
    {
      g_autoptr(ChMailSource) source = ch_mail_source_new_filter (cli->chapter_id,
                                                                  ch_cli_flag (cli, "search"));
      ChMemberStatus status;

      if (ch_cli_flag (cli, "status") != NULL &&
          !ch_member_status_from_string (ch_cli_flag (cli, "status"), &status))
        {
          g_set_error (error, CH_MAIL_RECIPIENTS_ERROR, CH_MAIL_RECIPIENTS_ERROR_INVALID,
                       _("--status is prospect, active, grace, lapsed or left, not “%s”."),
                       ch_cli_flag (cli, "status"));
          return NULL;
        }
      for (guint i = 0; i < CH_MAIL_SOURCE_N_FILTERS; i++)
        ch_mail_source_set_filter (source, i, ch_cli_flag (cli, filter_flags[i]));
      return ch_mail_source_resolve (cli->store, source, error);
    }

  if (renewals != NULL)
    {
      ChRenewalGroup group;

      if (g_str_equal (renewals, "due"))
        group = CH_RENEWAL_DUE_SOON;
      else if (g_str_equal (renewals, "grace"))
        group = CH_RENEWAL_IN_GRACE;
      else if (g_str_equal (renewals, "lapsed"))
        group = CH_RENEWAL_RECENTLY_LAPSED;
      else
        {
          g_set_error_literal (error, CH_MAIL_RECIPIENTS_ERROR,
                               CH_MAIL_RECIPIENTS_ERROR_INVALID,
                               _("--renewals must be due, grace or lapsed."));
          return NULL;
        }
      return ch_mail_recipients_for_renewals (cli->store, cli->chapter_id, group, error);
    }

  if (event != NULL)
    {
      const char *mode = ch_cli_flag (cli, "mode");

      if (mode != NULL && g_strcmp0 (mode, "in-person") != 0 && g_strcmp0 (mode, "online") != 0)
        {
          g_set_error_literal (error, CH_MAIL_RECIPIENTS_ERROR,
                               CH_MAIL_RECIPIENTS_ERROR_INVALID,
                               _("--mode must be in-person or online."));
          return NULL;
        }
      return ch_mail_recipients_for_event_mode (cli->store, event,
                                                ch_cli_flag (cli, "who") ? ch_cli_flag (cli, "who")
                                                                         : "registered",
                                                mode, error);
    }

  {
    g_auto(GStrv) ids = g_strsplit (members, ",", -1);
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; ids[i] != NULL; i++)
      {
        ChMember *m = ch_store_get_member (cli->store, g_strstrip (ids[i]), NULL);

        if (m == NULL || !g_str_equal (ch_member_get_chapter_id (m), cli->chapter_id))
          {
            g_clear_object (&m);
            g_set_error (error, CH_MAIL_RECIPIENTS_ERROR, CH_MAIL_RECIPIENTS_ERROR_INVALID,
                         _("There is no member “%s”."), ids[i]);
            return NULL;
          }
        g_ptr_array_add (list, m);
      }
    return ch_mail_recipients_from_members (list);
  }
}

static void
print_left_out (Cli              *cli,
                ChMailRecipients *r,
                JsonObject       *out)
{
  g_autoptr(JsonArray) left = json_array_new ();

  for (guint i = 0; i < r->left_out->len; i++)
    {
      ChMailLeftOut *l = r->left_out->pdata[i];
      g_autoptr(JsonObject) o = json_object_new ();

      json_object_set_string_member (o, "name", l->name);
      json_object_set_string_member (o, "reason", ch_mail_recipients_left_out_label (l->reason));
      json_array_add_object_element (left, g_steal_pointer (&o));
      if (!cli->json)
        g_print (_("Left out: %s (%s)\n"), l->name, ch_mail_recipients_left_out_label (l->reason));
    }
  json_object_set_array_member (out, "left_out", g_steal_pointer (&left));
}

/* Sends what is due and prints what happened; the exit code. */
static int
send_outbox (Cli        *cli,
             JsonObject *out)
{
  g_autoptr(GError) error = NULL;
  ChMailSendReport report = { 0 };
  gboolean ok;

  ok = ch_mail_sender_run (cli->db_path, cli->chapter_id, NULL, on_progress_cb, cli, &report,
                           &error);
  if (!cli->json && isatty (STDERR_FILENO) && (report.sent + report.waiting + report.failed) > 0)
    g_printerr ("\n");

  json_object_set_int_member (out, "sent", report.sent);
  json_object_set_int_member (out, "waiting", report.waiting);
  json_object_set_int_member (out, "failed", report.failed);
  json_object_set_int_member (out, "unsure", report.unsure);
  if (!ok)
    json_object_set_string_member (out, "error", error->message);

  if (cli->json)
    ch_cli_print_json_object (out);
  else
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u message sent.\n", "%u messages sent.\n",
                            report.sent), report.sent);
      if (report.waiting > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "%u message waits: the server said to try later.\n",
                              "%u messages wait: the server said to try later.\n",
                              report.waiting), report.waiting);
      if (report.failed > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "%u message failed; “mail outbox” says why.\n",
                              "%u messages failed; “mail outbox” says why.\n",
                              report.failed), report.failed);
      if (report.unsure > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "%u message may have been sent before Chapterhouse stopped; "
                              "“mail retry --unsure” sends it again.\n",
                              "%u messages may have been sent before Chapterhouse stopped; "
                              "“mail retry --unsure” sends them again.\n",
                              report.unsure), report.unsure);
    }

  if (!ok)
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  return report.failed > 0 ? EXIT_FAILED : EXIT_OK;
}

int
ch_cli_mail_send (Cli *cli)
{
  static const char *allowed[] = { "template", "renewals", "event", "who", "mode", "members",
                                   "search", "tier", "status", "specialty", "role",
                                   "partner-kind", "html", "dry-run", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailAccount) account = NULL;
  g_autoptr(ChMailTemplate) template = NULL;
  g_autoptr(ChMailRecipients) recipients = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  g_autofree char *batch_id = NULL;
  guint count = 0;
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;
  if (ch_cli_flag (cli, "template") == NULL)
    return ch_cli_fail (EXIT_USAGE,
                        _("Give the template with --template (see “mail templates”)."));

  if (!(template = ch_mail_template_get (cli->store, cli->chapter_id,
                                         ch_cli_flag (cli, "template"), &error)) ||
      !(recipients = choose_recipients (cli, &error)))
    return fail_error (error);
  if (!(account = ch_mail_account_load (cli->store, cli->chapter_id, &error)))
    return fail_error (error);
  template->html_part = ch_cli_flag (cli, "html") != NULL;

  if (ch_cli_flag (cli, "dry-run") != NULL)
    {
      g_autoptr(JsonArray) to = json_array_new ();

      for (guint i = 0; i < recipients->members->len; i++)
        {
          g_autoptr(ChMailOutboxDraft) draft = NULL;
          g_autoptr(JsonObject) o = json_object_new ();

          draft = ch_mail_outbox_preview (cli->store, account, template,
                                          recipients->members->pdata[i],
                                          recipients->event_id, &error);
          if (draft == NULL)
            return fail_error (error);
          json_object_set_string_member (o, "to", draft->to);
          json_object_set_string_member (o, "subject", draft->subject);
          json_object_set_string_member (o, "body", draft->body);
          json_array_add_object_element (to, g_steal_pointer (&o));
          if (!cli->json)
            g_print (_("To: %s\nSubject: %s\n\n%s\n"), draft->to, draft->subject, draft->body);
        }
      json_object_set_array_member (out, "messages", g_steal_pointer (&to));
      print_left_out (cli, recipients, out);
      if (cli->json)
        ch_cli_print_json_object (out);
      else
        g_print (g_dngettext (GETTEXT_PACKAGE, "%u message would be sent; nothing was sent.\n",
                              "%u messages would be sent; nothing was sent.\n",
                              recipients->members->len), recipients->members->len);
      return EXIT_OK;
    }

  if (!ch_mail_outbox_queue (cli->store, account, template, recipients, &batch_id, &count,
                             &error))
    return fail_error (error);
  json_object_set_string_member (out, "batch", batch_id);
  json_object_set_int_member (out, "queued", count);
  print_left_out (cli, recipients, out);

  return send_outbox (cli, out);
}

/* ----------------------------------------------------------------------- */
/* mail outbox, retry, log                                                 */

int
ch_cli_mail_outbox (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonArray) out = json_array_new ();
  int rc;

  if ((rc = ch_cli_open_chapter (cli, NULL)))
    return rc;
  if (!(list = ch_mail_outbox_list (cli->store, cli->chapter_id, NULL, &error)))
    return fail_error (error);

  for (guint i = 0; i < list->len; i++)
    {
      ChMailOutboxItem *item = list->pdata[i];

      if (cli->json)
        {
          g_autoptr(JsonObject) o = json_object_new ();

          json_object_set_int_member (o, "id", item->id);
          json_object_set_string_member (o, "member_id", item->member_id);
          json_object_set_string_member (o, "to", item->to_address);
          json_object_set_string_member (o, "subject", item->subject);
          json_object_set_string_member (o, "template", item->template_key);
          json_object_set_string_member (o, "state", ch_mail_outbox_state_to_string (item->state));
          json_object_set_int_member (o, "attempts", item->attempts);
          json_object_set_string_member (o, "reason", item->last_error);
          json_object_set_string_member (o, "next_attempt_at", item->next_attempt_at);
          json_object_set_string_member (o, "sent_at", item->sent_at);
          json_array_add_object_element (out, g_steal_pointer (&o));
        }
      else
        {
          g_autofree char *state = ch_cli_pad (ch_mail_outbox_state_label (item->state), 10);
          g_autofree char *to = ch_cli_pad (item->to_address, 32);

          g_print ("%s %s %s%s%s\n", state, to, item->subject, item->last_error ? " — " : "",
                   item->last_error ? item->last_error : "");
        }
    }
  if (cli->json)
    ch_cli_print_json_array (out);

  return EXIT_OK;
}

int
ch_cli_mail_retry (Cli *cli)
{
  static const char *allowed[] = { "unsure", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  guint n;
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;

  n = ch_mail_outbox_retry (cli->store, cli->chapter_id, ch_cli_flag (cli, "unsure") != NULL,
                            &error);
  if (error != NULL)
    return fail_error (error);
  json_object_set_int_member (out, "retried", n);

  return send_outbox (cli, out);
}

int
ch_cli_mail_log (Cli *cli)
{
  const char *member_id = ch_cli_arg (cli, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(JsonArray) out = json_array_new ();
  int rc;

  if ((rc = ch_cli_open_chapter (cli, NULL)))
    return rc;
  if (member_id == NULL)
    return ch_cli_fail (EXIT_USAGE, _("Give the member: mail log MEMBER_ID."));
  if (!(list = ch_mail_record_list (cli->store, member_id, &error)))
    return fail_error (error);
  chapter = ch_store_get_chapter (cli->store, cli->chapter_id, NULL);

  for (guint i = 0; i < list->len; i++)
    {
      ChMailRecord *r = list->pdata[i];
      const char *tz = chapter != NULL ? ch_chapter_get_timezone (chapter) : NULL;
      g_autofree char *text = ch_mail_record_describe (r, tz);

      if (cli->json)
        {
          g_autoptr(JsonObject) o = json_object_new ();

          json_object_set_string_member (o, "template", r->template_key);
          json_object_set_string_member (o, "title", r->title);
          json_object_set_string_member (o, "subject", r->subject);
          json_object_set_string_member (o, "sent_at", r->sent_at);
          json_object_set_string_member (o, "sent_by", r->sent_by);
          json_object_set_string_member (o, "text", text);
          json_array_add_object_element (out, g_steal_pointer (&o));
        }
      else
        g_print ("%s — %s\n", text, r->subject);
    }
  if (cli->json)
    ch_cli_print_json_array (out);

  return EXIT_OK;
}
