/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Collation in an ICU locale ("sv_SE", "" for ICU's root order); the
 * user's is ch_locale_get (LC_COLLATE). */

/* What keys made for @locale depend on: the locale and ICU's collation
 * version ("sv_SE 153.112.32.0", "root 153.112.32.0"); keys made under one
 * description sort as byte strings in that collation's order. */
char       *ch_collate_describe           (const char  *locale);

/* ICU's sort key of @text in @locale's collation (tertiary strength): two
 * keys compare with memcmp() as the texts compare in that language.  The
 * key ends with its 0 byte, counted in @len.  Invalid UTF-8 sorts as "". */
guint8     *ch_collate_key                (const char  *locale,
                                           const char  *text,
                                           gsize       *len);

/* The member list's name key: the key of "family given" (trimmed). */
guint8     *ch_collate_name_key           (const char  *locale,
                                           const char  *family_name,
                                           const char  *given_name,
                                           gsize       *len);

/* Bounds between which lie the keys of every text that begins with
 * @prefix at the primary level (letters alike, case and accents aside):
 * lower <= key <= upper. */
void        ch_collate_prefix_bounds      (const char  *locale,
                                           const char  *prefix,
                                           GBytes     **lower,
                                           GBytes     **upper);

G_END_DECLS
