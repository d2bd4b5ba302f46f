/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ch-gui-test.h"
#include "ch-render-warmup.h"

/* The window's first frame draws, under its own background, a tiny node of
 * each kind GTK's GL renderer would otherwise first draw while the user
 * types (ch-render-warmup.c).  What it draws is the kind that needs the
 * program, nothing of it is seen, and the members page shows what it
 * showed before. */

static GskRenderNode *
warmup_node (GtkWidget *widget)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

  ch_render_warmup_snapshot (widget, snapshot, CH_RENDER_WARMUP_CLIPPED_BORDER);
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* What the members list draws when its last row is cut by its edge: a
 * rounded border (GTK draws a rectilinear one of one color as rectangles)
 * under a rectangular clip that cuts it. */
static void
test_clipped_border (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GskRenderNode) node = NULL;
  const GskRoundedRect *outline;
  const graphene_rect_t *clip;
  GskRenderNode *border;
  graphene_rect_t inside;

  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)) &&
            gtk_widget_get_width (GTK_WIDGET (f->window)) > 100);
  node = warmup_node (GTK_WIDGET (f->window));
  g_assert_nonnull (node);
  g_assert_cmpint (gsk_render_node_get_node_type (node), ==, GSK_CLIP_NODE);

  clip = gsk_clip_node_get_clip (node);
  border = gsk_clip_node_get_child (node);
  g_assert_cmpint (gsk_render_node_get_node_type (border), ==, GSK_BORDER_NODE);
  outline = gsk_border_node_get_outline (border);
  g_assert_false (gsk_rounded_rect_is_rectilinear (outline));
  g_assert_true (graphene_rect_intersection (clip, &outline->bounds, &inside));
  g_assert_false (graphene_rect_contains_rect (clip, &outline->bounds));
  /* Well inside the window, where its background covers it. */
  g_assert_cmpfloat (outline->bounds.origin.x, >, 16);
  g_assert_cmpfloat (outline->bounds.origin.y, >, 16);
  g_assert_cmpfloat (outline->bounds.origin.x + outline->bounds.size.width, <,
                     gtk_widget_get_width (GTK_WIDGET (f->window)) - 16);
}

static GBytes *
render (GtkWidget     *widget,
        GskRenderNode *node)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                               gtk_widget_get_height (widget));
  g_autoptr(GdkTexture) texture = gsk_renderer_render_texture (renderer, node, &bounds);
  gsize stride = gdk_texture_get_width (texture) * 4;
  gsize size = stride * gdk_texture_get_height (texture);
  guchar *pixels = g_malloc (size);

  gdk_texture_download (texture, pixels, stride);
  return g_bytes_new_take (pixels, size);
}

/* Under an opaque background, as in the window, nothing of it is seen;
 * alone, it is drawn (GTK skips nothing of it, or it would compile
 * nothing). */
static void
test_unseen (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (f->window);
  const GdkRGBA background = { 0.98f, 0.98f, 0.98f, 1.0f };
  g_autoptr(GskRenderNode) warmup = NULL;
  g_autoptr(GskRenderNode) plain = NULL;
  g_autoptr(GskRenderNode) covered = NULL;
  g_autoptr(GBytes) plain_pixels = NULL;
  g_autoptr(GBytes) covered_pixels = NULL;
  g_autoptr(GBytes) alone_pixels = NULL;
  const guchar *alone;
  gsize size;
  gboolean drawn = FALSE;

  WAIT_FOR (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 100);
  warmup = warmup_node (widget);
  plain = gsk_color_node_new (&background,
                              &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                   gtk_widget_get_height (widget)));
  covered = gsk_container_node_new ((GskRenderNode *[]) { warmup, plain }, 2);

  plain_pixels = render (widget, plain);
  covered_pixels = render (widget, covered);
  g_assert_true (g_bytes_equal (plain_pixels, covered_pixels));

  alone_pixels = render (widget, warmup);
  alone = g_bytes_get_data (alone_pixels, &size);
  for (gsize i = 3; i < size && !drawn; i += 4)
    drawn = alone[i] != 0;
  g_assert_true (drawn);
}

/* The members page after the first frame: rows shown, and typing into the
 * search shows the rows that match, as before. */
static void
test_members_after_first_frame (Fixture       *f,
                                gconstpointer  data)
{
  static const char *const names[][2] = {
    { "Anna", "Lindqvist" }, { "Bo", "Berg" }, { "Cecilia", "Lind" },
    { "David", "Holm" }, { "Eva", "Lindqvist" }, { "Fredrik", "Sand" },
  };
  ChMembersPage *page;

  create_chapter (f);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *id = NULL;

      json_object_set_string_member (fields, "given_name", names[i][0]);
      json_object_set_string_member (fields, "family_name", names[i][1]);
      id = fixture_add_member (f, fields);
    }
  WAIT_FOR (fixture_n_shown (f) == G_N_ELEMENTS (names));
  gui_test_save_shot (GTK_WIDGET (f->window), "render-warmup-members");

  page = ch_window_get_members_page (f->window);
  gtk_editable_set_text (ch_members_page_get_search_entry (page), "lindq");
  WAIT_FOR (fixture_n_shown (f) == 2 && !ch_member_list_get_loading (fixture_member_list (f)));
  gtk_editable_set_text (ch_members_page_get_search_entry (page), "");
  WAIT_FOR (fixture_n_shown (f) == G_N_ELEMENTS (names) &&
            !ch_member_list_get_loading (fixture_member_list (f)));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/render-warmup/clipped-border", Fixture, NULL, fixture_set_up,
              test_clipped_border, fixture_tear_down);
  g_test_add ("/gui/render-warmup/unseen", Fixture, NULL, fixture_set_up,
              test_unseen, fixture_tear_down);
  g_test_add ("/gui/render-warmup/members", Fixture, NULL, fixture_set_up,
              test_members_after_first_frame, fixture_tear_down);

  return g_test_run ();
}
