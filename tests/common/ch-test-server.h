/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/*
 * Runs the real chapterhouse-server binary for tests: admin sub-commands
 * on a temporary database, and "serve --port 0" talked to over HTTP.
 * The binary's path comes from a command-line argument ending in
 * "chapterhouse-server" (meson passes it) or $CH_SERVER_BINARY.
 */

typedef struct
{
  char        *dir;      /* temporary directory, removed by _free */
  char        *db;       /* dir/server.db */
  char        *log;      /* dir/server.log: the server's stderr */
  char        *url;      /* http://127.0.0.1:PORT, while serving */
  GSubprocess *process;
  SoupSession *session;
} ChTestServer;

/* Call before g_test_init(): takes the binary path out of argv. */
void          ch_test_server_init_args   (int          *argc,
                                          char       ***argv);
const char   *ch_test_server_binary      (void);

ChTestServer *ch_test_server_new         (void);
void          ch_test_server_free        (ChTestServer *ts);

/* Runs an admin command on ts->db ("--db ts->db" is put after the
 * sub-command unless the first argument is "--no-db"); returns its exit
 * status; stdout and stderr (may be NULL) are returned trimmed. */
int           ch_test_server_admin       (ChTestServer *ts,
                                          char        **out,
                                          char        **err,
                                          ...) G_GNUC_NULL_TERMINATED;
/* Same, asserting success; returns stdout. */
char         *ch_test_server_admin_ok    (ChTestServer *ts,
                                          ...) G_GNUC_NULL_TERMINATED;
/* A new server (not started) with one chapter @name and a token for
 * Anna, an officer of it: their ids in *@chapter and *@token. */
ChTestServer *ch_test_server_new_chapter (const char   *name,
                                          char        **chapter,
                                          char        **token);

/* Reads the first line "serve" prints to stdout and returns the URL it
 * listens on; fails the test, with the server's log, if it did not start. */
char         *ch_test_server_wait_listening (GSubprocess *process,
                                             const char  *log_path);
void          ch_test_server_start       (ChTestServer *ts);
/* Same, with more arguments after "serve --db DB --port 0". */
void          ch_test_server_start_with  (ChTestServer *ts,
                                          const char   *first_arg,
                                          ...) G_GNUC_NULL_TERMINATED;
/* SIGTERM and wait; returns the exit status. */
int           ch_test_server_stop        (ChTestServer *ts);
/* SIGKILL and wait. */
void          ch_test_server_kill        (ChTestServer *ts);

/* Stops @ts if it is serving, asserting a clean exit (status 0), and
 * frees it. */
void          ch_test_server_finish      (ChTestServer *ts);

/* One HTTP request; returns the body; @status gets the HTTP status. */
GBytes       *ch_test_server_request     (ChTestServer *ts,
                                          const char   *method,
                                          const char   *path,
                                          const char   *token,
                                          const char   *body,
                                          gssize        body_len,
                                          guint        *status);
/* Same, parsing the body as JSON (asserting that it is). */
JsonNode     *ch_test_server_request_json (ChTestServer *ts,
                                           const char   *method,
                                           const char   *path,
                                           const char   *token,
                                           const char   *body,
                                           guint        *status);

/* Asserts @node is {"error": {"code": @code, "message": non-empty}}. */
void          ch_test_assert_error       (JsonNode     *node,
                                          const char   *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChTestServer, ch_test_server_free)

G_END_DECLS
