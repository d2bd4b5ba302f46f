/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-payment-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "ch-gui.h"
#include "ch-money.h"
#include "ch-payment-dialog.h"
#include "ch-payment-dialog-private.h"
#include "ch-payments.h"
#include "ch-tiers.h"
#include "ch-date.h"
#include "ch-date-row.h"
#include "ch-date-text.h"

struct _ChPaymentDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwEntryRow    *amount_row;
  ChDateRow      *covers_from_row;
  ChDateRow      *covers_until_row;
  AdwPreferencesGroup *coverage_group;
  GtkLabel       *gap_label;
  GtkLabel       *error_label;
  GtkRevealer    *error_revealer;
  AdwComboRow    *method_row;
  ChDateRow      *paid_on_row;
  AdwPreferencesGroup *payment_group;
  AdwEntryRow    *reference_row;
  GtkButton      *save_button;
  AdwWindowTitle *window_title;

  ChStore        *store;
  ChChapter      *chapter;
  char           *member_id;
  char           *paid_until;      /* the member's dues paid until, or NULL */
  gboolean        has_error;
  gboolean        filling;
  gboolean        coverage_edited;
};

enum {
  RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChPaymentDialog, ch_payment_dialog, ADW_TYPE_WINDOW)

static const char *
currency (ChPaymentDialog *self)
{
  const char *c = self->chapter ? ch_chapter_get_currency (self->chapter) : NULL;

  return c ? c : "EUR";
}

static AdwEntryRow *
rows (ChPaymentDialog *self,
      guint            i)
{
  AdwEntryRow *all[] = {
    self->amount_row, ADW_ENTRY_ROW (self->paid_on_row), ADW_ENTRY_ROW (self->covers_from_row),
    ADW_ENTRY_ROW (self->covers_until_row), self->reference_row,
  };

  return i < G_N_ELEMENTS (all) ? all[i] : NULL;
}

static void
clear_error (ChPaymentDialog *self)
{
  for (guint i = 0; rows (self, i) != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (rows (self, i)), "error");

  self->has_error = FALSE;
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static gboolean
show_error (ChPaymentDialog *self,
            AdwEntryRow     *row,
            const char      *message)
{
  self->has_error = TRUE;
  ch_gui_form_show_error (self->error_revealer, self->error_label, GTK_WIDGET (row), message);

  return FALSE;
}

static gboolean
check_date (ChPaymentDialog *self,
            ChDateRow       *row,
            gboolean         required,
            GDate           *out)
{
  g_autoptr(GError) error = NULL;

  g_date_clear (out, 1);

  if (ch_date_row_is_empty (row) && !required)
    return TRUE;

  if (!ch_date_row_get_date (row, out, &error))
    {
      if (g_error_matches (error, CH_DATE_TEXT_ERROR, CH_DATE_TEXT_ERROR_EMPTY))
        {
          g_autofree char *example = ch_date_text_example ();
          /* Translators: %s is an example date in the user's form, 31.12.2026 */
          g_autofree char *message = g_strdup_printf (_("Enter the date it was paid, "
                                                        "for example %s."), example);

          return show_error (self, ADW_ENTRY_ROW (row), message);
        }
      return show_error (self, ADW_ENTRY_ROW (row), error->message);
    }

  return TRUE;
}

/* A period that starts after the day the dues already paid end leaves days
 * without paid membership: said inline, while the form can still change. */
static void
update_gap (ChPaymentDialog *self)
{
  g_autofree char *gap_from = NULL;
  g_autofree char *gap_until = NULL;
  g_autofree char *text = NULL;
  GDate paid_until, from;

  if (self->paid_until == NULL || !ch_date_parse (self->paid_until, &paid_until) ||
      !ch_date_row_get_date (self->covers_from_row, &from, NULL))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->gap_label), FALSE);
      return;
    }

  g_date_add_days (&paid_until, 1);
  if (g_date_compare (&from, &paid_until) <= 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->gap_label), FALSE);
      return;
    }

  gap_from = ch_date_text_format (&paid_until);
  g_date_subtract_days (&from, 1);
  gap_until = ch_date_text_format (&from);
  if (g_strcmp0 (gap_from, gap_until) == 0)
    /* Translators: %s is a date */
    text = g_strdup_printf (_("This leaves a gap: the dues paid end the day before %s, "
                              "so %s is not covered by any payment."), gap_until, gap_from);
  else
    /* Translators: the days between the dues already paid and this period; %s are dates */
    text = g_strdup_printf (_("This leaves a gap: from %s to %s the member has no paid "
                              "membership. Start the period on %s to close the gap."),
                            gap_from, gap_until, gap_from);
  gtk_label_set_text (self->gap_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->gap_label), TRUE);
}

static void
update_coverage (ChPaymentDialog *self)
{
  g_autofree char *paid_on = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  if (self->coverage_edited || !(paid_on = ch_date_row_dup_iso (self->paid_on_row, NULL)))
    return;

  if (!ch_payments_default_coverage (self->store, self->member_id, paid_on, &from, &until, NULL))
    return;

  self->filling = TRUE;
  ch_date_row_set_iso (self->covers_from_row, from);
  ch_date_row_set_iso (self->covers_until_row, until);
  self->filling = FALSE;
  update_gap (self);
}

static void
on_row_changed_cb (ChPaymentDialog *self,
                   GtkEditable     *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");

  if (self->filling)
    return;

  if (row == GTK_EDITABLE (self->covers_from_row) || row == GTK_EDITABLE (self->covers_until_row))
    {
      self->coverage_edited = TRUE;
      update_gap (self);
    }
  else if (row == GTK_EDITABLE (self->paid_on_row))
    update_coverage (self);
}

gboolean
ch_payment_dialog_save (ChPaymentDialog *self)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *payment_id = NULL;
  const char * const *methods = ch_payments_methods ();
  GDate paid_on, from, until;
  gint64 minor = 0;
  guint method;

  g_return_val_if_fail (CH_IS_PAYMENT_DIALOG (self), FALSE);

  clear_error (self);

  amount = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->amount_row));
  if (*amount == '\0')
    return show_error (self, self->amount_row, _("Enter the amount that was paid."));

  /* As the user's locale writes amounts ("1 500,00 kr", "1.500,00"). */
  if (!ch_money_read (amount, currency (self), &minor, &error))
    return show_error (self, self->amount_row, error->message);
  if (minor <= 0)
    return show_error (self, self->amount_row, _("Enter an amount larger than 0."));

  if (!check_date (self, self->paid_on_row, TRUE, &paid_on) ||
      !check_date (self, self->covers_from_row, FALSE, &from) ||
      !check_date (self, self->covers_until_row, FALSE, &until))
    return FALSE;

  if (g_date_valid (&from) && g_date_valid (&until) && g_date_compare (&from, &until) > 0)
    return show_error (self, ADW_ENTRY_ROW (self->covers_until_row),
                       _("The period covered ends before it starts. Check the two dates."));

  fields = json_object_new ();
  json_object_set_int_member (fields, "amount", minor);
  json_object_set_string_member (fields, "currency", currency (self));
  {
    g_autofree char *text = ch_date_format (&paid_on);
    json_object_set_string_member (fields, "paid_on", text);
  }
  if (g_date_valid (&from))
    {
      g_autofree char *text = ch_date_format (&from);
      json_object_set_string_member (fields, "covers_from", text);
    }
  if (g_date_valid (&until))
    {
      g_autofree char *text = ch_date_format (&until);
      json_object_set_string_member (fields, "covers_until", text);
    }

  method = adw_combo_row_get_selected (self->method_row);
  if (method < g_strv_length ((char **) methods))
    json_object_set_string_member (fields, "method", methods[method]);

  reference = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->reference_row));
  if (*reference != '\0')
    json_object_set_string_member (fields, "reference", reference);

  if (!ch_payments_record (self->store, self->member_id, fields, &payment_id, &error))
    return show_error (self, NULL, error->message);

  g_signal_emit (self, signals[RECORDED], 0, payment_id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ch_payment_dialog_save (CH_PAYMENT_DIALOG (widget));
}

static gboolean
tier_is_paid (ChPaymentDialog *self,
              const char      *tier)
{
  g_autoptr(GPtrArray) tiers = ch_tiers_list (self->store, ch_chapter_get_id (self->chapter),
                                              NULL);
  ChTier *t = ch_tiers_lookup (tiers, tier);

  return t != NULL && ch_tier_get_paid (t);
}

/* What the dates filled in follow: the chapter's renewal rule, said true. */
static const char *
coverage_rule_text (ChPaymentDialog *self)
{
  if (self->chapter != NULL &&
      ch_payments_starts_on_payment_day (self->store, ch_chapter_get_id (self->chapter)))
    return _("Filled in from the chapter’s dues period: "
             "from the day after the dues already paid, "
             "or from the payment day when paid late (the chapter’s rule, in Preferences).");

  return _("Filled in from the chapter’s dues period: "
           "from the day after the dues already paid, "
           "also when paid during the grace days; after a lapse, from the payment day.");
}

static void
fill (ChPaymentDialog *self)
{
  g_autoptr(ChMember) member = ch_store_get_member (self->store, self->member_id, NULL);
  g_autoptr(GtkStringList) methods = gtk_string_list_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *dues = NULL;
  g_autofree char *today = NULL;
  GDate date;

  if (member != NULL)
    adw_window_title_set_subtitle (self->window_title, ch_member_get_display_name (member));

  /* Translators: %s is a currency code such as EUR */
  title = g_strdup_printf (_("Amount (%s)"), currency (self));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), title);

  if (self->chapter != NULL && ch_chapter_get_dues_amount (self->chapter) > 0)
    {
      g_autofree char *money = ch_money_format (ch_chapter_get_dues_amount (self->chapter),
                                                currency (self));
      /* Translators: %s is an amount such as "1 500,00 kr" */
      dues = g_strdup_printf (_("The chapter’s dues are %s."), money);
      adw_preferences_group_set_description (self->payment_group, dues);
    }

  /* What the member owes: the chapter's dues, for a member of a paid tier. */
  if (member != NULL && self->chapter != NULL && ch_chapter_get_dues_amount (self->chapter) > 0 &&
      tier_is_paid (self, ch_member_get_tier (member)))
    {
      g_autofree char *typed = ch_money_format_number (ch_chapter_get_dues_amount (self->chapter),
                                                       currency (self));

      gtk_editable_set_text (GTK_EDITABLE (self->amount_row), typed);
    }

  self->paid_until = member ? g_strdup (ch_member_get_dues_paid_until (member)) : NULL;
  adw_preferences_group_set_description (self->coverage_group, coverage_rule_text (self));

  for (const char * const *m = ch_payments_methods (); m && *m; m++)
    gtk_string_list_append (methods, ch_payments_method_label (*m));
  adw_combo_row_set_model (self->method_row, G_LIST_MODEL (methods));

  ch_date_today (self->chapter ? ch_chapter_get_timezone (self->chapter) : NULL, &date);
  today = ch_date_format (&date);
  ch_date_row_set_iso (self->paid_on_row, today);
  update_coverage (self);
}

static void
ch_payment_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_PAYMENT_DIALOG);

  G_OBJECT_CLASS (ch_payment_dialog_parent_class)->dispose (object);
}

static void
ch_payment_dialog_finalize (GObject *object)
{
  ChPaymentDialog *self = CH_PAYMENT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->chapter);
  g_free (self->member_id);
  g_free (self->paid_until);

  G_OBJECT_CLASS (ch_payment_dialog_parent_class)->finalize (object);
}

static void
ch_payment_dialog_class_init (ChPaymentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_payment_dialog_dispose;
  object_class->finalize = ch_payment_dialog_finalize;

  /**
   * ChPaymentDialog::recorded:
   * @payment_id: the new payment row
   */
  signals[RECORDED] = g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CH_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-payment-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, covers_from_row);
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, covers_until_row);
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, coverage_group);
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, gap_label);
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, method_row);
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, paid_on_row);
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, payment_group);
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, reference_row);
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ChPaymentDialog, window_title);

  gtk_widget_class_install_action (widget_class, "payment.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "payment.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "payment.save", NULL);
}

static void
ch_payment_dialog_init (ChPaymentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; rows (self, i) != NULL; i++)
    g_signal_connect_object (rows (self, i), "changed", G_CALLBACK (on_row_changed_cb), self,
                             G_CONNECT_SWAPPED);

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
}

ChPaymentDialog *
ch_payment_dialog_new (GtkWindow  *parent,
                       ChStore    *store,
                       ChChapter  *chapter,
                       const char *member_id)
{
  ChPaymentDialog *self;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (member_id != NULL, NULL);

  self = g_object_new (CH_TYPE_PAYMENT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->chapter = chapter ? g_object_ref (chapter) : NULL;
  self->member_id = g_strdup (member_id);
  fill (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));

  return self;
}

GtkEditable *
ch_payment_dialog_get_entry (ChPaymentDialog *self,
                             const char      *field)
{
  static const char *names[] = { "amount", "paid_on", "covers_from", "covers_until", "reference" };

  g_return_val_if_fail (CH_IS_PAYMENT_DIALOG (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (names[i], field) == 0)
      return GTK_EDITABLE (rows (self, i));

  return NULL;
}

const char *
ch_payment_dialog_get_error (ChPaymentDialog *self)
{
  g_return_val_if_fail (CH_IS_PAYMENT_DIALOG (self), NULL);

  return self->has_error ? gtk_label_get_text (self->error_label) : NULL;
}

const char *
ch_payment_dialog_get_gap_warning (ChPaymentDialog *self)
{
  g_return_val_if_fail (CH_IS_PAYMENT_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->gap_label)))
    return NULL;

  return gtk_label_get_text (self->gap_label);
}

const char *
ch_payment_dialog_get_coverage_note (ChPaymentDialog *self)
{
  g_return_val_if_fail (CH_IS_PAYMENT_DIALOG (self), NULL);

  return adw_preferences_group_get_description (self->coverage_group);
}
