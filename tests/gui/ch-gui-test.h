/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ch-application.h"
#include "ch-chapter-dialog.h"
#include "ch-window.h"

G_BEGIN_DECLS

/*
 * What every GUI test needs: an application of its own (unique id on the
 * bus) with a database in a temporary folder, and its real window, shown
 * under the test's X display.
 */
typedef struct
{
  char          *dir;
  ChApplication *app;
  ChWindow      *window;
} Fixture;

void       fixture_set_up      (Fixture       *f,
                                gconstpointer  data);
void       fixture_tear_down   (Fixture       *f,
                                gconstpointer  data);

gboolean   gui_test_timeout_cb (gpointer       data);

/* Runs the main loop until @cond is true, or fails after 10 s. */
#define WAIT_FOR(cond)                                                      \
  G_STMT_START {                                                            \
    gboolean timed_out = FALSE;                                             \
    guint wait_id_ = g_timeout_add_seconds (10, gui_test_timeout_cb, &timed_out); \
    while (!(cond) && !timed_out)                                           \
      g_main_context_iteration (NULL, TRUE);                                \
    if (!timed_out)                                                         \
      g_source_remove (wait_id_);                                           \
    g_assert_true (cond);                                                   \
  } G_STMT_END

/* The visible toplevel of @type (a dialog the window opened), or NULL. */
GtkWindow *find_toplevel       (GType          type);

/* Opens the chapter form through win.create-chapter. */
ChChapterDialog *open_chapter_dialog (Fixture *f);

/* Creates "Chapter Stockholm" (Europe/Stockholm, SEK, dues 1500) through
 * the chapter form and waits for the chapter page. */
void       create_chapter      (Fixture       *f);

G_END_DECLS
