/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-chapter-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-chapter-dialog.h"
#include "ch-gui-util.h"
#include "ch-time-zones.h"

struct _ChChapterDialog
{
  AdwWindow      parent_instance;

  /* Template widgets */
  AdwEntryRow   *amount_row;
  AdwEntryRow   *city_row;
  AdwEntryRow   *country_row;
  GtkButton     *create_button;
  AdwComboRow   *currency_row;
  GtkLabel      *error_label;
  GtkRevealer   *error_revealer;
  AdwEntryRow   *grace_row;
  AdwEntryRow   *name_row;
  AdwComboRow   *period_row;
  AdwComboRow   *timezone_row;

  ChStore       *store;
  gboolean       has_error;
};

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChChapterDialog, ch_chapter_dialog, ADW_TYPE_WINDOW)

static const char *currencies[] = {
  "EUR", "USD", "GBP", "SEK", "NOK", "DKK", "CHF", "PLN", "CZK", "HUF", "RON", "TRY", "CAD",
  "AUD", "NZD", "JPY", "INR", "SGD", "HKD", "ZAR", "BRL", "MXN", "AED", "ILS", "ISK",
};

static const char *periods[] = { "yearly", "quarterly", "monthly" };

static void
clear_error (ChChapterDialog *self)
{
  self->has_error = FALSE;
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->amount_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->grace_row), "error");
}

static void
show_error (ChChapterDialog *self,
            AdwEntryRow     *row,
            const char      *message)
{
  self->has_error = TRUE;
  ch_gui_form_show_error (self->error_revealer, self->error_label, GTK_WIDGET (row), message);
}

gboolean
ch_chapter_dialog_create (ChChapterDialog *self)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  const char *currency = ch_gui_combo_row_get_selected_string (self->currency_row);
  const char *amount = gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
  const char *grace = gtk_editable_get_text (GTK_EDITABLE (self->grace_row));
  guint period = adw_combo_row_get_selected (self->period_row);
  gint64 minor = 0;
  guint64 grace_days = 0;

  g_return_val_if_fail (CH_IS_CHAPTER_DIALOG (self), FALSE);

  clear_error (self);

  {
    g_autofree char *name = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->name_row));

    if (*name == '\0')
      {
        show_error (self, self->name_row, _("Give the chapter a name."));
        return FALSE;
      }
    json_object_set_string_member (fields, "name", name);
  }

  if (*amount != '\0' && !ch_parse_money (amount, currency, &minor))
    {
      g_autofree char *message = NULL;

      if (ch_currency_digits (currency) == 0)
        message = g_strdup_printf (_("“%s” is not an amount. Use whole %s, for example 15000."), amount, currency);
      else
        message = g_strdup_printf (_("“%s” is not an amount. Use digits and at most %u decimals, "
                                     "for example 150.00."), amount, ch_currency_digits (currency));
      show_error (self, self->amount_row, message);
      return FALSE;
    }

  {
    g_autofree char *grace_trim = g_strstrip (g_strdup (grace));

    if (*grace_trim == '\0')
      grace_days = 30;
    else if (!g_ascii_string_to_unsigned (grace_trim, 10, 0, 365, &grace_days, NULL))
      {
        show_error (self, self->grace_row, _("Grace days must be a whole number from 0 to 365."));
        return FALSE;
      }
  }

  json_object_set_string_member (fields, "city", gtk_editable_get_text (GTK_EDITABLE (self->city_row)));
  json_object_set_string_member (fields, "country", gtk_editable_get_text (GTK_EDITABLE (self->country_row)));
  json_object_set_string_member (fields, "timezone", ch_gui_combo_row_get_selected_string (self->timezone_row));
  json_object_set_string_member (fields, "currency", currency);
  json_object_set_int_member (fields, "dues_amount", minor);
  json_object_set_string_member (fields, "dues_period", period < G_N_ELEMENTS (periods) ? periods[period] : "yearly");
  json_object_set_int_member (fields, "grace_days", (gint64) grace_days);

  chapter = ch_store_create_chapter (self->store, fields, &error);
  if (chapter == NULL)
    {
      show_error (self, NULL, error->message);
      return FALSE;
    }

  g_signal_emit (self, signals[CREATED], 0, chapter);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ch_chapter_dialog_create (CH_CHAPTER_DIALOG (widget));
}

static void
ch_chapter_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_CHAPTER_DIALOG);

  G_OBJECT_CLASS (ch_chapter_dialog_parent_class)->dispose (object);
}

static void
ch_chapter_dialog_finalize (GObject *object)
{
  ChChapterDialog *self = CH_CHAPTER_DIALOG (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (ch_chapter_dialog_parent_class)->finalize (object);
}

static void
ch_chapter_dialog_class_init (ChChapterDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_chapter_dialog_dispose;
  object_class->finalize = ch_chapter_dialog_finalize;

  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, CH_TYPE_CHAPTER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ch-chapter-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, city_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, country_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, currency_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, grace_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, timezone_row);

  gtk_widget_class_install_action (widget_class, "chapter.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ch_chapter_dialog_init (ChChapterDialog *self)
{
  g_autoptr(GtkStringList) currency_list = gtk_string_list_new (currencies);
  const char *period_labels[] = { _("Yearly"), _("Quarterly"), _("Monthly"), NULL };
  g_autoptr(GtkStringList) period_list = gtk_string_list_new (period_labels);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_model (self->timezone_row, G_LIST_MODEL (ch_time_zones_get_list ()));
  ch_gui_combo_row_select_string (self->timezone_row, g_time_zone_get_identifier (local));

  adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (currency_list));
  adw_combo_row_set_model (self->period_row, G_LIST_MODEL (period_list));

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->create_button));
}

ChChapterDialog *
ch_chapter_dialog_new (GtkWindow *parent,
                       ChStore   *store)
{
  ChChapterDialog *self;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  self = g_object_new (CH_TYPE_CHAPTER_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));

  return self;
}

GtkEditable *
ch_chapter_dialog_get_entry (ChChapterDialog *self,
                             const char      *field)
{
  g_return_val_if_fail (CH_IS_CHAPTER_DIALOG (self), NULL);

  if (g_strcmp0 (field, "name") == 0) return GTK_EDITABLE (self->name_row);
  if (g_strcmp0 (field, "city") == 0) return GTK_EDITABLE (self->city_row);
  if (g_strcmp0 (field, "country") == 0) return GTK_EDITABLE (self->country_row);
  if (g_strcmp0 (field, "amount") == 0) return GTK_EDITABLE (self->amount_row);
  if (g_strcmp0 (field, "grace") == 0) return GTK_EDITABLE (self->grace_row);

  return NULL;
}

gboolean
ch_chapter_dialog_select (ChChapterDialog *self,
                          const char      *what,
                          const char      *value)
{
  g_return_val_if_fail (CH_IS_CHAPTER_DIALOG (self), FALSE);

  if (g_strcmp0 (what, "timezone") == 0)
    return ch_gui_combo_row_select_string (self->timezone_row, value);
  if (g_strcmp0 (what, "currency") == 0)
    return ch_gui_combo_row_select_string (self->currency_row, value);

  return FALSE;
}

const char *
ch_chapter_dialog_get_error (ChChapterDialog *self)
{
  g_return_val_if_fail (CH_IS_CHAPTER_DIALOG (self), NULL);

  return self->has_error ? gtk_label_get_text (self->error_label) : NULL;
}
