/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What /metrics reports (Prometheus text format 0.0.4): requests by route
 * and status, a latency histogram per route, open connections. Recorded
 * on the main thread, read on the database thread: behind a mutex. */
typedef struct _ChServerMetrics ChServerMetrics;

ChServerMetrics *ch_server_metrics_new         (void);
void             ch_server_metrics_free        (ChServerMetrics *self);

/* One answered request; @status 0 for one the client abandoned. */
void             ch_server_metrics_record      (ChServerMetrics *self,
                                                const char      *route,
                                                guint            status,
                                                gint64           duration_us);
/* The results of one applied batch (any thread). */
void             ch_server_metrics_record_results (ChServerMetrics *self,
                                                   GPtrArray       *results);
void             ch_server_metrics_set_connections (ChServerMetrics *self,
                                                    guint            open);

/* Appends the counters and the histogram to @out. */
void             ch_server_metrics_append      (ChServerMetrics *self,
                                                GString         *out);

/* Appends "# HELP", "# TYPE" and one sample of a gauge. */
void             ch_server_metrics_append_gauge (GString        *out,
                                                 const char     *name,
                                                 const char     *help,
                                                 double          value);

G_END_DECLS
