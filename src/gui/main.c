/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ch-application.h"
#include "ch-bench.h"
#include "ch-gettext.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ChApplication) app = NULL;

  ch_bench_mark_start ();

  ch_gettext_init ();

  app = ch_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
