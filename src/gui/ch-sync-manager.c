/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync-manager"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-application.h"
#include "ch-secret.h"
#include "ch-store-sync.h"
#include "ch-sync.h"
#include "ch-sync-round.h"
#include "ch-sync-manager-private.h"
#include "ch-when.h"

#define EDIT_DELAY_SECONDS 5

struct _ChSyncManager
{
  GObject       parent_instance;

  ChSession    *session;
  ChStore      *store;        /* the session's */
  char         *chapter_id;   /* the session's */
  GCancellable *cancellable;
  gulong        changed_id;
  gulong        network_id;
  guint         edit_source;
  guint         periodic_source;

  ChSyncManagerState   state;
  char         *label;
  char         *detail;
  char         *last_error;   /* a real failure: refused, broken answer */
  char         *unreachable;  /* why the server could not be reached */
  char         *test_token;
  guint         conflicts;
  gboolean      running;
  gboolean      again;
  /* How the running sync's pull goes (ChSyncProgressFunc) */
  gboolean      progress_download;
  guint64       progress_received;
  guint64       progress_total;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_LABEL,
  PROP_DETAIL,
  PROP_CONFLICTS,
  N_PROPS
};

enum {
  SYNCED,
  EVENTS_RECONCILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChSyncManager, ch_sync_manager, G_TYPE_OBJECT)

static gboolean
is_linked (ChSyncManager *self,
           char         **url)
{
  return self->chapter_id != NULL &&
         ch_store_get_sync_state (self->store, self->chapter_id, url, NULL, NULL);
}

static void
set_texts (ChSyncManager *self,
           ChSyncManagerState    state,
           char          *label,
           char          *detail)
{
  gboolean changed = state != self->state ||
                     g_strcmp0 (label, self->label) != 0 ||
                     g_strcmp0 (detail, self->detail) != 0;

  self->state = state;
  g_free (self->label);
  self->label = label;
  g_free (self->detail);
  self->detail = detail;

  if (changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
    }
}

/* A count with the locale's digit grouping: 751,049. */
static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

/* "Downloading the chapter: 312,000 of 751,049" while a pull runs. */
static char *
progress_text (ChSyncManager *self)
{
  g_autofree char *received = format_count (self->progress_received);
  g_autofree char *total = format_count (self->progress_total);
  gulong n = (gulong) MIN (self->progress_total, G_MAXULONG);

  if (self->progress_total == 0)
    return g_strdup_printf (self->progress_download
                            ? ngettext ("Downloading the chapter: %s row",
                                        "Downloading the chapter: %s rows",
                                        (gulong) MIN (self->progress_received, G_MAXULONG))
                            : ngettext ("Receiving changes: %s row",
                                        "Receiving changes: %s rows",
                                        (gulong) MIN (self->progress_received, G_MAXULONG)),
                            received);

  /* Translators: rows of the chapter received so far, of how many */
  return g_strdup_printf (self->progress_download
                          ? ngettext ("Downloading the chapter: %s of %s",
                                      "Downloading the chapter: %s of %s", n)
                          : ngettext ("Receiving changes: %s of %s",
                                      "Receiving changes: %s of %s", n),
                          received, total);
}

void
ch_sync_manager_update (ChSyncManager *self)
{
  g_autofree char *url = NULL;
  g_autofree char *last_sync = NULL;
  guint pending, conflicts;

  g_return_if_fail (CH_IS_SYNC_MANAGER (self));

  if (!is_linked (self, &url))
    {
      set_texts (self, CH_SYNC_STATE_LOCAL, g_strdup (_("On this computer")),
                 g_strdup (_("This chapter is not connected to a server. "
                             "Connect it in Preferences.")));
      return;
    }

  pending = ch_store_outbox_count (self->store, self->chapter_id);
  conflicts = ch_store_count_open_conflicts (self->store, self->chapter_id);
  ch_store_get_sync_result (self->store, self->chapter_id, &last_sync, NULL);

  if (conflicts != self->conflicts)
    {
      self->conflicts = conflicts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTS]);
    }

  if (self->running && self->progress_received > 0)
    set_texts (self, CH_SYNC_STATE_SYNCING, progress_text (self), g_strdup (url));
  else if (self->running)
    set_texts (self, CH_SYNC_STATE_SYNCING, g_strdup (_("Syncing…")), g_strdup (url));
  else if (self->last_error != NULL)
    set_texts (self, CH_SYNC_STATE_ERROR, g_strdup (_("Sync failed")), g_strdup (self->last_error));
  else if (conflicts > 0)
    set_texts (self, CH_SYNC_STATE_CONFLICTS,
               g_strdup_printf (ngettext ("%u conflict", "%u conflicts", conflicts), conflicts),
               g_strdup (_("Two officers changed the same thing. Choose which value to keep.")));
  else if (self->unreachable != NULL ||
           !g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    {
      /* No network, or no answer: nothing is wrong with the work, which
       * stays here until the server can be reached. */
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *when = ch_when_last_synced (last_sync, now);
      const char *reason = self->unreachable != NULL
                           ? self->unreachable
                           : _("This computer is not connected to a network.");

      set_texts (self, CH_SYNC_STATE_OFFLINE,
                 pending ? g_strdup_printf (ngettext ("Not connected · %u change kept here",
                                                      "Not connected · %u changes kept here",
                                                      pending), pending)
                         : g_strdup (_("Not connected")),
                 g_strdup_printf ("%s\n%s", reason, when));
    }
  else if (pending > 0)
    set_texts (self, CH_SYNC_STATE_PENDING,
               g_strdup_printf (ngettext ("%u change to send", "%u changes to send", pending),
                                pending),
               g_strdup (url));
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *when = ch_when_last_synced (last_sync, now);

      /* When, and the server's address, on two lines. */
      set_texts (self, CH_SYNC_STATE_SYNCED, g_strdup (_("Synced")),
                 g_strdup_printf ("%s\n%s", when, url));
    }
}

typedef struct
{
  char *db_path;
  char *chapter_id;
  char *url;
  char *token;          /* tests only; else the keyring's */
  ChSyncManager *manager;  /* for the progress, told on its thread */
  GMainContext  *context;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->manager);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job->db_path);
  g_free (job->chapter_id);
  g_free (job->url);
  g_free (job->token);
  g_free (job);
}

typedef struct
{
  ChSyncManager *manager;
  gboolean       download;
  guint64        received;
  guint64        total;
} Progress;

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->manager);
  g_free (progress);
}

static gboolean
progress_cb (gpointer data)
{
  Progress *progress = data;
  ChSyncManager *self = progress->manager;

  if (self->running)
    {
      self->progress_download = progress->download;
      self->progress_received = progress->received;
      self->progress_total = progress->total;
      ch_sync_manager_update (self);
    }

  return G_SOURCE_REMOVE;
}

/* On the sync's thread, after each page it pulled. */
static void
on_sync_progress (gboolean  first_download,
                  guint64   received,
                  guint64   total,
                  gpointer  user_data)
{
  Job *job = user_data;
  Progress *progress = g_new0 (Progress, 1);

  progress->manager = g_object_ref (job->manager);
  progress->download = first_download;
  progress->received = received;
  progress->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, progress_cb, progress,
                              (GDestroyNotify) progress_free);
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autofree char *token = NULL;
  ChSyncRound *round;
  GError *error = NULL;

  /* The keyring may block: ask it here, off the main thread. */
  if (job->token != NULL)
    token = g_strdup (job->token);
  else
    token = ch_secret_lookup_token (job->url, job->chapter_id, cancellable, &error);
  if (token == NULL)
    {
      if (error == NULL)
        g_set_error (&error, CH_SYNC_ERROR, CH_SYNC_ERROR_AUTH,
                     _("No access token is stored for this chapter. "
                       "Sign in again in Preferences."));
      g_task_return_error (task, error);
      return;
    }

  /* The sync and what follows it (seats), as the CLI runs them. */
  round = ch_sync_round_run_with_progress (job->db_path, job->chapter_id, token,
                                           on_sync_progress, job, cancellable, &error);
  if (round == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, round, g_object_unref);

  memset (token, 0, strlen (token));
}

static void
report_moves (ChSyncManager *self,
              GPtrArray     *moves)
{
  g_autoptr(GPtrArray) ids = NULL;

  if (moves == NULL || moves->len == 0)
    return;

  ids = g_ptr_array_new ();
  for (guint i = 0; i < moves->len; i++)
    {
      ChSyncRoundMove *move = g_ptr_array_index (moves, i);

      g_ptr_array_add (ids, (char *) ch_sync_round_move_get_registration_id (move));
    }
  g_ptr_array_add (ids, NULL);
  g_signal_emit (self, signals[EVENTS_RECONCILED], 0, moves->len,
                 (const char * const *) ids->pdata);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChSyncManager) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSyncRound) round = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));
  gboolean cancelled;

  self->running = FALSE;
  self->progress_received = self->progress_total = 0;
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->unreachable, g_free);

  round = g_task_propagate_pointer (G_TASK (result), &error);
  if (round != NULL && ch_sync_round_get_resend_error (round) != NULL)
    error = g_error_copy (ch_sync_round_get_resend_error (round));
  cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (error != NULL && !cancelled)
    {
      /* No answer is not a failure of the work; refusals are. */
      if (g_error_matches (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK))
        self->unreachable = g_strdup (error->message);
      else
        self->last_error = g_strdup (error->message);
    }

  /* Two officers may have given away the same seat offline: the server
   * kept it for the registration it received first; say who lost it. */
  if (!cancelled && round != NULL && g_strcmp0 (job->chapter_id, self->chapter_id) == 0)
    report_moves (self, ch_sync_round_get_moves (round));

  /* The worker wrote with its own connection: the store tells the lists
   * (also of a sync stopped by its window's closing: what it committed
   * until then is in the file, and the other windows show it). */
  ch_store_check_outside_changes (self->store);
  ch_sync_manager_update (self);
  /* Stopped: nothing to report, and a sync asked for meanwhile was
   * cancelled with it. */
  if (cancelled)
    {
      self->again = FALSE;
      return;
    }
  g_signal_emit (self, signals[SYNCED], 0, error == NULL);

  if (self->again)
    {
      self->again = FALSE;
      ch_sync_manager_sync_now (self);
    }
}

guint
ch_sync_manager_reconcile_events (ChSyncManager *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) moves = NULL;

  g_return_val_if_fail (CH_IS_SYNC_MANAGER (self), 0);

  if (self->chapter_id == NULL)
    return 0;

  moves = ch_sync_round_reconcile (self->store, self->chapter_id, &error);
  if (moves == NULL)
    {
      g_warning ("Could not reconcile event registrations: %s", error->message);
      return 0;
    }
  report_moves (self, moves);

  return moves->len;
}

void
ch_sync_manager_sync_now (ChSyncManager *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  Job *job;

  g_return_if_fail (CH_IS_SYNC_MANAGER (self));

  g_clear_handle_id (&self->edit_source, g_source_remove);

  if (!is_linked (self, &url))
    {
      ch_sync_manager_update (self);
      return;
    }

  if (self->running)
    {
      self->again = TRUE;
      return;
    }

  job = g_new0 (Job, 1);
  job->db_path = g_strdup (ch_store_get_path (self->store));
  job->chapter_id = g_strdup (self->chapter_id);
  job->url = g_steal_pointer (&url);
  job->token = g_strdup (self->test_token);
  job->manager = g_object_ref (self);
  job->context = g_main_context_ref_thread_default ();

  self->running = TRUE;
  self->progress_received = self->progress_total = 0;
  ch_sync_manager_update (self);

  task = g_task_new (NULL, self->cancellable, sync_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, ch_sync_manager_sync_now);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, sync_thread);
}

void
ch_sync_manager_cancel (ChSyncManager *self)
{
  g_return_if_fail (CH_IS_SYNC_MANAGER (self));

  /* The running task holds the cancellable it was given; the next sync
   * gets a new one. */
  self->again = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static gboolean
edit_timeout_cb (gpointer data)
{
  ChSyncManager *self = data;

  self->edit_source = 0;
  if (g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    ch_sync_manager_sync_now (self);

  return G_SOURCE_REMOVE;
}

static gboolean
periodic_cb (gpointer data)
{
  ChSyncManager *self = data;

  if (!self->running && g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    ch_sync_manager_sync_now (self);

  return G_SOURCE_CONTINUE;
}

static void
on_store_changed_cb (ChSyncManager *self,
                     const char    *entity,
                     const char    *id,
                     ChStore       *store)
{
  ch_sync_manager_update (self);

  /* An edit here: send it a few seconds later, with the ones that follow. */
  if (entity != NULL && is_linked (self, NULL) && !self->running)
    {
      g_clear_handle_id (&self->edit_source, g_source_remove);
      self->edit_source = g_timeout_add_seconds (EDIT_DELAY_SECONDS, edit_timeout_cb, self);
    }
}

static void
on_network_changed_cb (ChSyncManager *self,
                       gboolean       available,
                       GNetworkMonitor *monitor)
{
  ch_sync_manager_update (self);

  /* Back online: send what waits, and find out whether the server can be
   * reached again rather than saying "not connected" until the next round. */
  if (available && is_linked (self, NULL) &&
      (self->unreachable != NULL || ch_store_outbox_count (self->store, self->chapter_id) > 0))
    ch_sync_manager_sync_now (self);
}

static void
ch_sync_manager_dispose (GObject *object)
{
  ChSyncManager *self = CH_SYNC_MANAGER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->edit_source, g_source_remove);
  g_clear_handle_id (&self->periodic_source, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_signal_handler (&self->network_id, g_network_monitor_get_default ());

  G_OBJECT_CLASS (ch_sync_manager_parent_class)->dispose (object);
}

static void
ch_sync_manager_finalize (GObject *object)
{
  ChSyncManager *self = CH_SYNC_MANAGER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_free (self->chapter_id);
  g_free (self->label);
  g_free (self->detail);
  g_free (self->last_error);
  g_free (self->unreachable);
  if (self->test_token != NULL)
    memset (self->test_token, 0, strlen (self->test_token));
  g_free (self->test_token);

  G_OBJECT_CLASS (ch_sync_manager_parent_class)->finalize (object);
}

static void
ch_sync_manager_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ChSyncManager *self = CH_SYNC_MANAGER (object);

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_LABEL: g_value_set_string (value, self->label); break;
    case PROP_DETAIL: g_value_set_string (value, self->detail); break;
    case PROP_CONFLICTS: g_value_set_uint (value, self->conflicts); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_sync_manager_class_init (ChSyncManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ch_sync_manager_dispose;
  object_class->finalize = ch_sync_manager_finalize;
  object_class->get_property = ch_sync_manager_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, 0, CH_SYNC_STATE_ERROR, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFLICTS] =
    g_param_spec_uint ("conflicts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ChSyncManager::synced:
   * @ok: whether the sync went through
   */
  signals[SYNCED] = g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  /**
   * ChSyncManager::events-reconciled:
   * @moved: how many registrations went to the waitlist or moved up
   * @ids: (array zero-terminated=1): their ids; their state says which way
   *
   * After a sync, the server had put people this device had seated on
   * the waitlist (another device took the seats first), or free seats
   * went to people waiting (ch_events_reconcile()).
   */
  signals[EVENTS_RECONCILED] = g_signal_new ("events-reconciled", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                             G_TYPE_UINT, G_TYPE_STRV);
}

static void
ch_sync_manager_init (ChSyncManager *self)
{
  self->cancellable = g_cancellable_new ();
  self->state = CH_SYNC_STATE_LOCAL;
}

/* Another chapter, or the same one opened again: read its state. */
static void
on_session_chapter_cb (ChSyncManager *self,
                       GParamSpec    *pspec,
                       ChSession     *session)
{
  if (g_strcmp0 (self->chapter_id, ch_session_get_chapter_id (session)) != 0)
    {
      g_free (self->chapter_id);
      self->chapter_id = g_strdup (ch_session_get_chapter_id (session));
      g_clear_pointer (&self->last_error, g_free);
      g_clear_pointer (&self->unreachable, g_free);
    }
  ch_sync_manager_update (self);
}

ChSyncManager *
ch_sync_manager_new (ChSession *session)
{
  ChSyncManager *self;
  GApplication *app = g_application_get_default ();
  GSettings *settings = NULL;
  guint interval = 300;
  ChStore *store;

  g_return_val_if_fail (CH_IS_SESSION (session), NULL);

  if (CH_IS_APPLICATION (app))
    settings = ch_application_get_settings (CH_APPLICATION (app));

  self = g_object_new (CH_TYPE_SYNC_MANAGER, NULL);
  self->session = g_object_ref (session);
  store = ch_session_get_store (session);
  self->store = g_object_ref (store);
  g_signal_connect_object (session, "notify::chapter", G_CALLBACK (on_session_chapter_cb), self,
                           G_CONNECT_SWAPPED);
  self->chapter_id = g_strdup (ch_session_get_chapter_id (session));
  self->changed_id = g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb),
                                              self, G_CONNECT_SWAPPED);
  self->network_id = g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                                              G_CALLBACK (on_network_changed_cb), self,
                                              G_CONNECT_SWAPPED);

  if (settings != NULL)
    {
      interval = g_settings_get_int (settings, "sync-interval");
      if (!g_settings_get_boolean (settings, "auto-sync"))
        interval = 0;
    }
  if (interval > 0)
    self->periodic_source = g_timeout_add_seconds (interval, periodic_cb, self);
  ch_sync_manager_update (self);

  return self;
}

void
ch_sync_manager_set_token_for_testing (ChSyncManager *self,
                                       const char    *token)
{
  g_return_if_fail (CH_IS_SYNC_MANAGER (self));

  g_free (self->test_token);
  self->test_token = g_strdup (token);
}

ChSyncManagerState ch_sync_manager_get_state (ChSyncManager *self) { return self->state; }
const char *ch_sync_manager_get_label (ChSyncManager *self) { return self->label; }
const char *ch_sync_manager_get_detail (ChSyncManager *self) { return self->detail; }
