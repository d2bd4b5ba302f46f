/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * What a window draws later that GTK's GL renderer has not drawn in its
 * first frame: each is a GL program (or a state of one) that a software
 * GL compiles the first time it is drawn (see ch-render-warmup.c).
 */
typedef enum
{
  /* A border cut by a rectangular clip: a list row's separator at the
   * edge of the scrolled list. */
  CH_RENDER_WARMUP_CLIPPED_BORDER = 1 << 0,
  /* What a window of boxed lists and pages draws once its content comes:
   * a boxed list's soft shadows (blurred off-screen) and hard shadow, a
   * rounded border, a symbolic icon (recolored by a color matrix), each
   * whole and cut by a scrolled page's edge, and both pages of a
   * cross-fade drawn off-screen. */
  CH_RENDER_WARMUP_DIALOG         = 1 << 1,
} ChRenderWarmupKinds;

void ch_render_warmup_snapshot (GtkWidget           *widget,
                                GtkSnapshot         *snapshot,
                                ChRenderWarmupKinds  kinds);

G_END_DECLS
