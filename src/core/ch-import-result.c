/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-import-result.h"

struct _ChImportResult
{
  GObject    parent_instance;

  char      *batch_id;
  gboolean   dry_run;
  guint      counts[CH_IMPORT_N_OUTCOMES];
  GPtrArray *notes;
};

G_DEFINE_FINAL_TYPE (ChImportResult, ch_import_result, G_TYPE_OBJECT)

static void
note_free (ChImportResultNote *note)
{
  g_free (note->message);
  g_free (note);
}

static void
ch_import_result_finalize (GObject *object)
{
  ChImportResult *self = CH_IMPORT_RESULT (object);

  g_free (self->batch_id);
  g_clear_pointer (&self->notes, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_import_result_parent_class)->finalize (object);
}

static void
ch_import_result_class_init (ChImportResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_import_result_finalize;
}

static void
ch_import_result_init (ChImportResult *self)
{
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) note_free);
}

ChImportResult *
ch_import_result_new (gboolean dry_run)
{
  ChImportResult *self = g_object_new (CH_TYPE_IMPORT_RESULT, NULL);

  self->dry_run = dry_run;
  return self;
}

void
ch_import_result_add (ChImportResult  *self,
                      guint            line,
                      ChImportResultOutcome  outcome,
                      const char      *message)
{
  g_return_if_fail (CH_IS_IMPORT_RESULT (self));
  g_return_if_fail (outcome < CH_IMPORT_N_OUTCOMES);

  self->counts[outcome]++;
  if (message != NULL)
    {
      ChImportResultNote *note = g_new0 (ChImportResultNote, 1);

      note->line = line;
      note->outcome = outcome;
      note->message = g_strdup (message);
      g_ptr_array_add (self->notes, note);
    }
}

void
ch_import_result_set_batch_id (ChImportResult *self,
                               const char     *batch_id)
{
  g_return_if_fail (CH_IS_IMPORT_RESULT (self));

  g_free (self->batch_id);
  self->batch_id = g_strdup (batch_id);
}

const char *
ch_import_result_get_batch_id (ChImportResult *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_RESULT (self), NULL);
  return self->batch_id;
}

gboolean
ch_import_result_get_dry_run (ChImportResult *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_RESULT (self), FALSE);
  return self->dry_run;
}

guint
ch_import_result_get_count (ChImportResult  *self,
                            ChImportResultOutcome  outcome)
{
  g_return_val_if_fail (CH_IS_IMPORT_RESULT (self), 0);
  g_return_val_if_fail (outcome < CH_IMPORT_N_OUTCOMES, 0);
  return self->counts[outcome];
}

GPtrArray *
ch_import_result_get_notes (ChImportResult *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_RESULT (self), NULL);
  return self->notes;
}

const char *
ch_import_result_outcome_key (ChImportResultOutcome outcome)
{
  static const char * const keys[] = { "created", "updated", "skipped", "failed" };

  g_return_val_if_fail (outcome < CH_IMPORT_N_OUTCOMES, NULL);
  return keys[outcome];
}

char *
ch_import_result_format_count (ChImportResult  *self,
                               ChImportResultOutcome  outcome)
{
  guint n;

  g_return_val_if_fail (CH_IS_IMPORT_RESULT (self), NULL);
  g_return_val_if_fail (outcome < CH_IMPORT_N_OUTCOMES, NULL);

  n = self->counts[outcome];
  if (self->dry_run)
    switch (outcome)
      {
      case CH_IMPORT_OUTCOME_CREATED:
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member would be created.",
                                             "%u members would be created.", n), n);
      case CH_IMPORT_OUTCOME_UPDATED:
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member would be updated.",
                                             "%u members would be updated.", n), n);
      case CH_IMPORT_OUTCOME_SKIPPED:
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row would be skipped.",
                                             "%u rows would be skipped.", n), n);
      case CH_IMPORT_OUTCOME_FAILED:
      case CH_IMPORT_N_OUTCOMES:
      default:
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row would fail.",
                                             "%u rows would fail.", n), n);
      }

  switch (outcome)
    {
    case CH_IMPORT_OUTCOME_CREATED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member created.",
                                           "%u members created.", n), n);
    case CH_IMPORT_OUTCOME_UPDATED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member updated.",
                                           "%u members updated.", n), n);
    case CH_IMPORT_OUTCOME_SKIPPED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row skipped.",
                                           "%u rows skipped.", n), n);
    case CH_IMPORT_OUTCOME_FAILED:
    case CH_IMPORT_N_OUTCOMES:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row failed.",
                                           "%u rows failed.", n), n);
    }
}

JsonObject *
ch_import_result_to_json (ChImportResult *self)
{
  JsonObject *object = json_object_new ();
  JsonArray *notes = json_array_new ();

  g_return_val_if_fail (CH_IS_IMPORT_RESULT (self), NULL);

  if (self->batch_id)
    json_object_set_string_member (object, "batch", self->batch_id);
  else
    json_object_set_null_member (object, "batch");
  json_object_set_boolean_member (object, "dry_run", self->dry_run);
  for (guint i = 0; i < CH_IMPORT_N_OUTCOMES; i++)
    json_object_set_int_member (object, ch_import_result_outcome_key (i), self->counts[i]);

  for (guint i = 0; i < self->notes->len; i++)
    {
      ChImportResultNote *note = g_ptr_array_index (self->notes, i);
      JsonObject *n = json_object_new ();

      json_object_set_int_member (n, "line", note->line);
      json_object_set_string_member (n, "outcome", ch_import_result_outcome_key (note->outcome));
      json_object_set_string_member (n, "message", note->message);
      json_array_add_object_element (notes, n);
    }
  json_object_set_array_member (object, "notes", notes);

  return object;
}
