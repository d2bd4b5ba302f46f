/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ch-role-row.h"
#include "ch-date-text.h"

struct _ChRoleRow
{
  AdwActionRow  parent_instance;

  GtkWidget    *end_button;
  GtkWidget    *ending_label;

  char         *role_id;
  gboolean      current;
  gboolean      ending_soon;
};

G_DEFINE_FINAL_TYPE (ChRoleRow, ch_role_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ROLE_ID,
  PROP_CURRENT,
  PROP_ENDING_SOON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ch_role_row_constructed (GObject *object)
{
  ChRoleRow *self = CH_ROLE_ROW (object);

  G_OBJECT_CLASS (ch_role_row_parent_class)->constructed (object);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->end_button), "s",
                                    self->role_id ? self->role_id : "");
  gtk_widget_set_visible (self->end_button, self->current);
  gtk_widget_set_visible (self->ending_label, self->current && self->ending_soon);
  if (!self->current)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
}

static void
ch_role_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ChRoleRow *self = CH_ROLE_ROW (object);

  switch (prop_id)
    {
    case PROP_ROLE_ID:
      g_value_set_string (value, self->role_id);
      break;
    case PROP_CURRENT:
      g_value_set_boolean (value, self->current);
      break;
    case PROP_ENDING_SOON:
      g_value_set_boolean (value, self->ending_soon);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_role_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ChRoleRow *self = CH_ROLE_ROW (object);

  switch (prop_id)
    {
    case PROP_ROLE_ID:
      g_free (self->role_id);
      self->role_id = g_value_dup_string (value);
      break;
    case PROP_CURRENT:
      self->current = g_value_get_boolean (value);
      break;
    case PROP_ENDING_SOON:
      self->ending_soon = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_role_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_ROLE_ROW);

  G_OBJECT_CLASS (ch_role_row_parent_class)->dispose (object);
}

static void
ch_role_row_finalize (GObject *object)
{
  g_free (CH_ROLE_ROW (object)->role_id);

  G_OBJECT_CLASS (ch_role_row_parent_class)->finalize (object);
}

static void
ch_role_row_class_init (ChRoleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = ch_role_row_constructed;
  object_class->get_property = ch_role_row_get_property;
  object_class->set_property = ch_role_row_set_property;
  object_class->dispose = ch_role_row_dispose;
  object_class->finalize = ch_role_row_finalize;

  properties[PROP_ROLE_ID] = g_param_spec_string ("role-id", NULL, NULL, NULL, flags);
  properties[PROP_CURRENT] = g_param_spec_boolean ("current", NULL, NULL, FALSE, flags);
  properties[PROP_ENDING_SOON] = g_param_spec_boolean ("ending-soon", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ch-role-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChRoleRow, end_button);
  gtk_widget_class_bind_template_child (widget_class, ChRoleRow, ending_label);
}

static void
ch_role_row_init (ChRoleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_role_row_new (ChRole *role)
{
  g_autofree char *starts_on = ch_date_text_format_iso (ch_role_get_starts_on (role));
  g_autofree char *ends_on = ch_date_text_format_iso (ch_role_get_ends_on (role));
  const char *starts = starts_on ? starts_on : "?";
  g_autofree char *term = NULL;
  g_autofree char *label = NULL;
  ChRoleRow *self;

  g_return_val_if_fail (CH_IS_ROLE (role), NULL);

  if (ch_role_get_ends_on (role) != NULL)
    /* Translators: a term of office, two dates */
    term = g_strdup_printf (_("%s to %s"), starts, ends_on);
  else
    /* Translators: a term of office with no end, %s is a date */
    term = g_strdup_printf (_("Since %s"), starts);

  self = g_object_new (CH_TYPE_ROLE_ROW,
                       "role-id", ch_role_get_id (role),
                       "current", ch_role_get_current (role),
                       "ending-soon", ch_role_get_ending_soon (role),
                       "title", ch_role_get_label (role),
                       "subtitle", term,
                       NULL);
  /* Translators: %s is a role such as Treasurer */
  label = g_strdup_printf (_("End the role %s today"), ch_role_get_label (role));
  gtk_widget_set_tooltip_text (self->end_button, label);

  return GTK_WIDGET (self);
}

const char *
ch_role_row_get_role_id (ChRoleRow *self)
{
  g_return_val_if_fail (CH_IS_ROLE_ROW (self), NULL);

  return self->role_id;
}

gboolean
ch_role_row_get_current (ChRoleRow *self)
{
  g_return_val_if_fail (CH_IS_ROLE_ROW (self), FALSE);

  return self->current;
}
