/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ch-mail-account.h"
#include "ch-mail-recipients.h"
#include "ch-mail-state.h"
#include "ch-mail-template.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * The mail outbox: each message, personalised and whole, waits in the
 * local database until it is sent.  Its state is written before the SMTP
 * transaction ("sending") and after it ("sent", "failed" with the
 * server's reason, or "queued" again with a later time for a "try later"
 * answer).  A message found "sending" when a sender starts was being sent
 * when the program was killed: it becomes "unsure" and is not sent again
 * unless the officer asks (ch_mail_outbox_retry() with @unsure).
 */

#define CH_MAIL_OUTBOX_ERROR (ch_mail_outbox_error_quark ())

typedef enum
{
  CH_MAIL_OUTBOX_ERROR_FAILED,
  CH_MAIL_OUTBOX_ERROR_NO_RECIPIENTS,
  CH_MAIL_OUTBOX_ERROR_NEEDS_EVENT,
} ChMailOutboxError;

GQuark ch_mail_outbox_error_quark (void);

const char *ch_mail_outbox_state_to_string (ChMailState state);
/* "Waiting", "Sending", "Sent", "Failed", "Maybe sent", translated. */
const char *ch_mail_outbox_state_label     (ChMailState state);

/* After this many "try later" answers a message fails. */
#define CH_MAIL_OUTBOX_MAX_ATTEMPTS 8

#define CH_TYPE_MAIL_OUTBOX_ITEM (ch_mail_outbox_item_get_type ())

/* A read-only snapshot of one message of the outbox. */
typedef struct
{
  gint64       id;
  char        *batch_id;
  char        *member_id;
  char        *template_key;
  char        *title;          /* "Renewal reminder" */
  char        *to_address;
  char        *to_name;
  char        *subject;
  char        *message_id;
  ChMailState  state;
  guint        attempts;
  char        *next_attempt_at;
  char        *last_error;     /* the server's answer, for failed and waiting ones */
  char        *queued_at;
  char        *sent_at;
} ChMailOutboxItem;

GType             ch_mail_outbox_item_get_type (void) G_GNUC_CONST;
ChMailOutboxItem *ch_mail_outbox_item_copy     (const ChMailOutboxItem *self);
void              ch_mail_outbox_item_free     (ChMailOutboxItem       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChMailOutboxItem, ch_mail_outbox_item_free)

/* One member's message, filled in, as it would be sent (the preview). */
typedef struct
{
  char *to;        /* "Anna Berg <anna@example.org>" */
  char *subject;
  char *body;      /* with the opt-out footer */
} ChMailOutboxDraft;

void ch_mail_outbox_draft_free (ChMailOutboxDraft *draft);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChMailOutboxDraft, ch_mail_outbox_draft_free)

/* The message @template makes for @member (and @event_id when the
 * template is about an event). */
ChMailOutboxDraft *ch_mail_outbox_preview  (ChStore             *store,
                                      const ChMailAccount *account,
                                      const ChMailTemplate *template,
                                      ChMember            *member,
                                      const char          *event_id,
                                      GError             **error);

/* Queues one message per recipient in one transaction (all or none);
 * each is filled in, with the event's .ics attached when the template
 * says so.  @out_batch_id: the id the batch's messages share. */
gboolean     ch_mail_outbox_queue    (ChStore              *store,
                                      const ChMailAccount  *account,
                                      const ChMailTemplate *template,
                                      ChMailRecipients     *recipients,
                                      char                **out_batch_id,
                                      guint                *out_count,
                                      GError              **error);

/* Called now and then while a batch is filled in and queued. */
typedef void (*ChMailOutboxProgress) (guint    done,
                                     guint    total,
                                     gpointer user_data);

/* ch_mail_outbox_queue() that reports @progress on the calling thread and
 * stops (all or none: nothing queued) when @cancellable is cancelled. */
gboolean     ch_mail_outbox_queue_full (ChStore              *store,
                                        const ChMailAccount  *account,
                                        const ChMailTemplate *template,
                                        ChMailRecipients     *recipients,
                                        GCancellable         *cancellable,
                                        ChMailOutboxProgress   progress,
                                        gpointer              progress_data,
                                        char                **out_batch_id,
                                        guint                *out_count,
                                        GError              **error);

/* The messages of @chapter_id, newest first (element ChMailOutboxItem);
 * @batch_id NULL: all. */
GPtrArray   *ch_mail_outbox_list     (ChStore     *store,
                                      const char  *chapter_id,
                                      const char  *batch_id,
                                      GError     **error);
/* How many wait to be sent (queued). */
guint        ch_mail_outbox_count_waiting (ChStore    *store,
                                           const char *chapter_id);

/* Failed and waiting messages go again now (and, with @unsure, those a
 * kill left unsure).  Returns how many. */
guint        ch_mail_outbox_retry    (ChStore     *store,
                                      const char  *chapter_id,
                                      gboolean     unsure,
                                      GError     **error);

/* For the sender ------------------------------------------------------- */

/* Messages left "sending" by a killed sender become "unsure". */
gboolean     ch_mail_outbox_recover  (ChStore     *store,
                                      const char  *chapter_id,
                                      GError     **error);
/* The oldest queued message that is due, marked "sending" (committed)
 * before it is returned with its whole text in @out_message; NULL (no
 * error) when none is due. */
ChMailOutboxItem *ch_mail_outbox_claim_next (ChStore     *store,
                                             const char  *chapter_id,
                                             GBytes     **out_message,
                                             GError     **error);
/* The server took it: "sent", and the member's record (synced), in one
 * transaction. */
gboolean     ch_mail_outbox_mark_sent   (ChStore                *store,
                                         const ChMailOutboxItem *item,
                                         const char             *sent_by,
                                         GError                **error);
/* "Try later" (4xx, no connection): queued again after a pause that grows
 * with the attempts, failed after CH_MAIL_OUTBOX_MAX_ATTEMPTS. */
gboolean     ch_mail_outbox_mark_retry  (ChStore                *store,
                                         const ChMailOutboxItem *item,
                                         const char             *reason,
                                         GError                **error);
/* Refused for good (5xx): failed, with the server's reason. */
gboolean     ch_mail_outbox_mark_failed (ChStore                *store,
                                         const ChMailOutboxItem *item,
                                         const char             *reason,
                                         GError                **error);

/* Never tried after all (the account or the network failed before the
 * message went): back to "queued", due now, the attempt not counted. */
gboolean     ch_mail_outbox_release     (ChStore                *store,
                                         const ChMailOutboxItem *item,
                                         GError                **error);

G_END_DECLS
