/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CH_TYPE_SYNC_ACCOUNT (ch_sync_account_get_type ())

G_DECLARE_FINAL_TYPE (ChSyncAccount, ch_sync_account, CH, SYNC_ACCOUNT, GObject)

/*
 * Who a token belongs to on a server, as ch_sync_verify() read it (GET
 * /v1/me): the token's name, whether it is an admin token, and the
 * chapters it reaches, in the server's order.  Immutable; a chapter's name
 * is its id when the server has none.
 */
const char *ch_sync_account_get_token_name   (ChSyncAccount *self);
gboolean    ch_sync_account_get_admin        (ChSyncAccount *self);
guint       ch_sync_account_get_n_chapters   (ChSyncAccount *self);
const char *ch_sync_account_get_chapter_id   (ChSyncAccount *self,
                                              guint          position);
const char *ch_sync_account_get_chapter_name (ChSyncAccount *self,
                                              guint          position);
/* Whether the token reaches the chapter @chapter_id. */
gboolean    ch_sync_account_has_chapter      (ChSyncAccount *self,
                                              const char    *chapter_id);

G_END_DECLS
