/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-template-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-mail-template-editor.h"
#include "ch-mail-template.h"

struct _ChMailTemplateEditor
{
  AdwWindow       parent_instance;

  ChStore        *store;
  char           *chapter_id;
  char           *key;

  AdwEntryRow    *subject;
  GtkTextView    *body;
  GtkWidget      *error;
  GtkWidget      *reset_button;
  gboolean        body_last;    /* the text, not the subject, had the cursor last */
};

G_DEFINE_FINAL_TYPE (ChMailTemplateEditor, ch_mail_template_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What each field of ch_mail_template_fields() is called on its button. */
static const struct
{
  const char *field;
  const char *label;
} field_labels[] = {
  { "given_name", N_("Given name") },
  { "family_name", N_("Family name") },
  { "tier", N_("Tier") },
  { "dues_paid_until", N_("Dues paid until") },
  { "amount_due", N_("Amount due") },
  { "chapter", N_("Chapter") },
  { "event_title", N_("Event title") },
  { "event_start", N_("Event start") },
  { "event_venue", N_("Venue") },
  { "event_join_link", N_("Join link") },
  { "signature", N_("Your signature") },
};

static const char *
field_label (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field_labels[i].field, field))
      return _(field_labels[i].label);
  return field;
}

static void
say (ChMailTemplateEditor *self,
     const char           *text)
{
  gtk_label_set_text (GTK_LABEL (self->error), text != NULL ? text : "");
  gtk_widget_set_visible (self->error, text != NULL);
}

static void
on_edited_cb (ChMailTemplateEditor *self)
{
  say (self, NULL);
}

static void
load (ChMailTemplateEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMailTemplate) t = ch_mail_template_get (self->store, self->chapter_id, self->key,
                                                      &error);

  if (t == NULL)
    {
      say (self, error->message);
      return;
    }
  {
    /* Translators: the title of the template editor, %s is a template's name */
    g_autofree char *title = g_strdup_printf (_("Edit “%s”"), t->name);

    gtk_window_set_title (GTK_WINDOW (self), title);
  }
  gtk_editable_set_text (GTK_EDITABLE (self->subject), t->subject);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body), t->body, -1);
  gtk_widget_set_sensitive (self->reset_button, t->edited);
  say (self, NULL);
}

void
ch_mail_template_editor_insert_field (ChMailTemplateEditor *self,
                                      const char           *field)
{
  g_autofree char *text = g_strdup_printf ("{{%s}}", field);

  if (self->body_last)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body);

      gtk_text_buffer_insert_at_cursor (buffer, text, -1);
      gtk_widget_grab_focus (GTK_WIDGET (self->body));
    }
  else
    {
      int pos = gtk_editable_get_position (GTK_EDITABLE (self->subject));

      gtk_editable_insert_text (GTK_EDITABLE (self->subject), text, -1, &pos);
      gtk_editable_set_position (GTK_EDITABLE (self->subject), pos);
      gtk_widget_grab_focus (GTK_WIDGET (self->subject));
    }
}

static void
on_field_clicked_cb (GtkButton            *button,
                     ChMailTemplateEditor *self)
{
  ch_mail_template_editor_insert_field (self, g_object_get_data (G_OBJECT (button), "field"));
}

static void
on_focus_cb (ChMailTemplateEditor *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL)
    return;
  if (focus == GTK_WIDGET (self->body))
    self->body_last = TRUE;
  else if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->subject)))
    self->body_last = FALSE;
}

gboolean
ch_mail_template_editor_save (ChMailTemplateEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body);
  GtkTextIter start, end;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!ch_mail_template_save (self->store, self->chapter_id, self->key,
                              gtk_editable_get_text (GTK_EDITABLE (self->subject)), body,
                              &error))
    {
      /* What was typed stays. */
      say (self, error->message);
      return FALSE;
    }
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

gboolean
ch_mail_template_editor_reset (ChMailTemplateEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!ch_mail_template_reset (self->store, self->chapter_id, self->key, &error))
    {
      say (self, error->message);
      return FALSE;
    }
  load (self);
  g_signal_emit (self, signals[SAVED], 0);
  return TRUE;
}

static void
on_save_clicked_cb (ChMailTemplateEditor *self)
{
  ch_mail_template_editor_save (self);
}

static void
on_reset_clicked_cb (ChMailTemplateEditor *self)
{
  ch_mail_template_editor_reset (self);
}

static void
ch_mail_template_editor_dispose (GObject *object)
{
  ChMailTemplateEditor *self = CH_MAIL_TEMPLATE_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->chapter_id, g_free);
  g_clear_pointer (&self->key, g_free);

  G_OBJECT_CLASS (ch_mail_template_editor_parent_class)->dispose (object);
}

static void
ch_mail_template_editor_class_init (ChMailTemplateEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_mail_template_editor_dispose;
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ch_mail_template_editor_init (ChMailTemplateEditor *self)
{
  /* Fields mostly go into the text. */
  self->body_last = TRUE;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

ChMailTemplateEditor *
ch_mail_template_editor_new (GtkWindow  *parent,
                             ChStore    *store,
                             const char *chapter_id,
                             const char *key)
{
  ChMailTemplateEditor *self = g_object_new (CH_TYPE_MAIL_TEMPLATE_EDITOR,
                                             "modal", TRUE,
                                             "transient-for", parent,
                                             "default-width", 600,
                                             "default-height", 640,
                                             NULL);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *body_label = heading (_("_Text"));
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *fields = gtk_flow_box_new ();
  GtkWidget *fields_label = heading (_("Fields"));
  const char *const *names = ch_mail_template_fields ();

  self->store = g_object_ref (store);
  self->chapter_id = g_strdup (chapter_id);
  self->key = g_strdup (key);

  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (on_save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  self->reset_button = gtk_button_new_with_mnemonic (_("_Reset to Built-in"));
  g_signal_connect_swapped (self->reset_button, "clicked", G_CALLBACK (on_reset_clicked_cb),
                            self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->reset_button);

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  self->error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error), 0.0);
  gtk_widget_add_css_class (self->error, "error");
  gtk_widget_set_visible (self->error, FALSE);
  gtk_box_append (GTK_BOX (box), self->error);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  self->subject = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->subject), _("S_ubject"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->subject), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->subject));
  gtk_box_append (GTK_BOX (box), list);

  gtk_label_set_use_underline (GTK_LABEL (body_label), TRUE);
  gtk_box_append (GTK_BOX (box), body_label);
  self->body = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->body, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->body, 12);
  gtk_text_view_set_right_margin (self->body, 12);
  gtk_text_view_set_top_margin (self->body, 12);
  gtk_text_view_set_bottom_margin (self->body, 12);
  gtk_widget_set_size_request (GTK_WIDGET (self->body), -1, 260);
  gtk_label_set_mnemonic_widget (GTK_LABEL (body_label), GTK_WIDGET (self->body));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->body),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, body_label, NULL, -1);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->body));
  gtk_box_append (GTK_BOX (box), frame);

  gtk_box_append (GTK_BOX (box), fields_label);
  gtk_box_append (GTK_BOX (box), gtk_label_new (
    _("A field is filled in for each member. Click one to put it where the cursor is.")));
  gtk_widget_set_halign (gtk_widget_get_last_child (box), GTK_ALIGN_START);
  gtk_widget_add_css_class (gtk_widget_get_last_child (box), "dim-label");
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (fields), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (fields), 4);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (fields), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  fields_label, NULL, -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (field_label (names[i]));
      g_autofree char *tip = g_strdup_printf ("{{%s}}", names[i]);

      gtk_widget_set_tooltip_text (button, tip);
      g_object_set_data_full (G_OBJECT (button), "field", g_strdup (names[i]), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_field_clicked_cb), self);
      gtk_flow_box_append (GTK_FLOW_BOX (fields), button);
    }
  gtk_box_append (GTK_BOX (box), fields);

  /* Which of subject and text the fields go into: the one used last. */
  g_signal_connect_swapped (GTK_WINDOW (self), "notify::focus-widget", G_CALLBACK (on_focus_cb),
                            self);

  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (outer), header);
  gtk_box_append (GTK_BOX (outer), scrolled);
  adw_window_set_content (ADW_WINDOW (self), outer);

  load (self);
  /* An error is about what was there: typing clears it. */
  g_signal_connect_swapped (self->subject, "changed", G_CALLBACK (on_edited_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body), "changed",
                            G_CALLBACK (on_edited_cb), self);
  return self;
}

GtkEditable *
ch_mail_template_editor_get_subject (ChMailTemplateEditor *self)
{
  return GTK_EDITABLE (self->subject);
}

GtkTextView *
ch_mail_template_editor_get_body (ChMailTemplateEditor *self)
{
  return self->body;
}

const char *
ch_mail_template_editor_get_error (ChMailTemplateEditor *self)
{
  return gtk_widget_get_visible (self->error) ? gtk_label_get_text (GTK_LABEL (self->error))
                                               : NULL;
}
