/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The FTS5 MATCH expression for what a person typed: every word is a
 * quoted prefix, all must match ("mül ber" → "\"mül\"* \"ber\"*").
 * Returns NULL when the text has no word at all. */
char *ch_search_match_expression (const char *text);

G_END_DECLS
