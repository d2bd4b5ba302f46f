/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-event-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-event-row.h"
#include "ch-registration.h"
#include "ch-time-zones.h"

struct _ChEventRow
{
  GtkListBoxRow  parent_instance;

  /* Template widgets */
  GtkLabel      *counts_label;
  GtkLabel      *status_label;
  GtkLabel      *title_label;
  GtkLabel      *when_label;

  ChEvent       *event;
  gboolean       upcoming;
  char          *month;
  char          *text;
};

G_DEFINE_FINAL_TYPE (ChEventRow, ch_event_row, GTK_TYPE_LIST_BOX_ROW)

static const char *modes[] = { CH_MODE_IN_PERSON, CH_MODE_ONLINE };

static char *
mode_counts_text (const char          *mode,
                  const ChEventCounts *counts)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean online = g_str_equal (mode, CH_MODE_ONLINE);

  if (counts->capacity == G_MAXUINT)
    g_string_append_printf (text, online ? ngettext ("%u online", "%u online",
                                                     counts->registered)
                                         : ngettext ("%u in person", "%u in person",
                                                     counts->registered),
                            counts->registered);
  else
    /* Translators: registered and capacity, e.g. "12/40 in person" */
    g_string_append_printf (text, online ? _("%u/%u online") : _("%u/%u in person"),
                            counts->registered, counts->capacity);
  if (counts->waitlisted > 0)
    {
      /* Translators: how many are on the waiting list, after "12/40 in person" */
      g_autofree char *waiting = g_strdup_printf (ngettext ("%u waiting", "%u waiting",
                                                            counts->waitlisted),
                                                  counts->waitlisted);

      /* Translators: %1$s is how many places are taken ("12/40 in person"),
       * %2$s how many wait ("3 waiting") */
      return g_strdup_printf (C_("places taken and waiting", "%1$s, %2$s"), text->str, waiting);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
ch_event_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_EVENT_ROW);

  G_OBJECT_CLASS (ch_event_row_parent_class)->dispose (object);
}

static void
ch_event_row_finalize (GObject *object)
{
  ChEventRow *self = CH_EVENT_ROW (object);

  g_clear_object (&self->event);
  g_free (self->month);
  g_free (self->text);

  G_OBJECT_CLASS (ch_event_row_parent_class)->finalize (object);
}

static void
ch_event_row_class_init (ChEventRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_event_row_dispose;
  object_class->finalize = ch_event_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-event-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChEventRow, counts_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventRow, when_label);
}

static void
ch_event_row_init (ChEventRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_event_row_new (ChEvent             *event,
                  const ChEventCounts *counts,
                  gboolean             upcoming)
{
  ChEventRow *self;
  g_autofree char *time_text = NULL;
  g_autofree char *line = NULL;
  g_autofree char *starts = NULL;
  g_autoptr(GString) counts_text = g_string_new (NULL);
  const char *title;

  g_return_val_if_fail (CH_IS_EVENT (event), NULL);

  self = g_object_new (CH_TYPE_EVENT_ROW, NULL);
  self->event = g_object_ref (event);
  self->upcoming = upcoming;
  starts = ch_event_dup_starts_local (event);
  self->month = starts != NULL && strlen (starts) >= 7 ? g_strndup (starts, 7) : g_strdup ("");

  title = ch_event_get_title (event);
  gtk_label_set_text (self->title_label, title);
  if (ch_event_is_cancelled (event))
    gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");

  if (!ch_event_is_published (event))
    {
      gtk_label_set_text (self->status_label, ch_event_status_label (ch_event_get_status (event)));
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label),
                                ch_event_is_cancelled (event) ? "lapsed" : "prospect");
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
    }

  time_text = ch_time_zones_format_event_short (event);
  /* Translators: when and how, e.g. "Tue 8 Dec, 18:00–20:00 · Hybrid" */
  line = g_strdup_printf (_("%s · %s"), time_text,
                          ch_event_format_label (ch_event_get_format (event)));
  gtk_label_set_text (self->when_label, line);

  for (guint m = 0; counts != NULL && m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *part = NULL;

      if (!ch_event_has_side (event, modes[m]))
        continue;
      part = mode_counts_text (modes[m], &counts[m]);
      if (counts_text->len > 0)
        g_string_append (counts_text, " · ");
      g_string_append (counts_text, part);
    }
  gtk_label_set_text (self->counts_label, counts_text->str);

  self->text = g_strdup_printf ("%s, %s, %s", title ? title : "", line, counts_text->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->text, -1);

  return GTK_WIDGET (self);
}

ChEvent *
ch_event_row_get_event (ChEventRow *self)
{
  g_return_val_if_fail (CH_IS_EVENT_ROW (self), NULL);

  return self->event;
}

gboolean
ch_event_row_get_upcoming (ChEventRow *self)
{
  g_return_val_if_fail (CH_IS_EVENT_ROW (self), FALSE);

  return self->upcoming;
}

const char *
ch_event_row_get_month (ChEventRow *self)
{
  g_return_val_if_fail (CH_IS_EVENT_ROW (self), NULL);

  return self->month;
}

const char *
ch_event_row_get_text (ChEventRow *self)
{
  g_return_val_if_fail (CH_IS_EVENT_ROW (self), NULL);

  return self->text;
}
