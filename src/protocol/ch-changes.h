/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "ch-entity.h"
#include "ch-field-value.h"

G_BEGIN_DECLS

typedef struct
{
  char       *entity;
  char       *id;
  gint64      version;
  gboolean    deleted;
  JsonObject *fields;       /* never NULL once parsed, but see below */
  /* Read by ch_protocol_read_changes_page() instead of @fields (then
   * NULL): the entity (NULL if this program does not know it) and its
   * fields in ChEntityInfo order, info->n_fields of them, their strings
   * held by the page. */
  const ChEntityInfo *info;
  ChFieldValue       *values;
} ChChange;

/* Takes a new reference on @fields when not NULL. */
ChChange    *ch_change_new                  (const char *entity,
                                             const char *id,
                                             gint64      version,
                                             gboolean    deleted,
                                             JsonObject *fields);

void         ch_change_free                 (ChChange   *change);

typedef struct
{
  char      *epoch;
  gint64     next;
  gboolean   has_more;
  GPtrArray *items;         /* ChChange*, owned */
  gint64     total;         /* "total": rows from the pull's since on, or -1 */
  GStringChunk *strings;    /* the items' string values (values only) */
} ChChangesPage;

ChChangesPage *ch_changes_page_new          (const char    *epoch);

void         ch_changes_page_free           (ChChangesPage *page);

/* Writes a change page item by item without building JsonObjects; the
 * server splices the stored JSON text of each row's fields. */
typedef struct _ChChangesWriter ChChangesWriter;

ChChangesWriter *ch_changes_writer_new      (const char      *epoch,
                                             gsize            size_hint);

/* @fields_json must be a JSON object as written by this codec (trusted). */
void         ch_changes_writer_add_raw      (ChChangesWriter *writer,
                                             const char      *entity,
                                             const char      *id,
                                             gint64           version,
                                             gboolean         deleted,
                                             const char      *fields_json,
                                             gsize            fields_len);

/* @change's fields as a JsonObject (a change read as values is written
 * with none). */
void         ch_changes_writer_add          (ChChangesWriter *writer,
                                             const ChChange  *change);

guint        ch_changes_writer_get_n_items  (ChChangesWriter *writer);

/* The page will say "total": @total (the rows from since on, this page's
 * included), for a pull that asked with count=true. */
void         ch_changes_writer_set_total    (ChChangesWriter *writer,
                                             gint64           total);

/* Frees @writer. */
char        *ch_changes_writer_finish       (ChChangesWriter *writer,
                                             gint64           next,
                                             gboolean         has_more,
                                             gsize           *len);

void         ch_changes_writer_free         (ChChangesWriter *writer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChChange, ch_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChChangesPage, ch_changes_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChChangesWriter, ch_changes_writer_free)

G_END_DECLS
