/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-clock"

#include "config.h"

#include "ch-clock.h"

static gint64 clock_offset_us;

gint64
ch_clock_now_us (void)
{
  return g_get_real_time () + __atomic_load_n (&clock_offset_us, __ATOMIC_RELAXED);
}

void
ch_clock_set_offset_us (gint64 offset)
{
  __atomic_store_n (&clock_offset_us, offset, __ATOMIC_RELAXED);
}

char *
ch_clock_now_utc_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (ch_clock_now_us () / G_USEC_PER_SEC);

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
