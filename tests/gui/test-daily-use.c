/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ch-member-dialog.h"
#include "ch-util.h"
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
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (gtk_window_get_default_widget (GTK_WINDOW (dialog)))));

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

  return g_test_run ();
}
