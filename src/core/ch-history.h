/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * A member's timeline: joins, renewals, upgrades, payments, lapses (derived
 * from dues paid until + grace), rejoins with the gap before them, leaves,
 * and the terms of office they held.
 */

typedef enum
{
  CH_HISTORY_JOIN,
  CH_HISTORY_RENEW,
  CH_HISTORY_UPGRADE,
  CH_HISTORY_PAYMENT,
  CH_HISTORY_LAPSE,      /* derived: dues paid until + grace passed */
  CH_HISTORY_REJOIN,     /* with the gap since the lapse or leave */
  CH_HISTORY_LEAVE,
  CH_HISTORY_ROLE_START,
  CH_HISTORY_ROLE_END,
} ChHistoryKind;

#define CH_TYPE_HISTORY_ENTRY (ch_history_entry_get_type ())

G_DECLARE_FINAL_TYPE (ChHistoryEntry, ch_history_entry, CH, HISTORY_ENTRY, GObject)

ChHistoryKind ch_history_entry_get_kind   (ChHistoryEntry *self);
/* ISO date */
const char   *ch_history_entry_get_date   (ChHistoryEntry *self);
/* Translated, e.g. "Upgraded to Chapter". */
const char   *ch_history_entry_get_title  (ChHistoryEntry *self);
/* Translated, may be NULL, e.g. "Gap of 4 months". */
const char   *ch_history_entry_get_detail (ChHistoryEntry *self);
/* The period, payment or role row, if any. */
const char   *ch_history_entry_get_row_id (ChHistoryEntry *self);

/* The member's timeline, oldest first (element type ChHistoryEntry). */
GPtrArray    *ch_history_list             (ChStore        *store,
                                           const char     *member_id,
                                           GError        **error);

G_END_DECLS
