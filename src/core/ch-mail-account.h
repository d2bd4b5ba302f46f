/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "ch-mail-security.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * The chapter's own SMTP account on this computer: server, port,
 * security, user, sender and reply-to address, signature.  Not synced
 * (each officer sends through an account they can use).  The password is
 * never here: it is in the keyring (ch-mail-secret.h), or, where there is
 * no keyring, read from a file whose path only is kept.
 */

#define CH_MAIL_ACCOUNT_ERROR (ch_mail_account_error_quark ())

typedef enum
{
  CH_MAIL_ACCOUNT_ERROR_INVALID,   /* a value the account cannot have */
  CH_MAIL_ACCOUNT_ERROR_NOT_SET,   /* the chapter has no e-mail account yet */
  CH_MAIL_ACCOUNT_ERROR_FAILED,
} ChMailAccountError;

GQuark ch_mail_account_error_quark (void);

/* "starttls", "tls", "none"; FALSE for anything else. */
gboolean    ch_mail_account_security_parse     (const char     *text,
                                        ChMailSecurity *out);
const char *ch_mail_account_security_to_string (ChMailSecurity  security);

/* Whether @host names this computer (localhost, 127.0.0.0/8, ::1). */
gboolean    ch_mail_account_host_is_loopback (const char *host);

#define CH_TYPE_MAIL_ACCOUNT (ch_mail_account_get_type ())

/* A read-only snapshot of the account. */
typedef struct
{
  char           *chapter_id;
  char           *server;
  guint           port;
  ChMailSecurity  security;
  char           *user;            /* NULL: the server wants no login */
  char           *from_address;
  char           *from_name;       /* NULL: the chapter's name */
  char           *reply_to;        /* NULL: replies go to from_address */
  char           *signature;       /* the {{signature}} of the templates */
  char           *password_file;   /* where there is no keyring */
  char           *ca_file;         /* an extra certificate authority to trust */
} ChMailAccount;

GType          ch_mail_account_get_type (void) G_GNUC_CONST;
ChMailAccount *ch_mail_account_copy     (const ChMailAccount *self);
void           ch_mail_account_free     (ChMailAccount       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChMailAccount, ch_mail_account_free)

/* The account of @chapter_id; NULL with CH_MAIL_ACCOUNT_ERROR_NOT_SET when
 * there is none. */
ChMailAccount *ch_mail_account_load     (ChStore      *store,
                                         const char   *chapter_id,
                                         GError      **error);

/* Sets the account from @fields ("server", "port", "security", "user",
 * "from_address", "from_name", "reply_to", "signature", "password_file",
 * "ca_file"); fields not given keep their value.  Checks: a server name,
 * a port 1–65535 (default 587 for starttls, 465 for tls, 25 for none), a
 * security mode known, "none" only to a server on this computer, the
 * sender and reply-to addresses valid.  CH_MAIL_ACCOUNT_ERROR_INVALID with
 * a message for the person who typed it; nothing is written then. */
gboolean       ch_mail_account_save     (ChStore      *store,
                                         const char   *chapter_id,
                                         JsonObject   *fields,
                                         GError      **error);

G_END_DECLS
