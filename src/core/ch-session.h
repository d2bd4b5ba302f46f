/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ch-chapter.h"
#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_SESSION (ch_session_get_type ())

G_DECLARE_FINAL_TYPE (ChSession, ch_session, CH, SESSION, GObject)

/*
 * What a window works on: the store and the chapter open in it.  Pages,
 * dialogs and the sync manager receive the session instead of a store and
 * a chapter id each, and follow the chapter through "notify::chapter-id"
 * (another chapter) and "notify::chapter" (another chapter, or the same
 * chapter with new settings: a new snapshot).
 *
 * The chapter id may name a chapter that has no row here yet (linked to a
 * server, not downloaded): then :chapter is NULL until ch_session_reload()
 * finds it.  The session reads the chapter again by itself when the store
 * says the chapter row changed.
 */
ChSession  *ch_session_new            (ChStore    *store);

ChStore    *ch_session_get_store      (ChSession  *self);
/* The chapter's id, or NULL when no chapter is open. */
const char *ch_session_get_chapter_id (ChSession  *self);
/* The chapter's settings as a snapshot, or NULL (no chapter, or not here yet). */
ChChapter  *ch_session_get_chapter    (ChSession  *self);

/* Opens @chapter_id (NULL: none) and reads its row. */
void        ch_session_set_chapter_id (ChSession  *self,
                                       const char *chapter_id);
/* Reads the chapter row again (after a sync, which writes on a connection
 * of its own); notifies :chapter. */
void        ch_session_reload         (ChSession  *self);

G_END_DECLS
