/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-tiers"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-membership-private.h"
#include "ch-tier.h"
#include "ch-store-private.h"
#include "ch-tiers.h"
#include "ch-uuid.h"

G_DEFINE_QUARK (ch-tiers-error-quark, ch_tiers_error)

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, CH_TIERS_ERROR, CH_TIERS_ERROR_INVALID, message);
  return FALSE;
}

/* ----------------------------------------------------------------------- */
/* ChTier                                                                  */

struct _ChTier
{
  GObject   parent_instance;

  char     *key;
  char     *name;
  gboolean  paid;
  gboolean  honorary;
};

G_DEFINE_FINAL_TYPE (ChTier, ch_tier, G_TYPE_OBJECT)

static void
ch_tier_finalize (GObject *object)
{
  ChTier *self = CH_TIER (object);

  g_free (self->key);
  g_free (self->name);

  G_OBJECT_CLASS (ch_tier_parent_class)->finalize (object);
}

static void
ch_tier_class_init (ChTierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_tier_finalize;
}

static void
ch_tier_init (ChTier *self)
{
}

static ChTier *
tier_new (const char *key)
{
  ChTier *self = g_object_new (CH_TYPE_TIER, NULL);

  self->key = g_strdup (key);

  return self;
}

const char *
ch_tier_get_key (ChTier *self)
{
  g_return_val_if_fail (CH_IS_TIER (self), NULL);

  return self->key;
}

const char *
ch_tier_get_name (ChTier *self)
{
  g_return_val_if_fail (CH_IS_TIER (self), NULL);

  return self->name;
}

gboolean
ch_tier_get_paid (ChTier *self)
{
  g_return_val_if_fail (CH_IS_TIER (self), FALSE);

  return self->paid;
}

gboolean
ch_tier_get_honorary (ChTier *self)
{
  g_return_val_if_fail (CH_IS_TIER (self), FALSE);

  return self->honorary;
}

gboolean
ch_tier_get_pays_dues (ChTier *self)
{
  g_return_val_if_fail (CH_IS_TIER (self), FALSE);

  return self->paid && !self->honorary;
}

/* ----------------------------------------------------------------------- */
/* Tiers                                                                   */

static const char *const shipped_tiers[] = { CH_TIER_NETWORK, CH_TIER_CHAPTER, CH_TIER_HONORARY };

static gboolean
is_shipped_tier (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (shipped_tiers); i++)
    if (g_strcmp0 (key, shipped_tiers[i]) == 0)
      return TRUE;

  return FALSE;
}

static char *
tier_row_id (const char *chapter_id,
             const char *key)
{
  g_autofree char *name = g_strconcat ("membership_tier:", key, NULL);

  return ch_uuid_for_name (chapter_id, name);
}

GPtrArray *
ch_tiers_list (ChStore     *store,
               const char  *chapter_id,
               GError     **error)
{
  g_autoptr(GPtrArray) tiers = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *st = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (shipped_tiers); i++)
    {
      ChTier *t = tier_new (shipped_tiers[i]);

      t->name = g_strdup (ch_tier_label (shipped_tiers[i]));
      t->paid = ch_tier_kind_for_key (t->key) == CH_TIER_KIND_PAID;
      t->honorary = ch_tier_kind_for_key (t->key) == CH_TIER_KIND_HONORARY;
      g_ptr_array_add (tiers, t);
    }

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT key, name, paid FROM membership_tier "
                          "WHERE chapter_id = ? AND deleted = 0 ORDER BY position, name, key",
                          -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the tiers: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return NULL;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (st, 0);
      const char *name = (const char *) sqlite3_column_text (st, 1);
      ChTier *t = NULL;

      if (key == NULL)
        continue;

      for (guint i = 0; i < tiers->len; i++)
        if (g_strcmp0 (((ChTier *) tiers->pdata[i])->key, key) == 0)
          t = tiers->pdata[i];

      if (t == NULL)
        {
          t = tier_new (key);
          /* A chapter's own tier counts as paid unless marked free. */
          t->paid = sqlite3_column_type (st, 2) == SQLITE_NULL || sqlite3_column_int (st, 2) != 0;
          g_ptr_array_add (tiers, t);
        }

      if (name != NULL && *name != '\0')
        {
          g_free (t->name);
          t->name = g_strdup (name);
        }
      else if (t->name == NULL)
        t->name = g_strdup (key);
    }
  sqlite3_finalize (st);

  return g_steal_pointer (&tiers);
}

ChTier *
ch_tiers_find (ChStore    *store,
               const char *chapter_id,
               const char *key)
{
  g_autoptr(GPtrArray) tiers = ch_tiers_list (store, chapter_id, NULL);

  for (guint i = 0; tiers && i < tiers->len; i++)
    {
      ChTier *t = tiers->pdata[i];

      if (g_strcmp0 (t->key, key) == 0)
        return g_ptr_array_steal_index (tiers, i);
    }

  return NULL;
}

gboolean
ch_tiers_save (ChStore     *store,
               const char  *chapter_id,
               const char  *key,
               const char  *name,
               gboolean     paid,
               GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *made_key = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) set = json_object_new ();

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (chapter_id != NULL, FALSE);

  if (*trimmed == '\0')
    return invalid (error, _("Give the tier a name."));

  if (key == NULL)
    {
      made_key = ch_membership_key_from_name (trimmed);
      if (*made_key == '\0')
        return invalid (error, _("The tier’s name needs at least one letter or digit."));
      key = made_key;
    }

  /* The shipped tiers keep their rules; only their names change. */
  if (is_shipped_tier (key))
    paid = ch_tier_kind_for_key (key) == CH_TIER_KIND_PAID;

  id = tier_row_id (chapter_id, key);
  json_object_set_string_member (set, "name", trimmed);
  json_object_set_boolean_member (set, "paid", paid);

  row = ch_store_get_row (store, "membership_tier", id, NULL);
  if (row == NULL)
    {
      gint64 position = 0;

      if (is_shipped_tier (key))
        {
          for (guint i = 0; i < G_N_ELEMENTS (shipped_tiers); i++)
            if (g_strcmp0 (shipped_tiers[i], key) == 0)
              position = i;
        }
      else
        {
          g_autoptr(GPtrArray) tiers = ch_tiers_list (store, chapter_id, NULL);
          position = tiers ? tiers->len : 3;
        }

      json_object_set_string_member (set, "key", key);
      json_object_set_int_member (set, "position", position);
      return ch_store_insert (store, "membership_tier", chapter_id, id, set, NULL, error);
    }

  if (!ch_store_begin (store, error))
    return FALSE;
  if ((json_object_get_boolean_member (row, "deleted") &&
       !ch_store_restore (store, "membership_tier", id, error)) ||
      !ch_store_update (store, "membership_tier", id, set, error))
    {
      ch_store_rollback (store);
      return FALSE;
    }

  return ch_store_commit (store, error);
}

ChTier *
ch_tiers_lookup (GPtrArray  *tiers,
                 const char *key)
{
  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    if (g_strcmp0 (CH_TIER (g_ptr_array_index (tiers, i))->key, key) == 0)
      return g_ptr_array_index (tiers, i);

  return NULL;
}

gboolean
ch_tiers_is_free (GPtrArray  *tiers,
                  const char *key)
{
  ChTier *t = ch_tiers_lookup (tiers, key);

  return t != NULL ? !t->paid && !t->honorary : ch_tier_is_free (key);
}

ChTier *
ch_tiers_upgrade_target (GPtrArray  *tiers,
                         const char *current)
{
  ChTier *target = NULL;

  if (!ch_tiers_is_free (tiers, current))
    return NULL;

  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    {
      ChTier *t = g_ptr_array_index (tiers, i);

      if (ch_tier_get_pays_dues (t) &&
          (target == NULL || g_strcmp0 (t->key, CH_TIER_CHAPTER) == 0))
        target = t;
    }

  return target;
}
