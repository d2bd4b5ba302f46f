/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-insights-private.h"
#include "ch-member-status.h"
#include "ch-status-sql.h"

/*
 * The members' pass: before the subjects, every member of the chapter
 * (not deleted) and their periods are read once into memory, and the
 * growth, retention, conversion and at-risk figures count from there in
 * C.  Two statements read nothing but the covering indexes of migration
 * 017, both in the order of the member's id: the members of the chapter
 * (member_insights) and the periods (membership_period_insights), which
 * are merged here; periods of members not counted (deleted, or of
 * another chapter) are passed over.  A member's days on their own tier
 * come from the status rule (ch_member_status_member_days()) and a
 * tier's kind from the tier rule (ch_tier_kind()); no figure repeats
 * either rule.  The names come with the rest (member_insights covers
 * them since level 21), kept only for those whose renewal is near, whom
 * the at-risk figure lists.
 */
static const char members_sql[] =
  "SELECT id, tier, joined_on, left_on, dues_paid_until, left_reason, "
  "       given_name, family_name, name_key "
  "FROM member INDEXED BY member_insights "
  "WHERE chapter_id = :chapter AND deleted = 0 ORDER BY id";

static const char periods_sql[] =
  "SELECT member_id, kind, tier, starts_on, ends_on "
  "FROM membership_period INDEXED BY membership_period_insights "
  "WHERE deleted = 0 ORDER BY member_id";

ChTierKind
ch_insights_tier_kind (ChInsightsContext *ctx,
                       const char        *tier)
{
  ChTierKind kind;

  /* The pass's tiers are interned: one address per tier.  A few are
   * remembered by address (the strings do not change during a count). */
  for (guint i = 0; i < ctx->n_kinds; i++)
    if (ctx->kind_tier[i] == tier)
      return ctx->kind_of[i];
  kind = ch_tier_kind (tier, ctx->own_free);
  if (ctx->n_kinds < G_N_ELEMENTS (ctx->kind_tier))
    {
      ctx->kind_tier[ctx->n_kinds] = tier;
      ctx->kind_of[ctx->n_kinds++] = kind;
    }
  return kind;
}

gint32
ch_insights_member_last_day (ChInsightsContext      *ctx,
                             const ChInsightsMember *member,
                             const char             *tier)
{
  ChTierKind kind = ch_insights_tier_kind (ctx, tier);
  gint32 first, last;

  if (kind == member->kind)
    return member->last_day;
  if (!ch_member_status_member_days (kind, member->joined_on, member->left_on,
                                     member->dues_paid_until, ctx->grace, &first, &last))
    return -1;

  return last;
}

/* A column's bytes without the NUL SQLite would add: asking for text
 * makes it copy every value read from a record into memory of its own
 * to terminate it, a malloc() per column and row.  One call into the
 * statement (sqlite3_column_value()); NULL for NULL. */
static const char *
column_span (sqlite3_stmt *st,
             int           column,
             int          *len)
{
  sqlite3_value *value = sqlite3_column_value (st, column);
  const char *bytes;

  *len = 0;
  if (sqlite3_value_type (value) == SQLITE_NULL)
    return NULL;
  bytes = sqlite3_value_blob (value);
  *len = sqlite3_value_bytes (value);
  return bytes != NULL ? bytes : "";
}

/* The values a column had last, interned: a tier, a kind or a reason is
 * one of a few, so a look at these few is cheaper than hashing it. */
typedef struct
{
  const char *text[8];
  int         len[8];
  guint       n;
  guint       next;     /* the one to replace when all are taken */
} Recent;

/* A short, often repeated value (a tier, a kind, a reason) once: the same
 * address for the same text, in every column. */
static const char *
intern (ChInsightsContext *ctx,
        Recent            *recent,
        sqlite3_stmt      *st,
        int                column)
{
  char buffer[128];
  int len;
  const char *bytes = column_span (st, column, &len);
  const char *text;

  if (bytes == NULL)
    return NULL;
  for (guint i = 0; i < recent->n; i++)
    if (recent->len[i] == len && memcmp (recent->text[i], bytes, len) == 0)
      return recent->text[i];

  if ((gsize) len >= sizeof buffer)
    return g_string_chunk_insert_const (ctx->strings,
                                        (const char *) sqlite3_column_text (st, column));
  memcpy (buffer, bytes, len);
  buffer[len] = '\0';
  text = g_string_chunk_insert_const (ctx->strings, buffer);

  if (recent->n < G_N_ELEMENTS (recent->text))
    {
      recent->text[recent->n] = text;
      recent->len[recent->n++] = len;
    }
  else
    {
      recent->text[recent->next] = text;
      recent->len[recent->next] = len;
      recent->next = (recent->next + 1) % G_N_ELEMENTS (recent->text);
    }
  return text;
}

/* A value kept as it is (a day). */
static const char *
copy (ChInsightsContext *ctx,
      sqlite3_stmt      *st,
      int                column)
{
  int len;
  const char *bytes = column_span (st, column, &len);

  return bytes != NULL ? g_string_chunk_insert_len (ctx->strings, bytes, len) : NULL;
}

/* The member's name as the member list shows it: "given family", without
 * the space when one of them is missing. */
static const char *
copy_name (ChInsightsContext *ctx,
           sqlite3_stmt      *st,
           int                given_column,
           int                family_column)
{
  int given_len, family_len;
  const char *given = column_span (st, given_column, &given_len);
  const char *family = column_span (st, family_column, &family_len);
  g_autoptr(GString) name = g_string_sized_new (given_len + family_len + 2);

  if (given != NULL)
    g_string_append_len (name, given, given_len);
  if (family != NULL)
    {
      g_string_append_c (name, ' ');
      g_string_append_len (name, family, family_len);
    }
  /* As SQLite's trim(): spaces only. */
  while (name->len > 0 && name->str[name->len - 1] == ' ')
    g_string_truncate (name, name->len - 1);
  return g_string_chunk_insert (ctx->strings, name->str + strspn (name->str, " "));
}

gboolean
ch_insights_members_read (ChInsightsContext  *ctx,
                          GError            **error)
{
  sqlite3_stmt *mst = NULL;
  sqlite3_stmt *pst = NULL;
  Recent tiers = { 0 }, reasons = { 0 }, kinds = { 0 };
  int rc, prc;

  if (!(ctx->own_free = ch_status_sql_own_free_tiers (ctx->db, ctx->chapter_id)))
    {
      g_set_error (error, CH_INSIGHTS_ERROR, CH_INSIGHTS_ERROR_FAILED,
                   _("Could not count the chapter’s figures: %s"), sqlite3_errmsg (ctx->db));
      return FALSE;
    }
  ctx->strings = g_string_chunk_new (64 * 1024);
  ctx->members = g_array_new (FALSE, FALSE, sizeof (ChInsightsMember));
  ctx->periods = g_array_new (FALSE, FALSE, sizeof (ChInsightsMemberPeriod));

  if (!(mst = ch_insights_prepare (ctx, members_sql, error)))
    return FALSE;
  if (!(pst = ch_insights_prepare (ctx, periods_sql, error)))
    {
      sqlite3_finalize (mst);
      return FALSE;
    }

  prc = sqlite3_step (pst);
  while ((rc = sqlite3_step (mst)) == SQLITE_ROW)
    {
      int id_len;
      const char *id = column_span (mst, 0, &id_len);
      ChInsightsMember m = { 0 };

      if (id == NULL)
        continue;
      m.id = g_string_chunk_insert_len (ctx->strings, id, id_len);
      m.tier = intern (ctx, &tiers, mst, 1);
      m.joined_on = copy (ctx, mst, 2);
      m.left_on = copy (ctx, mst, 3);
      m.dues_paid_until = copy (ctx, mst, 4);
      m.left_reason = intern (ctx, &reasons, mst, 5);
      m.kind = ch_insights_tier_kind (ctx, m.tier);
      {
        const char *due = m.dues_paid_until ? m.dues_paid_until : m.joined_on;

        if (m.kind == CH_TIER_KIND_PAID && due != NULL && strcmp (due, ctx->due_by) <= 0)
          {
            m.name = copy_name (ctx, mst, 6, 7);
            m.name_key = copy (ctx, mst, 8);
          }
      }
      if (!ch_member_status_member_days (m.kind, m.joined_on,
                                         m.left_on, m.dues_paid_until, ctx->grace,
                                         &m.first_day, &m.last_day))
        m.first_day = m.last_day = -1;

      /* Both in the order of the member's id (SQLite's BINARY order is
       * strcmp()'s for text): this member's periods are next, after
       * those of members not read. */
      m.first_period = ctx->periods->len;
      for (; prc == SQLITE_ROW; prc = sqlite3_step (pst))
        {
          int of_len;
          const char *of = column_span (pst, 0, &of_len);
          int c = of != NULL ? memcmp (of, m.id, MIN (of_len, id_len)) : -1;
          ChInsightsMemberPeriod p;

          if (c == 0)
            c = (of_len > id_len) - (of_len < id_len);
          if (c > 0)
            break;
          if (c < 0)
            continue;
          p.kind = intern (ctx, &kinds, pst, 1);
          p.tier = intern (ctx, &tiers, pst, 2);
          p.starts_on = copy (ctx, pst, 3);
          p.ends_on = copy (ctx, pst, 4);
          g_array_append_val (ctx->periods, p);
        }
      m.n_periods = ctx->periods->len - m.first_period;
      g_array_append_val (ctx->members, m);
    }

  /* The periods after the last member's are not needed. */
  if (!ch_insights_finish_stmt (ctx, pst, prc == SQLITE_ROW ? SQLITE_DONE : prc, error))
    {
      sqlite3_finalize (mst);
      return FALSE;
    }

  return ch_insights_finish_stmt (ctx, mst, rc, error);
}
