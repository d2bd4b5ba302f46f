/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import-preview"

#include "config.h"

#include "ch-import-preview.h"
#include "ch-import-private.h"

struct _ChImportPreview
{
  GObject    parent_instance;

  GPtrArray *rows;               /* ChImportRow */
  guint      n_rows;             /* of the whole file */
  GStrv      tier_values;
  gboolean   needs_date_order;
  char      *ambiguous_date;
};

G_DEFINE_FINAL_TYPE (ChImportPreview, ch_import_preview, G_TYPE_OBJECT)

static void
ch_import_preview_finalize (GObject *object)
{
  ChImportPreview *self = CH_IMPORT_PREVIEW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_strfreev (self->tier_values);
  g_free (self->ambiguous_date);

  G_OBJECT_CLASS (ch_import_preview_parent_class)->finalize (object);
}

static void
ch_import_preview_class_init (ChImportPreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_import_preview_finalize;
}

static void
ch_import_preview_init (ChImportPreview *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Points @import at @store for a while; returns the store it had. */
static ChStore *
swap_store (ChImport *import,
            ChStore  *store)
{
  ChStore *old = import->store;

  import->store = store;
  return old;
}

ChImport *
ch_import_preview_open (ChStore       *store,
                        ChStore       *owner,
                        const char    *chapter_id,
                        const char    *path,
                        int            sheet,
                        guint         *out_sheet,
                        GStrv         *out_names,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(ChSheet) first = NULL;
  g_autoptr(ChImport) import = NULL;
  g_auto(GStrv) names = NULL;
  guint index = sheet < 0 ? 0 : (guint) sheet;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (CH_IS_STORE (owner), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!(first = ch_sheet_new_from_file (path, index, error)))
    return NULL;
  names = g_strdupv ((GStrv) ch_sheet_get_sheet_names (first));

  import = ch_import_new (store, chapter_id, first, error);
  while (sheet < 0 && import == NULL && names[index] != NULL && names[index + 1] != NULL &&
         !g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(ChSheet) next = ch_sheet_new_from_file (path, ++index, NULL);

      if (next != NULL)
        import = ch_import_new (store, chapter_id, next, NULL);
    }
  if (import == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* The whole-file pass, here rather than on the main thread later. */
  ch_import_analyse (import);
  g_object_unref (swap_store (import, g_object_ref (owner)));
  g_clear_error (error);

  if (out_sheet)
    *out_sheet = index;
  if (out_names)
    *out_names = g_steal_pointer (&names);
  return g_steal_pointer (&import);
}

ChImportPreview *
ch_import_preview_new (ChImport *import,
                       ChStore  *store,
                       guint     n_rows)
{
  ChImportPreview *self;
  ChStore *owner;
  guint shown;

  g_return_val_if_fail (CH_IS_IMPORT (import), NULL);
  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  self = g_object_new (CH_TYPE_IMPORT_PREVIEW, NULL);
  owner = swap_store (import, store);

  ch_import_analyse (import);
  self->n_rows = ch_import_get_n_rows (import);
  shown = MIN (n_rows, self->n_rows);
  for (guint i = 0; i < shown; i++)
    g_ptr_array_add (self->rows, ch_import_check_row (import, i));
  self->tier_values = ch_import_dup_tier_values (import);
  self->needs_date_order = ch_import_needs_date_order (import);
  self->ambiguous_date = g_strdup (ch_import_get_ambiguous_date (import));

  swap_store (import, owner);
  return self;
}

GPtrArray *
ch_import_preview_get_rows (ChImportPreview *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_PREVIEW (self), NULL);
  return self->rows;
}

guint
ch_import_preview_get_n_rows (ChImportPreview *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_PREVIEW (self), 0);
  return self->n_rows;
}

const char * const *
ch_import_preview_get_tier_values (ChImportPreview *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_PREVIEW (self), NULL);
  return (const char * const *) self->tier_values;
}

gboolean
ch_import_preview_get_needs_date_order (ChImportPreview *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_PREVIEW (self), FALSE);
  return self->needs_date_order;
}

const char *
ch_import_preview_get_ambiguous_date (ChImportPreview *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_PREVIEW (self), NULL);
  return self->ambiguous_date;
}
