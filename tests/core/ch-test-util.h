/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ch-member-list.h"
#include "ch-store.h"

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

/* SHA-256 of a file's bytes. */
char        *test_file_checksum       (const char    *path);

/* Runs the default main context until @list is no longer loading; fails
 * the test after a few seconds. */
void         test_wait_loaded         (ChMemberList  *list);

/* Drops the last reference to @list and waits until it is finalized: a
 * worker thread may still hold its task (and so the list) for a moment
 * after the answer arrived. */
void         test_finalize_list       (ChMemberList  *list);

/* The display names of @list, in order, joined by "|". */
char        *test_list_names          (ChMemberList  *list);

/* The last outbox entry, or NULL when the outbox is empty. */
ChOutboxEntry *test_last_outbox       (ChStore       *store);

/* Runs one SQL statement that returns an integer, on a connection of its own. */
gint64       test_query_int           (const char    *db_path,
                                       const char    *sql);

char        *test_query_text          (const char    *db_path,
                                       const char    *sql);

G_END_DECLS
