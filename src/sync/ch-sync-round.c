/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync-round"

#include "config.h"

#include "ch-events.h"
#include "ch-registration.h"
#include "ch-registrations.h"
#include "ch-store-sync.h"
#include "ch-sync-round.h"

/* ----------------------------------------------------------------------- */
/* A registration that moved                                               */

struct _ChSyncRoundMove
{
  GObject   parent_instance;

  char     *registration_id;
  char     *event_id;
  char     *name;
  gboolean  waitlisted;
};

G_DEFINE_FINAL_TYPE (ChSyncRoundMove, ch_sync_round_move, G_TYPE_OBJECT)

static void
ch_sync_round_move_finalize (GObject *object)
{
  ChSyncRoundMove *self = CH_SYNC_ROUND_MOVE (object);

  g_free (self->registration_id);
  g_free (self->event_id);
  g_free (self->name);

  G_OBJECT_CLASS (ch_sync_round_move_parent_class)->finalize (object);
}

static void
ch_sync_round_move_class_init (ChSyncRoundMoveClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_sync_round_move_finalize;
}

static void
ch_sync_round_move_init (ChSyncRoundMove *self)
{
}

const char *
ch_sync_round_move_get_registration_id (ChSyncRoundMove *self)
{
  g_return_val_if_fail (CH_IS_SYNC_ROUND_MOVE (self), NULL);

  return self->registration_id;
}

const char *
ch_sync_round_move_get_event_id (ChSyncRoundMove *self)
{
  g_return_val_if_fail (CH_IS_SYNC_ROUND_MOVE (self), NULL);

  return self->event_id;
}

const char *
ch_sync_round_move_get_name (ChSyncRoundMove *self)
{
  g_return_val_if_fail (CH_IS_SYNC_ROUND_MOVE (self), NULL);

  return self->name;
}

gboolean
ch_sync_round_move_get_waitlisted (ChSyncRoundMove *self)
{
  g_return_val_if_fail (CH_IS_SYNC_ROUND_MOVE (self), FALSE);

  return self->waitlisted;
}

/* The registration as the event's list shows it: with the person's name. */
static ChSyncRoundMove *
move_new (ChStore     *store,
          const char  *registration_id,
          GError     **error)
{
  g_autoptr(ChRegistration) reg = NULL;
  g_autoptr(GPtrArray) list = NULL;
  ChSyncRoundMove *self;
  const char *event_id;

  if (!(reg = ch_registration_get (store, registration_id, error)))
    return NULL;
  event_id = ch_registration_get_event_id (reg);
  if (!(list = ch_registration_list (store, event_id, error)))
    return NULL;

  self = g_object_new (CH_TYPE_SYNC_ROUND_MOVE, NULL);
  self->registration_id = g_strdup (registration_id);
  self->event_id = g_strdup (event_id);
  self->waitlisted = ch_registration_is_waitlisted (reg);
  for (guint i = 0; i < list->len && self->name == NULL; i++)
    {
      ChRegistration *entry = g_ptr_array_index (list, i);

      if (g_strcmp0 (ch_registration_get_id (entry), registration_id) == 0)
        self->name = g_strdup (ch_registration_get_display_name (entry));
    }
  if (self->name == NULL)
    self->name = g_strdup ("");

  return self;
}

/* ----------------------------------------------------------------------- */
/* The round                                                               */

struct _ChSyncRound
{
  GObject       parent_instance;

  ChSyncReport  report;
  GPtrArray    *moves;
  GError       *resend_error;
};

G_DEFINE_FINAL_TYPE (ChSyncRound, ch_sync_round, G_TYPE_OBJECT)

static void
ch_sync_round_finalize (GObject *object)
{
  ChSyncRound *self = CH_SYNC_ROUND (object);

  g_clear_pointer (&self->moves, g_ptr_array_unref);
  g_clear_error (&self->resend_error);

  G_OBJECT_CLASS (ch_sync_round_parent_class)->finalize (object);
}

static void
ch_sync_round_class_init (ChSyncRoundClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_sync_round_finalize;
}

static void
ch_sync_round_init (ChSyncRound *self)
{
}

GPtrArray *
ch_sync_round_reconcile (ChStore     *store,
                         const char  *chapter_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) moves = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local_error = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (chapter_id != NULL, NULL);

  ch_events_reconcile (store, chapter_id, &ids, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      ChSyncRoundMove *move = move_new (store, g_ptr_array_index (ids, i), error);

      if (move == NULL)
        return NULL;
      g_ptr_array_add (moves, move);
    }

  return g_steal_pointer (&moves);
}

static void
add_report (ChSyncReport       *sum,
            const ChSyncReport *more)
{
  sum->pushed += more->pushed;
  sum->conflicts += more->conflicts;
  sum->rejected += more->rejected;
  sum->pulled += more->pulled;
  sum->full_resync |= more->full_resync;
  sum->overridden += more->overridden;
  sum->resent += more->resent;
  sum->removed += more->removed;
}

ChSyncRound *
ch_sync_round_run (const char    *db_path,
                   const char    *chapter_id,
                   const char    *token,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return ch_sync_round_run_with_progress (db_path, chapter_id, token, NULL, NULL, cancellable,
                                          error);
}

ChSyncRound *
ch_sync_round_run_with_progress (const char          *db_path,
                                 const char          *chapter_id,
                                 const char          *token,
                                 ChSyncProgressFunc   progress,
                                 gpointer             progress_data,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_autoptr(ChSyncRound) self = NULL;
  g_autoptr(ChStore) store = NULL;
  ChSyncReport again = { 0 };
  gboolean resend;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (chapter_id != NULL, NULL);

  self = g_object_new (CH_TYPE_SYNC_ROUND, NULL);

  if (!ch_sync_run_with_progress (db_path, chapter_id, token, progress, progress_data,
                                  cancellable, &self->report, error))
    return NULL;

  /* The pull may have put people this device had seated on the waitlist,
   * and freed seats for the people waiting: settle that by the rule every
   * device applies, and say who moved. */
  if (!(store = ch_store_open_existing (db_path, error)) ||
      !(self->moves = ch_sync_round_reconcile (store, chapter_id, error)))
    return NULL;

  /* What the reconcile wrote goes to the server now, not at the next sync,
   * so that the other devices see the same seats soon. */
  resend = self->moves->len > 0 && ch_store_outbox_count (store, chapter_id) > 0;
  g_clear_object (&store);
  if (resend)
    {
      if (ch_sync_run (db_path, chapter_id, token, cancellable, &again, &self->resend_error))
        add_report (&self->report, &again);
    }

  return g_steal_pointer (&self);
}

const ChSyncReport *
ch_sync_round_get_report (ChSyncRound *self)
{
  g_return_val_if_fail (CH_IS_SYNC_ROUND (self), NULL);

  return &self->report;
}

GPtrArray *
ch_sync_round_get_moves (ChSyncRound *self)
{
  g_return_val_if_fail (CH_IS_SYNC_ROUND (self), NULL);

  return self->moves;
}

const GError *
ch_sync_round_get_resend_error (ChSyncRound *self)
{
  g_return_val_if_fail (CH_IS_SYNC_ROUND (self), NULL);

  return self->resend_error;
}
