/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ch-application.h"
#include "ch-chapter-dialog.h"
#include "ch-members-page.h"
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
/* As fixture_set_up(), with @prepare making the data file before the
 * application opens it. */
typedef void (*FixturePrepare) (const char *db_path);
void       fixture_set_up_with (Fixture        *f,
                                FixturePrepare  prepare);
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

/* Activates @action on @widget (failing the test if it is not enabled) and
 * returns the visible toplevel of @type it opened, failing the test if
 * there is none. */
GtkWindow *open_toplevel       (gpointer       widget,
                                const char    *action,
                                GType          type);

/* Activates @action on @widget (failing the test if it is not enabled) and
 * waits until no toplevel of @type is visible, as when the action closes
 * the dialog it belongs to. */
void       activate_and_wait_closed (gpointer    widget,
                                     const char *action,
                                     GType       type);

/* The window's store, its chapter's id, and the members page's list. */
ChStore      *fixture_store        (Fixture *f);
const char   *fixture_chapter_id   (Fixture *f);
ChMemberList *fixture_member_list  (Fixture *f);
/* How many rows the members page's list shows. */
guint         fixture_n_shown      (Fixture *f);

/* Adds a member with @fields to the window's chapter through the store;
 * fails the test if the store refuses.  Returns its id. */
char         *fixture_add_member   (Fixture    *f,
                                    JsonObject *fields);

/* Opens the chapter form through win.create-chapter. */
ChChapterDialog *open_chapter_dialog (Fixture *f);

/* Creates "Chapter Stockholm" (Europe/Stockholm, SEK, dues 1500) through
 * the chapter form and waits for the chapter page. */
void       create_chapter      (Fixture       *f);
/* Writes "IAMCP Sweden" (Europe/Stockholm, SEK) with @members members
 * ("Anna Lindqvist000", …, Network tier) into a new file at @path, made
 * without the window and closed cleanly. */
void       gui_test_make_chapter_file (const char *path,
                                       guint       members);
/* "IAMCP Sweden" (Europe/Stockholm, SEK, dues 1500) in @store, and a
 * Network member "Anna @family" in it. */
ChChapter *gui_test_create_sweden     (ChStore    *store);
void       gui_test_add_anna          (ChStore    *store,
                                       ChChapter  *chapter,
                                       const char *family);

/* With CH_SHOT_DIR set, saves what @widget shows as DIR/@name.png, to look
 * at the screens the tests drive; does nothing otherwise. */
void       gui_test_save_shot  (GtkWidget     *widget,
                                const char    *name);

/* What a screen reader hears (issue 15).  Walks the visible, mapped widgets
 * under @root and, for each one a user can operate (buttons, entries, check
 * buttons, switches, drop-downs, spin buttons, rows that take the focus…),
 * checks it has an accessible name as GTK computes one (its "label"
 * property or a "labelled-by" relation: a button's text, a row's title, a
 * label's mnemonic widget, an <accessibility> block) and a role that says
 * what it is (nothing a user can focus reads as a generic group).  Appends
 * one line per problem to @problems, with the widget's type, CSS name, id,
 * tooltip and its parents, and returns how many it found. */
guint      gui_test_check_accessible  (GtkWidget     *root,
                                       GString       *problems);

/* Fails the test, printing the problems, when gui_test_check_accessible()
 * finds any under @root; @where names the screen in the message. */
void       gui_test_assert_accessible (GtkWidget     *root,
                                       const char    *where);

/* Whether @widget has an accessible name: a non-empty "label" property or
 * a "labelled-by" relation. */
gboolean   gui_test_has_accessible_name (GtkWidget   *widget);

/* Adds the descendants of @widget of @type to @found, depth first. */
void       gui_test_collect    (GtkWidget     *widget,
                                GType          type,
                                GPtrArray     *found);

G_END_DECLS
