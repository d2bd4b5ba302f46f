/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <locale.h>

#include <glib.h>

G_BEGIN_DECLS

/* The ICU locale of a POSIX locale name: "sv_SE.UTF-8" → "sv_SE"; "C",
 * "POSIX", "C.UTF-8" and NULL → "" (ICU's root: neutral order, English
 * numbers). */
char       *ch_locale_from_posix          (const char  *posix);

/* The ICU locale of one of this process's locale categories (LC_COLLATE,
 * LC_MONETARY, LC_NUMERIC) as setlocale() left it.  ICU needs no system
 * locale: tests pass a locale name to the *_for_locale() functions. */
char       *ch_locale_get                 (int          category);

G_END_DECLS
