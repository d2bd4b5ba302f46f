/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-status"

#include "config.h"

#include <sqlite3.h>

#include "ch-member-status.h"
#include "ch-tier.h"
#include "ch-status-sql.h"
#include "ch-iso-date.h"

GHashTable *
ch_status_sql_own_free_tiers (sqlite3    *db,
                       const char *chapter_id)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *st = NULL;
  int rc;

  /* A row whose paid flag is unset counts as paid, as a missing row does. */
  if (sqlite3_prepare_v2 (db, "SELECT key FROM membership_tier "
                              "WHERE chapter_id = ? AND deleted = 0 AND paid = 0",
                          -1, &st, NULL) != SQLITE_OK)
    return NULL;

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (st, 0);

      if (key != NULL && !ch_tier_is_shipped (key))
        g_hash_table_add (keys, g_strdup (key));
    }
  sqlite3_finalize (st);

  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&keys);
}

ChTierKind
ch_status_sql_tier_kind (sqlite3    *db,
                    const char *chapter_id,
                    const char *tier)
{
  g_autoptr(GHashTable) own_free = NULL;

  if (tier == NULL || ch_tier_is_shipped (tier))
    return ch_tier_kind_for_key (tier);

  own_free = ch_status_sql_own_free_tiers (db, chapter_id);
  return ch_tier_kind (tier, own_free);
}

/* The kind of argv[1] (a tier) in the chapter argv[0], its own free
 * tiers kept as auxiliary data for the statement's next rows; FALSE (with the
 * error set on @ctx) when the tiers cannot be read. */
static gboolean
sql_tier_kind (sqlite3_context  *ctx,
               sqlite3_value   **argv,
               ChTierKind       *kind)
{
  const char *tier = (const char *) sqlite3_value_text (argv[1]);
  GHashTable *own_free = NULL;
  GHashTable *loaded = NULL;

  if (tier != NULL && !ch_tier_is_shipped (tier))
    {
      own_free = sqlite3_get_auxdata (ctx, 0);
      if (own_free == NULL)
        {
          const char *chapter_id = (const char *) sqlite3_value_text (argv[0]);

          own_free = loaded = ch_status_sql_own_free_tiers (sqlite3_context_db_handle (ctx),
                                                            chapter_id);
          if (own_free == NULL)
            {
              sqlite3_result_error (ctx, "cannot read the chapter's tiers", -1);
              return FALSE;
            }
        }
    }

  *kind = ch_tier_kind (tier, own_free);

  /* Kept for the next rows of this statement run while the chapter
   * argument stays the same; SQLite frees it (and may do so at once). */
  if (loaded != NULL)
    sqlite3_set_auxdata (ctx, 0, loaded, (void (*) (void *)) g_hash_table_unref);

  return TRUE;
}

static void
sql_member_status (sqlite3_context  *ctx,
                   int               argc,
                   sqlite3_value   **argv)
{
  ChTierKind kind;

  if (!sql_tier_kind (ctx, argv, &kind))
    return;

  sqlite3_result_int (ctx,
                      ch_member_status_compute_kind (kind,
                                                     (const char *) sqlite3_value_text (argv[2]),
                                                     (const char *) sqlite3_value_text (argv[3]),
                                                     (const char *) sqlite3_value_text (argv[4]),
                                                     sqlite3_value_int (argv[5]),
                                                     sqlite3_value_int (argv[6])));
}

static void
sql_member_status_until (sqlite3_context  *ctx,
                         int               argc,
                         sqlite3_value   **argv)
{
  ChTierKind kind;
  gint32 next;

  if (!sql_tier_kind (ctx, argv, &kind))
    return;

  next = ch_member_status_next_change (kind,
                                       (const char *) sqlite3_value_text (argv[2]),
                                       (const char *) sqlite3_value_text (argv[3]),
                                       (const char *) sqlite3_value_text (argv[4]),
                                       sqlite3_value_int (argv[5]),
                                       sqlite3_value_int (argv[6]));
  if (next == G_MAXINT32)
    sqlite3_result_null (ctx);
  else
    sqlite3_result_int (ctx, next);
}

static void
sql_tier_kind_fn (sqlite3_context  *ctx,
                  int               argc,
                  sqlite3_value   **argv)
{
  ChTierKind kind;

  if (sql_tier_kind (ctx, argv, &kind))
    sqlite3_result_int (ctx, kind);
}

static void
sql_member_last_day (sqlite3_context  *ctx,
                     int               argc,
                     sqlite3_value   **argv)
{
  ChTierKind kind;
  gint32 first, last;
  g_autofree char *iso = NULL;

  if (!sql_tier_kind (ctx, argv, &kind))
    return;

  if (!ch_member_status_member_days (kind,
                                     (const char *) sqlite3_value_text (argv[2]),
                                     (const char *) sqlite3_value_text (argv[3]),
                                     (const char *) sqlite3_value_text (argv[4]),
                                     sqlite3_value_int (argv[5]), &first, &last))
    {
      sqlite3_result_null (ctx);
      return;
    }

  if (last == G_MAXINT32)
    {
      sqlite3_result_text (ctx, "9999-12-31", -1, SQLITE_STATIC);
      return;
    }

  iso = ch_iso_date_from_days (last);
  sqlite3_result_text (ctx, iso, -1, SQLITE_TRANSIENT);
}

void
ch_status_sql_register (sqlite3 *db)
{
  /* The tier rule (ch_tier_kind()) and the status rule as the days it
   * says active or grace (ch_member_status_member_days()), for the
   * insights: ch_tier_kind (chapter_id, tier) → ChTierKind and
   * ch_member_last_day (chapter_id, tier, joined_on, left_on,
   * dues_paid_until, grace_days) → the last such day, "9999-12-31" when
   * open, NULL when none. */
  sqlite3_create_function_v2 (db, "ch_tier_kind", 2, SQLITE_UTF8,
                              NULL, sql_tier_kind_fn, NULL, NULL, NULL);
  sqlite3_create_function_v2 (db, "ch_member_last_day", 6, SQLITE_UTF8,
                              NULL, sql_member_last_day, NULL, NULL, NULL);

  /* Not SQLITE_DETERMINISTIC nor SQLITE_INNOCUOUS: it reads the chapter's
   * tiers, which may change between statements. */
  sqlite3_create_function_v2 (db, "ch_member_status", 7, SQLITE_UTF8,
                              NULL, sql_member_status, NULL, NULL, NULL);
  /* The same arguments → the day the status may next change
   * (ch_member_status_next_change()), NULL when never: kept with the
   * stored status rank (level 19, ch-store-status.c). */
  sqlite3_create_function_v2 (db, "ch_member_status_until", 7, SQLITE_UTF8,
                              NULL, sql_member_status_until, NULL, NULL, NULL);
}
