/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-reminders-toast"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-application.h"
#include "ch-gui.h"
#include "ch-mail-compose-dialog.h"
#include "ch-mail-reminders-toast.h"
#include "ch-mail-source.h"

/* On the window (object data): what was checked and what the toast said. */
#define CHECKED_KEY "ch-mail-reminders-checked"
#define TEXT_KEY    "ch-mail-reminders-text"
#define SOURCE_KEY  "ch-mail-reminders-source"
#define ACTION_NAME "review-reminders"

typedef struct
{
  AdwApplicationWindow *window;   /* weak */
  ChStore              *store;
  char                 *chapter_id;
  ChMailReminderRules   rules;
} Check;

static void
check_free (Check *check)
{
  g_clear_weak_pointer (&check->window);
  g_clear_object (&check->store);
  g_free (check->chapter_id);
  g_free (check);
}

void
ch_mail_reminders_toast_read_rules (GSettings           *settings,
                                    ChMailReminderRules *rules)
{
  rules->days_before = (guint) MAX (g_settings_get_int (settings, "reminder-days-before"), 0);
  rules->at_grace = g_settings_get_boolean (settings, "reminder-at-grace");
  rules->at_lapse = g_settings_get_boolean (settings, "reminder-at-lapse");
}

static void
on_review_sent_cb (AdwApplicationWindow *window)
{
  ChMailSource *source = g_object_get_data (G_OBJECT (window), SOURCE_KEY);
  ChStore *store = g_object_get_data (G_OBJECT (window), "ch-mail-reminders-store");
  g_autofree char *chapter_id = NULL;

  if (source == NULL || store == NULL)
    return;
  chapter_id = g_strdup (source->chapter_id);
  g_object_set_data (G_OBJECT (window), CHECKED_KEY, NULL);
  g_object_set_data (G_OBJECT (window), TEXT_KEY, NULL);
  ch_mail_reminders_toast_check (window, store, chapter_id, NULL);
}

static void
review_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       data)
{
  AdwApplicationWindow *window = data;
  ChMailSource *source = g_object_get_data (G_OBJECT (window), SOURCE_KEY);
  ChStore *store = g_object_get_data (G_OBJECT (window), "ch-mail-reminders-store");
  ChMailComposeDialog *dialog;

  if (source == NULL || store == NULL)
    return;

  /* The president reviews: who, who is left out, the message; then Send. */
  dialog = ch_mail_compose_dialog_new_for_source (GTK_WINDOW (window), store, source);
  /* Sent: the next step's reminders, if any, are offered in turn. */
  g_signal_connect_object (dialog, "sent", G_CALLBACK (on_review_sent_cb), window,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_counted_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  Check *check = data;
  g_autoptr(GError) error = NULL;
  ChMailReminderStep step = CH_MAIL_REMINDER_BEFORE;
  guint step_count = 0;
  guint n = ch_mail_reminders_count_finish (result, &step, &step_count, &error);
  g_autofree char *text = NULL;
  GSimpleAction *action;
  AdwToast *toast;

  if (check->window == NULL || n == 0)
    {
      if (error != NULL)
        g_warning ("Could not count the reminders that are due: %s", error->message);
      check_free (check);
      return;
    }

  g_object_set_data_full (G_OBJECT (check->window), SOURCE_KEY,
                          ch_mail_source_new_reminders (check->chapter_id, &check->rules, step),
                          (GDestroyNotify) ch_mail_source_free);
  g_object_set_data_full (G_OBJECT (check->window), "ch-mail-reminders-store",
                          g_object_ref (check->store), g_object_unref);
  if (g_action_map_lookup_action (G_ACTION_MAP (check->window), ACTION_NAME) == NULL)
    {
      action = g_simple_action_new (ACTION_NAME, NULL);
      g_signal_connect_object (action, "activate", G_CALLBACK (review_action), check->window,
                               0);
      g_action_map_add_action (G_ACTION_MAP (check->window), G_ACTION (action));
      g_object_unref (action);
    }

  /* One step at a time, each with its template: Review opens exactly these. */
  switch (step)
    {
    case CH_MAIL_REMINDER_GRACE:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u grace period reminder is due",
                                           "%u grace period reminders are due", step_count),
                              step_count);
      break;
    case CH_MAIL_REMINDER_LAPSE:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u win-back message is due",
                                           "%u win-back messages are due", step_count),
                              step_count);
      break;
    case CH_MAIL_REMINDER_BEFORE:
    default:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u renewal reminder is due",
                                           "%u renewal reminders are due", step_count),
                              step_count);
      break;
    }
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Review"));
  adw_toast_set_action_name (toast, "win." ACTION_NAME);
  /* Stays until the president looks or dismisses it. */
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (check->window), TEXT_KEY, g_steal_pointer (&text), g_free);
  ch_gui_add_toast (adw_application_window_get_content (check->window), toast);
  check_free (check);
}

void
ch_mail_reminders_toast_check (AdwApplicationWindow *window,
                               ChStore              *store,
                               const char           *chapter_id,
                               GSettings            *settings)
{
  Check *check;

  g_return_if_fail (ADW_IS_APPLICATION_WINDOW (window));

  /* Before the window has its application: the application's settings. */
  if (settings == NULL && CH_IS_APPLICATION (g_application_get_default ()))
    settings = ch_application_get_settings (CH_APPLICATION (g_application_get_default ()));
  if (store == NULL || chapter_id == NULL || settings == NULL ||
      g_strcmp0 (g_object_get_data (G_OBJECT (window), CHECKED_KEY), chapter_id) == 0)
    return;
  g_object_set_data_full (G_OBJECT (window), CHECKED_KEY, g_strdup (chapter_id), g_free);

  check = g_new0 (Check, 1);
  g_set_weak_pointer (&check->window, window);
  check->store = g_object_ref (store);
  check->chapter_id = g_strdup (chapter_id);
  ch_mail_reminders_toast_read_rules (settings, &check->rules);
  ch_mail_reminders_count_async (ch_store_get_path (store), chapter_id, &check->rules, NULL,
                                 on_counted_cb, check);
}

const char *
ch_mail_reminders_toast_get_text (AdwApplicationWindow *window)
{
  return g_object_get_data (G_OBJECT (window), TEXT_KEY);
}
