/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-compact-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-member-compact-row.h"

struct _ChMemberCompactRow
{
  GtkWidget  parent_instance;

  /* Template widgets */
  GtkLabel  *company_label;
  GtkLabel  *name_label;
  GtkLabel  *status_label;

  ChMember  *member;
};

G_DEFINE_FINAL_TYPE (ChMemberCompactRow, ch_member_compact_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MEMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (ChMemberCompactRow *self)
{
  const char *company = self->member ? ch_member_get_company (self->member) : NULL;

  gtk_label_set_text (self->name_label,
                      self->member ? ch_member_get_display_name (self->member) : "");
  gtk_label_set_text (self->company_label, company ? company : "");
  gtk_widget_set_visible (GTK_WIDGET (self->company_label), company != NULL && *company != '\0');

  /* The pill's colour: a CSS class named as the status, as in the table. */
  for (ChMemberStatus st = 0; st <= CH_MEMBER_STATUS_LAST; st++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), ch_member_status_to_string (st));
  if (self->member != NULL)
    {
      ChMemberStatus status = ch_member_get_status (self->member);

      gtk_label_set_text (self->status_label, ch_member_get_status_label (self->member));
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label),
                                ch_member_status_to_string (status));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), self->member != NULL);
}

static void
ch_member_compact_row_dispose (GObject *object)
{
  ChMemberCompactRow *self = CH_MEMBER_COMPACT_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_MEMBER_COMPACT_ROW);
  /* The template's box has no id: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->member);

  G_OBJECT_CLASS (ch_member_compact_row_parent_class)->dispose (object);
}

static void
ch_member_compact_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_MEMBER:
      g_value_set_object (value, CH_MEMBER_COMPACT_ROW (object)->member);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_member_compact_row_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_MEMBER:
      ch_member_compact_row_set_member (CH_MEMBER_COMPACT_ROW (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_member_compact_row_class_init (ChMemberCompactRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_member_compact_row_dispose;
  object_class->get_property = ch_member_compact_row_get_property;
  object_class->set_property = ch_member_compact_row_set_property;

  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL, CH_TYPE_MEMBER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-member-compact-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChMemberCompactRow, company_label);
  gtk_widget_class_bind_template_child (widget_class, ChMemberCompactRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, ChMemberCompactRow, status_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "membercompactrow");
}

static void
ch_member_compact_row_init (ChMemberCompactRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_member_compact_row_new (void)
{
  return g_object_new (CH_TYPE_MEMBER_COMPACT_ROW, NULL);
}

ChMember *
ch_member_compact_row_get_member (ChMemberCompactRow *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_COMPACT_ROW (self), NULL);

  return self->member;
}

void
ch_member_compact_row_set_member (ChMemberCompactRow *self,
                                  ChMember           *member)
{
  g_return_if_fail (CH_IS_MEMBER_COMPACT_ROW (self));
  g_return_if_fail (member == NULL || CH_IS_MEMBER (member));

  if (g_set_object (&self->member, member))
    {
      update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);
    }
}
