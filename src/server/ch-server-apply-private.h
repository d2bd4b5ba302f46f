/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-entity.h"
#include "ch-server-apply.h"

G_BEGIN_DECLS

/* What the files of the batch applier share (ch-server-apply.c: the batch,
 * rows, updates and one mutation; ch-server-apply-rules.c: the data rules,
 * members deleted or merged away, e-mail taken, join periods;
 * ch-server-apply-device.c: the device's checks before a batch).  Only
 * those files include this header. */

/* One batch of one device, applied in one transaction. */
typedef struct
{
  ChServerStore *store;
  const char    *chapter_id;
  const char    *device_id;
  const char    *author;
  gint64         version;     /* the last version handed out */
  char          *now;
  /* The last row written (owned): lets check_held() compare without
   * reading the row back. */
  const ChEntityInfo *written_entity;
  char          *written_id;
  JsonObject    *written_fields;
  /* "entity id" of the rows this batch's deletes turned into tombstones
   * → a member's personal fields as they were just before (a JsonObject,
   * empty for other entities; see ch_server_apply_keep_personal()) */
  GHashTable    *deleted_here;
  /* "entity id" → this device's exact write of it (ch-server-apply-held.c) */
  GHashTable    *held_here;
  /* The mutation being applied, its row before it (or NULL), whether
   * this mutation wrote that row, and whether its latest write of it
   * marked it as the device's exact one */
  const ChMutation     *current;
  const ChServerRecord *current_before;
  gboolean              current_written;
  gboolean              held_written;
  /* The mutation whose "set" the row took whole, at which version
   * (ch_server_apply_update_text()): check_held() has nothing to do */
  const ChMutation     *set_held_by;
  gint64                set_held_version;
  /* Set while the update on the stored text writes the mutation's row
   * read before it with every value of "set" laid over it, exactly what
   * ch_server_apply_held_predict() would otherwise make to compare */
  gboolean              set_over_before;
} Batch;

JsonObject *
ch_server_apply_load_fields (const ChServerRecord  *record,
                             GError               **error);

void
ch_server_apply_overlay (JsonObject *fields,
                         JsonObject *set);

const char *
ch_server_apply_get_text (JsonObject *fields,
                          const char *name);

gboolean
ch_server_apply_write_record (Batch               *b,
                              const ChEntityInfo  *entity,
                              const char          *id,
                              gboolean             deleted,
                              JsonObject          *fields,
                              gint64              *version,
                              GError             **error);

gboolean
ch_server_apply_write_text (Batch               *b,
                            const ChEntityInfo  *entity,
                            const char          *id,
                            gboolean             deleted,
                            const char          *json,
                            const char          *email_key,
                            JsonObject          *fields,
                            gint64              *version,
                            GError             **error);

gboolean
ch_server_apply_write_conflict (Batch       *b,
                                const char  *entity,
                                const char  *row_id,
                                const char  *group,
                                const char  *theirs,
                                const char  *mine,
                                const char  *kept_author,
                                const char  *kept_device_id,
                                GError     **error);

ChMutationResult *
ch_server_apply_apply_update (Batch                *b,
                              const ChEntityInfo   *entity,
                              const ChMutation     *m,
                              const ChServerRecord *record,
                              JsonObject           *base,
                              GError              **error);

ChMutationResult *
ch_server_apply_rejected (const ChMutation *m,
                          const char       *message);

ChMutationResult *
ch_server_apply_refuse_and_resend (Batch                *b,
                                   const ChEntityInfo   *entity,
                                   const ChMutation     *m,
                                   const ChServerRecord *record,
                                   ChMutationResult     *refused,
                                   GError              **error);

ChMutationResult *
ch_server_apply_apply_merge (Batch                *b,
                             const ChEntityInfo   *entity,
                             const ChMutation     *m,
                             const ChServerRecord *record,
                             GError              **error);

ChMutationResult *
ch_server_apply_apply_member_update (Batch                *b,
                                     const ChEntityInfo   *entity,
                                     const ChMutation     *m,
                                     const ChServerRecord *record,
                                     JsonObject           *base,
                                     GError              **error);

gboolean
ch_server_apply_check_rules (Batch                 *b,
                             const ChEntityInfo    *entity,
                             const ChMutation      *m,
                             const ChServerRecord  *record,
                             ChMutation           **rewritten,
                             ChMutationResult     **refused,
                             GError               **error);

ChMutationResult *
ch_server_apply_apply_to_survivor (Batch                *b,
                                   const ChEntityInfo   *entity,
                                   const ChMutation     *m,
                                   const ChServerRecord *record,
                                   GError              **error);

/* ch-server-apply-text.c: an update on the row's stored text */
gboolean
ch_server_apply_update_text (Batch                 *b,
                             const ChEntityInfo    *entity,
                             const ChMutation      *m,
                             const ChServerRecord  *record,
                             JsonObject            *base,
                             ChMutationResult     **result,
                             GError               **error);

/* ch-server-apply-held.c: the end of the JSON value that starts at @p */
const char *
ch_server_apply_skip_value (const char *p);

/* ch-server-apply-erase.c: erasing a member (docs/sync-protocol.md) */
gboolean
ch_server_apply_is_erased (const ChServerRecord *record);
gboolean
ch_server_apply_scrub_tombstone (const char *entity,
                                 JsonObject *fields);
JsonObject *
ch_server_apply_keep_personal   (const char *entity,
                                 JsonObject *fields);
JsonObject *
ch_server_apply_restore_set     (JsonObject *set,
                                 JsonObject *kept);
gboolean
ch_server_apply_drop_declined_edit (Batch               *b,
                                    const ChEntityInfo  *entity,
                                    const ChMutation    *m,
                                    GError             **error);
gboolean
ch_server_apply_restore_has_fields (const char *entity,
                                    JsonObject *fields,
                                    JsonObject *set);

gboolean
ch_server_apply_is_erasure (const ChMutation *m);

ChMutationResult *
ch_server_apply_apply_erase (Batch                *b,
                             const ChEntityInfo   *entity,
                             const ChMutation     *m,
                             const ChServerRecord *record,
                             GError              **error);

/* ch-server-apply-device.c */
gboolean
ch_server_apply_check_device (Batch       *b,
                              gint64       token_id,
                              gint64       last_mid,
                              GPtrArray   *mutations,
                              GPtrArray   *replays,
                              gint64      *error_mid,
                              GError     **error);

/* ch-server-apply-held.c: the device's own exact writes, left out of its
 * pulls (docs/sync-protocol.md, "Not pulling back one's own changes").
 * _predict() for each row written (whether to mark it), _decide() after
 * each applied mutation (@before: the row before it, or NULL),
 * _replayed() for each stored result sent again. */
gboolean
ch_server_apply_held_predict (Batch              *b,
                              const ChEntityInfo *entity,
                              const char         *id,
                              gboolean            deleted,
                              const char         *json);
gboolean
ch_server_apply_held_decide (Batch                *b,
                             const ChMutation     *m,
                             const ChServerRecord *before,
                             ChMutationResult     *result,
                             GError              **error);
void
ch_server_apply_held_replayed (Batch                  *b,
                               const ChMutation       *m,
                               const ChMutationResult *result);

G_END_DECLS
