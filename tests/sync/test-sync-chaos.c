/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-chaos"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-merge.h"
#include "ch-payments.h"
#include "ch-store-private.h"
#include "ch-sync-private.h"
#include "ch-sync-test.h"
#include "ch-clock.h"

/*
 * The proof of sync integrity: four officers make random changes for a
 * while — members (add, edit, delete, restore, merge), payments,
 * registrations for three small events (members and guests, walk-ins,
 * check-ins, cancellations), conflict resolutions — offline for long
 * stretches, with wrong clocks, through a proxy that loses requests and
 * answers.  Meanwhile the operator takes a backup, the server is killed
 * (SIGKILL, during a push) and started again, tombstones are compacted
 * (twice, the second time forgetting every device), the server is
 * restored from the backup, and one officer's data file is put back from
 * a copy taken earlier.
 *
 * Once everybody syncs until a whole round moves nothing:
 *
 * - every device holds exactly the server's live rows of every entity,
 *   field by field, at the server's versions, and nothing waits to be sent;
 * - no duplicates: one live registration per person and event, one join
 *   period per member, and two live members share an e-mail address only
 *   with a "duplicate" conflict about it (the server allows that for adds
 *   and restores; officers merge);
 * - no resurrected deletes: a member deleted by an acknowledged delete and
 *   not restored by an acknowledged restore afterwards is live nowhere;
 * - capacity: the seated in-person registrations of an event that are not
 *   checked in never exceed its capacity (walk-ins are seated over it);
 * - no acknowledged write is lost: for every member's phone, the server
 *   holds the value of the write acknowledged last, or of a write that was
 *   acknowledged after that one was made (two in flight at once: either
 *   may land last), or the server has a conflict about it, or a restore of
 *   the member landed after it (a restore brings the restoring device's
 *   copy of the personal fields, docs/sync-protocol.md, "Deleted members").
 *
 * "Acknowledged" means: the change left the device's outbox in a sync.
 * What may legitimately be lost, and is not counted:
 *
 * - the server restore: changes acknowledged after the backup to rows the
 *   backup still has (docs/sync-protocol.md, "Resync": the devices take the
 *   server's restored value).  Rows the server lost come back from the
 *   devices; so at the restore the test forgets what it knew about
 *   acknowledged phone writes and deletes, and checks only what follows.
 * - the device-file restore: the file goes back to the copy, so what that
 *   officer changed after the copy and never synced is gone from that
 *   device (it was never acknowledged, nobody else has it).  What they
 *   changed after the copy and synced stays on the server and comes back
 *   to the device; what was pending in the copy is sent again under a new
 *   device id.  Their pending writes made after the copy are dropped from
 *   the bookkeeping; everything acknowledged still counts.
 * - also the server restore: a row the server lost, and that a device
 *   deleted (before or after the restore), is forgotten by that device's
 *   resync (docs/sync-protocol.md, "Resync", step 2); a device that still
 *   has it live sends it back, with its values.  So the deletion and any
 *   edit of that device to that row are lost.  The test drops such changes
 *   from the bookkeeping: those acknowledged in a resync that leaves the
 *   row at version 0 on the device.
 * - the second compaction forgets every device (--keep-days=0); it runs
 *   only once every device synced after the server restore, because a
 *   device still behind it would take a compacted tombstone for a row the
 *   restore lost and send the member back (a known limit, documented).
 * - "acknowledged" is decided per outbox entry: a write is acknowledged
 *   when the entry that carried it (its mid, or any earlier one of the
 *   member) has left the outbox, even if the member still waits with a
 *   later change.  (Deciding it by the member, as the test once did, took
 *   a phone answered with a conflict before the server restore, while a
 *   change made during that pull kept the member waiting, for one
 *   acknowledged after the restore, and reported the restore's legitimate
 *   loss of it as a lost write: seed 40019 on the tree of eaae4c8^.)
 * - members that took part in a merge: the survivor's fields are filled
 *   from the other, and either may stay live (opposite merges); they are
 *   left out of the phone and deletion checks (the field-by-field check
 *   still covers them).
 *
 * The seed is printed; replay a failure with CH_SEED=<seed>.  CH_OPS sets
 * the rounds (one change per device each; default 120).  CH_PUSH_BATCH=N
 * pushes N changes a request, so that most pushes send batches ahead of
 * the answer to the one before (docs/sync-protocol.md, *Sending ahead*).
 * CH_SEEDS=N runs seeds S … S+N-1, each in a subprocess, and goes on after
 * a failure (bench/sync-chaos).
 */

#define N_DEVICES 4
#define N_EVENTS  3

typedef struct
{
  char    *member;
  char    *value;      /* phone; NULL for a delete or restore record */
  gboolean deleted;    /* for life records: a delete (TRUE) or restore */
  guint    device;
  guint64  written;
  guint64  acked;      /* 0: not yet */
  gint64   mid;        /* the outbox entry that carries it */
  gboolean void_;      /* legitimately lost (see the header) */
} Write;

typedef struct
{
  SyncClient *client;
  guint       index;
  guint       offline;
  gint64      skew_us;
  GPtrArray  *pending;   /* Write * not yet acknowledged */
  gboolean    behind;    /* has not synced since the server restore */
} Device;

typedef struct
{
  SyncFixture *f;
  guint32      seed;
  GRand       *rand;
  SyncProxy   *proxy;
  guint        counter;
  guint64      clock;
  guint        ops[16];
  Device       devices[N_DEVICES];
  char        *events[N_EVENTS];
  gint64       capacity[N_EVENTS];
  GPtrArray   *writes;     /* every Write (owned) */
  GPtrArray   *lives;      /* delete and restore records (owned) */
  GHashTable  *merged;     /* member ids that took part in a merge */
  /* the proxy's faults (proxy thread only, while the test waits) */
  gboolean     faults;
  GMutex       proxy_lock;   /* two pushes may be on their way at once */
  guint        proxied;
  guint        lost_requests;
  guint        lost_replies;
  gboolean     kill_next_push;
  gboolean     killed;
  Device      *edit_during_pull;
  /* the device-file restore */
  guint        copied_device;
  char        *copy_path;
  guint64      copied_at;
} World;

static const char *given_names[] = { "Anna", "Björn", "Cecilia", "Dag", "Elin", "Fredrik", "Greta",
                                     "Hugo", "Ines", "Jonas", "Karin", "Lars" };
static const char *family_names[] = { "Andersson", "Berg", "Carlsson", "Dahl", "Ek", "Forsberg",
                                      "Holm", "Lund", "Nyström" };
static const char *cities[] = { "Stockholm", "Göteborg", "Malmö", "Uppsala", "Lund", "Umeå" };
static const char *guests[] = { "Gustav Gäst", "Hanna Besök", "Ivar Ute", "Julia Främling" };
static const char *guest_emails[] = { "gustav@guest.se", "hanna@guest.se", NULL,
                                       "JULIA@guest.se " };

#define PICK(w, list) ((list)[g_rand_int_range ((w)->rand, 0, G_N_ELEMENTS (list))])

static guint32 seed_for_messages;

/* CH_CHAOS_TRACE=1: what happens, on stderr, to follow a failing seed. */
#define trace(...) \
  G_STMT_START { \
    if (g_getenv ("CH_CHAOS_TRACE") != NULL) \
      g_printerr ("trace: " __VA_ARGS__); \
  } G_STMT_END

#define check(cond, ...) \
  G_STMT_START { \
    if (!(cond)) \
      { \
        g_autofree char *what_ = g_strdup_printf (__VA_ARGS__); \
        g_printerr ("\nReplay with CH_SEED=%u\n", seed_for_messages); \
        g_error ("seed %u: %s", seed_for_messages, what_); \
      } \
  } G_STMT_END

static void
write_free (Write *write)
{
  g_free (write->member);
  g_free (write->value);
  g_free (write);
}

/* A random id of @sql (one bound parameter: the chapter) on the device. */
static char *
random_id (World      *w,
           Device     *d,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = ch_store_query_texts (d->client->store, &error, sql,
                                                   d->client->chapter_id, ch_store_sql_end);

  g_assert_no_error (error);
  if (ids->len == 0)
    return NULL;

  return g_strdup (ids->pdata[g_rand_int_range (w->rand, 0, (gint32) ids->len)]);
}

static char *
random_member (World    *w,
               Device   *d,
               gboolean  deleted)
{
  return random_id (w, d, deleted ? "SELECT id FROM member WHERE chapter_id = ? AND deleted = 1 "
                                    "ORDER BY id"
                                  : "SELECT id FROM member WHERE chapter_id = ? AND deleted = 0 "
                                    "ORDER BY id");
}

/* The outbox mids of @member on @d, highest first (none: NULL). */
static GPtrArray *
member_mids (Device     *d,
             const char *member)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *mids = ch_store_query_texts (d->client->store, &error,
                                          "SELECT mid FROM outbox WHERE chapter_id = ? AND "
                                          "entity = 'member' AND row_id = ? ORDER BY mid DESC",
                                          d->client->chapter_id, member, ch_store_sql_end);

  g_assert_no_error (error);
  return mids;
}

static gint64
last_mid (Device     *d,
          const char *member)
{
  g_autoptr(GPtrArray) mids = member_mids (d, member);

  return mids->len > 0 ? g_ascii_strtoll (mids->pdata[0], NULL, 10) : 0;
}

static Write *
track (World      *w,
       Device     *d,
       GPtrArray  *list,
       const char *member)
{
  Write *write = g_new0 (Write, 1);

  write->member = g_strdup (member);
  write->device = d->index;
  write->written = ++w->clock;
  write->mid = last_mid (d, member);
  g_ptr_array_add (list, write);
  g_ptr_array_add (d->pending, write);

  return write;
}

static void
op_create (World  *w,
           Device *d)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  json_object_set_string_member (fields, "given_name", PICK (w, given_names));
  json_object_set_string_member (fields, "family_name", PICK (w, family_names));
  if (g_rand_int_range (w->rand, 0, 3) > 0)
    {
      g_autofree char *email = g_strdup_printf ("member%u@example.se", ++w->counter);
      json_object_set_string_member (fields, "email", email);
    }
  if (g_rand_boolean (w->rand))
    json_object_set_string_member (fields, "city", PICK (w, cities));
  json_object_set_string_member (fields, "tier", "chapter");

  ch_store_add_member (d->client->store, d->client->chapter_id, fields, &id, &error);
  check (error == NULL, "%s could not add a member: %s", d->client->name, error->message);
  w->ops[0]++;
}

static void
op_edit (World  *w,
         Device *d)
{
  g_autofree char *id = random_member (w, d, FALSE);
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  guint kind = g_rand_int_range (w->rand, 0, 10);

  if (id == NULL)
    return;

  if (kind < 5)
    {
      phone = g_strdup_printf ("+46 8 %06u", g_rand_int_range (w->rand, 0, 1000000));
      json_object_set_string_member (changes, "phone", phone);
    }
  else if (kind < 7)
    json_object_set_string_member (changes, "city", PICK (w, cities));
  else if (kind < 8)
    json_object_set_string_member (changes, "family_name", PICK (w, family_names));
  else
    {
      g_autofree char *email = g_strdup_printf ("changed%u@example.se", ++w->counter);
      json_object_set_string_member (changes, "email", email);
    }

  if (ch_store_update_member (d->client->store, id, changes, &error))
    {
      w->ops[1]++;
      if (phone != NULL)
        {
          trace ("%s sets the phone of %s to %s\n", d->client->name, id, phone);
          track (w, d, w->writes, id)->value = g_steal_pointer (&phone);
        }
    }
  else
    check (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL),
           "%s could not edit %s: %s", d->client->name, id, error->message);
}

static void
op_delete (World  *w,
           Device *d)
{
  g_autofree char *id = random_member (w, d, FALSE);
  g_autoptr(GError) error = NULL;

  if (id == NULL)
    return;

  ch_store_delete (d->client->store, "member", id, &error);
  check (error == NULL, "%s could not delete %s: %s", d->client->name, id, error->message);
  track (w, d, w->lives, id)->deleted = TRUE;
  trace ("%s deletes %s\n", d->client->name, id);
  w->ops[2]++;
}

static void
op_restore (World  *w,
            Device *d)
{
  g_autofree char *id = random_member (w, d, TRUE);
  g_autoptr(GError) error = NULL;

  if (id == NULL)
    return;

  if (ch_store_restore (d->client->store, "member", id, &error))
    {
      track (w, d, w->lives, id)->deleted = FALSE;
      trace ("%s restores %s\n", d->client->name, id);
      w->ops[3]++;
    }
  else
    /* Someone else took the e-mail address, or this device only ever saw
     * the member's tombstone, which the server keeps without the personal
     * fields: it has no details to bring back (docs/sync-protocol.md,
     * "Deleted members"). */
    check (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL) ||
           g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED),
           "%s could not restore %s: %s", d->client->name, id, error->message);
}

static void
op_payment (World  *w,
            Device *d)
{
  g_autofree char *id = random_member (w, d, FALSE);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *paid_on = NULL;
  g_autofree char *payment = NULL;

  if (id == NULL)
    return;

  paid_on = g_strdup_printf ("2026-%02d-%02d", g_rand_int_range (w->rand, 1, 13),
                             g_rand_int_range (w->rand, 1, 29));
  json_object_set_int_member (fields, "amount", 100 * g_rand_int_range (w->rand, 1, 300));
  json_object_set_string_member (fields, "paid_on", paid_on);
  json_object_set_string_member (fields, "method", "bank-transfer");
  ch_payments_record (d->client->store, id, fields, &payment, &error);
  check (error == NULL, "%s could not record a payment of %s: %s", d->client->name, id,
         error->message);
  w->ops[4]++;
}

/* A member or a guest registers for an event, or walks in. */
static void
op_register (World    *w,
             Device   *d,
             gboolean  walk_in)
{
  const char *event = w->events[g_rand_int_range (w->rand, 0, N_EVENTS)];
  g_autofree char *member = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  const char *guest = NULL;
  const char *email = NULL;
  gboolean waitlisted = FALSE;
  gboolean ok;

  if (g_rand_int_range (w->rand, 0, 3) > 0)
    member = random_member (w, d, FALSE);
  if (member == NULL)
    {
      guint k = g_rand_int_range (w->rand, 0, G_N_ELEMENTS (guests));

      guest = guests[k];
      email = guest_emails[k];
    }

  if (walk_in)
    ok = ch_registration_walk_in (d->client->store, event, member, guest, email, &id, &error);
  else
    ok = ch_registration_add (d->client->store, event, member, guest, email, CH_MODE_IN_PERSON,
                              &id, &waitlisted, &error);
  if (ok)
    w->ops[walk_in ? 6 : 5]++;
  else
    check (g_error_matches (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_DUPLICATE),
           "%s could not register for %s: %s", d->client->name, event, error->message);
}

static void
op_cancel_or_check_in (World  *w,
                       Device *d)
{
  g_autofree char *id = random_id (w, d, "SELECT id FROM registration WHERE chapter_id = ? "
                                         "AND deleted = 0 AND state <> 'cancelled' "
                                         "AND checked_in_at IS NULL ORDER BY id");
  g_autoptr(GError) error = NULL;
  g_autofree char *promoted = NULL;

  if (id == NULL)
    return;

  if (g_rand_boolean (w->rand))
    {
      ch_registration_cancel (d->client->store, id, &promoted, &error);
      check (error == NULL, "%s could not cancel %s: %s", d->client->name, id, error->message);
      w->ops[7]++;
    }
  else if (ch_registration_check_in (d->client->store, id, TRUE, CH_CHECK_IN_DOOR, -1, &error))
    w->ops[8]++;
  else
    check (g_error_matches (error, CH_REGISTRATIONS_ERROR, CH_REGISTRATIONS_ERROR_INVALID),
           "%s could not check in %s: %s", d->client->name, id, error->message);
}

static void
op_merge (World  *w,
          Device *d)
{
  g_autofree char *survivor = random_member (w, d, FALSE);
  g_autofree char *other = random_member (w, d, FALSE);
  g_autoptr(GError) error = NULL;

  if (survivor == NULL || other == NULL || g_str_equal (survivor, other))
    return;

  ch_merge_members (d->client->store, survivor, other, &error);
  check (error == NULL, "%s could not merge %s into %s: %s", d->client->name, other, survivor,
         error->message);
  trace ("%s merges %s into %s\n", d->client->name, other, survivor);
  g_hash_table_add (w->merged, g_strdup (survivor));
  g_hash_table_add (w->merged, g_strdup (other));
  w->ops[9]++;
}

static void
op_resolve (World  *w,
            Device *d)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) conflict = NULL;
  const char *member;
  gboolean was_deleted;
  const char *id;

  ids = ch_store_list_open_conflicts (d->client->store, d->client->chapter_id, &error);
  g_assert_no_error (error);
  if (ids->len == 0)
    return;

  id = ids->pdata[g_rand_int_range (w->rand, 0, ids->len)];
  conflict = ch_store_get_row (d->client->store, "conflict", id, NULL);
  member = conflict != NULL && g_strcmp0 (json_object_get_string_member_with_default (
                                            conflict, "entity", NULL), "member") == 0
           ? json_object_get_string_member_with_default (conflict, "row_id", NULL) : NULL;
  was_deleted = member != NULL && sync_client_is_deleted (d->client, "member", member);
  if (!ch_store_resolve_conflict (d->client->store, id, g_rand_boolean (w->rand), &error))
    {
      g_clear_error (&error);
      ch_store_resolve_conflict (d->client->store, id, FALSE, &error);
      check (error == NULL, "%s could not resolve %s: %s", d->client->name, id, error->message);
    }
  /* "Use mine" on an edit of a member deleted elsewhere brings it back. */
  if (was_deleted && !sync_client_is_deleted (d->client, "member", member))
    {
      track (w, d, w->lives, member)->deleted = FALSE;
      trace ("%s restores %s by resolving a conflict\n", d->client->name, member);
    }
  w->ops[10]++;
}

/* The proxy's rule: faults, a SIGKILL during a push, an edit while a
 * pull runs (on the proxy's thread, while the test's thread waits). */
static SyncProxyAction
on_request (const char  *method,
            char       **path,
            guint        n,
            gpointer     user_data)
{
  World *w = user_data;
  g_autoptr(GError) error = NULL;
  SyncClient client;
  Device d;

  g_mutex_lock (&w->proxy_lock);
  if (w->kill_next_push && g_str_equal (method, "POST") && strstr (*path, "/mutations") != NULL)
    {
      w->kill_next_push = FALSE;
      w->killed = TRUE;
      g_mutex_unlock (&w->proxy_lock);
      return SYNC_PROXY_KILL_SERVER;
    }

  if (w->faults)
    {
      guint k = ++w->proxied % 17;

      if (k == 0)
        {
          w->lost_requests++;
          g_mutex_unlock (&w->proxy_lock);
          return SYNC_PROXY_DROP_REQUEST;
        }
      if (k == 8)
        {
          w->lost_replies++;
          g_mutex_unlock (&w->proxy_lock);
          return SYNC_PROXY_DROP_REPLY;
        }
    }
  g_mutex_unlock (&w->proxy_lock);

  if (w->edit_during_pull == NULL || !g_str_equal (method, "GET") ||
      strstr (*path, "/changes") == NULL)
    return SYNC_PROXY_FORWARD;

  d = *w->edit_during_pull;
  client = *d.client;
  client.store = ch_store_open (client.path, &error);
  g_assert_no_error (error);
  d.client = &client;
  switch (g_rand_int_range (w->rand, 0, 4))
    {
    case 0:
      op_delete (w, &d);
      break;
    case 1:
      op_payment (w, &d);
      break;
    default:
      op_edit (w, &d);
      break;
    }
  g_object_unref (client.store);
  w->edit_during_pull = NULL;
  w->ops[11]++;

  return SYNC_PROXY_FORWARD;
}

static void
on_kill_server (gpointer data,
                gpointer user_data)
{
  World *w = data;

  sync_server_kill (w->f->server);
}

/* Writes of @d are acknowledged once the outbox entry that carried them
 * is gone: no entry of the member up to that mid waits any more.  (The
 * member may still wait with a later change, e.g. one made during the
 * pull: the write was answered all the same, and with the server restore
 * it may be lost.) */
static void
note_acknowledged (World        *w,
                   Device       *d,
                   ChSyncReport *report)
{
  w->clock++;
  for (guint i = d->pending->len; i > 0; i--)
    {
      Write *write = d->pending->pdata[i - 1];
      g_autoptr(GPtrArray) mids = member_mids (d, write->member);
      gboolean waiting = FALSE;

      for (guint k = 0; k < mids->len && !waiting; k++)
        waiting = g_ascii_strtoll (mids->pdata[k], NULL, 10) <= write->mid;
      if (!waiting)
        {
          write->acked = w->clock;
          g_ptr_array_remove_index (d->pending, i - 1);

          /* A resync after the server restore forgets changes to a row
           * the server lost and this device deleted (version 0): another
           * device may send the row back (see the header). */
          if (report->full_resync)
            {
              g_autoptr(JsonObject) row = ch_store_get_row (d->client->store, "member",
                                                            write->member, NULL);

              if (row == NULL || json_object_get_int_member (row, "version") == 0)
                {
                  trace ("%s: a change of %s forgotten by the resync\n", d->client->name,
                         write->member);
                  write->void_ = TRUE;
                }
            }
        }
    }
}

static gboolean
sync_device (World        *w,
             Device       *d,
             ChSyncReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reconcile_error = NULL;
  gboolean ok;

  ch_clock_set_offset_us (d->skew_us);
  if (g_getenv ("CH_CHAOS_TRACE") != NULL)
    {
      g_autoptr(GPtrArray) waiting = NULL;

      waiting = ch_store_query_texts (d->client->store, NULL,
                                      "SELECT op || ' ' || row_id FROM outbox "
                                      "WHERE chapter_id = ? AND entity = 'member' ORDER BY mid",
                                      d->client->chapter_id, ch_store_sql_end);

      for (guint i = 0; waiting != NULL && i < waiting->len; i++)
        trace ("%s will send member %s\n", d->client->name, (const char *) waiting->pdata[i]);
    }
  ok = sync_client_sync (d->client, report, &error);
  if (!ok)
    {
      /* Only a server killed under it may stop a sync. */
      check (w->killed, "%s: sync failed: %s", d->client->name, error->message);
      return TRUE;
    }
  note_acknowledged (w, d, report);
  d->behind = FALSE;
  trace ("%s synced: %u pushed, %u conflicts, %u rejected, %u pulled%s\n", d->client->name,
         report->pushed, report->conflicts, report->rejected, report->pulled,
         report->full_resync ? ", full resync" : "");

  /* What the window does after a sync: seats freed go to those waiting. */
  if (ch_events_reconcile (d->client->store, d->client->chapter_id, NULL, &reconcile_error) > 0)
    w->ops[12]++;
  check (reconcile_error == NULL, "%s: reconcile failed: %s", d->client->name,
         reconcile_error->message);

  return report->pushed > 0 || report->pulled > 0 || report->full_resync ||
         ch_store_outbox_count (d->client->store, d->client->chapter_id) > 0;
}

static void
one_step (World  *w,
          Device *d)
{
  guint r = g_rand_int_range (w->rand, 0, 100);

  ch_clock_set_offset_us (d->skew_us);

  if (r < 16)
    op_create (w, d);
  else if (r < 44)
    op_edit (w, d);
  else if (r < 50)
    op_delete (w, d);
  else if (r < 54)
    op_restore (w, d);
  else if (r < 62)
    op_payment (w, d);
  else if (r < 71)
    op_register (w, d, FALSE);
  else if (r < 73)
    op_register (w, d, TRUE);
  else if (r < 78)
    op_cancel_or_check_in (w, d);
  else if (r < 80)
    op_merge (w, d);
  else if (r < 84)
    op_resolve (w, d);
  else if (d->offline == 0)
    {
      ChSyncReport report = { 0 };

      if (g_rand_int_range (w->rand, 0, 3) == 0)
        w->edit_during_pull = d;
      sync_device (w, d, &report);
      w->edit_during_pull = NULL;
      w->ops[13]++;
    }

  if (d->offline > 0)
    d->offline--;
  else if (g_rand_int_range (w->rand, 0, 100) < 3)
    d->offline = g_rand_int_range (w->rand, 5, 40);
}

/* ----------------------------------------------------------------------- */
/* What the operator and one officer do mid-run                            */

static void
server_back (World *w)
{
  sync_server_start (w->f->server);
  sync_proxy_set_upstream (w->proxy, w->f->server->url);
}

static void
kill_during_push (World *w)
{
  /* The next device with something to send kills the server mid-push. */
  for (guint i = 0; i < N_DEVICES && !w->killed; i++)
    {
      Device *d = &w->devices[i];
      ChSyncReport report = { 0 };

      if (ch_store_outbox_count (d->client->store, d->client->chapter_id) == 0)
        continue;
      w->kill_next_push = TRUE;
      sync_device (w, d, &report);
    }
  w->kill_next_push = FALSE;
  if (!w->killed)
    {
      sync_server_kill (w->f->server);
      w->killed = TRUE;
    }
  sync_server_reap (w->f->server);
  server_back (w);
  w->killed = FALSE;
  w->ops[14]++;
}

static void
admin_backup (World      *w,
              const char *path)
{
  g_autofree char *to = g_strconcat ("--to=", path, NULL);
  g_autofree char *out = sync_server_admin_ok (w->f->server, "backup", to, NULL);
}

static void
admin_compact (World      *w,
               const char *keep)
{
  g_autofree char *chapter = g_strconcat ("--chapter=", w->f->chapter_a, NULL);
  g_autofree char *out = sync_server_admin_ok (w->f->server, "compact", chapter, keep, NULL);
}

static void
admin_restore (World      *w,
               const char *path)
{
  g_autofree char *from = g_strconcat ("--from=", path, NULL);
  g_autofree char *out = NULL;

  check (sync_server_stop (w->f->server) == 0, "the server did not stop cleanly");
  out = sync_server_admin_ok (w->f->server, "restore", from, NULL);
  server_back (w);
  for (guint i = 0; i < N_DEVICES; i++)
    w->devices[i].behind = TRUE;

  /* Changes acknowledged after the backup to rows it has are lost (see
   * the header): forget every acknowledged deletion and phone write.
   * Writes still waiting count: they are sent after the resync. */
  for (guint i = 0; i < w->writes->len; i++)
    {
      Write *write = w->writes->pdata[i];

      write->void_ |= write->acked != 0;
    }
  for (guint i = 0; i < w->lives->len; i++)
    {
      Write *write = w->lives->pdata[i];

      write->void_ |= write->acked != 0;
    }
}

/* A consistent copy of the device's data file, as a backup program that
 * uses SQLite would take it. */
static void
copy_device_file (World  *w,
                  Device *d)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *reader = ch_store_open_reader (d->client->store, &error);
  char *sql;

  g_assert_no_error (error);
  w->copy_path = g_strconcat (d->client->path, ".copy", NULL);
  sql = sqlite3_mprintf ("VACUUM INTO %Q", w->copy_path);
  check (sqlite3_exec (reader, sql, NULL, NULL, NULL) == SQLITE_OK, "VACUUM INTO failed: %s",
         sqlite3_errmsg (reader));
  sqlite3_free (sql);
  sqlite3_close (reader);
  w->copied_device = d->index;
  trace ("copied %s's data file\n", d->client->name);
  w->copied_at = ++w->clock;
}

/* The officer puts the copy back: the window is closed, the file replaced
 * (a new file: a new inode), the window opened again. */
static void
restore_device_file (World *w)
{
  Device *d = &w->devices[w->copied_device];
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (d->client->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (d->client->path, "-shm", NULL);

  g_clear_object (&d->client->store);
  g_unlink (wal);
  g_unlink (shm);
  check (g_rename (w->copy_path, d->client->path) == 0, "could not put the copy back");
  d->client->store = ch_store_open (d->client->path, &error);
  g_assert_no_error (error);
  /* The copy is from before the server restore: behind it again. */
  d->behind = TRUE;

  /* What the officer did after the copy and never synced is gone. */
  for (guint i = d->pending->len; i > 0; i--)
    {
      Write *write = d->pending->pdata[i - 1];

      if (write->written > w->copied_at)
        {
          write->void_ = TRUE;
          g_ptr_array_remove_index (d->pending, i - 1);
        }
    }
}

/* ----------------------------------------------------------------------- */
/* The checks                                                              */

/* The server's live rows of every entity, from a snapshot (a pull from
 * 0 with tombstones, as a resync does): entity → (id → {"version", and
 * every field}). */
static GHashTable *
server_live (World *w)
{
  GHashTable *all = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) g_hash_table_unref);
  const ChEntityInfo *const *entities;
  gint64 since = 0;
  guint n = 0;

  entities = ch_entity_all (&n);
  for (guint e = 0; e < n; e++)
    g_hash_table_insert (all, (gpointer) entities[e]->name,
                         g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) json_object_unref));

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?since=%" G_GINT64_FORMAT
                                               "&tombstones=true", w->f->chapter_a, since);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonNode) page = NULL;
      JsonObject *root;
      JsonArray *items;
      guint status = 0;

      body = sync_server_request (w->f->server, "GET", path, w->f->token_a, NULL, &status);
      check (status == 200, "the server answered %u to %s", status, path);
      page = sync_test_parse_json (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      root = json_node_get_object (page);
      items = json_object_get_array_member (root, "items");

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          GHashTable *rows = g_hash_table_lookup (all, json_object_get_string_member (item,
                                                                                      "entity"));
          const char *id = json_object_get_string_member (item, "id");
          JsonObject *row;
          JsonObjectIter iter;
          const char *name;
          JsonNode *node;

          check (rows != NULL, "the server sent an unknown entity");
          if (json_object_get_boolean_member (item, "deleted"))
            {
              g_hash_table_remove (rows, id);
              continue;
            }
          row = json_object_new ();
          json_object_set_int_member (row, "version", json_object_get_int_member (item, "version"));
          json_object_iter_init (&iter, json_object_get_object_member (item, "fields"));
          while (json_object_iter_next (&iter, &name, &node))
            json_object_set_member (row, name, json_node_copy (node));
          g_hash_table_insert (rows, g_strdup (id), row);
        }

      since = json_object_get_int_member (root, "next");
      if (!json_object_get_boolean_member (root, "has_more"))
        return all;
    }
}

static void
assert_device_equals_server (World      *w,
                             Device     *d,
                             GHashTable *server)
{
  const ChEntityInfo *const *entities;
  guint n = 0;

  check (ch_store_outbox_count (d->client->store, w->f->chapter_a) == 0,
         "%s still has %u changes to send", d->client->name,
         ch_store_outbox_count (d->client->store, w->f->chapter_a));

  entities = ch_entity_all (&n);
  for (guint e = 0; e < n; e++)
    {
      const ChEntityInfo *info = entities[e];
      GHashTable *rows = g_hash_table_lookup (server, info->name);
      g_autoptr(GError) error = NULL;
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE chapter_id = ? AND "
                                              "deleted = 0", info->table);
      g_autoptr(GPtrArray) live = NULL;
      GHashTableIter iter;
      const char *id;
      JsonObject *theirs;

      if (g_str_equal (info->name, "chapter"))
        {
          g_clear_pointer (&sql, g_free);
          sql = g_strdup ("SELECT id FROM chapter WHERE id = ? AND deleted = 0");
        }
      live = ch_store_query_texts (d->client->store, &error, sql, w->f->chapter_a,
                                   ch_store_sql_end);
      g_assert_no_error (error);
      for (guint i = 0; i < live->len; i++)
        check (g_hash_table_contains (rows, live->pdata[i]),
               "%s has %s %s live, the server does not", d->client->name, info->name,
               (const char *) live->pdata[i]);
      check (live->len == g_hash_table_size (rows), "%s has %u live %s rows, the server %u",
             d->client->name, live->len, info->name, g_hash_table_size (rows));

      g_hash_table_iter_init (&iter, rows);
      while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &theirs))
        {
          g_autoptr(JsonObject) mine = ch_store_get_row (d->client->store, info->name, id, NULL);

          check (mine != NULL && !json_object_get_boolean_member (mine, "deleted"),
                 "%s lacks %s %s", d->client->name, info->name, id);
          check (json_object_get_int_member (mine, "version") ==
                 json_object_get_int_member (theirs, "version"),
                 "%s has %s %s at version %" G_GINT64_FORMAT ", the server at %" G_GINT64_FORMAT,
                 d->client->name, info->name, id, json_object_get_int_member (mine, "version"),
                 json_object_get_int_member (theirs, "version"));
          for (guint i = 0; i < info->n_fields; i++)
            {
              const char *name = info->fields[i].name;
              JsonNode *a = json_object_get_member (mine, name);
              JsonNode *b = json_object_get_member (theirs, name);

              if (a != NULL && b != NULL && json_node_equal (a, b))
                continue;
              if ((a == NULL || JSON_NODE_HOLDS_NULL (a)) &&
                  (b == NULL || JSON_NODE_HOLDS_NULL (b)))
                continue;
              {
                g_autofree char *mine_text = sync_test_canonical_json (mine);
                g_autofree char *theirs_text = sync_test_canonical_json (theirs);

                check (FALSE, "%s: %s %s field %s differs from the server's:\n  server: %s\n"
                       "  %s: %s", d->client->name, info->name, id, name, theirs_text,
                       d->client->name, mine_text);
              }
            }
        }
    }
}

static const char *
text_or_empty (JsonObject *row,
               const char *field)
{
  const char *s = json_object_get_string_member_with_default (row, field, NULL);

  return s != NULL ? s : "";
}

static void
assert_no_duplicates (World      *w,
                      GHashTable *server)
{
  GHashTable *members = g_hash_table_lookup (server, "member");
  GHashTable *registrations = g_hash_table_lookup (server, "registration");
  GHashTable *periods = g_hash_table_lookup (server, "membership_period");
  GHashTable *conflicts = g_hash_table_lookup (server, "conflict");
  g_autoptr(GHashTable) emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) joins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) duplicates = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  const char *id;
  JsonObject *row;

  g_hash_table_iter_init (&iter, conflicts);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &row))
    if (g_str_equal (text_or_empty (row, "field_group"), "duplicate"))
      g_hash_table_add (duplicates, (gpointer) text_or_empty (row, "row_id"));

  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &row))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (text_or_empty (row, "email")));
      g_autofree char *email = g_utf8_casefold (trimmed, -1);
      const char *other;

      if (*email == '\0')
        continue;
      other = g_hash_table_lookup (emails, email);
      check (other == NULL || g_hash_table_contains (duplicates, id) ||
             g_hash_table_contains (duplicates, other),
             "members %s and %s are both live with %s, and no conflict says so", id, other, email);
      g_hash_table_insert (emails, g_steal_pointer (&email), g_strdup (id));
    }

  g_hash_table_iter_init (&iter, registrations);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &row))
    {
      g_autofree char *trimmed = NULL;
      g_autofree char *email = NULL;
      g_autofree char *key = NULL;

      if (g_str_equal (text_or_empty (row, "state"), "cancelled"))
        continue;
      trimmed = g_strstrip (g_strdup (text_or_empty (row, "guest_email")));
      email = g_utf8_casefold (trimmed, -1);
      if (*text_or_empty (row, "member_id") != '\0')
        key = g_strconcat (text_or_empty (row, "event_id"), " member ",
                           text_or_empty (row, "member_id"), NULL);
      else if (*email != '\0')
        key = g_strconcat (text_or_empty (row, "event_id"), " guest ", email, NULL);
      else
        continue;
      check (!g_hash_table_contains (people, key), "two live registrations for %s", key);
      g_hash_table_add (people, g_steal_pointer (&key));
    }

  g_hash_table_iter_init (&iter, periods);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &row))
    {
      if (!g_str_equal (text_or_empty (row, "kind"), "join"))
        continue;
      check (!g_hash_table_contains (joins, text_or_empty (row, "member_id")),
             "member %s has two join periods", text_or_empty (row, "member_id"));
      g_hash_table_add (joins, g_strdup (text_or_empty (row, "member_id")));
    }
}

static void
assert_capacity (World      *w,
                 GHashTable *server)
{
  GHashTable *registrations = g_hash_table_lookup (server, "registration");

  for (guint e = 0; e < N_EVENTS; e++)
    {
      GHashTableIter iter;
      JsonObject *row;
      gint64 seated = 0;

      g_hash_table_iter_init (&iter, registrations);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
        if (g_str_equal (text_or_empty (row, "event_id"), w->events[e]) &&
            g_str_equal (text_or_empty (row, "state"), "registered") &&
            g_str_equal (text_or_empty (row, "mode"), CH_MODE_IN_PERSON) &&
            *text_or_empty (row, "checked_in_at") == '\0')
          seated++;
      check (seated <= w->capacity[e], "event %u has %" G_GINT64_FORMAT " seated for %"
             G_GINT64_FORMAT " seats", e, seated, w->capacity[e]);
    }
}

/* Whether the server has a conflict about @member's phone or its
 * deletion. */
static gboolean
has_conflict (GHashTable *server,
              const char *member)
{
  GHashTable *conflicts = g_hash_table_lookup (server, "conflict");
  GHashTableIter iter;
  JsonObject *row;

  g_hash_table_iter_init (&iter, conflicts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    if (g_str_equal (text_or_empty (row, "row_id"), member) &&
        (g_str_equal (text_or_empty (row, "field_group"), "phone") ||
         g_str_equal (text_or_empty (row, "field_group"), "deleted")))
      return TRUE;

  return FALSE;
}

static void
assert_nothing_lost (World      *w,
                     GHashTable *server,
                     guint      *n_checked)
{
  GHashTable *members = g_hash_table_lookup (server, "member");
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) last_life = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  const char *id;
  Write *a;

  for (guint i = 0; i < w->writes->len; i++)
    {
      Write *write = w->writes->pdata[i];
      Write *before;

      if (write->void_ || write->acked == 0)
        continue;
      before = g_hash_table_lookup (last, write->member);
      if (before == NULL || write->acked > before->acked)
        g_hash_table_insert (last, write->member, write);
    }

  g_hash_table_iter_init (&iter, last);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &a))
    {
      JsonObject *row = g_hash_table_lookup (members, id);
      const char *value;
      gboolean ok;

      if (row == NULL || g_hash_table_contains (w->merged, id))
        continue;
      value = text_or_empty (row, "phone");
      ok = g_str_equal (value, a->value) || has_conflict (server, id);
      for (guint i = 0; i < w->writes->len && !ok; i++)
        {
          Write *write = w->writes->pdata[i];

          ok = !write->void_ && write->acked >= a->written && g_str_equal (write->member, id) &&
               g_str_equal (write->value, value);
        }
      /* A restore brings the restoring device's copy of the personal
       * fields, which the server dropped from the tombstone
       * (docs/sync-protocol.md, "Deleted members"): after a restore that
       * landed after this write, the phone is that device's. */
      for (guint i = 0; i < w->lives->len && !ok; i++)
        {
          Write *life = w->lives->pdata[i];

          ok = !life->void_ && !life->deleted && life->acked >= a->written &&
               g_str_equal (life->member, id);
        }
      check (ok, "member %s has phone \"%s\" on the server; %s's \"%s\" was acknowledged last",
             id, value, w->devices[a->device].client->name, a->value);
      (*n_checked)++;
    }

  for (guint i = 0; i < w->lives->len; i++)
    {
      Write *write = w->lives->pdata[i];
      Write *before;

      if (write->void_ || write->acked == 0)
        continue;
      before = g_hash_table_lookup (last_life, write->member);
      if (before == NULL || write->acked > before->acked)
        g_hash_table_insert (last_life, write->member, write);
    }

  g_hash_table_iter_init (&iter, last_life);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &a))
    {
      gboolean restored = FALSE;

      if (!a->deleted || g_hash_table_contains (w->merged, id))
        continue;
      for (guint i = 0; i < w->lives->len && !restored; i++)
        {
          Write *write = w->lives->pdata[i];

          restored = !write->void_ && !write->deleted && write->acked >= a->written &&
                     g_str_equal (write->member, id);
        }
      check (restored || !g_hash_table_contains (members, id),
             "member %s, deleted by %s (acknowledged), is live again on the server", id,
             w->devices[a->device].client->name);
      (*n_checked)++;
    }
}

/* ----------------------------------------------------------------------- */

static void
make_events (World *w)
{
  static const gint64 capacities[N_EVENTS] = { 2, 3, 1 };
  Device *anna = &w->devices[0];

  for (guint e = 0; e < N_EVENTS; e++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *title = g_strdup_printf ("Chapter meeting %u", e + 1);
      g_autofree char *starts = g_strdup_printf ("2036-12-%02u 18:00", 9 + e);
      g_autofree char *ends = g_strdup_printf ("2036-12-%02u 20:00", 9 + e);

      json_object_set_string_member (fields, "title", title);
      json_object_set_string_member (fields, "starts_local", starts);
      json_object_set_string_member (fields, "ends_local", ends);
      json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
      json_object_set_int_member (fields, "capacity_in_person", capacities[e]);
      ch_event_save (anna->client->store, anna->client->chapter_id, NULL, fields, &w->events[e],
                     &error);
      g_assert_no_error (error);
      w->capacity[e] = capacities[e];
    }
}

static void
test_chaos (SyncFixture   *f,
            gconstpointer  data)
{
  static const char *names[N_DEVICES] = { "anna", "bo", "cecilia", "dag" };
  World w = { 0 };
  g_autofree char *backup = g_build_filename (f->dir, "server-backup.db", NULL);
  g_autoptr(GHashTable) server = NULL;
  guint rounds = 120;
  guint quiet_round = 0;
  guint n_checked = 0;
  gint64 started = g_get_monotonic_time ();

  if (g_test_subprocess () && g_getenv ("CH_CHAOS_SEED") != NULL)
    w.seed = (guint32) g_ascii_strtoull (g_getenv ("CH_CHAOS_SEED"), NULL, 10);
  else if (g_getenv ("CH_SEED") != NULL)
    w.seed = (guint32) g_ascii_strtoull (g_getenv ("CH_SEED"), NULL, 10) + GPOINTER_TO_UINT (data);
  else if (g_getenv ("CH_CHAOS_RANDOM") != NULL)
    w.seed = g_test_rand_int () + GPOINTER_TO_UINT (data);
  else
    /* The suite runs two fixed seeds, so that CI does not turn red by the
     * draw while a case is known and not fixed (see the header); new seeds
     * are explored by bench/sync-chaos or with CH_CHAOS_RANDOM=1. */
    w.seed = 50000 + GPOINTER_TO_UINT (data);
  if (g_getenv ("CH_OPS") != NULL)
    rounds = MAX (20, (guint) g_ascii_strtoull (g_getenv ("CH_OPS"), NULL, 10));
  /* CH_PUSH_BATCH=N: pushes of N changes a request, so that most pushes
   * take several and send the next ahead of the answer to the last. */
  if (g_getenv ("CH_PUSH_BATCH") != NULL)
    ch_sync_engine_set_push_batch ((guint) g_ascii_strtoull (g_getenv ("CH_PUSH_BATCH"), NULL,
                                                              10));
  seed_for_messages = w.seed;
  w.f = f;
  w.rand = g_rand_new_with_seed (w.seed);
  w.writes = g_ptr_array_new_with_free_func ((GDestroyNotify) write_free);
  w.lives = g_ptr_array_new_with_free_func ((GDestroyNotify) write_free);
  w.merged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&w.proxy_lock);
  w.proxy = sync_proxy_new (f->server->url);
  sync_proxy_set_rule (w.proxy, on_request, &w);
  sync_proxy_set_kill_hook (w.proxy, on_kill_server, &w);
  g_test_message ("seed %u (replay with CH_SEED=%u), %u rounds", w.seed, w.seed, rounds);
  trace ("devices in %s, server in %s\n", f->dir, f->server->dir);

  for (guint i = 0; i < N_DEVICES; i++)
    {
      w.devices[i].client = sync_fixture_client (f, names[i], sync_proxy_get_url (w.proxy));
      w.devices[i].index = i;
      w.devices[i].pending = g_ptr_array_new ();
    }
  /* Anna a day behind, Cecilia a day ahead, Dag two hours ahead. */
  w.devices[0].skew_us = -(gint64) G_USEC_PER_SEC * 60 * 60 * 24;
  w.devices[2].skew_us = (gint64) G_USEC_PER_SEC * 60 * 60 * 24;
  w.devices[3].skew_us = (gint64) G_USEC_PER_SEC * 60 * 60 * 2;

  make_events (&w);
  for (guint i = 0; i < N_DEVICES; i++)
    {
      ChSyncReport report = { 0 };

      sync_device (&w, &w.devices[i], &report);
    }

  w.faults = TRUE;
  for (guint round = 0; round < rounds; round++)
    {
      guint first = g_rand_int_range (w.rand, 0, N_DEVICES);

      for (guint k = 0; k < N_DEVICES; k++)
        one_step (&w, &w.devices[(first + k) % N_DEVICES]);

      if (round == rounds * 2 / 10)
        {
          trace ("backup\n");
          admin_backup (&w, backup);
        }
      else if (round == rounds * 3 / 10)
        {
          trace ("copy of a device file\n");
          copy_device_file (&w, &w.devices[g_rand_int_range (w.rand, 0, N_DEVICES)]);
        }
      else if (round == rounds * 4 / 10)
        {
          trace ("kill\n");
          kill_during_push (&w);
        }
      else if (round == rounds * 5 / 10)
        {
          trace ("compact, keeping 90 days\n");
          admin_compact (&w, "--keep-days=90");
        }
      else if (round == rounds * 65 / 100)
        {
          trace ("server restore\n");
          admin_restore (&w, backup);
        }
      else if (round == rounds * 75 / 100)
        {
          trace ("device file restore\n");
          restore_device_file (&w);
        }
      else if (round == rounds * 85 / 100)
        {
          /* The operator forgets every device only once each has synced
           * since the restore: a device still behind it takes every row
           * missing from the snapshot for one the restore lost, and would
           * bring back a member whose tombstone was compacted (a limit,
           * docs/sync-protocol.md, "Resync"). */
          for (guint i = 0; i < N_DEVICES; i++)
            {
              ChSyncReport report = { 0 };

              if (w.devices[i].behind)
                sync_device (&w, &w.devices[i], &report);
            }
          trace ("compact, keeping 0 days\n");
          admin_compact (&w, "--keep-days=0");
        }
    }

  w.faults = FALSE;
  g_test_message ("%u creates, %u edits, %u deletes, %u restores, %u payments, %u registrations, "
                  "%u walk-ins, %u cancellations, %u check-ins, %u merges, %u resolutions, "
                  "%u syncs (%u with a change during the pull, %u reconciles moved seats), "
                  "%u requests and %u answers lost, in %.1f s",
                  w.ops[0], w.ops[1], w.ops[2], w.ops[3], w.ops[4], w.ops[5], w.ops[6], w.ops[7],
                  w.ops[8], w.ops[9], w.ops[10], w.ops[13], w.ops[11], w.ops[12],
                  w.lost_requests, w.lost_replies, (g_get_monotonic_time () - started) / 1e6);
  check (w.lost_requests > 0 && w.lost_replies > 0, "the proxy lost nothing");
  if (g_getenv ("CH_PUSH_BATCH") != NULL)
    {
      g_autoptr(GPtrArray) requests = sync_proxy_get_requests (w.proxy);
      guint ahead = 0;

      for (guint i = 0; i < requests->len; i++)
        ahead += strstr (g_ptr_array_index (requests, i), "after_mid=") != NULL;
      g_test_message ("%u pushes sent ahead of the answer to the one before", ahead);
      check (ahead > 0, "no push was sent ahead");
    }
  check (w.ops[14] == 1, "the server was not killed");

  for (guint round = 1; round <= 10 && quiet_round == 0; round++)
    {
      gboolean moved = FALSE;

      for (guint i = 0; i < N_DEVICES; i++)
        {
          ChSyncReport report = { 0 };

          moved |= sync_device (&w, &w.devices[i], &report);
        }
      if (!moved)
        quiet_round = round;
    }
  check (quiet_round > 0, "the devices still exchange changes after 10 rounds");
  ch_clock_set_offset_us (0);

  server = server_live (&w);
  for (guint i = 0; i < N_DEVICES; i++)
    assert_device_equals_server (&w, &w.devices[i], server);
  assert_no_duplicates (&w, server);
  assert_capacity (&w, server);
  assert_nothing_lost (&w, server, &n_checked);

  g_test_message ("%u live members, %u payments, %u registrations, %u conflicts agree on %d "
                  "devices and the server after %u quiet-down rounds; %u phones and deletions "
                  "checked; %.1f s in all",
                  g_hash_table_size (g_hash_table_lookup (server, "member")),
                  g_hash_table_size (g_hash_table_lookup (server, "payment")),
                  g_hash_table_size (g_hash_table_lookup (server, "registration")),
                  g_hash_table_size (g_hash_table_lookup (server, "conflict")),
                  N_DEVICES, quiet_round, n_checked,
                  (g_get_monotonic_time () - started) / 1e6);

  for (guint i = 0; i < N_DEVICES; i++)
    {
      sync_client_free (w.devices[i].client);
      g_ptr_array_unref (w.devices[i].pending);
    }
  for (guint e = 0; e < N_EVENTS; e++)
    g_free (w.events[e]);
  sync_proxy_free (w.proxy);
  g_mutex_clear (&w.proxy_lock);
  g_rand_free (w.rand);
  g_ptr_array_unref (w.writes);
  g_ptr_array_unref (w.lives);
  g_hash_table_unref (w.merged);
  g_free (w.copy_path);
}

/* CH_SEEDS mode: each seed in a subprocess, so one failure does not stop
 * the others; the failing seeds are printed. */
static void
test_chaos_isolated (gconstpointer data)
{
  guint32 seed = GPOINTER_TO_UINT (data);
  g_autofree char *text = g_strdup_printf ("%u", seed);

  if (g_test_subprocess ())
    {
      SyncFixture f = { 0 };

      g_setenv ("CH_CHAOS_SEED", text, TRUE);
      sync_fixture_setup (&f, NULL);
      test_chaos (&f, NULL);
      sync_fixture_teardown (&f, NULL);
      return;
    }

  g_setenv ("CH_CHAOS_SEED", text, TRUE);
  g_test_trap_subprocess (NULL, 600 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (!g_test_trap_has_passed ())
    {
      g_printerr ("FAILED: seed %u (replay with CH_SEED=%u)\n", seed, seed);
      g_test_fail ();
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *seeds = g_getenv ("CH_SEEDS");
  guint32 first;

  sync_test_init (&argc, &argv);

  if (seeds != NULL)
    {
      guint n = (guint) g_ascii_strtoull (seeds, NULL, 10);

      first = g_getenv ("CH_SEED") ? (guint32) g_ascii_strtoull (g_getenv ("CH_SEED"), NULL, 10)
                                   : (guint32) g_random_int ();
      if (g_getenv ("CH_SEED") == NULL)
        {
          g_autofree char *text = g_strdup_printf ("%u", first);

          /* The subprocesses register the same tests. */
          g_setenv ("CH_SEED", text, TRUE);
        }
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *path = g_strdup_printf ("/sync/chaos/seed/%u", first + i);

          g_test_add_data_func (path, GUINT_TO_POINTER (first + i), test_chaos_isolated);
        }
      return g_test_run ();
    }

  /* Two worlds of their own (seeds S and S+1); with CH_SEED, just S. */
  for (guint i = 0; i < (g_getenv ("CH_SEED") ? 1 : 2); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/chaos/four-devices/%u", i + 1);

      g_test_add (path, SyncFixture, GUINT_TO_POINTER (i),
                  sync_fixture_setup, test_chaos, sync_fixture_teardown);
    }

  return g_test_run ();
}
