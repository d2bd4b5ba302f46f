/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Which of GTK's renderers draws the windows (see ch-renderer.c).
 */
typedef enum
{
  /* Not chosen yet: ch_renderer_choose() has not run. */
  CH_RENDERER_CHOICE_NONE,
  /* GSK_RENDERER is set (or the display has its renderer already): GTK's
   * choice, left alone. */
  CH_RENDERER_CHOICE_USER,
  /* A GL driven by a GPU: GTK's GL renderer, as GTK chooses by itself. */
  CH_RENDERER_CHOICE_GL,
  /* A software GL (Mesa's llvmpipe or softpipe): the cairo renderer. */
  CH_RENDERER_CHOICE_SOFTWARE_GL,
  /* No GL at all: GTK falls back to the cairo renderer by itself. */
  CH_RENDERER_CHOICE_NO_GL,
} ChRendererChoice;

ChRendererChoice  ch_renderer_choose          (GdkDisplay *display);
ChRendererChoice  ch_renderer_get_choice      (void);
const char       *ch_renderer_get_gl_renderer (void);
gboolean          ch_renderer_is_software_gl  (const char *gl_renderer);

G_END_DECLS
