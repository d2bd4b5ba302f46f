/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-compress"

#include "config.h"

#include <string.h>

#include "ch-sync-private.h"
#include "ch-sync-test.h"

/*
 * Pages of changes on the wire in gzip (issue 17): a first download of a
 * 100,000-member chapter is ~228 MB as JSON, ~42 MB gzipped.  The server
 * compresses what a request accepts in gzip; a device asks for it from a
 * server elsewhere (from this computer, bytes cost nothing and
 * compressing them costs CPU), and libsoup inflates the answer.
 */

/* GET @path of the server as is: the answer's body (not inflated) and
 * its Content-Encoding (NULL: none). */
static GBytes *
get_raw (SyncFixture *f,
         const char  *path,
         const char  *accept,
         char       **encoding)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (f->server->url, path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", f->token_a, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (accept != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Encoding",
                                  accept);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  *encoding = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                      "Content-Encoding"));
  return body;
}

static GBytes *
gunzip (GBytes *bytes)
{
  g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GInputStream) in = g_converter_input_stream_new (raw, G_CONVERTER (z));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* The same page, asked for in gzip and as is: the gzipped one is smaller
 * and inflates to the same bytes.  A refused gzip ("gzip;q=0") and no
 * Accept-Encoding get it as is. */
static void
test_page_gzip (SyncFixture   *f,
                gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?since=0", f->chapter_a);
  g_autofree char *plain_encoding = NULL, *gzip_encoding = NULL, *refused_encoding = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) gzipped = NULL;
  g_autoptr(GBytes) inflated = NULL;
  g_autoptr(GBytes) refused = NULL;
  ChSyncReport report = { 0 };

  sync_client_add_members (anna, "Member", 40);
  sync_client_sync_ok (anna, &report);

  plain = get_raw (f, path, NULL, &plain_encoding);
  gzipped = get_raw (f, path, "gzip, deflate", &gzip_encoding);
  refused = get_raw (f, path, "gzip;q=0, identity", &refused_encoding);

  g_assert_null (plain_encoding);
  g_assert_null (refused_encoding);
  g_assert_cmpstr (gzip_encoding, ==, "gzip");
  g_assert_cmpuint (g_bytes_get_size (plain), >, 4 * 1024);
  g_assert_cmpuint (g_bytes_get_size (gzipped) * 3, <, g_bytes_get_size (plain));
  inflated = gunzip (gzipped);
  g_assert_true (g_bytes_equal (inflated, plain));
  g_assert_true (g_bytes_equal (refused, plain));
}

/* A device's first download, in gzip, in pages (rows of 60 members): the
 * same rows as the server's. */
static void
test_bootstrap_gzip (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bob = sync_fixture_client (f, "bob", NULL);
  ChSyncReport report = { 0 };

  sync_client_add_members (anna, "Member", 60);
  sync_client_sync_ok (anna, &report);

  ch_sync_engine_set_compress_local (TRUE);
  sync_client_sync_ok (bob, &report);
  ch_sync_engine_set_compress_local (FALSE);

  g_assert_cmpuint (report.pulled, >, 60);
  g_assert_cmpuint (sync_client_count_rows (bob, "member", TRUE), ==, 60);
  sync_server_assert_members_once (f->server, f->chapter_a, f->token_a, 60);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/compress/page", SyncFixture, NULL, sync_fixture_setup, test_page_gzip,
              sync_fixture_teardown);
  g_test_add ("/sync/compress/bootstrap", SyncFixture, NULL, sync_fixture_setup,
              test_bootstrap_gzip, sync_fixture_teardown);

  return g_test_run ();
}
