/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ch-sync-account.h"

G_BEGIN_DECLS

/* The account of a /v1/me answer @me, or NULL when it is not one:
 * {"token_name": "…", "admin": bool, "chapters": [{"id": "…", "name": "…"}]}
 * where every chapter has a string id and a string (or no, or null) name.
 * For the engine and tests only. */
ChSyncAccount *ch_sync_account_new_from_me (JsonObject *me);

G_END_DECLS
