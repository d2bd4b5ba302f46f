/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The partner kinds a member can have, NULL-terminated, in the order shown. */
const char * const *ch_partner_kind_list       (void);

const char     *ch_partner_kind_label      (const char     *kind);

G_END_DECLS
