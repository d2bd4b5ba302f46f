/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "ch-gui-test.h"
#include "ch-renderer.h"

/* Which renderer draws the windows (ch-renderer.c): under Xvfb GL is
 * Mesa's llvmpipe, a software GL, so the application's windows draw with
 * GTK's cairo renderer; GSK_RENDERER, when set, is GTK's to follow. */

static const char *
renderer_name (gpointer native)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (native));

  g_assert_nonnull (renderer);
  return G_OBJECT_TYPE_NAME (renderer);
}

static void
wait_realized (Fixture *f)
{
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)) &&
            gtk_native_get_renderer (GTK_NATIVE (f->window)) != NULL);
}

/* What the Members page looks like with the renderer the test ran on
 * (CH_SHOT_DIR), in light and dark. */
static void
save_shots (Fixture    *f,
            const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("renderer-%s-light", name);
  g_autofree char *dark = g_strdup_printf ("renderer-%s-dark", name);

  if (g_getenv ("CH_SHOT_DIR") == NULL)
    return;

  gui_test_save_shot (GTK_WIDGET (f->window), light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  WAIT_FOR (adw_style_manager_get_dark (style));
  gui_test_save_shot (GTK_WIDGET (f->window), dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* The window and a dialog it opens: both on cairo, the GL under Xvfb
 * being in software. */
static void
test_software_gl (Fixture       *f,
                  gconstpointer  data)
{
  ChChapterDialog *dialog;

  wait_realized (f);

  if (ch_renderer_get_choice () == CH_RENDERER_CHOICE_USER)
    {
      g_test_skip ("GSK_RENDERER is set: the renderer is the caller's choice");
      return;
    }
  /* Xvfb has no GPU: Mesa's llvmpipe, or no GL at all. */
  g_assert_cmpint (ch_renderer_get_choice (), !=, CH_RENDERER_CHOICE_GL);
  if (ch_renderer_get_choice () == CH_RENDERER_CHOICE_SOFTWARE_GL)
    g_assert_true (ch_renderer_is_software_gl (ch_renderer_get_gl_renderer ()));

  g_assert_cmpstr (renderer_name (f->window), ==, "GskCairoRenderer");

  create_chapter (f);
  save_shots (f, "cairo");

  dialog = open_chapter_dialog (f);
  WAIT_FOR (gtk_native_get_renderer (GTK_NATIVE (dialog)) != NULL);
  g_assert_cmpstr (renderer_name (dialog), ==, "GskCairoRenderer");
}

/* A second application in the same process (each test has one): the
 * choice is not made again, and its window draws as the first did. */
static void
test_chosen_once (Fixture       *f,
                  gconstpointer  data)
{
  ChRendererChoice first;
  const char *gl_renderer;

  wait_realized (f);
  first = ch_renderer_get_choice ();
  gl_renderer = ch_renderer_get_gl_renderer ();
  g_assert_cmpint (first, !=, CH_RENDERER_CHOICE_NONE);

  g_assert_cmpint (ch_renderer_choose (gdk_display_get_default ()), ==, first);
  g_assert_true (ch_renderer_get_gl_renderer () == gl_renderer);
  if (first != CH_RENDERER_CHOICE_USER)
    g_assert_cmpstr (renderer_name (f->window), ==, "GskCairoRenderer");
}

/* The names GL drivers give themselves. */
static void
test_software_names (void)
{
  g_assert_true (ch_renderer_is_software_gl ("llvmpipe (LLVM 15.0.6, 256 bits)"));
  g_assert_true (ch_renderer_is_software_gl ("softpipe"));
  g_assert_false (ch_renderer_is_software_gl ("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
  g_assert_false (ch_renderer_is_software_gl ("AMD Radeon RX 6600 (navi23, LLVM 15.0.6, "
                                              "DRM 3.49, 6.1.0-13-amd64)"));
  g_assert_false (ch_renderer_is_software_gl ("NVIDIA GeForce GTX 1650/PCIe/SSE2"));
  g_assert_false (ch_renderer_is_software_gl (NULL));
}

/* In a child process, whose GTK reads the environment the parent set: the
 * window's renderer is @expected, the choice @choice. */
static void
run_window_in_child (const char       *expected,
                     ChRendererChoice  choice)
{
  Fixture f = { 0 };

  fixture_set_up (&f, NULL);
  wait_realized (&f);
  g_assert_cmpint (ch_renderer_get_choice (), ==, choice);
  g_assert_cmpstr (renderer_name (f.window), ==, expected);
  if (g_str_equal (expected, "GskGLRenderer"))
    save_shots (&f, "gl");
  fixture_tear_down (&f, NULL);
}

static void
run_child_with (const char *variable,
                const char *value)
{
  g_autofree char *before = g_strdup (g_getenv (variable));

  g_setenv (variable, value, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (before != NULL)
    g_setenv (variable, before, TRUE);
  else
    g_unsetenv (variable);
  g_test_trap_assert_passed ();
}

/* GSK_RENDERER=gl: the GL renderer, llvmpipe or not. */
static void
test_explicit_gl (void)
{
  if (g_test_subprocess ())
    {
      run_window_in_child ("GskGLRenderer", CH_RENDERER_CHOICE_USER);
      return;
    }
  run_child_with ("GSK_RENDERER", "gl");
}

/* GSK_RENDERER=cairo: cairo, and no GL context made to decide it. */
static void
test_explicit_cairo (void)
{
  if (g_test_subprocess ())
    {
      run_window_in_child ("GskCairoRenderer", CH_RENDERER_CHOICE_USER);
      g_assert_null (ch_renderer_get_gl_renderer ());
      return;
    }
  run_child_with ("GSK_RENDERER", "cairo");
}

/* No GL at all (GDK_DEBUG=gl-disable, as on a machine without it): no
 * warning, and the window draws with cairo, GTK's own fallback. */
static void
test_no_gl (void)
{
  if (g_test_subprocess ())
    {
      if (g_getenv ("GSK_RENDERER") != NULL)
        return;
      run_window_in_child ("GskCairoRenderer", CH_RENDERER_CHOICE_NO_GL);
      g_assert_null (ch_renderer_get_gl_renderer ());
      return;
    }
  run_child_with ("GDK_DEBUG", "gl-disable");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/gui/renderer/software-names", test_software_names);
  g_test_add ("/gui/renderer/software-gl", Fixture, NULL, fixture_set_up,
              test_software_gl, fixture_tear_down);
  g_test_add ("/gui/renderer/chosen-once", Fixture, NULL, fixture_set_up,
              test_chosen_once, fixture_tear_down);
  g_test_add_func ("/gui/renderer/explicit-gl", test_explicit_gl);
  g_test_add_func ("/gui/renderer/explicit-cairo", test_explicit_cairo);
  g_test_add_func ("/gui/renderer/no-gl", test_no_gl);

  return g_test_run ();
}
