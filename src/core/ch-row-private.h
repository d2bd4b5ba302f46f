/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Reading a stored row (a JsonObject of ch_store's row readers) inside
 * core, for the typed read objects (ChEvent, ChRegistration) built over
 * one.  Nothing above core includes this header. */

/* The text of @field, or NULL when missing, not a string or empty. */
const char *ch_row_get_text (JsonObject *row,
                             const char *field);
/* The integer of @field, or @fallback when missing or not an integer. */
gint64      ch_row_get_int  (JsonObject *row,
                             const char *field,
                             gint64      fallback);

G_END_DECLS
