/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-import-private.h"
#include "ch-store-private.h"
#include "ch-store-status.h"
#include "ch-clock.h"
#include "ch-fold.h"
#include "ch-email.h"
#include "ch-uuid.h"
#include "ch-member.h"
#include "ch-member-status.h"
#include "ch-membership-private.h"

/* The import's own write path.  ch_store_insert() takes a savepoint per
 * row, builds its INSERT text per row and finds the statement by that
 * text; for a file of a million rows that was most of the time (with a
 * statement journal per savepoint spilling the page cache).  Here each
 * entity's INSERT is prepared once per run and the run's transaction is
 * the only unit: a row is checked before anything of it is written, and a
 * failure after that undoes the run.  What is written is what
 * ch_store_insert() writes: the row at version 0 (with a member's local
 * name and e-mail keys) and an outbox entry "insert" with base {} and the
 * fields as set, so the rows sync like any other. */

typedef struct
{
  const ChEntityInfo *info;
  sqlite3_stmt       *insert;
} Entity;

#define OUTBOX_ROWS 50

typedef struct
{
  const char *entity;   /* static: the entity table's name */
  char       *row_id;
  char       *set;
} PendingEntry;

static void
pending_entry_free (gpointer data)
{
  PendingEntry *entry = data;

  g_free (entry->row_id);
  g_free (entry->set);
  g_free (entry);
}

struct _ChImportWriter
{
  ChStore      *store;
  sqlite3      *db;
  char         *chapter_id;
  char         *now;
  GHashTable   *entities;   /* name → Entity */
  sqlite3_stmt *outbox;
  /* While the indexes are suspended, outbox entries are written
   * OUTBOX_ROWS at a time, in their order, by one statement: the
   * AUTOINCREMENT counter is then read and written once per statement
   * instead of once per entry. */
  sqlite3_stmt *outbox_many;
  GPtrArray    *pending;    /* PendingEntry */
  GString      *json;       /* the outbox text being made */
  GPtrArray    *suspended;  /* CREATE INDEX texts, while they are dropped */
  /* While the indexes are suspended: the e-mail keys of the members this
   * run made (key → id), which stand in for the dropped e-mail index, and
   * the last member rowid before the run (the search queue is filled from
   * it in one statement at the end). */
  GHashTable   *emails;
  gint64        last_rowid;
  /* A new member's status (level 19) is written with the row, by the one
   * rule and with the day and grace days the commit's pass would use:
   * the pass then has nothing to compute for the run's rows (it rewrote
   * every row, and every index on the status, after the run).  The kind
   * of each tier is read once. */
  ChStoreToday  today;
  gboolean      day_noted;  /* ch_store_status_remember_day() done */
  GHashTable   *tier_kinds; /* tier key ("" for none) → ChTierKind */
};

static void
entity_free (gpointer data)
{
  Entity *entity = data;

  sqlite3_finalize (entity->insert);
  g_free (entity);
}

void
ch_import_writer_free (ChImportWriter *writer)
{
  if (writer == NULL)
    return;

  g_clear_pointer (&writer->entities, g_hash_table_unref);
  sqlite3_finalize (writer->outbox);
  sqlite3_finalize (writer->outbox_many);
  g_clear_pointer (&writer->pending, g_ptr_array_unref);
  if (writer->json != NULL)
    g_string_free (writer->json, TRUE);
  g_clear_pointer (&writer->suspended, g_ptr_array_unref);
  g_clear_pointer (&writer->emails, g_hash_table_unref);
  g_clear_pointer (&writer->tier_kinds, g_hash_table_unref);
  g_clear_object (&writer->store);
  g_free (writer->chapter_id);
  g_free (writer->now);
  g_free (writer);
}

ChImportWriter *
ch_import_writer_new (ChStore     *store,
                      const char  *chapter_id,
                      GError     **error)
{
  g_autoptr(ChImportWriter) writer = g_new0 (ChImportWriter, 1);

  writer->store = g_object_ref (store);
  writer->db = ch_store_get_db (store);
  writer->chapter_id = g_strdup (chapter_id);
  /* One time for the run: the rows of one import were made together. */
  writer->now = ch_clock_now_utc_iso ();
  writer->entities = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entity_free);
  writer->json = g_string_sized_new (512);
  writer->tier_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* As ch_store_status_flush() reads them: as this transaction has them. */
  g_hash_table_remove (store->today_cache, chapter_id);
  writer->today = *ch_store_today_for (store, chapter_id);

  if (sqlite3_prepare_v3 (writer->db,
                          "INSERT INTO outbox "
                          "(chapter_id, entity, row_id, op, base, \"set\", created_at) "
                          "VALUES (?1, ?2, ?3, 'insert', '{}', ?4, ?5)",
                          -1, SQLITE_PREPARE_PERSISTENT, &writer->outbox, NULL) != SQLITE_OK)
    {
      /* Translators: %s is the database's own message */
      ch_store_set_sql_error (error, writer->db, _("Could not record the change for syncing: %s"));
      return NULL;
    }

  return g_steal_pointer (&writer);
}

static Entity *
lookup_entity (ChImportWriter  *writer,
               const char      *name,
               GError         **error)
{
  Entity *entity = g_hash_table_lookup (writer->entities, name);
  const ChEntityInfo *info;
  gboolean is_member;
  g_autoptr(GString) sql = NULL;

  if (entity != NULL)
    return entity;

  if (!(info = ch_store_lookup_entity (name, error)))
    return NULL;

  /* The columns of ch-store-write.c's write_row(), as a plain INSERT: the
   * ids are new. */
  is_member = strcmp (info->name, "member") == 0;
  sql = g_string_new (NULL);
  g_string_append_printf (sql, "INSERT INTO %s (id, chapter_id, version, deleted, updated_at",
                          info->table);
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", %s", info->fields[i].name);
  if (is_member)
    g_string_append (sql, ", name_key, email_key, status_rank, status_until");
  g_string_append (sql, ") VALUES (?, ?, 0, 0, ?");
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append (sql, ", ?");
  if (is_member)
    g_string_append (sql, ", ?, ?, ?, ?");
  g_string_append (sql, ")");

  entity = g_new0 (Entity, 1);
  entity->info = info;
  if (sqlite3_prepare_v3 (writer->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT,
                          &entity->insert, NULL) != SQLITE_OK)
    {
      /* Translators: %s is the database's own message */
      ch_store_set_sql_error (error, writer->db, _("Could not save the record: %s"));
      entity_free (entity);
      return NULL;
    }

  g_hash_table_insert (writer->entities, (gpointer) info->name, entity);
  return entity;
}

/* A string as json-glib's generator writes it (json_strescape()): quote
 * and backslash escaped, the control characters 0x01–0x1e and DEL as
 * \b \f \n \r \t or \u00XX, everything else (0x1f and UTF-8 too) as
 * it is. */
static void
append_string (GString    *out,
               const char *str)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = str;
  const char *p;

  g_string_append_c (out, '"');
  for (p = str; *p; p++)
    {
      guchar c = (guchar) *p;
      const char *escape;

      if (c != '\\' && c != '"' && (c == 0 || c >= 0x1f) && c != 0x7f)
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '\\': escape = "\\\\"; break;
        case '"': escape = "\\\""; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default: escape = NULL; break;
        }
      if (escape != NULL)
        g_string_append (out, escape);
      else
        {
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0x0f]);
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* Appends @object as json-glib's generator (not pretty) writes it: the
 * members in the order they were set, as ch_store_insert() records them.
 * Made by hand because the generator (a node, a copy of the root, a
 * GString per call) was a visible part of each imported row's cost; a
 * member of any other kind than a string, an integer, a boolean or null
 * (none of the entities has one) is written by the generator. */
void
ch_import_writer_append_object (GString    *out,
                                JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gsize start = out->len;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_string (out, name);
      g_string_append_c (out, ':');

      if (JSON_NODE_HOLDS_NULL (node))
        g_string_append (out, "null");
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        append_string (out, json_node_get_string (node));
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else
        {
          g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);
          g_autofree char *text = json_to_string (root, FALSE);

          g_string_truncate (out, start);
          g_string_append (out, text);
          return;
        }
    }
  g_string_append_c (out, '}');
}

/* ch_store_bind_field() without copying the text: @node outlives the
 * statement's step (step() resets it and clears its bindings). */
static void
bind_field (sqlite3_stmt      *st,
            int                col,
            const ChFieldInfo *field,
            JsonNode          *node)
{
  if (field->type == CH_FIELD_TEXT && node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    sqlite3_bind_text (st, col, json_node_get_string (node), -1, SQLITE_STATIC);
  else
    ch_store_bind_field (st, col, field, node);
}

/* The kind of @tier in the run's chapter, read once per tier. */
static ChTierKind
tier_kind (ChImportWriter *writer,
           const char     *tier)
{
  gpointer kind;

  if (!g_hash_table_lookup_extended (writer->tier_kinds, tier ? tier : "", NULL, &kind))
    {
      kind = GINT_TO_POINTER (ch_membership_tier_kind (writer->store, writer->chapter_id, tier));
      g_hash_table_insert (writer->tier_kinds, g_strdup (tier ? tier : ""), kind);
    }

  return (ChTierKind) GPOINTER_TO_INT (kind);
}

/* status_rank and status_until of a new member, as ch-store-status.c's
 * pass computes them (ch_member_status(), ch_member_status_until()). */
static void
bind_member_status (ChImportWriter *writer,
                    sqlite3_stmt   *st,
                    int             col,
                    JsonObject     *row)
{
  ChTierKind kind = tier_kind (writer, json_object_get_string_member_with_default (row, "tier",
                                                                                   NULL));
  const char *joined = json_object_get_string_member_with_default (row, "joined_on", NULL);
  const char *left = json_object_get_string_member_with_default (row, "left_on", NULL);
  const char *until = json_object_get_string_member_with_default (row, "dues_paid_until", NULL);
  gint32 next;

  sqlite3_bind_int (st, col, ch_member_status_compute_kind (kind, joined, left, until,
                                                            writer->today.grace_days,
                                                            writer->today.today_days));
  next = ch_member_status_next_change (kind, joined, left, until, writer->today.grace_days,
                                       writer->today.today_days);
  if (next == G_MAXINT32)
    sqlite3_bind_null (st, col + 1);
  else
    sqlite3_bind_int (st, col + 1, next);
}

/* A member's local uniqueness key, as ch-store-write.c's
 * derive_member_keys() makes it (the sort key: ch_store_bind_name_key()). */
static void
member_keys (JsonObject  *row,
             char       **email_key)
{
  *email_key = ch_email_normalize (json_object_get_string_member_with_default (row, "email",
                                                                              NULL));
}

/* @message: untranslated (N_()), translated only when it is needed: a
 * gettext look-up per row was a measurable part of a large import. */
static gboolean
step (ChImportWriter  *writer,
      sqlite3_stmt    *st,
      const char      *message,
      GError         **error)
{
  int rc = sqlite3_step (st);

  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  if (rc == SQLITE_DONE)
    return TRUE;

  return ch_store_set_sql_error (error, writer->db, _(message));
}

/* Writes the pending outbox entries, in their order. */
static gboolean
flush_outbox (ChImportWriter  *writer,
              GError         **error)
{
  GPtrArray *pending = writer->pending;
  guint done = 0;

  if (pending == NULL)
    return TRUE;

  if (writer->outbox_many == NULL && pending->len == OUTBOX_ROWS)
    {
      g_autoptr(GString) sql = g_string_new ("INSERT INTO outbox "
                                             "(chapter_id, entity, row_id, op, base, \"set\", "
                                             "created_at) VALUES ");

      for (guint i = 0; i < OUTBOX_ROWS; i++)
        g_string_append_printf (sql, "%s(?1, ?%u, ?%u, 'insert', '{}', ?%u, ?2)",
                                i ? ", " : "", 3 * i + 3, 3 * i + 4, 3 * i + 5);
      if (sqlite3_prepare_v3 (writer->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT,
                              &writer->outbox_many, NULL) != SQLITE_OK)
        return ch_store_set_sql_error (error, writer->db,
                                       _("Could not record the change for syncing: %s"));
    }

  if (pending->len == OUTBOX_ROWS)
    {
      sqlite3_stmt *st = writer->outbox_many;

      sqlite3_bind_text (st, 1, writer->chapter_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 2, writer->now, -1, SQLITE_STATIC);
      for (guint i = 0; i < OUTBOX_ROWS; i++)
        {
          PendingEntry *entry = g_ptr_array_index (pending, i);

          sqlite3_bind_text (st, 3 * i + 3, entry->entity, -1, SQLITE_STATIC);
          sqlite3_bind_text (st, 3 * i + 4, entry->row_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (st, 3 * i + 5, entry->set, -1, SQLITE_STATIC);
        }
      if (!step (writer, st, N_("Could not record the change for syncing: %s"), error))
        return FALSE;
      done = OUTBOX_ROWS;
    }

  for (guint i = done; i < pending->len; i++)
    {
      PendingEntry *entry = g_ptr_array_index (pending, i);
      sqlite3_stmt *st = writer->outbox;

      sqlite3_bind_text (st, 1, writer->chapter_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 2, entry->entity, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 3, entry->row_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 4, entry->set, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 5, writer->now, -1, SQLITE_STATIC);
      if (!step (writer, st, N_("Could not record the change for syncing: %s"), error))
        return FALSE;
    }

  g_ptr_array_set_size (pending, 0);
  return TRUE;
}

gboolean
ch_import_writer_insert (ChImportWriter  *writer,
                         const char      *entity_name,
                         const char      *id,
                         JsonObject      *clean,
                         char           **out_id,
                         GError         **error)
{
  Entity *entity;
  sqlite3_stmt *st;
  g_autofree char *new_id = NULL;
  g_autofree char *set_json = NULL;
  g_autofree char *email_key = NULL;
  int col;

  if (!(entity = lookup_entity (writer, entity_name, error)))
    return FALSE;

  for (guint i = 0; i < entity->info->n_fields; i++)
    {
      const ChFieldInfo *field = &entity->info->fields[i];
      JsonNode *node = json_object_get_member (clean, field->name);

      if (field->required && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
        {
          g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED,
                       _("“%s” is required."), field->name);
          return FALSE;
        }
    }

  new_id = id != NULL ? g_strdup (id) : ch_uuid_new_v7 ();

  st = entity->insert;
  sqlite3_bind_text (st, 1, new_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, writer->chapter_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 3, writer->now, -1, SQLITE_STATIC);
  col = 4;
  for (guint i = 0; i < entity->info->n_fields; i++)
    bind_field (st, col++, &entity->info->fields[i],
                json_object_get_member (clean, entity->info->fields[i].name));
  if (strcmp (entity->info->name, "member") == 0)
    {
      member_keys (clean, &email_key);
      ch_store_bind_name_key (writer->store, st, col++, clean);
      sqlite3_bind_text (st, col++, email_key, -1, SQLITE_STATIC);
      bind_member_status (writer, st, col, clean);
      col += 2;
      if (!writer->day_noted &&
          !ch_store_status_remember_day (writer->store, writer->chapter_id,
                                         writer->today.today_days, error))
        {
          sqlite3_clear_bindings (st);
          return FALSE;
        }
      writer->day_noted = TRUE;
    }
  if (!step (writer, st, N_("Could not save the record: %s"), error))
    return FALSE;
  if (writer->emails != NULL && email_key != NULL)
    g_hash_table_insert (writer->emails, g_steal_pointer (&email_key), g_strdup (new_id));

  g_string_truncate (writer->json, 0);
  ch_import_writer_append_object (writer->json, clean);
  set_json = g_strndup (writer->json->str, writer->json->len);

  if (writer->pending != NULL)
    {
      PendingEntry *entry = g_new (PendingEntry, 1);

      entry->entity = entity->info->name;
      entry->row_id = g_strdup (new_id);
      entry->set = g_steal_pointer (&set_json);
      g_ptr_array_add (writer->pending, entry);
      if (writer->pending->len == OUTBOX_ROWS && !flush_outbox (writer, error))
        return FALSE;
    }
  else
    {
      st = writer->outbox;
      sqlite3_bind_text (st, 1, writer->chapter_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 2, entity->info->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 3, new_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 4, set_json, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 5, writer->now, -1, SQLITE_STATIC);
      if (!step (writer, st, N_("Could not record the change for syncing: %s"), error))
        return FALSE;
    }

  ch_store_emit_changed (writer->store, entity->info->name, new_id);

  if (out_id != NULL)
    *out_id = g_steal_pointer (&new_id);
  return TRUE;
}

/* The indexes nobody reads while a run writes: every index of the rows an
 * import adds, except SQLite's own (a member's id).  The run's one check
 * that reads an index, "is the e-mail address taken?", is answered from
 * writer->emails meanwhile (see ch_import_writer_check_member()). */
static const char suspendable_sql[] =
  "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
  "AND tbl_name IN ('member', 'member_specialty', 'membership_period', 'payment', 'outbox') "
  "ORDER BY name";

/* The search queue's triggers on the rows an import adds (temporary, of
 * this connection: see ch-store-schema.c).  While the indexes are
 * suspended the members are queued in one statement at the end instead
 * of by a trigger per row; dropping a temporary trigger inside the
 * transaction is undone by a rollback like the rest. */
static const char * const queue_triggers[] = {
  "DROP TRIGGER temp.search_queue_member_ai",
  "DROP TRIGGER temp.search_queue_specialty_ai",
};

gboolean
ch_import_writer_check_member (ChImportWriter  *writer,
                               JsonObject      *row,
                               GError         **error)
{
  return ch_store_check_member (writer->store, writer->chapter_id, NULL, row, writer->emails,
                                error);
}

gboolean
ch_import_writer_suspend_indexes (ChImportWriter  *writer,
                                  GError         **error)
{
  sqlite3_stmt *st = NULL;
  int rc;

  g_return_val_if_fail (writer->suspended == NULL, FALSE);

  writer->suspended = g_ptr_array_new_with_free_func (g_free);
  if (sqlite3_prepare_v2 (writer->db, suspendable_sql, -1, &st, NULL) != SQLITE_OK)
    return ch_store_set_sql_error (error, writer->db, _("Could not save the import: %s"));
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (writer->suspended, g_strdup ((const char *) sqlite3_column_text (st, 1)));
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return ch_store_set_sql_error (error, writer->db, _("Could not save the import: %s"));

  if (sqlite3_prepare_v2 (writer->db, "SELECT coalesce (max (rowid), 0) FROM main.member",
                          -1, &st, NULL) != SQLITE_OK)
    return ch_store_set_sql_error (error, writer->db, _("Could not save the import: %s"));
  rc = sqlite3_step (st);
  writer->last_rowid = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  if (rc != SQLITE_ROW)
    return ch_store_set_sql_error (error, writer->db, _("Could not save the import: %s"));
  for (guint i = 0; i < G_N_ELEMENTS (queue_triggers); i++)
    if (sqlite3_exec (writer->db, queue_triggers[i], NULL, NULL, NULL) != SQLITE_OK)
      return ch_store_set_sql_error (error, writer->db, _("Could not save the import: %s"));
  writer->emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  writer->pending = g_ptr_array_new_with_free_func (pending_entry_free);

  /* Statements that name no index: dropping one does not touch them. */
  for (guint i = 0; i < writer->suspended->len; i++)
    {
      const char *create = g_ptr_array_index (writer->suspended, i);
      g_autofree char *name = NULL;
      g_autofree char *drop = NULL;
      const char *start = strstr (create, "INDEX ");
      const char *end;

      if (start == NULL || (end = strstr (start + 6, " ON ")) == NULL)
        continue;
      name = g_strndup (start + 6, end - start - 6);
      drop = g_strdup_printf ("DROP INDEX %s", g_strstrip (name));
      if (ch_store_exec_one_on (writer->db, drop) != SQLITE_OK)
        return ch_store_set_sql_error (error, writer->db, _("Could not save the import: %s"));
    }

  return TRUE;
}

gboolean
ch_import_writer_restore_indexes (ChImportWriter  *writer,
                                  GError         **error)
{
  g_autoptr(GPtrArray) suspended = g_steal_pointer (&writer->suspended);
  sqlite3_stmt *st = NULL;
  int rc;

  if (suspended == NULL)
    return TRUE;

  if (!flush_outbox (writer, error))
    return FALSE;
  g_clear_pointer (&writer->pending, g_ptr_array_unref);

  for (guint i = 0; i < suspended->len; i++)
    if (ch_store_exec_one_on (writer->db, g_ptr_array_index (suspended, i)) != SQLITE_OK)
      return ch_store_set_sql_error (error, writer->db, _("Could not save the import: %s"));

  /* Every member of the run into the search queue at once; the commit
   * builds their search entries (ch_store_flush_search()). */
  if (sqlite3_prepare_v2 (writer->db,
                          "INSERT OR IGNORE INTO temp.search_queue (member_rowid) "
                          "SELECT rowid FROM main.member WHERE rowid > ?1",
                          -1, &st, NULL) != SQLITE_OK)
    return ch_store_set_sql_error (error, writer->db, _("Could not save the import: %s"));
  sqlite3_bind_int64 (st, 1, writer->last_rowid);
  rc = sqlite3_step (st);
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return ch_store_set_sql_error (error, writer->db, _("Could not save the import: %s"));
  if (!ch_store_create_search_queue (writer->store, error))
    return FALSE;
  g_clear_pointer (&writer->emails, g_hash_table_unref);

  return TRUE;
}
