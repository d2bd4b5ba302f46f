/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The three programs' one start of the message catalogue: the user's
 * locale from the environment (the desktop's language), and our domain
 * bound to the installed catalogues. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ch-gettext.h"

/**
 * ch_gettext_init:
 *
 * Sets the locale from the environment and binds the message catalogue.
 * CHAPTERHOUSE_LOCALEDIR points at another catalogue directory; the tests
 * and `meson devenv` use it to read the catalogues of the build tree
 * (build/po) before they are installed.
 */
void
ch_gettext_init (void)
{
  const char *dir = g_getenv ("CHAPTERHOUSE_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
