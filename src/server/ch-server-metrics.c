/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server"

#include "config.h"

#include <string.h>

#include "ch-protocol.h"
#include "ch-server-metrics.h"

/* Upper bounds of the latency buckets, in seconds. */
static const double buckets[] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                  1, 2.5, 5, 10 };
#define N_BUCKETS G_N_ELEMENTS (buckets)

typedef struct
{
  guint64 counts[N_BUCKETS];   /* not cumulative */
  guint64 count;
  double  sum;
} Histogram;

struct _ChServerMetrics
{
  GMutex      lock;
  GHashTable *requests;     /* "route\tstatus" → guint64 count (gsize) */
  GHashTable *latency;      /* route → Histogram */
  guint       connections;
  guint64     results[CH_RESULT_OVERRIDDEN + 1];   /* by ChResultStatus */
};

ChServerMetrics *
ch_server_metrics_new (void)
{
  ChServerMetrics *self = g_new0 (ChServerMetrics, 1);

  g_mutex_init (&self->lock);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->latency = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
ch_server_metrics_free (ChServerMetrics *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->requests);
  g_hash_table_unref (self->latency);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
ch_server_metrics_record (ChServerMetrics *self,
                          const char      *route,
                          guint            status,
                          gint64           duration_us)
{
  g_autofree char *key = NULL;
  double seconds = MAX (duration_us, 0) / (double) G_USEC_PER_SEC;
  Histogram *h;
  gsize n;

  if (status == 0)
    key = g_strdup_printf ("%s\taborted", route);
  else
    key = g_strdup_printf ("%s\t%u", route, status);

  g_mutex_lock (&self->lock);

  n = GPOINTER_TO_SIZE (g_hash_table_lookup (self->requests, key));
  g_hash_table_insert (self->requests, g_steal_pointer (&key), GSIZE_TO_POINTER (n + 1));

  if (status != 0)
    {
      h = g_hash_table_lookup (self->latency, route);
      if (h == NULL)
        {
          h = g_new0 (Histogram, 1);
          g_hash_table_insert (self->latency, g_strdup (route), h);
        }
      for (guint i = 0; i < N_BUCKETS; i++)
        if (seconds <= buckets[i])
          {
            h->counts[i]++;
            break;
          }
      h->count++;
      h->sum += seconds;
    }

  g_mutex_unlock (&self->lock);
}

void
ch_server_metrics_record_results (ChServerMetrics *self,
                                  GPtrArray       *results)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < results->len; i++)
    {
      const ChMutationResult *result = g_ptr_array_index (results, i);

      if (result->status <= CH_RESULT_OVERRIDDEN)
        self->results[result->status]++;
    }
  g_mutex_unlock (&self->lock);
}

void
ch_server_metrics_set_connections (ChServerMetrics *self,
                                   guint            open)
{
  g_mutex_lock (&self->lock);
  self->connections = open;
  g_mutex_unlock (&self->lock);
}

static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6g", value));
}

void
ch_server_metrics_append_gauge (GString    *out,
                                const char *name,
                                const char *help,
                                double      value)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s gauge\n%s ", name, help, name, name);
  append_double (out, value);
  g_string_append_c (out, '\n');
}

void
ch_server_metrics_append (ChServerMetrics *self,
                          GString         *out)
{
  g_autoptr(GList) keys = NULL;
  g_autoptr(GList) routes = NULL;

  g_mutex_lock (&self->lock);

  g_string_append (out, "# HELP chapterhouse_http_requests_total Requests answered, by route "
                        "and status (\"aborted\": the client went away).\n"
                        "# TYPE chapterhouse_http_requests_total counter\n");
  keys = g_list_sort (g_hash_table_get_keys (self->requests), (GCompareFunc) strcmp);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      const char *tab = strchr (key, '\t');

      g_string_append_printf (out, "chapterhouse_http_requests_total{route=\"%.*s\","
                                   "status=\"%s\"} %" G_GSIZE_FORMAT "\n",
                              (int) (tab - key), key, tab + 1,
                              GPOINTER_TO_SIZE (g_hash_table_lookup (self->requests, key)));
    }

  g_string_append (out, "# HELP chapterhouse_http_request_duration_seconds Time from the "
                        "request's first byte to its answer, by route.\n"
                        "# TYPE chapterhouse_http_request_duration_seconds histogram\n");
  routes = g_list_sort (g_hash_table_get_keys (self->latency), (GCompareFunc) strcmp);
  for (GList *l = routes; l != NULL; l = l->next)
    {
      const char *route = l->data;
      Histogram *h = g_hash_table_lookup (self->latency, route);
      guint64 cumulative = 0;

      for (guint i = 0; i < N_BUCKETS; i++)
        {
          cumulative += h->counts[i];
          g_string_append_printf (out, "chapterhouse_http_request_duration_seconds_bucket"
                                       "{route=\"%s\",le=\"", route);
          append_double (out, buckets[i]);
          g_string_append_printf (out, "\"} %" G_GUINT64_FORMAT "\n", cumulative);
        }
      g_string_append_printf (out, "chapterhouse_http_request_duration_seconds_bucket"
                                   "{route=\"%s\",le=\"+Inf\"} %" G_GUINT64_FORMAT "\n",
                              route, h->count);
      g_string_append_printf (out, "chapterhouse_http_request_duration_seconds_sum"
                                   "{route=\"%s\"} ", route);
      append_double (out, h->sum);
      g_string_append_printf (out, "\nchapterhouse_http_request_duration_seconds_count"
                                   "{route=\"%s\"} %" G_GUINT64_FORMAT "\n", route, h->count);
    }

  g_string_append (out, "# HELP chapterhouse_mutations_total Pushed changes, by result.\n"
                        "# TYPE chapterhouse_mutations_total counter\n");
  for (guint i = 0; i <= CH_RESULT_OVERRIDDEN; i++)
    g_string_append_printf (out, "chapterhouse_mutations_total{result=\"%s\"} %"
                                 G_GUINT64_FORMAT "\n",
                            ch_result_status_to_string ((ChResultStatus) i), self->results[i]);

  ch_server_metrics_append_gauge (out, "chapterhouse_connections_open",
                                  "Connections open now.", self->connections);

  g_mutex_unlock (&self->lock);
}
