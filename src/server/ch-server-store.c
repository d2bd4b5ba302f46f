/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-store"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-server-store.h"

G_DEFINE_QUARK (ch-server-store-error-quark, ch_server_store_error)

G_DEFINE_INTERFACE (ChServerStore, ch_server_store, G_TYPE_OBJECT)

static void
ch_server_store_default_init (ChServerStoreInterface *iface)
{
}

const char *
ch_server_store_get_epoch (ChServerStore  *self)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), NULL);

  return CH_SERVER_STORE_GET_IFACE (self)->get_epoch (self);
}

gboolean
ch_server_store_add_chapter (ChServerStore  *self,
                             const char     *id,
                             const char     *fields,
                             GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->add_chapter (self, id, fields, error);
}

ChServerChapter *
ch_server_store_get_chapter (ChServerStore  *self,
                             const char     *id,
                             GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), NULL);

  return CH_SERVER_STORE_GET_IFACE (self)->get_chapter (self, id, error);
}

GPtrArray *
ch_server_store_list_chapters (ChServerStore  *self,
                               GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), NULL);

  return CH_SERVER_STORE_GET_IFACE (self)->list_chapters (self, error);
}

gboolean
ch_server_store_compact (ChServerStore  *self,
                         const char     *chapter_id,
                         gint64          seen_since,
                         gint64         *removed,
                         gint64         *floor,
                         GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->compact (self, chapter_id, seen_since,
                                                    removed, floor, error);
}

gint64
ch_server_store_add_token (ChServerStore  *self,
                           const char     *name,
                           const char     *hash,
                           const char     *chapter_id,
                           gboolean        admin,
                           GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), 0);

  return CH_SERVER_STORE_GET_IFACE (self)->add_token (self, name, hash, chapter_id, admin, error);
}

ChServerToken *
ch_server_store_lookup_token (ChServerStore  *self,
                              const char     *hash,
                              GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), NULL);

  return CH_SERVER_STORE_GET_IFACE (self)->lookup_token (self, hash, error);
}

GPtrArray *
ch_server_store_list_tokens (ChServerStore  *self,
                             GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), NULL);

  return CH_SERVER_STORE_GET_IFACE (self)->list_tokens (self, error);
}

gboolean
ch_server_store_revoke_token (ChServerStore  *self,
                              gint64          id,
                              GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->revoke_token (self, id, error);
}

gboolean
ch_server_store_read_changes (ChServerStore       *self,
                              const char          *chapter_id,
                              gint64               since,
                              guint                limit,
                              gboolean             with_tombstones,
                              const char          *held_device,
                              gint64               held_mid,
                              ChServerRecordFunc   func,
                              gpointer             user_data,
                              GError             **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->read_changes (self, chapter_id, since, limit,
                                                         with_tombstones, held_device, held_mid,
                                                         func, user_data, error);
}

gboolean
ch_server_store_count_changes (ChServerStore  *self,
                               const char     *chapter_id,
                               gint64          since,
                               gboolean        with_tombstones,
                               const char     *held_device,
                               gint64          held_mid,
                               gint64         *count,
                               GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->count_changes (self, chapter_id, since,
                                                          with_tombstones, held_device,
                                                          held_mid, count, error);
}

gboolean
ch_server_store_begin_read (ChServerStore  *self,
                            GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->begin_read (self, error);
}

void
ch_server_store_end_read (ChServerStore *self)
{
  g_return_if_fail (CH_IS_SERVER_STORE (self));

  CH_SERVER_STORE_GET_IFACE (self)->end_read (self);
}

gboolean
ch_server_store_begin_batch (ChServerStore  *self,
                             const char     *chapter_id,
                             gint64         *version,
                             GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->begin_batch (self, chapter_id, version, error);
}

gboolean
ch_server_store_end_batch (ChServerStore  *self,
                           const char     *chapter_id,
                           gint64          version,
                           gboolean        commit,
                           GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->end_batch (self, chapter_id, version, commit, error);
}

gboolean
ch_server_store_get_record (ChServerStore   *self,
                            const char      *chapter_id,
                            const char      *entity,
                            const char      *id,
                            ChServerRecord **record,
                            GError         **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->get_record (self, chapter_id, entity, id, record, error);
}

gboolean
ch_server_store_put_record (ChServerStore         *self,
                            const char            *chapter_id,
                            const ChServerRecord  *record,
                            const char            *email_key,
                            const char            *held_device,
                            gint64                 held_mid,
                            GError               **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->put_record (self, chapter_id, record, email_key,
                                                       held_device, held_mid, error);
}

gboolean
ch_server_store_find_email (ChServerStore  *self,
                            const char     *chapter_id,
                            const char     *email_key,
                            const char     *except_id,
                            char          **member_id,
                            GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->find_email (self, chapter_id, email_key, except_id,
                                                       member_id, error);
}

gboolean
ch_server_store_get_last_mid (ChServerStore  *self,
                              const char     *chapter_id,
                              const char     *device_id,
                              gint64         *last_mid,
                              GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->get_last_mid (self, chapter_id, device_id, last_mid,
                                                         error);
}

gboolean
ch_server_store_set_last_mid (ChServerStore  *self,
                              const char     *chapter_id,
                              const char     *device_id,
                              gint64          last_mid,
                              GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->set_last_mid (self, chapter_id, device_id, last_mid,
                                                         error);
}

gboolean
ch_server_store_get_result (ChServerStore     *self,
                            const char        *chapter_id,
                            const char        *device_id,
                            gint64             mid,
                            ChMutationResult **result,
                            GError           **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->get_result (self, chapter_id, device_id, mid, result,
                                                       error);
}

gboolean
ch_server_store_put_result (ChServerStore           *self,
                            const char              *chapter_id,
                            const char              *device_id,
                            const ChMutationResult  *result,
                            const char              *fingerprint,
                            GError                 **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->put_result (self, chapter_id, device_id, result,
                                                       fingerprint, error);
}

gboolean
ch_server_store_clear_held (ChServerStore  *self,
                            const char     *chapter_id,
                            const char     *entity,
                            const char     *id,
                            GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->clear_held (self, chapter_id, entity, id, error);
}

gboolean
ch_server_store_get_device_owner (ChServerStore  *self,
                                  const char     *chapter_id,
                                  const char     *device_id,
                                  gint64         *token_id,
                                  GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->get_device_owner (self, chapter_id, device_id,
                                                             token_id, error);
}

gboolean
ch_server_store_set_device_owner (ChServerStore  *self,
                                  const char     *chapter_id,
                                  const char     *device_id,
                                  gint64          token_id,
                                  GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->set_device_owner (self, chapter_id, device_id,
                                                             token_id, error);
}

gboolean
ch_server_store_get_fingerprint (ChServerStore  *self,
                                 const char     *chapter_id,
                                 const char     *device_id,
                                 gint64          mid,
                                 char          **fingerprint,
                                 GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->get_fingerprint (self, chapter_id, device_id, mid,
                                                            fingerprint, error);
}

gboolean
ch_server_store_find_refs (ChServerStore  *self,
                           const char     *chapter_id,
                           const char     *entity,
                           const char     *field,
                           const char     *value,
                           GPtrArray     **ids,
                           GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->find_refs (self, chapter_id, entity, field, value,
                                                      ids, error);
}

gboolean
ch_server_store_note_pull (ChServerStore  *self,
                           const char     *chapter_id,
                           const char     *device_id,
                           gint64          cursor,
                           GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->note_pull (self, chapter_id, device_id, cursor, error);
}

gboolean
ch_server_store_rotate_epoch (ChServerStore  *self,
                              const char     *reason,
                              GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->rotate_epoch (self, reason, error);
}

gboolean
ch_server_store_count_by_key (ChServerStore  *self,
                              const char     *chapter_id,
                              const char     *entity,
                              const char     *key,
                              const char     *except_id,
                              gint64         *count,
                              GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->count_by_key (self, chapter_id, entity, key, except_id,
                                                         count, error);
}

gboolean
ch_server_store_get_author (ChServerStore  *self,
                            const char     *chapter_id,
                            const char     *entity,
                            const char     *id,
                            const char     *field_group,
                            char          **author,
                            char          **device_id,
                            GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->get_author (self, chapter_id, entity, id, field_group,
                                                       author, device_id, error);
}

gboolean
ch_server_store_put_author (ChServerStore  *self,
                            const char     *chapter_id,
                            const char     *entity,
                            const char     *id,
                            const char     *field_group,
                            const char     *author,
                            const char     *device_id,
                            GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE (self), FALSE);

  return CH_SERVER_STORE_GET_IFACE (self)->put_author (self, chapter_id, entity, id, field_group,
                                                       author, device_id, error);
}
