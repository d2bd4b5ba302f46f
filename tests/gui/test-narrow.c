/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "ch-application.h"
#include "ch-check-in-window.h"
#include "ch-event-dialog.h"
#include "ch-events-page-private.h"
#include "ch-import-window.h"
#include "ch-insights-page-private.h"
#include "ch-mail-compose-dialog.h"
#include "ch-preferences-window.h"
#include "ch-leadership-page-private.h"
#include "ch-member-compact-row.h"
#include "ch-member-dialog-private.h"
#include "ch-members-page-private.h"
#include "ch-tier.h"
#include "ch-window.h"

#include "ch-gui-test.h"

/* The window at a phone's width, and the keyboard (issue 15). */

static void
add_member (Fixture    *f,
            const char *given,
            const char *family,
            const char *company)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = NULL;

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  json_object_set_string_member (fields, "company", company);
  json_object_set_string_member (fields, "tier", CH_TIER_NETWORK);
  id = fixture_add_member (f, fields);
}

/* A second window on the same chapter, opened 360 px wide. */
static ChWindow *
open_narrow_window (Fixture *f)
{
  ChWindow *window = ch_window_new (f->app);

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)) &&
            gtk_widget_get_width (GTK_WIDGET (window)) > 0 &&
            g_strcmp0 (ch_window_get_page (window), "chapter") == 0);

  return window;
}

static void
test_members_two_lines_when_narrow (Fixture       *f,
                                    gconstpointer  data)
{
  ChWindow *narrow;
  ChMembersPage *page;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  gboolean seen = FALSE;
  int minimum;

  create_chapter (f);
  add_member (f, "Ingrid", "Åkesson", "Woodgrove Bank");
  add_member (f, "Lars", "Berg", "Contoso");

  /* The full-width window shows the table. */
  page = ch_window_get_members_page (f->window);
  WAIT_FOR (fixture_n_shown (f) == 2 && gtk_widget_get_width (GTK_WIDGET (page)) > 0);
  g_assert_false (ch_members_page_get_narrow (page));
  g_assert_true (GTK_IS_COLUMN_VIEW (ch_members_page_get_results_view (page)));

  /* A window opened as narrow as a phone is that narrow, and could be no
   * narrower… */
  narrow = open_narrow_window (f);
  g_assert_cmpint (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (narrow))), ==, 360);
  gtk_widget_measure (GTK_WIDGET (narrow), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                      NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  /* …and lists the members on two lines: name; company and status. */
  page = ch_window_get_members_page (narrow);
  WAIT_FOR (ch_members_page_get_narrow (page) &&
            g_list_model_get_n_items (G_LIST_MODEL (ch_members_page_get_list (page))) == 2);
  g_assert_true (GTK_IS_LIST_VIEW (ch_members_page_get_results_view (page)));
  g_assert_true (gtk_widget_get_mapped (ch_members_page_get_results_view (page)));
  /* Nothing wider than the window: no horizontal scrolling of the page. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (page)), <=, 360);

  WAIT_FOR ((g_ptr_array_set_size (rows, 0),
             gui_test_collect (ch_members_page_get_results_view (page),
                               CH_TYPE_MEMBER_COMPACT_ROW, rows),
             rows->len >= 2));
  for (guint i = 0; i < rows->len; i++)
    {
      ChMember *member = ch_member_compact_row_get_member (g_ptr_array_index (rows, i));
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      gboolean name = FALSE, company = FALSE, status = FALSE;

      if (member == NULL || g_strcmp0 (ch_member_get_family_name (member), "Åkesson") != 0)
        continue;
      seen = TRUE;
      gui_test_collect (g_ptr_array_index (rows, i), GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        {
          const char *text = gtk_label_get_text (g_ptr_array_index (labels, j));

          name |= g_strcmp0 (text, "Ingrid Åkesson") == 0;
          company |= g_strcmp0 (text, "Woodgrove Bank") == 0;
          status |= g_strcmp0 (text, ch_member_get_status_label (member)) == 0;
        }
      g_assert_true (name && company && status);
    }
  g_assert_true (seen);
  gui_test_save_shot (GTK_WIDGET (narrow), "narrow-members");
}

static void
test_filter_popover_counts (Fixture       *f,
                            gconstpointer  data)
{
  ChWindow *narrow;
  ChMembersPage *page;

  create_chapter (f);
  add_member (f, "Ingrid", "Åkesson", "Woodgrove Bank");

  /* Wide, the filters are a row and there is no filter button. */
  page = ch_window_get_members_page (f->window);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (page)) > 0);
  g_assert_null (ch_members_page_get_filter_button_text (page));

  narrow = open_narrow_window (f);
  page = ch_window_get_members_page (narrow);
  WAIT_FOR (ch_members_page_get_narrow (page));
  g_assert_cmpstr (ch_members_page_get_filter_button_text (page), ==, "Filters");

  g_assert_true (ch_members_page_select_filter (page, "status", "active"));
  g_assert_cmpstr (ch_members_page_get_filter_button_text (page), ==, "1 Filter");
  g_assert_true (ch_members_page_select_filter (page, "partner_kind", "isv"));
  g_assert_cmpstr (ch_members_page_get_filter_button_text (page), ==, "2 Filters");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.clear-filters", NULL));
  g_assert_cmpstr (ch_members_page_get_filter_button_text (page), ==, "Filters");
}

static void
test_down_from_search (Fixture       *f,
                       gconstpointer  data)
{
  ChMembersPage *page = ch_window_get_members_page (f->window);
  GtkWidget *entry = GTK_WIDGET (ch_members_page_get_search_entry (page));
  GtkEventController *keys = NULL;
  GtkWidget *focus;
  g_autoptr(GListModel) controllers = NULL;
  gboolean handled = FALSE;

  create_chapter (f);
  add_member (f, "Ingrid", "Åkesson", "Woodgrove Bank");
  add_member (f, "Lars", "Berg", "Contoso");
  WAIT_FOR (fixture_n_shown (f) == 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (entry), "berg");
  WAIT_FOR (fixture_n_shown (f) == 1);

  /* Down in the search: the first result is selected and has the focus. */
  controllers = gtk_widget_observe_controllers (entry);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && keys == NULL; i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        keys = GTK_EVENT_CONTROLLER (c);
    }
  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  g_assert_true (handled);

  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == ch_members_page_get_results_view (page) ||
                 gtk_widget_is_ancestor (focus, ch_members_page_get_results_view (page)));
  {
    GtkSelectionModel *model = gtk_column_view_get_model (
      GTK_COLUMN_VIEW (ch_members_page_get_results_view (page)));
    g_autoptr(ChMember) member = NULL;

    g_assert_true (gtk_selection_model_is_selected (model, 0));
    member = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpstr (ch_member_get_family_name (member), ==, "Berg");
  }

  /* With nothing found, Down stays in the search. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "nobody at all");
  WAIT_FOR (fixture_n_shown (f) == 0);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  g_assert_false (handled);
}

static void
test_ctrl_number_switches_views (Fixture       *f,
                                 gconstpointer  data)
{
  create_chapter (f);

  for (guint i = 0; i < CH_WINDOW_N_VIEWS; i++)
    {
      g_autofree char *accel = g_strdup_printf ("<Control>%u", i + 1);
      g_autofree char *detailed = g_strdup_printf ("win.show-page::%s",
                                                   ch_window_page_names[i]);
      g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (f->app),
                                                                     accel);

      /* The key is bound to the page… */
      g_assert_true (g_strv_contains ((const char * const *) actions, detailed));
      /* …and the page shows. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                                 ch_window_page_names[i]));
      g_assert_cmpstr (ch_window_get_view (f->window), ==, ch_window_page_names[i]);
    }

  /* The Leadership page of a chapter without officers says how to add them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                             "leadership"));
  {
    g_autoptr(GPtrArray) pages = g_ptr_array_new ();

    gui_test_collect (GTK_WIDGET (f->window), CH_TYPE_LEADERSHIP_PAGE, pages);
    g_assert_cmpuint (pages->len, ==, 1);
    WAIT_FOR (g_strcmp0 (ch_leadership_page_get_state (g_ptr_array_index (pages, 0)),
                         "empty") == 0);
  }
}

/* The widest that @widget's content can be made, without the frame GTK
 * draws around a window: at most a phone's width. */
static void
assert_fits (const char *what,
             GtkWidget  *widget)
{
  int minimum;

  if (GTK_IS_WINDOW (widget))
    widget = gtk_window_get_child (GTK_WINDOW (widget));
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("%s: %d px at the least", what, minimum);
  g_assert_cmpint (minimum, <=, 360);
}

/* The forms the window opens fit a phone's width, and every one has a
 * title. */
static void
test_dialogs_fit_narrow (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const member_tabs[] = {
    "profile", "membership", "roles", "opportunities", "mail"
  };
  static const struct { const char *action; const char *type; } dialogs[] = {
    { "win.add-member", "ChMemberDialog" },
    { "win.new-event", "ChEventDialog" },
    { "win.create-chapter", "ChChapterDialog" },
    { "win.preferences", "ChPreferencesWindow" },
    { "win.import-members", "ChImportWindow" },
  };

  create_chapter (f);
  g_type_ensure (CH_TYPE_MEMBER_DIALOG);
  g_type_ensure (CH_TYPE_EVENT_DIALOG);
  g_type_ensure (CH_TYPE_PREFERENCES_WINDOW);
  g_type_ensure (CH_TYPE_IMPORT_WINDOW);

  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    {
      GType type = g_type_from_name (dialogs[i].type);
      GtkWindow *dialog;

      g_assert_true (type != G_TYPE_INVALID);
      dialog = open_toplevel (f->window, dialogs[i].action, type);
      WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
      /* Every page of the window (a stack is as wide as its widest page). */
      assert_fits (dialogs[i].type, GTK_WIDGET (dialog));
      if (type == CH_TYPE_MEMBER_DIALOG)
        for (guint t = 0; t < G_N_ELEMENTS (member_tabs); t++)
          {
            ch_member_dialog_show_page (CH_MEMBER_DIALOG (dialog), member_tabs[t]);
            assert_fits (member_tabs[t], GTK_WIDGET (dialog));
          }
      g_assert_nonnull (gtk_window_get_title (dialog));
      g_assert_cmpstr (gtk_window_get_title (dialog), !=, "");
      gtk_window_destroy (dialog);
      WAIT_FOR (find_toplevel (type) == NULL);
    }
}

/* The demo chapter in a window as narrow as a phone: every page with
 * what it shows, an event with its registrations, a member with
 * payments and roles, the door's check-in and writing to those
 * registered fit in 360 px. */
static void
test_demo_fits_narrow (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const member_tabs[] = {
    "profile", "membership", "roles", "opportunities", "mail"
  };
  ChWindow *narrow;
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  ChEventsPage *events;
  ChInsightsPage *insights;
  ChMemberDialog *member;
  GtkWindow *window;
  g_autoptr(ChMember) first = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-demo", NULL));
  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "chapter") == 0);
  WAIT_FOR (fixture_n_shown (f) > 0);
  narrow = open_narrow_window (f);

  gui_test_collect (GTK_WIDGET (narrow), CH_TYPE_EVENTS_PAGE, found);
  g_assert_cmpuint (found->len, ==, 1);
  events = g_ptr_array_index (found, 0);
  g_ptr_array_set_size (found, 0);
  gui_test_collect (GTK_WIDGET (narrow), CH_TYPE_INSIGHTS_PAGE, found);
  g_assert_cmpuint (found->len, ==, 1);
  insights = g_ptr_array_index (found, 0);

  /* The events, one of them chosen with its registrations. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (narrow), "win.show-page", "s",
                                             "events"));
  WAIT_FOR (ch_events_page_get_n_events (events) > 0 &&
            ch_events_page_get_n_registrations (events) > 0);
  assert_fits ("Events page", GTK_WIDGET (events));
  gui_test_save_shot (GTK_WIDGET (narrow), "narrow-events");
  /* The event itself, as after a tap on it. */
  adw_leaflet_navigate (ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (events),
                                                                    CH_TYPE_EVENTS_PAGE,
                                                                    "leaflet")),
                        ADW_NAVIGATION_DIRECTION_FORWARD);
  gui_test_save_shot (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (events),
                                                                 CH_TYPE_EVENTS_PAGE,
                                                                 "event_detail")),
                      "narrow-event-detail");

  /* The figures, as charts and as tables. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (narrow), "win.show-page", "s",
                                             "insights"));
  WAIT_FOR (ch_insights_page_get_insights (insights) != NULL);
  assert_fits ("Insights page", GTK_WIDGET (insights));
  gtk_switch_set_active (ch_insights_page_get_table_switch (insights), TRUE);
  assert_fits ("Insights page as tables", GTK_WIDGET (insights));
  gtk_switch_set_active (ch_insights_page_get_table_switch (insights), FALSE);

  /* Every page at once: the window is as wide as its widest page. */
  assert_fits ("Window", GTK_WIDGET (narrow));

  /* At the door, and writing to those registered (no e-mail account). */
  window = GTK_WINDOW (ch_events_page_open_check_in (events));
  assert_fits ("Check-In", GTK_WIDGET (window));
  gtk_window_destroy (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (events), "events.write-to", "s",
                                             "registered"));
  WAIT_FOR ((window = find_toplevel (CH_TYPE_MAIL_COMPOSE_DIALOG)) != NULL);
  assert_fits ("Write To", GTK_WIDGET (window));
  gtk_window_destroy (window);

  /* A member of the demo chapter, every tab. */
  first = g_list_model_get_item (G_LIST_MODEL (fixture_member_list (f)), 0);
  ch_members_page_open_member (ch_window_get_members_page (narrow), ch_member_get_id (first));
  WAIT_FOR ((member = CH_MEMBER_DIALOG (find_toplevel (CH_TYPE_MEMBER_DIALOG))) != NULL);
  for (guint t = 0; t < G_N_ELEMENTS (member_tabs); t++)
    {
      ch_member_dialog_show_page (member, member_tabs[t]);
      assert_fits (member_tabs[t], GTK_WIDGET (member));
    }
  gtk_window_destroy (GTK_WINDOW (member));
}

/* Tab onto a row of the members list selects it, in the wide table and in
 * the narrow list, as in GNOME's own applications. */
static void
tab_into_results (ChMembersPage *page)
{
  GtkWidget *view = ch_members_page_get_results_view (page);
  GtkWidget *focus;

  WAIT_FOR (gtk_widget_get_mapped (view));
  gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD);
  focus = gtk_root_get_focus (gtk_widget_get_root (view));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, view));
}

static void
test_tab_selects_row (Fixture       *f,
                      gconstpointer  data)
{
  ChMembersPage *page = ch_window_get_members_page (f->window);
  GtkSelectionModel *selection;
  ChWindow *narrow;

  create_chapter (f);
  add_member (f, "Ingrid", "Åkesson", "Woodgrove Bank");
  add_member (f, "Lars", "Berg", "Contoso");
  WAIT_FOR (fixture_n_shown (f) == 2);

  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (ch_members_page_get_results_view (page)));
  gtk_selection_model_unselect_all (selection);
  g_assert_false (gtk_selection_model_is_selected (selection, 0));
  tab_into_results (page);
  WAIT_FOR (gtk_selection_model_is_selected (selection, 0));

  narrow = open_narrow_window (f);
  page = ch_window_get_members_page (narrow);
  WAIT_FOR (ch_members_page_get_narrow (page));
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (ch_members_page_get_results_view (page)));
  gtk_selection_model_unselect_all (selection);
  tab_into_results (page);
  WAIT_FOR (gtk_selection_model_is_selected (selection, 0));
}

/* The accelerators of the shortcuts window, as GTK writes them: those it
 * names and those of the actions it names. */
static GHashTable *
overlay_accels (GtkApplication *app)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/chapterhouse/Chapterhouse/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  GHashTable *accels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;
      g_auto(GStrv) names = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, "action-name", &action, NULL);
      if (action != NULL)
        names = gtk_application_get_accels_for_action (app, action);
      else if (accelerator != NULL)
        names = g_strsplit (accelerator, " ", -1);
      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          guint key;
          GdkModifierType mods;

          g_assert_true (gtk_accelerator_parse (names[i], &key, &mods));
          g_hash_table_add (accels, gtk_accelerator_name (key, mods));
        }
    }

  return accels;
}

/* The key shortcuts our own widgets under @widget install (their class's
 * shortcut controller), as accelerator names. */
static void
collect_class_shortcuts (GtkWidget  *widget,
                         GHashTable *found)
{
  if (g_str_has_prefix (G_OBJECT_TYPE_NAME (widget), "Ch"))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller),
                                                                       j);
              GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
              const char *name;

              if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !GTK_IS_NAMED_ACTION (action))
                continue;
              name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
              /* Escape closes every dialog, as everywhere in GNOME. */
              if (g_str_equal (name, "window.close") &&
                  gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Escape)
                continue;
              g_hash_table_insert (found,
                                   gtk_accelerator_name (
                                     gtk_keyval_trigger_get_keyval (
                                       GTK_KEYVAL_TRIGGER (trigger)),
                                     gtk_keyval_trigger_get_modifiers (
                                       GTK_KEYVAL_TRIGGER (trigger))),
                                   g_strdup (name));
            }
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_class_shortcuts (child, found);
}

/* Every key the application and its windows answer is in the shortcuts
 * window (ui/help-overlay.ui, read as GTK reads it). */
static void
test_shortcuts_window_lists_all (Fixture       *f,
                                 gconstpointer  data)
{
  static const char * const windows[][2] = {
    { "win.add-member", "ChMemberDialog" },
    { "win.new-event", "ChEventDialog" },
  };
  GtkApplication *app = GTK_APPLICATION (f->app);
  g_autoptr(GHashTable) listed = overlay_accels (app);
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (app);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;
  ChEventsPage *events;
  GtkWindow *window;
  guint missing = 0;

  /* The application's accelerators… */
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          guint keyval;
          GdkModifierType mods;

          g_assert_true (gtk_accelerator_parse (accels[j], &keyval, &mods));
          g_hash_table_insert (keys, gtk_accelerator_name (keyval, mods), g_strdup (actions[i]));
        }
    }

  /* …and the shortcuts of the window, its pages and the windows it opens. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-demo", NULL));
  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "chapter") == 0);
  collect_class_shortcuts (GTK_WIDGET (f->window), keys);
  g_type_ensure (CH_TYPE_MEMBER_DIALOG);
  g_type_ensure (CH_TYPE_EVENT_DIALOG);
  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      window = open_toplevel (f->window, windows[i][0], g_type_from_name (windows[i][1]));
      collect_class_shortcuts (GTK_WIDGET (window), keys);
      gtk_window_destroy (window);
    }
  gui_test_collect (GTK_WIDGET (f->window), CH_TYPE_EVENTS_PAGE, found);
  events = g_ptr_array_index (found, 0);
  WAIT_FOR (ch_events_page_get_n_events (events) > 0);
  window = GTK_WINDOW (ch_events_page_open_check_in (events));
  collect_class_shortcuts (GTK_WIDGET (window), keys);
  gtk_window_destroy (window);
  g_assert_true (g_hash_table_contains (keys, "<Control>z"));

  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (listed, key))
      {
        g_test_message ("%s (%s) is not in the shortcuts window", (char *) key, (char *) value);
        missing++;
      }
  g_assert_cmpuint (missing, ==, 0);
}

static void
test_help_without_viewer (Fixture       *f,
                          gconstpointer  data)
{
  GtkWindow *dialog;

  /* main() hid every help viewer: F1 says what to install. */
  g_assert_null (g_app_info_get_default_for_uri_scheme ("help"));
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "help", NULL);
  WAIT_FOR ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "No Help Viewer Is Installed");
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (f->window));

  /* The key that opens it. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app),
                                                                  "app.help");

    g_assert_true (g_strv_contains ((const char * const *) accels, "F1"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  g_autofree char *mimeapps = NULL;
  g_autoptr(GError) error = NULL;

  /* No help viewer, even where GNOME Help is installed: the user's
   * mimeapps.list takes it off the help: scheme. */
  config = g_dir_make_tmp ("chapterhouse-narrow-XXXXXX", &error);
  g_assert_no_error (error);
  mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_assert_true (g_file_set_contents (mimeapps,
                                      "[Removed Associations]\n"
                                      "x-scheme-handler/help=yelp.desktop;\n", -1, &error));
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/narrow/members-two-lines", Fixture, NULL, fixture_set_up,
              test_members_two_lines_when_narrow, fixture_tear_down);
  g_test_add ("/gui/narrow/filter-count", Fixture, NULL, fixture_set_up,
              test_filter_popover_counts, fixture_tear_down);
  g_test_add ("/gui/keyboard/down-from-search", Fixture, NULL, fixture_set_up,
              test_down_from_search, fixture_tear_down);
  g_test_add ("/gui/keyboard/tab-selects", Fixture, NULL, fixture_set_up,
              test_tab_selects_row, fixture_tear_down);
  g_test_add ("/gui/keyboard/shortcuts-window", Fixture, NULL, fixture_set_up,
              test_shortcuts_window_lists_all, fixture_tear_down);
  g_test_add ("/gui/keyboard/ctrl-number", Fixture, NULL, fixture_set_up,
              test_ctrl_number_switches_views, fixture_tear_down);
  g_test_add ("/gui/narrow/dialogs", Fixture, NULL, fixture_set_up,
              test_dialogs_fit_narrow, fixture_tear_down);
  g_test_add ("/gui/narrow/demo", Fixture, NULL, fixture_set_up,
              test_demo_fits_narrow, fixture_tear_down);
  g_test_add ("/gui/help/no-viewer", Fixture, NULL, fixture_set_up,
              test_help_without_viewer, fixture_tear_down);

  return g_test_run ();
}
