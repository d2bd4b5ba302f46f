/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-registration-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-registration-row.h"

struct _ChRegistrationRow
{
  AdwActionRow    parent_instance;

  /* Template widgets */
  GtkCheckButton *attended_check;
  GtkMenuButton  *menu_button;

  ChRegistration *registration;
  gboolean        filling;
};

G_DEFINE_FINAL_TYPE (ChRegistrationRow, ch_registration_row, ADW_TYPE_ACTION_ROW)

static char *
state_text (ChRegistration *reg)
{
  const char *mode = ch_registration_mode_label (ch_registration_get_mode (reg));

  if (ch_registration_is_waitlisted (reg))
    /* Translators: mode and place on the waitlist, e.g. "In person · Waitlisted (1)" */
    return g_strdup_printf (_("%s · Waitlisted (%d)"), mode,
                            (int) ch_registration_get_waitlist_position (reg));
  if (ch_registration_is_cancelled (reg))
    return g_strdup_printf (_("%s · Cancelled"), mode);
  if (ch_registration_is_attended (reg))
    return g_strdup_printf (_("%s · Attended"), mode);

  return g_strdup_printf (_("%s · Registered"), mode);
}

static char *
subtitle_for (ChRegistration *reg)
{
  g_autofree char *state = state_text (reg);

  if (!ch_registration_is_guest (reg))
    return g_steal_pointer (&state);
  if (ch_registration_get_email (reg) != NULL)
    return g_strdup_printf (_("%s · Guest, %s"), state, ch_registration_get_email (reg));

  return g_strdup_printf (_("%s · Guest"), state);
}

static void
on_attended_toggled_cb (ChRegistrationRow *self,
                        GtkCheckButton    *check)
{
  if (self->filling || self->registration == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "events.set-attended", "(sb)",
                              ch_registration_get_id (self->registration),
                              gtk_check_button_get_active (check));
}

static void
ch_registration_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_REGISTRATION_ROW);

  G_OBJECT_CLASS (ch_registration_row_parent_class)->dispose (object);
}

static void
ch_registration_row_finalize (GObject *object)
{
  g_clear_object (&CH_REGISTRATION_ROW (object)->registration);

  G_OBJECT_CLASS (ch_registration_row_parent_class)->finalize (object);
}

static void
ch_registration_row_class_init (ChRegistrationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_registration_row_dispose;
  object_class->finalize = ch_registration_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-registration-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChRegistrationRow, attended_check);
  gtk_widget_class_bind_template_child (widget_class, ChRegistrationRow, menu_button);
  gtk_widget_class_bind_template_callback (widget_class, on_attended_toggled_cb);
}

static void
ch_registration_row_init (ChRegistrationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ch_registration_row_new (ChRegistration *registration,
                         gboolean        can_switch_mode)
{
  ChRegistrationRow *self;
  const char *name;
  const char *id;
  g_autofree char *subtitle = NULL;
  g_autofree char *attended = NULL;
  g_autofree char *menu_label = NULL;
  g_autoptr(GMenu) menu = NULL;

  g_return_val_if_fail (CH_IS_REGISTRATION (registration), NULL);

  self = g_object_new (CH_TYPE_REGISTRATION_ROW, NULL);
  self->registration = g_object_ref (registration);
  name = ch_registration_get_display_name (registration);
  id = ch_registration_get_id (registration);
  subtitle = subtitle_for (registration);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  if (ch_registration_is_cancelled (registration))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->attended_check), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->menu_button), FALSE);
      return GTK_WIDGET (self);
    }

  self->filling = TRUE;
  gtk_check_button_set_active (self->attended_check, ch_registration_is_attended (registration));
  self->filling = FALSE;
  attended = g_strdup_printf (_("%s attended"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->attended_check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, attended, -1);

  menu = g_menu_new ();
  if (can_switch_mode)
    {
      g_autofree char *detailed = g_strdup_printf ("events.switch-mode('%s')", id);

      g_menu_append (menu, ch_registration_is_online (registration)
                           ? _("Attend _In Person Instead") : _("Attend _Online Instead"),
                     detailed);
    }
  {
    g_autofree char *detailed = g_strdup_printf ("events.cancel-registration('%s')", id);

    g_menu_append (menu, _("_Cancel Registration"), detailed);
  }
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
  menu_label = g_strdup_printf (_("Registration of %s"), name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), menu_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label, -1);

  return GTK_WIDGET (self);
}

ChRegistration *
ch_registration_row_get_registration (ChRegistrationRow *self)
{
  g_return_val_if_fail (CH_IS_REGISTRATION_ROW (self), NULL);

  return self->registration;
}

char *
ch_registration_row_dup_text (ChRegistrationRow *self)
{
  g_return_val_if_fail (CH_IS_REGISTRATION_ROW (self), NULL);

  return g_strdup_printf ("%s — %s",
                          adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)),
                          adw_action_row_get_subtitle (ADW_ACTION_ROW (self)));
}
