/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ch-chapter.h"
#include "ch-mail-account.h"
#include "ch-member.h"

G_BEGIN_DECLS

/* The values of a template's fields for one member (and one event, or
 * NULL): given and family name, tier, dues paid until, the amount due in
 * the chapter's currency, the chapter, the event's title, local start,
 * venue and join link, and the account's signature.  A table of field
 * name → text. */
GHashTable *ch_mail_fields_for (ChChapter           *chapter,
                                const ChMailAccount *account,
                                ChMember            *member,
                                ChEvent             *event);

G_END_DECLS
