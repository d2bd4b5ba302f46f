/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * A member's personal data (GDPR articles 15 and 17): a copy of
 * everything stored about them, and erasing them (ch-store-erase.h).
 */

#define CH_MEMBER_DATA_ERROR (ch_member_data_error_quark ())

typedef enum
{
  CH_MEMBER_DATA_ERROR_NOT_FOUND,
  CH_MEMBER_DATA_ERROR_ERASED,
} ChMemberDataError;

GQuark  ch_member_data_error_quark (void);

/* One JSON document with everything this file holds about @member_id:
 * "member" (every field), "specialties", "periods", "payments", "roles",
 * "registrations" (with the event's title and start), "mail_record"
 * (what was e-mailed and when), "mail_outbox" (messages queued or sent
 * from this laptop), "opportunities", "history" (the timeline as the
 * member's page shows it), "conflicts" and "chapter", "exported_at". */
GBytes   *ch_member_data_export     (ChStore     *store,
                                     const char  *member_id,
                                     GError     **error);

/* Erases @member_id here and, at the next sync, on the server and every
 * other officer's laptop (ch_store_erase_member()); @officer: who erases
 * (NULL: the user's real name). */
gboolean  ch_member_data_erase      (ChStore     *store,
                                     const char  *member_id,
                                     const char  *officer,
                                     GError     **error);

/* "Erased on 2026-12-02 by Anna Officer" for an erased member's
 * tombstone; NULL if @member_id was not erased. */
char     *ch_member_data_describe_erasure (ChStore    *store,
                                           const char *member_id);

G_END_DECLS
