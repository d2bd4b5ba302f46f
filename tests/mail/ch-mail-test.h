/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * A real SMTP server for the mail tests: tests/mail/smtp-server.py
 * (python3-aiosmtpd) in a process of its own, on a free loopback port,
 * writing each message it accepts to a folder.
 */

typedef struct
{
  GSubprocess *process;
  char        *dir;        /* the messages: 0001.eml, 0001.json, … */
  char        *ca_file;    /* with --starttls: the certificate to trust */
  guint        port;
} MailServer;

/* Starts the server with extra options of "smtp-server.py serve" (NULL
 * ended), such as "--starttls", "--auth", "user:pw", "--rcpt-answer",
 * "x@example.org=550"; waits until it listens.  @dir: a folder of the
 * test's. */
MailServer *mail_server_start        (const char  *dir,
                                      ...) G_GNUC_NULL_TERMINATED;
void        mail_server_stop         (MailServer  *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailServer, mail_server_stop)

/* How many messages it accepted. */
guint       mail_server_count        (MailServer  *server);
/* Message @n (1-based) as a mail program sees it ("smtp-server.py
 * check"): rcpt_tos, from, to, reply_to, subject, message_id, date_ok,
 * list_unsubscribe, defects, crlf, text (line ends \n), attachments. */
JsonObject *mail_server_message      (MailServer  *server,
                                      guint        n);
/* The messages received for @address. */
guint       mail_server_count_to     (MailServer  *server,
                                      const char  *address);

/* The path of smtp-server.py. */
const char *mail_test_script         (void);

G_END_DECLS
