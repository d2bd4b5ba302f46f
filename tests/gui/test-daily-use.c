/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ch-check-in-window.h"
#include "ch-check-in-window-private.h"
#include "ch-events.h"
#include "ch-member-private.h"
#include "ch-registrations.h"
#include "ch-events-page.h"
#include "ch-events-page-private.h"
#include "ch-events.h"
#include "ch-gender.h"
#include "ch-leadership-page-private.h"
#include "ch-member-dialog-private.h"
#include "ch-roles.h"
#include "ch-store-private.h"
#include "ch-store-sync.h"
#include "ch-sync.h"
#include "ch-sync-manager-private.h"
#include "ch-window.h"

#include "ch-gui-test.h"

/*
 * Trust in daily use (issue 10): what a chapter president noticed while
 * using the window for real.
 */

static char *
add_person (Fixture    *f,
            const char *given,
            const char *family,
            const char *company)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  if (company != NULL)
    json_object_set_string_member (fields, "company", company);
  json_object_set_string_member (fields, "tier", CH_TIER_NETWORK);

  return fixture_add_member (f, fields);
}

static ChMemberDialog *
open_member (Fixture    *f,
             const char *id)
{
  ChMemberDialog *dialog;

  ch_members_page_open_member (ch_window_get_members_page (f->window), id);
  dialog = CH_MEMBER_DIALOG (find_toplevel (CH_TYPE_MEMBER_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (ch_member_dialog_get_member_id (dialog), ==, id);

  return dialog;
}

/* As a click on a response button: the answer, then the question closes. */
static void
respond (AdwMessageDialog *ask,
         const char       *response)
{
  g_object_ref (ask);
  adw_message_dialog_response (ask, response);
  gtk_window_close (GTK_WINDOW (ask));
  g_object_unref (ask);
}

static char *
member_text (Fixture    *f,
             const char *id,
             const char *field)
{
  g_autoptr(ChMember) member = ch_store_get_member (fixture_store (f), id, NULL);

  g_assert_nonnull (member);
  return g_strdup (ch_member_get_text (member, field));
}

/* The member form opens without the cursor in Given name with the text
 * selected: one key press would replace the name. */
static void
test_member_opens_without_selection (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *id = NULL;
  ChMemberDialog *dialog;
  GtkEditable *given;
  GtkWidget *focus;
  int start = 0, end = 0;

  create_chapter (f);
  id = add_person (f, "Ingrid", "Åkesson", "Contoso");
  dialog = open_member (f, id);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  given = ch_member_dialog_get_entry (dialog, "given_name");
  g_assert_cmpstr (gtk_editable_get_text (given), ==, "Ingrid");
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_true (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (given)));
  g_assert_false (gtk_editable_get_selection_bounds (given, &start, &end));
}

/* An edit on Profile, then Membership, then Close: the form asks. */
static void
test_member_asks_before_discarding (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *phone = NULL;
  ChMemberDialog *dialog;
  AdwMessageDialog *ask;

  create_chapter (f);
  id = add_person (f, "Ingrid", "Åkesson", "Contoso");

  /* Nothing changed: Close closes without asking. */
  dialog = open_member (f, id);
  ch_member_dialog_show_page (dialog, "membership");
  activate_and_wait_closed (dialog, "window.close", CH_TYPE_MEMBER_DIALOG);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  /* Changed, then Close on another tab: asked, and Cancel keeps the form. */
  dialog = open_member (f, id);
  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "phone"), "+46 70 123 45 67");
  ch_member_dialog_show_page (dialog, "membership");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  ask = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  gui_test_save_shot (GTK_WIDGET (ask), "member-ask");
  gui_test_save_shot (GTK_WIDGET (dialog), "member-membership-tab");
  g_assert_cmpstr (adw_message_dialog_get_heading (ask), ==, "Save changes to Ingrid Åkesson?");
  g_assert_true (adw_message_dialog_has_response (ask, "discard"));
  g_assert_true (adw_message_dialog_has_response (ask, "cancel"));
  g_assert_true (adw_message_dialog_has_response (ask, "save"));
  respond (ask, "cancel");
  WAIT_FOR (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  g_assert_true (find_toplevel (CH_TYPE_MEMBER_DIALOG) == GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_editable_get_text (ch_member_dialog_get_entry (dialog, "phone")), ==,
                   "+46 70 123 45 67");

  /* Save is there on the Membership tab too. */
  {
    GtkWidget *save = gtk_window_get_default_widget (GTK_WINDOW (dialog));

    g_assert_true (gtk_widget_is_visible (save));
  }

  /* Save from the question saves and closes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  ask = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  respond (ask, "save");
  WAIT_FOR (find_toplevel (CH_TYPE_MEMBER_DIALOG) == NULL);
  phone = member_text (f, id, "phone");
  g_assert_cmpstr (phone, ==, "+46 70 123 45 67");

  /* Discard closes and keeps what was stored. */
  dialog = open_member (f, id);
  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "phone"), "000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  ask = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  respond (ask, "discard");
  WAIT_FOR (find_toplevel (CH_TYPE_MEMBER_DIALOG) == NULL);
  g_clear_pointer (&phone, g_free);
  phone = member_text (f, id, "phone");
  g_assert_cmpstr (phone, ==, "+46 70 123 45 67");

  /* Delete Member with an edit typed: no question, the member goes. */
  dialog = open_member (f, id);
  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "phone"), "111");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "member.delete", NULL));
  WAIT_FOR (find_toplevel (CH_TYPE_MEMBER_DIALOG) == NULL);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  WAIT_FOR (fixture_n_shown (f) == 0);
}


/* At the door: three "Johan Dahl" tell apart by company, and Enter with
 * several matches checks nobody in. */
static void
test_check_in_same_names (Fixture       *f,
                          gconstpointer  data)
{
  const char *companies[] = { "Contoso", "Fabrikam", "Northwind" };
  g_autoptr(JsonObject) event = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 10);
  g_autofree char *starts = g_date_time_format (later, "%Y-%m-%d 18:00");
  g_autofree char *ends = g_date_time_format (later, "%Y-%m-%d 20:00");
  g_autofree char *event_id = NULL;
  g_autofree char *anna = NULL;
  ChEventsPage *page;
  ChCheckInWindow *door;

  create_chapter (f);
  json_object_set_string_member (event, "title", "December Chapter Meeting");
  json_object_set_string_member (event, "starts_local", starts);
  json_object_set_string_member (event, "ends_local", ends);
  json_object_set_string_member (event, "timezone", "Europe/Stockholm");
  json_object_set_string_member (event, "format", CH_EVENT_FORMAT_IN_PERSON);
  json_object_set_string_member (event, "status", CH_EVENT_STATUS_PUBLISHED);
  g_assert_true (ch_event_save (fixture_store (f), fixture_chapter_id (f), NULL, event, &event_id,
                                &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (companies); i++)
    {
      g_autofree char *id = add_person (f, "Johan", "Dahl", companies[i]);

      g_assert_true (ch_registration_add (fixture_store (f), event_id, id, NULL, NULL,
                                          CH_MODE_IN_PERSON, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  anna = add_person (f, "Anna", "Berg", "Contoso");
  g_assert_true (ch_registration_add (fixture_store (f), event_id, anna, NULL, NULL,
                                      CH_MODE_IN_PERSON, NULL, NULL, &error));
  g_assert_no_error (error);

  page = ch_window_get_events_page (f->window);
  WAIT_FOR (ch_events_page_get_n_events (page) == 1);
  g_assert_true (ch_events_page_select_event (page, event_id));
  door = ch_events_page_open_check_in (page);
  g_assert_cmpstr (ch_check_in_window_get_count_text (door), ==, "0 of 4 checked in");

  gtk_editable_set_text (ch_check_in_window_get_search_entry (door), "johan dahl");
  WAIT_FOR (ch_check_in_window_get_n_matches (door) == 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *detail = ch_check_in_window_get_match_detail (door, i);

      g_assert_cmpstr (ch_check_in_window_get_match_name (door, i), ==, "Johan Dahl");
      g_assert_true (strstr (detail, "Contoso") || strstr (detail, "Fabrikam") ||
                     strstr (detail, "Northwind"));
    }

  /* Enter with three matches: nobody is checked in, the window says why. */
  g_signal_emit_by_name (ch_check_in_window_get_search_entry (door), "activate");
  g_assert_cmpstr (ch_check_in_window_get_count_text (door), ==, "0 of 4 checked in");
  g_assert_cmpstr (ch_check_in_window_get_feedback (door), ==, "3 people match — choose one");
  gui_test_save_shot (GTK_WIDGET (door), "check-in");
  g_assert_cmpuint (ch_check_in_window_get_n_matches (door), ==, 3);

  /* Narrowed to one: Enter checks that one in. */
  gtk_editable_set_text (ch_check_in_window_get_search_entry (door), "johan northwind");
  WAIT_FOR (ch_check_in_window_get_n_matches (door) == 1);
  g_signal_emit_by_name (ch_check_in_window_get_search_entry (door), "activate");
  g_assert_cmpstr (ch_check_in_window_get_count_text (door), ==, "1 of 4 checked in");
  g_assert_cmpstr (ch_check_in_window_get_feedback (door), ==,
                   "✓ Johan Dahl is checked in — welcome!");
}


/* A loopback port nobody listens on: connections are refused at once. */
static char *
closed_port_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

static const char *
sync_label (Fixture *f)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (f->window), "ch-sync-button");
  GtkWidget *content = gtk_button_get_child (GTK_BUTTON (button));

  /* In a squeezer that drops the label in a narrow window. */
  if (ADW_IS_SQUEEZER (content))
    content = gtk_widget_get_first_child (content);

  return adw_button_content_get_label (ADW_BUTTON_CONTENT (content));
}

/* A server that cannot be reached is no failure: the button stays calm,
 * says what is kept, and the tooltip says why and when it last worked. */
static void
test_offline_is_calm (Fixture       *f,
                      gconstpointer  data)
{
  ChStore *store;
  GtkWidget *button;
  ChSyncManager *sync;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) before = g_date_time_add_minutes (now, -3);
  g_autofree char *url = closed_port_url ();
  g_autofree char *chapter_id = NULL;
  g_autofree char *last = g_date_time_format_iso8601 (before);
  g_autofree char *expected = NULL;
  g_autofree char *id = NULL;
  const char *tooltip;
  sqlite3_stmt *st = NULL;
  guint pending;

  create_chapter (f);
  store = fixture_store (f);
  chapter_id = g_strdup (fixture_chapter_id (f));
  g_assert_true (ch_sync_link (store, NULL, url, chapter_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (ch_store_get_db (store),
                                       "UPDATE sync_state SET last_sync_at = ? "
                                       "WHERE chapter_id = ?", -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, last, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, chapter_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_DONE);
  sqlite3_finalize (st);

  sync = g_object_get_data (G_OBJECT (f->window), "ch-sync-manager");
  g_assert_nonnull (sync);
  ch_sync_manager_set_token_for_testing (sync, "not-a-real-token");
  ch_window_set_chapter (f->window, chapter_id);
  id = add_person (f, "Ingrid", "Åkesson", "Contoso");
  pending = ch_store_outbox_count (store, chapter_id);
  g_assert_cmpuint (pending, >=, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sync", NULL));
  expected = g_strdup_printf ("Not connected · %u changes kept here", pending);
  WAIT_FOR (g_strcmp0 (sync_label (f), expected) == 0);

  button = g_object_get_data (G_OBJECT (f->window), "ch-sync-button");
  g_assert_false (gtk_widget_has_css_class (button, "error"));
  gui_test_save_shot (GTK_WIDGET (f->window), "offline");
  tooltip = gtk_widget_get_tooltip_text (button);
  g_assert_nonnull (strstr (tooltip, "could not be reached"));
  g_assert_nonnull (strstr (tooltip, "Last synced 3 minutes ago"));
  g_assert_cmpuint (ch_store_outbox_count (store, chapter_id), ==, pending);
}


static void
refuse_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  static const char body[] = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"revoked\"}}";

  soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
}

/* A server that answers but refuses the token: that is a real failure,
 * and still shows as one. */
static void
test_refused_is_an_error (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *url = NULL;
  g_autofree char *chapter_id = NULL;
  GtkWidget *button;
  ChSyncManager *sync;

  soup_server_add_handler (server, NULL, refuse_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  create_chapter (f);
  chapter_id = g_strdup (fixture_chapter_id (f));
  g_assert_true (ch_sync_link (fixture_store (f), NULL, url, chapter_id, &error));
  g_assert_no_error (error);
  sync = g_object_get_data (G_OBJECT (f->window), "ch-sync-manager");
  ch_sync_manager_set_token_for_testing (sync, "a-revoked-token");
  ch_window_set_chapter (f->window, chapter_id);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sync", NULL));
  WAIT_FOR (g_strcmp0 (sync_label (f), "Sync failed") == 0);
  button = g_object_get_data (G_OBJECT (f->window), "ch-sync-button");
  g_assert_true (gtk_widget_has_css_class (button, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button),
                            "did not accept the access token"));
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static char *
add_officer (Fixture    *f,
             const char *given,
             const char *gender,
             const char *role)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", "Lind");
  json_object_set_string_member (fields, "tier", CH_TIER_CHAPTER);
  if (gender != NULL)
    json_object_set_string_member (fields, "gender", gender);
  id = fixture_add_member (f, fields);
  g_assert_true (ch_roles_add (fixture_store (f), id, role, "2020-01-01", NULL, NULL,
                                         &error));
  g_assert_no_error (error);

  return id;
}

/* Free text made "woman", "female" and "Kvinna" separate groups with no
 * percentage; now they are one, and small groups are never shown. */
static void
test_gender_balance (Fixture       *f,
                     gconstpointer  data)
{
  const char *board[][3] = {
    { "Anna", "woman", "president" }, { "Bea", "Kvinna", "treasurer" },
    { "Cecilia", "female", "secretary" }, { "Dora", "Woman", "board-member" },
    { "Erik", "man", "vice-president" }, { "Filip", "Male", "board-member" },
    { "Gustav", "M", "board-member" }, { "Hanna", NULL, "board-member" },
  };
  ChLeadershipPage *page;
  g_autofree char *bea = NULL;
  g_autofree char *stored = NULL;
  ChMemberDialog *dialog;

  create_chapter (f);
  for (guint i = 0; i < G_N_ELEMENTS (board); i++)
    {
      g_autofree char *id = add_officer (f, board[i][0], board[i][1], board[i][2]);

      if (i == 1)
        bea = g_strdup (id);
    }

  page = CH_LEADERSHIP_PAGE (find_descendant (GTK_WIDGET (f->window), CH_TYPE_LEADERSHIP_PAGE));
  g_assert_nonnull (page);
  if (g_getenv ("CH_SHOT_DIR") != NULL)
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_descendant (GTK_WIDGET (f->window),
                                                                            ADW_TYPE_VIEW_STACK)),
                                           "leadership");
  ch_leadership_page_refresh (page);
  g_assert_cmpstr (ch_leadership_page_get_balance_text (page), ==,
                   "4 women · 3 men · 1 not shared — 57 % women, goal 50 %");
  gui_test_save_shot (GTK_WIDGET (f->window), "leadership");

  /* A group of one is never shown on its own, nor a figure that tells it. */
  g_free (add_officer (f, "Kim", "non-binary", "board-member"));
  ch_leadership_page_refresh (page);
  g_assert_cmpstr (ch_leadership_page_get_balance_text (page), ==,
                   "4 women · 3 men · fewer than 3 non-binary · 1 not shared — goal 50 %");

  /* Another officer opening Bea sees that she answered, not what. */
  dialog = open_member (f, bea);
  g_assert_cmpstr (ch_member_dialog_get_about_you_text (dialog), ==,
                   "Answered — used only in totals");
  if (g_getenv ("CH_SHOT_DIR") != NULL)
    {
      /* Scrolled to "About You". */
      GtkWidget *prefs = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_PAGE);
      GtkWidget *scrolled = find_descendant (prefs, GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      WAIT_FOR (gtk_adjustment_get_upper (adj) > 1000);
      gtk_adjustment_set_value (adj, 1350);
      gui_test_save_shot (GTK_WIDGET (dialog), "member-answered");
    }
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (ch_member_dialog_get_entry (dialog,
                                                                                 "gender"))));
  g_assert_cmpstr (gtk_editable_get_text (ch_member_dialog_get_entry (dialog, "gender")), ==, "");

  /* Saving other fields keeps her answer. */
  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "phone"), "+46 8 123 456");
  g_assert_true (ch_member_dialog_save (dialog));
  stored = member_text (f, bea, "gender");
  g_assert_cmpstr (stored, ==, "woman");

  /* Change Answer clears it and asks again. */
  dialog = open_member (f, bea);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "member.change-answer", NULL));
  g_assert_cmpint (ch_member_dialog_get_gender (dialog), ==, CH_GENDER_NOT_ANSWERED);
  ch_member_dialog_set_gender (dialog, CH_GENDER_SELF_DESCRIBED);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (ch_member_dialog_get_entry (dialog,
                                                                                "gender"))));
  gui_test_save_shot (GTK_WIDGET (dialog), "member-gender-asked");
  gtk_editable_set_text (ch_member_dialog_get_entry (dialog, "gender"), "genderfluid");
  g_assert_true (ch_member_dialog_save (dialog));
  g_clear_pointer (&stored, g_free);
  stored = member_text (f, bea, "gender");
  g_assert_cmpstr (stored, ==, "genderfluid");

  /* A choice is stored as its code (her "Kvinna" already was). */
  dialog = open_member (f, bea);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "member.change-answer", NULL));
  ch_member_dialog_set_gender (dialog, CH_GENDER_WOMAN);
  g_assert_true (ch_member_dialog_save (dialog));
  g_clear_pointer (&stored, g_free);
  stored = member_text (f, bea, "gender");
  g_assert_cmpstr (stored, ==, "woman");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/daily-use/member-opens-without-selection", Fixture, NULL, fixture_set_up,
              test_member_opens_without_selection, fixture_tear_down);
  g_test_add ("/gui/daily-use/member-asks-before-discarding", Fixture, NULL, fixture_set_up,
              test_member_asks_before_discarding, fixture_tear_down);

  g_test_add ("/gui/daily-use/check-in-same-names", Fixture, NULL, fixture_set_up,
              test_check_in_same_names, fixture_tear_down);

  g_test_add ("/gui/daily-use/offline-is-calm", Fixture, NULL, fixture_set_up,
              test_offline_is_calm, fixture_tear_down);

  g_test_add ("/gui/daily-use/refused-is-an-error", Fixture, NULL, fixture_set_up,
              test_refused_is_an_error, fixture_tear_down);
  g_test_add ("/gui/daily-use/gender-balance", Fixture, NULL, fixture_set_up,
              test_gender_balance, fixture_tear_down);

  return g_test_run ();
}
