/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-compose-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-mail-account.h"
#include "ch-mail-fallback-box.h"
#include "ch-mail-compose-dialog-private.h"
#include "ch-mail-outbox.h"
#include "ch-mail-queue.h"
#include "ch-mail-record.h"
#include "ch-mail-recipients.h"
#include "ch-mail-sender.h"
#include "ch-mail-source.h"
#include "ch-mail-template.h"
#include "ch-mail-template-editor.h"


struct _ChMailComposeDialog
{
  AdwWindow         parent_instance;

  ChStore          *store;
  char             *chapter_id;
  ChMailAccount    *account;       /* NULL: the fallback */
  ChMailSource     *source;
  ChMailRecipients *recipients;    /* NULL until the worker found them */
  GPtrArray        *templates;     /* ChMailTemplate offered */
  GtkWidget        *fallback;      /* ChMailFallbackBox, without an account */
  GCancellable     *cancellable;

  GtkBox           *box;
  AdwHeaderBar     *header;
  GtkWidget        *finding;       /* "Finding the recipients…" */
  GtkWidget        *summary;
  GtkWidget        *warning;       /* reminded in the last week */
  AdwComboRow      *template_row;
  GtkWidget        *preview_title;
  GtkWidget        *preview;
  GtkWidget        *send_button;
  GtkWidget        *edit_button;   /* the template's */
  GtkWidget        *html_switch;   /* also a formatted (HTML) version */
  GtkWidget        *progress;
  GtkWidget        *result;
};

G_DEFINE_FINAL_TYPE (ChMailComposeDialog, ch_mail_compose_dialog, ADW_TYPE_WINDOW)

enum {
  READY,
  SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ch_mail_compose_dialog_dispose (GObject *object)
{
  ChMailComposeDialog *self = CH_MAIL_COMPOSE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->chapter_id, g_free);
  g_clear_pointer (&self->account, ch_mail_account_free);
  g_clear_pointer (&self->source, ch_mail_source_free);
  g_clear_pointer (&self->recipients, ch_mail_recipients_free);
  g_clear_pointer (&self->templates, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_mail_compose_dialog_parent_class)->dispose (object);
}

static void
ch_mail_compose_dialog_class_init (ChMailComposeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_mail_compose_dialog_dispose;

  /* The recipients are known (shown, or the fallback built). */
  signals[READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A batch went out (some may wait or have failed): records changed. */
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ch_mail_compose_dialog_init (ChMailComposeDialog *self)
{
  self->cancellable = g_cancellable_new ();
}

static char *
summary_text (ChMailRecipients *r)
{
  guint n = r->members->len;
  g_autoptr(GString) left = g_string_new (NULL);
  g_autofree char *left_text = NULL;
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%u member will get a message of "
                                                         "their own.",
                                                         "%u members will get a message of "
                                                         "their own.", n), n);

  for (guint i = 0; i < r->left_out->len; i++)
    {
      ChMailLeftOut *l = r->left_out->pdata[i];

      if (left->len > 0)
        g_string_append (left, ", ");
      /* Translators: a member left out of a mailing and why: "Bo Ek (No e-mail address)" */
      g_string_append_printf (left, _("%s (%s)"), l->name,
                              ch_mail_recipients_left_out_label (l->reason));
    }
  if (left->len == 0)
    return g_steal_pointer (&count);

  /* Translators: who is left out of a mailing, a list such as "Bo Ek (No e-mail
   * address), Eva Lind (Asked not to be e-mailed)"; shown after the sentence
   * “%u members will get a message of their own.” */
  left_text = g_strdup_printf (_("Left out: %s."), left->str);
  /* Two whole sentences, one after the other */
  return g_strjoin (" ", count, left_text, NULL);
}

/* Who got a message of this template in the last week, from any officer
 * whose record has synced: two officers should not remind the same person
 * twice. */
static void
update_warning (ChMailComposeDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->template_row);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *text = NULL;
  ChMailTemplate *template;
  guint n = 0;

  if (selected >= self->templates->len)
    return;
  template = self->templates->pdata[selected];
  /* What each got this week was read with the recipients, on the worker. */
  for (guint i = 0; self->recipients->recent != NULL && i < self->recipients->members->len; i++)
    {
      ChMember *m = self->recipients->members->pdata[i];
      GPtrArray *got = g_hash_table_lookup (self->recipients->recent, ch_member_get_id (m));
      ChMailRecord *same = NULL;

      for (guint k = 0; got != NULL && same == NULL && k < got->len; k++)
        if (g_strcmp0 (((ChMailRecord *) got->pdata[k])->template_key, template->key) == 0)
          same = got->pdata[k];
      if (same == NULL)
        continue;
      if (n++ > 0)
        g_string_append (names, ", ");
      if (same->sent_by != NULL &&
          g_ascii_strcasecmp (same->sent_by, self->account->from_address) != 0)
        /* Translators: a member and the other officer who already wrote to them,
         * such as "Sven Nord (sent by vp@example.org)". */
        g_string_append_printf (names, _("%s (sent by %s)"), ch_member_get_display_name (m),
                                same->sent_by);
      else
        g_string_append (names, ch_member_get_display_name (m));
    }

  if (n > 0)
    /* Translators: %s names the members, such as "Sven Nord, Asa Nord". */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Got this message in the last 7 days already: %s.",
                                         "Got this message in the last 7 days already: %s.",
                                         n), names->str);
  gtk_label_set_text (GTK_LABEL (self->warning), text != NULL ? text : "");
  gtk_widget_set_visible (self->warning, text != NULL);
}

static void
update_preview (ChMailComposeDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->template_row);
  ChMailTemplate *template;
  g_autoptr(ChMailOutboxDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  ChMember *first;

  if (self->recipients->members->len == 0 || selected >= self->templates->len)
    {
      gtk_label_set_text (GTK_LABEL (self->preview), "");
      gtk_widget_set_visible (self->preview_title, FALSE);
      return;
    }

  template = self->templates->pdata[selected];
  first = self->recipients->members->pdata[0];
  draft = ch_mail_outbox_preview (self->store, self->account, template, first,
                                  self->recipients->event_id, &error);
  if (draft == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->preview), error->message);
      return;
    }

  /* Translators: above the message one real recipient would get. */
  title = g_strdup_printf (_("The Message to %s"), ch_member_get_display_name (first));
  gtk_label_set_text (GTK_LABEL (self->preview_title), title);
  gtk_widget_set_visible (self->preview_title, TRUE);
  /* Translators: the preview of a message: its recipient, subject and text. */
  text = g_strdup_printf (_("To: %s\nSubject: %s\n\n%s"), draft->to, draft->subject, draft->body);
  gtk_label_set_text (GTK_LABEL (self->preview), text);
}

static void
on_template_selected_cb (ChMailComposeDialog *self)
{
  if (self->recipients == NULL)
    return;
  update_warning (self);
  update_preview (self);
}

static void
set_progress (ChMailComposeDialog *self,
              const char          *text,
              guint                done,
              guint                total)
{
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress),
                                 total > 0 ? (double) done / total : 1.0);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), text);
}

static void
on_progress_cb (guint    done,
                guint    total,
                gpointer data)
{
  ChMailComposeDialog *self = data;
  g_autofree char *text = NULL;

  if (self->store == NULL)   /* closed */
    return;
  /* Translators: while sending, "12 of 40 messages sent" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u message sent",
                                       "%u of %u messages sent", total), done, total);
  set_progress (self, text, done, total);
}

static void
on_queue_progress_cb (guint    done,
                      guint    total,
                      gpointer data)
{
  ChMailComposeDialog *self = data;
  g_autofree char *text = NULL;

  if (self->store == NULL)
    return;
  /* Translators: while the messages are filled in, "250 of 1000 messages ready" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u message ready",
                                       "%u of %u messages ready", total), done, total);
  set_progress (self, text, done, total);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(ChMailComposeDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  ChMailSendReport report = { 0 };
  gboolean ok = ch_mail_sender_send_finish (result, &report, &error);

  if (self->store == NULL)   /* closed while sending: the rest waits in the outbox */
    return;

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 1.0);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u message sent.",
                                             "%u messages sent.", report.sent), report.sent);
  if (report.waiting > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u waits: the server said to try later.",
                                                 "%u wait: the server said to try later.",
                                                 report.waiting), report.waiting);
    }
  if (report.failed > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u was refused by the mail server.",
                                                 "%u were refused by the mail server.",
                                                 report.failed), report.failed);
    }
  if (!ok)
    {
      g_string_append_c (text, ' ');
      /* Translators: %s is why sending stopped */
      g_string_append_printf (text, _("The rest wait: %s"), error->message);
    }
  gtk_label_set_text (GTK_LABEL (self->result), text->str);
  gtk_widget_set_visible (self->result, TRUE);
  g_signal_emit (self, signals[SENT], 0);
}

static void
on_queued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(ChMailComposeDialog) self = data;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  if (!ch_mail_queue_finish (result, NULL, &count, &error))
    {
      if (self->store == NULL)
        return;
      gtk_widget_set_visible (self->progress, FALSE);
      gtk_label_set_text (GTK_LABEL (self->result), error->message);
      gtk_widget_set_visible (self->result, TRUE);
      gtk_widget_set_sensitive (self->send_button, TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->template_row), TRUE);
      return;
    }
  if (self->store == NULL)   /* closed: the batch waits in the outbox */
    return;

  on_progress_cb (0, count, self);
  ch_mail_sender_send_async (ch_store_get_path (self->store), self->chapter_id,
                             self->cancellable, on_progress_cb, self, on_sent_cb,
                             g_object_ref (self));
}

static void
on_send_clicked_cb (ChMailComposeDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->template_row);
  g_autoptr(ChMailTemplate) template = NULL;

  if (selected >= self->templates->len || self->recipients == NULL)
    return;

  /* Queued on a worker (filled in, MIME built, written in one
   * transaction), then sent: never twice from this dialog. */
  gtk_widget_set_sensitive (self->send_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->template_row), FALSE);
  gtk_widget_set_sensitive (self->html_switch, FALSE);
  gtk_widget_set_visible (self->result, FALSE);
  gtk_widget_set_visible (self->progress, TRUE);
  on_queue_progress_cb (0, self->recipients->members->len, self);
  /* Not cancelled by closing: a batch asked for is queued whole. */
  template = ch_mail_template_copy (self->templates->pdata[selected]);
  template->html_part = gtk_switch_get_active (GTK_SWITCH (self->html_switch));
  ch_mail_queue_async (ch_store_get_path (self->store), self->account, template,
                       self->recipients, NULL,
                       on_queue_progress_cb, self, on_queued_cb, g_object_ref (self));
}

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

/* ----------------------------------------------------------------------- */

static void on_edit_template_clicked_cb (ChMailComposeDialog *self);

static void
build_compose (ChMailComposeDialog *self,
               GtkBox              *box,
               AdwHeaderBar        *header)
{
  g_autoptr(GPtrArray) all = ch_mail_template_list (self->store, self->chapter_id, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *suggested = ch_mail_source_suggested_template (self->source);
  gboolean about_event = self->source->kind == CH_MAIL_SOURCE_EVENT;
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *frame;
  guint chosen = 0;

  self->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_mail_template_free);
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      ChMailTemplate *t = all->pdata[i];

      /* Event templates only for an event's people. */
      if ((t->kind == CH_MAIL_TEMPLATE_EVENT) != about_event)
        continue;
      if (g_strcmp0 (t->key, suggested) == 0)
        chosen = self->templates->len;
      g_ptr_array_add (self->templates, ch_mail_template_copy (t));
      gtk_string_list_append (names, t->name);
    }

  self->send_button = gtk_button_new_with_mnemonic (_("_Send"));
  gtk_widget_add_css_class (self->send_button, "suggested-action");
  gtk_widget_set_sensitive (self->send_button, FALSE);
  g_signal_connect_swapped (self->send_button, "clicked", G_CALLBACK (on_send_clicked_cb), self);
  adw_header_bar_pack_end (header, self->send_button);

  self->summary = wrapped_label (NULL, NULL);
  gtk_widget_set_visible (self->summary, FALSE);
  gtk_box_append (box, self->summary);
  self->warning = wrapped_label (NULL, "warning");
  gtk_widget_set_visible (self->warning, FALSE);
  gtk_box_append (box, self->warning);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  self->template_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->template_row), _("_Template"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->template_row), TRUE);
  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->template_row, chosen);
  {
    GtkWidget *edit = self->edit_button = gtk_button_new_with_mnemonic (_("_Edit…"));

    gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
    gtk_widget_set_tooltip_text (edit, _("Change this template’s subject and text"));
    g_signal_connect_swapped (edit, "clicked", G_CALLBACK (on_edit_template_clicked_cb), self);
    adw_action_row_add_suffix (ADW_ACTION_ROW (self->template_row), edit);
  }
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->template_row));
  {
    GtkWidget *row = adw_action_row_new ();
    const char *title = _("Also send a _formatted version");

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 _("Mail apps that show formatting get the same text with "
                                   "clickable links."));
    self->html_switch = gtk_switch_new ();
    gtk_switch_set_active (GTK_SWITCH (self->html_switch), TRUE);
    gtk_widget_set_valign (self->html_switch, GTK_ALIGN_CENTER);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->html_switch),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Also send a formatted version"), -1);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->html_switch);
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->html_switch);
    gtk_list_box_append (GTK_LIST_BOX (list), row);
  }
  gtk_box_append (box, list);

  self->preview_title = wrapped_label (NULL, "heading");
  gtk_widget_set_visible (self->preview_title, FALSE);
  gtk_box_append (box, self->preview_title);
  self->preview = wrapped_label (NULL, NULL);
  gtk_label_set_selectable (GTK_LABEL (self->preview), TRUE);
  gtk_widget_set_margin_start (self->preview, 12);
  gtk_widget_set_margin_end (self->preview, 12);
  gtk_widget_set_margin_top (self->preview, 12);
  gtk_widget_set_margin_bottom (self->preview, 12);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), self->preview);
  gtk_box_append (box, frame);

  self->progress = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress), TRUE);
  gtk_widget_set_visible (self->progress, FALSE);
  gtk_box_append (box, self->progress);

  g_signal_connect_swapped (self->template_row, "notify::selected",
                            G_CALLBACK (on_template_selected_cb), self);
}

/* The template was edited or reset: the same ones, their new text. */
static void
on_template_saved_cb (ChMailComposeDialog *self)
{
  for (guint i = 0; i < self->templates->len; i++)
    {
      ChMailTemplate *t = self->templates->pdata[i];
      ChMailTemplate *fresh = ch_mail_template_get (self->store, self->chapter_id, t->key, NULL);

      if (fresh != NULL)
        {
          ch_mail_template_free (t);
          self->templates->pdata[i] = fresh;
        }
    }
  if (self->recipients != NULL)
    update_preview (self);
}

static void
on_edit_template_clicked_cb (ChMailComposeDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->template_row);
  ChMailTemplateEditor *editor;

  if (selected >= self->templates->len)
    return;
  editor = ch_mail_template_editor_new (GTK_WINDOW (self), self->store, self->chapter_id,
                                        ((ChMailTemplate *) self->templates->pdata[selected])->key);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_template_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

/* The recipients are known: who gets a message, who is left out, what
 * one of them would read. */
static void
show_recipients (ChMailComposeDialog *self)
{
  g_autofree char *text = summary_text (self->recipients);

  gtk_label_set_text (GTK_LABEL (self->summary), text);
  gtk_widget_set_visible (self->summary, TRUE);
  gtk_widget_set_sensitive (self->send_button, self->recipients->members->len > 0);
  update_warning (self);
  update_preview (self);
}

static void
on_resolved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(ChMailComposeDialog) self = data;
  g_autoptr(GError) error = NULL;
  ChMailRecipients *recipients = ch_mail_source_resolve_finish (result, &error);

  if (self->store == NULL)   /* closed meanwhile */
    {
      g_clear_pointer (&recipients, ch_mail_recipients_free);
      return;
    }

  gtk_widget_set_visible (self->finding, FALSE);
  if (recipients == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->result), error->message);
      gtk_widget_set_visible (self->result, TRUE);
      return;
    }

  self->recipients = recipients;
  if (self->account != NULL)
    show_recipients (self);
  else
    {
      self->fallback = ch_mail_fallback_box_new (self->store, self->chapter_id, self->source,
                                                 recipients, self->result);
      gtk_box_insert_child_after (self->box, self->fallback, self->finding);
    }
  g_signal_emit (self, signals[READY], 0);
}

ChMailComposeDialog *
ch_mail_compose_dialog_new_for_source (GtkWindow          *parent,
                                       ChStore            *store,
                                       const ChMailSource *source)
{
  ChMailComposeDialog *self = g_object_new (CH_TYPE_MAIL_COMPOSE_DIALOG,
                                            "modal", TRUE,
                                            "transient-for", parent,
                                            "default-width", 560,
                                            "default-height", 640,
                                            "title", _("E-mail Members"),
                                            NULL);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  self->chapter_id = g_strdup (source->chapter_id);
  self->source = ch_mail_source_copy (source);
  self->account = ch_mail_account_load (store, source->chapter_id, NULL);
  self->box = GTK_BOX (box);
  self->header = ADW_HEADER_BAR (header);

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  /* Finding the recipients runs SQL (a filter may hold thousands): on a
   * worker, while this shows. */
  self->finding = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_box_append (GTK_BOX (self->finding), spinner);
  gtk_box_append (GTK_BOX (self->finding), wrapped_label (_("Finding the recipients…"), NULL));
  gtk_box_append (GTK_BOX (box), self->finding);

  if (self->account != NULL)
    build_compose (self, GTK_BOX (box), ADW_HEADER_BAR (header));
  else
    gtk_window_set_default_size (GTK_WINDOW (self), 480, 440);

  self->result = wrapped_label (NULL, NULL);
  gtk_widget_set_visible (self->result, FALSE);
  gtk_box_append (GTK_BOX (box), self->result);

  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (outer), header);
  gtk_box_append (GTK_BOX (outer), scrolled);
  adw_window_set_content (ADW_WINDOW (self), outer);

  ch_mail_source_resolve_async (ch_store_get_path (store), source, self->cancellable,
                                on_resolved_cb, g_object_ref (self));

  return self;
}

ChMailComposeDialog *
ch_mail_compose_dialog_new (GtkWindow  *parent,
                            ChStore    *store,
                            const char *chapter_id,
                            GPtrArray  *members)
{
  g_autoptr(ChMailSource) source = ch_mail_source_new_members (chapter_id, members);

  return ch_mail_compose_dialog_new_for_source (parent, store, source);
}

/* ----------------------------------------------------------------------- */
/* For tests                                                               */

const char *
ch_mail_compose_dialog_get_summary (ChMailComposeDialog *self)
{
  return self->summary != NULL && gtk_widget_get_visible (self->summary)
    ? gtk_label_get_text (GTK_LABEL (self->summary)) : NULL;
}

char *
ch_mail_compose_dialog_dup_preview (ChMailComposeDialog *self)
{
  return self->preview != NULL ? g_strdup (gtk_label_get_text (GTK_LABEL (self->preview)))
                               : NULL;
}

const char *
ch_mail_compose_dialog_get_warning (ChMailComposeDialog *self)
{
  return self->warning != NULL && gtk_widget_get_visible (self->warning)
    ? gtk_label_get_text (GTK_LABEL (self->warning)) : NULL;
}

const char *
ch_mail_compose_dialog_get_result (ChMailComposeDialog *self)
{
  return gtk_widget_get_visible (self->result) ? gtk_label_get_text (GTK_LABEL (self->result))
                                               : NULL;
}

GtkWidget *
ch_mail_compose_dialog_get_send_button (ChMailComposeDialog *self)
{
  return self->send_button;
}

GPtrArray *
ch_mail_compose_dialog_get_batches (ChMailComposeDialog *self)
{
  return self->fallback != NULL
    ? ch_mail_fallback_box_get_batches (CH_MAIL_FALLBACK_BOX (self->fallback)) : NULL;
}

void
ch_mail_compose_dialog_save_eml (ChMailComposeDialog *self,
                                 const char          *dir)
{
  if (self->fallback != NULL)
    ch_mail_fallback_box_save_eml (CH_MAIL_FALLBACK_BOX (self->fallback), dir);
}

gboolean
ch_mail_compose_dialog_is_fallback (ChMailComposeDialog *self)
{
  return self->account == NULL;
}

gboolean
ch_mail_compose_dialog_is_ready (ChMailComposeDialog *self)
{
  return self->recipients != NULL;
}

const char *
ch_mail_compose_dialog_get_progress_text (ChMailComposeDialog *self)
{
  return self->progress != NULL && gtk_widget_get_visible (self->progress)
    ? gtk_progress_bar_get_text (GTK_PROGRESS_BAR (self->progress)) : NULL;
}

const char *
ch_mail_compose_dialog_get_template_key (ChMailComposeDialog *self)
{
  guint selected;

  if (self->template_row == NULL)
    return NULL;
  selected = adw_combo_row_get_selected (self->template_row);
  return selected < self->templates->len
    ? ((ChMailTemplate *) self->templates->pdata[selected])->key : NULL;
}

GtkWidget *
ch_mail_compose_dialog_get_edit_button (ChMailComposeDialog *self)
{
  return self->edit_button;
}
