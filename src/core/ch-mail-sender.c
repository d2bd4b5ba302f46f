/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-sender"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ch-mail-account.h"
#include "ch-mail-outbox.h"
#include "ch-mail-recipients.h"
#include "ch-mail-secret.h"
#include "ch-mail-sender.h"
#include "ch-store-private.h"

G_DEFINE_QUARK (ch-mail-sender-error-quark, ch_mail_sender_error)

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} Upload;

static size_t
on_read_cb (char   *buffer,
            size_t  size,
            size_t  nitems,
            void   *user_data)
{
  Upload *up = user_data;
  size_t n = MIN (size * nitems, up->size - up->offset);

  memcpy (buffer, up->data + up->offset, n);
  up->offset += n;
  return n;
}

/* The server's last refusal ("550 5.1.1 No such user"), for the officer. */
static int
on_debug_cb (CURL          *handle,
             curl_infotype  type,
             char          *data,
             size_t         size,
             void          *user_data)
{
  GString *last = user_data;

  /* Only refusals: after one, curl says QUIT and the server "221 Bye". */
  if (type == CURLINFO_HEADER_IN && size >= 3 && (data[0] == '4' || data[0] == '5'))
    {
      g_string_truncate (last, 0);
      g_string_append_len (last, data, MIN (size, 300));
      while (last->len > 0 && g_ascii_isspace (last->str[last->len - 1]))
        g_string_truncate (last, last->len - 1);
      if (!g_utf8_validate (last->str, -1, NULL))
        {
          g_autofree char *valid = g_utf8_make_valid (last->str, -1);

          g_string_assign (last, valid);
        }
    }

  return 0;
}

static gpointer
init_curl_once (gpointer data)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

typedef enum
{
  OUTCOME_SENT,
  OUTCOME_RETRY,      /* 4xx, or the connection broke during the message */
  OUTCOME_FAILED,     /* 5xx for this message */
  OUTCOME_ACCOUNT,    /* nothing went: the login failed; stop the run */
  OUTCOME_OFFLINE,    /* nothing went: no connection; stop the run */
} Outcome;

static Outcome
send_one (CURL                *curl,
          const ChMailAccount *account,
          const char          *password,
          const char          *to_address,
          GBytes              *message,
          char               **out_reason)
{
  g_autofree char *url = g_strdup_printf ("%s://%s:%u",
                                          account->security == CH_MAIL_SECURITY_TLS
                                            ? "smtps" : "smtp",
                                          account->server, account->port);
  g_autofree char *from = g_strdup_printf ("<%s>", account->from_address);
  g_autofree char *rcpt = g_strdup_printf ("<%s>", to_address);
  g_autoptr(GString) last = g_string_new (NULL);
  struct curl_slist *rcpts = curl_slist_append (NULL, rcpt);
  char errbuf[CURL_ERROR_SIZE] = "";
  Upload up = { 0 };
  long code = 0;
  CURLcode res;

  up.data = g_bytes_get_data (message, &up.size);

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_USE_SSL,
                    account->security == CH_MAIL_SECURITY_NONE ? (long) CURLUSESSL_NONE
                                                               : (long) CURLUSESSL_ALL);
  if (account->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, account->ca_file);
  if (account->user != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, account->user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, password != NULL ? password : "");
    }
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, rcpts);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, on_read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, &up);
  curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) up.size);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_DEBUGFUNCTION, on_debug_cb);
  curl_easy_setopt (curl, CURLOPT_DEBUGDATA, last);
  curl_easy_setopt (curl, CURLOPT_VERBOSE, 1L);

  res = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all (rcpts);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, NULL);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, NULL);
  curl_easy_setopt (curl, CURLOPT_DEBUGDATA, NULL);

  if (res == CURLE_OK)
    return OUTCOME_SENT;

  g_debug ("SMTP to %s: %s (%ld): %s", to_address, curl_easy_strerror (res), code, errbuf);

  switch (res)
    {
    case CURLE_LOGIN_DENIED:
      *out_reason = g_strdup_printf (_("The mail server refused the user name or password (%s)."),
                                     last->len ? last->str : curl_easy_strerror (res));
      return OUTCOME_ACCOUNT;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_USE_SSL_FAILED:
      *out_reason = g_strdup_printf (_("Could not reach the mail server %s: %s."),
                                     account->server, curl_easy_strerror (res));
      return OUTCOME_OFFLINE;
    default:
      break;
    }

  if (code >= 500 && code < 600)
    {
      *out_reason = g_strdup (last->len ? last->str : curl_easy_strerror (res));
      /* 530 and 535: the login, not this message. */
      return code == 530 || code == 535 ? OUTCOME_ACCOUNT : OUTCOME_FAILED;
    }

  if (code >= 400 && code < 500)
    *out_reason = g_strdup (last->len ? last->str : curl_easy_strerror (res));
  else
    *out_reason = g_strdup_printf (_("The connection to the mail server broke: %s."),
                                   curl_easy_strerror (res));
  return OUTCOME_RETRY;
}

/* Whether the member may still be e-mailed: consent can be withdrawn (here
 * or by another officer, synced) after the message was queued.  NULL, or
 * why not. */
static const char *
withdrawn_reason (ChStore                *store,
                  const ChMailOutboxItem *item)
{
  g_autoptr(ChMember) member = NULL;
  ChMailLeftOutReason why;

  if (item->member_id == NULL ||
      (member = ch_store_get_member (store, item->member_id, NULL)) == NULL)
    return NULL;
  if (ch_mail_recipients_may_email (member, &why))
    return NULL;

  return ch_mail_recipients_left_out_label (why);
}

gboolean
ch_mail_sender_run (const char          *db_path,
                    const char          *chapter_id,
                    GCancellable        *cancellable,
                    ChMailSenderProgress   progress,
                    gpointer             progress_data,
                    ChMailSendReport    *report,
                    GError             **error)
{
  static GOnce curl_once = G_ONCE_INIT;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(ChMailAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *password = NULL;
  ChMailSendReport r = { 0 };
  CURL *curl = NULL;
  guint total;
  guint done = 0;
  gboolean ok = TRUE;

  g_once (&curl_once, init_curl_once, NULL);

  store = ch_store_open (db_path, error);
  if (store == NULL)
    return FALSE;

  account = ch_mail_account_load (store, chapter_id, &local_error);
  if (account == NULL)
    {
      g_set_error_literal (error, CH_MAIL_SENDER_ERROR, CH_MAIL_SENDER_ERROR_ACCOUNT,
                           local_error->message);
      return FALSE;
    }

  /* What a killed run left half-sent is not sent again by itself. */
  r.unsure = (guint) ch_store_query_int (store, 0, "SELECT count(*) FROM mail_outbox "
                                         "WHERE chapter_id = ? AND state = 'sending'",
                                         chapter_id, ch_store_sql_end);
  if (!ch_mail_outbox_recover (store, chapter_id, error))
    return FALSE;

  total = ch_mail_outbox_count_waiting (store, chapter_id);
  if (total == 0)
    goto out;

  password = ch_mail_secret_for_account (account, cancellable, &local_error);
  if (password == NULL && local_error != NULL)
    {
      g_set_error_literal (error, CH_MAIL_SENDER_ERROR, CH_MAIL_SENDER_ERROR_ACCOUNT,
                           local_error->message);
      ok = FALSE;
      goto out;
    }

  curl = curl_easy_init ();
  while (!g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(GBytes) message = NULL;
      g_autoptr(ChMailOutboxItem) item = NULL;
      g_autofree char *reason = NULL;
      Outcome outcome;

      item = ch_mail_outbox_claim_next (store, chapter_id, &message, error);
      if (item == NULL)
        {
          ok = (error == NULL || *error == NULL);
          break;
        }

      if (withdrawn_reason (store, item) != NULL)
        {
          ok = ch_mail_outbox_mark_failed (store, item, withdrawn_reason (store, item), error);
          r.failed++;
          if (!ok)
            break;
          continue;
        }

      outcome = send_one (curl, account, password, item->to_address, message, &reason);
      switch (outcome)
        {
        case OUTCOME_SENT:
          ok = ch_mail_outbox_mark_sent (store, item, account->from_address, error);
          r.sent++;
          break;
        case OUTCOME_RETRY:
          ok = ch_mail_outbox_mark_retry (store, item, reason, error);
          r.waiting++;
          break;
        case OUTCOME_FAILED:
          ok = ch_mail_outbox_mark_failed (store, item, reason, error);
          r.failed++;
          break;
        case OUTCOME_ACCOUNT:
        case OUTCOME_OFFLINE:
        default:
          ch_mail_outbox_release (store, item, NULL);
          g_set_error_literal (error, CH_MAIL_SENDER_ERROR,
                               outcome == OUTCOME_ACCOUNT ? CH_MAIL_SENDER_ERROR_ACCOUNT
                                                          : CH_MAIL_SENDER_ERROR_OFFLINE,
                               reason);
          ok = FALSE;
          break;
        }
      if (!ok)
        break;

      done++;
      if (progress != NULL)
        progress (done, MAX (total, done), progress_data);
    }

out:
  if (curl != NULL)
    curl_easy_cleanup (curl);
  if (report != NULL)
    *report = r;

  return ok;
}

/* ----------------------------------------------------------------------- */
/* On a worker thread                                                      */

typedef struct
{
  char               *db_path;
  char               *chapter_id;
  ChMailSenderProgress  progress;
  gpointer            progress_data;
  GMainContext       *context;
  ChMailSendReport    report;
} SendJob;

typedef struct
{
  SendJob *job;
  guint    done;
  guint    total;
} ProgressCall;

static void
send_job_free (SendJob *job)
{
  g_free (job->db_path);
  g_free (job->chapter_id);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
on_progress_idle_cb (gpointer data)
{
  ProgressCall *call = data;

  call->job->progress (call->done, call->total, call->job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
on_thread_progress (guint    done,
                    guint    total,
                    gpointer data)
{
  SendJob *job = data;
  ProgressCall *call;

  if (job->progress == NULL)
    return;

  call = g_new0 (ProgressCall, 1);
  call->job = job;
  call->done = done;
  call->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, on_progress_idle_cb, call,
                              g_free);
}

static void
send_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendJob *job = task_data;
  GError *error = NULL;

  if (ch_mail_sender_run (job->db_path, job->chapter_id, cancellable, on_thread_progress, job,
                          &job->report, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ch_mail_sender_send_async (const char          *db_path,
                           const char          *chapter_id,
                           GCancellable        *cancellable,
                           ChMailSenderProgress   progress,
                           gpointer             progress_data,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SendJob *job = g_new0 (SendJob, 1);

  job->db_path = g_strdup (db_path);
  job->chapter_id = g_strdup (chapter_id);
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  g_task_set_source_tag (task, ch_mail_sender_send_async);
  g_task_set_task_data (task, job, (GDestroyNotify) send_job_free);
  g_task_run_in_thread (task, send_thread);
}

gboolean
ch_mail_sender_send_finish (GAsyncResult      *result,
                            ChMailSendReport  *report,
                            GError           **error)
{
  SendJob *job = g_task_get_task_data (G_TASK (result));

  if (report != NULL)
    *report = job->report;

  return g_task_propagate_boolean (G_TASK (result), error);
}
