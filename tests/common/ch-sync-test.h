/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ch-store.h"
#include "ch-store-sync.h"
#include "ch-sync.h"

G_BEGIN_DECLS

/*
 * The sync suite: the real chapterhouse-server (from $CH_SERVER_BIN) on a
 * temporary database, client databases (ChStore files) in a temporary
 * folder that sync with it through ch_sync_run(), a small HTTP-aware TCP
 * proxy that can lose requests and answers on purpose, and the real
 * chapterhouse-cli (from $CH_CLI_BIN).
 */

/* g_test_init() plus what every program of the suite needs. */
void          sync_test_init             (int          *argc,
                                          char       ***argv);
const char   *sync_test_server_binary    (void);
const char   *sync_test_cli_binary       (void);

char         *sync_test_make_tmp_dir     (void);
void          sync_test_remove_tree      (const char   *dir);

/* ----------------------------------------------------------------------- */
/* The server                                                              */

typedef struct
{
  char        *dir;      /* temporary directory, removed by _free */
  char        *db;       /* dir/server.db */
  char        *log;      /* dir/server.log: the server's stderr, appended */
  char        *url;      /* http://127.0.0.1:PORT, while serving */
  GSubprocess *process;
  SoupSession *session;
} SyncServer;

SyncServer   *sync_server_new            (void);
void          sync_server_free           (SyncServer   *server);

/* Runs "chapterhouse-server WORD1 WORD2 --db DB ARGS…"; returns the exit
 * status, with stdout and stderr (either may be NULL) trimmed. */
int           sync_server_admin          (SyncServer   *server,
                                          char        **out,
                                          char        **err,
                                          ...) G_GNUC_NULL_TERMINATED;
/* Same, failing the test unless it succeeds; returns stdout. */
char         *sync_server_admin_ok       (SyncServer   *server,
                                          ...) G_GNUC_NULL_TERMINATED;
/* The numeric id "token list" shows for the token named @name. */
char         *sync_server_token_id       (SyncServer   *server,
                                          const char   *name);

/* "serve --port 0"; sets server->url. */
void          sync_server_start          (SyncServer   *server);
/* SIGTERM and wait; returns the exit status. */
int           sync_server_stop           (SyncServer   *server);
/* SIGKILL, from any thread; sync_server_reap() waits for it. */
void          sync_server_kill           (SyncServer   *server);
void          sync_server_reap           (SyncServer   *server);

/* One request with libsoup; returns the body and the HTTP status. */
GBytes       *sync_server_request        (SyncServer   *server,
                                          const char   *method,
                                          const char   *path,
                                          const char   *token,
                                          const char   *body,
                                          guint        *status);

/* Every row of @entity in the chapter's feed since version 1 (so with
 * tombstones): id → {"version", "deleted", and every field}. */
GHashTable   *sync_server_rows           (SyncServer   *server,
                                          const char   *chapter_id,
                                          const char   *token,
                                          const char   *entity);
/* A text field of row @id of @entity in the chapter's feed (NULL when
 * null); fails the test if the row is missing. */
char         *sync_server_get_text       (SyncServer   *server,
                                          const char   *chapter_id,
                                          const char   *token,
                                          const char   *entity,
                                          const char   *id,
                                          const char   *field);
/* The highest version in the chapter's feed. */
gint64        sync_server_max_version    (SyncServer   *server,
                                          const char   *chapter_id,
                                          const char   *token);
/* Asserts the chapter has exactly @n members on the server, every one
 * live, no e-mail twice (the same member never arrived under two ids). */
void          sync_server_assert_members_once (SyncServer *server,
                                               const char *chapter_id,
                                               const char *token,
                                               guint       n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncServer, sync_server_free)

/* ----------------------------------------------------------------------- */
/* A client device                                                         */

typedef struct
{
  char     *name;
  char     *path;        /* its database */
  ChStore  *store;       /* kept open by the test, like the window does */
  char     *chapter_id;
  char     *token;
} SyncClient;

/* A new database in @dir, linked to @chapter_id at @url. */
SyncClient   *sync_client_new            (const char   *dir,
                                          const char   *name,
                                          const char   *url,
                                          const char   *chapter_id,
                                          const char   *token);
void          sync_client_free           (SyncClient   *client);

/* ch_sync_run(); the _ok variant fails the test on an error. */
gboolean      sync_client_sync           (SyncClient   *client,
                                          ChSyncReport *report,
                                          GError      **error);
void          sync_client_sync_ok        (SyncClient   *client,
                                          ChSyncReport *report);

/* Adds a member; fails the test if the store refuses.  Returns its id. */
char         *sync_client_add_member     (SyncClient   *client,
                                          const char   *given,
                                          const char   *family,
                                          const char   *email);
/* Adds @n members ("PREFIX0" Lindqvist, PREFIX.0@example.org, …) in one
 * transaction. */
void          sync_client_add_members    (SyncClient   *client,
                                          const char   *prefix,
                                          guint         n);
/* One field of a member: ch_store_update_member(), asserting success. */
void          sync_client_set_field      (SyncClient   *client,
                                          const char   *member_id,
                                          const char   *field,
                                          const char   *value);
/* A text field of a row (NULL when null); fails the test if the row is missing. */
char         *sync_client_get_text       (SyncClient   *client,
                                          const char   *entity,
                                          const char   *id,
                                          const char   *field);
gboolean      sync_client_is_deleted     (SyncClient   *client,
                                          const char   *entity,
                                          const char   *id);
/* Rows of @entity in the database (with tombstones unless @live_only). */
guint         sync_client_count_rows     (SyncClient   *client,
                                          const char   *entity,
                                          gboolean      live_only);
/* The mids of the outbox, as "1,2,3". */
char         *sync_client_outbox_mids    (SyncClient   *client);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncClient, sync_client_free)

/* ----------------------------------------------------------------------- */
/* The usual fixture                                                       */

/* A running server with chapter A (its token: token_a) and chapter B
 * (token_b); an admin token; a folder for client databases. */
typedef struct
{
  SyncServer *server;
  char       *dir;
  char       *chapter_a;
  char       *chapter_b;
  char       *token_a;
  char       *token_b;
  char       *token_admin;
} SyncFixture;

void          sync_fixture_setup         (SyncFixture  *f,
                                          gconstpointer data);
void          sync_fixture_teardown      (SyncFixture  *f,
                                          gconstpointer data);
/* A client of chapter A with token_a, linked to @url (NULL: the server). */
SyncClient   *sync_fixture_client        (SyncFixture  *f,
                                          const char   *name,
                                          const char   *url);
/* Asserts @field of row @id of @entity is @expected on both clients and
 * in chapter A's feed on the server. */
void          sync_fixture_assert_everywhere (SyncFixture *f,
                                              SyncClient  *a,
                                              SyncClient  *b,
                                              const char  *entity,
                                              const char  *id,
                                              const char  *field,
                                              const char  *expected);

/* ----------------------------------------------------------------------- */
/* chapterhouse-cli                                                        */

/* One run of the real chapterhouse-cli: its exit status and its output. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} SyncCliRun;

void          sync_cli_run_clear         (SyncCliRun   *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SyncCliRun, sync_cli_run_clear)

/* Runs "chapterhouse-cli --db DB ARGS…" in the C.UTF-8 locale (messages
 * as an English-speaking officer reads them), failing the test unless the
 * program ran and exited; fills @run (cleared first). */
void          sync_cli                   (SyncCliRun   *run,
                                          const char   *db,
                                          ...) G_GNUC_NULL_TERMINATED;
/* Its stdout as JSON. */
JsonNode     *sync_cli_json              (SyncCliRun   *run);
/* Same, failing the test unless it is an object. */
JsonObject   *sync_cli_json_object       (SyncCliRun   *run);
/* Writes @token and a newline to @dir/@name, the file "--token-file"
 * reads; returns its path. */
char         *sync_test_write_token_file (const char   *dir,
                                          const char   *name,
                                          const char   *token);

/* ----------------------------------------------------------------------- */
/* A proxy between clients and the server                                  */

typedef enum
{
  SYNC_PROXY_FORWARD,       /* pass the request on, relay the answer */
  SYNC_PROXY_DROP_REQUEST,  /* close the client's connection, send nothing on */
  SYNC_PROXY_DROP_REPLY,    /* the server gets the request and answers; the
                             * client's connection is closed instead */
  SYNC_PROXY_KILL_SERVER,   /* pass the request on, then call the kill hook
                             * at once, and close the client's connection */
  SYNC_PROXY_BUSY,          /* answer 503 busy with Retry-After: 30 (as a
                             * busy server does, at the longest wait the
                             * device makes); send nothing on */
  SYNC_PROXY_STALL,         /* send nothing on and never answer: wait until
                             * the client hangs up */
  SYNC_PROXY_STALL_REPLY,   /* pass the request on, relay the answer's head
                             * and half its body, then nothing more until
                             * the client hangs up */
} SyncProxyAction;

typedef struct _SyncProxy SyncProxy;

/* Called on a proxy thread for every request; @n counts the requests whose
 * method and path (without query) equal this one's, from 1.  May replace
 * *path_and_query (g_free the old one). */
typedef SyncProxyAction (*SyncProxyRule) (const char  *method,
                                          char       **path_and_query,
                                          guint        n,
                                          gpointer     user_data);

SyncProxy    *sync_proxy_new             (const char   *upstream_url);
void          sync_proxy_free            (SyncProxy    *proxy);
const char   *sync_proxy_get_url         (SyncProxy    *proxy);
void          sync_proxy_set_upstream    (SyncProxy    *proxy,
                                          const char   *upstream_url);
void          sync_proxy_set_rule        (SyncProxy    *proxy,
                                          SyncProxyRule rule,
                                          gpointer      user_data);
/* For a rule: asks for pages of @limit rows, whatever the client asked
 * for (the "limit=" of *@path). */
void          sync_proxy_set_limit       (char        **path,
                                          guint         limit);
void          sync_proxy_set_kill_hook   (SyncProxy    *proxy,
                                          GFunc         hook,
                                          gpointer      user_data);
/* Takes the header @name out of every answer from now on (an older server). */
void          sync_proxy_strip_reply_header (SyncProxy  *proxy,
                                             const char *name);
/* "METHOD /path?query" of every request seen, in order (a copy). */
GPtrArray    *sync_proxy_get_requests    (SyncProxy    *proxy);
/* How many requests had @method and a path containing @part. */
guint         sync_proxy_count           (SyncProxy    *proxy,
                                          const char   *method,
                                          const char   *part);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncProxy, sync_proxy_free)

/* ----------------------------------------------------------------------- */
/* JSON                                                                    */

JsonNode     *sync_test_parse_json       (const char   *data,
                                          gssize        len);
/* JSON written with single quotes for readability: "{'a': 1}"; fails the
 * test unless it is an object. */
JsonObject   *sync_test_json             (const char   *json_with_single_quotes);
/* Canonical text of an object: members sorted by name. */
char         *sync_test_canonical_json   (JsonObject   *object);

G_END_DECLS
