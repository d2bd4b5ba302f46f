/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Mail templates: a subject and a text with fields such as
 * {{given_name}}.  Six are built in (renewal due, in grace, lapsed
 * win-back, event invitation, event reminder, thank you); a chapter may
 * edit them on this computer, and reset them to the built-in text.
 */

#define CH_MAIL_TEMPLATE_ERROR (ch_mail_template_error_quark ())

typedef enum
{
  CH_MAIL_TEMPLATE_ERROR_NOT_FOUND,
  CH_MAIL_TEMPLATE_ERROR_UNKNOWN_FIELD,
  CH_MAIL_TEMPLATE_ERROR_INVALID,
  CH_MAIL_TEMPLATE_ERROR_FAILED,
} ChMailTemplateError;

GQuark ch_mail_template_error_quark (void);

/* What a template is about: what it needs to be filled in. */
typedef enum
{
  CH_MAIL_TEMPLATE_RENEWAL,   /* a member's dues */
  CH_MAIL_TEMPLATE_EVENT,     /* an event: needs one */
} ChMailTemplateKind;

#define CH_TYPE_MAIL_TEMPLATE (ch_mail_template_get_type ())

typedef struct
{
  char               *key;        /* "renewal-due" */
  char               *name;       /* "Renewal reminder", translated */
  ChMailTemplateKind  kind;
  gboolean            attach_ics; /* the event's .ics goes with it */
  gboolean            edited;     /* the chapter changed the built-in text */
  gboolean            html_part;  /* send a simple HTML version too (chosen for a
                                   * batch, not stored: FALSE from the store) */
  char               *subject;
  char               *body;
} ChMailTemplate;

GType           ch_mail_template_get_type (void) G_GNUC_CONST;
ChMailTemplate *ch_mail_template_copy     (const ChMailTemplate *self);
void            ch_mail_template_free     (ChMailTemplate       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChMailTemplate, ch_mail_template_free)

/* The fields a template may use, NULL-terminated: "given_name", … */
const char * const *ch_mail_template_fields (void);

/* Every template of @chapter_id (element type ChMailTemplate), built-in
 * order, with the chapter's edits. */
GPtrArray      *ch_mail_template_list     (ChStore     *store,
                                           const char  *chapter_id,
                                           GError     **error);
/* One template; CH_MAIL_TEMPLATE_ERROR_NOT_FOUND for an unknown key. */
ChMailTemplate *ch_mail_template_get      (ChStore     *store,
                                           const char  *chapter_id,
                                           const char  *key,
                                           GError     **error);
/* Stores the chapter's own subject and text of @key; both must be given
 * and name only known fields. */
gboolean        ch_mail_template_save     (ChStore     *store,
                                           const char  *chapter_id,
                                           const char  *key,
                                           const char  *subject,
                                           const char  *body,
                                           GError     **error);
/* Back to the built-in text. */
gboolean        ch_mail_template_reset    (ChStore     *store,
                                           const char  *chapter_id,
                                           const char  *key,
                                           GError     **error);

/* @text with each {{field}} replaced by its value in @values (a missing
 * value becomes ""); CH_MAIL_TEMPLATE_ERROR_UNKNOWN_FIELD for a field that
 * is not one of ch_mail_template_fields(). */
char           *ch_mail_template_fill     (const char  *text,
                                           GHashTable  *values,
                                           GError     **error);

G_END_DECLS
