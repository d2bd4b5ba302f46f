/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ch-member-dialog-private.h"
#include "ch-member-private.h"
#include "ch-members-page-private.h"
#include "ch-membership.h"
#include "ch-merge-dialog-private.h"
#include "ch-merge.h"
#include "ch-payment-dialog-private.h"
#include "ch-payments.h"
#include "ch-preferences-window-private.h"
#include "ch-renewals-page-private.h"
#include "ch-renewals.h"
#include "ch-roles.h"
#include "ch-specialties.h"
#include "ch-store-sync.h"
#include "ch-tiers.h"
#include "ch-date.h"
#include "ch-window.h"

#include "ch-gui-test.h"

static gboolean
settled (Fixture *f)
{
  return !ch_member_list_get_loading (fixture_member_list (f));
}

/* A date @days from today in the chapter's zone. */
static char *
day (int days)
{
  GDate date;

  ch_date_today ("Europe/Stockholm", &date);
  if (days >= 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, -days);
  return ch_date_format (&date);
}

/* Adds a member through the store (the form is tested in test-window). */
static char *
add_member (Fixture    *f,
            const char *given,
            const char *family,
            const char *tier,
            int         paid_until_days,
            const char *specialty)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *email = g_strdup_printf ("%s.%s@contoso.com", given, family);
  g_autofree char *joined = day (-800);
  g_autofree char *paid = day (paid_until_days);
  char *id = NULL;

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  json_object_set_string_member (fields, "email", email);
  json_object_set_string_member (fields, "tier", tier);
  json_object_set_string_member (fields, "joined_on", joined);
  if (g_strcmp0 (tier, CH_TIER_NETWORK) != 0)
    json_object_set_string_member (fields, "dues_paid_until", paid);
  id = fixture_add_member (f, fields);

  if (specialty != NULL)
    {
      const char *list[] = { specialty, NULL };

      g_assert_true (ch_specialties_set (fixture_store (f), id, list, &error));
      g_assert_no_error (error);
    }

  return id;
}

static ChMemberStatus
listed_status (Fixture    *f,
               const char *id)
{
  guint pos = ch_member_list_find (fixture_member_list (f), id);
  g_autoptr(ChMember) member = NULL;

  if (pos == G_MAXUINT)
    return CH_MEMBER_STATUS_LAST + 1;
  member = g_list_model_get_item (G_LIST_MODEL (fixture_member_list (f)), pos);
  return ch_member_get_status (member);
}

static const char *
listed_tier (Fixture    *f,
             const char *id)
{
  static char tier[32];
  guint pos = ch_member_list_find (fixture_member_list (f), id);
  g_autoptr(ChMember) member = NULL;

  if (pos == G_MAXUINT)
    return NULL;
  member = g_list_model_get_item (G_LIST_MODEL (fixture_member_list (f)), pos);
  g_strlcpy (tier, ch_member_get_tier (member), sizeof tier);
  return tier;
}

/* The last day of a role's term, NULL when open. */
static char *
test_role_end (Fixture    *f,
               const char *role_id)
{
  g_autoptr(JsonObject) row = ch_store_get_row (fixture_store (f), "role", role_id, NULL);

  g_assert_nonnull (row);
  return g_strdup (json_object_get_string_member_with_default (row, "ends_on", NULL));
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
  ch_member_dialog_show_page (dialog, "membership");

  return dialog;
}

static ChPaymentDialog *
open_payment (ChMemberDialog *member)
{
  GtkWindow *dialog;

  dialog = open_toplevel (member, "member.record-payment", CH_TYPE_PAYMENT_DIALOG);

  return CH_PAYMENT_DIALOG (dialog);
}

static void
test_payment_reactivates (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *today = day (0);
  ChMemberDialog *page;
  ChPaymentDialog *payment;

  create_chapter (f);
  id = add_member (f, "Lena", "Holm", CH_TIER_CHAPTER, -200, NULL);
  WAIT_FOR (fixture_n_shown (f) == 1 && settled (f));
  g_assert_cmpint (listed_status (f, id), ==, CH_MEMBER_STATUS_LAPSED);

  page = open_member (f, id);
  g_assert_cmpstr (ch_member_dialog_get_status_text (page), ==,
                   ch_member_status_label (CH_MEMBER_STATUS_LAPSED));

  /* The payment form starts today, with the period filled in */
  payment = open_payment (page);
  g_assert_cmpstr (gtk_editable_get_text (ch_payment_dialog_get_entry (payment, "paid_on")), ==,
                   today);
  g_assert_cmpstr (gtk_editable_get_text (ch_payment_dialog_get_entry (payment, "covers_until")),
                   !=, "");

  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "amount"), "1500");
  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "reference"), "INV-2026-17");
  g_object_ref (payment);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (payment), "payment.save", NULL));
  g_assert_null (ch_payment_dialog_get_error (payment));
  g_object_unref (payment);
  g_assert_null (find_toplevel (CH_TYPE_PAYMENT_DIALOG));

  /* Active on the member page and in the list */
  WAIT_FOR (g_strcmp0 (ch_member_dialog_get_status_text (page),
                       ch_member_status_label (CH_MEMBER_STATUS_ACTIVE)) == 0);
  WAIT_FOR (listed_status (f, id) == CH_MEMBER_STATUS_ACTIVE);

  {
    g_autoptr(GPtrArray) payments = ch_payments_list (fixture_store (f), fixture_chapter_id (f),
                                                       id, NULL);

    g_assert_cmpuint (payments->len, ==, 1);
    g_assert_cmpint (ch_payment_get_amount (g_ptr_array_index (payments, 0)), ==, 150000);
  }
}

/* Paid until 2026-11-16, paid in the grace days on 2026-12-02: the form
 * says the period starts the day after the dues already paid, and it does;
 * with the chapter's rule switched in Preferences it starts on the payment
 * day and the form warns about the gap. */
static void
test_payment_renewal_in_grace (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) chapter = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autofree char *id = NULL;
  g_autofree char *joined = day (-800);
  ChPreferencesWindow *prefs;
  ChPaymentDialog *payment;

  create_chapter (f);
  json_object_set_string_member (fields, "given_name", "Greta");
  json_object_set_string_member (fields, "family_name", "Lund");
  json_object_set_string_member (fields, "tier", CH_TIER_CHAPTER);
  json_object_set_string_member (fields, "joined_on", joined);
  json_object_set_string_member (fields, "dues_paid_until", "2026-11-16");
  id = fixture_add_member (f, fields);
  WAIT_FOR (fixture_n_shown (f) == 1 && settled (f));

  payment = open_payment (open_member (f, id));
  /* The member's dues, ready to record, as the locale writes them
   * (gtk_test_init() runs the tests in en_US). */
  g_assert_cmpstr (gtk_editable_get_text (ch_payment_dialog_get_entry (payment, "amount")), ==,
                   "1,500.00");
  g_assert_nonnull (strstr (ch_payment_dialog_get_coverage_note (payment),
                            "from the day after the dues already paid, also when paid during the "
                            "grace days"));
  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "paid_on"), "2026-12-02");
  g_assert_cmpstr (gtk_editable_get_text (ch_payment_dialog_get_entry (payment, "covers_from")), ==,
                   "2026-11-17");
  g_assert_cmpstr (gtk_editable_get_text (ch_payment_dialog_get_entry (payment, "covers_until")),
                   ==, "2027-11-16");
  g_assert_null (ch_payment_dialog_get_gap_warning (payment));
  gtk_window_close (GTK_WINDOW (payment));
  WAIT_FOR (find_toplevel (CH_TYPE_PAYMENT_DIALOG) == NULL);
  gtk_window_close (GTK_WINDOW (find_toplevel (CH_TYPE_MEMBER_DIALOG)));
  WAIT_FOR (find_toplevel (CH_TYPE_MEMBER_DIALOG) == NULL);

  /* The chapter's rule, switched in Preferences → Membership. */
  prefs = CH_PREFERENCES_WINDOW (open_toplevel (f->window, "win.preferences",
                                                CH_TYPE_PREFERENCES_WINDOW));
  g_assert_false (gtk_switch_get_active (ch_preferences_window_get_renewal_switch (prefs)));
  gtk_switch_set_active (ch_preferences_window_get_renewal_switch (prefs), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.save-rules", NULL));
  chapter = ch_store_get_row (fixture_store (f), "chapter", fixture_chapter_id (f), NULL);
  g_assert_cmpstr (json_object_get_string_member (chapter, "renewal_start"), ==,
                   CH_RENEWAL_START_PAYMENT_DAY);
  gtk_window_close (GTK_WINDOW (prefs));
  WAIT_FOR (find_toplevel (CH_TYPE_PREFERENCES_WINDOW) == NULL);

  payment = open_payment (open_member (f, id));
  g_assert_nonnull (strstr (ch_payment_dialog_get_coverage_note (payment),
                            "from the payment day when paid late"));
  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "paid_on"), "2026-12-02");
  g_assert_cmpstr (gtk_editable_get_text (ch_payment_dialog_get_entry (payment, "covers_from")), ==,
                   "2026-12-02");
  g_assert_cmpstr (gtk_editable_get_text (ch_payment_dialog_get_entry (payment, "covers_until")),
                   ==, "2027-12-01");
  g_assert_nonnull (ch_payment_dialog_get_gap_warning (payment));
  g_assert_nonnull (strstr (ch_payment_dialog_get_gap_warning (payment),
                            "from 2026-11-17 to 2026-12-01 the member has no paid membership"));

  /* Moving the start back closes the gap, and the warning goes. */
  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "covers_from"), "2026-11-17");
  g_assert_null (ch_payment_dialog_get_gap_warning (payment));

  /* An amount written the Swedish way. */
  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "amount"), "1 500 kr");
  g_assert_true (ch_payment_dialog_save (payment));
  payments = ch_payments_list (fixture_store (f), fixture_chapter_id (f), id, NULL);
  g_assert_cmpuint (payments->len, ==, 1);
  g_assert_cmpint (ch_payment_get_amount (g_ptr_array_index (payments, 0)), ==,
                   150000);
  g_assert_cmpstr (ch_payment_get_covers_from (g_ptr_array_index (payments, 0)),
                   ==, "2026-11-17");
}

static void
pick_role (ChMemberDialog *dialog,
           const char     *label)
{
  AdwComboRow *picker = ADW_COMBO_ROW (ch_member_dialog_get_role_widget (dialog, "picker"));
  GListModel *model = adw_combo_row_get_model (picker);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        adw_combo_row_set_selected (picker, i);
        return;
      }
  g_error ("no role “%s” in the picker", label);
}

/* No role is picked until the officer picks one; adding a President while
 * the chapter has one asks to end that term the day before; Undo on the
 * toast puts both terms back. */
static void
test_roles_hand_over (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *anders = NULL;
  g_autofree char *greta = NULL;
  g_autofree char *old_role = NULL;
  g_autofree char *ends = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GError) error = NULL;
  ChMemberDialog *dialog;
  AdwComboRow *picker;
  GtkWidget *add;
  AdwMessageDialog *question;

  create_chapter (f);
  anders = add_member (f, "Anders", "Ekström", CH_TIER_CHAPTER, 200, NULL);
  greta = add_member (f, "Greta", "Lund", CH_TIER_CHAPTER, 200, NULL);
  g_assert_true (ch_roles_add (fixture_store (f), anders, CH_ROLE_PRESIDENT,
                                         "2025-01-01", NULL, &old_role, &error));
  g_assert_no_error (error);
  WAIT_FOR (fixture_n_shown (f) == 2 && settled (f));

  dialog = open_member (f, greta);
  ch_member_dialog_show_page (dialog, "roles");
  picker = ADW_COMBO_ROW (ch_member_dialog_get_role_widget (dialog, "picker"));
  add = ch_member_dialog_get_role_widget (dialog, "add");
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (picker)), ==,
                   "Choose a role");
  g_assert_false (gtk_widget_is_sensitive (add));

  pick_role (dialog, "President");
  g_assert_true (gtk_widget_is_sensitive (add));
  gtk_editable_set_text (GTK_EDITABLE (ch_member_dialog_get_role_widget (dialog, "starts")),
                         "2026-12-02");
  g_signal_emit_by_name (add, "clicked");

  /* The hand-over question, before anything is written. */
  WAIT_FOR (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
  question = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==,
                   "End Anders Ekström’s term on 2026-12-01?");
  roles = ch_roles_list_for_member (fixture_store (f), greta, NULL);
  g_assert_cmpuint (roles->len, ==, 0);
  g_clear_pointer (&roles, g_ptr_array_unref);

  adw_message_dialog_response (question, "hand-over");
  gtk_window_destroy (GTK_WINDOW (question));
  ends = test_role_end (f, old_role);
  g_assert_cmpstr (ends, ==, "2026-12-01");
  roles = ch_roles_list_for_member (fixture_store (f), greta, NULL);
  g_assert_cmpuint (roles->len, ==, 1);
  g_assert_cmpstr (ch_role_get_role (roles->pdata[0]), ==, CH_ROLE_PRESIDENT);
  g_assert_cmpstr (ch_role_get_starts_on (roles->pdata[0]), ==, "2026-12-02");
  g_clear_pointer (&roles, g_ptr_array_unref);
  g_assert_nonnull (strstr (ch_member_dialog_get_role_toast (dialog),
                            "Anders Ekström’s term as President ends on 2026-12-01."));
  /* Ready for the next role, with none picked. */
  g_assert_cmpuint (adw_combo_row_get_selected (picker), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (add));
  gui_test_save_shot (GTK_WIDGET (dialog), "member-roles-tab");

  /* Undo on the toast: both changes reverted. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "member.undo-role", NULL));
  g_clear_pointer (&ends, g_free);
  ends = test_role_end (f, old_role);
  g_assert_null (ends);
  roles = ch_roles_list_for_member (fixture_store (f), greta, NULL);
  g_assert_cmpuint (roles->len, ==, 0);
}

/* Preferences → Central Server refuses plain http:// to another computer
 * before anything is sent (192.0.2.1 is TEST-NET-1, never reached). */
static void
test_preferences_plain_http (Fixture       *f,
                             gconstpointer  data)
{
  ChPreferencesWindow *prefs;
  const char *message;

  create_chapter (f);
  prefs = CH_PREFERENCES_WINDOW (open_toplevel (f->window, "win.preferences",
                                                CH_TYPE_PREFERENCES_WINDOW));
  gtk_editable_set_text (ch_preferences_window_get_entry (prefs, "server_url"),
                         "http://192.0.2.1:8080");
  gtk_editable_set_text (ch_preferences_window_get_entry (prefs, "token"),
                         "chs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.connect", NULL));

  /* At once, not after a request. */
  message = ch_preferences_window_get_server_message (prefs);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message,
                            "will not send your access token over plain http:// to 192.0.2.1"));
  g_assert_false (ch_store_get_sync_state (fixture_store (f), fixture_chapter_id (f), NULL, NULL,
                                           NULL));
}

static void
test_payment_refuses_bad_amount (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(ChMember) before = NULL;
  g_autoptr(ChMember) after = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  guint outbox;
  ChPaymentDialog *payment;

  create_chapter (f);
  id = add_member (f, "Lena", "Holm", CH_TIER_CHAPTER, -200, NULL);
  before = ch_store_get_member (fixture_store (f), id, NULL);
  outbox = ch_store_outbox_count (fixture_store (f), fixture_chapter_id (f));

  payment = open_payment (open_member (f, id));

  /* Not an amount */
  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "amount"), "12,3,4");
  g_assert_false (ch_payment_dialog_save (payment));
  g_assert_nonnull (ch_payment_dialog_get_error (payment));
  g_assert_nonnull (strstr (ch_payment_dialog_get_error (payment), "12,3,4"));

  /* Nothing paid */
  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "amount"), "0");
  g_assert_false (ch_payment_dialog_save (payment));
  g_assert_nonnull (ch_payment_dialog_get_error (payment));

  /* A good amount but a bad date */
  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "amount"), "1500");
  gtk_editable_set_text (ch_payment_dialog_get_entry (payment, "paid_on"), "2026-02-30");
  g_assert_false (ch_payment_dialog_save (payment));
  g_assert_nonnull (strstr (ch_payment_dialog_get_error (payment), "2026-02-30"));

  /* The form stays open with what was typed, and nothing was written */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (payment)));
  g_assert_cmpstr (gtk_editable_get_text (ch_payment_dialog_get_entry (payment, "amount")), ==,
                   "1500");
  payments = ch_payments_list (fixture_store (f), fixture_chapter_id (f), id, NULL);
  g_assert_cmpuint (payments->len, ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (fixture_store (f), fixture_chapter_id (f)), ==, outbox);
  after = ch_store_get_member (fixture_store (f), id, NULL);
  g_assert_cmpstr (ch_member_get_text (after, "dues_paid_until"), ==,
                   ch_member_get_text (before, "dues_paid_until"));
  g_assert_cmpint (ch_member_get_status (after), ==, CH_MEMBER_STATUS_LAPSED);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  ChMembersPage *page;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  create_chapter (f);
  page = ch_window_get_members_page (f->window);
  a = add_member (f, "Anna", "Berg", CH_TIER_CHAPTER, -200, "azure");
  b = add_member (f, "Björn", "Dahl", CH_TIER_CHAPTER, -200, "security");
  c = add_member (f, "Cecilia", "Ek", CH_TIER_CHAPTER, 100, "azure");
  d = add_member (f, "David", "Falk", CH_TIER_CHAPTER, -150, "azure");
  WAIT_FOR (fixture_n_shown (f) == 4 && settled (f));

  g_assert_true (ch_members_page_select_filter (page, "status", "lapsed"));
  WAIT_FOR (fixture_n_shown (f) == 3 && settled (f));
  g_assert_true (ch_members_page_select_filter (page, "specialty", "azure"));
  WAIT_FOR (fixture_n_shown (f) == 2 && settled (f));

  g_assert_cmpstr (ch_members_page_get_count_text (page), ==, "2 of 4 members");
  g_assert_cmpuint (ch_member_list_find (fixture_member_list (f), a), !=, G_MAXUINT);
  g_assert_cmpuint (ch_member_list_find (fixture_member_list (f), d), !=, G_MAXUINT);
  g_assert_cmpuint (ch_member_list_find (fixture_member_list (f), b), ==, G_MAXUINT);
  g_assert_cmpuint (ch_member_list_find (fixture_member_list (f), c), ==, G_MAXUINT);

  /* Filters combine with the search */
  gtk_editable_set_text (ch_members_page_get_search_entry (page), "falk");
  WAIT_FOR (fixture_n_shown (f) == 1 && settled (f));
  gtk_editable_set_text (ch_members_page_get_search_entry (page), "");
  WAIT_FOR (fixture_n_shown (f) == 2 && settled (f));

  /* Nothing matches: the page says so and offers to clear */
  g_assert_true (ch_members_page_select_filter (page, "tier", CH_TIER_NETWORK));
  WAIT_FOR (fixture_n_shown (f) == 0 && settled (f));
  g_assert_cmpstr (ch_members_page_get_state (page), ==, "no-results");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.clear-filters", NULL));
  WAIT_FOR (fixture_n_shown (f) == 4 && settled (f));
  g_assert_cmpstr (ch_members_page_get_count_text (page), ==, "4 members");
  g_assert_null (ch_member_list_get_filter (fixture_member_list (f), "status"));
}

/* A chapter with hundreds in grace: the page shows 200 and says how many
 * more there are, instead of building a row for everybody. */
static void
test_renewals_long_group (Fixture       *f,
                          gconstpointer  data)
{
  ChRenewalsPage *renewals;
  g_autoptr(GError) error = NULL;

  create_chapter (f);
  g_assert_true (ch_store_begin (fixture_store (f), &error));
  for (guint i = 0; i < 205; i++)
    {
      g_autofree char *family = g_strdup_printf ("Grace%03u", i);
      g_autofree char *id = add_member (f, "Greta", family, CH_TIER_CHAPTER, -10, NULL);
    }
  g_assert_true (ch_store_commit (fixture_store (f), &error));

  renewals = ch_window_get_renewals_page (f->window);
  WAIT_FOR (ch_renewals_page_get_n_members (renewals, CH_RENEWAL_IN_GRACE) +
            ch_renewals_page_get_n_not_shown (renewals, CH_RENEWAL_IN_GRACE) == 205);
  g_assert_cmpuint (ch_renewals_page_get_n_members (renewals, CH_RENEWAL_IN_GRACE), ==, 200);
  g_assert_cmpuint (ch_renewals_page_get_n_not_shown (renewals, CH_RENEWAL_IN_GRACE), ==, 5);
}

static void
test_renewals_lists_grace (Fixture       *f,
                           gconstpointer  data)
{
  ChRenewalsPage *renewals;
  g_autofree char *grace = NULL;
  g_autofree char *soon = NULL;
  g_autofree char *fine = NULL;
  g_autofree char *addresses = NULL;

  create_chapter (f);
  grace = add_member (f, "Greta", "Lind", CH_TIER_CHAPTER, -10, NULL);
  soon = add_member (f, "Sven", "Nord", CH_TIER_CHAPTER, 12, NULL);
  fine = add_member (f, "Frida", "Sjö", CH_TIER_CHAPTER, 200, NULL);

  renewals = ch_window_get_renewals_page (f->window);
  WAIT_FOR (ch_renewals_page_get_n_members (renewals, CH_RENEWAL_IN_GRACE) == 1);
  g_assert_true (ch_renewals_page_lists (renewals, CH_RENEWAL_IN_GRACE, grace));
  g_assert_true (ch_renewals_page_lists (renewals, CH_RENEWAL_DUE_SOON, soon));
  g_assert_false (ch_renewals_page_lists (renewals, CH_RENEWAL_DUE_SOON, fine));
  g_assert_cmpuint (ch_renewals_page_get_n_members (renewals, CH_RENEWAL_RECENTLY_LAPSED), ==, 0);

  /* Nothing ticked, nothing to send */
  g_assert_null (ch_renewals_page_dup_addresses (renewals));
  g_assert_true (ch_renewals_page_set_selected (renewals, grace, TRUE));
  if (g_getenv ("CH_SHOT_DIR") != NULL)
    {
      GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (renewals), ADW_TYPE_VIEW_STACK);

      adw_view_stack_set_visible_child (ADW_VIEW_STACK (stack), GTK_WIDGET (renewals));
    }
  gui_test_save_shot (GTK_WIDGET (f->window), "renewals");
  addresses = ch_renewals_page_dup_addresses (renewals);
  g_assert_nonnull (addresses);
  {
    g_autofree char *lower = g_ascii_strdown (addresses, -1);

    g_assert_nonnull (strstr (lower, "greta.lind@contoso.com"));
    g_assert_null (strstr (lower, "sven"));
  }
}

static void
test_upgrade_in_one_step (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(ChMember) member = NULL;
  ChMemberDialog *page;
  gboolean found = FALSE;

  create_chapter (f);
  id = add_member (f, "Nils", "Ström", CH_TIER_NETWORK, 0, NULL);
  WAIT_FOR (fixture_n_shown (f) == 1 && settled (f));

  page = open_member (f, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "member.upgrade", NULL));

  member = ch_store_get_member (fixture_store (f), id, NULL);
  g_assert_cmpstr (ch_member_get_tier (member), ==, CH_TIER_CHAPTER);
  g_assert_cmpuint (ch_membership_count_conversions (fixture_store (f), fixture_chapter_id (f),
                                                     NULL, NULL),
                    ==, 1);

  /* The history on the page shows the move, newest first */
  WAIT_FOR (ch_member_dialog_get_n_history (page) >= 2);
  for (guint i = 0; i < ch_member_dialog_get_n_history (page); i++)
    if (g_strcmp0 (ch_member_dialog_get_history_title (page, i), "Moved to Chapter") == 0)
      found = TRUE;
  g_assert_true (found);

  /* The first payment is asked for at once */
  g_assert_nonnull (find_toplevel (CH_TYPE_PAYMENT_DIALOG));

  /* …and so does the list */
  WAIT_FOR (g_strcmp0 (listed_tier (f, id), CH_TIER_CHAPTER) == 0);
}

/* The Profile tab's tier follows an upgrade made on the Membership tab:
 * that is no edit (closing asks nothing), and a Save after it keeps it. */
static void
test_upgrade_then_save (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *nils = NULL;
  g_autofree char *olga = NULL;
  g_autoptr(ChMember) member = NULL;
  ChMemberDialog *page;
  GtkWindow *payment;

  create_chapter (f);
  nils = add_member (f, "Nils", "Ström", CH_TIER_NETWORK, 0, NULL);
  olga = add_member (f, "Olga", "Berg", CH_TIER_NETWORK, 0, NULL);
  WAIT_FOR (fixture_n_shown (f) == 2 && settled (f));

  page = open_member (f, nils);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "member.upgrade", NULL));
  payment = find_toplevel (CH_TYPE_PAYMENT_DIALOG);
  g_assert_nonnull (payment);
  gtk_window_destroy (payment);
  activate_and_wait_closed (page, "window.close", CH_TYPE_MEMBER_DIALOG);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  page = open_member (f, olga);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "member.upgrade", NULL));
  payment = find_toplevel (CH_TYPE_PAYMENT_DIALOG);
  g_assert_nonnull (payment);
  gtk_window_destroy (payment);
  gtk_editable_set_text (ch_member_dialog_get_entry (page, "phone"), "+46 8 555 01 02");
  g_assert_true (ch_member_dialog_save (page));

  member = ch_store_get_member (fixture_store (f), olga, NULL);
  g_assert_cmpstr (ch_member_get_text (member, "phone"), ==, "+46 8 555 01 02");
  g_assert_cmpstr (ch_member_get_tier (member), ==, CH_TIER_CHAPTER);
  g_assert_cmpuint (ch_membership_count_conversions (fixture_store (f), fixture_chapter_id (f),
                                                     NULL, NULL), ==, 2);
}

static void
test_similar_name_warns (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = NULL;
  GtkWindow *dialog;

  create_chapter (f);
  id = add_member (f, "Anna", "Berg", CH_TIER_CHAPTER, 100, NULL);

  dialog = open_toplevel (f->window, "win.add-member", CH_TYPE_MEMBER_DIALOG);
  gtk_editable_set_text (ch_member_dialog_get_entry (CH_MEMBER_DIALOG (dialog), "given_name"),
                         "Anna");
  gtk_editable_set_text (ch_member_dialog_get_entry (CH_MEMBER_DIALOG (dialog), "family_name"),
                         "Berg");
  g_assert_cmpstr (ch_member_dialog_get_similar_id (CH_MEMBER_DIALOG (dialog)), ==, id);

  /* Only a warning: a namesake can still be added */
  gtk_editable_set_text (ch_member_dialog_get_entry (CH_MEMBER_DIALOG (dialog), "email"),
                         "anna.b2@fabrikam.com");
  g_assert_true (ch_member_dialog_save (CH_MEMBER_DIALOG (dialog)));
  g_assert_cmpuint (ch_store_count_members (fixture_store (f), fixture_chapter_id (f)), ==, 2);
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *keep = NULL;
  g_autofree char *other = NULL;
  g_autoptr(JsonObject) payment = json_object_new ();
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMember) gone = NULL;
  g_autofree char *paid_on = day (-30);
  ChMemberDialog *page;
  ChMergeDialog *merge;

  create_chapter (f);
  keep = add_member (f, "Anna", "Berg", CH_TIER_CHAPTER, 100, NULL);
  other = add_member (f, "Annika", "Berg", CH_TIER_CHAPTER, -200, "azure");
  json_object_set_int_member (payment, "amount", 150000);
  json_object_set_string_member (payment, "paid_on", paid_on);
  g_assert_true (ch_payments_record (fixture_store (f), other, payment, NULL, &error));
  g_assert_no_error (error);
  WAIT_FOR (fixture_n_shown (f) == 2 && settled (f));

  page = open_member (f, keep);
  merge = CH_MERGE_DIALOG (open_toplevel (page, "member.merge", CH_TYPE_MERGE_DIALOG));

  /* It says what moves before anything does */
  ch_merge_dialog_select (merge, other);
  g_assert_nonnull (strstr (ch_merge_dialog_get_summary (merge), "1 payment"));
  g_assert_nonnull (strstr (ch_merge_dialog_get_summary (merge), "1 specialty"));
  /* …from the record merged in, to the record kept */
  g_assert_true (g_str_has_prefix (ch_merge_dialog_get_summary (merge),
                                   "From Annika Berg, these move to Anna Berg: 1 payment, "));
  g_assert_true (ch_merge_dialog_merge (merge));

  WAIT_FOR (fixture_n_shown (f) == 1 && settled (f));
  g_assert_cmpuint (ch_member_list_find (fixture_member_list (f), keep), !=, G_MAXUINT);
  payments = ch_payments_list (fixture_store (f), fixture_chapter_id (f), keep, NULL);
  g_assert_cmpuint (payments->len, ==, 1);
  gone = ch_store_get_member (fixture_store (f), other, NULL);
  g_assert_true (gone == NULL || ch_member_get_int (gone, "deleted", 0) != 0);
}

static gboolean
history_has (ChMemberDialog *page,
             const char     *prefix)
{
  for (guint i = 0; i < ch_member_dialog_get_n_history (page); i++)
    if (g_str_has_prefix (ch_member_dialog_get_history_title (page, i), prefix))
      return TRUE;

  return FALSE;
}

static void
test_leave_and_rejoin (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = NULL;
  ChMemberDialog *page;
  GtkWindow *confirm;

  create_chapter (f);
  id = add_member (f, "Olof", "Berg", CH_TIER_NETWORK, 0, NULL);
  page = open_member (f, id);

  /* Leave asks why, then the member is gone from the active ones */
  confirm = open_toplevel (page, "member.leave", ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "leave");
  WAIT_FOR (g_strcmp0 (ch_member_dialog_get_status_text (page),
                       ch_member_status_label (CH_MEMBER_STATUS_LEFT)) == 0);
  WAIT_FOR (listed_status (f, id) == CH_MEMBER_STATUS_LEFT);
  g_assert_true (history_has (page, "Left"));

  /* Someone who left two months ago comes back: the history keeps the gap */
  gtk_window_destroy (GTK_WINDOW (page));
  g_clear_pointer (&id, g_free);
  id = add_member (f, "Petra", "Berg", CH_TIER_NETWORK, 0, NULL);
  {
    g_autofree char *left_on = day (-60);
    g_autoptr(GError) error = NULL;

    g_assert_true (ch_membership_leave (fixture_store (f), id, left_on, CH_LEAVE_MOVED, &error));
    g_assert_no_error (error);
  }
  page = open_member (f, id);
  g_assert_cmpstr (ch_member_dialog_get_status_text (page), ==,
                   ch_member_status_label (CH_MEMBER_STATUS_LEFT));
  gui_test_save_shot (GTK_WIDGET (page), "member-left");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "member.rejoin", NULL));
  WAIT_FOR (g_strcmp0 (ch_member_dialog_get_status_text (page),
                       ch_member_status_label (CH_MEMBER_STATUS_ACTIVE)) == 0);
  g_assert_true (history_has (page, "Left"));
  g_assert_true (history_has (page, "Rejoined"));
}

static void
test_chapter_rules (Fixture       *f,
                    gconstpointer  data)
{
  ChPreferencesWindow *prefs;
  g_autoptr(GPtrArray) tiers = NULL;
  gboolean found = FALSE;
  guint student = G_MAXUINT;

  create_chapter (f);
  prefs = CH_PREFERENCES_WINDOW (open_toplevel (f->window, "win.preferences",
                                                CH_TYPE_PREFERENCES_WINDOW));
  /* As the locale (en_US under gtk_test_init()) writes amounts. */
  g_assert_cmpstr (gtk_editable_get_text (ch_preferences_window_get_entry (prefs, "dues_amount")),
                   ==, "1,500.00");

  /* A bad amount is refused and nothing changes */
  gtk_editable_set_text (ch_preferences_window_get_entry (prefs, "dues_amount"), "15 00,0,0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.save-rules", NULL));
  g_assert_nonnull (strstr (ch_preferences_window_get_rules_message (prefs), "15 00,0,0"));
  g_assert_cmpint (ch_chapter_get_dues_amount (ch_window_get_chapter (f->window)), ==, 150000);

  /* New dues and grace reach the window's chapter at once */
  gtk_editable_set_text (ch_preferences_window_get_entry (prefs, "dues_amount"), "1800");
  gtk_editable_set_text (ch_preferences_window_get_entry (prefs, "grace_days"), "45");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.save-rules", NULL));
  g_assert_cmpint (ch_chapter_get_dues_amount (ch_window_get_chapter (f->window)), ==, 180000);
  g_assert_cmpint (ch_chapter_get_grace_days (ch_window_get_chapter (f->window)), ==, 45);

  /* A tier of the chapter's own */
  gtk_editable_set_text (ch_preferences_window_get_entry (prefs, "new_tier"), "Student");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.add-tier", NULL));
  tiers = ch_tiers_list (fixture_store (f), fixture_chapter_id (f), NULL);
  for (guint i = 0; i < tiers->len; i++)
    if (g_strcmp0 (ch_tier_get_name (g_ptr_array_index (tiers, i)), "Student") == 0)
      found = TRUE;
  g_assert_true (found);

  /* Renaming a tier in its row keeps its key and whether it is paid */
  for (guint i = 0; i < tiers->len; i++)
    if (g_strcmp0 (ch_tier_get_name (g_ptr_array_index (tiers, i)), "Student") == 0)
      student = i;
  g_assert_cmpuint (student, <, tiers->len);
  {
    AdwEntryRow *row = ch_preferences_window_get_tier_row (prefs, student);
    g_autoptr(GPtrArray) renamed = NULL;
    ChTier *tier;

    g_assert_nonnull (row);
    gtk_editable_set_text (GTK_EDITABLE (row), "Students");
    g_signal_emit_by_name (row, "apply");
    g_assert_cmpstr (ch_preferences_window_get_rules_message (prefs), ==, "Tier renamed.");
    renamed = ch_tiers_list (fixture_store (f), fixture_chapter_id (f), NULL);
    tier = g_ptr_array_index (renamed, student);
    g_assert_cmpstr (ch_tier_get_name (tier), ==, "Students");
    g_assert_cmpstr (ch_tier_get_key (tier), ==,
                     ch_tier_get_key (g_ptr_array_index (tiers, student)));
    g_assert_cmpint (ch_tier_get_paid (tier), ==,
                     ch_tier_get_paid (g_ptr_array_index (tiers, student)));
  }
}

/* The Profile tab shows what is stored (job title, partner kind, consents,
 * notes, an answered birth year) and a Save after another edit keeps it. */
static void
test_profile_shows_stored (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(ChMember) member = NULL;
  ChMemberDialog *page;

  create_chapter (f);
  json_object_set_string_member (fields, "given_name", "Greta");
  json_object_set_string_member (fields, "family_name", "Lund");
  json_object_set_string_member (fields, "job_title", "Architect");
  json_object_set_string_member (fields, "partner_kind", "isv");
  json_object_set_int_member (fields, "birth_year", 1975);
  json_object_set_boolean_member (fields, "consent_directory", FALSE);
  json_object_set_boolean_member (fields, "consent_email", FALSE);
  json_object_set_string_member (fields, "notes", "Prefers phone calls");
  id = fixture_add_member (f, fields);
  WAIT_FOR (fixture_n_shown (f) == 1 && settled (f));

  page = open_member (f, id);
  g_assert_cmpstr (gtk_editable_get_text (ch_member_dialog_get_entry (page, "job_title")), ==,
                   "Architect");
  g_assert_nonnull (ch_member_dialog_get_about_you_text (page));
  gtk_editable_set_text (ch_member_dialog_get_entry (page, "phone"), "+46 8 555 01 03");
  g_assert_true (ch_member_dialog_save (page));

  member = ch_store_get_member (fixture_store (f), id, NULL);
  g_assert_cmpstr (ch_member_get_phone (member), ==, "+46 8 555 01 03");
  g_assert_cmpstr (ch_member_get_partner_kind (member), ==, "isv");
  g_assert_cmpint (ch_member_get_birth_year (member), ==, 1975);
  g_assert_false (ch_member_get_consent_directory (member));
  g_assert_false (ch_member_get_consent_email (member));
  g_assert_cmpstr (ch_member_get_notes (member), ==, "Prefers phone calls");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/membership/payment-reactivates", Fixture, NULL, fixture_set_up,
              test_payment_reactivates, fixture_tear_down);
  g_test_add ("/gui/membership/payment-bad-amount", Fixture, NULL, fixture_set_up,
              test_payment_refuses_bad_amount, fixture_tear_down);
  g_test_add ("/gui/membership/payment-renewal-in-grace", Fixture, NULL, fixture_set_up,
              test_payment_renewal_in_grace, fixture_tear_down);
  g_test_add ("/gui/membership/roles-hand-over", Fixture, NULL, fixture_set_up,
              test_roles_hand_over, fixture_tear_down);
  g_test_add ("/gui/preferences/plain-http-refused", Fixture, NULL, fixture_set_up,
              test_preferences_plain_http, fixture_tear_down);
  g_test_add ("/gui/membership/filters", Fixture, NULL, fixture_set_up,
              test_filters, fixture_tear_down);
  g_test_add ("/gui/membership/renewals-grace", Fixture, NULL, fixture_set_up,
              test_renewals_lists_grace, fixture_tear_down);
  g_test_add ("/gui/membership/renewals-long-group", Fixture, NULL, fixture_set_up,
              test_renewals_long_group, fixture_tear_down);
  g_test_add ("/gui/membership/upgrade", Fixture, NULL, fixture_set_up,
              test_upgrade_in_one_step, fixture_tear_down);
  g_test_add ("/gui/membership/upgrade-then-save", Fixture, NULL, fixture_set_up,
              test_upgrade_then_save, fixture_tear_down);
  g_test_add ("/gui/membership/similar-name", Fixture, NULL, fixture_set_up,
              test_similar_name_warns, fixture_tear_down);
  g_test_add ("/gui/membership/profile-shows-stored", Fixture, NULL, fixture_set_up,
              test_profile_shows_stored, fixture_tear_down);

  g_test_add ("/gui/membership/merge", Fixture, NULL, fixture_set_up,
              test_merge, fixture_tear_down);
  g_test_add ("/gui/membership/leave-rejoin", Fixture, NULL, fixture_set_up,
              test_leave_and_rejoin, fixture_tear_down);
  g_test_add ("/gui/membership/chapter-rules", Fixture, NULL, fixture_set_up,
              test_chapter_rules, fixture_tear_down);

  return g_test_run ();
}
