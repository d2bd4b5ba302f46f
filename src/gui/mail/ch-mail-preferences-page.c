/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-preferences-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-mail-account.h"
#include "ch-mail-preferences-page.h"
#include "ch-mail-secret.h"

static const char *const fields[] = {
  "server", "port", "user", "password", "from_address", "from_name", "reply_to", "signature",
};

struct _ChMailPreferencesPage
{
  AdwPreferencesPage  parent_instance;

  ChStore            *store;
  char               *chapter_id;
  GtkWidget          *rows[G_N_ELEMENTS (fields)];
  AdwComboRow        *security_row;
  GtkWidget          *save;
  GtkWidget          *status;
};

G_DEFINE_FINAL_TYPE (ChMailPreferencesPage, ch_mail_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

static void
ch_mail_preferences_page_dispose (GObject *object)
{
  ChMailPreferencesPage *self = CH_MAIL_PREFERENCES_PAGE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->chapter_id, g_free);

  G_OBJECT_CLASS (ch_mail_preferences_page_parent_class)->dispose (object);
}

static void
ch_mail_preferences_page_class_init (ChMailPreferencesPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ch_mail_preferences_page_dispose;
}

static void
ch_mail_preferences_page_init (ChMailPreferencesPage *self)
{
}

static guint
field_index (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i], field) == 0)
      return i;

  return G_MAXUINT;
}

static const char *
text_of (ChMailPreferencesPage *self,
         const char            *field)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->rows[field_index (field)]));
}

static void
set_status (ChMailPreferencesPage *self,
            const char            *text)
{
  gtk_label_set_text (GTK_LABEL (self->status), text);
  gtk_widget_set_visible (self->status, text != NULL && *text != '\0');
}

static void
on_save_clicked_cb (ChMailPreferencesPage *self)
{
  static const ChMailSecurity securities[] = {
    CH_MAIL_SECURITY_STARTTLS, CH_MAIL_SECURITY_TLS, CH_MAIL_SECURITY_NONE,
  };
  g_autoptr(JsonObject) set = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailAccount) account = NULL;
  const char *port = text_of (self, "port");
  const char *password = text_of (self, "password");
  guint security = adw_combo_row_get_selected (self->security_row);
  gint64 port_number = 0;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i], "port") != 0 && g_strcmp0 (fields[i], "password") != 0)
      json_object_set_string_member (set, fields[i], text_of (self, fields[i]));
  json_object_set_string_member (set, "security",
                                 ch_mail_account_security_to_string (
                                   securities[MIN (security, G_N_ELEMENTS (securities) - 1)]));
  if (*port != '\0')
    {
      if (!g_ascii_string_to_signed (port, 10, 1, 65535, &port_number, NULL))
        {
          set_status (self, _("The port must be a number from 1 to 65535."));
          return;
        }
      json_object_set_int_member (set, "port", port_number);
    }

  if (!ch_mail_account_save (self->store, self->chapter_id, set, &error))
    {
      set_status (self, error->message);
      return;
    }
  account = ch_mail_account_load (self->store, self->chapter_id, NULL);

  if (*password != '\0' && account != NULL && account->user != NULL)
    {
      if (!ch_mail_secret_store_password (account->server, account->user, password, NULL,
                                          &error))
        {
          g_autofree char *text = g_strdup_printf (
            _("The account is saved, but the password could not be kept in the keyring: %s"),
            error->message);

          set_status (self, text);
          return;
        }
      gtk_editable_set_text (GTK_EDITABLE (self->rows[field_index ("password")]), "");
    }

  set_status (self, _("Saved."));
  if (account != NULL)
    {
      g_autofree char *port_text = g_strdup_printf ("%u", account->port);

      gtk_editable_set_text (GTK_EDITABLE (self->rows[field_index ("port")]), port_text);
    }
}

static GtkWidget *
entry_row (AdwPreferencesGroup *group,
           const char          *title,
           const char          *value,
           gboolean             password)
{
  GtkWidget *row = password ? adw_password_entry_row_new () : adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), value);
  adw_preferences_group_add (group, row);
  return row;
}

ChMailPreferencesPage *
ch_mail_preferences_page_new (ChStore    *store,
                              const char *chapter_id)
{
  ChMailPreferencesPage *self = g_object_new (CH_TYPE_MAIL_PREFERENCES_PAGE,
                                              "title", _("E-mail"),
                                              "icon-name", "mail-send-symbolic",
                                              NULL);
  g_autoptr(ChMailAccount) a = ch_mail_account_load (store, chapter_id, NULL);
  g_autoptr(GtkStringList) securities = gtk_string_list_new (NULL);
  AdwPreferencesGroup *server = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *sender = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *port = a != NULL ? g_strdup_printf ("%u", a->port) : NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->store = g_object_ref (store);
  self->chapter_id = g_strdup (chapter_id);

  adw_preferences_group_set_title (server, _("Mail Server"));
  adw_preferences_group_set_description (
    server, _("Messages to members go through the chapter’s own mail account, each member "
              "their own. The password is kept in your keyring."));
  self->rows[0] = entry_row (server, _("_Server"), a ? a->server : NULL, FALSE);
  self->rows[1] = entry_row (server, _("_Port"), port, FALSE);
  gtk_string_list_append (securities, _("STARTTLS"));
  gtk_string_list_append (securities, _("TLS"));
  gtk_string_list_append (securities, _("None (only a server on this computer)"));
  self->security_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->security_row), _("S_ecurity"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->security_row), TRUE);
  adw_combo_row_set_model (self->security_row, G_LIST_MODEL (securities));
  adw_combo_row_set_selected (self->security_row, a ? (guint) a->security : 0);
  adw_preferences_group_add (server, GTK_WIDGET (self->security_row));
  self->rows[2] = entry_row (server, _("_User Name"), a ? a->user : NULL, FALSE);
  self->rows[3] = entry_row (server, _("Pass_word"), NULL, TRUE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), server);

  adw_preferences_group_set_title (sender, _("Sender"));
  self->rows[4] = entry_row (sender, _("_From Address"), a ? a->from_address : NULL, FALSE);
  self->rows[5] = entry_row (sender, _("Sender’s _Name"), a ? a->from_name : NULL, FALSE);
  self->rows[6] = entry_row (sender, _("_Replies To"), a ? a->reply_to : NULL, FALSE);
  self->rows[7] = entry_row (sender, _("Si_gnature"), a ? a->signature : NULL, FALSE);

  self->save = gtk_button_new_with_mnemonic (_("_Save E-mail Account"));
  gtk_widget_add_css_class (self->save, "suggested-action");
  gtk_widget_set_halign (self->save, GTK_ALIGN_END);
  gtk_widget_set_margin_top (self->save, 12);
  g_signal_connect_swapped (self->save, "clicked", G_CALLBACK (on_save_clicked_cb), self);
  self->status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->status), 1.0);
  gtk_widget_set_visible (self->status, FALSE);
  gtk_box_append (GTK_BOX (box), self->save);
  gtk_box_append (GTK_BOX (box), self->status);
  adw_preferences_group_add (sender, box);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), sender);

  return self;
}

GtkEditable *
ch_mail_preferences_page_get_entry (ChMailPreferencesPage *self,
                                    const char            *field)
{
  guint i = field_index (field);

  return i < G_N_ELEMENTS (fields) ? GTK_EDITABLE (self->rows[i]) : NULL;
}

GtkWidget *
ch_mail_preferences_page_get_save (ChMailPreferencesPage *self)
{
  return self->save;
}

const char *
ch_mail_preferences_page_get_status (ChMailPreferencesPage *self)
{
  return gtk_widget_get_visible (self->status) ? gtk_label_get_text (GTK_LABEL (self->status))
                                               : NULL;
}
