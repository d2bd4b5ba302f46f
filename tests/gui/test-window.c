/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ch-application.h"
#include "ch-chapter-dialog-private.h"
#include "ch-chapter-dialog.h"
#include "ch-conflicts-dialog-private.h"
#include "ch-conflicts-dialog.h"
#include "ch-members-page-private.h"
#include "ch-store-sync.h"
#include "ch-sync.h"
#include "ch-when.h"
#include "ch-member-dialog-private.h"
#include "ch-window.h"

#include "ch-gui-test.h"

static ChMemberDialog *
fill_member (Fixture    *f,
             const char *given,
             const char *family,
             const char *email)
{
  GtkWindow *dialog;

  dialog = open_toplevel (f->window, "win.add-member", CH_TYPE_MEMBER_DIALOG);

  gtk_editable_set_text (ch_member_dialog_get_entry (CH_MEMBER_DIALOG (dialog), "given_name"),
                         given);
  gtk_editable_set_text (ch_member_dialog_get_entry (CH_MEMBER_DIALOG (dialog), "family_name"),
                         family);
  gtk_editable_set_text (ch_member_dialog_get_entry (CH_MEMBER_DIALOG (dialog), "email"), email);

  return CH_MEMBER_DIALOG (dialog);
}

static void
test_first_start_offers_chapter (Fixture       *f,
                                 gconstpointer  data)
{
  g_assert_cmpstr (ch_window_get_page (f->window), ==, "welcome");
}

static void
test_chapter_form_rejects_bad_input (Fixture       *f,
                                     gconstpointer  data)
{
  ChChapterDialog *dialog = open_chapter_dialog (f);
  g_autoptr(GPtrArray) chapters = NULL;

  /* No name */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "chapter.create", NULL));
  g_assert_nonnull (ch_chapter_dialog_get_error (dialog));
  g_assert_nonnull (strstr (ch_chapter_dialog_get_error (dialog), "name"));

  /* A name, but dues that are not an amount */
  gtk_editable_set_text (ch_chapter_dialog_get_entry (dialog, "name"), "Chapter Oslo");
  g_assert_true (ch_chapter_dialog_select (dialog, "country", "NO"));
  gtk_editable_set_text (ch_chapter_dialog_get_entry (dialog, "amount"), "12,3,4");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "chapter.create", NULL));
  g_assert_nonnull (ch_chapter_dialog_get_error (dialog));
  g_assert_nonnull (strstr (ch_chapter_dialog_get_error (dialog), "12,3,4"));

  /* Nothing was made and the window still welcomes. */
  chapters = ch_store_list_chapters (fixture_store (f), NULL);
  g_assert_cmpuint (chapters->len, ==, 0);
  g_assert_cmpstr (ch_window_get_page (f->window), ==, "welcome");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
}

static void
test_add_search_delete_undo (Fixture       *f,
                             gconstpointer  data)
{
  ChMembersPage *page;
  ChMemberDialog *dialog;
  g_autoptr(ChMember) member = NULL;
  g_autofree char *id = NULL;

  create_chapter (f);
  page = ch_window_get_members_page (f->window);
  WAIT_FOR (g_strcmp0 (ch_members_page_get_state (page), "empty") == 0);

  /* Add a member through the form */
  dialog = fill_member (f, "Anna", "Müller", "anna.muller@contoso.com");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "member.save", NULL));
  WAIT_FOR (fixture_n_shown (f) == 1);
  g_assert_null (find_toplevel (CH_TYPE_MEMBER_DIALOG));
  g_assert_cmpstr (ch_members_page_get_state (page), ==, "list");
  g_assert_cmpstr (ch_members_page_get_count_text (page), ==, "1 member");

  member = g_list_model_get_item (G_LIST_MODEL (fixture_member_list (f)), 0);
  g_assert_cmpstr (ch_member_get_display_name (member), ==, "Anna Müller");
  id = g_strdup (ch_member_get_id (member));

  dialog = fill_member (f, "Björn", "Öberg", "bjorn@fabrikam.se");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "member.save", NULL));
  WAIT_FOR (fixture_n_shown (f) == 2);

  /* Find it by typing, without the umlaut */
  gtk_editable_set_text (ch_members_page_get_search_entry (page), "muller");
  WAIT_FOR (fixture_n_shown (f) == 1 && !ch_member_list_get_loading (fixture_member_list (f)));
  g_assert_cmpstr (ch_members_page_get_count_text (page), ==, "1 of 2 members");

  gtk_editable_set_text (ch_members_page_get_search_entry (page), "zzzz");
  WAIT_FOR (fixture_n_shown (f) == 0 && !ch_member_list_get_loading (fixture_member_list (f)));
  g_assert_cmpstr (ch_members_page_get_state (page), ==, "no-results");

  gtk_editable_set_text (ch_members_page_get_search_entry (page), "mül");
  WAIT_FOR (fixture_n_shown (f) == 1 && !ch_member_list_get_loading (fixture_member_list (f)));

  /* Delete, and it is gone from the list; Undo brings it back */
  ch_members_page_delete_member (page, id);
  WAIT_FOR (fixture_n_shown (f) == 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.undo-delete", "s", id));
  WAIT_FOR (fixture_n_shown (f) == 1);

  gtk_editable_set_text (ch_members_page_get_search_entry (page), "");
  WAIT_FOR (fixture_n_shown (f) == 2 && !ch_member_list_get_loading (fixture_member_list (f)));
}

static void
test_duplicate_email_refused (Fixture       *f,
                              gconstpointer  data)
{
  ChMemberDialog *dialog;
  g_autoptr(ChMember) first = NULL;

  create_chapter (f);

  dialog = fill_member (f, "Anna", "Müller", "anna.muller@contoso.com");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "member.save", NULL));
  WAIT_FOR (fixture_n_shown (f) == 1);
  first = g_list_model_get_item (G_LIST_MODEL (fixture_member_list (f)), 0);

  /* The same address, differently written */
  dialog = fill_member (f, "Annie", "Miller", "  ANNA.Muller@Contoso.com ");
  g_assert_false (ch_member_dialog_save (dialog));
  g_assert_nonnull (ch_member_dialog_get_error (dialog));
  g_assert_nonnull (strstr (ch_member_dialog_get_error (dialog), "Anna Müller"));
  g_assert_cmpstr (ch_member_dialog_get_other_id (dialog), ==, ch_member_get_id (first));
  /* What was typed is still there, and nothing was saved */
  g_assert_cmpstr (gtk_editable_get_text (ch_member_dialog_get_entry (dialog, "given_name")), ==,
                   "Annie");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpuint (ch_store_count_members (fixture_store (f),
                                            ch_chapter_get_id (ch_window_get_chapter (f->window))),
                    ==, 1);

  /* A malformed address and a bad date are refused too */
  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "email"), "annie at contoso");
  g_assert_false (ch_member_dialog_save (dialog));
  g_assert_nonnull (strstr (ch_member_dialog_get_error (dialog), "annie at contoso"));

  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "email"), "annie@contoso.com");
  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "joined_on"), "2026-02-30");
  g_assert_false (ch_member_dialog_save (dialog));
  g_assert_nonnull (strstr (ch_member_dialog_get_error (dialog), "2026-02-30"));

  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "joined_on"), "2026-02-28");
  g_assert_true (ch_member_dialog_save (dialog));
  WAIT_FOR (fixture_n_shown (f) == 2);
}

static void
test_demo_chapter (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-demo", NULL));
  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "chapter") == 0);
  WAIT_FOR (fixture_member_list (f) != NULL && fixture_n_shown (f) >= 200);
  g_assert_cmpuint (ch_member_list_get_n_total (fixture_member_list (f)), ==, fixture_n_shown (f));
}

/* How many rows the members table shows to GTK (held back or not). */
static guint
rows_given_to_view (Fixture *f)
{
  ChMembersPage *page = ch_window_get_members_page (f->window);
  GtkSelectionModel *model =
    gtk_column_view_get_model (GTK_COLUMN_VIEW (ch_members_page_get_results_view (page)));

  return model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
}

typedef struct
{
  Fixture *f;
  guint    last;
  guint    still;   /* frames in a row that added no row */
} Settle;

static gboolean
count_still_frames_cb (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       data)
{
  Settle *settle = data;
  guint n = rows_given_to_view (settle->f);

  settle->still = n == settle->last ? settle->still + 1 : 0;
  settle->last = n;
  return G_SOURCE_CONTINUE;
}

/* A large answer: GTK builds the rows in view, not the 200 below the top
 * that GTK 4.8 builds for a list, until the user turns to the results;
 * then every row is there to scroll to. */
static void
test_rows_in_view_first (Fixture       *f,
                         gconstpointer  data)
{
  ChMembersPage *page;
  Settle settle = { f, 0, 0 };
  guint tick;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-demo", NULL));
  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "chapter") == 0);
  WAIT_FOR (fixture_member_list (f) != NULL && fixture_n_shown (f) >= 200);
  page = ch_window_get_members_page (f->window);

  /* Wait until the table has added no row for 20 frames. */
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (page), count_still_frames_cb, &settle, NULL);
  WAIT_FOR (settle.still >= 20 && settle.last > 0);
  gtk_widget_remove_tick_callback (GTK_WIDGET (page), tick);

  /* A window's height of rows (at most some 30 in this window), not all. */
  g_assert_cmpuint (settle.last, <, fixture_n_shown (f));
  g_assert_cmpuint (settle.last, <=, 40);

  /* Down from the search: the keyboard is in the results, all of them. */
  g_assert_true (ch_members_page_focus_results (page));
  WAIT_FOR (rows_given_to_view (f) == fixture_n_shown (f));

  /* Back in the search: the rows past the view go, before a key is typed. */
  ch_members_page_focus_search (page);
  WAIT_FOR (rows_given_to_view (f) <= 40);

  /* Typing again: a window's height of rows again. */
  gtk_editable_set_text (ch_members_page_get_search_entry (page), "a");
  WAIT_FOR (!ch_member_list_get_loading (fixture_member_list (f)));
  settle.still = 0;
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (page), count_still_frames_cb, &settle, NULL);
  WAIT_FOR (settle.still >= 20 && settle.last > 0);
  gtk_widget_remove_tick_callback (GTK_WIDGET (page), tick);
  g_assert_cmpuint (settle.last, <=, 40);
  g_assert_cmpuint (settle.last, <, fixture_n_shown (f));
  gui_test_save_shot (GTK_WIDGET (f->window), "members-rows-in-view");
}

static void
make_chapter_300 (const char *db_path)
{
  gui_test_make_chapter_file (db_path, 300);
}

static void
chapter_300_set_up (Fixture       *f,
                    gconstpointer  data)
{
  fixture_set_up_with (f, make_chapter_300);
}

/* The GtkListView inside the members table. */
static GtkWidget *
table_rows_view (Fixture *f)
{
  GtkWidget *table = ch_members_page_get_results_view (ch_window_get_members_page (f->window));

  for (GtkWidget *child = gtk_widget_get_first_child (table); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

/* How many whole rows the members table's height holds. */
static guint
rows_that_fit (Fixture *f)
{
  GtkWidget *view = table_rows_view (f);
  GtkWidget *row = view != NULL ? gtk_widget_get_first_child (view) : NULL;

  g_assert_nonnull (row);
  g_assert_cmpint (gtk_widget_get_height (row), >, 0);
  return (guint) (gtk_widget_get_height (view) / gtk_widget_get_height (row));
}

typedef struct
{
  Fixture  *f;
  gboolean  drawn;
  guint     given;
  guint     fit;
  gboolean  search_has_keyboard;
} FirstFrame;

static void
first_frame_cb (GdkFrameClock *clock,
                FirstFrame    *first)
{
  ChMembersPage *page = ch_window_get_members_page (first->f->window);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (first->f->window));
  GtkWidget *entry = GTK_WIDGET (ch_members_page_get_search_entry (page));

  if (first->drawn || !ch_window_shows_content (first->f->window))
    return;

  first->drawn = TRUE;
  first->given = rows_given_to_view (first->f);
  first->fit = rows_that_fit (first->f);
  first->search_has_keyboard = focus != NULL &&
                               (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

/* The window's first frame with the members shows as many of them as the
 * table holds (the rest of a large answer comes a few rows a frame): the
 * frames just after the window appears, when the user starts to type,
 * have no rows left to build.  And the search has the keyboard. */
static void
test_first_frame_fills_view (Fixture       *f,
                             gconstpointer  data)
{
  FirstFrame first = { f, FALSE, 0, 0, FALSE };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (first_frame_cb), &first);
  WAIT_FOR (first.drawn);
  g_signal_handler_disconnect (clock, id);

  g_assert_cmpuint (fixture_n_shown (f), ==, 300);
  g_assert_cmpuint (first.fit, >=, 5);
  g_assert_cmpuint (first.given, >=, first.fit);
  g_assert_cmpuint (first.given, <, 300);
  g_assert_true (first.search_has_keyboard);
}

/* The widths of the members table's column titles, left to right. */
static GArray *
column_widths (Fixture *f)
{
  GtkWidget *table = ch_members_page_get_results_view (ch_window_get_members_page (f->window));
  GArray *widths = g_array_new (FALSE, FALSE, sizeof (int));
  GtkWidget *header = gtk_widget_get_first_child (table);

  for (GtkWidget *title = gtk_widget_get_first_child (header); title != NULL;
       title = gtk_widget_get_next_sibling (title))
    {
      int width = gtk_widget_get_width (title);

      g_array_append_val (widths, width);
    }
  g_assert_cmpuint (widths->len, ==, 6);
  return widths;
}

static int
column_width (Fixture *f,
              guint    i)
{
  g_autoptr(GArray) widths = column_widths (f);

  return g_array_index (widths, int, i);
}

static void
assert_same_widths (GArray *a,
                    GArray *b)
{
  g_assert_cmpmem (a->data, a->len * sizeof (int), b->data, b->len * sizeof (int));
}

static gboolean
frames_drawn_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop for @n frames of the window. */
static void
wait_frames (Fixture *f,
             guint    n)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (GTK_WIDGET (f->window), frames_drawn_cb, &frames, NULL);

  WAIT_FOR (frames >= n);
  gtk_widget_remove_tick_callback (GTK_WIDGET (f->window), id);
}

/* The table's columns keep their widths while the rows change under them
 * (a search for a long name and company), follow the window's width, and
 * once the user has resized one, stay as the user left them. */
static void
test_columns_keep_width (Fixture       *f,
                         gconstpointer  data)
{
  ChMembersPage *page;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GArray) wider = NULL;
  g_autoptr(GArray) theirs = NULL;
  g_autoptr(GtkColumnViewColumn) city = NULL;
  int width;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-demo", NULL));
  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "chapter") == 0);
  WAIT_FOR (fixture_member_list (f) != NULL && fixture_n_shown (f) >= 200);
  page = ch_window_get_members_page (f->window);
  json_object_set_string_member (fields, "given_name", "Maximiliana Konstantina");
  json_object_set_string_member (fields, "family_name", "Featherstonehaugh-Wolfeschlegel");
  json_object_set_string_member (fields, "company",
                                 "Northwind Traders International Cloud Partners of the Nordics");
  json_object_set_string_member (fields, "email",
                                 "maximiliana.featherstonehaugh@northwind-traders-nordics.example");
  id = fixture_add_member (f, fields);
  WAIT_FOR (!ch_member_list_get_loading (fixture_member_list (f)));
  wait_frames (f, 5);
  before = column_widths (f);

  gtk_editable_set_text (ch_members_page_get_search_entry (page), "Featherstonehaugh");
  WAIT_FOR (!ch_member_list_get_loading (fixture_member_list (f)) && fixture_n_shown (f) == 1);
  wait_frames (f, 5);
  after = column_widths (f);
  assert_same_widths (before, after);

  /* A wider window: wider columns that share the table's width; the
   * tier's keeps its width. */
  width = gtk_widget_get_width (GTK_WIDGET (f->window));
  gtk_widget_set_size_request (GTK_WIDGET (f->window), width + 100, -1);
  WAIT_FOR (column_width (f, 0) > g_array_index (after, int, 0));
  wait_frames (f, 5);
  wider = column_widths (f);
  width = gtk_widget_get_width (GTK_WIDGET (f->window));
  g_assert_cmpint (g_array_index (wider, int, 5), >, g_array_index (after, int, 5));
  g_assert_cmpint (g_array_index (wider, int, 2), ==, g_array_index (after, int, 2));

  /* The user drags the City column narrower (GTK gives it that fixed
   * width); then a wider window does not give it another. */
  city = g_list_model_get_item (gtk_column_view_get_columns (
                                  GTK_COLUMN_VIEW (ch_members_page_get_results_view (page))), 4);
  gtk_column_view_column_set_fixed_width (city, 90);
  WAIT_FOR (column_width (f, 4) < g_array_index (wider, int, 4));
  gtk_widget_set_size_request (GTK_WIDGET (f->window), width + 100, -1);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (f->window)) > width);
  wait_frames (f, 5);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (city), ==, 90);
  theirs = column_widths (f);
  g_assert_cmpint (g_array_index (theirs, int, 4), <, g_array_index (wider, int, 4));
  gui_test_save_shot (GTK_WIDGET (f->window), "members-columns");
}

/* The button under @widget whose label is @label, or NULL. */
static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_labelled (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The sync button's label, read afresh each time WAIT_FOR asks. */
static const char *
sync_button_label (GtkWidget *sync_button)
{
  GtkWidget *content = gtk_button_get_child (GTK_BUTTON (sync_button));

  /* In a squeezer that drops the label in a narrow window. */
  if (ADW_IS_SQUEEZER (content))
    content = gtk_widget_get_first_child (content);

  return adw_button_content_get_label (ADW_BUTTON_CONTENT (content));
}

static void
test_conflict_resolved_in_window (Fixture       *f,
                                  gconstpointer  data)
{
  ChStore *store = fixture_store (f);
  g_autoptr(JsonObject) conflict = json_object_new ();
  g_autoptr(ChMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *member_id = NULL;
  g_autofree char *conflict_id = NULL;
  g_autofree char *chapter_id = NULL;
  ChConflictsDialog *dialog;
  GtkWidget *sync_button;
  g_autoptr(GDateTime) utc_now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) an_hour_ago = g_date_time_add_hours (utc_now, -1);
  g_autofree char *found_at = g_date_time_format (an_hour_ago, "%Y-%m-%dT%H:%M:%SZ");

  create_chapter (f);
  chapter_id = g_strdup (ch_chapter_get_id (ch_window_get_chapter (f->window)));

  /* A member, then the chapter linked to a server that is not there */
  {
    ChMemberDialog *form = fill_member (f, "Anna", "Berg", "anna@contoso.com");
    g_assert_true (ch_member_dialog_save (form));
    WAIT_FOR (fixture_n_shown (f) == 1);
  }
  member = g_list_model_get_item (G_LIST_MODEL (fixture_member_list (f)), 0);
  member_id = g_strdup (ch_member_get_id (member));
  g_assert_true (ch_sync_link (store, NULL, "http://127.0.0.1:9", chapter_id, &error));
  g_assert_no_error (error);

  /* The server made a conflict: another officer renamed her first, and
   * this window's rename came second. */
  conflict_id = g_strdup ("01a20000-0000-7000-8000-000000000001");
  json_object_set_string_member (conflict, "entity", "member");
  json_object_set_string_member (conflict, "row_id", member_id);
  json_object_set_string_member (conflict, "field_group", "name");
  json_object_set_string_member (conflict, "theirs",
                                 "{\"given_name\":\"Anna\",\"family_name\":\"Berg\"}");
  json_object_set_string_member (conflict, "mine",
                                 "{\"given_name\":\"Anna\",\"family_name\":\"Berg-Lund\"}");
  json_object_set_string_member (conflict, "author", "Astrid (president)");
  json_object_set_string_member (conflict, "device_id", ch_store_get_device_id (store));
  json_object_set_string_member (conflict, "kept_author", "Björn (treasurer)");
  json_object_set_string_member (conflict, "kept_device_id", "another-device");
  json_object_set_string_member (conflict, "created_at", found_at);
  json_object_set_boolean_member (conflict, "resolved", FALSE);
  g_assert_true (ch_store_apply_remote (store, chapter_id, "conflict", conflict_id, 7, FALSE,
                                        conflict, &error));
  g_assert_no_error (error);

  /* The header says so */
  ch_window_set_chapter (f->window, chapter_id);
  sync_button = GTK_WIDGET (g_object_get_data (G_OBJECT (f->window), "ch-sync-button"));
  g_assert_nonnull (sync_button);
  WAIT_FOR (g_strcmp0 (sync_button_label (sync_button), "1 conflict") == 0);

  /* The button opens the conflicts, one listed, the right way round:
   * this device's change is "Your change", the other is Björn's, with
   * the local time it was found. */
  dialog = CH_CONFLICTS_DIALOG (open_toplevel (f->window, "win.sync-or-resolve",
                                               CH_TYPE_CONFLICTS_DIALOG));
  g_object_ref (dialog);
  g_assert_cmpuint (ch_conflicts_dialog_get_n (dialog), ==, 1);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *when = ch_when_format_short (found_at, now);
    g_autofree char *expected =
      g_strdup_printf ("Your change: Anna Berg-Lund\n"
                       "Björn (treasurer)’s change, kept for now: Anna Berg\n"
                       "Found %s", when);

    g_assert_true (g_str_has_prefix (when, "today ") || g_str_has_prefix (when, "yesterday "));
    g_assert_cmpstr (ch_conflicts_dialog_get_text (dialog, 0), ==, expected);
    gui_test_save_shot (GTK_WIDGET (dialog), "conflicts");
  }

  /* Use yours, clicked: the last one, so the dialog closes and says so. */
  {
    GtkWidget *use_yours = find_button_labelled (GTK_WIDGET (dialog), "Use Yours");

    g_assert_nonnull (use_yours);
    g_assert_true (gtk_widget_activate (use_yours));
  }
  WAIT_FOR (find_toplevel (CH_TYPE_CONFLICTS_DIALOG) == NULL);
  g_assert_cmpstr (ch_conflicts_dialog_get_toast (dialog), ==,
                   "All conflicts resolved. Your choices go to every officer at the next sync.");
  g_object_unref (dialog);

  /* Her name is this officer's choice now, the count is gone, and both
   * changes wait to be sent to everyone. */
  g_clear_object (&member);
  member = ch_store_get_member (store, member_id, NULL);
  g_assert_cmpstr (ch_member_get_display_name (member), ==, "Anna Berg-Lund");
  g_assert_cmpuint (ch_store_count_open_conflicts (store, chapter_id), ==, 0);
  WAIT_FOR (g_strcmp0 (sync_button_label (sync_button), "1 conflict") != 0);
  g_assert_cmpuint (ch_store_outbox_count (store, chapter_id), >=, 2);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/window/first-start", Fixture, NULL, fixture_set_up,
              test_first_start_offers_chapter, fixture_tear_down);
  g_test_add ("/gui/chapter/bad-input", Fixture, NULL, fixture_set_up,
              test_chapter_form_rejects_bad_input, fixture_tear_down);
  g_test_add ("/gui/members/add-search-delete-undo", Fixture, NULL, fixture_set_up,
              test_add_search_delete_undo, fixture_tear_down);
  g_test_add ("/gui/members/duplicate-email", Fixture, NULL, fixture_set_up,
              test_duplicate_email_refused, fixture_tear_down);
  g_test_add ("/gui/window/demo", Fixture, NULL, fixture_set_up,
              test_demo_chapter, fixture_tear_down);
  g_test_add ("/gui/members/rows-in-view-first", Fixture, NULL, fixture_set_up,
              test_rows_in_view_first, fixture_tear_down);
  g_test_add ("/gui/members/first-frame-fills-view", Fixture, NULL, chapter_300_set_up,
              test_first_frame_fills_view, fixture_tear_down);
  g_test_add ("/gui/members/columns-keep-width", Fixture, NULL, fixture_set_up,
              test_columns_keep_width, fixture_tear_down);
  g_test_add ("/gui/sync/conflict", Fixture, NULL, fixture_set_up,
              test_conflict_resolved_in_window, fixture_tear_down);

  return g_test_run ();
}
