/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-window"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ch-backup.h"
#include "ch-bench.h"
#include "ch-chapter-dialog.h"
#include "ch-chapter-switcher.h"
#include "ch-conflicts-dialog.h"
#include "ch-events.h"
#include "ch-events-page.h"
#include "ch-import-window.h"
#include "ch-leadership-page.h"
#include "ch-mail-reminders-toast.h"
#include "ch-insights-page.h"
#include "ch-renewals-page.h"
#include "ch-opportunities-page.h"
#include "ch-preferences-window.h"
#include "ch-render-warmup.h"
#include "ch-store-backup.h"
#include "ch-store-sync.h"
#include "ch-sync-issues-button.h"
#include "ch-sync-manager-private.h"
#include "ch-demo.h"
#include "ch-gui.h"
#include "ch-gui-resources.h"
#include "ch-window-private.h"

struct _ChWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwStatusPage        *error_page;
  AdwStatusPage        *damaged_page;
  GtkWidget            *restore_button;
  GtkStack             *main_stack;
  ChMembersPage        *members_page;
  ChEventsPage         *events_page;
  ChRenewalsPage       *renewals_page;
  ChLeadershipPage     *leadership_page;
  ChOpportunitiesPage  *opportunities_page;
  ChInsightsPage       *insights_page;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget            *switcher_bar;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  GtkButton            *sync_button;
  AdwButtonContent     *sync_content;
  GMenu                *chapters_section;
  GtkMenuButton        *chapter_button;

  ChSession            *session;
  ChStore              *store;        /* the session's */
  ChSyncManager        *sync;
  GtkWidget            *sync_issues_button;
  GCancellable         *cancellable;
  char                 *backup_path;  /* the last backup of a damaged file */
  gboolean              render_warmed; /* see ch-render-warmup.c */
  gulong                drawn_id;      /* until its members are drawn */
};

G_DEFINE_FINAL_TYPE (ChWindow, ch_window, ADW_TYPE_APPLICATION_WINDOW)

static GSettings *
settings (ChWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return app ? ch_application_get_settings (CH_APPLICATION (app)) : NULL;
}

/* The session opened another chapter, or has a new snapshot of its
 * settings; the pages follow the session themselves. */
static void
on_session_chapter_cb (ChWindow   *self,
                       GParamSpec *pspec,
                       ChSession  *session)
{
  ChChapter *chapter = ch_session_get_chapter (session);

  if (chapter == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      gtk_window_set_title (GTK_WINDOW (self), _("Chapterhouse"));
      return;
    }

  /* The chapter's name under the app's: which chapter this is. */
  adw_view_switcher_title_set_title (self->switcher_title, _("Chapterhouse"));
  adw_view_switcher_title_set_subtitle (self->switcher_title, ch_chapter_get_name (chapter));
  gtk_window_set_title (GTK_WINDOW (self), ch_chapter_get_name (chapter));
  gtk_stack_set_visible_child_name (self->main_stack, "chapter");

  if (settings (self) != NULL)
    g_settings_set_string (settings (self), "last-chapter", ch_chapter_get_id (chapter));

  /* Renewal reminders that came due, offered for review (issue 13). */
  ch_mail_reminders_toast_check (ADW_APPLICATION_WINDOW (self), self->store,
                                 ch_chapter_get_id (chapter), settings (self));
}

void
ch_window_set_chapter (ChWindow   *self,
                       const char *chapter_id)
{
  g_return_if_fail (CH_IS_WINDOW (self));

  if (self->session != NULL)
    ch_session_set_chapter_id (self->session, chapter_id);
}

static void
create_chapter_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  ChWindow *self = CH_WINDOW (widget);
  ChChapterDialog *dialog;

  if (self->session == NULL)
    return;

  /* The new chapter opens in the session. */
  dialog = ch_chapter_dialog_new (GTK_WINDOW (self), self->session);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
demo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  /* A connection of its own: the window's stays on the main thread. */
  g_autoptr(ChStore) store = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  GError *error = NULL;

  if (!(store = ch_store_open_full (task_data, CH_STORE_OPEN_COLLATION_LATER, &error)) ||
      !(chapter = ch_demo_create_chapter (store, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_strdup (ch_chapter_get_id (chapter)), g_free);
}

static void
demo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ChWindow *self = CH_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *chapter_id = g_task_propagate_pointer (G_TASK (result), &error);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-demo", TRUE);

  if (chapter_id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not make the demo chapter: %s"),
                                                   error->message);
          ch_window_add_toast (self, adw_toast_new (text));
        }
      return;
    }

  ch_window_set_chapter (self, chapter_id);
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ChWindow *self = CH_WINDOW (widget);
  g_autoptr(GTask) task = NULL;
  g_autofree char *demo_id = NULL;

  if (self->store == NULL)
    return;

  /* One demo is enough: open it again if it is there. */
  if ((demo_id = ch_demo_find_chapter (self->store)) != NULL)
    {
      ch_session_set_chapter_id (self->session, demo_id);
      return;
    }

  gtk_widget_action_set_enabled (widget, "win.open-demo", FALSE);

  task = g_task_new (self, self->cancellable, demo_done_cb, NULL);
  g_task_set_source_tag (task, open_demo_action);
  g_task_set_task_data (task, g_strdup (ch_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, demo_thread);
}

static void
add_member_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  ChWindow *self = CH_WINDOW (widget);

  if (ch_window_get_chapter (self) != NULL)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "members");
      ch_members_page_add_member (self->members_page);
    }
}

static void
import_members_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  ChWindow *self = CH_WINDOW (widget);

  if (ch_window_get_chapter (self) != NULL)
    gtk_window_present (GTK_WINDOW (ch_import_window_new (GTK_WINDOW (self), self->session)));
}

static void
new_event_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ChWindow *self = CH_WINDOW (widget);

  if (ch_window_get_chapter (self) != NULL)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "events");
      ch_events_page_new_event (self->events_page);
    }
}

static void
on_events_reconciled_cb (ChWindow           *self,
                         guint               moved,
                         const char * const *ids,
                         ChSyncManager      *sync)
{
  /* The page says who went to the waitlist and who moved up. */
  ch_events_page_report_reconciled (self->events_page, ids);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ChWindow *self = CH_WINDOW (widget);

  if (ch_window_get_chapter (self) != NULL)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "members");
      ch_members_page_focus_search (self->members_page);
    }
}

const char * const ch_window_page_names[CH_WINDOW_N_VIEWS] = {
  "members", "events", "renewals", "leadership", "opportunities", "insights",
};

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ChWindow *self = CH_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (ch_window_get_chapter (self) != NULL &&
      adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
on_sync_label_cb (ChWindow      *self,
                  GParamSpec    *pspec,
                  ChSyncManager *sync)
{
  static const char *icons[] = {
    [CH_SYNC_STATE_LOCAL] = "computer-symbolic",
    [CH_SYNC_STATE_SYNCED] = "emblem-ok-symbolic",
    [CH_SYNC_STATE_PENDING] = "emblem-synchronizing-symbolic",
    [CH_SYNC_STATE_SYNCING] = "emblem-synchronizing-symbolic",
    [CH_SYNC_STATE_OFFLINE] = "network-offline-symbolic",
    [CH_SYNC_STATE_CONFLICTS] = "dialog-warning-symbolic",
    [CH_SYNC_STATE_ERROR] = "dialog-error-symbolic",
  };
  ChSyncManagerState state = ch_sync_manager_get_state (sync);
  g_autofree char *tooltip = NULL;

  adw_button_content_set_label (self->sync_content, ch_sync_manager_get_label (sync));
  adw_button_content_set_icon_name (self->sync_content, icons[state]);

  if (state == CH_SYNC_STATE_CONFLICTS)
    tooltip = g_strdup_printf ("%s\n%s", ch_sync_manager_get_detail (sync), _("Click to choose."));
  else if (state == CH_SYNC_STATE_LOCAL)
    tooltip = g_strdup (ch_sync_manager_get_detail (sync));
  else
    tooltip = g_strdup_printf ("%s\n%s", ch_sync_manager_get_detail (sync),
                               _("Click or press F5 to sync now."));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_button), tooltip);

  gtk_widget_remove_css_class (GTK_WIDGET (self->sync_button), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->sync_button), "warning");
  if (state == CH_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->sync_button), "error");
  else if (state == CH_SYNC_STATE_CONFLICTS)
    gtk_widget_add_css_class (GTK_WIDGET (self->sync_button), "warning");
}

static void
on_synced_cb (ChWindow      *self,
              gboolean       ok,
              ChSyncManager *sync)
{
  /* A chapter downloaded from the server has arrived, or the chapter's
   * own settings changed on the server: the sync wrote them with a
   * connection of its own. */
  if (ok)
    ch_session_reload (self->session);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ChWindow *self = CH_WINDOW (widget);

  if (self->sync != NULL && ch_window_get_chapter (self) != NULL)
    {
      if (ch_sync_manager_get_state (self->sync) == CH_SYNC_STATE_LOCAL)
        gtk_widget_activate_action (widget, "win.preferences", NULL);
      else
        ch_sync_manager_sync_now (self->sync);
    }
}

static gboolean
on_conflicts_closed_cb (ChWindow *self)
{
  if (self->sync != NULL)
    ch_sync_manager_sync_now (self->sync);

  /* A close-request handler: let the dialog close. */
  return FALSE;
}

static void
sync_or_resolve_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  ChWindow *self = CH_WINDOW (widget);

  if (self->sync != NULL && ch_window_get_chapter (self) != NULL &&
      ch_sync_manager_get_state (self->sync) == CH_SYNC_STATE_CONFLICTS)
    {
      ChConflictsDialog *dialog = ch_conflicts_dialog_new (GTK_WINDOW (self), self->session);

      g_signal_connect_object (dialog, "close-request", G_CALLBACK (on_conflicts_closed_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  sync_action (widget, action_name, param);
}

static void
on_linked_cb (ChWindow            *self,
              const char          *chapter_id,
              ChPreferencesWindow *prefs)
{
  /* The local chapter now has the server chapter's id; or a chapter that
   * is only on the server, which arrives with the sync. */
  ch_session_set_chapter_id (self->session, chapter_id);
  ch_sync_manager_sync_now (self->sync);
}

static void
back_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ch_backup_start_back_up (CH_WINDOW (widget));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ch_backup_start_restore (CH_WINDOW (widget));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ChWindow *self = CH_WINDOW (widget);
  ChPreferencesWindow *prefs;

  if (self->session == NULL)
    return;

  prefs = ch_preferences_window_new (GTK_WINDOW (self), self->session);
  g_signal_connect_object (prefs, "linked", G_CALLBACK (on_linked_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (prefs));
}

static gboolean
ch_window_close_request (GtkWindow *window)
{
  ChWindow *self = CH_WINDOW (window);
  GSettings *s = settings (self);

  g_cancellable_cancel (self->cancellable);
  /* The sync's worker holds the manager until it returns: a sync waiting
   * on a busy server would go on after the window (and its retries for
   * minutes while the program runs on for other windows). */
  if (self->sync != NULL)
    ch_sync_manager_cancel (self->sync);

  if (s != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (s, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (s, "window-width", width);
          g_settings_set_int (s, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (ch_window_parent_class)->close_request (window);
}

/* The data file is damaged: say so, name it, and offer the last backup or
 * a new file beside it (ch_application_replace_damaged_store()). */
static void
show_damaged (ChWindow     *self,
              const GError *error)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char *db_path = ch_application_get_db_path (CH_APPLICATION (app));
  g_autofree char *backups = ch_store_backup_dir ();
  g_autofree char *advice = NULL;
  g_autofree char *text = NULL;

  g_free (self->backup_path);
  self->backup_path = ch_store_backup_find_last (db_path, backups);

  if (self->backup_path != NULL)
    {
      g_autofree char *iso = ch_store_backup_get_date (self->backup_path);
      g_autoptr(GDateTime) day = NULL;
      g_autofree char *date = NULL;
      int y, m, d;

      if (iso != NULL && sscanf (iso, "%d-%d-%d", &y, &m, &d) == 3)
        day = g_date_time_new_local (y, m, d, 12, 0, 0);
      /* Translators: the day of the last backup, e.g. "1 December 2026"; the
       * codes are those of g_date_time_format() */
      /* xgettext:no-c-format */
      date = day != NULL ? g_date_time_format (day, _("%-d %B %Y")) : g_strdup (iso);

      advice = g_strdup_printf (_("The last backup is from %s. Restoring it brings back the "
                                  "chapter as it was that day. Either way the damaged file "
                                  "is kept beside the new one."), date);
    }
  else
    advice = g_strdup (_("There is no backup of this file. A new file starts empty; the "
                         "damaged file is kept beside it. If your chapter syncs with a "
                         "server, connect again to bring its data back."));

  text = g_strdup_printf ("%s\n\n%s", error->message, advice);
  adw_status_page_set_description (self->damaged_page, text);
  gtk_widget_set_visible (self->restore_button, self->backup_path != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-backup",
                                 self->backup_path != NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "damaged");
}

static void
replace_damaged (ChWindow *self,
                 gboolean  restore)
{
  ChApplication *app = CH_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GError) error = NULL;
  ChWindow *window;

  if (ch_application_get_store (app) == NULL &&
      !ch_application_replace_damaged_store (app, restore ? self->backup_path : NULL, &error))
    {
      adw_status_page_set_description (self->damaged_page, error->message);
      return;
    }

  /* A window on the new store takes this one's place. */
  window = ch_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
restore_backup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  replace_damaged (CH_WINDOW (widget), TRUE);
}

static void
start_new_file_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  replace_damaged (CH_WINDOW (widget), FALSE);
}

gboolean
ch_window_shows_content (ChWindow *self)
{
  ChMemberList *list;

  g_return_val_if_fail (CH_IS_WINDOW (self), FALSE);

  if (g_strcmp0 (ch_window_get_page (self), "chapter") != 0)
    return TRUE;  /* the welcome page: nothing to load */

  list = ch_members_page_get_list (self->members_page);
  return list != NULL && !ch_member_list_get_loading (list);
}

/* After each frame until the members are drawn: then the application's
 * backups may start (ch_application_start_backups()). */
static void
on_after_paint_cb (GdkFrameClock *clock,
                   ChWindow      *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!ch_window_shows_content (self))
    return;

  g_clear_signal_handler (&self->drawn_id, clock);
  if (CH_IS_APPLICATION (app))
    ch_application_start_backups (CH_APPLICATION (app));
}

static void
on_realize_cb (ChWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->drawn_id == 0 && clock != NULL)
    self->drawn_id = g_signal_connect_object (clock, "after-paint",
                                              G_CALLBACK (on_after_paint_cb), self, 0);
}

/* "application" is not a construct property, so this runs after it is set. */
static void
load (ChWindow      *self,
      ChApplication *app)
{
  GSettings *s;
  GtkWidget *header;
  g_autofree char *last = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(GPtrArray) chapters = NULL;

  s = ch_application_get_settings (app);
  if (s != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (s, "window-width"),
                                   g_settings_get_int (s, "window-height"));
      if (g_settings_get_boolean (s, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      last = g_settings_get_string (s, "last-chapter");
    }

  self->store = ch_application_get_store (app);
  if (self->store == NULL)
    {
      const GError *error = ch_application_get_store_error (app);

      if (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_DAMAGED) ||
          g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_A_DATABASE))
        {
          show_damaged (self, error);
          return;
        }

      adw_status_page_set_description (self->error_page, error ? error->message : NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return;
    }
  g_object_ref (self->store);
  self->session = ch_session_new (self->store);
  g_signal_connect_object (self->session, "notify::chapter", G_CALLBACK (on_session_chapter_cb),
                           self, G_CONNECT_SWAPPED);
  ch_members_page_set_session (self->members_page, self->session);
  ch_events_page_set_session (self->events_page, self->session);
  ch_renewals_page_set_session (self->renewals_page, self->session);
  ch_leadership_page_set_session (self->leadership_page, self->session);
  ch_opportunities_page_set_session (self->opportunities_page, self->session);
  ch_insights_page_set_session (self->insights_page, self->session);

  ch_chapter_switcher_attach (self, self->session, self->chapters_section, self->chapter_button,
                              self->switcher_title);
  self->sync = ch_sync_manager_new (self->session);
  /* For tests: the sync manager behind the button. */
  g_object_set_data (G_OBJECT (self), "ch-sync-manager", self->sync);
  g_signal_connect_object (self->sync, "notify::label", G_CALLBACK (on_sync_label_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::state", G_CALLBACK (on_sync_label_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "synced", G_CALLBACK (on_synced_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "events-reconciled", G_CALLBACK (on_events_reconciled_cb),
                           self, G_CONNECT_SWAPPED);

  /* Beside the sync button: what the server refused or overrode. */
  self->sync_issues_button = ch_sync_issues_button_new (self->session, self->sync);
  header = gtk_widget_get_ancestor (GTK_WIDGET (self->sync_button), ADW_TYPE_HEADER_BAR);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->sync_issues_button);
  g_object_set_data (G_OBJECT (self), "ch-sync-issues-button", self->sync_issues_button);

  if (last != NULL && *last != '\0')
    chapter = ch_store_get_chapter (self->store, last, NULL);
  if (chapter == NULL && (chapters = ch_store_list_chapters (self->store, NULL)) != NULL &&
      chapters->len > 0)
    chapter = g_object_ref (g_ptr_array_index (chapters, 0));

  ch_session_set_chapter_id (self->session, chapter ? ch_chapter_get_id (chapter) : NULL);
  /* Also when there is none: the welcome page. */
  on_session_chapter_cb (self, NULL, self->session);
  on_sync_label_cb (self, NULL, self->sync);

  /* Finding a member is what the window is most often opened for: the
   * search has the keyboard from the start (GTK would give it to the
   * first button).  Its focus drawn with the first frame, too, rather
   * than restyling the rows just drawn at the first key. */
  if (g_strcmp0 (ch_window_get_page (self), "chapter") == 0 &&
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "members") == 0)
    ch_members_page_focus_search (self->members_page);

  g_signal_connect (self, "realize", G_CALLBACK (on_realize_cb), NULL);
  ch_bench_attach (self);
}

static void
ch_window_dispose (GObject *object)
{
  ChWindow *self = CH_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->sync != NULL)
    ch_sync_manager_cancel (self->sync);
  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_WINDOW);

  G_OBJECT_CLASS (ch_window_parent_class)->dispose (object);
}

static void
ch_window_finalize (GObject *object)
{
  ChWindow *self = CH_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync);
  g_free (self->backup_path);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ch_window_parent_class)->finalize (object);
}

static void
ch_window_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  ChWindow *self = CH_WINDOW (widget);

  /* Under everything of the first frame: what later frames will draw. */
  if (!self->render_warmed)
    {
      self->render_warmed = TRUE;
      if (ch_render_warmup_needed (widget))
        ch_render_warmup_snapshot (widget, snapshot, CH_RENDER_WARMUP_CLIPPED_BORDER);
    }

  GTK_WIDGET_CLASS (ch_window_parent_class)->snapshot (widget, snapshot);
}

static void
ch_window_class_init (ChWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ch_window_dispose;
  object_class->finalize = ch_window_finalize;
  window_class->close_request = ch_window_close_request;
  widget_class->snapshot = ch_window_snapshot;

  /* Referencing the resource links it in from the static library. */
  (void) ch_gui_get_resource ();
  g_type_ensure (CH_TYPE_MEMBERS_PAGE);
  g_type_ensure (CH_TYPE_EVENTS_PAGE);
  g_type_ensure (CH_TYPE_RENEWALS_PAGE);
  g_type_ensure (CH_TYPE_LEADERSHIP_PAGE);
  g_type_ensure (CH_TYPE_OPPORTUNITIES_PAGE);
  g_type_ensure (CH_TYPE_INSIGHTS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ch-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ChWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, damaged_page);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, restore_button);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, members_page);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, events_page);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, renewals_page);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, leadership_page);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, opportunities_page);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, insights_page);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, sync_content);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, chapters_section);
  gtk_widget_class_bind_template_child (widget_class, ChWindow, chapter_button);

  gtk_widget_class_install_action (widget_class, "win.create-chapter", NULL, create_chapter_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.add-member", NULL, add_member_action);
  gtk_widget_class_install_action (widget_class, "win.import-members", NULL,
                                   import_members_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.new-event", NULL, new_event_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.sync-or-resolve", NULL,
                                   sync_or_resolve_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.restore-backup", NULL, restore_backup_action);
  gtk_widget_class_install_action (widget_class, "win.start-new-file", NULL, start_new_file_action);
  gtk_widget_class_install_action (widget_class, "win.back-up", NULL, back_up_action);
  gtk_widget_class_install_action (widget_class, "win.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
}

static void
ch_window_init (ChWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  /* Six views do not fit a phone's width with their labels whole: the
   * bar's labels end in "…" there; the icons stay whole. */
  ch_gui_ellipsize_labels (self->switcher_bar);
  /* For tests: the header's sync button. */
  g_object_set_data (G_OBJECT (self), "ch-sync-button", self->sync_button);
  /* For tests: the damaged-file page and its restore button. */
  g_object_set_data (G_OBJECT (self), "ch-damaged-page", self->damaged_page);
  g_object_set_data (G_OBJECT (self), "ch-restore-button", self->restore_button);

#if DEVELOPMENT
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

ChWindow *
ch_window_new (ChApplication *application)
{
  ChWindow *self;

  g_return_val_if_fail (CH_IS_APPLICATION (application), NULL);

  self = g_object_new (CH_TYPE_WINDOW, "application", application, NULL);
  load (self, application);

  return self;
}

ChStore *
ch_window_get_store (ChWindow *self)
{
  g_return_val_if_fail (CH_IS_WINDOW (self), NULL);

  return self->store;
}

ChChapter *
ch_window_get_chapter (ChWindow *self)
{
  g_return_val_if_fail (CH_IS_WINDOW (self), NULL);

  return self->session != NULL ? ch_session_get_chapter (self->session) : NULL;
}

ChSession *
ch_window_get_session (ChWindow *self)
{
  g_return_val_if_fail (CH_IS_WINDOW (self), NULL);

  return self->session;
}

ChEventsPage *
ch_window_get_events_page (ChWindow *self)
{
  g_return_val_if_fail (CH_IS_WINDOW (self), NULL);

  return self->events_page;
}

ChMembersPage *
ch_window_get_members_page (ChWindow *self)
{
  g_return_val_if_fail (CH_IS_WINDOW (self), NULL);

  return self->members_page;
}

guint
ch_window_reconcile_events (ChWindow *self)
{
  g_return_val_if_fail (CH_IS_WINDOW (self), 0);

  return self->sync != NULL ? ch_sync_manager_reconcile_events (self->sync) : 0;
}

void
ch_window_add_toast (ChWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (CH_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
ch_window_get_page (ChWindow *self)
{
  g_return_val_if_fail (CH_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

ChOpportunitiesPage *
ch_window_get_opportunities_page (ChWindow *self)
{
  g_return_val_if_fail (CH_IS_WINDOW (self), NULL);

  return self->opportunities_page;
}

ChRenewalsPage *
ch_window_get_renewals_page (ChWindow *self)
{
  g_return_val_if_fail (CH_IS_WINDOW (self), NULL);

  return self->renewals_page;
}

const char *
ch_window_get_view (ChWindow *self)
{
  g_return_val_if_fail (CH_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}
