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

/* The ICU objects (collators, number formats) this thread opened, by
 * name: ICU's objects may not be shared between threads and take a while
 * to open, so each thread keeps its own.  @cache is a GPrivate made with
 * G_PRIVATE_INIT ((GDestroyNotify) g_hash_table_unref); every object kept
 * in it is closed with the same @close_func when the thread ends. */
gpointer    ch_locale_thread_lookup       (GPrivate       *cache,
                                           const char     *name);
void        ch_locale_thread_keep         (GPrivate       *cache,
                                           const char     *name,
                                           gpointer        object,
                                           GDestroyNotify  close_func);

G_END_DECLS
