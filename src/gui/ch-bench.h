/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _ChWindow ChWindow;

/*
 * Measurements of the real window, for bench/members-scale.  Inert unless
 * CHAPTERHOUSE_BENCH is set:
 *   first-frame  print first_frame_ms and rss_mb once the members are shown
 *                (CHAPTERHOUSE_BENCH_SETTLE_MS=N: and rss_settled_mb N ms later)
 *   typing       type CHAPTERHOUSE_BENCH_QUERY into the search, a key every
 *                150 ms; print typing_max_stall_ms and typing_results_ms
 *                (CHAPTERHOUSE_BENCH_ROUNDS=N: N times, the search emptied
 *                between two, for profiles; CHAPTERHOUSE_BENCH_SETTLE_MS=N:
 *                the first key N ms after the first frame, the list settled;
 *                CHAPTERHOUSE_BENCH_EXPLORE=1: the keyboard in the results
 *                first, all their rows built, then back to the search a
 *                second before the first key)
 * Then the program quits.
 */
void ch_bench_mark_start (void);
void ch_bench_attach     (ChWindow *window);

G_END_DECLS
