/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits.
 * Monotonic within one process even when the clock steps back. */
char     *ch_uuid_new_v7              (void);

/* A name-based UUID (v5 layout, SHA-1) of @namespace_str and @name, so two
 * devices that create "the same" thing make the same id. */
char     *ch_uuid_for_name          (const char *namespace_str,
                                     const char *name);

gboolean  ch_uuid_is_valid          (const char *str);

/* The name-based id of a registration for @event_id: of @member_id, or
 * (no member) of the guest's e-mail, trimmed and lower-cased, so that two
 * devices registering the same person make the same row.  NULL for a
 * guest without an e-mail. */
char     *ch_uuid_for_registration  (const char *event_id,
                                     const char *member_id,
                                     const char *guest_email);

G_END_DECLS
