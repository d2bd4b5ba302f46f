/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-list"

/* A search's long prefixes asked of the search index as the terms it
 * holds.  FTS5 reads a prefix longer than member_fts's longest prefix
 * index (3 characters, 001-initial.sql) by merging the doclists of every
 * term that starts with it into one buffer before its first row comes
 * back: the first 5,001 matches of "stockh" cost all 144,000 of
 * "stockholm" at 1,000,000 members (about 30 ms).  The same search as an
 * OR of those terms is read lazily, a row at a time, like a whole word. */

#include "config.h"

#include <string.h>

#include "ch-member-query-private.h"

/* The longest prefix member_fts has an index of (prefix = '1 2 3'). */
#define LONGEST_PREFIX_INDEX 3
/* A prefix of more terms than this is left to FTS5: its terms' doclists
 * are small or it would be a long OR. */
#define MAX_TERMS 16

/* Whether @word (@len bytes) is one token of unicode61 as it is, and
 * nothing else: ASCII lower-case letters and digits only. */
static gboolean
plain_word (const char *word,
            gsize       len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (word[i]) && !g_ascii_isdigit (word[i]))
      return FALSE;

  return TRUE;
}

/* Appends to @terms the terms of the search index that start with @prefix,
 * in order; FALSE (and nothing kept) past MAX_TERMS.  @st is
 * "SELECT term … WHERE term >= ?1 LIMIT 1" on fts5vocab's instance table,
 * which reads lazily: each probe seeks to the next term. */
static gboolean
terms_of (sqlite3_stmt  *st,
          const char    *prefix,
          gsize          len,
          GPtrArray     *terms,
          int           *rc)
{
  g_autoptr(GString) from = g_string_new_len (prefix, len);
  guint first = terms->len;

  *rc = SQLITE_OK;
  for (;;)
    {
      const char *term;
      int n;

      sqlite3_reset (st);
      /* Bound with its length: after a term the next probe starts at the
       * term followed by a NUL, the least string greater than it. */
      sqlite3_bind_text (st, 1, from->str, from->len, SQLITE_TRANSIENT);
      if ((*rc = sqlite3_step (st)) != SQLITE_ROW)
        break;
      term = (const char *) sqlite3_column_text (st, 0);
      n = sqlite3_column_bytes (st, 0);
      if (term == NULL || (gsize) n < len || memcmp (term, prefix, len) != 0)
        break;
      if (terms->len - first == MAX_TERMS || memchr (term, '"', n) != NULL)
        {
          g_ptr_array_set_size (terms, first);
          sqlite3_reset (st);
          *rc = SQLITE_OK;
          return FALSE;
        }
      g_ptr_array_add (terms, g_strndup (term, n));
      g_string_assign (from, term);
      g_string_append_c (from, '\0');
    }
  if (*rc == SQLITE_ROW || *rc == SQLITE_DONE)
    *rc = SQLITE_OK;
  sqlite3_reset (st);

  return *rc == SQLITE_OK && terms->len > first;
}

char *
ch_member_query_terms_expand (sqlite3     *db,
                              const char  *match,
                              GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st = NULL;
  gboolean changed = FALSE;
  int rc = SQLITE_OK;

  if (match == NULL)
    return NULL;

  /* Only expressions of plain words ("word"* "word"*, as
   * ch_search_match_expression() makes them): each is then one token, so
   * an explicit AND of the rewritten words means what the implicit one
   * did (FTS5 leaves a phrase of no token out of an implicit AND only). */
  for (const char *p = match; *p != '\0';)
    {
      const char *end;

      if (*p == ' ')
        {
          p++;
          continue;
        }
      if (*p != '"' || (end = strchr (p + 1, '"')) == NULL || end[1] != '*' ||
          !plain_word (p + 1, end - p - 1))
        return NULL;
      p = end + 2;
    }

  for (const char *p = match; *p != '\0';)
    {
      const char *word, *end;
      gsize len;

      if (*p == ' ')
        {
          p++;
          continue;
        }
      word = p + 1;
      end = strchr (word, '"');
      len = end - word;
      p = end + 2;
      if (out->len > 0)
        g_string_append (out, " AND ");

      g_ptr_array_set_size (terms, 0);
      if (g_utf8_strlen (word, len) > LONGEST_PREFIX_INDEX)
        {
          if (st == NULL &&
              ((rc = sqlite3_exec (db, "CREATE VIRTUAL TABLE IF NOT EXISTS "
                                       "temp.ch_member_fts_terms "
                                       "USING fts5vocab (main, member_fts, instance)",
                                   NULL, NULL, NULL)) != SQLITE_OK ||
               (rc = sqlite3_prepare_v2 (db, "SELECT term FROM temp.ch_member_fts_terms "
                                             "WHERE term >= ?1 LIMIT 1",
                                         -1, &st, NULL)) != SQLITE_OK))
            break;
          if (!terms_of (st, word, len, terms, &rc) && rc != SQLITE_OK)
            break;
        }

      if (terms->len == 0)
        {
          /* A short prefix (read from its index, lazily), one of many
           * terms, or of none: as it was. */
          g_string_append_len (out, word - 1, len + 3);
          continue;
        }
      changed = TRUE;
      g_string_append_c (out, '(');
      for (guint i = 0; i < terms->len; i++)
        g_string_append_printf (out, "%s\"%s\"", i > 0 ? " OR " : "",
                                (const char *) terms->pdata[i]);
      g_string_append_c (out, ')');
    }

  if (rc == SQLITE_INTERRUPT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "superseded");
      sqlite3_finalize (st);
      return NULL;
    }
  if (rc != SQLITE_OK)
    /* Without the vocabulary the search is asked as it is. */
    g_debug ("“%s” asked as it is: %s", match, sqlite3_errmsg (db));
  sqlite3_finalize (st);
  if (rc != SQLITE_OK || !changed)
    return NULL;

  g_debug ("“%s” asked as %s", match, out->str);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
