/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-member-list"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ch-demo.h"
#include "ch-member-list.h"
#include "ch-member-list-private.h"
#include "ch-store-private.h"
#include "ch-payments.h"
#include "ch-roles.h"
#include "ch-specialties.h"
#include "ch-test-util.h"
#include "ch-tiers.h"
#include "ch-date.h"

/* What a GtkListView would be told, and what it would show: the view
 * keeps the items it was given until items-changed replaces them. */
typedef struct
{
  GString   *changes;     /* "position,removed,added;" for each items-changed */
  GPtrArray *shown;       /* ChMember, as a view holds them */
  guint      n_items_notify;
  guint      n_total_notify;
  guint      loading_notify;
} Recorder;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Recorder   *rec)
{
  g_string_append_printf (rec->changes, "%u,%u,%u;", position, removed, added);

  g_assert_cmpuint (position + removed, <=, rec->shown->len);
  g_ptr_array_remove_range (rec->shown, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (rec->shown, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (rec->shown->len, ==, g_list_model_get_n_items (model));
}

/* Fails unless every row the view shows is the row the store has now. */
static void
assert_view_fresh (Recorder     *rec,
                   ChMemberList *list)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  g_assert_cmpuint (rec->shown->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChMember) now = g_list_model_get_item (G_LIST_MODEL (list), i);
      ChMember *shown = rec->shown->pdata[i];

      g_assert_cmpstr (ch_member_get_id (shown), ==, ch_member_get_id (now));
      g_assert_cmpstr (ch_member_get_display_name (shown), ==, ch_member_get_display_name (now));
      g_assert_cmpstr (ch_member_get_company (shown), ==, ch_member_get_company (now));
      g_assert_cmpstr (ch_member_get_email (shown), ==, ch_member_get_email (now));
      g_assert_cmpint (ch_member_get_status (shown), ==, ch_member_get_status (now));
    }
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              Recorder   *rec)
{
  if (strcmp (pspec->name, "n-items") == 0)
    rec->n_items_notify++;
  else if (strcmp (pspec->name, "n-total") == 0)
    rec->n_total_notify++;
  else if (strcmp (pspec->name, "loading") == 0)
    rec->loading_notify++;
}

static void
recorder_start (Recorder     *rec,
                ChMemberList *list)
{
  rec->changes = g_string_new (NULL);
  rec->shown = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), rec);
  g_signal_connect (list, "notify", G_CALLBACK (on_notify_cb), rec);
}

static void
recorder_reset (Recorder *rec)
{
  g_string_truncate (rec->changes, 0);
  rec->n_items_notify = rec->n_total_notify = rec->loading_notify = 0;
}

static void
recorder_stop (Recorder     *rec,
               ChMemberList *list)
{
  g_signal_handlers_disconnect_by_data (list, rec);
  g_string_free (rec->changes, TRUE);
  g_ptr_array_unref (rec->shown);
}

typedef struct
{
  StoreFixture  base;
  ChMemberList *list;
  Recorder      rec;
} ListFixture;

static void
list_fixture_setup (ListFixture   *f,
                    gconstpointer  data)
{
  store_fixture_setup (&f->base, data);
}

static void
list_fixture_teardown (ListFixture   *f,
                       gconstpointer  data)
{
  if (f->list != NULL)
    {
      test_wait_loaded (f->list);
      recorder_stop (&f->rec, f->list);
      test_finalize_list (g_steal_pointer (&f->list));
    }
  store_fixture_teardown (&f->base, data);
}

static void
start_list (ListFixture *f)
{
  f->list = ch_member_list_new (f->base.store, f->base.chapter_id);
  recorder_start (&f->rec, f->list);
  test_wait_loaded (f->list);
}

/* ----------------------------------------------------------------------- */
/* items-changed                                                             */

static void add_json_member (ListFixture *f,
                             const char  *json);

static char *
add (ListFixture *f,
     const char  *given,
     const char  *family)
{
  return test_add_member (f->base.store, f->base.chapter_id, given, family, NULL);
}

static void
update (ListFixture *f,
        const char  *id,
        const char  *json)
{
  g_autoptr(JsonObject) changes = test_json (json);
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_store_update_member (f->base.store, id, changes, &error));
  g_assert_no_error (error);
}

static void
test_items_changed (ListFixture   *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *berg = add (f, "Anna", "Berg");
  g_autofree char *dahl = add (f, "Erik", "Dahl");
  g_autofree char *holm = add (f, "Ida", "Holm");
  g_autofree char *cedergren = NULL;
  g_autofree char *names = NULL;

  g_free (add (f, "Per", "Nilsson"));
  start_list (f);
  /* The first answer: everything added at once. */
  g_assert_cmpstr (f->rec.changes->str, ==, "0,0,4;");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 4);
  g_assert_cmpuint (ch_member_list_get_n_total (f->list), ==, 4);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->list)) == CH_TYPE_MEMBER);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), 4));
  recorder_reset (&f->rec);

  /* Insert in the middle of the order. */
  cedergren = add (f, "Carl", "Cedergren");
  test_wait_loaded (f->list);
  g_assert_cmpstr (f->rec.changes->str, ==, "1,0,1;");
  g_assert_cmpuint (f->rec.n_items_notify, ==, 1);
  g_assert_cmpuint (f->rec.n_total_notify, ==, 1);
  names = test_list_names (f->list);
  g_assert_cmpstr (names, ==, "Anna Berg|Carl Cedergren|Erik Dahl|Ida Holm|Per Nilsson");
  g_clear_pointer (&names, g_free);
  g_assert_cmpuint (ch_member_list_find (f->list, cedergren), ==, 1);
  recorder_reset (&f->rec);

  /* An edit that keeps the place: that one row is shown anew. */
  update (f, holm, "{'company': 'Contoso'}");
  test_wait_loaded (f->list);
  g_assert_cmpstr (f->rec.changes->str, ==, "3,1,1;");
  g_assert_cmpuint (f->rec.n_items_notify, ==, 0);
  {
    g_autoptr(ChMember) member = g_list_model_get_item (G_LIST_MODEL (f->list), 3);

    g_assert_cmpstr (ch_member_get_company (member), ==, "Contoso");
  }
  recorder_reset (&f->rec);

  /* An edit that moves the row from 0 to 3. */
  update (f, berg, "{'family_name': 'Lund'}");
  test_wait_loaded (f->list);
  g_assert_cmpstr (f->rec.changes->str, ==, "0,4,4;");
  names = test_list_names (f->list);
  g_assert_cmpstr (names, ==, "Carl Cedergren|Erik Dahl|Ida Holm|Anna Lund|Per Nilsson");
  g_clear_pointer (&names, g_free);
  recorder_reset (&f->rec);

  /* A move inside the list touches only the rows in between. */
  update (f, dahl, "{'family_name': 'Jansson'}");
  test_wait_loaded (f->list);
  g_assert_cmpstr (f->rec.changes->str, ==, "1,2,2;");
  names = test_list_names (f->list);
  g_assert_cmpstr (names, ==, "Carl Cedergren|Ida Holm|Erik Jansson|Anna Lund|Per Nilsson");
  g_clear_pointer (&names, g_free);
  recorder_reset (&f->rec);

  /* Delete. */
  g_assert_true (ch_store_delete (f->base.store, "member", holm, &error));
  test_wait_loaded (f->list);
  g_assert_cmpstr (f->rec.changes->str, ==, "1,1,0;");
  g_assert_cmpuint (f->rec.n_items_notify, ==, 1);
  g_assert_cmpuint (ch_member_list_get_n_total (f->list), ==, 4);
  g_assert_cmpuint (ch_member_list_find (f->list, holm), ==, G_MAXUINT);
  recorder_reset (&f->rec);

  /* Restore puts it back where it belongs. */
  g_assert_true (ch_store_restore (f->base.store, "member", holm, &error));
  test_wait_loaded (f->list);
  g_assert_cmpstr (f->rec.changes->str, ==, "1,0,1;");
  recorder_reset (&f->rec);

  /* A change to another kind of record does not disturb the list. */
  {
    g_autoptr(JsonObject) fields =
      test_json ("{'title': 'Meetup', 'starts_at': '2026-01-01T17:00:00Z',"
                 " 'ends_at': '2026-01-01T19:00:00Z', 'timezone': 'Europe/Stockholm'}");

    g_assert_true (ch_store_insert (f->base.store, "event", f->base.chapter_id, NULL, fields, NULL,
                                    &error));
    g_assert_no_error (error);
    g_assert_false (ch_member_list_get_loading (f->list));
    g_assert_cmpstr (f->rec.changes->str, ==, "");
  }

  assert_view_fresh (&f->rec, f->list);
}

/* Several edits before the list hears back, as when a sync page or an
 * import arrives: every row shown must end up current. */
static void
test_items_changed_many (ListFixture   *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *berg = add (f, "Anna", "Berg");
  g_autofree char *dahl = add (f, "Erik", "Dahl");
  g_autofree char *holm = add (f, "Ida", "Holm");
  g_autofree char *nilsson = add (f, "Per", "Nilsson");

  start_list (f);
  assert_view_fresh (&f->rec, f->list);

  /* Two edits in a row, neither moves. */
  update (f, dahl, "{'company': 'Contoso'}");
  update (f, nilsson, "{'company': 'Fabrikam'}");
  test_wait_loaded (f->list);
  assert_view_fresh (&f->rec, f->list);

  /* An edit in place and someone new elsewhere. */
  update (f, berg, "{'company': 'Litware'}");
  g_free (add (f, "Sara", "Stone"));
  test_wait_loaded (f->list);
  assert_view_fresh (&f->rec, f->list);

  /* A batch of edits. */
  g_assert_true (ch_store_begin (f->base.store, &error));
  update (f, holm, "{'email': 'ida@example.com'}");
  update (f, dahl, "{'company': 'Northwind'}");
  g_assert_true (ch_store_commit (f->base.store, &error));
  test_wait_loaded (f->list);
  assert_view_fresh (&f->rec, f->list);

  /* Edits that came from the server. */
  {
    g_autoptr(JsonObject) fields =
      test_json ("{'given_name': 'Per', 'family_name': 'Nilsson', 'company': 'Proseware'}");

    g_assert_true (ch_store_apply_remote (f->base.store, f->base.chapter_id, "member", nilsson,
                                          3, FALSE, fields, &error));
    g_assert_no_error (error);
  }
  test_wait_loaded (f->list);
  assert_view_fresh (&f->rec, f->list);
}

/* The chapter's rules change the status of its members. */
static void
test_items_changed_rules (ListFixture   *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMember) member = NULL;
  g_autofree char *json = NULL;
  g_autofree char *paid = NULL;
  GDate day;

  ch_date_today ("Europe/Stockholm", &day);
  g_date_subtract_days (&day, 45);
  paid = ch_date_format (&day);
  json = g_strdup_printf ("{'given_name': 'Anna', 'family_name': 'Berg', 'tier': 'chapter',"
                          " 'joined_on': '2020-01-01', 'dues_paid_until': '%s'}", paid);
  add_json_member (f, json);
  g_free (add (f, "Bo", "Ek"));

  start_list (f);
  member = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  g_assert_cmpint (ch_member_get_status (member), ==, CH_MEMBER_STATUS_LAPSED);
  g_clear_object (&member);

  /* The officers give 60 days of grace instead of 30. */
  {
    g_autoptr(JsonObject) changes = test_json ("{'grace_days': 60}");

    g_assert_true (ch_store_update (f->base.store, "chapter", f->base.chapter_id, changes, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (ch_store_grace_days (f->base.store, f->base.chapter_id), ==, 60);
  test_wait_loaded (f->list);
  member = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  g_assert_cmpint (ch_member_get_status (member), ==, CH_MEMBER_STATUS_GRACE);
  assert_view_fresh (&f->rec, f->list);

  /* And sorting by status follows the new rule. */
  ch_member_list_set_sort (f->list, CH_MEMBER_SORT_STATUS, TRUE);
  test_wait_loaded (f->list);
  {
    g_autofree char *names = test_list_names (f->list);

    /* grace (Anna) after prospect (Bo), descending */
    g_assert_cmpstr (names, ==, "Anna Berg|Bo Ek");
  }
}

/* Another program wrote (as a sync does): the list, told, has told its
 * view @expected ("position,removed,added;" each) since the last reset,
 * and the view holds what the store has now. */
static void
assert_outside_told (ListFixture *f,
                     const char  *expected)
{
  g_assert_true (ch_store_check_outside_changes (f->base.store));
  test_wait_loaded (f->list);
  g_assert_cmpstr (f->rec.changes->str, ==, expected);
  assert_view_fresh (&f->rec, f->list);
}

/* Another connection wrote (a sync's own, the command line): which rows
 * changed is not known, yet the view is told only of the rows it holds
 * that read differently, so that it keeps its place and selection. */
static void
test_items_changed_outside (ListFixture   *f,
                            gconstpointer  data)
{
  g_autoptr(ChStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *berg = add (f, "Anna", "Berg");
  g_autofree char *dahl = add (f, "Erik", "Dahl");
  g_autofree char *holm = add (f, "Ida", "Holm");
  g_autofree char *nilsson = add (f, "Per", "Nilsson");

  start_list (f);
  recorder_reset (&f->rec);
  other = ch_store_open (f->base.path, &error);
  g_assert_no_error (error);

  /* Only bookkeeping was written (as every sync round does). */
  g_assert_true (ch_store_set_meta (other, "test_outside", "1", &error));
  g_assert_no_error (error);
  assert_outside_told (f, "");

  /* One member edited in place: that row only. */
  {
    g_autoptr(JsonObject) changes = test_json ("{'company': 'Contoso'}");

    g_assert_true (ch_store_update_member (other, holm, changes, &error));
    g_assert_no_error (error);
  }
  assert_outside_told (f, "2,1,1;");
  recorder_reset (&f->rec);

  /* Edited twice within the same second, back to what the view was shown
   * first in between: still told. */
  {
    g_autoptr(JsonObject) changes = test_json ("{'company': 'Fabrikam'}");
    g_autoptr(JsonObject) again = test_json ("{'company': 'Contoso'}");

    g_assert_true (ch_store_update_member (other, holm, changes, &error));
    g_assert_true (ch_store_check_outside_changes (f->base.store));
    test_wait_loaded (f->list);
    g_assert_cmpstr (f->rec.changes->str, ==, "2,1,1;");
    g_assert_true (ch_store_update_member (other, holm, again, &error));
    g_assert_no_error (error);
  }
  assert_outside_told (f, "2,1,1;2,1,1;");
  recorder_reset (&f->rec);

  /* Someone new in the middle and an edit before it: the rows around are
   * kept, the edited one shown anew. */
  {
    g_autoptr(JsonObject) changes = test_json ("{'email': 'anna@example.com'}");

    g_free (test_add_member (other, f->base.chapter_id, "Carl", "Cedergren", NULL));
    g_assert_true (ch_store_update_member (other, berg, changes, &error));
    g_assert_no_error (error);
  }
  assert_outside_told (f, "1,0,1;0,1,1;");
  recorder_reset (&f->rec);

  /* A row the view no longer holds is read anew when asked for: nothing
   * to tell. */
  {
    g_autoptr(JsonObject) changes = test_json ("{'company': 'Northwind'}");
    g_autoptr(ChMember) shown = g_ptr_array_steal_index (f->rec.shown, 4);
    g_autoptr(ChMember) now = NULL;

    g_assert_cmpstr (ch_member_get_id (shown), ==, nilsson);
    g_assert_true (ch_store_update_member (other, nilsson, changes, &error));
    g_assert_no_error (error);
    g_clear_object (&shown);
    g_assert_true (ch_store_check_outside_changes (f->base.store));
    test_wait_loaded (f->list);
    g_assert_cmpstr (f->rec.changes->str, ==, "");
    now = g_list_model_get_item (G_LIST_MODEL (f->list), 4);
    g_assert_cmpstr (ch_member_get_company (now), ==, "Northwind");
    g_ptr_array_insert (f->rec.shown, 4, g_steal_pointer (&now));
  }
  assert_view_fresh (&f->rec, f->list);

  /* The chapter's rules changed by another program: the statuses shown
   * follow (see also items-changed-rules). */
  {
    g_autoptr(JsonObject) lapsed = NULL;
    g_autoptr(JsonObject) grace = test_json ("{'grace_days': 60}");
    g_autoptr(ChMember) member = NULL;
    g_autofree char *json = NULL;
    g_autofree char *paid = NULL;
    GDate day;

    ch_date_today ("Europe/Stockholm", &day);
    g_date_subtract_days (&day, 45);
    paid = ch_date_format (&day);
    json = g_strdup_printf ("{'tier': 'chapter', 'joined_on': '2020-01-01',"
                            " 'dues_paid_until': '%s'}", paid);
    lapsed = test_json (json);
    g_assert_true (ch_store_update_member (other, dahl, lapsed, &error));
    g_assert_no_error (error);
    g_assert_true (ch_store_check_outside_changes (f->base.store));
    test_wait_loaded (f->list);
    member = g_list_model_get_item (G_LIST_MODEL (f->list), 2);
    g_assert_cmpstr (ch_member_get_id (member), ==, dahl);
    g_assert_cmpint (ch_member_get_status (member), ==, CH_MEMBER_STATUS_LAPSED);
    g_clear_object (&member);
    assert_view_fresh (&f->rec, f->list);
    recorder_reset (&f->rec);

    g_assert_true (ch_store_update (other, "chapter", f->base.chapter_id, grace, &error));
    g_assert_no_error (error);
    g_assert_true (ch_store_check_outside_changes (f->base.store));
    test_wait_loaded (f->list);
    g_assert_cmpstr (f->rec.changes->str, ==, "2,1,1;");
    member = g_list_model_get_item (G_LIST_MODEL (f->list), 2);
    g_assert_cmpint (ch_member_get_status (member), ==, CH_MEMBER_STATUS_GRACE);
  }
  assert_view_fresh (&f->rec, f->list);
}

static void
test_items_changed_search (ListFixture   *f,
                           gconstpointer  data)
{
  g_autofree char *anna = add (f, "Anna", "Berg");
  g_autofree char *bo = add (f, "Bo", "Holm");
  g_autofree char *names = NULL;

  g_free (add (f, "Annika", "Dahl"));
  start_list (f);
  recorder_reset (&f->rec);

  ch_member_list_set_search (f->list, "ann");
  test_wait_loaded (f->list);
  g_assert_cmpstr (f->rec.changes->str, ==, "2,1,0;");
  /* Shown and total differ while searching. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 2);
  g_assert_cmpuint (ch_member_list_get_n_total (f->list), ==, 3);
  g_assert_cmpuint (f->rec.n_items_notify, ==, 1);
  g_assert_cmpuint (f->rec.n_total_notify, ==, 0);
  recorder_reset (&f->rec);

  /* An edit of someone not shown changes nothing shown. */
  update (f, bo, "{'company': 'Contoso'}");
  test_wait_loaded (f->list);
  g_assert_cmpstr (f->rec.changes->str, ==, "");

  /* An edit that takes someone out of the results. */
  update (f, anna, "{'given_name': 'Hanna'}");
  test_wait_loaded (f->list);
  g_assert_cmpstr (f->rec.changes->str, ==, "0,1,0;");
  names = test_list_names (f->list);
  g_assert_cmpstr (names, ==, "Annika Dahl");
  g_clear_pointer (&names, g_free);
  recorder_reset (&f->rec);

  /* Someone new who matches. */
  g_free (test_add_member (f->base.store, f->base.chapter_id, "Anneli", "Ek", NULL));
  test_wait_loaded (f->list);
  g_assert_cmpstr (f->rec.changes->str, ==, "1,0,1;");
  g_assert_cmpuint (ch_member_list_get_n_total (f->list), ==, 4);
  g_assert_cmpuint (f->rec.n_total_notify, ==, 1);
  recorder_reset (&f->rec);

  /* Trailing spaces ask the same question: no new query. */
  ch_member_list_set_search (f->list, "ann ");
  g_assert_false (ch_member_list_get_loading (f->list));
  g_assert_cmpstr (ch_member_list_get_search (f->list), ==, "ann ");
}

/* ----------------------------------------------------------------------- */
/* Sorting                                                                   */

static void
add_json_member (ListFixture *f,
                 const char  *json)
{
  g_autoptr(JsonObject) fields = test_json (json);
  g_autoptr(GError) error = NULL;

  ch_store_add_member (f->base.store, f->base.chapter_id, fields, NULL, &error);
  g_assert_no_error (error);
}

static void
add_sort_members (ListFixture *f)
{
  GDate day;
  g_autofree char *yesterday = NULL;
  g_autofree char *next_year = NULL;
  g_autofree char *json = NULL;

  ch_date_today ("Europe/Stockholm", &day);
  g_date_subtract_days (&day, 1);
  yesterday = ch_date_format (&day);
  g_date_add_days (&day, 366);
  next_year = ch_date_format (&day);

  /* active, network */
  add_json_member (f, "{'given_name': 'Carl', 'family_name': 'Ahlberg', 'company': 'Delta',"
                      " 'city': 'Uppsala', 'email': 'carl@e.se', 'tier': 'network',"
                      " 'joined_on': '2019-01-01'}");
  /* lapsed, chapter */
  add_json_member (f, "{'given_name': 'Åsa', 'family_name': 'Åkesson', 'company': 'alpha',"
                      " 'city': 'malmö', 'email': 'Asa@e.se', 'tier': 'chapter',"
                      " 'joined_on': '2018-03-01', 'dues_paid_until': '2019-03-01'}");
  /* active, honorary */
  add_json_member (f, "{'given_name': 'Bo', 'family_name': 'Berg', 'company': 'Charlie',"
                      " 'city': 'Göteborg', 'email': 'bo@e.se', 'tier': 'honorary',"
                      " 'joined_on': '2015-06-01'}");
  /* left, chapter */
  json = g_strdup_printf ("{'given_name': 'Dag', 'family_name': 'Dahl', 'company': 'Foxtrot',"
                          " 'city': 'Visby', 'email': 'dag@e.se', 'tier': 'chapter',"
                          " 'joined_on': '2016-01-01', 'dues_paid_until': '%s', 'left_on': '%s'}",
                          next_year, yesterday);
  add_json_member (f, json);
  g_clear_pointer (&json, g_free);
  /* grace, chapter */
  json = g_strdup_printf ("{'given_name': 'Olle', 'family_name': 'Öberg', 'company': 'bravo',"
                          " 'city': 'Stockholm', 'email': 'olle@e.se', 'tier': 'chapter',"
                          " 'joined_on': '2017-01-01', 'dues_paid_until': '%s'}", yesterday);
  add_json_member (f, json);
  /* prospect, network */
  add_json_member (f, "{'given_name': 'Zara', 'family_name': 'Zetterlund', 'company': 'Echo',"
                      " 'city': 'Lund', 'email': 'Zara@e.se', 'tier': 'network'}");
}

static char *
reversed (const char *names)
{
  g_auto(GStrv) parts = g_strsplit (names, "|", -1);
  guint n = g_strv_length (parts);
  GString *out = g_string_new (NULL);

  for (guint i = n; i > 0; i--)
    g_string_append_printf (out, "%s%s", i < n ? "|" : "", parts[i - 1]);

  return g_string_free (out, FALSE);
}

static void
test_sort (ListFixture   *f,
           gconstpointer  data)
{
  static const struct { const char *column, *order; } cases[] = {
    /* Å and Ö sort as A and O, by family name. */
    { CH_MEMBER_SORT_NAME,
      "Carl Ahlberg|Åsa Åkesson|Bo Berg|Dag Dahl|Olle Öberg|Zara Zetterlund" },
    { CH_MEMBER_SORT_COMPANY,
      "Åsa Åkesson|Olle Öberg|Bo Berg|Carl Ahlberg|Zara Zetterlund|Dag Dahl" },
    { CH_MEMBER_SORT_CITY,
      "Bo Berg|Zara Zetterlund|Åsa Åkesson|Olle Öberg|Carl Ahlberg|Dag Dahl" },
    { CH_MEMBER_SORT_EMAIL,
      "Åsa Åkesson|Bo Berg|Carl Ahlberg|Dag Dahl|Olle Öberg|Zara Zetterlund" },
    { CH_MEMBER_SORT_TIER,
      "Åsa Åkesson|Dag Dahl|Olle Öberg|Bo Berg|Carl Ahlberg|Zara Zetterlund" },
    /* prospect, active, grace, lapsed, left; by name within each */
    { CH_MEMBER_SORT_STATUS,
      "Zara Zetterlund|Carl Ahlberg|Bo Berg|Olle Öberg|Åsa Åkesson|Dag Dahl" },
  };

  add_sort_members (f);
  start_list (f);
  g_assert_cmpstr (ch_member_list_get_sort_column (f->list), ==, CH_MEMBER_SORT_NAME);
  g_assert_false (ch_member_list_get_sort_descending (f->list));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *asc = NULL;
      g_autofree char *desc = NULL;
      g_autofree char *want_desc = reversed (cases[i].order);

      g_test_message ("%s", cases[i].column);

      ch_member_list_set_sort (f->list, cases[i].column, FALSE);
      test_wait_loaded (f->list);
      g_assert_cmpstr (ch_member_list_get_sort_column (f->list), ==, cases[i].column);
      asc = test_list_names (f->list);
      g_assert_cmpstr (asc, ==, cases[i].order);

      ch_member_list_set_sort (f->list, cases[i].column, TRUE);
      g_assert_true (ch_member_list_get_sort_descending (f->list));
      test_wait_loaded (f->list);
      desc = test_list_names (f->list);
      g_assert_cmpstr (desc, ==, want_desc);
    }

  /* The same sort again asks nothing. */
  recorder_reset (&f->rec);
  ch_member_list_set_sort (f->list, CH_MEMBER_SORT_STATUS, TRUE);
  g_assert_false (ch_member_list_get_loading (f->list));

  /* Sorting and searching together. */
  ch_member_list_set_sort (f->list, CH_MEMBER_SORT_EMAIL, TRUE);
  ch_member_list_set_search (f->list, "e.se b");
  test_wait_loaded (f->list);
  {
    g_autofree char *names = test_list_names (f->list);

    g_assert_cmpstr (names, ==, "Olle Öberg|Bo Berg");
  }

  /* An unknown column falls back to the name. */
  ch_member_list_set_search (f->list, NULL);
  ch_member_list_set_sort (f->list, NULL, FALSE);
  test_wait_loaded (f->list);
  {
    g_autofree char *names = test_list_names (f->list);

    g_assert_cmpstr (names, ==, cases[0].order);
  }
}

/* ----------------------------------------------------------------------- */
/* The asynchronous path, as the window uses it                               */

static void
test_async_search (ListFixture   *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;

  g_assert_true (ch_demo_populate (f->base.store, f->base.chapter_id, 400, 7, CH_DEMO_LOCAL,
                                   &error));
  g_assert_no_error (error);
  g_free (test_add_member (f->base.store, f->base.chapter_id, "Anna", "Quistgaard", "anna@q.dk"));

  start_list (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 401);
  g_assert_cmpuint (ch_member_list_get_n_total (f->list), ==, 401);
  recorder_reset (&f->rec);

  ch_member_list_set_search (f->list, "quistg");
  g_assert_true (ch_member_list_get_loading (f->list));
  test_wait_loaded (f->list);
  names = test_list_names (f->list);
  g_assert_cmpstr (names, ==, "Anna Quistgaard");
  g_clear_pointer (&names, g_free);
  /* One busy spell: loading went TRUE once and FALSE once. */
  g_assert_cmpuint (f->rec.loading_notify, ==, 2);
  g_assert_cmpstr (f->rec.changes->str, ==, "0,401,1;");
  recorder_reset (&f->rec);

  /* Typing fast: only the last question's answer is shown. */
  ch_member_list_set_search (f->list, "a");
  ch_member_list_set_search (f->list, "an");
  ch_member_list_set_search (f->list, "ann");
  ch_member_list_set_search (f->list, "anna q");
  test_wait_loaded (f->list);
  names = test_list_names (f->list);
  g_assert_cmpstr (names, ==, "Anna Quistgaard");
  g_assert_cmpuint (f->rec.loading_notify, ==, 2);
  /* The list was never shown an answer to an older question. */
  g_assert_cmpstr (f->rec.changes->str, ==, "");
  recorder_reset (&f->rec);

  /* Back to everyone. */
  ch_member_list_set_search (f->list, "");
  test_wait_loaded (f->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 401);

  /* Another chapter. */
  {
    g_autoptr(JsonObject) fields =
      test_json ("{'name': 'Oslo', 'timezone': 'Europe/Oslo', 'currency': 'NOK'}");
    g_autoptr(ChChapter) oslo = ch_store_create_chapter (f->base.store, fields, &error);

    g_free (test_add_member (f->base.store, ch_chapter_get_id (oslo), "Ola", "Nordmann", NULL));
    test_wait_loaded (f->list);
    ch_member_list_set_chapter_id (f->list, ch_chapter_get_id (oslo));
    g_assert_cmpstr (ch_member_list_get_chapter_id (f->list), ==, ch_chapter_get_id (oslo));
    test_wait_loaded (f->list);
    g_clear_pointer (&names, g_free);
    names = test_list_names (f->list);
    g_assert_cmpstr (names, ==, "Ola Nordmann");
    g_assert_cmpuint (ch_member_list_get_n_total (f->list), ==, 1);
  }

  /* No chapter: an empty list. */
  ch_member_list_set_chapter_id (f->list, NULL);
  test_wait_loaded (f->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
}

/* A batch of changes (an import, a sync page) refreshes once at the end. */
static void
test_batch_refresh (ListFixture   *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  start_list (f);
  recorder_reset (&f->rec);

  g_assert_true (ch_store_begin (f->base.store, &error));
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *family = g_strdup_printf ("Member%02u", i);

      g_free (test_add_member (f->base.store, f->base.chapter_id, "Test", family, NULL));
    }
  g_assert_false (ch_member_list_get_loading (f->list));
  g_assert_true (ch_store_commit (f->base.store, &error));
  g_assert_true (ch_member_list_get_loading (f->list));
  test_wait_loaded (f->list);
  g_assert_cmpstr (f->rec.changes->str, ==, "0,0,20;");
  g_assert_cmpuint (f->rec.loading_notify, ==, 2);
}

/* ----------------------------------------------------------------------- */
/* Filters                                                                   */

static char *
filter_member (ListFixture *f,
               const char  *given,
               const char  *family,
               const char  *tier,
               const char  *paid_offset_days,
               const char  *partner_kind)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  json_object_set_string_member (fields, "tier", tier);
  json_object_set_string_member (fields, "joined_on", "2015-01-01");
  if (paid_offset_days != NULL)
    {
      GDate d;
      g_autofree char *iso = NULL;

      g_date_clear (&d, 1);
      g_date_set_julian (&d, ch_store_today_days (f->base.store, f->base.chapter_id) + 1 +
                             atoi (paid_offset_days));
      iso = ch_date_format (&d);
      json_object_set_string_member (fields, "dues_paid_until", iso);
    }
  if (partner_kind != NULL)
    json_object_set_string_member (fields, "partner_kind", partner_kind);

  g_assert_true (ch_store_add_member (f->base.store, f->base.chapter_id, fields, &id, &error));
  g_assert_no_error (error);
  return id;
}

static char *
names_now (ListFixture *f)
{
  test_wait_loaded (f->list);
  assert_view_fresh (&f->rec, f->list);
  return test_list_names (f->list);
}

#define ASSERT_NAMES(f, expected) \
  G_STMT_START { \
    g_autofree char *names_ = names_now (f); \
    g_assert_cmpstr (names_, ==, expected); \
  } G_STMT_END

static void
test_filters (ListFixture   *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *anna = filter_member (f, "Anna", "Berg", "chapter", "100", "isv");
  g_autofree char *bo = filter_member (f, "Bo", "Berg", "chapter", "-200", "microsoft_partner");
  g_autofree char *cecilia = filter_member (f, "Cecilia", "Dahl", "network", NULL, "isv");
  g_autofree char *dan = filter_member (f, "Dan", "Berglund", "chapter", "-10", "isv");
  g_autofree char *eva = filter_member (f, "Eva", "Ek", "honorary", NULL, NULL);
  const char *azure[] = { "Azure", NULL };
  const char *azure_security[] = { "azure", "security", NULL };
  g_autofree char *today = NULL;

  g_assert_true (ch_specialties_set (f->base.store, anna, azure, &error));
  g_assert_true (ch_specialties_set (f->base.store, cecilia, azure_security, &error));
  g_assert_true (ch_specialties_set (f->base.store, dan, azure_security, &error));
  g_assert_true (ch_roles_add (f->base.store, anna, CH_ROLE_PRESIDENT, "2020-01-01", NULL, NULL,
                               &error));
  g_assert_true (ch_roles_add (f->base.store, bo, CH_ROLE_PRESIDENT, "2015-01-01", "2019-12-31",
                               NULL, &error));
  g_assert_true (ch_roles_add (f->base.store, eva, CH_ROLE_TREASURER, "2020-01-01", NULL, NULL,
                               &error));
  g_assert_no_error (error);

  start_list (f);
  ASSERT_NAMES (f, "Anna Berg|Bo Berg|Dan Berglund|Cecilia Dahl|Eva Ek");

  /* Tier, alone and with the search. */
  ch_member_list_set_filter (f->list, "tier", "chapter");
  g_assert_cmpstr (ch_member_list_get_filter (f->list, "tier"), ==, "chapter");
  ASSERT_NAMES (f, "Anna Berg|Bo Berg|Dan Berglund");
  ch_member_list_set_search (f->list, "berglund");
  ASSERT_NAMES (f, "Dan Berglund");
  ch_member_list_set_search (f->list, "dahl");
  ASSERT_NAMES (f, "");
  ch_member_list_set_search (f->list, NULL);
  ch_member_list_set_filter (f->list, "tier", NULL);
  g_assert_null (ch_member_list_get_filter (f->list, "tier"));

  /* Status: derived with the chapter's rules (30 days of grace). */
  ch_member_list_set_filter (f->list, "status", "lapsed");
  ASSERT_NAMES (f, "Bo Berg");
  ch_member_list_set_filter (f->list, "status", "grace");
  ASSERT_NAMES (f, "Dan Berglund");
  ch_member_list_set_filter (f->list, "status", "active");
  ASSERT_NAMES (f, "Anna Berg|Cecilia Dahl|Eva Ek");
  ch_member_list_set_search (f->list, "berg");
  ASSERT_NAMES (f, "Anna Berg");
  ch_member_list_set_filter (f->list, "status", "expired");
  ASSERT_NAMES (f, "");
  ch_member_list_set_filter (f->list, "status", NULL);

  /* Specialty ("Azure" means the standard key) with the search "berg". */
  ch_member_list_set_filter (f->list, "specialty", "Azure");
  g_assert_cmpstr (ch_member_list_get_filter (f->list, "specialty"), ==, "azure");
  ASSERT_NAMES (f, "Anna Berg|Dan Berglund");
  ch_member_list_set_filter (f->list, "specialty", "security");
  ASSERT_NAMES (f, "Dan Berglund");
  ch_member_list_set_search (f->list, NULL);
  ASSERT_NAMES (f, "Dan Berglund|Cecilia Dahl");

  /* Filters combine. */
  ch_member_list_set_filter (f->list, "partner_kind", "isv");
  ch_member_list_set_filter (f->list, "tier", "network");
  ASSERT_NAMES (f, "Cecilia Dahl");
  ch_member_list_set_filter (f->list, "specialty", NULL);
  ch_member_list_set_filter (f->list, "tier", NULL);
  ASSERT_NAMES (f, "Anna Berg|Dan Berglund|Cecilia Dahl");
  ch_member_list_set_search (f->list, "anna");
  ASSERT_NAMES (f, "Anna Berg");
  ch_member_list_set_search (f->list, NULL);
  ch_member_list_set_filter (f->list, "partner_kind", NULL);

  /* Role: held today; Bo's presidency ended. */
  ch_member_list_set_filter (f->list, "role", CH_ROLE_PRESIDENT);
  ASSERT_NAMES (f, "Anna Berg");
  ch_member_list_set_search (f->list, "eva");
  ASSERT_NAMES (f, "");
  ch_member_list_set_filter (f->list, "role", CH_ROLE_TREASURER);
  ASSERT_NAMES (f, "Eva Ek");
  ch_member_list_set_search (f->list, NULL);
  ch_member_list_set_filter (f->list, "role", NULL);
  ASSERT_NAMES (f, "Anna Berg|Bo Berg|Dan Berglund|Cecilia Dahl|Eva Ek");
  (void) today;
}

/* A filtered list follows changes: a payment brings a lapsed member back,
 * a new role adds one, and items-changed names the positions. */
static void
test_filters_items_changed (ListFixture   *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *anna = filter_member (f, "Anna", "Berg", "chapter", "-200", NULL);
  g_autofree char *bo = filter_member (f, "Bo", "Berg", "chapter", "-300", NULL);
  g_autofree char *cy = filter_member (f, "Cy", "Cole", "chapter", "-400", NULL);
  g_autoptr(JsonObject) payment = NULL;
  g_autofree char *json = NULL;
  GDate d;
  g_autofree char *today = NULL;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, ch_store_today_days (f->base.store, f->base.chapter_id) + 1);
  today = ch_date_format (&d);

  start_list (f);
  ch_member_list_set_filter (f->list, "status", "lapsed");
  ASSERT_NAMES (f, "Anna Berg|Bo Berg|Cy Cole");
  recorder_reset (&f->rec);

  json = g_strdup_printf ("{'amount': 150000, 'paid_on': '%s'}", today);
  payment = test_json (json);
  g_assert_true (ch_payments_record (f->base.store, bo, payment, NULL, &error));
  g_assert_no_error (error);
  ASSERT_NAMES (f, "Anna Berg|Cy Cole");
  /* One transaction: one refresh, which removes Bo at position 1 (the
   * rows around him read the same: they stay). */
  g_assert_cmpstr (f->rec.changes->str, ==, "1,1,0;");
  assert_view_fresh (&f->rec, f->list);

  ch_member_list_set_filter (f->list, "status", NULL);
  ch_member_list_set_filter (f->list, "role", CH_ROLE_SECRETARY);
  ASSERT_NAMES (f, "");
  recorder_reset (&f->rec);
  g_assert_true (ch_roles_add (f->base.store, cy, CH_ROLE_SECRETARY, "2020-01-01", NULL, NULL,
                               &error));
  ASSERT_NAMES (f, "Cy Cole");
  g_assert_cmpstr (f->rec.changes->str, ==, "0,0,1;");
  (void) anna;
}

/* A chapter's own tier counts as paid unless its row says free: display,
 * the status filter and the status sort all say so, and follow the row. */
static void
test_status_own_free_tier (ListFixture   *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *anna = NULL;
  g_autofree char *bo = filter_member (f, "Bo", "Berg", "chapter", "-300", NULL);
  g_autofree char *cy = filter_member (f, "Cy", "Cole", "chapter", "100", NULL);
  g_autofree char *dan = filter_member (f, "Dan", "Dahl", "chapter", "-400", NULL);

  g_assert_true (ch_tiers_save (f->base.store, f->base.chapter_id, NULL, "Student",
                                          FALSE, &error));
  g_assert_no_error (error);
  /* Never paid: active only because "Student" is free. */
  anna = filter_member (f, "Anna", "Berg", "student", NULL, NULL);

  start_list (f);
  ch_member_list_set_sort (f->list, CH_MEMBER_SORT_STATUS, FALSE);
  ASSERT_NAMES (f, "Anna Berg|Cy Cole|Bo Berg|Dan Dahl");
  {
    g_autoptr(ChMember) first = g_list_model_get_item (G_LIST_MODEL (f->list), 0);

    g_assert_cmpstr (ch_member_get_id (first), ==, anna);
    g_assert_cmpint (ch_member_get_status (first), ==, CH_MEMBER_STATUS_ACTIVE);
  }
  ch_member_list_set_filter (f->list, "status", "active");
  ASSERT_NAMES (f, "Anna Berg|Cy Cole");
  ch_member_list_set_filter (f->list, "status", "lapsed");
  ASSERT_NAMES (f, "Bo Berg|Dan Dahl");
  ch_member_list_set_filter (f->list, "status", NULL);
  ASSERT_NAMES (f, "Anna Berg|Cy Cole|Bo Berg|Dan Dahl");

  /* The chapter makes "Student" paid: Anna, who never paid, has lapsed,
   * in the row shown as in the order. */
  g_assert_true (ch_tiers_save (f->base.store, f->base.chapter_id, "student",
                                          "Student", TRUE, &error));
  g_assert_no_error (error);
  ASSERT_NAMES (f, "Cy Cole|Anna Berg|Bo Berg|Dan Dahl");
  {
    g_autoptr(ChMember) second = g_list_model_get_item (G_LIST_MODEL (f->list), 1);

    g_assert_cmpstr (ch_member_get_id (second), ==, anna);
    g_assert_cmpint (ch_member_get_status (second), ==, CH_MEMBER_STATUS_LAPSED);
  }
  ch_member_list_set_filter (f->list, "status", "lapsed");
  ASSERT_NAMES (f, "Anna Berg|Bo Berg|Dan Dahl");

  /* And free again. */
  g_assert_true (ch_tiers_save (f->base.store, f->base.chapter_id, "student",
                                          "Student", FALSE, &error));
  g_assert_no_error (error);
  ASSERT_NAMES (f, "Bo Berg|Dan Dahl");
  ch_member_list_set_filter (f->list, "status", NULL);
  ASSERT_NAMES (f, "Anna Berg|Cy Cole|Bo Berg|Dan Dahl");
  (void) bo;
  (void) cy;
  (void) dan;
}

/* A list let go of while its queries run is finalized there and then, on
 * the thread that owns it; the answers that come later find it gone. */
static void
test_finalize_while_loading (ListFixture   *f,
                             gconstpointer  data)
{
  ChMemberList *list;

  for (guint i = 0; i < 20; i++)
    g_free (add (f, "Anna", "Berg"));

  for (guint i = 0; i < 5; i++)
    {
      list = ch_member_list_new (f->base.store, f->base.chapter_id);
      ch_member_list_set_search (list, "anna");
      ch_member_list_set_sort (list, CH_MEMBER_SORT_STATUS, TRUE);
      g_assert_true (ch_member_list_get_loading (list));
      test_finalize_list (list);
    }

  /* A list made afterwards still answers. */
  start_list (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 20);
}


/* ----------------------------------------------------------------------- */
/* Windowed results                                                          */

static gboolean
on_rank_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Until the list holds the name order in memory again. */
static void
wait_ranked (ChMemberList *list)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, on_rank_timeout_cb, &timed_out);

  while (!ch_member_list_get_ranked (list) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
wait_exact (ChMemberList *list)
{
  test_wait_loaded (list);
  while (ch_member_list_get_counting (list))
    g_main_context_iteration (NULL, TRUE);
  test_wait_loaded (list);
}

/* The ids of @list in order, asked for at positions in a random order so
 * that windows are read forwards, backwards and from afar. */
static GPtrArray *
ids_shuffled (ChMemberList *list,
              GRand        *rand)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autofree guint *order = g_new (guint, n);
  GPtrArray *ids = g_ptr_array_new_full (n, g_free);

  for (guint i = 0; i < n; i++)
    order[i] = i;
  /* Runs forwards from a random place, then a random jump. */
  for (guint i = 0; i < n; )
    {
      guint start = g_rand_int_range (rand, 0, n);
      guint run = g_rand_int_range (rand, 1, 40);
      gboolean back = g_rand_boolean (rand);

      for (guint k = 0; k < run && i < n; k++, i++)
        order[i] = back ? (start + n - k) % n : (start + k) % n;
    }

  g_ptr_array_set_size (ids, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChMember) m = g_list_model_get_item (G_LIST_MODEL (list), order[i]);

      g_assert_nonnull (m);
      g_free (ids->pdata[order[i]]);
      ids->pdata[order[i]] = g_strdup (ch_member_get_id (m));
    }
  /* Positions never asked for above are asked for now, in order. */
  for (guint i = 0; i < n; i++)
    if (ids->pdata[i] == NULL)
      {
        g_autoptr(ChMember) m = g_list_model_get_item (G_LIST_MODEL (list), i);

        ids->pdata[i] = g_strdup (ch_member_get_id (m));
      }

  return ids;
}

static void
assert_same_rows (ChMemberList *full,
                  ChMemberList *windowed,
                  GRand        *rand,
                  const char   *what)
{
  g_autoptr(GPtrArray) want = NULL;
  g_autoptr(GPtrArray) got = NULL;

  wait_exact (full);
  wait_exact (windowed);
  g_assert_true (ch_member_list_get_exact (windowed));
  want = ids_shuffled (full, rand);
  got = ids_shuffled (windowed, rand);
  if (want->len != got->len)
    g_error ("%s: %u rows instead of %u", what, got->len, want->len);
  for (guint i = 0; i < want->len; i++)
    if (g_strcmp0 (want->pdata[i], got->pdata[i]) != 0)
      g_error ("%s: row %u is %s instead of %s", what, i,
               (char *) got->pdata[i], (char *) want->pdata[i]);
  g_assert_cmpuint (ch_member_list_get_n_total (full), ==,
                    ch_member_list_get_n_total (windowed));

  /* Found where it is shown (the name order counts in SQL; the others
   * know the rows of their window). */
  if (want->len > 0)
    {
      guint i = g_rand_int_range (rand, 0, want->len);
      guint pos = ch_member_list_find (windowed, want->pdata[i]);

      if (g_strcmp0 (ch_member_list_get_sort_column (windowed), CH_MEMBER_SORT_NAME) == 0)
        g_assert_cmpuint (pos, ==, i);
      else
        g_assert_true (pos == i || pos == G_MAXUINT);
    }
}

static void
set_question (ChMemberList *list,
              const char   *search,
              const char   *sort,
              gboolean      descending,
              const char   *filter,
              const char   *value)
{
  static const char *filters[] = {
    CH_MEMBER_FILTER_TIER, CH_MEMBER_FILTER_STATUS, CH_MEMBER_FILTER_PARTNER_KIND,
  };

  ch_member_list_set_search (list, search);
  ch_member_list_set_sort (list, sort, descending);
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    ch_member_list_set_filter (list, filters[i],
                               g_strcmp0 (filter, filters[i]) == 0 ? value : NULL);
}

/* A result larger than the window is read a window at a time and counted
 * apart; it must give the same rows in the same order as the whole one,
 * for any search, sort and filter, also after edits and a sync. */
static void
on_window_changed_cb (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GString    *changes)
{
  g_string_append_printf (changes, "%u,%u,%u;", position, removed, added);
}

/* A list too long to be kept whole (windows of 8 rows here), of which a
 * view holds the first rows: a change made by another program (a sync)
 * tells the view only about the rows it holds that read differently, so
 * that it keeps its scroll and selection; once the view also holds a row
 * past the list's window, whose place the change may have moved, the
 * whole list is told anew. */
static void
test_windowed_outside (ListFixture   *f,
                       gconstpointer  data)
{
  g_autoptr(ChStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ChMember) far = NULL;
  g_autoptr(ChMember) now = NULL;
  const char *second;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *family = g_strdup_printf ("Member%02u", i);

      g_free (add (f, "Anna", family));
    }
  f->list = ch_member_list_new (f->base.store, f->base.chapter_id);
  /* (No recorder: it would hold every row; the view here holds four.) */
  f->rec.changes = g_string_new (NULL);
  f->rec.shown = g_ptr_array_new_with_free_func (g_object_unref);
  ch_member_list_set_window (f->list, 8, 10);
  test_wait_loaded (f->list);
  wait_exact (f->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 40);
  g_assert_true (f->list->windowed);
  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (f->list), i));
  second = ch_member_get_id (held->pdata[1]);
  g_signal_connect (f->list, "items-changed", G_CALLBACK (on_window_changed_cb), changes);
  other = ch_store_open (f->base.path, &error);
  g_assert_no_error (error);

  /* Only bookkeeping written: nothing to tell. */
  g_assert_true (ch_store_set_meta (other, "test_outside", "1", &error));
  g_assert_true (ch_store_check_outside_changes (f->base.store));
  test_wait_loaded (f->list);
  wait_exact (f->list);
  g_assert_cmpstr (changes->str, ==, "");

  /* The second row edited: that row only, and it reads anew. */
  {
    g_autoptr(JsonObject) edit = test_json ("{'company': 'Contoso'}");

    g_assert_true (ch_store_update_member (other, second, edit, &error));
    g_assert_no_error (error);
  }
  g_assert_true (ch_store_check_outside_changes (f->base.store));
  test_wait_loaded (f->list);
  wait_exact (f->list);
  g_assert_cmpstr (changes->str, ==, "1,1,1;");
  now = g_list_model_get_item (G_LIST_MODEL (f->list), 1);
  g_assert_cmpstr (ch_member_get_company (now), ==, "Contoso");
  g_string_truncate (changes, 0);

  /* The view also holds a row far down (another window): told anew. */
  far = g_list_model_get_item (G_LIST_MODEL (f->list), 35);
  g_assert_nonnull (far);
  g_assert_true (ch_store_set_meta (other, "test_outside", "2", &error));
  g_assert_true (ch_store_check_outside_changes (f->base.store));
  test_wait_loaded (f->list);
  wait_exact (f->list);
  g_assert_cmpstr (changes->str, ==, "0,40,40;");
}

static void
test_windowed (ListFixture   *f,
               gconstpointer  data)
{
  static const char *sorts[] = {
    CH_MEMBER_SORT_NAME, CH_MEMBER_SORT_COMPANY, CH_MEMBER_SORT_TIER,
    CH_MEMBER_SORT_STATUS, CH_MEMBER_SORT_CITY, CH_MEMBER_SORT_EMAIL,
  };
  /* No filter half of the time: a search with a filter never walks. */
  static const struct { const char *key, *value; } filters[] = {
    { NULL, NULL }, { NULL, NULL }, { NULL, NULL }, { NULL, NULL },
    { CH_MEMBER_FILTER_TIER, "chapter" },
    { CH_MEMBER_FILTER_STATUS, "active" },
    { CH_MEMBER_FILTER_STATUS, "lapsed" },
    { CH_MEMBER_FILTER_PARTNER_KIND, "isv" },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261202);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ChMemberList) full = NULL;
  guint plans[CH_MEMBER_QUERY_PLAN_RANK + 1] = { 0 };

  g_assert_true (ch_demo_populate (f->base.store, f->base.chapter_id, 260, 7, CH_DEMO_LOCAL,
                                   &error));
  g_assert_no_error (error);

  /* The whole query, read with the search index driving: never the name
   * order in memory, which the windowed list uses whenever it is current
   * (read again at once after each change). */
  full = ch_member_list_new (f->base.store, f->base.chapter_id);
  ch_member_list_set_ranked (full, FALSE);
  ch_member_list_set_window (full, 1000, G_MAXUINT - 1);
  f->list = ch_member_list_new (f->base.store, f->base.chapter_id);
  f->list->rank_delay_ms = 0;
  ch_member_list_set_window (f->list, 16, 20);
  recorder_start (&f->rec, f->list);
  wait_exact (f->list);
  wait_exact (full);

  /* Searches: prefixes of 1 to 4 letters of the members' own words. */
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(ChMember) m = g_list_model_get_item (G_LIST_MODEL (full),
                                                     g_rand_int_range (rand, 0, 260));
      const char *fields[] = { ch_member_get_family_name (m), ch_member_get_company (m),
                               ch_member_get_given_name (m) };
      const char *word = fields[g_rand_int_range (rand, 0, G_N_ELEMENTS (fields))];

      if (word != NULL && *word != '\0')
        g_ptr_array_add (words, g_utf8_substring (word, 0,
                                                  MIN (g_rand_int_range (rand, 1, 5),
                                                       (int) g_utf8_strlen (word, -1))));
    }
  g_ptr_array_add (words, g_strdup ("zzqx"));
  /* One letter (most members: the walk), and several words. */
  g_ptr_array_add (words, g_strdup ("a"));
  g_ptr_array_add (words, g_strdup ("e"));
  g_ptr_array_add (words, g_strdup ("s"));
  g_ptr_array_add (words, g_strdup ("a e"));
  g_ptr_array_add (words, g_strdup ("an s"));

  for (guint round = 0; round < 60; round++)
    {
      /* How a large search is read: by the list's rule, never walking,
       * always walking to the end, walking with a threshold that falls
       * among these searches' counts, or giving up after 3 rows (the set
       * is read instead). */
      static const struct { guint min, budget; } walks[] = {
        { 0, 0 }, { G_MAXUINT, 0 }, { 1, G_MAXUINT }, { 1, G_MAXUINT }, { 40, G_MAXUINT },
        { 1, 3 },
      };
      guint wi = g_rand_int_range (rand, 0, G_N_ELEMENTS (walks));
      const char *search = g_rand_int_range (rand, 0, 3) == 0
                           ? NULL : words->pdata[g_rand_int_range (rand, 0, words->len)];
      const char *sort = sorts[g_rand_int_range (rand, 0, G_N_ELEMENTS (sorts))];
      gboolean descending = g_rand_boolean (rand);
      guint fi = g_rand_int_range (rand, 0, G_N_ELEMENTS (filters));
      g_autofree char *what = g_strdup_printf ("round %u: “%s” by %s%s, %s=%s", round,
                                               search ? search : "", sort,
                                               descending ? " descending" : "",
                                               filters[fi].key, filters[fi].value);

      /* With the name order in memory most of the time; else (just
       * after an edit) as without it. */
      if (g_rand_int_range (rand, 0, 4) > 0)
        wait_ranked (f->list);
      set_question (full, search, sort, descending, filters[fi].key, filters[fi].value);
      set_question (f->list, search, sort, descending, filters[fi].key, filters[fi].value);
      ch_member_list_set_walk (f->list, walks[wi].min, walks[wi].budget);
      assert_same_rows (full, f->list, rand, what);
      assert_view_fresh (&f->rec, f->list);
      if (f->list->windowed && search != NULL)
        plans[f->list->plan]++;

      /* Edits and a page from the server under the same question. */
      if (round % 6 == 5)
        {
          g_autoptr(ChMember) a = g_list_model_get_item (G_LIST_MODEL (full), 0);
          g_autoptr(ChMember) b = g_list_model_get_item (G_LIST_MODEL (full), 3);
          g_autoptr(JsonObject) fields =
            test_json ("{'given_name': 'Zoe', 'family_name': 'Aalto', 'company': 'Zzz',"
                       " 'tier': 'chapter', 'city': 'Åbo'}");

          if (a != NULL)
            update (f, ch_member_get_id (a), "{'company': 'Contoso', 'city': 'Oslo'}");
          if (b != NULL)
            g_assert_true (ch_store_delete (f->base.store, "member", ch_member_get_id (b),
                                            &error));
          g_free (add (f, "Ada", "Mmmm"));
          assert_same_rows (full, f->list, rand, "after edits");
          assert_view_fresh (&f->rec, f->list);

          g_assert_true (ch_store_begin (f->base.store, &error));
          for (guint k = 0; k < 5; k++)
            {
              g_autofree char *id = g_uuid_string_random ();

              g_assert_true (ch_store_apply_remote (f->base.store, f->base.chapter_id, "member",
                                                    id, 1, FALSE, fields, &error));
              g_assert_no_error (error);
            }
          g_assert_true (ch_store_commit (f->base.store, &error));
          assert_same_rows (full, f->list, rand, "after a sync");
          assert_view_fresh (&f->rec, f->list);
        }
    }

  /* Both ways of reading a large search were compared, several times. */
  g_test_message ("windowed searches: %u by the set, %u walked, %u by the rank",
                  plans[CH_MEMBER_QUERY_PLAN_SET], plans[CH_MEMBER_QUERY_PLAN_WALK],
                  plans[CH_MEMBER_QUERY_PLAN_RANK]);
  g_assert_cmpuint (plans[CH_MEMBER_QUERY_PLAN_SET], >=, 3);
  g_assert_cmpuint (plans[CH_MEMBER_QUERY_PLAN_WALK], >=, 3);
  g_assert_cmpuint (plans[CH_MEMBER_QUERY_PLAN_RANK], >=, 3);

  test_wait_loaded (full);
  test_finalize_list (g_steal_pointer (&full));
}

/* @n members named exactly @given @family (equal name keys: their order is
 * their rowids'). */
static void
add_many (ListFixture *f,
          const char  *given,
          const char  *family,
          guint        n)
{
  for (guint i = 0; i < n; i++)
    g_free (add (f, given, family));
}

/* The name order in memory (RANK): a family name of many members far down
 * the order, members of equal names (ties, by rowid), both directions, and
 * an order made stale by an edit or by another connection's commit (a
 * sync): always exactly the rows of the whole query, in its order. */
static void
test_windowed_ranked (ListFixture   *f,
                      gconstpointer  data)
{
  static const char *searches[] = { "zyz", "zyzzyva", "zed zyz", "ann zy", "z", "a", "ber" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMemberList) full = NULL;
  g_autoptr(ChStore) other = NULL;
  g_autofree char *moved = NULL;
  guint ranked = 0;

  /* The ties are added between other members: their rowids are not one
   * run. */
  add_many (f, "Zed", "Zyzzyva", 25);
  g_assert_true (ch_demo_populate (f->base.store, f->base.chapter_id, 150, 5, CH_DEMO_LOCAL,
                                   &error));
  g_assert_no_error (error);
  add_many (f, "Ann", "Zyzzyva", 20);
  add_many (f, "Zed", "Zyzzyva", 25);
  moved = add (f, "Ann", "Zyzzyva");

  full = ch_member_list_new (f->base.store, f->base.chapter_id);
  ch_member_list_set_ranked (full, FALSE);
  ch_member_list_set_window (full, 1000, G_MAXUINT - 1);
  f->list = ch_member_list_new (f->base.store, f->base.chapter_id);
  f->list->rank_delay_ms = 0;
  ch_member_list_set_window (f->list, 8, 12);
  ch_member_list_set_walk (f->list, G_MAXUINT, 0);
  recorder_start (&f->rec, f->list);
  wait_exact (full);
  wait_ranked (f->list);

  for (guint i = 0; i < G_N_ELEMENTS (searches) * 2; i++)
    {
      g_autofree char *what = g_strdup_printf ("“%s”%s", searches[i / 2],
                                               i % 2 ? " descending" : "");

      set_question (full, searches[i / 2], CH_MEMBER_SORT_NAME, i % 2, NULL, NULL);
      set_question (f->list, searches[i / 2], CH_MEMBER_SORT_NAME, i % 2, NULL, NULL);
      assert_same_rows (full, f->list, rand, what);
      assert_view_fresh (&f->rec, f->list);
      g_assert_true (ch_member_list_get_ranked (f->list));
      ranked += f->list->plan == CH_MEMBER_QUERY_PLAN_RANK;
    }
  /* Every one of them read through the rank, whole or windowed. */
  g_assert_cmpuint (ranked, ==, G_N_ELEMENTS (searches) * 2);

  /* An edit: the order is stale until it is read again (not yet, here),
   * and the list reads as without it, the new member and the moved one
   * where they belong. */
  f->list->rank_delay_ms = 600000;
  update (f, moved, "{'given_name': 'Aaron', 'family_name': 'Abbott'}");
  g_free (add (f, "Zoe", "Zyzzyva"));
  wait_exact (f->list);
  g_assert_false (ch_member_list_get_ranked (f->list));
  for (guint i = 0; i < 4; i++)
    {
      const char *search = i < 2 ? "zyz" : "a";

      set_question (full, search, CH_MEMBER_SORT_NAME, i % 2, NULL, NULL);
      set_question (f->list, search, CH_MEMBER_SORT_NAME, i % 2, NULL, NULL);
      assert_same_rows (full, f->list, rand, "after an edit, the order stale");
      g_assert_cmpint (f->list->plan, !=, CH_MEMBER_QUERY_PLAN_RANK);
    }

  /* Read again: through it once more. */
  f->list->rank_delay_ms = 0;
  ch_member_list_set_ranked (f->list, TRUE);
  wait_ranked (f->list);
  set_question (full, "zyz", CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
  set_question (f->list, "zyz", CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
  assert_same_rows (full, f->list, rand, "read again");
  g_assert_cmpint (f->list->plan, ==, CH_MEMBER_QUERY_PLAN_RANK);

  /* Another connection adds a member (as a sync does) and nobody has
   * told the store yet: the order in memory does not know its row, so a
   * new question must not be read through it. */
  f->list->rank_delay_ms = 600000;
  other = ch_store_open (ch_store_get_path (f->base.store), &error);
  g_assert_no_error (error);
  g_free (test_add_member (other, f->base.chapter_id, "Zack", "Zyzzyva", NULL));
  g_clear_object (&other);
  set_question (full, "zyzzy", CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
  set_question (f->list, "zyzzy", CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
  assert_same_rows (full, f->list, rand, "after another connection's commit");
  g_assert_false (ch_member_list_get_ranked (f->list));

  test_wait_loaded (full);
  test_finalize_list (g_steal_pointer (&full));
}

/* The initials of the members in memory (ch-search-row.h): a search of
 * one letter is found and counted in memory, a longer word walked in
 * memory (only the rows whose initials fit are read and tested), the
 * count later; both give exactly the rows of the whole query, in its
 * order, ties included.  A specialty changes a member's initials: the
 * order in memory is read again. */
static void
test_windowed_initials (ListFixture   *f,
                        gconstpointer  data)
{
  static const char *searches[] = {
    "z", "a", "zyzz", "zed zyz", "ann zy", "ber", "a z", "zyzzyvas", "9",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261205);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMemberList) full = NULL;
  g_autofree char *bo = NULL;
  guint walked = 0, in_memory = 0;

  add_many (f, "Zed", "Zyzzyva", 25);
  g_assert_true (ch_demo_populate (f->base.store, f->base.chapter_id, 150, 5, CH_DEMO_LOCAL,
                                   &error));
  g_assert_no_error (error);
  add_many (f, "Ann", "Zyzzyva", 20);
  bo = add (f, "Bo", "Berg");

  full = ch_member_list_new (f->base.store, f->base.chapter_id);
  ch_member_list_set_ranked (full, FALSE);
  ch_member_list_set_window (full, 1000, G_MAXUINT - 1);
  f->list = ch_member_list_new (f->base.store, f->base.chapter_id);
  f->list->rank_delay_ms = 0;
  ch_member_list_set_window (f->list, 8, 12);
  /* Every large search walks, however far. */
  ch_member_list_set_walk (f->list, 1, G_MAXUINT);
  recorder_start (&f->rec, f->list);
  wait_exact (full);
  wait_ranked (f->list);

  for (guint i = 0; i < G_N_ELEMENTS (searches) * 2; i++)
    {
      g_autofree char *what = g_strdup_printf ("“%s”%s", searches[i / 2],
                                               i % 2 ? " descending" : "");
      gboolean one_letter = strlen (searches[i / 2]) == 1;

      set_question (full, searches[i / 2], CH_MEMBER_SORT_NAME, i % 2, NULL, NULL);
      set_question (f->list, searches[i / 2], CH_MEMBER_SORT_NAME, i % 2, NULL, NULL);
      test_wait_loaded (f->list);
      /* One letter: exact at once; a word: the walk's window first. */
      if (one_letter)
        g_assert_true (ch_member_list_get_exact (f->list));
      in_memory += one_letter && f->list->plan == CH_MEMBER_QUERY_PLAN_RANK;
      walked += f->list->plan == CH_MEMBER_QUERY_PLAN_WALK;
      assert_same_rows (full, f->list, rand, what);
      assert_view_fresh (&f->rec, f->list);
    }
  /* "z", "a" and "9", both ways; "zyzz", "zed zyz", "zyzzyvas" at least. */
  g_assert_cmpuint (in_memory, ==, 6);
  g_assert_cmpuint (walked, >=, 6);

  /* An edit while a walked search is shown: the window is asked again. */
  set_question (full, "zyzz", CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
  set_question (f->list, "zyzz", CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
  assert_same_rows (full, f->list, rand, "“zyzz” walked");
  update (f, bo, "{'family_name': 'Zyzzyvaberg'}");
  assert_same_rows (full, f->list, rand, "“zyzz” after an edit");
  wait_ranked (f->list);
  set_question (full, "zyzzyva", CH_MEMBER_SORT_NAME, TRUE, NULL, NULL);
  set_question (f->list, "zyzzyva", CH_MEMBER_SORT_NAME, TRUE, NULL, NULL);
  assert_same_rows (full, f->list, rand, "“zyzzyva” after an edit, the order read again");

  /* A specialty of a letter none of Bo's words had. */
  set_question (full, "q", CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
  set_question (f->list, "q", CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
  assert_same_rows (full, f->list, rand, "“q”");
  {
    /* One row written alone (not a batch), as a pulled change may be. */
    g_autoptr(JsonObject) row = json_object_new ();
    g_autofree char *row_id = ch_specialties_row_id (bo, "quokka");

    json_object_set_string_member (row, "member_id", bo);
    json_object_set_string_member (row, "specialty", "quokka");
    g_assert_true (ch_store_insert (f->base.store, "member_specialty", f->base.chapter_id,
                                    row_id, row, NULL, &error));
    g_assert_no_error (error);
  }
  wait_ranked (f->list);
  set_question (full, "qu", CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
  set_question (f->list, "qu", CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
  set_question (full, "q", CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
  set_question (f->list, "q", CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
  assert_same_rows (full, f->list, rand, "“q” after a specialty");
  g_assert_cmpuint (ch_member_list_find (f->list, bo), !=, G_MAXUINT);

  test_wait_loaded (full);
  test_finalize_list (g_steal_pointer (&full));
}

/* A large result: the first window comes with a lower bound, the count
 * later, announced as rows added at the end. */
static void
test_windowed_count (ListFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_demo_populate (f->base.store, f->base.chapter_id, 100, 3, CH_DEMO_LOCAL,
                                   &error));
  f->list = ch_member_list_new (f->base.store, f->base.chapter_id);
  recorder_start (&f->rec, f->list);
  ch_member_list_set_window (f->list, 10, 30);
  wait_exact (f->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 100);
  recorder_reset (&f->rec);

  ch_member_list_set_search (f->list, NULL);
  ch_member_list_set_sort (f->list, CH_MEMBER_SORT_COMPANY, FALSE);
  test_wait_loaded (f->list);
  g_assert_false (ch_member_list_get_exact (f->list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 31);
  wait_exact (f->list);
  g_assert_true (ch_member_list_get_exact (f->list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 100);
  g_assert_cmpstr (f->rec.changes->str, ==, "0,100,31;31,0,69;");
  assert_view_fresh (&f->rec, f->list);
  recorder_reset (&f->rec);

  /* An edit that moves nothing is told for its row alone. */
  {
    g_autoptr(ChMember) m = g_list_model_get_item (G_LIST_MODEL (f->list), 2);

    update (f, ch_member_get_id (m), "{'notes': 'Met at the summit'}");
    wait_exact (f->list);
    g_assert_cmpstr (f->rec.changes->str, ==, "2,1,1;");
  }
}

/* Position of the first (or last) member whose family name is @family. */
static guint
family_position (ChMemberList *list,
                 const char   *family,
                 gboolean      last)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint found = G_MAXUINT;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChMember) m = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_strcmp0 (ch_member_get_family_name (m), family) == 0)
        {
          found = i;
          if (!last)
            break;
        }
    }
  g_assert_cmpuint (found, !=, G_MAXUINT);

  return found;
}

/* The windowed list keeps its exact order on ICU's collation keys: in
 * Swedish Ö comes after Z, in German with O; the keys are made again when
 * the collation changes, and the windows follow (issue 15). */
static void
test_windowed_collation (ListFixture   *f,
                         gconstpointer  data)
{
  static const char *locales[] = { "sv_SE", "de_DE" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMemberList) full = NULL;

  g_assert_true (ch_demo_populate (f->base.store, f->base.chapter_id, 300, 11, CH_DEMO_LOCAL,
                                   &error));
  g_assert_no_error (error);
  g_free (add (f, "Anna", "Zorn"));
  g_free (add (f, "Olle", "Öberg"));
  g_free (add (f, "Per", "Persson"));

  full = ch_member_list_new (f->base.store, f->base.chapter_id);
  ch_member_list_set_window (full, 1000, G_MAXUINT - 1);
  f->list = ch_member_list_new (f->base.store, f->base.chapter_id);
  ch_member_list_set_window (f->list, 16, 20);
  recorder_start (&f->rec, f->list);

  for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
    {
      g_assert_true (ch_store_set_collation (f->base.store, locales[l], &error));
      g_assert_no_error (error);
      for (guint round = 0; round < 4; round++)
        {
          g_autofree char *what = g_strdup_printf ("%s, round %u", locales[l], round);

          set_question (full, NULL, CH_MEMBER_SORT_NAME, round % 2 == 1, NULL, NULL);
          set_question (f->list, NULL, CH_MEMBER_SORT_NAME, round % 2 == 1, NULL, NULL);
          assert_same_rows (full, f->list, rand, what);
          assert_view_fresh (&f->rec, f->list);
        }

      /* What a reader of that language expects, ascending. */
      set_question (full, NULL, CH_MEMBER_SORT_NAME, FALSE, NULL, NULL);
      wait_exact (full);
      if (l == 0)
        g_assert_cmpuint (family_position (full, "Zorn", TRUE), <,
                          family_position (full, "Öberg", FALSE));
      else
        g_assert_cmpuint (family_position (full, "Öberg", TRUE), <,
                          family_position (full, "Persson", FALSE));
    }

  test_wait_loaded (full);
  test_finalize_list (g_steal_pointer (&full));
}

/* The aggregates that read a search's row ids for the rank
 * (ch_member_rank_register()) take their memory only from the C caller,
 * as a bound pointer: SQL text cannot hand them one (and they are
 * SQLITE_DIRECTONLY: not in a view or trigger of a file), so SQL cannot
 * make them write anywhere. */
static void
test_rank_functions (ListFixture   *f,
                     gconstpointer  data)
{
  static const char *sql[] = {
    "SELECT ch_member_rank_mark (1, 2)",
    "SELECT ch_member_rank_collect ('x', rowid) FROM member",
    "SELECT ch_member_rank_mark (NULL, rowid) FROM member_fts WHERE member_fts MATCH 'a*'",
  };
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  char *message = NULL;

  g_assert_true (ch_demo_populate (f->base.store, f->base.chapter_id, 20, 5, CH_DEMO_LOCAL,
                                   &error));
  g_assert_no_error (error);
  db = ch_store_open_reader (f->base.store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_assert_cmpint (sqlite3_exec (db, sql[i], NULL, NULL, &message), ==, SQLITE_ERROR);
      g_assert_nonnull (strstr (message, "given"));
      sqlite3_free (message);
      message = NULL;
    }
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, ListFixture, NULL, list_fixture_setup, func, list_fixture_teardown)

  ADD ("/member-list/items-changed", test_items_changed);
  ADD ("/member-list/items-changed-search", test_items_changed_search);
  ADD ("/member-list/items-changed-many", test_items_changed_many);
  ADD ("/member-list/items-changed-rules", test_items_changed_rules);
  ADD ("/member-list/items-changed-outside", test_items_changed_outside);
  ADD ("/member-list/sort", test_sort);
  ADD ("/member-list/async-search", test_async_search);
  ADD ("/member-list/batch", test_batch_refresh);
  ADD ("/member-list/filters", test_filters);
  ADD ("/member-list/filters/items-changed", test_filters_items_changed);
  ADD ("/member-list/status-own-free-tier", test_status_own_free_tier);
  ADD ("/member-list/finalize-while-loading", test_finalize_while_loading);
  ADD ("/member-list/windowed", test_windowed);
  ADD ("/member-list/windowed/outside", test_windowed_outside);
  ADD ("/member-list/windowed/count", test_windowed_count);
  ADD ("/member-list/windowed/ranked", test_windowed_ranked);
  ADD ("/member-list/windowed/initials", test_windowed_initials);
  ADD ("/member-list/windowed/collation", test_windowed_collation);
  ADD ("/member-list/rank-functions", test_rank_functions);

#undef ADD

  return g_test_run ();
}
