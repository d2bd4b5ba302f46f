/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Erasing a member (the right to erasure): which fields are personal, and
 * wiping them from a row.  Shared by the local store and the server, which
 * apply the same rule to every stored version (the model is GLib only: each
 * side wipes its own JSON objects with these lists).
 *
 * An erased member stays as a tombstone with only what statistics need
 * (tier, kind of partner, joined on, left on and why, dues paid until) and
 * "erased_on"/"erased_by"; periods and payments stay (without the payment's
 * reference).  Rows about the member lose their personal text: a payment's
 * reference, a mail record's subject, a conflict's two values, a
 * registration's guest name and e-mail.  On the wire an erasure is a
 * "delete" of the member whose "set" holds "erased_on" (see
 * docs/sync-protocol.md).
 */

#define CH_ERASE_FIELD_ON "erased_on"
#define CH_ERASE_FIELD_BY "erased_by"

/* The member's fields that are wiped (NULL-terminated). */
const char * const *ch_erase_member_fields (void);
/* The fields of @entity that are wiped on a row about an erased member
 * (NULL-terminated; empty for an entity without personal text). */
const char * const *ch_erase_related_fields (const char *entity);
/* The fields set to false on an erased member: the consents. */
const char * const *ch_erase_member_flags  (void);

G_END_DECLS
