/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-application.h"
#include "ch-leadership-page.h"
#include "ch-events-page.h"
#include "ch-members-page.h"
#include "ch-renewals-page.h"
#include "ch-opportunities-page.h"
#include "ch-session.h"

G_BEGIN_DECLS

#define CH_TYPE_WINDOW (ch_window_get_type ())

G_DECLARE_FINAL_TYPE (ChWindow, ch_window, CH, WINDOW, AdwApplicationWindow)

ChWindow       *ch_window_new              (ChApplication *application);
ChStore        *ch_window_get_store        (ChWindow      *self);
/* The chapter open in the window's session, or NULL. */
ChChapter      *ch_window_get_chapter      (ChWindow      *self);
/* The store and the open chapter; NULL when the store could not be opened. */
ChSession      *ch_window_get_session      (ChWindow      *self);
/* Opens @chapter_id (NULL: the welcome page) in the window's session. */
void            ch_window_set_chapter      (ChWindow      *self,
                                            const char    *chapter_id);
ChMembersPage  *ch_window_get_members_page (ChWindow      *self);
ChEventsPage   *ch_window_get_events_page  (ChWindow      *self);
ChRenewalsPage *ch_window_get_renewals_page (ChWindow     *self);
ChOpportunitiesPage *ch_window_get_opportunities_page (ChWindow *self);
void            ch_window_add_toast        (ChWindow      *self,
                                            AdwToast      *toast);
/* The name of the page shown: "welcome", "chapter" or "error". */
const char     *ch_window_get_page         (ChWindow      *self);
/* Whether the window shows what it opened with: the chapter's members
 * once their list has its first answer, or a page with nothing to load
 * (the daily backup waits for it; so does the first-frame bench). */
gboolean        ch_window_shows_content    (ChWindow      *self);

/* The chapter's views in the order of the view switcher; Ctrl+1… show
 * them ("win.show-page::members").  The view shown: one of these. */
#define CH_WINDOW_N_VIEWS 6
extern const char * const ch_window_page_names[CH_WINDOW_N_VIEWS];
const char     *ch_window_get_view         (ChWindow      *self);

G_END_DECLS
