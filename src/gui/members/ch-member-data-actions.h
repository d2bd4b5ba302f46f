/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * A member's personal data, from the member's page: "member.export-data"
 * (everything stored about them as one JSON file, through a save dialog)
 * and "member.erase" (after a confirmation that says what happens: erased
 * here, on the server and on every officer's laptop, a count-only record
 * left).  Both run on a worker thread with a store of their own.
 */

/* Adds the two actions to @map, acting on the member @dialog shows
 * (ch_member_dialog_get_member_id()); disabled while adding a member. */
void ch_member_data_actions_add   (GActionMap  *map,
                                   AdwWindow   *dialog,
                                   ChStore     *store,
                                   const char  *member_id);

/* What the dialog's erase does after its confirmation (tests call it):
 * erases @member_id on a worker thread, then closes @dialog and says so
 * in the main window. */
void ch_member_data_actions_erase (AdwWindow   *dialog,
                                   ChStore     *store,
                                   const char  *member_id);

G_END_DECLS
