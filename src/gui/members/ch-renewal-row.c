/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ch-renewal-row.h"
#include "ch-date-text.h"

struct _ChRenewalRow
{
  AdwActionRow    parent_instance;

  GtkCheckButton *check;
  GtkWidget      *open_button;
  GtkLabel       *reminded_label;

  ChMember       *member;
  ChRenewalGroup  group;
};

G_DEFINE_FINAL_TYPE (ChRenewalRow, ch_renewal_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_MEMBER,
  PROP_GROUP,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "Paid until 14.12.2026 (in 11 days) · sven@contoso.com" */
static char *
describe (ChMember       *member,
          ChRenewalGroup  group)
{
  const char *paid = ch_member_get_dues_paid_until (member);
  const char *email = ch_member_get_email (member);
  g_autofree char *when = NULL;
  g_autofree char *day = ch_date_text_format_iso (paid);
  g_autofree char *ago = ch_date_text_relative_iso (paid, NULL);
  const char *reach;

  if (paid == NULL)
    when = g_strdup (_("No dues recorded"));
  else if (ago == NULL)
    /* Translators: %s is a date */
    when = g_strdup_printf (_("Paid until %s"), day);
  else if (group == CH_RENEWAL_DUE_SOON)
    /* Translators: a date, then how far it is from today: "Paid until 14.12.2026 (in 11 days)" */
    when = g_strdup_printf (_("Paid until %s (%s)"), day, ago);
  else
    /* Translators: a date, then how long ago: "Dues ran out 30.11.2026 (3 days ago)" */
    when = g_strdup_printf (_("Dues ran out %s (%s)"), day, ago);

  if (email == NULL || *email == '\0')
    reach = _("no e-mail address");
  else if (!ch_renewals_can_email (member))
    reach = _("asked not to be e-mailed");
  else
    reach = email;

  return g_strdup_printf ("%s · %s", when, reach);
}

static void
on_check_toggled_cb (ChRenewalRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
ch_renewal_row_constructed (GObject *object)
{
  ChRenewalRow *self = CH_RENEWAL_ROW (object);
  const char *name = ch_member_get_display_name (self->member);
  g_autofree char *subtitle = describe (self->member, self->group);
  /* Translators: %s is a member's name */
  g_autofree char *open = g_strdup_printf (_("Open %s"), name);

  G_OBJECT_CLASS (ch_renewal_row_parent_class)->constructed (object);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_tooltip_text (self->open_button, open);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->open_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, open, -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->open_button), "s",
                                    ch_member_get_id (self->member));
}

static void
ch_renewal_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ChRenewalRow *self = CH_RENEWAL_ROW (object);

  switch (prop_id)
    {
    case PROP_MEMBER:
      g_value_set_object (value, self->member);
      break;
    case PROP_GROUP:
      g_value_set_int (value, self->group);
      break;
    case PROP_SELECTED:
      g_value_set_boolean (value, ch_renewal_row_get_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_renewal_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ChRenewalRow *self = CH_RENEWAL_ROW (object);

  switch (prop_id)
    {
    case PROP_MEMBER:
      self->member = g_value_dup_object (value);
      break;
    case PROP_GROUP:
      self->group = g_value_get_int (value);
      break;
    case PROP_SELECTED:
      ch_renewal_row_set_selected (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_renewal_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_RENEWAL_ROW);

  G_OBJECT_CLASS (ch_renewal_row_parent_class)->dispose (object);
}

static void
ch_renewal_row_finalize (GObject *object)
{
  g_clear_object (&CH_RENEWAL_ROW (object)->member);

  G_OBJECT_CLASS (ch_renewal_row_parent_class)->finalize (object);
}

static void
ch_renewal_row_class_init (ChRenewalRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = ch_renewal_row_constructed;
  object_class->get_property = ch_renewal_row_get_property;
  object_class->set_property = ch_renewal_row_set_property;
  object_class->dispose = ch_renewal_row_dispose;
  object_class->finalize = ch_renewal_row_finalize;

  properties[PROP_MEMBER] = g_param_spec_object ("member", NULL, NULL, CH_TYPE_MEMBER, flags);
  properties[PROP_GROUP] = g_param_spec_int ("group", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-renewal-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChRenewalRow, check);
  gtk_widget_class_bind_template_child (widget_class, ChRenewalRow, open_button);
  gtk_widget_class_bind_template_child (widget_class, ChRenewalRow, reminded_label);
  gtk_widget_class_bind_template_callback (widget_class, on_check_toggled_cb);
}

static void
ch_renewal_row_init (ChRenewalRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_renewal_row_new (ChMember       *member,
                    ChRenewalGroup  group)
{
  g_return_val_if_fail (CH_IS_MEMBER (member), NULL);

  return g_object_new (CH_TYPE_RENEWAL_ROW, "member", member, "group", (int) group, NULL);
}

ChMember *
ch_renewal_row_get_member (ChRenewalRow *self)
{
  g_return_val_if_fail (CH_IS_RENEWAL_ROW (self), NULL);

  return self->member;
}

gboolean
ch_renewal_row_get_selected (ChRenewalRow *self)
{
  g_return_val_if_fail (CH_IS_RENEWAL_ROW (self), FALSE);

  return gtk_check_button_get_active (self->check);
}

void
ch_renewal_row_set_selected (ChRenewalRow *self,
                             gboolean      selected)
{
  g_return_if_fail (CH_IS_RENEWAL_ROW (self));

  gtk_check_button_set_active (self->check, selected);
}

void
ch_renewal_row_set_last_reminded (ChRenewalRow *self,
                                  const char   *text)
{
  g_return_if_fail (CH_IS_RENEWAL_ROW (self));

  gtk_label_set_text (self->reminded_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reminded_label), text != NULL);
}

const char *
ch_renewal_row_get_last_reminded (ChRenewalRow *self)
{
  g_return_val_if_fail (CH_IS_RENEWAL_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->reminded_label))
    ? gtk_label_get_text (self->reminded_label) : NULL;
}
