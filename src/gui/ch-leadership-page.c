/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-leadership-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-board-balance.h"
#include "ch-gui-util.h"
#include "ch-leadership-page.h"
#include "ch-roles.h"

struct _ChLeadershipPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *balance_group;
  AdwPreferencesGroup *officers_group;

  ChStore             *store;
  ChChapter           *chapter;
  GPtrArray           *officer_rows;
  GPtrArray           *balance_rows;
  guint                n_officers;
  char                *balance_text;
  ChGuiLazyLoad        lazy;
};

G_DEFINE_FINAL_TYPE (ChLeadershipPage, ch_leadership_page, GTK_TYPE_WIDGET)

static void
open_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ch_gui_open_member (widget, g_variant_get_string (param, NULL));
}

/* "4 women", or "fewer than 3 women" for a small group (never its size). */
static char *
group_text (const ChBoardBalance *balance,
            ChGender              gender)
{
  guint n = balance->counts[gender];
  gboolean small = ch_board_balance_is_small (balance, gender);

  switch (gender)
    {
    case CH_GENDER_WOMAN:
      return small ? g_strdup (_("fewer than 3 women"))
                   : g_strdup_printf (ngettext ("%u woman", "%u women", n), n);
    case CH_GENDER_MAN:
      return small ? g_strdup (_("fewer than 3 men"))
                   : g_strdup_printf (ngettext ("%u man", "%u men", n), n);
    case CH_GENDER_NON_BINARY:
      return small ? g_strdup (_("fewer than 3 non-binary"))
                   : g_strdup_printf (ngettext ("%u non-binary", "%u non-binary", n), n);
    case CH_GENDER_SELF_DESCRIBED:
      return small ? g_strdup (_("fewer than 3 self-described"))
                   : g_strdup_printf (ngettext ("%u self-described", "%u self-described", n), n);
    case CH_GENDER_NOT_ANSWERED:
    case CH_GENDER_PREFER_NOT:
    default:
      g_assert_not_reached ();
    }
}

/* "4 women · 3 men · 1 not shared — 57 % women, goal 50 %": the numbers
 * come from core (ch-board-balance); the page only words them. */
static char *
balance_text (const ChBoardBalance *balance)
{
  static const ChGender groups[] = {
    CH_GENDER_WOMAN, CH_GENDER_MAN, CH_GENDER_NON_BINARY, CH_GENDER_SELF_DESCRIBED,
  };
  g_autoptr(GString) list = g_string_new (NULL);
  guint not_shared = ch_board_balance_not_shared (balance);
  guint percent;

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      g_autofree char *piece = NULL;

      if (balance->counts[groups[i]] == 0)
        continue;
      piece = group_text (balance, groups[i]);
      if (list->len > 0)
        /* Translators: separates the groups in "4 women · 3 men" */
        g_string_append (list, C_("list", " · "));
      g_string_append (list, piece);
    }
  if (not_shared > 0)
    {
      g_autofree char *piece = g_strdup_printf (ngettext ("%u not shared", "%u not shared",
                                                          not_shared), not_shared);

      if (list->len > 0)
        g_string_append (list, C_("list", " · "));
      g_string_append (list, piece);
    }

  if (ch_board_balance_percent_women (balance, &percent))
    /* Translators: %1$s the groups ("4 women · 3 men"), %2$u the percentage of
     * women among those who shared; "%%" is a percent sign */
    return g_strdup_printf (_("%1$s — %2$u %% women, goal 50 %%"), list->str, percent);

  /* Translators: %s the groups ("4 women · fewer than 3 men"); "%%" is a percent sign */
  return g_strdup_printf (_("%s — goal 50 %%"), list->str);
}

void
ch_leadership_page_refresh (ChLeadershipPage *self)
{
  g_autoptr(GPtrArray) officers = NULL;
  g_autoptr(GError) error = NULL;
  ChBoardBalance balance;

  g_return_if_fail (CH_IS_LEADERSHIP_PAGE (self));

  ch_gui_lazy_load_done (&self->lazy);
  ch_gui_group_clear_rows (self->officers_group, self->officer_rows);
  ch_gui_group_clear_rows (self->balance_group, self->balance_rows);
  g_clear_pointer (&self->balance_text, g_free);
  self->n_officers = 0;

  if (self->store == NULL || self->chapter == NULL)
    return;

  officers = ch_roles_list_current (self->store, ch_chapter_get_id (self->chapter), NULL);
  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      ChRole *o = g_ptr_array_index (officers, i);
      g_autofree char *subtitle = NULL;
      GtkWidget *row, *open;

      if (ch_role_get_ends_on (o) != NULL)
        /* Translators: a name, then the term of office */
        subtitle = g_strdup_printf (_("%s · until %s"), ch_role_get_member_name (o), ch_role_get_ends_on (o));
      else
        /* Translators: a name, then the start of an open-ended term */
        subtitle = g_strdup_printf (_("%s · since %s"), ch_role_get_member_name (o), ch_role_get_starts_on (o) ? ch_role_get_starts_on (o) : "?");

      row = ch_gui_group_add_row (self->officers_group, self->officer_rows, ch_roles_label (ch_role_get_role (o)), subtitle);
      self->n_officers++;

      if (ch_role_get_ending_soon (o))
        {
          GtkWidget *pill = gtk_label_new (_("Term ends soon"));

          gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (pill, "status-pill");
          gtk_widget_add_css_class (pill, "grace");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
        }

      open = ch_gui_open_member_button_new (ch_role_get_member_name (o), "leadership.open-member", ch_role_get_member_id (o));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
    }

  if (self->n_officers == 0)
    {
      GtkWidget *row = ch_gui_group_add_row (self->officers_group, self->officer_rows,
                                _("No officers recorded yet"),
                                _("Open a member and add their role on the Roles tab."));
      gtk_widget_add_css_class (row, "dim-label");
    }

  if (!ch_board_balance_compute (self->store, ch_chapter_get_id (self->chapter), &balance, &error))
    {
      ch_gui_group_add_row (self->balance_group, self->balance_rows, error->message, NULL);
      return;
    }
  if (balance.people == 0)
    {
      ch_gui_group_add_row (self->balance_group, self->balance_rows, _("Nothing to count yet"),
                            NULL);
      return;
    }

  self->balance_text = balance_text (&balance);
  {
    GtkWidget *row = ch_gui_group_add_row (self->balance_group, self->balance_rows,
                                           self->balance_text, NULL);

    adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  }
}

static void
on_store_changed_cb (ChLeadershipPage *self)
{
  ch_gui_lazy_load_queue (&self->lazy);
}

static void
ch_leadership_page_dispose (GObject *object)
{
  ChLeadershipPage *self = CH_LEADERSHIP_PAGE (object);

  ch_gui_lazy_load_dispose_page (&self->lazy, CH_TYPE_LEADERSHIP_PAGE, &self->store, &self->chapter);
  g_clear_pointer (&self->officer_rows, g_ptr_array_unref);
  g_clear_pointer (&self->balance_rows, g_ptr_array_unref);
  g_clear_pointer (&self->balance_text, g_free);

  G_OBJECT_CLASS (ch_leadership_page_parent_class)->dispose (object);
}

static void
ch_leadership_page_class_init (ChLeadershipPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_leadership_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ch-leadership-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChLeadershipPage, balance_group);
  gtk_widget_class_bind_template_child (widget_class, ChLeadershipPage, officers_group);

  gtk_widget_class_install_action (widget_class, "leadership.open-member", "s", open_member_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ch_leadership_page_init (ChLeadershipPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ch_gui_lazy_load_init (&self->lazy, GTK_WIDGET (self), (ChGuiLoadFunc) ch_leadership_page_refresh, 200);

  self->officer_rows = g_ptr_array_new ();
  self->balance_rows = g_ptr_array_new ();
}

void
ch_leadership_page_set_chapter (ChLeadershipPage *self,
                                ChStore          *store,
                                ChChapter        *chapter)
{
  g_return_if_fail (CH_IS_LEADERSHIP_PAGE (self));

  /* Made when the page is shown (or asked about), not when the chapter opens. */
  ch_gui_lazy_load_set_chapter (&self->lazy, &self->store, store, G_CALLBACK (on_store_changed_cb),
                                &self->chapter, chapter);
}

const char *
ch_leadership_page_get_balance_text (ChLeadershipPage *self)
{
  g_return_val_if_fail (CH_IS_LEADERSHIP_PAGE (self), NULL);

  return self->balance_text;
}
