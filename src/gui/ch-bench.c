/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ch-bench.h"
#include "ch-import-window-private.h"
#include "ch-window.h"

#define KEY_INTERVAL_MS 150

static gint64 start_time;

typedef struct
{
  ChWindow    *window;
  gboolean     typing;
  const char  *query;
  guint        typed;
  gint64       last_tick;
  gint64       max_stall;
  gint64       last_key_at;
  gint64       results_at;
  guint        watch_id;
  guint        key_id;
  gulong       paint_id;
  gboolean     done_first_frame;
  /* CHAPTERHOUSE_BENCH=import: the Import window on CHAPTERHOUSE_BENCH_FILE */
  gboolean     import;
  ChImportWindow *import_window;
  gint64       import_start;
  gint64       open_stall;
  gint64       open_start;
  gint64       open_start_cpu; /* the main thread's, when the window opens */
  gboolean     import_running;
  guint        stalls_over_50;
  guint        stalls_over_16; /* wall: frames a user sees late */
  guint        poll_id;
  /* The main thread's own CPU time between two ticks: on a machine where
   * other work keeps the CPUs busy, a stall is the main loop's work plus
   * the time the thread waited for a CPU; this is the first part alone. */
  gint64       last_cpu;
  gint64       max_busy;
  guint        busy_over_50;
  guint        busy_over_16;
  /* CHAPTERHOUSE_BENCH_ROUNDS: the query typed this many times, the
   * search emptied between two rounds (for profiles; default 1). */
  guint        rounds;
  guint        settle_ms;
} Bench;

void
ch_bench_mark_start (void)
{
  start_time = g_get_monotonic_time ();
}

/* A figure as the scripts read it: a point before the decimals, whatever
 * the user's language (printf's %f follows LC_NUMERIC: "1,5" in German). */
static void
print_figure (const char *key,
              const char *format,
              double      value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  printf ("%s=%s\n", key, g_ascii_formatd (text, sizeof text, format, value));
}

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, "VmRSS:");
  if (line == NULL)
    return -1;

  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

static void
finish (Bench *bench)
{
  GApplication *app = g_application_get_default ();
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (bench->window));

  /* Which renderer drew (ch-renderer.c): the figures depend on it. */
  printf ("renderer=%s\n", renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none");
  fflush (stdout);
  if (app != NULL)
    g_application_quit (app);
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
watch_cb (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (bench->last_cpu != 0 && cpu - bench->last_cpu > bench->max_busy)
    bench->max_busy = cpu - bench->last_cpu;
  if (bench->last_cpu != 0 && cpu - bench->last_cpu > 10 * G_TIME_SPAN_MILLISECOND)
    g_debug ("busy %.1f ms of CPU (%.1f ms wall) since the last tick",
             (cpu - bench->last_cpu) / 1000.0, (now - bench->last_tick) / 1000.0);
  if (bench->last_cpu != 0 && cpu - bench->last_cpu > 50 * G_TIME_SPAN_MILLISECOND)
    bench->busy_over_50++;
  if (bench->last_cpu != 0 && cpu - bench->last_cpu > 16 * G_TIME_SPAN_MILLISECOND)
    bench->busy_over_16++;
  bench->last_cpu = cpu;

  /* How long the main loop was away since the last 1 ms tick. */
  if (bench->last_tick != 0 && now - bench->last_tick > bench->max_stall)
    bench->max_stall = now - bench->last_tick;
  if (bench->last_tick != 0 && now - bench->last_tick > 51 * G_TIME_SPAN_MILLISECOND)
    bench->stalls_over_50++;
  if (bench->last_tick != 0 && now - bench->last_tick > 17 * G_TIME_SPAN_MILLISECOND)
    bench->stalls_over_16++;
  bench->last_tick = now;

  return G_SOURCE_CONTINUE;
}

/* The list has answered the query of the last keystroke (its rows are in
 * place), whether or not the rows differ from the previous query's. */
static void
on_loading_cb (ChMemberList *list,
               GParamSpec   *pspec,
               Bench        *bench)
{
  if (bench->last_key_at != 0 && bench->typed == strlen (bench->query) && bench->results_at == 0 &&
      !ch_member_list_get_loading (list))
    bench->results_at = g_get_monotonic_time ();
}

static gboolean
report_typing_cb (gpointer data)
{
  Bench *bench = data;

  g_source_remove (bench->watch_id);
  print_figure ("typing_max_stall_ms", "%.1f",
                bench->max_stall / 1000.0 - 1.0 > 0 ? bench->max_stall / 1000.0 - 1.0 : 0.0);
  print_figure ("typing_results_ms", "%.1f",
                bench->results_at > 0 ? (bench->results_at - bench->last_key_at) / 1000.0 : -1.0);
  /* The main thread's own CPU time in its longest stall: what the stall
   * would be on an idle machine. */
  print_figure ("typing_max_busy_ms", "%.1f", bench->max_busy / 1000.0);
  printf ("typing_busy_over_50ms=%u\n", bench->busy_over_50);
  /* How often the main thread's own work between two ticks was over a
   * frame (16 ms): one long stretch says little on its own under Xvfb,
   * where llvmpipe now and then takes 100-200 ms of the main thread for
   * itself in one frame whatever is drawn (see bench/BENCHMARKS.md). */
  printf ("typing_busy_over_16ms=%u\n", bench->busy_over_16);
  /* The same in wall time: how many times the main loop was away longer
   * than a frame of a 60 Hz screen. */
  printf ("typing_stalls_over_16ms=%u\n", bench->stalls_over_16);
  finish (bench);

  return G_SOURCE_REMOVE;
}

static gboolean
type_key_cb (gpointer data)
{
  Bench *bench = data;
  ChMembersPage *page = ch_window_get_members_page (bench->window);
  GtkEditable *entry = ch_members_page_get_search_entry (page);
  int pos = -1;
  char text[8] = { 0 };
  const char *p = g_utf8_offset_to_pointer (bench->query,
                                            g_utf8_strlen (bench->query, bench->typed));

  if (bench->typed >= strlen (bench->query) && bench->rounds > 1)
    {
      /* Another round: the search emptied, as Ctrl+A and Backspace do. */
      bench->rounds--;
      bench->typed = 0;
      bench->results_at = 0;
      bench->last_key_at = 0;
      gtk_editable_set_text (entry, "");
      return G_SOURCE_CONTINUE;
    }

  if (bench->typed >= strlen (bench->query))
    {
      bench->key_id = 0;
      /* Give the last query time to land, then report. */
      g_timeout_add (1000, report_typing_cb, bench);
      return G_SOURCE_REMOVE;
    }

  memcpy (text, p, g_utf8_next_char (p) - p);
  bench->typed += g_utf8_next_char (p) - p;
  bench->last_key_at = g_get_monotonic_time ();
  pos = gtk_editable_get_position (entry);
  if (pos < 0)
    pos = 0;
  gtk_editable_insert_text (entry, text, -1, &pos);
  gtk_editable_set_position (entry, pos);

  return G_SOURCE_CONTINUE;
}

/* G_MESSAGES_DEBUG=ch-bench: each slow frame's phases while typing, by
 * the wall clock and by the main thread's CPU time. */
static gint64 frame_marks[3];
static gint64 frame_cpu_marks[3];

static void
frame_begin_cb (GdkFrameClock *clock,
                gpointer       data)
{
  frame_marks[0] = g_get_monotonic_time ();
  frame_cpu_marks[0] = thread_cpu_us ();
}

static void
frame_layout_cb (GdkFrameClock *clock,
                 gpointer       data)
{
  frame_marks[1] = g_get_monotonic_time ();
  frame_cpu_marks[1] = thread_cpu_us ();
}

static void
frame_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  frame_marks[2] = g_get_monotonic_time ();
  frame_cpu_marks[2] = thread_cpu_us ();
}

static void
frame_end_cb (GdkFrameClock *clock,
              gpointer       data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (frame_marks[0] != 0 && now - frame_marks[0] > 16 * G_TIME_SPAN_MILLISECOND)
    g_debug ("slow frame: %.1f ms (update+layout %.1f, paint %.1f); CPU %.1f ms "
             "(update+layout %.1f, paint %.1f)",
             (now - frame_marks[0]) / 1000.0, (frame_marks[1] - frame_marks[0]) / 1000.0,
             (frame_marks[2] - frame_marks[1]) / 1000.0, (cpu - frame_cpu_marks[0]) / 1000.0,
             (frame_cpu_marks[1] - frame_cpu_marks[0]) / 1000.0,
             (frame_cpu_marks[2] - frame_cpu_marks[1]) / 1000.0);
}

static void
start_typing (Bench *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));

  ChMembersPage *page = ch_window_get_members_page (bench->window);
  ChMemberList *list = ch_members_page_get_list (page);

  ch_members_page_focus_search (page);
  if (list != NULL)
    g_signal_connect (list, "notify::loading", G_CALLBACK (on_loading_cb), bench);

  g_signal_connect (clock, "before-paint", G_CALLBACK (frame_begin_cb), NULL);
  g_signal_connect_after (clock, "layout", G_CALLBACK (frame_layout_cb), NULL);
  g_signal_connect_after (clock, "paint", G_CALLBACK (frame_paint_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (frame_end_cb), NULL);

  bench->watch_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, watch_cb, bench, NULL);
  bench->key_id = g_timeout_add (KEY_INTERVAL_MS, type_key_cb, bench);
}

static gboolean
focus_search_cb (gpointer data)
{
  Bench *bench = data;

  ch_members_page_focus_search (ch_window_get_members_page (bench->window));
  return G_SOURCE_REMOVE;
}

static gboolean
start_typing_cb (gpointer data)
{
  start_typing (data);
  return G_SOURCE_REMOVE;
}

/* The Import window: the file is opened (read and checked on workers:
 * the longest stall of that step is reported apart), then imported while
 * a 1 ms tick measures how long the main loop is ever away. */
static double
max_stall_ms (Bench *bench)
{
  return bench->max_stall / 1000.0 - 1.0 > 0 ? bench->max_stall / 1000.0 - 1.0 : 0.0;
}

static gboolean
import_poll_cb (gpointer data)
{
  Bench *bench = data;
  const char *page = ch_import_window_get_page (bench->import_window);

  if (!bench->import_running)
    {
      if (ch_import_window_get_busy (bench->import_window))
        return G_SOURCE_CONTINUE;
      if (g_strcmp0 (page, "map") != 0)
        {
          printf ("import_window_error=%s\n", ch_import_window_get_error (bench->import_window));
          g_source_remove (bench->watch_id);
          bench->poll_id = 0;
          finish (bench);
          return G_SOURCE_REMOVE;
        }
      print_figure ("import_window_open_call_ms", "%.1f", bench->open_stall / 1000.0);
      print_figure ("import_window_open_s", "%.2f",
                    (g_get_monotonic_time () - bench->open_start) / 1e6);
      print_figure ("import_window_open_max_stall_ms", "%.1f", max_stall_ms (bench));
      printf ("import_window_open_stalls_over_50ms=%u\n", bench->stalls_over_50);
      print_figure ("import_window_open_max_busy_ms", "%.1f", bench->max_busy / 1000.0);
      printf ("import_window_open_busy_over_50ms=%u\n", bench->busy_over_50);
      bench->max_stall = 0;
      bench->stalls_over_50 = 0;
      bench->last_tick = 0;
      bench->max_busy = 0;
      bench->busy_over_50 = 0;
      bench->last_cpu = 0;
      bench->import_running = TRUE;
      bench->import_start = g_get_monotonic_time ();
      gtk_widget_activate_action (GTK_WIDGET (bench->import_window), "import.run", NULL);
      return G_SOURCE_CONTINUE;
    }

  if (g_strcmp0 (page, "done") != 0)
    return G_SOURCE_CONTINUE;

  g_source_remove (bench->watch_id);
  print_figure ("import_window_s", "%.2f", (g_get_monotonic_time () - bench->import_start) / 1e6);
  print_figure ("import_window_max_stall_ms", "%.1f", max_stall_ms (bench));
  printf ("import_window_stalls_over_50ms=%u\n", bench->stalls_over_50);
  print_figure ("import_window_max_busy_ms", "%.1f", bench->max_busy / 1000.0);
  printf ("import_window_busy_over_50ms=%u\n", bench->busy_over_50);
  printf ("import_window_summary=%s\n", ch_import_window_get_summary (bench->import_window));
  bench->poll_id = 0;
  finish (bench);
  return G_SOURCE_REMOVE;
}

static void
open_import_file (Bench *bench)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("CHAPTERHOUSE_BENCH_FILE"));
  gint64 start;

  bench->max_stall = 0;
  bench->stalls_over_50 = 0;
  bench->last_tick = 0;
  bench->max_busy = 0;
  bench->busy_over_50 = 0;
  bench->last_cpu = 0;
  start = bench->open_start = g_get_monotonic_time ();
  ch_import_window_open_file (bench->import_window, file);
  bench->open_stall = g_get_monotonic_time () - start;

  bench->poll_id = g_timeout_add (50, import_poll_cb, bench);
}

/* The window's first frame (its styles and layout: the same for any file)
 * is measured apart; the file is opened once it has been drawn. */
static void
import_window_painted_cb (GdkFrameClock *clock,
                          Bench         *bench)
{
  g_signal_handlers_disconnect_by_func (clock, import_window_painted_cb, bench);
  print_figure ("import_window_first_frame_ms", "%.1f",
                (g_get_monotonic_time () - bench->open_start) / 1000.0);
  print_figure ("import_window_first_frame_max_stall_ms", "%.1f", max_stall_ms (bench));
  /* The main thread's CPU time from the window's creation to its first
   * frame: under llvmpipe, mostly GL programs compiled (see
   * ch-render-warmup.c). */
  print_figure ("import_window_first_frame_cpu_ms", "%.1f",
                (thread_cpu_us () - bench->open_start_cpu) / 1000.0);
  open_import_file (bench);
}

static void
start_import (Bench *bench)
{
  const char *path = g_getenv ("CHAPTERHOUSE_BENCH_FILE");

  if (path == NULL || ch_window_get_chapter (bench->window) == NULL)
    {
      printf ("import_window_error=no file or no chapter\n");
      finish (bench);
      return;
    }

  bench->open_start_cpu = thread_cpu_us ();
  bench->import_window = CH_IMPORT_WINDOW (ch_import_window_new (GTK_WINDOW (bench->window),
                                                                 ch_window_get_session (
                                                                   bench->window)));
  bench->watch_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, watch_cb, bench, NULL);
  bench->open_start = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (bench->import_window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (bench->import_window)),
                    "after-paint", G_CALLBACK (import_window_painted_cb), bench);
}

static gboolean
report_settled_cb (gpointer data)
{
  print_figure ("rss_settled_mb", "%.1f", rss_mb ());
  finish (data);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  if (bench->done_first_frame || !ch_window_shows_content (bench->window))
    return;

  bench->done_first_frame = TRUE;
  g_signal_handler_disconnect (clock, bench->paint_id);

  if (bench->typing)
    {
      /* CHAPTERHOUSE_BENCH_SETTLE_MS: the first key that long after the
       * first frame, once the list is settled (a user's first search);
       * CHAPTERHOUSE_BENCH_EXPLORE: the keyboard in the results first, so
       * that all their rows are built, then back in the search (a second
       * before the first key, if the settling leaves time). */
      if (g_getenv ("CHAPTERHOUSE_BENCH_EXPLORE") != NULL)
        {
          ch_members_page_focus_results (ch_window_get_members_page (bench->window));
          /* Back in the search a second before the first key. */
          if (bench->settle_ms > 1000)
            g_timeout_add (bench->settle_ms - 1000, focus_search_cb, bench);
        }
      if (bench->settle_ms > 0)
        g_timeout_add (bench->settle_ms, start_typing_cb, bench);
      else
        start_typing (bench);
      return;
    }
  if (bench->import)
    {
      start_import (bench);
      return;
    }

  print_figure ("first_frame_ms", "%.1f", (g_get_monotonic_time () - start_time) / 1000.0);
  /* The main thread's CPU time until then (from the process's start): on
   * a loaded machine the wall time above is mostly waiting for a CPU. */
  print_figure ("first_frame_cpu_ms", "%.1f", thread_cpu_us () / 1000.0);
  print_figure ("rss_mb", "%.1f", rss_mb ());
  /* CHAPTERHOUSE_BENCH_SETTLE_MS: the memory again once the window's
   * workers are done (the first frame's figure depends on how far they
   * got by then). */
  if (bench->settle_ms > 0)
    {
      g_timeout_add (bench->settle_ms, report_settled_cb, bench);
      return;
    }
  finish (bench);
}

static void
on_realize_cb (GtkWidget *widget,
               Bench     *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  bench->paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), bench);
}

static gboolean
queue_draw_cb (gpointer data)
{
  Bench *bench = data;

  if (bench->done_first_frame)
    return G_SOURCE_REMOVE;

  /* Keep frames coming until the members have been drawn. */
  gtk_widget_queue_draw (GTK_WIDGET (bench->window));
  return G_SOURCE_CONTINUE;
}

void
ch_bench_attach (ChWindow *window)
{
  const char *mode = g_getenv ("CHAPTERHOUSE_BENCH");
  Bench *bench;

  if (mode == NULL || *mode == '\0')
    return;

  bench = g_new0 (Bench, 1);
  bench->window = window;
  bench->typing = g_str_equal (mode, "typing");
  bench->import = g_str_equal (mode, "import");
  bench->query = g_getenv ("CHAPTERHOUSE_BENCH_QUERY");
  if (bench->query == NULL || *bench->query == '\0')
    bench->query = "lindq";
  bench->rounds = g_getenv ("CHAPTERHOUSE_BENCH_ROUNDS") != NULL
                  ? MAX (1, atoi (g_getenv ("CHAPTERHOUSE_BENCH_ROUNDS"))) : 1;

  if (g_getenv ("CHAPTERHOUSE_BENCH_SETTLE_MS") != NULL)
    bench->settle_ms = MAX (0, atoi (g_getenv ("CHAPTERHOUSE_BENCH_SETTLE_MS")));

  g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), bench);
  g_timeout_add (5, queue_draw_cb, bench);
  /* The Bench lives as long as the process: it ends it. */
}
