/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ch-money.h"
#include "ch-payment-row.h"
#include "ch-date-text.h"

struct _ChPaymentRow
{
  AdwActionRow  parent_instance;

  GtkWidget    *delete_button;

  char         *payment_id;
};

G_DEFINE_FINAL_TYPE (ChPaymentRow, ch_payment_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_PAYMENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ch_payment_row_constructed (GObject *object)
{
  ChPaymentRow *self = CH_PAYMENT_ROW (object);

  G_OBJECT_CLASS (ch_payment_row_parent_class)->constructed (object);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->delete_button), "s",
                                    self->payment_id ? self->payment_id : "");
}

static void
ch_payment_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ChPaymentRow *self = CH_PAYMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_PAYMENT_ID:
      g_value_set_string (value, self->payment_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_payment_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ChPaymentRow *self = CH_PAYMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_PAYMENT_ID:
      g_free (self->payment_id);
      self->payment_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_payment_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_PAYMENT_ROW);

  G_OBJECT_CLASS (ch_payment_row_parent_class)->dispose (object);
}

static void
ch_payment_row_finalize (GObject *object)
{
  g_free (CH_PAYMENT_ROW (object)->payment_id);

  G_OBJECT_CLASS (ch_payment_row_parent_class)->finalize (object);
}

static void
ch_payment_row_class_init (ChPaymentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ch_payment_row_constructed;
  object_class->get_property = ch_payment_row_get_property;
  object_class->set_property = ch_payment_row_set_property;
  object_class->dispose = ch_payment_row_dispose;
  object_class->finalize = ch_payment_row_finalize;

  properties[PROP_PAYMENT_ID] =
    g_param_spec_string ("payment-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-payment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChPaymentRow, delete_button);
}

static void
ch_payment_row_init (ChPaymentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_payment_row_new (ChPayment  *payment,
                    const char *currency)
{
  const char *method, *reference;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *paid_on = NULL;
  g_autofree char *money = NULL;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  ChPaymentRow *self;

  g_return_val_if_fail (CH_IS_PAYMENT (payment), NULL);

  if (ch_payment_get_currency (payment) != NULL)
    currency = ch_payment_get_currency (payment);
  money = ch_money_format (ch_payment_get_amount (payment), currency);
  /* Translators: an amount, then the day it was paid */
  paid_on = ch_date_text_format_iso (ch_payment_get_paid_on (payment));
  title = g_strdup_printf (_("%s on %s"), money, paid_on ? paid_on : "");

  from = ch_date_text_format_iso (ch_payment_get_covers_from (payment));
  until = ch_date_text_format_iso (ch_payment_get_covers_until (payment));
  /* Translators: the period a payment covers, two dates */
  g_string_append_printf (subtitle, _("Covers %s to %s"), from ? from : "?", until ? until : "?");
  method = ch_payment_get_method (payment);
  if (method != NULL)
    g_string_append_printf (subtitle, " · %s", ch_payments_method_label (method));
  reference = ch_payment_get_reference (payment);
  if (reference != NULL && *reference != '\0')
    g_string_append_printf (subtitle, " · %s", reference);

  self = g_object_new (CH_TYPE_PAYMENT_ROW,
                       "payment-id", ch_payment_get_id (payment),
                       "title", title,
                       "subtitle", subtitle->str,
                       NULL);
  /* Translators: %s describes a payment, e.g. "SEK 1500.00 on 23.11.2026" */
  label = g_strdup_printf (_("Delete the payment of %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delete_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  return GTK_WIDGET (self);
}

const char *
ch_payment_row_get_payment_id (ChPaymentRow *self)
{
  g_return_val_if_fail (CH_IS_PAYMENT_ROW (self), NULL);

  return self->payment_id;
}
