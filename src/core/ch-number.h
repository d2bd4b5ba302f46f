/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A count as people of the user's locale (LC_NUMERIC) write it, with its
 * grouping: "100 000" in Swedish, "100.000" in German, "100,000" in
 * English; "100000" in the C locale. */
char       *ch_number_format              (gint64       value);
char       *ch_number_format_for_locale   (gint64       value,
                                           const char  *locale);

G_END_DECLS
