/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ch-opportunity-row.h"
#include "ch-opportunity-rule.h"
#include "ch-specialties.h"
#include "ch-date-text.h"

struct _ChOpportunityRow
{
  AdwActionRow   parent_instance;

  GtkLabel      *status_label;

  ChOpportunity *opportunity;
  char          *currency;
};

G_DEFINE_FINAL_TYPE (ChOpportunityRow, ch_opportunity_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_OPPORTUNITY,
  PROP_CURRENCY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "Anna Berg → Bo Ek · Azure · 10,000–50,000 SEK · won 2026-09-01" */
static char *
describe (ChOpportunityRow *self)
{
  ChOpportunity *o = self->opportunity;
  const char *giver = ch_opportunity_get_giver_name (o);
  const char *receiver = ch_opportunity_get_receiver_name (o);
  const char *status = ch_opportunity_get_status (o);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *who = NULL;

  if (ch_opportunity_get_receiver_id (o) == NULL)
    /* Translators: a member gave an opportunity to the chapter itself */
    who = g_strdup_printf (_("%s → the chapter"), giver ? giver : _("A former member"));
  else
    who = g_strdup_printf ("%s → %s", giver ? giver : _("A former member"),
                           receiver ? receiver : _("a former member"));
  g_string_append (text, who);

  if (ch_opportunity_get_specialty (o) != NULL)
    g_string_append_printf (text, " · %s",
                            ch_specialties_label (ch_opportunity_get_specialty (o)));
  if (ch_opportunity_get_value_band (o) != NULL)
    {
      g_autofree char *band = ch_opportunity_band_label (ch_opportunity_get_value_band (o),
                                                         self->currency);

      g_string_append_printf (text, " · %s", band);
    }

  g_string_append (text, " · ");
  if (g_strcmp0 (status, CH_OPPORTUNITY_STATUS_WON) == 0)
    {
      g_autofree char *day = ch_date_text_format_iso (ch_opportunity_get_closed_on (o));
      /* Translators: %s is a date */
      g_string_append_printf (text, _("won %s"), day);
    }
  else if (g_strcmp0 (status, CH_OPPORTUNITY_STATUS_LOST) == 0)
    {
      g_autofree char *day = ch_date_text_format_iso (ch_opportunity_get_closed_on (o));
      /* Translators: %s is a date */
      g_string_append_printf (text, _("lost %s"), day);
    }
  else if (g_strcmp0 (status, CH_OPPORTUNITY_STATUS_ACCEPTED) == 0)
    {
      g_autofree char *day = ch_date_text_format_iso (ch_opportunity_get_accepted_on (o));
      /* Translators: %s is a date */
      g_string_append_printf (text, _("accepted %s"), day);
    }
  else
    {
      g_autofree char *day = ch_date_text_format_iso (ch_opportunity_get_given_on (o));
      /* Translators: %s is a date */
      g_string_append_printf (text, _("given %s"), day);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
ch_opportunity_row_constructed (GObject *object)
{
  ChOpportunityRow *self = CH_OPPORTUNITY_ROW (object);
  const char *status;
  g_autofree char *subtitle = NULL;

  G_OBJECT_CLASS (ch_opportunity_row_parent_class)->constructed (object);

  g_return_if_fail (self->opportunity != NULL);

  status = ch_opportunity_get_status (self->opportunity);
  subtitle = describe (self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 ch_opportunity_get_title (self->opportunity));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_label_set_text (self->status_label, ch_opportunity_status_label (status));
  /* The member-status pill colours: won green, open amber, lost grey. */
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label),
                            g_strcmp0 (status, CH_OPPORTUNITY_STATUS_WON) == 0 ? "active"
                            : g_strcmp0 (status, CH_OPPORTUNITY_STATUS_LOST) == 0 ? "left"
                            : "grace");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s",
                                    ch_opportunity_get_id (self->opportunity));
}

static void
ch_opportunity_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ChOpportunityRow *self = CH_OPPORTUNITY_ROW (object);

  switch (prop_id)
    {
    case PROP_OPPORTUNITY:
      g_value_set_object (value, self->opportunity);
      break;
    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_opportunity_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ChOpportunityRow *self = CH_OPPORTUNITY_ROW (object);

  switch (prop_id)
    {
    case PROP_OPPORTUNITY:
      g_set_object (&self->opportunity, g_value_get_object (value));
      break;
    case PROP_CURRENCY:
      g_free (self->currency);
      self->currency = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_opportunity_row_finalize (GObject *object)
{
  ChOpportunityRow *self = CH_OPPORTUNITY_ROW (object);

  g_clear_object (&self->opportunity);
  g_free (self->currency);

  G_OBJECT_CLASS (ch_opportunity_row_parent_class)->finalize (object);
}

static void
ch_opportunity_row_class_init (ChOpportunityRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ch_opportunity_row_constructed;
  object_class->get_property = ch_opportunity_row_get_property;
  object_class->set_property = ch_opportunity_row_set_property;
  object_class->finalize = ch_opportunity_row_finalize;

  properties[PROP_OPPORTUNITY] =
    g_param_spec_object ("opportunity", NULL, NULL, CH_TYPE_OPPORTUNITY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-opportunity-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityRow, status_label);
}

static void
ch_opportunity_row_init (ChOpportunityRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_opportunity_row_new (ChOpportunity *opportunity,
                        const char    *currency,
                        const char    *action_name)
{
  g_return_val_if_fail (CH_IS_OPPORTUNITY (opportunity), NULL);

  return g_object_new (CH_TYPE_OPPORTUNITY_ROW,
                       "opportunity", opportunity,
                       "currency", currency,
                       "action-name", action_name,
                       "activatable", TRUE,
                       NULL);
}

ChOpportunity *
ch_opportunity_row_get_opportunity (ChOpportunityRow *self)
{
  g_return_val_if_fail (CH_IS_OPPORTUNITY_ROW (self), NULL);

  return self->opportunity;
}
