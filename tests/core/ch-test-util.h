/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ch-member-list.h"
#include "ch-store.h"
#include "ch-store-sync.h"

G_BEGIN_DECLS

/* A fresh store in a temporary folder, with one chapter in it. */
typedef struct
{
  char     *dir;
  char     *path;
  ChStore  *store;
  char     *chapter_id;
} StoreFixture;

void         store_fixture_setup      (StoreFixture  *f,
                                       gconstpointer  data);
void         store_fixture_teardown   (StoreFixture  *f,
                                       gconstpointer  data);

/* g_test_init() in the C.UTF-8 locale with LANGUAGE=C: messages, dates
 * and sorting as the tests expect them. */
void         test_init_c_locale       (int           *argc,
                                       char        ***argv);

/* A temporary folder and everything in it. */
char        *test_make_tmp_dir        (void);
void         test_remove_tree         (const char    *dir);

/* JSON written with single quotes for readability: "{'a': 1}". */
JsonObject  *test_json                (const char    *json_with_single_quotes);
/* Fails the test unless @actual holds the same members and values as @expected. */
void         test_assert_json         (JsonObject    *actual,
                                       const char    *expected_with_single_quotes);
char        *test_json_to_string      (JsonObject    *object);

/* Adds a member; fails the test if the store refuses. */
char        *test_add_member          (ChStore       *store,
                                       const char    *chapter_id,
                                       const char    *given,
                                       const char    *family,
                                       const char    *email);

/* Adds a member with @fields (given_name, family_name and whatever else);
 * fails the test if the store refuses.  Returns its id. */
char        *test_add_member_fields   (ChStore       *store,
                                       const char    *chapter_id,
                                       JsonObject    *fields);

/* Saves a new event with the fields in @json (single quotes, as for
 * test_json()); fails the test if the store refuses.  Returns its id. */
char        *test_add_event           (ChStore       *store,
                                       const char    *chapter_id,
                                       const char    *json_with_single_quotes);

/* A string field of a row (NULL when null or missing); fails the test if
 * the row is missing. */
char        *test_row_text            (ChStore       *store,
                                       const char    *entity,
                                       const char    *id,
                                       const char    *field);
/* An integer field of a row (-1 when null or missing); fails the test if
 * the row is missing. */
gint64       test_row_int             (ChStore       *store,
                                       const char    *entity,
                                       const char    *id,
                                       const char    *field);

/* SHA-256 of a file's bytes. */
char        *test_file_checksum       (const char    *path);

/* Runs the default main context until @list is no longer loading; fails
 * the test after a few seconds. */
void         test_wait_loaded         (ChMemberList  *list);

/* Drops the last reference to @list and fails unless that finalized it at
 * once, on this thread, loading or not: no worker thread holds the list. */
void         test_finalize_list       (ChMemberList  *list);

/* The display names of @list, in order, joined by "|". */
char        *test_list_names          (ChMemberList  *list);

/* Edits member @id with the fields in @json (single quotes, as for
 * test_json()); fails the test if the store refuses. */
void         test_update_member       (ChStore       *store,
                                       const char    *id,
                                       const char    *json_with_single_quotes);

/* The fields of a member_specialty row: {member_id, specialty}. */
JsonObject  *test_specialty_fields    (const char    *member_id,
                                       const char    *specialty);

/* The last outbox entry, or NULL when the outbox is empty. */
ChStoreOutboxEntry *test_last_outbox       (ChStore       *store);

/* Runs one SQL statement that returns an integer, on a connection of its own. */
gint64       test_query_int           (const char    *db_path,
                                       const char    *sql);

char        *test_query_text          (const char    *db_path,
                                       const char    *sql);

G_END_DECLS
