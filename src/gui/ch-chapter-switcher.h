/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-window.h"

G_BEGIN_DECLS

/*
 * The chapters on this computer in the window's main menu: one radio item
 * a chapter to switch to (when there is more than one), and "Remove This
 * Chapter From This Computer…".  Actions "chapter.open" (the chapter's id)
 * and "chapter.remove" on the window open and remove chapters in the
 * window's session, which the list and the button follow.
 */

/* Installs the "chapter" actions on @window; @section is the menu section
 * of the main menu the chapters are listed in.  @button shows the open
 * chapter's name in the header bar with the same menu when the window is
 * wide (narrower, @title, which then shows, has the name as subtitle). */
void   ch_chapter_switcher_attach  (ChWindow             *window,
                                    ChSession            *session,
                                    GMenu                *section,
                                    GtkMenuButton        *button,
                                    AdwViewSwitcherTitle *title);

G_END_DECLS
