/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-renderer"

#include "config.h"

#include <epoxy/gl.h>
#include <string.h>
#include <time.h>

#include "ch-renderer.h"

/*
 * GTK 4.8 draws with its GL renderer wherever GL works, also when that GL
 * is Mesa's llvmpipe: a software rasteriser, on the CPU (a computer or a
 * virtual machine without a usable GPU, a remote desktop, Xvfb).  There,
 * neither GLX nor EGL offers buffer_age, so GTK redraws the whole window
 * in software for every frame that changes anything, however small (the
 * search entry's blinking cursor: 30-40 ms of the main thread's wall time
 * a frame), and llvmpipe compiles each GL program to machine code the first
 * time it is drawn (50-150 ms of CPU each).  GTK's cairo renderer draws
 * only what changed.
 *
 * Upstream reads GL_RENDERER for the same reason since GTK 4.13.8 (commit
 * 6c4739a2f16, "gsk: Don't use gpu renderers with llvmpipe"), but only to
 * keep its new renderers (ngl, Vulkan) off llvmpipe: released GTK then
 * falls back to a GL renderer on llvmpipe all the same (4.15.3: the older
 * one, which is GTK 4.8's; later, ngl as a fallback, MR 7779), and to
 * cairo only without GL.  The rule here goes one step further, on our figures
 * (bench/BENCHMARKS.md): once, before the first window is realized, a GL
 * context of the display's is made current and its GL_RENDERER read; a
 * software GL gets the cairo renderer.
 *
 * GTK 4.8 makes a renderer for each surface (window, popover, tooltip) in
 * gsk_renderer_new_for_surface(), which takes first the renderer named by
 * the display's "gsk-renderer" data (GtkInspector names its own with it),
 * then GSK_RENDERER, then GL, then cairo.  That data is set here rather
 * than the environment: it is read for every surface (GSK_RENDERER only at
 * the first one), it reaches no child process (the help viewer, a mail
 * program), and it changes no environment while other threads run.  As
 * it comes before GSK_RENDERER, it is set only when GSK_RENDERER is not:
 * GSK_RENDERER=gl still gives the GL renderer on llvmpipe.  GDK_DEBUG's GL
 * choices (gl-disable, gl-glx, gl-egl, gl-gles) apply to the context made
 * here as to GTK's own.
 *
 * See docs/architecture.md, "Renderer", and bench/BENCHMARKS.md,
 * "Renderer under software GL".
 */

static ChRendererChoice choice = CH_RENDERER_CHOICE_NONE;
static char *chosen_gl_renderer;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/**
 * ch_renderer_is_software_gl:
 * @gl_renderer: (nullable): a GL_RENDERER string
 *
 * Returns: whether @gl_renderer names a GL that draws on the CPU: Mesa's
 *   llvmpipe (and its older softpipe)
 */
gboolean
ch_renderer_is_software_gl (const char *gl_renderer)
{
  if (gl_renderer == NULL)
    return FALSE;

  /* "llvmpipe (LLVM 15.0.6, 256 bits)" */
  return strstr (gl_renderer, "llvmpipe") != NULL || strstr (gl_renderer, "softpipe") != NULL;
}

/* The GL_RENDERER of a new GL context of @display's, or NULL if @display
 * has no GL. */
static char *
query_gl_renderer (GdkDisplay  *display,
                   GError     **error)
{
  g_autoptr(GdkGLContext) context = NULL;
  const char *name;
  char *result;

  /* On X11, GDK has done this when it opened the display (it chooses the
   * windows' visual by it): nothing more to do here. */
  if (!gdk_display_prepare_gl (display, error))
    return NULL;

  context = gdk_display_create_gl_context (display, error);
  if (context == NULL || !gdk_gl_context_realize (context, error))
    return NULL;

  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  result = g_strdup (name != NULL ? name : "");
  gdk_gl_context_clear_current ();

  return result;
}

/**
 * ch_renderer_choose:
 * @display: the display the windows are on
 *
 * Chooses the renderer of @display's windows, before the first of them is
 * realized: the cairo renderer on a software GL, unless GSK_RENDERER is
 * set.  Runs once in a process; later calls return the first one's choice.
 *
 * Returns: what was chosen
 */
ChRendererChoice
ch_renderer_choose (GdkDisplay *display)
{
  g_autoptr(GError) error = NULL;
  const char *env;
  gint64 start, start_cpu;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), CH_RENDERER_CHOICE_NONE);

  if (choice != CH_RENDERER_CHOICE_NONE)
    return choice;

  env = g_getenv ("GSK_RENDERER");
  if ((env != NULL && *env != '\0') ||
      g_object_get_data (G_OBJECT (display), "gsk-renderer") != NULL)
    {
      choice = CH_RENDERER_CHOICE_USER;
      g_debug ("GSK_RENDERER=%s: GTK chooses the renderer", env != NULL ? env : "");
      return choice;
    }

  start = g_get_monotonic_time ();
  start_cpu = thread_cpu_us ();
  chosen_gl_renderer = query_gl_renderer (display, &error);
  if (chosen_gl_renderer == NULL)
    {
      choice = CH_RENDERER_CHOICE_NO_GL;
      g_debug ("No GL (%s): GTK draws with cairo", error != NULL ? error->message : "");
    }
  else if (ch_renderer_is_software_gl (chosen_gl_renderer))
    {
      choice = CH_RENDERER_CHOICE_SOFTWARE_GL;
      g_object_set_data (G_OBJECT (display), "gsk-renderer", (gpointer) "cairo");
      g_debug ("GL is %s, in software: the cairo renderer", chosen_gl_renderer);
    }
  else
    {
      choice = CH_RENDERER_CHOICE_GL;
      g_debug ("GL is %s: GTK's GL renderer", chosen_gl_renderer);
    }
  g_debug ("Renderer chosen in %.1f ms (%.1f ms of CPU)",
           (g_get_monotonic_time () - start) / 1000.0, (thread_cpu_us () - start_cpu) / 1000.0);

  return choice;
}

/**
 * ch_renderer_get_choice:
 *
 * Returns: what ch_renderer_choose() chose, or %CH_RENDERER_CHOICE_NONE
 *   before it ran
 */
ChRendererChoice
ch_renderer_get_choice (void)
{
  return choice;
}

/**
 * ch_renderer_get_gl_renderer:
 *
 * Returns: (nullable): the GL_RENDERER that ch_renderer_choose() read, or
 *   %NULL if it read none (GSK_RENDERER set, no GL, not run yet)
 */
const char *
ch_renderer_get_gl_renderer (void)
{
  return chosen_gl_renderer;
}
