/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-gui.h"
#include "ch-history-row.h"
#include "ch-history.h"
#include "ch-member-membership-panel.h"
#include "ch-membership.h"
#include "ch-payment-dialog.h"
#include "ch-payment-row.h"
#include "ch-payments.h"
#include "ch-tiers.h"
#include "ch-date-text.h"
#include "ch-wrap-box.h"

struct _ChMemberMembershipPanel
{
  AdwBin          parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *history_group;
  GtkButton      *leave_button;
  AdwActionRow   *paid_until_row;
  GtkButton      *payment_button;
  AdwPreferencesGroup *payments_group;
  GtkButton      *rejoin_button;
  AdwPreferencesGroup *status_group;
  GtkLabel       *status_label;
  AdwActionRow   *tier_info_row;
  GtkButton      *upgrade_button;

  ChStore        *store;
  ChChapter      *chapter;
  char           *member_id;
  char           *upgrade_tier;
  GSimpleAction  *rejoin_action;
  GPtrArray      *payment_rows;
  GPtrArray      *history_rows;
  char           *deleting_payment;  /* the payment a "Delete?" dialog asks about */
};

static void ch_member_membership_panel_iface_init (ChMemberPanelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChMemberMembershipPanel, ch_member_membership_panel, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CH_TYPE_MEMBER_PANEL,
                                                      ch_member_membership_panel_iface_init))

static const char *
chapter_id (ChMemberMembershipPanel *self)
{
  return self->chapter ? ch_chapter_get_id (self->chapter) : NULL;
}

static void
toast (ChMemberMembershipPanel *self,
       const char              *text)
{
  ch_member_panel_toast (CH_MEMBER_PANEL (self), adw_toast_new (text));
}

static GtkWindow *
parent_window (ChMemberMembershipPanel *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static void
add_payment_row (ChMemberMembershipPanel *self,
                 ChPayment               *payment)
{
  GtkWidget *row = ch_payment_row_new (payment, ch_chapter_get_currency (self->chapter));

  adw_preferences_group_add (self->payments_group, row);
  g_ptr_array_add (self->payment_rows, row);
}

static void
refresh (ChMemberMembershipPanel *self)
{
  static const char *classes[] = { "prospect", "active", "grace", "lapsed", "left" };
  g_autoptr(ChMember) member = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) history = NULL;
  ChMemberStatus status;
  const char *paid_until;
  const char *tier;
  const char *joined;
  g_autofree char *since = NULL;
  g_autoptr(GError) rejoin_error = NULL;
  gboolean free_tier;
  gboolean can_rejoin;
  ChTier *current;
  ChTier *upgrade;

  if (self->member_id == NULL)
    return;

  member = ch_store_get_member (self->store, self->member_id, NULL);
  if (member == NULL)
    return;

  status = ch_member_get_status (member);
  tier = ch_member_get_tier (member);
  /* The switcher hides the title on a wide window: say whose page this is. */
  adw_preferences_group_set_title (self->status_group, ch_member_get_display_name (member));
  joined = ch_member_get_joined_on (member);
  if (joined != NULL)
    {
      g_autofree char *day = ch_date_text_format_iso (joined);

      /* Translators: %s is a date */
      since = g_strdup_printf (_("Member since %s"), day);
    }
  adw_preferences_group_set_description (self->status_group, since);

  gtk_label_set_text (self->status_label, ch_member_status_label (status));
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), ch_member_status_to_string (status));

  /* The tier under the chapter's own name, and the paid tier to upgrade to. */
  tiers = ch_tiers_list (self->store, chapter_id (self), NULL);
  current = ch_tiers_lookup (tiers, tier);
  adw_action_row_set_subtitle (self->tier_info_row,
                               current ? ch_tier_get_name (current) : ch_tier_label (tier));
  free_tier = ch_tiers_is_free (tiers, tier);
  upgrade = ch_tiers_upgrade_target (tiers, tier);

  g_clear_pointer (&self->upgrade_tier, g_free);
  if (upgrade != NULL)
    {
      /* Translators: %s is the name of the paid tier, e.g. Chapter */
      g_autofree char *label = g_strdup_printf (_("_Upgrade to %s"), ch_tier_get_name (upgrade));

      gtk_button_set_label (self->upgrade_button, label);
      self->upgrade_tier = g_strdup (ch_tier_get_key (upgrade));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->upgrade_button),
                          upgrade != NULL && status != CH_MEMBER_STATUS_LEFT);
  gtk_widget_set_visible (GTK_WIDGET (self->payment_button), !free_tier);
  gtk_widget_set_visible (GTK_WIDGET (self->rejoin_button), status == CH_MEMBER_STATUS_LEFT);

  /* Whether they may come back today is the store's rule. */
  can_rejoin = ch_membership_can_rejoin (self->store, member, NULL, &rejoin_error);
  if (self->rejoin_action != NULL)
    g_simple_action_set_enabled (self->rejoin_action, can_rejoin);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rejoin_button),
                               can_rejoin ? NULL : rejoin_error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->leave_button), status != CH_MEMBER_STATUS_LEFT);

  paid_until = ch_member_get_dues_paid_until (member);
  gtk_widget_set_visible (GTK_WIDGET (self->paid_until_row), !free_tier);
  if (paid_until != NULL)
    {
      g_autofree char *day = ch_date_text_format_iso (paid_until);
      g_autofree char *when = ch_date_text_relative_iso (paid_until, self->chapter
                                                         ? ch_chapter_get_timezone (self->chapter)
                                                         : NULL);
      /* Translators: a date, then how far it is from today: 14.12.2026 (in 11 days) */
      g_autofree char *text = when ? g_strdup_printf (_("%s (%s)"), day, when) : g_strdup (day);

      adw_action_row_set_subtitle (self->paid_until_row, text);
    }
  else
    adw_action_row_set_subtitle (self->paid_until_row, _("No dues recorded yet"));

  /* Payments, newest first */
  ch_gui_group_clear_rows (self->payments_group, self->payment_rows);
  payments = ch_payments_list (self->store, chapter_id (self), self->member_id, NULL);
  for (guint i = 0; payments != NULL && i < payments->len; i++)
    add_payment_row (self, g_ptr_array_index (payments, i));
  if (self->payment_rows->len == 0)
    {
      GtkWidget *row = ch_gui_group_add_row (self->payments_group, self->payment_rows,
                                             free_tier ? _("No dues on this tier")
                                                       : _("No payments recorded yet"), NULL);
      gtk_widget_add_css_class (row, "dim-label");
    }

  /* History, newest first: gaps stand out */
  ch_gui_group_clear_rows (self->history_group, self->history_rows);
  history = ch_history_list (self->store, self->member_id, NULL);
  for (guint i = history ? history->len : 0; i > 0; i--)
    {
      GtkWidget *row = ch_history_row_new (g_ptr_array_index (history, i - 1));

      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }
  if (self->history_rows->len == 0)
    ch_gui_group_add_row (self->history_group, self->history_rows, _("Nothing recorded yet"),
                          NULL);
}

static void
on_store_changed_cb (ChMemberMembershipPanel *self,
                     const char              *entity,
                     const char              *id,
                     ChStore                 *store)
{
  refresh (self);
}

static void
on_payment_recorded_cb (ChMemberMembershipPanel *self,
                        const char              *payment_id,
                        ChPaymentDialog         *dialog)
{
  toast (self, _("Payment recorded"));
}

static void
record_payment (ChMemberMembershipPanel *self)
{
  ChPaymentDialog *dialog;

  if (self->member_id == NULL)
    return;

  dialog = ch_payment_dialog_new (parent_window (self), self->store, self->chapter,
                                  self->member_id);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (on_payment_recorded_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
record_payment_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       data)
{
  record_payment (CH_MEMBER_MEMBERSHIP_PANEL (data));
}

static void
on_delete_payment_response_cb (AdwMessageDialog        *dialog,
                               const char              *response,
                               ChMemberMembershipPanel *self)
{
  g_autofree char *payment_id = g_steal_pointer (&self->deleting_payment);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || payment_id == NULL)
    return;

  if (!ch_payments_delete (self->store, payment_id, &error))
    toast (self, error->message);
  else
    toast (self, _("Payment deleted. Dues paid until was worked out again."));
}

static void
delete_payment_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       data)
{
  ChMemberMembershipPanel *self = data;
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self),
                                                       _("Delete This Payment?"),
                                                       _("Use this for a payment recorded by "
                                                         "mistake. The dues paid until date is "
                                                         "worked out again from the other "
                                                         "payments.")));
  g_free (self->deleting_payment);
  self->deleting_payment = g_variant_dup_string (param, NULL);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_payment_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
upgrade_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  ChMemberMembershipPanel *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = ch_member_panel_today (self->chapter);

  if (self->member_id == NULL || self->upgrade_tier == NULL)
    return;

  /* The Profile tab's tier follows the store on its own. */
  if (!ch_membership_change_tier (self->store, self->member_id, self->upgrade_tier, date, &error))
    {
      toast (self, error->message);
      return;
    }

  /* Upgrading usually means they paid: take the payment now (Cancel if not yet). */
  toast (self, _("Upgraded. Record the first payment now, or later from this page."));
  record_payment (self);
}

static void
rejoin_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       data)
{
  ChMemberMembershipPanel *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = ch_member_panel_today (self->chapter);

  if (self->member_id == NULL)
    return;

  if (!ch_membership_rejoin (self->store, self->member_id, date, &error))
    {
      g_debug ("Rejoin refused: %s", error->message);
      toast (self, error->message);
    }
  else
    toast (self, _("Welcome back! The gap stays in the history."));
}

static void
on_leave_response_cb (AdwMessageDialog        *dialog,
                      const char              *response,
                      ChMemberMembershipPanel *self)
{
  /* The extra child: the label, then the reasons. */
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkDropDown *reasons = GTK_DROP_DOWN (gtk_widget_get_last_child (box));
  const char * const *keys = ch_membership_leave_reasons ();
  g_autoptr(GError) error = NULL;
  g_autofree char *date = ch_member_panel_today (self->chapter);
  guint pos;

  if (g_strcmp0 (response, "leave") != 0 || self->member_id == NULL)
    return;

  pos = gtk_drop_down_get_selected (reasons);
  if (!ch_membership_leave (self->store, self->member_id, date,
                            pos < g_strv_length ((char **) keys) ? keys[pos] : CH_LEAVE_OTHER,
                            &error))
    toast (self, error->message);
  else
    toast (self, _("Membership ended. Rejoin brings them back."));
}

static void
leave_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       data)
{
  ChMemberMembershipPanel *self = data;
  g_autoptr(ChMember) member = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *body = NULL;
  GtkWidget *box, *label, *reasons;
  AdwMessageDialog *dialog;

  if (self->member_id == NULL ||
      !(member = ch_store_get_member (self->store, self->member_id, NULL)))
    return;

  for (const char * const *r = ch_membership_leave_reasons (); r && *r; r++)
    gtk_string_list_append (labels, ch_membership_leave_reason_label (*r));

  /* Translators: %s is a member's name */
  body = g_strdup_printf (_("%s’s membership ends today. Their history and payments stay."),
                          ch_member_get_display_name (member));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self),
                                                       _("Leave the Chapter?"), body));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new_with_mnemonic (_("_Why are they leaving?"));
  reasons = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), reasons);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (reasons), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_widget_set_hexpand (reasons, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), reasons);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "leave", _("_Leave"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "leave", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_leave_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ch_member_membership_panel_add_actions (ChMemberPanel *panel,
                                        GActionMap    *map)
{
  ChMemberMembershipPanel *self = CH_MEMBER_MEMBERSHIP_PANEL (panel);
  static const GActionEntry entries[] = {
    { "record-payment", record_payment_action, NULL, NULL, NULL, { 0 } },
    { "delete-payment", delete_payment_action, "s", NULL, NULL, { 0 } },
    { "upgrade", upgrade_action, NULL, NULL, NULL, { 0 } },
    { "rejoin", rejoin_action, NULL, NULL, NULL, { 0 } },
    { "leave", leave_action, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (map, entries, G_N_ELEMENTS (entries), panel);
  g_set_object (&self->rejoin_action,
                G_SIMPLE_ACTION (g_action_map_lookup_action (map, "rejoin")));
}

static void
ch_member_membership_panel_set_member (ChMemberPanel *panel,
                                       ChStore       *store,
                                       ChChapter     *chapter,
                                       const char    *member_id)
{
  ChMemberMembershipPanel *self = CH_MEMBER_MEMBERSHIP_PANEL (panel);

  g_set_object (&self->store, store);
  g_set_object (&self->chapter, chapter);
  g_free (self->member_id);
  self->member_id = g_strdup (member_id);

  if (member_id == NULL)
    return;

  refresh (self);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ch_member_membership_panel_iface_init (ChMemberPanelInterface *iface)
{
  iface->set_member = ch_member_membership_panel_set_member;
  iface->add_actions = ch_member_membership_panel_add_actions;
}

static void
ch_member_membership_panel_dispose (GObject *object)
{
  ChMemberMembershipPanel *self = CH_MEMBER_MEMBERSHIP_PANEL (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_MEMBER_MEMBERSHIP_PANEL);

  G_OBJECT_CLASS (ch_member_membership_panel_parent_class)->dispose (object);
}

static void
ch_member_membership_panel_finalize (GObject *object)
{
  ChMemberMembershipPanel *self = CH_MEMBER_MEMBERSHIP_PANEL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->chapter);
  g_clear_object (&self->rejoin_action);
  g_free (self->member_id);
  g_free (self->upgrade_tier);
  g_free (self->deleting_payment);
  g_clear_pointer (&self->payment_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_member_membership_panel_parent_class)->finalize (object);
}

static void
ch_member_membership_panel_class_init (ChMemberMembershipPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_member_membership_panel_dispose;
  object_class->finalize = ch_member_membership_panel_finalize;

  g_type_ensure (CH_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-member-membership-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, ChMemberMembershipPanel, history_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberMembershipPanel, leave_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberMembershipPanel, paid_until_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberMembershipPanel, payment_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberMembershipPanel, payments_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberMembershipPanel, rejoin_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberMembershipPanel, status_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberMembershipPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, ChMemberMembershipPanel, tier_info_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberMembershipPanel, upgrade_button);
}

static void
ch_member_membership_panel_init (ChMemberMembershipPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->payment_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
}

/* For tests */

const char *
ch_member_membership_panel_get_status_text (ChMemberMembershipPanel *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_MEMBERSHIP_PANEL (self), NULL);

  return gtk_label_get_text (self->status_label);
}

guint
ch_member_membership_panel_get_n_history (ChMemberMembershipPanel *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_MEMBERSHIP_PANEL (self), 0);

  return self->history_rows->len;
}

const char *
ch_member_membership_panel_get_history_title (ChMemberMembershipPanel *self,
                                              guint                    i)
{
  g_return_val_if_fail (CH_IS_MEMBER_MEMBERSHIP_PANEL (self), NULL);
  g_return_val_if_fail (i < self->history_rows->len, NULL);

  return adw_preferences_row_get_title (g_ptr_array_index (self->history_rows, i));
}
