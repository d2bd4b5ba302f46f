/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-chapter-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-chapter-dialog.h"
#include "ch-chapter-dialog-private.h"
#include "ch-gui.h"
#include "ch-money.h"
#include "ch-place-choices.h"
#include "ch-time-zones.h"

struct _ChChapterDialog
{
  AdwWindow      parent_instance;

  /* Template widgets */
  AdwEntryRow   *amount_row;
  AdwEntryRow   *city_row;
  AdwActionRow  *country_row;
  GtkDropDown   *country_drop_down;
  GtkButton     *create_button;
  AdwComboRow   *currency_row;
  GtkLabel      *error_label;
  GtkRevealer   *error_revealer;
  AdwEntryRow   *grace_row;
  AdwEntryRow   *name_row;
  AdwComboRow   *period_row;
  AdwActionRow  *timezone_row;
  GtkDropDown   *timezone_drop_down;

  ChSession     *session;
  ChStore       *store;        /* the session's */
  gboolean       has_error;
  /* Set while the form fills in a guess: a choice of the officer's own
   * (the zone, the currency) is never overwritten by a guess. */
  gboolean       guessing;
  gboolean       zone_chosen;
  gboolean       currency_chosen;
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

/* The currency of a country, for the currencies offered. */
static const char *
currency_of (const char *country)
{
  static const char *euro[] = { "AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE",
                                "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI", "SK", NULL };
  static const char *own[][2] = {
    { "US", "USD" }, { "GB", "GBP" }, { "SE", "SEK" }, { "NO", "NOK" }, { "DK", "DKK" },
    { "CH", "CHF" }, { "PL", "PLN" }, { "CZ", "CZK" }, { "HU", "HUF" }, { "RO", "RON" },
    { "TR", "TRY" }, { "CA", "CAD" }, { "AU", "AUD" }, { "NZ", "NZD" }, { "JP", "JPY" },
    { "IN", "INR" }, { "SG", "SGD" }, { "HK", "HKD" }, { "ZA", "ZAR" }, { "BR", "BRL" },
    { "MX", "MXN" }, { "AE", "AED" }, { "IL", "ILS" }, { "IS", "ISK" },
  };

  if (country == NULL)
    return NULL;
  if (g_strv_contains (euro, country))
    return "EUR";
  for (guint i = 0; i < G_N_ELEMENTS (own); i++)
    if (g_strcmp0 (own[i][0], country) == 0)
      return own[i][1];

  return NULL;
}

/* The zone and currency follow the country (and the city, for a country
 * with several zones) until the officer picks them. */
static void
guess (ChChapterDialog *self)
{
  const char *country = ch_place_choices_get_value (self->country_drop_down);
  g_autofree char *city = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->city_row));
  const char *zone = ch_time_zones_guess (country, city);
  const char *currency = currency_of (country);
  gboolean was_guessing = self->guessing;

  self->guessing = TRUE;
  if (!self->zone_chosen && zone != NULL)
    ch_place_choices_set_value (self->timezone_drop_down, zone);
  if (!self->currency_chosen && currency != NULL)
    ch_gui_combo_row_select_string (self->currency_row, currency);
  self->guessing = was_guessing;
}

static void
on_country_selected_cb (ChChapterDialog *self)
{
  guess (self);
}

static void
on_city_changed_cb (ChChapterDialog *self)
{
  guess (self);
}

static void
on_zone_selected_cb (ChChapterDialog *self)
{
  if (!self->guessing)
    self->zone_chosen = ch_place_choices_get_value (self->timezone_drop_down) != NULL;
}

static void
on_currency_selected_cb (ChChapterDialog *self)
{
  if (!self->guessing)
    self->currency_chosen = TRUE;
}

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
  g_autofree char *amount_trim = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->amount_row));
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

  if (ch_place_choices_get_value (self->country_drop_down) == NULL)
    {
      show_error (self, NULL, _("Choose the chapter’s country."));
      gtk_widget_grab_focus (GTK_WIDGET (self->country_drop_down));
      return FALSE;
    }

  if (ch_place_choices_get_value (self->timezone_drop_down) == NULL)
    {
      show_error (self, NULL, _("Choose the chapter’s time zone."));
      gtk_widget_grab_focus (GTK_WIDGET (self->timezone_drop_down));
      return FALSE;
    }

  if (*amount_trim == '\0')
    {
      show_error (self, self->amount_row,
                  _("Enter the dues per period: 0 if members pay nothing."));
      return FALSE;
    }

  /* As the user's locale writes amounts ("1 500,00", "1.500,00 €"). */
  if (!ch_money_read (amount, currency, &minor, &error))
    {
      show_error (self, self->amount_row, error->message);
      g_clear_error (&error);
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

  json_object_set_string_member (fields, "city",
                                 gtk_editable_get_text (GTK_EDITABLE (self->city_row)));
  json_object_set_string_member (fields, "country",
                                 ch_place_choices_get_value (self->country_drop_down));
  json_object_set_string_member (fields, "timezone",
                                 ch_place_choices_get_value (self->timezone_drop_down));
  json_object_set_string_member (fields, "currency", currency);
  json_object_set_int_member (fields, "dues_amount", minor);
  json_object_set_string_member (fields, "dues_period",
                                 period < G_N_ELEMENTS (periods) ? periods[period] : "yearly");
  json_object_set_int_member (fields, "grace_days", (gint64) grace_days);

  chapter = ch_store_create_chapter (self->store, fields, &error);
  if (chapter == NULL)
    {
      show_error (self, NULL, error->message);
      return FALSE;
    }

  /* The new chapter is the one the window works on now. */
  ch_session_set_chapter_id (self->session, ch_chapter_get_id (chapter));
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
  g_clear_object (&self->session);

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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-chapter-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, city_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, country_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, country_drop_down);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, currency_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, grace_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, timezone_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterDialog, timezone_drop_down);

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
  const char *local_country = ch_time_zones_get_country (g_time_zone_get_identifier (local));

  gtk_widget_init_template (GTK_WIDGET (self));

  ch_place_choices_setup_country (self->country_drop_down, _("Choose…"));
  ch_place_choices_setup_time_zone (self->timezone_drop_down, _("Choose…"));
  adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (currency_list));
  adw_combo_row_set_model (self->period_row, G_LIST_MODEL (period_list));

  g_signal_connect_object (self->country_drop_down, "notify::selected",
                           G_CALLBACK (on_country_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->city_row, "changed", G_CALLBACK (on_city_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timezone_drop_down, "notify::selected",
                           G_CALLBACK (on_zone_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->currency_row, "notify::selected",
                           G_CALLBACK (on_currency_selected_cb), self, G_CONNECT_SWAPPED);

  /* This computer's own zone says where the chapter most likely is; a
   * computer on UTC says nothing, and nothing is chosen for the officer. */
  if (local_country != NULL)
    {
      self->guessing = TRUE;
      ch_place_choices_set_value (self->country_drop_down, local_country);
      ch_place_choices_set_value (self->timezone_drop_down, g_time_zone_get_identifier (local));
      self->guessing = FALSE;
    }

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->create_button));
}

ChChapterDialog *
ch_chapter_dialog_new (GtkWindow *parent,
                       ChSession *session)
{
  ChChapterDialog *self;

  g_return_val_if_fail (CH_IS_SESSION (session), NULL);

  self = g_object_new (CH_TYPE_CHAPTER_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->store = g_object_ref (ch_session_get_store (session));
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

  if (g_strcmp0 (what, "timezone") == 0 || g_strcmp0 (what, "country") == 0)
    {
      GtkDropDown *drop_down = *what == 't' ? self->timezone_drop_down : self->country_drop_down;

      ch_place_choices_set_value (drop_down, value);
      return g_strcmp0 (ch_place_choices_get_value (drop_down), value) == 0 &&
             gtk_drop_down_get_selected (drop_down) != 0;
    }
  if (g_strcmp0 (what, "currency") == 0)
    return ch_gui_combo_row_select_string (self->currency_row, value);

  return FALSE;
}

const char *
ch_chapter_dialog_get_choice (ChChapterDialog *self,
                              const char      *what,
                              gboolean         shown)
{
  GtkDropDown *drop_down = NULL;
  GtkStringObject *item;

  g_return_val_if_fail (CH_IS_CHAPTER_DIALOG (self), NULL);

  if (g_strcmp0 (what, "currency") == 0)
    return ch_gui_combo_row_get_selected_string (self->currency_row);
  if (g_strcmp0 (what, "timezone") == 0)
    drop_down = self->timezone_drop_down;
  else if (g_strcmp0 (what, "country") == 0)
    drop_down = self->country_drop_down;
  if (drop_down == NULL || ch_place_choices_get_value (drop_down) == NULL)
    return NULL;
  if (!shown)
    return ch_place_choices_get_value (drop_down);

  item = gtk_drop_down_get_selected_item (drop_down);
  return item ? gtk_string_object_get_string (item) : NULL;
}

const char *
ch_chapter_dialog_get_error (ChChapterDialog *self)
{
  g_return_val_if_fail (CH_IS_CHAPTER_DIALOG (self), NULL);

  return self->has_error ? gtk_label_get_text (self->error_label) : NULL;
}
