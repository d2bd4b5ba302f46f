/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-render-warmup"

#include "config.h"

#include <math.h>

#include "ch-render-warmup.h"

/* After gtk.h, as GTK 4.8's headers want it (gsk.h does not include it). */
#include <gsk/gl/gskglrenderer.h>

/*
 * GTK's GL renderer links its GL programs when the window is realized, but
 * a software GL (Mesa's llvmpipe: under Xvfb, in a virtual machine, on a
 * computer without a usable GPU) compiles each program to machine code with
 * LLVM only when it is first drawn with a given state, on the thread that
 * draws: GTK's main thread.  That costs 50-150 ms of CPU per program, in the
 * middle of whatever frame first needs it.  Mesa keeps the code in its disk
 * cache (~/.cache/mesa_shader_cache), so this happens on the first start
 * after an installation or a Mesa update, but then in full.
 *
 * The members page's first frame draws its rows whole; a few frames later
 * the list has grown to the bottom of the page and the last row is cut by
 * the list's edge: a rounded border in it is then drawn under a
 * rectangular clip, a program variant of its own (bench/BENCHMARKS.md,
 * "Shader compiles").  Without this, that compile is a stall of 140-180 ms
 * right when the window has appeared and the user starts typing.
 *
 * So a window draws, once, in its first frame, a tiny node of each kind it
 * will need later, under its own opaque background: nothing of it is seen,
 * and the compiles happen in the frame the user is waiting for anyway.
 */

/**
 * ch_render_warmup_needed:
 * @widget: a realized window
 *
 * Returns: whether @widget draws with GTK's GL renderer, the one that
 *   compiles programs (on a software GL, only when GSK_RENDERER asks for
 *   it: ch-renderer.c gives a software GL the cairo renderer, which
 *   compiles nothing)
 */
gboolean
ch_render_warmup_needed (GtkWidget *widget)
{
  GtkNative *native;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  native = gtk_widget_get_native (widget);
  return native != NULL && GSK_IS_GL_RENDERER (gtk_native_get_renderer (native));
}

static void
snapshot_clipped_border (GtkSnapshot *snapshot,
                         float        x,
                         float        y)
{
  const float widths[4] = { 0, 0, 1, 0 };
  const GdkRGBA color = { 0.5f, 0.5f, 0.5f, 1.0f };
  const GdkRGBA colors[4] = { color, color, color, color };
  GskRoundedRect outline;

  /* A rounded border (a rectilinear one of one color is drawn as
   * rectangles of color), its left half inside the clip. */
  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x, y, 8, 8), 2);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x, y, 4, 8));
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
  gtk_snapshot_pop (snapshot);
}

/**
 * ch_render_warmup_snapshot:
 * @widget: a window
 * @snapshot: its snapshot, before the window's own background is drawn
 * @kinds: what the window draws later
 *
 * Adds to @snapshot a tiny node of each of @kinds, where @widget's opaque
 * background will cover them: call it first in the window's snapshot, and
 * only for its first frame.
 */
void
ch_render_warmup_snapshot (GtkWidget           *widget,
                           GtkSnapshot         *snapshot,
                           ChRenderWarmupKinds  kinds)
{
  float x, y;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (snapshot != NULL);

  /* The middle of the window: well inside its background, away from the
   * rounded corners and the shadow of a client-side frame. */
  x = floorf (gtk_widget_get_width (widget) / 2.0f);
  y = floorf (gtk_widget_get_height (widget) / 2.0f);

  if (kinds & CH_RENDER_WARMUP_CLIPPED_BORDER)
    snapshot_clipped_border (snapshot, x, y);
}
