/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-directory-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <langinfo.h>
#include <pango/pangocairo.h>

#include "ch-directory-pdf.h"
#include "ch-member.h"
#include "ch-specialties.h"

G_DEFINE_QUARK (ch-directory-pdf-error-quark, ch_directory_pdf_error)

#define MARGIN      48.0   /* points */
#define HEADER      28.0
#define FOOTER      24.0
#define GUTTER      18.0
#define ENTRY_GAP   10.0

ChDirectoryPdfPaper
ch_directory_pdf_default_paper (void)
{
#ifdef __GLIBC__
  /* glibc keeps the paper of LC_PAPER in millimetres. */
  int width = (int) (gintptr) nl_langinfo (_NL_PAPER_WIDTH);

  if (width == 216)
    return CH_DIRECTORY_PDF_PAPER_LETTER;
#endif
  return CH_DIRECTORY_PDF_PAPER_A4;
}

static cairo_status_t
on_write (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The entry of @member as Pango markup. */
static char *
entry_markup (ChStore  *store,
              ChMember *member)
{
  g_auto(GStrv) specialties = ch_specialties_get (store, ch_member_get_id (member));
  GString *markup = g_string_new (NULL);
  const char *job = ch_member_get_job_title (member);
  const char *company = ch_member_get_company (member);
  const char *location = ch_member_get_location (member);
  const char *email = ch_member_get_email (member);
  const char *phone = ch_member_get_phone (member);

  g_string_append_printf (markup, "<b>%s</b>", ch_member_get_display_name (member));
  if (job != NULL && *job && company != NULL && *company)
    {
      g_autofree char *text = NULL;

      /* Translators: a job title at a company, in the member directory */
      text = g_markup_printf_escaped (_("%s, %s"), job, company);
      g_string_append_printf (markup, "\n%s", text);
    }
  else if ((job != NULL && *job) || (company != NULL && *company))
    {
      g_autofree char *text = g_markup_escape_text (job && *job ? job : company, -1);

      g_string_append_printf (markup, "\n%s", text);
    }
  if (location != NULL && *location)
    {
      g_autofree char *text = g_markup_escape_text (location, -1);

      g_string_append_printf (markup, "\n%s", text);
    }
  if (email != NULL && *email)
    {
      g_autofree char *text = g_markup_escape_text (email, -1);

      g_string_append_printf (markup, "\n%s", text);
    }
  if (phone != NULL && *phone)
    {
      g_autofree char *text = g_markup_escape_text (phone, -1);

      g_string_append_printf (markup, "\n%s", text);
    }
  if (specialties[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", specialties);
      g_autofree char *text = g_markup_escape_text (joined, -1);

      g_string_append_printf (markup, "\n<i>%s</i>", text);
    }

  return g_string_free (markup, FALSE);
}

static PangoLayout *
new_layout (cairo_t    *cr,
            const char *font,
            double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

typedef struct
{
  guint  page;
  guint  column;
  double y;
} Place;

static void
draw_frame (cairo_t    *cr,
            const char *chapter_name,
            double      page_width,
            double      page_height,
            guint       page,
            guint       n_pages)
{
  g_autoptr(PangoLayout) header = new_layout (cr, "Sans Bold 12", page_width - 2 * MARGIN);
  g_autoptr(PangoLayout) footer = new_layout (cr, "Sans 8", page_width - 2 * MARGIN);
  g_autofree char *title = NULL;
  g_autofree char *page_text = NULL;

  /* Translators: the header of each page of the printed member directory */
  title = g_strdup_printf (_("%s — Member Directory"), chapter_name);
  pango_layout_set_text (header, title, -1);
  cairo_move_to (cr, MARGIN, MARGIN);
  pango_cairo_show_layout (cr, header);

  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN, MARGIN + HEADER - 6);
  cairo_line_to (cr, page_width - MARGIN, MARGIN + HEADER - 6);
  cairo_stroke (cr);

  /* Translators: the footer of each page of the printed member directory */
  page_text = g_strdup_printf (_("%s · Page %u of %u"), chapter_name, page, n_pages);
  pango_layout_set_text (footer, page_text, -1);
  pango_layout_set_alignment (footer, PANGO_ALIGN_CENTER);
  cairo_move_to (cr, MARGIN, page_height - MARGIN - FOOTER + 10);
  pango_cairo_show_layout (cr, footer);
}

GBytes *
ch_directory_pdf_write (ChStore           *store,
                        const char        *chapter_name,
                        GPtrArray         *members,
                        ChDirectoryPdfPaper   paper,
                        GError           **error)
{
  double page_width = paper == CH_DIRECTORY_PDF_PAPER_LETTER ? 612.0 : 595.28;
  double page_height = paper == CH_DIRECTORY_PDF_PAPER_LETTER ? 792.0 : 841.89;
  double column_width = (page_width - 2 * MARGIN - GUTTER) / 2;
  double top = MARGIN + HEADER;
  double bottom = page_height - MARGIN - FOOTER;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GPtrArray) markups = g_ptr_array_new_with_free_func (g_free);
  g_autofree Place *places = g_new0 (Place, MAX (members->len, 1));
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint page = 1, column = 0, n_pages;
  double y = top;

  surface = cairo_pdf_surface_create_for_stream (on_write, bytes, page_width, page_height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, chapter_name);
  cr = cairo_create (surface);

  /* First the places, so that every footer can say how many pages. */
  for (guint i = 0; i < members->len; i++)
    {
      g_autoptr(PangoLayout) layout = new_layout (cr, "Sans 9", column_width);
      char *markup = entry_markup (store, g_ptr_array_index (members, i));
      int height;

      pango_layout_set_markup (layout, markup, -1);
      pango_layout_get_pixel_size (layout, NULL, &height);
      g_ptr_array_add (markups, markup);

      if (y + height > bottom && y > top)
        {
          y = top;
          if (++column == 2)
            {
              column = 0;
              page++;
            }
        }
      places[i] = (Place) { page, column, y };
      y += height + ENTRY_GAP;
    }
  n_pages = page;

  page = 1;
  draw_frame (cr, chapter_name, page_width, page_height, page, n_pages);
  if (members->len == 0)
    {
      g_autoptr(PangoLayout) layout = new_layout (cr, "Sans 10", page_width - 2 * MARGIN);

      pango_layout_set_text (layout, _("No member has agreed to be listed in the directory yet."),
                             -1);
      cairo_move_to (cr, MARGIN, top);
      pango_cairo_show_layout (cr, layout);
    }
  for (guint i = 0; i < members->len; i++)
    {
      g_autoptr(PangoLayout) layout = new_layout (cr, "Sans 9", column_width);

      if (places[i].page != page)
        {
          cairo_show_page (cr);
          page = places[i].page;
          draw_frame (cr, chapter_name, page_width, page_height, page, n_pages);
        }
      pango_layout_set_markup (layout, g_ptr_array_index (markups, i), -1);
      cairo_move_to (cr, MARGIN + places[i].column * (column_width + GUTTER), places[i].y);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_show_page (cr);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CH_DIRECTORY_PDF_ERROR, CH_DIRECTORY_PDF_ERROR_WRITE,
                   _("The directory could not be written: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
