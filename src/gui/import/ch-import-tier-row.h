/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CH_TYPE_IMPORT_TIER_ROW (ch_import_tier_row_get_type ())

G_DECLARE_FINAL_TYPE (ChImportTierRow, ch_import_tier_row, CH, IMPORT_TIER_ROW, AdwComboRow)

/* The value @value of the file's tier column; @tiers (element type ChTier)
 * are the chapter's; @key the tier it maps to now (NULL: none).
 * "notify::tier-key" when the user picks another. */
GtkWidget  *ch_import_tier_row_new          (const char       *value,
                                             GPtrArray        *tiers,
                                             const char       *key);
const char *ch_import_tier_row_get_value    (ChImportTierRow  *self);
/* The chosen tier's key, or NULL for none. */
const char *ch_import_tier_row_get_tier_key (ChImportTierRow  *self);
void        ch_import_tier_row_set_tier_key (ChImportTierRow  *self,
                                             const char       *key);

G_END_DECLS
