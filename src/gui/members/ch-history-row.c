/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ch-history-row.h"
#include "ch-date-text.h"

struct _ChHistoryRow
{
  AdwActionRow  parent_instance;

  GtkImage     *icon;

  ChHistoryKind kind;
};

G_DEFINE_FINAL_TYPE (ChHistoryRow, ch_history_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
kind_icon (ChHistoryKind kind)
{
  switch (kind)
    {
    case CH_HISTORY_JOIN: return "list-add-symbolic";
    case CH_HISTORY_RENEW: return "view-refresh-symbolic";
    case CH_HISTORY_UPGRADE: return "go-up-symbolic";
    case CH_HISTORY_PAYMENT: return "emblem-ok-symbolic";
    case CH_HISTORY_LAPSE: return "dialog-warning-symbolic";
    case CH_HISTORY_REJOIN: return "edit-redo-symbolic";
    case CH_HISTORY_LEAVE: return "system-log-out-symbolic";
    case CH_HISTORY_ROLE_START: return "starred-symbolic";
    case CH_HISTORY_ROLE_END: return "non-starred-symbolic";
    default: return "emblem-documents-symbolic";
    }
}

static void
ch_history_row_set_kind (ChHistoryRow  *self,
                         ChHistoryKind  kind)
{
  gboolean gap = kind == CH_HISTORY_LAPSE || kind == CH_HISTORY_LEAVE ||
                 kind == CH_HISTORY_REJOIN;

  self->kind = kind;
  gtk_image_set_from_icon_name (self->icon, kind_icon (kind));
  if (gap)
    gtk_widget_add_css_class (GTK_WIDGET (self), "history-gap");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "history-gap");
}

static void
ch_history_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, CH_HISTORY_ROW (object)->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_history_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_KIND:
      ch_history_row_set_kind (CH_HISTORY_ROW (object), g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_history_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_HISTORY_ROW);

  G_OBJECT_CLASS (ch_history_row_parent_class)->dispose (object);
}

static void
ch_history_row_class_init (ChHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ch_history_row_get_property;
  object_class->set_property = ch_history_row_set_property;
  object_class->dispose = ch_history_row_dispose;

  /* A ChHistoryKind */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChHistoryRow, icon);
}

static void
ch_history_row_init (ChHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_history_row_new (ChHistoryEntry *entry)
{
  const char *detail;
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (CH_IS_HISTORY_ENTRY (entry), NULL);

  date = ch_date_text_format_iso (ch_history_entry_get_date (entry));
  detail = ch_history_entry_get_detail (entry);
  subtitle = detail ? g_strdup_printf ("%s · %s", date ? date : "", detail)
                  : g_strdup (date);

  return g_object_new (CH_TYPE_HISTORY_ROW,
                       "kind", (int) ch_history_entry_get_kind (entry),
                       "title", ch_history_entry_get_title (entry),
                       "subtitle", subtitle,
                       NULL);
}

ChHistoryKind
ch_history_row_get_kind (ChHistoryRow *self)
{
  g_return_val_if_fail (CH_IS_HISTORY_ROW (self), 0);

  return self->kind;
}
