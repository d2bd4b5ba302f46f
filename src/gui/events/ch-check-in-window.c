/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-check-in-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-check-in-window.h"
#include "ch-check-in-window-private.h"
#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-person-dialog.h"
#include "ch-time-zones.h"
#include "ch-fold.h"

struct _ChCheckInWindow
{
  AdwWindow       parent_instance;

  /* Template widgets */
  GtkLabel       *count_label;
  GtkLabel       *feedback_label;
  GtkRevealer    *feedback_revealer;
  GtkStack       *list_stack;
  GtkListBox     *match_list;
  GtkSearchEntry *search_entry;
  AdwWindowTitle *window_title;

  ChSession      *session;
  ChStore        *store;        /* the session's */
  ChChapter      *chapter;      /* the session's when opened */
  char           *event_id;
  gulong          changed_id;
  guint           reload_id;
  GPtrArray      *registrations;   /* ChRegistration */
  GPtrArray      *shown;           /* borrowed rows, in list order */
  GPtrArray      *undo;            /* ids checked in here, last on top */
  char           *count_text;
  gboolean        has_feedback;
};

G_DEFINE_FINAL_TYPE (ChCheckInWindow, ch_check_in_window, ADW_TYPE_WINDOW)

static void
set_feedback (ChCheckInWindow *self,
              const char      *text,
              gboolean         good)
{
  self->has_feedback = TRUE;
  gtk_label_set_text (self->feedback_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->feedback_label), good ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->feedback_label), good ? "success" : "warning");
  gtk_revealer_set_reveal_child (self->feedback_revealer, TRUE);
}

static void
update_count (ChCheckInWindow *self)
{
  ChEventCounts counts[2];

  if (!ch_event_counts (self->store, self->event_id, counts, NULL))
    return;

  g_free (self->count_text);
  /* Translators: people checked in at the door out of those registered in person */
  self->count_text = g_strdup_printf (ngettext ("%u of %u checked in", "%u of %u checked in",
                                                counts[0].registered),
                                      counts[0].attended, counts[0].registered);
  gtk_label_set_text (self->count_label, self->count_text);
}

static gboolean
matches (ChRegistration     *reg,
         const char * const *words)
{
  const char *display_name = ch_registration_get_display_name (reg);
  const char *address = ch_registration_get_email (reg);
  const char *company_name = ch_registration_get_company (reg);
  g_autofree char *name = ch_fold (display_name ? display_name : "");
  g_autofree char *email = ch_fold (address ? address : "");
  g_autofree char *company = ch_fold (company_name ? company_name : "");

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (strstr (name, words[i]) == NULL && strstr (email, words[i]) == NULL &&
          strstr (company, words[i]) == NULL)
        return FALSE;
    }

  return TRUE;
}

/* The second line of a row: two people of the same name differ by company. */
static char *
match_detail (ChRegistration *reg)
{
  const char *company = ch_registration_get_company (reg);
  const char *mode = ch_registration_mode_label (ch_registration_get_mode (reg));
  gboolean waiting = ch_registration_is_waitlisted (reg);

  if (company != NULL && *company != '\0')
    {
      if (waiting)
        /* Translators: a company, then how the person attends (In person, Online) */
        return g_strdup_printf (_("%s · %s · on the waitlist"), company, mode);
      /* Translators: a company, then how the person attends (In person, Online) */
      return g_strdup_printf (_("%s · %s"), company, mode);
    }
  if (waiting)
    return g_strdup_printf (_("%s · on the waitlist"), mode);
  return g_strdup (mode);
}

static GtkWidget *
make_row (ChRegistration *reg)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 ch_registration_get_display_name (reg));
  subtitle = match_detail (reg);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  if (ch_registration_is_attended (reg))
    {
      GtkWidget *done = gtk_label_new (_("Checked in"));
      GtkWidget *icon = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_widget_add_css_class (done, "success");
      gtk_widget_add_css_class (icon, "success");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Checked in"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), done);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "checked-in");
    }
  else
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("radio-symbolic");

      gtk_widget_add_css_class (icon, "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Not checked in"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }

  return row;
}

static void
filter (ChCheckInWindow *self)
{
  g_autofree char *query = ch_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_auto(GStrv) words = g_strsplit (query ? query : "", " ", -1);
  GtkWidget *child;
  gboolean searching = query != NULL && *g_strstrip (query) != '\0';

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->match_list))) != NULL)
    gtk_list_box_remove (self->match_list, child);
  g_ptr_array_set_size (self->shown, 0);

  /* Not yet checked in first: the people still at the door. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; self->registrations != NULL && i < self->registrations->len; i++)
      {
        ChRegistration *reg = g_ptr_array_index (self->registrations, i);

        if (ch_registration_is_cancelled (reg) ||
            ch_registration_is_attended (reg) != (pass == 1) ||
            !matches (reg, (const char * const *) words))
          continue;

        g_ptr_array_add (self->shown, reg);
        gtk_list_box_append (self->match_list, make_row (reg));
      }

  /* Enter checks in only a single match: show which one it would be. */
  if (self->shown->len == 1 && searching)
    gtk_list_box_select_row (self->match_list, gtk_list_box_get_row_at_index (self->match_list, 0));

  gtk_stack_set_visible_child_name (self->list_stack,
                                    self->shown->len > 0 || !searching ? "list" : "none");
}

static void
reload (ChCheckInWindow *self)
{
  g_clear_pointer (&self->registrations, g_ptr_array_unref);
  g_ptr_array_set_size (self->shown, 0);
  self->registrations = ch_registration_list (self->store, self->event_id, NULL);
  update_count (self);
  filter (self);
}

static gboolean
reload_idle_cb (gpointer data)
{
  ChCheckInWindow *self = data;

  self->reload_id = 0;
  reload (self);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (ChCheckInWindow *self,
                     const char      *entity,
                     const char      *id,
                     ChStore         *store)
{
  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

static gboolean
check_in (ChCheckInWindow *self,
          ChRegistration  *reg)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = g_strdup (ch_registration_get_id (reg));
  g_autofree char *name = g_strdup (ch_registration_get_display_name (reg));

  if (ch_registration_is_attended (reg))
    {
      /* Translators: %s is a person's name */
      text = g_strdup_printf (_("%s is already checked in"), name);
      set_feedback (self, text, FALSE);
      return FALSE;
    }

  if (!ch_registration_check_in (self->store, id, TRUE, CH_CHECK_IN_DOOR, -1, &error))
    {
      set_feedback (self, error->message, FALSE);
      return FALSE;
    }

  g_ptr_array_add (self->undo, g_strdup (id));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "check-in.undo", TRUE);

  /* Translators: %s is a person's name */
  text = g_strdup_printf (_("✓ %s is checked in — welcome!"), name);
  set_feedback (self, text, TRUE);

  /* Ready for the next person. */
  g_clear_handle_id (&self->reload_id, g_source_remove);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  reload (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));

  return TRUE;
}

static void
on_search_changed_cb (ChCheckInWindow *self,
                      GtkSearchEntry  *entry)
{
  filter (self);
}

static void
on_search_activate_cb (ChCheckInWindow *self,
                       GtkSearchEntry  *entry)
{
  ch_check_in_window_check_in_match (self);
}

static void
on_stop_search_cb (ChCheckInWindow *self,
                   GtkSearchEntry  *entry)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_row_activated_cb (ChCheckInWindow *self,
                     GtkListBoxRow   *row,
                     GtkListBox      *box)
{
  int i = gtk_list_box_row_get_index (row);

  if (i >= 0 && (guint) i < self->shown->len)
    check_in (self, g_ptr_array_index (self->shown, i));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ch_check_in_window_undo (CH_CHECK_IN_WINDOW (widget));
}

static void
on_walk_in_chosen_cb (ChPersonDialog  *dialog,
                      const char      *member_id,
                      const char      *guest_name,
                      const char      *guest_email,
                      const char      *mode,
                      ChCheckInWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reg_id = NULL;

  if (!ch_registration_walk_in (self->store, self->event_id, member_id, guest_name, guest_email,
                                &reg_id, &error))
    {
      /* Registered after all: check the registration in instead. */
      if (g_error_matches (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_DUPLICATE) &&
          member_id != NULL)
        for (guint i = 0; self->registrations != NULL && i < self->registrations->len; i++)
          {
            ChRegistration *reg = g_ptr_array_index (self->registrations, i);

            if (g_strcmp0 (ch_registration_get_member_id (reg), member_id) == 0)
              {
                gtk_window_close (GTK_WINDOW (dialog));
                check_in (self, reg);
                return;
              }
          }

      ch_person_dialog_show_error (dialog, error->message);
      return;
    }

  gtk_window_close (GTK_WINDOW (dialog));
  g_ptr_array_add (self->undo, g_strdup (reg_id));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "check-in.undo", TRUE);

  /* Ready for the next person, as after any check-in. */
  g_clear_handle_id (&self->reload_id, g_source_remove);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  reload (self);

  for (guint i = 0; self->registrations != NULL && i < self->registrations->len; i++)
    {
      ChRegistration *reg = g_ptr_array_index (self->registrations, i);

      if (g_strcmp0 (ch_registration_get_id (reg), reg_id) == 0)
        {
          /* Translators: %s is a person's name */
          g_autofree char *text = g_strdup_printf (_("✓ %s is checked in as a walk-in "
                                                     "— welcome!"),
                                                   ch_registration_get_display_name (reg));
          set_feedback (self, text, TRUE);
        }
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
walk_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ChCheckInWindow *self = CH_CHECK_IN_WINDOW (widget);
  ChPersonDialog *dialog;

  dialog = ch_person_dialog_new (GTK_WINDOW (self), self->session,
                                 CH_PERSON_MEMBER, TRUE, _("Walk-In"), _("_Check In"), FALSE, NULL);
  gtk_editable_set_text (ch_person_dialog_get_search_entry (dialog),
                         gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_signal_connect_object (dialog, "chosen", G_CALLBACK (on_walk_in_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
ch_check_in_window_dispose (GObject *object)
{
  ChCheckInWindow *self = CH_CHECK_IN_WINDOW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_CHECK_IN_WINDOW);

  G_OBJECT_CLASS (ch_check_in_window_parent_class)->dispose (object);
}

static void
ch_check_in_window_finalize (GObject *object)
{
  ChCheckInWindow *self = CH_CHECK_IN_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->chapter);
  g_free (self->event_id);
  g_free (self->count_text);
  g_clear_pointer (&self->registrations, g_ptr_array_unref);
  g_ptr_array_unref (self->shown);
  g_ptr_array_unref (self->undo);

  G_OBJECT_CLASS (ch_check_in_window_parent_class)->finalize (object);
}

static void
ch_check_in_window_class_init (ChCheckInWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_check_in_window_dispose;
  object_class->finalize = ch_check_in_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-check-in-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ChCheckInWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, ChCheckInWindow, feedback_label);
  gtk_widget_class_bind_template_child (widget_class, ChCheckInWindow, feedback_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChCheckInWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ChCheckInWindow, match_list);
  gtk_widget_class_bind_template_child (widget_class, ChCheckInWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ChCheckInWindow, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "check-in.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "check-in.walk-in", NULL, walk_in_action);
  gtk_widget_class_install_action (widget_class, "check-in.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "check-in.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "check-in.undo",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "check-in.walk-in", NULL);
}

static void
ch_check_in_window_init (ChCheckInWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->shown = g_ptr_array_new ();
  self->undo = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "check-in.undo", FALSE);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

ChCheckInWindow *
ch_check_in_window_new (GtkWindow  *parent,
                        ChSession  *session,
                        const char *event_id)
{
  ChCheckInWindow *self;
  g_autoptr(ChEvent) event = NULL;
  ChStore *store;

  g_return_val_if_fail (CH_IS_SESSION (session), NULL);
  g_return_val_if_fail (ch_session_get_chapter (session) != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  self = g_object_new (CH_TYPE_CHECK_IN_WINDOW, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  store = ch_session_get_store (session);
  self->store = g_object_ref (store);
  self->chapter = g_object_ref (ch_session_get_chapter (session));
  self->event_id = g_strdup (event_id);
  self->changed_id = g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb),
                                              self,
                                              G_CONNECT_SWAPPED);

  event = ch_event_get (store, event_id, NULL);
  if (event != NULL)
    {
      g_autofree char *when = ch_time_zones_format_event_short (event);
      /* Translators: the event's title and when, e.g.
       * "December Chapter Meeting · Tue 8 Dec, 18:00–20:00" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"),
                                                   ch_event_get_title (event), when);

      adw_window_title_set_subtitle (self->window_title, subtitle);
    }

  reload (self);
  gtk_window_maximize (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));

  return self;
}

GtkEditable *
ch_check_in_window_get_search_entry (ChCheckInWindow *self)
{
  g_return_val_if_fail (CH_IS_CHECK_IN_WINDOW (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

guint
ch_check_in_window_get_n_matches (ChCheckInWindow *self)
{
  g_return_val_if_fail (CH_IS_CHECK_IN_WINDOW (self), 0);

  return self->shown->len;
}

const char *
ch_check_in_window_get_match_name (ChCheckInWindow *self,
                                   guint            index)
{
  g_return_val_if_fail (CH_IS_CHECK_IN_WINDOW (self), NULL);

  return index < self->shown->len
         ? ch_registration_get_display_name (g_ptr_array_index (self->shown, index)) : NULL;
}

char *
ch_check_in_window_get_match_detail (ChCheckInWindow *self,
                                     guint            index)
{
  g_return_val_if_fail (CH_IS_CHECK_IN_WINDOW (self), NULL);

  return index < self->shown->len ? match_detail (g_ptr_array_index (self->shown, index)) : NULL;
}

gboolean
ch_check_in_window_get_match_attended (ChCheckInWindow *self,
                                       guint            index)
{
  g_return_val_if_fail (CH_IS_CHECK_IN_WINDOW (self), FALSE);

  return index < self->shown->len &&
         ch_registration_is_attended (g_ptr_array_index (self->shown, index));
}

gboolean
ch_check_in_window_check_in_match (ChCheckInWindow *self)
{
  g_return_val_if_fail (CH_IS_CHECK_IN_WINDOW (self), FALSE);

  if (self->shown->len == 0 || *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) == '\0')
    return FALSE;

  /* Two people of the same name: Enter must not pick one of them. */
  if (self->shown->len > 1)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u person matches — choose one",
                                                         "%u people match — choose one",
                                                         self->shown->len),
                                               self->shown->len);

      set_feedback (self, text, FALSE);
      return FALSE;
    }

  return check_in (self, g_ptr_array_index (self->shown, 0));
}

gboolean
ch_check_in_window_undo (ChCheckInWindow *self)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CH_IS_CHECK_IN_WINDOW (self), FALSE);

  if (self->undo->len == 0)
    return FALSE;

  id = g_strdup (g_ptr_array_index (self->undo, self->undo->len - 1));
  g_ptr_array_remove_index (self->undo, self->undo->len - 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "check-in.undo", self->undo->len > 0);

  if (!ch_registration_check_in (self->store, id, FALSE, CH_CHECK_IN_DOOR, -1, &error))
    {
      set_feedback (self, error->message, FALSE);
      return FALSE;
    }

  g_clear_handle_id (&self->reload_id, g_source_remove);
  reload (self);
  for (guint i = 0; self->registrations != NULL && i < self->registrations->len; i++)
    {
      ChRegistration *reg = g_ptr_array_index (self->registrations, i);

      if (g_strcmp0 (ch_registration_get_id (reg), id) == 0)
        {
          /* Translators: %s is a person's name */
          g_autofree char *text = g_strdup_printf (_("Check-in of %s taken back"),
                                                   ch_registration_get_display_name (reg));
          set_feedback (self, text, FALSE);
        }
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));

  return TRUE;
}

const char *
ch_check_in_window_get_count_text (ChCheckInWindow *self)
{
  g_return_val_if_fail (CH_IS_CHECK_IN_WINDOW (self), NULL);

  return self->count_text;
}

const char *
ch_check_in_window_get_subtitle (ChCheckInWindow *self)
{
  g_return_val_if_fail (CH_IS_CHECK_IN_WINDOW (self), NULL);

  return adw_window_title_get_subtitle (self->window_title);
}

const char *
ch_check_in_window_get_feedback (ChCheckInWindow *self)
{
  g_return_val_if_fail (CH_IS_CHECK_IN_WINDOW (self), NULL);

  return self->has_feedback ? gtk_label_get_text (self->feedback_label) : NULL;
}
