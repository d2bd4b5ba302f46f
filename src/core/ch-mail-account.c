/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-account"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "ch-mail-account.h"
#include "ch-store-private.h"
#include "ch-clock.h"
#include "ch-email.h"

G_DEFINE_QUARK (ch-mail-account-error-quark, ch_mail_account_error)

G_DEFINE_BOXED_TYPE (ChMailAccount, ch_mail_account, ch_mail_account_copy, ch_mail_account_free)

static const char *const security_names[] = { "starttls", "tls", "none" };

gboolean
ch_mail_account_security_parse (const char     *text,
                        ChMailSecurity *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (security_names); i++)
    if (g_ascii_strcasecmp (text, security_names[i]) == 0)
      {
        *out = (ChMailSecurity) i;
        return TRUE;
      }

  return FALSE;
}

const char *
ch_mail_account_security_to_string (ChMailSecurity security)
{
  g_return_val_if_fail ((guint) security < G_N_ELEMENTS (security_names), "starttls");

  return security_names[security];
}

gboolean
ch_mail_account_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  bare = g_strdup (host);
  if (bare[0] == '[' && g_str_has_suffix (bare, "]"))
    {
      memmove (bare, bare + 1, strlen (bare));
      bare[strlen (bare) - 1] = '\0';
    }
  address = g_inet_address_new_from_string (bare);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

ChMailAccount *
ch_mail_account_copy (const ChMailAccount *self)
{
  ChMailAccount *copy = g_new0 (ChMailAccount, 1);

  copy->chapter_id = g_strdup (self->chapter_id);
  copy->server = g_strdup (self->server);
  copy->port = self->port;
  copy->security = self->security;
  copy->user = g_strdup (self->user);
  copy->from_address = g_strdup (self->from_address);
  copy->from_name = g_strdup (self->from_name);
  copy->reply_to = g_strdup (self->reply_to);
  copy->signature = g_strdup (self->signature);
  copy->password_file = g_strdup (self->password_file);
  copy->ca_file = g_strdup (self->ca_file);

  return copy;
}

void
ch_mail_account_free (ChMailAccount *self)
{
  if (self == NULL)
    return;

  g_free (self->chapter_id);
  g_free (self->server);
  g_free (self->user);
  g_free (self->from_address);
  g_free (self->from_name);
  g_free (self->reply_to);
  g_free (self->signature);
  g_free (self->password_file);
  g_free (self->ca_file);
  g_free (self);
}

static char *
column_text (sqlite3_stmt *st,
             int           i)
{
  const char *text = (const char *) sqlite3_column_text (st, i);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

ChMailAccount *
ch_mail_account_load (ChStore     *store,
                      const char  *chapter_id,
                      GError     **error)
{
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  ChMailAccount *account = NULL;
  int rc;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (sqlite3_prepare_v2 (db,
                          "SELECT server, port, security, user_name, from_address, from_name, "
                          "reply_to, signature, password_file, ca_file "
                          "FROM mail_account WHERE chapter_id = ?", -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_MAIL_ACCOUNT_ERROR, CH_MAIL_ACCOUNT_ERROR_FAILED,
                   _("Could not read the e-mail account: %s"), sqlite3_errmsg (db));
      return NULL;
    }
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      account = g_new0 (ChMailAccount, 1);
      account->chapter_id = g_strdup (chapter_id);
      account->server = column_text (st, 0);
      account->port = (guint) sqlite3_column_int (st, 1);
      if (!ch_mail_account_security_parse ((const char *) sqlite3_column_text (st, 2),
                                           &account->security))
        account->security = CH_MAIL_SECURITY_STARTTLS;
      account->user = column_text (st, 3);
      account->from_address = column_text (st, 4);
      account->from_name = column_text (st, 5);
      account->reply_to = column_text (st, 6);
      account->signature = column_text (st, 7);
      account->password_file = column_text (st, 8);
      account->ca_file = column_text (st, 9);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, CH_MAIL_ACCOUNT_ERROR, CH_MAIL_ACCOUNT_ERROR_NOT_SET,
                 _("No e-mail account is set up for this chapter."));
  else
    g_set_error (error, CH_MAIL_ACCOUNT_ERROR, CH_MAIL_ACCOUNT_ERROR_FAILED,
                 _("Could not read the e-mail account: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (st);

  return account;
}

/* The text of @name in @fields: the new value when given ("" clears it),
 * else @current.  Trimmed. */
static char *
field_or (JsonObject *fields,
          const char *name,
          const char *current)
{
  JsonNode *node = json_object_get_member (fields, name);
  char *value;

  if (node == NULL)
    return g_strdup (current);
  if (JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  value = g_strstrip (g_strdup (json_node_get_string (node)));
  if (*value == '\0')
    g_clear_pointer (&value, g_free);

  return value;
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, CH_MAIL_ACCOUNT_ERROR, CH_MAIL_ACCOUNT_ERROR_INVALID, message);
  return FALSE;
}

static guint
default_port (ChMailSecurity security)
{
  switch (security)
    {
    case CH_MAIL_SECURITY_TLS:
      return 465;
    case CH_MAIL_SECURITY_NONE:
      return 25;
    case CH_MAIL_SECURITY_STARTTLS:
    default:
      return 587;
    }
}

gboolean
ch_mail_account_save (ChStore     *store,
                      const char  *chapter_id,
                      JsonObject  *fields,
                      GError     **error)
{
  g_autoptr(ChMailAccount) old = ch_mail_account_load (store, chapter_id, NULL);
  g_autofree char *server = field_or (fields, "server", old ? old->server : NULL);
  const char *old_security = old ? ch_mail_account_security_to_string (old->security)
                                 : "starttls";
  g_autofree char *security_text = field_or (fields, "security", old_security);
  g_autofree char *user = field_or (fields, "user", old ? old->user : NULL);
  g_autofree char *from = field_or (fields, "from_address", old ? old->from_address : NULL);
  g_autofree char *from_name = field_or (fields, "from_name", old ? old->from_name : NULL);
  g_autofree char *reply_to = field_or (fields, "reply_to", old ? old->reply_to : NULL);
  g_autofree char *signature = NULL;
  g_autofree char *password_file = field_or (fields, "password_file",
                                             old ? old->password_file : NULL);
  g_autofree char *ca_file = field_or (fields, "ca_file", old ? old->ca_file : NULL);
  g_autofree char *now = ch_clock_now_utc_iso ();
  ChMailSecurity security;
  gint64 port;
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  int rc;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  /* The signature keeps its lines and inner spaces. */
  if (json_object_has_member (fields, "signature"))
    signature = g_strdup (json_object_get_string_member_with_default (fields, "signature", NULL));
  else if (old != NULL)
    signature = g_strdup (old->signature);

  if (server == NULL || strpbrk (server, " \t\r\n/@") != NULL)
    return invalid (error, _("Give the name of the mail server, such as smtp.example.org."));
  if (!ch_mail_account_security_parse (security_text, &security))
    return invalid (error, _("The security must be “starttls”, “tls” or “none”."));
  if (security == CH_MAIL_SECURITY_NONE && !ch_mail_account_host_is_loopback (server))
    return invalid (error, _("Mail can go without encryption only to a server on this computer. "
                             "Choose STARTTLS or TLS for another server."));

  if (json_object_has_member (fields, "port"))
    {
      JsonNode *node = json_object_get_member (fields, "port");

      port = json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node) : -1;
    }
  else if (old != NULL && !json_object_has_member (fields, "security"))
    port = old->port;
  else
    port = default_port (security);
  if (port < 1 || port > 65535)
    return invalid (error, _("The port must be a number from 1 to 65535."));

  if (from == NULL || !ch_email_is_valid (from))
    return invalid (error, _("Give the address the messages come from, such as "
                             "president@chapter.example.org."));
  if (reply_to != NULL && !ch_email_is_valid (reply_to))
    return invalid (error, _("The reply-to address is not an e-mail address."));
  if (from_name != NULL && strpbrk (from_name, "\r\n") != NULL)
    return invalid (error, _("The sender’s name must be on one line."));

  if (sqlite3_prepare_v2 (db,
                          "INSERT OR REPLACE INTO mail_account (chapter_id, server, port, "
                          "security, user_name, from_address, from_name, reply_to, signature, "
                          "password_file, ca_file, updated_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_MAIL_ACCOUNT_ERROR, CH_MAIL_ACCOUNT_ERROR_FAILED,
                   _("Could not save the e-mail account: %s"), sqlite3_errmsg (db));
      return FALSE;
    }
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, server, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 3, port);
  sqlite3_bind_text (st, 4, ch_mail_account_security_to_string (security), -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 5, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 6, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 7, from_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 8, reply_to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 9, signature, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 10, password_file, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 11, ca_file, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 12, now, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CH_MAIL_ACCOUNT_ERROR, CH_MAIL_ACCOUNT_ERROR_FAILED,
                   _("Could not save the e-mail account: %s"), sqlite3_errmsg (db));
      return FALSE;
    }

  return TRUE;
}
