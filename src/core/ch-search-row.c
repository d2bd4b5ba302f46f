/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-search"

#include "config.h"

#include <string.h>

#include "ch-search-row.h"

/* The tokenizer of member_fts (001-initial.sql): what the index holds is
 * what this tokenizer made of the folded texts, so testing a row with it
 * answers as the index would. */
#define TOKENIZER "unicode61"
static const char *tokenizer_args[] = { "remove_diacritics", "2" };

/* One quoted phrase of the expression: its tokens, each ending in a NUL
 * in @text at the offsets in @starts (the last one is a prefix). */
typedef struct
{
  GString *text;
  GArray  *starts;   /* guint */
  GArray  *lengths;  /* guint */
} Phrase;

/* What a statement keeps between rows (auxiliary data of its constant
 * first argument): the tokenizer, the phrases, and room for a column's
 * tokens. */
typedef struct
{
  fts5_tokenizer  api;
  Fts5Tokenizer  *tokenizer;
  GPtrArray      *phrases;   /* Phrase */
  GString        *tokens;    /* a column's tokens, one after the other */
  GArray         *starts;
  GArray         *lengths;
  gint64          tested;    /* rows tested by the statement so far */
  /* Every phrase is one token of ASCII letters and digits: an ASCII
   * column is then read without the tokenizer (see ascii_column()). */
  gboolean        ascii;
} Matcher;

static void
phrase_free (gpointer data)
{
  Phrase *p = data;

  g_string_free (p->text, TRUE);
  g_array_unref (p->starts);
  g_array_unref (p->lengths);
  g_free (p);
}

static void
matcher_free (gpointer data)
{
  Matcher *m = data;

  if (m->tokenizer != NULL)
    m->api.xDelete (m->tokenizer);
  g_clear_pointer (&m->phrases, g_ptr_array_unref);
  g_string_free (m->tokens, TRUE);
  g_array_unref (m->starts);
  g_array_unref (m->lengths);
  g_free (m);
}

typedef struct
{
  GString *text;
  GArray  *starts;
  GArray  *lengths;
} Tokens;

static int
on_token (void       *data,
          int         flags,
          const char *token,
          int         n_token,
          int         start,
          int         end)
{
  Tokens *t = data;
  guint at = t->text->len, len = n_token;

  g_string_append_len (t->text, token, n_token);
  g_string_append_c (t->text, '\0');
  g_array_append_val (t->starts, at);
  g_array_append_val (t->lengths, len);

  return SQLITE_OK;
}

static gboolean
tokenize (Matcher    *m,
          int         flags,
          const char *text,
          int         n_text,
          GString    *out,
          GArray     *starts,
          GArray     *lengths)
{
  Tokens t = { out, starts, lengths };

  g_string_truncate (out, 0);
  g_array_set_size (starts, 0);
  g_array_set_size (lengths, 0);

  return m->api.xTokenize (m->tokenizer, &t, flags, text, n_text, on_token) == SQLITE_OK;
}

static fts5_api *
find_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &st, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (st, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (st);
  sqlite3_finalize (st);

  return api;
}

/* The phrases of @expr, which ch_search_match_expression() made: quoted
 * words, each followed by "*", separated by spaces.  Phrases that make
 * no token are left out, as FTS5 leaves them out of an implicit AND. */
static gboolean
parse (Matcher    *m,
       const char *expr)
{
  const char *p = expr;

  while (*p != '\0')
    {
      const char *end;
      Phrase *phrase;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      if (*p != '"' || (end = strchr (p + 1, '"')) == NULL || end[1] != '*')
        return FALSE;

      phrase = g_new0 (Phrase, 1);
      phrase->text = g_string_new (NULL);
      phrase->starts = g_array_new (FALSE, FALSE, sizeof (guint));
      phrase->lengths = g_array_new (FALSE, FALSE, sizeof (guint));
      if (!tokenize (m, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, p + 1, end - p - 1,
                     phrase->text, phrase->starts, phrase->lengths))
        {
          phrase_free (phrase);
          return FALSE;
        }
      if (phrase->starts->len == 0)
        phrase_free (phrase);
      else
        g_ptr_array_add (m->phrases, phrase);
      p = end + 2;
    }

  return TRUE;
}

/* Whether every phrase of @m is one token of ASCII letters and digits. */
static gboolean
ascii_phrases (Matcher *m)
{
  for (guint p = 0; p < m->phrases->len; p++)
    {
      Phrase *phrase = m->phrases->pdata[p];

      if (phrase->starts->len != 1)
        return FALSE;
      for (const char *c = phrase->text->str; *c != '\0'; c++)
        if (!g_ascii_isalnum (*c))
          return FALSE;
    }

  return TRUE;
}

/* The phrases of @m (each one ASCII token) found in the column @text of
 * @n bytes, added to @found; FALSE when @text is not ASCII.  unicode61
 * cuts ASCII text into the longest runs of letters and digits, folded to
 * lower case (remove_diacritics changes no ASCII letter), so its tokens
 * are found here without it: some 0.1 µs a row against several µs. */
static gboolean
ascii_column (Matcher    *m,
              const char *text,
              int         n,
              guint64    *found)
{
  for (int i = 0; i < n; i++)
    if ((guchar) text[i] >= 0x80)
      return FALSE;

  for (int i = 0; i < n;)
    {
      int end;

      if (!g_ascii_isalnum (text[i]))
        {
          i++;
          continue;
        }
      for (end = i; end < n && g_ascii_isalnum (text[end]); end++)
        ;
      for (guint p = 0; p < m->phrases->len; p++)
        {
          Phrase *phrase = m->phrases->pdata[p];
          guint want_len = g_array_index (phrase->lengths, guint, 0);

          /* A prefix of the token, in any case. */
          if ((*found & (G_GUINT64_CONSTANT (1) << p)) == 0 && (guint) (end - i) >= want_len &&
              g_ascii_strncasecmp (text + i, phrase->text->str, want_len) == 0)
            *found |= G_GUINT64_CONSTANT (1) << p;
        }
      i = end;
    }

  return TRUE;
}

static Matcher *
matcher_new (sqlite3     *db,
             const char  *expr,
             const char **error)
{
  Matcher *m = g_new0 (Matcher, 1);
  fts5_api *api = find_fts5_api (db);
  void *user_data = NULL;

  m->phrases = g_ptr_array_new_with_free_func (phrase_free);
  m->tokens = g_string_new (NULL);
  m->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  m->lengths = g_array_new (FALSE, FALSE, sizeof (guint));

  if (api == NULL || api->xFindTokenizer (api, TOKENIZER, &user_data, &m->api) != SQLITE_OK ||
      m->api.xCreate (user_data, tokenizer_args, G_N_ELEMENTS (tokenizer_args),
                      &m->tokenizer) != SQLITE_OK)
    {
      m->tokenizer = NULL;
      *error = "ch_search_row: no FTS5 tokenizer";
      matcher_free (m);
      return NULL;
    }
  if (!parse (m, expr))
    {
      *error = "ch_search_row: not a search expression";
      matcher_free (m);
      return NULL;
    }
  m->ascii = ascii_phrases (m);

  return m;
}

/* Whether @phrase occurs in the column's tokens of @m. */
static gboolean
phrase_in_column (Matcher *m,
                  Phrase  *phrase)
{
  guint k = phrase->starts->len;
  guint n = m->starts->len;

  for (guint i = 0; i + k <= n; i++)
    {
      guint j;

      for (j = 0; j < k; j++)
        {
          const char *want = phrase->text->str + g_array_index (phrase->starts, guint, j);
          guint want_len = g_array_index (phrase->lengths, guint, j);
          const char *have = m->tokens->str + g_array_index (m->starts, guint, i + j);
          guint have_len = g_array_index (m->lengths, guint, i + j);

          /* The last token is a prefix; the others are whole tokens. */
          if (j + 1 == k ? have_len < want_len : have_len != want_len)
            break;
          if (memcmp (want, have, want_len) != 0)
            break;
        }
      if (j == k)
        return TRUE;
    }

  return FALSE;
}

/* Whether the columns of a row (@argv from 2) hold every phrase of @m. */
static int
row_matches (Matcher        *m,
             int             argc,
             sqlite3_value **argv)
{
  guint n_phrases = m->phrases->len;
  guint64 found = 0, all;

  /* An expression of no phrase at all matches nothing, as in FTS5.  (At
   * most 8 words are searched for, see ch_search_match_expression().) */
  if (n_phrases == 0 || n_phrases > 64)
    return n_phrases == 0 ? 0 : -1;
  all = n_phrases == 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << n_phrases) - 1;

  for (int c = 2; c < argc && found != all; c++)
    {
      const char *text = (const char *) sqlite3_value_text (argv[c]);

      if (text == NULL)
        continue;
      if (m->ascii && ascii_column (m, text, sqlite3_value_bytes (argv[c]), &found))
        continue;
      if (!tokenize (m, FTS5_TOKENIZE_DOCUMENT, text, sqlite3_value_bytes (argv[c]),
                     m->tokens, m->starts, m->lengths))
        return -1;
      for (guint p = 0; p < n_phrases; p++)
        if ((found & (G_GUINT64_CONSTANT (1) << p)) == 0 &&
            phrase_in_column (m, m->phrases->pdata[p]))
          found |= G_GUINT64_CONSTANT (1) << p;
    }

  return found == all;
}

static void
sql_search_row (sqlite3_context  *ctx,
                int               argc,
                sqlite3_value   **argv)
{
  Matcher *m = sqlite3_get_auxdata (ctx, 0);
  gboolean made = FALSE;
  gint64 budget;
  int result;

  if (argc < 2)
    {
      sqlite3_result_error (ctx, "ch_search_row: too few arguments", -1);
      return;
    }

  if (m == NULL)
    {
      const char *error = NULL;
      const char *expr = (const char *) sqlite3_value_text (argv[0]);

      m = matcher_new (sqlite3_context_db_handle (ctx), expr ? expr : "", &error);
      if (m == NULL)
        {
          sqlite3_result_error (ctx, error, -1);
          return;
        }
      made = TRUE;
    }

  budget = sqlite3_value_int64 (argv[1]);
  if (budget > 0 && ++m->tested > budget)
    result = -2;
  else
    result = row_matches (m, argc, argv);
  if (result == -2)
    sqlite3_result_error (ctx, CH_SEARCH_ROW_TOO_FAR, -1);
  else if (result < 0)
    sqlite3_result_error (ctx, "ch_search_row: the tokenizer failed", -1);
  else
    sqlite3_result_int (ctx, result);

  /* Kept for the next rows of the statement (the expression is bound, so
   * constant); SQLite may free it at once, so it is not used after this. */
  if (made)
    sqlite3_set_auxdata (ctx, 0, m, matcher_free);
}

/* ------------------------------------------------------------------ */
/* Initials                                                               */

/* The bit of a token's first two bytes (tokens of two bytes or more). */
static guint
pair_bit (guchar a,
          guchar b)
{
  return CH_SEARCH_ROW_PAIR_FIRST + (a * 31u + b) % CH_SEARCH_ROW_N_PAIRS;
}

/* The bits of one token. */
static guint64
token_initials (const char *token,
                gsize       len)
{
  guchar c = token[0];
  guint64 bits;

  if (len == 0)
    return 0;
  if (c >= 'a' && c <= 'z')
    bits = G_GUINT64_CONSTANT (1) << (c - 'a');
  else
    bits = G_GUINT64_CONSTANT (1) << CH_SEARCH_ROW_OTHER_BIT;
  if (len >= 2)
    bits |= G_GUINT64_CONSTANT (1) << pair_bit (token[0], token[1]);

  return bits;
}

typedef struct
{
  fts5_tokenizer  api;
  Fts5Tokenizer  *tokenizer;
  gboolean        failed;
} Initials;

static void
initials_free (gpointer data)
{
  Initials *in = data;

  if (in->tokenizer != NULL)
    in->api.xDelete (in->tokenizer);
  g_free (in);
}

static int
on_initial (void       *data,
            int         flags,
            const char *token,
            int         n_token,
            int         start,
            int         end)
{
  *(guint64 *) data |= token_initials (token, n_token);

  return SQLITE_OK;
}

/* The initials of @text (@n bytes), as ascii_column() cuts ASCII text,
 * else with the index's tokenizer; FALSE when that failed. */
static gboolean
text_initials (Initials   *in,
               sqlite3    *db,
               const char *text,
               int         n,
               guint64    *bits)
{
  gboolean ascii = TRUE;

  for (int i = 0; i < n && ascii; i++)
    ascii = (guchar) text[i] < 0x80;

  if (ascii)
    {
      for (int i = 0; i < n;)
        {
          int end;
          char token[2];

          if (!g_ascii_isalnum (text[i]))
            {
              i++;
              continue;
            }
          for (end = i; end < n && g_ascii_isalnum (text[end]); end++)
            ;
          token[0] = g_ascii_tolower (text[i]);
          token[1] = end - i >= 2 ? g_ascii_tolower (text[i + 1]) : '\0';
          *bits |= token_initials (token, MIN (end - i, 2));
          i = end;
        }
      return TRUE;
    }

  if (in->tokenizer == NULL && !in->failed)
    {
      fts5_api *api = find_fts5_api (db);
      void *user_data = NULL;

      if (api == NULL || api->xFindTokenizer (api, TOKENIZER, &user_data, &in->api) != SQLITE_OK ||
          in->api.xCreate (user_data, tokenizer_args, G_N_ELEMENTS (tokenizer_args),
                           &in->tokenizer) != SQLITE_OK)
        {
          in->tokenizer = NULL;
          in->failed = TRUE;
        }
    }
  if (in->tokenizer == NULL)
    return FALSE;

  return in->api.xTokenize (in->tokenizer, bits, FTS5_TOKENIZE_DOCUMENT, text, n,
                            on_initial) == SQLITE_OK;
}

static void
sql_search_initials (sqlite3_context  *ctx,
                     int               argc,
                     sqlite3_value   **argv)
{
  Initials *in = sqlite3_user_data (ctx);
  guint64 bits = 0;

  for (int c = 0; c < argc; c++)
    {
      const char *text = (const char *) sqlite3_value_text (argv[c]);

      if (text != NULL &&
          !text_initials (in, sqlite3_context_db_handle (ctx), text,
                          sqlite3_value_bytes (argv[c]), &bits))
        {
          sqlite3_result_error (ctx, "ch_search_initials: the tokenizer failed", -1);
          return;
        }
    }

  sqlite3_result_int64 (ctx, (gint64) bits);
}

guint64
ch_search_row_wanted (const char *expr,
                      gboolean   *exact)
{
  guint64 want = 0;
  gboolean one_letter = TRUE;

  *exact = FALSE;
  for (const char *p = expr; p != NULL && *p != '\0';)
    {
      const char *end;
      gsize len;

      if (*p == ' ')
        {
          p++;
          continue;
        }
      if (*p != '"' || (end = strchr (p + 1, '"')) == NULL || end[1] != '*' || end == p + 1)
        return 0;
      len = end - p - 1;
      for (gsize i = 1; i <= len; i++)
        if (!g_ascii_islower (p[i]) && !g_ascii_isdigit (p[i]))
          return 0;
      want |= token_initials (p + 1, len);
      /* A digit's bit is shared with every other character's. */
      one_letter = one_letter && len == 1 && g_ascii_islower (p[1]);
      p = end + 2;
    }
  *exact = want != 0 && one_letter;

  return want;
}

void
ch_search_row_register (sqlite3 *db)
{
  sqlite3_create_function_v2 (db, "ch_search_initials", -1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              g_new0 (Initials, 1), sql_search_initials, NULL, NULL,
                              initials_free);
  sqlite3_create_function_v2 (db, "ch_search_row", -1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, sql_search_row, NULL, NULL, NULL);
}
