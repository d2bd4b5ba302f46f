/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ch-mail-left-out.h"
#include "ch-renewals.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Who a message goes to, and who is left out and why, before anything is
 * sent: a member without an address, or who asked not to be e-mailed
 * (consent_email = 0), never gets one, whichever way they were chosen.
 */

#define CH_MAIL_RECIPIENTS_ERROR (ch_mail_recipients_error_quark ())

typedef enum
{
  CH_MAIL_RECIPIENTS_ERROR_INVALID,
} ChMailRecipientsError;

GQuark ch_mail_recipients_error_quark (void);

#define CH_TYPE_MAIL_RECIPIENTS (ch_mail_recipients_get_type ())

typedef struct
{
  GPtrArray *members;    /* ChMember: each gets a message of their own */
  GPtrArray *left_out;   /* ChMailLeftOut */
  char      *event_id;   /* the event they were chosen from, or NULL */
  /* What went to them in the last 7 days (member id -> GPtrArray of
   * ChMailRecord), filled in by ch_mail_source_resolve(); may be NULL. */
  GHashTable *recent;
} ChMailRecipients;

GType             ch_mail_recipients_get_type (void) G_GNUC_CONST;
ChMailRecipients *ch_mail_recipients_copy     (const ChMailRecipients *self);
void              ch_mail_recipients_free     (ChMailRecipients       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChMailRecipients, ch_mail_recipients_free)

/* "No e-mail address", "Asked not to be e-mailed", "A guest", translated. */
const char       *ch_mail_recipients_left_out_label (ChMailLeftOutReason reason);

/* Whether @member may be e-mailed: an address and no refusal. */
gboolean          ch_mail_recipients_may_email  (ChMember         *member,
                                                 ChMailLeftOutReason *why);

/* @members (ChMember) as chosen by the officer (a filter, a selection). */
ChMailRecipients *ch_mail_recipients_from_members (GPtrArray      *members);
/* A Renewals group. */
ChMailRecipients *ch_mail_recipients_for_renewals (ChStore        *store,
                                                   const char     *chapter_id,
                                                   ChRenewalGroup  group,
                                                   GError        **error);
/* An event's people: @who is "registered", "waitlisted", "attended" or
 * "no-show" (registered, not checked in, the event over). */
ChMailRecipients *ch_mail_recipients_for_event    (ChStore        *store,
                                                   const char     *event_id,
                                                   const char     *who,
                                                   GError        **error);
/* The same, only those registered in @mode ("in-person", "online"; NULL:
 * any). */
ChMailRecipients *ch_mail_recipients_for_event_mode (ChStore        *store,
                                                     const char     *event_id,
                                                     const char     *who,
                                                     const char     *mode,
                                                     GError        **error);

G_END_DECLS
