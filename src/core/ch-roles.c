/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-roles"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-membership-private.h"
#include "ch-roles.h"
#include "ch-store-private.h"
#include "ch-date.h"

G_DEFINE_QUARK (ch-roles-error-quark, ch_roles_error)

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, CH_ROLES_ERROR, CH_ROLES_ERROR_INVALID, message);
  return FALSE;
}

/* ----------------------------------------------------------------------- */
/* ChRole                                                                  */

struct _ChRole
{
  GObject   parent_instance;

  char     *id;
  char     *member_id;
  char     *member_name;
  char     *role;
  char     *starts_on;
  char     *ends_on;
  gboolean  ending_soon;
  gboolean  current;
};

G_DEFINE_FINAL_TYPE (ChRole, ch_role, G_TYPE_OBJECT)

static void
ch_role_finalize (GObject *object)
{
  ChRole *self = CH_ROLE (object);

  g_free (self->id);
  g_free (self->member_id);
  g_free (self->member_name);
  g_free (self->role);
  g_free (self->starts_on);
  g_free (self->ends_on);

  G_OBJECT_CLASS (ch_role_parent_class)->finalize (object);
}

static void
ch_role_class_init (ChRoleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_role_finalize;
}

static void
ch_role_init (ChRole *self)
{
}

/* A role from the columns id, member_id, name, role, starts_on, ends_on
 * of @st; @today and @soon (ISO) decide whether it is current and ends soon. */
static ChRole *
role_new_from_statement (sqlite3_stmt *st,
                         const char   *today,
                         const char   *soon)
{
  ChRole *self = g_object_new (CH_TYPE_ROLE, NULL);

  self->id = g_strdup ((const char *) sqlite3_column_text (st, 0));
  self->member_id = g_strdup ((const char *) sqlite3_column_text (st, 1));
  self->member_name = g_strdup ((const char *) sqlite3_column_text (st, 2));
  self->role = g_strdup ((const char *) sqlite3_column_text (st, 3));
  self->starts_on = g_strdup ((const char *) sqlite3_column_text (st, 4));
  self->ends_on = g_strdup ((const char *) sqlite3_column_text (st, 5));
  self->current = self->ends_on == NULL || g_strcmp0 (self->ends_on, today) >= 0;
  self->ending_soon = soon != NULL && self->ends_on != NULL &&
                      strcmp (self->ends_on, today) >= 0 && strcmp (self->ends_on, soon) <= 0;

  return self;
}

#define GETTER(field)                                         \
  const char *                                                \
  ch_role_get_##field (ChRole *self)                          \
  {                                                           \
    g_return_val_if_fail (CH_IS_ROLE (self), NULL);           \
    return self->field;                                       \
  }

GETTER (id)
GETTER (member_id)
GETTER (member_name)
GETTER (role)
GETTER (starts_on)
GETTER (ends_on)

#undef GETTER

const char *
ch_role_get_label (ChRole *self)
{
  g_return_val_if_fail (CH_IS_ROLE (self), NULL);

  return ch_roles_label (self->role);
}

gboolean
ch_role_get_ending_soon (ChRole *self)
{
  g_return_val_if_fail (CH_IS_ROLE (self), FALSE);

  return self->ending_soon;
}

gboolean
ch_role_get_current (ChRole *self)
{
  g_return_val_if_fail (CH_IS_ROLE (self), FALSE);

  return self->current;
}

/* ----------------------------------------------------------------------- */
/* Roles                                                                   */

static const char *const standard_roles[] = {
  CH_ROLE_PRESIDENT, CH_ROLE_VICE_PRESIDENT, CH_ROLE_TREASURER, CH_ROLE_SECRETARY,
  CH_ROLE_WIT_LEAD, CH_ROLE_BOARD_MEMBER, NULL,
};

const char * const *
ch_roles_standard (void)
{
  return standard_roles;
}

const char *
ch_roles_label (const char *role)
{
  if (g_strcmp0 (role, CH_ROLE_PRESIDENT) == 0)
    return _("President");
  if (g_strcmp0 (role, CH_ROLE_VICE_PRESIDENT) == 0)
    return _("Vice-president");
  if (g_strcmp0 (role, CH_ROLE_TREASURER) == 0)
    return _("Treasurer");
  if (g_strcmp0 (role, CH_ROLE_SECRETARY) == 0)
    return _("Secretary");
  if (g_strcmp0 (role, CH_ROLE_BOARD_MEMBER) == 0)
    return _("Board member");
  if (g_strcmp0 (role, CH_ROLE_WIT_LEAD) == 0)
    return _("Women in Technology lead");

  return role ? role : "";
}

gboolean
ch_roles_add (ChStore     *store,
              const char  *member_id,
              const char  *role,
              const char  *starts_on,
              const char  *ends_on,
              char       **out_id,
              GError     **error)
{
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *trimmed = g_strstrip (g_strdup (role ? role : ""));

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(member = ch_membership_live_row (store, "member", member_id, error)))
    return FALSE;
  if (*trimmed == '\0')
    return invalid (error, _("Choose a role, e.g. president or treasurer."));
  if (!ch_membership_valid_date (starts_on))
    return invalid (error, _("Enter the first day of the term as a date such as 2026-11-23."));
  if (ends_on != NULL && *ends_on != '\0')
    {
      if (!ch_membership_valid_date (ends_on))
        return invalid (error, _("Enter the last day of the term as a date such as 2026-11-23."));
      if (strcmp (ends_on, starts_on) < 0)
        return invalid (error, _("The term ends before it starts."));
    }

  json_object_set_string_member (set, "member_id", member_id);
  json_object_set_string_member (set, "role", trimmed);
  json_object_set_string_member (set, "starts_on", starts_on);
  if (ends_on != NULL && *ends_on != '\0')
    json_object_set_string_member (set, "ends_on", ends_on);

  return ch_store_insert (store, "role", ch_store_row_text (member, "chapter_id"), NULL, set,
                          out_id, error);
}

gboolean
ch_roles_end (ChStore     *store,
              const char  *role_id,
              const char  *ends_on,
              GError     **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  const char *starts_on;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(row = ch_membership_live_row (store, "role", role_id, error)))
    return FALSE;

  if (ends_on == NULL)
    return ch_store_delete (store, "role", role_id, error);

  if (!ch_membership_valid_date (ends_on))
    return invalid (error, _("Enter the last day of the term as a date such as 2026-11-23."));
  starts_on = ch_store_row_text (row, "starts_on");
  if (starts_on != NULL && strcmp (ends_on, starts_on) < 0)
    return invalid (error, _("The term ends before it starts."));

  json_object_set_string_member (set, "ends_on", ends_on);
  return ch_store_update (store, "role", role_id, set, error);
}

static guint
role_rank (const char *role)
{
  for (guint i = 0; standard_roles[i]; i++)
    if (g_strcmp0 (standard_roles[i], role) == 0)
      return i;

  return G_N_ELEMENTS (standard_roles);
}

static int
compare_officers (gconstpointer a,
                  gconstpointer b)
{
  const ChRole *oa = *(ChRole * const *) a;
  const ChRole *ob = *(ChRole * const *) b;
  guint ra = role_rank (oa->role), rb = role_rank (ob->role);
  int c;

  if (ra != rb)
    return ra < rb ? -1 : 1;
  if ((c = g_strcmp0 (oa->role, ob->role)) != 0)
    return c;

  return g_strcmp0 (oa->member_name, ob->member_name);
}

static GPtrArray *
query_officers (ChStore     *store,
                const char  *chapter_id,
                const char  *member_id,
                GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *today = NULL;
  g_autofree char *soon = NULL;
  sqlite3_stmt *st = NULL;
  GDate d;

  today = ch_membership_today_iso (store, chapter_id);
  ch_date_parse (today, &d);
  g_date_add_months (&d, 6);
  soon = ch_date_format (&d);

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT r.id, r.member_id, m.given_name || ' ' || m.family_name, r.role, "
                          "r.starts_on, r.ends_on FROM role r JOIN member m ON m.id = r.member_id "
                          "WHERE r.deleted = 0 AND m.deleted = 0 AND "
                          "(?3 IS NOT NULL AND r.member_id = ?3 "
                          " OR ?3 IS NULL AND r.chapter_id = ?1 "
                          " AND r.starts_on <= ?2 AND (r.ends_on IS NULL OR r.ends_on >= ?2)) "
                          "ORDER BY r.starts_on DESC",
                          -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the roles: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return NULL;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, member_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      g_ptr_array_add (out, role_new_from_statement (st, today, soon));
    }
  sqlite3_finalize (st);

  return g_steal_pointer (&out);
}

GPtrArray *
ch_roles_list_current (ChStore     *store,
                       const char  *chapter_id,
                       GError     **error)
{
  GPtrArray *out;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  out = query_officers (store, chapter_id, NULL, error);
  if (out != NULL)
    g_ptr_array_sort (out, compare_officers);

  return out;
}

gboolean
ch_roles_is_single_seat (const char *role)
{
  return g_strcmp0 (role, CH_ROLE_PRESIDENT) == 0 ||
         g_strcmp0 (role, CH_ROLE_VICE_PRESIDENT) == 0 ||
         g_strcmp0 (role, CH_ROLE_TREASURER) == 0 ||
         g_strcmp0 (role, CH_ROLE_SECRETARY) == 0;
}

ChRole *
ch_roles_seat_holder (ChStore     *store,
                      const char  *chapter_id,
                      const char  *role,
                      const char  *date,
                      const char  *except_member_id,
                      GError     **error)
{
  ChRole *o = NULL;
  sqlite3_stmt *st = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT r.id, r.member_id, m.given_name || ' ' || m.family_name, r.role, "
                          "r.starts_on, r.ends_on FROM role r JOIN member m ON m.id = r.member_id "
                          "WHERE r.deleted = 0 AND m.deleted = 0 AND r.chapter_id = ?1 "
                          "AND r.role = ?2 "
                          "AND r.starts_on <= ?3 AND (r.ends_on IS NULL OR r.ends_on >= ?3) "
                          "AND r.member_id IS NOT ?4 ORDER BY r.starts_on DESC LIMIT 1",
                          -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the roles: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return NULL;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 4, except_member_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (st) == SQLITE_ROW)
    o = role_new_from_statement (st, date, NULL);
  sqlite3_finalize (st);

  return o;
}

gboolean
ch_roles_hand_over (ChStore     *store,
                    const char  *member_id,
                    const char  *role,
                    const char  *starts_on,
                    const char  *ends_on,
                    const char  *old_role_id,
                    char       **out_id,
                    GError     **error)
{
  g_autofree char *day_before = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (old_role_id != NULL, FALSE);

  if (!ch_membership_valid_date (starts_on))
    return invalid (error, _("Enter the first day of the term as a date such as 2026-11-23."));
  day_before = ch_membership_add_days (starts_on, -1);

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_roles_end (store, old_role_id, day_before, error) ||
      !ch_roles_add (store, member_id, role, starts_on, ends_on, out_id, error))
    {
      ch_store_rollback (store);
      return FALSE;
    }

  return ch_store_commit (store, error);
}

gboolean
ch_roles_undo (ChStore     *store,
               const char  *new_role_id,
               const char  *old_role_id,
               const char  *old_ends_on,
               GError     **error)
{
  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_store_delete (store, "role", new_role_id, error))
    goto fail;

  if (old_role_id != NULL)
    {
      g_autoptr(JsonObject) set = json_object_new ();

      if (old_ends_on != NULL)
        json_object_set_string_member (set, "ends_on", old_ends_on);
      else
        json_object_set_null_member (set, "ends_on");
      if (!ch_store_update (store, "role", old_role_id, set, error))
        goto fail;
    }

  return ch_store_commit (store, error);

fail:
  ch_store_rollback (store);
  return FALSE;
}

GPtrArray *
ch_roles_list_for_member (ChStore     *store,
                          const char  *member_id,
                          GError     **error)
{
  g_autoptr(JsonObject) member = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(member = ch_store_get_row (store, "member", member_id, error)))
    return NULL;

  return query_officers (store, ch_store_row_text (member, "chapter_id"), member_id, error);
}

ChRole *
ch_roles_get (ChStore     *store,
              const char  *role_id,
              GError     **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) member = NULL;
  g_autofree char *today = NULL;
  g_autofree char *name = NULL;
  ChRole *self;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(row = ch_store_get_row (store, "role", role_id, error)))
    return NULL;

  member = ch_store_get_row (store, "member", ch_store_row_text (row, "member_id"), NULL);
  if (member != NULL)
    name = g_strconcat (ch_store_row_text (member, "given_name"), " ",
                        ch_store_row_text (member, "family_name"), NULL);
  today = ch_membership_today_iso (store, ch_store_row_text (row, "chapter_id"));

  self = g_object_new (CH_TYPE_ROLE, NULL);
  self->id = g_strdup (role_id);
  self->member_id = g_strdup (ch_store_row_text (row, "member_id"));
  self->member_name = g_steal_pointer (&name);
  self->role = g_strdup (ch_store_row_text (row, "role"));
  self->starts_on = g_strdup (ch_store_row_text (row, "starts_on"));
  self->ends_on = g_strdup (ch_store_row_text (row, "ends_on"));
  self->current = self->ends_on == NULL || strcmp (self->ends_on, today) >= 0;

  return self;
}
