/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Changing a chapter's own settings (name, place, time zone, currency,
 * dues) after it was made, and taking a chapter off this computer.
 */

/* Checks the chapter fields in @set and puts them in their stored form:
 * a country name becomes its ISO code, a currency upper case.  Unknown
 * fields, an unknown country, time zone or currency, negative dues, a
 * period other than yearly/quarterly/monthly or grace days outside 0–365
 * give CH_STORE_ERROR_INVALID with a message for the person who typed it. */
gboolean   ch_chapter_check_fields      (JsonObject  *set,
                                         GError     **error);

/* ch_chapter_check_fields(), then a normal synced edit of the chapter row
 * (ch_store_update(): the row and its outbox entry together). */
gboolean   ch_chapter_update            (ChStore     *store,
                                         const char  *chapter_id,
                                         JsonObject  *set,
                                         GError     **error);

/* Deletes every row of the chapter from this computer only: no outbox
 * entry is written, nothing is sent to the server (its copy stays), and
 * changes not yet sent are lost.  One transaction. */
gboolean   ch_chapter_remove_local      (ChStore     *store,
                                         const char  *chapter_id,
                                         GError     **error);

G_END_DECLS
