/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-event"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-event.h"
#include "ch-row-private.h"
#include "ch-event-time.h"
#include "ch-registration.h"

/* ----------------------------------------------------------------------- */
/* Labels                                                                  */

typedef struct
{
  const char *id;
  const char *label;
} Label;

static const Label kind_labels[] = {
  { CH_EVENT_KIND_MEETING, N_("Chapter meeting") },
  { CH_EVENT_KIND_WEBINAR, N_("Webinar") },
  { CH_EVENT_KIND_P2P, N_("P2P networking") },
  { CH_EVENT_KIND_WIT, N_("Women in Technology") },
  { CH_EVENT_KIND_BOARD, N_("Board meeting") },
  { CH_EVENT_KIND_OTHER, N_("Other") },
};

static const Label format_labels[] = {
  { CH_EVENT_FORMAT_IN_PERSON, N_("In person") },
  { CH_EVENT_FORMAT_ONLINE, N_("Online") },
  { CH_EVENT_FORMAT_HYBRID, N_("Hybrid") },
};

static const Label status_labels[] = {
  { CH_EVENT_STATUS_DRAFT, N_("Draft") },
  { CH_EVENT_STATUS_PUBLISHED, N_("Published") },
  { CH_EVENT_STATUS_CANCELLED, N_("Cancelled") },
};

static const char *
find_label (const Label *labels,
            guint        n,
            const char  *id)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < n; i++)
    if (strcmp (labels[i].id, id) == 0)
      return _(labels[i].label);

  return NULL;
}

#define LABEL(table, id) find_label (table, G_N_ELEMENTS (table), id)

const char *
ch_event_kind_label (const char *kind)
{
  return LABEL (kind_labels, kind);
}

const char * const *
ch_event_kinds (void)
{
  static const char * const kinds[] = {
    CH_EVENT_KIND_MEETING, CH_EVENT_KIND_WEBINAR, CH_EVENT_KIND_P2P,
    CH_EVENT_KIND_WIT, CH_EVENT_KIND_BOARD, CH_EVENT_KIND_OTHER, NULL
  };

  return kinds;
}

const char *
ch_event_format_label (const char *format)
{
  return LABEL (format_labels, format);
}

const char *
ch_event_status_label (const char *status)
{
  return LABEL (status_labels, status);
}

/* ----------------------------------------------------------------------- */
/* Sides                                                                   */

gboolean
ch_event_format_has_side (const char *format,
                          const char *mode)
{
  if (g_strcmp0 (format, CH_EVENT_FORMAT_HYBRID) == 0)
    return TRUE;
  if (g_strcmp0 (mode, CH_MODE_ONLINE) == 0)
    return g_strcmp0 (format, CH_EVENT_FORMAT_ONLINE) == 0;
  if (g_strcmp0 (mode, CH_MODE_IN_PERSON) == 0)
    return g_strcmp0 (format, CH_EVENT_FORMAT_ONLINE) != 0;

  return FALSE;
}

const char *
ch_event_format_default_mode (const char *format)
{
  return g_strcmp0 (format, CH_EVENT_FORMAT_ONLINE) == 0 ? CH_MODE_ONLINE : CH_MODE_IN_PERSON;
}

/* ----------------------------------------------------------------------- */
/* ChEvent                                                                 */

struct _ChEvent
{
  GObject     parent_instance;

  JsonObject *row;
};

G_DEFINE_FINAL_TYPE (ChEvent, ch_event, G_TYPE_OBJECT)

static void
ch_event_finalize (GObject *object)
{
  ChEvent *self = (ChEvent *) object;

  g_clear_pointer (&self->row, json_object_unref);

  G_OBJECT_CLASS (ch_event_parent_class)->finalize (object);
}

static void
ch_event_class_init (ChEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_event_finalize;
}

static void
ch_event_init (ChEvent *self)
{
}

ChEvent *
ch_event_new_from_row (JsonObject *row)
{
  ChEvent *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (CH_TYPE_EVENT, NULL);
  self->row = json_object_ref (row);
  return self;
}

/* A text field, NULL when missing, null or empty. */
static const char *
text (ChEvent    *self,
      const char *field)
{
  g_return_val_if_fail (CH_IS_EVENT (self), NULL);

  return ch_row_get_text (self->row, field);
}

static gint64
number (ChEvent    *self,
        const char *field,
        gint64      fallback)
{
  g_return_val_if_fail (CH_IS_EVENT (self), fallback);

  return ch_row_get_int (self->row, field, fallback);
}

const char *
ch_event_get_id (ChEvent *self)
{
  return text (self, "id");
}

const char *
ch_event_get_chapter_id (ChEvent *self)
{
  return text (self, "chapter_id");
}

const char *
ch_event_get_title (ChEvent *self)
{
  return text (self, "title");
}

const char *
ch_event_get_description (ChEvent *self)
{
  return text (self, "description");
}

const char *
ch_event_get_kind (ChEvent *self)
{
  return text (self, "kind");
}

const char *
ch_event_get_format (ChEvent *self)
{
  return text (self, "format");
}

const char *
ch_event_get_status (ChEvent *self)
{
  return text (self, "status");
}

const char *
ch_event_get_timezone (ChEvent *self)
{
  return text (self, "timezone");
}

const char *
ch_event_get_starts_at (ChEvent *self)
{
  return text (self, "starts_at");
}

const char *
ch_event_get_ends_at (ChEvent *self)
{
  return text (self, "ends_at");
}

const char *
ch_event_get_venue_name (ChEvent *self)
{
  return text (self, "venue_name");
}

const char *
ch_event_get_venue_address (ChEvent *self)
{
  return text (self, "venue_address");
}

const char *
ch_event_get_join_url (ChEvent *self)
{
  return text (self, "join_url");
}

gint64
ch_event_get_capacity_in_person (ChEvent *self)
{
  return number (self, "capacity_in_person", -1);
}

gint64
ch_event_get_capacity_online (ChEvent *self)
{
  return number (self, "capacity_online", -1);
}

gint64
ch_event_get_capacity (ChEvent    *self,
                       const char *mode)
{
  return g_strcmp0 (mode, CH_MODE_ONLINE) == 0 ? ch_event_get_capacity_online (self)
                                               : ch_event_get_capacity_in_person (self);
}

gint64
ch_event_get_sequence (ChEvent *self)
{
  return number (self, "sequence", 0);
}

char *
ch_event_dup_starts_local (ChEvent *self)
{
  return ch_event_time_utc_to_local (ch_event_get_timezone (self), ch_event_get_starts_at (self));
}

char *
ch_event_dup_ends_local (ChEvent *self)
{
  return ch_event_time_utc_to_local (ch_event_get_timezone (self), ch_event_get_ends_at (self));
}

gboolean
ch_event_is_cancelled (ChEvent *self)
{
  return g_strcmp0 (ch_event_get_status (self), CH_EVENT_STATUS_CANCELLED) == 0;
}

gboolean
ch_event_is_published (ChEvent *self)
{
  return g_strcmp0 (ch_event_get_status (self), CH_EVENT_STATUS_PUBLISHED) == 0;
}

gboolean
ch_event_has_side (ChEvent    *self,
                   const char *mode)
{
  return ch_event_format_has_side (ch_event_get_format (self), mode);
}

gboolean
ch_event_has_in_person_side (ChEvent *self)
{
  return ch_event_has_side (self, CH_MODE_IN_PERSON);
}

gboolean
ch_event_has_online_side (ChEvent *self)
{
  return ch_event_has_side (self, CH_MODE_ONLINE);
}

gboolean
ch_event_is_hybrid (ChEvent *self)
{
  return ch_event_has_in_person_side (self) && ch_event_has_online_side (self);
}

const char *
ch_event_get_default_mode (ChEvent *self)
{
  return ch_event_format_default_mode (ch_event_get_format (self));
}

JsonObject *
ch_event_to_json (ChEvent *self)
{
  JsonObject *out = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (CH_IS_EVENT (self), out);

  json_object_iter_init (&iter, self->row);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (out, name, json_node_copy (node));

  return out;
}
