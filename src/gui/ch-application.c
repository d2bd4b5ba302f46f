/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-application"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "ch-application.h"
#include "ch-gui.h"
#include "ch-help.h"
#include "ch-renderer.h"
#include "ch-store-backup.h"
#include "ch-window.h"

struct _ChApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
  ChStore        *store;
  GError         *store_error;
  GSettings      *settings;
  guint           weekly_backup_id;
  /* The day's backup of the file opened at start-up, made once its
   * first window is drawn (see ch_application_start_backups()). */
  gboolean        backups_due;
  guint           backups_fallback_id;
  guint           backups_delay_id;
};

G_DEFINE_FINAL_TYPE (ChApplication, ch_application, ADW_TYPE_APPLICATION)

static void
ch_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  ChApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Chapterhouse developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("Chapterhouse"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Chapterhouse developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/chapterhouse/chapterhouse",
                        "issue-url", "https://github.com/chapterhouse/chapterhouse/issues",
                        "copyright", "© 2026 The Chapterhouse developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        "comments", _("Run your chapter — members, dues, events and "
                                      "opportunities — from your laptop, online or not."),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
ch_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
ch_application_new_window_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  ChApplication *self = user_data;
  ChWindow *window = ch_window_new (self);

  gtk_window_present (GTK_WINDOW (window));
}

/* The daily copy checks and copies the whole file: seconds of CPU on a
 * large chapter, in the very moments the window is drawn and first used
 * (it took the CPU the window's first frame and first searches waited
 * for).  So it runs on a thread of its own at the lowest priority, which
 * the system gives only what the window leaves; its own, because a
 * priority lowered on a pool thread cannot be raised again for the next
 * task without privileges. */
static gpointer
backup_thread (gpointer data)
{
  g_autofree char *db_path = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *dir = ch_store_backup_dir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;

#ifdef __linux__
  /* On Linux the nice value is a thread's own. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 19) != 0)
    g_debug ("Could not lower the backup's priority: %s", g_strerror (errno));
#endif

  /* Only paths here: the copy has connections of its own. */
  made = ch_store_backup_daily (db_path, dir, now, &error);
  if (error != NULL)
    g_message ("No backup of %s today: %s", db_path, error->message);
  else if (made != NULL)
    g_debug ("Backed up %s to %s", db_path, made);

  return NULL;
}

/* Once a day, a copy of the data file for "Restore Last Backup"; off the
 * main thread, since it reads the whole file. */
static void
collation_updated_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ChApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The list keeps the file's order, and the next start tries again. */
  if (!ch_store_update_collation_finish (CH_STORE (object), result, &error))
    g_message ("Could not sort the members in the language's order: %s", error->message);
}

/* Opens the data file for the window.  After a change of language, making
 * every member's name key again takes seconds on a large chapter: the
 * window shows at once in the old order, and a worker thread makes them. */
static ChStore *
open_store (ChApplication  *self,
            const char     *path,
            GError        **error)
{
  ChStore *store = ch_store_open_full (path, CH_STORE_OPEN_COLLATION_LATER, error);

  if (store != NULL && ch_store_has_pending_collation (store))
    ch_store_update_collation_async (store, NULL, collation_updated_cb, g_object_ref (self));
  return store;
}

static void
start_daily_backup (ChApplication *self)
{
  g_thread_unref (g_thread_new ("ch-daily-backup", backup_thread, g_strdup (self->db_path)));
}

/* In case no window ever draws what it has (one never shown): the
 * day's backup all the same (BACKUPS_AFTER_DRAWN_SECONDS after this
 * long after the start). */
#define BACKUPS_FALLBACK_SECONDS 10
/* The copy starts this long after the first window has drawn its
 * members: even at the lowest priority, its reading and writing of a
 * large file made the window's frames late in the seconds the user
 * first searches (bench/BENCHMARKS.md, typing_max_stall_ms_100k). */
#define BACKUPS_AFTER_DRAWN_SECONDS 5

static gboolean
backups_delay_cb (gpointer user_data)
{
  ChApplication *self = user_data;

  self->backups_delay_id = 0;
  start_daily_backup (self);
  return G_SOURCE_REMOVE;
}

static gboolean
backups_fallback_cb (gpointer user_data)
{
  ChApplication *self = user_data;

  self->backups_fallback_id = 0;
  ch_application_start_backups (self);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  char  *db_path;
  char  *folder;
  guint  keep;
} WeeklyBackup;

static void
weekly_backup_free (WeeklyBackup *weekly)
{
  g_free (weekly->db_path);
  g_free (weekly->folder);
  g_free (weekly);
}

static void
weekly_backup_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  WeeklyBackup *weekly = task_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;

  made = ch_store_backup_weekly (weekly->db_path, weekly->folder, now, weekly->keep, &error);
  if (error != NULL)
    g_message ("No weekly backup of %s: %s", weekly->db_path, error->message);
  else if (made != NULL)
    g_debug ("Weekly backup of %s to %s", weekly->db_path, made);

  g_task_return_boolean (task, error == NULL);
}

void
ch_application_run_weekly_backup (ChApplication       *self,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *folder = NULL;
  WeeklyBackup *weekly;

  g_return_if_fail (CH_IS_APPLICATION (self));

  /* No source object, as for the daily backup. */
  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, ch_application_run_weekly_backup);

  if (self->settings == NULL || self->store == NULL ||
      !g_settings_get_boolean (self->settings, "weekly-backup"))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  folder = g_settings_get_string (self->settings, "weekly-backup-folder");
  if (*folder == '\0')
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  weekly = g_new0 (WeeklyBackup, 1);
  weekly->db_path = g_strdup (self->db_path);
  weekly->folder = g_steal_pointer (&folder);
  weekly->keep = (guint) MAX (1, g_settings_get_int (self->settings, "weekly-backups-kept"));

  g_task_set_task_data (task, weekly, (GDestroyNotify) weekly_backup_free);
  g_task_run_in_thread (task, weekly_backup_thread);
}

/* While the window stays open for days: looked at every hour (a look at
 * the folder when the newest backup is recent). */
static gboolean
weekly_backup_tick_cb (gpointer user_data)
{
  ch_application_run_weekly_backup (CH_APPLICATION (user_data), NULL, NULL);
  return G_SOURCE_CONTINUE;
}

static void
ch_application_help_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    ch_help_show (window, NULL);
}

static const GActionEntry app_actions[] = {
  { "about", ch_application_about_action },
  { "quit", ch_application_quit_action },
  { "new-window", ch_application_new_window_action },
  { "help", ch_application_help_action },
};

static void
ch_application_startup (GApplication *app)
{
  ChApplication *self = CH_APPLICATION (app);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *path = NULL;
  const char *env_db;

  G_APPLICATION_CLASS (ch_application_parent_class)->startup (app);

  /* Before the first window is realized: cairo on a software GL. */
  if (gdk_display_get_default () != NULL)
    ch_renderer_choose (gdk_display_get_default ());

  gtk_window_set_default_icon_name (APP_ID);
  ch_gui_init_accessibility ();

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BASE_APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new (BASE_APP_ID);
  else
    g_message ("GSettings schema %s is not installed; settings will not be kept", BASE_APP_ID);

  env_db = g_getenv ("CHAPTERHOUSE_DB");
  path = env_db && *env_db ? g_strdup (env_db) : ch_store_default_path ();
  self->db_path = g_strdup (path);
  self->store = open_store (self, path, &self->store_error);
  if (self->store == NULL)
    g_message ("%s", self->store_error->message);
  else
    {
      /* The daily backup checks and reads the whole file: on a large
       * chapter, even at the lowest priority, it made the window's first
       * frame wait (bench/BENCHMARKS.md, first_frame_ms_100k).  It starts
       * once the first window has drawn its members.  (The weekly one
       * copies once a week; started later, it ran beside the one that
       * choosing its folder starts, on the same file.) */
      self->backups_due = TRUE;
      self->backups_fallback_id = g_timeout_add_seconds (BACKUPS_FALLBACK_SECONDS,
                                                         backups_fallback_cb, self);
      ch_application_run_weekly_backup (self, NULL, NULL);
      self->weekly_backup_id = g_timeout_add_seconds (60 * 60, weekly_backup_tick_cb, self);
    }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window",
                                         (const char *[]) { "<Control><Shift>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close",
                                         (const char *[]) { "<Control>w", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.add-member",
                                         (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search",
                                         (const char *[]) { "<Control>f", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-event",
                                         (const char *[]) { "<Control>e", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.sync",
                                         (const char *[]) { "F5", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help",
                                         (const char *[]) { "F1", NULL });
  /* Ctrl+1…6: the pages, in the order of the view switcher. */
  for (guint i = 0; i < G_N_ELEMENTS (ch_window_page_names); i++)
    {
      g_autofree char *accel = g_strdup_printf ("<Control>%u", i + 1);
      g_autofree char *detailed = g_strdup_printf ("win.show-page::%s", ch_window_page_names[i]);

      gtk_application_set_accels_for_action (GTK_APPLICATION (self), detailed,
                                             (const char *[]) { accel, NULL });
    }
}

static void
ch_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ch_window_new (CH_APPLICATION (app)));

  gtk_window_present (window);
}

static void
ch_application_finalize (GObject *object)
{
  ChApplication *self = CH_APPLICATION (object);

  g_clear_handle_id (&self->weekly_backup_id, g_source_remove);
  g_clear_handle_id (&self->backups_fallback_id, g_source_remove);
  g_clear_handle_id (&self->backups_delay_id, g_source_remove);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_free (self->db_path);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ch_application_parent_class)->finalize (object);
}

static void
ch_application_class_init (ChApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ch_application_finalize;
  app_class->startup = ch_application_startup;
  app_class->activate = ch_application_activate;
}

static void
ch_application_init (ChApplication *self)
{
}

ChApplication *
ch_application_new (void)
{
  GApplicationFlags flags = G_APPLICATION_DEFAULT_FLAGS;

  /* Tests and benchmarks run their own instance beside a running one. */
  if (g_getenv ("CHAPTERHOUSE_DB") != NULL)
    flags |= G_APPLICATION_NON_UNIQUE;

  return g_object_new (CH_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

ChStore *
ch_application_get_store (ChApplication *self)
{
  g_return_val_if_fail (CH_IS_APPLICATION (self), NULL);

  return self->store;
}

const GError *
ch_application_get_store_error (ChApplication *self)
{
  g_return_val_if_fail (CH_IS_APPLICATION (self), NULL);

  return self->store_error;
}

GSettings *
ch_application_get_settings (ChApplication *self)
{
  g_return_val_if_fail (CH_IS_APPLICATION (self), NULL);

  return self->settings;
}

void
ch_application_start_backups (ChApplication *self)
{
  g_return_if_fail (CH_IS_APPLICATION (self));

  if (!self->backups_due)
    return;

  self->backups_due = FALSE;
  g_clear_handle_id (&self->backups_fallback_id, g_source_remove);
  self->backups_delay_id = g_timeout_add_seconds (BACKUPS_AFTER_DRAWN_SECONDS, backups_delay_cb,
                                                  self);
}

const char *
ch_application_get_db_path (ChApplication *self)
{
  g_return_val_if_fail (CH_IS_APPLICATION (self), NULL);

  return self->db_path;
}

gboolean
ch_application_replace_damaged_store (ChApplication  *self,
                                      const char     *backup_path,
                                      GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *aside = NULL;
  ChStore *store;

  g_return_val_if_fail (CH_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (self->store == NULL, FALSE);

  /* (Gone already if restoring a backup failed after it was moved.) */
  if (g_file_test (self->db_path, G_FILE_TEST_EXISTS))
    {
      if (!(aside = ch_store_set_aside (self->db_path, now, error)))
        return FALSE;
      g_message ("The damaged file %s is now %s", self->db_path, aside);
    }

  if (backup_path != NULL && !ch_store_restore_backup (backup_path, self->db_path, error))
    return FALSE;

  if (!(store = open_store (self, self->db_path, error)))
    return FALSE;

  self->store = store;
  g_clear_error (&self->store_error);
  return TRUE;
}
