/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ch-chapter.h"
#include "ch-member.h"

G_BEGIN_DECLS

#define CH_STORE_ERROR (ch_store_error_quark ())

typedef enum
{
  CH_STORE_ERROR_FAILED,
  CH_STORE_ERROR_TOO_NEW,
  CH_STORE_ERROR_NOT_A_DATABASE,
  CH_STORE_ERROR_NOT_FOUND,
  CH_STORE_ERROR_INVALID,
  CH_STORE_ERROR_REQUIRED,
  CH_STORE_ERROR_DUPLICATE_EMAIL,
  CH_STORE_ERROR_DAMAGED,         /* a database whose pages SQLite cannot read */
} ChStoreError;

GQuark ch_store_error_quark (void);

#define CH_TYPE_STORE (ch_store_get_type ())

G_DECLARE_FINAL_TYPE (ChStore, ch_store, CH, STORE, GObject)

char          *ch_store_default_path            (void);
guint          ch_store_schema_level            (void);

ChStore       *ch_store_open                    (const char    *path,
                                                 GError       **error);

/**
 * ChStoreOpenFlags:
 * @CH_STORE_OPEN_DEFAULT: as ch_store_open()
 * @CH_STORE_OPEN_COLLATION_LATER: when the members' name keys are in another
 *   collation than the user's, do not make them again while opening (it
 *   takes seconds for a large chapter): keep the file's order and call
 *   ch_store_update_collation_async()
 */
typedef enum
{
  CH_STORE_OPEN_DEFAULT         = 0,
  CH_STORE_OPEN_COLLATION_LATER = 1 << 0,
} ChStoreOpenFlags;

ChStore       *ch_store_open_full               (const char       *path,
                                                 ChStoreOpenFlags  flags,
                                                 GError          **error);
const char    *ch_store_get_path                (ChStore       *self);
const char    *ch_store_get_device_id           (ChStore       *self);

/* Bulk writes (a pulled page, generated members): the search index is
 * brought up to date once, when the outermost ch_store_begin() commits,
 * instead of row by row.  Call it inside that transaction; a rollback drops
 * the queue too. */
void           ch_store_defer_search            (ChStore       *self);

/* Emits ::changed (entity and id %NULL, as after a batch) when another
 * connection committed to the file since the store last looked: a sync on
 * its worker thread, another program.  Its own changes are told as they
 * are made.  Whether anything changed. */
gboolean       ch_store_check_outside_changes   (ChStore       *self);

/* Groups several changes into one transaction (nests with SAVEPOINTs). */
gboolean       ch_store_begin                   (ChStore       *self,
                                                 GError       **error);
gboolean       ch_store_commit                  (ChStore       *self,
                                                 GError       **error);
void           ch_store_rollback                (ChStore       *self);

/* Generic changes to synced entities: each writes the row and its outbox
 * entry in one transaction, or neither. */
gboolean       ch_store_insert                  (ChStore       *self,
                                                 const char    *entity,
                                                 const char    *chapter_id,
                                                 const char    *id,
                                                 JsonObject    *set,
                                                 char         **out_id,
                                                 GError       **error);
gboolean       ch_store_update                  (ChStore       *self,
                                                 const char    *entity,
                                                 const char    *id,
                                                 JsonObject    *set,
                                                 GError       **error);
gboolean       ch_store_delete                  (ChStore       *self,
                                                 const char    *entity,
                                                 const char    *id,
                                                 GError       **error);
gboolean       ch_store_restore                 (ChStore       *self,
                                                 const char    *entity,
                                                 const char    *id,
                                                 GError       **error);
/* Deletes member @id as merged into @survivor_id: the tombstone carries
 * merged_into, which the server uses to send rows that still name @id to
 * the survivor (the sync "delete" carries set = {merged_into}). */
gboolean       ch_store_delete_merged           (ChStore       *self,
                                                 const char    *id,
                                                 const char    *survivor_id,
                                                 GError       **error);

/* The row as a JSON object: its fields plus "id", "chapter_id", "version",
 * "deleted".  NULL with CH_STORE_ERROR_NOT_FOUND when missing. */
JsonObject    *ch_store_get_row                 (ChStore       *self,
                                                 const char    *entity,
                                                 const char    *id,
                                                 GError       **error);
/* ch_store_get_row() of a row that is there and not deleted; NULL (and
 * no error) when @id is NULL or the row is missing or deleted. */
JsonObject    *ch_store_get_live_row            (ChStore       *self,
                                                 const char    *entity,
                                                 const char    *id);
/* The text of @row's column @name; NULL when @row is NULL or the column
 * is missing, null or not text. */
const char    *ch_store_row_text                (JsonObject    *row,
                                                 const char    *name);

/* Rows that came from the server (a pulled page).  Pending local changes to
 * the same row are laid over the incoming values.  No outbox entry. */
gboolean       ch_store_apply_remote            (ChStore       *self,
                                                 const char    *chapter_id,
                                                 const char    *entity,
                                                 const char    *id,
                                                 gint64         version,
                                                 gboolean       deleted,
                                                 JsonObject    *fields,
                                                 GError       **error);
/* Sets the version of a row after the server acknowledged a change to it. */
gboolean       ch_store_set_row_version         (ChStore       *self,
                                                 const char    *entity,
                                                 const char    *id,
                                                 gint64         version,
                                                 GError       **error);

/* The chapter's pending changes, oldest first (element ChStoreOutboxEntry,
 * ch-store-sync.h). */
GPtrArray     *ch_store_outbox_list             (ChStore       *self,
                                                 const char    *chapter_id,
                                                 guint          max,
                                                 GError       **error);
gboolean       ch_store_outbox_remove           (ChStore       *self,
                                                 gint64         mid,
                                                 GError       **error);
guint          ch_store_outbox_count            (ChStore       *self,
                                                 const char    *chapter_id);

/* Meta values kept in the store (device id, sync links, …). */
char          *ch_store_get_meta                (ChStore       *self,
                                                 const char    *key);
gboolean       ch_store_set_meta                (ChStore       *self,
                                                 const char    *key,
                                                 const char    *value,
                                                 GError       **error);

/* The collation member.name_key is made in (ch-store-collation.c): an ICU
 * locale ("sv_SE"; "" for ICU's root order).  Opening a store sets it to
 * ch_locale_get (LC_COLLATE); setting another one makes every key again in one
 * transaction, and a store whose keys are in it already reads one row. */
const char    *ch_store_get_collation           (ChStore       *self);
gboolean       ch_store_set_collation           (ChStore       *self,
                                                 const char    *locale,
                                                 GError       **error);
/* Keeps the file's collation for now and remembers @locale as the one
 * wanted (what CH_STORE_OPEN_COLLATION_LATER does); a file whose keys are in
 * @locale already, or in no recorded one, is as after
 * ch_store_set_collation(). */
gboolean       ch_store_defer_collation         (ChStore       *self,
                                                 const char    *locale,
                                                 GError       **error);
gboolean       ch_store_has_pending_collation   (ChStore       *self);
/* Makes the keys in the wanted collation now, on this connection. */
gboolean       ch_store_update_collation        (ChStore       *self,
                                                 GError       **error);
/* Makes the keys in the wanted collation on a connection of its own, in a
 * worker thread; the store then takes it and emits ::changed.  Returns
 * at once when nothing is pending. */
void           ch_store_update_collation_async  (ChStore             *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       ch_store_update_collation_finish (ChStore       *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);

/* Chapters */
GPtrArray     *ch_store_list_chapters           (ChStore       *self,
                                                 GError       **error);
ChChapter     *ch_store_get_chapter             (ChStore       *self,
                                                 const char    *id,
                                                 GError       **error);
ChChapter     *ch_store_create_chapter          (ChStore       *self,
                                                 JsonObject    *fields,
                                                 GError       **error);
gint32         ch_store_today_days              (ChStore       *self,
                                                 const char    *chapter_id);
gint           ch_store_grace_days              (ChStore       *self,
                                                 const char    *chapter_id);

/* Members */
ChMember      *ch_store_get_member              (ChStore       *self,
                                                 const char    *id,
                                                 GError       **error);
ChMember      *ch_store_get_member_by_rowid     (ChStore       *self,
                                                 gint64         rowid);
char          *ch_store_find_member_by_email    (ChStore       *self,
                                                 const char    *chapter_id,
                                                 const char    *email,
                                                 const char    *exclude_id);
gboolean       ch_store_add_member              (ChStore       *self,
                                                 const char    *chapter_id,
                                                 JsonObject    *fields,
                                                 char         **out_id,
                                                 GError       **error);
gboolean       ch_store_update_member           (ChStore       *self,
                                                 const char    *id,
                                                 JsonObject    *changes,
                                                 GError       **error);
gint64         ch_store_member_rowid            (ChStore       *self,
                                                 const char    *id);
guint          ch_store_count_members           (ChStore       *self,
                                                 const char    *chapter_id);

/* ch_store_open() on a file that is already there: never creates the file
 * nor its folder; CH_STORE_ERROR_NOT_FOUND when @path does not exist (for
 * commands that only read, where a mistyped path must not make a database,
 * and for workers' connections).  It opens with
 * CH_STORE_OPEN_COLLATION_LATER: a worker never makes the keys again. */
ChStore       *ch_store_open_existing           (const char    *path,
                                                 GError       **error);

G_END_DECLS
