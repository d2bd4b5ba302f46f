/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Columns of chapterhouse-cli's text output, padded by what a terminal
 * shows rather than by bytes: "Situação:" or "ANMÄLAN" take as many
 * columns as they have characters, a wide (East Asian) character two and
 * a combining mark none. */

/* The number of terminal columns @text takes. */
guint  ch_cli_pad_width (const char *text);
/* A copy of @text followed by spaces up to @columns columns (no spaces
 * when it is as wide or wider). */
char  *ch_cli_pad       (const char *text,
                         guint       columns);

G_END_DECLS
