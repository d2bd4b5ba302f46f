/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower-case, diacritics removed, for search and sorting ("Müller" → "muller"). */
char     *ch_fold                   (const char *str);

G_END_DECLS
