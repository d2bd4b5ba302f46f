/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-seat-moves"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-gui.h"
#include "ch-seat-moves.h"

static char *
person_name (ChStore    *store,
             const char *id)
{
  g_autoptr(ChRegistration) reg = ch_registration_get (store, id, NULL);
  const char *name = reg != NULL ? ch_registration_get_display_name (reg) : NULL;

  return g_strdup (name != NULL && *name != '\0' ? name : _("Somebody"));
}

/* "Ana Müller, Björn Öberg" */
static char *
join_names (ChStore   *store,
            GPtrArray *ids)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *name = person_name (store, g_ptr_array_index (ids, i));

      if (i > 0)
        /* Translators: between names in a list */
        g_string_append (out, _(", "));
      g_string_append (out, name);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
ch_seat_moves_describe (ChStore            *store,
                        const char * const *ids,
                        GPtrArray          *waitlisted)
{
  g_autoptr(GPtrArray) waiting = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) up = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(ChRegistration) reg = ch_registration_get (store, ids[i], NULL);

      if (reg == NULL)
        continue;
      if (ch_registration_is_waitlisted (reg))
        g_ptr_array_add (waiting, g_strdup (ids[i]));
      else if (ch_registration_is_registered (reg))
        g_ptr_array_add (up, g_strdup (ids[i]));
    }

  if (waiting->len == 1)
    {
      g_autofree char *name = person_name (store, g_ptr_array_index (waiting, 0));

      /* Translators: after a sync; %s is a person's name */
      g_string_printf (text, _("%s was moved to the waitlist: the last seat was taken on another "
                               "device first."), name);
    }
  else if (waiting->len > 1)
    {
      g_autofree char *names = join_names (store, waiting);

      /* Translators: after a sync; %u is how many, %s their names */
      g_string_printf (text, ngettext ("%u person was moved to the waitlist: the last seats were "
                                       "taken on another device first (%s).",
                                       "%u people were moved to the waitlist: the last seats were "
                                       "taken on another device first (%s).", waiting->len),
                       waiting->len, names);
    }

  if (up->len > 0)
    {
      g_autofree char *names = join_names (store, up);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      if (up->len == 1)
        /* Translators: after a sync, a seat was free; %s is a person's name */
        g_string_append_printf (text, _("%s moved up from the waitlist."), names);
      else
        /* Translators: after a sync; %u is how many, %s their names */
        g_string_append_printf (text, ngettext ("%u person moved up from the waitlist (%s).",
                                                "%u people moved up from the waitlist (%s).",
                                                up->len),
                                up->len, names);
    }

  if (waitlisted != NULL)
    for (guint i = 0; i < waiting->len; i++)
      g_ptr_array_add (waitlisted, g_strdup (g_ptr_array_index (waiting, i)));

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

char *
ch_seat_moves_mailto (ChStore   *store,
                      GPtrArray *ids)
{
  g_autoptr(GString) out = g_string_new ("mailto:");
  g_autofree char *title = NULL;
  guint n = 0;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autoptr(ChRegistration) reg = ch_registration_get (store, g_ptr_array_index (ids, i),
                                                           NULL);
      const char *email = reg != NULL ? ch_registration_get_email (reg) : NULL;
      g_autofree char *escaped = NULL;

      if (email == NULL)
        continue;

      if (title == NULL)
        {
          g_autoptr(ChEvent) event = ch_event_get (store, ch_registration_get_event_id (reg),
                                                   NULL);

          title = g_strdup (event != NULL ? ch_event_get_title (event) : NULL);
        }

      escaped = g_uri_escape_string (email, "@", FALSE);
      if (n++ > 0)
        g_string_append_c (out, ',');
      g_string_append (out, escaped);
    }

  if (n == 0)
    return NULL;

  if (title != NULL)
    {
      g_autofree char *subject = g_uri_escape_string (title, NULL, FALSE);

      g_string_append_printf (out, "?subject=%s", subject);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
toast (GtkWidget  *widget,
       const char *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 6);
  ch_gui_add_toast (widget, t);
}

static void
undo (GtkWidget *toast_widget,
      ChStore   *store,
      GPtrArray *ids)
{
  g_autoptr(GPtrArray) seated = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bumped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < ids->len && error == NULL; i++)
    {
      char *bumped_id = NULL;

      if (ch_registration_take_seat_back (store, g_ptr_array_index (ids, i), &bumped_id, &error))
        {
          g_ptr_array_add (seated, g_strdup (g_ptr_array_index (ids, i)));
          if (bumped_id != NULL)
            g_ptr_array_add (bumped, bumped_id);
        }
    }

  if (seated->len == 1 && bumped->len == 1)
    {
      g_autofree char *name = person_name (store, g_ptr_array_index (seated, 0));
      g_autofree char *other = person_name (store, g_ptr_array_index (bumped, 0));

      /* Translators: %1$s got the seat back from %2$s */
      text = g_strdup_printf (_("%1$s has the seat again; %2$s is first on the waitlist now."),
                              name, other);
    }
  else if (seated->len == 1)
    {
      g_autofree char *name = person_name (store, g_ptr_array_index (seated, 0));

      /* Translators: %s is a person's name */
      text = g_strdup_printf (_("%s has the seat again."), name);
    }
  else if (seated->len > 1)
    text = g_strdup_printf (ngettext ("%u person has a seat again.", "%u people have seats again.",
                                      seated->len), seated->len);

  if (error != NULL)
    {
      g_autofree char *with_error = NULL;

      /* Translators: %s says why, e.g. "Everybody with a seat is checked in already; …" */
      with_error = g_strdup_printf (_("Could not give the seat back: %s"), error->message);
      toast (toast_widget, with_error);
    }
  else if (text != NULL)
    toast (toast_widget, text);
}

/* What the dialog's answer works on. */
typedef struct
{
  GtkWidget *toast_widget;
  ChStore   *store;
  GPtrArray *ids;
} Moves;

static void
moves_free (gpointer  data,
            GClosure *closure)
{
  Moves *moves = data;

  g_object_unref (moves->toast_widget);
  g_object_unref (moves->store);
  g_ptr_array_unref (moves->ids);
  g_free (moves);
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                Moves            *moves)
{
  GtkWidget *toast_widget = moves->toast_widget;
  ChStore *store = moves->store;
  GPtrArray *ids = moves->ids;

  if (g_strcmp0 (response, "undo") == 0)
    undo (toast_widget, store, ids);
  else if (g_strcmp0 (response, "email") == 0)
    {
      g_autofree char *uri = ch_seat_moves_mailto (store, ids);
      GtkRoot *root = gtk_widget_get_root (toast_widget);

      if (uri != NULL)
        gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
    }
}

GtkWidget *
ch_seat_moves_dialog_new (GtkWindow *parent,
                          GtkWidget *toast_widget,
                          ChStore   *store,
                          GPtrArray *ids)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *mailto = NULL;
  g_autofree char *holder = NULL;
  gboolean can_undo = ids != NULL && ids->len > 0;
  GtkWidget *dialog;
  Moves *moves;

  g_return_val_if_fail (GTK_IS_WIDGET (toast_widget), NULL);
  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autofree char *h = ch_registration_seat_holder (store, g_ptr_array_index (ids, i), NULL);

      g_ptr_array_add (own, g_strdup (g_ptr_array_index (ids, i)));
      can_undo = can_undo && h != NULL;
      if (i == 0)
        holder = g_steal_pointer (&h);
    }

  if (own->len == 1)
    {
      g_autofree char *name = person_name (store, g_ptr_array_index (own, 0));

      /* Translators: %s is a person's name */
      g_string_printf (body, _("%s had a seat on this device, but the server had already given the "
                               "last seat to a registration it received first. Let them know they "
                               "are at the head of the waitlist, or give the seat back."), name);
      if (can_undo && holder != NULL && *holder != '\0')
        {
          g_autofree char *other = person_name (store, holder);

          g_string_append (body, "\n\n");
          /* Translators: %1$s gets the seat back, %2$s gives it up */
          g_string_append_printf (body, _("Undo gives the seat back to %1$s and puts %2$s at the "
                                          "head of the waitlist instead."), name, other);
        }
    }
  else
    {
      g_autofree char *names = join_names (store, own);

      /* Translators: %s is a list of names */
      g_string_printf (body, _("These people had seats on this device, but the server had already "
                               "given the last seats to registrations it received first: %s. Let "
                               "them know they are at the head of the waitlist, or give the seats "
                               "back."), names);
      if (can_undo)
        {
          g_string_append (body, "\n\n");
          g_string_append (body, _("Undo gives them their seats back and puts the people seated "
                                   "last at the head of the waitlist instead."));
        }
    }

  dialog = adw_message_dialog_new (parent, _("Moved to the Waitlist"), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  mailto = ch_seat_moves_mailto (store, own);
  if (mailto != NULL)
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "email", _("_E-mail"));
  if (can_undo)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "undo", _("_Undo"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "undo",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           mailto != NULL ? "email" : "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");

  moves = g_new0 (Moves, 1);
  moves->toast_widget = g_object_ref (toast_widget);
  moves->store = g_object_ref (store);
  moves->ids = g_steal_pointer (&own);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response_cb), moves, moves_free, 0);

  return dialog;
}
