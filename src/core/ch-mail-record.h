/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * What was e-mailed to a member and when: a synced row per message sent
 * (entity "mail_record"), so that every officer sees "Renewal reminder,
 * 2026-12-02" on the member's page and nobody reminds the same person
 * twice in a week.
 */

#define CH_TYPE_MAIL_RECORD (ch_mail_record_get_type ())

typedef struct
{
  char *id;
  char *member_id;
  char *template_key;
  char *title;      /* "Renewal reminder" */
  char *subject;
  char *sent_at;    /* UTC ISO */
  char *sent_by;    /* the sender's address */
} ChMailRecord;

GType         ch_mail_record_get_type (void) G_GNUC_CONST;
ChMailRecord *ch_mail_record_copy     (const ChMailRecord *self);
void          ch_mail_record_free     (ChMailRecord       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChMailRecord, ch_mail_record_free)

/* Writes the record (and its outbox entry for the server). */
gboolean   ch_mail_record_add        (ChStore     *store,
                                      const char  *chapter_id,
                                      const char  *member_id,
                                      const char  *template_key,
                                      const char  *title,
                                      const char  *subject,
                                      const char  *sent_at,
                                      const char  *sent_by,
                                      GError     **error);
/* The member's records, newest first (element ChMailRecord). */
GPtrArray *ch_mail_record_list       (ChStore     *store,
                                      const char  *member_id,
                                      GError     **error);
/* What went to the members of @chapter_id in the last @days days: member
 * id -> GPtrArray of ChMailRecord, newest first, from any officer whose
 * records have synced. */
GHashTable *ch_mail_record_recent    (ChStore     *store,
                                      const char  *chapter_id,
                                      guint        days,
                                      GError     **error);
/* Each member's newest renewal message (templates "renewal-*"): member id
 * -> ChMailRecord, for the Renewals page's "last reminded". */
GHashTable *ch_mail_record_last_reminded (ChStore     *store,
                                          const char  *chapter_id,
                                          GError     **error);
/* "Renewal reminder, 2026-12-02" (the date in @tz_id), translated. */
char      *ch_mail_record_describe   (const ChMailRecord *record,
                                      const char         *tz_id);
/* How many messages of @template_key (NULL: any) went to @member_id within
 * the last @days days, from any officer whose records have synced. */
guint      ch_mail_record_count_recent (ChStore    *store,
                                        const char *member_id,
                                        const char *template_key,
                                        guint       days);

G_END_DECLS
