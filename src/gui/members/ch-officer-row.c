/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ch-officer-row.h"
#include "ch-date-text.h"

struct _ChOfficerRow
{
  AdwActionRow  parent_instance;

  GtkWidget    *ending_label;
  GtkWidget    *open_button;

  ChRole       *role;
};

G_DEFINE_FINAL_TYPE (ChOfficerRow, ch_officer_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ch_officer_row_constructed (GObject *object)
{
  ChOfficerRow *self = CH_OFFICER_ROW (object);
  const char *name = ch_role_get_member_name (self->role);
  g_autofree char *starts = ch_date_text_format_iso (ch_role_get_starts_on (self->role));
  g_autofree char *ends = ch_date_text_format_iso (ch_role_get_ends_on (self->role));
  g_autofree char *subtitle = NULL;
  g_autofree char *open = NULL;

  G_OBJECT_CLASS (ch_officer_row_parent_class)->constructed (object);

  if (ends != NULL)
    /* Translators: a name, then the term of office */
    subtitle = g_strdup_printf (_("%s · until %s"), name, ends);
  else
    /* Translators: a name, then the start of an open-ended term */
    subtitle = g_strdup_printf (_("%s · since %s"), name, starts ? starts : "?");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), ch_role_get_label (self->role));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_visible (self->ending_label, ch_role_get_ending_soon (self->role));

  /* Translators: %s is a member's name */
  open = g_strdup_printf (_("Open %s"), name);
  gtk_widget_set_tooltip_text (self->open_button, open);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->open_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, open, -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->open_button), "s",
                                    ch_role_get_member_id (self->role));
}

static void
ch_officer_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_object (value, CH_OFFICER_ROW (object)->role);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_officer_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ROLE:
      CH_OFFICER_ROW (object)->role = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_officer_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_OFFICER_ROW);

  G_OBJECT_CLASS (ch_officer_row_parent_class)->dispose (object);
}

static void
ch_officer_row_finalize (GObject *object)
{
  g_clear_object (&CH_OFFICER_ROW (object)->role);

  G_OBJECT_CLASS (ch_officer_row_parent_class)->finalize (object);
}

static void
ch_officer_row_class_init (ChOfficerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ch_officer_row_constructed;
  object_class->get_property = ch_officer_row_get_property;
  object_class->set_property = ch_officer_row_set_property;
  object_class->dispose = ch_officer_row_dispose;
  object_class->finalize = ch_officer_row_finalize;

  properties[PROP_ROLE] =
    g_param_spec_object ("role", NULL, NULL, CH_TYPE_ROLE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-officer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChOfficerRow, ending_label);
  gtk_widget_class_bind_template_child (widget_class, ChOfficerRow, open_button);
}

static void
ch_officer_row_init (ChOfficerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_officer_row_new (ChRole *role)
{
  g_return_val_if_fail (CH_IS_ROLE (role), NULL);

  return g_object_new (CH_TYPE_OFFICER_ROW, "role", role, NULL);
}

ChRole *
ch_officer_row_get_role (ChOfficerRow *self)
{
  g_return_val_if_fail (CH_IS_OFFICER_ROW (self), NULL);

  return self->role;
}
