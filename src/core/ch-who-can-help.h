/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * "Who can help with…": the active members (status active or in grace)
 * who have a specialty, with their company, partner kind, how many
 * opportunities they gave and how many they received and won.  Members
 * who said no to the directory (consent_directory = 0) are never listed.
 * Most won first, then most given, then by name.
 */

#define CH_TYPE_WHO_CAN_HELP_ENTRY (ch_who_can_help_entry_get_type ())

G_DECLARE_FINAL_TYPE (ChWhoCanHelpEntry, ch_who_can_help_entry, CH, WHO_CAN_HELP_ENTRY,
                      GObject)

const char *ch_who_can_help_entry_get_member_id    (ChWhoCanHelpEntry *self);
const char *ch_who_can_help_entry_get_member_name  (ChWhoCanHelpEntry *self);
const char *ch_who_can_help_entry_get_company      (ChWhoCanHelpEntry *self);
/* A key such as "isv", or NULL; ch_partner_kind_label() names it. */
const char *ch_who_can_help_entry_get_partner_kind (ChWhoCanHelpEntry *self);
guint       ch_who_can_help_entry_get_given        (ChWhoCanHelpEntry *self);
guint       ch_who_can_help_entry_get_won          (ChWhoCanHelpEntry *self);
/* member_id, member_name, company, partner_kind, given, won. */
JsonObject *ch_who_can_help_entry_to_json          (ChWhoCanHelpEntry *self);

/* The members of @chapter_id who can help with @specialty (a key or what
 * was typed: "Azure", "data & ai"); element type ChWhoCanHelpEntry. */
GPtrArray  *ch_who_can_help_find                   (ChStore             *store,
                                                    const char          *chapter_id,
                                                    const char          *specialty,
                                                    GError             **error);
void        ch_who_can_help_find_async             (ChStore             *store,
                                                    const char          *chapter_id,
                                                    const char          *specialty,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray  *ch_who_can_help_find_finish            (GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
