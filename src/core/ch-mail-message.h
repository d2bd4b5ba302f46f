/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * One e-mail as it goes over SMTP (RFC 5322 and MIME): UTF-8 headers
 * encoded as RFC 2047 words where they are not plain ASCII, a text/plain
 * UTF-8 body (quoted-printable), an optional attachment (base64), a
 * Message-ID, a Date, Reply-To and List-Unsubscribe.  Lines end in CRLF.
 */

typedef struct
{
  const char *from_name;        /* may be NULL */
  const char *from_address;     /* NULL only for a draft (@unsent) */
  const char *to_name;          /* may be NULL */
  const char *to_address;
  const char *reply_to;         /* may be NULL */
  const char *subject;
  const char *body;             /* UTF-8 text, lines end in \n */
  gboolean    html;             /* also a text/html version of @body
                                 * (multipart/alternative) */
  const char *message_id;       /* without the angle brackets */
  GDateTime  *date;             /* NULL: now */
  const char *unsubscribe;      /* a mailto: or https: address, may be NULL */
  /* An optional attachment. */
  const char *attachment_name;  /* "event.ics" */
  const char *attachment_type;  /* "text/calendar; method=PUBLISH" */
  GBytes     *attachment;
  /* A draft for a mail program to open and send ("X-Unsent: 1"), such as a
   * saved .eml file; without a From when @from_address is NULL. */
  gboolean    unsent;
} ChMailMessageParts;

/* The whole message; @parts' addresses must be valid and one line each. */
char *ch_mail_message_build          (const ChMailMessageParts *parts);

/* @text as simple HTML: escaped, paragraphs at blank lines, line breaks
 * kept, http(s): and mailto: addresses as links. */
char *ch_mail_message_html_from_text (const char *text);

/* @text as a header value: itself when printable ASCII, else RFC 2047
 * "=?UTF-8?B?…?=" words of at most 75 characters, folded. */
char *ch_mail_message_encode_header  (const char *text);

/* A new Message-ID (no angle brackets) at the domain of @from_address. */
char *ch_mail_message_new_id         (const char *from_address);

G_END_DECLS
