/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_LEADERSHIP_PAGE (ch_leadership_page_get_type ())

G_DECLARE_FINAL_TYPE (ChLeadershipPage, ch_leadership_page, CH, LEADERSHIP_PAGE, GtkWidget)

void   ch_leadership_page_set_chapter     (ChLeadershipPage *self,
                                           ChStore          *store,
                                           ChChapter        *chapter);

G_END_DECLS
