/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-round"

#include "config.h"

#include <adwaita.h>

#include "ch-events.h"
#include "ch-registration.h"
#include "ch-registrations.h"
#include "ch-events-page-private.h"
#include "ch-gui-test.h"
#include "ch-member-list.h"
#include "ch-members-page-private.h"
#include "ch-sync-manager-private.h"
#include "ch-sync-round.h"
#include "ch-sync-test.h"

/*
 * The window's sync through the real chapterhouse-server: the sync
 * manager runs the same sync round as "chapterhouse-cli sync"
 * (ch_sync_round_run()), and the window names who moved.
 */

typedef struct
{
  Fixture     gui;
  SyncFixture server;
  guint       synced;
} Both;

static void
both_set_up (Both          *b,
             gconstpointer  data)
{
  sync_fixture_setup (&b->server, data);
  fixture_set_up (&b->gui, data);
}

static void
both_tear_down (Both          *b,
                gconstpointer  data)
{
  fixture_tear_down (&b->gui, data);
  sync_fixture_teardown (&b->server, data);
}

static void
on_synced_cb (ChSyncManager *sync,
              gboolean       ok,
              Both          *b)
{
  g_assert_true (ok);
  b->synced++;
}

/* The window's first sync of its chapter (the sync button is not there
 * before it); waits for the end. */
static void
window_first_sync (Both          *b,
                   ChSyncManager *sync)
{
  guint before = b->synced;

  ch_sync_manager_sync_now (sync);
  WAIT_FOR (b->synced > before);
}

/* The header's sync button, as an officer presses it; waits for the end. */
static void
window_sync (Both *b)
{
  guint before = b->synced;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (b->gui.window), "win.sync", NULL));
  WAIT_FOR (b->synced > before);
}

static void
test_window_names_who_moved (Both          *b,
                             gconstpointer  data)
{
  ChSyncManager *sync = g_object_get_data (G_OBJECT (b->gui.window), "ch-sync-manager");
  ChStore *store = ch_window_get_store (b->gui.window);
  ChEventsPage *page = ch_window_get_events_page (b->gui.window);
  g_autoptr(SyncClient) anna = sync_fixture_client (&b->server, "anna", NULL);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSyncRound) round = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *david = NULL;
  g_autofree char *on_server = NULL;
  ChSyncReport report = { 0 };
  gboolean waitlisted = TRUE;

  /* Anna's chapter, on the server, with an event of one seat. */
  sync_client_sync_ok (anna, &report);
  json_object_set_string_member (fields, "title", "Chapter meeting");
  json_object_set_string_member (fields, "starts_local", "2036-12-09 18:00");
  json_object_set_string_member (fields, "ends_local", "2036-12-09 20:00");
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_int_member (fields, "capacity_in_person", 1);
  g_assert_true (ch_event_save (anna->store, anna->chapter_id, NULL, fields, &event_id, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, &report);

  /* This window downloads the chapter. */
  g_signal_connect (sync, "synced", G_CALLBACK (on_synced_cb), b);
  ch_sync_manager_set_token_for_testing (sync, b->server.token_a);
  g_assert_true (ch_sync_link (store, NULL, b->server.server->url, b->server.chapter_a, &error));
  g_assert_no_error (error);
  ch_window_set_chapter (b->gui.window, b->server.chapter_a);
  g_assert_cmpstr (ch_window_get_page (b->gui.window), ==, "welcome");
  {
    guint before = b->synced;

    /* As after Connect in Preferences. */
    ch_sync_manager_sync_now (sync);
    WAIT_FOR (b->synced > before);
  }
  g_assert_cmpstr (ch_window_get_page (b->gui.window), ==, "chapter");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (b->gui.window)), ==, "IAMCP Sweden");

  /* Offline, Anna gives the seat to Cecilia and this laptop to David;
   * Anna syncs first. */
  g_assert_true (ch_registration_add (anna->store, event_id, NULL, "Cecilia Berg", NULL,
                                      CH_MODE_IN_PERSON, NULL, &waitlisted, &error));
  g_assert_no_error (error);
  g_assert_false (waitlisted);
  g_usleep (5000);
  g_assert_true (ch_registration_add (store, event_id, NULL, "David Lind", NULL,
                                      CH_MODE_IN_PERSON, &david, &waitlisted, &error));
  g_assert_no_error (error);
  g_assert_false (waitlisted);
  round = ch_sync_round_run (anna->path, anna->chapter_id, anna->token, NULL, &error);
  g_assert_no_error (error);

  window_sync (b);
  g_assert_cmpstr (ch_events_page_get_last_toast (page), ==,
                   "David Lind was moved to the waitlist: the last seat was taken on another "
                   "device first.");
  on_server = sync_server_get_text (b->server.server, b->server.chapter_a, b->server.token_a,
                                    "registration", david, "state");
  g_assert_cmpstr (on_server, ==, CH_REG_WAITLISTED);
  g_clear_pointer (&on_server, g_free);

  /* Cecilia cannot come (Anna's sync only pushes): the window's next sync
   * gives David the seat, says so, and the server has it at once. */
  {
    g_autofree char *cecilia = NULL;
    g_autoptr(GPtrArray) list = ch_registration_list (anna->store, event_id, &error);

    g_assert_no_error (error);
    cecilia = g_strdup (ch_registration_get_id (g_ptr_array_index (list, 0)));
    g_assert_true (ch_registration_cancel (anna->store, cecilia, NULL, &error));
    g_assert_no_error (error);
    sync_client_sync_ok (anna, &report);
  }
  window_sync (b);
  g_assert_cmpstr (ch_events_page_get_last_toast (page), ==,
                   "David Lind moved up from the waitlist.");
  on_server = sync_server_get_text (b->server.server, b->server.chapter_a, b->server.token_a,
                                    "registration", david, "state");
  g_assert_cmpstr (on_server, ==, CH_REG_REGISTERED);
  g_assert_cmpuint (ch_store_outbox_count (store, b->server.chapter_a), ==, 0);
}

/* Runs the main loop for a few frames of @widget's window and at least
 * 300 ms: what the views do after a change has been done by then. */
static gboolean
settled_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  guint *frames = data;

  return ++*frames < 5 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
settle (GtkWidget *widget)
{
  gboolean done = FALSE;
  guint frames = 0;

  g_timeout_add (300, settled_cb, &done);
  gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);
  WAIT_FOR (done && frames >= 5);
}

/* The name in the topmost row a user sees in the members table (rows
 * half under the top edge count), and the labels' texts seen. */
static char *
first_visible_name (GtkWidget *view)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *list;
  const char *best = NULL;
  double best_y = G_MAXDOUBLE;

  if (GTK_IS_LIST_VIEW (view))
    g_ptr_array_add (views, view);
  else
    gui_test_collect (view, GTK_TYPE_LIST_VIEW, views);
  g_assert_cmpuint (views->len, >, 0);
  list = g_ptr_array_index (views, 0);
  gui_test_collect (list, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      const char *text = gtk_label_get_text (GTK_LABEL (label));
      double x, y;

      if (!gtk_widget_get_mapped (label) || !g_str_has_suffix (text, " Lindqvist") ||
          !gtk_widget_translate_coordinates (label, list, 0, 0, &x, &y))
        continue;
      if (y + gtk_widget_get_height (label) > 0 && y < gtk_widget_get_height (list) && y < best_y)
        {
          best_y = y;
          best = text;
        }
    }
  g_assert_nonnull (best);

  return g_strdup (best);
}

/* Whether a label of the members table a user can see reads @text. */
static gboolean
shows_text (GtkWidget  *view,
            const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  gui_test_collect (view, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_get_mapped (label) &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The selection of the view the page shows (the table, or its narrow list). */
static GtkSelectionModel *
results_model (ChMembersPage *page)
{
  GtkWidget *view = ch_members_page_get_results_view (page);

  if (GTK_IS_COLUMN_VIEW (view))
    return gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
  return gtk_list_view_get_model (GTK_LIST_VIEW (view));
}

static guint
position_of_name (GListModel *model,
                  const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ChMember) member = g_list_model_get_item (model, i);

      if (g_strcmp0 (ch_member_get_display_name (member), name) == 0)
        return i;
    }

  return G_MAXUINT;
}

static char *
id_at (GListModel *model,
       guint       position)
{
  g_autoptr(ChMember) member = g_list_model_get_item (model, position);

  g_assert_nonnull (member);
  return g_strdup (ch_member_get_id (member));
}

/* What an officer who scrolled the members table and selected someone
 * sees after a sync: the same rows, the same member selected. */
static void
assert_view_kept (Both       *b,
                  double      value,
                  const char *first,
                  guint       selected,
                  const char *selected_id)
{
  ChMembersPage *page = ch_window_get_members_page (b->gui.window);
  ChMemberList *list;
  GtkSingleSelection *selection;
  GtkAdjustment *adj;
  GtkWidget *view;
  g_autofree char *first_now = NULL;
  ChMember *member;

  list = fixture_member_list (&b->gui);
  WAIT_FOR (!ch_member_list_get_loading (list));
  settle (GTK_WIDGET (b->gui.window));
  view = ch_members_page_get_results_view (page);
  selection = GTK_SINGLE_SELECTION (results_model (page));
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adj), value, 0.5);
  first_now = first_visible_name (view);
  g_assert_cmpstr (first_now, ==, first);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, selected);
  member = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (member);
  g_assert_cmpstr (ch_member_get_id (member), ==, selected_id);
}

static void
test_sync_keeps_members_view (Both          *b,
                              gconstpointer  data)
{
  ChSyncManager *sync = g_object_get_data (G_OBJECT (b->gui.window), "ch-sync-manager");
  ChStore *store = ch_window_get_store (b->gui.window);
  ChMembersPage *page = ch_window_get_members_page (b->gui.window);
  g_autoptr(SyncClient) anna = sync_fixture_client (&b->server, "anna", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *selected_id = NULL;
  g_autofree char *edited_id = NULL;
  ChSyncReport report = { 0 };
  GtkSingleSelection *selection;
  GtkAdjustment *adj;
  GtkWidget *view;
  guint top, selected;
  double value;

  /* Anna's chapter of 300 members, on the server. */
  sync_client_sync_ok (anna, &report);
  sync_client_add_members (anna, "Member", 300);
  sync_client_sync_ok (anna, &report);

  /* This window downloads it. */
  g_signal_connect (sync, "synced", G_CALLBACK (on_synced_cb), b);
  ch_sync_manager_set_token_for_testing (sync, b->server.token_a);
  g_assert_true (ch_sync_link (store, NULL, b->server.server->url, b->server.chapter_a, &error));
  g_assert_no_error (error);
  ch_window_set_chapter (b->gui.window, b->server.chapter_a);
  window_first_sync (b, sync);
  g_assert_cmpstr (ch_window_get_page (b->gui.window), ==, "chapter");

  /* The officer scrolls down the table and selects a member. */
  WAIT_FOR (results_model (page) != NULL);
  view = ch_members_page_get_results_view (page);
  selection = GTK_SINGLE_SELECTION (results_model (page));
  WAIT_FOR (fixture_n_shown (&b->gui) == 300);
  /* As Down in the search: the table has the keyboard, all its rows. */
  g_assert_true (ch_members_page_focus_results (page));
  WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (selection)) == 300);
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  WAIT_FOR (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) > 2000);
  settle (GTK_WIDGET (b->gui.window));
  gtk_adjustment_set_value (adj, 1500);
  settle (GTK_WIDGET (b->gui.window));
  value = gtk_adjustment_get_value (adj);
  g_assert_cmpfloat (value, >, 1000);
  first = first_visible_name (view);
  top = position_of_name (G_LIST_MODEL (selection), first);
  g_assert_cmpuint (top, !=, G_MAXUINT);
  g_assert_cmpuint (top, >, 10);
  selected = top + 2;
  gtk_single_selection_set_selected (selection, selected);
  selected_id = id_at (G_LIST_MODEL (selection), selected);
  edited_id = id_at (G_LIST_MODEL (selection), top + 4);
  settle (GTK_WIDGET (b->gui.window));
  g_assert_false (shows_text (view, "Volvo Cars"));

  /* A sync that brings nothing changes nothing the officer sees. */
  window_sync (b);
  assert_view_kept (b, value, first, selected, selected_id);

  /* Anna gives another member in view a company: the next sync shows it,
   * and the rest stays as it was. */
  sync_client_set_field (anna, edited_id, "company", "Volvo Cars");
  sync_client_sync_ok (anna, &report);
  window_sync (b);
  assert_view_kept (b, value, first, selected, selected_id);
  WAIT_FOR (shows_text (ch_members_page_get_results_view (page), "Volvo Cars"));

  /* Anna edits the member selected here: still selected, shown anew. */
  sync_client_set_field (anna, selected_id, "company", "Scania");
  sync_client_sync_ok (anna, &report);
  window_sync (b);
  WAIT_FOR (shows_text (ch_members_page_get_results_view (page), "Scania"));
  assert_view_kept (b, value, first, selected, selected_id);
  g_assert_cmpstr (ch_member_get_company (gtk_single_selection_get_selected_item (
                     GTK_SINGLE_SELECTION (results_model (page)))), ==, "Scania");
}

static SyncProxyAction
busy_rule (const char  *method,
           char       **path,
           guint        n,
           gpointer     user_data)
{
  g_atomic_int_inc ((gint *) user_data);
  return SYNC_PROXY_BUSY;
}

/* The server is busy (503, Retry-After: 30) when the officer closes the
 * window: its sync stops at once, rather than wait out the server's 30 s
 * and try again (for minutes, while the program runs on), and the worker
 * lets the window's sync manager go. */
static void
test_close_while_busy (Both          *b,
                       gconstpointer  data)
{
  ChSyncManager *sync = g_object_get_data (G_OBJECT (b->gui.window), "ch-sync-manager");
  ChStore *store = ch_window_get_store (b->gui.window);
  g_autoptr(SyncProxy) proxy = sync_proxy_new (b->server.server->url);
  g_autoptr(GError) error = NULL;
  gint busy = 0;

  sync_proxy_set_rule (proxy, busy_rule, &busy);
  ch_sync_manager_set_token_for_testing (sync, b->server.token_a);
  g_assert_true (ch_sync_link (store, NULL, sync_proxy_get_url (proxy), b->server.chapter_a,
                               &error));
  g_assert_no_error (error);
  ch_window_set_chapter (b->gui.window, b->server.chapter_a);
  ch_sync_manager_sync_now (sync);
  WAIT_FOR (g_atomic_int_get (&busy) >= 1);
  g_assert_cmpint (ch_sync_manager_get_state (sync), ==, CH_SYNC_STATE_SYNCING);

  g_object_add_weak_pointer (G_OBJECT (sync), (gpointer *) &sync);
  gtk_window_close (GTK_WINDOW (b->gui.window));
  b->gui.window = NULL;
  /* (At most 10 s: the server asked for 30.) */
  WAIT_FOR (sync == NULL);
  g_assert_cmpint (g_atomic_int_get (&busy), ==, 1);
}

/* How many members @window's Members list holds (0 without a list). */
static guint
shown_in (ChWindow *window)
{
  ChMemberList *list = ch_members_page_get_list (ch_window_get_members_page (window));

  return list != NULL && !ch_member_list_get_loading (list)
         ? g_list_model_get_n_items (G_LIST_MODEL (list)) : 0;
}

/* Pages of ten rows; the first page goes through, every later request
 * finds the server busy (503, Retry-After: 30). */
static SyncProxyAction
first_page_then_busy_rule (const char  *method,
                           char       **path,
                           guint        n,
                           gpointer     user_data)
{
  gint *pages = user_data;

  if (strstr (*path, "/changes") == NULL)
    return SYNC_PROXY_FORWARD;
  sync_proxy_set_limit (path, 10);

  return g_atomic_int_add (pages, 1) == 0 ? SYNC_PROXY_FORWARD : SYNC_PROXY_BUSY;
}

/* Two windows on one file; the first one's sync is stopped by its
 * closing, while the server is busy, after a page of new members.  That
 * page is in the file: the other window's Members list shows it
 * (without waiting for a sync of its own). */
static void
test_close_shows_pulled (Both          *b,
                         gconstpointer  data)
{
  ChSyncManager *sync = g_object_get_data (G_OBJECT (b->gui.window), "ch-sync-manager");
  ChStore *store = ch_window_get_store (b->gui.window);
  g_autoptr(SyncProxy) proxy = sync_proxy_new (b->server.server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (&b->server, "anna", NULL);
  g_autoptr(GError) error = NULL;
  ChSyncReport report = { 0 };
  ChWindow *other;
  gint pages = 0;

  sync_client_sync_ok (anna, &report);
  sync_client_add_members (anna, "Member", 5);
  sync_client_sync_ok (anna, &report);

  /* This window downloads the chapter; a second one shows it too. */
  g_signal_connect (sync, "synced", G_CALLBACK (on_synced_cb), b);
  ch_sync_manager_set_token_for_testing (sync, b->server.token_a);
  g_assert_true (ch_sync_link (store, NULL, sync_proxy_get_url (proxy), b->server.chapter_a,
                               &error));
  g_assert_no_error (error);
  ch_window_set_chapter (b->gui.window, b->server.chapter_a);
  window_first_sync (b, sync);
  other = ch_window_new (b->gui.app);
  gtk_window_present (GTK_WINDOW (other));
  ch_window_set_chapter (other, b->server.chapter_a);
  WAIT_FOR (shown_in (other) == 5);

  /* Anna adds 60 members; this window's next sync gets a page of them,
   * then finds the server busy, and the officer closes it. */
  sync_client_add_members (anna, "Newcomer", 60);
  sync_client_sync_ok (anna, &report);
  sync_proxy_set_rule (proxy, first_page_then_busy_rule, &pages);
  ch_sync_manager_sync_now (sync);
  WAIT_FOR (g_atomic_int_get (&pages) >= 2);
  gtk_window_close (GTK_WINDOW (b->gui.window));
  b->gui.window = other;

  WAIT_FOR (shown_in (other) > 5);
  g_assert_cmpuint (shown_in (other), <, 65);
}

int
main (int   argc,
      char *argv[])
{
  /* The sync suite's helpers start the server (g_test_init() too). */
  sync_test_init (&argc, &argv);
  gtk_init ();
  adw_init ();

  g_test_add ("/gui/sync-round/window-names-who-moved", Both, NULL, both_set_up,
              test_window_names_who_moved, both_tear_down);
  g_test_add ("/gui/sync-round/sync-keeps-members-view", Both, NULL, both_set_up,
              test_sync_keeps_members_view, both_tear_down);
  g_test_add ("/gui/sync-round/close-while-busy", Both, NULL, both_set_up,
              test_close_while_busy, both_tear_down);
  g_test_add ("/gui/sync-round/close-shows-pulled", Both, NULL, both_set_up,
              test_close_shows_pulled, both_tear_down);

  return g_test_run ();
}
