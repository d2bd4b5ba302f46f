/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync-account"

#include "config.h"

#include "ch-sync-account.h"
#include "ch-sync-account-private.h"

struct _ChSyncAccount
{
  GObject    parent_instance;
  char      *token_name;
  gboolean   admin;
  GPtrArray *ids;    /* char*, parallel to names */
  GPtrArray *names;
};

G_DEFINE_FINAL_TYPE (ChSyncAccount, ch_sync_account, G_TYPE_OBJECT)

static void
ch_sync_account_finalize (GObject *object)
{
  ChSyncAccount *self = CH_SYNC_ACCOUNT (object);

  g_free (self->token_name);
  g_ptr_array_unref (self->ids);
  g_ptr_array_unref (self->names);

  G_OBJECT_CLASS (ch_sync_account_parent_class)->finalize (object);
}

static void
ch_sync_account_class_init (ChSyncAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_sync_account_finalize;
}

static void
ch_sync_account_init (ChSyncAccount *self)
{
  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->names = g_ptr_array_new_with_free_func (g_free);
}

static const char *
string_member (JsonObject *object,
               const char *name,
               gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *ok = FALSE;
      return NULL;
    }

  return json_node_get_string (node);
}

ChSyncAccount *
ch_sync_account_new_from_me (JsonObject *me)
{
  g_autoptr(ChSyncAccount) self = NULL;
  JsonNode *chapters, *admin;
  JsonArray *list;
  gboolean ok = TRUE;

  g_return_val_if_fail (me != NULL, NULL);

  chapters = json_object_get_member (me, "chapters");
  if (chapters == NULL || !JSON_NODE_HOLDS_ARRAY (chapters))
    return NULL;

  self = g_object_new (CH_TYPE_SYNC_ACCOUNT, NULL);
  self->token_name = g_strdup (string_member (me, "token_name", &ok));
  admin = json_object_get_member (me, "admin");
  self->admin = admin != NULL && JSON_NODE_HOLDS_VALUE (admin) &&
                json_node_get_value_type (admin) == G_TYPE_BOOLEAN &&
                json_node_get_boolean (admin);

  list = json_node_get_array (chapters);
  for (guint i = 0; ok && i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      const char *id, *name;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return NULL;
      id = string_member (json_node_get_object (item), "id", &ok);
      name = string_member (json_node_get_object (item), "name", &ok);
      if (id == NULL)
        return NULL;
      g_ptr_array_add (self->ids, g_strdup (id));
      g_ptr_array_add (self->names, g_strdup (name != NULL && *name != '\0' ? name : id));
    }

  return ok ? g_steal_pointer (&self) : NULL;
}

const char *
ch_sync_account_get_token_name (ChSyncAccount *self)
{
  g_return_val_if_fail (CH_IS_SYNC_ACCOUNT (self), NULL);

  return self->token_name;
}

gboolean
ch_sync_account_get_admin (ChSyncAccount *self)
{
  g_return_val_if_fail (CH_IS_SYNC_ACCOUNT (self), FALSE);

  return self->admin;
}

guint
ch_sync_account_get_n_chapters (ChSyncAccount *self)
{
  g_return_val_if_fail (CH_IS_SYNC_ACCOUNT (self), 0);

  return self->ids->len;
}

const char *
ch_sync_account_get_chapter_id (ChSyncAccount *self,
                                guint          position)
{
  g_return_val_if_fail (CH_IS_SYNC_ACCOUNT (self), NULL);
  g_return_val_if_fail (position < self->ids->len, NULL);

  return g_ptr_array_index (self->ids, position);
}

const char *
ch_sync_account_get_chapter_name (ChSyncAccount *self,
                                  guint          position)
{
  g_return_val_if_fail (CH_IS_SYNC_ACCOUNT (self), NULL);
  g_return_val_if_fail (position < self->names->len, NULL);

  return g_ptr_array_index (self->names, position);
}

gboolean
ch_sync_account_has_chapter (ChSyncAccount *self,
                             const char    *chapter_id)
{
  g_return_val_if_fail (CH_IS_SYNC_ACCOUNT (self), FALSE);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->ids, i), chapter_id) == 0)
      return TRUE;

  return FALSE;
}
