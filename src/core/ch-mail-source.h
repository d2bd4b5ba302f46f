/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ch-mail-recipients.h"
#include "ch-mail-reminders.h"
#include "ch-renewals.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Where a mailing's recipients come from, as a description that can be
 * carried to a worker thread and resolved there with its own database
 * connection: chosen members, the Members page's search and filters (the
 * same ChMemberList query the page runs), a Renewals group, an event's
 * people, or the reminders that came due for one step.  The compose
 * dialog and the CLI take a source; ch_mail_source_resolve() makes the
 * ChMailRecipients (consent applied in ch-mail-recipients, once).
 */

#define CH_MAIL_SOURCE_ERROR (ch_mail_source_error_quark ())

typedef enum
{
  CH_MAIL_SOURCE_ERROR_INVALID,
} ChMailSourceError;

GQuark ch_mail_source_error_quark (void);

typedef enum
{
  CH_MAIL_SOURCE_MEMBERS,
  CH_MAIL_SOURCE_FILTER,
  CH_MAIL_SOURCE_RENEWALS,
  CH_MAIL_SOURCE_EVENT,
  CH_MAIL_SOURCE_REMINDERS,
} ChMailSourceKind;

/* The Members list's filters, by their names in ch_member_list_set_filter(). */
typedef enum
{
  CH_MAIL_SOURCE_FILTER_TIER,
  CH_MAIL_SOURCE_FILTER_STATUS,
  CH_MAIL_SOURCE_FILTER_SPECIALTY,
  CH_MAIL_SOURCE_FILTER_ROLE,
  CH_MAIL_SOURCE_FILTER_PARTNER_KIND,
  CH_MAIL_SOURCE_N_FILTERS,
} ChMailSourceFilter;

#define CH_TYPE_MAIL_SOURCE (ch_mail_source_get_type ())

typedef struct
{
  ChMailSourceKind    kind;
  char               *chapter_id;
  GPtrArray          *members;                          /* MEMBERS: ChMember */
  char               *search;                           /* FILTER */
  char               *filters[CH_MAIL_SOURCE_N_FILTERS]; /* FILTER: NULL = any */
  ChRenewalGroup      group;                            /* RENEWALS */
  char               *event_id;                         /* EVENT */
  char               *who;                              /* EVENT: "registered", … */
  char               *mode;                             /* EVENT: NULL = any mode */
  ChMailReminderStep  step;                             /* REMINDERS */
  ChMailReminderRules rules;                            /* REMINDERS */
} ChMailSource;

GType         ch_mail_source_get_type (void) G_GNUC_CONST;
ChMailSource *ch_mail_source_copy     (const ChMailSource *self);
void          ch_mail_source_free     (ChMailSource       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChMailSource, ch_mail_source_free)

/* "tier", "status", "specialty", "role", "partner_kind". */
const char   *ch_mail_source_filter_name (ChMailSourceFilter filter);

ChMailSource *ch_mail_source_new_members   (const char                *chapter_id,
                                            GPtrArray                 *members);
/* Then ch_mail_source_set_filter() for each filter in use. */
ChMailSource *ch_mail_source_new_filter    (const char                *chapter_id,
                                            const char                *search);
void          ch_mail_source_set_filter    (ChMailSource              *self,
                                            ChMailSourceFilter         filter,
                                            const char                *value);
ChMailSource *ch_mail_source_new_renewals  (const char                *chapter_id,
                                            ChRenewalGroup             group);
/* @mode: "in-person" or "online" only, or NULL for everyone. */
ChMailSource *ch_mail_source_new_event     (const char                *chapter_id,
                                            const char                *event_id,
                                            const char                *who,
                                            const char                *mode);
ChMailSource *ch_mail_source_new_reminders (const char                *chapter_id,
                                            const ChMailReminderRules *rules,
                                            ChMailReminderStep         step);

/* The template a source calls for ("renewal-grace" for the grace group or
 * step), or NULL to let the officer choose. */
const char   *ch_mail_source_suggested_template (const ChMailSource *self);

/* The recipients of @self, with who is left out and why, and what each
 * got in the last 7 days (ChMailRecipients.recent).  Runs SQL: call it
 * on a worker thread for a window (ch_mail_source_resolve_async()). */
ChMailRecipients *ch_mail_source_resolve        (ChStore             *store,
                                                 const ChMailSource  *self,
                                                 GError             **error);
/* ch_mail_source_resolve() on a worker thread with its own connection to
 * the database at @db_path. */
void              ch_mail_source_resolve_async  (const char          *db_path,
                                                 const ChMailSource  *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
ChMailRecipients *ch_mail_source_resolve_finish (GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
