/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-source"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-mail-record.h"
#include "ch-mail-source.h"
#include "ch-member-list.h"

G_DEFINE_QUARK (ch-mail-source-error-quark, ch_mail_source_error)

G_DEFINE_BOXED_TYPE (ChMailSource, ch_mail_source, ch_mail_source_copy, ch_mail_source_free)

/* How far back the compose dialog looks for the same message. */
#define RECENT_DAYS 7

static const char *const filter_names[] = { "tier", "status", "specialty", "role",
                                            "partner_kind" };
G_STATIC_ASSERT (G_N_ELEMENTS (filter_names) == CH_MAIL_SOURCE_N_FILTERS);

const char *
ch_mail_source_filter_name (ChMailSourceFilter filter)
{
  g_return_val_if_fail ((guint) filter < CH_MAIL_SOURCE_N_FILTERS, "tier");

  return filter_names[filter];
}

static ChMailSource *
source_new (ChMailSourceKind  kind,
            const char       *chapter_id)
{
  ChMailSource *self = g_new0 (ChMailSource, 1);

  self->kind = kind;
  self->chapter_id = g_strdup (chapter_id);
  return self;
}

ChMailSource *
ch_mail_source_copy (const ChMailSource *self)
{
  ChMailSource *copy = g_memdup2 (self, sizeof *self);

  copy->chapter_id = g_strdup (self->chapter_id);
  copy->members = self->members != NULL ? g_ptr_array_ref (self->members) : NULL;
  copy->search = g_strdup (self->search);
  for (guint i = 0; i < CH_MAIL_SOURCE_N_FILTERS; i++)
    copy->filters[i] = g_strdup (self->filters[i]);
  copy->event_id = g_strdup (self->event_id);
  copy->who = g_strdup (self->who);
  copy->mode = g_strdup (self->mode);

  return copy;
}

void
ch_mail_source_free (ChMailSource *self)
{
  if (self == NULL)
    return;

  g_free (self->chapter_id);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_free (self->search);
  for (guint i = 0; i < CH_MAIL_SOURCE_N_FILTERS; i++)
    g_free (self->filters[i]);
  g_free (self->event_id);
  g_free (self->who);
  g_free (self->mode);
  g_free (self);
}

ChMailSource *
ch_mail_source_new_members (const char *chapter_id,
                            GPtrArray  *members)
{
  ChMailSource *self = source_new (CH_MAIL_SOURCE_MEMBERS, chapter_id);

  /* Members are immutable read objects: a copy of the array, the same
   * objects, safe to read on a worker. */
  self->members = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; members != NULL && i < members->len; i++)
    g_ptr_array_add (self->members, g_object_ref (members->pdata[i]));
  return self;
}

ChMailSource *
ch_mail_source_new_filter (const char *chapter_id,
                           const char *search)
{
  ChMailSource *self = source_new (CH_MAIL_SOURCE_FILTER, chapter_id);

  self->search = g_strdup (search);
  return self;
}

void
ch_mail_source_set_filter (ChMailSource       *self,
                           ChMailSourceFilter  filter,
                           const char         *value)
{
  g_return_if_fail ((guint) filter < CH_MAIL_SOURCE_N_FILTERS);

  g_free (self->filters[filter]);
  self->filters[filter] = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

ChMailSource *
ch_mail_source_new_renewals (const char     *chapter_id,
                             ChRenewalGroup  group)
{
  ChMailSource *self = source_new (CH_MAIL_SOURCE_RENEWALS, chapter_id);

  self->group = group;
  return self;
}

ChMailSource *
ch_mail_source_new_event (const char *chapter_id,
                          const char *event_id,
                          const char *who,
                          const char *mode)
{
  ChMailSource *self = source_new (CH_MAIL_SOURCE_EVENT, chapter_id);

  self->event_id = g_strdup (event_id);
  self->who = g_strdup (who != NULL ? who : "registered");
  self->mode = g_strdup (mode);
  return self;
}

ChMailSource *
ch_mail_source_new_reminders (const char                *chapter_id,
                              const ChMailReminderRules *rules,
                              ChMailReminderStep         step)
{
  ChMailSource *self = source_new (CH_MAIL_SOURCE_REMINDERS, chapter_id);

  self->rules = *rules;
  self->step = step;
  return self;
}

const char *
ch_mail_source_suggested_template (const ChMailSource *self)
{
  switch (self->kind)
    {
    case CH_MAIL_SOURCE_RENEWALS:
      return self->group == CH_RENEWAL_IN_GRACE ? "renewal-grace"
        : self->group == CH_RENEWAL_RECENTLY_LAPSED ? "renewal-lapsed" : "renewal-due";
    case CH_MAIL_SOURCE_REMINDERS:
      return ch_mail_reminders_template (self->step);
    case CH_MAIL_SOURCE_EVENT:
      if (g_strcmp0 (self->who, "attended") == 0 || g_strcmp0 (self->who, "no-show") == 0)
        return "event-thanks";
      return "event-reminder";
    case CH_MAIL_SOURCE_MEMBERS:
    case CH_MAIL_SOURCE_FILTER:
    default:
      return NULL;
    }
}

/* The same query as the Members page (and `members list`): the list model
 * of core, asked once, on this thread. */
static GPtrArray *
filter_members (ChStore             *store,
                const ChMailSource  *self,
                GError             **error)
{
  g_autoptr(ChMemberList) list = ch_member_list_new (store, self->chapter_id);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  ch_member_list_set_search (list, self->search);
  for (guint i = 0; i < CH_MAIL_SOURCE_N_FILTERS; i++)
    ch_member_list_set_filter (list, filter_names[i], self->filters[i]);
  if (!ch_member_list_refresh_sync (list, error))
    return NULL;

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (members, g_list_model_get_item (G_LIST_MODEL (list), i));

  return g_steal_pointer (&members);
}

ChMailRecipients *
ch_mail_source_resolve (ChStore             *store,
                        const ChMailSource  *self,
                        GError             **error)
{
  g_autoptr(ChMailRecipients) r = NULL;
  g_autoptr(GPtrArray) members = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  switch (self->kind)
    {
    case CH_MAIL_SOURCE_MEMBERS:
      r = ch_mail_recipients_from_members (self->members);
      break;
    case CH_MAIL_SOURCE_FILTER:
      if ((members = filter_members (store, self, error)) == NULL)
        return NULL;
      r = ch_mail_recipients_from_members (members);
      break;
    case CH_MAIL_SOURCE_RENEWALS:
      r = ch_mail_recipients_for_renewals (store, self->chapter_id, self->group, error);
      break;
    case CH_MAIL_SOURCE_EVENT:
      r = ch_mail_recipients_for_event_mode (store, self->event_id, self->who, self->mode,
                                             error);
      break;
    case CH_MAIL_SOURCE_REMINDERS:
      members = ch_mail_reminders_due (store, self->chapter_id, &self->rules, self->step,
                                       error);
      if (members == NULL)
        return NULL;
      r = ch_mail_recipients_from_members (members);
      break;
    default:
      g_set_error_literal (error, CH_MAIL_SOURCE_ERROR, CH_MAIL_SOURCE_ERROR_INVALID,
                           _("Choose whom to write to."));
      return NULL;
    }
  if (r == NULL)
    return NULL;

  r->recent = ch_mail_record_recent (store, self->chapter_id, RECENT_DAYS, error);
  if (r->recent == NULL)
    return NULL;

  return g_steal_pointer (&r);
}

typedef struct
{
  char         *db_path;
  ChMailSource *source;
} ResolveJob;

static void
resolve_job_free (ResolveJob *job)
{
  g_free (job->db_path);
  ch_mail_source_free (job->source);
  g_free (job);
}

static void
resolve_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ResolveJob *job = task_data;
  g_autoptr(ChStore) store = NULL;
  GError *error = NULL;
  ChMailRecipients *r;

  store = ch_store_open_existing (job->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  r = ch_mail_source_resolve (store, job->source, &error);
  if (r == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, r, (GDestroyNotify) ch_mail_recipients_free);
}

void
ch_mail_source_resolve_async (const char          *db_path,
                              const ChMailSource  *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ResolveJob *job = g_new0 (ResolveJob, 1);

  job->db_path = g_strdup (db_path);
  job->source = ch_mail_source_copy (self);
  g_task_set_source_tag (task, ch_mail_source_resolve_async);
  g_task_set_task_data (task, job, (GDestroyNotify) resolve_job_free);
  g_task_run_in_thread (task, resolve_thread);
}

ChMailRecipients *
ch_mail_source_resolve_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
