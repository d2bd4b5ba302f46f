/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Tiers shipped with every chapter; chapters may add their own, which count
 * as paid unless marked free. */
#define CH_TIER_NETWORK  "network"
#define CH_TIER_CHAPTER  "chapter"
#define CH_TIER_HONORARY "honorary"

/* How a tier counts for the status rule. */
typedef enum
{
  CH_TIER_KIND_PAID,      /* "chapter" and, unless marked free, a chapter's own */
  CH_TIER_KIND_FREE,      /* "network" and a chapter's own free tiers */
  CH_TIER_KIND_HONORARY,  /* never lapses */
} ChTierKind;

/* The kind of a tier known by its key alone: network → free, honorary →
 * honorary, anything else → paid. */
ChTierKind      ch_tier_kind_for_key       (const char     *tier);

/* The tier rule, its one home: the shipped tiers by their key; a chapter's
 * own tier counts as paid unless its membership_tier row says free.
 * @own_free: the keys (a set) of the chapter's own free tiers, or NULL for
 * none; see ch_status_sql_own_free_tiers() in ch-status-sql.h. */
ChTierKind      ch_tier_kind               (const char     *tier,
                                            GHashTable     *own_free);

/* Whether @tier is one of the shipped tiers (network, chapter, honorary). */
gboolean        ch_tier_is_shipped         (const char     *tier);

const char     *ch_tier_label              (const char     *tier);

gboolean        ch_tier_is_free            (const char     *tier);

G_END_DECLS
