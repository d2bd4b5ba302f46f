/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-demo"

#include "config.h"

#include <string.h>

#include "ch-chapters.h"
#include "ch-demo.h"
#include "ch-history.h"
#include "ch-member-list.h"
#include "ch-membership.h"
#include "ch-roles.h"
#include "ch-test-util.h"
#include "ch-email.h"

typedef struct
{
  char       *dir;
  char       *path;
  ChStore    *store;
} DemoFixture;

static void
demo_fixture_setup (DemoFixture   *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_make_tmp_dir ();
  f->path = g_build_filename (f->dir, "chapterhouse.db", NULL);
  f->store = ch_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
demo_fixture_teardown (DemoFixture   *f,
                       gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* All members of @chapter_id, in name order, as the window gets them. */
static GPtrArray *
all_members (ChStore    *store,
             const char *chapter_id)
{
  g_autoptr(GError) error = NULL;
  ChMemberList *list = ch_member_list_new (store, chapter_id);
  GPtrArray *members = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_true (ch_member_list_refresh_sync (list, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    g_ptr_array_add (members, g_list_model_get_item (G_LIST_MODEL (list), i));
  test_finalize_list (list);

  return members;
}

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

static void
test_demo_chapter (DemoFixture   *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GHashTable) emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) inserted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) outbox = NULL;
  guint status[CH_MEMBER_STATUS_LAST + 1] = { 0 };
  guint network = 0, honorary = 0, chapter_tier = 0, diacritics = 0, with_email = 0;
  guint specialties = 0, periods = 0, payments = 0, roles = 0, events = 0, registration_changes = 0;
  guint opportunities = 0;

  chapter = ch_demo_create_chapter (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (chapter);
  g_assert_cmpstr (ch_chapter_get_timezone (chapter), ==, "Europe/Stockholm");
  g_assert_cmpstr (ch_chapter_get_currency (chapter), ==, "SEK");
  g_assert_cmpint (ch_chapter_get_grace_days (chapter), ==, 30);

  /* The chapter is listed, with its members. */
  {
    g_autoptr(GPtrArray) chapters = ch_store_list_chapters (f->store, &error);

    g_assert_cmpuint (chapters->len, ==, 1);
    g_assert_cmpstr (ch_chapter_get_id (chapters->pdata[0]), ==, ch_chapter_get_id (chapter));
  }

  members = all_members (f->store, ch_chapter_get_id (chapter));
  g_assert_cmpuint (members->len, >=, 240);
  g_assert_cmpuint (members->len, <=, 260);
  g_assert_cmpuint (ch_store_count_members (f->store, ch_chapter_get_id (chapter)), ==,
                    members->len);

  for (guint i = 0; i < members->len; i++)
    {
      ChMember *m = members->pdata[i];
      const char *tier = ch_member_get_tier (m);
      const char *email = ch_member_get_email (m);

      status[ch_member_get_status (m)]++;
      if (g_strcmp0 (tier, CH_TIER_NETWORK) == 0)
        network++;
      else if (g_strcmp0 (tier, CH_TIER_HONORARY) == 0)
        honorary++;
      else if (g_strcmp0 (tier, CH_TIER_CHAPTER) == 0)
        chapter_tier++;
      else
        g_error ("unexpected tier %s", tier);

      if (!is_ascii (ch_member_get_display_name (m)))
        diacritics++;

      g_assert_nonnull (ch_member_get_given_name (m));
      g_assert_nonnull (ch_member_get_family_name (m));
      if (email != NULL)
        {
          g_autofree char *key = ch_email_normalize (email);

          with_email++;
          g_assert_true (ch_email_is_valid (email));
          if (!g_hash_table_add (emails, g_steal_pointer (&key)))
            g_error ("e-mail %s is used twice", email);
        }

      /* Free and honorary members are never lapsed or in grace. */
      if (g_strcmp0 (tier, CH_TIER_CHAPTER) != 0)
        {
          g_assert_cmpint (ch_member_get_status (m), !=, CH_MEMBER_STATUS_LAPSED);
          g_assert_cmpint (ch_member_get_status (m), !=, CH_MEMBER_STATUS_GRACE);
        }
    }

  g_test_message ("prospect %u, active %u, grace %u, lapsed %u, left %u; network %u, honorary %u",
                  status[CH_MEMBER_STATUS_PROSPECT], status[CH_MEMBER_STATUS_ACTIVE],
                  status[CH_MEMBER_STATUS_GRACE], status[CH_MEMBER_STATUS_LAPSED],
                  status[CH_MEMBER_STATUS_LEFT], network, honorary);

  /* A realistic mix: mostly active, but every status is there to look at. */
  g_assert_cmpuint (status[CH_MEMBER_STATUS_ACTIVE], >, members->len / 2);
  g_assert_cmpuint (status[CH_MEMBER_STATUS_GRACE], >=, 3);
  g_assert_cmpuint (status[CH_MEMBER_STATUS_LAPSED], >=, 3);
  g_assert_cmpuint (status[CH_MEMBER_STATUS_LEFT], >=, 1);
  g_assert_cmpuint (status[CH_MEMBER_STATUS_PROSPECT], >=, 1);
  g_assert_cmpuint (network, >=, 20);
  g_assert_cmpuint (honorary, >=, 1);
  g_assert_cmpuint (chapter_tier, >, members->len / 3);
  g_assert_cmpuint (diacritics, >=, 20);
  g_assert_cmpuint (with_email, ==, members->len);

  /* Everything made is waiting to be synced: the chapter, each member and
   * each specialty. */
  outbox = ch_store_outbox_list (f->store, NULL, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < outbox->len; i++)
    {
      ChStoreOutboxEntry *e = outbox->pdata[i];

      g_assert_cmpstr (e->chapter_id, ==, ch_chapter_get_id (chapter));
      /* Checking people in at the past meeting updates registrations. */
      if (strcmp (e->entity, "registration") == 0)
        {
          registration_changes++;
          continue;
        }
      g_assert_cmpstr (e->op, ==, "insert");
      if (strcmp (e->entity, "event") == 0)
        events++;
      else if (strcmp (e->entity, "member") == 0)
        {
          g_assert_true (json_object_has_member (e->set, "given_name"));
          g_hash_table_add (inserted, e->row_id);
        }
      else if (strcmp (e->entity, "member_specialty") == 0)
        specialties++;
      else if (strcmp (e->entity, "membership_period") == 0)
        periods++;
      else if (strcmp (e->entity, "payment") == 0)
        payments++;
      else if (strcmp (e->entity, "role") == 0)
        roles++;
      else if (strcmp (e->entity, "opportunity") == 0)
        opportunities++;
      else
        g_assert_cmpstr (e->entity, ==, "chapter");
    }
  for (guint i = 0; i < members->len; i++)
    g_assert_true (g_hash_table_contains (inserted, ch_member_get_id (members->pdata[i])));
  g_assert_cmpuint (g_hash_table_size (inserted), ==, members->len);
  g_assert_cmpuint (specialties, >=, members->len);
  g_assert_cmpuint (outbox->len, ==, 1 + members->len + specialties + periods + payments + roles +
                    events + registration_changes + opportunities);
  /* The givers' game: the demo chapter has its ledger. */
  g_assert_cmpuint (opportunities, ==, 60);

  /* Events to look at: last month's meeting with its attendance, and
   * coming ones, the next meeting already with a waitlist; and twelve
   * earlier events for the Insights page's charts. */
  g_assert_cmpuint (events, ==, 4 + 12);
  g_assert_cmpint (test_query_int (f->path,
                                   "SELECT count(*) FROM event "
                                   "WHERE ends_at < strftime ('%Y-%m-%dT%H:%M:%SZ', 'now')"),
                   ==, 1 + 12);
  g_assert_cmpint (test_query_int (f->path,
                                   "SELECT count(*) FROM registration "
                                   "WHERE checked_in_at IS NOT NULL"),
                   >=, 20);
  g_assert_cmpint (test_query_int (f->path,
                                   "SELECT count(*) FROM registration WHERE state = 'waitlisted'"),
                   ==, 2);
  g_assert_cmpint (test_query_int (f->path,
                                   "SELECT count(*) FROM registration WHERE minutes_attended > 0"),
                   >=, 5);

  /* A membership history: every member who joined has a join period,
   * paid members have payments that explain their dues_paid_until, some
   * were converted from the free tier, some lapsed and came back, those
   * who left say why; and there is a board. */
  g_assert_cmpuint (periods, >=, members->len - status[CH_MEMBER_STATUS_PROSPECT]);
  g_assert_cmpuint (payments, >=, chapter_tier * 3 / 4);
  g_assert_cmpint (test_query_int (f->path,
                                   "SELECT count(*) FROM member m WHERE m.tier = 'chapter' AND "
                                   "m.dues_paid_until IS NOT (SELECT max (covers_until) "
                                   "FROM payment p WHERE p.member_id = m.id AND p.deleted = 0)"),
                   ==, 0);
  g_assert_cmpint (test_query_int (f->path,
                                   "SELECT count(*) FROM payment "
                                   "WHERE amount <= 0 OR covers_from > covers_until"),
                   ==, 0);
  g_assert_cmpuint (ch_membership_count_conversions (f->store, ch_chapter_get_id (chapter),
                                                     NULL, NULL),
                    >=, 5);
  g_assert_cmpint (test_query_int (f->path,
                                   "SELECT count(*) FROM membership_period WHERE kind = 'rejoin'"),
                   >=, 3);
  g_assert_cmpint (test_query_int (f->path,
                                   "SELECT count(*) FROM membership_period "
                                   "WHERE end_reason IS NOT NULL"),
                   ==,
                   test_query_int (f->path,
                                   "SELECT count(*) FROM member WHERE left_on IS NOT NULL"));
  {
    g_autoptr(GPtrArray) officers = ch_roles_list_current (f->store, ch_chapter_get_id (chapter),
                                                            &error);
    guint ending_soon = 0;

    g_assert_no_error (error);
    g_assert_cmpuint (officers->len, ==, 7);
    g_assert_cmpstr (ch_role_get_role (officers->pdata[0]), ==, CH_ROLE_PRESIDENT);
    for (guint i = 0; i < officers->len; i++)
      if (ch_role_get_ending_soon (officers->pdata[i]))
        ending_soon++;
    g_assert_cmpuint (ending_soon, ==, 1);
    g_assert_cmpuint (roles, ==, 8);
  }
  {
    /* Every history reads oldest first and starts with a join. */
    for (guint i = 0; i < members->len; i++)
      {
        g_autoptr(GPtrArray) history = ch_history_list (f->store,
                                                         ch_member_get_id (members->pdata[i]),
                                                         &error);

        g_assert_no_error (error);
        if (ch_member_get_status (members->pdata[i]) == CH_MEMBER_STATUS_PROSPECT)
          continue;
        g_assert_cmpuint (history->len, >, 0);
        g_assert_cmpint (ch_history_entry_get_kind (history->pdata[0]), ==, CH_HISTORY_JOIN);
      }
  }

  /* Diacritics are searchable without typing them. */
  {
    ChMemberList *list = ch_member_list_new (f->store, ch_chapter_get_id (chapter));
    guint n_oberg = 0;

    ch_member_list_set_search (list, "oberg");
    g_assert_true (ch_member_list_refresh_sync (list, &error));
    for (guint i = 0; i < members->len; i++)
      if (g_strcmp0 (ch_member_get_family_name (members->pdata[i]), "Öberg") == 0)
        {
          n_oberg++;
          g_assert_cmpuint (ch_member_list_find (list, ch_member_get_id (members->pdata[i])), !=,
                            G_MAXUINT);
        }
    g_assert_cmpuint (n_oberg, >, 0);

    ch_member_list_set_search (list, "azure");
    g_assert_true (ch_member_list_refresh_sync (list, &error));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 10);
    test_finalize_list (list);
  }
}

static void
test_demo_same_seed (DemoFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(ChChapter) a = NULL;
  g_autoptr(ChChapter) b = NULL;
  g_autoptr(GPtrArray) ma = NULL;
  g_autoptr(GPtrArray) mb = NULL;

  fields = test_json ("{'name': 'A', 'country': 'Germany', 'timezone': 'Europe/Berlin', "
                      "'currency': 'EUR'}");
  a = ch_store_create_chapter (f->store, fields, &error);
  b = ch_store_create_chapter (f->store, fields, &error);
  g_assert_no_error (error);

  g_assert_true (ch_demo_populate (f->store, ch_chapter_get_id (a), 50, 99, CH_DEMO_LOCAL, &error));
  g_assert_true (ch_demo_populate (f->store, ch_chapter_get_id (b), 50, 99, CH_DEMO_LOCAL, &error));
  g_assert_no_error (error);

  ma = all_members (f->store, ch_chapter_get_id (a));
  mb = all_members (f->store, ch_chapter_get_id (b));
  g_assert_cmpuint (ma->len, ==, 50);
  g_assert_cmpuint (mb->len, ==, 50);
  for (guint i = 0; i < ma->len; i++)
    {
      g_assert_cmpstr (ch_member_get_display_name (ma->pdata[i]), ==,
                       ch_member_get_display_name (mb->pdata[i]));
      g_assert_cmpstr (ch_member_get_email (ma->pdata[i]), ==, ch_member_get_email (mb->pdata[i]));
      g_assert_cmpstr (ch_member_get_id (ma->pdata[i]), !=, ch_member_get_id (mb->pdata[i]));
    }
}

static void
test_demo_remote (DemoFixture   *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(GPtrArray) members = NULL;
  guint outbox;

  fields = test_json ("{'name': 'Bench', 'country': 'Poland', 'timezone': 'Europe/Warsaw', "
                      "'currency': 'PLN'}");
  chapter = ch_store_create_chapter (f->store, fields, &error);
  g_assert_no_error (error);
  outbox = ch_store_outbox_count (f->store, NULL);
  g_assert_cmpuint (outbox, ==, 1);

  g_assert_true (ch_demo_populate (f->store, ch_chapter_get_id (chapter), 500, 1, CH_DEMO_REMOTE,
                                   &error));
  g_assert_no_error (error);

  /* As if pulled from the server: nothing to push. */
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox);

  members = all_members (f->store, ch_chapter_get_id (chapter));
  g_assert_cmpuint (members->len, ==, 500);
  for (guint i = 0; i < members->len; i++)
    {
      g_autoptr(JsonObject) row = ch_store_get_row (f->store, "member",
                                                     ch_member_get_id (members->pdata[i]), &error);

      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (row, "version"), >, 0);
    }

  /* Paid members have the payment that explains their dues_paid_until. */
  g_assert_cmpint (test_query_int (f->path, "SELECT count(*) FROM payment WHERE version = 0"),
                   ==, 0);
  g_assert_cmpint (test_query_int (f->path, "SELECT count(*) FROM payment"), >=, 100);
  g_assert_cmpint (test_query_int (f->path,
                                   "SELECT count(*) FROM member m WHERE m.tier = 'chapter' "
                                   "AND m.joined_on IS NOT NULL AND "
                                   "m.dues_paid_until IS NOT (SELECT max (covers_until) "
                                   "FROM payment p WHERE p.member_id = m.id AND p.deleted = 0)"),
                   ==, 0);

  /* Their specialties arrived the same way, and are searchable. */
  g_assert_cmpint (test_query_int (f->path,
                                   "SELECT count(*) FROM member_specialty WHERE version = 0"),
                   ==, 0);
  g_assert_cmpint (test_query_int (f->path, "SELECT count(*) FROM member_specialty"), >=, 500);
  {
    ChMemberList *list = ch_member_list_new (f->store, ch_chapter_get_id (chapter));

    ch_member_list_set_search (list, "security");
    g_assert_true (ch_member_list_refresh_sync (list, &error));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 20);
    test_finalize_list (list);
  }
}

/* The demo chapter is found again under another name: its name is in the
 * language of the day it was made, and the window opens it again rather
 * than making a second one when the desktop's language has changed. */
static void
test_demo_found_in_another_language (DemoFixture   *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *found = NULL;
  g_autofree char *again = NULL;
  g_autoptr(JsonObject) fields = test_json ("{'name': 'Oslo', 'country': 'Norway',"
                                            " 'city': 'Oslo', 'timezone': 'Europe/Oslo',"
                                            " 'currency': 'NOK'}");
  g_autoptr(ChChapter) other = NULL;

  g_assert_null (ch_demo_find_chapter (f->store));
  other = ch_store_create_chapter (f->store, fields, &error);
  g_assert_no_error (error);
  g_assert_nonnull (other);
  g_assert_null (ch_demo_find_chapter (f->store));

  chapter = ch_demo_create_chapter (f->store, &error);
  g_assert_no_error (error);
  found = ch_demo_find_chapter (f->store);
  g_assert_cmpstr (found, ==, ch_chapter_get_id (chapter));

  /* As a Swedish desktop would have named it. */
  json_object_set_string_member (set, "name", "Stockholms demoavdelning");
  g_assert_true (ch_chapter_update (f->store, ch_chapter_get_id (chapter), set, &error));
  g_assert_no_error (error);
  again = ch_demo_find_chapter (f->store);
  g_assert_cmpstr (again, ==, ch_chapter_get_id (chapter));
  g_assert_cmpstr (again, !=, ch_chapter_get_id (other));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, DemoFixture, NULL, demo_fixture_setup, func, demo_fixture_teardown)

  ADD ("/demo/chapter", test_demo_chapter);
  ADD ("/demo/same-seed", test_demo_same_seed);
  ADD ("/demo/remote", test_demo_remote);
  ADD ("/demo/found-in-another-language", test_demo_found_in_another_language);

#undef ADD

  return g_test_run ();
}
