/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-session.h"
#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_LEADERSHIP_PAGE (ch_leadership_page_get_type ())

G_DECLARE_FINAL_TYPE (ChLeadershipPage, ch_leadership_page, CH, LEADERSHIP_PAGE, GtkWidget)

/* Shows the chapter of @session, and the one it opens next. */
void   ch_leadership_page_set_session     (ChLeadershipPage *self,
                                           ChSession        *session);
void   ch_leadership_page_refresh         (ChLeadershipPage *self);

G_END_DECLS
