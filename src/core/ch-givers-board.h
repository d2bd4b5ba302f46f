/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * The givers' board: for a quarter or a year, the members who gave
 * opportunities, ranked by how many they gave (given_on in the period),
 * then by how many of those were won.  Members with the same two counts
 * share a rank ("1, 1, 3") and are marked tied; within a tie they are
 * listed by family name, then given name, then id, the same on every
 * device.  Won counts the opportunities given in the period that are won
 * by now, whenever they were won.
 */

#define CH_TYPE_GIVERS_BOARD_ENTRY (ch_givers_board_entry_get_type ())

G_DECLARE_FINAL_TYPE (ChGiversBoardEntry, ch_givers_board_entry, CH, GIVERS_BOARD_ENTRY,
                      GObject)

const char *ch_givers_board_entry_get_member_id   (ChGiversBoardEntry *self);
const char *ch_givers_board_entry_get_member_name (ChGiversBoardEntry *self);
const char *ch_givers_board_entry_get_company     (ChGiversBoardEntry *self);
/* 1 for the first; tied members share it. */
guint       ch_givers_board_entry_get_rank        (ChGiversBoardEntry *self);
gboolean    ch_givers_board_entry_get_tied        (ChGiversBoardEntry *self);
guint       ch_givers_board_entry_get_given       (ChGiversBoardEntry *self);
guint       ch_givers_board_entry_get_won         (ChGiversBoardEntry *self);
/* How many of those given were in @band (CH_OPPORTUNITY_BAND_*). */
guint       ch_givers_board_entry_get_band_count  (ChGiversBoardEntry *self,
                                                   const char         *band);
/* rank, tied, member_id, member_name, company, given, won, bands {band: n}. */
JsonObject *ch_givers_board_entry_to_json         (ChGiversBoardEntry *self);

/* The board of @chapter_id for the days @from to @to (ISO dates, both
 * included; see ch_opportunities_period_range()); element type
 * ChGiversBoardEntry, best first. */
GPtrArray  *ch_givers_board_compute               (ChStore             *store,
                                                   const char          *chapter_id,
                                                   const char          *from,
                                                   const char          *to,
                                                   GError             **error);
void        ch_givers_board_compute_async         (ChStore             *store,
                                                   const char          *chapter_id,
                                                   const char          *from,
                                                   const char          *to,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray  *ch_givers_board_compute_finish        (GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
