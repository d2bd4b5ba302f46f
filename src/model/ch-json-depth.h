/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* FALSE when JSON @text nests arrays and objects deeper than @max_depth
 * (strings are skipped).  json-glib's parser recurses without a limit, so
 * text that came from the network is checked before it is parsed. */
gboolean  ch_json_depth_ok        (const char *text,
                                     guint       max_depth);

G_END_DECLS
