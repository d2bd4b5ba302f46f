/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-application.h"
#include "ch-preferences-window.h"
#include "ch-secret.h"
#include "ch-store-sync.h"
#include "ch-sync-engine.h"

struct _ChPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwComboRow          *chapter_row;
  GtkButton            *connect_button;
  GtkLabel             *message_label;
  GtkButton            *sign_out_button;
  GtkSpinner           *spinner;
  AdwPasswordEntryRow  *token_row;
  AdwEntryRow          *url_row;

  ChStore              *store;
  char                 *chapter_id;
  GCancellable         *cancellable;
  GPtrArray            *server_chapters;  /* ids, parallel to chapter_row */
};

enum {
  LINKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChPreferencesWindow, ch_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
say (ChPreferencesWindow *self,
     const char          *text,
     gboolean             is_error)
{
  gtk_label_set_text (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static void
busy (ChPreferencesWindow *self,
      gboolean             on)
{
  gtk_spinner_set_spinning (self->spinner, on);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.connect", !on);
}

static void
refresh (ChPreferencesWindow *self)
{
  g_autofree char *url = NULL;
  gboolean linked = self->chapter_id != NULL &&
                    ch_store_get_sync_state (self->store, self->chapter_id, &url, NULL, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->sign_out_button), linked);
  if (linked)
    {
      g_autofree char *text = g_strdup_printf (_("This chapter syncs with %s."), url);

      gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
      say (self, text, FALSE);
    }
}

typedef struct
{
  char       *url;
  char       *token;
  JsonObject *me;
} VerifyData;

static void
verify_data_free (VerifyData *d)
{
  g_free (d->url);
  if (d->token)
    memset (d->token, 0, strlen (d->token));
  g_free (d->token);
  g_clear_pointer (&d->me, json_object_unref);
  g_free (d);
}

static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *d = task_data;
  GError *error = NULL;

  d->me = ch_sync_verify (d->url, d->token, cancellable, &error);
  if (d->me == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
store_token_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  VerifyData *d = task_data;
  GError *error = NULL;
  const char *chapter = g_object_get_data (G_OBJECT (task), "chapter");

  if (!ch_secret_store_token (d->url, chapter, d->token, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
token_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (object);
  g_autoptr(GError) error = NULL;
  const char *chapter = g_object_get_data (G_OBJECT (result), "chapter");

  busy (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Linked, but without a keyring nothing can sync: undo the link. */
      ch_store_unlink_chapter (self->store, chapter, NULL);
      text = g_strdup_printf (_("The token could not be kept in your keyring: %s"), error->message);
      say (self, text, TRUE);
      return;
    }

  g_free (self->chapter_id);
  self->chapter_id = g_strdup (chapter);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  refresh (self);
  g_signal_emit (self, signals[LINKED], 0, chapter);
}

static void
link_chapter (ChPreferencesWindow *self,
              VerifyData          *d,
              const char          *server_chapter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  VerifyData *copy;

  if (!ch_sync_link (self->store, self->chapter_id, d->url, server_chapter, &error))
    {
      say (self, error->message, TRUE);
      return;
    }

  copy = g_new0 (VerifyData, 1);
  copy->url = g_strdup (d->url);
  copy->token = g_strdup (d->token);

  busy (self, TRUE);
  task = g_task_new (self, self->cancellable, token_stored_cb, NULL);
  g_object_set_data_full (G_OBJECT (task), "chapter", g_strdup (server_chapter), g_free);
  g_task_set_task_data (task, copy, (GDestroyNotify) verify_data_free);
  g_task_run_in_thread (task, store_token_thread);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (object);
  VerifyData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = NULL;
  JsonArray *chapters;
  const char *chosen = NULL;
  guint n;

  busy (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, error->message, TRUE);
      return;
    }

  chapters = json_object_get_array_member (d->me, "chapters");
  n = chapters ? json_array_get_length (chapters) : 0;
  if (n == 0)
    {
      say (self, _("This token gives access to no chapter. Ask your association for a chapter token."), TRUE);
      return;
    }

  /* This chapter is already on the server, or the token is for one
   * chapter only: no question to ask. */
  g_ptr_array_set_size (self->server_chapters, 0);
  names = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *c = json_array_get_object_element (chapters, i);
      const char *id = c ? json_object_get_string_member_with_default (c, "id", NULL) : NULL;

      if (id == NULL)
        continue;
      g_ptr_array_add (self->server_chapters, g_strdup (id));
      gtk_string_list_append (names, json_object_get_string_member_with_default (c, "name", id));
      if (g_strcmp0 (id, self->chapter_id) == 0)
        chosen = id;
    }

  if (chosen == NULL && self->server_chapters->len == 1)
    chosen = g_ptr_array_index (self->server_chapters, 0);

  if (chosen == NULL && gtk_widget_get_visible (GTK_WIDGET (self->chapter_row)))
    {
      guint pos = adw_combo_row_get_selected (self->chapter_row);

      if (pos < self->server_chapters->len)
        chosen = g_ptr_array_index (self->server_chapters, pos);
    }

  if (chosen == NULL)
    {
      adw_combo_row_set_model (self->chapter_row, G_LIST_MODEL (names));
      gtk_widget_set_visible (GTK_WIDGET (self->chapter_row), TRUE);
      say (self, _("This token reaches several chapters. Choose yours, then connect again."), FALSE);
      return;
    }

  link_chapter (self, d, chosen);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (widget);
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autofree char *token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));
  g_autoptr(GTask) task = NULL;
  VerifyData *d;

  if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      say (self, _("Enter the server address, starting with https://"), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return;
    }
  if (*token == '\0')
    {
      say (self, _("Enter the access token your association gave you."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
      return;
    }

  d = g_new0 (VerifyData, 1);
  d->url = g_steal_pointer (&url);
  d->token = g_steal_pointer (&token);

  say (self, _("Checking the token with the server…"), FALSE);
  busy (self, TRUE);

  task = g_task_new (self, self->cancellable, verified_cb, NULL);
  g_task_set_task_data (task, d, (GDestroyNotify) verify_data_free);
  g_task_run_in_thread (task, verify_thread);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (widget);
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  if (self->chapter_id == NULL ||
      !ch_store_get_sync_state (self->store, self->chapter_id, &url, NULL, NULL))
    return;

  ch_secret_clear_token (url, self->chapter_id, NULL, NULL);
  if (!ch_store_unlink_chapter (self->store, self->chapter_id, &error))
    {
      say (self, error->message, TRUE);
      return;
    }

  say (self, _("Signed out. Your chapter stays on this computer; changes are no longer sent."), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_out_button), FALSE);
  g_signal_emit_by_name (self->store, "changed", NULL, NULL);
}

static void
ch_preferences_window_dispose (GObject *object)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (ch_preferences_window_parent_class)->dispose (object);
}

static void
ch_preferences_window_finalize (GObject *object)
{
  ChPreferencesWindow *self = CH_PREFERENCES_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->server_chapters, g_ptr_array_unref);
  g_free (self->chapter_id);

  G_OBJECT_CLASS (ch_preferences_window_parent_class)->finalize (object);
}

static void
ch_preferences_window_class_init (ChPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_preferences_window_dispose;
  object_class->finalize = ch_preferences_window_finalize;

  /**
   * ChPreferencesWindow::linked:
   * @chapter_id: the server chapter the local data now belong to
   */
  signals[LINKED] = g_signal_new ("linked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ch-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, chapter_row);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, ChPreferencesWindow, url_row);

  gtk_widget_class_install_action (widget_class, "prefs.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "prefs.sign-out", NULL, sign_out_action);
}

static void
ch_preferences_window_init (ChPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->server_chapters = g_ptr_array_new_with_free_func (g_free);
}

ChPreferencesWindow *
ch_preferences_window_new (GtkWindow  *parent,
                           ChStore    *store,
                           const char *chapter_id)
{
  ChPreferencesWindow *self;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  self = g_object_new (CH_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->chapter_id = g_strdup (chapter_id);
  refresh (self);

  return self;
}
