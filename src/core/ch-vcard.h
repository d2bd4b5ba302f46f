/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * vCard 4.0 (RFC 6350) of members, for an address book.  Only members who
 * agreed to be in the directory are written: the others are left out and
 * counted in *@out_skipped.  Each card has FN, N, ORG, TITLE, EMAIL, TEL,
 * ADR (city and country), CATEGORIES (specialties) and UID; text is
 * escaped and lines are folded at 75 octets without splitting a character.
 */

GBytes *ch_vcard_write_members (ChStore    *store,
                                GListModel *members,
                                guint      *out_skipped);

G_END_DECLS
