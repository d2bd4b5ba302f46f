/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Dues payments.  Money is in minor units (gint64), never floating point;
 * dates are ISO "YYYY-MM-DD" in the chapter's time zone.
 */

#define CH_PAYMENTS_ERROR (ch_payments_error_quark ())

typedef enum
{
  CH_PAYMENTS_ERROR_INVALID,   /* a translated message says what to fix */
} ChPaymentsError;

GQuark      ch_payments_error_quark         (void);

#define CH_PAYMENT_METHOD_BANK_TRANSFER "bank-transfer"
#define CH_PAYMENT_METHOD_CARD          "card"
#define CH_PAYMENT_METHOD_CASH          "cash"
#define CH_PAYMENT_METHOD_INVOICE       "invoice"
#define CH_PAYMENT_METHOD_OTHER         "other"
/* Not offered for a new payment: a payment an import derived from a
 * file's "paid until" column. */
#define CH_PAYMENT_METHOD_IMPORTED      "imported"

const char *ch_payments_method_label        (const char   *method);
const char * const *ch_payments_methods     (void);

/* Values of the chapter's "renewal_start" rule (NULL: continue). */
#define CH_RENEWAL_START_CONTINUE    "continue"
#define CH_RENEWAL_START_PAYMENT_DAY "payment-day"

/* Whether a late payment of the chapter starts its period on the payment
 * day (rule "payment-day") rather than continuing from the old end. */
gboolean    ch_payments_starts_on_payment_day (ChStore    *store,
                                               const char *chapter_id);

#define CH_TYPE_PAYMENT (ch_payment_get_type ())

G_DECLARE_FINAL_TYPE (ChPayment, ch_payment, CH, PAYMENT, GObject)

const char *ch_payment_get_id               (ChPayment    *self);
const char *ch_payment_get_member_id        (ChPayment    *self);
/* "Given Family" of the member who paid. */
const char *ch_payment_get_member_name      (ChPayment    *self);
/* Minor units (cents). */
gint64      ch_payment_get_amount           (ChPayment    *self);
/* ISO 4217, e.g. "EUR"; NULL if the row has none. */
const char *ch_payment_get_currency         (ChPayment    *self);
const char *ch_payment_get_paid_on          (ChPayment    *self);
const char *ch_payment_get_covers_from      (ChPayment    *self);
const char *ch_payment_get_covers_until     (ChPayment    *self);
/* One of CH_PAYMENT_METHOD_*, or NULL. */
const char *ch_payment_get_method           (ChPayment    *self);
const char *ch_payment_get_reference        (ChPayment    *self);

/* The payment in the wire format of the CLI's --json output: id,
 * member_id, member_name, amount, currency, paid_on, covers_from,
 * covers_until, method, reference. */
JsonObject *ch_payment_to_json              (ChPayment    *self);

/* The payment @payment_id, or NULL with CH_STORE_ERROR_NOT_FOUND. */
ChPayment  *ch_payments_get                 (ChStore      *store,
                                             const char   *payment_id,
                                             GError      **error);

/* The period a payment made on @paid_on covers when nothing else is said:
 * from the day after the member's current "dues paid until"; when that day
 * is before @paid_on, the payment is late: within the grace days the
 * renewal still continues from the old end (chapter rule "continue", the
 * default) or starts on @paid_on (rule "payment-day"); after a lapse, or
 * without dues paid, it starts on @paid_on.  For one dues period of the chapter
 * (yearly / quarterly / monthly; month ends clamp: Jan 31 + 1 month =
 * Feb 28/29).  Writes ISO dates into @covers_from and @covers_until. */
gboolean    ch_payments_default_coverage    (ChStore      *store,
                                             const char   *member_id,
                                             const char   *paid_on,
                                             char        **covers_from,
                                             char        **covers_until,
                                             GError      **error);

/* Records a payment.  @fields (the write format): "amount" (int, minor
 * units, > 0, required), "currency" (default: the chapter's), "paid_on"
 * (required), "covers_from" and "covers_until" (default:
 * ch_payments_default_coverage()), "method", "reference".  In the same
 * transaction the member's dues_paid_until becomes the latest covers_until
 * of their payments, and a renew period (or rejoin period, after a lapse)
 * is written.  Bad amounts or dates: CH_PAYMENTS_ERROR_INVALID with a
 * translated message, nothing written. */
gboolean    ch_payments_record              (ChStore      *store,
                                             const char   *member_id,
                                             JsonObject   *fields,
                                             char        **out_id,
                                             GError      **error);
/* Deletes a payment and recomputes dues_paid_until. */
gboolean    ch_payments_delete              (ChStore      *store,
                                             const char   *payment_id,
                                             GError      **error);

/* Payments (element type ChPayment), newest first.  @member_id NULL: the
 * whole chapter. */
GPtrArray  *ch_payments_list                (ChStore      *store,
                                             const char   *chapter_id,
                                             const char   *member_id,
                                             GError      **error);

typedef struct
{
  char   *period;     /* "2026", "2026-Q3" or "2026-11", after the chapter's dues period */
  char   *currency;
  gint64  total;      /* minor units */
  guint   n_payments;
} ChPaymentTotal;

void        ch_payment_total_free           (ChPaymentTotal *total);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChPaymentTotal, ch_payment_total_free)

/* Totals per dues period of the chapter (by paid_on), newest first;
 * element type ChPaymentTotal.  @member_id NULL: the whole chapter. */
GPtrArray  *ch_payments_totals              (ChStore      *store,
                                             const char   *chapter_id,
                                             const char   *member_id,
                                             GError      **error);

G_END_DECLS
