/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-session"

#include "config.h"

#include "ch-chapters.h"
#include "ch-session.h"
#include "ch-test-util.h"

/*
 * ChSession: the store and the chapter a window works on.  What follows
 * it (pages, dialogs, the sync manager) sees the chapter it opens, and a
 * new snapshot when the chapter's settings change.
 */

typedef struct
{
  guint chapter_id;
  guint chapter;
} Notified;

static void
on_notify_cb (ChSession  *session,
              GParamSpec *pspec,
              Notified   *n)
{
  if (g_strcmp0 (pspec->name, "chapter-id") == 0)
    n->chapter_id++;
  else if (g_strcmp0 (pspec->name, "chapter") == 0)
    {
      /* Both are set when either is announced. */
      ChChapter *chapter = ch_session_get_chapter (session);

      g_assert_true (chapter == NULL ||
                     g_strcmp0 (ch_chapter_get_id (chapter),
                                ch_session_get_chapter_id (session)) == 0);
      n->chapter++;
    }
}

static void
test_open_and_follow (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(ChSession) session = ch_session_new (f->store);
  g_autoptr(JsonObject) set = test_json ("{'name': 'IAMCP Sweden'}");
  g_autoptr(GError) error = NULL;
  Notified n = { 0 };

  g_signal_connect (session, "notify", G_CALLBACK (on_notify_cb), &n);
  g_assert_true (ch_session_get_store (session) == f->store);
  g_assert_null (ch_session_get_chapter_id (session));
  g_assert_null (ch_session_get_chapter (session));

  /* Opening the chapter: its id and its settings. */
  ch_session_set_chapter_id (session, f->chapter_id);
  g_assert_cmpstr (ch_session_get_chapter_id (session), ==, f->chapter_id);
  g_assert_nonnull (ch_session_get_chapter (session));
  g_assert_cmpuint (n.chapter_id, ==, 1);
  g_assert_cmpuint (n.chapter, ==, 1);

  /* Renamed (in Preferences, or by the CLI on this file): a new snapshot,
   * the same chapter. */
  g_assert_true (ch_chapter_update (f->store, f->chapter_id, set, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ch_chapter_get_name (ch_session_get_chapter (session)), ==, "IAMCP Sweden");
  g_assert_cmpuint (n.chapter_id, ==, 1);
  g_assert_cmpuint (n.chapter, ==, 2);

  /* A chapter linked on a server that has not arrived yet: the id, no
   * settings until a reload finds it. */
  ch_session_set_chapter_id (session, "01938f5e-0000-7000-8000-000000000001");
  g_assert_cmpstr (ch_session_get_chapter_id (session), ==,
                   "01938f5e-0000-7000-8000-000000000001");
  g_assert_null (ch_session_get_chapter (session));
  ch_session_reload (session);
  g_assert_null (ch_session_get_chapter (session));
  g_assert_cmpuint (n.chapter_id, ==, 2);

  /* None: the welcome page. */
  ch_session_set_chapter_id (session, NULL);
  g_assert_null (ch_session_get_chapter_id (session));
  g_assert_null (ch_session_get_chapter (session));
  g_assert_cmpuint (n.chapter_id, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  test_init_c_locale (&argc, &argv);

  g_test_add ("/session/open-and-follow", StoreFixture, NULL, store_fixture_setup,
              test_open_and_follow, store_fixture_teardown);

  return g_test_run ();
}
