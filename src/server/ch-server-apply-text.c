/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-apply"

#include "config.h"

#include <string.h>

#include "ch-email.h"
#include "ch-json.h"
#include "ch-server-apply-private.h"
#include "ch-server-store.h"

/* An update of a live row, done on the row's stored text (issue 17,
 * docs/sync-protocol.md, "Applying a push").  The common edit (a device
 * changes a few fields of a row it held, nobody else changed them) used
 * to parse the whole stored row into a JsonObject, compare, and write
 * every field out again: most of the server's work for a push.  Here only
 * the fields of the groups that "set" touches are parsed, compared
 * exactly as compare_and_set() compares them (ch_json_value_equal()),
 * and the new row is the stored text with those values replaced.
 *
 * Stored rows are in the form ch_server_apply_fields_to_json() writes:
 * every field of the entity, in descriptor order, each value as
 * ch_json_append_node() writes it; the untouched values are copied as
 * they are, so the new text is the one the JsonObject path would write.
 * Anything else goes back to that path (nothing is written here before
 * the decision): a row not in that form, a field "set" names that the
 * entity lacks, a group in conflict (or a "paid until" that only rises),
 * a deleted row, and the entities whose writes look at the whole row
 * (registrations are merged, a conflict row's resolution drops an edit). */

/* Writes the stored form @json of a row (with its e-mail key) at the next
 * version of the chapter; @fields, when given, is the same row as an
 * object, kept for the checks after the write. */
gboolean
ch_server_apply_write_text (Batch               *b,
                            const ChEntityInfo  *entity,
                            const char          *id,
                            gboolean             deleted,
                            const char          *json,
                            const char          *email_key,
                            JsonObject          *fields,
                            gint64              *version,
                            GError             **error)
{
  ChServerRecord record;
  gboolean held;

  record.entity = (char *) entity->name;
  record.id = (char *) id;
  record.version = b->version + 1;
  record.deleted = deleted;
  record.fields = (char *) json;
  /* The row this mutation read: the store may update it in place. */
  record.rowid = 0;
  if (b->current_before != NULL && strcmp (b->current_before->entity, entity->name) == 0 &&
      strcmp (b->current_before->id, id) == 0)
    record.rowid = b->current_before->rowid;
  held = ch_server_apply_held_predict (b, entity, id, deleted, json);

  if (!ch_server_store_put_record (b->store, b->chapter_id, &record, email_key,
                                   held ? b->device_id : NULL, held ? b->current->mid : 0, error))
    return FALSE;

  b->version = record.version;
  if (version != NULL)
    *version = record.version;

  /* The last row written, for check_held() and the data rules. */
  g_free (b->written_id);
  g_clear_pointer (&b->written_fields, json_object_unref);
  b->written_entity = entity;
  b->written_id = g_strdup (id);
  b->written_fields = fields ? json_object_ref (fields) : NULL;
  /* The mutation's own row: whether its latest write is marked. */
  if (b->current != NULL && g_strcmp0 (b->current->id, id) == 0 &&
      g_strcmp0 (b->current->entity, entity->name) == 0)
    {
      b->held_written = held;
      b->current_written = TRUE;
    }

  return TRUE;
}

typedef struct
{
  const char *member;   /* the field's "name": */
  const char *start;
  gsize       len;
  JsonNode   *node;     /* parsed on first use */
  JsonNode   *mine;     /* the value "set" gives it, or NULL (not owned) */
  gboolean    parsed;
  gboolean    replace;  /* the new row takes the value of "set" */
} Span;

#define MAX_FIELDS 64

/* Where each field's value is in @text; FALSE when @text is not the
 * stored form of a row of @entity. */
static gboolean
scan_row (const ChEntityInfo *entity,
          const char         *text,
          Span               *spans)
{
  const char *p = text;

  if (p == NULL || *p++ != '{')
    return FALSE;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const char *name = entity->fields[i].name;
      gsize n = strlen (name);
      const char *end;

      if (i > 0 && *p++ != ',')
        return FALSE;
      if (p[0] != '"' || strncmp (p + 1, name, n) != 0 || p[n + 1] != '"' || p[n + 2] != ':')
        return FALSE;
      spans[i].member = p;
      p += n + 3;
      if ((end = ch_server_apply_skip_value (p)) == NULL || end == p)
        return FALSE;
      spans[i].start = p;
      spans[i].len = (gsize) (end - p);
      p = end;
    }

  return p[0] == '}' && p[1] == '\0';
}

/* A stored null or plain string (no escape, no control character, valid
 * UTF-8: what the reader would read as it is) without the reader, which
 * sets itself up for a whole document (issue 17); NULL for anything else. */
static JsonNode *
plain_value (const char *start,
             gsize       len)
{
  char text[256];

  if (len == 4 && memcmp (start, "null", 4) == 0)
    return json_node_init_null (json_node_alloc ());
  if (len < 2 || len - 2 >= sizeof text || start[0] != '"' || start[len - 1] != '"')
    return NULL;
  for (gsize k = 1; k < len - 1; k++)
    if (start[k] == '\\' || start[k] == '"' || (guchar) start[k] < 0x20)
      return NULL;
  if (!g_utf8_validate_len (start + 1, len - 2, NULL))
    return NULL;
  memcpy (text, start + 1, len - 2);
  text[len - 2] = '\0';

  return json_node_init_string (json_node_alloc (), text);
}

/* The stored value of field @i, parsed once; FALSE if it does not parse. */
static gboolean
current_value (Span      *spans,
               guint      i,
               JsonNode **value)
{
  if (!spans[i].parsed)
    {
      spans[i].node = plain_value (spans[i].start, spans[i].len);
      if (spans[i].node == NULL)
        spans[i].node = ch_json_parse (spans[i].start, spans[i].len, NULL);
      spans[i].parsed = TRUE;
    }

  *value = spans[i].node;
  return spans[i].node != NULL;
}

static gboolean
in_group (const ChFieldInfo *field,
          const ChFieldInfo *leader)
{
  if (leader->group == NULL)
    return field == leader;

  return field->group != NULL && strcmp (field->group, leader->group) == 0;
}

/* The e-mail key of the new member row: "set"'s e-mail when it is taken,
 * else the stored one. */
static char *
new_email_key (const ChEntityInfo *entity,
               Span               *spans)
{
  const ChFieldInfo *field = ch_entity_field (entity, "email");
  guint i;
  JsonNode *value;

  if (field == NULL)
    return NULL;
  i = (guint) (field - entity->fields);
  if (spans[i].replace)
    value = spans[i].mine;
  else if (!current_value (spans, i, &value))
    return NULL;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;

  return ch_email_normalize (json_node_get_string (value));
}

/* Decides per group as compare_and_set() does; FALSE when a group is in
 * conflict or a value cannot be read (the JsonObject path then decides).
 * @applied gets the groups taken over a different value. */
static gboolean
decide (const ChEntityInfo *entity,
        Span               *spans,
        JsonObject         *base,
        const char        **applied,
        guint              *n_applied,
        gboolean           *changed)
{
  gboolean done[MAX_FIELDS] = { FALSE };

  *n_applied = 0;
  *changed = FALSE;
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const ChFieldInfo *leader = &entity->fields[i];
      gboolean base_ok = TRUE;
      gboolean set_ok = TRUE;

      if (done[i] || spans[i].mine == NULL)
        continue;

      /* Every field of the group takes part in the base comparison, also
       * those before @i (never in "set", else the group was done then). */
      for (guint j = 0; j < entity->n_fields; j++)
        {
          const ChFieldInfo *f = &entity->fields[j];
          JsonNode *current;

          if (!in_group (f, leader))
            continue;
          done[j] = TRUE;
          if (!current_value (spans, j, &current))
            return FALSE;
          if (!ch_json_value_equal (current, base ? json_object_get_member (base, f->name) : NULL))
            base_ok = FALSE;
          if (spans[j].mine != NULL && !ch_json_value_equal (current, spans[j].mine))
            set_ok = FALSE;
        }

      if (!base_ok && !set_ok)
        return FALSE;

      if (!set_ok)
        applied[(*n_applied)++] = leader->group ? leader->group : leader->name;
      for (guint j = 0; j < entity->n_fields; j++)
        {
          const ChFieldInfo *f = &entity->fields[j];
          JsonNode *current;

          if (!in_group (f, leader) || spans[j].mine == NULL)
            continue;
          if (!current_value (spans, j, &current))
            return FALSE;
          if (!ch_json_value_equal (current, spans[j].mine))
            {
              spans[j].replace = TRUE;
              *changed = TRUE;
            }
        }
    }

  return TRUE;
}

/*
 * Applies the update @m of the live row @record onto its stored text.
 * Returns FALSE, having done nothing, when the JsonObject path must do
 * it; TRUE when it is done: *@result is the result, or NULL with @error
 * set.
 */
gboolean
ch_server_apply_update_text (Batch                 *b,
                             const ChEntityInfo    *entity,
                             const ChMutation      *m,
                             const ChServerRecord  *record,
                             JsonObject            *base,
                             ChMutationResult     **result,
                             GError               **error)
{
  Span spans[MAX_FIELDS] = { { NULL } };
  const char *applied[MAX_FIELDS];
  guint n_applied = 0;
  gboolean changed = FALSE;
  gboolean handled = FALSE;
  gboolean all_replaced = TRUE;
  gboolean written;
  gint64 version = record->version;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  *result = NULL;
  if (entity->n_fields > MAX_FIELDS || record->deleted || m->set == NULL ||
      strcmp (entity->name, "registration") == 0 || strcmp (entity->name, "conflict") == 0 ||
      !scan_row (entity, record->fields, spans))
    return FALSE;

  json_object_iter_init (&iter, m->set);
  while (json_object_iter_next (&iter, &name, &value))
    {
      const ChFieldInfo *field = ch_entity_field (entity, name);

      if (field == NULL)
        return FALSE;
      spans[field - entity->fields].mine = value;
    }

  if (!decide (entity, spans, base, applied, &n_applied, &changed))
    goto out;

  handled = TRUE;
  if (changed)
    {
      g_autoptr(GString) text = g_string_sized_new (strlen (record->fields) + 64);
      g_autofree char *email_key = NULL;
      const char *from = record->fields;

      if (strcmp (entity->name, "member") == 0)
        email_key = new_email_key (entity, spans);

      /* The stored text, each replaced value written anew. */
      for (guint i = 0; i < entity->n_fields; i++)
        if (spans[i].replace)
          {
            g_string_append_len (text, from, spans[i].start - from);
            ch_json_append_node (text, spans[i].mine);
            from = spans[i].start + spans[i].len;
          }
      g_string_append (text, from);

      /* Every value of "set" written as the held row's check would write
       * it (a value kept as it was may be spelt otherwise). */
      for (guint i = 0; i < entity->n_fields; i++)
        if (spans[i].mine != NULL && !spans[i].replace)
          all_replaced = FALSE;
      b->set_over_before = all_replaced && m == b->current && record == b->current_before;
      written = ch_server_apply_write_text (b, entity, m->id, FALSE, text->str, email_key, NULL,
                                            &version, error);
      b->set_over_before = FALSE;
      if (!written)
        goto out;
    }

  /* Remember who changed each group, to name them in a later conflict. */
  for (guint i = 0; i < n_applied; i++)
    if (!ch_server_store_put_author (b->store, b->chapter_id, entity->name, m->id, applied[i],
                                     b->author, b->device_id, error))
      goto out;

  /* Every value of "set" is now the row's: check_held() has nothing to
   * hand back, and need not read the row again to see that. */
  b->set_held_by = m;
  b->set_held_version = version;
  *result = ch_mutation_result_new (m->mid, CH_RESULT_APPLIED, version, NULL);

out:
  for (guint i = 0; i < entity->n_fields; i++)
    g_clear_pointer (&spans[i].node, json_node_unref);

  return handled;
}
