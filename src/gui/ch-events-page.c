/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-events-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ch-attendance-dialog.h"
#include "ch-check-in-window.h"
#include "ch-event-dialog.h"
#include "ch-events.h"
#include "ch-events-page.h"
#include "ch-gui-util.h"
#include "ch-person-dialog.h"
#include "ch-seat-moves.h"
#include "ch-time-zones.h"

struct _ChEventsPage
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkButton       *back_button;
  GtkFlowBox      *cards_box;
  GtkLabel        *count_label;
  GtkLabel        *description_label;
  GtkWidget       *detail;
  GtkListBox      *event_list;
  GtkLabel        *join_label;
  GtkLabel        *kind_label;
  AdwLeaflet      *leaflet;
  GtkListBox      *registration_list;
  GtkWidget       *sidebar;
  GtkStack        *stack;
  GtkLabel        *status_label;
  GtkLabel        *time_label;
  GtkLabel        *title_label;
  GtkLabel        *venue_label;

  ChSession       *session;
  ChStore         *store;        /* the session's */
  ChChapter       *chapter;      /* the session's */
  gulong           changed_id;
  ChGuiLazyLoad    lazy;
  char            *selected_id;
  JsonObject      *selected;        /* the selected event's row */
  guint            n_events;
  char            *mode_summary[2];
  GPtrArray       *event_texts;
  GPtrArray       *registration_texts;
  GPtrArray       *registration_ids;
  char            *last_toast;
  GPtrArray       *seat_moves;      /* moved to the waitlist by the last sync */
  gboolean         reloading;
};

G_DEFINE_FINAL_TYPE (ChEventsPage, ch_events_page, GTK_TYPE_WIDGET)

static const char *modes[] = { CH_MODE_IN_PERSON, CH_MODE_ONLINE };

/* ----------------------------------------------------------------------- */
/* Helpers                                                                   */

static void
show_toast (ChEventsPage *self,
            const char   *text)
{
  AdwToast *toast = adw_toast_new (text);

  g_free (self->last_toast);
  self->last_toast = g_strdup (text);

  adw_toast_set_timeout (toast, 6);
  ch_gui_add_toast (GTK_WIDGET (self), toast);
}

static gint64
int_member (JsonObject *row,
            const char *field,
            gint64      fallback)
{
  JsonNode *node;

  if (row == NULL || !json_object_has_member (row, field))
    return fallback;
  node = json_object_get_member (row, field);
  if (JSON_NODE_HOLDS_NULL (node))
    return fallback;

  return json_node_get_int (node);
}

static gboolean
format_has_mode (const char *format,
                 const char *mode)
{
  if (g_strcmp0 (format, CH_EVENT_FORMAT_HYBRID) == 0)
    return TRUE;
  if (g_strcmp0 (mode, CH_MODE_ONLINE) == 0)
    return g_strcmp0 (format, CH_EVENT_FORMAT_ONLINE) == 0;

  return g_strcmp0 (format, CH_EVENT_FORMAT_ONLINE) != 0;
}

/* "YYYY-MM-DD HH:MM" → a GDateTime with those fields (shown as is). */
static GDateTime *
parse_local (const char *local)
{
  int y, mo, d, h, mi;

  if (local == NULL || sscanf (local, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) != 5)
    return NULL;

  return g_date_time_new_utc (y, mo, d, h, mi, 0);
}

static char *
event_local (JsonObject *event,
             const char *field)
{
  return ch_event_utc_to_local (ch_gui_json_get_string (event, "timezone"),
                                ch_gui_json_get_string (event, field));
}

static char *
month_key (JsonObject *event)
{
  g_autofree char *starts = event_local (event, "starts_at");

  return starts != NULL && strlen (starts) >= 7 ? g_strndup (starts, 7) : g_strdup ("");
}

static char *
mode_counts_text (const char         *mode,
                  const ChModeCounts *counts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (counts->capacity == G_MAXUINT)
    g_string_append_printf (text, g_str_equal (mode, CH_MODE_ONLINE) ? _("%u online") : _("%u in person"),
                            counts->registered);
  else
    /* Translators: registered and capacity, e.g. "12/40 in person" */
    g_string_append_printf (text, g_str_equal (mode, CH_MODE_ONLINE) ? _("%u/%u online") : _("%u/%u in person"),
                            counts->registered, counts->capacity);
  if (counts->waitlisted > 0)
    g_string_append_printf (text, ngettext (", %u waiting", ", %u waiting", counts->waitlisted),
                            counts->waitlisted);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ----------------------------------------------------------------------- */
/* The list of events                                                        */

static GtkWidget *
make_event_row (ChEventsPage *self,
                JsonObject   *event,
                gboolean      upcoming)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (ch_gui_json_get_string (event, "title"));
  GtkWidget *when;
  GtkWidget *counts_label;
  g_autofree char *time_text = ch_time_zones_format_event_short (event);
  g_autofree char *line = NULL;
  g_autoptr(GString) counts_text = g_string_new (NULL);
  const char *status = ch_gui_json_get_string (event, "status");
  const char *format = ch_gui_json_get_string (event, "format");
  ChModeCounts counts[2];

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (top), title);

  if (g_strcmp0 (status, CH_EVENT_STATUS_PUBLISHED) != 0)
    {
      GtkWidget *tag = gtk_label_new (ch_event_status_label (status));

      gtk_widget_add_css_class (tag, "status-pill");
      gtk_widget_add_css_class (tag, g_strcmp0 (status, CH_EVENT_STATUS_CANCELLED) == 0 ? "lapsed" : "prospect");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (top), tag);
    }
  gtk_box_append (GTK_BOX (box), top);

  /* Translators: when and how, e.g. "Tue 8 Dec, 18:00–20:00 · Hybrid" */
  line = g_strdup_printf (_("%s · %s"), time_text, ch_event_format_label (format));
  when = gtk_label_new (line);
  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_label_set_ellipsize (GTK_LABEL (when), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), when);

  if (ch_event_counts (self->store, ch_gui_json_get_string (event, "id"), counts, NULL))
    {
      for (guint m = 0; m < 2; m++)
        {
          g_autofree char *part = NULL;

          if (!format_has_mode (format, modes[m]))
            continue;
          part = mode_counts_text (modes[m], &counts[m]);
          if (counts_text->len > 0)
            g_string_append (counts_text, " · ");
          g_string_append (counts_text, part);
        }
    }
  counts_label = gtk_label_new (counts_text->str);
  gtk_label_set_xalign (GTK_LABEL (counts_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (counts_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (counts_label, "dim-label");
  gtk_widget_add_css_class (counts_label, "caption");
  gtk_box_append (GTK_BOX (box), counts_label);

  if (g_strcmp0 (status, CH_EVENT_STATUS_CANCELLED) == 0)
    gtk_widget_add_css_class (title, "dim-label");

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "event-id",
                          g_strdup (ch_gui_json_get_string (event, "id")), g_free);
  g_object_set_data_full (G_OBJECT (row), "month", month_key (event), g_free);
  g_object_set_data (G_OBJECT (row), "upcoming", GINT_TO_POINTER (upcoming));
  {
    g_autofree char *a11y = g_strdup_printf ("%s, %s, %s", ch_gui_json_get_string (event, "title"), line, counts_text->str);
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
    g_ptr_array_add (self->event_texts, g_steal_pointer (&a11y));
  }

  return row;
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const char *month = g_object_get_data (G_OBJECT (row), "month");
  gboolean upcoming = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "upcoming"));
  gboolean new_section = before == NULL ||
                         upcoming != GPOINTER_TO_INT (g_object_get_data (G_OBJECT (before), "upcoming"));
  GtkWidget *box;

  if (!new_section && g_strcmp0 (month, g_object_get_data (G_OBJECT (before), "month")) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 3);

  if (new_section)
    {
      GtkWidget *section = gtk_label_new (upcoming ? _("Upcoming") : _("Past"));

      gtk_label_set_xalign (GTK_LABEL (section), 0);
      gtk_widget_add_css_class (section, "title-4");
      gtk_box_append (GTK_BOX (box), section);
    }

  {
    g_autofree char *first = g_strdup_printf ("%s-01 00:00", month);
    g_autoptr(GDateTime) dt = parse_local (first);
    /* Translators: a month heading in the list of events, see strftime */
    g_autofree char *text = dt ? g_date_time_format (dt, _("%B %Y")) : g_strdup (month);
    GtkWidget *label = gtk_label_new (text);

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (label, "heading");
    gtk_widget_add_css_class (label, "dim-label");
    gtk_box_append (GTK_BOX (box), label);
  }

  gtk_list_box_row_set_header (row, box);
}

/* ----------------------------------------------------------------------- */
/* The detail                                                                */

static GtkWidget *
stat_line (GtkGrid    *grid,
           int         top,
           const char *what,
           guint       value)
{
  GtkWidget *name = gtk_label_new (what);
  g_autofree char *text = g_strdup_printf ("%u", value);
  GtkWidget *number = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (number), 1);
  gtk_widget_add_css_class (number, "numeric");
  gtk_grid_attach (grid, name, 0, top, 1, 1);
  gtk_grid_attach (grid, number, 1, top, 1, 1);

  return number;
}

static void
add_card (ChEventsPage       *self,
          guint               m,
          const ChModeCounts *counts)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (m == 0 ? _("In Person") : _("Online"));
  GtkWidget *summary;
  GtkWidget *grid = gtk_grid_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "event-card");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (card), title);

  if (counts->capacity == G_MAXUINT)
    g_string_printf (text, ngettext ("%u registered, no limit", "%u registered, no limit", counts->registered),
                     counts->registered);
  else if (counts->registered > counts->capacity)
    /* Translators: more people seated than the capacity (it was lowered,
     * or walk-ins came), e.g. "26 registered for 25 seats" */
    g_string_printf (text,
                     m == 0 ? ngettext ("%u registered for %u seat",
                                        "%u registered for %u seats", counts->capacity)
                            : ngettext ("%u registered for %u place",
                                        "%u registered for %u places", counts->capacity),
                     counts->registered, counts->capacity);
  else if (m == 0)
    /* Translators: e.g. "2 of 40 seats taken" */
    g_string_printf (text, ngettext ("%u of %u seat taken", "%u of %u seats taken", counts->capacity),
                     counts->registered, counts->capacity);
  else
    g_string_printf (text, ngettext ("%u of %u place taken", "%u of %u places taken", counts->capacity),
                     counts->registered, counts->capacity);
  if (counts->waitlisted > 0)
    g_string_append_printf (text, ngettext (", %u waiting", ", %u waiting", counts->waitlisted), counts->waitlisted);

  summary = gtk_label_new (text->str);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_widget_add_css_class (summary, "title-4");
  gtk_box_append (GTK_BOX (card), summary);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 3);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  stat_line (GTK_GRID (grid), 0, _("Registered"), counts->registered);
  stat_line (GTK_GRID (grid), 1, _("Waitlisted"), counts->waitlisted);
  stat_line (GTK_GRID (grid), 2, _("Attended"), counts->attended);
  stat_line (GTK_GRID (grid), 3, _("No-show"), counts->no_show);
  gtk_box_append (GTK_BOX (card), grid);

  g_free (self->mode_summary[m]);
  self->mode_summary[m] = g_strdup (text->str);

  gtk_flow_box_append (self->cards_box, card);
}

static void
on_attended_toggled_cb (GtkCheckButton *check,
                        ChEventsPage   *self)
{
  const char *id = g_object_get_data (G_OBJECT (check), "registration-id");
  g_autoptr(GError) error = NULL;

  if (self->reloading || self->store == NULL)
    return;

  if (!ch_registration_check_in (self->store, id, gtk_check_button_get_active (check),
                                 CH_CHECK_IN_MANUAL, -1, &error))
    show_toast (self, error->message);
}

static char *
registration_subtitle (JsonObject *reg)
{
  const char *state = ch_gui_json_get_string (reg, "state");
  const char *mode = ch_gui_json_get_string (reg, "mode");

  if (g_strcmp0 (state, CH_REG_WAITLISTED) == 0)
    /* Translators: mode and place on the waitlist, e.g. "In person · Waitlisted (1)" */
    return g_strdup_printf (_("%s · Waitlisted (%d)"), ch_mode_label (mode),
                            (int) int_member (reg, "waitlist_position", 0));
  if (g_strcmp0 (state, CH_REG_CANCELLED) == 0)
    return g_strdup_printf (_("%s · Cancelled"), ch_mode_label (mode));
  if (ch_gui_json_get_string (reg, "checked_in_at") != NULL)
    return g_strdup_printf (_("%s · Attended"), ch_mode_label (mode));

  return g_strdup_printf (_("%s · Registered"), ch_mode_label (mode));
}

static GtkWidget *
make_registration_row (ChEventsPage *self,
                       JsonObject   *reg,
                       const char   *format)
{
  GtkWidget *row = adw_action_row_new ();
  const char *id = ch_gui_json_get_string (reg, "id");
  const char *name = ch_gui_json_get_string (reg, "display_name");
  const char *state = ch_gui_json_get_string (reg, "state");
  const char *mode = ch_gui_json_get_string (reg, "mode");
  g_autofree char *subtitle = registration_subtitle (reg);
  g_autofree char *a11y = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *check, *button;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : "");
  if (ch_gui_json_get_string (reg, "email") != NULL &&
      ch_gui_json_get_string (reg, "member_id") == NULL)
    {
      g_autofree char *with_mail = g_strdup_printf (_("%s · Guest, %s"), subtitle, ch_gui_json_get_string (reg, "email"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), with_mail);
    }
  else if (ch_gui_json_get_string (reg, "member_id") == NULL)
    {
      g_autofree char *guest = g_strdup_printf (_("%s · Guest"), subtitle);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), guest);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (g_strcmp0 (state, CH_REG_CANCELLED) == 0)
    gtk_widget_add_css_class (row, "dim-label");
  else
    {
      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), ch_gui_json_get_string (reg, "checked_in_at") != NULL);
      gtk_widget_set_tooltip_text (check, _("Attended"));
      a11y = g_strdup_printf (_("%s attended"), name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      g_object_set_data_full (G_OBJECT (check), "registration-id", g_strdup (id), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (on_attended_toggled_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);

      if (g_strcmp0 (format, CH_EVENT_FORMAT_HYBRID) == 0)
        {
          g_autofree char *detailed = g_strdup_printf ("events.switch-mode('%s')", id);

          g_menu_append (menu, g_strcmp0 (mode, CH_MODE_ONLINE) == 0 ? _("Attend _In Person Instead")
                                                                     : _("Attend _Online Instead"),
                         detailed);
        }
      {
        g_autofree char *detailed = g_strdup_printf ("events.cancel-registration('%s')", id);

        g_menu_append (menu, _("_Cancel Registration"), detailed);
      }

      button = gtk_menu_button_new ();
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      g_clear_pointer (&a11y, g_free);
      a11y = g_strdup_printf (_("Registration of %s"), name);
      gtk_widget_set_tooltip_text (button, a11y);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  {
    const char *shown = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

    g_ptr_array_add (self->registration_texts, g_strdup_printf ("%s — %s", name, shown));
    g_ptr_array_add (self->registration_ids, g_strdup (id));
  }

  return row;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else if (GTK_IS_FLOW_BOX (box))
        gtk_flow_box_remove (GTK_FLOW_BOX (box), child);
    }
}

static void
update_actions (ChEventsPage *self)
{
  const char *status = ch_gui_json_get_string (self->selected, "status");
  const char *format = ch_gui_json_get_string (self->selected, "format");
  gboolean has = self->selected != NULL;
  gboolean live = has && g_strcmp0 (status, CH_EVENT_STATUS_CANCELLED) != 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.edit", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.duplicate", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.cancel-event", live);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.export", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.add-to-calendar", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.import-attendance",
                                 has && g_strcmp0 (format, CH_EVENT_FORMAT_IN_PERSON) != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.check-in",
                                 live && g_strcmp0 (format, CH_EVENT_FORMAT_ONLINE) != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.register-member", live);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.add-guest", live);
}

static void
show_detail (ChEventsPage *self)
{
  JsonObject *event = self->selected;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GPtrArray) regs = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GString) venue = g_string_new (NULL);
  const char *status, *format, *description, *url;
  ChModeCounts counts[2];

  self->reloading = TRUE;

  clear_box (GTK_WIDGET (self->cards_box));
  clear_box (GTK_WIDGET (self->registration_list));
  g_ptr_array_set_size (self->registration_texts, 0);
  g_ptr_array_set_size (self->registration_ids, 0);
  for (guint m = 0; m < 2; m++)
    g_clear_pointer (&self->mode_summary[m], g_free);

  update_actions (self);
  gtk_widget_set_visible (self->detail, event != NULL);
  if (event == NULL)
    {
      self->reloading = FALSE;
      return;
    }

  status = ch_gui_json_get_string (event, "status");
  format = ch_gui_json_get_string (event, "format");
  gtk_label_set_text (self->title_label, ch_gui_json_get_string (event, "title"));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), g_strcmp0 (status, CH_EVENT_STATUS_PUBLISHED) != 0);
  gtk_label_set_text (self->status_label, ch_event_status_label (status));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "lapsed");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "prospect");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label),
                            g_strcmp0 (status, CH_EVENT_STATUS_CANCELLED) == 0 ? "lapsed" : "prospect");

  {
    /* Translators: kind and format of an event, e.g. "Chapter meeting · Hybrid" */
    g_autofree char *kind = g_strdup_printf (_("%s · %s"), ch_event_kind_label (ch_gui_json_get_string (event, "kind")),
                                             ch_event_format_label (format));
    gtk_label_set_text (self->kind_label, kind);
  }

  when = ch_event_describe_time (event, g_time_zone_get_identifier (local));
  {
    /* "(Europe/Stockholm)" stays on one line: no break after the slash
     * (U+2060 WORD JOINER). */
    g_auto(GStrv) parts = g_strsplit (when ? when : "", "/", -1);
    g_autofree char *unbroken = g_strjoinv ("/\u2060", parts);

    gtk_label_set_text (self->time_label, unbroken);
  }

  if (format_has_mode (format, CH_MODE_IN_PERSON))
    {
      if (ch_gui_json_get_string (event, "venue_name") != NULL)
        g_string_append (venue, ch_gui_json_get_string (event, "venue_name"));
      if (ch_gui_json_get_string (event, "venue_address") != NULL)
        {
          if (venue->len > 0)
            g_string_append (venue, "\n");
          g_string_append (venue, ch_gui_json_get_string (event, "venue_address"));
        }
    }
  gtk_label_set_text (self->venue_label, venue->str);
  gtk_widget_set_visible (GTK_WIDGET (self->venue_label), venue->len > 0);

  url = format_has_mode (format, CH_MODE_ONLINE) ?
        ch_gui_json_get_string (event, "join_url") : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->join_label), url != NULL);
  if (url != NULL)
    {
      /* Translators: the link to an online meeting; %s is its address */
      g_autofree char *markup = g_markup_printf_escaped (_("Join online: <a href=\"%s\">%s</a>"), url, url);

      gtk_label_set_markup (self->join_label, markup);
    }

  description = ch_gui_json_get_string (event, "description");
  gtk_label_set_text (self->description_label, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL);

  if (ch_event_counts (self->store, ch_gui_json_get_string (event, "id"), counts, NULL))
    for (guint m = 0; m < 2; m++)
      if (format_has_mode (format, modes[m]))
        add_card (self, m, &counts[m]);

  regs = ch_registration_list (self->store, ch_gui_json_get_string (event, "id"), NULL);
  for (guint i = 0; regs != NULL && i < regs->len; i++)
    gtk_list_box_append (self->registration_list, make_registration_row (self, g_ptr_array_index (regs, i), format));

  if (regs == NULL || regs->len == 0)
    {
      GtkWidget *empty = gtk_label_new (_("Nobody has registered yet."));

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_widget_set_margin_top (empty, 18);
      gtk_widget_set_margin_bottom (empty, 18);
      gtk_list_box_append (self->registration_list, empty);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (empty)), FALSE);
    }

  self->reloading = FALSE;
}

static void
select_row_for (ChEventsPage *self,
                const char   *id)
{
  GtkWidget *child;
  GtkWidget *first = NULL;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->event_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *row_id;

      if (!GTK_IS_LIST_BOX_ROW (child))
        continue;
      row_id = g_object_get_data (G_OBJECT (child), "event-id");
      if (first == NULL)
        first = child;
      if (g_strcmp0 (row_id, id) == 0)
        {
          gtk_list_box_select_row (self->event_list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }

  /* Nothing asked for, or it is gone: the soonest upcoming. */
  if (first != NULL)
    gtk_list_box_select_row (self->event_list, GTK_LIST_BOX_ROW (first));
  else
    gtk_list_box_select_row (self->event_list, NULL);
}

void
ch_events_page_reload (ChEventsPage *self)
{
  g_autoptr(GPtrArray) upcoming = NULL;
  g_autoptr(GPtrArray) past = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *count = NULL;

  g_return_if_fail (CH_IS_EVENTS_PAGE (self));

  ch_gui_lazy_load_done (&self->lazy);

  keep = g_strdup (self->selected_id);
  self->reloading = TRUE;
  clear_box (GTK_WIDGET (self->event_list));
  self->reloading = FALSE;
  self->n_events = 0;
  g_ptr_array_set_size (self->event_texts, 0);

  if (self->store == NULL || self->chapter == NULL)
    {
      g_clear_pointer (&self->selected, json_object_unref);
      show_detail (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  upcoming = ch_event_list (self->store, ch_chapter_get_id (self->chapter), TRUE, NULL);
  past = ch_event_list (self->store, ch_chapter_get_id (self->chapter), FALSE, NULL);

  self->reloading = TRUE;
  for (guint i = 0; upcoming && i < upcoming->len; i++)
    gtk_list_box_append (self->event_list, make_event_row (self, g_ptr_array_index (upcoming, i), TRUE));
  for (guint i = 0; past && i < past->len; i++)
    gtk_list_box_append (self->event_list, make_event_row (self, g_ptr_array_index (past, i), FALSE));
  self->reloading = FALSE;

  self->n_events = (upcoming ? upcoming->len : 0) + (past ? past->len : 0);
  count = g_strdup_printf (ngettext ("%u upcoming", "%u upcoming", upcoming ? upcoming->len : 0),
                           upcoming ? upcoming->len : 0);
  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, self->n_events > 0 ? "events" : "empty");

  g_free (self->selected_id);
  self->selected_id = g_steal_pointer (&keep);
  if (self->n_events == 0)
    {
      g_clear_pointer (&self->selected, json_object_unref);
      show_detail (self);
      return;
    }
  select_row_for (self, self->selected_id);
}

/* The list is made when the page is shown (or asked about), not when the
 * chapter opens: the window's first frame must not wait for it.  Public
 * functions and actions that read it make it first. */
static ChEventsPage *
loaded (GtkWidget *widget)
{
  ChEventsPage *self = CH_EVENTS_PAGE (widget);

  ch_gui_lazy_load_ensure (&self->lazy);
  return self;
}

static void
on_store_changed_cb (ChEventsPage *self,
                     const char   *entity,
                     const char   *id,
                     ChStore      *store)
{
  if (entity != NULL && !g_str_equal (entity, "event") && !g_str_equal (entity, "registration") &&
      !g_str_equal (entity, "member") && !g_str_equal (entity, "chapter"))
    return;

  /* Several changes (a cancellation that promotes) come as one reload;
   * a hidden page waits until shown. */
  ch_gui_lazy_load_queue (&self->lazy);
}

static void
on_event_selected_cb (ChEventsPage  *self,
                      GtkListBoxRow *row,
                      GtkListBox    *box)
{
  const char *id;

  if (self->reloading)
    return;

  id = row ? g_object_get_data (G_OBJECT (row), "event-id") : NULL;
  g_clear_pointer (&self->selected, json_object_unref);
  if (id != NULL)
    self->selected = ch_store_get_row (self->store, "event", id, NULL);
  if (id != NULL && id != self->selected_id)
    {
      g_free (self->selected_id);
      self->selected_id = g_strdup (id);
    }

  show_detail (self);
}

static void
on_event_activated_cb (ChEventsPage  *self,
                       GtkListBoxRow *row,
                       GtkListBox    *box)
{
  adw_leaflet_set_visible_child (self->leaflet, self->detail);
}

/* ----------------------------------------------------------------------- */
/* Event actions                                                             */

static void
on_event_saved_cb (ChEventsPage  *self,
                   const char    *event_id,
                   ChEventDialog *dialog)
{
  g_free (self->selected_id);
  self->selected_id = g_strdup (event_id);
  ch_events_page_reload (self);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  ch_events_page_new_event (CH_EVENTS_PAGE (widget));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ChEventsPage *self = loaded (widget);

  if (self->selected_id != NULL)
    ch_events_page_edit_event (self, self->selected_id);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ChEventsPage *self = loaded (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;

  if (self->selected_id == NULL)
    return;

  if (!ch_event_duplicate (self->store, self->selected_id, &copy, &error))
    {
      show_toast (self, error->message);
      return;
    }

  /* Next month's meeting in two clicks: the copy opens for a look. */
  g_free (self->selected_id);
  self->selected_id = g_strdup (copy);
  ch_events_page_reload (self);
  ch_events_page_edit_event (self, copy);
}

static void
on_cancel_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       ChEventsPage     *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "event-id");

  if (g_strcmp0 (response, "cancel-event") == 0)
    ch_events_page_cancel_event (self, id);
}

static void
cancel_event_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  ChEventsPage *self = loaded (widget);
  GtkWidget *dialog;

  if (self->selected == NULL)
    return;

  /* Translators: %s is the event's title */
  dialog = adw_message_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Cancel “%s”?"),
                                     ch_gui_json_get_string (self->selected, "title"));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The event stays in the list as cancelled, with its registrations. "
                                 "Calendars that import it again will show it as cancelled."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Event"),
                                    "cancel-event", _("_Cancel Event"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-event",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data_full (G_OBJECT (dialog), "event-id", g_strdup (self->selected_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
ics_file_name (JsonObject *event)
{
  g_autofree char *title = g_strdup (ch_gui_json_get_string (event, "title"));
  g_autofree char *starts = event_local (event, "starts_at");

  g_strdelimit (title, "/\\:*?\"<>|", '-');
  return g_strdup_printf ("%s %.10s.ics", title ? title : "event", starts ? starts : "");
}

static gboolean
write_ics (ChEventsPage  *self,
           GFile         *file,
           GError       **error)
{
  g_autofree char *ics = ch_ics_export (self->store, ch_chapter_get_id (self->chapter), self->selected_id, error);

  if (ics == NULL)
    return FALSE;

  return g_file_replace_contents (file, ics, strlen (ics), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error);
}

static void
on_export_response_cb (GtkNativeDialog *native,
                       int              response,
                       ChEventsPage    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      ch_events_page_export_to_file (self, file, NULL);
    }

  g_object_unref (native);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ChEventsPage *self = loaded (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->selected == NULL)
    return;

  native = gtk_file_chooser_native_new (_("Export to Calendar File"),
                                        ch_gui_get_parent_window (GTK_WIDGET (self)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = ics_file_name (self->selected);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_file_filter_set_name (filter, _("Calendar files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_suffix (filter, "ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
launch_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ChEventsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("No calendar program opened the event: %s"), error->message);
      show_toast (self, text);
    }
}

static void
add_to_calendar_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  ChEventsPage *self = loaded (widget);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "chapterhouse", NULL);
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (self->selected == NULL)
    return;

  base = g_strdup_printf ("event-%s.ics", self->selected_id);
  path = g_build_filename (dir, base, NULL);
  file = g_file_new_for_path (path);

  if (g_mkdir_with_parents (dir, 0700) != 0 || !write_ics (self, file, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not write the calendar file: %s"),
                                               error ? error->message : g_strerror (errno));
      show_toast (self, text);
      return;
    }

  uri = g_file_get_uri (file);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_done_cb, g_object_ref (self));
}

/* ----------------------------------------------------------------------- */
/* Attendance reports                                                        */

static void
on_attendance_applied_cb (ChEventsPage       *self,
                          guint               n,
                          ChAttendanceDialog *dialog)
{
  g_autofree char *text = g_strdup_printf (ngettext ("%u person marked as attended online",
                                                     "%u people marked as attended online", n), n);
  show_toast (self, text);
}

static void
report_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ChEventsPage) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChAttendanceReport) report = NULL;
  g_autofree char *event_id = g_strdup (g_object_get_data (object, "event-id"));
  ChAttendanceDialog *dialog;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not read the report: %s"), error->message);
          show_toast (self, text);
        }
      return;
    }

  if (self->store == NULL || event_id == NULL)
    return;

  if (!(report = ch_attendance_parse (bytes, &error)) ||
      !ch_attendance_match (self->store, event_id, report, &error))
    {
      GtkWidget *alert = adw_message_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)), _("This Report Cannot Be Read"),
                                                 error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
      return;
    }

  dialog = ch_attendance_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)), self->session,
                                     event_id, g_steal_pointer (&report));
  g_signal_connect_object (dialog, "applied", G_CALLBACK (on_attendance_applied_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_response_cb (GtkNativeDialog *native,
                       int              response,
                       ChEventsPage    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      ch_events_page_import_report (self, g_object_get_data (G_OBJECT (native), "event-id"), file);
    }

  g_object_unref (native);
}

static void
import_attendance_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  ChEventsPage *self = loaded (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->selected == NULL)
    return;

  native = gtk_file_chooser_native_new (_("Import Attendance Report"),
                                        ch_gui_get_parent_window (GTK_WIDGET (self)),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Teams or Zoom reports (.csv, .tsv, .txt)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_object_set_data_full (G_OBJECT (native), "event-id", g_strdup (self->selected_id), g_free);
  g_signal_connect_object (native, "response", G_CALLBACK (on_import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
check_in_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ch_events_page_open_check_in (CH_EVENTS_PAGE (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ChEventsPage *self = loaded (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

/* ----------------------------------------------------------------------- */
/* Registrations                                                             */

static char *
registration_name (ChEventsPage *self,
                   const char   *registration_id)
{
  g_autoptr(JsonObject) reg = ch_store_get_row (self->store, "registration", registration_id, NULL);
  g_autoptr(GPtrArray) regs = NULL;

  if (reg == NULL)
    return NULL;

  regs = ch_registration_list (self->store, ch_gui_json_get_string (reg, "event_id"), NULL);
  for (guint i = 0; regs != NULL && i < regs->len; i++)
    if (g_strcmp0 (ch_gui_json_get_string (g_ptr_array_index (regs, i), "id"),
                   registration_id) == 0)
      return g_strdup (ch_gui_json_get_string (g_ptr_array_index (regs, i), "display_name"));

  return NULL;
}

static void
toast_promoted (ChEventsPage *self,
                const char   *promoted_id)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (promoted_id == NULL)
    return;

  name = registration_name (self, promoted_id);
  /* Translators: %s is a person's name */
  text = g_strdup_printf (_("%s moved up from the waitlist"), name ? name : _("Somebody"));
  show_toast (self, text);
}

static void
on_person_chosen_cb (ChPersonDialog *dialog,
                     const char     *member_id,
                     const char     *guest_name,
                     const char     *guest_email,
                     const char     *mode,
                     ChEventsPage   *self)
{
  const char *event_id = g_object_get_data (G_OBJECT (dialog), "event-id");
  const char *default_mode = g_object_get_data (G_OBJECT (dialog), "mode");
  g_autoptr(GError) error = NULL;
  g_autofree char *reg_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  gboolean waitlisted = FALSE;

  if (mode == NULL)
    mode = default_mode;

  if (!ch_registration_add (self->store, event_id, member_id, guest_name, guest_email, mode,
                            &reg_id, &waitlisted, &error))
    {
      ch_person_dialog_show_error (dialog, error->message);
      return;
    }

  gtk_window_close (GTK_WINDOW (dialog));

  name = registration_name (self, reg_id);
  if (waitlisted)
    /* Translators: a name and "in person" or "online" */
    text = g_strdup_printf (_("%s is on the waitlist: all places %s are taken"), name ? name : guest_name,
                            g_str_equal (mode, CH_MODE_ONLINE) ? _("online") : _("in person"));
  else
    text = g_strdup_printf (_("%s is registered"), name ? name : guest_name);
  show_toast (self, text);
  ch_events_page_reload (self);
}

static void
open_person_dialog (ChEventsPage *self,
                    ChPersonKind  kind)
{
  const char *format = ch_gui_json_get_string (self->selected, "format");
  gboolean hybrid = g_strcmp0 (format, CH_EVENT_FORMAT_HYBRID) == 0;
  const char *mode = g_strcmp0 (format, CH_EVENT_FORMAT_ONLINE) == 0 ? CH_MODE_ONLINE : CH_MODE_IN_PERSON;
  ChPersonDialog *dialog;

  if (self->selected == NULL)
    return;

  dialog = ch_person_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)), self->session,
                                 kind, TRUE,
                                 kind == CH_PERSON_GUEST ? _("Add a Guest") : _("Register a Member"),
                                 _("_Register"), hybrid, mode);
  g_object_set_data_full (G_OBJECT (dialog), "event-id", g_strdup (self->selected_id), g_free);
  g_object_set_data (G_OBJECT (dialog), "mode", (gpointer) mode);
  g_signal_connect_object (dialog, "chosen", G_CALLBACK (on_person_chosen_cb), self, 0);

  {
    g_autoptr(GPtrArray) regs = ch_registration_list (self->store, self->selected_id, NULL);
    g_autoptr(GPtrArray) taken = g_ptr_array_new ();

    for (guint i = 0; regs != NULL && i < regs->len; i++)
      {
        JsonObject *reg = g_ptr_array_index (regs, i);

        if (ch_gui_json_get_string (reg, "member_id") != NULL && g_strcmp0 (ch_gui_json_get_string (reg, "state"), CH_REG_CANCELLED) != 0)
          g_ptr_array_add (taken, (gpointer) ch_gui_json_get_string (reg, "member_id"));
      }
    g_ptr_array_add (taken, NULL);
    ch_person_dialog_set_taken (dialog, (const char * const *) taken->pdata, _("Already registered"));
  }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
register_member_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  open_person_dialog (loaded (widget), CH_PERSON_MEMBER);
}

static void
add_guest_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  open_person_dialog (loaded (widget), CH_PERSON_GUEST);
}

static void
cancel_registration_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  ChEventsPage *self = loaded (widget);
  const char *id = g_variant_get_string (param, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *promoted = NULL;
  g_autofree char *name = registration_name (self, id);

  if (!ch_registration_cancel (self->store, id, &promoted, &error))
    {
      show_toast (self, error->message);
      return;
    }

  if (promoted != NULL)
    toast_promoted (self, promoted);
  else
    {
      /* Translators: %s is a person's name */
      g_autofree char *text = g_strdup_printf (_("Registration of %s cancelled"), name ? name : "");
      show_toast (self, text);
    }
  ch_events_page_reload (self);
}

static void
switch_mode_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ChEventsPage *self = loaded (widget);
  const char *id = g_variant_get_string (param, NULL);
  g_autoptr(JsonObject) reg = ch_store_get_row (self->store, "registration", id, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *promoted = NULL;
  g_autofree char *name = registration_name (self, id);
  const char *to;
  gboolean waitlisted = FALSE;

  if (reg == NULL)
    return;

  to = g_strcmp0 (ch_gui_json_get_string (reg, "mode"), CH_MODE_ONLINE) == 0 ? CH_MODE_IN_PERSON : CH_MODE_ONLINE;
  if (!ch_registration_set_mode (self->store, id, to, &waitlisted, &promoted, &error))
    {
      show_toast (self, error->message);
      return;
    }

  if (waitlisted)
    {
      g_autofree char *text = g_strdup_printf (_("%s is on the waitlist: all places %s are taken"), name,
                                               g_str_equal (to, CH_MODE_ONLINE) ? _("online") : _("in person"));
      show_toast (self, text);
    }
  else if (promoted != NULL)
    toast_promoted (self, promoted);

  ch_events_page_reload (self);
}

/* ----------------------------------------------------------------------- */

static void
ch_events_page_dispose (GObject *object)
{
  ChEventsPage *self = CH_EVENTS_PAGE (object);

  ch_gui_lazy_load_done (&self->lazy);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  /* Removing the rows selects none: nothing to show any more. */
  self->reloading = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_EVENTS_PAGE);

  G_OBJECT_CLASS (ch_events_page_parent_class)->dispose (object);
}

static void
ch_events_page_finalize (GObject *object)
{
  ChEventsPage *self = CH_EVENTS_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->chapter);
  g_clear_pointer (&self->selected, json_object_unref);
  g_free (self->selected_id);
  g_free (self->last_toast);
  for (guint m = 0; m < 2; m++)
    g_free (self->mode_summary[m]);
  g_ptr_array_unref (self->event_texts);
  g_ptr_array_unref (self->registration_texts);
  g_ptr_array_unref (self->registration_ids);
  g_ptr_array_unref (self->seat_moves);

  G_OBJECT_CLASS (ch_events_page_parent_class)->finalize (object);
}

static void
ch_events_page_class_init (ChEventsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_events_page_dispose;
  object_class->finalize = ch_events_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ch-events-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, detail);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, event_list);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, join_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, kind_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, registration_list);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, ChEventsPage, venue_label);
  gtk_widget_class_bind_template_callback (widget_class, on_event_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_event_activated_cb);

  gtk_widget_class_install_action (widget_class, "events.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "events.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "events.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "events.cancel-event", NULL, cancel_event_action);
  gtk_widget_class_install_action (widget_class, "events.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "events.add-to-calendar", NULL, add_to_calendar_action);
  gtk_widget_class_install_action (widget_class, "events.import-attendance", NULL, import_attendance_action);
  gtk_widget_class_install_action (widget_class, "events.check-in", NULL, check_in_action);
  gtk_widget_class_install_action (widget_class, "events.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "events.register-member", NULL, register_member_action);
  gtk_widget_class_install_action (widget_class, "events.add-guest", NULL, add_guest_action);
  gtk_widget_class_install_action (widget_class, "events.cancel-registration", "s", cancel_registration_action);
  gtk_widget_class_install_action (widget_class, "events.switch-mode", "s", switch_mode_action);
}

static void
ch_events_page_init (ChEventsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ch_gui_lazy_load_init (&self->lazy, GTK_WIDGET (self), (ChGuiLoadFunc) ch_events_page_reload, 0);

  self->event_texts = g_ptr_array_new_with_free_func (g_free);
  self->registration_texts = g_ptr_array_new_with_free_func (g_free);
  self->registration_ids = g_ptr_array_new_with_free_func (g_free);
  self->seat_moves = g_ptr_array_new_with_free_func (g_free);
  gtk_list_box_set_header_func (self->event_list, header_func, NULL, NULL);
  show_detail (self);
}

/* ----------------------------------------------------------------------- */
/* Public                                                                    */

static void
set_chapter (ChEventsPage *self,
             ChStore      *store,
             ChChapter    *chapter)
{
  if (self->store != store)
    {
      if (self->store != NULL)
        g_clear_signal_handler (&self->changed_id, self->store);
      g_set_object (&self->store, store);
      if (store != NULL)
        self->changed_id = g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb),
                                                    self, G_CONNECT_SWAPPED);
    }

  if (self->chapter == NULL || chapter == NULL ||
      g_strcmp0 (ch_chapter_get_id (self->chapter), ch_chapter_get_id (chapter)) != 0)
    g_clear_pointer (&self->selected_id, g_free);
  g_set_object (&self->chapter, chapter);

  ch_gui_lazy_load_invalidate (&self->lazy);
}

static void
on_session_chapter_cb (ChEventsPage *self,
                       GParamSpec   *pspec,
                       ChSession    *session)
{
  set_chapter (self, ch_session_get_store (session), ch_session_get_chapter (session));
}

void
ch_events_page_set_session (ChEventsPage *self,
                            ChSession    *session)
{
  g_return_if_fail (CH_IS_EVENTS_PAGE (self));
  g_return_if_fail (CH_IS_SESSION (session));

  g_set_object (&self->session, session);
  g_signal_connect_object (session, "notify::chapter", G_CALLBACK (on_session_chapter_cb), self,
                           G_CONNECT_SWAPPED);
  on_session_chapter_cb (self, NULL, session);
}

ChEventDialog *
ch_events_page_new_event (ChEventsPage *self)
{
  return ch_events_page_edit_event (self, NULL);
}

ChEventDialog *
ch_events_page_edit_event (ChEventsPage *self,
                           const char   *event_id)
{
  ChEventDialog *dialog;

  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);

  if (self->store == NULL || self->chapter == NULL)
    return NULL;

  dialog = ch_event_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)), self->store,
                                self->chapter, event_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_event_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

gboolean
ch_events_page_select_event (ChEventsPage *self,
                             const char   *event_id)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), FALSE);
  ch_gui_lazy_load_ensure (&self->lazy);

  select_row_for (self, event_id);
  return g_strcmp0 (self->selected_id, event_id) == 0;
}

const char *
ch_events_page_get_selected_id (ChEventsPage *self)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  return self->selected != NULL ? self->selected_id : NULL;
}

gboolean
ch_events_page_cancel_event (ChEventsPage *self,
                             const char   *event_id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), FALSE);

  if (!ch_event_cancel (self->store, event_id, &error))
    {
      show_toast (self, error->message);
      return FALSE;
    }

  show_toast (self, _("Event cancelled. Export it to calendars again to tell people."));
  ch_events_page_reload (self);
  return TRUE;
}

ChCheckInWindow *
ch_events_page_open_check_in (ChEventsPage *self)
{
  ChCheckInWindow *window;

  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  if (self->selected_id == NULL || self->store == NULL)
    return NULL;

  window = ch_check_in_window_new (ch_gui_get_parent_window (GTK_WIDGET (self)), self->session,
                                   self->selected_id);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

const char *
ch_events_page_get_state (ChEventsPage *self)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  return gtk_stack_get_visible_child_name (self->stack);
}

guint
ch_events_page_get_n_events (ChEventsPage *self)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), 0);
  ch_gui_lazy_load_ensure (&self->lazy);

  return self->n_events;
}

const char *
ch_events_page_get_mode_summary (ChEventsPage *self,
                                 const char   *mode)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  return self->mode_summary[g_strcmp0 (mode, CH_MODE_ONLINE) == 0 ? 1 : 0];
}

const char *
ch_events_page_get_event_text (ChEventsPage *self,
                               guint         index)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  return index < self->event_texts->len ? g_ptr_array_index (self->event_texts, index) : NULL;
}

guint
ch_events_page_get_n_registrations (ChEventsPage *self)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), 0);
  ch_gui_lazy_load_ensure (&self->lazy);

  return self->registration_texts->len;
}

const char *
ch_events_page_get_registration_text (ChEventsPage *self,
                                      guint         index)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  return index < self->registration_texts->len ? g_ptr_array_index (self->registration_texts, index) : NULL;
}

const char *
ch_events_page_get_registration_id (ChEventsPage *self,
                                    guint         index)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);
  ch_gui_lazy_load_ensure (&self->lazy);

  return index < self->registration_ids->len ? g_ptr_array_index (self->registration_ids, index) : NULL;
}

const char *
ch_events_page_get_last_toast (ChEventsPage *self)
{
  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);

  return self->last_toast;
}

gboolean
ch_events_page_export_to_file (ChEventsPage  *self,
                               GFile         *file,
                               GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  ch_gui_lazy_load_ensure (&self->lazy);

  if (self->selected_id == NULL || self->store == NULL)
    {
      g_set_error_literal (&local_error, CH_EVENTS_ERROR, CH_EVENTS_ERROR_INVALID, _("Choose an event first."));
    }
  else if (write_ics (self, file, &local_error))
    {
      show_toast (self, _("Calendar file saved. Send it to members or import it in a calendar."));
      return TRUE;
    }

  {
    /* Translators: %s says why, e.g. "Permission denied" */
    g_autofree char *text = g_strdup_printf (_("Could not save the calendar file: %s"), local_error->message);
    show_toast (self, text);
  }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
on_seat_moves_clicked_cb (ChEventsPage *self)
{
  ch_events_page_show_seat_moves (self);
}

void
ch_events_page_report_reconciled (ChEventsPage       *self,
                                  const char * const *ids)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CH_IS_EVENTS_PAGE (self));

  if (self->store != NULL)
    {
      g_ptr_array_set_size (self->seat_moves, 0);
      text = ch_seat_moves_describe (self->store, ids, self->seat_moves);
    }

  if (text != NULL && self->seat_moves->len > 0)
    {
      /* Somebody was promised a seat here: say who, and offer what to do. */
      AdwToast *toast = adw_toast_new (text);

      g_free (self->last_toast);
      self->last_toast = g_strdup (text);
      adw_toast_set_button_label (toast, _("_Details"));
      /* Not an "events." action: the toast lives in the window's overlay,
       * outside this page, where the page's actions are not found. */
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_seat_moves_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, 10);
      ch_gui_add_toast (GTK_WIDGET (self), toast);
    }
  else if (text != NULL)
    show_toast (self, text);

  ch_gui_lazy_load_invalidate (&self->lazy);
}

GtkWidget *
ch_events_page_show_seat_moves (ChEventsPage *self)
{
  GtkWidget *dialog;

  g_return_val_if_fail (CH_IS_EVENTS_PAGE (self), NULL);

  if (self->store == NULL || self->seat_moves->len == 0)
    return NULL;

  dialog = ch_seat_moves_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)),
                                     GTK_WIDGET (self), self->store, self->seat_moves);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

void
ch_events_page_import_report (ChEventsPage *self,
                              const char   *event_id,
                              GFile        *file)
{
  g_return_if_fail (CH_IS_EVENTS_PAGE (self));
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  /* Reports can be large: read them off the main thread. */
  g_object_set_data_full (G_OBJECT (file), "event-id", g_strdup (event_id), g_free);
  g_file_load_bytes_async (file, NULL, report_loaded_cb, g_object_ref (self));
}
