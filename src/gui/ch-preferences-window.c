/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-application.h"
#include "ch-backup-preferences-page.h"
#include "ch-chapter-preferences-page.h"
#include "ch-gui.h"
#include "ch-money.h"
#include "ch-mail-reminders-group.h"
#include "ch-payments.h"
#include "ch-preferences-window-private.h"
#include "ch-secret.h"
#include "ch-store-sync.h"
#include "ch-mail-preferences-page.h"
#include "ch-sync.h"
#include "ch-tiers.h"

struct _ChPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwComboRow          *chapter_row;
  GtkButton            *connect_button;
  AdwComboRow          *currency_row;
  AdwEntryRow          *dues_amount_row;
  GtkSwitch            *renewal_switch;
  AdwEntryRow          *grace_row;
  AdwPreferencesPage   *membership_page;
  AdwEntryRow          *new_tier_row;
  GtkSwitch            *new_tier_paid_switch;
  AdwComboRow          *period_row;
  GtkLabel             *rules_label;
  AdwPreferencesGroup  *tiers_group;
  GPtrArray            *tier_rows;
  GPtrArray            *tiers;        /* the ChTier each of tier_rows edits */
  GtkLabel             *message_label;
  GtkButton            *sign_out_button;
  GtkSpinner           *spinner;
  AdwPasswordEntryRow  *token_row;
  AdwEntryRow          *url_row;

  ChStore              *store;
  char                 *chapter_id;
  GCancellable         *cancellable;
  GPtrArray            *server_chapters;  /* ids, parallel to chapter_row */
};

enum {
  LINKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChPreferencesWindow, ch_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *currencies[] = {
  "EUR", "USD", "GBP", "SEK", "NOK", "DKK", "CHF", "PLN", "CZK", "HUF", "RON", "TRY", "CAD",
  "AUD", "NZD", "JPY", "INR", "SGD", "HKD", "ZAR", "BRL", "MXN", "AED", "ILS", "ISK", NULL,
};

static const char *periods[] = { "yearly", "quarterly", "monthly", NULL };

static void
say (ChPreferencesWindow *self,
     const char          *text,
     gboolean             is_error)
{
  ch_gui_show_message (self->message_label, text, is_error);
}

static void
busy (ChPreferencesWindow *self,
      gboolean             on)
{
  gtk_spinner_set_spinning (self->spinner, on);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.connect", !on);
}

static void
refresh (ChPreferencesWindow *self)
{
  g_autofree char *url = NULL;
  gboolean linked = self->chapter_id != NULL &&
                    ch_store_get_sync_state (self->store, self->chapter_id, &url, NULL, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->sign_out_button), linked);
  if (linked)
    {
      g_autofree char *text = g_strdup_printf (_("This chapter syncs with %s."), url);

      gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
      say (self, text, FALSE);
    }
}

typedef struct
{
  char       *url;
  char       *token;
  ChSyncAccount *me;
} VerifyData;

static void
verify_data_free (VerifyData *d)
{
  g_free (d->url);
  if (d->token)
    memset (d->token, 0, strlen (d->token));
  g_free (d->token);
  g_clear_object (&d->me);
  g_free (d);
}

static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *d = task_data;
  GError *error = NULL;

  d->me = ch_sync_verify (d->url, d->token, cancellable, &error);
  if (d->me == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
store_token_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  VerifyData *d = task_data;
  GError *error = NULL;
  const char *chapter = g_object_get_data (G_OBJECT (task), "chapter");

  if (!ch_secret_store_token (d->url, chapter, d->token, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
token_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (object);
  g_autoptr(GError) error = NULL;
  const char *chapter = g_object_get_data (G_OBJECT (result), "chapter");

  busy (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Linked, but without a keyring nothing can sync: undo the link. */
      ch_store_unlink_chapter (self->store, chapter, NULL);
      text = g_strdup_printf (_("The token could not be kept in your keyring: %s"), error->message);
      say (self, text, TRUE);
      return;
    }

  g_free (self->chapter_id);
  self->chapter_id = g_strdup (chapter);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  refresh (self);
  g_signal_emit (self, signals[LINKED], 0, chapter);
}

static void
link_chapter (ChPreferencesWindow *self,
              VerifyData          *d,
              const char          *server_chapter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  VerifyData *copy;

  if (!ch_sync_link (self->store, self->chapter_id, d->url, server_chapter, &error))
    {
      say (self, error->message, TRUE);
      return;
    }

  copy = g_new0 (VerifyData, 1);
  copy->url = g_strdup (d->url);
  copy->token = g_strdup (d->token);

  busy (self, TRUE);
  task = g_task_new (self, self->cancellable, token_stored_cb, NULL);
  g_object_set_data_full (G_OBJECT (task), "chapter", g_strdup (server_chapter), g_free);
  g_task_set_task_data (task, copy, (GDestroyNotify) verify_data_free);
  g_task_run_in_thread (task, store_token_thread);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (object);
  VerifyData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = NULL;
  const char *chosen = NULL;
  guint n;

  busy (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, error->message, TRUE);
      return;
    }

  n = ch_sync_account_get_n_chapters (d->me);
  if (n == 0)
    {
      say (self, _("This token gives access to no chapter. "
                   "Ask your association for a chapter token."), TRUE);
      return;
    }

  /* This chapter is already on the server, or the token is for one
   * chapter only: no question to ask. */
  g_ptr_array_set_size (self->server_chapters, 0);
  names = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      const char *id = ch_sync_account_get_chapter_id (d->me, i);

      g_ptr_array_add (self->server_chapters, g_strdup (id));
      gtk_string_list_append (names, ch_sync_account_get_chapter_name (d->me, i));
      if (g_strcmp0 (id, self->chapter_id) == 0)
        chosen = id;
    }

  if (chosen == NULL && self->server_chapters->len == 1)
    chosen = g_ptr_array_index (self->server_chapters, 0);

  if (chosen == NULL && gtk_widget_get_visible (GTK_WIDGET (self->chapter_row)))
    {
      guint pos = adw_combo_row_get_selected (self->chapter_row);

      if (pos < self->server_chapters->len)
        chosen = g_ptr_array_index (self->server_chapters, pos);
    }

  if (chosen == NULL)
    {
      adw_combo_row_set_model (self->chapter_row, G_LIST_MODEL (names));
      gtk_widget_set_visible (GTK_WIDGET (self->chapter_row), TRUE);
      say (self, _("This token reaches several chapters. Choose yours, then connect again."),
           FALSE);
      return;
    }

  link_chapter (self, d, chosen);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (widget);
  g_autofree char *url = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->url_row));
  g_autofree char *token = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->token_row));
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  VerifyData *d;

  /* Refused before anything is sent: no token over plain http:// to another computer. */
  if (!ch_sync_check_url (url, &error))
    {
      say (self, *url == '\0' ? _("Enter the server address, starting with https://")
                             : error->message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return;
    }
  if (*token == '\0')
    {
      say (self, _("Enter the access token your association gave you."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
      return;
    }

  d = g_new0 (VerifyData, 1);
  d->url = g_steal_pointer (&url);
  d->token = g_steal_pointer (&token);

  say (self, _("Checking the token with the server…"), FALSE);
  busy (self, TRUE);

  task = g_task_new (self, self->cancellable, verified_cb, NULL);
  g_task_set_task_data (task, d, (GDestroyNotify) verify_data_free);
  g_task_run_in_thread (task, verify_thread);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (widget);
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  if (self->chapter_id == NULL ||
      !ch_store_get_sync_state (self->store, self->chapter_id, &url, NULL, NULL))
    return;

  ch_secret_clear_token (url, self->chapter_id, NULL, NULL);
  if (!ch_store_unlink_chapter (self->store, self->chapter_id, &error))
    {
      say (self, error->message, TRUE);
      return;
    }

  say (self, _("Signed out. Your chapter stays on this computer; changes are no longer sent."),
       FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_out_button), FALSE);
}

/* ----------------------------------------------------------------------- */
/* Membership rules and tiers                                                */

static void
say_rules (ChPreferencesWindow *self,
           const char          *text,
           gboolean             is_error)
{
  gtk_label_set_text (self->rules_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->rules_label), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->rules_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->rules_label), "error");
}

static const char *
selected_currency (ChPreferencesWindow *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (self->currency_row);

  return item ? gtk_string_object_get_string (item) : "EUR";
}

static void
on_tier_apply_cb (ChPreferencesWindow *self,
                  AdwEntryRow         *row)
{
  g_autofree char *name = ch_gui_editable_dup_stripped (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  ChTier *tier = NULL;
  guint index;

  if (self->tiers == NULL || !g_ptr_array_find (self->tier_rows, row, &index) ||
      index >= self->tiers->len)
    return;
  tier = g_ptr_array_index (self->tiers, index);

  if (*name == '\0')
    {
      say_rules (self, _("A tier needs a name."), TRUE);
      return;
    }

  if (!ch_tiers_save (self->store, self->chapter_id, ch_tier_get_key (tier), name,
                      ch_tier_get_paid (tier), &error))
    say_rules (self, error->message, TRUE);
  else
    say_rules (self, _("Tier renamed."), FALSE);
}

static void
fill_tiers (ChPreferencesWindow *self)
{
  GPtrArray *tiers;

  for (guint i = 0; i < self->tier_rows->len; i++)
    adw_preferences_group_remove (self->tiers_group, g_ptr_array_index (self->tier_rows, i));
  g_ptr_array_set_size (self->tier_rows, 0);

  g_clear_pointer (&self->tiers, g_ptr_array_unref);
  tiers = self->tiers = ch_tiers_list (self->store, self->chapter_id, NULL);
  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    {
      ChTier *t = g_ptr_array_index (tiers, i);
      GtkWidget *row = adw_entry_row_new ();
      const char *kind = ch_tier_get_honorary (t) ? _("Honorary: never lapses")
                         : ch_tier_get_paid (t) ? _("Paid tier") : _("Free tier");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kind);
      gtk_editable_set_text (GTK_EDITABLE (row), ch_tier_get_name (t));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      g_signal_connect_object (row, "apply", G_CALLBACK (on_tier_apply_cb), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->tiers_group, row);
      g_ptr_array_add (self->tier_rows, row);
    }
}

static void
fill_rules (ChPreferencesWindow *self)
{
  g_autoptr(ChChapter) chapter = NULL;
  g_autofree char *amount_title = NULL;
  const char *currency;

  if (self->chapter_id == NULL ||
      !(chapter = ch_store_get_chapter (self->store, self->chapter_id, NULL)))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->membership_page), FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->membership_page), TRUE);
  currency = ch_chapter_get_currency (chapter);

  for (guint i = 0; currencies[i] != NULL; i++)
    if (g_strcmp0 (currencies[i], currency) == 0)
      adw_combo_row_set_selected (self->currency_row, i);
  for (guint i = 0; periods[i] != NULL; i++)
    if (g_strcmp0 (periods[i], ch_chapter_get_dues_period (chapter)) == 0)
      adw_combo_row_set_selected (self->period_row, i);

  {
    /* The way the user's locale writes it, without the currency: 1 500,00 */
    g_autofree char *text = ch_money_format_number (ch_chapter_get_dues_amount (chapter),
                                                    currency);

    gtk_editable_set_text (GTK_EDITABLE (self->dues_amount_row), text);
  }
  /* Translators: the chapter's dues; %s is a currency code */
  amount_title = g_strdup_printf (_("Dues amount (%s)"), currency);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->dues_amount_row), amount_title);

  {
    g_autofree char *grace = g_strdup_printf ("%d", ch_chapter_get_grace_days (chapter));
    gtk_editable_set_text (GTK_EDITABLE (self->grace_row), grace);
  }

  gtk_switch_set_active (self->renewal_switch,
                         ch_payments_starts_on_payment_day (self->store, self->chapter_id));

  fill_tiers (self);
}

static void
save_rules_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (widget);
  g_autofree char *amount = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->dues_amount_row));
  g_autofree char *grace = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->grace_row));
  g_autoptr(JsonObject) set = json_object_new ();
  g_autoptr(GError) error = NULL;
  const char *currency = selected_currency (self);
  guint period = adw_combo_row_get_selected (self->period_row);
  guint64 grace_days = 0;
  gint64 minor = 0;

  gtk_widget_remove_css_class (GTK_WIDGET (self->dues_amount_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->grace_row), "error");

  if (self->chapter_id == NULL)
    return;

  if (*amount != '\0' && !ch_money_read (amount, currency, &minor, &error))
    {
      g_autofree char *text = g_strdup (error->message);

      g_clear_error (&error);
      gtk_widget_add_css_class (GTK_WIDGET (self->dues_amount_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->dues_amount_row));
      say_rules (self, text, TRUE);
      return;
    }

  if (!g_ascii_string_to_unsigned (grace, 10, 0, 365, &grace_days, NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->grace_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->grace_row));
      say_rules (self, _("Grace days must be a whole number from 0 to 365."), TRUE);
      return;
    }

  json_object_set_int_member (set, "dues_amount", minor);
  json_object_set_string_member (set, "currency", currency);
  json_object_set_string_member (set, "dues_period",
                                 period < G_N_ELEMENTS (periods) - 1 ? periods[period] : "yearly");
  json_object_set_int_member (set, "grace_days", (gint64) grace_days);
  json_object_set_string_member (set, "renewal_start", gtk_switch_get_active (self->renewal_switch)
                                                       ? CH_RENEWAL_START_PAYMENT_DAY
                                                       : CH_RENEWAL_START_CONTINUE);

  if (!ch_store_update (self->store, "chapter", self->chapter_id, set, &error))
    {
      say_rules (self, error->message, TRUE);
      return;
    }

  say_rules (self, _("Saved. Statuses follow the new rules at once."), FALSE);
  fill_rules (self);
}

static void
add_tier_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (widget);
  g_autofree char *name = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->new_tier_row));
  g_autoptr(GError) error = NULL;

  if (self->chapter_id == NULL)
    return;

  if (*name == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->new_tier_row));
      say_rules (self, _("Enter a name for the new tier."), TRUE);
      return;
    }

  if (!ch_tiers_save (self->store, self->chapter_id, NULL, name,
                                gtk_switch_get_active (self->new_tier_paid_switch), &error))
    {
      say_rules (self, error->message, TRUE);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->new_tier_row), "");
  say_rules (self, _("Tier added."), FALSE);
  fill_tiers (self);
}

static void
ch_preferences_window_dispose (GObject *object)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (ch_preferences_window_parent_class)->dispose (object);
}

static void
ch_preferences_window_finalize (GObject *object)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->server_chapters, g_ptr_array_unref);
  g_clear_pointer (&self->tier_rows, g_ptr_array_unref);
  g_clear_pointer (&self->tiers, g_ptr_array_unref);
  g_free (self->chapter_id);

  G_OBJECT_CLASS (ch_preferences_window_parent_class)->finalize (object);
}

static void
ch_preferences_window_class_init (ChPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_preferences_window_dispose;
  object_class->finalize = ch_preferences_window_finalize;

  /**
   * ChPreferencesWindow::linked:
   * @chapter_id: the server chapter the local data now belong to
   */
  signals[LINKED] = g_signal_new ("linked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, chapter_row);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, currency_row);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, dues_amount_row);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, renewal_switch);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, grace_row);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, membership_page);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, new_tier_row);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, new_tier_paid_switch);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, period_row);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, rules_label);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, tiers_group);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, url_row);

  gtk_widget_class_install_action (widget_class, "prefs.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "prefs.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "prefs.save-rules", NULL, save_rules_action);
  gtk_widget_class_install_action (widget_class, "prefs.add-tier", NULL, add_tier_action);
}

static void
ch_preferences_window_init (ChPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->server_chapters = g_ptr_array_new_with_free_func (g_free);
  self->tier_rows = g_ptr_array_new ();

  {
    g_autoptr(GtkStringList) currency_list = gtk_string_list_new (currencies);
    const char *period_labels[] = { _("Yearly"), _("Quarterly"), _("Monthly"), NULL };
    g_autoptr(GtkStringList) period_list = gtk_string_list_new (period_labels);

    adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (currency_list));
    adw_combo_row_set_model (self->period_row, G_LIST_MODEL (period_list));
  }
}

ChPreferencesWindow *
ch_preferences_window_new (GtkWindow *parent,
                           ChSession *session)
{
  ChPreferencesWindow *self;
  ChStore *store;
  const char *chapter_id;

  g_return_val_if_fail (CH_IS_SESSION (session), NULL);

  /* The chapter open now; linking it gives it the server chapter's id,
   * which "linked" tells the window. */
  store = ch_session_get_store (session);
  chapter_id = ch_session_get_chapter (session) ? ch_session_get_chapter_id (session) : NULL;
  self = g_object_new (CH_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->chapter_id = g_strdup (chapter_id);
  refresh (self);
  fill_rules (self);

  /* Preferences → Chapter: name, place and time zone of this chapter. */
  if (chapter_id != NULL)
    {
      g_autoptr(ChChapter) chapter = ch_store_get_chapter (store, chapter_id, NULL);
      ChChapterPreferencesPage *page;

      if (chapter != NULL)
        {
          page = ch_chapter_preferences_page_new (session);
          adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
          /* Preferences → E-mail: the chapter's mail account (issue 13). */
          adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                                      ADW_PREFERENCES_PAGE (ch_mail_preferences_page_new (
                                        store, chapter_id)));
          /* Preferences → Backups: the weekly backup to a chosen folder. */
          if (CH_IS_APPLICATION (g_application_get_default ()) &&
              ch_application_get_settings (CH_APPLICATION (g_application_get_default ())))
            adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                                        ADW_PREFERENCES_PAGE (ch_backup_preferences_page_new (
                                          ch_application_get_settings (
                                            CH_APPLICATION (g_application_get_default ())),
                                          ch_store_get_path (store))));
          /* Preferences → Membership: when reminders are offered (this officer's). */
          if (CH_IS_APPLICATION (g_application_get_default ()) &&
              ch_application_get_settings (CH_APPLICATION (g_application_get_default ())))
            adw_preferences_page_add (self->membership_page,
                                      ADW_PREFERENCES_GROUP (ch_mail_reminders_group_new (
                                        ch_application_get_settings (
                                          CH_APPLICATION (g_application_get_default ())))));
        }
    }

  return self;
}

GtkEditable *
ch_preferences_window_get_entry (ChPreferencesWindow *self,
                                 const char          *field)
{
  g_return_val_if_fail (CH_IS_PREFERENCES_WINDOW (self), NULL);

  if (g_strcmp0 (field, "dues_amount") == 0)
    return GTK_EDITABLE (self->dues_amount_row);
  if (g_strcmp0 (field, "grace_days") == 0)
    return GTK_EDITABLE (self->grace_row);
  if (g_strcmp0 (field, "new_tier") == 0)
    return GTK_EDITABLE (self->new_tier_row);
  if (g_strcmp0 (field, "server_url") == 0)
    return GTK_EDITABLE (self->url_row);
  if (g_strcmp0 (field, "token") == 0)
    return GTK_EDITABLE (self->token_row);

  return NULL;
}

const char *
ch_preferences_window_get_rules_message (ChPreferencesWindow *self)
{
  g_return_val_if_fail (CH_IS_PREFERENCES_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->rules_label)))
    return NULL;

  return gtk_label_get_text (self->rules_label);
}

GtkSwitch *
ch_preferences_window_get_renewal_switch (ChPreferencesWindow *self)
{
  g_return_val_if_fail (CH_IS_PREFERENCES_WINDOW (self), NULL);

  return self->renewal_switch;
}

const char *
ch_preferences_window_get_server_message (ChPreferencesWindow *self)
{
  g_return_val_if_fail (CH_IS_PREFERENCES_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->message_label)))
    return NULL;

  return gtk_label_get_text (self->message_label);
}

AdwEntryRow *
ch_preferences_window_get_tier_row (ChPreferencesWindow *self,
                                    guint                index)
{
  g_return_val_if_fail (CH_IS_PREFERENCES_WINDOW (self), NULL);

  return index < self->tier_rows->len ? g_ptr_array_index (self->tier_rows, index) : NULL;
}
