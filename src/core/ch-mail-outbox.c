/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-outbox"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-events.h"
#include "ch-ics.h"
#include "ch-mail-fields.h"
#include "ch-mail-message.h"
#include "ch-mail-outbox.h"
#include "ch-mail-record.h"
#include "ch-store-private.h"
#include "ch-clock.h"
#include "ch-uuid.h"

G_DEFINE_QUARK (ch-mail-outbox-error-quark, ch_mail_outbox_error)

G_DEFINE_BOXED_TYPE (ChMailOutboxItem, ch_mail_outbox_item, ch_mail_outbox_item_copy,
                     ch_mail_outbox_item_free)

static const char *const state_names[] = { "queued", "sending", "sent", "failed", "unsure" };

const char *
ch_mail_outbox_state_to_string (ChMailState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), "queued");

  return state_names[state];
}

static ChMailState
state_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (strcmp (text, state_names[i]) == 0)
      return (ChMailState) i;

  return CH_MAIL_STATE_QUEUED;
}

const char *
ch_mail_outbox_state_label (ChMailState state)
{
  switch (state)
    {
    case CH_MAIL_STATE_QUEUED:
      return _("Waiting");
    case CH_MAIL_STATE_SENDING:
      return _("Sending");
    case CH_MAIL_STATE_SENT:
      return _("Sent");
    case CH_MAIL_STATE_FAILED:
      return _("Failed");
    case CH_MAIL_STATE_UNSURE:
    default:
      return _("Maybe sent");
    }
}

ChMailOutboxItem *
ch_mail_outbox_item_copy (const ChMailOutboxItem *self)
{
  ChMailOutboxItem *copy = g_memdup2 (self, sizeof *self);

  copy->batch_id = g_strdup (self->batch_id);
  copy->member_id = g_strdup (self->member_id);
  copy->template_key = g_strdup (self->template_key);
  copy->title = g_strdup (self->title);
  copy->to_address = g_strdup (self->to_address);
  copy->to_name = g_strdup (self->to_name);
  copy->subject = g_strdup (self->subject);
  copy->message_id = g_strdup (self->message_id);
  copy->next_attempt_at = g_strdup (self->next_attempt_at);
  copy->last_error = g_strdup (self->last_error);
  copy->queued_at = g_strdup (self->queued_at);
  copy->sent_at = g_strdup (self->sent_at);

  return copy;
}

void
ch_mail_outbox_item_free (ChMailOutboxItem *self)
{
  if (self == NULL)
    return;

  g_free (self->batch_id);
  g_free (self->member_id);
  g_free (self->template_key);
  g_free (self->title);
  g_free (self->to_address);
  g_free (self->to_name);
  g_free (self->subject);
  g_free (self->message_id);
  g_free (self->next_attempt_at);
  g_free (self->last_error);
  g_free (self->queued_at);
  g_free (self->sent_at);
  g_free (self);
}

void
ch_mail_outbox_draft_free (ChMailOutboxDraft *draft)
{
  if (draft == NULL)
    return;

  g_free (draft->to);
  g_free (draft->subject);
  g_free (draft->body);
  g_free (draft);
}

static gboolean
sql_failed (GError    **error,
            sqlite3    *db)
{
  g_set_error (error, CH_MAIL_OUTBOX_ERROR, CH_MAIL_OUTBOX_ERROR_FAILED,
               _("Could not write the mail outbox: %s"), sqlite3_errmsg (db));
  return FALSE;
}

/* ----------------------------------------------------------------------- */
/* Filling in                                                              */

typedef struct
{
  ChChapter  *chapter;
  ChEvent *event;
  GBytes     *ics;
} Context;

static void
context_clear (Context *c)
{
  g_clear_object (&c->chapter);
  g_clear_object (&c->event);
  g_clear_pointer (&c->ics, g_bytes_unref);
}

static gboolean
context_init (Context              *c,
              ChStore              *store,
              const ChMailAccount  *account,
              const ChMailTemplate *template,
              const char           *event_id,
              GError              **error)
{
  memset (c, 0, sizeof *c);

  c->chapter = ch_store_get_chapter (store, account->chapter_id, error);
  if (c->chapter == NULL)
    return FALSE;

  if (template->kind == CH_MAIL_TEMPLATE_EVENT)
    {
      if (event_id == NULL || (c->event = ch_event_get (store, event_id, NULL)) == NULL)
        {
          g_set_error (error, CH_MAIL_OUTBOX_ERROR, CH_MAIL_OUTBOX_ERROR_NEEDS_EVENT,
                       _("The template “%s” is about an event: choose the event."),
                       template->name);
          return FALSE;
        }
      if (template->attach_ics)
        {
          char *ics = ch_ics_export (store, account->chapter_id, event_id, error);

          if (ics == NULL)
            return FALSE;
          c->ics = g_bytes_new_take (ics, strlen (ics));
        }
    }

  return TRUE;
}

static char *
footer (ChChapter *chapter)
{
  /* Translators: the end of every message to a member. */
  return g_strdup_printf (_("You receive this message as a member of %s. If you would rather "
                            "not receive e-mail from the chapter, reply with “unsubscribe” "
                            "and we will stop."),
                          ch_chapter_get_name (chapter));
}

static ChMailOutboxDraft *
fill (const Context        *c,
      const ChMailAccount  *account,
      const ChMailTemplate *template,
      ChMember             *member,
      GError              **error)
{
  g_autoptr(GHashTable) values = ch_mail_fields_for (c->chapter, account, member, c->event);
  g_autofree char *subject = ch_mail_template_fill (template->subject, values, error);
  g_autofree char *body = subject ? ch_mail_template_fill (template->body, values, error) : NULL;
  g_autofree char *end = footer (c->chapter);
  ChMailOutboxDraft *draft;

  if (body == NULL)
    return NULL;

  /* A subject is one line, whatever a field held. */
  g_strdelimit (subject, "\r\n\t", ' ');

  draft = g_new0 (ChMailOutboxDraft, 1);
  draft->to = g_strdup_printf ("%s <%s>", ch_member_get_display_name (member),
                               ch_member_get_email (member));
  draft->subject = g_steal_pointer (&subject);
  draft->body = g_strdup_printf ("%s%s\n-- \n%s\n", body,
                                 g_str_has_suffix (body, "\n") ? "" : "\n", end);
  return draft;
}

ChMailOutboxDraft *
ch_mail_outbox_preview (ChStore              *store,
                        const ChMailAccount  *account,
                        const ChMailTemplate *template,
                        ChMember             *member,
                        const char           *event_id,
                        GError              **error)
{
  Context c;
  ChMailOutboxDraft *draft = NULL;

  if (context_init (&c, store, account, template, event_id, error))
    draft = fill (&c, account, template, member, error);
  context_clear (&c);

  return draft;
}

/* ----------------------------------------------------------------------- */
/* Queueing                                                                */

gboolean
ch_mail_outbox_queue (ChStore              *store,
                      const ChMailAccount  *account,
                      const ChMailTemplate *template,
                      ChMailRecipients     *recipients,
                      char                **out_batch_id,
                      guint                *out_count,
                      GError              **error)
{
  return ch_mail_outbox_queue_full (store, account, template, recipients, NULL, NULL, NULL,
                                    out_batch_id, out_count, error);
}

/* How often (in messages) a long batch reports its progress. */
#define QUEUE_PROGRESS_EVERY 25

gboolean
ch_mail_outbox_queue_full (ChStore              *store,
                           const ChMailAccount  *account,
                           const ChMailTemplate *template,
                           ChMailRecipients     *recipients,
                           GCancellable         *cancellable,
                           ChMailOutboxProgress   progress,
                           gpointer              progress_data,
                           char                **out_batch_id,
                           guint                *out_count,
                           GError              **error)
{
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  g_autofree char *batch_id = ch_uuid_new_v7 ();
  g_autofree char *now = ch_clock_now_utc_iso ();
  g_autofree char *unsubscribe = NULL;
  const char *reply_to = account->reply_to != NULL ? account->reply_to : account->from_address;
  Context c;
  guint count = 0;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (recipients->members->len == 0)
    {
      g_set_error_literal (error, CH_MAIL_OUTBOX_ERROR, CH_MAIL_OUTBOX_ERROR_NO_RECIPIENTS,
                           _("Nobody to write to: everyone chosen has no e-mail address or "
                             "asked not to be e-mailed."));
      return FALSE;
    }
  if (!context_init (&c, store, account, template, recipients->event_id, error))
    {
      context_clear (&c);
      return FALSE;
    }
  unsubscribe = g_strdup_printf ("mailto:%s?subject=unsubscribe", reply_to);

  if (!ch_store_begin (store, error))
    {
      context_clear (&c);
      return FALSE;
    }
  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO mail_outbox (chapter_id, batch_id, member_id, "
                          "template_key, title, to_address, to_name, subject, message_id, "
                          "message, state, queued_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)",
                          -1, &st, NULL) != SQLITE_OK)
    {
      sql_failed (error, db);
      goto failed;
    }

  for (guint i = 0; i < recipients->members->len; i++)
    {
      ChMember *member = recipients->members->pdata[i];
      g_autoptr(ChMailOutboxDraft) draft = fill (&c, account, template, member, error);
      g_autofree char *message_id = ch_mail_message_new_id (account->from_address);
      g_autofree char *text = NULL;
      ChMailMessageParts parts = { 0 };

      if (draft == NULL)
        goto failed;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto failed;
      if (progress != NULL && i > 0 && i % QUEUE_PROGRESS_EVERY == 0)
        progress (i, recipients->members->len, progress_data);
      /* Consent has one home, ch-mail-recipients; asked again here so no
       * way of making recipients can get round it. */
      if (!ch_mail_recipients_may_email (member, NULL))
        continue;

      parts.from_name = account->from_name != NULL ? account->from_name
                                                   : ch_chapter_get_name (c.chapter);
      parts.from_address = account->from_address;
      parts.to_name = ch_member_get_display_name (member);
      parts.to_address = ch_member_get_email (member);
      parts.reply_to = account->reply_to;
      parts.subject = draft->subject;
      parts.body = draft->body;
      parts.html = template->html_part;
      parts.message_id = message_id;
      parts.unsubscribe = unsubscribe;
      if (c.ics != NULL)
        {
          parts.attachment = c.ics;
          parts.attachment_name = "event.ics";
          parts.attachment_type = "text/calendar; charset=UTF-8; method=PUBLISH";
        }
      text = ch_mail_message_build (&parts);

      sqlite3_reset (st);
      sqlite3_bind_text (st, 1, account->chapter_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 2, batch_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 3, ch_member_get_id (member), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 4, template->key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 5, template->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 6, ch_member_get_email (member), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 7, ch_member_get_display_name (member), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 8, draft->subject, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 9, message_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob (st, 10, text, strlen (text), SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 11, now, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (st) != SQLITE_DONE)
        {
          sql_failed (error, db);
          goto failed;
        }
      count++;
    }
  sqlite3_finalize (st);
  st = NULL;

  if (!ch_store_commit (store, error))
    goto failed;
  context_clear (&c);

  if (out_batch_id)
    *out_batch_id = g_steal_pointer (&batch_id);
  if (out_count)
    *out_count = count;
  return TRUE;

failed:
  sqlite3_finalize (st);
  ch_store_rollback (store);
  context_clear (&c);
  return FALSE;
}

/* ----------------------------------------------------------------------- */
/* Reading                                                                 */

#define ITEM_COLUMNS \
  "id, batch_id, member_id, template_key, title, to_address, to_name, subject, message_id, " \
  "state, attempts, next_attempt_at, last_error, queued_at, sent_at"

static char *
dup_column (sqlite3_stmt *st,
            int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (st, i));
}

static ChMailOutboxItem *
item_from_row (sqlite3_stmt *st)
{
  ChMailOutboxItem *item = g_new0 (ChMailOutboxItem, 1);

  item->id = sqlite3_column_int64 (st, 0);
  item->batch_id = dup_column (st, 1);
  item->member_id = dup_column (st, 2);
  item->template_key = dup_column (st, 3);
  item->title = dup_column (st, 4);
  item->to_address = dup_column (st, 5);
  item->to_name = dup_column (st, 6);
  item->subject = dup_column (st, 7);
  item->message_id = dup_column (st, 8);
  item->state = state_from_string ((const char *) sqlite3_column_text (st, 9));
  item->attempts = (guint) sqlite3_column_int (st, 10);
  item->next_attempt_at = dup_column (st, 11);
  item->last_error = dup_column (st, 12);
  item->queued_at = dup_column (st, 13);
  item->sent_at = dup_column (st, 14);

  return item;
}

GPtrArray *
ch_mail_outbox_list (ChStore     *store,
                     const char  *chapter_id,
                     const char  *batch_id,
                     GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (
    (GDestroyNotify) ch_mail_outbox_item_free);
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT " ITEM_COLUMNS " FROM mail_outbox "
                          "WHERE chapter_id = ? AND (?2 IS NULL OR batch_id = ?2) "
                          "ORDER BY id DESC", -1, &st, NULL) != SQLITE_OK)
    {
      sql_failed (error, db);
      return NULL;
    }
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, batch_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (list, item_from_row (st));
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    {
      sql_failed (error, db);
      return NULL;
    }

  return g_steal_pointer (&list);
}

guint
ch_mail_outbox_count_waiting (ChStore    *store,
                              const char *chapter_id)
{
  return (guint) ch_store_query_int (store, 0,
                                     "SELECT count(*) FROM mail_outbox "
                                     "WHERE chapter_id = ? AND state = 'queued'",
                                     chapter_id, ch_store_sql_end);
}

/* ----------------------------------------------------------------------- */
/* State changes: each one statement (its own transaction) or one
 * transaction, committed before the SMTP transaction goes on.             */

static gboolean
run (ChStore     *store,
     GError     **error,
     guint       *changes,
     const char  *sql,
     ...)
{
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  va_list args;
  int i = 1;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    return sql_failed (error, db);

  va_start (args, sql);
  for (const char *arg = va_arg (args, const char *); arg != ch_store_sql_end;
       arg = va_arg (args, const char *))
    sqlite3_bind_text (st, i++, arg, -1, SQLITE_TRANSIENT);
  va_end (args);

  rc = sqlite3_step (st);
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return sql_failed (error, db);
  if (changes)
    *changes = (guint) sqlite3_changes (db);

  return TRUE;
}

guint
ch_mail_outbox_retry (ChStore     *store,
                      const char  *chapter_id,
                      gboolean     unsure,
                      GError     **error)
{
  guint changes = 0;

  if (!run (store, error, &changes,
            "UPDATE mail_outbox SET state = 'queued', next_attempt_at = NULL, attempts = 0 "
            "WHERE chapter_id = ? AND (state = 'failed' "
            "OR (state = 'queued' AND next_attempt_at IS NOT NULL) "
            "OR (? = '1' AND state = 'unsure'))",
            chapter_id, unsure ? "1" : "0", ch_store_sql_end))
    return 0;

  return changes;
}

gboolean
ch_mail_outbox_recover (ChStore     *store,
                        const char  *chapter_id,
                        GError     **error)
{
  return run (store, error, NULL,
              "UPDATE mail_outbox SET state = 'unsure', last_error = ? "
              "WHERE chapter_id = ? AND state = 'sending'",
              _("Chapterhouse stopped while sending this message: it may have been sent."),
              chapter_id, ch_store_sql_end);
}

ChMailOutboxItem *
ch_mail_outbox_claim_next (ChStore     *store,
                           const char  *chapter_id,
                           GBytes     **out_message,
                           GError     **error)
{
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  g_autofree char *now = ch_clock_now_utc_iso ();
  g_autoptr(ChMailOutboxItem) item = NULL;
  g_autoptr(GBytes) message = NULL;
  int rc;

  /* Read and mark in one write transaction, so that two senders (the
   * window and the command line) never take the same message. */
  if (!ch_store_begin (store, error))
    return NULL;

  if (sqlite3_prepare_v2 (db, "SELECT " ITEM_COLUMNS ", message FROM mail_outbox "
                          "WHERE chapter_id = ? AND state = 'queued' "
                          "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) "
                          "ORDER BY id LIMIT 1", -1, &st, NULL) != SQLITE_OK)
    {
      sql_failed (error, db);
      ch_store_rollback (store);
      return NULL;
    }
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, now, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      item = item_from_row (st);
      message = g_bytes_new (sqlite3_column_blob (st, 15), sqlite3_column_bytes (st, 15));
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sql_failed (error, db);
      ch_store_rollback (store);
      return NULL;
    }
  if (item == NULL)
    {
      ch_store_rollback (store);
      return NULL;
    }

  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, item->id);

    if (!run (store, error, NULL,
              "UPDATE mail_outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?",
              id, ch_store_sql_end) ||
        !ch_store_commit (store, error))
      {
        ch_store_rollback (store);
        return NULL;
      }
  }
  item->state = CH_MAIL_STATE_SENDING;
  item->attempts++;

  if (out_message)
    *out_message = g_steal_pointer (&message);
  return g_steal_pointer (&item);
}

gboolean
ch_mail_outbox_mark_sent (ChStore                *store,
                          const ChMailOutboxItem *item,
                          const char             *sent_by,
                          GError                **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, item->id);
  g_autofree char *now = ch_clock_now_utc_iso ();
  g_autofree char *chapter_id = NULL;
  g_autoptr(JsonObject) member = NULL;

  if (!ch_store_begin (store, error))
    return FALSE;

  chapter_id = ch_store_query_text (store, "SELECT chapter_id FROM mail_outbox WHERE id = ?",
                                    id, ch_store_sql_end);
  if (!run (store, error, NULL,
            "UPDATE mail_outbox SET state = 'sent', sent_at = ?, last_error = NULL "
            "WHERE id = ?", now, id, ch_store_sql_end))
    goto failed;

  member = item->member_id != NULL ? ch_store_get_live_row (store, "member", item->member_id)
                                   : NULL;
  if (member != NULL &&
      !ch_mail_record_add (store, chapter_id, item->member_id, item->template_key, item->title,
                           item->subject, now, sent_by, error))
    goto failed;

  return ch_store_commit (store, error);

failed:
  ch_store_rollback (store);
  return FALSE;
}

gboolean
ch_mail_outbox_mark_retry (ChStore                *store,
                           const ChMailOutboxItem *item,
                           const char             *reason,
                           GError                **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, item->id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *next_iso = NULL;

  if (item->attempts >= CH_MAIL_OUTBOX_MAX_ATTEMPTS)
    return ch_mail_outbox_mark_failed (store, item, reason, error);

  /* 1, 2, 4, … minutes, at most an hour. */
  next = g_date_time_add_minutes (now, MIN (60, 1 << MIN (item->attempts, 6)));
  next_iso = g_date_time_format (next, "%Y-%m-%dT%H:%M:%SZ");

  return run (store, error, NULL,
              "UPDATE mail_outbox SET state = 'queued', next_attempt_at = ?, last_error = ? "
              "WHERE id = ?", next_iso, reason, id, ch_store_sql_end);
}

gboolean
ch_mail_outbox_mark_failed (ChStore                *store,
                            const ChMailOutboxItem *item,
                            const char             *reason,
                            GError                **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, item->id);

  return run (store, error, NULL,
              "UPDATE mail_outbox SET state = 'failed', next_attempt_at = NULL, last_error = ? "
              "WHERE id = ?", reason, id, ch_store_sql_end);
}

gboolean
ch_mail_outbox_release (ChStore                *store,
                        const ChMailOutboxItem *item,
                        GError                **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, item->id);

  return run (store, error, NULL,
              "UPDATE mail_outbox SET state = 'queued', attempts = max (attempts - 1, 0) "
              "WHERE id = ?", id, ch_store_sql_end);
}
