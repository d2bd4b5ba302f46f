/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * A chapter's tiers: the three shipped ones ("network" free, "chapter"
 * paid, "honorary" never lapses) under the names the chapter gave them,
 * plus tiers the chapter added.  Stored in the synced entity
 * "membership_tier" (key, name, paid, position).
 */

#define CH_TIERS_ERROR (ch_tiers_error_quark ())

typedef enum
{
  CH_TIERS_ERROR_INVALID,   /* a translated message says what to fix */
} ChTiersError;

GQuark      ch_tiers_error_quark          (void);

#define CH_TYPE_TIER (ch_tier_get_type ())

G_DECLARE_FINAL_TYPE (ChTier, ch_tier, CH, TIER, GObject)

/* "network", "chapter", "honorary" or a chapter's own key. */
const char *ch_tier_get_key               (ChTier       *self);
/* The display name (translated for the shipped ones unless renamed). */
const char *ch_tier_get_name              (ChTier       *self);
gboolean    ch_tier_get_paid              (ChTier       *self);
gboolean    ch_tier_get_honorary          (ChTier       *self);
/* Paid and not honorary: dues are owed. */
gboolean    ch_tier_get_pays_dues         (ChTier       *self);

/* Element type ChTier, in the chapter's order. */
GPtrArray  *ch_tiers_list                 (ChStore      *store,
                                           const char   *chapter_id,
                                           GError      **error);
/* The chapter's tier @key, or NULL when it has none. */
ChTier     *ch_tiers_find                 (ChStore      *store,
                                           const char   *chapter_id,
                                           const char   *key);
/* Adds a tier (@key NULL: made from @name) or renames one. */
gboolean    ch_tiers_save                 (ChStore      *store,
                                           const char   *chapter_id,
                                           const char   *key,
                                           const char   *name,
                                           gboolean      paid,
                                           GError      **error);
/* Whether a member of tier @key owes no dues: the chapter's tier in
 * @tiers is neither paid nor honorary (a key the chapter does not know:
 * ch_tier_is_free()).  @tiers as ch_tiers_list() returns. */
gboolean    ch_tiers_is_free              (GPtrArray    *tiers,
                                           const char   *key);
/* The tier @key in @tiers, or NULL. */
ChTier     *ch_tiers_lookup               (GPtrArray    *tiers,
                                           const char   *key);
/* The tier a member of @tiers' tier @current is offered to upgrade to:
 * the shipped "chapter" tier when it is paid, else the first tier that
 * pays dues; NULL when @current already pays dues or is honorary, or
 * when there is no such tier.  @tiers as ch_tiers_list() returns. */
ChTier     *ch_tiers_upgrade_target       (GPtrArray    *tiers,
                                           const char   *current);

G_END_DECLS
