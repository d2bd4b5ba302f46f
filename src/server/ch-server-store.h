/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-server-chapter.h"
#include "ch-server-record.h"
#include "ch-server-token.h"
#include "ch-protocol.h"

G_BEGIN_DECLS

/*
 * The server's authoritative store, behind an interface so that another
 * backend (PostgreSQL, with SELECT … FOR UPDATE on the chapter row) can
 * replace the embedded SQLite one. The rules of sync (compare-and-set,
 * conflicts, idempotency) live in ch-server-apply.c on top of these
 * primitives, so every backend applies them the same way.
 *
 * A write batch is: begin_batch() (locks the chapter, returns its version),
 * any number of record/device/result calls, then end_batch() with the new
 * version to commit, or with commit = FALSE to throw everything away.
 *
 * Reads may be grouped with begin_read()/end_read(): one consistent
 * snapshot (and, for SQLite, one lock) for all the reads of a request.
 */

#define CH_SERVER_STORE_ERROR (ch_server_store_error_quark ())

typedef enum
{
  CH_SERVER_STORE_ERROR_FAILED,     /* the database failed */
  CH_SERVER_STORE_ERROR_NOT_FOUND,  /* no such chapter, token or database */
  CH_SERVER_STORE_ERROR_EXISTS,     /* a chapter with that id exists */
  CH_SERVER_STORE_ERROR_TOO_NEW,    /* made by a newer chapterhouse-server */
  CH_SERVER_STORE_ERROR_DAMAGED,    /* empty, not a database, or failed its check */
  CH_SERVER_STORE_ERROR_TOO_MANY_DEVICES, /* the token has CH_SERVER_STORE_MAX_DEVICES */
  CH_SERVER_STORE_ERROR_BUSY,       /* another connection holds the lock */
} ChServerStoreError;

/* Device ids one token may use (each keeps a row and its stored answers). */
#define CH_SERVER_STORE_MAX_DEVICES      200
/* compact keeps the stored answers of a device's last this many mids
 * (a device repeats at most its last unanswered batches, 1000 each). */
#define CH_SERVER_STORE_KEEP_RESULT_MIDS 5000

GQuark ch_server_store_error_quark (void);

#define CH_TYPE_SERVER_STORE (ch_server_store_get_type ())

G_DECLARE_INTERFACE (ChServerStore, ch_server_store, CH, SERVER_STORE, GObject)

struct _ChServerStoreInterface
{
  GTypeInterface parent_iface;

  const char      *(*get_epoch)      (ChServerStore  *self);

  /* Chapters */
  gboolean         (*add_chapter)    (ChServerStore  *self,
                                      const char     *id,
                                      const char     *fields,
                                      GError        **error);
  ChServerChapter *(*get_chapter)    (ChServerStore  *self,
                                      const char     *id,
                                      GError        **error);
  GPtrArray       *(*list_chapters)  (ChServerStore  *self,
                                      GError        **error);
  gboolean         (*compact)        (ChServerStore  *self,
                                      const char     *chapter_id,
                                      gint64          seen_since,
                                      gint64         *removed,
                                      gint64         *floor,
                                      GError        **error);

  /* Tokens; only the SHA-256 (hex) of a token is ever stored */
  gint64           (*add_token)      (ChServerStore  *self,
                                      const char     *name,
                                      const char     *hash,
                                      const char     *chapter_id,
                                      gboolean        admin,
                                      GError        **error);
  ChServerToken   *(*lookup_token)   (ChServerStore  *self,
                                      const char     *hash,
                                      GError        **error);
  GPtrArray       *(*list_tokens)    (ChServerStore  *self,
                                      GError        **error);
  gboolean         (*revoke_token)   (ChServerStore  *self,
                                      gint64          id,
                                      GError        **error);

  /* Change feed */
  /* With @held_device (else NULL): a row whose latest write is that
   * device's exact one (set_held()) with a mid of at most @held_mid is
   * passed to @func with @fields NULL (left out; the cursor moves past). */
  gboolean         (*read_changes)   (ChServerStore      *self,
                                      const char         *chapter_id,
                                      gint64              since,
                                      guint               limit,
                                      gboolean            with_tombstones,
                                      const char         *held_device,
                                      gint64              held_mid,
                                      ChServerRecordFunc  func,
                                      gpointer            user_data,
                                      GError            **error);

  /* How many records read_changes() would give without a limit (those
   * left out not counted). */
  gboolean         (*count_changes)  (ChServerStore      *self,
                                      const char         *chapter_id,
                                      gint64              since,
                                      gboolean            with_tombstones,
                                      const char         *held_device,
                                      gint64              held_mid,
                                      gint64             *count,
                                      GError            **error);

  /* Read snapshots */
  gboolean         (*begin_read)     (ChServerStore  *self,
                                      GError        **error);
  void             (*end_read)       (ChServerStore  *self);

  /* Write batches */
  gboolean         (*begin_batch)    (ChServerStore  *self,
                                      const char     *chapter_id,
                                      gint64         *version,
                                      GError        **error);
  gboolean         (*end_batch)      (ChServerStore  *self,
                                      const char     *chapter_id,
                                      gint64          version,
                                      gboolean        commit,
                                      GError        **error);
  gboolean         (*get_record)     (ChServerStore   *self,
                                      const char      *chapter_id,
                                      const char      *entity,
                                      const char      *id,
                                      ChServerRecord **record,
                                      GError         **error);
  /* @held_device (else NULL): the write is that device's exact one, of
   * its mutation @held_mid (see ch-server-apply-held.c); any other write
   * ends such a mark. */
  gboolean         (*put_record)     (ChServerStore        *self,
                                      const char           *chapter_id,
                                      const ChServerRecord *record,
                                      const char           *email_key,
                                      const char           *held_device,
                                      gint64                held_mid,
                                      GError              **error);
  gboolean         (*find_email)     (ChServerStore  *self,
                                      const char     *chapter_id,
                                      const char     *email_key,
                                      const char     *except_id,
                                      char          **member_id,
                                      GError        **error);
  gboolean         (*get_last_mid)   (ChServerStore  *self,
                                      const char     *chapter_id,
                                      const char     *device_id,
                                      gint64         *last_mid,
                                      GError        **error);
  gboolean         (*set_last_mid)   (ChServerStore  *self,
                                      const char     *chapter_id,
                                      const char     *device_id,
                                      gint64          last_mid,
                                      GError        **error);
  gboolean         (*get_result)     (ChServerStore     *self,
                                      const char        *chapter_id,
                                      const char        *device_id,
                                      gint64             mid,
                                      ChMutationResult **result,
                                      GError           **error);
  gboolean         (*put_result)     (ChServerStore          *self,
                                      const char             *chapter_id,
                                      const char             *device_id,
                                      const ChMutationResult *result,
                                      const char             *fingerprint,
                                      GError                **error);
  /* Inside a batch: the row's latest write is no longer left out of its
   * device's pulls (put_record()'s @held_device). */
  gboolean         (*clear_held)     (ChServerStore  *self,
                                      const char     *chapter_id,
                                      const char     *entity,
                                      const char     *id,
                                      GError        **error);

  /* Ids of the live rows of @entity whose text @field (a descriptor
   * name) equals @value, oldest first; inside a batch. */
  gboolean         (*find_refs)      (ChServerStore  *self,
                                      const char     *chapter_id,
                                      const char     *entity,
                                      const char     *field,
                                      const char     *value,
                                      GPtrArray     **ids,
                                      GError        **error);

  /* Device ids are bound to the token that first used them (0: none yet).
   * Every stored result has the fingerprint of its mutation
   * (ch_mutation_fingerprint(); NULL for results stored before). */
  gboolean         (*get_device_owner) (ChServerStore  *self,
                                        const char     *chapter_id,
                                        const char     *device_id,
                                        gint64         *token_id,
                                        GError        **error);
  gboolean         (*set_device_owner) (ChServerStore  *self,
                                        const char     *chapter_id,
                                        const char     *device_id,
                                        gint64          token_id,
                                        GError        **error);
  gboolean         (*get_fingerprint)  (ChServerStore  *self,
                                        const char     *chapter_id,
                                        const char     *device_id,
                                        gint64          mid,
                                        char          **fingerprint,
                                        GError        **error);

  /* Epochs and device cursors (see docs/sync-protocol.md, "Epoch") */
  gboolean         (*note_pull)      (ChServerStore  *self,
                                      const char     *chapter_id,
                                      const char     *device_id,
                                      gint64          cursor,
                                      GError        **error);
  gboolean         (*rotate_epoch)   (ChServerStore  *self,
                                      const char     *reason,
                                      GError        **error);

  /* How many live rows of @entity other than @except_id were written with
   * lookup key @key (put_record's email_key: a member's e-mail; for a
   * registration holding a seat, its event and mode). */
  gboolean         (*count_by_key)   (ChServerStore  *self,
                                      const char     *chapter_id,
                                      const char     *entity,
                                      const char     *key,
                                      const char     *except_id,
                                      gint64         *count,
                                      GError        **error);

  /* Who last changed a field group of a row (officer name and device), so
   * a conflict names both sides; *author NULL when not known. */
  gboolean         (*get_author)     (ChServerStore  *self,
                                      const char     *chapter_id,
                                      const char     *entity,
                                      const char     *id,
                                      const char     *field_group,
                                      char          **author,
                                      char          **device_id,
                                      GError        **error);
  gboolean         (*put_author)     (ChServerStore  *self,
                                      const char     *chapter_id,
                                      const char     *entity,
                                      const char     *id,
                                      const char     *field_group,
                                      const char     *author,
                                      const char     *device_id,
                                      GError        **error);
};

const char      *ch_server_store_get_epoch     (ChServerStore  *self);

gboolean         ch_server_store_add_chapter   (ChServerStore  *self,
                                                const char     *id,
                                                const char     *fields,
                                                GError        **error);
ChServerChapter *ch_server_store_get_chapter   (ChServerStore  *self,
                                                const char     *id,
                                                GError        **error);
GPtrArray       *ch_server_store_list_chapters (ChServerStore  *self,
                                                GError        **error);
/* Removes the chapter's tombstones that every device seen at or after
 * @seen_since (Unix time) has pulled, and raises the floor to match;
 * with no such device, all of them. */
gboolean         ch_server_store_compact       (ChServerStore  *self,
                                                const char     *chapter_id,
                                                gint64          seen_since,
                                                gint64         *removed,
                                                gint64         *floor,
                                                GError        **error);

gint64           ch_server_store_add_token     (ChServerStore  *self,
                                                const char     *name,
                                                const char     *hash,
                                                const char     *chapter_id,
                                                gboolean        admin,
                                                GError        **error);
ChServerToken   *ch_server_store_lookup_token  (ChServerStore  *self,
                                                const char     *hash,
                                                GError        **error);
GPtrArray       *ch_server_store_list_tokens   (ChServerStore  *self,
                                                GError        **error);
gboolean         ch_server_store_revoke_token  (ChServerStore  *self,
                                                gint64          id,
                                                GError        **error);

gboolean         ch_server_store_read_changes  (ChServerStore      *self,
                                                const char         *chapter_id,
                                                gint64              since,
                                                guint               limit,
                                                gboolean            with_tombstones,
                                                const char         *held_device,
                                                gint64              held_mid,
                                                ChServerRecordFunc  func,
                                                gpointer            user_data,
                                                GError            **error);

gboolean         ch_server_store_count_changes (ChServerStore      *self,
                                                const char         *chapter_id,
                                                gint64              since,
                                                gboolean            with_tombstones,
                                                const char         *held_device,
                                                gint64              held_mid,
                                                gint64             *count,
                                                GError            **error);

gboolean         ch_server_store_begin_read    (ChServerStore  *self,
                                                GError        **error);
void             ch_server_store_end_read      (ChServerStore  *self);

gboolean         ch_server_store_begin_batch   (ChServerStore  *self,
                                                const char     *chapter_id,
                                                gint64         *version,
                                                GError        **error);
gboolean         ch_server_store_end_batch     (ChServerStore  *self,
                                                const char     *chapter_id,
                                                gint64          version,
                                                gboolean        commit,
                                                GError        **error);
gboolean         ch_server_store_get_record    (ChServerStore   *self,
                                                const char      *chapter_id,
                                                const char      *entity,
                                                const char      *id,
                                                ChServerRecord **record,
                                                GError         **error);
gboolean         ch_server_store_put_record    (ChServerStore        *self,
                                                const char           *chapter_id,
                                                const ChServerRecord *record,
                                                const char           *email_key,
                                                const char           *held_device,
                                                gint64                held_mid,
                                                GError              **error);
gboolean         ch_server_store_find_email    (ChServerStore  *self,
                                                const char     *chapter_id,
                                                const char     *email_key,
                                                const char     *except_id,
                                                char          **member_id,
                                                GError        **error);
gboolean         ch_server_store_get_last_mid  (ChServerStore  *self,
                                                const char     *chapter_id,
                                                const char     *device_id,
                                                gint64         *last_mid,
                                                GError        **error);
gboolean         ch_server_store_set_last_mid  (ChServerStore  *self,
                                                const char     *chapter_id,
                                                const char     *device_id,
                                                gint64          last_mid,
                                                GError        **error);
gboolean         ch_server_store_get_result    (ChServerStore     *self,
                                                const char        *chapter_id,
                                                const char        *device_id,
                                                gint64             mid,
                                                ChMutationResult **result,
                                                GError           **error);
/* @fingerprint: ch_mutation_fingerprint() of the mutation (may be NULL). */
gboolean         ch_server_store_put_result    (ChServerStore          *self,
                                                const char             *chapter_id,
                                                const char             *device_id,
                                                const ChMutationResult *result,
                                                const char             *fingerprint,
                                                GError                **error);
gboolean         ch_server_store_clear_held    (ChServerStore  *self,
                                                const char     *chapter_id,
                                                const char     *entity,
                                                const char     *id,
                                                GError        **error);
gboolean         ch_server_store_count_by_key  (ChServerStore  *self,
                                                const char     *chapter_id,
                                                const char     *entity,
                                                const char     *key,
                                                const char     *except_id,
                                                gint64         *count,
                                                GError        **error);

gboolean         ch_server_store_find_refs     (ChServerStore  *self,
                                                const char     *chapter_id,
                                                const char     *entity,
                                                const char     *field,
                                                const char     *value,
                                                GPtrArray     **ids,
                                                GError        **error);

gboolean         ch_server_store_get_device_owner (ChServerStore  *self,
                                                   const char     *chapter_id,
                                                   const char     *device_id,
                                                   gint64         *token_id,
                                                   GError        **error);
gboolean         ch_server_store_set_device_owner (ChServerStore  *self,
                                                   const char     *chapter_id,
                                                   const char     *device_id,
                                                   gint64          token_id,
                                                   GError        **error);
gboolean         ch_server_store_get_fingerprint  (ChServerStore  *self,
                                                   const char     *chapter_id,
                                                   const char     *device_id,
                                                   gint64          mid,
                                                   char          **fingerprint,
                                                   GError        **error);
/* Remembers that @device_id pulled the chapter's feed from @cursor now:
 * compaction keeps the tombstones that a device seen recently has not
 * pulled yet. Outside any read or write batch. */
gboolean         ch_server_store_note_pull     (ChServerStore  *self,
                                                const char     *chapter_id,
                                                const char     *device_id,
                                                gint64          cursor,
                                                GError        **error);
/* Gives the store a new random epoch, so that every device resyncs from
 * the start; @reason goes to the log. Outside any read or write batch. */
gboolean         ch_server_store_rotate_epoch  (ChServerStore  *self,
                                                const char     *reason,
                                                GError        **error);
gboolean         ch_server_store_get_author    (ChServerStore          *self,
                                                const char             *chapter_id,
                                                const char             *entity,
                                                const char             *id,
                                                const char             *field_group,
                                                char                  **author,
                                                char                  **device_id,
                                                GError                **error);
gboolean         ch_server_store_put_author    (ChServerStore          *self,
                                                const char             *chapter_id,
                                                const char             *entity,
                                                const char             *id,
                                                const char             *field_group,
                                                const char             *author,
                                                const char             *device_id,
                                                GError                **error);

G_END_DECLS
