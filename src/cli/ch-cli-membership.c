/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-iso-date.h"
#include "ch-money.h"
#include "ch-payments.h"
#include "ch-roles.h"
#include "ch-date.h"

#include "ch-cli.h"

static int
error_code (const GError *error)
{
  if (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID) ||
      g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED) ||
      g_error_matches (error, CH_PAYMENTS_ERROR, CH_PAYMENTS_ERROR_INVALID) ||
      g_error_matches (error, CH_ROLES_ERROR, CH_ROLES_ERROR_INVALID))
    return EXIT_INPUT;

  return EXIT_FAILED;
}

/* ----------------------------------------------------------------------- */
/* payments                                                                */

static int
payments_add (Cli        *cli,
              const char *member_id)
{
  static const char *allowed[] = { "amount", "paid-on", "currency", "covers-from", "covers-until",
                                   "method", "reference", NULL };
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *today = NULL;
  g_autoptr(ChPayment) payment = NULL;
  const char *amount = ch_cli_flag (cli, "amount");
  gint64 minor;
  int rc = EXIT_OK;

  if ((rc = ch_cli_check_flags (cli, allowed)))
    return rc;
  if (member_id == NULL)
    return ch_cli_fail (EXIT_USAGE, _("payments add needs the member’s id"));
  if (amount == NULL)
    return ch_cli_fail (EXIT_USAGE,
                        _("payments add needs --amount in minor units (cents), e.g. 15000"));
  if (!g_ascii_string_to_signed (amount, 10, G_MININT64 / 2, G_MAXINT64 / 2, &minor, NULL))
    return ch_cli_fail (EXIT_INPUT,
                        _("--amount takes the amount in minor units (cents), e.g. 15000, "
                          "not “%s”"),
                        amount);
  if ((rc = ch_cli_check_date_flags (cli, "paid-on", "covers-from", "covers-until", NULL)))
    return rc;

  json_object_set_int_member (fields, "amount", minor);
  if (ch_cli_flag (cli, "paid-on") != NULL)
    json_object_set_string_member (fields, "paid_on", ch_cli_flag (cli, "paid-on"));
  else
    {
      /* Today in the chapter's time zone. */
      today = ch_iso_date_from_days (ch_store_today_days (cli->store, cli->chapter_id));
      json_object_set_string_member (fields, "paid_on", today);
    }
  if (ch_cli_flag (cli, "currency") != NULL)
    json_object_set_string_member (fields, "currency", ch_cli_flag (cli, "currency"));
  if (ch_cli_flag (cli, "covers-from") != NULL)
    json_object_set_string_member (fields, "covers_from", ch_cli_flag (cli, "covers-from"));
  if (ch_cli_flag (cli, "covers-until") != NULL)
    json_object_set_string_member (fields, "covers_until", ch_cli_flag (cli, "covers-until"));
  if (ch_cli_flag (cli, "method") != NULL)
    json_object_set_string_member (fields, "method", ch_cli_flag (cli, "method"));
  if (ch_cli_flag (cli, "reference") != NULL)
    json_object_set_string_member (fields, "reference", ch_cli_flag (cli, "reference"));

  if (!ch_payments_record (cli->store, member_id, fields, &id, &error))
    return ch_cli_fail (error_code (error), "%s", error->message);

  payment = ch_payments_get (cli->store, id, NULL);
  if (cli->json && payment != NULL)
    {
      g_autoptr(JsonObject) out = ch_payment_to_json (payment);
      g_autoptr(ChMember) member = ch_store_get_member (cli->store, member_id, NULL);

      json_object_set_string_member (out, "dues_paid_until",
                                     member ? ch_member_get_dues_paid_until (member)
                                            : NULL);
      ch_cli_print_json_object (out);
    }
  else
    g_print ("%s\n", id);

  return EXIT_OK;
}

static int
payments_list (Cli        *cli,
               const char *member_id)
{
  static const char *allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) totals = NULL;
  int rc;

  if ((rc = ch_cli_check_flags (cli, allowed)))
    return rc;

  if (member_id != NULL)
    {
      g_autoptr(JsonObject) member = ch_store_get_live_row (cli->store, "member", member_id);

      if (member == NULL)
        return ch_cli_fail (EXIT_FAILED, _("no member %s"), member_id);
    }

  payments = ch_payments_list (cli->store, cli->chapter_id, member_id, &error);
  if (payments == NULL)
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  /* Totals per dues period, of the listed payments. */
  totals = ch_payments_totals (cli->store, cli->chapter_id, member_id, &error);
      if (totals == NULL)
        return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();
      JsonArray *list = json_array_new ();
      JsonArray *sums = json_array_new ();

      for (guint i = 0; i < payments->len; i++)
        {
          json_array_add_object_element (list, ch_payment_to_json (payments->pdata[i]));
        }
      for (guint i = 0; i < totals->len; i++)
        {
          ChPaymentTotal *t = totals->pdata[i];
          JsonObject *o = json_object_new ();

          json_object_set_string_member (o, "period", t->period);
          json_object_set_string_member (o, "currency", t->currency);
          json_object_set_int_member (o, "total", t->total);
          json_object_set_int_member (o, "payments", t->n_payments);
          json_array_add_object_element (sums, o);
        }
      json_object_set_array_member (out, "payments", list);
      json_object_set_array_member (out, "totals", sums);
      ch_cli_print_json_object (out);
      return EXIT_OK;
    }

  for (guint i = 0; i < payments->len; i++)
    {
      ChPayment *p = payments->pdata[i];
      g_autofree char *money = ch_money_format (ch_payment_get_amount (p),
                                                ch_payment_get_currency (p));

      g_print ("%s\t%s\t%s\t%s\t%s–%s\t%s\n",
               ch_payment_get_id (p),
               ch_payment_get_paid_on (p),
               ch_payment_get_member_name (p) ? ch_payment_get_member_name (p) : "",
               money,
               ch_payment_get_covers_from (p) ? ch_payment_get_covers_from (p) : "",
               ch_payment_get_covers_until (p) ? ch_payment_get_covers_until (p) : "",
               ch_payments_method_label (ch_payment_get_method (p)));
    }
  for (guint i = 0; i < totals->len; i++)
    {
      ChPaymentTotal *t = totals->pdata[i];
      g_autofree char *money = ch_money_format (t->total, t->currency);

      /* Translators: a dues period (2026, 2026-Q3, 2026-11), a sum, a count */
      g_print (ngettext ("Total %s: %s in %u payment\n", "Total %s: %s in %u payments\n",
                         t->n_payments),
               t->period, money, t->n_payments);
    }

  return EXIT_OK;
}

int
ch_cli_payments_add (Cli *cli)
{
  const char *member_id = ch_cli_arg (cli, 1);
  int rc;

  if ((rc = ch_cli_open_store (cli)) || (rc = ch_cli_pick_chapter (cli)))
    return rc;

  return payments_add (cli, member_id);
}

int
ch_cli_payments_list (Cli *cli)
{
  const char *member_id = ch_cli_arg (cli, 1);
  int rc;

  if ((rc = ch_cli_open_store (cli)) || (rc = ch_cli_pick_chapter (cli)))
    return rc;

  return payments_list (cli, member_id);
}

/* ----------------------------------------------------------------------- */
/* roles                                                                   */

static JsonObject *
officer_json (ChRole *o)
{
  JsonObject *out = json_object_new ();

  json_object_set_string_member (out, "id", ch_role_get_id (o));
  json_object_set_string_member (out, "member_id", ch_role_get_member_id (o));
  json_object_set_string_member (out, "member_name", ch_role_get_member_name (o));
  json_object_set_string_member (out, "role", ch_role_get_role (o));
  json_object_set_string_member (out, "starts_on", ch_role_get_starts_on (o));
  json_object_set_string_member (out, "ends_on", ch_role_get_ends_on (o));
  json_object_set_boolean_member (out, "ending_soon", ch_role_get_ending_soon (o));

  return out;
}

int
ch_cli_roles_add (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  int rc;
  static const char *allowed[] = { "role", "from", "to", "hand-over", NULL };
  const char *member_id = ch_cli_arg (cli, 1);
  g_autofree char *id = NULL;
      g_autoptr(ChRole) holder = NULL;
  gboolean ok;

  if ((rc = ch_cli_open_store (cli)) || (rc = ch_cli_pick_chapter (cli)))
    return rc;

  if ((rc = ch_cli_check_flags (cli, allowed)))
    return rc;
  if (member_id == NULL || ch_cli_flag (cli, "role") == NULL || ch_cli_flag (cli, "from") == NULL)
    return ch_cli_fail (EXIT_USAGE,
                        _("usage: roles add MEMBER_ID --role R --from DATE [--to DATE] "
                          "[--hand-over]"));
  if ((rc = ch_cli_check_date_flags (cli, "from", "to", NULL)))
    return rc;

  /* One President (Vice-President, Treasurer, Secretary) at a time. */
      if (ch_roles_is_single_seat (ch_cli_flag (cli, "role")))
        holder = ch_roles_seat_holder (cli->store, cli->chapter_id, ch_cli_flag (cli, "role"),
                                        ch_cli_flag (cli, "from"), member_id, NULL);
  if (holder != NULL && ch_cli_flag (cli, "hand-over") == NULL)
    {
      GDate day;
      g_autofree char *day_before = NULL;

      ch_date_parse (ch_cli_flag (cli, "from"), &day);
      g_date_subtract_days (&day, 1);
      day_before = ch_date_format (&day);
      return ch_cli_fail (EXIT_INPUT,
                          /* Translators: a name, a role such as President, two dates */
                          _("%s is %s on %s; add --hand-over to end that term on %s, "
                            "the day before"),
                          ch_role_get_member_name (holder),
                          ch_roles_label (ch_role_get_role (holder)), ch_cli_flag (cli, "from"),
                          day_before);
    }

  if (holder != NULL)
        ok = ch_roles_hand_over (cli->store, member_id, ch_cli_flag (cli, "role"),
                                       ch_cli_flag (cli, "from"), ch_cli_flag (cli, "to"),
                                           ch_role_get_id (holder), &id, &error);
  else
        ok = ch_roles_add (cli->store, member_id, ch_cli_flag (cli, "role"),
                                 ch_cli_flag (cli, "from"), ch_cli_flag (cli, "to"), &id, &error);
  if (!ok)
    return ch_cli_fail (error_code (error), "%s", error->message);

  if (cli->json)
    {
      g_autoptr(JsonObject) row = ch_store_get_row (cli->store, "role", id, NULL);

      json_object_remove_member (row, "deleted");
      ch_cli_print_json_object (row);
    }
  else
    g_print ("%s\n", id);
  return EXIT_OK;
}

int
ch_cli_roles_end (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  int rc;
  static const char *allowed[] = { "to", NULL };
  const char *role_id = ch_cli_arg (cli, 1);

  if ((rc = ch_cli_open_store (cli)) || (rc = ch_cli_pick_chapter (cli)))
    return rc;

  if ((rc = ch_cli_check_flags (cli, allowed)))
    return rc;
  if (role_id == NULL || ch_cli_flag (cli, "to") == NULL)
    return ch_cli_fail (EXIT_USAGE, _("usage: roles end ROLE_ID --to DATE"));
  if ((rc = ch_cli_check_date_flags (cli, "to", NULL)))
    return rc;
      if (!ch_roles_end (cli->store, role_id, ch_cli_flag (cli, "to"), &error))
    return ch_cli_fail (error_code (error), "%s", error->message);
  return EXIT_OK;
}

int
ch_cli_roles_list (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  int rc;
  static const char *allowed[] = { NULL };
  g_autoptr(GPtrArray) officers = NULL;

  if ((rc = ch_cli_open_store (cli)) || (rc = ch_cli_pick_chapter (cli)))
    return rc;

  if ((rc = ch_cli_check_flags (cli, allowed)))
    return rc;

  officers = ch_roles_list_current (cli->store, cli->chapter_id, &error);
  if (officers == NULL)
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  if (cli->json)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < officers->len; i++)
        json_array_add_object_element (array, officer_json (officers->pdata[i]));
      ch_cli_print_json_array (array);
      json_array_unref (array);
      return EXIT_OK;
    }

  for (guint i = 0; i < officers->len; i++)
    {
        ChRole *o = officers->pdata[i];
        const char *starts = ch_role_get_starts_on (o);
        const char *ends = ch_role_get_ends_on (o);

        g_print ("%s\t%s\t%s – %s%s\n", ch_role_get_label (o), ch_role_get_member_name (o),
                 starts ? starts : "", ends ? ends : "",
               /* Translators: after a term that ends within six months */
                 ch_role_get_ending_soon (o) ? _(" (ending soon)") : "");
    }

  return EXIT_OK;
}
