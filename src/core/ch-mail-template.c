/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-template"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-mail-template.h"
#include "ch-store-private.h"
#include "ch-clock.h"

G_DEFINE_QUARK (ch-mail-template-error-quark, ch_mail_template_error)

G_DEFINE_BOXED_TYPE (ChMailTemplate, ch_mail_template, ch_mail_template_copy,
                     ch_mail_template_free)

typedef struct
{
  const char         *key;
  const char         *name;
  ChMailTemplateKind  kind;
  gboolean            attach_ics;
  const char         *subject;
  const char         *body;
} BuiltIn;

/* The built-in texts, translated at run time (N_ here). */
static const BuiltIn builtins[] = {
  { "renewal-due", N_("Renewal reminder"), CH_MAIL_TEMPLATE_RENEWAL, FALSE,
    N_("Your {{chapter}} membership: dues until {{dues_paid_until}}"),
    N_("Dear {{given_name}},\n"
       "\n"
       "your {{tier}} membership of {{chapter}} is paid until {{dues_paid_until}}. "
       "To stay a member, please renew: the dues are {{amount_due}}.\n"
       "\n"
       "Thank you for being part of the chapter.\n"
       "\n"
       "{{signature}}\n") },
  { "renewal-grace", N_("Grace period reminder"), CH_MAIL_TEMPLATE_RENEWAL, FALSE,
    N_("Your {{chapter}} membership has come due"),
    N_("Dear {{given_name}},\n"
       "\n"
       "your {{tier}} membership of {{chapter}} was paid until {{dues_paid_until}}. "
       "You are still a member for a short time of grace; please renew now: "
       "the dues are {{amount_due}}.\n"
       "\n"
       "{{signature}}\n") },
  { "renewal-lapsed", N_("Win-back message"), CH_MAIL_TEMPLATE_RENEWAL, FALSE,
    N_("We miss you at {{chapter}}"),
    N_("Dear {{given_name}},\n"
       "\n"
       "your membership of {{chapter}} ended on {{dues_paid_until}}, and we miss you. "
       "You are welcome back at any time: the dues are {{amount_due}}.\n"
       "\n"
       "{{signature}}\n") },
  { "event-invitation", N_("Event invitation"), CH_MAIL_TEMPLATE_EVENT, TRUE,
    N_("Invitation: {{event_title}}, {{event_start}}"),
    N_("Dear {{given_name}},\n"
       "\n"
       "you are invited to {{event_title}} on {{event_start}}.\n"
       "Where: {{event_venue}}\n"
       "Online: {{event_join_link}}\n"
       "\n"
       "The attached calendar file puts it in your calendar.\n"
       "\n"
       "{{signature}}\n") },
  { "event-reminder", N_("Event reminder"), CH_MAIL_TEMPLATE_EVENT, TRUE,
    N_("Reminder: {{event_title}}, {{event_start}}"),
    N_("Dear {{given_name}},\n"
       "\n"
       "a reminder that {{event_title}} is on {{event_start}}.\n"
       "Where: {{event_venue}}\n"
       "Online: {{event_join_link}}\n"
       "\n"
       "{{signature}}\n") },
  { "event-thanks", N_("Thank you"), CH_MAIL_TEMPLATE_EVENT, FALSE,
    N_("Thank you for {{event_title}}"),
    N_("Dear {{given_name}},\n"
       "\n"
       "thank you for taking part in {{event_title}} — or, if you could not come, "
       "we missed you and hope to see you next time.\n"
       "\n"
       "{{signature}}\n") },
};

static const char *const fields[] = {
  "given_name", "family_name", "tier", "dues_paid_until", "amount_due", "chapter",
  "event_title", "event_start", "event_venue", "event_join_link", "signature", NULL,
};

const char * const *
ch_mail_template_fields (void)
{
  return fields;
}

ChMailTemplate *
ch_mail_template_copy (const ChMailTemplate *self)
{
  ChMailTemplate *copy = g_new0 (ChMailTemplate, 1);

  copy->key = g_strdup (self->key);
  copy->name = g_strdup (self->name);
  copy->kind = self->kind;
  copy->attach_ics = self->attach_ics;
  copy->edited = self->edited;
  copy->html_part = self->html_part;
  copy->subject = g_strdup (self->subject);
  copy->body = g_strdup (self->body);

  return copy;
}

void
ch_mail_template_free (ChMailTemplate *self)
{
  if (self == NULL)
    return;

  g_free (self->key);
  g_free (self->name);
  g_free (self->subject);
  g_free (self->body);
  g_free (self);
}

static const BuiltIn *
find_builtin (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (builtins); i++)
    if (strcmp (builtins[i].key, key) == 0)
      return &builtins[i];

  return NULL;
}

static ChMailTemplate *
make_template (ChStore       *store,
               const char    *chapter_id,
               const BuiltIn *b,
               GError       **error)
{
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  ChMailTemplate *t = g_new0 (ChMailTemplate, 1);
  int rc;

  t->key = g_strdup (b->key);
  t->name = g_strdup (_(b->name));
  t->kind = b->kind;
  t->attach_ics = b->attach_ics;

  if (sqlite3_prepare_v2 (db, "SELECT subject, body FROM mail_template "
                          "WHERE chapter_id = ? AND key = ?", -1, &st, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, b->key, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      t->edited = TRUE;
      t->subject = g_strdup ((const char *) sqlite3_column_text (st, 0));
      t->body = g_strdup ((const char *) sqlite3_column_text (st, 1));
    }
  else if (rc == SQLITE_DONE)
    {
      t->subject = g_strdup (_(b->subject));
      t->body = g_strdup (_(b->body));
    }
  else
    goto failed;
  sqlite3_finalize (st);

  return t;

failed:
  g_set_error (error, CH_MAIL_TEMPLATE_ERROR, CH_MAIL_TEMPLATE_ERROR_FAILED,
               _("Could not read the mail templates: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (st);
  ch_mail_template_free (t);
  return NULL;
}

GPtrArray *
ch_mail_template_list (ChStore     *store,
                       const char  *chapter_id,
                       GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (
    (GDestroyNotify) ch_mail_template_free);

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    {
      ChMailTemplate *t = make_template (store, chapter_id, &builtins[i], error);

      if (t == NULL)
        return NULL;
      g_ptr_array_add (list, t);
    }

  return g_steal_pointer (&list);
}

ChMailTemplate *
ch_mail_template_get (ChStore     *store,
                      const char  *chapter_id,
                      const char  *key,
                      GError     **error)
{
  const BuiltIn *b = find_builtin (key);

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (b == NULL)
    {
      g_set_error (error, CH_MAIL_TEMPLATE_ERROR, CH_MAIL_TEMPLATE_ERROR_NOT_FOUND,
                   _("There is no mail template “%s”."), key != NULL ? key : "");
      return NULL;
    }

  return make_template (store, chapter_id, b, error);
}

static gboolean
is_field (const char *name,
          gsize       len)
{
  for (guint i = 0; fields[i]; i++)
    if (strlen (fields[i]) == len && strncmp (fields[i], name, len) == 0)
      return TRUE;

  return FALSE;
}

char *
ch_mail_template_fill (const char  *text,
                       GHashTable  *values,
                       GError     **error)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      const char *open = strstr (p, "{{");
      const char *close;
      g_autofree char *name = NULL;
      const char *value;

      if (open == NULL || (close = strstr (open + 2, "}}")) == NULL)
        {
          g_string_append (out, p);
          break;
        }

      g_string_append_len (out, p, open - p);
      name = g_strstrip (g_strndup (open + 2, close - open - 2));
      if (!is_field (name, strlen (name)))
        {
          g_set_error (error, CH_MAIL_TEMPLATE_ERROR, CH_MAIL_TEMPLATE_ERROR_UNKNOWN_FIELD,
                       _("The template names a field “%s” that does not exist."), name);
          g_string_free (out, TRUE);
          return NULL;
        }
      value = values != NULL ? g_hash_table_lookup (values, name) : NULL;
      if (value != NULL)
        g_string_append (out, value);
      p = close + 2;
    }

  return g_string_free (out, FALSE);
}

gboolean
ch_mail_template_save (ChStore     *store,
                       const char  *chapter_id,
                       const char  *key,
                       const char  *subject,
                       const char  *body,
                       GError     **error)
{
  g_autofree char *s = NULL;
  g_autofree char *b = NULL;
  g_autofree char *now = ch_clock_now_utc_iso ();
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  int rc;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (find_builtin (key) == NULL)
    {
      g_set_error (error, CH_MAIL_TEMPLATE_ERROR, CH_MAIL_TEMPLATE_ERROR_NOT_FOUND,
                   _("There is no mail template “%s”."), key != NULL ? key : "");
      return FALSE;
    }
  if (subject == NULL || *g_strstrip (s = g_strdup (subject)) == '\0' ||
      strpbrk (s, "\r\n") != NULL)
    {
      g_set_error_literal (error, CH_MAIL_TEMPLATE_ERROR, CH_MAIL_TEMPLATE_ERROR_INVALID,
                           _("A template needs a subject of one line."));
      return FALSE;
    }
  if (body == NULL || *g_strstrip (b = g_strdup (body)) == '\0')
    {
      g_set_error_literal (error, CH_MAIL_TEMPLATE_ERROR, CH_MAIL_TEMPLATE_ERROR_INVALID,
                           _("A template needs a text."));
      return FALSE;
    }
  /* Unknown fields are refused now rather than at sending time. */
  {
    g_autofree char *check_s = ch_mail_template_fill (subject, NULL, error);
    g_autofree char *check_b = check_s ? ch_mail_template_fill (body, NULL, error) : NULL;

    if (check_b == NULL)
      return FALSE;
  }

  if (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO mail_template "
                          "(chapter_id, key, subject, body, updated_at) VALUES (?, ?, ?, ?, ?)",
                          -1, &st, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, s, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 4, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 5, now, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  sqlite3_finalize (st);
  if (rc == SQLITE_DONE)
    return TRUE;

failed:
  g_set_error (error, CH_MAIL_TEMPLATE_ERROR, CH_MAIL_TEMPLATE_ERROR_FAILED,
               _("Could not save the template: %s"), sqlite3_errmsg (db));
  return FALSE;
}

gboolean
ch_mail_template_reset (ChStore     *store,
                        const char  *chapter_id,
                        const char  *key,
                        GError     **error)
{
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  int rc;

  if (find_builtin (key) == NULL)
    {
      g_set_error (error, CH_MAIL_TEMPLATE_ERROR, CH_MAIL_TEMPLATE_ERROR_NOT_FOUND,
                   _("There is no mail template “%s”."), key != NULL ? key : "");
      return FALSE;
    }
  if (sqlite3_prepare_v2 (db, "DELETE FROM mail_template WHERE chapter_id = ? AND key = ?",
                          -1, &st, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  sqlite3_finalize (st);
  if (rc == SQLITE_DONE)
    return TRUE;

failed:
  g_set_error (error, CH_MAIL_TEMPLATE_ERROR, CH_MAIL_TEMPLATE_ERROR_FAILED,
               _("Could not save the template: %s"), sqlite3_errmsg (db));
  return FALSE;
}
