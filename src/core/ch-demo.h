/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

typedef enum
{
  /* Ordinary user changes: each member and specialty goes to the outbox. */
  CH_DEMO_LOCAL,
  /* As if pulled from the server (version > 0, nothing to push): fast,
   * for benchmarks with hundreds of thousands of members. */
  CH_DEMO_REMOTE,
} ChDemoMode;

/* Creates the demo chapter with about 250 realistic members. */
ChChapter *ch_demo_create_chapter (ChStore     *store,
                                   GError     **error);
/* The id of the demo chapter this data file holds (made by
 * ch_demo_create_chapter(), in whatever language), or NULL. */
char      *ch_demo_find_chapter   (ChStore     *store);

/* Adds @n_members generated members (international names, companies,
 * cities, tiers, specialties, join dates over several years, some lapsed,
 * some in grace, some who left) to @chapter_id.  Same @seed, same data. */
gboolean   ch_demo_populate       (ChStore     *store,
                                   const char  *chapter_id,
                                   guint        n_members,
                                   guint32      seed,
                                   ChDemoMode   mode,
                                   GError     **error);

G_END_DECLS
