/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-fallback-box"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-mail-eml.h"
#include "ch-mail-fallback-box.h"
#include "ch-mail-template.h"

/* A mailto: URL longer than this is cut by some mail programs and browsers. */
#define MAILTO_MAX 1900

struct _ChMailFallbackBox
{
  GtkBox            parent_instance;

  ChStore          *store;
  char             *chapter_id;
  ChMailSource     *source;
  ChMailRecipients *recipients;
  GPtrArray        *batches;       /* mailto: URLs */
  GtkFileChooserNative *chooser;   /* where to save .eml files */
  GtkWidget        *eml_button;
  GtkWidget        *result;        /* the dialog's line that says what happened (weak) */
};

G_DEFINE_FINAL_TYPE (ChMailFallbackBox, ch_mail_fallback_box, GTK_TYPE_BOX)

static GtkWidget *
wrapped_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A pill button whose label wraps in a narrow window rather than make the
 * dialog wider than the screen. */
static GtkWidget *
pill_button (const char *mnemonic)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (button, "pill");

  return button;
}

static void
make_batches (ChMailFallbackBox *self)
{
  g_autoptr(GString) url = NULL;

  self->batches = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->recipients->members->len; i++)
    {
      g_autofree char *address = g_uri_escape_string (
        ch_member_get_email (self->recipients->members->pdata[i]), "@", FALSE);

      if (url != NULL && url->len + 3 + strlen (address) > MAILTO_MAX)
        g_ptr_array_add (self->batches, g_string_free (g_steal_pointer (&url), FALSE));
      if (url == NULL)
        url = g_string_new ("mailto:?bcc=");
      else
        g_string_append (url, "%2C");
      g_string_append (url, address);
    }
  if (url != NULL)
    g_ptr_array_add (self->batches, g_string_free (g_steal_pointer (&url), FALSE));
}

static void
on_copy_clicked_cb (ChMailFallbackBox *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->recipients->members->len; i++)
    g_string_append_printf (text, "%s\n",
                            ch_member_get_email (self->recipients->members->pdata[i]));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text->str);
  gtk_label_set_text (GTK_LABEL (self->result), _("Addresses copied."));
  gtk_widget_set_visible (self->result, TRUE);
}

static void
on_launch_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(ChMailFallbackBox) self = data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) && self->result != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->result),
                          _("No mail app could be opened. Copy the addresses instead and "
                            "paste them into your web mail."));
      gtk_widget_set_visible (self->result, TRUE);
    }
}

static void
open_batch_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  ChMailFallbackBox *self = CH_MAIL_FALLBACK_BOX (widget);
  guint i = g_variant_get_uint32 (param);

  if (self->batches == NULL || i >= self->batches->len)
    return;
  g_app_info_launch_default_for_uri_async (self->batches->pdata[i], NULL, NULL,
                                           on_launch_done_cb, g_object_ref (self));
}

/* The template the .eml files are made from: the one the source calls
 * for, else the first that fits (an event's invitation, a reminder). */
static ChMailTemplate *
fallback_template (ChMailFallbackBox *self)
{
  const char *key = ch_mail_source_suggested_template (self->source);

  if (key == NULL)
    key = self->recipients->event_id != NULL ? "event-invitation" : "renewal-due";
  return ch_mail_template_get (self->store, self->chapter_id, key, NULL);
}

static void
on_eml_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(ChMailFallbackBox) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint count = 0;

  if (!ch_mail_eml_save_finish (result, &count, &error))
    text = g_strdup (error->message);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u message saved. Open it in your mail app to "
                                         "send it.",
                                         "%u messages saved. Open them in your mail app to "
                                         "send them.", count), count);
  if (self->result == NULL)   /* gone meanwhile */
    return;
  gtk_label_set_text (GTK_LABEL (self->result), text);
  gtk_widget_set_visible (self->result, TRUE);
}

void
ch_mail_fallback_box_save_eml (ChMailFallbackBox *self,
                                 const char          *dir)
{
  g_autoptr(ChMailTemplate) template = fallback_template (self);

  if (template == NULL || self->recipients == NULL)
    return;
  gtk_widget_set_visible (self->result, FALSE);
  ch_mail_eml_save_async (ch_store_get_path (self->store), self->chapter_id, template,
                          self->recipients, dir, NULL, on_eml_saved_cb, g_object_ref (self));
}

static void
on_chooser_response_cb (GtkNativeDialog     *chooser,
                        int                  response,
                        ChMailFallbackBox *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (folder)) != NULL)
    ch_mail_fallback_box_save_eml (self, path);
}

static void
on_save_eml_clicked_cb (ChMailFallbackBox *self)
{
  if (self->chooser == NULL)
    {
      self->chooser = gtk_file_chooser_native_new (_("Save the Messages in a Folder"),
                                                   GTK_WINDOW (gtk_widget_get_root (
                                                     GTK_WIDGET (self))),
                                                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                   _("_Save Here"), _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
      g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
build (ChMailFallbackBox *self)
{
  GtkBox *box = GTK_BOX (self);
  guint n = self->recipients->members->len;
  g_autofree char *copy = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Copy %u Address",
                                                        "_Copy %u Addresses", n), n);
  GtkWidget *button;

  make_batches (self);
  gtk_box_append (box, wrapped_label (_("No E-mail Account Yet"), "title-2"));
  gtk_box_append (box, wrapped_label (
    _("Once the chapter’s e-mail account is set up in Preferences → E-mail, Chapterhouse "
      "sends each member a message of their own and records it. Until then, copy the "
      "addresses into your web mail, or open your mail app with them as blind copies."),
    NULL));
  {
    g_autoptr(ChMailTemplate) template = fallback_template (self);
    g_autofree char *label = template != NULL
      /* Translators: %s is a template's name, such as "Renewal reminder" */
      ? g_strdup_printf (_("_Save Each Member’s “%s” as a File…"), template->name) : NULL;

    if (label != NULL)
      {
        GtkWidget *save = pill_button (label);

        gtk_widget_set_tooltip_text (save, _("One .eml file per member, which your mail app "
                                             "opens as a message ready to send"));
        gtk_widget_set_sensitive (save, self->recipients->members->len > 0);
        g_signal_connect_swapped (save, "clicked", G_CALLBACK (on_save_eml_clicked_cb), self);
        self->eml_button = save;
      }
  }

  button = pill_button (copy);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_sensitive (button, n > 0);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_copy_clicked_cb), self);
  gtk_box_append (box, button);

  for (guint i = 0; i < self->batches->len; i++)
    {
      g_autofree char *label = self->batches->len == 1
        ? g_strdup (_("_Open in Mail App"))
        /* Translators: the addresses are given to the mail app in groups. */
        : g_strdup_printf (_("_Open in Mail App, Group %u of %u"), i + 1, self->batches->len);

      button = pill_button (label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "fallback.open-batch");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_uint32 (i));
      gtk_box_append (box, button);
    }
  if (self->eml_button != NULL)
    gtk_box_append (box, self->eml_button);
}


static void
ch_mail_fallback_box_dispose (GObject *object)
{
  ChMailFallbackBox *self = CH_MAIL_FALLBACK_BOX (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->result);
  g_clear_object (&self->store);
  g_clear_pointer (&self->chapter_id, g_free);
  g_clear_pointer (&self->source, ch_mail_source_free);
  g_clear_pointer (&self->recipients, ch_mail_recipients_free);
  g_clear_pointer (&self->batches, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_mail_fallback_box_parent_class)->dispose (object);
}

static void
ch_mail_fallback_box_class_init (ChMailFallbackBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_mail_fallback_box_dispose;
  gtk_widget_class_install_action (widget_class, "fallback.open-batch", "u", open_batch_action);
}

static void
ch_mail_fallback_box_init (ChMailFallbackBox *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
}

GtkWidget *
ch_mail_fallback_box_new (ChStore                *store,
                          const char             *chapter_id,
                          const ChMailSource     *source,
                          const ChMailRecipients *recipients,
                          GtkWidget              *result)
{
  ChMailFallbackBox *self = g_object_new (CH_TYPE_MAIL_FALLBACK_BOX, NULL);

  self->store = g_object_ref (store);
  self->chapter_id = g_strdup (chapter_id);
  self->source = ch_mail_source_copy (source);
  self->recipients = ch_mail_recipients_copy (recipients);
  g_set_weak_pointer (&self->result, result);
  build (self);

  return GTK_WIDGET (self);
}

GPtrArray *
ch_mail_fallback_box_get_batches (ChMailFallbackBox *self)
{
  return self->batches;
}
