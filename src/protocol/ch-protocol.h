/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ch-changes.h"
#include "ch-mutation.h"
#include "ch-op.h"
#include "ch-result-status.h"

G_BEGIN_DECLS

/*
 * The Chapterhouse sync wire protocol (see docs/sync-protocol.md): the JSON
 * documents the desktop client and chapterhouse-server exchange, how to
 * build and parse them, and the per-mutation checks against ch-entity.
 * No HTTP and no storage in here; both sides share this code.
 */

#define CH_PROTOCOL_SCHEMA_VERSION      1
#define CH_PROTOCOL_SCHEMA_MIN          1
#define CH_PROTOCOL_SCHEMA_MAX          1

#define CH_PROTOCOL_MAX_MUTATIONS       1000
#define CH_PROTOCOL_MAX_BODY            (4 * 1024 * 1024)
#define CH_PROTOCOL_MAX_PAGE            5000
#define CH_PROTOCOL_DEFAULT_PAGE        1000
#define CH_PROTOCOL_MAX_DEVICE_ID       64

/* Machine-readable "code" of an error body. */
#define CH_PROTOCOL_CODE_BAD_REQUEST        "bad_request"
#define CH_PROTOCOL_CODE_UNAUTHORIZED       "unauthorized"
#define CH_PROTOCOL_CODE_FORBIDDEN          "forbidden"
#define CH_PROTOCOL_CODE_NOT_FOUND          "not_found"
#define CH_PROTOCOL_CODE_METHOD_NOT_ALLOWED "method_not_allowed"
#define CH_PROTOCOL_CODE_CURSOR_EXPIRED     "cursor_expired"
#define CH_PROTOCOL_CODE_BODY_TOO_LARGE     "body_too_large"
#define CH_PROTOCOL_CODE_TOO_MANY_MUTATIONS "too_many_mutations"
#define CH_PROTOCOL_CODE_UNSUPPORTED_SCHEMA "unsupported_schema"
#define CH_PROTOCOL_CODE_INTERNAL           "internal"
/* 503: too many connections open (in all, or from the client's address). */
#define CH_PROTOCOL_CODE_BUSY               "busy"
/* 403: the token has been used on too many device ids. */
#define CH_PROTOCOL_CODE_TOO_MANY_DEVICES   "too_many_devices"
/* 409: a mid at or below the device's last one, with other content than
 * the mutation the server stored under it (a restored or copied data
 * file).  Extra member "mid".  Take a new device id and send again. */
#define CH_PROTOCOL_CODE_MID_REUSED         "mid_reused"
/* 409: a mid at or below the device's last one whose answer the server no
 * longer keeps.  Extra member "mid".  Same remedy as mid_reused. */
#define CH_PROTOCOL_CODE_STALE_MID          "stale_mid"
/* 400: a mid more than CH_PROTOCOL_MAX_MID_JUMP beyond the device's last
 * one.  Take a new device id (its mids start at 1) and send again. */
#define CH_PROTOCOL_CODE_MID_TOO_FAR        "mid_too_far"
/* 403: the device id was first used with another token. */
#define CH_PROTOCOL_CODE_DEVICE_NOT_YOURS   "device_not_yours"

/* A mid may be at most this far beyond the device's last one. */
#define CH_PROTOCOL_MAX_MID_JUMP            G_GINT64_CONSTANT (1000000)
/* A push for another epoch: pull (a resync) first, then push again. */
#define CH_PROTOCOL_CODE_EPOCH_CHANGED      "epoch_changed"
/* 409: a push with ?after_mid=M while the device's last mid is not M (the
 * batch it follows was lost, refused or not applied yet): nothing of it is
 * applied or recorded.  Send again from the first change not acknowledged. */
#define CH_PROTOCOL_CODE_OUT_OF_ORDER       "out_of_order"
/* The header of a push's answer that names what the server takes beyond
 * the first protocol, comma-separated: "after_mid" (a push may name the
 * batch it follows, so a device may send the next batch before the answer
 * to the last one comes; see docs/sync-protocol.md). */
#define CH_PROTOCOL_CAPABILITIES_HEADER     "Chapterhouse-Capabilities"
#define CH_PROTOCOL_CAPABILITY_AFTER_MID    "after_mid"

#define CH_PROTOCOL_ERROR (ch_protocol_error_quark ())

typedef enum
{
  CH_PROTOCOL_ERROR_MALFORMED,           /* not JSON, not UTF-8, wrong shape or types */
  CH_PROTOCOL_ERROR_INVALID,             /* well-formed but breaks a rule of ch-entity */
  CH_PROTOCOL_ERROR_TOO_LARGE,           /* body over CH_PROTOCOL_MAX_BODY */
  CH_PROTOCOL_ERROR_TOO_MANY_MUTATIONS,  /* more than CH_PROTOCOL_MAX_MUTATIONS */
  CH_PROTOCOL_ERROR_UNSUPPORTED_SCHEMA,  /* schema_version outside MIN..MAX */
} ChProtocolError;

GQuark       ch_protocol_error_quark        (void);
/* The machine code ("bad_request", ...) a server answers for @error. */
const char  *ch_protocol_error_to_code      (const GError *error);

/* Mutations: client → server */
char        *ch_protocol_build_mutations_request  (const char  *device_id,
                                                   GPtrArray   *mutations,
                                                   gsize       *len);
/* Whole-request checks only (JSON, top-level types, device_id, schema
 * range, mids > 0 and strictly rising, count, size). Per-item problems are
 * left in ChMutation.invalid. On error nothing is returned. */
gboolean     ch_protocol_parse_mutations_request  (const char  *data,
                                                   gsize        len,
                                                   char       **device_id,
                                                   gint        *schema_version,
                                                   GPtrArray  **mutations,
                                                   GError     **error);

/* Results: server → client */
char        *ch_protocol_build_mutations_response (const char  *epoch,
                                                   GPtrArray   *results,
                                                   gsize       *len);
gboolean     ch_protocol_parse_mutations_response (const char  *data,
                                                   gsize        len,
                                                   char       **epoch,
                                                   GPtrArray  **results,
                                                   GError     **error);

/* Change feed: server → client */
char        *ch_protocol_build_changes_page       (const ChChangesPage *page,
                                                   gsize               *len);
ChChangesPage *ch_protocol_parse_changes_page     (const char          *data,
                                                   gsize                len,
                                                   GError             **error);
/* The same page, each item of an entity this program knows with its
 * fields as ChChange.values (no JsonObject per row: the pull's reader);
 * other items keep ChChange.fields. */
ChChangesPage *ch_protocol_read_changes_page      (const char          *data,
                                                   gsize                len,
                                                   GError             **error);

/* Checks @m against ch-entity: entity, uuid id, op allowed for the entity,
 * field names, value types, text lengths, required fields. Error domain
 * CH_PROTOCOL_ERROR, code INVALID, message fit for an officer to read. */
gboolean     ch_protocol_check_mutation     (const ChMutation *m,
                                             GError          **error);

/* Error bodies: {"error": {"code": ..., "message": ...}} */
char        *ch_protocol_build_error        (const char  *code,
                                             const char  *message,
                                             gsize       *len);
/* With extra integer members in "error", e.g. "min", 1, "max", 1, NULL. */
char        *ch_protocol_build_error_extra  (const char  *code,
                                             const char  *message,
                                             gsize       *len,
                                             const char  *first_member,
                                             ...) G_GNUC_NULL_TERMINATED;
/* An error body with an extra 64-bit integer member "mid". */
char        *ch_protocol_build_mid_error    (const char  *code,
                                             const char  *message,
                                             gint64       mid,
                                             gsize       *len);
gboolean     ch_protocol_parse_error        (const char  *data,
                                             gsize        len,
                                             char       **code,
                                             char       **message);

G_END_DECLS
