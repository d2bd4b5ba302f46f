/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-member.h"

G_BEGIN_DECLS

/* For core and tests only: the GUI and the CLI use the typed getters of
 * ch-member.h, so that a field's name never appears above core. */

/* Any field by its entity name, or NULL. */
const char     *ch_member_get_text           (ChMember   *self,
                                              const char *field);
gint64          ch_member_get_int            (ChMember   *self,
                                              const char *field,
                                              gint64      fallback);

G_END_DECLS
