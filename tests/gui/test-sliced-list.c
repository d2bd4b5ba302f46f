/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "ch-sliced-list.h"

/* ChSlicedList (the Members page shows a large answer a few rows a frame):
 * what a view holds, kept by applying every items-changed it announces,
 * is always a prefix of the source, and the whole source once it has
 * grown; changes of the source while it grows are shown exactly. */

#define STEP  8
#define LIMIT 64

typedef struct
{
  GListStore   *source;
  ChSlicedList *sliced;
  GPtrArray    *mirror;   /* what a view built from items-changed holds */
  guint         emissions;
  guint         most_added;
  guint         serial;
} Fixture;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Fixture    *f)
{
  g_assert_cmpuint (position + removed, <=, f->mirror->len);
  g_ptr_array_remove_range (f->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      gpointer item = g_list_model_get_item (model, position + i);

      g_assert_nonnull (item);
      g_ptr_array_insert (f->mirror, position + i, item);
    }
  g_assert_cmpuint (f->mirror->len, ==, g_list_model_get_n_items (model));
  f->emissions++;
  f->most_added = MAX (f->most_added, added);
}

/* The view's rows are the first rows of the source. */
static void
assert_prefix (Fixture *f)
{
  GListModel *source = G_LIST_MODEL (f->source);

  g_assert_cmpuint (f->mirror->len, <=, g_list_model_get_n_items (source));
  for (guint i = 0; i < f->mirror->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (source, i);

      g_assert_true (item == f->mirror->pdata[i]);
    }
  if (!ch_sliced_list_get_holding (f->sliced))
    g_assert_cmpuint (f->mirror->len, ==, g_list_model_get_n_items (source));
}

static GPtrArray *
new_items (Fixture *f,
           guint    n)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("row %u", f->serial++);

      g_ptr_array_add (items, gtk_string_object_new (text));
    }
  return items;
}

static void
splice (Fixture *f,
        guint    position,
        guint    removed,
        guint    added)
{
  g_autoptr(GPtrArray) items = new_items (f, added);

  g_list_store_splice (f->source, position, removed, items->pdata, items->len);
  assert_prefix (f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->source = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  f->sliced = ch_sliced_list_new (G_LIST_MODEL (f->source), STEP, LIMIT);
  f->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->sliced, "items-changed", G_CALLBACK (on_items_changed_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->sliced);
  g_clear_object (&f->source);
  g_clear_pointer (&f->mirror, g_ptr_array_unref);
}

/* Grows until every row is shown; returns how many times it grew. */
static guint
grow_all (Fixture *f)
{
  guint frames = 0;

  while (ch_sliced_list_grow (f->sliced))
    {
      frames++;
      assert_prefix (f);
      g_assert_cmpuint (frames, <, 1000);
    }
  assert_prefix (f);
  return frames;
}

static void
test_large_answer (Fixture       *f,
                   gconstpointer  data)
{
  guint frames;

  /* Small changes are shown at once. */
  splice (f, 0, 0, STEP);
  g_assert_false (ch_sliced_list_get_holding (f->sliced));
  g_assert_cmpuint (f->mirror->len, ==, STEP);

  /* A large answer: STEP rows, then STEP more a frame up to LIMIT, then
   * the rest at once (no view builds rows that far down). */
  f->most_added = 0;
  splice (f, 0, STEP, 5000);
  g_assert_true (ch_sliced_list_get_holding (f->sliced));
  g_assert_cmpuint (f->mirror->len, ==, STEP);
  frames = grow_all (f);
  /* 16, 24, … 56 rows, then every row: LIMIT / STEP - 1 frames. */
  g_assert_cmpuint (frames + 1, ==, LIMIT / STEP - 1);
  g_assert_cmpuint (f->mirror->len, ==, 5000);
  g_assert_false (ch_sliced_list_get_holding (f->sliced));

  /* As the member list announces a large replacement: a removal of every
   * row, then the addition of the new ones. */
  {
    g_autoptr(GPtrArray) items = new_items (f, 3000);

    g_list_store_remove_all (f->source);
    assert_prefix (f);
    g_list_store_splice (f->source, 0, 0, items->pdata, items->len);
    assert_prefix (f);
  }
  g_assert_cmpuint (f->mirror->len, ==, STEP);

  /* Edits while it grows: in the rows shown, past them, and at the end. */
  splice (f, 3, 1, 1);
  splice (f, 2, 2, 0);
  splice (f, 0, 0, 3);
  splice (f, 40, 1, 1);
  splice (f, 2990, 0, 100);
  g_assert_true (ch_sliced_list_grow (f->sliced));
  splice (f, 5, 0, 1);
  g_assert_cmpuint (f->mirror->len, ==, 2 * STEP);
  /* A large change inside the shown rows holds back from there. */
  splice (f, 4, 2, 200);
  g_assert_cmpuint (f->mirror->len, ==, 4 + STEP);
  grow_all (f);

  /* Counted at the end (the member list's exact count): never held back. */
  splice (f, g_list_model_get_n_items (G_LIST_MODEL (f->source)), 0, 30000);
  g_assert_false (ch_sliced_list_get_holding (f->sliced));

  /* Nothing found, then something again; and shown all at once. */
  g_list_store_remove_all (f->source);
  assert_prefix (f);
  g_assert_cmpuint (f->mirror->len, ==, 0);
  splice (f, 0, 0, 1000);
  g_assert_cmpuint (f->mirror->len, ==, STEP);
  ch_sliced_list_show_all (f->sliced);
  assert_prefix (f);
  g_assert_cmpuint (f->mirror->len, ==, 1000);
}

/* Random changes, growing now and then: the view always holds a prefix
 * of the source, and never gets more than LIMIT rows at once near the top. */
static void
test_rows_per_frame (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);

  for (guint round = 0; round < 200; round++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (f->source));
      guint position = g_rand_int_range (rand, 0, n + 1);
      guint removed = g_rand_int_range (rand, 0, n - position + 1);
      guint added = g_rand_boolean (rand) ? g_rand_int_range (rand, 0, 3)
                                          : g_rand_int_range (rand, 0, 400);

      f->most_added = 0;
      splice (f, position, removed, added);
      if (position < LIMIT)
        g_assert_cmpuint (f->most_added, <=, LIMIT);
      if (g_rand_int_range (rand, 0, 4) == 0)
        grow_all (f);
      else if (g_rand_boolean (rand))
        {
          ch_sliced_list_grow (f->sliced);
          assert_prefix (f);
        }
    }
  grow_all (f);
}

/* Holding back the rows past the first few again (the user back in the
 * search): the view keeps a prefix, loses only the rows past it, and gets
 * them again as the list grows. */
static void
test_hold_at (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);

  splice (f, 0, 0, 1000);
  grow_all (f);
  g_assert_cmpuint (f->mirror->len, ==, 1000);

  /* Down to 40 rows, 24 at a time, as the page does. */
  for (guint shown = 1000; shown > 40; shown = MAX (40, shown - 24))
    {
      f->most_added = 0;
      ch_sliced_list_hold_at (f->sliced, MAX (40, shown - 24));
      assert_prefix (f);
      g_assert_cmpuint (f->most_added, ==, 0);
      g_assert_true (ch_sliced_list_get_holding (f->sliced));
    }
  g_assert_cmpuint (f->mirror->len, ==, 40);

  /* Never fewer than a step, nor more than are shown. */
  ch_sliced_list_hold_at (f->sliced, 0);
  g_assert_cmpuint (f->mirror->len, ==, STEP);
  ch_sliced_list_hold_at (f->sliced, 500);
  g_assert_cmpuint (f->mirror->len, ==, STEP);

  /* Changes while held, then every row again. */
  for (guint round = 0; round < 50; round++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (f->source));
      guint position = g_rand_int_range (rand, 0, n + 1);
      guint removed = g_rand_int_range (rand, 0, MIN (n - position, 20) + 1);

      splice (f, position, removed, g_rand_int_range (rand, 0, 20));
      if (g_rand_boolean (rand))
        {
          ch_sliced_list_grow (f->sliced);
          assert_prefix (f);
        }
      else
        {
          ch_sliced_list_hold_at (f->sliced, g_rand_int_range (rand, 0, 100));
          assert_prefix (f);
        }
    }
  grow_all (f);
  g_assert_cmpuint (f->mirror->len, ==, g_list_model_get_n_items (G_LIST_MODEL (f->source)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sliced-list/large-answer", Fixture, NULL, fixture_setup, test_large_answer,
              fixture_teardown);
  g_test_add ("/sliced-list/rows-per-frame", Fixture, NULL, fixture_setup, test_rows_per_frame,
              fixture_teardown);
  g_test_add ("/sliced-list/hold-at", Fixture, NULL, fixture_setup, test_hold_at,
              fixture_teardown);

  return g_test_run ();
}
