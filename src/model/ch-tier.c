/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-tier"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-tier.h"

ChTierKind
ch_tier_kind_for_key (const char *tier)
{
  if (ch_tier_is_free (tier))
    return CH_TIER_KIND_FREE;
  if (g_strcmp0 (tier, CH_TIER_HONORARY) == 0)
    return CH_TIER_KIND_HONORARY;

  return CH_TIER_KIND_PAID;
}

ChTierKind
ch_tier_kind (const char *tier,
              GHashTable *own_free)
{
  if (tier == NULL || ch_tier_is_shipped (tier))
    return ch_tier_kind_for_key (tier);
  if (own_free != NULL && g_hash_table_contains (own_free, tier))
    return CH_TIER_KIND_FREE;

  return CH_TIER_KIND_PAID;
}

gboolean
ch_tier_is_shipped (const char *tier)
{
  return g_strcmp0 (tier, CH_TIER_NETWORK) == 0 || g_strcmp0 (tier, CH_TIER_CHAPTER) == 0 ||
         g_strcmp0 (tier, CH_TIER_HONORARY) == 0;
}

const char *
ch_tier_label (const char *tier)
{
  if (tier == NULL || *tier == '\0')
    return "";
  if (strcmp (tier, CH_TIER_NETWORK) == 0)
    /* Translators: the free membership tier */
    return _("Network");
  if (strcmp (tier, CH_TIER_CHAPTER) == 0)
    /* Translators: the paid membership tier */
    return C_("membership tier", "Chapter");
  if (strcmp (tier, CH_TIER_HONORARY) == 0)
    return _("Honorary");

  return tier;
}

gboolean
ch_tier_is_free (const char *tier)
{
  return tier != NULL && strcmp (tier, CH_TIER_NETWORK) == 0;
}
