/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-bench-server"

#include "config.h"

#include <string.h>

#include "ch-protocol.h"
#include "ch-test-server.h"

/*
 * ch-bench-server: what an officer notices as the server's speed: a new
 * laptop pulling a big chapter, a long offline session pushed at once, and
 * a quick "anything new?", against the real chapterhouse-server.
 *
 *   ch-bench-server PATH/chapterhouse-server      (or bench/server-perf)
 *
 * A benchmark, not a test (it was tests/server/test-server-perf.c): it
 * prints one key=value per figure on stdout and checks only that the
 * server answered correctly, never how fast.  Budgets: bench/BENCHMARKS.md.
 */

#define N_ROWS 100000
#define BATCH  CH_PROTOCOL_MAX_MUTATIONS

typedef struct
{
  ChTestServer *ts;
  char         *chapter;
  char         *token;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->ts = ch_test_server_new ();
  f->chapter = ch_test_server_admin_ok (f->ts, "chapter", "add", "--name", "IAMCP Global", NULL);
  f->token = ch_test_server_admin_ok (f->ts, "token", "create", "--name", "bench",
                                      "--chapter", f->chapter, NULL);
  ch_test_server_start (f->ts);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ch_test_server_finish (f->ts);
  g_free (f->chapter);
  g_free (f->token);
}

/* A batch of @n member inserts with realistic fields, mids from @first. */
static char *
member_batch (const char *device,
              gint64      first,
              guint       n,
              gsize      *len)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_mutation_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) set = json_object_new ();
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *given = g_strdup_printf ("Given%" G_GINT64_FORMAT, first + i);
      g_autofree char *email = g_strdup_printf ("%s.%" G_GINT64_FORMAT "@example.com", device,
                                                first + i);

      json_object_set_string_member (set, "given_name", given);
      json_object_set_string_member (set, "family_name", "Family-Name");
      json_object_set_string_member (set, "email", email);
      json_object_set_string_member (set, "phone", "+49 30 1234567");
      json_object_set_string_member (set, "company", "Contoso Partner GmbH");
      json_object_set_string_member (set, "job_title", "Managing Director");
      json_object_set_string_member (set, "city", "Berlin");
      json_object_set_string_member (set, "country", "DE");
      json_object_set_string_member (set, "partner_kind", "microsoft_partner");
      json_object_set_string_member (set, "tier", "chapter");
      json_object_set_string_member (set, "joined_on", "2021-03-04");
      json_object_set_string_member (set, "dues_paid_until", "2025-03-04");
      json_object_set_int_member (set, "birth_year", 1978);
      json_object_set_boolean_member (set, "consent_directory", TRUE);
      json_object_set_boolean_member (set, "consent_email", FALSE);
      g_ptr_array_add (list, ch_mutation_new (first + i, "member", id, CH_OP_INSERT, NULL, set));
    }

  return ch_protocol_build_mutations_request (device, list, len);
}

static gint64
post_batch (Fixture    *f,
            const char *body,
            gsize       len)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  guint status;

  answer = ch_test_server_request (f->ts, "POST", path, f->token, body, len, &status);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpuint (status, ==, 200);

  g_assert_true (ch_protocol_parse_mutations_response (g_bytes_get_data (answer, NULL),
                                                       g_bytes_get_size (answer),
                                                       NULL, &results, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    g_assert_cmpint (((ChMutationResult *) results->pdata[i])->status, ==, CH_RESULT_APPLIED);

  return elapsed;
}

static void
test_batch (Fixture       *f,
            gconstpointer  data)
{
  gint64 best = G_MAXINT64, total = 0;

  for (guint round = 0; round < 5; round++)
    {
      gsize len;
      g_autofree char *body = member_batch ("laptop", 1 + (gint64) round * BATCH, BATCH, &len);
      gint64 t = post_batch (f, body, len);

      best = MIN (best, t);
      total += t;
    }

  /* A 1000-mutation batch of member inserts, fsync'd. */
  g_print ("server_batch_1000_best_ms=%.1f\n", best / 1000.0);
  g_print ("server_batch_1000_mean_ms=%.1f\n", total / 5 / 1000.0);
}

static void
test_pull (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *base = g_strdup_printf ("/v1/chapters/%s/changes", f->chapter);
  gint64 since = 0;
  guint rows = 0;
  gint64 start, elapsed, load_start, t0, t1;
  gint64 http_us = 0, parse_us = 0;
  gsize bytes = 0;
  gboolean more = TRUE;
  double rate;

  /* Ten devices, ten thousand members each. */
  load_start = g_get_monotonic_time ();
  for (guint b = 0; b < N_ROWS / BATCH; b++)
    {
      gsize len;
      g_autofree char *device = g_strdup_printf ("device-%u", b % 10);
      g_autofree char *body = member_batch (device, 1 + (gint64) (b / 10) * BATCH, BATCH, &len);

      post_batch (f, body, len);
    }
  g_print ("server_load_100k_s=%.1f\n", (g_get_monotonic_time () - load_start) / 1e6);

  /* A fresh client pulls everything: HTTP, then the codec. */
  start = g_get_monotonic_time ();
  while (more)
    {
      g_autofree char *path = g_strdup_printf ("%s?since=%" G_GINT64_FORMAT "&limit=%d",
                                               base, since, CH_PROTOCOL_MAX_PAGE);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(ChChangesPage) page = NULL;
      g_autoptr(GError) error = NULL;
      guint status;

      t0 = g_get_monotonic_time ();
      body = ch_test_server_request (f->ts, "GET", path, f->token, NULL, 0, &status);
      g_assert_cmpuint (status, ==, 200);
      t1 = g_get_monotonic_time ();
      page = ch_protocol_parse_changes_page (g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), &error);
      g_assert_no_error (error);
      http_us += t1 - t0;
      parse_us += g_get_monotonic_time () - t1;
      bytes += g_bytes_get_size (body);

      rows += page->items->len;
      since = page->next;
      more = page->has_more;
    }
  elapsed = g_get_monotonic_time () - start;
  rate = rows / (elapsed / 1e6);

  g_assert_cmpuint (rows, ==, N_ROWS + 1);   /* + the chapter row */
  g_print ("server_pull_100k_rows=%u\n", rows);
  g_print ("server_pull_100k_mb=%.1f\n", bytes / 1e6);
  g_print ("server_pull_100k_ms=%.0f\n", elapsed / 1000.0);
  g_print ("server_pull_100k_rows_per_s=%.0f\n", rate);
  g_print ("server_pull_100k_http_ms=%.0f\n", http_us / 1000.0);
  g_print ("server_pull_100k_parse_ms=%.0f\n", parse_us / 1000.0);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
test_empty_poll (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/changes?since=1", f->chapter);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start, total = 0, p99;

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GBytes) body = NULL;
      guint status;

      start = g_get_monotonic_time ();
      body = ch_test_server_request (f->ts, "GET", path, f->token, NULL, 0, &status);
      g_array_append_vals (times, (gint64[]) { g_get_monotonic_time () - start }, 1);
      g_assert_cmpuint (status, ==, 200);
    }

  for (guint i = 0; i < times->len; i++)
    total += g_array_index (times, gint64, i);
  g_array_sort (times, compare_gint64);
  p99 = g_array_index (times, gint64, times->len * 99 / 100);

  /* An empty changes poll, one client. */
  g_print ("server_empty_poll_mean_ms=%.2f\n", total / (double) times->len / 1000.0);
  g_print ("server_empty_poll_p99_ms=%.2f\n", p99 / 1000.0);
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/perf/batch-1000", Fixture, NULL, fixture_setup, test_batch,
              fixture_teardown);
  g_test_add ("/server/perf/pull-100k", Fixture, NULL, fixture_setup, test_pull, fixture_teardown);
  g_test_add ("/server/perf/empty-poll", Fixture, NULL, fixture_setup, test_empty_poll,
              fixture_teardown);

  return g_test_run ();
}
