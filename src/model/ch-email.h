/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Trimmed and lower-cased e-mail address, or NULL for empty input. */
char     *ch_email_normalize        (const char *email);

/* A plausible e-mail address: one @, something before it, a dot in the
 * domain, no spaces. Not RFC 5322, on purpose. */
gboolean  ch_email_is_valid         (const char *email);

G_END_DECLS
