/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-list"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ch-member-list.h"
#include "ch-member-query.h"
#include "ch-member-query-private.h"
#include "ch-member-rank.h"
#include "ch-store.h"
#include "ch-tsan.h"

#define NONE G_MAXUINT32

/* The array is indexed by row id: it is kept only when the chapter's row
 * ids are not much more spread out than its members (a file whose rows
 * were mostly erased, or a small chapter among many other members). */
#define MAX_SPREAD 4
#define MAX_SLACK  65536

struct _ChMemberRank
{
  gatomicrefcount ref;
  char     *chapter_id;
  gint64    base;     /* the smallest row id of the chapter's members */
  guint     span;     /* row ids base to base + span - 1 */
  guint     n;
  guint32  *rank;     /* [rowid - base]: position in the name order, or NONE */
  guint32  *order;    /* [position]: rowid - base */
  guint64  *initials; /* [position]: the member's ch_search_initials() */
};

/* The initials of every member (ch-search-row.h), from the folded texts
 * the search index holds, by position: a search of plain words walks
 * them in the name order and reads only the rows whose initials fit.  A
 * member with no entry in the index has none (no search finds it). */
static gboolean
read_initials (ChMemberRank  *self,
               sqlite3       *db,
               GError       **error)
{
  sqlite3_stmt *st = NULL;
  int rc;

  self->initials = g_new0 (guint64, MAX (self->n, 1));
  if (sqlite3_prepare_v2 (db, "SELECT id, ch_search_initials (c0, c1, c2, c3, c4, c5) "
                              "FROM member_fts_content", -1, &st, NULL) != SQLITE_OK)
    return ch_member_query_fail (db, st, error);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      guint r = ch_member_rank_of (self, sqlite3_column_int64 (st, 0));

      if (r != G_MAXUINT)
        self->initials[r] = (guint64) sqlite3_column_int64 (st, 1);
    }
  if (rc != SQLITE_DONE)
    return ch_member_query_fail (db, st, error);
  sqlite3_finalize (st);

  return TRUE;
}

ChMemberRank *
ch_member_rank_build (sqlite3     *db,
                      const char  *chapter_id,
                      GError     **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) sql = g_string_new ("SELECT m.rowid FROM member m "
                                         "WHERE m.chapter_id = ?1 AND m.deleted = 0 ORDER BY ");
  g_autoptr(GString) order = g_string_new (ch_member_query_order_for (CH_MEMBER_SORT_NAME));
  sqlite3_stmt *st = NULL;
  gint64 lo = G_MAXINT64, hi = G_MININT64;
  ChMemberRank *self;
  int rc;

  g_return_val_if_fail (chapter_id != NULL, NULL);

  /* Exactly the list's ORDER BY, ties (equal name keys) by rowid. */
  g_string_replace (order, "%1$s", "ASC", 0);
  g_string_append (sql, order->str);
  if (sqlite3_prepare_v2 (db, sql->str, -1, &st, NULL) != SQLITE_OK)
    return (ch_member_query_fail (db, st, error), NULL);
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (st, 0);

      lo = MIN (lo, rowid);
      hi = MAX (hi, rowid);
      g_array_append_val (rowids, rowid);
    }
  if (rc != SQLITE_DONE)
    return (ch_member_query_fail (db, st, error), NULL);
  sqlite3_finalize (st);

  if (rowids->len > 0 &&
      (guint64) (hi - lo) >= (guint64) rowids->len * MAX_SPREAD + MAX_SLACK)
    return NULL;

  self = g_new0 (ChMemberRank, 1);
  g_atomic_ref_count_init (&self->ref);
  self->chapter_id = g_strdup (chapter_id);
  self->n = rowids->len;
  self->base = rowids->len > 0 ? lo : 0;
  self->span = rowids->len > 0 ? (guint) (hi - lo + 1) : 0;
  self->rank = g_new (guint32, MAX (self->span, 1));
  memset (self->rank, 0xff, sizeof (guint32) * MAX (self->span, 1));
  self->order = g_new (guint32, MAX (self->n, 1));
  for (guint i = 0; i < rowids->len; i++)
    {
      guint32 at = (guint32) (g_array_index (rowids, gint64, i) - self->base);

      self->rank[at] = i;
      self->order[i] = at;
    }

  if (!read_initials (self, db, error))
    {
      ch_member_rank_unref (self);
      return NULL;
    }

  return self;
}

ChMemberRank *
ch_member_rank_ref (ChMemberRank *self)
{
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
ch_member_rank_unref (ChMemberRank *self)
{
  /* Let go of on whichever thread a query or a build ends. */
  CH_TSAN_RELEASE (self);
  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  CH_TSAN_ACQUIRE (self);

  g_free (self->chapter_id);
  g_free (self->rank);
  g_free (self->order);
  g_free (self->initials);
  g_free (self);
}

const char *
ch_member_rank_get_chapter_id (const ChMemberRank *self)
{
  return self->chapter_id;
}

guint
ch_member_rank_get_n (const ChMemberRank *self)
{
  return self->n;
}

gsize
ch_member_rank_get_size (const ChMemberRank *self)
{
  return sizeof *self + sizeof (guint32) * ((gsize) self->span + self->n) +
         sizeof (guint64) * (gsize) self->n;
}

guint
ch_member_rank_of (const ChMemberRank *self,
                   gint64              rowid)
{
  guint32 r;

  if (rowid < self->base || rowid - self->base >= self->span)
    return G_MAXUINT;
  r = self->rank[rowid - self->base];

  return r == NONE ? G_MAXUINT : r;
}

/* What ch_member_rank_mark() marks: a bit per rank of the chapter's
 * members among the row ids it is given, and their count. */
typedef struct
{
  const ChMemberRank *rank;
  guint64            *bits;
  guint               n;
} Marks;

#define MARKS_TYPE "ch-member-rank-marks"

/* Sets the bit of each row id's rank (another chapter's member has none).
 * An aggregate, so that SQLite hands over the row ids inside one step
 * instead of a row at a time: about a third of the CPU of stepping the
 * statement for each (0.07 against 0.2 µs a match at 1,000,000). */
static void
mark_step (sqlite3_context  *ctx,
           int               argc,
           sqlite3_value   **argv)
{
  Marks *marks = sqlite3_value_pointer (argv[0], MARKS_TYPE);
  const ChMemberRank *self;
  gint64 rowid;
  guint64 bit;
  guint32 r;

  if (marks == NULL)
    {
      sqlite3_result_error (ctx, "ch_member_rank_mark: no marks given", -1);
      return;
    }
  self = marks->rank;
  rowid = sqlite3_value_int64 (argv[1]);
  if (rowid < self->base || rowid - self->base >= self->span ||
      (r = self->rank[rowid - self->base]) == NONE)
    return;
  bit = G_GUINT64_CONSTANT (1) << (r & 63);
  marks->n += (marks->bits[r >> 6] & bit) == 0;
  marks->bits[r >> 6] |= bit;
}

static void
mark_final (sqlite3_context *ctx)
{
  sqlite3_result_null (ctx);
}

/* Appends each row id to the GArray of gint64 it is given: the first
 * matches of a search read in one step, as the marks are. */
static void
collect_step (sqlite3_context  *ctx,
              int               argc,
              sqlite3_value   **argv)
{
  GArray *rowids = sqlite3_value_pointer (argv[0], CH_MEMBER_RANK_ROWIDS_TYPE);
  gint64 rowid;

  if (rowids == NULL)
    {
      sqlite3_result_error (ctx, "ch_member_rank_collect: no array given", -1);
      return;
    }
  rowid = sqlite3_value_int64 (argv[1]);
  g_array_append_val (rowids, rowid);
}

void
ch_member_rank_register (sqlite3 *db)
{
  sqlite3_create_function_v2 (db, "ch_member_rank_mark", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                              NULL, NULL, mark_step, mark_final, NULL);
  sqlite3_create_function_v2 (db, "ch_member_rank_collect", 2,
                              SQLITE_UTF8 | SQLITE_DIRECTONLY,
                              NULL, NULL, collect_step, mark_final, NULL);
}

/* Only the search index's doclists are read (its row ids), no member
 * row. */
guint64 *
ch_member_rank_match (const ChMemberRank  *self,
                      sqlite3             *db,
                      const char          *match,
                      GArray              *known,
                      guint               *n_matches,
                      GError             **error)
{
  g_autofree guint64 *bits = g_new0 (guint64, self->n / 64 + 1);
  Marks marks = { self, bits, 0 };
  sqlite3_stmt *st = NULL;
  gint64 after = G_MININT64;
  int rc;

  if (known != NULL && known->len > 0)
    {
      /* The first ones were read already, in rowid order: the index goes
       * on after the last of them. */
      for (guint i = 0; i < known->len; i++)
        {
          guint r = ch_member_rank_of (self, g_array_index (known, gint64, i));
          guint64 bit = G_GUINT64_CONSTANT (1) << (r & 63);

          if (r == G_MAXUINT || (bits[r >> 6] & bit) != 0)
            continue;
          bits[r >> 6] |= bit;
          marks.n++;
        }
      after = g_array_index (known, gint64, known->len - 1);
    }

  if (sqlite3_prepare_v2 (db, "SELECT ch_member_rank_mark (?3, rowid) FROM member_fts "
                              "WHERE member_fts MATCH ?1 AND rowid > ?2", -1, &st, NULL) !=
      SQLITE_OK)
    return (ch_member_query_fail (db, st, error), NULL);
  sqlite3_bind_text (st, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 2, after);
  sqlite3_bind_pointer (st, 3, &marks, MARKS_TYPE, NULL);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return (ch_member_query_fail (db, st, error), NULL);
  sqlite3_finalize (st);

  if (n_matches != NULL)
    *n_matches = marks.n;
  return g_steal_pointer (&bits);
}

static void
append (const ChMemberRank *self,
        GArray             *rowids,
        guint               rank)
{
  gint64 rowid = self->base + self->order[rank];

  g_array_append_val (rowids, rowid);
}

/* Ranks from @start upwards: skips @skip set bits, then appends @limit. */
static void
collect_up (const ChMemberRank *self,
            const guint64      *bits,
            guint               start,
            guint               skip,
            guint               limit,
            GArray             *rowids)
{
  guint n_words = self->n / 64 + 1;
  guint w = start >> 6;
  guint64 word;

  if (start >= self->n || limit == 0)
    return;

  word = bits[w] & (~G_GUINT64_CONSTANT (0) << (start & 63));
  for (;;)
    {
      guint count = __builtin_popcountll (word);

      if (skip >= count)
        skip -= count;
      else
        while (word != 0 && limit > 0)
          {
            guint b = __builtin_ctzll (word);

            word &= word - 1;
            if (skip > 0)
              skip--;
            else
              {
                append (self, rowids, (w << 6) + b);
                limit--;
              }
          }
      if (limit == 0 || ++w >= n_words)
        return;
      word = bits[w];
    }
}

/* Ranks from @start downwards, as collect_up(). */
static void
collect_down (const ChMemberRank *self,
              const guint64      *bits,
              guint               start,
              guint               skip,
              guint               limit,
              GArray             *rowids)
{
  guint w = start >> 6;
  guint64 word;

  if (start >= self->n || limit == 0)
    return;

  word = bits[w];
  if ((start & 63) < 63)
    word &= (G_GUINT64_CONSTANT (1) << ((start & 63) + 1)) - 1;
  for (;;)
    {
      guint count = __builtin_popcountll (word);

      if (skip >= count)
        skip -= count;
      else
        while (word != 0 && limit > 0)
          {
            guint b = 63 - __builtin_clzll (word);

            word &= ~(G_GUINT64_CONSTANT (1) << b);
            if (skip > 0)
              skip--;
            else
              {
                append (self, rowids, (w << 6) + b);
                limit--;
              }
          }
      if (limit == 0 || w-- == 0)
        return;
      word = bits[w];
    }
}

void
ch_member_rank_rows (const ChMemberRank *self,
                     const guint64      *bits,
                     gboolean            descending,
                     guint               offset,
                     guint               limit,
                     gboolean            reverse,
                     gint64              after,
                     GArray             *rowids)
{
  /* Ascending ranks: the name order read forwards, or descending read
   * backwards. */
  gboolean up = descending == reverse;
  guint start;

  if (self->n == 0)
    return;
  start = up ? 0 : self->n - 1;

  if (after > 0)
    {
      guint r = ch_member_rank_of (self, after);

      /* A row that is not the chapter's: nothing comes after it. */
      if (r == G_MAXUINT || (!up && r == 0))
        return;
      start = up ? r + 1 : r - 1;
    }

  if (up)
    collect_up (self, bits, start, offset, limit, rowids);
  else
    collect_down (self, bits, start, offset, limit, rowids);
}

guint
ch_member_rank_position (const ChMemberRank *self,
                         const guint64      *bits,
                         gboolean            descending,
                         gint64              rowid)
{
  guint r = ch_member_rank_of (self, rowid);
  guint from, to, n = 0;

  if (r == G_MAXUINT || (bits[r >> 6] & (G_GUINT64_CONSTANT (1) << (r & 63))) == 0)
    return G_MAXUINT;

  /* The matches before it in the order: below it ascending, above it
   * descending. */
  from = descending ? r + 1 : 0;
  to = descending ? self->n : r;
  for (guint i = from; i < to; )
    {
      if ((i & 63) == 0 && i + 64 <= to)
        {
          n += __builtin_popcountll (bits[i >> 6]);
          i += 64;
        }
      else
        {
          n += (bits[i >> 6] >> (i & 63)) & 1;
          i++;
        }
    }

  return n;
}

/* A bit per rank of the chapter's members among @rowids. */
static guint64 *
bits_of (const ChMemberRank *self,
         GArray             *rowids)
{
  guint64 *bits = g_new0 (guint64, self->n / 64 + 1);

  for (guint i = 0; i < rowids->len; i++)
    {
      guint r = ch_member_rank_of (self, g_array_index (rowids, gint64, i));

      if (r != G_MAXUINT)
        bits[r >> 6] |= G_GUINT64_CONSTANT (1) << (r & 63);
    }

  return bits;
}

void
ch_member_rank_sort (const ChMemberRank *self,
                     GArray             *rowids,
                     gboolean            descending)
{
  g_autofree guint64 *bits = bits_of (self, rowids);

  g_array_set_size (rowids, 0);
  if (descending)
    collect_down (self, bits, self->n - 1, 0, G_MAXUINT, rowids);
  else
    collect_up (self, bits, 0, 0, G_MAXUINT, rowids);
}

guint
ch_member_rank_kth (const ChMemberRank *self,
                    GArray             *rowids,
                    gboolean            descending,
                    guint               k)
{
  g_autofree guint64 *bits = bits_of (self, rowids);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint r;

  if (k == 0)
    return G_MAXUINT;
  if (descending)
    collect_down (self, bits, self->n - 1, k - 1, 1, found);
  else
    collect_up (self, bits, 0, k - 1, 1, found);
  if (found->len == 0)
    return G_MAXUINT;

  r = ch_member_rank_of (self, g_array_index (found, gint64, 0));
  return descending ? self->n - 1 - r : r;
}

guint64 *
ch_member_rank_match_initials (const ChMemberRank *self,
                               guint64             want,
                               guint              *n_matches)
{
  guint64 *bits = g_new0 (guint64, self->n / 64 + 1);
  guint n = 0;

  for (guint r = 0; r < self->n; r++)
    if ((self->initials[r] & want) == want)
      {
        bits[r >> 6] |= G_GUINT64_CONSTANT (1) << (r & 63);
        n++;
      }
  if (n_matches != NULL)
    *n_matches = n;

  return bits;
}

guint
ch_member_rank_count_initials (const ChMemberRank *self,
                               guint64             want,
                               gboolean            descending,
                               guint               reach,
                               guint               limit)
{
  const guint64 *initials = self->initials;
  guint n = 0;

  /* A walk's budget is a few thousand rows, the reach up to every
   * member: stop as soon as the answer is known. */
  reach = MIN (reach, self->n);
  if (descending)
    for (guint i = self->n; i > self->n - reach && n <= limit; i--)
      n += (initials[i - 1] & want) == want;
  else
    for (guint i = 0; i < reach && n <= limit; i++)
      n += (initials[i] & want) == want;

  return n;
}

/* The walk tests its members in batches of at most this many: one
 * statement each, whose rows come back in the order asked. */
#define WALK_BATCH 128

gboolean
ch_member_rank_walk (const ChMemberRank  *self,
                     sqlite3             *db,
                     const char          *match,
                     guint64              want,
                     gboolean             descending,
                     guint                from,
                     guint                offset,
                     guint                limit,
                     guint                budget,
                     GArray              *rowids,
                     gboolean            *found,
                     GError             **error)
{
  g_autoptr(GString) batch = g_string_new (NULL);
  sqlite3_stmt *st = NULL;
  guint first = rowids->len, tested = 0, i = from;
  int rc = SQLITE_DONE;

  *found = FALSE;
  if (sqlite3_prepare_v2 (db, "SELECT f.id FROM json_each (?2) j "
                              "CROSS JOIN member_fts_content f ON f.id = j.value "
                              "WHERE ch_search_row (?1, 0, f.c0, f.c1, f.c2, f.c3, f.c4, f.c5)",
                          -1, &st, NULL) != SQLITE_OK)
    return ch_member_query_fail (db, st, error);
  sqlite3_bind_text (st, 1, match, -1, SQLITE_STATIC);

  while (rowids->len - first < limit && i < self->n)
    {
      /* As many as the window may still need, twice over (not every one
       * fits), within the batch and the budget. */
      guint size = CLAMP ((limit - (rowids->len - first) + offset) * 2, 16, WALK_BATCH);
      guint n = 0;

      g_string_assign (batch, "[");
      for (; i < self->n && n < size; i++)
        {
          guint r = descending ? self->n - 1 - i : i;

          if ((self->initials[r] & want) != want)
            continue;
          g_string_append_printf (batch, "%s%" G_GINT64_FORMAT, n > 0 ? "," : "",
                                  self->base + self->order[r]);
          n++;
        }
      g_string_append_c (batch, ']');
      if (n == 0)
        break;
      if (budget > 0 && (tested += n) > budget)
        {
          /* Further than the walk may go: the caller reads otherwise. */
          sqlite3_finalize (st);
          g_array_set_size (rowids, first);
          return TRUE;
        }

      sqlite3_reset (st);
      sqlite3_bind_text (st, 2, batch->str, batch->len, SQLITE_STATIC);
      while (rowids->len - first < limit && (rc = sqlite3_step (st)) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (st, 0);

          if (offset > 0)
            offset--;
          else
            g_array_append_val (rowids, rowid);
        }
      if (rowids->len - first < limit && rc != SQLITE_DONE)
        return ch_member_query_fail (db, st, error);
    }
  sqlite3_finalize (st);
  *found = TRUE;

  return TRUE;
}
