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
} ChRenderWarmupKinds;

gboolean ch_render_warmup_needed (GtkWidget *widget);

void ch_render_warmup_snapshot (GtkWidget           *widget,
                                GtkSnapshot         *snapshot,
                                ChRenderWarmupKinds  kinds);

G_END_DECLS
