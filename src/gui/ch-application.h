/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_APPLICATION (ch_application_get_type ())

G_DECLARE_FINAL_TYPE (ChApplication, ch_application, CH, APPLICATION, AdwApplication)

ChApplication *ch_application_new          (void);
/* NULL when the database could not be opened; see get_store_error(). */
ChStore       *ch_application_get_store    (ChApplication *self);
const GError  *ch_application_get_store_error (ChApplication *self);
/* NULL when the GSettings schema is not installed (uninstalled tests). */
GSettings     *ch_application_get_settings (ChApplication *self);

G_END_DECLS
