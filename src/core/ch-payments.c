/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-payments"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-iso-date.h"
#include "ch-membership-private.h"
#include "ch-membership.h"
#include "ch-payments.h"
#include "ch-store-private.h"
#include "ch-date.h"

G_DEFINE_QUARK (ch-payments-error-quark, ch_payments_error)

#define END ch_store_sql_end

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, CH_PAYMENTS_ERROR, CH_PAYMENTS_ERROR_INVALID, message);
  return FALSE;
}

/* ----------------------------------------------------------------------- */
/* ChPayment                                                               */

struct _ChPayment
{
  GObject  parent_instance;

  char    *id;
  char    *member_id;
  char    *member_name;
  gint64   amount;
  char    *currency;
  char    *paid_on;
  char    *covers_from;
  char    *covers_until;
  char    *method;
  char    *reference;
};

G_DEFINE_FINAL_TYPE (ChPayment, ch_payment, G_TYPE_OBJECT)

static void
ch_payment_finalize (GObject *object)
{
  ChPayment *self = CH_PAYMENT (object);

  g_free (self->id);
  g_free (self->member_id);
  g_free (self->member_name);
  g_free (self->currency);
  g_free (self->paid_on);
  g_free (self->covers_from);
  g_free (self->covers_until);
  g_free (self->method);
  g_free (self->reference);

  G_OBJECT_CLASS (ch_payment_parent_class)->finalize (object);
}

static void
ch_payment_class_init (ChPaymentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_payment_finalize;
}

static void
ch_payment_init (ChPayment *self)
{
}

static ChPayment *
payment_new_from_row (JsonObject *row,
                      const char *member_name)
{
  ChPayment *self = g_object_new (CH_TYPE_PAYMENT, NULL);

  self->id = g_strdup (ch_store_row_text (row, "id"));
  self->member_id = g_strdup (ch_store_row_text (row, "member_id"));
  self->member_name = g_strdup (member_name);
  self->amount = json_object_get_int_member_with_default (row, "amount", 0);
  self->currency = g_strdup (ch_store_row_text (row, "currency"));
  self->paid_on = g_strdup (ch_store_row_text (row, "paid_on"));
  self->covers_from = g_strdup (ch_store_row_text (row, "covers_from"));
  self->covers_until = g_strdup (ch_store_row_text (row, "covers_until"));
  self->method = g_strdup (ch_store_row_text (row, "method"));
  self->reference = g_strdup (ch_store_row_text (row, "reference"));

  return self;
}

#define GETTER(field)                                         \
  const char *                                                \
  ch_payment_get_##field (ChPayment *self)                    \
  {                                                           \
    g_return_val_if_fail (CH_IS_PAYMENT (self), NULL);        \
    return self->field;                                       \
  }

GETTER (id)
GETTER (member_id)
GETTER (member_name)
GETTER (currency)
GETTER (paid_on)
GETTER (covers_from)
GETTER (covers_until)
GETTER (method)
GETTER (reference)

#undef GETTER

gint64
ch_payment_get_amount (ChPayment *self)
{
  g_return_val_if_fail (CH_IS_PAYMENT (self), 0);

  return self->amount;
}

JsonObject *
ch_payment_to_json (ChPayment *self)
{
  JsonObject *out;

  g_return_val_if_fail (CH_IS_PAYMENT (self), NULL);

  out = json_object_new ();
  json_object_set_string_member (out, "id", self->id);
  json_object_set_string_member (out, "member_id", self->member_id);
  json_object_set_string_member (out, "member_name", self->member_name);
  json_object_set_int_member (out, "amount", self->amount);
  json_object_set_string_member (out, "currency", self->currency);
  json_object_set_string_member (out, "paid_on", self->paid_on);
  json_object_set_string_member (out, "covers_from", self->covers_from);
  json_object_set_string_member (out, "covers_until", self->covers_until);
  json_object_set_string_member (out, "method", self->method);
  json_object_set_string_member (out, "reference", self->reference);

  return out;
}

/* ----------------------------------------------------------------------- */
/* Payments                                                                */

ChPayment *
ch_payments_get (ChStore     *store,
                 const char  *payment_id,
                 GError     **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) member = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(row = ch_store_get_row (store, "payment", payment_id, error)))
    return NULL;

  member = ch_store_get_row (store, "member", ch_store_row_text (row, "member_id"), NULL);
  if (member != NULL)
    name = g_strconcat (ch_store_row_text (member, "given_name"), " ",
                        ch_store_row_text (member, "family_name"), NULL);

  return payment_new_from_row (row, name);
}

static const char *const payment_methods[] = {
  CH_PAYMENT_METHOD_BANK_TRANSFER, CH_PAYMENT_METHOD_CARD, CH_PAYMENT_METHOD_CASH,
  CH_PAYMENT_METHOD_INVOICE, CH_PAYMENT_METHOD_OTHER, NULL,
};

const char * const *
ch_payments_methods (void)
{
  return payment_methods;
}

const char *
ch_payments_method_label (const char *method)
{
  if (g_strcmp0 (method, CH_PAYMENT_METHOD_BANK_TRANSFER) == 0)
    return _("Bank transfer");
  if (g_strcmp0 (method, CH_PAYMENT_METHOD_CARD) == 0)
    return _("Card");
  if (g_strcmp0 (method, CH_PAYMENT_METHOD_CASH) == 0)
    return _("Cash");
  if (g_strcmp0 (method, CH_PAYMENT_METHOD_INVOICE) == 0)
    return _("Invoice");
  if (g_strcmp0 (method, CH_PAYMENT_METHOD_OTHER) == 0)
    return C_("payment method", "Other");
  if (g_strcmp0 (method, CH_PAYMENT_METHOD_IMPORTED) == 0)
    /* Translators: a payment's method, for one derived from an imported file */
    return _("Imported");

  return method ? method : "";
}

void
ch_payment_total_free (ChPaymentTotal *total)
{
  if (total == NULL)
    return;

  g_free (total->period);
  g_free (total->currency);
  g_free (total);
}

static guint
period_months (const char *dues_period)
{
  if (g_strcmp0 (dues_period, "monthly") == 0)
    return 1;
  if (g_strcmp0 (dues_period, "quarterly") == 0)
    return 3;

  return 12;
}

/* The last day covered by a payment covering from @from for @months:
 * @from plus the months (month ends clamp: 31 Jan + 1 month = 29 Feb in a
 * leap year), minus one day. */
static char *
coverage_until (const char *from,
                guint       months)
{
  GDate date;

  if (!ch_date_parse (from, &date))
    return NULL;

  g_date_add_months (&date, months);
  g_date_subtract_days (&date, 1);

  return ch_date_format (&date);
}

gboolean
ch_payments_default_coverage (ChStore     *store,
                              const char  *member_id,
                              const char  *paid_on,
                              char       **covers_from,
                              char       **covers_until,
                              GError     **error)
{
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonObject) chapter = NULL;
  g_autofree char *from = NULL;
  const char *paid_until;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(member = ch_membership_live_row (store, "member", member_id, error)))
    return FALSE;
  if (!ch_membership_valid_date (paid_on))
    {
      g_set_error (error, CH_PAYMENTS_ERROR, CH_PAYMENTS_ERROR_INVALID,
                   _("“%s” is not a date; write it as 2026-11-23."), paid_on ? paid_on : "");
      return FALSE;
    }

  chapter = ch_store_get_row (store, "chapter", ch_store_row_text (member, "chapter_id"), NULL);
  paid_until = ch_store_row_text (member, "dues_paid_until");

  from = ch_membership_valid_date (paid_until) ? ch_membership_add_days (paid_until, 1) : NULL;
  if (from != NULL && strcmp (from, paid_on) < 0)
    {
      /* Paid late.  Within the grace days the renewal continues from the
       * old end, unless the chapter's rule starts it on the payment day;
       * after a lapse it starts on the payment day (coming back). */
      if (ch_membership_date_days (paid_on) >= ch_membership_lapse_day (store, member) ||
          ch_payments_starts_on_payment_day (store, ch_store_row_text (member, "chapter_id")))
        g_clear_pointer (&from, g_free);
    }
  if (from == NULL)
    from = g_strdup (paid_on);

  if (covers_until != NULL)
    *covers_until = coverage_until (from,
                                    period_months (ch_store_row_text (chapter, "dues_period")));
  if (covers_from != NULL)
    *covers_from = g_steal_pointer (&from);

  return TRUE;
}

/* The latest covers_until of the member's live payments, or NULL. */
static char *
latest_coverage (ChStore    *store,
                 const char *member_id)
{
  g_autoptr(GPtrArray) rows = ch_membership_query_strings (store,
                                             "SELECT max (covers_until) FROM payment "
                                             "WHERE member_id = ? AND deleted = 0 "
                                             "AND covers_until IS NOT NULL", member_id, END);

  return rows->len > 0 && rows->pdata[0] != NULL ? g_strdup (rows->pdata[0]) : NULL;
}

/* dues_paid_until follows the payments.  Without payments it is kept as
 * typed (a chapter that starts with Chapterhouse has no payment history). */
static gboolean
update_paid_until (ChStore     *store,
                   const char  *member_id,
                   gboolean     payment_deleted,
                   GError     **error)
{
  g_autofree char *latest = latest_coverage (store, member_id);
  g_autoptr(JsonObject) set = json_object_new ();

  if (latest == NULL && !payment_deleted)
    return TRUE;

  if (latest != NULL)
    json_object_set_string_member (set, "dues_paid_until", latest);
  else
    json_object_set_null_member (set, "dues_paid_until");

  return ch_store_update (store, "member", member_id, set, error);
}

static gboolean
check_currency (const char *currency)
{
  if (currency == NULL || strlen (currency) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isupper (currency[i]))
      return FALSE;

  return TRUE;
}

/* Whether the member's open period started after their dues ran out (an
 * explicit rejoin): their next payment is then a renewal, not a rejoin. */
static gboolean
rejoined_since_lapse (ChStore    *store,
                      JsonObject *member)
{
  g_autofree char *pid = ch_membership_open_period (store, ch_store_row_text (member, "id"));
  g_autoptr(JsonObject) period = NULL;
  gint32 lapsed = ch_membership_lapse_day (store, member);
  gint grace = ch_store_grace_days (store, ch_store_row_text (member, "chapter_id"));

  if (pid == NULL || !(period = ch_store_get_row (store, "membership_period", pid, NULL)))
    return FALSE;

  return g_strcmp0 (ch_store_row_text (period, "kind"), CH_PERIOD_REJOIN) == 0 &&
         ch_membership_date_days (ch_store_row_text (period, "starts_on")) >=
         lapsed - MAX (grace, 0);
}

gboolean
ch_payments_record (ChStore     *store,
                    const char  *member_id,
                    JsonObject  *fields,
                    char       **out_id,
                    GError     **error)
{
  static const char *known[] = { "amount", "currency", "paid_on", "covers_from", "covers_until",
                                 "method", "reference", NULL };
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonObject) chapter = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *id = NULL;
  const char *chapter_id;
  const char *paid_on;
  const char *currency;
  const char *method;
  const char *tier;
  gint32 lapsed;
  JsonNode *amount;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (!(member = ch_membership_live_row (store, "member", member_id, error)))
    return FALSE;
  chapter_id = ch_store_row_text (member, "chapter_id");
  chapter = ch_store_get_row (store, "chapter", chapter_id, NULL);

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &node))
    if (!g_strv_contains (known, name))
      {
        g_set_error (error, CH_PAYMENTS_ERROR, CH_PAYMENTS_ERROR_INVALID,
                     _("“%s” is not a field of a payment."), name);
        return FALSE;
      }

  amount = json_object_get_member (fields, "amount");
  if (amount == NULL || !JSON_NODE_HOLDS_VALUE (amount) ||
      json_node_get_value_type (amount) != G_TYPE_INT64)
    return invalid (error, _("Enter the amount in minor units (cents), e.g. 15000."));
  if (json_node_get_int (amount) <= 0)
    return invalid (error, _("The amount must be more than zero."));

  paid_on = ch_store_row_text (fields, "paid_on");
  if (paid_on == NULL)
    return invalid (error, _("Enter the day the payment was made."));
  if (!ch_membership_valid_date (paid_on))
    {
      g_set_error (error, CH_PAYMENTS_ERROR, CH_PAYMENTS_ERROR_INVALID,
                   _("“%s” is not a date; write it as 2026-11-23."), paid_on);
      return FALSE;
    }

  from = g_strdup (ch_store_row_text (fields, "covers_from"));
  until = g_strdup (ch_store_row_text (fields, "covers_until"));
  if ((from == NULL) != (until == NULL))
    return invalid (error,
                    _("Give both the first and the last day the payment covers, or neither."));

  if (from != NULL)
    {
      if (!ch_membership_valid_date (from) || !ch_membership_valid_date (until))
        return invalid (error, _("The period covered must be two dates written as 2026-11-23."));
      if (strcmp (from, until) > 0)
        return invalid (error, _("The period covered ends before it starts."));
    }
  else if (!ch_payments_default_coverage (store, member_id, paid_on, &from, &until, error))
    return FALSE;

  currency = ch_store_row_text (fields, "currency");
  if (currency == NULL)
    currency = ch_store_row_text (chapter, "currency");
  if (!check_currency (currency))
    return invalid (error, _("The currency must be a three-letter code such as EUR or USD."));

  method = ch_store_row_text (fields, "method");
  if (method != NULL && !g_strv_contains (payment_methods, method))
    {
      g_set_error (error, CH_PAYMENTS_ERROR, CH_PAYMENTS_ERROR_INVALID,
                   _("“%s” is not a payment method; use bank-transfer, card, cash, invoice "
                     "or other."), method);
      return FALSE;
    }

  json_object_set_string_member (set, "member_id", member_id);
  json_object_set_int_member (set, "amount", json_node_get_int (amount));
  json_object_set_string_member (set, "currency", currency);
  json_object_set_string_member (set, "paid_on", paid_on);
  json_object_set_string_member (set, "covers_from", from);
  json_object_set_string_member (set, "covers_until", until);
  if (method != NULL)
    json_object_set_string_member (set, "method", method);
  if (ch_store_row_text (fields, "reference") != NULL)
    json_object_set_string_member (set, "reference", ch_store_row_text (fields, "reference"));

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_store_insert (store, "payment", chapter_id, NULL, set, &id, error) ||
      !update_paid_until (store, member_id, FALSE, error))
    goto fail;

  /* The payment starts after the member had lapsed (whatever today is:
   * payments may be recorded late). */
  tier = ch_store_row_text (member, "tier");
  lapsed = ch_membership_lapse_day (store, member);
  if (ch_membership_tier_kind (store, chapter_id, tier) == CH_TIER_KIND_PAID &&
      ch_store_row_text (member, "left_on") == NULL && lapsed > 0 &&
      ch_membership_date_days (from) >= lapsed && !rejoined_since_lapse (store, member))
    {
      /* Paying after a lapse is coming back: the gap stays in the history. */
      g_autofree char *ended = ch_iso_date_from_days (lapsed - 1);

      if (!ch_membership_ensure_join_period (store, member, error) ||
          !ch_membership_close_open_period (store, member_id, ended, NULL, error) ||
          !ch_membership_insert_period (store, chapter_id, member_id, CH_PERIOD_REJOIN, tier,
                                        from, NULL, error))
        goto fail;
    }
  else if (!ch_membership_insert_period (store, chapter_id, member_id, CH_PERIOD_RENEW, tier,
                                         from, until, error))
    goto fail;

  if (!ch_store_commit (store, error))
    return FALSE;

  if (out_id != NULL)
    *out_id = g_steal_pointer (&id);

  return TRUE;

fail:
  ch_store_rollback (store);
  return FALSE;
}

gboolean
ch_payments_delete (ChStore     *store,
                    const char  *payment_id,
                    GError     **error)
{
  g_autoptr(JsonObject) payment = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(payment = ch_membership_live_row (store, "payment", payment_id, error)))
    return FALSE;

  if (!ch_store_begin (store, error))
    return FALSE;

  if (!ch_store_delete (store, "payment", payment_id, error) ||
      !update_paid_until (store, ch_store_row_text (payment, "member_id"), TRUE, error))
    {
      ch_store_rollback (store);
      return FALSE;
    }

  return ch_store_commit (store, error);
}

GPtrArray *
ch_payments_list (ChStore     *store,
                  const char  *chapter_id,
                  const char  *member_id,
                  GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *st = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT p.id, m.given_name || ' ' || m.family_name FROM payment p "
                          "LEFT JOIN member m ON m.id = p.member_id "
                          "WHERE p.chapter_id = ?1 AND p.deleted = 0 "
                          "AND (?2 IS NULL OR p.member_id = ?2) "
                          "ORDER BY p.paid_on DESC, p.id DESC", -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the payments: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return NULL;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, member_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) row = ch_store_get_row (store, "payment",
                                                    (const char *) sqlite3_column_text (st, 0),
                                                    NULL);

      if (row == NULL)
        continue;
      g_ptr_array_add (out, payment_new_from_row (row,
                                                  (const char *) sqlite3_column_text (st, 1)));
    }
  sqlite3_finalize (st);

  return g_steal_pointer (&out);
}

GPtrArray *
ch_payments_totals (ChStore     *store,
                    const char  *chapter_id,
                    const char  *member_id,
                    GError     **error)
{
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(JsonObject) chapter = NULL;
  const char *period_sql;
  g_autofree char *sql = NULL;
  sqlite3_stmt *st = NULL;
  guint months;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  chapter = ch_store_get_row (store, "chapter", chapter_id, NULL);
  months = period_months (ch_store_row_text (chapter, "dues_period"));
  if (months == 1)
    period_sql = "substr (paid_on, 1, 7)";
  else if (months == 3)
    period_sql = "substr (paid_on, 1, 4) || '-Q' || "
                 "((CAST (substr (paid_on, 6, 2) AS INTEGER) + 2) / 3)";
  else
    period_sql = "substr (paid_on, 1, 4)";

  /* period_sql is one of the constants above, never input. */
  sql = g_strdup_printf ("SELECT %s AS period, currency, sum (amount), count (*) FROM payment "
                         "WHERE chapter_id = ?1 AND deleted = 0 "
                         "AND (?2 IS NULL OR member_id = ?2) "
                         "GROUP BY period, currency ORDER BY period DESC, currency", period_sql);

  if (sqlite3_prepare_v2 (ch_store_get_db (store), sql, -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the payments: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return NULL;
    }

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_payment_total_free);
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, member_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      ChPaymentTotal *t = g_new0 (ChPaymentTotal, 1);

      t->period = g_strdup ((const char *) sqlite3_column_text (st, 0));
      t->currency = g_strdup ((const char *) sqlite3_column_text (st, 1));
      t->total = sqlite3_column_int64 (st, 2);
      t->n_payments = sqlite3_column_int (st, 3);
      g_ptr_array_add (out, t);
    }
  sqlite3_finalize (st);

  return g_steal_pointer (&out);
}

gboolean
ch_payments_starts_on_payment_day (ChStore    *store,
                                   const char *chapter_id)
{
  g_autoptr(JsonObject) chapter = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  chapter = ch_store_get_row (store, "chapter", chapter_id, NULL);

  return g_strcmp0 (ch_store_row_text (chapter, "renewal_start"),
                    CH_RENEWAL_START_PAYMENT_DAY) == 0;
}
