/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "ch-application.h"
#include "ch-bench.h"
#include "ch-gettext.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ChApplication) app = NULL;

  ch_bench_mark_start ();

#ifdef __GLIBC__
  /* glibc gives each thread that allocates its own arena (up to eight per
   * core) and keeps their memory after the work is done: the member
   * list's queries, counts and the window's other workers left some
   * 16 MB behind on a 100,000-member chapter.  Two arenas keep the main
   * thread apart from the workers. */
  mallopt (M_ARENA_MAX, 2);
#endif

  ch_gettext_init ();

  app = ch_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
