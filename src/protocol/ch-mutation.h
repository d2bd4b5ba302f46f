/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "ch-op.h"
#include "ch-result-status.h"

G_BEGIN_DECLS

/* One entry of a device's outbox. @base and @set may be NULL (= {}).
 * @invalid is set only by ch_protocol_parse_mutations_request() when this
 * item is malformed (its mid was fine); the server rejects such an item
 * with that message and goes on with the batch. */
typedef struct
{
  gint64      mid;
  char       *entity;
  char       *id;
  ChOp        op;
  JsonObject *base;
  JsonObject *set;
  char       *invalid;
  /* The server version of the row the device held when it sent this
   * (its own row's version), or -1 when not said (older devices).  Not
   * part of the fingerprint: see docs/sync-protocol.md, "Not pulling
   * back one's own changes". */
  gint64      held_version;
} ChMutation;

/* Takes a new reference on @base and @set when not NULL. */
ChMutation  *ch_mutation_new                (gint64      mid,
                                             const char *entity,
                                             const char *id,
                                             ChOp        op,
                                             JsonObject *base,
                                             JsonObject *set);

void         ch_mutation_free               (ChMutation *mutation);

typedef struct
{
  gint64          mid;
  ChResultStatus  status;
  gint64          version;  /* row version after, 0 when rejected */
  char           *message;  /* why, for rejected; may be NULL */
  char           *code;     /* machine reason for rejected, e.g. "member_deleted"; may be NULL */
  /* overridden: the server's code ("kept_later", "server_kept") and its
   * values of the fields of "set" it did not take; else NULL */
  char           *reason;
  JsonObject     *fields;
  /* applied, and the row at @version is exactly the row the device held
   * (at this version) with "set" laid over it: the row's version before
   * this mutation; else -1.  The server leaves that version out of the
   * device's pulls (docs/sync-protocol.md). */
  gint64          previous_version;
} ChMutationResult;

ChMutationResult *ch_mutation_result_new    (gint64          mid,
                                             ChResultStatus  status,
                                             gint64          version,
                                             const char     *message);

void         ch_mutation_result_free        (ChMutationResult *result);

/* A rejected result with a machine-readable reason @code and @message. */
ChMutationResult *ch_mutation_result_new_rejected (gint64      mid,
                                                   const char *code,
                                                   const char *message);

/* Makes @result overridden with @reason and @fields (a new reference). */
void         ch_mutation_result_set_overridden (ChMutationResult *result,
                                             const char       *reason,
                                             JsonObject       *fields);

/* SHA-256 (hex) of a canonical form of @m: entity, id, op, base and set
 * with members sorted by name.  Two mutations with the same fingerprint
 * are the same change. */
char        *ch_mutation_fingerprint        (const ChMutation *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChMutation, ch_mutation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChMutationResult, ch_mutation_result_free)

G_END_DECLS
